"""The tables of the scoring chapter: each judgement's score, its criterion and coding, the skill against the baselines."""

from __future__ import annotations

import pandas as pd

from ..data import describe_date
from ..models.scoring import BASELINES, interval_text

__all__ = ["score_table", "criterion_cards", "skill_table", "decomposition_table"]

#: A coding's answer, as a reader reads it.
ANSWERS = {"yes": "yes", "no": "no", "partly": "partly", "unresolved": "unresolved", "not_scored": "not scored"}
#: A criterion's type, as a reader reads it.
TYPES = {"forecast": "forecast", "present_assessment": "assessment of the present", "reading_of_intent": "reading of intent"}


def _stated(words, word, probability) -> str:
    said = f"“{words}”" if isinstance(words, str) else (word if isinstance(word, str) else "no hedge")
    return f"{said}: {probability:.1%}" if probability == probability else said


def _day(day) -> str:
    return describe_date(day) if isinstance(day, str) and day else "no day"


def _coders(codings: pd.DataFrame) -> dict[str, str]:
    """Each judgement's two codings in words: "both yes", or each coder's answer."""
    wide = codings.pivot(index="judgement_id", columns="coder", values="outcome")
    return {j: f"both {ANSWERS[a]}" if a == b else f"coder A {ANSWERS[a]}, coder B {ANSWERS[b]}"
            for j, a, b in zip(wide.index, wide["coder_a"], wide["coder_b"])}


def score_table(scores: pd.DataFrame, codings: pd.DataFrame) -> pd.DataFrame:
    """Every judgement of the article with its words, what happened, how the coders read it, and its scores.

    Parameters
    ----------
    scores : pandas.DataFrame
        As :func:`counterbalance.models.scoring.brier_scores` returns it.
    codings : pandas.DataFrame
        ``outcome_codings.csv`` as loaded.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Judgement`` (its statement), with ``Stated as`` (the hedge and the
        probability scored), ``Outcome`` (with the day it resolved), ``Coders`` and the
        ``Brier`` and ``Log`` scores ("not scored" when it is not).

    Examples
    --------
    >>> scores = pd.DataFrame({"judgement_id": ["a"], "statement": ["S"], "stated_likelihood": ["probably"], "word": ["likely"],
    ...     "probability": [0.675], "outcome": ["did_not_happen"], "resolved_on": ["2023-12-31"], "brier": [0.455625], "log": [1.12393]})
    >>> codings = pd.DataFrame({"judgement_id": ["a", "a"], "coder": ["coder_a", "coder_b"], "outcome": ["no", "no"]})
    >>> score_table(scores, codings).values.tolist()
    [['“probably”: 67.5%', 'did not happen (31 December 2023)', 'both no', '0.456', '1.12']]
    """
    coders = _coders(codings)
    return pd.DataFrame({
        "Judgement": scores["statement"].to_numpy(),
        "Stated as": [_stated(*row) for row in zip(scores["stated_likelihood"], scores["word"], scores["probability"])],
        "Outcome": [outcome.replace("_", " ") + (f" ({describe_date(day)})" if isinstance(day, str) else "")
                    for outcome, day in zip(scores["outcome"], scores["resolved_on"])],
        "Coders": [coders.get(j, "not coded") for j in scores["judgement_id"]],
        "Brier": [f"{b:.3f}" if b == b else "not scored" for b in scores["brier"]],
        "Log": [f"{v:.2f}" if v == v else "not scored" for v in scores["log"]],
    }).set_index("Judgement")


