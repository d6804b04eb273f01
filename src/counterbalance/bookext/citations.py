"""Citations: the ``{cite}``, ``{source}`` and ``{row}`` roles, and the bibliography they link to.

``{cite}`row_id``` cites what a claim rests on: every supporting source as a short
author-date note ("Reuters, 26 April 2024"), each linked to its
entry in the ``source-list`` directive's bibliography, where the full reference, its
reliability grade and the reason for it stand. ``{cite}`row_id:end``` cites the sources of
one aspect (``count``, ``start``, ``end``, ``confirmed``). ``{source}`id``` cites one source;
``{row}`table:id``` links to a row of the ``data-table`` directive. An unknown id is a
warning, so a ``-W`` build fails on it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from ..data import describe_date, short_date
from ..data.grading import source_standing
from .context import claim_index, note_book_text, note_tables, row_ids, shown, tables

__all__ = ["CiteRole", "SourceRole", "RowRole", "SourceList", "reference", "anchor", "short_label", "cluster_order",
           "CLUSTER_SHOWN", "cluster_script", "add_cluster_script"]

logger = logging.getLogger(__name__)

#: Sources a long citation shows before its "and N more" button, once the page's script has run.
CLUSTER_SHOWN = 3

# A long citation, progressively enhanced. The page lists every source of every citation: a reader
# without JavaScript, a search engine and the PDF get them all. With JavaScript, a citation of more
# than CLUSTER_SHOWN sources shows its first ones and a button, "and N more", which shows the rest
# (and is then gone); the hidden ones stay in the page, each a link to its entry in the bibliography.
_CLUSTER_JS = (
    "(function(){var shown=%d;function collapse(cite){var links=cite.querySelectorAll(':scope > a');"
    "if(links.length<=shown+1){return}var rest=Array.prototype.slice.call(links,shown),hidden=[];"
    "rest.forEach(function(link){var gap=link.previousSibling;[gap,link].forEach(function(node){if(!node){return}"
    "if(node.nodeType===3){var span=document.createElement('span');cite.insertBefore(span,node);span.appendChild(node);node=span}"
    "node.hidden=true;hidden.push(node)})});"
    "var more=document.createElement('button');more.type='button';more.className='cb-cite-more';"
    "more.textContent='and '+rest.length+' more';more.setAttribute('aria-label','and '+rest.length+' more sources of this citation');"
    "var sep=document.createTextNode('; ');cite.insertBefore(sep,links[shown].previousSibling);cite.insertBefore(more,sep.nextSibling);"
    "more.addEventListener('click',function(){hidden.forEach(function(node){node.hidden=false});sep.remove();more.remove();"
    "rest[0].focus()})}"
    "function start(){document.querySelectorAll('.cb-cite').forEach(collapse)}"
    "if(document.readyState==='loading'){document.addEventListener('DOMContentLoaded',start)}else{start()}})();"
)


def cluster_script(shown: int = CLUSTER_SHOWN) -> str:
    """The inline script that collapses each citation of more than `shown` sources behind an "and N more" button.

    >>> "and '+rest.length+' more" in cluster_script() and "var shown=3;" in cluster_script()
    True
    """
    return _CLUSTER_JS % shown


def add_cluster_script(app) -> None:
    """At builder-inited: the citations' script in every page's head (pages without a citation drop it,
    :func:`counterbalance.bookext.page.unused_scripts`)."""
    app.add_js_file(None, body=cluster_script())


def reference(label: str, text: str, literal: bool = False) -> addnodes.pending_xref:
    """A link to the explicit target `label`, showing `text`."""
    inner = nodes.literal(text=text) if literal else nodes.inline(text=text)
    return addnodes.pending_xref("", inner, refdomain="std", reftype="ref", reftarget=label, refexplicit=True, refwarn=True)


def anchor(directive: SphinxDirective, label: str, text: str) -> list[nodes.Node]:
    """A cell's content: an explicit target `label` (usable by ``{ref}``) and `text`."""
    target = nodes.target("", "", ids=[label], names=[label])
    directive.state.document.note_explicit_target(target)
    return [target, nodes.literal(text=text)]


