"""The ``data-table`` directive: one table of the data for readers, each row anchored, the CSV downloadable."""

from __future__ import annotations

import os

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .citations import anchor, reference
from .context import ROWS_SHOWN, data_dir, key_fields, row_ids, shown, tables

__all__ = ["DataTable", "html_table"]

logger = logging.getLogger(__name__)

# which columns a reader sees in the data chapter, in this order (the CSV has them all)
SHOWN_COLUMNS = ("row_id", "name", "title", "statement", "kind", "relation_type", "capability", "count_reported", "stated_likelihood",
                 "made_on", "outcome", "resolved_on", "operation", "start", "end", "confirmed", "description", "source_id", "about",
                 "stance", "locator", "credibility")


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
        self.env.note_dependency(str(folder / f"{name}.csv"))
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
                    cells.append([nodes.Text("" if value is None or value != value else str(value))])
            rows.append(cells)
        # a download path is taken from the source folder, written as if from its root
        relative = os.path.relpath(folder, self.env.srcdir)
        download = nodes.paragraph("", "Download: ", addnodes.download_reference(
            "", "", nodes.literal(text=f"{name}.csv"), reftarget=f"/{relative}/{name}.csv", refdoc=self.env.docname))
        output = [download, html_table(["/".join(key), *columns], rows, ["cb-data"])]
        if len(shown_frame) < len(frame):
            output.append(nodes.paragraph(text=f"{len(shown_frame):,} of {len(frame):,} rows shown: the first "
                                               f"{ROWS_SHOWN} and those the report cites; {name}.csv holds them all."))
        return output
