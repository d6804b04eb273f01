"""Sphinx extension: the book's prose reads its facts, numbers and sources from the data.

* **Substitutions**: MyST ``{{ name }}`` values computed from the data and the models'
  declared defaults at start-up (:func:`substitutions`). Every deployment, event and
  relation and judgement row is one, its text followed by its citation and grade, so a data edit changes
  the sentence. They are a config value Sphinx compares between builds: when they change,
  every page is read again.
* **Citations**: ``{source}`id``` cites a row of ``data/sources.csv`` and links to its entry
  in the ``source-list`` directive's table (the book's bibliography, with reliability
  grades); ``{row}`table:id``` links to a row of the ``data-table`` directive. An unknown id
  is a warning, so a ``-W`` build fails on it.
* **Code dependency**: a hash of the package is a config value too, so a change to the
  directives or roles below re-reads every page instead of leaving stale ones.
* **Glue dependencies**: a page that pastes a value glued in a notebook (``path::key``) is
  marked as depending on that notebook, so rerunning the notebook rewrites the page. myst-nb
  does not record this itself.

Everything taken from the data is inserted as text nodes or backslash-escaped Markdown, so
markup in a data cell is shown, never run.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

__all__ = ["setup", "substitutions", "markdown_text"]

logger = logging.getLogger(__name__)

# which columns a reader sees in the data chapter, in this order (the CSV has them all)
SHOWN_COLUMNS = ("name", "title", "statement", "kind", "relation_type", "capability", "count_reported", "stated_likelihood",
                 "operation", "start", "end", "description", "source_id", "credibility")


def markdown_text(value: object) -> str:
    r"""`value` as Markdown that renders exactly as written: every ASCII punctuation mark escaped.

    >>> print(markdown_text("<b>1,960</b> *troops*"))
    \<b\>1\,960\<\/b\> \*troops\*
    """
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", str(value))


def _data_dir(app) -> Path:
    return Path(app.srcdir).parent / "data"


def _tables(app) -> dict:
    """The data's tables, loaded (and validated) once per build."""
    if not hasattr(app, "_counterbalance_tables"):
        from .data import load_tables

        app._counterbalance_tables = load_tables(data_dir=_data_dir(app))
    return app._counterbalance_tables


#: Rows of a table shown in the data chapter beyond those the text cites; the CSV holds them all.
ROWS_SHOWN = 50
#: Up to this many sources the bibliography lists them all; beyond it, those the pages cite.
SOURCES_LISTED = 300


def _shown(app) -> tuple[dict[str, set[str]], set[str]]:
    """Which rows the data chapter shows, per table, and which sources the bibliography lists.

    A row is shown when the book's text links it (``{row}``) or it is among the first
    :data:`ROWS_SHOWN` of its table. A source is listed when it is cited by the text (directly,
    or through a row's substitution), by a shown row, or is the channel of a listed source; or
    always, while there are no more than :data:`SOURCES_LISTED`. So pages stay light as the
    data grows, and every link still lands.
    """
    if hasattr(app, "_counterbalance_shown"):
        return app._counterbalance_shown
    tables = _tables(app)
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(Path(app.srcdir).rglob("*"))
                     if p.suffix in (".md", ".ipynb") and "_build" not in p.parts)
    linked = re.findall(r"\{row\}`([a-z_]+):([^`]+)`", text)
    rows = {name: set(frame.iloc[:ROWS_SHOWN, 0]) | {key for table, key in linked if table == name} for name, frame in tables.items()}
    sources = tables["sources"]
    if len(sources) <= SOURCES_LISTED:
        cited = set(sources["source_id"])
    else:
        names = set(re.findall(r"\{\{\s*([a-z0-9_]+)\s*\}\}", text))
        cited = set(re.findall(r"\{source\}`([^`]+)`", text))
        for name, frame in tables.items():
            if "source_id" in frame.columns:
                key = frame.columns[0]
                used = frame[frame[key].isin(rows[name] | names | {n.removesuffix("_when") for n in names})]
                cited |= set(used["source_id"].dropna())
        channel = sources.set_index("source_id")["channel_source_id"].dropna().to_dict()
        for source in list(cited):
            while source in channel and channel[source] not in cited:
                source = channel[source]
                cited.add(source)
    app._counterbalance_shown = (rows, cited)
    return app._counterbalance_shown


def _citation(row) -> str:
    return f"{{source}}`{row['source_id']}`, graded {row['reliability']}{row['credibility']}"


