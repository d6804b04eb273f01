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
  (:data:`DEFAULT_INCLUSION`, overridable): confirmed claims almost always, doubtful ones
  seldom.

The balance model is then run over every world at once (numpy, no loop over samples), and
a probability is the share of worlds in which a statement holds. :func:`likelihood_word`
turns it into the ICD 203 expression of likelihood, so "likely" always means 55-80 %.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .network import ALLY, BALANCER, DEFAULT_WEIGHTS, RIVAL, ratio_of, theatre_rows
from .notebooks import DEFAULT_INCLUSION
from .timeline import in_force

__all__ = [
    "DEFAULT_INCLUSION", "ICD203_SCALE", "likelihood_word", "sample_figures", "sample_active",
    "sample_inclusion", "simulate_power", "simulate_balance", "sensitivity", "PowerSamples", "confidence_level",
]

#: ICD 203 (Office of the Director of National Intelligence, "Analytic Standards", 2015):
#: each expression of likelihood with its range of probability. A probability on a shared
#: edge takes the higher band: 0.55 is "likely", 0.95 "almost certain".
ICD203_SCALE = (
    ("almost no chance", 0.00, 0.05),
    ("very unlikely", 0.05, 0.20),
    ("unlikely", 0.20, 0.45),
    ("roughly even chance", 0.45, 0.55),
    ("likely", 0.55, 0.80),
    ("very likely", 0.80, 0.95),
    ("almost certain", 0.95, 1.00),
)



def likelihood_word(probability: float) -> str:
    """The ICD 203 expression for a probability.

    Raises
    ------
    ValueError
        If `probability` is not in [0, 1].

    Examples
    --------
    >>> [likelihood_word(p) for p in (0.0, 0.05, 0.5, 0.55, 0.949, 0.95, 1.0)]
    ['almost no chance', 'very unlikely', 'roughly even chance', 'likely', 'very likely', 'almost certain', 'almost certain']
    """
    if not 0 <= probability <= 1 or math.isnan(probability):
        raise ValueError(f"probability {probability} is outside [0, 1]")
    for word, low, high in ICD203_SCALE:
        if low <= probability < high:
            return word
    return ICD203_SCALE[-1][0]


def confidence_level(grades: pd.Series) -> str:
    """Confidence in a judgement from the Admiralty grades of the rows it rests on.

    *High* when every row is B2 or better, *moderate* when every row is C3 or better, *low*
    otherwise: the weakest supporting row decides, as a chain is as strong as its weakest link.

    >>> confidence_level(pd.Series(["A1", "B2"])), confidence_level(pd.Series(["B2", "C3"])), confidence_level(pd.Series(["B2", "D2"]))
    ('high', 'moderate', 'low')
    """
    letters, digits = grades.str[0], grades.str[1].astype(int)
    if ((letters <= "B") & (digits <= 2)).all():
        return "high"
    if ((letters <= "C") & (digits <= 3)).all():
        return "moderate"
    return "low"