def short_label(source: dict) -> str:
    """A source as a short note: its outlet (without any parenthesis) and date.

    >>> short_label({"outlet": "Office of the Prime Minister of Armenia (primeminister.am)", "date_published": "2020-11-10"})
    'Office of the Prime Minister of Armenia, 10 November 2020'
    >>> short_label({"outlet": "Sputnik", "date_published": None})
    'Sputnik, undated'
    >>> short_label({"outlet": "(outlet not named)", "date_published": "2020-11-30"})
    'Outlet not named, 30 November 2020'
    """
    outlet = source["outlet"].strip("()").capitalize() if source["outlet"].startswith("(") else source["outlet"].split(" (")[0]
    when = short_date(source["date_published"]) if isinstance(source["date_published"], str) else "undated"
    return f"{outlet}, {when}"


def cluster_order(source_ids, sources: dict[str, dict], standing: dict | None = None) -> list[str]:
    """The distinct sources of one citation, in the order a reader meets them.

    The sources the 2020 article itself named come first, as it named them (a claim it made
    keeps its attribution in view); then the most reliable, the earliest first, the undated last.

    >>> sources = {"a": {"source_id": "a", "outlet": "A", "wire": "", "channel_source_id": "", "reliability": "B", "date_published": "2021"},
    ...            "y": {"source_id": "y", "outlet": "Yeni Safak", "wire": "", "channel_source_id": "a", "reliability": "C", "date_published": "2020"},
    ...            "r": {"source_id": "r", "outlet": "Reuters", "wire": "", "channel_source_id": "", "reliability": "A", "date_published": "2024"}}
    >>> cluster_order(["r", "a", "y", "r"], sources)
    ['y', 'r', 'a']
    """
    standing = standing or source_standing(sources.values())

    def dated(s: str) -> str:
        return sources[s]["date_published"] if isinstance(sources[s]["date_published"], str) else "~"  # undated last

    return sorted(dict.fromkeys(source_ids), key=lambda s: (not given(sources[s], "channel_source_id"), standing[s][1], dated(s)))


def given(row: dict, field: str) -> str | None:
    """A text cell of a loaded row, or None when it is empty or missing.

    >>> given({"wire": "TASS", "relays": float("nan")}, "wire"), given({"relays": float("nan")}, "relays")
    ('TASS', None)
    """
    value = row.get(field)
    return value if isinstance(value, str) and value else None


def _sources(app) -> dict[str, dict]:
    """Every source's row by its id, made once per build (a page may cite a hundred times)."""
    if not hasattr(app, "_counterbalance_sources"):
        app._counterbalance_sources = {row["source_id"]: row for row in tables(app)["sources"].to_dict("records")}
    return app._counterbalance_sources


def _supporting(app) -> tuple[dict[str, list[tuple[str, str]]], dict]:
    """Each claim row's supporting citations as (aspect, source_id) in table order, and each source's standing; made once per build."""
    if not hasattr(app, "_counterbalance_supporting"):
        citations = tables(app)["citations"]
        supports = citations[citations["stance"] == "supports"]
        by_row: dict[str, list[tuple[str, str]]] = {}
        for row_id, about, source_id in zip(supports["row_id"], supports["about"], supports["source_id"]):
            by_row.setdefault(row_id, []).append((about, source_id))
        app._counterbalance_supporting = (by_row, source_standing(_sources(app).values()))
    return app._counterbalance_supporting


class SourceRole(SphinxRole):
    """``{source}`id```: "Outlet, date", linked to the source's entry in the bibliography."""

    def run(self):
        note_tables(self.env, "sources")
        sources = _sources(self.env.app)
        if self.text not in sources:
            logger.warning(f"{self.text!r} is not a source_id of data/sources.csv", location=self.get_location())
            return [nodes.inline(text=self.text)], []
        return [reference(f"source-{self.text}", short_label(sources[self.text]))], []


