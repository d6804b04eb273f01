"""The 2020 judgements scored against what happened: Brier scores, Murphy's decomposition, calibration.

Once events have settled a judgement, its likelihood can be scored (the judgement calls are
listed in :mod:`counterbalance.models.judgements`): Brier's (1950) score per judgement and
overall, split by Murphy's (1973) decomposition into reliability, resolution and
uncertainty where the count allows, and the bins of a calibration chart.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..assumptions import ICD203_EDGES
from .judgements import ARTICLE, REPORT, hedge_probability, is_blank, likelihood_word, outcome_value

__all__ = ["SCORE_COLUMNS", "brier_scores", "brier_decomposition", "calibration_frame"]

#: The columns :func:`brier_scores` returns, in order.
SCORE_COLUMNS = ("judgement_id", "by", "kind", "statement", "stated_likelihood", "word", "probability", "outcome",
                 "outcome_value", "resolved_on", "brier")


def _require(frame: pd.DataFrame, name: str, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {', '.join(missing)}")


def _text(value: object) -> str | None:
    """A cell as a Python string, or None when it is missing."""
    return None if is_blank(value) else str(value)


def brier_scores(judgements: pd.DataFrame, outcomes: pd.DataFrame,
                 probabilities: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Each judgement that has an outcome, with the probability it stated and its Brier score.

    The Brier score of one judgement is :math:`(p - o)^2`: the squared distance between the
    probability `p` given to the statement and the outcome `o` (1 it happened, 0 it did not).
    0 is a perfect score, 1 the worst; a constant 50 % scores 0.25 whatever happens.

    Parameters
    ----------
    judgements : pandas.DataFrame
        ``judgement_id``, ``by`` (``article`` or ``report``), ``kind``, ``statement``,
        ``stated_likelihood`` (the article's hedge words, missing when unhedged), as in
        ``judgements.csv``.
    outcomes : pandas.DataFrame
        ``judgement_id``, ``outcome``, ``resolved_on``, as in ``outcomes.csv``; at most one
        row per judgement.
    probabilities : mapping of str to float, optional
        The probability of each of the report's own judgements (``by`` = ``report``), by
        judgement_id, as the models compute it. Not needed when every judgement is the
        article's.

    Returns
    -------
    pandas.DataFrame
        One row per judgement with an outcome, in the order of `judgements`, with columns
        ``judgement_id``, ``by``, ``kind``, ``statement``, ``stated_likelihood`` (None when
        unhedged), ``word`` (the ICD 203 expression scored), ``probability``, ``outcome``,
        ``outcome_value`` (NaN when not resolvable), ``resolved_on`` and ``brier`` (NaN when
        not resolvable). An article judgement takes its probability from
        :func:`hedge_probability`, a report judgement from `probabilities`, held within the
        directive's 1 % to 99 % (its word from :func:`likelihood_word`); a report judgement the models give no probability (NaN)
        keeps its row with no word and no score.

    Raises
    ------
    KeyError
        If a report judgement is missing from `probabilities`; the message names it.
    ValueError
        If a column is missing, a judgement has more than one outcome, ``by`` is neither
        ``article`` nor ``report``, a hedge or an outcome is unknown, or a probability is
        outside [0, 1].

    Examples
    --------
    The article forecast "probably" (scored 0.675) and it happened; the report gave 0.9 to a
    statement that came partly true:

    >>> judgements = pd.DataFrame({"judgement_id": ["fcst_drills", "kj_triad"], "by": ["article", "report"],
    ...     "kind": ["forecast", "assessment"], "statement": ["Larger drills", "A balanced triad"],
    ...     "stated_likelihood": ["probably", None]})
    >>> outcomes = pd.DataFrame({"judgement_id": ["fcst_drills", "kj_triad"], "outcome": ["happened", "partly"],
    ...     "resolved_on": ["2023-10", "2022-02-22"]})
    >>> scores = brier_scores(judgements, outcomes, {"kj_triad": 0.9})
    >>> scores[["judgement_id", "word", "probability", "outcome_value", "brier"]].round(4)
      judgement_id         word  probability  outcome_value   brier
    0  fcst_drills       likely        0.675            1.0  0.1056
    1     kj_triad  very likely        0.900            0.5  0.1600

    Notes
    -----
    The score is Brier's (1950). A judgement events cannot settle keeps its row, so the table
    shows it, but its score is NaN and every mean leaves it out. The probability of the
    report's own judgements is computed from data gathered after the fact: their score says
    how well the models read the evidence, not how well anyone foresaw events.

    References
    ----------
    .. [1] G. W. Brier, "Verification of forecasts expressed in terms of probability",
       *Monthly Weather Review* 78(1), 1-3, 1950.
    """
    _require(judgements, "judgements", ("judgement_id", "by", "kind", "statement", "stated_likelihood"))
    _require(outcomes, "outcomes", ("judgement_id", "outcome", "resolved_on"))
    repeated = sorted(set(outcomes.loc[outcomes["judgement_id"].duplicated(), "judgement_id"].astype(str)))
    if repeated:
        raise ValueError(f"judgement(s) with more than one outcome: {', '.join(repeated)}")
    known_outcomes = outcomes.set_index(outcomes["judgement_id"].astype(str))
    scored = judgements[judgements["judgement_id"].astype(str).isin(known_outcomes.index)]
    unknown_by = sorted(set(scored["by"].astype(str)) - {ARTICLE, REPORT})
    if unknown_by:
        raise ValueError(f"judgements by {', '.join(map(repr, unknown_by))}: by is 'article' or 'report'")
    probabilities = dict(probabilities or {})
    report_ids = scored.loc[scored["by"].astype(str) == REPORT, "judgement_id"].astype(str)
    missing = [j for j in report_ids if j not in probabilities]
    if missing:
        raise KeyError(f"no probability for the report's judgement(s) {', '.join(missing)}: "
                       "pass them in `probabilities` (judgement_id -> probability)")
    rows = []
    for judgement in scored.itertuples(index=False):
        judgement_id, by = str(judgement.judgement_id), str(judgement.by)
        if by == ARTICLE:
            word, probability = hedge_probability(judgement.stated_likelihood)
        else:
            probability = float(probabilities[judgement_id])
            if not math.isnan(probability):  # no more certain than the directive's scale can say: 1 % to 99 %
                probability = min(max(probability, ICD203_EDGES[0]), ICD203_EDGES[-1])
            word = None if math.isnan(probability) else likelihood_word(probability)
        outcome = known_outcomes.loc[judgement_id]
        value = outcome_value(outcome["outcome"])
        rows.append({
            "judgement_id": judgement_id, "by": by, "kind": str(judgement.kind), "statement": str(judgement.statement),
            "stated_likelihood": _text(judgement.stated_likelihood), "word": word, "probability": probability,
            "outcome": str(outcome["outcome"]), "outcome_value": math.nan if value is None else value,
            "resolved_on": _text(outcome["resolved_on"]),
            "brier": math.nan if value is None or math.isnan(probability) else (probability - value) ** 2,
        })
    return pd.DataFrame(rows, columns=list(SCORE_COLUMNS)).astype({"probability": float, "outcome_value": float, "brier": float})


