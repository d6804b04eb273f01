"""The methods' own references: the ``method-references`` directive lists ``book/references.bib``.

The sources of the data are rows of ``sources.csv``; the works the methods follow (structural
balance, the Brier score and its decomposition, the ICD 203 scale, the GUM) are not facts of the
data, so they live in a BibTeX file beside the chapters, formatted by pybtex's plain style. Each
entry has an anchor ``ref-KEY`` a chapter can link to.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from pybtex.database import parse_file
from pybtex.plugin import find_plugin
from sphinx.util.docutils import SphinxDirective

__all__ = ["REFERENCES", "formatted_references", "MethodReferences"]

#: The methods' references, beside the chapters.
REFERENCES = "references.bib"


def formatted_references(path: Path) -> list[tuple[str, str]]:
    """Each entry of the BibTeX file at `path` as (key, text), in pybtex's plain style (sorted by author).

    >>> import tempfile
    >>> bib = Path(tempfile.mkdtemp()) / "r.bib"
    >>> _ = bib.write_text("@article{b, author={Brier, Glenn W.}, title={Verification}, journal={MWR}, year={1950}}")
    >>> formatted_references(bib)
    [('b', 'Glenn W. Brier. Verification. MWR, 1950.')]
    """
    style = find_plugin("pybtex.style.formatting", "plain")()
    text = find_plugin("pybtex.backends", "text")()
    return [(entry.key, entry.text.render(text)) for entry in style.format_bibliography(parse_file(str(path))).entries]


class MethodReferences(SphinxDirective):
    """The methods' references, one paragraph each, with an anchor ``ref-KEY``."""

    def run(self):
        path = Path(self.env.srcdir) / REFERENCES
        self.env.note_dependency(str(path))
        items = nodes.bullet_list(classes=["cb-references"])
        for key, text in formatted_references(path):
            target = nodes.target("", "", ids=[f"ref-{key}"], names=[f"ref-{key}"])
            self.state.document.note_explicit_target(target)
            items += nodes.list_item("", nodes.paragraph("", "", target, nodes.Text(text)))
        return [items]
