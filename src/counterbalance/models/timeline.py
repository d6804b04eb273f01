"""The deployment timeline: which deployments are active on a day, and force levels over time.

An imprecise date is taken at the midpoint of the days it may denote for the point
estimate (the expectation of a uniform draw over them, which the uncertainty sampler uses):
"2020-11-10/2020-11-14" counts from 12 November. A missing start means the source does not
date the deployment, and it counts from the start of the data. A row without an end that
states when a source last confirmed it (``confirmed``) counts up to that day and no longer:
nothing is taken to be in force past its last report. Whether a row is *surely* or
*possibly* in force on a day (every day its dates allow, or some) is defined here too, for
the sensitivity analysis; the tail past a confirmation is possible, never sure.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .persistence import row_span

__all__ = [
    "READINGS", "midpoint", "active_on", "in_force", "in_force_on_days", "week_starts",
    "events_frame", "places_with_deployments", "data_span", "arc_span",
]


def midpoint(earliest: pd.Series, latest: pd.Series) -> pd.Series:
    """The middle day of each [earliest, latest] span, floored to a day; NaT where unknown.

    Parameters
    ----------
    earliest, latest : pandas.Series
        Timestamps of the first and last possible day of each span.

    Returns
    -------
    pandas.Series
        One Timestamp per span, on the index of `earliest`.

    Examples
    --------
    >>> s = midpoint(pd.Series(pd.to_datetime(["2020-11-10"])), pd.Series(pd.to_datetime(["2020-11-14"])))
    >>> str(s[0].date())
    '2020-11-12'
    """
    return (earliest + (latest - earliest) / 2).dt.floor("D")


def active_on(frame: pd.DataFrame, day: dt.date | str | pd.Timestamp) -> pd.DataFrame:
    """Rows of a frame with ``start``/``end`` date columns that are in force on `day`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Needs ``start_earliest``, ``start_latest``, ``end_earliest``, ``end_latest`` (as
        :func:`counterbalance.data.load.load_tables` gives them).
    day : date-like
        The day asked about.

    Returns
    -------
    pandas.DataFrame
        The rows that began on or before `day` (midpoint of their start) and had not ended
        before it (midpoint of their end, or no end).

    Examples
    --------
    A deployment that began one of 10 to 14 November counts from the 12th:

    >>> rows = pd.DataFrame({"deployment_id": ["a"], "start_earliest": [pd.Timestamp("2020-11-10")],
    ...     "start_latest": [pd.Timestamp("2020-11-14")], "end_earliest": [pd.NaT], "end_latest": [pd.NaT]})
    >>> len(active_on(rows, "2020-11-11")), len(active_on(rows, "2020-11-12"))
    (0, 1)
    """
    return frame[in_force(frame, day)]


#: How a row's imprecise dates are read when asking whether it is in force on a day.
READINGS = ("midpoint", "surely", "possibly")


def in_force(frame: pd.DataFrame, day: dt.date | str | pd.Timestamp, reading: str = "midpoint",
             half_lives: dict[str, float] | None = None) -> np.ndarray:
    """Which rows are in force on `day`, their imprecise dates read one of three ways.

    A row is in force when it has begun by `day` and not ended before it; a missing start has
    always begun. Under the *midpoint* reading (the point estimate) each date is its middle
    day; a row is *surely* in force when it is whichever days its dates turn out to be
    (latest start, earliest end), and *possibly* in force when it is for some of them
    (earliest start, latest end). An open row follows the persistence rule
    (:func:`counterbalance.models.persistence.row_span`): a reported one is kept one half-life
    of its kind past its last confirmation (``confirmed``), is surely in force only up to that
    confirmation and possibly ever after; an author's reading holds only up to its last source.
    A row with neither end nor confirmation never ends.

    Parameters
    ----------
    frame : pandas.DataFrame
        Needs ``start_earliest``, ``start_latest``, ``end_earliest``, ``end_latest``, and
        ``confirmed_earliest``, ``confirmed_latest`` when the table has them.
    day : date-like
        The day asked about.
    reading : {"midpoint", "surely", "possibly"}
        How to read the imprecise dates.
    half_lives : dict of str to float, optional
        Years per persistence class, over :data:`counterbalance.assumptions.HALF_LIVES`.

    Returns
    -------
    numpy.ndarray
        One bool per row of `frame`.

    Raises
    ------
    ValueError
        If `reading` is none of the three.

    Examples
    --------
    Row ``a`` began one of 10 to 14 November; row ``b`` ended on 1 November:

    >>> rows = pd.DataFrame({"start_earliest": pd.to_datetime(["2020-11-10", "2020-01-01"]),
    ...     "start_latest": pd.to_datetime(["2020-11-14", "2020-01-31"]),
    ...     "end_earliest": pd.to_datetime([None, "2020-11-01"]), "end_latest": pd.to_datetime([None, "2020-11-01"])})
    >>> [in_force(rows, "2020-11-11", r).tolist() for r in READINGS]
    [[False, False], [False, False], [True, False]]
    >>> in_force(rows, "2020-11-12").tolist()
    [True, False]

    Last confirmed in March 2021, a mission counts until two years after mid-March, is surely in
    force only up to its confirmation and possibly ever after:

    >>> rows = rows.assign(confirmed_earliest=pd.to_datetime(["2021-03-01", None]),
    ...                    confirmed_latest=pd.to_datetime(["2021-03-31", None]), actor_kind=["contingent"] * 2)
    >>> [in_force(rows, "2021-06-01", r).tolist()[0] for r in READINGS]
    [True, False, True]
    >>> in_force(rows, "2023-06-01").tolist()[0], in_force(rows, "2023-06-01", half_lives={"mission": 3.0}).tolist()[0]
    (False, True)
    """
    return in_force_on_days(frame, [day], reading, half_lives)[0]


def in_force_on_days(frame: pd.DataFrame, days, reading: str = "midpoint",
                     half_lives: dict[str, float] | None = None) -> np.ndarray:
    """:func:`in_force` on each of `days` at once, the rows' spans worked out once.

    Parameters
    ----------
    frame : pandas.DataFrame
        As :func:`in_force` reads it.
    days : list of date-like
        The days asked about.
    reading, half_lives
        As :func:`in_force` takes them.

    Returns
    -------
    numpy.ndarray
        Bools of shape (days, rows).

    Raises
    ------
    ValueError
        If `reading` is none of :data:`READINGS`.

    Examples
    --------
    >>> rows = pd.DataFrame({"start_earliest": pd.to_datetime(["2020-11-10"]), "start_latest": pd.to_datetime(["2020-11-14"]),
    ...     "end_earliest": pd.to_datetime(["2020-12-01"]), "end_latest": pd.to_datetime(["2020-12-01"])})
    >>> in_force_on_days(rows, ["2020-11-11", "2020-11-12", "2020-12-01", "2020-12-02"]).ravel().tolist()
    [False, True, True, False]
    """
    if reading not in READINGS:
        raise ValueError(f"reading {reading!r} is not one of {', '.join(READINGS)}")
    start, end = row_span(frame, reading, half_lives)
    days = pd.DatetimeIndex([pd.Timestamp(day) for day in days]).to_numpy()[:, None]
    start, end = start.to_numpy(dtype="datetime64[ns]"), end.to_numpy(dtype="datetime64[ns]")
    return (np.isnat(start) | (start <= days)) & (np.isnat(end) | (end >= days))


def week_starts(start: str | dt.date, end: str | dt.date) -> list[pd.Timestamp]:
    """Weekly sampling days from `start` to `end`, both included.

    Parameters
    ----------
    start, end : str or datetime.date
        The first and last day.

    Returns
    -------
    list of pandas.Timestamp
        Every seventh day from `start`, then `end` if it is not one of them.

    Examples
    --------
    >>> [d.strftime("%m-%d") for d in week_starts("2020-11-01", "2020-11-20")]
    ['11-01', '11-08', '11-15', '11-20']
    """
    days = list(pd.date_range(start, end, freq="7D"))
    if days[-1] != pd.Timestamp(end):
        days.append(pd.Timestamp(end))
    return days


def events_frame(events: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Events overlapping the window [`start`, `end`], ready to draw.

    Parameters
    ----------
    events : pandas.DataFrame
        Needs ``event_id``, ``title``, ``kind``, ``start``, ``end``, ``start_earliest``,
        ``start_latest``, ``end_latest``, ``start_precision``; ``outlet`` and ``grade`` if present.
    start, end : str
        First and last day of the window.

    Returns
    -------
    pandas.DataFrame
        ``event_id``, ``title``, ``kind``, ``from`` (earliest possible start), ``to`` (latest
        possible end, through its last day), ``mid`` (point estimate of the start),
        ``dates`` (the data's literal), ``precision``, and the grade columns when present;
        one row per event, sorted by ``mid``, and clipped to the window.

    Examples
    --------
    >>> days = pd.to_datetime(["2020-07-12", "2020-09-27", "2020-11-10"])
    >>> events = pd.DataFrame({"event_id": ["tovuz", "war", "ceasefire"], "title": ["Tovuz", "War", "Ceasefire"],
    ...     "kind": ["clash", "war", "agreement"], "start": ["2020-07-12", "2020-09-27", "2020-11-10"],
    ...     "end": ["2020-07-16", "2020-11-10", "2020-11-10"], "start_earliest": days, "start_latest": days,
    ...     "end_latest": pd.to_datetime(["2020-07-16", "2020-11-10", "2020-11-10"]), "start_precision": ["day"] * 3})
    >>> frame = events_frame(events, "2020-11-01", "2020-11-30")
    >>> frame[["event_id", "dates"]].values.tolist()
    [['war', '2020-09-27 to 2020-11-10'], ['ceasefire', '2020-11-10']]
    >>> str(frame.loc[0, "from"].date())
    '2020-11-01'
    """
    window_start, window_end = pd.Timestamp(start), pd.Timestamp(end)
    overlapping = events[(events["end_latest"] >= window_start) & (events["start_earliest"] <= window_end)]
    frame = pd.DataFrame({
        "event_id": overlapping["event_id"],
        "title": overlapping["title"],
        "kind": overlapping["kind"].astype(str),
        "from": overlapping["start_earliest"].clip(lower=window_start),
        "to": (overlapping["end_latest"] + pd.Timedelta(days=1)).clip(upper=window_end + pd.Timedelta(days=1)),
        "mid": midpoint(overlapping["start_earliest"], overlapping["start_latest"]).clip(lower=window_start),
        "dates": overlapping["start"].where(overlapping["start"] == overlapping["end"], overlapping["start"] + " to " + overlapping["end"]),
        "precision": overlapping["start_precision"].astype(str),
    })
    for column in ("outlet", "grade"):
        if column in overlapping:
            frame[column] = overlapping[column]
    return frame.sort_values(["mid", "event_id"], ignore_index=True)


