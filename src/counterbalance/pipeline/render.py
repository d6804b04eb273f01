"""How charts reach a book page: a local chart bundle, charts compiled to Vega, stills, and stable ids.

Altair's default HTML loads vega from a CDN, compiles Vega-Lite in the reader's browser and
names each chart with a random id. Here the chart bundle (the prebuilt browser files of the
``vega`` and ``vega-embed`` npm packages pinned in ``package.json``) is written into the
book's own ``_static`` folder; each chart is compiled to Vega as the notebook runs
(:mod:`.embed`) and emitted as a ``<div>`` whose id is derived from the spec's content, its
description as the accessible name, and a data table a reader can open instead.

When the kernel's environment names a figure folder (``COUNTERBALANCE_FIGURES``, set by
:func:`counterbalance.pipeline.execute.execute_notebook`), each chart is also saved there as two
still SVGs drawn by vl-convert, one at print width (for print, and for readers without
JavaScript) and one at a phone's (for narrow screens), and as a small HTML page, named by its
order in the notebook and its title; a large dataset is saved beside it as JSON and fetched
rather than inlined; the page links the stills (``COUNTERBALANCE_FIGURES_URL``), shows them in
``<noscript>`` as a ``<picture>`` that serves a narrow screen the phone's, and keeps the
chart's place at the still's height until the chart is drawn; the chart's own page loads the
chart bundle from ``COUNTERBALANCE_BUNDLE_URL``.

A book page does not load the chart bundle in its head: the book's chart loader
(:func:`counterbalance.bookext.page.chart_loader`) fetches it once the page has loaded and
painted, and draws each chart when it comes into view (a page that loads the bundle itself, as a
chart's own page does, draws at once).
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import vl_convert

from ..paths import BUNDLE_NAME, BUNDLE_URL_ENV, FIGURES, FIGURES_ENV, FIGURES_URL_ENV, NODE_MODULES, PROJECT_ROOT
from ..publication import TEXT_LICENCE
from .chart_data import chart_csv, chart_data_table
from .embed import PHONE_WIDTH, chart_embed, inline_json, is_multi_view, phone_spec, vega_spec

__all__ = [
    "PHONE_MEDIA", "ChartRuntimeMissing", "Stills", "book_renderer", "enable_book_renderer", "externalise_data", "figure_stem",
    "phone_svg", "save_figure", "source_line", "with_data_urls", "write_vega_bundle",
]

#: A chart's dataset larger than this (bytes of JSON) is saved beside the chart and fetched,
#: not inlined, so that pages stay light as the data grows (below it, pages open from disk too).
INLINE_LIMIT = 100_000
#: Screens this narrow are served a chart's phone still (the print-width one would be shrunk past reading); the
#: book's style sheet keeps a chart's place at the phone still's height on them.
PHONE_MEDIA = "(max-width: 600px)"
#: The chart bundle's parts, in the npm packages pinned in ``package.json``: vega, then vega-embed, which finds it on the page.
RUNTIME_FILES = ("vega/build/vega.min.js", "vega-embed/build/vega-embed.min.js")
_chart_numbers = itertools.count(1)


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


_SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


@dataclass(frozen=True)
class Stills:
    """The heights (px) of a chart's still images: at print width, and at a phone's."""

    height: int
    phone_height: int


def _svg_size(svg: str) -> tuple[float, float]:
    width, height = _SVG_SIZE.search(svg).groups()
    return float(width), float(height)


def phone_svg(spec: dict) -> str:
    """The chart drawn for a phone's column (:func:`.embed.phone_spec`) by vl-convert; a facet or concat chart is
    drawn again with each view narrowed by what its first drawing showed past the column."""
    svg = vl_convert.vegalite_to_svg(phone_spec(spec))
    over = math.ceil(_svg_size(svg)[0]) - PHONE_WIDTH
    if over > 0 and is_multi_view(spec):
        svg = vl_convert.vegalite_to_svg(phone_spec(spec, overflow=over))
    return svg


def save_figure(spec: dict, folder: Path, stem: str, bundle_url: str = BUNDLE_NAME,
                files: dict[str, str] | None = None, chapter: str = "") -> Stills:
    """Write the chart as ``stem.svg`` and ``stem.phone.svg`` (stills drawn by vl-convert), ``stem.csv`` (its reader's
    table, every row) and ``stem.html`` (a page of its own) into `folder`.

    The page carries what the chart carries in the book: the chart, its source line and licence,
    its data and its static image, and, for a chart of the book (`chapter` names its notebook), a
    link to its chapter. It loads the chart bundle from `bundle_url`, relative to `folder`, and
    fetches the datasets in `files` from beside it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    svgs = {".svg": vl_convert.vegalite_to_svg(spec), ".phone.svg": phone_svg(spec)}
    for suffix, svg in svgs.items():
        (folder / f"{stem}{suffix}").write_text(svg, encoding="utf-8")
    table = chart_csv(spec)
    if table:
        (folder / f"{stem}.csv").write_text(table, encoding="utf-8")
    page_spec = vega_spec(with_data_urls(spec, files or {}, ""))
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
    return Stills(*(round(_svg_size(svgs[suffix])[1]) for suffix in (".svg", ".phone.svg")))


