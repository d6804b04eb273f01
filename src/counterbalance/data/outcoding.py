"""The rules of the outcome coding (``outcome_codings.csv``): complete, true to the criteria, and what outcomes.csv holds.

Rules in the manner of :mod:`counterbalance.data.rules` (tables as read, text cells with their
lines; a problem per fault). Two coders apply each judgement's resolution criterion
(``resolution_criteria.csv``), each blind to the other and to the outcomes; an editor resolves
their codings into one, and ``outcomes.csv`` is that resolved coding. Each docstring states the
judgement it encodes.
"""

from __future__ import annotations

from collections.abc import Iterator

from .dates import parse_date
from .schema import Problem, Table

__all__ = ["OUTCODING", "CODERS", "RESOLVED", "OUTCOME_OF_CODING", "outcome_resolved_on", "OUTCODING_RULES"]

#: The coding table, the independent coders and the resolved coding.
OUTCODING, CODERS, RESOLVED = "outcome_codings", ("coder_a", "coder_b"), "resolved"
#: The outcome of ``outcomes.csv`` each answer of a coding amounts to.
OUTCOME_OF_CODING = {"yes": "happened", "no": "did_not_happen", "partly": "partly", "unresolved": "not_yet_resolvable",
                     "not_scored": "not_scored"}
#: Answers that settle a judgement: they need a day and evidence.
SETTLED = ("yes", "no", "partly")

Tables = dict[str, Table]
Declared = dict[str, dict]


def outcome_resolved_on(coded_on: str, made_on: str) -> str:
    """The day an outcome resolves: the coding's day, or the day the judgement was made if the coding's comes before it.

    A present assessment is settled by evidence of its own time, which may precede the article;
    it cannot resolve before it was made.

    Parameters
    ----------
    coded_on, made_on : str
        The resolved coding's ``resolved_on`` and the judgement's ``made_on`` (imprecise dates).

    Returns
    -------
    str

    Examples
    --------
    >>> outcome_resolved_on("2020-10-15", "2020-12-17/2020-12-31"), outcome_resolved_on("2022-12-12", "2020-12-17/2020-12-31")
    ('2020-12-17/2020-12-31', '2022-12-12')
    """
    if coded_on and made_on and parse_date(coded_on).latest < parse_date(made_on).earliest:
        return made_on
    return coded_on


def codings_are_complete(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """Every judgement with a criterion is coded by both coders and resolved; a coded judgement has a criterion.

    Judgement: agreement is measured over every judgement, never over those a coder chose,
    and the outcomes are read from the resolved coding, which may leave none out.
    """
    if not {OUTCODING, "resolution_criteria"} <= set(tables):
        return
    coded: dict[str, set[str]] = {}
    for row in tables[OUTCODING].rows:
        coded.setdefault(row["judgement_id"], set()).add(row["coder"])
    criteria = tables["resolution_criteria"]
    for row, line in criteria.records():
        missing = [c for c in (*CODERS, RESOLVED) if c not in coded.get(row["judgement_id"], set())]
        if missing:
            yield criteria.problem(line, "judgement_id", f"{row['judgement_id']!r} has no coding by {', '.join(missing)} in {OUTCODING}.csv")


def codings_follow_the_criteria(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A coding is not_scored exactly when its criterion scores nothing; a settled one gives its day and its evidence.

    Judgement: whether a reading of intent is scored is decided by the criterion, written before
    any coding, for every judgement alike, never by a coder. An answer of yes, no or partly rests
    on the sources cited, each a source of ``sources.csv``; one not scored cites none.
    """
    if not {OUTCODING, "resolution_criteria", "sources"} <= set(tables):
        return
    scored = {row["judgement_id"]: row["scored"] for row in tables["resolution_criteria"].rows}
    sources = {row["source_id"] for row in tables["sources"].rows}
    codings = tables[OUTCODING]
    for row, line in codings.records():
        if scored.get(row["judgement_id"]) == "no" and row["outcome"] != "not_scored":
            yield codings.problem(line, "outcome", f"{row['outcome']!r}, but the criterion scores no outcome; code it not_scored")
        elif scored.get(row["judgement_id"]) == "yes" and row["outcome"] == "not_scored":
            yield codings.problem(line, "outcome", "'not_scored', but the criterion scores it; code yes, no, partly or unresolved")
        ids = row["evidence"].split()
        for source_id in ids:
            if source_id not in sources:
                yield codings.problem(line, "evidence", f"{source_id!r} is not a source_id of data/sources.csv")
        if row["outcome"] in SETTLED and not (ids and row["resolved_on"]):
            yield codings.problem(line, "evidence" if not ids else "resolved_on", f"an answer of {row['outcome']} needs its sources and its day")
        if row["outcome"] not in SETTLED and (ids or row["resolved_on"]):
            yield codings.problem(line, "resolved_on" if row["resolved_on"] else "evidence", f"an answer of {row['outcome']} has no day and no evidence")


def outcomes_are_the_resolved_coding(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """An outcome of a coded judgement is its resolved coding's answer, on its day (:func:`outcome_resolved_on`).

    Judgement: outcomes.csv holds one outcome per judgement for the scoring; where a judgement
    was coded, that outcome is the adjudicated coding, never a reading of its own.
    """
    if not {OUTCODING, "outcomes", "judgements"} <= set(tables):
        return
    resolved = {row["judgement_id"]: row for row in tables[OUTCODING].rows if row["coder"] == RESOLVED}
    made = {row["judgement_id"]: row["made_on"] for row in tables["judgements"].rows}
    outcomes = tables["outcomes"]
    for row, line in outcomes.records():
        coding = resolved.get(row["judgement_id"])
        if coding is None or coding["outcome"] not in OUTCOME_OF_CODING:
            continue
        expected = OUTCOME_OF_CODING[coding["outcome"]]
        if row["outcome"] != expected:
            yield outcomes.problem(line, "outcome", f"{row['outcome']!r}, but the resolved coding answers {coding['outcome']}: {expected}")
        try:
            day = outcome_resolved_on(coding["resolved_on"], made.get(row["judgement_id"], ""))
        except ValueError:
            continue  # a malformed date, which the schema reports
        if row["resolved_on"] != day:
            yield outcomes.problem(line, "resolved_on", f"{row['resolved_on'] or 'empty'}, but the resolved coding gives {day or 'no day'}")


OUTCODING_RULES = (codings_are_complete, codings_follow_the_criteria, outcomes_are_the_resolved_coding)
