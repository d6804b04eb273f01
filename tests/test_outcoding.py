"""Rules of the outcome coding, on small hand-made tables: complete, true to the criteria, and what outcomes.csv holds."""

from __future__ import annotations

import pytest

from counterbalance.data.outcoding import OUTCODING_RULES
from counterbalance.data.schema import Table


def table(name: str, rows: list[dict[str, str]]) -> Table:
    return Table(name, f"data/{name}.csv", list(rows[0]), rows, list(range(2, len(rows) + 2)))


def coding(judgement: str, coder: str, outcome: str = "yes", day: str = "2021-09-20", evidence: str = "tass") -> dict[str, str]:
    settled = outcome in ("yes", "no", "partly")
    return {"judgement_id": judgement, "coder": coder, "outcome": outcome, "resolved_on": day if settled else "",
            "evidence": evidence if settled else "", "reasoning": "why"}


@pytest.fixture
def tables() -> dict[str, Table]:
    codings = [coding(j, c, "not_scored" if j == "jdg_signal" else "yes", "2020-10-15" if j == "jdg_gap" else "2021-09-20")
               for j in ("fcst_drills", "jdg_gap", "jdg_signal") for c in ("coder_a", "coder_b", "resolved")]
    return {
        "outcome_codings": table("outcome_codings", codings),
        "resolution_criteria": table("resolution_criteria", [{"judgement_id": j, "scored": s} for j, s in
                                                             (("fcst_drills", "yes"), ("jdg_gap", "yes"), ("jdg_signal", "no"))]),
        "sources": table("sources", [{"source_id": "tass"}]),
        "judgements": table("judgements", [{"judgement_id": j, "made_on": "2020-12-17/2020-12-31"} for j in ("fcst_drills", "jdg_gap", "jdg_signal")]),
        "outcomes": table("outcomes", [{"outcome_id": f"out_{j}", "judgement_id": j, "outcome": o, "resolved_on": d} for j, o, d in
                                       (("fcst_drills", "happened", "2021-09-20"), ("jdg_gap", "happened", "2020-12-17/2020-12-31"),
                                        ("jdg_signal", "not_scored", ""))]),
    }


def problems(tables) -> list[str]:
    return [str(p) for rule in OUTCODING_RULES for p in rule(tables, {})]


def test_a_coding_that_follows_the_rules_passes(tables):
    """The present assessment coded on 15 October 2020 resolves when it was made, 17-31 December 2020."""
    assert problems(tables) == []


def test_a_missing_coder_is_named(tables):
    tables["outcome_codings"].rows[:] = [r for r in tables["outcome_codings"].rows if (r["judgement_id"], r["coder"]) != ("jdg_gap", "coder_b")]
    assert problems(tables) == ["data/resolution_criteria.csv:3: judgement_id: 'jdg_gap' has no coding by coder_b in outcome_codings.csv"]


def test_a_coder_cannot_score_what_the_criterion_does_not(tables):
    tables["outcome_codings"].rows[6] = coding("jdg_signal", "coder_a", "yes")
    assert problems(tables) == ["data/outcome_codings.csv:8: outcome: 'yes', but the criterion scores no outcome; code it not_scored"]


def test_evidence_names_sources_and_a_settled_answer_has_some(tables):
    tables["outcome_codings"].rows[0]["evidence"] = "tass reuters_nowhere"
    tables["outcome_codings"].rows[1]["evidence"] = ""
    assert problems(tables) == ["data/outcome_codings.csv:2: evidence: 'reuters_nowhere' is not a source_id of data/sources.csv",
                                "data/outcome_codings.csv:3: evidence: an answer of yes needs its sources and its day"]


def test_outcomes_are_the_resolved_coding(tables):
    tables["outcomes"].rows[0]["outcome"] = "partly"
    tables["outcomes"].rows[1]["resolved_on"] = "2020-10-15"
    assert problems(tables) == ["data/outcomes.csv:2: outcome: 'partly', but the resolved coding answers yes: happened",
                                "data/outcomes.csv:3: resolved_on: 2020-10-15, but the resolved coding gives 2020-12-17/2020-12-31"]