class CiteRole(SphinxRole):
    """``{cite}`row_id``` or ``{cite}`row_id:aspect```: the sources that support a claim, linked, in parentheses."""

    def run(self):
        row_id, _, aspect = self.text.partition(":")
        claim = claim_index(self.env.app).get(row_id)
        note_tables(self.env, "citations", "sources", *([claim[0]] if claim else []))
        if claim is None:
            logger.warning(f"{row_id!r} is not the id of a claim row of the data", location=self.get_location())
            return [nodes.inline(text=self.text)], []
        supporting, standing = _supporting(self.env.app)
        cited = [source_id for about, source_id in supporting.get(row_id, []) if about in ([aspect] if aspect else ["claim", "count"])]
        if not cited:
            logger.warning(f"no source supports {self.text!r}", location=self.get_location())
            return [nodes.inline(text=self.text)], []
        sources = _sources(self.env.app)
        notes: list[nodes.Node] = [nodes.Text("(")]
        for index, source_id in enumerate(cluster_order(cited, sources, standing)):
            notes += [nodes.Text("; ")] if index else []
            notes.append(reference(f"source-{source_id}", short_label(sources[source_id])))
        notes.append(nodes.Text(")"))
        return [nodes.inline("", "", *notes, classes=["cb-cite"])], []


class RowRole(SphinxRole):
    """``{row}`table:id```: the row's id, linked to it in the data chapter."""

    def run(self):
        table, _, key = self.text.partition(":")
        note_tables(self.env, table)
        if table not in tables(self.env.app) or key not in set(row_ids(self.env.app, table)):
            logger.warning(f"{self.text!r} is not a row of the data (write table:id)", location=self.get_location())
            return [nodes.inline(text=self.text)], []
        return [reference(f"row-{table}-{key}", key, literal=True)], []


class SourceList(SphinxDirective):
    """The bibliography: every source with its full reference, reliability grade and why, and how it reached us."""

    def run(self):
        # which sources are listed follows from every table and every page's citations
        note_tables(self.env)
        note_book_text(self.env)
        entries = nodes.bullet_list(classes=["cb-sources"])
        sources = tables(self.env.app)["sources"]
        listed = shown(self.env.app)[1]
        for row in sources[sources["source_id"].isin(listed)].to_dict("records"):
            entries += nodes.list_item("", nodes.paragraph("", "", *self._entry(row)))
        output = [entries]
        if len(listed) < len(sources):
            output.append(nodes.paragraph(text=f"{len(listed):,} of {len(sources):,} sources are listed here: those the "
                                               "report's pages cite. sources.csv in the Data chapter holds them all."))
        return output

    def _entry(self, row: dict) -> list[nodes.Node]:
        """Outlet and author, title, date, language, link and day read, wire, grade and reason, channel."""
        text = [*anchor(self, f"source-{row['source_id']}", row["source_id"]), nodes.Text(" "), nodes.strong(text=row["outlet"])]
        if given(row, "author"):
            text.append(nodes.Text(f" ({row['author']})"))
        if given(row, "title"):
            text.append(nodes.Text(f", \u201c{row['title']}\u201d"))
        text.append(nodes.Text(f", {describe_date(row['date_published'])}" if given(row, "date_published")
                               else ", undated" if given(row, "channel_source_id") else ", the page shows no date"))
        if given(row, "language") and row["language"] != "en":
            text.append(nodes.Text(f" [{row['language']}]"))
        text.append(nodes.Text(". "))
        if given(row, "url"):
            text += [nodes.reference("", row["url"], refuri=row["url"])]
            text.append(nodes.Text(f" (read {describe_date(row['date_accessed'])}). " if given(row, "date_accessed") else ". "))
        if given(row, "wire"):
            text.append(nodes.Text(f"Carries a {row['wire']} story. "))
        if given(row, "relays"):
            relayed = _sources(self.env.app).get(row["relays"])
            text += [nodes.Text("Relays the statement of "), reference(f"source-{row['relays']}", short_label(relayed)) if relayed
                     else nodes.literal(text=row["relays"]), nodes.Text(", with the other pages that relay it one origin. ")]
        if given(row, "cited_as"):
            text.append(nodes.Text(f"Cited by the 2020 article as \u201c{row['cited_as']}\u201d. "))
        text += [nodes.Text("Reliability "), nodes.strong(text=str(row["reliability"])), nodes.Text(f": {row['reliability_note']} ")]
        if given(row, "channel_source_id"):
            text += [nodes.Text("Reached us through "), reference(f"source-{row['channel_source_id']}", row["channel_source_id"], literal=True), nodes.Text(".")]
        return text