def criterion_cards(scores: pd.DataFrame, criteria: pd.DataFrame, codings: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One small table per judgement: its question, type, criterion, horizon, the coders' answers and the outcome.

    Parameters
    ----------
    scores : pandas.DataFrame
        As :func:`counterbalance.models.scoring.brier_scores` returns it (the article's).
    criteria : pandas.DataFrame
        ``resolution_criteria.csv`` as loaded.
    codings : pandas.DataFrame
        ``outcome_codings.csv`` as loaded.

    Returns
    -------
    dict of str to pandas.DataFrame
        By judgement_id, in the order of `scores`: a table indexed by ``Judgement`` (what each
        row gives) with one column, the judgement's statement.

    Examples
    --------
    >>> scores = pd.DataFrame({"judgement_id": ["a"], "statement": ["S"], "outcome": ["happened"], "resolved_on": ["2021-09-20"]})
    >>> criteria = pd.DataFrame({"judgement_id": ["a"], "question": ["Q?"], "judgement_type": ["forecast"], "resolution_criterion": ["C"],
    ...     "partly": ["P"], "horizon": ["2023-12-31"], "scored": ["yes"], "scored_reason": ["R"]})
    >>> codings = pd.DataFrame({"judgement_id": ["a"] * 3, "coder": ["coder_a", "coder_b", "resolved"], "outcome": ["yes", "no", "yes"],
    ...     "resolved_on": ["2021-09-20", "2023-12-31", "2021-09-20"], "reasoning": ["", "", "Adjudicated: yes."]})
    >>> criterion_cards(scores, criteria, codings)["a"]["S"].tolist()[-3:]
    ['31 December 2023', 'coder A yes (20 September 2021), coder B no (31 December 2023)', 'happened (20 September 2021). Adjudicated: yes.']
    """
    by_id = criteria.set_index("judgement_id")
    coded = codings.set_index(["judgement_id", "coder"])
    cards = {}
    for row in scores.itertuples(index=False):
        if row.judgement_id not in by_id.index:
            continue
        c = by_id.loc[row.judgement_id]
        a, b, resolved = (coded.loc[(row.judgement_id, coder)] for coder in ("coder_a", "coder_b", "resolved"))
        coders = (f"both {ANSWERS[a['outcome']]}" if a["outcome"] == b["outcome"] else
                  f"coder A {ANSWERS[a['outcome']]} ({_day(a['resolved_on'])}), coder B {ANSWERS[b['outcome']]} ({_day(b['resolved_on'])})")
        outcome = row.outcome.replace("_", " ") + (f" ({describe_date(row.resolved_on)})" if isinstance(row.resolved_on, str) else "")
        adjudicated = str(resolved["reasoning"]) if str(resolved["reasoning"]).startswith("Adjudicated") else ""
        cards[row.judgement_id] = pd.DataFrame({"Judgement": [
            "Question", "Type", "Scored?", "Resolution criterion", "Partly, if", "Horizon", "Coders", "Outcome"], row.statement: [
            c["question"], TYPES.get(c["judgement_type"], c["judgement_type"]), f"{c['scored']}: {c['scored_reason']}",
            c["resolution_criterion"], c["partly"], describe_date(c["horizon"]), coders,
            f"{outcome}. {adjudicated}" if adjudicated else outcome]}).set_index("Judgement")
    return cards


def skill_table(skill: dict[str, dict]) -> pd.DataFrame:
    """The forecasts' mean Brier score against each baseline, the skill score and the interval of the difference.

    Parameters
    ----------
    skill : dict
        As :func:`counterbalance.models.scoring.skill_scores` returns it.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Baseline``.

    Examples
    --------
    >>> skill = {"even": {"forecast": 0.11, "baseline": 0.25, "skill": 0.56, "difference": -0.14, "low": -0.2, "high": -0.05,
    ...                   "better_share": 1.0, "rate": 0.5}}
    >>> skill_table(skill).values.tolist()
    [['0.110', '0.250', '0.56', '−0.140 (−0.200 to −0.050)', '100%']]
    """
    return pd.DataFrame({
        "Baseline": [BASELINES[name] + (f" ({s['rate']:.0%})" if name != "even" else "") for name, s in skill.items()],
        "Article's Brier": [f"{s['forecast']:.3f}" for s in skill.values()],
        "Baseline's Brier": [f"{s['baseline']:.3f}" for s in skill.values()],
        "Skill score": [f"{s['skill']:.2f}".replace("-", "−") for s in skill.values()],
        "Difference (90 % interval)": [f"{s['difference']:.3f} ({interval_text(s)})".replace("-", "−") for s in skill.values()],
        "Draws the article did better": [f"{s['better_share']:.0%}" for s in skill.values()],
    }).set_index("Baseline")


def decomposition_table(terms: dict, frame: pd.DataFrame) -> pd.DataFrame:
    """Each stated probability's bin: how many judgements, how often they came about, and its part of each term.

    Parameters
    ----------
    terms : dict
        As :func:`counterbalance.models.calibration.brier_decomposition` returns it.
    frame : pandas.DataFrame
        As :func:`counterbalance.models.calibration.calibration_frame` returns it.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Stated probability``, with ``Judgements``, ``Came about`` and the bin's
        parts of reliability and resolution.

    Examples
    --------
    >>> frame = pd.DataFrame({"probability": [0.2, 0.9], "observed_frequency": [0.0, 0.5], "count": [2, 2]})
    >>> decomposition_table({"count": 4}, frame).values.tolist()
    [['2', '0%', '0.0200', '0.0312'], ['2', '50%', '0.0800', '0.0312']]
    """
    overall = float((frame["observed_frequency"] * frame["count"]).sum() / terms["count"])
    weight = frame["count"] / terms["count"]
    return pd.DataFrame({
        "Stated probability": [f"{p:.1%}" for p in frame["probability"]], "Judgements": [str(n) for n in frame["count"]],
        "Came about": [f"{o:.0%}" for o in frame["observed_frequency"]],
        "Part of reliability": [f"{v:.4f}" for v in weight * (frame["probability"] - frame["observed_frequency"]) ** 2],
        "Part of resolution": [f"{v:.4f}" for v in weight * (frame["observed_frequency"] - overall) ** 2],
    }).set_index("Stated probability")
