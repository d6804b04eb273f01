"""The sources as a reference manager takes them: BibTeX (written by pybtex) and CSL-JSON.

Every row of ``sources.csv`` becomes one entry keyed by its ``source_id``: the outlet as the
publisher (or the journal, for an analysis), the title (or, for a source known only through the
2020 article, how the article cited it), the author, the date published, the address and the day
it was read, and its reliability grade with the reason in a note. Both files list every source,
in the order of ``sources.csv``, and are the same bytes for the same rows.
"""

from __future__ import annotations

import json

import pandas as pd
from pybtex.database import BibliographyData, Entry, Person

__all__ = ["sources_bibtex", "sources_csl"]

#: A source's kind to its CSL item type.
CSL_TYPES = {"newspaper": "article-newspaper", "news_agency": "article-newspaper", "analysis": "article-journal",
             "official": "report", "broadcaster": "broadcast", "blog": "post-weblog", "video": "motion_picture"}


def _text(row: dict, field: str) -> str | None:
    value = row.get(field)
    return value if isinstance(value, str) and value.strip() else None


def _title(row: dict) -> str:
    return _text(row, "title") or (f"Cited as \u201c{row['cited_as']}\u201d" if _text(row, "cited_as") else row["outlet"])


def _date_parts(text: str | None) -> list[int] | None:
    """The leading date of a data literal ("2020-12-17", "2020-12", "2020-12-17/2020-12-31") as CSL date parts."""
    if not text:
        return None
    parts = text.split("/")[0].split("-")
    return [int(p) for p in parts if p.isdigit()] or None


def _note(row: dict) -> str:
    return f"Reliability {row['reliability']}: {row['reliability_note']}".strip()


def sources_bibtex(sources: pd.DataFrame) -> str:
    """Every source as a BibTeX entry (``@misc``, or ``@article`` for an analysis), keyed by its source_id.

    Examples
    --------
    >>> sources = pd.DataFrame([{"source_id": "edm_17_181", "outlet": "Eurasia Daily Monitor", "title": "Veiled Counter-Balancing",
    ...     "author": None, "kind": "analysis", "language": "en", "date_published": "2020-12-17/2020-12-31",
    ...     "date_accessed": "2026-11-25", "url": "https://example.org/a", "cited_as": None, "reliability": "B",
    ...     "reliability_note": "Policy bulletin."}])
    >>> print(sources_bibtex(sources))  # doctest: +NORMALIZE_WHITESPACE
    @article{edm_17_181,
        title = "Veiled Counter-Balancing",
        journal = "Eurasia Daily Monitor",
        year = "2020",
        month = "12",
        url = "https://example.org/a",
        urldate = "2026-11-25",
        language = "en",
        note = "Reliability B: Policy bulletin."
    }
    """
    entries = {}
    for row in sources.to_dict("records"):
        kind = "article" if row.get("kind") == "analysis" else "misc"
        fields = {"title": _title(row), ("journal" if kind == "article" else "publisher"): row["outlet"]}
        date = _date_parts(_text(row, "date_published"))
        if date:
            fields["year"] = str(date[0])
            if len(date) > 1:
                fields["month"] = f"{date[1]:02d}"
        for field, name in (("url", "url"), ("date_accessed", "urldate"), ("language", "language")):
            if _text(row, field):
                fields[name] = row[field]
        fields["note"] = _note(row)
        persons = {"author": [Person(row["author"])]} if _text(row, "author") else {}
        entries[row["source_id"]] = Entry(kind, fields=fields, persons=persons)
    return BibliographyData(entries=entries).to_string("bibtex")


def sources_csl(sources: pd.DataFrame) -> str:
    """Every source as a CSL-JSON item (the format Zotero, Mendeley and pandoc read), keyed by its source_id.

    Examples
    --------
    >>> sources = pd.DataFrame([{"source_id": "aa_2020_11_17", "outlet": "Anadolu Agency", "title": None, "author": None,
    ...     "kind": "news_agency", "language": None, "date_published": "2020-11-17", "date_accessed": None, "url": None,
    ...     "cited_as": "Anadolu Agency, November 17", "reliability": "B", "reliability_note": "State agency."}])
    >>> item = json.loads(sources_csl(sources))[0]
    >>> item["id"], item["type"], item["title"], item["issued"], item["publisher"]
    ('aa_2020_11_17', 'article-newspaper', 'Cited as “Anadolu Agency, November 17”', {'date-parts': [[2020, 11, 17]]}, 'Anadolu Agency')
    """
    items = []
    for row in sources.to_dict("records"):
        item = {"id": row["source_id"], "type": CSL_TYPES.get(row.get("kind"), "webpage"), "title": _title(row),
                "publisher": row["outlet"], "container-title": row["outlet"], "note": _note(row)}
        if _text(row, "author"):
            item["author"] = [{"literal": row["author"]}]
        for field, name in (("date_published", "issued"), ("date_accessed", "accessed")):
            parts = _date_parts(_text(row, field))
            if parts:
                item[name] = {"date-parts": [parts]}
        if _text(row, "url"):
            item["URL"] = row["url"]
        if _text(row, "language"):
            item["language"] = row["language"]
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
