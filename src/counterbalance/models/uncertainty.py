r"""Uncertainty carried through the balance model: plausible worlds drawn from the tables themselves.

Each sample is one world the data allows:

* **a figure** anywhere in its stated range: uniform between ``count_low`` and ``count_high``
  ("some 1,960" as 1,862 to 2,058); a minimum ("at least four") as the minimum plus an
  exponential excess whose mean is `tail` times the minimum; a maximum uniform from its low
  (or 0) to it; an exact figure as stated; an unknown figure as 0, as in the point estimate;
* **an imprecise date** on any day of its interval, uniformly ("2020-11-10/2020-11-14" on
  each of five days), so a deployment or relation is in force on the day asked about in
  some worlds and not in others;
* **a claim** present with a probability that follows its credibility grade
  (:data:`counterbalance.assumptions.DEFAULT_INCLUSION`, overridable): confirmed claims almost always, doubtful ones
  seldom.

The balance model is then run over every world at once (numpy, no loop over samples), and
a probability is the share of worlds in which a statement holds.
:func:`counterbalance.models.judgements.likelihood_word`
turns it into the ICD 203 expression of likelihood, so "likely" always means 55-80 %.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..assumptions import ALIGNMENT_WEIGHT, ALLY, AT_LEAST_TAIL, BALANCER, DEFAULT_INCLUSION, RIVAL
from .power import capability_weights, ratio_of, side_ratio, side_totals, theatre_rows
from .timeline import in_force

#: What a row rests on, carried into results that name rows (see :func:`counterbalance.data.load.load_tables`).
PROVENANCE = ("source_id", "outlet", "grade")

__all__ = [
    "sample_figures", "sample_active", "sample_inclusion", "simulate_power", "simulate_balance", "sensitivity", "PowerSamples",
]


def sample_figures(frame: pd.DataFrame, n: int, rng: np.random.Generator, tail: float = AT_LEAST_TAIL) -> np.ndarray:
    """An (n, rows) array of figures, each drawn from its row's stated range.

    Parameters
    ----------
    frame : pandas.DataFrame
        Needs ``count_qualifier``, ``count_point``, ``count_low`` and ``count_high``.
    n : int
    rng : numpy.random.Generator
    tail : float
        Mean excess of an "at least" figure over its minimum, as a share of the minimum.

    Returns
    -------
    numpy.ndarray
        Floats of shape (n, rows); an unknown figure is 0 in every world.

    Examples
    --------
    >>> rows = pd.DataFrame({"count_qualifier": ["exact", "approximately", "unknown"],
    ...     "count_point": [136.0, 1960.0, None], "count_low": [136.0, 1862.0, None], "count_high": [136.0, 2058.0, None]})
    >>> draws = sample_figures(rows, 1000, np.random.default_rng(0))
    >>> bool((draws[:, 0] == 136).all()), bool(((draws[:, 1] >= 1862) & (draws[:, 1] <= 2058)).all()), bool((draws[:, 2] == 0).all())
    (True, True, True)
    """
    qualifier = frame["count_qualifier"].astype(str).to_numpy()
    point = frame["count_point"].astype("Float64").fillna(0).to_numpy(dtype=float)
    low = frame["count_low"].astype("Float64").fillna(0).to_numpy(dtype=float)
    high = frame["count_high"].astype("Float64").fillna(0).to_numpy(dtype=float)
    uniform = rng.random((n, len(frame)))
    excess = rng.exponential(1.0, (n, len(frame))) * tail * low
    draws = np.where(qualifier == "approximately", low + uniform * (high - low), point)
    draws = np.where(qualifier == "at_least", low + excess, draws)
    draws = np.where(qualifier == "at_most", low + uniform * (high - low), draws)
    return np.where(qualifier == "unknown", 0.0, draws)


def _days(series: pd.Series, missing: float) -> np.ndarray:
    """Dates as whole days since the epoch (float), `missing` where there is none."""
    days = series.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype("int64").astype(float)
    return np.where(series.isna().to_numpy(), missing, days)


def sample_active(frame: pd.DataFrame, day: str, n: int, rng: np.random.Generator) -> np.ndarray:
    """An (n, rows) boolean array: is the row in force on `day` in each world?

    Start and end are each drawn uniformly over the days of their interval; an undated
    start has always begun; an open row ends on a day of its last confirmation, and one
    without either never ends.

    Parameters
    ----------
    frame : pandas.DataFrame
        As :func:`counterbalance.models.timeline.in_force` takes it.
    day : date-like
    n : int
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray
        Booleans of shape (n, rows).

    Examples
    --------
    A deployment that began on one of 10 to 14 November is in force on the 12th in 3 of 5 worlds:

    >>> rows = pd.DataFrame({"start_earliest": pd.to_datetime(["2020-11-10"]), "start_latest": pd.to_datetime(["2020-11-14"]),
    ...                      "end_earliest": pd.to_datetime([None]), "end_latest": pd.to_datetime([None])})
    >>> round(float(sample_active(rows, "2020-11-12", 100000, np.random.default_rng(1)).mean()), 2)
    0.6
    """
    target = float(np.datetime64(pd.Timestamp(day).date(), "D").astype("int64"))
    rows = len(frame)
    start_lo, start_hi = _days(frame["start_earliest"], -np.inf), _days(frame["start_latest"], -np.inf)
    ends = [frame[f"end_{side}"].fillna(frame[f"confirmed_{side}"]) if "confirmed_earliest" in frame else frame[f"end_{side}"]
            for side in ("earliest", "latest")]  # an open row ends on its last confirmation, as in the point estimate
    end_lo, end_hi = _days(ends[0], np.inf), _days(ends[1], np.inf)
    with np.errstate(invalid="ignore"):  # undated ends give inf - inf in the branch np.where discards
        start = np.where(np.isfinite(start_lo), start_lo + np.floor(rng.random((n, rows)) * (start_hi - start_lo + 1)), -np.inf)
        end = np.where(np.isfinite(end_lo), end_lo + np.floor(rng.random((n, rows)) * (end_hi - end_lo + 1)), np.inf)
    return (start <= target) & (end >= target)


def sample_inclusion(credibility: pd.Series, n: int, rng: np.random.Generator, inclusion: dict[int, float] | None = None) -> np.ndarray:
    """An (n, rows) boolean array: does each claim hold in each world?

    Parameters
    ----------
    credibility : pandas.Series
        Each claim's credibility digit, 1 to 6.
    n : int
    rng : numpy.random.Generator
    inclusion : dict of int to float, optional
        Probability that a claim of each credibility holds, over the defaults.

    Returns
    -------
    numpy.ndarray
        Booleans of shape (n, rows), each True with its claim's probability.

    Examples
    --------
    >>> draws = sample_inclusion(pd.Series([1, 5]), 10, np.random.default_rng(0), {1: 1.0, 5: 0.0})
    >>> bool(draws[:, 0].all()), bool(draws[:, 1].any())
    (True, False)
    """
    mapping = {**DEFAULT_INCLUSION, **(inclusion or {})}
    probability = credibility.astype(int).map(mapping).to_numpy(dtype=float)
    return rng.random((n, len(credibility))) < probability


@dataclass(frozen=True)
class PowerSamples:
    """Theatre power of each side and the counter-balance ratio in every sampled world."""

    power_tr: np.ndarray
    power_az: np.ndarray
    power_ru: np.ndarray
    ratio: np.ndarray

    def probability(self, condition: np.ndarray) -> float:
        """Share of worlds where `condition` (a boolean array over samples) holds."""
        return float(np.mean(condition))

    def ratio_at(self, alignment_weight: float) -> np.ndarray:
        """The ratio in every world for another alignment weight (the powers do not depend on it)."""
        return ratio_of(self.power_tr, self.power_az, self.power_ru, alignment_weight)


def simulate_power(deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, as_of: str, n: int, seed: int,
                   weights: dict[str, float] | None = None, alignment_weight: float = ALIGNMENT_WEIGHT,
                   inclusion: dict[int, float] | None = None, tail: float = AT_LEAST_TAIL) -> PowerSamples:
    r"""Theatre power and the counter-balance ratio in `n` worlds drawn from the data.

    .. math:: P_s^{(k)} = \sum_{d \in D_s} w_{c(d)}\, n_d^{(k)}\, a_d^{(k)}\, i_d^{(k)}

    with :math:`n_d^{(k)}` the figure, :math:`a_d^{(k)}` whether the deployment is in force
    on `as_of` and :math:`i_d^{(k)}` whether its claim holds, all drawn for world *k*.

    Parameters
    ----------
    deployments, actors, places : pandas.DataFrame
        As loaded (deployments may be filtered by grade).
    as_of : date-like
    n, seed : int
        Number of worlds; seed of numpy's default generator (the same seed, the same worlds).
    weights, alignment_weight
        As :func:`counterbalance.models.power.theatre_power` and :func:`counterbalance.models.power.counter_balance_ratio`.
    inclusion : dict of int to float, optional
        Probability that a claim of each credibility grade holds, over
        :data:`counterbalance.assumptions.DEFAULT_INCLUSION`.
    tail : float
        Mean excess of an "at least" figure over its minimum, as a share of the minimum.

    Returns
    -------
    PowerSamples

    Examples
    --------
    Exact figures whose claims always hold give the same ratio in every world:

    >>> nat = pd.Series([pd.NaT] * 2, dtype="datetime64[ns]")
    >>> deps = pd.DataFrame({"actor_id": ["t", "r"], "place_id": ["p", "p"], "capability": ["troops"] * 2, "credibility": [1, 1],
    ...     "count_qualifier": ["exact"] * 2, "count_point": [100.0, 400.0], "count_low": [100.0, 400.0], "count_high": [100.0, 400.0],
    ...     "start_earliest": nat, "start_latest": nat, "end_earliest": nat, "end_latest": nat})
    >>> actors, places = pd.DataFrame({"actor_id": ["t", "r"], "country_id": ["tr", "ru"]}), pd.DataFrame({"place_id": ["p"], "in_theatre": [True]})
    >>> simulate_power(deps, actors, places, "2020-12-01", n=3, seed=0, inclusion={1: 1.0}).ratio.tolist()
    [0.25, 0.25, 0.25]

    Notes
    -----
    A Monte Carlo propagation of input uncertainty (e.g. Morgan, M. G. and Henrion, M.
    (1990), *Uncertainty*, Cambridge University Press, ch. 8). Rows are drawn independently:
    two reports of one force are not correlated unless they are one row.
    """
    rng = np.random.default_rng(seed)
    rows = theatre_rows(deployments, actors, places)
    weight = rows["capability"].astype(str).map(capability_weights(weights)).to_numpy(dtype=float)
    contribution = (sample_figures(rows, n, rng, tail) * weight * sample_active(rows, as_of, n, rng)
                    * sample_inclusion(rows["credibility"], n, rng, inclusion))
    power = side_totals(contribution, rows["country_id"])
    return PowerSamples(power[BALANCER], power[ALLY], power[RIVAL], side_ratio(power, alignment_weight))


def simulate_balance(actors: pd.DataFrame, relations: pd.DataFrame, as_of: str, n: int, seed: int,
                     inclusion: dict[int, float] | None = None) -> np.ndarray:
    """Structural balance index of the states' signed network in `n` sampled worlds.

    Each relation between actors of two states holds (credibility) and is in force (dates)
    per world; the pair's sign is the sign of its summed ``sign * strength``, as in
    :func:`counterbalance.models.network.state_signs`, and the index is the share of closed triads
    whose signs multiply to a positive (Cartwright and Harary, 1956).

    Parameters
    ----------
    actors : pandas.DataFrame
        Needs ``actor_id`` and ``country_id``.
    relations : pandas.DataFrame
        Needs ``source_actor_id``, ``target_actor_id``, ``sign``, ``strength``, ``credibility`` and start/end dates.
    as_of, n, seed, inclusion
        As :func:`simulate_power`.

    Returns
    -------
    numpy.ndarray
        One index per world; NaN where no triad is closed.

    Examples
    --------
    >>> actors = pd.DataFrame({"actor_id": ["a", "b", "c"], "country_id": ["a", "b", "c"]})
    >>> nat = pd.Series([pd.NaT] * 3, dtype="datetime64[ns]")
    >>> relations = pd.DataFrame({"source_actor_id": ["a", "b", "a"], "target_actor_id": ["b", "c", "c"], "sign": [1, -1, -1],
    ...     "strength": [1.0] * 3, "credibility": [1] * 3, "start_earliest": nat, "start_latest": nat, "end_earliest": nat, "end_latest": nat})
    >>> simulate_balance(actors, relations, "2020-12-01", n=3, seed=0, inclusion={1: 1.0}).tolist()
    [1.0, 1.0, 1.0]
    """
    rng = np.random.default_rng(seed)
    bloc = actors.set_index("actor_id")["country_id"]
    a = relations["source_actor_id"].map(bloc)
    b = relations["target_actor_id"].map(bloc)
    between = (a.notna() & b.notna() & (a != b)).to_numpy()
    rows = relations[between].reset_index(drop=True)
    pairs = [tuple(sorted(p)) for p in zip(a[between], b[between])]
    held = sample_active(rows, as_of, n, rng) & sample_inclusion(rows["credibility"], n, rng, inclusion)
    signed = held * (rows["sign"].astype(float) * rows["strength"].astype(float)).to_numpy()
    states = sorted({s for pair in pairs for s in pair})
    totals = {pair: signed[:, [i for i, p in enumerate(pairs) if p == pair]].sum(axis=1) for pair in set(pairs)}
    zero = np.zeros(n)
    closed, balanced = np.zeros(n), np.zeros(n)
    for x, y, z in itertools.combinations(states, 3):
        signs = [np.sign(totals.get(pair, zero)) for pair in ((x, y), (y, z), (x, z))]
        product = signs[0] * signs[1] * signs[2]
        closed += product != 0
        balanced += product > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(closed > 0, balanced / np.where(closed > 0, closed, 1), np.nan)


def sensitivity(deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, as_of: str,
                weights: dict[str, float] | None = None, alignment_weight: float = ALIGNMENT_WEIGHT,
                inclusion: dict[int, float] | None = None, tail: float = AT_LEAST_TAIL) -> pd.DataFrame:
    """Which uncertain rows move the ratio most: each row at its extremes, the others at their point.

    A row's low end is 0 when it may be absent (its claim may not hold, or it may not be in
    force yet) and its lowest figure otherwise; its high end is its highest figure (for a
    minimum, the 95th percentile of its tail), counted as present. Rows whose ends coincide
    move nothing and are left out.

    Parameters
    ----------
    deployments, actors, places, as_of, weights, alignment_weight, inclusion, tail
        As :func:`simulate_power`.

    Returns
    -------
    pandas.DataFrame
        ``deployment_id``, ``description``, ``credibility``, ``ratio_low``,
        ``ratio_high``, ``swing`` (their distance), sorted by swing, largest first. A row
        without which Russia has no counted power gives an infinite ``ratio_high``.

    Examples
    --------
    >>> nat = pd.Series([pd.NaT] * 2, dtype="datetime64[ns]")
    >>> deps = pd.DataFrame({"deployment_id": ["tr", "ru"], "actor_id": ["t", "r"], "place_id": ["p", "p"],
    ...     "capability": ["troops", "troops"], "count_qualifier": ["approximately", "exact"],
    ...     "count_point": [100.0, 400.0], "count_low": [50.0, 400.0], "count_high": [150.0, 400.0],
    ...     "credibility": [1, 1], "description": ["", ""], "source_id": ["s", "s"],
    ...     "start_earliest": nat, "start_latest": nat, "end_earliest": nat, "end_latest": nat})
    >>> actors = pd.DataFrame({"actor_id": ["t", "r"], "country_id": ["tr", "ru"]})
    >>> places = pd.DataFrame({"place_id": ["p"], "in_theatre": [True]})
    >>> sensitivity(deps, actors, places, "2020-12-01", inclusion={1: 1.0})[["deployment_id", "ratio_low", "ratio_high"]].values.tolist()
    [['tr', 0.125, 0.375]]
    """
    rows = theatre_rows(deployments, actors, places)
    if rows.empty:
        return pd.DataFrame(columns=["deployment_id", "description", "credibility", "ratio_low", "ratio_high", "swing"])
    weight = rows["capability"].astype(str).map(capability_weights(weights)).to_numpy(dtype=float)
    mapping = {**DEFAULT_INCLUSION, **(inclusion or {})}
    qualifier = rows["count_qualifier"].astype(str).to_numpy()
    point = np.where(qualifier == "unknown", 0.0, rows["count_point"].astype("Float64").fillna(0).to_numpy(dtype=float))
    low = np.where(qualifier == "unknown", 0.0, rows["count_low"].astype("Float64").fillna(0).to_numpy(dtype=float))
    high = rows["count_high"].astype("Float64").fillna(0).to_numpy(dtype=float)
    high = np.where(qualifier == "at_least", low * (1 + tail * math.log(20)), np.where(qualifier == "unknown", 0.0, high))
    may_be_absent = (rows["credibility"].astype(int).map(mapping).to_numpy(dtype=float) < 1) | ~in_force(rows, as_of, "surely")
    possible = in_force(rows, as_of, "possibly")
    base = point * in_force(rows, as_of)

    def ratio_with(index: int, value: float) -> float:
        figures = base.copy()
        figures[index] = value
        return side_ratio(side_totals(figures * weight, rows["country_id"]), alignment_weight)

    out = []
    for index in range(len(rows)):
        ends = (ratio_with(index, 0.0 if may_be_absent[index] else low[index]),
                ratio_with(index, high[index] if possible[index] else 0.0))
        row = rows.iloc[index]
        out.append({**{c: row[c] for c in PROVENANCE if c in rows}, "deployment_id": row["deployment_id"],
                    "description": row["description"], "credibility": int(row["credibility"]),
                    "ratio_low": min(ends), "ratio_high": max(ends), "swing": abs(ends[1] - ends[0])})
    frame = pd.DataFrame(out)
    frame = frame[frame["ratio_low"] != frame["ratio_high"]]
    return frame.sort_values(["swing", "deployment_id"], ascending=[False, True], ignore_index=True)
