"""How far the two blind codings of the article's outcomes agree: Cohen's kappa, and where they differ.

Two coders applied each judgement's resolution criterion independently; their answers (yes,
no, partly, unresolved) are compared over the judgements the criteria score, with scikit-learn's
``cohen_kappa_score``: the share of agreement beyond what their own answer rates would give by
chance. The ``resolved`` coding is the outcome of comparing them, so it is never one of the two.
"""

from __future__ import annotations

import pandas as pd
from sklearn.metrics import cohen_kappa_score

from ..data.outcoding import CODERS, RESOLVED

__all__ = ["outcome_agreement"]


def outcome_agreement(codings: pd.DataFrame) -> dict:
    """Cohen's kappa between the two coders over the scored judgements, and their disagreements.

    Parameters
    ----------
    codings : pandas.DataFrame
        ``judgement_id``, ``coder`` (``coder_a``, ``coder_b``, ``resolved``), ``outcome``,
        ``resolved_on`` and ``reasoning``, as in ``outcome_codings.csv``.

    Returns
    -------
    dict
        ``kappa``, ``judgements`` (how many were compared: those the resolved coding scores),
        ``agreed`` (how many the coders answered alike) and ``disagreements``: a frame of
        ``judgement_id``, each coder's answer with its day, and the resolved answer with its
        reasoning.

    Examples
    --------
    Three judgements, the coders split on one; a fourth is not scored:

    >>> rows = [(j, c, o) for j, a, b, r in (("x", "yes", "yes", "yes"), ("y", "no", "no", "no"), ("z", "yes", "no", "yes"),
    ...         ("w", "not_scored", "not_scored", "not_scored")) for c, o in (("coder_a", a), ("coder_b", b), ("resolved", r))]
    >>> codings = pd.DataFrame(rows, columns=["judgement_id", "coder", "outcome"]).assign(resolved_on="2021", reasoning="why")
    >>> agreement = outcome_agreement(codings)
    >>> round(agreement["kappa"], 4), agreement["judgements"], agreement["agreed"], agreement["disagreements"]["judgement_id"].tolist()
    (0.4, 3, 2, ['z'])
    """
    wide = codings.pivot(index="judgement_id", columns="coder", values="outcome")
    scored = wide[wide[RESOLVED] != "not_scored"]
    first, second = (scored[c].astype(str) for c in CODERS)
    split = scored.index[first != second]
    days = codings.pivot(index="judgement_id", columns="coder", values="resolved_on")
    reasons = codings[codings["coder"] == RESOLVED].set_index("judgement_id")["reasoning"]
    disagreements = pd.DataFrame({
        "judgement_id": list(split), **{c: [f"{scored.at[j, c]} ({days.at[j, c]})" for j in split] for c in CODERS},
        RESOLVED: [f"{scored.at[j, RESOLVED]} ({days.at[j, RESOLVED]})" for j in split], "reasoning": [reasons[j] for j in split],
    })
    return {"kappa": float(cohen_kappa_score(first, second)), "judgements": len(scored), "agreed": int((first == second).sum()),
            "disagreements": disagreements}
