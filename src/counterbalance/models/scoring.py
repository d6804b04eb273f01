"""The 2020 judgements scored against what happened: Brier and log scores, two baselines, and skill with its uncertainty.

Once events have settled a judgement, its likelihood can be scored (the judgement calls are
listed in :mod:`counterbalance.models.judgements`). The rules, stated once:

* An outcome is binary: 1 if it happened, 0 if not. A judgement that came *partly* true counts
  as :data:`counterbalance.assumptions.PARTLY` of a hit and the rest of a miss: every scoring
  rule takes its weighted mean over the two, so the scores stay proper, agree with
  scikit-learn's on binary outcomes with those weights, and every forecast and baseline is
  scored alike on a partly outcome.
* Brier's (1950) score is the squared gap between the probability and the outcome, the log
  score the negative natural log of the probability given to what happened (lower is better
  for both).
* Two baselines: always 50 %, and always the base rate of the resolved set (climatology,
  known only after the fact, so it is a hard baseline). The Brier skill score against a
  baseline is one minus the ratio of the two mean scores; its uncertainty is the 90 % interval
  of the difference in mean Brier score over a paired bootstrap of the judgements (each draw
  takes the same judgements for both, and recomputes the base rate), seeded, so it is the same
  every run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..assumptions import BOOTSTRAP_DRAWS, BOOTSTRAP_SEED, ICD203_EDGES, INTERVAL
from .judgements import ARTICLE, REPORT, hedge_probability, is_blank, likelihood_word, outcome_value

__all__ = ["SCORE_COLUMNS", "BASELINES", "resolved_pairs", "brier_score", "log_score", "brier_scores", "skill_scores", "interval_text", "skill_reading"]

#: The columns :func:`brier_scores` returns, in order.
SCORE_COLUMNS = ("judgement_id", "by", "kind", "statement", "stated_likelihood", "word", "probability", "outcome",
                 "outcome_value", "resolved_on", "brier", "log")
#: The baselines a forecast is compared with, and what each forecasts.
BASELINES = {"even": "always 50 %", "base_rate": "always the base rate of the resolved set"}


def resolved_pairs(probability, outcome) -> tuple[np.ndarray, np.ndarray]:
    """The probabilities and outcomes of the resolved judgements, checked, as float arrays.

    Parameters
    ----------
    probability : array_like of float
        The probability of each judgement, in [0, 1]; NaN when none was stated.
    outcome : array_like of float
        Its outcome: 1, 0, or :data:`~counterbalance.assumptions.PARTLY` for partly; NaN or
        None when not resolvable. A judgement lacking either is left out.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)

    Raises
    ------
    ValueError
        If the two differ in length, or a value lies outside [0, 1].

    Examples
    --------
    >>> resolved_pairs([0.9, 0.6, float("nan")], [1, None, 0])
    (array([0.9]), array([1.]))
    """
    p = pd.Series(list(np.ravel(probability)), dtype="Float64").to_numpy(dtype=float, na_value=np.nan)
    o = pd.Series(list(np.ravel(outcome)), dtype="Float64").to_numpy(dtype=float, na_value=np.nan)
    if len(p) != len(o):
        raise ValueError(f"{len(p)} probabilities but {len(o)} outcomes")
    for name, values in (("probabilities", p), ("outcomes", o)):
        wrong = values[(values < 0) | (values > 1)]
        if len(wrong):
            raise ValueError(f"{name} must lie in [0, 1] (or be NaN); got {sorted(set(wrong.tolist()))}")
    keep = ~np.isnan(p) & ~np.isnan(o)
    return p[keep], o[keep]


def _brier_each(p: np.ndarray, o: np.ndarray) -> np.ndarray:
    """Each judgement's Brier score: the outcome's share of a hit scored (p - 1)^2, the rest p^2."""
    return o * (1 - p) ** 2 + (1 - o) * p ** 2


def _log_each(p: np.ndarray, o: np.ndarray) -> np.ndarray:
    """Each judgement's log score: the outcome's share of a hit scored -ln p, the rest -ln(1 - p)."""
    with np.errstate(divide="ignore", invalid="ignore"):  # a certainty that failed scores infinity; a share of 0 adds nothing
        return np.where(o > 0, o * -np.log(p), 0.0) + np.where(o < 1, (1 - o) * -np.log(1 - p), 0.0)


def brier_score(probability, outcome) -> float:
    """The mean Brier score of the resolved judgements (NaN when none has resolved).

    Parameters
    ----------
    probability, outcome : array_like of float
        As :func:`resolved_pairs`.

    Returns
    -------
    float

    Examples
    --------
    A 90 % forecast that happened, a 20 % one that did not, and a "likely" (67.5 %) one that
    came partly true, half a hit and half a miss:
    (0.01 + 0.04 + (0.5 x 0.325^2 + 0.5 x 0.675^2)) / 3:

    >>> round(brier_score([0.9, 0.2, 0.675], [1, 0, 0.5]), 6)
    0.110208

    Notes
    -----
    On outcomes of 0 and 1 this is scikit-learn's ``brier_score_loss``; a partly outcome is
    the same with two weighted outcomes (the tests check both).
    """
    p, o = resolved_pairs(probability, outcome)
    return float(np.mean(_brier_each(p, o))) if len(p) else math.nan


def log_score(probability, outcome) -> float:
    """The mean log score (natural log) of the resolved judgements: infinite if a certainty failed.

    Parameters
    ----------
    probability, outcome : array_like of float
        As :func:`resolved_pairs`.

    Returns
    -------
    float

    Examples
    --------
    >>> round(log_score([0.9, 0.2], [1, 0]), 6)  # (-ln 0.9 - ln 0.8) / 2
    0.164252
    >>> round(log_score([0.5], [0.5]), 6)  # half a hit and half a miss at 50 %: ln 2
    0.693147
    """
    p, o = resolved_pairs(probability, outcome)
    return float(np.mean(_log_each(p, o))) if len(p) else math.nan


def brier_scores(judgements: pd.DataFrame, outcomes: pd.DataFrame, probabilities: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Each judgement that has an outcome, with the probability it stated and its Brier and log scores.

    Parameters
    ----------
    judgements : pandas.DataFrame
        ``judgement_id``, ``by`` (``article`` or ``report``), ``kind``, ``statement``,
        ``stated_likelihood`` (the article's hedge words, missing when unhedged).
    outcomes : pandas.DataFrame
        ``judgement_id``, ``outcome``, ``resolved_on``, as in ``outcomes.csv``; at most one
        row per judgement.
    probabilities : mapping of str to float, optional
        A probability by judgement_id: for the report's own judgements (required), or in
        place of an article judgement's hedge (a model's forecast of it).

    Returns
    -------
    pandas.DataFrame
        One row per judgement with an outcome, in the order of `judgements`, with the columns
        of :data:`SCORE_COLUMNS`: ``word`` (the ICD 203 expression scored), ``probability``
        (the hedge's band middle, or the given one held within the directive's 1 % to 99 %),
        ``outcome_value`` (1, 0, :data:`~counterbalance.assumptions.PARTLY`; NaN when not
        scored) and ``brier`` and ``log`` (NaN when not scored or no probability).

    Raises
    ------
    KeyError
        If a report judgement is missing from `probabilities`; the message names it.
    ValueError
        If a column is missing, a judgement has more than one outcome, ``by`` is neither
        ``article`` nor ``report``, a hedge or an outcome is unknown.

    Examples
    --------
    >>> judgements = pd.DataFrame({"judgement_id": ["fcst_drills", "kj_triad"], "by": ["article", "report"],
    ...     "kind": ["forecast", "assessment"], "statement": ["Larger drills", "A balanced triad"],
    ...     "stated_likelihood": ["probably", None]})
    >>> outcomes = pd.DataFrame({"judgement_id": ["fcst_drills", "kj_triad"], "outcome": ["happened", "partly"],
    ...     "resolved_on": ["2023-10", "2022-02-22"]})
    >>> brier_scores(judgements, outcomes, {"kj_triad": 0.9})[["word", "probability", "outcome_value", "brier", "log"]].round(4)
              word  probability  outcome_value   brier    log
    0       likely        0.675            1.0  0.1056  0.393
    1  very likely        0.900            0.5  0.4100  1.204
    """
    missing_columns = [c for c in ("judgement_id", "by", "kind", "statement", "stated_likelihood") if c not in judgements]
    missing_columns += [c for c in ("judgement_id", "outcome", "resolved_on") if c not in outcomes]
    if missing_columns:
        raise ValueError(f"missing column(s) {', '.join(missing_columns)}")
    repeated = sorted(set(outcomes.loc[outcomes["judgement_id"].duplicated(), "judgement_id"].astype(str)))
    if repeated:
        raise ValueError(f"judgement(s) with more than one outcome: {', '.join(repeated)}")
    known = outcomes.set_index(outcomes["judgement_id"].astype(str))
    scored = judgements[judgements["judgement_id"].astype(str).isin(known.index)]
    wrong_by = sorted(set(scored["by"].astype(str)) - {ARTICLE, REPORT})
    if wrong_by:
        raise ValueError(f"judgements by {', '.join(map(repr, wrong_by))}: by is 'article' or 'report'")
    given = dict(probabilities or {})
    lacking = [j for j in scored.loc[scored["by"].astype(str) == REPORT, "judgement_id"].astype(str) if j not in given]
    if lacking:
        raise KeyError(f"no probability for the report's judgement(s) {', '.join(lacking)}: pass them in `probabilities`")
    rows = []
    for judgement in scored.itertuples(index=False):
        judgement_id = str(judgement.judgement_id)
        if judgement_id in given:
            probability = float(given[judgement_id])
            if not math.isnan(probability):  # no more certain than the directive's scale can say: 1 % to 99 %
                probability = min(max(probability, ICD203_EDGES[0]), ICD203_EDGES[-1])
            word = None if math.isnan(probability) else likelihood_word(probability)
        else:
            word, probability = hedge_probability(judgement.stated_likelihood)
        outcome = known.loc[judgement_id]
        value = outcome_value(outcome["outcome"])
        p, o = np.array([probability]), np.array([math.nan if value is None else value])
        settled = not (np.isnan(p[0]) or np.isnan(o[0]))
        rows.append({
            "judgement_id": judgement_id, "by": str(judgement.by), "kind": str(judgement.kind), "statement": str(judgement.statement),
            "stated_likelihood": None if is_blank(judgement.stated_likelihood) else str(judgement.stated_likelihood), "word": word,
            "probability": probability, "outcome": str(outcome["outcome"]), "outcome_value": o[0],
            "resolved_on": None if is_blank(outcome["resolved_on"]) else str(outcome["resolved_on"]),
            "brier": float(_brier_each(p, o)[0]) if settled else math.nan, "log": float(_log_each(p, o)[0]) if settled else math.nan,
        })
    return pd.DataFrame(rows, columns=list(SCORE_COLUMNS)).astype({"probability": float, "outcome_value": float, "brier": float, "log": float})


