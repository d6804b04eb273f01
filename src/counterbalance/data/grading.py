"""The NATO/Admiralty grading: source reliability, claim credibility from corroboration, and filters.

A grade such as ``B2`` pairs the source's reliability (A completely reliable ... F cannot be
judged) with the claim's credibility (1 confirmed ... 6 cannot be judged). Reliability is an
editor's judgement of a source, with its reason in ``sources.csv``. Credibility is not: it
follows from a claim's citations by :func:`credibility_ceiling`, and a row may declare a
worse digit than the rule allows, never a better one. "At least B2" admits a claim when both
halves are at least as good: the two scales are independent, so neither buys off the other.

Judgement calls, summarised in the Methods chapter:

* *Adequate* sources are graded A to C. A source we know only through another (the 2020
  article's own citations) counts at the worse of its grade and its channel's.
* Two sources are *independent* when they differ in origin: the news agency whose story a
  page republishes (``wire``), else the outlet. Two pages of one wire story, or two reports
  of one outlet, are one origin.
* Only citations about the claim itself or its figure set the digit; a citation that
  *revises* a claim (another figure for the same fact) neither confirms nor contradicts it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from ..assumptions import GRADE_PATTERN

__all__ = [
    "CREDIBILITY", "RELIABILITY", "ADEQUATE", "CORROBORATION_TABLE", "parse_grade", "source_standing", "credibility_ceiling", "provenance",
    "filter_by_grade",
]

#: What each information-credibility digit means.
CREDIBILITY = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable", 6: "cannot be judged"}
#: What each source-reliability letter means.
RELIABILITY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable", "D": "not usually reliable",
               "E": "unreliable", "F": "cannot be judged"}
#: Reliability letters whose sources can confirm a claim.
ADEQUATE = frozenset("ABC")
#: Citations about these aspects of a row set its credibility.
GRADING_ASPECTS = ("claim", "count")
#: The corroboration rule as a table: supporters, then the digit uncontradicted and contradicted.
CORROBORATION_TABLE = (("two or more", 1, 3), ("one", 2, 4), ("none, but weaker sources support it", 3, 5), ("none", 6, 5))


def parse_grade(grade: str) -> tuple[str, int]:
    """Split an Admiralty grade into its reliability letter and credibility digit.

    Parameters
    ----------
    grade : str
        A grade such as ``"B2"``: source reliability A-F, then information credibility 1-6.

    Returns
    -------
    letter : str
        The reliability letter (see :data:`RELIABILITY`).
    digit : int
        The credibility digit (see :data:`CREDIBILITY`).

    Raises
    ------
    ValueError
        If `grade` is not a letter A-F followed by a digit 1-6.

    Examples
    --------
    >>> parse_grade("C3")
    ('C', 3)
    """
    if not re.fullmatch(GRADE_PATTERN, grade or ""):
        raise ValueError(f"{grade!r} is not an Admiralty grade such as B2")
    return grade[0], int(grade[1])


def source_standing(sources: Iterable[Mapping[str, str]]) -> dict[str, tuple[str, str]]:
    """Each source's origin and effective reliability.

    Parameters
    ----------
    sources : iterable of mapping
        Rows of ``sources.csv`` (``source_id``, ``outlet``, ``wire``, ``channel_source_id``,
        ``reliability``).

    Returns
    -------
    dict of str to (str, str)
        By ``source_id``: the origin (the wire, else the outlet, lower-cased) and the
        reliability letter, the worse of the source's own and its channel's.

    Examples
    --------
    >>> standing = source_standing([
    ...     {"source_id": "a", "outlet": "Radio X", "wire": "Reuters", "channel_source_id": "", "reliability": "B"},
    ...     {"source_id": "b", "outlet": "Daily Y", "wire": "", "channel_source_id": "c", "reliability": "A"},
    ...     {"source_id": "c", "outlet": "Review Z", "wire": "", "channel_source_id": "", "reliability": "C"}])
    >>> standing["a"], standing["b"]
    (('reuters', 'B'), ('daily y', 'C'))
    """
    rows = {row["source_id"]: row for row in sources}
    standing = {}
    for source_id, row in rows.items():
        channel = rows.get(row.get("channel_source_id") or "")
        reliability = max(row["reliability"], channel["reliability"]) if channel else row["reliability"]
        standing[source_id] = ((row.get("wire") or row["outlet"]).strip().lower(), reliability)
    return standing


def credibility_ceiling(citations: Iterable[tuple[str, str, str]]) -> int:
    """The best credibility digit a claim's citations support.

    A claim is *confirmed* (1) only when at least two independent adequate sources support
    it and no adequate source contradicts it:

    ==================================  =================  ============================
    adequate independent supporters     not contradicted   contradicted (adequately)
    ==================================  =================  ============================
    two or more                         1                  3
    one                                 2                  4
    none, but weaker sources support    3                  5
    none at all                         6                  5
    ==================================  =================  ============================

    Parameters
    ----------
    citations : iterable of (str, str, str)
        Each citation's stance (``supports``, ``revises``, ``contradicts``), its source's
        origin and effective reliability (:func:`source_standing`).

    Returns
    -------
    int
        The digit, 1 (confirmed) to 6 (cannot be judged).

    Examples
    --------
    One wire story on two sites is one origin; a second outlet confirms:

    >>> credibility_ceiling([("supports", "reuters", "B"), ("supports", "reuters", "C")])
    2
    >>> credibility_ceiling([("supports", "reuters", "B"), ("supports", "tass", "B")])
    1
    >>> credibility_ceiling([("supports", "reuters", "B"), ("contradicts", "tass", "B")])
    4
    """
    supporters, weak, contradicted = set(), False, False
    for stance, origin, reliability in citations:
        adequate = reliability in ADEQUATE
        if stance == "supports":
            if adequate:
                supporters.add(origin)
            weak = True
        contradicted |= stance == "contradicts" and adequate
    row = 0 if len(supporters) >= 2 else 1 if supporters else 2 if weak else 3
    return CORROBORATION_TABLE[row][2 if contradicted else 1]


def provenance(citations: Iterable[Mapping[str, str]], sources: Iterable[Mapping[str, str]]) -> dict[tuple[str, str], dict]:
    """What every cited row rests on: its lead source, how many sources and origins, its ceiling.

    Parameters
    ----------
    citations : iterable of mapping
        Rows of ``citations.csv`` (``table``, ``row_id``, ``source_id``, ``about``, ``stance``).
    sources : iterable of mapping
        Rows of ``sources.csv``, as :func:`source_standing` takes them.

    Returns
    -------
    dict of (str, str) to dict
        By (table, row id): ``source_id`` (the lead: the most reliable source supporting the
        claim or its figure, the first cited on a tie), ``reliability`` (its effective
        grade), ``sources`` (distinct supporting sources), ``origins`` (independent
        adequate supporting origins) and ``ceiling`` (:func:`credibility_ceiling`).

    Examples
    --------
    >>> sources = [{"source_id": s, "outlet": o, "wire": "", "channel_source_id": "", "reliability": r}
    ...            for s, o, r in (("kremlin", "Kremlin", "A"), ("xinhua", "Xinhua", "B"))]
    >>> cites = [{"table": "deployments", "row_id": "d", "source_id": s, "about": "count", "stance": "supports"}
    ...          for s in ("xinhua", "kremlin")]
    >>> lead = provenance(cites, sources)[("deployments", "d")]
    >>> lead["source_id"], lead["origins"], lead["ceiling"]
    ('kremlin', 2, 1)
    """
    standing = source_standing(sources)
    grouped: dict[tuple[str, str], list[Mapping[str, str]]] = {}
    for citation in citations:
        grouped.setdefault((citation["table"], citation["row_id"]), []).append(citation)
    out = {}
    for key, cited in grouped.items():
        grading = [c for c in cited if c["about"] in GRADING_ASPECTS]
        supporting = [c for c in grading if c["stance"] == "supports"] or [c for c in cited if c["stance"] == "supports"]
        lead = min(supporting, key=lambda c: standing[c["source_id"]][1]) if supporting else cited[0]
        out[key] = {
            "source_id": lead["source_id"],
            "reliability": standing[lead["source_id"]][1],
            "sources": len({c["source_id"] for c in cited if c["stance"] == "supports"}),
            "origins": len({standing[c["source_id"]][0] for c in supporting if standing[c["source_id"]][1] in ADEQUATE}),
            "ceiling": credibility_ceiling((c["stance"], *standing[c["source_id"]]) for c in grading),
        }
    return out


def filter_by_grade(frame: pd.DataFrame, min_grade: str) -> pd.DataFrame:
    """Rows whose claim is at least `min_grade`: lead source's reliability and the claim's credibility both.

    Parameters
    ----------
    frame : pandas.DataFrame
        A claim table as loaded, with ``reliability`` and ``credibility``.
    min_grade : str
        The weakest grade admitted, e.g. ``"B2"``.

    Returns
    -------
    pandas.DataFrame
        The admitted rows, re-indexed from 0.

    Raises
    ------
    ValueError
        If `min_grade` is not a grade such as ``B2``.

    Examples
    --------
    >>> rows = pd.DataFrame({"id": ["s", "t"], "reliability": ["B", "B"], "credibility": pd.array([2, 3], dtype="Int64")})
    >>> filter_by_grade(rows, "B2")["id"].tolist()
    ['s']
    """
    letter, digit = parse_grade(min_grade)
    keep = (frame["reliability"] <= letter) & (frame["credibility"] <= digit)
    return frame[keep.fillna(False).astype(bool)].reset_index(drop=True)
