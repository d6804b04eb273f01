"""Prose facts: the ``{fact}`` role, the MyST substitutions computed from the data and the assumptions, and glue dependencies.

The chapters are written by editors; the numbers and dates in them are not typed by hand.
``{fact}`row_id``` renders a claim row's figure in words ("about 1,960", "at least four",
"an unknown number"), ``{fact}`row_id:end``` one of its dates, ``{fact}`row_id:grade``` its
grade in words, and ``{fact}`row_id:count:source_id``` the figure one source gave (a revising
source's own number), so a data edit changes the sentence. Everything taken from the data enters as
text nodes or backslash-escaped Markdown, so markup in a data cell is shown, never run.
"""

from __future__ import annotations

import re

from docutils import nodes
from myst_nb.ext.glue.utils import PendingGlueReference
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from ..assumptions import (ACTOR_PERSISTENCE, AT_LEAST_TAIL, CARRIES, CONFIDENCE_RULE, DATE_WIDENING_DAYS, FIGURE_WIDENING, HALF_LIFE,
                           HEDGE_WORDS, ICD203_SCALE, INTERVAL, PERSISTENCE_RULE, QUANTILES, RELATION_PERSISTENCE, SAMPLED,
                           STRENGTH_RULE, WEIGHTS)
from ..data import describe_date
from ..data.grading import CORROBORATION_TABLE, CREDIBILITY
from ..models.headlines import KEY_JUDGEMENTS
from ..models.judgements import hedge_probability
from ..models.readings import figure_words
from .context import claim_index, note_tables, tables

__all__ = ["markdown_text", "substitutions", "note_glue_sources", "figure_words", "fact_text", "cited_figure", "FactRole"]

logger = logging.getLogger(__name__)
#: Fields of a row that ``{fact}`` renders as a date in words.
DATE_FIELDS = ("start", "end", "confirmed", "made_on", "resolved_on")


def fact_text(row: dict, field: str) -> str | None:
    """One fact of a claim row in words: its figure, a date, or its grade; None if the row does not state it.

    >>> fact_text({"count_qualifier": "exact", "count_point": 136.0, "end": "2024-04-26"}, "end")
    '26 April 2024'
    >>> fact_text({"credibility": 1, "grade": "A1"}, "grade")
    'confirmed (A1)'
    """
    if field == "count":
        return figure_words(row["count_qualifier"], row["count_point"]) if isinstance(row.get("count_qualifier"), str) else None
    if field in DATE_FIELDS:
        return describe_date(row[field]) if isinstance(row.get(field), str) else None
    if field == "grade" and isinstance(row.get("grade"), str):
        return f"{CREDIBILITY[int(row['credibility'])]} ({row['grade']})"
    return None


def cited_figure(citations, row_id: str, source_id: str) -> str | None:
    """The figure one source gave for a row, in words (a revising source's own number); None if it gave none.

    >>> import pandas as pd
    >>> cites = pd.DataFrame([{"row_id": "e", "source_id": "s", "about": "count", "count_qualifier": "exact", "count_point": 4.0}])
    >>> cited_figure(cites, "e", "s"), cited_figure(cites, "e", "t")
    ('four', None)
    """
    given = citations[(citations["row_id"] == row_id) & (citations["source_id"] == source_id) & (citations["about"] == "count")]
    if given.empty or not isinstance(given.iloc[0]["count_qualifier"], str):
        return None
    return figure_words(given.iloc[0]["count_qualifier"], given.iloc[0]["count_point"])


class FactRole(SphinxRole):
    """``{fact}`row_id```, ``{fact}`row_id:field``` or ``{fact}`row_id:count:source_id```: a claim row's
    figure, date or grade in words, or the figure one of its sources gave."""

    def run(self):
        row_id, _, field = self.text.partition(":")
        field, _, source_id = field.partition(":")
        found = claim_index(self.env.app).get(row_id)
        note_tables(self.env, *([found[0]] if found else []))
        if found and source_id:
            note_tables(self.env, "citations")
            text = cited_figure(tables(self.env.app)["citations"], row_id, source_id)
        else:
            text = fact_text(found[1], field or "count") if found else None
        if text is None:
            logger.warning(f"{self.text!r} names no figure, date or grade of a claim row", location=self.get_location())
            return [nodes.inline(text=self.text)], []
        return [nodes.inline(text=text, classes=["cb-fact"])], []


