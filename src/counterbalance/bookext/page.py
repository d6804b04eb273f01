"""What every page's markup owes a reader and the checkers: only the scripts it uses, once each,
the chart bundle only when a chart comes into view, a description, valid code toggles, and a
home page at the site's root.

Jupyter Book 1 adds sphinx-thebe's configuration script twice (a ``SyntaxError`` in every
page's console), and a Binder kernel request to each page, for launch buttons this offline
book turns off; myst-nb writes ``<p>`` inside
``<summary>`` (invalid HTML) with an accessible name that hides the visible label; and the
site's root has no ``index.html`` when the first chapter is not called ``index``.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode

from ..paths import BUNDLE_NAME

__all__ = ["description", "chart_loader", "unused_scripts", "add_chart_loader", "drop_thebe_config", "visit_code_toggle",
           "depart_code_toggle", "tidy_page", "write_home_redirect"]

#: Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160
#: Scripts only sphinx-thebe needs; the book has no launch buttons, so no page does.
THEBE_SCRIPTS = ("THEBE_JS_URL", "sphinx-thebe")
#: The chart bundle (vega and vega-embed, about 200 KB gzipped) and its loader, which names it, for pages with a chart only.
CHART_SCRIPTS = (BUNDLE_NAME,)
#: Where the chart bundle is, from the site's root.
BUNDLE_PATH = f"_static/vendor/{BUNDLE_NAME}"
#: Scripts and styles of sphinx-design (tabs, cards), of code blocks (copy button, colours), of
#: sphinx-togglebutton, and of notebook cells: for pages that have such things only.
DESIGN_ASSETS = ("sphinx-design", "design-tabs.js")
CODE_ASSETS = ("copybutton", "clipboard.min.js", "pygments.css")
TOGGLE_ASSETS = ("togglebutton", "toggleHint", "toggleOpenOnPrint")
NOTEBOOK_ASSETS = ("mystnb.",)
#: The long citations' "and N more" button (counterbalance.bookext.citations), for pages with a citation only.
CITE_ASSETS = ("cb-cite-more",)
#: The search page's readable snippets, for the search page only.
SEARCH_ASSETS = ("search-snippets.js",)


# The book's chart loader, inline in a chart page's head. The chart bundle (about 200 KB gzipped,
# and a few hundred milliseconds of a phone's processor for its first chart) waits for the reader:
# a chart in view before the reader has moved (scrolled, touched, pointed, pressed a key) shows its
# still drawing (the SVG the build saved, named by the chart's ``data-static``, or on a screen as
# narrow as its ``data-phone-media`` the one drawn at a phone's width, ``data-static-phone``),
# complete and still; the
# reader's first move fetches the bundle, once, after the page has painted, and draws each chart
# live when it is (or comes) into view. A phone spends nothing on the charts it
# is not shown, and nothing on vega until its reader is there to use it.
_LOADER_JS = (
    "window.cbCharts=(function(){var bundle=null,waiting={},seen=null,moved=false,still=[],"
    "moves=['scroll','wheel','touchstart','pointerdown','pointermove','keydown','focusin'];"
    "function painted(){return new Promise(function(done){function next(){requestAnimationFrame(function(){setTimeout(done,0)})}"
    "if(document.readyState==='complete'){next()}else{window.addEventListener('load',next)}})}"
    "function vega(){return bundle||(bundle=painted().then(function(){return new Promise(function(done,fail){"
    "var script=document.createElement('script');script.src=(document.documentElement.dataset.content_root||'')+'%s';"
    "script.onload=done;script.onerror=function(){fail(new Error('the chart bundle did not load'))};document.head.appendChild(script)})}))}"
    "function live(id){vega().then(waiting[id])}"
    # until the reader moves, a chart in view shows its still drawing, a phone's on a narrow screen (vega-embed clears it when it
    # draws); its place stays kept until the still has loaded, so nothing below it moves
    "function drawing(el){var url=el.dataset.static;if(!url||el.querySelector('img')){return}var img=document.createElement('img'),"
    "still=img;img.alt='';img.className='cb-chart-static';if(el.dataset.staticPhone){still=document.createElement('picture');"
    "var source=document.createElement('source');source.media=el.dataset.phoneMedia;source.srcset=el.dataset.staticPhone;still.appendChild(source);"
    "still.appendChild(img)}img.onload=function(){el.style.minHeight='0'};img.src=url;el.appendChild(still)}"
    # heard as they bubble to the window: the theme scrolling its own sidebar at load is not the reader
    "function move(){if(moved){return}moved=true;moves.forEach(function(name){window.removeEventListener(name,move)});"
    "still.splice(0).forEach(live)}"
    "moves.forEach(function(name){window.addEventListener(name,move,{passive:true})});"
    "if(window.IntersectionObserver){seen=new IntersectionObserver(function(entries){entries.forEach(function(entry){"
    "if(!entry.isIntersecting){return}seen.unobserve(entry.target);if(moved){live(entry.target.id)}"
    "else{drawing(entry.target);still.push(entry.target.id)}})})}"
    "return{draw:function(id,start){var el=document.getElementById(id);waiting[id]=start;if(!seen||!el){live(id);return}"
    "seen.observe(el)}}})();"
)


def chart_loader(bundle_url: str) -> str:
    """The inline ``<script>`` body that shows a chart in view as its static drawing until the reader
    moves, then loads the chart bundle at `bundle_url` (from the site's root) once the page has
    painted, and draws each chart live when it is in view.

    Each chart's own script (:func:`counterbalance.pipeline.embed.chart_embed`) hands its
    drawing to ``window.cbCharts.draw``.

    >>> body = chart_loader("_static/vendor/vega-embed.js")
    >>> "IntersectionObserver" in body and "'_static/vendor/vega-embed.js'" in body
    True
    """
    return _LOADER_JS % bundle_url


def description(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters.

    >>> description("Russia sent   a brigade.\\nTurkey sent officers.")
    'Russia sent a brigade. Turkey sent officers.'
    >>> description("one two three four", limit=12)
    'one two…'
    """
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _first_paragraph(doctree) -> str:
    """The text of the page's first paragraph of prose (not inside a cell, a table or a note)."""
    for paragraph in doctree.findall(nodes.paragraph):
        if not any(isinstance(a, (nodes.table, nodes.Admonition, nodes.container, nodes.field_list))
                   for a in _ancestors(paragraph)):
            return paragraph.astext()
    return ""


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def _script_key(script) -> tuple:
    """What makes two scripts the same: the file (inline ones have none, as ``None`` or ``""``) and the attributes."""
    return (getattr(script, "filename", str(script)) or "", tuple(sorted((getattr(script, "attributes", None) or {}).items())))


def unused_scripts(body: str) -> tuple[str, ...]:
    """Markers of the scripts and styles a page with this `body` does without: the chart bundle
    without a chart, code styles without code, and so on; thebe's always.

    >>> unused = unused_scripts('<div class="cb-chart" id="c1"></div>')
    >>> "vega-embed.js" in unused, "pygments.css" in unused, "thebe" in " ".join(unused)
    (False, True, True)
    >>> "vega-embed.js" in unused_scripts('<p>No chart here.</p>')
    True
    """
    return (*THEBE_SCRIPTS, *(() if 'class="cb-chart"' in body else CHART_SCRIPTS),
            *(() if " sd-" in body or '"sd-' in body else DESIGN_ASSETS),
            *(() if "highlight" in body else CODE_ASSETS), *(() if "toggle" in body or "dropdown" in body else TOGGLE_ASSETS),
            *(() if "cell_output" in body or 'class="cell' in body else NOTEBOOK_ASSETS),
            *(() if 'id="search-results"' in body else SEARCH_ASSETS), *(() if "cb-cite" in body else CITE_ASSETS))


def tidy_page(app, pagename, templatename, context, doctree) -> None:
    """At html-page-context: keep only the scripts and styles the page uses, each once; describe the page."""
    # the search page's results are drawn by its template, not its body: it says so here
    unused = unused_scripts(context.get("body", "") + ('<div id="search-results">' if pagename == "search" else ""))
    seen, scripts = set(), []
    for script in context.get("script_files", []):
        text = f"{getattr(script, 'filename', '')} {(getattr(script, 'attributes', None) or {}).get('body', '')}"
        if any(marker in text for marker in unused) or _script_key(script) in seen:
            continue
        seen.add(_script_key(script))
        scripts.append(script)
    context["script_files"] = scripts
    context["css_files"] = [css for css in context.get("css_files", [])
                            if not any(marker in (getattr(css, "filename", "") or "") for marker in unused)]
    summary = description(_first_paragraph(doctree) if doctree is not None else "") or app.config.counterbalance_description
    context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{html.escape(summary)}">'


def add_chart_loader(app) -> None:
    """At builder-inited: the chart loader in every page's head (pages without a chart drop it, see
    :func:`unused_scripts`), asking for the bundle by its content's hash, so a reader's cache never
    serves an older bundle."""
    bundles = [Path(app.confdir, folder, BUNDLE_PATH) for folder in app.config.html_extra_path]
    digest = next((hashlib.sha256(b.read_bytes()).hexdigest()[:8] for b in bundles if b.is_file()), None)
    app.add_js_file(None, body=chart_loader(BUNDLE_PATH + (f"?v={digest}" if digest else "")))


def drop_thebe_config(app, doctree, docname) -> None:
    """At doctree-resolved: remove sphinx-thebe's per-page kernel settings (a Binder repository), unused offline."""
    for raw in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in raw.astext():
            raw.parent.remove(raw)


def visit_code_toggle(self, node) -> None:
    """A hidden code cell's toggle as valid HTML: the ``<summary>``'s words are its name."""
    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n<summary>'
                     f'<span class="collapsed admonition-title">{html.escape(node["prompt_show"])}</span>'
                     f'<span class="expanded admonition-title">{html.escape(node["prompt_hide"])}</span></summary>\n')