def skill_scores(probability, outcome, draws: int = BOOTSTRAP_DRAWS, seed: int = BOOTSTRAP_SEED) -> dict[str, dict]:
    """The forecasts' Brier score against each baseline, with the paired-bootstrap interval of the difference.

    Parameters
    ----------
    probability, outcome : array_like of float
        As :func:`resolved_pairs`.
    draws, seed : int
        Bootstrap draws (each resamples the judgements with replacement) and the generator's seed.

    Returns
    -------
    dict of str to dict
        By baseline (:data:`BASELINES`): ``forecast`` and ``baseline`` (mean Brier scores),
        ``skill`` (1 - forecast / baseline; NaN when the baseline scores 0), ``difference``
        (forecast - baseline: below 0, the forecasts did better), ``low`` and ``high`` (its
        90 % interval), ``better_share`` (the share of draws in which the forecasts did
        better) and ``rate`` (the probability the baseline states: 0.5, or the base rate).

    Raises
    ------
    ValueError
        As :func:`resolved_pairs`, or if no judgement has resolved.

    Examples
    --------
    Four forecasts at 90 % that all came about, and one at 20 % that did not: the base rate is
    0.8, and climatology scores (4 x 0.04 + 0.64) / 5 = 0.16 against the forecasts' 0.016.

    >>> skill = skill_scores([0.9, 0.9, 0.9, 0.9, 0.2], [1, 1, 1, 1, 0], draws=2000, seed=1)
    >>> {k: round(skill["base_rate"][k], 3) for k in ("forecast", "baseline", "skill", "rate")}
    {'forecast': 0.016, 'baseline': 0.16, 'skill': 0.9, 'rate': 0.8}
    >>> skill["even"]["baseline"], skill["even"]["high"] < 0
    (0.25, True)
    """
    p, o = resolved_pairs(probability, outcome)
    if not len(p):
        raise ValueError("no resolved judgement to score")
    forecast_each = _brier_each(p, o)
    picks = np.random.default_rng(seed).integers(0, len(p), size=(draws, len(p)))
    forecast_draws = forecast_each[picks].mean(axis=1)
    rates = {"even": np.full(draws, 0.5), "base_rate": o[picks].mean(axis=1)}
    points = {"even": 0.5, "base_rate": float(o.mean())}
    tail = (1 - INTERVAL) / 2
    out = {}
    for name in BASELINES:
        baseline = float(np.mean(_brier_each(np.full(len(p), points[name]), o)))
        forecast = float(forecast_each.mean())
        baseline_draws = np.mean(_brier_each(rates[name][:, None], o[picks]), axis=1)
        difference = forecast_draws - baseline_draws
        low, high = np.quantile(difference, [tail, 1 - tail])
        out[name] = {"forecast": forecast, "baseline": baseline, "skill": 1 - forecast / baseline if baseline else math.nan,
                     "difference": forecast - baseline, "low": float(low), "high": float(high),
                     "better_share": float(np.mean(difference < 0)), "rate": points[name]}
    return out


