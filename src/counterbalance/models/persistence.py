"""The persistence rule: what holds after a row's last confirmation, for the point estimate and the worlds alike.

The rule is stated once, in :data:`counterbalance.assumptions.PERSISTENCE_RULE`. A reported
row without an end does not stop when its sources fall silent: its unreported end lies after
its last confirmation (``confirmed``) at an exponential time whose half-life depends on its
kind (:data:`counterbalance.assumptions.HALF_LIVES`): a state's armed forces, an alliance or a
command (*standing*), a mission or a working tie (*mission*), a person's office (*office*).
The point estimate keeps it for one half-life, the median of that time, as it reads every
other uncertain date at its middle; the sampler draws the end. An author's inference is a
*reading*: it holds from its start (or its first source) to its end (or its last source), and
never after.

Everything that asks whether a row is in force (:func:`counterbalance.models.timeline.in_force`,
the sampler, the network slider, the charts) reads its start and end from here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..assumptions import ACTOR_PERSISTENCE, HALF_LIFE, READING, RELATION_PERSISTENCE

__all__ = ["DAYS_PER_YEAR", "persistence_classes", "half_life_days", "row_span"]

DAYS_PER_YEAR = 365.25


def persistence_classes(frame: pd.DataFrame) -> np.ndarray:
    """Each row's persistence class: ``standing``, ``mission``, ``office`` or ``reading``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Relations (``relation_type`` and ``basis``) or deployments with ``actor_kind`` (the
        deployed actor's kind, as :func:`counterbalance.models.power.theatre_rows` adds it).

    Returns
    -------
    numpy.ndarray of object
        One class per row; None where the frame says neither (such a row cannot outlast its
        confirmation, see :func:`row_span`).

    Examples
    --------
    >>> ties = pd.DataFrame({"relation_type": ["alliance", "office", "rivalry"], "basis": ["reported", "reported", "inference"]})
    >>> persistence_classes(ties).tolist()
    ['standing', 'office', 'reading']
    >>> persistence_classes(pd.DataFrame({"actor_kind": ["armed_forces", "contingent"]})).tolist()
    ['standing', 'mission']
    """
    inferred = (frame["basis"].astype(str) == "inference").to_numpy() if "basis" in frame else np.zeros(len(frame), bool)
    if "relation_type" in frame:
        kind = frame["relation_type"].astype(str).map(RELATION_PERSISTENCE).fillna("mission")
    elif "actor_kind" in frame:
        kind = frame["actor_kind"].astype(str).map(ACTOR_PERSISTENCE).fillna("mission")
    else:
        kind = pd.Series([None] * len(frame), dtype=object)
    return np.where(inferred, READING, kind.to_numpy(dtype=object))


def half_life_days(classes: np.ndarray, half_lives: dict[str, float] | None = None) -> np.ndarray:
    """Each row's half-life in days from its class: 0 for a reading, NaN for a row of no class.

    Parameters
    ----------
    classes : numpy.ndarray
        As :func:`persistence_classes` returns them.
    half_lives : dict of str to float or numpy.ndarray, optional
        Years per class (``standing``, ``mission``, ``office``), over the defaults of
        :data:`counterbalance.assumptions.HALF_LIVES`; an array of one value per world gives
        an array of shape (worlds, rows).

    Returns
    -------
    numpy.ndarray
        Days, of shape (rows,) or (worlds, rows).

    Examples
    --------
    >>> half_life_days(np.array(["mission", "reading", None], dtype=object)).tolist()
    [730.5, 0.0, nan]
    >>> half_life_days(np.array(["standing"], dtype=object), {"standing": np.array([1.0, 2.0])}).tolist()
    [[365.25], [730.5]]
    """
    years = {name: assumption.default for name, assumption in HALF_LIFE.items()} | (half_lives or {})
    shapes = [np.shape(v) for v in years.values() if np.ndim(v)]
    worlds = shapes[0][0] if shapes else None
    columns = []
    for kind in classes:
        value = 0.0 if kind == READING else years.get(kind, np.nan) if kind is not None else np.nan
        columns.append(np.broadcast_to(np.asarray(value, dtype=float) * DAYS_PER_YEAR, (worlds,) if worlds else ()))
    if not columns:
        return np.zeros((worlds, 0) if worlds else (0,))
    return np.stack(columns, axis=-1)


def _middle(earliest: pd.Series, latest: pd.Series) -> pd.Series:
    return (earliest + (latest - earliest) / 2).dt.floor("D")


def row_span(frame: pd.DataFrame, reading: str = "midpoint", half_lives: dict[str, float] | None = None) -> tuple[pd.Series, pd.Series]:
    """The first and last day each row is in force under the persistence rule (NaT: unbounded).

    Parameters
    ----------
    frame : pandas.DataFrame
        ``start_earliest``, ``start_latest``, ``end_earliest``, ``end_latest``; for open rows
        ``confirmed_earliest``/``confirmed_latest`` and what :func:`persistence_classes` reads;
        ``sourced_from``/``sourced_to`` for readings.
    reading : {"midpoint", "surely", "possibly"}
        Imprecise dates at their middle (the point estimate), read so that the row is in force
        on as few days as they allow (*surely*), or on as many (*possibly*).
    half_lives : dict, optional
        Years per class, as :func:`half_life_days` takes them (scalars only).

    Returns
    -------
    (pandas.Series, pandas.Series)
        Start and end, on the index of `frame`.

    Examples
    --------
    An army last confirmed in October 2024 and a mission last confirmed in January 2021,
    neither ended by a source: the point estimate keeps each for its kind's half-life.

    >>> rows = pd.DataFrame({"relation_type": ["command", "cooperation"], "basis": ["reported"] * 2,
    ...     "start_earliest": pd.to_datetime([None] * 2), "start_latest": pd.to_datetime([None] * 2),
    ...     "end_earliest": pd.to_datetime([None] * 2), "end_latest": pd.to_datetime([None] * 2),
    ...     "confirmed_earliest": pd.to_datetime(["2024-10-01", "2021-01-10"]),
    ...     "confirmed_latest": pd.to_datetime(["2024-10-31", "2021-01-10"])})
    >>> [str(day.date()) for day in row_span(rows)[1]]
    ['2044-10-16', '2023-01-10']
    >>> row_span(rows, "surely")[1].dt.date.astype(str).tolist(), row_span(rows, "possibly")[1].isna().tolist()
    (['2024-10-01', '2021-01-10'], [True, True])
    """
    if reading == "midpoint":
        start, end = _middle(frame["start_earliest"], frame["start_latest"]), _middle(frame["end_earliest"], frame["end_latest"])
    elif reading == "surely":
        start, end = frame["start_latest"], frame["end_earliest"]
    else:
        start, end = frame["start_earliest"], frame["end_latest"]
    classes = persistence_classes(frame)
    is_reading = pd.Series(classes == READING, index=frame.index)
    if "sourced_from" in frame:
        start = start.mask(is_reading & start.isna(), frame["sourced_from"])
    if "confirmed_earliest" not in frame:
        return start, end
    confirmed = {"midpoint": _middle(frame["confirmed_earliest"], frame["confirmed_latest"]),
                 "surely": frame["confirmed_earliest"], "possibly": frame["confirmed_latest"]}[reading]
    last_source = frame["sourced_to"].fillna(frame["confirmed_latest"]) if "sourced_to" in frame else frame["confirmed_latest"]
    days = pd.to_timedelta(np.nan_to_num(half_life_days(classes, half_lives), nan=0.0), unit="D")
    tail = {"midpoint": (confirmed + days).dt.floor("D"), "surely": confirmed,
            "possibly": pd.Series(pd.NaT, index=frame.index, dtype=confirmed.dtype)}[reading]
    tail = tail.where(pd.Series(~pd.isna(classes), index=frame.index), confirmed)  # no class: no tail past the confirmation
    open_end = tail.mask(is_reading, last_source)
    return start, end.fillna(open_end)
