"""Links shown as written: no typographic substitution inside a link's text.

Sphinx's smart quotes turn ``---`` into an em dash, ``--`` into an en dash and straight quotes
into curly ones in every text node, a link's text included: an address shown as the text of
its link (every source's on the Sources page) would then read otherwise than the address
itself, which a reader copies or compares. Every link is marked so that the smart-quotes
transform passes over it; prose keeps its typography.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

__all__ = ["LinksAsWritten"]


class LinksAsWritten(SphinxTransform):
    """Mark every link (resolved or still pending) as not to be touched by smart quotes."""

    #: before Sphinx's smart quotes (750)
    default_priority = 700

    def apply(self, **kwargs) -> None:
        for link in [*self.document.findall(nodes.reference), *self.document.findall(addnodes.pending_xref)]:
            link["support_smartquotes"] = False
