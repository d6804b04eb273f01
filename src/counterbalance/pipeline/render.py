"""How charts reach a book page: a local vega bundle and a renderer with stable ids.

Altair's default HTML loads vega from a CDN and names each chart with a random id. Here the
bundle that ``vl-convert-python`` ships is written into the book's own ``_static`` folder,
wrapped in a function scope (bare, its top-level names clash with Sphinx's global ``_``),
and each chart is emitted as a ``<div>`` whose id is derived from the spec's content, its
description as the accessible name, and a data table a reader can open instead.

When the kernel's environment names a figure folder (``COUNTERBALANCE_FIGURES``, set by
:func:`counterbalance.pipeline.execute.execute_notebook`), each chart is also saved there as a static
SVG (for print and for readers without JavaScript) and as a small HTML page, named by its
order in the notebook and its title; a large dataset is saved beside it as JSON and fetched
rather than inlined; the page links the SVG (``COUNTERBALANCE_FIGURES_URL``), shows it in
``<noscript>``, and keeps the chart's place at the SVG's height until the chart is drawn; the
chart's own page loads the vega bundle from ``COUNTERBALANCE_BUNDLE_URL``.

A book page does not load the vega bundle in its head: the book's chart loader
(:func:`counterbalance.bookext.page.chart_loader`) fetches it once the page has loaded and
painted, and draws each chart when it comes into view (a page that loads the bundle itself, as a
chart's own page does, draws at once).
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import re
from pathlib import Path

import altair as alt
import vl_convert

from ..paths import BUNDLE_NAME, BUNDLE_URL_ENV, FIGURES, FIGURES_ENV, FIGURES_URL_ENV
from ..publication import TEXT_LICENCE
from .chart_data import chart_csv, chart_data_table

__all__ = [
    "book_renderer", "chart_embed", "enable_book_renderer", "externalise_data", "figure_stem",
    "inline_json", "save_figure", "source_line", "with_data_urls", "write_vega_bundle",
]

#: A chart's dataset larger than this (bytes of JSON) is saved beside the chart and fetched,
#: not inlined, so that pages stay light as the data grows (below it, pages open from disk too).
INLINE_LIMIT = 100_000
_chart_numbers = itertools.count(1)


def inline_json(value: object) -> str:
    """JSON safe to place inside a ``<script>`` element: no ``<``, ``>`` or ``&`` survive raw."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _title_text(spec: dict) -> str:
    title = spec.get("title") or ""
    return str(title.get("text", "") if isinstance(title, dict) else title)