def _table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def substitutions(tables: dict, descriptor: dict) -> dict[str, str]:
    """Every ``{{ name }}`` the chapters use, computed from `tables`, their descriptor and the registry's defaults."""
    from .dates import describe_date
    from .grading import with_grades
    from .network import DEFAULT_WEIGHTS
    from .notebooks import DEFAULT_INCLUSION
    from .uncertainty import ICD203_SCALE

    labels = {"troops": "soldier", "engineers": "engineer or de-miner", "monitors": "monitor", "advisers": "adviser",
              "heavy_fires": "heavy-fires system", "air_assets": "combat aircraft", "drones": "armed drone"}
    credibility = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable", 6: "cannot be judged"}
    values = {
        "default_weights": ", ".join(f"{w:g} per {labels[c]}" for c, w in DEFAULT_WEIGHTS.items()),
        "inclusion_table": _table(("Credibility", "Meaning", "Probability the claim holds"),
                                  [(k, credibility[k], f"{p:.0%}") for k, p in DEFAULT_INCLUSION.items()]),
        "icd203_table": _table(("Expression", "Probability"), [(w, f"{lo:.0%} to {hi:.0%}") for w, lo, hi in ICD203_SCALE]),
        "n_sources": str(len(tables["sources"])),
        "n_rows": f"{sum(len(t) for t in tables.values()):,}",
        "n_tables": str(len(tables)),
        "schema_table": _table(("Table", "Rows", "Holds"), [
            (f"`{r['path']}`", f"{len(tables[r['name']]):,}" if r["name"] in tables else "", markdown_text(r.get("description", "")))
            for r in descriptor["resources"]]),
    }
    sources = tables["sources"]
    for row in with_grades(tables["deployments"], sources).to_dict("records"):
        figure = row["count_reported"] if isinstance(row["count_reported"], str) else "an unknown number"
        values[row["deployment_id"]] = f"{markdown_text(figure)} ({_citation(row)})"
    for row in with_grades(tables["events"], sources).to_dict("records"):
        when = describe_date(row["start"])
        values[f"{row['event_id']}_when"] = markdown_text(when)
        values[row["event_id"]] = f"{markdown_text(row['title'])}, {markdown_text(when)} ({_citation(row)})"
    for row in with_grades(tables["relations"], sources).to_dict("records"):
        values[row["relation_id"]] = f"{markdown_text(row['description'])} ({_citation(row)})"
    for row in with_grades(tables["judgements"], sources).to_dict("records"):
        hedge = f", in its words \u201c{markdown_text(row['stated_likelihood'])}\u201d" if isinstance(row["stated_likelihood"], str) else ""
        values[row["judgement_id"]] = f"{markdown_text(row['statement'])} ({_citation(row)}{hedge})"
    return values


def _code_hash() -> str:
    """A hash of this package's code: pages rendered by it are stale when it changes."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


VERSION_ENV = "COUNTERBALANCE_VERSION"  # set by `make publish`: the version being built
PREVIOUS_ENV = "COUNTERBALANCE_PREVIOUS"  # a published version's folder, whose data/ the changelog compares with


def build_stamp(tables: dict, data_dir: Path, version: str, commit: str) -> str:
    """The footer line: version, commit, data hash and the newest date in the data (no clock time)."""
    import html

    import pandas as pd

    from .data import data_hash

    latest = [frame[c].max() for name, frame in tables.items() if name != "sources"
              for c in frame.columns if c.endswith("_latest")]
    newest = max(d for d in latest if not pd.isna(d))
    parts = [f"Version {version}", f"commit {commit}", f"data {data_hash(data_dir)[:12]}",
             f"newest data row dated up to {newest.day} {newest:%B %Y}"]
    return f'<p class="cb-stamp">{html.escape(" · ".join(parts))}</p>'


def _config_inited(app, config) -> None:
    import os

    from .project import git_commit

    tables = _tables(app)
    from .schema import read_descriptor

    config.myst_substitutions = {**(config.myst_substitutions or {}), **substitutions(tables, read_descriptor(_data_dir(app)))}
    config.counterbalance_code = _code_hash()
    version = os.environ.get(VERSION_ENV, "")
    config.counterbalance_previous = os.environ.get(PREVIOUS_ENV, "")
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = build_stamp(tables, _data_dir(app), version or "unreleased", git_commit(Path(app.srcdir).parent, short=True) or "unknown")
    if version:
        config.version = config.release = version
        # the switcher reads the versions list shared by every published version (versions.js fixes its links)
        options.update(switcher={"json_url": "../versions.json", "version_match": version}, check_switcher=False,
                       navbar_end=["version-switcher"])
    config.html_theme_options = options


class SourceRole(SphinxRole):
    """``{source}`id```: "Outlet, date", linked to the source's entry in the bibliography."""

    def run(self):
        from .dates import describe_date

        sources = _tables(self.env.app)["sources"].set_index("source_id")
        if self.text not in sources.index:
            logger.warning(f"{self.text!r} is not a source_id of data/sources.csv", location=self.get_location())
            return [nodes.inline(text=self.text)], []
        row = sources.loc[self.text]
        label = f"{row['outlet']}, {describe_date(row['date_published'])}"
        return [_reference(f"source-{self.text}", label)], []