def markdown_text(value: object) -> str:
    r"""`value` as Markdown that renders exactly as written: every ASCII punctuation mark escaped.

    >>> print(markdown_text("<b>1,960</b> *troops*"))
    \<b\>1\,960\<\/b\> \*troops\*
    """
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", str(value))


def _table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _hedge_rows() -> list[tuple[str, str, str]]:
    """Each hedge an author may use, and no hedge at all, with the expression and probability it is scored at."""
    rows = []
    for words in (*HEDGE_WORDS, None):
        word, probability = hedge_probability(words)
        rows.append((markdown_text(words) if words else "(no hedge)", word, f"{probability:.1%}"))
    return rows


def substitutions(tables: dict, descriptor: dict) -> dict[str, str]:
    """The ``{{ name }}`` values the chapters use: counts of the data, and tables of the schema and the assumptions.

    Facts about rows are not substitutions: the chapters are written by editors and take a
    row's figure or date through the ``{fact}`` role, its sources through ``{cite}``.
    """
    values = {
        "widening_table": _table(("Credibility", "Meaning", "Figure range widened by, each side", "Dates widened by, each side"),
                                 [(k, CREDIBILITY[k], f"{FIGURE_WIDENING[k]:.0%}", f"{DATE_WIDENING_DAYS[k]} days")
                                  for k in sorted(FIGURE_WIDENING)]),
        "assumptions_table": _table(("Assumption", "Default", "Range sampled", "Basis", "Why"), [
            (markdown_text(a.name.replace("_", " ")), f"{a.default:g} per {a.unit}" if getattr(a, "unit", "") else f"{a.default:g}",
             f"{a.low:g} to {a.high:g}" if a in SAMPLED else "fixed", a.basis, markdown_text(a.why))
            for a in (*(w for w in WEIGHTS if w not in SAMPLED), *SAMPLED)]),
        "persistence_rule": markdown_text(PERSISTENCE_RULE),
        "persistence_table": _table(("Kind of row", "Rows of this kind", "Half-life (years)", "Range sampled"), [
            (kind, markdown_text("ties: " + ", ".join(sorted(t.replace("_", " ") for t, k in RELATION_PERSISTENCE.items() if k == kind))
                                 + "; forces of: " + (", ".join(a.replace("_", " ") for a, k in ACTOR_PERSISTENCE.items() if k == kind)
                                                      or "every other actor")),
             f"{a.default:g}", f"{a.low:g} to {a.high:g}") for kind, a in HALF_LIFE.items()]),
        "strength_rule": markdown_text(STRENGTH_RULE),
        "confidence_rule": markdown_text(CONFIDENCE_RULE),
        "carries": f"{CARRIES * 100:.0f} percentage points",
        "interval": f"{INTERVAL * 100:.0f} %",
        "quantiles": ", ".join(f"{q * 100:g}th" for q in QUANTILES),
        "judgements_table": _table(("Judgement", "Measure and threshold", "Would have been false given"), [
            (markdown_text(j.statement), markdown_text(j.measure), markdown_text(j.falsified_by)) for j in KEY_JUDGEMENTS]),
        "at_least_tail": f"{AT_LEAST_TAIL:.0%}",
        "hedge_table": _table(("The author's words", "Read as", "Probability scored"), _hedge_rows()),
        "corroboration_table": _table(
            ("Adequate independent sources supporting the claim", "Not contradicted", "Contradicted by an adequate source"),
            [(supporters, f"{clear} ({CREDIBILITY[clear]})", f"{disputed} ({CREDIBILITY[disputed]})")
             for supporters, clear, disputed in CORROBORATION_TABLE]),
        "icd203_table": _table(("Expression", "Probability"), [(w, f"{lo:.0%} to {hi:.0%}") for w, lo, hi in ICD203_SCALE]),
        "n_sources": str(len(tables["sources"])),
        "n_rows": f"{sum(len(t) for t in tables.values()):,}",
        "n_tables": str(len(tables)),
        "schema_table": _table(("Table", "Rows", "Holds"), [
            (f"`{r['path']}`", f"{len(tables[r['name']]):,}" if r["name"] in tables else "", markdown_text(r.get("description", "")))
            for r in descriptor["resources"]]),
    }
    return values


def note_glue_sources(app, doctree) -> None:
    """Make a page that pastes another notebook's glued values depend on that notebook.

    myst-nb does not record this itself: without it, rerunning a notebook would leave the
    pages quoting its figures stale.
    """
    env = app.env
    for node in doctree.findall(PendingGlueReference):
        env.note_dependency(env.doc2path(node.refdoc))
