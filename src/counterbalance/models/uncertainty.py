r"""Uncertainty carried through the balance model: plausible worlds drawn from the tables themselves.

Each sample is one world the data allows:

* **a figure** anywhere in its stated range: uniform between ``count_low`` and ``count_high``
  ("some 1,960" as 1,862 to 2,058); a minimum ("at least four") as the minimum plus an
  exponential excess whose mean is `tail` times the minimum; a maximum uniform from its low
  (or 0) to it; an exact figure as stated; an unknown figure as 0, as in the point estimate;
* **an imprecise date** on any day of its interval, uniformly, so a deployment or a tie is in
  force on the day asked about in some worlds and not in others; an open row ends on a day
  of its last confirmation;
* **a claim's credibility widens both**: the weaker its grade, the wider its figure's range
  (:data:`~counterbalance.assumptions.FIGURE_WIDENING`) and its dates' intervals
  (:data:`~counterbalance.assumptions.DATE_WIDENING_DAYS`), down to zero for a doubtful
  figure. Grades never delete a row, so a well-attested force is in every world.

Rows that rest on the same report are drawn together: they share one random draw per world
(for their figures, and one for their dates), so one report's error moves all its rows at
once instead of averaging out across them.

The balance model is then run over every world at once (numpy, no loop over samples), and
a probability is the share of worlds in which a statement holds;
:func:`counterbalance.models.judgements.likelihood_word` turns it into the ICD 203
expression of likelihood.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..assumptions import ALIGNMENT_WEIGHT, ALLY, AT_LEAST_TAIL, BALANCER, DATE_WIDENING_DAYS, FIGURE_WIDENING, RIVAL
from .network import pair_sign, triad_status
from .power import capability_weights, ratio_of, side_ratio, side_totals, theatre_rows
from .timeline import in_force

__all__ = [
    "PROVENANCE", "report_draws", "sample_figures", "sample_active", "PowerSamples", "simulate_power", "simulate_triad",
    "triad_shares", "sensitivity",
]

#: What a row rests on, carried into results that name rows (see :func:`counterbalance.data.load.load_tables`).
PROVENANCE = ("source_id", "outlet", "grade")


def report_draws(reports: pd.Series, n: int, rng: np.random.Generator) -> np.ndarray:
    """An (n, rows) array of uniform draws in which rows resting on the same report share their draw.

    Parameters
    ----------
    reports : pandas.Series
        Each row's report (its lead ``source_id``); rows without one are drawn alone.
    n : int
        Number of worlds.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray
        Floats in [0, 1) of shape (n, rows); equal across rows of one report in every world.

    Examples
    --------
    >>> draws = report_draws(pd.Series(["tass", "reuters", "tass"]), 4, np.random.default_rng(0))
    >>> bool((draws[:, 0] == draws[:, 2]).all()), bool((draws[:, 0] == draws[:, 1]).any())
    (True, False)
    """
    alone = pd.Series([f"\0row{i}" for i in range(len(reports))], index=reports.index)
    codes, uniques = pd.factorize(reports.astype(object).where(reports.notna(), alone))
    return rng.random((n, len(uniques)))[:, codes]


def _widening(credibility: pd.Series, mapping: dict[int, float], scale: float) -> np.ndarray:
    return credibility.astype("Int64").fillna(6).astype(int).map(mapping).to_numpy(dtype=float) * scale


def sample_figures(frame: pd.DataFrame, draws: np.ndarray, tail: float = AT_LEAST_TAIL, widening_scale: float = 1.0) -> np.ndarray:
    """Each row's figure in each world, at the position `draws` gives within its widened range.

    Parameters
    ----------
    frame : pandas.DataFrame
        Needs ``count_qualifier``, ``count_point``, ``count_low``, ``count_high`` and ``credibility``.
    draws : numpy.ndarray
        Uniform draws of shape (n, rows), as :func:`report_draws` makes them.
    tail : float
        Mean excess of an "at least" figure over its minimum, as a share of the minimum.
    widening_scale : float
        Multiplies :data:`~counterbalance.assumptions.FIGURE_WIDENING` (0: grades widen nothing).

    Returns
    -------
    numpy.ndarray
        Floats of shape (n, rows), never below 0; an unknown figure is 0 in every world.

    Examples
    --------
    A confirmed 1,960 stays 1,960; "some 1,960" graded 2 runs 10 % wider than its range:

    >>> rows = pd.DataFrame({"count_qualifier": ["exact", "approximately", "unknown"], "credibility": [1, 2, 1],
    ...     "count_point": [1960.0, 1960.0, None], "count_low": [1960.0, 1862.0, None], "count_high": [1960.0, 2058.0, None]})
    >>> figures = sample_figures(rows, np.array([[0.0] * 3, [1.0] * 3]))
    >>> figures.tolist()
    [[1960.0, 1666.0, 0.0], [1960.0, 2254.0, 0.0]]
    """
    qualifier = frame["count_qualifier"].astype(str).to_numpy()
    point, low, high = (frame[f"count_{k}"].astype("Float64").fillna(0).to_numpy(dtype=float) for k in ("point", "low", "high"))
    spread = _widening(frame["credibility"], FIGURE_WIDENING, widening_scale) * point
    low = np.where(qualifier == "exact", point, np.where(qualifier == "at_least", point, low))
    high = np.where(qualifier == "exact", point, np.where(qualifier == "at_most", point, high))
    bottom, top = np.maximum(low - spread, 0.0), high + spread
    with np.errstate(divide="ignore"):
        excess = -np.log1p(-np.minimum(draws, 1 - 1e-12)) * tail * point  # an exponential tail, by its inverse
    figures = np.where(qualifier == "at_least", bottom + excess + spread * draws, bottom + draws * (top - bottom))
    return np.where(qualifier == "unknown", 0.0, figures)


def _days(series: pd.Series, missing: float) -> np.ndarray:
    """Dates as whole days since the epoch (float), `missing` where there is none."""
    days = series.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype("int64").astype(float)
    return np.where(series.isna().to_numpy(), missing, days)


def sample_active(frame: pd.DataFrame, day: str, start_draws: np.ndarray, end_draws: np.ndarray,
                  widening_scale: float = 1.0) -> np.ndarray:
    """Is each row in force on `day` in each world? Start and end fall where the draws put them.

    Each date is drawn over the days of its interval, widened each side by its claim's
    :data:`~counterbalance.assumptions.DATE_WIDENING_DAYS`; an undated start has always
    begun; an open row ends on a day of its last confirmation, one without either never ends.

    Parameters
    ----------
    frame : pandas.DataFrame
        As :func:`counterbalance.models.timeline.in_force` takes it, with ``credibility``.
    day : date-like
    start_draws, end_draws : numpy.ndarray
        Uniform draws of shape (n, rows) for the start and the end.
    widening_scale : float
        Multiplies the widening (0: dates as stated).

    Returns
    -------
    numpy.ndarray
        Booleans of shape (n, rows).

    Examples
    --------
    Begun on one of 10 to 14 November and confirmed: in force on the 12th in 3 worlds of 5.

    >>> rows = pd.DataFrame({"start_earliest": pd.to_datetime(["2020-11-10"]), "start_latest": pd.to_datetime(["2020-11-14"]),
    ...     "end_earliest": pd.to_datetime([None]), "end_latest": pd.to_datetime([None]), "credibility": [1]})
    >>> draws = np.array([[0.1], [0.3], [0.5], [0.7], [0.9]])
    >>> sample_active(rows, "2020-11-12", draws, draws)[:, 0].tolist()
    [True, True, True, False, False]
    """
    target = float(np.datetime64(pd.Timestamp(day).date(), "D").astype("int64"))
    widen = _widening(frame["credibility"], DATE_WIDENING_DAYS, widening_scale)
    ends = [frame[f"end_{side}"].fillna(frame[f"confirmed_{side}"]) if "confirmed_earliest" in frame else frame[f"end_{side}"]
            for side in ("earliest", "latest")]
    start_lo, start_hi = _days(frame["start_earliest"], -np.inf) - widen, _days(frame["start_latest"], -np.inf) + widen
    end_lo, end_hi = _days(ends[0], np.inf) - widen, _days(ends[1], np.inf) + widen
    with np.errstate(invalid="ignore"):  # undated bounds give inf - inf in the branch np.where discards
        start = np.where(np.isfinite(start_lo), start_lo + np.floor(start_draws * (start_hi - start_lo + 1)), -np.inf)
        end = np.where(np.isfinite(end_lo), end_lo + np.floor(end_draws * (end_hi - end_lo + 1)), np.inf)
    return (start <= target) & (end >= target)


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
                   tail: float = AT_LEAST_TAIL, widening_scale: float = 1.0) -> PowerSamples:
    r"""Theatre power and the counter-balance ratio in `n` worlds drawn from the data.

    .. math:: P_s^{(k)} = \sum_{d \in D_s} w_{c(d)}\, n_d^{(k)}\, a_d^{(k)}

    with :math:`n_d^{(k)}` the figure and :math:`a_d^{(k)}` whether the deployment is in force
    on `as_of`, both drawn for world *k* (:func:`sample_figures`, :func:`sample_active`).

    Parameters
    ----------
    deployments, actors, places : pandas.DataFrame
        As loaded (deployments may be filtered by grade).
    as_of : date-like
    n, seed : int
        Number of worlds; seed of numpy's default generator (the same seed, the same worlds).
    weights, alignment_weight
        As :func:`counterbalance.models.power.theatre_power` and :func:`counterbalance.models.power.counter_balance_ratio`.
    tail : float
        Mean excess of an "at least" figure over its minimum, as a share of the minimum.
    widening_scale : float
        How much the grades widen figures and dates (1: as assumed; 0: not at all).

    Returns
    -------
    PowerSamples

    Examples
    --------
    A confirmed 100 troops on each side: the same in every world.

    >>> deps = pd.DataFrame({"deployment_id": ["t", "r"], "actor_id": ["t", "r"], "place_id": ["p", "p"],
    ...     "capability": ["troops"] * 2, "count_qualifier": ["exact"] * 2, "count_point": [100.0] * 2,
    ...     "count_low": [100.0] * 2, "count_high": [100.0] * 2, "credibility": [1, 1], "source_id": ["a", "b"],
    ...     "start_earliest": [pd.NaT] * 2, "start_latest": [pd.NaT] * 2, "end_earliest": [pd.NaT] * 2, "end_latest": [pd.NaT] * 2})
    >>> worlds = simulate_power(deps, pd.DataFrame({"actor_id": ["t", "r"], "country_id": ["tr", "ru"]}),
    ...                         pd.DataFrame({"place_id": ["p"], "in_theatre": [True]}), "2021-01-01", 5, seed=1)
    >>> worlds.ratio.tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0]

    Notes
    -----
    A Monte Carlo propagation of input uncertainty (e.g. Morgan, M. G. and Henrion, M.
    (1990), *Uncertainty*, Cambridge University Press, ch. 8), with the rows of one report
    perfectly correlated (comonotonic) and different reports independent.
    """
    rng = np.random.default_rng(seed)
    rows = theatre_rows(deployments, actors, places)
    reports = rows["source_id"] if "source_id" in rows else pd.Series([None] * len(rows), dtype=object)
    weight = rows["capability"].astype(str).map(capability_weights(weights)).to_numpy(dtype=float)
    figure_draws, start_draws, end_draws = (report_draws(reports, n, rng) for _ in range(3))
    contribution = (sample_figures(rows, figure_draws, tail, widening_scale) * weight
                    * sample_active(rows, as_of, start_draws, end_draws, widening_scale))
    power = side_totals(contribution, rows["country_id"])
    return PowerSamples(power[BALANCER], power[ALLY], power[RIVAL], side_ratio(power, alignment_weight))


def simulate_triad(actors: pd.DataFrame, relations: pd.DataFrame, as_of: str, n: int, seed: int,
                   triad: tuple[str, str, str] = (ALLY, RIVAL, BALANCER), widening_scale: float = 1.0) -> np.ndarray:
    """The status of one triad of states in `n` sampled worlds: balanced, unbalanced, ambivalent or open.

    In each world a tie between two of the states holds when it is in force on `as_of`
    (its dates drawn as :func:`sample_active` draws them, one report's ties together); each
    pair then stands in the cooperation layer, the rivalry layer, both, or neither
    (:func:`counterbalance.models.network.pair_sign`), and the triad's status follows
    (:func:`counterbalance.models.network.triad_status`).

    Parameters
    ----------
    actors, relations : pandas.DataFrame
        As loaded; relations may be filtered by grade.
    as_of : date-like
    n, seed : int
    triad : tuple of three state ids
    widening_scale : float

    Returns
    -------
    numpy.ndarray
        One status string per world.

    Examples
    --------
    >>> actors = pd.DataFrame({"actor_id": ["a", "b", "c"], "country_id": ["a", "b", "c"]})
    >>> nat = [pd.NaT] * 3
    >>> ties = pd.DataFrame({"source_actor_id": ["a", "b", "a"], "target_actor_id": ["b", "c", "c"], "sign": [1, -1, -1],
    ...     "credibility": [1] * 3, "source_id": ["s"] * 3, "start_earliest": nat, "start_latest": nat,
    ...     "end_earliest": nat, "end_latest": nat})
    >>> simulate_triad(actors, ties, "2021-01-01", 3, seed=0, triad=("a", "b", "c")).tolist()
    ['balanced', 'balanced', 'balanced']
    """
    rng = np.random.default_rng(seed)
    bloc = actors.set_index("actor_id")["country_id"]
    a, b = (relations[f"{end}_actor_id"].map(bloc).astype(object).fillna("") for end in ("source", "target"))
    pairs = [tuple(sorted(p)) for p in zip(a, b)]
    wanted = {tuple(sorted(p)) for p in itertools.combinations(triad, 2)}
    keep = np.array([p in wanted and p[0] != p[1] for p in pairs], dtype=bool)
    rows, kept_pairs = relations[keep].reset_index(drop=True), [p for p, k in zip(pairs, keep) if k]
    reports = rows["source_id"] if "source_id" in rows else pd.Series([None] * len(rows), dtype=object)
    held = sample_active(rows, as_of, report_draws(reports, n, rng), report_draws(reports, n, rng), widening_scale)
    positive = (rows["sign"].astype(int) > 0).to_numpy()
    codes = []
    for pair in (tuple(sorted(p)) for p in ((triad[0], triad[1]), (triad[1], triad[2]), (triad[0], triad[2]))):
        columns = np.array([p == pair for p in kept_pairs], dtype=bool)
        cooperates = (held[:, columns] & positive[columns]).any(axis=1)
        rivals = (held[:, columns] & ~positive[columns]).any(axis=1)
        codes.append(np.where(cooperates | rivals, pair_sign(cooperates, rivals), np.nan))
    return np.asarray(triad_status(*codes), dtype=object)


def triad_shares(statuses: np.ndarray) -> dict[str, float]:
    """How a triad stands across worlds: each closed status as a share of the closed worlds, open apart.

    A world where the triad is open says nothing about its balance, so it is left out of the
    closed statuses' shares instead of counted as a failure; its own share is reported as
    ``open``, of all worlds.

    Parameters
    ----------
    statuses : numpy.ndarray
        One status per world, as :func:`simulate_triad` returns them.

    Returns
    -------
    dict of str to float
        ``balanced``, ``unbalanced``, ``ambivalent`` (shares of the closed worlds, NaN when
        none is closed) and ``open`` (share of all worlds).

    Examples
    --------
    >>> triad_shares(np.array(["balanced", "open", "ambivalent", "balanced"]))
    {'balanced': 0.6666666666666666, 'unbalanced': 0.0, 'ambivalent': 0.3333333333333333, 'open': 0.25}
    """
    statuses = np.asarray(statuses)
    closed = statuses[statuses != "open"]
    shares = {status: float(np.mean(closed == status)) if closed.size else float("nan")
              for status in ("balanced", "unbalanced", "ambivalent")}
    return shares | {"open": float(np.mean(statuses == "open"))}


def sensitivity(deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, as_of: str,
                weights: dict[str, float] | None = None, alignment_weight: float = ALIGNMENT_WEIGHT,
                tail: float = AT_LEAST_TAIL, widening_scale: float = 1.0) -> pd.DataFrame:
    """Which uncertain rows move the ratio most: each row at its extremes, the others at their point.

    A row's low end is its lowest widened figure (0 when it may not be in force yet); its high
    end is its highest (for a minimum, the 95th percentile of its tail), counted as in force
    when it possibly is. Rows whose ends coincide move nothing and are left out.

    Parameters
    ----------
    deployments, actors, places, as_of, weights, alignment_weight, tail, widening_scale
        As :func:`simulate_power`.

    Returns
    -------
    pandas.DataFrame
        ``deployment_id``, ``description``, ``credibility``, ``ratio_low``, ``ratio_high``,
        ``swing`` (their distance) and, when the rows carry them, ``source_id``, ``outlet``
        and ``grade``; sorted by swing, largest first.

    Examples
    --------
    >>> nat = pd.Series([pd.NaT] * 2, dtype="datetime64[ns]")
    >>> deps = pd.DataFrame({"deployment_id": ["tr", "ru"], "actor_id": ["t", "r"], "place_id": ["p", "p"],
    ...     "capability": ["troops", "troops"], "count_qualifier": ["approximately", "exact"],
    ...     "count_point": [100.0, 400.0], "count_low": [50.0, 400.0], "count_high": [150.0, 400.0],
    ...     "credibility": [1, 1], "description": ["", ""],
    ...     "start_earliest": nat, "start_latest": nat, "end_earliest": nat, "end_latest": nat})
    >>> actors = pd.DataFrame({"actor_id": ["t", "r"], "country_id": ["tr", "ru"]})
    >>> places = pd.DataFrame({"place_id": ["p"], "in_theatre": [True]})
    >>> sensitivity(deps, actors, places, "2020-12-01")[["deployment_id", "ratio_low", "ratio_high"]].values.tolist()
    [['tr', 0.125, 0.375]]
    """
    rows = theatre_rows(deployments, actors, places)
    columns = ["deployment_id", "description", "credibility", "ratio_low", "ratio_high", "swing", *[c for c in PROVENANCE if c in rows]]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    weight = rows["capability"].astype(str).map(capability_weights(weights)).to_numpy(dtype=float)
    point = np.where(rows["count_qualifier"].astype(str) == "unknown", 0.0,
                     rows["count_point"].astype("Float64").fillna(0).to_numpy(dtype=float))
    lowest = sample_figures(rows, np.zeros((1, len(rows))), tail, widening_scale)[0]
    highest = sample_figures(rows, np.full((1, len(rows)), 0.95), tail, widening_scale)[0]
    highest = np.where(rows["count_qualifier"].astype(str) == "at_least", highest,
                       sample_figures(rows, np.ones((1, len(rows))), tail, widening_scale)[0])
    surely, possibly = in_force(rows, as_of, "surely"), in_force(rows, as_of, "possibly")
    base = point * in_force(rows, as_of)
    figures = np.tile(base, (2 * len(rows), 1))
    index = np.arange(len(rows))
    figures[index, index] = np.where(surely, lowest, 0.0)
    figures[len(rows) + index, index] = np.where(possibly, highest, 0.0)
    ratios = side_ratio(side_totals(figures * weight, rows["country_id"]), alignment_weight)
    low_end, high_end = ratios[: len(rows)], ratios[len(rows):]
    frame = rows.assign(ratio_low=np.minimum(low_end, high_end), ratio_high=np.maximum(low_end, high_end))
    frame = frame.assign(swing=frame["ratio_high"] - frame["ratio_low"], credibility=frame["credibility"].astype(int))[columns]
    frame = frame[frame["ratio_low"] != frame["ratio_high"]]
    return frame.sort_values(["swing", "deployment_id"], ascending=[False, True], ignore_index=True)
