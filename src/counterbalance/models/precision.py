"""Figures rounded to the precision their inputs support.

A figure computed from uncertain inputs is stated no more precisely than its uncertainty:
rounded at the leading digit of the half-width of its range, a convention modelled on (not
taken from) the metrologists' advice for a measurement and its uncertainty. "Parity needs about 2,900 monitors" is honest when the
inputs allow 2,800 to 3,100; "2,948" is not.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..assumptions import ALLY, AT_LEAST_TAIL, BALANCER, RIVAL, WEIGHTS
from .persistence import row_span
from .counts import point_counts
from .power import capability_weights, ratio_of, side_totals, theatre_rows
from .strength import counted_figures
from .timeline import in_force
from .worlds import sample_figures

__all__ = [
    "round_to_range", "figure_in_words", "theatre_power_range", "ratio_range", "parity_alignment_range", "ratio_by_alignment",
]


def round_to_range(value: float, low: float, high: float, digits: int = 1) -> float:
    """`value` rounded at the leading digit of its range's half-width (or its `digits` leading digits).

    Parameters
    ----------
    value : float
        The point estimate.
    low, high : float
        The lowest and highest values its inputs allow.
    digits : int
        Significant digits of the half-width kept (1: its leading digit).

    Returns
    -------
    float
        `value` rounded to the place of the half-width's leading digit; unchanged when the
        range has no width; ``nan`` or ``inf`` as given.

    Raises
    ------
    ValueError
        If `low` exceeds `high`.

    Examples
    --------
    A figure whose inputs carry ±5 %:

    >>> round_to_range(2948.0, 2948.0 * 0.95, 2948.0 * 1.05)
    2900.0
    >>> round_to_range(1960.0, 1960.0, 1960.0), round_to_range(0.0826, 0.05, 0.12), round_to_range(65000.0, 56840.0, 126400.0)
    (1960.0, 0.08, 70000.0)
    >>> round_to_range(2487.0, 2080.0, 2989.0, digits=2)
    2490.0

    Notes
    -----
    The rule is the report's own convention. It follows the advice of the *Guide to the
    expression of uncertainty in measurement* (JCGM 100:2008, section 7.2.6) that an
    uncertainty be quoted to at most two significant digits and the estimate to the same
    place; the Guide speaks of standard and expanded uncertainties, not of the half-width of
    a range or of an interval of sampled worlds, and one digit is our choice.
    """
    if low > high:
        raise ValueError(f"the range runs from {low} down to {high}")
    half_width = (high - low) / 2
    if not math.isfinite(value) or not math.isfinite(half_width) or half_width == 0:
        return value
    place = math.floor(math.log10(half_width)) - (digits - 1)
    rounded = math.floor(value / 10.0**place + 0.5)  # half away from zero for positives: 65,000 to 70,000, not 60,000
    return round(rounded * 10.0**place, max(-place, 0))


def figure_in_words(value: float, low: float, high: float) -> str:
    """A computed figure in words: rounded to its range, with thousands separators and "about".

    Parameters
    ----------
    value, low, high : float
        As :func:`round_to_range`.

    Returns
    -------
    str

    Examples
    --------
    >>> figure_in_words(2948.0, 2800.0, 3100.0), figure_in_words(3748.0, 1874.0, 18740.0)
    ('about 2,900', 'about 4,000')
    >>> figure_in_words(1960.0, 1960.0, 1960.0)
    '1,960'
    """
    rounded = round_to_range(value, low, high)
    text = f"{rounded:,.0f}" if abs(rounded) >= 1 or rounded == 0 else f"{rounded:.2g}"
    return text if low == high else f"about {text}"


def theatre_power_range(deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, as_of: str,
                        weights: dict[str, float] | None = None, count_overrides: dict[str, float] | None = None,
                        tail: float = AT_LEAST_TAIL) -> pd.DataFrame:
    """Each side's theatre power on `as_of` with the lowest and highest values its inputs allow.

    The low end takes every figure at the bottom of its range (widened by its grade, as the
    uncertainty model draws it) and every weight at the low end of its plausible range
    (:data:`counterbalance.assumptions.WEIGHTS`); the high end takes both at the top, a
    minimum ("at least") at its 95th percentile. A weight set outside its range stretches
    the range to include it. The deployments counted are those in force on `as_of`, as in
    the point estimate.

    Parameters
    ----------
    deployments, actors, places, as_of, weights, count_overrides
        As :func:`counterbalance.models.power.theatre_power`.
    tail : float
        Mean excess of an "at least" figure over its minimum, as a share of it.

    Returns
    -------
    pandas.DataFrame
        Indexed by side (balancer, ally, rival): ``power`` (the point estimate), ``low`` and ``high``.

    Examples
    --------
    Some 1,960 Russian troops (1,862 to 2,058, confirmed) against 60 Turkish monitors at 0.5 each (0.1 to 1):

    >>> nat = pd.Series([pd.NaT] * 2, dtype="datetime64[ns]")
    >>> deps = pd.DataFrame({"deployment_id": ["r", "t"], "actor_id": ["r", "t"], "place_id": ["p", "p"],
    ...     "capability": ["troops", "monitors"], "count_qualifier": ["approximately", "exact"],
    ...     "count_point": [1960.0, 60.0], "count_low": [1862.0, 60.0], "count_high": [2058.0, 60.0], "credibility": [1, 1],
    ...     "start_earliest": nat, "start_latest": nat, "end_earliest": nat, "end_latest": nat})
    >>> ranges = theatre_power_range(deps, pd.DataFrame({"actor_id": ["r", "t"], "country_id": ["ru", "tr"]}),
    ...                              pd.DataFrame({"place_id": ["p"], "in_theatre": [True]}), "2021-01-01")
    >>> ranges.loc[["tr", "ru"]].values.tolist()
    [[30.0, 6.0, 60.0], [1960.0, 1862.0, 2058.0]]
    """
    rows = theatre_rows(deployments, actors, places)
    on = in_force(rows, as_of)
    point = point_counts(rows, as_of, count_overrides)[0]
    chosen = capability_weights(weights)
    capability = rows["capability"].astype(str)
    weight_ends = {end: capability.map({w.capability: f(getattr(w, end), chosen[w.capability]) for w in WEIGHTS})
                   .fillna(capability.map(chosen)).to_numpy(dtype=float) for end, f in (("low", min), ("high", max))}
    top = np.where(rows["count_qualifier"].astype(str) == "at_least", 0.95, 1.0)
    start = row_span(rows)[0]
    starts = np.where(start.isna(), -np.inf, (start - pd.Timestamp("1970-01-01")).dt.days.to_numpy(dtype=float, na_value=np.nan))
    figures = {end: counted_figures(rows, on, sample_figures(rows, draws[None, :], tail, 1.0)[0], starts, position=where)
               for end, draws, where in (("low", np.zeros(len(rows)), 0.0), ("high", top, 1.0))}
    for deployment_id, value in (count_overrides or {}).items():
        chosen_row = (rows["deployment_id"] == deployment_id).to_numpy() & on
        for end in figures:
            figures[end] = np.where(chosen_row, float(value), figures[end])
    totals = {"power": side_totals(point * capability.map(chosen).to_numpy(dtype=float), rows["country_id"])}
    totals |= {end: side_totals(figures[end] * weight_ends[end], rows["country_id"]) for end in ("low", "high")}
    return pd.DataFrame({column: {side: float(value) for side, value in sides.items()} for column, sides in totals.items()})


def ratio_range(ranges: pd.DataFrame, alignment_weight: float) -> tuple[float, float]:
    """The lowest and highest counter-balance ratio the sides' power ranges allow, at one alignment weight.

    Parameters
    ----------
    ranges : pandas.DataFrame
        As :func:`theatre_power_range` returns it.
    alignment_weight : float

    Returns
    -------
    (float, float)
        The Turkish side at its lowest against Russia at its highest, and the reverse.

    Examples
    --------
    >>> ranges = pd.DataFrame({"low": [6.0, 0.0, 1862.0], "high": [60.0, 0.0, 2058.0]}, index=["tr", "az", "ru"])
    >>> [round(r, 4) for r in ratio_range(ranges, 0.5)]
    [0.0029, 0.0322]
    """
    low, high = ranges["low"], ranges["high"]
    return (float(ratio_of(low[BALANCER], low[ALLY], high[RIVAL], alignment_weight)),
            float(ratio_of(high[BALANCER], high[ALLY], low[RIVAL], alignment_weight)))


def parity_alignment_range(ranges: pd.DataFrame) -> tuple[float, float]:
    """The lowest and highest alignment weight at which the balancer's side reaches parity.

    Parameters
    ----------
    ranges : pandas.DataFrame
        As :func:`theatre_power_range` returns it.

    Returns
    -------
    (float, float)
        Turkey at its strongest and Russia at its weakest with Azerbaijan at its largest,
        then the reverse (:func:`counterbalance.models.scenarios.parity_alignment` at each end);
        ``inf`` where the ally has no counted power.

    Examples
    --------
    >>> ranges = pd.DataFrame({"low": [6.0, 40000.0, 1900.0], "high": [60.0, 140000.0, 3500.0]}, index=["tr", "az", "ru"])
    >>> [round(a, 4) for a in parity_alignment_range(ranges)]
    [0.0131, 0.0873]
    """
    low, high = ranges["low"], ranges["high"]

    def needed(balancer: float, ally: float, rival: float) -> float:
        shortfall = rival - balancer
        return 0.0 if shortfall <= 0 else (math.inf if ally == 0 else float(shortfall / ally))

    return needed(high[BALANCER], high[ALLY], low[RIVAL]), needed(low[BALANCER], low[ALLY], high[RIVAL])


def ratio_by_alignment(ranges: pd.DataFrame, alignments) -> pd.DataFrame:
    """The counter-balance ratio over alignment weights, as set and at both ends of its inputs' ranges.

    Parameters
    ----------
    ranges : pandas.DataFrame
        As :func:`theatre_power_range` returns it.
    alignments : array_like of float
        Alignment weights, each in [0, 1].

    Returns
    -------
    pandas.DataFrame
        Long form: ``alignment_weight``, ``inputs`` ("as set", "lowest for Turkey's side",
        "highest for Turkey's side") and ``ratio``.

    Examples
    --------
    >>> ranges = pd.DataFrame({"power": [30.0, 65000.0, 2000.0], "low": [6.0, 40000.0, 1900.0],
    ...     "high": [60.0, 140000.0, 3500.0]}, index=["tr", "az", "ru"])
    >>> ratio_by_alignment(ranges, [0.0, 0.5]).query("inputs == 'as set'")["ratio"].round(3).tolist()
    [0.015, 16.265]
    """
    readings = {"lowest for Turkey's side": ("low", "high"), "as set": ("power", "power"), "highest for Turkey's side": ("high", "low")}
    rows = [{"alignment_weight": float(alpha), "inputs": name,
             "ratio": float(ratio_of(ranges.loc[BALANCER, mine], ranges.loc[ALLY, mine], ranges.loc[RIVAL, theirs], float(alpha)))}
            for name, (mine, theirs) in readings.items() for alpha in alignments]
    return pd.DataFrame(rows)