def _resolved(probability, outcome) -> tuple[np.ndarray, np.ndarray]:
    """The probabilities and outcomes of the resolved judgements, checked, as float arrays."""
    p = pd.Series(list(np.ravel(probability)) if np.ndim(probability) else [probability], dtype="Float64")
    o = pd.Series(list(np.ravel(outcome)) if np.ndim(outcome) else [outcome], dtype="Float64")
    p = p.to_numpy(dtype=float, na_value=np.nan)
    o = o.to_numpy(dtype=float, na_value=np.nan)
    if len(p) != len(o):
        raise ValueError(f"{len(p)} probabilities but {len(o)} outcomes")
    for name, values in (("probabilities", p), ("outcomes", o)):
        wrong = values[(values < 0) | (values > 1)]
        if len(wrong):
            raise ValueError(f"{name} must lie in [0, 1] (or be NaN); got {sorted(set(wrong.tolist()))}")
    resolved = ~np.isnan(p) & ~np.isnan(o)
    return p[resolved], o[resolved]


def _bin_of(probability: np.ndarray, bins: int) -> np.ndarray:
    """Each probability's bin among `bins` equal-width bins of [0, 1]: [low, high), the last closed."""
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 1:
        raise ValueError(f"bins must be a whole number of at least 1; got {bins!r}")
    edges = np.arange(bins + 1) / bins  # k / bins, so 3 / 5 is the same float as 0.6
    return np.clip(np.searchsorted(edges, probability, side="right") - 1, 0, bins - 1)