class RowRole(SphinxRole):
    """``{row}`table:id```: the row's id, linked to it in the data chapter."""

    def run(self):
        table, _, key = self.text.partition(":")
        frame = _tables(self.env.app).get(table)
        if frame is None or key not in set(frame.iloc[:, 0]):
            logger.warning(f"{self.text!r} is not a row of the data (write table:id)", location=self.get_location())
            return [nodes.inline(text=self.text)], []
        return [_reference(f"row-{table}-{key}", key, literal=True)], []


def _reference(label: str, text: str, literal: bool = False) -> addnodes.pending_xref:
    inner = nodes.literal(text=text) if literal else nodes.inline(text=text)
    return addnodes.pending_xref("", inner, refdomain="std", reftype="ref", reftarget=label, refexplicit=True, refwarn=True)


def _anchor(directive: SphinxDirective, label: str, text: str) -> list[nodes.Node]:
    """A cell's content: an explicit target `label` (usable by ``{ref}``) and `text`."""
    target = nodes.target("", "", ids=[label], names=[label])
    directive.state.document.note_explicit_target(target)
    return [target, nodes.literal(text=text)]


def _html_table(header: list[str], rows: list[list[list[nodes.Node]]], classes: list[str]) -> nodes.table:
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


class SourceList(SphinxDirective):
    """The bibliography: every source with its reliability grade, why, and how it reached us."""

    def run(self):
        from .dates import describe_date

        self.env.note_dependency(str(_data_dir(self.env.app) / "sources.csv"))
        entries = nodes.bullet_list(classes=["cb-sources"])
        sources = _tables(self.env.app)["sources"]
        listed = _shown(self.env.app)[1]
        for row in sources[sources["source_id"].isin(listed)].to_dict("records"):
            text = [*_anchor(self, f"source-{row['source_id']}", row["source_id"]), nodes.Text(" "),
                    nodes.strong(text=row["outlet"])]
            if isinstance(row["title"], str):
                text.append(nodes.Text(f", \u201c{row['title']}\u201d"))
            text.append(nodes.Text(f", {describe_date(row['date_published'])}, cited as \u201c{row['cited_as']}\u201d. "))
            if isinstance(row["url"], str):
                text += [nodes.reference("", row["url"], refuri=row["url"]), nodes.Text(". ")]
            text += [nodes.Text("Reliability "), nodes.strong(text=str(row["reliability"])), nodes.Text(f": {row['reliability_note']} ")]
            if isinstance(row["channel_source_id"], str):
                text += [nodes.Text("Reached us through "), _reference(f"source-{row['channel_source_id']}", row["channel_source_id"], literal=True), nodes.Text(".")]
            entries += nodes.list_item("", nodes.paragraph("", "", *text))
        output = [entries]
        if len(listed) < len(sources):
            output.append(nodes.paragraph(text=f"{len(listed):,} of {len(sources):,} sources are listed here: those the "
                                               "report's pages cite. sources.csv in the Data chapter holds them all."))
        return output


class DataTable(SphinxDirective):
    """One table of the data for readers: each row anchored, its source linked, the CSV downloadable."""

    required_arguments = 1

    def run(self):
        name = self.arguments[0]
        tables = _tables(self.env.app)
        if name not in tables:
            logger.warning(f"{name!r} is not a table of the data", location=self.get_location())
            return []
        path = _data_dir(self.env.app) / f"{name}.csv"
        self.env.note_dependency(str(path))
        frame = tables[name]
        key = frame.columns[0]
        shown = [c for c in SHOWN_COLUMNS if c in frame.columns and c != key]
        shown_keys = _shown(self.env.app)[0][name]
        shown_frame = frame[frame[key].isin(shown_keys)]
        rows = []
        for row in shown_frame.to_dict("records"):
            cells = [_anchor(self, f"row-{name}-{row[key]}", str(row[key]))]
            for column in shown:
                value = row[column]
                if column == "source_id":
                    cells.append([_reference(f"source-{value}", value, literal=True)])
                else:
                    cells.append([nodes.Text("" if value is None or value != value else str(value))])
            rows.append(cells)
        download = nodes.paragraph("", "Download: ", addnodes.download_reference(
            "", "", nodes.literal(text=f"{name}.csv"), reftarget=f"/../data/{name}.csv", refdoc=self.env.docname))
        output = [download, _html_table([key, *shown], rows, ["cb-data"])]
        if len(shown_frame) < len(frame):
            output.append(nodes.paragraph(text=f"{len(shown_frame):,} of {len(frame):,} rows shown: the first "
                                               f"{ROWS_SHOWN} and those the report cites; {name}.csv holds them all."))
        return output


