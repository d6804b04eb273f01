"""How charts reach a book page: a local vega bundle and a renderer with stable ids.

Altair's default HTML loads vega from a CDN and names each chart with a random id. Here the
bundle that ``vl-convert-python`` ships is written into the book's own ``_static`` folder,
wrapped in a function scope (bare, its top-level names clash with Sphinx's global ``_``),
and each chart is emitted as a ``<div>`` whose id is derived from the spec's content, its
description as the accessible name, and a data table a reader can open instead.
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path

import altair as alt

__all__ = ["BUNDLE_NAME", "book_renderer", "enable_book_renderer", "write_vega_bundle", "inline_json"]

BUNDLE_NAME = "vega-embed.js"
FALLBACK_ROWS = 50


def inline_json(value: object) -> str:
    """JSON safe to place inside a ``<script>`` element: no ``<``, ``>`` or ``&`` survive raw."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _fallback_table(spec: dict) -> str:
    """The chart's first dataset as an HTML table, every value escaped."""
    datasets = spec.get("datasets") or {}
    if not datasets:
        return ""
    rows = next(iter(datasets.values()))[:FALLBACK_ROWS]
    if not rows:
        return ""
    columns = list(rows[0])
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if r.get(c) is None else str(r.get(c)))}</td>" for c in columns) + "</tr>"
        for r in rows
    )
    return f'<details class="cb-chart-data"><summary>Data table</summary><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>'


def book_renderer(spec: dict, **_: object) -> dict:
    """Altair renderer: a div with a content-derived id drawn by the book's local vega-embed."""
    payload = inline_json(spec)
    chart_id = "cb-chart-" + hashlib.sha256(payload.encode()).hexdigest()[:12]
    label = html.escape(str(spec.get("description") or spec.get("title") or "Chart"), quote=True)
    script = (
        "(function(){var spec=%s;function draw(){vegaEmbed('#%s',spec,{actions:false,renderer:'svg'})"
        ".catch(function(e){console.error(e)})}"
        "if(window.vegaEmbed){draw()}else{document.addEventListener('DOMContentLoaded',draw)}})();"
    ) % (payload, chart_id)
    markup = f'<div id="{chart_id}" class="cb-chart" role="img" aria-label="{label}"></div><script>{script}</script>{_fallback_table(spec)}'
    return {"text/html": markup}


def enable_book_renderer() -> None:
    """Make Altair charts in this kernel render for the book (call once per notebook)."""
    if "counterbalance" not in alt.renderers.names():
        alt.renderers.register("counterbalance", book_renderer)
    alt.renderers.enable("counterbalance")


def write_vega_bundle(destination: Path) -> Path:
    """Write vl-convert's vega + vega-lite + vega-embed bundle, function-scoped, to `destination`."""
    import vl_convert

    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    bundle = vl_convert.javascript_bundle()
    destination.write_text(f"/* vega-embed bundle from vl-convert-python */\n(function(){{\n{bundle}\n}})();\n", encoding="utf-8")
    return destination
