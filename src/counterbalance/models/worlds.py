r"""Plausible worlds: every uncertain input of the models drawn at once, from one matrix of uniform numbers.

A world fixes two kinds of input:

* **every sampled assumption** of :data:`counterbalance.assumptions.SAMPLED` (the alignment
  share, the inference weight, the capability weights, the persistence half-lives, the
  strength floor, the "at least" tail and the widening scale), uniformly over its range; an
  analyst's setting moves the range to contain it, and `range_scale` halves or doubles it
  around that setting;
* **four draws per report** (the lead source of a row): where its figures fall in their
  ranges, where its start and end dates fall in their intervals, and how long its open rows
  outlast their last confirmation (:mod:`counterbalance.models.persistence`). Rows that
  rest on the same report share these draws, so one report's error moves all its rows.

The Monte Carlo draws the uniform matrix from numpy's generator; the Sobol analysis
(:mod:`counterbalance.models.sensitivity`) passes SALib's design instead, with one group per
report and one per assumption. Either way the same functions turn it into figures and dates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..assumptions import DATE_WIDENING_DAYS, FIGURE_WIDENING, HALF_LIFE, READING, SAMPLED
from .persistence import DAYS_PER_YEAR, persistence_classes

__all__ = ["SLOTS", "Worlds", "assumption_key", "sampled_ranges", "report_keys", "worlds_from_unit", "draw_worlds", "row_draws", "sample_figures",
           "sample_span", "to_days"]

#: The four draws each report gets in a world.
SLOTS = ("figure", "start", "end", "tail")
#: The hard bounds of assumptions that are shares.
_SHARES = {"alignment_weight", "inference_weight", "strength_floor"}


@dataclass(frozen=True)
class Worlds:
    """`n` worlds: each sampled assumption's value, and each report's four uniform draws."""

    assumptions: dict[str, np.ndarray]
    reports: tuple[str, ...]
    draws: np.ndarray  # (n, reports, 4)

    @property
    def n(self) -> int:
        return self.draws.shape[0]


def sampled_ranges(settings: dict[str, float] | None = None, range_scale: float = 1.0) -> dict[str, tuple[float, float]]:
    """The range each sampled assumption is drawn over: its plausible range, around the value set.

    Parameters
    ----------
    settings : dict of str to float, optional
        Values an analyst set, by assumption name (``weight_<capability>`` for a weight).
    range_scale : float
        Multiplies each side's width around the set value (0.5 halves it, 2 doubles it);
        shares stay within [0, 1] and nothing goes below 0.

    Returns
    -------
    dict of str to (float, float)
        By name, in the order of :data:`counterbalance.assumptions.SAMPLED`.

    Examples
    --------
    >>> ranges = sampled_ranges({"alignment_weight": 0.5}, range_scale=0.5)
    >>> ranges["alignment_weight"], ranges["half_life_mission"]
    ((0.25, 0.75), (1.25, 4.0))
    """
    out = {}
    for assumption in SAMPLED:
        name = assumption_key(assumption)
        value = float((settings or {}).get(name, assumption.default))
        low, high = min(assumption.low, value), max(assumption.high, value)
        low, high = value - range_scale * (value - low), value + range_scale * (high - value)
        out[name] = (max(low, 0.0), min(high, 1.0) if name in _SHARES else high)
    return out


def assumption_key(assumption) -> str:
    """The name a sampled assumption goes by in settings and worlds: ``weight_<capability>`` for a weight.

    Parameters
    ----------
    assumption : counterbalance.assumptions.Assumption

    Returns
    -------
    str

    Examples
    --------
    >>> from counterbalance.assumptions import ALIGNMENT, weight_of
    >>> assumption_key(ALIGNMENT), assumption_key(weight_of("vehicles"))
    ('alignment_weight', 'weight_vehicles')
    """
    return f"weight_{assumption.name}" if hasattr(assumption, "unit") else assumption.name


def report_keys(frame: pd.DataFrame) -> pd.Series:
    """Each row's report: its lead ``source_id``, or the row itself when it has none.

    Parameters
    ----------
    frame : pandas.DataFrame
        A claim table as loaded (its first column is its id).

    Returns
    -------
    pandas.Series
        One report key per row.

    Examples
    --------
    >>> report_keys(pd.DataFrame({"x_id": ["a", "b"], "source_id": ["tass", None]})).tolist()
    ['tass', 'row:b']
    """
    alone = "row:" + frame.iloc[:, 0].astype(str)
    return frame["source_id"].astype(object).where(frame["source_id"].notna(), alone) if "source_id" in frame else alone


def worlds_from_unit(unit: np.ndarray, reports, settings: dict[str, float] | None = None, range_scale: float = 1.0) -> Worlds:
    """Worlds from a matrix of numbers in [0, 1): the assumptions' columns first, then four per report.

    Parameters
    ----------
    unit : numpy.ndarray
        Shape (n, len(SAMPLED) + 4 * len(reports)).
    reports : sequence of str
        The reports, in the order of their columns.
    settings, range_scale
        As :func:`sampled_ranges`.

    Returns
    -------
    Worlds

    Examples
    --------
    >>> worlds = worlds_from_unit(np.full((1, len(SAMPLED) + 4), 0.5), ["tass"])
    >>> float(worlds.assumptions["alignment_weight"][0]), worlds.draws.shape
    (0.5, (1, 1, 4))
    """
    ranges = sampled_ranges(settings, range_scale)
    unit = np.asarray(unit, dtype=float)
    values = {name: low + unit[:, i] * (high - low) for i, (name, (low, high)) in enumerate(ranges.items())}
    draws = unit[:, len(ranges):].reshape(len(unit), len(reports), len(SLOTS))
    return Worlds(values, tuple(reports), draws)


def draw_worlds(reports, n: int, seed: int, settings: dict[str, float] | None = None, range_scale: float = 1.0) -> Worlds:
    """`n` worlds drawn with numpy's default generator: the same seed, the same worlds.

    Parameters
    ----------
    reports : sequence of str
        The reports, in column order.
    n, seed : int
        Number of worlds; seed of numpy's default generator.
    settings, range_scale
        As :func:`sampled_ranges`.

    Returns
    -------
    Worlds

    Examples
    --------
    >>> a, b = draw_worlds(["tass"], 3, seed=1), draw_worlds(["tass"], 3, seed=1)
    >>> bool((a.draws == b.draws).all()), a.draws.shape
    (True, (3, 1, 4))
    """
    rng = np.random.default_rng(seed)
    return worlds_from_unit(rng.random((n, len(SAMPLED) + len(SLOTS) * len(reports))), reports, settings, range_scale)


def row_draws(worlds: Worlds, frame: pd.DataFrame, slot: str) -> np.ndarray:
    """The (n, rows) draws of one slot, each row taking its report's.

    Parameters
    ----------
    worlds : Worlds
        The worlds.
    frame : pandas.DataFrame
        Rows with ``source_id`` (or an id in their first column).
    slot : str
        One of :data:`SLOTS`.

    Returns
    -------
    numpy.ndarray
        Shape (n, rows).

    Examples
    --------
    >>> worlds = draw_worlds(["tass", "reuters"], 4, seed=0)
    >>> draws = row_draws(worlds, pd.DataFrame({"id": ["a", "b", "c"], "source_id": ["tass", "reuters", "tass"]}), "figure")
    >>> bool((draws[:, 0] == draws[:, 2]).all()), bool((draws[:, 0] == draws[:, 1]).any())
    (True, False)
    """
    index = {report: i for i, report in enumerate(worlds.reports)}
    columns = np.array([index[key] for key in report_keys(frame)], dtype=int)
    return worlds.draws[:, columns, SLOTS.index(slot)] if len(columns) else np.zeros((worlds.n, 0))


def _widening(frame: pd.DataFrame, mapping: dict[int, float]) -> np.ndarray:
    return frame["credibility"].astype("Int64").fillna(6).astype(int).map(mapping).to_numpy(dtype=float)


def sample_figures(frame: pd.DataFrame, draws: np.ndarray, tail, widening) -> np.ndarray:
    """Each row's figure at the position `draws` gives within its range, widened by its grade; NaN when unknown.

    A range ("some 1,960") is drawn uniformly; a minimum as the minimum plus an exponential
    excess whose mean is `tail` times it; a maximum from its low end (or 0) to it; an exact
    figure as stated. Each side widens by the grade's share of the figure
    (:data:`counterbalance.assumptions.FIGURE_WIDENING`) times `widening`.

    Parameters
    ----------
    frame : pandas.DataFrame
        ``count_qualifier``, ``count_point``, ``count_low``, ``count_high``, ``credibility``.
    draws : numpy.ndarray
        Shape (n, rows).
    tail, widening : float or numpy.ndarray of shape (n,)

    Returns
    -------
    numpy.ndarray
        Shape (n, rows), never below 0.

    Examples
    --------
    >>> rows = pd.DataFrame({"count_qualifier": ["exact", "approximately", "unknown"], "credibility": [1, 2, 1],
    ...     "count_point": [1960.0, 1960.0, None], "count_low": [1960.0, 1862.0, None], "count_high": [1960.0, 2058.0, None]})
    >>> sample_figures(rows, np.array([[0.0] * 3, [1.0] * 3]), 0.5, 1.0).tolist()
    [[1960.0, 1666.0, nan], [1960.0, 2254.0, nan]]
    """
    qualifier = frame["count_qualifier"].astype(str).to_numpy()
    point, low, high = (frame[f"count_{k}"].astype("Float64").fillna(0).to_numpy(dtype=float) for k in ("point", "low", "high"))
    spread = _widening(frame, FIGURE_WIDENING) * point * np.asarray(widening, dtype=float).reshape(-1, 1)
    low = np.where(np.isin(qualifier, ["exact", "at_least"]), point, low)
    high = np.where(np.isin(qualifier, ["exact", "at_most"]), point, high)
    bottom, top = np.maximum(low - spread, 0.0), high + spread
    with np.errstate(divide="ignore"):
        excess = -np.log1p(-np.minimum(draws, 1 - 1e-12)) * np.asarray(tail, dtype=float).reshape(-1, 1) * point
    figures = np.where(qualifier == "at_least", bottom + excess + spread * draws, bottom + draws * (top - bottom))
    return np.where(qualifier == "unknown", np.nan, figures)


def to_days(series: pd.Series, missing: float) -> np.ndarray:
    """Dates as whole days since 1970 (float), `missing` where there is none.

    Parameters
    ----------
    series : pandas.Series
        Timestamps.
    missing : float
        The value for a missing date.

    Returns
    -------
    numpy.ndarray
        One float per date.

    Examples
    --------
    >>> to_days(pd.Series(pd.to_datetime(["1970-01-11", None])), -np.inf).tolist()
    [10.0, -inf]
    """
    days = series.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype("int64").astype(float)
    return np.where(series.isna().to_numpy(), missing, days)


def _uniform_day(lo: np.ndarray, hi: np.ndarray, draws: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):  # undated bounds give inf - inf in the branch np.where discards
        return np.where(np.isfinite(lo), lo + np.floor(draws * (hi - lo + 1)), lo)


def sample_span(frame: pd.DataFrame, worlds: Worlds) -> tuple[np.ndarray, np.ndarray]:
    """Each row's first and last day in force in each world, in days since 1970 (±inf: unbounded).

    Dates fall uniformly within their intervals, widened each side by the grade's days
    (:data:`counterbalance.assumptions.DATE_WIDENING_DAYS`) times the world's widening
    scale. An open row follows the persistence rule: a reported one holds from a day of
    its last confirmation for an exponential time with its class's half-life in that world;
    a reading ends with its last source.

    Parameters
    ----------
    frame : pandas.DataFrame
        As :func:`counterbalance.models.persistence.row_span` takes it, with ``credibility``.
    worlds : Worlds

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Start and end, each of shape (n, rows).

    Examples
    --------
    A mission last confirmed on 1 January 2021 (day 18,628), half-life 2 years: in half the
    worlds it ends within 730 days of that.

    >>> rows = pd.DataFrame({"id": ["m"], "actor_kind": ["contingent"], "credibility": [1],
    ...     **{f"{d}_{s}": pd.to_datetime([None]) for d in ("start", "end") for s in ("earliest", "latest")},
    ...     "confirmed_earliest": pd.to_datetime(["2021-01-01"]), "confirmed_latest": pd.to_datetime(["2021-01-01"])})
    >>> worlds = draw_worlds(["row:m"], 20000, seed=2, settings={"half_life_mission": 2.0}, range_scale=0.0)
    >>> start, end = sample_span(rows, worlds)
    >>> round(float(np.mean(end[:, 0] - 18628 <= 730.5)), 2), bool(np.isinf(start).all())
    (0.5, True)
    """
    n = worlds.n
    scale = worlds.assumptions["widening_scale"].reshape(-1, 1)
    widen = _widening(frame, DATE_WIDENING_DAYS) * scale
    starts, ends, tails = (row_draws(worlds, frame, slot) for slot in ("start", "end", "tail"))
    classes = persistence_classes(frame)
    reading = classes == READING
    start_lo, start_hi = to_days(frame["start_earliest"], -np.inf), to_days(frame["start_latest"], -np.inf)
    if "sourced_from" in frame:
        first = to_days(frame["sourced_from"], -np.inf)
        start_lo, start_hi = np.where(reading & np.isinf(start_lo), first, start_lo), np.where(reading & np.isinf(start_hi), first, start_hi)
    start = _uniform_day(start_lo - widen, start_hi + widen, starts)
    end = _uniform_day(to_days(frame["end_earliest"], np.inf) - widen, to_days(frame["end_latest"], np.inf) + widen, ends)
    if "confirmed_earliest" in frame:
        confirmed = _uniform_day(to_days(frame["confirmed_earliest"], np.inf) - widen, to_days(frame["confirmed_latest"], np.inf) + widen, ends)
        years = np.stack([worlds.assumptions[f"half_life_{kind}"] if kind in HALF_LIFE else np.zeros(n) for kind in classes], axis=-1) \
            if len(classes) else np.zeros((n, 0))
        years = np.where(pd.isna(classes), 0.0, years)
        with np.errstate(divide="ignore"):
            outlasts = -np.log1p(-np.minimum(tails, 1 - 1e-12)) / np.log(2) * years * DAYS_PER_YEAR
        last_source = to_days(frame["sourced_to"].fillna(frame["confirmed_latest"]) if "sourced_to" in frame else frame["confirmed_latest"], np.inf)
        open_end = np.where(reading, np.broadcast_to(last_source, confirmed.shape), confirmed + outlasts)
        end = np.where(np.isinf(end) & np.isfinite(confirmed), open_end, end)
    return np.broadcast_to(start, (n, len(frame))), end
