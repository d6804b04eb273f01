"""Judgements in words: the ICD 203 expression of a probability, and the confidence the evidence allows.

A likelihood is how probable a statement is; a confidence is how good the evidence behind
it is. Intelligence practice keeps the two apart, and so does the report.
"""

from __future__ import annotations

import math

import pandas as pd

from ..assumptions import ICD203_SCALE

__all__ = ["likelihood_word", "confidence_level"]


def likelihood_word(probability: float) -> str:
    """The ICD 203 expression for a probability.

    Parameters
    ----------
    probability : float

    Returns
    -------
    str
        The phrase of :data:`counterbalance.assumptions.ICD203_SCALE` whose band holds it.

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
