"""What could be known on a day: the data as its sources stood then (an information vintage).

``as_of`` is the day a model describes; ``known_on`` is the day of knowledge. The vintage of
``known_on`` keeps only what sources published by then support, so a model run on it says what
an analyst could have said that day, and nothing hindsight added. The rules, stated once:

* A source becomes known on the last day of its publication date (a date known only to lie
  in a range counts from the range's end). A page that shows no date counts from the day it
  was read (``date_accessed``); a source known second-hand and undated, from its channel's.
* A claim row of a dated table (:data:`VINTAGE_TABLES`) is known when a known source supports
  it or gives a figure for it (a source that *revises* a figure reports the same fact with
  another number); the others are dropped, and so are the citations and sources not yet known.
* A row's figure is the data's own once a known source gives it (the editors' reading of all
  the sources, which a figure they weighed and set aside never displaces); before that, the
  latest figure a known source gave for it (one the data *revises* counts: it was what was
  said then), or unknown when no known source gave one. A later figure is never carried back.
  The citations giving a figure are then read against the figure the vintage holds, by the
  data's own rule: one whose figure agrees with it supports it, any other revises it.
* A row whose end no known source gives is open, last confirmed on the day of the latest
  known source supporting it.
* Credibility is graded again from the known citations only; an editor's more sceptical
  digit stands.

Actors, places and weapon systems are the cast, not events: they are kept whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from ..assumptions import END_OF_DATA
from .dates import parse_date
from .evidence import claim_rows
from .figures import figure_span, spans_overlap
from .grading import FIGURE_ASPECT, provenance
from .schema import Table

__all__ = ["END_OF_DATA", "VINTAGE_TABLES", "source_known_days", "earliest_known_day", "as_known_on"]

#: Tables of dated claims, which a vintage filters; every other table is kept whole.
VINTAGE_TABLES = ("events", "event_links", "relations", "deployments", "unit_history", "judgements", "outcomes")
#: The cells of a figure, copied from the citation that gave it.
FIGURE_FIELDS = ("count_point", "count_low", "count_high", "count_qualifier")


def _day(text: str) -> dt.date | None:
    try:
        return parse_date(text).latest if text else None
    except ValueError:
        return None


def source_known_days(sources: list[Mapping[str, str]]) -> dict[str, dt.date]:
    """The day each source became known, by ``source_id`` (sources with no day at all are left out).

    Parameters
    ----------
    sources : list of mapping
        Rows of ``sources.csv`` as text (``date_published``, ``date_basis``, ``date_accessed``,
        ``channel_source_id``).

    Returns
    -------
    dict of str to datetime.date
        The last day of the publication date; for a page that shows none, the day it was
        read; for an undated second-hand source, its channel's day.

    Examples
    --------
    >>> days = source_known_days([
    ...     {"source_id": "a", "date_published": "2020-12-17/2020-12-31", "date_basis": "page_range", "date_accessed": "2026-11-25", "channel_source_id": ""},
    ...     {"source_id": "b", "date_published": "", "date_basis": "none_shown", "date_accessed": "2026-11-25", "channel_source_id": ""},
    ...     {"source_id": "c", "date_published": "", "date_basis": "none_shown", "date_accessed": "", "channel_source_id": "a"}])
    >>> [days[s].isoformat() for s in "abc"]
    ['2020-12-31', '2026-11-25', '2020-12-31']
    """
    rows = {row["source_id"]: row for row in sources}

    def known(source_id: str, seen: frozenset = frozenset()) -> dt.date | None:
        row = rows[source_id]
        day = _day(row["date_published"]) if row.get("date_basis") != "none_shown" else None
        day = day or _day(row.get("date_accessed") or "")
        channel = row.get("channel_source_id") or ""
        if day is None and channel in rows and channel not in seen:
            day = known(channel, seen | {source_id})
        return day

    return {source_id: day for source_id in rows if (day := known(source_id)) is not None}


def earliest_known_day(tables: Mapping[str, Table]) -> dt.date:
    """The first day any source was known: no vintage can be taken before it.

    Parameters
    ----------
    tables : mapping of str to Table
        The tables as read; only ``sources`` is used.

    Returns
    -------
    datetime.date

    Examples
    --------
    >>> from counterbalance.data import validate_package
    >>> from counterbalance.paths import DATA_DIR
    >>> earliest_known_day(validate_package(DATA_DIR)[1]) < dt.date(2020, 11, 10)
    True
    """
    return min(source_known_days(tables["sources"].rows).values())


def _latest(citations: list[Mapping[str, str]], days: Mapping[str, dt.date]) -> Mapping[str, str] | None:
    """The citation of the latest known source (a supporting one before a revising one on the same day)."""
    ranked = sorted(citations, key=lambda c: (days[c["source_id"]], c["stance"] == "supports"))
    return ranked[-1] if ranked else None


def _gives_figure(citation: Mapping[str, str]) -> bool:
    """Whether a citation gives a number for its row's figure (supporting it or revising it)."""
    return citation["about"] == FIGURE_ASPECT and citation["stance"] in ("supports", "revises") and figure_span(citation) is not None


def _attested(cited: list[Mapping[str, str]]) -> bool:
    """Whether known citations make a row known: a source supports it, or gives a figure for it."""
    return any(c["stance"] == "supports" or _gives_figure(c) for c in cited)


