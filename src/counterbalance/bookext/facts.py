"""Prose facts: the MyST substitutions computed from the data and the assumptions, and glue dependencies.

Every deployment, event, relation and judgement row is a ``{{ id }}`` substitution, its text
followed by its citation and grade, so a data edit changes the sentence. Everything taken from
the data is backslash-escaped Markdown, so markup in a data cell is shown, never run.
"""

from __future__ import annotations

import re

from myst_nb.ext.glue.utils import PendingGlueReference

from ..assumptions import DEFAULT_INCLUSION, ICD203_SCALE, WEIGHTS
from ..data import describe_date, with_grades
from ..data.grading import CREDIBILITY

__all__ = ["markdown_text", "substitutions", "note_glue_sources"]


def markdown_text(value: object) -> str:
    r"""`value` as Markdown that renders exactly as written: every ASCII punctuation mark escaped.

    >>> print(markdown_text("<b>1,960</b> *troops*"))
    \<b\>1\,960\<\/b\> \*troops\*
    """
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", str(value))


def _citation(row) -> str:
    return f"{{source}}`{row['source_id']}`, graded {row['reliability']}{row['credibility']}"


def _table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def substitutions(tables: dict, descriptor: dict) -> dict[str, str]:
    """Every ``{{ name }}`` the chapters use, computed from `tables`, their descriptor and the assumptions."""
    values = {
        "default_weights": ", ".join(f"{w.default:g} per {w.unit}" for w in WEIGHTS),
        "inclusion_table": _table(("Credibility", "Meaning", "Probability the claim holds"),
                                  [(k, CREDIBILITY[k], f"{p:.0%}") for k, p in DEFAULT_INCLUSION.items()]),
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


def note_glue_sources(app, doctree) -> None:
    """Make a page that pastes another notebook's glued values depend on that notebook.

    myst-nb does not record this itself: without it, rerunning a notebook would leave the
    pages quoting its figures stale.
    """
    env = app.env
    for node in doctree.findall(PendingGlueReference):
        env.note_dependency(env.doc2path(node.refdoc))
