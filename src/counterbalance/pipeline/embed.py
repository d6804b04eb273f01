"""How a chart is drawn in a page: compiled to Vega when the notebook runs, fitted to its column by a small script.

Altair writes Vega-Lite. The page gets the chart compiled to Vega by vl-convert (offline, with
the Vega-Lite version Altair writes), so a reader's browser loads only the Vega runtime and
vega-embed, never the Vega-Lite compiler, and spends nothing on compiling. A single or layered
view is compiled to take its width from its container.

The embed script (:data:`_EMBED_JS`) fits the compiled chart to its column at any width. A
title longer than the column is broken into lines. If any text of a single view still falls
outside the drawing (an x-axis title wider than the plot, a legend of two long columns), the
view is drawn again compact: the x-axis title in lines as wide as the plot Vega laid out, the
legend in one column. A facet or concat chart is drawn at the column's width, measured, and
drawn again with each view narrowed by what still overflows (headers, axes and legends are not
known before Vega lays them out): the widths are the compiled spec's ``width`` and its
``*_width`` signals. A chart stays hidden until it has been measured, and is redrawn when the
column's width changes. With vega on the page it is drawn at once; otherwise the book's loader
(``window.cbCharts``, :func:`counterbalance.bookext.page.chart_loader`) draws it when it is
in view and the reader has moved.

:func:`phone_spec` is the same chart as that script draws it in a phone's column, compact, for
the still image a phone is shown until the chart is drawn live.
"""

from __future__ import annotations

import copy
import json

import altair as alt
import vl_convert

__all__ = ["PHONE_WIDTH", "VEGALITE_VERSION", "chart_embed", "inline_json", "is_multi_view", "phone_spec", "vega_spec"]

#: The Vega-Lite that Altair writes, which vl-convert compiles with (major.minor).
VEGALITE_VERSION = "v" + ".".join(alt.VEGALITE_VERSION.split(".")[:2])
#: The narrowest a view is drawn at when its column is narrower still (px).
MIN_VIEW_WIDTH = 120
#: A phone's text column (CSS px): the book's column on a 390 px screen. Phone stills are drawn this wide.
PHONE_WIDTH = 358
#: Characters of a line of title, subtitle and x-axis title per pixel of width (at their font sizes).
TITLE_CHARS, SUBTITLE_CHARS = 1 / 9.5, 1 / 7
#: What a phone's y axis (labels and title) leaves of the column for the plot, about: the x-axis title is broken to fit it.
PHONE_PLOT_SHARE = 0.75


