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
* Two sources are *independent* when they differ in origin: the official statement a page
  relays (``relays``: a source we hold, whose own origin it shares, or a statement's key),
  else the news agency whose story it republishes (``wire``), else the outlet. Two pages of
  one wire story, two outlets relaying one ministry's statement, or two reports of one
  outlet, are one origin.
* Only citations about the claim itself or its figure set the digit; a citation that
  *revises* a claim (another figure for the same fact) neither confirms nor contradicts it.
* A row that states a figure is graded twice, and takes the worse digit: its claim, on the
  sources that support it, and its figure, on the sources that *give* a figure agreeing
  with the row's (:func:`~counterbalance.data.figures.spans_overlap`). A source that
  supports the claim without giving the figure corroborates the claim only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from ..assumptions import GRADE_PATTERN
from .figures import figure_span, spans_overlap

__all__ = [
    "CREDIBILITY", "RELIABILITY", "ADEQUATE", "CORROBORATION_TABLE", "parse_grade", "source_standing", "credibility_ceiling",
    "independent_origins", "figure_supporters", "provenance", "filter_by_grade",
]

#: What each information-credibility digit means.
CREDIBILITY = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable", 6: "cannot be judged"}
#: What each source-reliability letter means.
RELIABILITY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable", "D": "not usually reliable",
               "E": "unreliable", "F": "cannot be judged"}