def brier_decomposition(probability, outcome, bins: int) -> dict[str, float | int | str | None]:
    """The mean Brier score split into reliability, resolution and uncertainty (Murphy 1973).

    Over :math:`N` resolved judgements sorted into :math:`K` bins of stated probability, bin
    :math:`k` holding :math:`n_k` of them with mean probability :math:`\\bar p_k` and mean
    outcome :math:`\\bar o_k`, and :math:`\\bar o` the mean outcome of all:

    .. math::

        \\mathrm{BS} = \\underbrace{\\frac{1}{N}\\sum_k n_k(\\bar p_k - \\bar o_k)^2}_{\\text{reliability}}
        - \\underbrace{\\frac{1}{N}\\sum_k n_k(\\bar o_k - \\bar o)^2}_{\\text{resolution}}
        + \\underbrace{\\frac{1}{N}\\sum_i (o_i - \\bar o)^2}_{\\text{uncertainty}}

    Reliability is the calibration error (lower is better), resolution how far the
    judgements sort what happened from what did not (higher is better), and uncertainty
    how hard the questions were, whoever answered them.

    Parameters
    ----------
    probability : array_like(float, ndim=1)
        The probability of each judgement, in [0, 1]; NaN when none was stated.
    outcome : array_like(float, ndim=1)
        Its outcome (1, 0, or 0.5 for partly); NaN or None when not resolvable. A judgement
        lacking either is left out.
    bins : int
        Number of equal-width bins of [0, 1]; each is [low, high), the last one closed.

    Returns
    -------
    dict
        ``count`` (resolved judgements), ``brier`` (their mean Brier score, NaN if none),
        ``reliability``, ``resolution``, ``uncertainty``, and ``note``: None when the terms
        are computed; otherwise the terms are NaN and the note says why (fewer than two
        resolved judgements, or every outcome the same, which leaves nothing to resolve).

    Raises
    ------
    ValueError
        If the two arrays differ in length, a probability or an outcome lies outside
        [0, 1], or `bins` is not a whole number of at least 1.

    Examples
    --------
    Two forecasts at 90 %, one of which happened, and two at 20 %, neither of which did;
    five bins. The mean Brier score is (0.01 + 0.81 + 0.04 + 0.04) / 4 = 0.225, and
    0.1 - 0.0625 + 0.1875 = 0.225:

    >>> terms = brier_decomposition([0.9, 0.9, 0.2, 0.2], [1, 0, 0, 0], bins=5)
    >>> {name: round(value, 4) for name, value in terms.items() if name != "note"}
    {'count': 4, 'brier': 0.225, 'reliability': 0.1, 'resolution': 0.0625, 'uncertainty': 0.1875}
    >>> brier_decomposition([0.9, 0.6], [1, 1], bins=5)["note"]
    'every resolved outcome is 1: with nothing to resolve, the decomposition is undefined'

    Notes
    -----
    The identity is exact when every judgement in a bin states the same probability, as
    hedge words read on the ICD 203 scale do when no two bands share a bin. When
    probabilities within a bin differ, the bin's mean stands for all of them and the
    identity is approximate: the remainder is the within-bin variance and covariance terms
    of Stephenson, Coelho and Jolliffe (2008). Uncertainty is written as the variance of
    the outcomes, which for outcomes of 0 and 1 is Murphy's :math:`\\bar o(1 - \\bar o)`,
    and which keeps the identity exact when an outcome is scored at one half (partly).
    With few judgements the terms are descriptive; no test of significance is implied.

    References
    ----------
    .. [1] A. H. Murphy, "A new vector partition of the probability score", *Journal of
       Applied Meteorology* 12(4), 595-600, 1973.
    .. [2] G. W. Brier, "Verification of forecasts expressed in terms of probability",
       *Monthly Weather Review* 78(1), 1-3, 1950.
    """
    p, o = _resolved(probability, outcome)
    index = _bin_of(p, bins)
    count = len(p)
    terms: dict[str, float | int | str | None] = {
        "count": count, "brier": float(np.mean((p - o) ** 2)) if count else math.nan,
        "reliability": math.nan, "resolution": math.nan, "uncertainty": math.nan, "note": None,
    }
    if count < 2:
        terms["note"] = f"{count} resolved judgement{'' if count == 1 else 's'}: the decomposition needs at least 2"
        return terms
    if np.all(o == o[0]):
        terms["note"] = f"every resolved outcome is {o[0]:g}: with nothing to resolve, the decomposition is undefined"
        return terms
    counts = np.bincount(index, minlength=bins)
    held = counts > 0
    mean_p = np.bincount(index, weights=p, minlength=bins)[held] / counts[held]
    mean_o = np.bincount(index, weights=o, minlength=bins)[held] / counts[held]
    overall = o.mean()
    terms["reliability"] = float(np.sum(counts[held] * (mean_p - mean_o) ** 2) / count)
    terms["resolution"] = float(np.sum(counts[held] * (mean_o - overall) ** 2) / count)
    terms["uncertainty"] = float(np.mean((o - overall) ** 2))
    return terms