def inline_json(value: object) -> str:
    """JSON safe to place inside a ``<script>`` element: no ``<``, ``>`` or ``&`` survive raw."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _views(spec: dict) -> list[dict] | None:
    """The inner views of a facet, repeat or concat chart (whose widths a column narrows); None for a single or layered view."""
    if "facet" in spec or "repeat" in spec:
        return [spec["spec"]] if "spec" in spec else []
    return next((spec[key] for key in ("vconcat", "hconcat", "concat") if key in spec), None)


def is_multi_view(spec: dict) -> bool:
    """Whether `spec` (Vega-Lite) lays out several views: a facet, repeat or concat.

    >>> is_multi_view({"mark": "point"}), is_multi_view({"vconcat": [{"mark": "point"}]})
    (False, True)
    """
    return _views(spec) is not None


def vega_spec(spec: dict) -> dict:
    """`spec` (Vega-Lite) compiled to Vega as the page draws it: a single or layered view fits its container's width.

    >>> compiled = vega_spec({"mark": "point", "width": 540, "data": {"values": [{"x": 1}]}, "encoding": {"x": {"field": "x"}}})
    >>> compiled["$schema"].endswith("/vega/v6.json"), compiled["autosize"]["type"], "containerSize" in json.dumps(compiled)
    (True, 'fit-x', True)
    """
    if not is_multi_view(spec):
        spec = {**spec, "width": "container", "autosize": {"type": "fit-x", "contains": "padding"}}
    return vl_convert.vegalite_to_vega(spec, vl_version=VEGALITE_VERSION)


def _lines(text, limit: int):
    """`text` broken at words into lines of at most `limit` characters (a list, which Vega draws as lines); short text as it is.

    >>> _lines("Share of Azerbaijan's forces counted", 20)
    ['Share of', "Azerbaijan's forces", 'counted']
    """
    if not isinstance(text, str) or len(text) <= limit:
        return text
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(f"{line} {word}") > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def phone_spec(spec: dict, width: int = PHONE_WIDTH, overflow: int = 0) -> dict:
    """`spec` (Vega-Lite) as the embed draws it in a column `width` px wide, compact: what a phone's still shows.

    Titles are broken into lines; a single view fills the width, its x-axis title broken to the
    plot, its legend in one column; each view of a facet or concat chart is narrowed to the
    width, less `overflow` (what a first drawing showed past the width).

    >>> small = phone_spec({"title": "Counter-balance ratio, week by week, 2020 to 2024", "mark": "line", "width": 540})
    >>> small["width"], small["title"], small["config"]["legend"]["columns"]
    (358, ['Counter-balance ratio, week by week,', '2020 to 2024'], 1)
    """
    spec = copy.deepcopy(spec)
    title = spec.get("title")
    if isinstance(title, dict):
        title["text"] = _lines(title.get("text"), int(width * TITLE_CHARS))
        if "subtitle" in title:
            title["subtitle"] = _lines(title["subtitle"], int(width * SUBTITLE_CHARS))
    elif title:
        spec["title"] = _lines(title, int(width * TITLE_CHARS))
    views = _views(spec)
    if views is not None:
        for view in views:
            if isinstance(view.get("width"), (int, float)):
                view["width"] = max(MIN_VIEW_WIDTH, min(view["width"], width) - overflow)
        return spec
    spec.update(width=width, autosize={"type": "fit-x", "contains": "padding"})
    for view in [spec, *spec.get("layer", [])]:
        x = view.get("encoding", {}).get("x")
        if isinstance(x, dict) and isinstance(x.get("title"), str):
            x["title"] = _lines(x["title"], int(width * PHONE_PLOT_SHARE * SUBTITLE_CHARS))
    spec.setdefault("config", {})["legend"] = {**spec.get("config", {}).get("legend", {}), "columns": 1}
    return spec


# The script that draws a compiled chart into its element and keeps it fitted to the column (see the module's notes).
_EMBED_JS = (
    "(function(){var spec=%s,id='%s',opts={actions:false,renderer:'svg',mode:'vega'},last=0,timer=null,"
    "multi=!!spec.layout;"
    # a title longer than the column is broken into lines (Vega draws a list as lines), at words
    "function lines(text,max){if(typeof text!=='string'||text.length<=max){return text}var out=[],line='';"
    "text.split(' ').forEach(function(word){if(line&&(line+' '+word).length>max){out.push(line);line=word}"
    "else{line=line?line+' '+word:word}});out.push(line);return out}"
    "function titles(s,w){var t=s.title;if(!t){return}if(typeof t==='string'){s.title=lines(t,Math.floor(w/9.5));return}"
    "t.text=lines(t.text,Math.floor(w/9.5));if(t.subtitle){t.subtitle=lines(t.subtitle,Math.floor(w/7))}}"
    # a single view drawn compact for a plot `plot` px wide: the x-axis title in lines, the legend in one column
    "function compact(s,plot){(s.axes||[]).forEach(function(a){if(a.scale==='x'&&typeof a.title==='string'){"
    "a.title=lines(a.title,Math.floor(plot/7))}});s.config=s.config||{};"
    "s.config.legend=Object.assign({},s.config.legend,{columns:1});(s.legends||[]).forEach(function(l){if(l.columns){l.columns=1}})}"
    # each view of a facet or concat chart as wide as the column at most, less `shrink`
    "function narrow(s,w,shrink){function fit(v){return Math.max(%d,Math.min(v,w)-shrink)}if(typeof s.width==='number'){s.width=fit(s.width)}"
    "(s.signals||[]).forEach(function(g){if(/_width$/.test(g.name)&&typeof g.value==='number'){g.value=fit(g.value)}})}"
    "function sized(w,shrink,plot){var s=JSON.parse(JSON.stringify(spec));titles(s,w);"
    "if(multi){narrow(s,w,shrink)}else if(plot){compact(s,plot)}return s}"
    # whether any text of the drawing reaches past its left or right edge
    "function spills(svg){var f=svg.getBoundingClientRect();return Array.prototype.some.call(svg.querySelectorAll('text'),"
    "function(t){var b=t.getBoundingClientRect();return b.width>0&&(b.left<f.left-1||b.right>f.right+1)})}"
    "function draw(){var el=document.getElementById(id);if(!el){return}"
    # vega-embed makes its element an inline-block, as wide as its chart: keep it the column's width
    "el.style.display='block';el.style.width='100%%';"
    "var w=Math.floor(el.getBoundingClientRect().width);if(!w||w===last){return}last=w;el.style.visibility='hidden';"
    "vegaEmbed(el,sized(w,0,0),opts).then(function(drawn){var svg=el.querySelector('svg.marks');if(!svg){return}"
    "if(!multi){return spills(svg)?vegaEmbed(el,sized(w,0,drawn.view.width()),opts):null}"
    "var over=Math.ceil(svg.getBoundingClientRect().width)-w;"
    "if(over>0){return vegaEmbed(el,sized(w,over,0),opts)}}).catch(function(e){console.error(e)})"
    # drawn, the chart takes its own height
    ".then(function(){el.style.minHeight='0';el.style.visibility='visible'})}"
    "function start(){draw();window.addEventListener('resize',function(){clearTimeout(timer);timer=setTimeout(draw,150)})}"
    "if(window.vegaEmbed){start()}else if(window.cbCharts){cbCharts.draw(id,start)}"
    "else{document.addEventListener('DOMContentLoaded',start)}})();"
)


def chart_embed(spec: dict, element_id: str) -> str:
    """The ``<script>`` body that draws `spec` (compiled Vega, :func:`vega_spec`) into the element `element_id` with vega-embed.

    >>> body = chart_embed(vega_spec({"mark": "point", "width": 540}), "c")
    >>> "vega/v6.json" in body and "vegaEmbed(el,sized(w,0,0),opts)" in body and "vega-lite" not in body
    True
    """
    return _EMBED_JS % (inline_json(spec), element_id, MIN_VIEW_WIDTH)