#: Reliability letters whose sources can confirm a claim.
ADEQUATE = frozenset("ABC")
#: Citations about these aspects of a row set its claim's credibility (a source giving the figure supports the claim too).
GRADING_ASPECTS = ("claim", "count")
#: Citations about this aspect give the row's figure, as their source worded it.
FIGURE_ASPECT = "count"
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
        Rows of ``sources.csv`` (``source_id``, ``outlet``, ``wire``, ``relays``,
        ``channel_source_id``, ``reliability``; ``relays`` may be absent).

    Returns
    -------
    dict of str to (str, str)
        By ``source_id``: the origin and the reliability letter, the worse of the source's
        own and its channel's. The origin is that of the source the page relays, when we
        hold it; else the statement it relays; else its wire; else its outlet (lower-cased).
        A page relaying several statements has them all, joined by `` + ``.

    Examples
    --------
    >>> standing = source_standing([
    ...     {"source_id": "a", "outlet": "Radio X", "wire": "Reuters", "channel_source_id": "", "reliability": "B"},
    ...     {"source_id": "b", "outlet": "Daily Y", "wire": "", "channel_source_id": "c", "reliability": "A"},
    ...     {"source_id": "c", "outlet": "Review Z", "wire": "", "channel_source_id": "", "reliability": "C"},
    ...     {"source_id": "m", "outlet": "Ministry", "wire": "", "channel_source_id": "", "reliability": "A"},
    ...     {"source_id": "d", "outlet": "Daily Y", "wire": "", "relays": "m", "channel_source_id": "", "reliability": "B"}])
    >>> standing["a"], standing["b"], standing["d"]
    (('reuters', 'B'), ('daily y', 'C'), ('ministry', 'B'))
    """
    rows = {row["source_id"]: row for row in sources}

    def origin(source_id: str, seen: frozenset = frozenset()) -> str:
        row = rows[source_id]
        relayed = (row.get("relays") or "").split()
        if relayed:
            return " + ".join(sorted({origin(r, seen | {source_id}) if r in rows and r not in seen | {source_id} else r for r in relayed}))
        return (row.get("wire") or row["outlet"]).strip().lower()

    standing = {}
    for source_id, row in rows.items():
        channel = rows.get(row.get("channel_source_id") or "")
        reliability = max(row["reliability"], channel["reliability"]) if channel else row["reliability"]
        standing[source_id] = (origin(source_id), reliability)
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
    supporters, weak, contradicted = [], False, False
    for stance, origin, reliability in citations:
        adequate = reliability in ADEQUATE
        if stance == "supports":
            if adequate:
                supporters.append(origin)
            weak = True
        contradicted |= stance == "contradicts" and adequate
    independent = independent_origins(supporters)
    row = 0 if independent >= 2 else 1 if independent else 2 if weak else 3
    return CORROBORATION_TABLE[row][2 if contradicted else 1]


def independent_origins(origins: Iterable[str]) -> int:
    """How many independent origins some sources have: pages sharing any relayed statement count once.

    Parameters
    ----------
    origins : iterable of str
        Origins as :func:`source_standing` gives them (several relayed statements joined by `` + ``).

    Returns
    -------
    int
        The number of groups of origins that share no statement with each other.

    Examples
    --------
    A page relaying both ministries is not independent of a page relaying either:

    >>> independent_origins(["mod_am", "mod_am + mod_az", "mod_az", "reuters"])
    2
    """
    groups: list[set[str]] = []
    for origin in origins:
        keys = set(origin.split(" + "))
        joined = [g for g in groups if g & keys]
        for group in joined:
            keys |= group
            groups.remove(group)
        groups.append(keys)
    return len(groups)


def figure_supporters(citations: Iterable[Mapping[str, str]], row: Mapping[str, str]) -> list[Mapping[str, str]]:
    """The citations that give a figure agreeing with the row's: the figure's corroboration.

    Parameters
    ----------
    citations : iterable of mapping
        One row's citations, with the figure each source gives (``count_*`` cells).
    row : mapping
        The claim row, with its own ``count_*`` cells.

    Returns
    -------
    list of mapping
        The ``count`` citations that support the row with a figure whose span overlaps the
        row's; empty when the row gives no number.

    Examples
    --------
    A prosecutor's six deaths do not corroborate five; a report of "at least four" does:

    >>> row = {"count_point": "5", "count_low": "5", "count_high": "5", "count_qualifier": "exact"}
    >>> cites = [{"about": "count", "stance": "supports", "count_point": p, "count_low": p, "count_high": h, "count_qualifier": q}
    ...          for p, h, q in (("6", "6", "exact"), ("4", "", "at_least"))]
    >>> [c["count_point"] for c in figure_supporters(cites, row)]
    ['4']
    """
    own = figure_span(row)
    if own is None:
        return []
    return [c for c in citations if c["about"] == FIGURE_ASPECT and c["stance"] == "supports"
            and (span := figure_span(c)) is not None and spans_overlap(span, own)]


def provenance(citations: Iterable[Mapping[str, str]], sources: Iterable[Mapping[str, str]],
               claims: Mapping[tuple[str, str], Mapping[str, str]] | None = None) -> dict[tuple[str, str], dict]:
    """What every cited row rests on: its lead source, how many sources and origins, its ceiling.

    Parameters
    ----------
    citations : iterable of mapping
        Rows of ``citations.csv`` (``table``, ``row_id``, ``source_id``, ``about``, ``stance``,
        and the ``count_*`` figure a source gives).
    sources : iterable of mapping
        Rows of ``sources.csv``, as :func:`source_standing` takes them.
    claims : mapping, optional
        The claim rows by (table, row id), as text cells. A row stating a figure is then
        graded on its figure too, and takes the worse digit (see the module's notes).

    Returns
    -------
    dict of (str, str) to dict
        By (table, row id): ``source_id`` (the lead: the most reliable source supporting the
        claim or its figure, the first cited on a tie), ``reliability`` (its effective
        grade), ``sources`` (distinct supporting sources), ``origins`` (independent
        adequate supporting origins), ``figure_origins`` (independent adequate origins
        giving an agreeing figure; None when the row states no number) and ``ceiling``
        (:func:`credibility_ceiling`, the worse of the claim's and the figure's).

    Examples
    --------
    Two agencies support a claim of five dead, but only one gives the figure:

    >>> sources = [{"source_id": s, "outlet": o, "wire": "", "channel_source_id": "", "reliability": r}
    ...            for s, o, r in (("kremlin", "Kremlin", "A"), ("xinhua", "Xinhua", "B"))]
    >>> five = {"count_point": "5", "count_low": "5", "count_high": "5", "count_qualifier": "exact"}
    >>> none = dict.fromkeys(five, "")
    >>> cites = [{"table": "events", "row_id": "e", "source_id": "kremlin", "about": "count", "stance": "supports", **five},
    ...          {"table": "events", "row_id": "e", "source_id": "xinhua", "about": "claim", "stance": "supports", **none}]
    >>> rests = provenance(cites, sources)[("events", "e")]
    >>> rests["origins"], rests["ceiling"]
    (2, 1)
    >>> rests = provenance(cites, sources, {("events", "e"): five})[("events", "e")]
    >>> rests["figure_origins"], rests["ceiling"]
    (1, 2)
    """
    standing = source_standing(sources)
    claims = claims or {}
    grouped: dict[tuple[str, str], list[Mapping[str, str]]] = {}
    for citation in citations:
        grouped.setdefault((citation["table"], citation["row_id"]), []).append(citation)
    out = {}
    for key, cited in grouped.items():
        grading = [c for c in cited if c["about"] in GRADING_ASPECTS]
        supporting = [c for c in grading if c["stance"] == "supports"] or [c for c in cited if c["stance"] == "supports"]
        lead = min(supporting, key=lambda c: standing[c["source_id"]][1]) if supporting else cited[0]
        ceiling = credibility_ceiling((c["stance"], *standing[c["source_id"]]) for c in grading)
        figure_origins = None
        row = claims.get(key)
        if row is not None and figure_span(row) is not None:
            agreeing = figure_supporters(cited, row)
            contradicting = [c for c in cited if c["about"] == FIGURE_ASPECT and c["stance"] == "contradicts"]
            figure_origins = independent_origins({standing[c["source_id"]][0] for c in agreeing if standing[c["source_id"]][1] in ADEQUATE})
            ceiling = max(ceiling, credibility_ceiling((c["stance"], *standing[c["source_id"]]) for c in agreeing + contradicting))
        out[key] = {
            "source_id": lead["source_id"],
            "reliability": standing[lead["source_id"]][1],
            "sources": len({c["source_id"] for c in cited if c["stance"] == "supports"}),
            "origins": independent_origins({standing[c["source_id"]][0] for c in supporting if standing[c["source_id"]][1] in ADEQUATE}),
            "figure_origins": figure_origins,
            "ceiling": ceiling,
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