def calibration_frame(probability, outcome, bins: int) -> pd.DataFrame:
    """How often what was judged at each level of probability came about: a reliability table.

    Parameters
    ----------
    probability, outcome, bins
        As :func:`brier_decomposition`.

    Returns
    -------
    pandas.DataFrame
        One row per bin holding at least one resolved judgement, lowest first: ``bin_low``,
        ``bin_high``, ``mean_probability`` (the mean stated probability in the bin),
        ``observed_frequency`` (the mean outcome: the share that came about, a partial
        outcome counting one half) and ``count``. A well-calibrated judge's bins lie on the
        diagonal, observed frequency equal to mean probability.

    Raises
    ------
    ValueError
        If the two arrays differ in length, a probability or an outcome lies outside
        [0, 1], or `bins` is not a whole number of at least 1.

    Examples
    --------
    The four forecasts of :func:`brier_decomposition`'s example, and one not yet resolvable:

    >>> calibration_frame([0.9, 0.9, 0.2, 0.2, 0.5], [1, 0, 0, 0, None], bins=5)
       bin_low  bin_high  mean_probability  observed_frequency  count
    0      0.2       0.4               0.2                 0.0      2
    1      0.8       1.0               0.9                 0.5      2

    Notes
    -----
    This is the table behind a reliability diagram, and its rows give the reliability and
    resolution terms of Murphy's (1973) decomposition (:func:`brier_decomposition`). With a
    handful of judgements per bin, an observed frequency is a small-sample share, not an
    estimate of a rate.

    References
    ----------
    .. [1] A. H. Murphy, "A new vector partition of the probability score", *Journal of
       Applied Meteorology* 12(4), 595-600, 1973.
    """
    p, o = _resolved(probability, outcome)
    index = _bin_of(p, bins)
    counts = np.bincount(index, minlength=bins)
    held = np.flatnonzero(counts)
    return pd.DataFrame({
        "bin_low": held / bins, "bin_high": (held + 1) / bins,
        "mean_probability": np.bincount(index, weights=p, minlength=bins)[held] / counts[held],
        "observed_frequency": np.bincount(index, weights=o, minlength=bins)[held] / counts[held],
        "count": counts[held].astype(int),
    })
