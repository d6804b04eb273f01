"""Judgements in words: likelihoods on the ICD 203 scale, confidence, hedges and outcomes.

A likelihood is how probable a statement is; a confidence is how good the evidence behind
it is. Intelligence practice keeps the two apart, and so does the report. Judgement calls
made here and in :mod:`counterbalance.models.scoring`, summarised in the Methods chapter:

* An author's hedge words are read as an ICD 203 expression
  (:data:`counterbalance.assumptions.HEDGE_WORDS`), and the probability scored is the middle
  of that expression's band; an assessment stated without a hedge is read as
  :data:`counterbalance.assumptions.UNHEDGED`.
* A judgement that came partly true is scored against
  :data:`counterbalance.assumptions.PARTLY`; one that events cannot yet settle is kept in the
  table but left out of every mean.
* The score is Brier's (1950): the squared difference between the probability and the
  outcome (0 is perfect, 1 the worst possible), split by Murphy's (1973) decomposition into
  reliability, resolution and uncertainty.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..assumptions import HEDGE_WORDS, ICD203_SCALE, PARTLY, UNHEDGED

__all__ = [
    "OUTCOME_VALUES", "ARTICLE", "REPORT", "is_blank", "likelihood_word", "confidence_level", "hedge_probability", "outcome_value",
]

#: Each ICD 203 expression's band of probability.
_BANDS = {word: (low, high) for word, low, high in ICD203_SCALE}
#: What each outcome of ``outcomes.csv`` is scored against; None: not (yet) scorable.
OUTCOME_VALUES = {"happened": 1.0, "did_not_happen": 0.0, "partly": PARTLY, "not_yet_resolvable": None, "not_scored": None}
#: Who makes a judgement: the 2020 article (hedge words) or this report (computed probabilities).
ARTICLE, REPORT = "article", "report"


def likelihood_word(probability: float) -> str:
    """The ICD 203 expression for a probability.

    Parameters
    ----------
    probability : float

    Returns
    -------
    str
        The phrase of :data:`counterbalance.assumptions.ICD203_SCALE` whose band holds it.
        The directive's bands run from 1 % to 99 %: below the first, a probability takes the
        first word, from the last edge up, the last.

    Raises
    ------
    ValueError
        If `probability` is not in [0, 1].

    Examples
    --------
    >>> [likelihood_word(p) for p in (0.0, 0.01, 0.05, 0.5, 0.55, 0.949, 0.95, 0.99, 1.0)]
    ['almost no chance', 'almost no chance', 'very unlikely', 'roughly even chance', 'likely', 'very likely', 'almost certain', 'almost certain', 'almost certain']
    """
    if not 0 <= probability <= 1 or math.isnan(probability):
        raise ValueError(f"probability {probability} is outside [0, 1]")
    for word, _, high in ICD203_SCALE[:-1]:
        if probability < high:
            return word
    return ICD203_SCALE[-1][0]


def confidence_level(grades: pd.Series) -> str:
    """Confidence in a judgement from the Admiralty grades of the rows it rests on.

    *High* when every row is B2 or better, *moderate* when every row is C3 or better, *low*
    otherwise: the weakest supporting row decides, as a chain is as strong as its weakest link.

    Parameters
    ----------
    grades : pandas.Series
        Admiralty grades such as ``"B2"``, one per supporting row.

    Returns
    -------
    str

    Examples
    --------
    >>> confidence_level(pd.Series(["A1", "B2"])), confidence_level(pd.Series(["B2", "C3"])), confidence_level(pd.Series(["B2", "D2"]))
    ('high', 'moderate', 'low')
    """
    letters, digits = grades.str[0], grades.str[1].astype(int)
    if ((letters <= "B") & (digits <= 2)).all():
        return "high"
    if ((letters <= "C") & (digits <= 3)).all():
        return "moderate"
    return "low"


def is_blank(value: object) -> bool:
    """True for None, a missing value (NaN, pd.NA) or a string of white space only.

    Parameters
    ----------
    value : object
        A cell of a loaded table.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_blank(None), is_blank(float("nan")), is_blank("  "), is_blank("likely")
    (True, True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return bool(pd.isna(value)) if np.ndim(value) == 0 else False


def hedge_probability(stated_likelihood: str | None) -> tuple[str, float]:
    """The ICD 203 expression an author's hedge words amount to, and the probability scored.

    Parameters
    ----------
    stated_likelihood : str or None
        The author's own words of likelihood, as in ``judgements.csv`` (``"probably"``,
        ``"by all indications"``); case and repeated spaces do not matter. A number from 0 to
        1 is a probability the author stated. None, a missing value or an empty string means
        the author stated the judgement without a hedge.

    Returns
    -------
    word : str
        The ICD 203 expression (:data:`counterbalance.assumptions.HEDGE_WORDS`), or
        :data:`counterbalance.assumptions.UNHEDGED` for an unhedged judgement.
    probability : float
        The middle of that expression's band in :data:`counterbalance.assumptions.ICD203_SCALE`,
        or the probability stated.

    Raises
    ------
    ValueError
        If the words are not in :data:`~counterbalance.assumptions.HEDGE_WORDS` and are no
        number from 0 to 1; the message names them and the words that are.

    Examples
    --------
    The 2020 article's "probably", its "by all indications", an assessment it did not hedge, and a stated 80 %:

    >>> hedge_probability("probably"), hedge_probability("By all  indications"), hedge_probability(None), hedge_probability("0.8")
    (('likely', 0.675), ('very likely', 0.875), ('almost certain', 0.97), ('very likely', 0.8))

    Notes
    -----
    The middle of a band is the reading that is least wrong whichever end the author meant.
    An author who hedges nothing is read at the top band ("almost certain"), not at
    certainty: ICD 203's scale stops at 99 %. The bands are those of Office of the Director
    of National Intelligence, Intelligence Community Directive 203, "Analytic Standards"
    (2015), section D.6.e.(2)(a).
    """
    if is_blank(stated_likelihood):
        word = UNHEDGED
    else:
        words = " ".join(str(stated_likelihood).split()).lower()
        try:
            probability = float(words)
        except ValueError:
            probability = math.nan
        if 0 <= probability <= 1:
            return likelihood_word(probability), probability
        if words not in HEDGE_WORDS:
            raise ValueError(f"unknown hedge words {stated_likelihood!r}: give a probability from 0 to 1, or hedge words among "
                             f"{', '.join(repr(w) for w in sorted(HEDGE_WORDS))} (assumptions.HEDGE_WORDS)")
        word = HEDGE_WORDS[words]
    low, high = _BANDS[word]
    return word, (low + high) / 2


def outcome_value(outcome: str) -> float | None:
    """The value an outcome is scored against: 1 if it happened, 0 if not, None if not resolvable.

    Parameters
    ----------
    outcome : str
        One of ``happened``, ``did_not_happen``, ``partly``, ``not_yet_resolvable`` (the
        values ``outcomes.csv`` allows).

    Returns
    -------
    float or None
        1.0, 0.0, :data:`counterbalance.assumptions.PARTLY` for ``partly``, and None for
        ``not_yet_resolvable``: such a judgement has no score.

    Raises
    ------
    ValueError
        If `outcome` is none of the four.

    Examples
    --------
    >>> [outcome_value(o) for o in ("happened", "did_not_happen", "partly", "not_yet_resolvable")]
    [1.0, 0.0, 0.5, None]

    Notes
    -----
    Brier's score (Brier 1950) is defined for outcomes of 0 or 1. Scoring a partial outcome
    at one half is a judgement call: it treats "partly" as neither a hit nor a miss, and
    gives a judgement that came partly true the same score whichever way it was hedged
    when its probability is one half.
    """
    if not isinstance(outcome, str) or outcome not in OUTCOME_VALUES:
        raise ValueError(f"unknown outcome {outcome!r}: outcomes are {', '.join(OUTCOME_VALUES)}")
    return OUTCOME_VALUES[outcome]
