"""Equations written as MathML when the book is built: no script typesets them in a reader's browser.

``latex2mathml`` turns each equation's LaTeX into MathML, which Chromium, Firefox and Safari
draw natively and screen readers read as mathematics. The LaTeX stays on each ``<math>``
element as its ``alttext``, for tools that do not read MathML. This is Sphinx's HTML math
renderer ``mathml`` (``html_math_renderer`` in ``_config.yml``), in place of MathJax, which
cost the one page with equations about 260 KB. An equation of several lines (``\\\\`` between
them, ``&`` where they align) is a ``split``, as Sphinx writes it for MathJax. LaTeX the converter
cannot read is a build warning (so an error) naming the page and line.
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

__all__ = ["mathml", "visit_inline", "visit_block", "setup_mathml"]

logger = logging.getLogger(__name__)
#: An ``&`` that is not the start of a character reference: never valid in the page.
_RAW_AMPERSAND = re.compile(r"&(?!#?\w+;)")


def mathml(latex: str, display: bool = False) -> str:
    """`latex` as one ``<math>`` element, inline or a block (`display`), its source as ``alttext``.

    >>> mathml(r"w_c")
    '<math xmlns="http://www.w3.org/1998/Math/MathML" alttext="w_c" display="inline"><mrow><msub><mi>w</mi><mi>c</mi></msub></mrow></math>'
    >>> "<mfrac>" in mathml(r"\\frac{a}{b}", display=True) and 'display="block"' in mathml("x", display=True)
    True
    """
    source = latex.strip()
    markup = convert(source, display="block" if display else "inline")
    if _RAW_AMPERSAND.search(markup):  # what latex2mathml makes of an alignment outside an environment it reads
        raise ValueError("an alignment '&' outside an environment: write the lines as a split")
    return markup.replace(' display="', f' alttext="{html.escape(source, quote=True)}" display="', 1)


def _converted(translator, node, latex: str, display: bool) -> str:
    """The MathML of `latex`; where the converter cannot read it, a warning at `node` (the build fails) and the LaTeX as code."""
    try:
        return mathml(latex, display)
    except Exception as error:  # latex2mathml raises its own errors and plain ones (IndexError, KeyError) alike
        logger.warning("the equation %r is not LaTeX that latex2mathml reads (%s: %s)", latex.strip(), type(error).__name__, error,
                       location=node)
        return f"<code>{translator.encode(latex)}</code>"


def visit_inline(self, node: nodes.math) -> None:
    """An inline equation, in the line of text."""
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_converted(self, node, node.astext(), display=False) + "</span>")
    raise nodes.SkipNode


def visit_block(self, node: nodes.math_block) -> None:
    """A displayed equation: its number, if it has one (Sphinx's markup), then one block per equation of the node."""
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    parts = [node.astext()] if node["nowrap"] else [part for part in node.astext().split("\n\n") if part.strip()]
    parts = [rf"\begin{{split}}{part}\end{{split}}" if "\\\\" in part and r"\begin" not in part else part for part in parts]
    self.body.append('<span class="cb-equations">' if len(parts) > 1 else "")
    self.body.extend(_converted(self, node, part, display=True) for part in parts)
    self.body.append("</span>" if len(parts) > 1 else "")
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup_mathml(app) -> None:
    """Register the ``mathml`` renderer with `app`."""
    app.add_html_math_renderer("mathml", (visit_inline, None), (visit_block, None))
