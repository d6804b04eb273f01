"""Citations: ``{source}`` and ``{row}`` roles, and the bibliography they link to.

``{source}`id``` cites a row of ``data/sources.csv`` and links to its entry in the
``source-list`` directive's list (the book's bibliography, with reliability grades);
``{row}`table:id``` links to a row of the ``data-table`` directive. An unknown id is a
warning, so a ``-W`` build fails on it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from ..data import describe_date
from .context import data_dir, shown, tables

__all__ = ["SourceRole", "RowRole", "SourceList", "reference", "anchor"]

logger = logging.getLogger(__name__)


def reference(label: str, text: str, literal: bool = False) -> addnodes.pending_xref:
    """A link to the explicit target `label`, showing `text`."""
    inner = nodes.literal(text=text) if literal else nodes.inline(text=text)
    return addnodes.pending_xref("", inner, refdomain="std", reftype="ref", reftarget=label, refexplicit=True, refwarn=True)


def anchor(directive: SphinxDirective, label: str, text: str) -> list[nodes.Node]:
    """A cell's content: an explicit target `label` (usable by ``{ref}``) and `text`."""
    target = nodes.target("", "", ids=[label], names=[label])
    directive.state.document.note_explicit_target(target)
    return [target, nodes.literal(text=text)]


class SourceRole(SphinxRole):
    """``{source}`id```: "Outlet, date", linked to the source's entry in the bibliography."""

    def run(self):
        sources = tables(self.env.app)["sources"].set_index("source_id")
        if self.text not in sources.index:
            logger.warning(f"{self.text!r} is not a source_id of data/sources.csv", location=self.get_location())
            return [nodes.inline(text=self.text)], []
        row = sources.loc[self.text]
        label = f"{row['outlet']}, {describe_date(row['date_published'])}"
        return [reference(f"source-{self.text}", label)], []


class RowRole(SphinxRole):
    """``{row}`table:id```: the row's id, linked to it in the data chapter."""

    def run(self):
        table, _, key = self.text.partition(":")
        frame = tables(self.env.app).get(table)
        if frame is None or key not in set(frame.iloc[:, 0]):
            logger.warning(f"{self.text!r} is not a row of the data (write table:id)", location=self.get_location())
            return [nodes.inline(text=self.text)], []
        return [reference(f"row-{table}-{key}", key, literal=True)], []


class SourceList(SphinxDirective):
    """The bibliography: every source with its reliability grade, why, and how it reached us."""

    def run(self):
        self.env.note_dependency(str(data_dir(self.env.app) / "sources.csv"))
        entries = nodes.bullet_list(classes=["cb-sources"])
        sources = tables(self.env.app)["sources"]
        listed = shown(self.env.app)[1]
        for row in sources[sources["source_id"].isin(listed)].to_dict("records"):
            text = [*anchor(self, f"source-{row['source_id']}", row["source_id"]), nodes.Text(" "),
                    nodes.strong(text=row["outlet"])]
            if isinstance(row["title"], str):
                text.append(nodes.Text(f", \u201c{row['title']}\u201d"))
            text.append(nodes.Text(f", {describe_date(row['date_published'])}, cited as \u201c{row['cited_as']}\u201d. "))
            if isinstance(row["url"], str):
                text += [nodes.reference("", row["url"], refuri=row["url"]), nodes.Text(". ")]
            text += [nodes.Text("Reliability "), nodes.strong(text=str(row["reliability"])), nodes.Text(f": {row['reliability_note']} ")]
            if isinstance(row["channel_source_id"], str):
                text += [nodes.Text("Reached us through "), reference(f"source-{row['channel_source_id']}", row["channel_source_id"], literal=True), nodes.Text(".")]
            entries += nodes.list_item("", nodes.paragraph("", "", *text))
        output = [entries]
        if len(listed) < len(sources):
            output.append(nodes.paragraph(text=f"{len(listed):,} of {len(sources):,} sources are listed here: those the "
                                               "report's pages cite. sources.csv in the Data chapter holds them all."))
        return output
