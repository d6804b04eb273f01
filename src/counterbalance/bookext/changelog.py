"""The ``data-changelog`` directive: rows added, removed and changed since the previous published version."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..data.schema import Table, check_package
from ..paths import DATA
from .citations import reference
from .context import data_dir, note_tables, row_ids, tables

__all__ = ["DataChangelog"]


def _rows(table: Table) -> dict[str, dict[str, str]]:
    """A table's rows as text, by key (a composite key's fields joined by ``/``)."""
    key = table.key or (table.header[0],)
    return {"/".join(row[k] for k in key): row for row in table.rows}


class DataChangelog(SphinxDirective):
    """Rows added, removed and changed per table since the previous published version, by key.

    Both versions are compared as the text their CSV files hold, each read with its own
    descriptor: the previous version was valid when it was published, and its schema may
    differ from today's.
    """

    def run(self):
        config = self.env.config
        current = tables(self.env.app)
        note_tables(self.env)
        if not config.counterbalance_version:
            return [nodes.paragraph(text="This build is not a published version. Its changelog is written when it is "
                                         "published (make publish), against the version published before it.")]
        if not config.counterbalance_previous:
            total = sum(len(t) for t in current.values())
            return [nodes.paragraph(text=f"No earlier version is published: all {total:,} rows in {len(current)} tables are new.")]
        previous = Path(config.counterbalance_previous)
        for path in sorted((previous / DATA).glob("*.csv")):
            self.env.note_dependency(str(path.resolve()))
        old = check_package(previous / DATA)[1]
        output = [nodes.paragraph(text=f"Compared with {previous.name}, row by row (by each table's key).")]
        sources = set(current["sources"]["source_id"])
        for name, table in check_package(data_dir(self.env.app))[1].items():
            if name not in current:
                continue  # map outlines: not rows of the data
            frame = current[name]
            leads = dict(zip(row_ids(self.env.app, name), frame["source_id"])) if "source_id" in frame else {}
            items = self._changes(_rows(old[name]) if name in old else {}, _rows(table), table.header, sources, leads)
            if items:
                output += [nodes.rubric(text=f"{name}.csv"), nodes.bullet_list("", *items)]
        if len(output) == 1:
            output.append(nodes.paragraph(text="No row was added, removed or changed."))
        return output

    def _changes(self, old: dict[str, dict], new: dict[str, dict], columns: list[str], sources: set,
                 leads: dict[str, str]) -> list[nodes.list_item]:
        """Added, removed and changed rows, each with its source (a claim's lead source)."""
        items = []

        def item(verb: str, row_id: str, row: dict, detail: str = "") -> None:
            text = [nodes.strong(text=verb), nodes.Text(" "), nodes.literal(text=row_id)]
            if detail:
                text.append(nodes.Text(f": {detail}"))
            source = row.get("source_id") or leads.get(row_id)
            if isinstance(source, str) and source:
                text += [nodes.Text(" ("), reference(f"source-{source}", source, literal=True) if source in sources
                         else nodes.literal(text=source), nodes.Text(")")]
            items.append(nodes.list_item("", nodes.paragraph("", "", *text)))

        for row_id in sorted(set(new) - set(old)):
            item("Added", row_id, new[row_id])
        for row_id in sorted(set(old) - set(new)):
            item("Removed", row_id, old[row_id])
        for row_id in sorted(set(new) & set(old)):
            changed = [c for c in columns if c in old[row_id] and old[row_id][c] != new[row_id][c]]
            if changed:
                item("Changed", row_id, new[row_id],
                     "; ".join(f"{c} {old[row_id][c] or '(empty)'} \u2192 {new[row_id][c] or '(empty)'}" for c in changed))
        return items
