"""Murphy's decomposition of the Brier score, with bins at the distinct forecast values, and the calibration table.

Binning at the distinct probabilities stated (not at equal-width bins) makes the decomposition
exact: every judgement in a bin states the same probability, so reliability minus resolution
plus uncertainty is the mean Brier score to rounding. The outcomes are scored as
:mod:`counterbalance.models.scoring` scores them (a partly outcome half a hit and half a miss).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .scoring import brier_score, resolved_pairs

__all__ = ["brier_decomposition", "calibration_frame"]


def calibration_frame(probability, outcome) -> pd.DataFrame:
    """How often what was judged at each stated probability came about: the reliability table.

    Parameters
    ----------
    probability, outcome : array_like of float
        As :func:`counterbalance.models.scoring.resolved_pairs`.

    Returns
    -------
    pandas.DataFrame
        One row per distinct probability stated, lowest first: ``probability``,
        ``observed_frequency`` (the share that came about, a partly outcome counting as its
        share of a hit) and ``count``. A well-calibrated judge's rows lie on the diagonal.

    Examples
    --------
    >>> calibration_frame([0.9, 0.9, 0.2, 0.2, 0.5], [1, 0, 0, 0, None])
       probability  observed_frequency  count
    0          0.2                 0.0      2
    1          0.9                 0.5      2
    """
    p, o = resolved_pairs(probability, outcome)
    values, bins = np.unique(p, return_inverse=True)
    counts = np.bincount(bins, minlength=len(values))
    return pd.DataFrame({"probability": values, "observed_frequency": np.bincount(bins, weights=o, minlength=len(values)) / counts,
                         "count": counts.astype(int)})


def brier_decomposition(probability, outcome) -> dict[str, float | int | str | None]:
    """The mean Brier score split into reliability, resolution and uncertainty (Murphy 1973), exactly.

    With the :math:`N` resolved judgements in :math:`K` bins, one per distinct probability
    :math:`p_k`, bin :math:`k` holding :math:`n_k` of them with share :math:`\\bar o_k` come
    about, and :math:`\\bar o` the share of all:

    .. math::

        \\mathrm{BS} = \\underbrace{\\frac{1}{N}\\sum_k n_k(p_k - \\bar o_k)^2}_{\\text{reliability}}
        - \\underbrace{\\frac{1}{N}\\sum_k n_k(\\bar o_k - \\bar o)^2}_{\\text{resolution}}
        + \\underbrace{\\bar o(1 - \\bar o)}_{\\text{uncertainty}}

    Parameters
    ----------
    probability, outcome : array_like of float
        As :func:`counterbalance.models.scoring.resolved_pairs`.

    Returns
    -------
    dict
        ``count``, ``bins`` (distinct probabilities), ``brier``, ``reliability``,
        ``resolution``, ``uncertainty``, and ``note``: None when the terms are computed;
        otherwise they are NaN and the note says why (fewer than two judgements, or nothing
        to resolve).

    Examples
    --------
    Two forecasts at 90 %, one of which happened, and two at 20 %, neither of which did:
    (0.01 + 0.81 + 0.04 + 0.04) / 4 = 0.225 = 0.1 - 0.0625 + 0.1875:

    >>> terms = brier_decomposition([0.9, 0.9, 0.2, 0.2], [1, 0, 0, 0])
    >>> {k: round(v, 4) for k, v in terms.items() if k != "note"}
    {'count': 4, 'bins': 2, 'brier': 0.225, 'reliability': 0.1, 'resolution': 0.0625, 'uncertainty': 0.1875}
    >>> brier_decomposition([0.9, 0.6], [1, 1])["note"]
    'every resolved outcome is 1: with nothing to resolve, the decomposition is undefined'

    Notes
    -----
    With a partly outcome scored as a share of a hit, each bin's score is
    :math:`(p_k - \\bar o_k)^2 + \\bar o_k(1 - \\bar o_k)`, and the bins' second terms add up
    to uncertainty minus resolution, so the identity holds exactly. With few judgements the
    terms describe a record; they are no test of skill.

    References
    ----------
    .. [1] A. H. Murphy, "A new vector partition of the probability score", *Journal of
       Applied Meteorology* 12(4), 595-600, 1973.
    """
    p, o = resolved_pairs(probability, outcome)
    frame = calibration_frame(p, o)
    terms: dict[str, float | int | str | None] = {"count": len(p), "bins": len(frame), "brier": brier_score(p, o),
                                                  "reliability": math.nan, "resolution": math.nan, "uncertainty": math.nan, "note": None}
    if len(p) < 2:
        terms["note"] = f"{len(p)} resolved judgement{'' if len(p) == 1 else 's'}: the decomposition needs at least 2"
        return terms
    if np.all(o == o[0]) and o[0] in (0.0, 1.0):
        terms["note"] = f"every resolved outcome is {o[0]:g}: with nothing to resolve, the decomposition is undefined"
        return terms
    overall, weights = float(o.mean()), frame["count"] / len(p)
    terms["reliability"] = float(np.sum(weights * (frame["probability"] - frame["observed_frequency"]) ** 2))
    terms["resolution"] = float(np.sum(weights * (frame["observed_frequency"] - overall) ** 2))
    terms["uncertainty"] = overall * (1 - overall)
    return terms
