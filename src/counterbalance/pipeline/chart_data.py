"""The data table a reader can open under a chart: what its tooltips show, in words and figures.

A chart's datasets carry the fields that draw it (label positions, line breaks, layer flags)
beside the ones a reader cares for. The tooltips already name the latter, with a title and
a format, so the table takes its columns from them (from the marks' encodings where a chart
has no tooltip): the dataset holding most of those fields, its rows as the tooltips would
show them (dates in words, figures with thousands separators and the tooltip's precision),
each distinct row once.
"""

from __future__ import annotations

import csv
import html
import io
import math
from datetime import datetime

from ..paths import DATA_ZIP
from ..tables import cell_text

__all__ = ["chart_csv", "chart_data_table", "reader_columns", "reader_rows"]

#: Rows a chart's table shows; the whole data is in the book's data download.
SHOWN_ROWS = 50
#: A cell's class by its field's type: dates kept on one line, figures right-aligned.
_CELL_CLASS = {"temporal": "cb-nowrap", "quantitative": "cb-num"}
#: Parts of a spec that hold data or drawing instructions, not encodings.
_SKIPPED = {"datasets", "data", "transform", "params", "config"}


def reader_columns(spec: dict) -> list[dict]:
    """The fields `spec` shows a reader (in layers, facets and concatenations), each once: those
    its tooltips name, or, for a chart without tooltips, those its marks encode.

    The richest tooltip sets the order (it is the one a reader meets most); fields only
    other tooltips show follow.

    >>> spec = {"layer": [{"encoding": {"tooltip": {"field": "note", "type": "nominal"}}},
    ...                   {"encoding": {"tooltip": [{"field": "date", "type": "temporal", "title": "Week of"},
    ...                                             {"field": "count", "type": "quantitative"}]}}]}
    >>> [c["field"] for c in reader_columns(spec)]
    ['date', 'count', 'note']
    >>> [c["field"] for c in reader_columns({"encoding": {"x": {"field": "name", "type": "nominal"}}})]
    ['name']
    """
    tooltips: list[list[dict]] = []
    encoded: list[dict] = []

    def visit(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            encoding = node.get("encoding") if isinstance(node.get("encoding"), dict) else {}
            tips = encoding.get("tooltip")
            tooltips.append([tip for tip in ([tips] if isinstance(tips, dict) else tips or []) if _named(tip)])
            encoded.extend(channel for name, channel in encoding.items() if name != "tooltip" and _named(channel))
            for key, value in node.items():
                if key not in _SKIPPED:
                    visit(value)

    visit(spec)
    found: dict[str, dict] = {}
    for tips in sorted(tooltips, key=len, reverse=True) if any(tooltips) else [encoded]:
        for tip in tips:
            found.setdefault(tip["field"], tip)
    return list(found.values())


def _named(channel: object) -> bool:
    return isinstance(channel, dict) and isinstance(channel.get("field"), str)


def _date_text(value: str) -> str:
    """An ISO timestamp as the book writes a date: ``2020-09-27T00:00:00`` is 27 September 2020."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{moment.day} {moment:%B %Y}" + (f", {moment:%H:%M}" if (moment.hour, moment.minute) != (0, 0) else "")


def _value_text(value: object, column: dict) -> str:
    """One value as the column's tooltip would show it; a missing value is an empty cell."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, list):
        return " ".join(map(str, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column.get("type") == "temporal":
        return _date_text(value)
    if isinstance(value, (int, float)) and column.get("format"):
        try:  # the d3 formats the charts use (",.0f", ".0%", ".2f") read the same in Python
            return format(value, column["format"])
        except ValueError:
            pass
    return cell_text(value)


def reader_rows(spec: dict) -> tuple[list[dict], list[tuple[str, ...]]]:
    """The columns a reader is shown (:func:`reader_columns`, in the dataset holding most of them; map
    outlines never qualify) and every distinct row of them as text, as the tooltips show it.

    >>> spec = {"datasets": {"d": [{"date": "2020-12-17T00:00:00", "count": 1960.0, "y": 3},
    ...                            {"date": "2020-12-17T00:00:00", "count": 1960.0, "y": 4}]},
    ...         "encoding": {"tooltip": [{"field": "date", "type": "temporal", "title": "Day"},
    ...                                  {"field": "count", "type": "quantitative", "title": "Troops", "format": ",.0f"}]}}
    >>> columns, lines = reader_rows(spec)
    >>> [c["title"] for c in columns], lines
    (['Day', 'Troops'], [('17 December 2020', '1,960')])
    """
    columns = reader_columns(spec)
    tabular = [rows for rows in (spec.get("datasets") or {}).values()
               if rows and isinstance(rows[0], dict) and "geometry" not in rows[0]]
    if not columns or not tabular:
        return [], []

    def held(rows: list[dict]) -> list[dict]:
        return [c for c in columns if any(c["field"] in row for row in rows)]

    rows = max(tabular, key=lambda r: (len(held(r)), len(r)))
    shown = held(rows)
    lines = list(dict.fromkeys(tuple(_value_text(row.get(c["field"]), c) for c in shown) for row in rows))
    return shown, [line for line in lines if any(line)]


def chart_csv(spec: dict) -> str:
    """The reader's table of `spec` as CSV (every row, headers as the tooltips title them), or ``""``.

    >>> print(chart_csv({"datasets": {"d": [{"n": "Baku, Azerbaijan"}]}, "encoding": {"tooltip": {"field": "n", "title": "Place"}}}).strip())
    Place
    "Baku, Azerbaijan"
    """
    shown, lines = reader_rows(spec)
    if not shown:
        return ""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([str(c.get("title") or c["field"]) for c in shown])
    writer.writerows(lines)
    return out.getvalue()


def chart_data_table(spec: dict, title: str = "") -> str:
    """The ``<details>`` element holding `spec`'s data as a reader's table, or ``""`` for a chart without inline data.

    Columns are the fields :func:`reader_rows` finds; the headers are their titles. The table
    scrolls sideways in its own keyboard-focusable box, named after the chart's `title`. Every
    value is escaped.

    >>> spec = {"datasets": {"d": [{"date": "2020-12-17T00:00:00", "count": 1960.0, "y": 3},
    ...                            {"date": "2020-12-17T00:00:00", "count": 1960.0, "y": 4}]},
    ...         "encoding": {"tooltip": [{"field": "date", "type": "temporal", "title": "Day"},
    ...                                  {"field": "count", "type": "quantitative", "title": "Troops"}]}}
    >>> table = chart_data_table(spec)
    >>> "<th>Day</th><th>Troops</th>" in table, '17 December 2020</td><td class="cb-num">1,960</td>' in table, table.count("<tr>")
    (True, True, 2)
    """
    shown, lines = reader_rows(spec)
    if not shown:
        return ""
    head = "".join(f"<th>{html.escape(str(c.get('title') or c['field']))}</th>" for c in shown)
    # dates stay on one line, figures line up on their digits (counterbalance.css)
    kinds = [_CELL_CLASS.get(c.get("type"), "") for c in shown]
    body = "".join("<tr>" + "".join(f'<td class="{kind}">{html.escape(cell)}</td>' if kind else f"<td>{html.escape(cell)}</td>"
                                    for kind, cell in zip(kinds, line)) + "</tr>" for line in lines[:SHOWN_ROWS])
    caption = (f"<caption>The first {SHOWN_ROWS} of {len(lines):,} rows</caption>" if len(lines) > SHOWN_ROWS else "")
    name = html.escape(f"Data of the chart {title}" if title else "Data of the chart", quote=True)
    return (f'<details class="cb-chart-data"><summary>Data table</summary><div class="cb-scroll" tabindex="0" role="region" '
            f'aria-label="{name}"><table class="cb-table">{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
            f'<p><a href="../{DATA_ZIP}">All the data behind the book (data.zip)</a></p></details>')