def interval_text(interval: Mapping[str, float]) -> str:
    """A skill score's 90 % interval of the difference, as a reader reads it (true minus signs, three decimals).

    Parameters
    ----------
    interval : mapping
        ``low`` and ``high``, as in each baseline's entry of :func:`skill_scores`.

    Returns
    -------
    str

    Examples
    --------
    >>> interval_text({"low": -0.0511, "high": 0.0208})
    '−0.051 to 0.021'
    """
    return " to ".join(f"{interval[end]:.3f}".replace("-", "−") for end in ("low", "high"))


def skill_reading(skill: dict[str, dict]) -> str:
    """What the skill scores' intervals allow one to say, baseline by baseline, in words.

    Parameters
    ----------
    skill : dict
        As :func:`skill_scores` returns it.

    Returns
    -------
    str
        One sentence per baseline: the 90 % interval of the difference in mean Brier score
        (forecasts less baseline) and whether it lies below zero (the forecasts did better),
        above it (worse), or includes it (the judgements cannot tell).

    Examples
    --------
    >>> skill = {"even": {"low": -0.2, "high": -0.05, "rate": 0.5}, "base_rate": {"low": -0.05, "high": 0.02, "rate": 0.8333}}
    >>> print(skill_reading(skill))
    Against an even chance, the 90 % interval of the difference in mean Brier score runs from −0.200 to −0.050, wholly below zero: \
the judgements did better. Against the base rate, it runs from −0.050 to 0.020 and includes zero: these judgements cannot tell \
whether they did better or worse.
    """
    sentences = []
    for name, s in skill.items():
        against = "an even chance" if name == "even" else "the base rate"
        runs = ("the 90 % interval of the difference in mean Brier score runs" if not sentences else "it runs") + \
            " from " + interval_text(s)
        if s["high"] < 0:
            verdict = f"{runs}, wholly below zero: the judgements did better."
        elif s["low"] > 0:
            verdict = f"{runs}, wholly above zero: the judgements did worse."
        else:
            verdict = f"{runs} and includes zero: these judgements cannot tell whether they did better or worse."
        sentences.append(f"Against {against}, {verdict}")
    return " ".join(sentences)