def places_with_deployments(places: pd.DataFrame, deployments: pd.DataFrame, day: str | dt.date,
                            actors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Places with the number of deployments active there on `day`, for the map.

    Parameters
    ----------
    places : pandas.DataFrame
        Needs ``place_id``.
    deployments : pandas.DataFrame
        Needs ``place_id`` and the start and end date columns (see :func:`active_on`).
    day : date-like
        The day asked about.
    actors : pandas.DataFrame, optional
        ``actor_id`` and ``kind``: the deployed actors' kinds, which the persistence rule reads.

    Returns
    -------
    pandas.DataFrame
        `places` with a ``deployments`` column: the count active on `day`, 0 where none.

    Examples
    --------
    >>> nat = pd.Series([pd.NaT] * 2, dtype="datetime64[s]")
    >>> deployments = pd.DataFrame({"place_id": ["p", "p"], "start_earliest": nat, "start_latest": nat,
    ...                             "end_earliest": nat, "end_latest": nat})
    >>> places = pd.DataFrame({"place_id": ["p", "q"]})
    >>> places_with_deployments(places, deployments, "2020-12-01")["deployments"].tolist()
    [2, 0]
    """
    if actors is not None and "kind" in actors:
        deployments = deployments.assign(actor_kind=deployments["actor_id"].map(actors.set_index("actor_id")["kind"]).astype(object))
    counts = active_on(deployments, day)["place_id"].value_counts()
    return places.assign(deployments=places["place_id"].map(counts).fillna(0).astype(int))


def data_span(events: pd.DataFrame, deployments: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The days the data speaks of: from its earliest event or deployment to its latest event's end or last report.

    Parameters
    ----------
    events, deployments : pandas.DataFrame
        As loaded (date columns with ``_earliest``/``_latest``).

    Returns
    -------
    (pandas.Timestamp, pandas.Timestamp)
        The first and the last day.

    Examples
    --------
    >>> events = pd.DataFrame({"start_earliest": pd.to_datetime(["2020-09-27"]), "end_latest": pd.to_datetime(["2024-06-12"])})
    >>> deployments = pd.DataFrame({"start_earliest": pd.to_datetime(["2020-11-10"]), "start_latest": pd.to_datetime(["2020-11-10"]),
    ...     "end_latest": pd.to_datetime([None]), "confirmed_latest": pd.to_datetime(["2025-08-31"])})
    >>> [day.date().isoformat() for day in data_span(events, deployments)]
    ['2020-09-27', '2025-08-31']
    """
    first = min(events["start_earliest"].min(), deployments["start_earliest"].min())
    ends = [events["end_latest"].max(), deployments["start_latest"].max(), deployments["end_latest"].max()]
    if "confirmed_latest" in deployments:
        ends.append(deployments["confirmed_latest"].max())
    return first, max(day for day in ends if not pd.isna(day))


def arc_span(events: pd.DataFrame, deployments: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The days the report's models cover: from the start of the war that opened the arc to the data's last day.

    The data reaches further back (unit histories, earlier drills); the models count forces
    only from the war of autumn 2020 to the end of :func:`data_span`. That war is the latest
    event of kind ``war`` to have begun by the day the data's first deployment had surely
    begun: a later war (the border war of September 2022) happens inside the arc, and does
    not open it.

    Parameters
    ----------
    events, deployments : pandas.DataFrame
        As loaded; events need ``kind``.

    Returns
    -------
    (pandas.Timestamp, pandas.Timestamp)
        The first and the last day; the first is :func:`data_span`'s when no event is a war.

    Examples
    --------
    >>> events = pd.DataFrame({"kind": ["report", "war", "war"],
    ...     "start_earliest": pd.to_datetime(["1994-05-12", "2020-09-27", "2022-09-13"]),
    ...     "end_latest": pd.to_datetime(["1994-05-12", "2020-11-10", "2022-09-14"])})
    >>> deployments = pd.DataFrame({"start_earliest": pd.to_datetime(["2020-11-10"]), "start_latest": pd.to_datetime(["2020-11-10"]),
    ...     "end_latest": pd.to_datetime(["2024-06-12"])})
    >>> [day.date().isoformat() for day in arc_span(events, deployments)]
    ['2020-09-27', '2024-06-12']
    """
    first, last = data_span(events, deployments)
    wars = events.loc[events["kind"].astype(str) == "war", "start_earliest"]
    wars = wars[wars <= deployments["start_latest"].min()] if deployments["start_latest"].notna().any() else wars
    return (wars.max() if wars.notna().any() else first), last
