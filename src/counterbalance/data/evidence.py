"""The rules of evidence: every claim cited, every citation landing, every grade earned, every end dated.

Rules in the manner of :mod:`counterbalance.data.rules` (tables as read, text cells with their
lines; a problem per fault), about what the claims rest on. Each docstring states the
judgement it encodes.
"""

from __future__ import annotations

from collections.abc import Iterator

from .dates import parse_date
from .descriptor import CITATIONS, claim_tables, primary_key
from .figures import figure_span, figure_words, spans_overlap
from .grading import ADEQUATE, CREDIBILITY, FIGURE_ASPECT, provenance
from .schema import Problem, Table

__all__ = ["EVIDENCE_RULES", "claim_rows"]

Tables = dict[str, Table]
Declared = dict[str, dict]

#: Which field of a row a citation's ``about`` bears on (``claim`` is the row as a whole).
ASPECT_FIELDS = {"count": "count_qualifier", "start": "start", "end": "end", "confirmed": "confirmed"}
#: Tables whose rows can end, and so must say when, or when they were last confirmed.
ENDING_TABLES = ("deployments", "relations")
#: Tables whose open rows say why they have no end (``open_status``).
OPEN_TABLES = ("deployments", "relations", "unit_history")


def _claims(tables: Tables, declared: Declared) -> dict[str, tuple[Table, str]]:
    """The claim tables that could be read, each with its key field."""
    descriptor = {"resources": list(declared.values())}
    return {name: (tables[name], primary_key(declared[name])[0]) for name in claim_tables(descriptor) if name in tables}


def claim_rows(tables: Tables, declared: Declared) -> dict[tuple[str, str], dict]:
    """Every claim row that could be read, as text cells, by (table, row id).

    Parameters
    ----------
    tables : dict of str to Table
        The tables that could be read.
    declared : dict of str to dict
        Every resource of the descriptor, by name.

    Returns
    -------
    dict of (str, str) to dict
        The rows of the tables citations may name, keyed by table and primary key.

    Examples
    --------
    >>> from counterbalance.data.schema import Table
    >>> rows = [{"event_id": "ev_a", "count_point": "5"}]
    >>> events = Table("events", "data/events.csv", list(rows[0]), rows, [2])
    >>> citations = {"name": "citations", "schema": {"fields": [{"name": "table", "constraints": {"enum": ["events"]}}]}}
    >>> declared = {"events": {"name": "events", "schema": {"fields": [], "primaryKey": ["event_id"]}}, "citations": citations}
    >>> claim_rows({"events": events}, declared)[("events", "ev_a")]["count_point"]
    '5'
    """
    return {(name, row[key]): row for name, (table, key) in _claims(tables, declared).items() for row in table.rows}