def figure_stem(number: int, spec: dict) -> str:
    """A chart's file name without extension: its order in the notebook and its title.

    >>> figure_stem(2, {"title": "Force levels by capability"})
    '02-force-levels-by-capability'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", _title_text(spec).lower()).strip("-")[:60].rstrip("-")
    return f"{number:02d}-{slug or 'chart'}"


#: The narrowest a view is drawn at when its container is narrower still (px).
MIN_VIEW_WIDTH = 120

# The responsive part of every embed. A single or layered view takes its width from its
# container (``width: "container"``, autosize ``fit-x`` with axes and legends inside); if any of
# its text still falls outside the drawing (an x-axis title wider than the column, a legend of
# two long columns), it is drawn again compact: the x-axis title in lines as wide as the plot
# Vega laid out, the legend in one column. A facet or concat chart is drawn once at the
# container's width, measured, and drawn again with each inner view narrowed by what still
# overflows (headers, axes and legends are not known before Vega lays them out). A chart stays
# hidden until it has been measured, in a place kept at its static SVG's height until it is drawn,
# and is redrawn when the container's width changes. With vega on the page it is drawn at once;
# otherwise the book's loader (``window.cbCharts``, :func:`counterbalance.bookext.page.chart_loader`)
# draws it when it comes into view.
_EMBED_JS = (
    "(function(){var spec=%s,id='%s',opts={actions:false,renderer:'svg'},last=0,timer=null;"
    "function parts(s){if(s.facet||s.repeat){return s.spec?[s.spec]:[]}"
    "return s.vconcat||s.hconcat||s.concat||null}"
    # a title longer than the column is broken into lines (Vega draws a list as lines), at words
    "function lines(text,max){if(typeof text!=='string'||text.length<=max){return text}var out=[],line='';"
    "text.split(' ').forEach(function(word){if(line&&(line+' '+word).length>max){out.push(line);line=word}"
    "else{line=line?line+' '+word:word}});out.push(line);return out}"
    "function titles(s,w){var t=s.title;if(!t){return}if(typeof t==='string'){s.title=lines(t,Math.floor(w/9.5));return}"
    "t.text=lines(t.text,Math.floor(w/9.5));if(t.subtitle){t.subtitle=lines(t.subtitle,Math.floor(w/7))}}"
    # a single view drawn compact for a plot `plot` px wide: the x-axis title in lines, the legend in one column
    "function compact(s,plot){[s].concat(s.layer||[]).forEach(function(v){var x=v.encoding&&v.encoding.x;"
    "if(x&&typeof x.title==='string'){x.title=lines(x.title,Math.floor(plot/7))}});"
    "s.config=s.config||{};s.config.legend=Object.assign({},s.config.legend,{columns:1})}"
    "function sized(w,shrink,plot){var s=JSON.parse(JSON.stringify(spec)),p=parts(s);titles(s,w);"
    "if(!p){s.width='container';s.autosize={type:'fit-x',contains:'padding'};if(plot){compact(s,plot)}return s}"
    "p.forEach(function(v){if(typeof v.width==='number'){v.width=Math.max(%d,Math.min(v.width,w)-shrink)}});return s}"
    # whether any text of the drawing reaches past its left or right edge
    "function spills(svg){var f=svg.getBoundingClientRect();return Array.prototype.some.call(svg.querySelectorAll('text'),"
    "function(t){var b=t.getBoundingClientRect();return b.width>0&&(b.left<f.left-1||b.right>f.right+1)})}"
    "function draw(){var el=document.getElementById(id);if(!el){return}"
    # vega-embed makes its element an inline-block, as wide as its chart: keep it the column's width
    "el.style.display='block';el.style.width='100%%';"
    "var w=Math.floor(el.getBoundingClientRect().width);if(!w||w===last){return}last=w;"
    "var multi=!!parts(spec);el.style.visibility='hidden';"
    "vegaEmbed(el,sized(w,0,0),opts).then(function(drawn){var svg=el.querySelector('svg.marks');if(!svg){return}"
    "if(!multi){return spills(svg)?vegaEmbed(el,sized(w,0,drawn.view.width()),opts):null}"
    "var over=Math.ceil(svg.getBoundingClientRect().width)-w;"
    "if(over>0){return vegaEmbed(el,sized(w,over,0),opts)}}).catch(function(e){console.error(e)})"
    # drawn, the chart takes its own height
    ".then(function(){el.style.minHeight='';el.style.visibility='visible'})}"
    "function start(){draw();window.addEventListener('resize',function(){clearTimeout(timer);timer=setTimeout(draw,150)})}"
    "if(window.vegaEmbed){start()}else if(window.cbCharts){cbCharts.draw(id,start)}"
    "else{document.addEventListener('DOMContentLoaded',start)}})();"
)


def chart_embed(spec: dict, element_id: str) -> str:
    """The ``<script>`` body that draws `spec` into the element `element_id` with vega-embed.

    The chart fits its container at any width: see :data:`_EMBED_JS`. The spec itself keeps
    its print width (the static SVG is drawn from it).

    >>> body = chart_embed({"mark": "point", "width": 540}, "c")
    >>> "s.width='container'" in body and "getBoundingClientRect" in body
    True
    """
    return _EMBED_JS % (inline_json(spec), element_id, MIN_VIEW_WIDTH)


def externalise_data(spec: dict, folder: Path, stem: str) -> dict[str, str]:
    """Write each dataset of `spec` over :data:`INLINE_LIMIT` to ``folder/stem-NAME.json``.

    Returns
    -------
    dict
        Dataset name to file name, for :func:`with_data_urls`.
    """
    files = {}
    for name, rows in sorted((spec.get("datasets") or {}).items()):
        text = json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        if len(text) > INLINE_LIMIT:
            files[name] = f"{stem}-{name}.json"
            (folder / files[name]).write_text(text, encoding="utf-8")
    return files


def with_data_urls(spec: dict, files: dict[str, str], base_url: str) -> dict:
    """A copy of `spec` fetching the datasets in `files` from `base_url` instead of inlining them.

    >>> spec = {"datasets": {"d": [1]}, "layer": [{"data": {"name": "d"}}]}
    >>> with_data_urls(spec, {"d": "chart-d.json"}, "../figures/")
    {'layer': [{'data': {'url': '../figures/chart-d.json'}}], 'datasets': {}}
    """
    def walk(node):
        if isinstance(node, dict):
            if set(node) == {"name"} and node["name"] in files:
                return {"url": base_url + files[node["name"]]}
            return {k: walk(v) for k, v in node.items() if not (k == "datasets" and node is spec)}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    out = walk(spec)
    if "datasets" in spec:
        out["datasets"] = {k: v for k, v in spec["datasets"].items() if k not in files}
    return out


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def source_line(spec: dict, root: str = "../") -> str:
    """The line under a chart: the data tables it draws (linked to the Data chapter at `root`), any
    source from outside them, what it cannot show, and the licence. ``""`` for a chart that names none.

    >>> spec = {"usermeta": {"counterbalance": {"tables": ["unit_history", "actors"], "extra": "outlines from Natural Earth",
    ...                                         "note": "The zone is not drawn."}}}
    >>> print(source_line(spec))  # doctest: +NORMALIZE_WHITESPACE
    <p class="cb-chart-source">Source: the report&#x27;s tables <a href="../data.html#unit-history">unit_history</a> and
    <a href="../data.html#actors">actors</a>, each row with the sources it cites; outlines from Natural Earth.
    The zone is not drawn. Licence: <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>.</p>
    """
    meta = (spec.get("usermeta") or {}).get("counterbalance") or {}
    tables = [f'<a href="{html.escape(root, quote=True)}data.html#{table.replace("_", "-")}">{html.escape(table)}</a>'
              for table in meta.get("tables", [])]
    if not tables and not meta.get("extra"):
        return ""
    said = [f"the report&#x27;s tables {_listed(tables)}, each row with the sources it cites"] if tables else []
    said += [html.escape(meta["extra"])] if meta.get("extra") else []
    note = f" {html.escape(meta['note'])}" if meta.get("note") else ""
    licence = f'<a href="{html.escape(TEXT_LICENCE[2], quote=True)}" rel="license">{html.escape(TEXT_LICENCE[1])}</a>'
    return f'<p class="cb-chart-source">Source: {"; ".join(said)}.{note} Licence: {licence}.</p>'


_SVG_HEIGHT = re.compile(r'<svg\b[^>]*?\sheight="([\d.]+)"')


def save_figure(spec: dict, folder: Path, stem: str, bundle_url: str = BUNDLE_NAME,
                files: dict[str, str] | None = None, chapter: str = "") -> int:
    """Write the chart as ``stem.svg`` (static, drawn by vl-convert), ``stem.csv`` (its reader's table, every row)
    and ``stem.html`` (a page of its own) into `folder`.

    The page carries what the chart carries in the book: the chart, its source line and licence,
    its data and its static image, and, for a chart of the book (`chapter` names its notebook), a
    link to its chapter. It loads the vega bundle from `bundle_url`, relative to `folder`.
    Returns the SVG's height in pixels.
    """
    folder.mkdir(parents=True, exist_ok=True)
    svg = vl_convert.vegalite_to_svg(spec)
    (folder / f"{stem}.svg").write_text(svg, encoding="utf-8")
    table = chart_csv(spec)
    if table:
        (folder / f"{stem}.csv").write_text(table, encoding="utf-8")
    page_spec = with_data_urls(spec, files or {}, "")
    title = html.escape(_title_text(spec) or stem)
    summary = html.escape(str(spec.get("description") or _title_text(spec) or stem), quote=True)
    links = [f'<a href="{stem}.csv" download>Download its data (CSV)</a>'] if table else []
    links += [f'<a href="{stem}.svg">Static image (SVG)</a>']
    links += [f'<a href="../../analysis/{html.escape(chapter, quote=True)}.html">The chapter it comes from</a>'] if chapter else []
    (folder / f"{stem}.html").write_text(
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
        f'<meta name="description" content="{summary}"><link rel="icon" href="data:,">'
        '<style>body{margin:0;padding:8px;max-width:100%;box-sizing:border-box;font-family:system-ui,sans-serif;color:#17202a}'
        '#chart{width:100%;max-width:720px}p{max-width:720px;font-size:0.9rem}a{color:#0b5394}</style>'
        f'<script src="{html.escape(bundle_url, quote=True)}"></script></head>\n<body><main><h1 class="cb-visually-hidden" '
        f'style="position:absolute;left:-10000px">{title}</h1><div id="chart" role="figure" aria-label="{title}"></div>'
        f"{source_line(spec, '../../' if chapter else '')}<p>{' · '.join(links)}</p></main>"
        f"<script>{chart_embed(page_spec, 'chart')}</script></body></html>\n",
        encoding="utf-8",
    )
    return round(float(_SVG_HEIGHT.search(svg)[1]))


def book_renderer(spec: dict, **_: object) -> dict:
    """Altair renderer: a div with a content-derived id drawn by the book's local vega-embed.

    Under it, its source line and licence (:func:`source_line`). With a figure folder in the
    environment the chart is also saved there (:func:`save_figure`) and the page links its own
    page, its data and its SVG, showing the SVG to readers without JavaScript, and, in view before
    the reader moves, to everyone (``data-static``, see :func:`counterbalance.bookext.page.chart_loader`);
    until the chart is drawn, its place is kept at the SVG's height, so the text below does not
    jump when it is.
    """
    chart_id = "cb-chart-" + hashlib.sha256(inline_json(spec).encode()).hexdigest()[:12]
    label = html.escape(str(spec.get("description") or _title_text(spec) or "Chart"), quote=True)
    static, place, shown = "", "", spec
    folder = os.environ.get(FIGURES_ENV)
    if folder:
        stem = figure_stem(next(_chart_numbers), spec)
        files = externalise_data(spec, Path(folder), stem)
        base = os.environ.get(FIGURES_URL_ENV, "")
        # a chart of the book is seen from analysis/NAME.html as ../figures/NAME/: its page links back to that chapter
        chapter = re.fullmatch(rf"\.\./{FIGURES}/([^/]+)/", base)
        height = save_figure(spec, Path(folder), stem, os.environ.get(BUNDLE_URL_ENV, BUNDLE_NAME), files,
                             chapter[1] if chapter else "")
        shown = with_data_urls(spec, files, base)
        url = html.escape(base + stem + ".svg", quote=True)
        place = f' style="min-height:{height}px" data-static="{url}"'
        links = [f'<a href="{html.escape(base + stem, quote=True)}.html">Open this chart</a>']
        links += ([f'<a href="{html.escape(base + stem, quote=True)}.csv" download>Download its data (CSV)</a>']
                  if (Path(folder) / f"{stem}.csv").is_file() else [])
        links += [f'<a href="{url}">Static image (SVG)</a>']
        static = f'<noscript><img src="{url}" alt="{label}"></noscript><p class="cb-chart-links">{" · ".join(links)}</p>'
    # a chart with a control (a slider) is a figure a reader works, not an image: its input stays reachable
    role = "figure" if '"bind":' in inline_json(spec) else "img"
    markup = (f'<div id="{chart_id}" class="cb-chart" role="{role}" aria-label="{label}"{place}></div>'
              f"<script>{chart_embed(shown, chart_id)}</script>{source_line(spec)}{static}{chart_data_table(spec, _title_text(spec))}")
    return {"text/html": markup}


def enable_book_renderer() -> None:
    """Make Altair charts in this kernel render for the book (call once per notebook)."""
    if "counterbalance" not in alt.renderers.names():
        alt.renderers.register("counterbalance", book_renderer)
    alt.renderers.enable("counterbalance")
    # the data's own limits (x-max-rows) bound every chart; a large dataset is saved beside the page, not inlined
    alt.data_transformers.disable_max_rows()


def write_vega_bundle(destination: Path) -> Path:
    """Write vl-convert's vega + vega-lite + vega-embed bundle, function-scoped, to `destination`.

    Written beside it and renamed in, so a kill never leaves a truncated bundle that Make
    would take for a finished one.
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    bundle = vl_convert.javascript_bundle()
    partial = destination.with_name(destination.name + ".partial")
    partial.write_text(f"/* vega-embed bundle from vl-convert-python */\n(function(){{\n{bundle}\n}})();\n", encoding="utf-8")
    os.replace(partial, destination)
    return destination