def sample_figures(frame: pd.DataFrame, n: int, rng: np.random.Generator, tail: float = 0.5) -> np.ndarray:
    """An (n, rows) array of figures, each drawn from its row's stated range.

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
    start has always begun, an empty end has not ended.

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
    end_lo, end_hi = _days(frame["end_earliest"], np.inf), _days(frame["end_latest"], np.inf)
    with np.errstate(invalid="ignore"):  # undated ends give inf - inf in the branch np.where discards
        start = np.where(np.isfinite(start_lo), start_lo + np.floor(rng.random((n, rows)) * (start_hi - start_lo + 1)), -np.inf)
        end = np.where(np.isfinite(end_lo), end_lo + np.floor(rng.random((n, rows)) * (end_hi - end_lo + 1)), np.inf)
    return (start <= target) & (end >= target)


def sample_inclusion(credibility: pd.Series, n: int, rng: np.random.Generator, inclusion: dict[int, float] | None = None) -> np.ndarray:
    """An (n, rows) boolean array: does each claim hold in each world?

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
                   weights: dict[str, float] | None = None, alignment_weight: float = 0.5,
                   inclusion: dict[int, float] | None = None, tail: float = 0.5) -> PowerSamples:
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
        As :func:`counterbalance.network.theatre_power` and :func:`counterbalance.network.counter_balance_ratio`.
    inclusion : dict of int to float, optional
        Probability that a claim of each credibility grade holds; :data:`DEFAULT_INCLUSION`.
    tail : float
        Mean excess of an "at least" figure over its minimum, as a share of the minimum.

    Returns
    -------
    PowerSamples

    Notes
    -----
    A Monte Carlo propagation of input uncertainty (e.g. Morgan, M. G. and Henrion, M.
    (1990), *Uncertainty*, Cambridge University Press, ch. 8). Rows are drawn independently:
    two reports of one force are not correlated unless they are one row.
    """
    rng = np.random.default_rng(seed)
    rows = theatre_rows(deployments, actors, places)
    weight = rows["capability"].astype(str).map({**DEFAULT_WEIGHTS, **(weights or {})}).to_numpy(dtype=float)
    contribution = (sample_figures(rows, n, rng, tail) * weight * sample_active(rows, as_of, n, rng)
                    * sample_inclusion(rows["credibility"], n, rng, inclusion))
    countries = rows["country_id"].to_numpy()
    power = {s: contribution[:, countries == s].sum(axis=1) for s in (BALANCER, ALLY, RIVAL)}
    return PowerSamples(power[BALANCER], power[ALLY], power[RIVAL],
                        ratio_of(power[BALANCER], power[ALLY], power[RIVAL], alignment_weight))


def simulate_balance(actors: pd.DataFrame, relations: pd.DataFrame, as_of: str, n: int, seed: int,
                     inclusion: dict[int, float] | None = None) -> np.ndarray:
    """Structural balance index of the states' signed network in `n` sampled worlds.

    Each relation between actors of two states holds (credibility) and is in force (dates)
    per world; the pair's sign is the sign of its summed ``sign * strength``, as in
    :func:`counterbalance.network.state_signs`, and the index is the share of closed triads
    whose signs multiply to a positive (Cartwright and Harary, 1956).

    Returns
    -------
    numpy.ndarray
        One index per world; NaN where no triad is closed.
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
                weights: dict[str, float] | None = None, alignment_weight: float = 0.5,
                inclusion: dict[int, float] | None = None, tail: float = 0.5) -> pd.DataFrame:
    """Which uncertain rows move the ratio most: each row at its extremes, the others at their point.

    A row's low end is 0 when it may be absent (its claim may not hold, or it may not be in
    force yet) and its lowest figure otherwise; its high end is its highest figure (for a
    minimum, the 95th percentile of its tail), counted as present. Rows whose ends coincide
    move nothing and are left out.

    Returns
    -------
    pandas.DataFrame
        ``deployment_id``, ``description``, ``source_id``, ``credibility``, ``ratio_low``,
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
        return pd.DataFrame(columns=["deployment_id", "description", "source_id", "credibility", "ratio_low", "ratio_high", "swing"])
    weight = rows["capability"].astype(str).map({**DEFAULT_WEIGHTS, **(weights or {})}).to_numpy(dtype=float)
    mapping = {**DEFAULT_INCLUSION, **(inclusion or {})}
    qualifier = rows["count_qualifier"].astype(str).to_numpy()
    point = np.where(qualifier == "unknown", 0.0, rows["count_point"].astype("Float64").fillna(0).to_numpy(dtype=float))
    low = np.where(qualifier == "unknown", 0.0, rows["count_low"].astype("Float64").fillna(0).to_numpy(dtype=float))
    high = rows["count_high"].astype("Float64").fillna(0).to_numpy(dtype=float)
    high = np.where(qualifier == "at_least", low * (1 + tail * math.log(20)), np.where(qualifier == "unknown", 0.0, high))
    day = pd.Timestamp(as_of)
    surely_in_force = ((rows["start_latest"].isna() | (rows["start_latest"] <= day)) & (rows["end_earliest"].isna() | (rows["end_earliest"] >= day))).to_numpy()
    possibly_in_force = ((rows["start_earliest"].isna() | (rows["start_earliest"] <= day)) & (rows["end_latest"].isna() | (rows["end_latest"] >= day))).to_numpy()
    may_be_absent = (rows["credibility"].astype(int).map(mapping).to_numpy(dtype=float) < 1) | ~surely_in_force
    base = point * in_force(rows, day)
    countries = rows["country_id"].to_numpy()

    def ratio_with(index: int, value: float) -> float:
        figures = base.copy()
        figures[index] = value
        power = {s: float((figures * weight)[countries == s].sum()) for s in (BALANCER, ALLY, RIVAL)}
        return ratio_of(power[BALANCER], power[ALLY], power[RIVAL], alignment_weight)

    out = []
    for index in range(len(rows)):
        ends = (ratio_with(index, 0.0 if may_be_absent[index] else low[index]),
                ratio_with(index, high[index] if possibly_in_force[index] else 0.0))
        out.append({"deployment_id": rows["deployment_id"].iloc[index], "description": rows["description"].iloc[index],
                    "source_id": rows["source_id"].iloc[index], "credibility": int(rows["credibility"].iloc[index]),
                    "ratio_low": min(ends), "ratio_high": max(ends), "swing": abs(ends[1] - ends[0])})
    frame = pd.DataFrame(out)
    frame = frame[frame["ratio_low"] != frame["ratio_high"]]
    return frame.sort_values(["swing", "deployment_id"], ascending=[False, True], ignore_index=True)
