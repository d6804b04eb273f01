"""What each row counts on a day: the point estimate's figures, and force levels over time.

Both apply the same two rules as the sampled worlds: a row is in force as
:func:`counterbalance.models.timeline.in_force` reads it (dates at their middle, the
persistence rule), and a ceiling stands for the strength reported under it
(:func:`counterbalance.models.strength.counted_figures`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..assumptions import STRENGTH_FLOOR
from .persistence import row_span
from .strength import counted_figures
from .timeline import in_force_on_days

__all__ = ["point_counts", "force_levels"]


def point_counts(rows: pd.DataFrame, days, count_overrides: dict[str, float] | None = None,
                 strength_floor: float = STRENGTH_FLOOR.default) -> tuple[np.ndarray, np.ndarray]:
    """The figure each theatre row counts on each of `days` in the point estimate, and which are unknown.

    Rows are read as :func:`counterbalance.models.timeline.in_force` reads them (dates at
    their middle, the persistence rule), ceilings resolved into strength
    (:func:`counterbalance.models.strength.counted_figures`); a scenario figure in
    `count_overrides` replaces whatever a row would count while it is in force.

    Parameters
    ----------
    rows : pandas.DataFrame
        As :func:`theatre_rows` returns them.
    days : date-like or list of date-like
        One day, or several.
    count_overrides : dict, optional
        Scenario figures by ``deployment_id``.
    strength_floor : float
        The floor's share of a ceiling for an unreported strength.

    Returns
    -------
    counted : numpy.ndarray
        Figures of shape (rows,) for one day, (days, rows) for several.
    unknown : numpy.ndarray of bool
        Rows in force whose figure no source gives and that no ceiling bounds.

    Examples
    --------
    >>> nat = pd.Series([pd.NaT], dtype="datetime64[s]")
    >>> rows = pd.DataFrame({"deployment_id": ["d"], "count_point": [100.0], "start_earliest": nat, "start_latest": nat,
    ...                      "end_earliest": nat, "end_latest": nat})
    >>> point_counts(rows, "2021-01-01")[0].tolist(), point_counts(rows, "2021-01-01", {"d": 5})[0].tolist()
    ([100.0], [5.0])
    """
    single = isinstance(days, (str, pd.Timestamp)) or not hasattr(days, "__len__")
    days = [days] if single else list(days)
    figures = rows["count_point"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    start = row_span(rows)[0]
    starts = np.where(start.isna(), -np.inf, (start - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float, na_value=np.nan))
    active = in_force_on_days(rows, days)
    counted = counted_figures(rows, active, np.broadcast_to(figures, active.shape), starts, strength_floor)
    capped = rows["ceiling_id"].notna().to_numpy() if "ceiling_id" in rows else np.zeros(len(rows), bool)
    unknown = active & np.isnan(figures) & ~capped
    for deployment_id, value in (count_overrides or {}).items():
        chosen = (rows["deployment_id"] == deployment_id).to_numpy()
        counted[:, chosen] = np.where(active[:, chosen], float(value), 0.0)
        unknown[:, chosen] = False
    return (counted[0], unknown[0]) if single else (counted, unknown)


def _distinct(values: pd.Series) -> str:
    """The distinct values of a column, sorted and joined, for a tooltip."""
    return ("; " if values.name == "outlet" else ", ").join(sorted(set(values.dropna().astype(str))))


def force_levels(deployments: pd.DataFrame, actors: pd.DataFrame, days: list[pd.Timestamp]) -> pd.DataFrame:
    """Force levels per state and capability on each of `days` (a step function of time).

    Rows are in force as :func:`in_force` reads them (the persistence rule, the deployed
    actor's kind giving its class), and a ceiling stands for the strength under it
    (:func:`counterbalance.models.strength.counted_figures`).

    Parameters
    ----------
    deployments : pandas.DataFrame
        Needs ``actor_id``, ``capability``, ``count_point``, ``count_low``, ``count_high``,
        ``count_qualifier`` and the start and end date columns; ``outlet`` and ``grade`` if
        present.
    actors : pandas.DataFrame
        Needs ``actor_id`` and ``country_id``.
    days : list of pandas.Timestamp
        The days to count on, e.g. from :func:`week_starts`.

    Returns
    -------
    pandas.DataFrame
        Long form: ``date``, ``country_id``, ``capability``, ``count`` (point figures
        summed; NaN, never 0, when no deployment present states a figure), ``count_low``
        (NaN likewise), ``count_high`` (NaN when open-ended or unknown), ``rows_unknown``
        (deployments present whose number is not known), and, when `deployments` carries
        grade columns (as :func:`counterbalance.data.load.load_tables` gives them), ``sources`` and
        ``grades``: the outlets and Admiralty grades behind the figure.

    Examples
    --------
    >>> nat = pd.Series([pd.NaT] * 2, dtype="datetime64[s]")
    >>> deployments = pd.DataFrame({"actor_id": ["a", "a"], "capability": ["troops"] * 2,
    ...     "count_point": [100.0, 20.0], "count_low": [90.0, 20.0], "count_high": [110.0, None],
    ...     "count_qualifier": ["approximately", "at_least"],
    ...     "start_earliest": nat, "start_latest": nat, "end_earliest": nat, "end_latest": nat,
    ...     "outlet": ["Daily A", "Daily B"], "grade": ["B2", "C3"]})
    >>> actors = pd.DataFrame({"actor_id": ["a"], "country_id": ["ru"]})
    >>> row = force_levels(deployments, actors, [pd.Timestamp("2020-12-01")]).iloc[0]
    >>> print(row["count"], row["count_low"], row["count_high"], row["sources"], row["grades"], sep=" | ")
    120.0 | 110.0 | nan | Daily A; Daily B | B2, C3

    A deployment present without a figure is "not stated", not 0:

    >>> unknown = deployments.iloc[:1].assign(count_point=None, count_low=None, count_high=None, count_qualifier="unknown")
    >>> force_levels(unknown, actors, [pd.Timestamp("2020-12-01")])[["count", "count_low", "rows_unknown"]].values.tolist()
    [[nan, nan, 1.0]]
    """
    info = actors.set_index("actor_id")
    countries = info["country_id"]
    provenance = {"sources": "outlet", "grades": "grade"} if {"outlet", "grade"} <= set(deployments) else {}
    rows = deployments.reset_index(drop=True)
    rows = rows.assign(actor_kind=rows["actor_id"].map(info["kind"]).astype(object)) if "kind" in info else rows
    capped = rows["ceiling_id"].notna().to_numpy() if "ceiling_id" in rows else np.zeros(len(rows), bool)
    start = row_span(rows)[0]
    starts = np.where(start.isna(), -np.inf, (start - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float, na_value=np.nan))
    bound = {column: rows[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan) for column in ("count_point", "count_low", "count_high")}
    ceiling = (rows["measure"].astype(str) == "ceiling").to_numpy() if "measure" in rows else np.zeros(len(rows), bool)

    def levels(on: np.ndarray) -> pd.DataFrame | None:
        """The levels while the rows `on` are in force (the same on every day they are); None when no uncapped row is."""
        # a ceiling stands for the strength under it: its point, and the ends of that strength's range
        resolved = {column: counted_figures(rows, on, values, starts, position=where)
                    for (column, values), where in zip(bound.items(), (0.5, 0.0, 1.0))}
        active = rows.assign(**{c: np.where(ceiling, resolved[c], bound[c]) for c in bound})[on & ~capped]
        active = active.assign(count_qualifier=active["count_qualifier"].astype(str).where(~ceiling[on & ~capped], "approximately"),
                               country_id=active["actor_id"].map(countries))
        for column in provenance.values() if "ceiling_id" in rows else ():  # a ceiling's figure rests on its own sources and on its strength reports'
            under = rows[on & capped].groupby("ceiling_id")[column].apply(lambda s: set(s.dropna().astype(str)))
            active[column] = [("; " if column == "outlet" else ", ").join(sorted({str(v), *under.get(i, set())}))
                              if i in under else v for i, v in zip(active["deployment_id"], active[column])]
        if active.empty:
            return None
        return active.groupby(["country_id", "capability"], observed=True).agg(
            # a figure no source states is unknown, not zero: NaN unless some row states one
            count=("count_point", lambda s: s.sum(min_count=1)),
            count_low=("count_low", lambda s: s.sum(min_count=1)),
            count_high=("count_high", lambda s: s.sum() if s.notna().all() else float("nan")),
            rows_unknown=("count_qualifier", lambda s: int((s == "unknown").sum())),
            **{name: (column, _distinct) for name, column in provenance.items()},
        ).reset_index()

    # the rows in force change on few of the days: each set of them is counted once
    by_rows_in_force: dict[bytes, pd.DataFrame | None] = {}
    frames = []
    for day, on in zip(days, in_force_on_days(rows, days)):
        key = on.tobytes()
        if key not in by_rows_in_force:
            by_rows_in_force[key] = levels(on)
        if by_rows_in_force[key] is not None:
            frames.append(by_rows_in_force[key].assign(date=day))
    columns = ["date", "country_id", "capability", "count", "count_low", "count_high", "rows_unknown", *provenance]
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)[columns]
    out["capability"] = out["capability"].astype(str)
    return out