class DataChangelog(SphinxDirective):
    """Rows added, removed and changed per table since the previous published version, by primary key."""

    def run(self):
        from .data import load_tables

        previous = self.env.config.counterbalance_previous
        tables = _tables(self.env.app)
        if not self.env.config.version:
            return [nodes.paragraph(text="This build is not a published version. Its changelog is written when it is "
                                         "published (make publish), against the version published before it.")]
        if not previous:
            total = sum(len(t) for t in tables.values())
            return [nodes.paragraph(text=f"No earlier version is published: all {total:,} rows in {len(tables)} tables are new.")]
        old_dir = Path(previous) / "data"
        for path in sorted(old_dir.glob("*.csv")):
            self.env.note_dependency(str(path.resolve()))
        old = load_tables(data_dir=old_dir)
        output = [nodes.paragraph(text=f"Compared with {Path(previous).name}, row by row (by each table's key).")]
        sources = set(tables["sources"]["source_id"])
        for name, frame in tables.items():
            items = self._changes(name, old.get(name), frame, sources)
            if items:
                section = nodes.rubric(text=f"{name}.csv")
                output += [section, nodes.bullet_list("", *items)]
        if len(output) == 1:
            output.append(nodes.paragraph(text="No row was added, removed or changed."))
        return output

    def _changes(self, name: str, before, after, sources: set) -> list[nodes.list_item]:
        key = after.columns[0]
        shown = [c for c in after.columns if not c.endswith(("_earliest", "_latest", "_precision"))]
        new = {r[key]: r for r in after[shown].astype(object).where(after[shown].notna(), None).to_dict("records")}
        if before is None:
            old = {}
        else:
            kept = [c for c in shown if c in before.columns]
            old = {r[key]: r for r in before[kept].astype(object).where(before[kept].notna(), None).to_dict("records")}
        items = []

        def item(verb: str, row_id: str, row: dict, detail: str = "") -> None:
            text = [nodes.strong(text=verb), nodes.Text(" "), nodes.literal(text=row_id)]
            if detail:
                text.append(nodes.Text(f": {detail}"))
            source = row.get("source_id")
            if source:
                text += [nodes.Text(" ("), _reference(f"source-{source}", source, literal=True) if source in sources
                         else nodes.literal(text=source), nodes.Text(")")]
            items.append(nodes.list_item("", nodes.paragraph("", "", *text)))

        for row_id in sorted(set(new) - set(old)):
            item("Added", row_id, new[row_id])
        for row_id in sorted(set(old) - set(new)):
            item("Removed", row_id, old[row_id])
        for row_id in sorted(set(new) & set(old)):
            changed = [c for c in shown if c in old[row_id] and old[row_id][c] != new[row_id][c]]
            if changed:
                item("Changed", row_id, new[row_id],
                     "; ".join(f"{c} {old[row_id][c]!s} \u2192 {new[row_id][c]!s}" for c in changed))
        return items


def _note_glue_sources(app, doctree) -> None:
    """Make a page that pastes another notebook's glued values depend on that notebook."""
    from myst_nb.ext.glue.utils import PendingGlueReference

    env = app.env
    for node in doctree.findall(PendingGlueReference):
        env.note_dependency(env.doc2path(node.refdoc))


def setup(app):
    # compared by Sphinx between builds: a change to the package re-reads every page
    app.add_config_value("counterbalance_code", "", "env")
    app.add_config_value("counterbalance_previous", "", "env")
    app.connect("config-inited", _config_inited)
    app.connect("doctree-read", _note_glue_sources)
    app.add_role("source", SourceRole())
    app.add_role("row", RowRole())
    app.add_directive("source-list", SourceList)
    app.add_directive("data-table", DataTable)
    app.add_directive("data-changelog", DataChangelog)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