def book_renderer(spec: dict, **_: object) -> dict:
    """Altair renderer: a div with a content-derived id, drawn from the chart compiled to Vega by the book's local vega-embed.

    Under it, its source line and licence (:func:`source_line`). With a figure folder in the
    environment the chart is also saved there (:func:`save_figure`) and the page links its own
    page, its data and its stills, showing them to readers without JavaScript, and, in view
    before the reader moves, to everyone (``data-static`` and ``data-static-phone``, see
    :func:`counterbalance.bookext.page.chart_loader`): a screen as narrow as
    :data:`PHONE_MEDIA` (``data-phone-media``) gets the phone's. Until the chart is drawn, its place is kept at the
    height of the still the screen gets (``--cb-height``, ``--cb-phone-height``: the book's style sheet sets the
    place's ``min-height`` from them), so the text below does not jump when it is.
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
        stills = save_figure(spec, Path(folder), stem, os.environ.get(BUNDLE_URL_ENV, BUNDLE_NAME), files,
                             chapter[1] if chapter else "")
        shown = with_data_urls(spec, files, base)
        url, phone = (html.escape(base + stem + suffix, quote=True) for suffix in (".svg", ".phone.svg"))
        place = (f' style="--cb-height:{stills.height}px;--cb-phone-height:{stills.phone_height}px" data-static="{url}"'
                 f' data-static-phone="{phone}" data-phone-media="{PHONE_MEDIA}"')
        links = [f'<a href="{html.escape(base + stem, quote=True)}.html">Open this chart</a>']
        links += ([f'<a href="{html.escape(base + stem, quote=True)}.csv" download>Download its data (CSV)</a>']
                  if (Path(folder) / f"{stem}.csv").is_file() else [])
        links += [f'<a href="{url}">Static image (SVG)</a>']
        static = (f'<noscript><picture><source media="{PHONE_MEDIA}" srcset="{phone}"><img src="{url}" alt="{label}"></picture></noscript>'
                  f'<p class="cb-chart-links">{" · ".join(links)}</p>')
    # a chart with a control (a slider) is a figure a reader works, not an image: its input stays reachable
    role = "figure" if '"bind":' in inline_json(spec) else "img"
    markup = (f'<div id="{chart_id}" class="cb-chart" role="{role}" aria-label="{label}"{place}></div>'
              f"<script>{chart_embed(vega_spec(shown), chart_id)}</script>{source_line(spec)}{static}"
              f"{chart_data_table(spec, _title_text(spec))}")
    return {"text/html": markup}


def enable_book_renderer() -> None:
    """Make Altair charts in this kernel render for the book (call once per notebook)."""
    if "counterbalance" not in alt.renderers.names():
        alt.renderers.register("counterbalance", book_renderer)
    alt.renderers.enable("counterbalance")
    # the data's own limits (x-max-rows) bound every chart; a large dataset is saved beside the page, not inlined
    alt.data_transformers.disable_max_rows()


class ChartRuntimeMissing(RuntimeError):
    """The npm packages the chart bundle is made of are not installed."""


def write_vega_bundle(destination: Path, node_modules: Path = PROJECT_ROOT / NODE_MODULES) -> Path:
    """Write the chart bundle to `destination`: vega's and vega-embed's prebuilt browser files, from `node_modules`.

    The packages are pinned in ``package.json`` (``make install`` runs ``npm ci``); nothing of
    Vega-Lite is in the bundle, as pages get their charts compiled. Written beside the
    destination and renamed in, so a kill never leaves a truncated bundle that Make would take
    for a finished one.

    Raises
    ------
    ChartRuntimeMissing
        If a package's file is not in `node_modules`.
    """
    parts = [Path(node_modules) / name for name in RUNTIME_FILES]
    missing = [str(part) for part in parts if not part.is_file()]
    if missing:
        raise ChartRuntimeMissing(f"{missing[0]} is missing: the chart bundle is made from the npm packages in package.json "
                                  "(make install runs npm ci)")
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    # a source map comment would point readers' tools at a file the site does not have
    bundle = "\n".join(re.sub(r"\n//# sourceMappingURL=\S+\s*$", "", part.read_text(encoding="utf-8")) for part in parts)
    partial = destination.with_name(destination.name + ".partial")
    partial.write_text(f"/* vega and vega-embed, from the npm packages pinned in package.json */\n{bundle}\n", encoding="utf-8")
    os.replace(partial, destination)
    return destination
