"""The ``data-changelog`` directive: rows added, removed and changed since the previous published version."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..data import load_tables
from ..paths import DATA
from .citations import reference
from .context import tables

__all__ = ["DataChangelog"]


def _records(frame: pd.DataFrame, columns: list[str], key: str) -> dict[str, dict]:
    """The rows of `frame` by key, with the given columns, missing values as None."""
    kept = frame[columns].astype(object).where(frame[columns].notna(), None)
    return {row[key]: row for row in kept.to_dict("records")}


class DataChangelog(SphinxDirective):
    """Rows added, removed and changed per table since the previous published version, by key."""

    def run(self):
        config = self.env.config
        current = tables(self.env.app)
        if not config.counterbalance_version:
            return [nodes.paragraph(text="This build is not a published version. Its changelog is written when it is "
                                         "published (make publish), against the version published before it.")]
        if not config.counterbalance_previous:
            total = sum(len(t) for t in current.values())
            return [nodes.paragraph(text=f"No earlier version is published: all {total:,} rows in {len(current)} tables are new.")]
        previous = Path(config.counterbalance_previous)
        for path in sorted((previous / DATA).glob("*.csv")):
            self.env.note_dependency(str(path.resolve()))
        old = load_tables(data_dir=previous / DATA)
        output = [nodes.paragraph(text=f"Compared with {previous.name}, row by row (by each table's key).")]
        sources = set(current["sources"]["source_id"])
        for name, frame in current.items():
            items = self._changes(old.get(name), frame, sources)
            if items:
                output += [nodes.rubric(text=f"{name}.csv"), nodes.bullet_list("", *items)]
        if len(output) == 1:
            output.append(nodes.paragraph(text="No row was added, removed or changed."))
        return output

    def _changes(self, before: pd.DataFrame | None, after: pd.DataFrame, sources: set) -> list[nodes.list_item]:
        key = after.columns[0]
        columns = [c for c in after.columns if not c.endswith(("_earliest", "_latest", "_precision"))]
        new = _records(after, columns, key)
        old = {} if before is None else _records(before, [c for c in columns if c in before.columns], key)
        items = []

        def item(verb: str, row_id: str, row: dict, detail: str = "") -> None:
            text = [nodes.strong(text=verb), nodes.Text(" "), nodes.literal(text=row_id)]
            if detail:
                text.append(nodes.Text(f": {detail}"))
            source = row.get("source_id")
            if source:
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
                     "; ".join(f"{c} {old[row_id][c]!s} \u2192 {new[row_id][c]!s}" for c in changed))
        return items
