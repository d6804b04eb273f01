"""The ``data-table`` directive: one table of the data for readers, each row anchored, the CSV downloadable.

Headings are words, not field names; figures carry thousands separators; a date never
breaks inside itself (an interval may break between its two ends); enumerated values read
as words. The table keeps its natural width and the theme's container scrolls it sideways,
taking keyboard focus, when it is wider than the column.
"""

from __future__ import annotations

import os

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .citations import anchor, reference
from .context import ROWS_SHOWN, data_dir, key_fields, note_book_text, note_tables, row_ids, shown, tables

__all__ = ["DataTable", "html_table", "cell", "SHOWN_COLUMNS"]

logger = logging.getLogger(__name__)

#: The columns a reader sees in the data chapter, in this order, with their headings (the CSV has them all).
SHOWN_COLUMNS = {
    "row_id": "Row", "name": "Name", "title": "Title", "statement": "Statement", "kind": "Kind", "relation_type": "Relation",
    "capability": "Capability", "count_reported": "As reported", "stated_likelihood": "Stated likelihood", "made_on": "Made on",
    "outcome": "Outcome", "resolved_on": "Resolved on", "operation": "Operation", "start": "From", "end": "Until",
    "confirmed": "Last confirmed", "description": "What the sources say", "source_id": "Lead source", "about": "About",
    "stance": "Stance", "locator": "Where in the source", "credibility": "Grade",
}
DATE_COLUMNS = {"made_on", "resolved_on", "start", "end", "confirmed"}
#: Columns holding a value from a fixed list (``heavy_fires``), shown as words (``heavy fires``).
WORD_COLUMNS = {"kind", "relation_type", "capability", "outcome", "stance", "about"}


def cell(column: str, value: object) -> list[nodes.Node]:
    """One value of the data as a reader's cell.

    >>> [c.astext() for c in cell("count_reported", 1960.0)]
    ['1,960']
    >>> [c.astext() for c in cell("start", "2020-11-10/2020-11-14")]
    ['2020-11-10', ' – ', '2020-11-14']
    >>> [c.astext() for c in cell("capability", "heavy_fires")]
    ['heavy fires']
    """
    if value is None or value != value:
        return []
    if isinstance(value, float) and value.is_integer() or isinstance(value, int) and not isinstance(value, bool):
        return [nodes.Text(f"{int(value):,}")]
    text = str(value)
    if column in DATE_COLUMNS:
        parts = [nodes.inline(text=part, classes=["cb-nowrap"]) for part in text.split("/")]
        return [node for index, part in enumerate(parts) for node in ([nodes.Text(" – ")] if index else []) + [part]]
    return [nodes.Text(text.replace("_", " ") if column in WORD_COLUMNS else text)]


def html_table(header: list[str], rows: list[list[list[nodes.Node]]], classes: list[str]) -> nodes.table:
    """A docutils table of `rows`, each cell a list of nodes."""
    table = nodes.table(classes=[*classes, "colwidths-auto"])
    group = nodes.tgroup(cols=len(header))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in header]
    head = nodes.thead()
    head += nodes.row("", *[nodes.entry("", nodes.paragraph(text=h)) for h in header])
    body = nodes.tbody()
    for cells in rows:
        body += nodes.row("", *[nodes.entry("", nodes.paragraph("", "", *cell)) for cell in cells])
    group += [head, body]
    return table


class DataTable(SphinxDirective):
    """One table of the data for readers: each row anchored, its source linked, the CSV downloadable."""

    required_arguments = 1

    def run(self):
        name = self.arguments[0]
        frames = tables(self.env.app)
        if name not in frames:
            logger.warning(f"{name!r} is not a table of the data", location=self.get_location())
            return []
        folder = data_dir(self.env.app)
        # the rows shown are the table's first and those any page links
        note_tables(self.env, name)
        note_book_text(self.env)
        frame = frames[name].assign(_id=row_ids(self.env.app, name))
        key = key_fields(self.env.app, name)
        columns = [c for c in SHOWN_COLUMNS if c in frame.columns and c not in key]
        shown_frame = frame[frame["_id"].isin(shown(self.env.app)[0][name])]
        rows = []
        for row in shown_frame.to_dict("records"):
            cells = [anchor(self, f"row-{name}-{row['_id']}", row["_id"])]
            for column in columns:
                value = row[column]
                if column == "source_id":
                    cells.append([reference(f"source-{value}", value, literal=True)])
                else:
                    cells.append(cell(column, value))
            rows.append(cells)
        # a download path is taken from the source folder, written as if from its root
        relative = os.path.relpath(folder, self.env.srcdir)
        download = nodes.paragraph("", "Download: ", addnodes.download_reference(
            "", "", nodes.literal(text=f"{name}.csv"), reftarget=f"/{relative}/{name}.csv", refdoc=self.env.docname))
        headings = [" / ".join(SHOWN_COLUMNS.get(k, k.replace("_", " ").capitalize()) for k in key),
                    *(SHOWN_COLUMNS[c] for c in columns)]
        output = [download, html_table(headings, rows, ["cb-data"])]
        if len(shown_frame) < len(frame):
            output.append(nodes.paragraph(text=f"{len(shown_frame):,} of {len(frame):,} rows shown: the first "
                                               f"{ROWS_SHOWN} and those the report cites; {name}.csv holds them all."))
        return output
