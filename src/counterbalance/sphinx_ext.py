"""Sphinx extension: the book's prose reads its numbers and sources from the data, not from hand.

* **Substitutions**: MyST ``{{ name }}`` values computed from the data and the models'
  declared defaults at start-up (:func:`substitutions`), so a data edit changes the sentence.
  They are a config value Sphinx compares between builds: when they change, every page is
  read again.
* **Glue dependencies**: a page that pastes a value glued in a notebook (``path::key``) is
  marked as depending on that notebook, so rerunning the notebook rewrites the page. myst-nb
  does not record this itself.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["setup", "substitutions"]


def _table(header: tuple[str, ...], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def substitutions(data_dir: Path) -> dict[str, str]:
    """Every ``{{ name }}`` the chapters use, computed from the data in `data_dir` and the registry."""
    from .network import DEFAULT_WEIGHTS
    from .notebooks import DEFAULT_INCLUSION
    from .uncertainty import ICD203_SCALE

    labels = {"troops": "soldier", "engineers": "engineer or de-miner", "monitors": "monitor", "advisers": "adviser",
              "heavy_fires": "heavy-fires system", "air_assets": "combat aircraft", "drones": "armed drone"}
    credibility = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable", 6: "cannot be judged"}
    return {
        "default_weights": ", ".join(f"{w:g} per {labels[c]}" for c, w in DEFAULT_WEIGHTS.items()),
        "inclusion_table": _table(("Credibility", "Meaning", "Probability the claim holds"),
                                  [(k, credibility[k], f"{p:.0%}") for k, p in DEFAULT_INCLUSION.items()]),
        "icd203_table": _table(("Expression", "Probability"),
                               [(w, f"{lo:.0%} to {hi:.0%}") for w, lo, hi in ICD203_SCALE]),
    }


def _config_inited(app, config) -> None:
    data_dir = Path(app.srcdir).parent / "data"
    config.myst_substitutions = {**(config.myst_substitutions or {}), **substitutions(data_dir)}


def _note_glue_sources(app, doctree) -> None:
    """Make a page that pastes another notebook's glued values depend on that notebook."""
    from myst_nb.ext.glue.utils import PendingGlueReference

    env = app.env
    for node in doctree.findall(PendingGlueReference):
        env.note_dependency(env.doc2path(node.refdoc))


def setup(app):
    app.connect("config-inited", _config_inited)
    app.connect("doctree-read", _note_glue_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