def _with_figure(row: dict[str, str], cited: list[Mapping[str, str]], days: Mapping[str, dt.date]) -> tuple[dict[str, str], list[Mapping[str, str]]]:
    """A row with the figure the vintage holds, and its known citations read against that figure."""
    own = figure_span(row)
    if not row.get("count_qualifier") or row["count_qualifier"] == "unknown" or own is None:
        return row, cited
    giving = [c for c in cited if _gives_figure(c)]
    if any(c["stance"] == "supports" and spans_overlap(figure_span(c), own) for c in giving):
        return row, cited
    given = _latest(giving, days)
    row = dict(row)
    row.update({f: given[f] for f in FIGURE_FIELDS} if given else {**dict.fromkeys(FIGURE_FIELDS, ""), "count_qualifier": "unknown"})
    if given and "count_reported" in row:
        row["count_reported"] = given["locator"]
    held = figure_span(row)
    read = [{**c, "stance": "supports" if held is not None and spans_overlap(figure_span(c), held) else "revises"} if _gives_figure(c) else c
            for c in cited]
    return row, read


def _known_row(row: dict[str, str], cited: list[Mapping[str, str]], days: Mapping[str, dt.date], ceiling: int | None) -> dict[str, str]:
    """One row as its known citations have it: end, confirmation and credibility (its figure is already the vintage's)."""
    row = dict(row)
    if "confirmed" in row and "end" in row:
        ends = [c for c in cited if c["about"] == "end" and c["stance"] == "supports"]
        supporting = [c for c in cited if c["stance"] == "supports"]
        last = max(days[c["source_id"]] for c in supporting).isoformat()
        if row["end"] and not ends:
            row["end"], row["confirmed"] = "", last
        elif row["confirmed"] and not any(c["about"] == "confirmed" for c in supporting):
            row["confirmed"] = last
    if ceiling is not None and row.get("credibility", "").isdigit():
        row["credibility"] = str(max(int(row["credibility"]), ceiling))
    return row


def as_known_on(tables: Mapping[str, Table], declared: Mapping[str, dict], known_on: dt.date | str) -> dict[str, Table]:
    """The tables as the sources known on `known_on` had them (see the module's rules).

    Parameters
    ----------
    tables : mapping of str to Table
        Validated tables, as text (:func:`~counterbalance.data.schema.check_package`).
    declared : mapping of str to dict
        Every resource of the descriptor, by name.
    known_on : datetime.date or str
        The day of knowledge (an ISO date).

    Returns
    -------
    dict of str to Table
        New tables; the inputs are not changed. Rows keep the lines they came from.

    Raises
    ------
    ValueError
        If `known_on` comes before the first day any source was known.

    Examples
    --------
    On the last day of 2020, the contingent's withdrawal had not been reported:

    >>> from counterbalance.data import validate_package
    >>> from counterbalance.paths import DATA_DIR
    >>> from counterbalance.data.schema import resources
    >>> from counterbalance.data.descriptor import read_descriptor
    >>> problems, tables = validate_package(DATA_DIR)
    >>> then = as_known_on(tables, resources(read_descriptor(DATA_DIR)), "2020-12-31")
    >>> ids = {row["event_id"] for row in then["events"].rows}
    >>> "ev_trilateral_statement" in ids, "ev_withdrawal_completed" in ids
    (True, False)
    """
    known_on = dt.date.fromisoformat(str(known_on))
    first = earliest_known_day(tables)
    if known_on < first:
        raise ValueError(f"known_on {known_on.isoformat()} is before the earliest source ({first.isoformat()}): nothing was known yet")
    days = {s: d for s, d in source_known_days(tables["sources"].rows).items() if d <= known_on}
    by_row: dict[tuple[str, str], list[Mapping[str, str]]] = {}
    for citation in tables["citations"].rows:
        if citation["source_id"] in days:
            by_row.setdefault((citation["table"], citation["row_id"]), []).append(citation)
    out = dict(tables)
    dropped = [name for name in VINTAGE_TABLES if name in tables]
    read: dict[int, Mapping[str, str]] = {}  # citations read against a figure the vintage changed, by id of the original
    for name in dropped:
        key = declared[name]["schema"]["primaryKey"][0]
        records = []
        for row, line in tables[name].records():
            cited = by_row.get((name, row[key]), [])
            if _attested(cited):
                row, now = _with_figure(row, cited, days)
                read.update({id(old): new for old, new in zip(cited, now) if new is not old})
                by_row[(name, row[key])] = now
                records.append((row, line))
        out[name] = replace(tables[name], rows=[row for row, _ in records], lines=[line for _, line in records])
    known_rows = claim_rows(out, declared)
    citations = [(read.get(id(c), c), line) for c, line in tables["citations"].records() if c["source_id"] in days
                 and (c["table"] not in dropped or (c["table"], c["row_id"]) in known_rows)]
    sources = [(s, line) for s, line in tables["sources"].records() if s["source_id"] in days]
    out["citations"] = replace(tables["citations"], rows=[c for c, _ in citations], lines=[line for _, line in citations])
    out["sources"] = replace(tables["sources"], rows=[s for s, _ in sources], lines=[line for _, line in sources])
    ceilings = provenance(out["citations"].rows, out["sources"].rows, known_rows)
    for name in dropped:
        key = declared[name]["schema"]["primaryKey"][0]
        out[name] = replace(out[name], rows=[_known_row(row, by_row[(name, row[key])], days, ceilings.get((name, row[key]), {}).get("ceiling"))
                                             for row in out[name].rows])
    return out