def claims_are_cited(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """Every claim row has at least one citation that supports it.

    Judgement: a fact nobody vouches for is not a fact of the report.
    """
    if CITATIONS not in tables:
        return
    supported = {(c["table"], c["row_id"]) for c in tables[CITATIONS].rows if c["stance"] == "supports"}
    for name, (table, key) in _claims(tables, declared).items():
        for row, line in table.records():
            if row[key] and (name, row[key]) not in supported:
                yield table.problem(line, key, f"{row[key]!r} has no supporting citation; add a row to data/citations.csv")


def citations_name_a_row(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A citation names an existing row, and an aspect (figure, start, end, confirmation) that row states."""
    if CITATIONS not in tables:
        return
    citations = tables[CITATIONS]
    rows = {name: {row[key]: row for row in table.rows} for name, (table, key) in _claims(tables, declared).items()}
    for citation, line in citations.records():
        table, row_id, about = citation["table"], citation["row_id"], citation["about"]
        if table not in rows:
            continue  # an unknown or unreadable table is reported elsewhere
        row = rows[table].get(row_id)
        if row is None:
            yield citations.problem(line, "row_id", f"{row_id!r} is not a row of data/{table}.csv")
        elif about in ASPECT_FIELDS and not row.get(ASPECT_FIELDS[about]):
            yield citations.problem(line, "about", f"{row_id!r} states no {ASPECT_FIELDS[about]}; cite its {about} only once the row gives one")


def credibility_follows_citations(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A row's credibility digit is no better than its citations support, and a worse one says why.

    Judgement: the digit follows from corroboration
    (:func:`counterbalance.data.grading.credibility_ceiling`), of the claim and, for a row
    stating a figure, of the figure; an editor may grade a claim more sceptically than the
    rule, never more confidently, and then says why in a note on one of its citations.
    """
    if not {CITATIONS, "sources"} <= set(tables):
        return
    known = {row["source_id"] for row in tables["sources"].rows}  # a citation of an unknown source is reported as such
    cited = [c for c in tables[CITATIONS].rows if c["source_id"] in known]
    ceilings = provenance(cited, tables["sources"].rows, claim_rows(tables, declared))
    noted = {(c["table"], c["row_id"]) for c in cited if c["note"].strip()}
    for name, (table, key) in _claims(tables, declared).items():
        if "credibility" not in table.header:
            continue
        for row, line in table.records():
            found = ceilings.get((name, row[key]))
            if found is None or not row["credibility"].isdigit():
                continue
            digit = int(row["credibility"])
            if digit not in CREDIBILITY:
                continue  # out of range: the schema reports it
            if digit < found["ceiling"]:
                figure = "" if found["figure_origins"] is None else (
                    f" and {found['figure_origins']} give a figure agreeing with {figure_words(row)}")
                yield table.problem(line, "credibility", (
                    f"{digit} ({CREDIBILITY[digit]}) is more than its citations support: "
                    f"{found['origins']} independent source(s) graded {'-'.join(sorted(ADEQUATE))} support the claim{figure}; "
                    f"they allow at best {found['ceiling']} ({CREDIBILITY[found['ceiling']]}); "
                    "1 needs two independent ones, for the claim and for its figure, and no contradiction"))
            elif digit > found["ceiling"] and (name, row[key]) not in noted:
                yield table.problem(line, "credibility", (
                    f"{digit} ({CREDIBILITY[digit]}) is worse than its citations allow ({found['ceiling']}); "
                    "say why in the note of one of its citations in data/citations.csv"))


def figure_citations_give_their_figure(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A citation about a row's figure gives the figure as its source worded it, and only such a citation does.

    Judgement: a figure is corroborated by sources that give a number, not by sources that
    mention the fact. A source that supports the row's figure gives one whose span overlaps
    the row's ("some 1,960" and "1,960"); a source giving another figure *revises* it, and
    both are kept.
    """
    if CITATIONS not in tables or "count_qualifier" not in tables[CITATIONS].header:
        return
    citations, rows = tables[CITATIONS], claim_rows(tables, declared)
    for citation, line in citations.records():
        qualifier = citation["count_qualifier"]
        if citation["about"] != FIGURE_ASPECT:
            if qualifier:
                yield citations.problem(line, "count_qualifier", f"must be empty on a citation about {citation['about']}; a figure is cited with about: count")
            continue
        if citation["stance"] == "contradicts":
            continue
        if not qualifier or qualifier == "unknown":
            yield citations.problem(line, "count_qualifier", (
                "is empty; a citation about a figure gives the figure as its source words it "
                "(a source that gives no number supports the claim: cite it with about: claim)"))
            continue
        row, span = rows.get((citation["table"], citation["row_id"])), figure_span(citation)
        own = figure_span(row) if row else None
        if citation["stance"] == "supports" and span and own and not spans_overlap(span, own):
            yield citations.problem(line, "stance", (
                f"supports, but the source gives {figure_words(citation)} where the row has {figure_words(row)}; "
                "a source giving another figure revises it"))




def sources_say_how_they_are_dated(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A source's date comes from its page (or its channel), and a page that shows none says so.

    Judgement: a date guessed from a URL is not the page's date. A range is given where the
    page only bounds its date, and an undated page counts, for what was known when, from
    the day it was read.
    """
    if "sources" not in tables or "date_basis" not in tables["sources"].header:
        return
    sources = tables["sources"]
    for row, line in sources.records():
        basis, date = row["date_basis"], row["date_published"]
        if basis == "none_shown" and date:
            yield sources.problem(line, "date_published", "must be empty when date_basis is none_shown (the page shows no date)")
        elif basis in ("page", "page_range", "channel") and not date:
            yield sources.problem(line, "date_published", f"is empty; date_basis {basis} needs the date the {'channel' if basis == 'channel' else 'page'} gives")
        elif basis == "page_range" and "/" not in date:
            yield sources.problem(line, "date_published", f"{date!r} is not a range; date_basis page_range needs one such as 2021-11-26/2021-11-29")
        elif basis == "channel" and not row["channel_source_id"]:
            yield sources.problem(line, "date_basis", "is channel, but the source names no channel_source_id")


def open_rows_state_their_last_confirmation(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A deployment or relation either ends, or states the last date a source confirmed it.

    Judgement: the persistence rule counts an open row past its last report with a doubt that
    grows from that day, so the day must be given. ``confirmed`` is for open rows only, and
    cannot precede the start.
    """
    for name in ENDING_TABLES:
        if name not in tables or "confirmed" not in tables[name].header:
            continue
        table = tables[name]
        for row, line in table.records():
            if row["end"] and row["confirmed"]:
                yield table.problem(line, "confirmed", "must be empty when the row has an end; it states when an open row was last confirmed")
            elif not row["end"] and not row["confirmed"]:
                yield table.problem(line, "confirmed", "is empty and so is end; give the end, or the last date a source confirmed the row")
            elif row["confirmed"] and row["start"]:
                try:
                    late = parse_date(row["confirmed"]).latest < parse_date(row["start"]).earliest
                except ValueError:
                    continue  # malformed dates are reported by the schema check
                if late:
                    yield table.problem(line, "confirmed", f"{row['confirmed']} comes before the start ({row['start']})")


def open_rows_say_why(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A row without an end says why in ``open_status``; a row with one leaves it empty.

    Judgement: silence is not an end, so the models keep an open row in force after its last
    confirmation (the persistence rule in :mod:`counterbalance.assumptions`); the editors say
    whether they hold it in force when the data ends (``in_force``, which needs a citation of
    its last confirmation), do not know (``end_unknown``), or the row is an author's reading
    (``reading``), which holds only on the dates of its sources. A reading is for inferences
    only, and an inference without an end is a reading.
    """
    confirmed = {(c["table"], c["row_id"]) for c in tables[CITATIONS].rows
                 if c["about"] == "confirmed" and c["stance"] == "supports"} if CITATIONS in tables else None
    for name in OPEN_TABLES:
        if name not in tables or "open_status" not in tables[name].header:
            continue
        table, key = tables[name], primary_key(declared[name])[0]
        for row, line in table.records():
            status, inference = row["open_status"], row.get("basis") == "inference"
            if row["end"] and status:
                yield table.problem(line, "open_status", "must be empty when the row has an end")
            elif not row["end"] and not status:
                yield table.problem(line, "open_status", "is empty and so is end; say in_force, end_unknown or reading")
            elif status and (status == "reading") != inference:
                yield table.problem(line, "open_status", "reading is for an author's inference (basis inference), and an open inference is a reading")
            elif status == "in_force" and confirmed is not None and (name, row[key]) not in confirmed and "confirmed" in table.header:
                yield table.problem(line, "open_status", "in_force needs a citation about: confirmed showing the row still held")


def sources_name_a_page(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A source names a page a reader can open (with its language and the day it was read), or the source it reached us through.

    Judgement: the editors' own work (kind ``editorial``, such as the gazetteer of
    coordinates) is the data itself and needs no page.
    """
    if "sources" not in tables:
        return
    sources = tables["sources"]
    for row, line in sources.records():
        if not row["url"] and not row["channel_source_id"] and row["kind"] != "editorial":
            yield sources.problem(line, "url", "is empty and so is channel_source_id; give the page's address, or the source it reached us through")
        for field in ("language", "date_accessed"):
            if row["url"] and not row[field]:
                yield sources.problem(line, field, "is empty; a source read at a url records its language and the day it was read")


def claim_ids_are_unique(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """No two claim rows share an id, whatever their tables, so that prose can cite a row by its id alone."""
    first: dict[str, str] = {}
    for name, (table, key) in _claims(tables, declared).items():
        for row, line in table.records():
            other = first.setdefault(row[key], f"data/{name}.csv:{line}")
            if other != f"data/{name}.csv:{line}":
                yield table.problem(line, key, f"{row[key]!r} is also the id of {other}; ids are unique across the claim tables")


#: The rules of evidence, in the order their problems are reported.
EVIDENCE_RULES = (
    claims_are_cited, citations_name_a_row, figure_citations_give_their_figure, credibility_follows_citations,
    open_rows_state_their_last_confirmation, open_rows_say_why, sources_name_a_page, sources_say_how_they_are_dated,
    claim_ids_are_unique,
)