def depart_code_toggle(self, node) -> None:
    self.body.append("</details>\n")


def write_home_redirect(app, exception) -> None:
    """At build-finished: ``index.html`` sends a reader at the site's root to the first chapter."""
    if exception is not None or app.builder.name != "html" or app.config.root_doc == "index":
        return
    first = app.builder.get_target_uri(app.config.root_doc)
    title = html.escape(app.config.html_title or app.config.project)
    Path(app.outdir, "index.html").write_text(
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>\n'
        f'<meta name="description" content="{html.escape(app.config.counterbalance_description)}">\n'
        f'<meta http-equiv="refresh" content="0; url={first}"><link rel="canonical" href="{first}"></head>\n'
        f'<body><p>The report begins at <a href="{first}">{title}</a>.</p></body></html>\n', encoding="utf-8")


def setup_page(app) -> None:
    """Connect the page fixes to `app`."""
    app.add_config_value("counterbalance_description", "", "html")
    app.add_node(HideCodeCellNode, override=True, html=(visit_code_toggle, depart_code_toggle))
    app.connect("builder-inited", add_chart_loader)
    app.add_js_file("search-snippets.js")
    app.connect("html-page-context", tidy_page, priority=900)  # after the theme and extensions add theirs
    app.connect("doctree-resolved", drop_thebe_config, priority=900)  # after sphinx-thebe adds them
    app.connect("build-finished", write_home_redirect)
