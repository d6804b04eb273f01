"""The theme's style sheet without Font Awesome's glyph rules.

pydata-sphinx-theme bundles Font Awesome's CSS into the style sheet every page loads: about
1,900 rules such as ``.fa-sun:before{content:"\\f185"}``, one per glyph of an icon font the
book never loads (its few icons are inline SVG, :mod:`counterbalance.pipeline.icons`). They
are a third of the sheet's gzipped bytes (about 20 KB of 64 KB) and style nothing, so the
built copy goes without them. The rest of Font Awesome's CSS (sizes, the inline-block
display the icons' SVG keeps by its classes) stays.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["THEME_CSS", "without_glyph_rules", "trim_theme_css"]

#: The theme's style sheet, in the built site.
THEME_CSS = Path("_static", "styles", "pydata-sphinx-theme.css")
# a glyph rule: one or more ``.fa-NAME:before`` selectors whose only declaration is the glyph's code point
_GLYPH_RULE = re.compile(r'(?:\.fa-[a-z0-9-]+:before,?)+\{content:"[^"]*"\}')
# the sheet's source map describes the untrimmed sheet
_SOURCE_MAP = re.compile(r"\n?/\*# sourceMappingURL=[^*]*\*/")


def without_glyph_rules(css: str) -> str:
    """`css` without Font Awesome's glyph rules and without its source-map comment.

    >>> without_glyph_rules('.fa{display:inline-block}.fa-sun:before,.fa-x:before{content:"\\\\f185"}a:before{content:"#"}')
    '.fa{display:inline-block}a:before{content:"#"}'
    """
    return _SOURCE_MAP.sub("", _GLYPH_RULE.sub("", css))


def trim_theme_css(app, exception) -> None:
    """At build-finished: rewrite the built theme style sheet without its glyph rules (every build: Sphinx may copy it anew)."""
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / THEME_CSS
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        trimmed = without_glyph_rules(text)
        if trimmed != text:
            path.write_text(trimmed, encoding="utf-8")
