"""Every chart of the book: one function each, a tidy frame in, an ``alt.Chart`` out.

Chart functions do no modelling and no loading: frames arrive tidy from the models. Each
sets a ``description`` (rendered as the chart's accessible name) and tooltips that name the
outlet and the Admiralty grade of what is drawn. One theme for the whole book.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

__all__ = [
    "BLOC_COLOURS", "SIGN_COLOURS", "network_chart", "power_chart", "ratio_chart",
    "command_chart", "lineage_chart", "force_level_chart", "events_chart", "map_chart",
    "sweep_chart", "scenario_heatmap", "scenario_lines", "distribution_chart", "tornado_chart",
]

# --- palette: every colour of the book's charts, and only here ---------------------------
BLOC_NAMES = {"tr": "Turkey", "az": "Azerbaijan", "ru": "Russia", "am": "Armenia", "none": "No state"}
BLOC_COLOURS = {"Turkey": "#c0392b", "Azerbaijan": "#16a085", "Russia": "#2c3e80", "Armenia": "#d68910", "No state": "#95a5a6"}
SIGN_COLOURS = {"cooperative": "#2e86c1", "antagonistic": "#c0392b"}
ACCENT = "#c0392b"  # the one line a chart is about: the ratio, the point estimate
INK = "#17202a"  # reference lines that must read as black
MUTED = "#566573"  # secondary lines, subtitles
BAR = "#5d6d7e"  # neutral bars
FAINT = "#aab7b8"  # links and outlines
LAND = "#f2f3f4"  # country fill
GRID = "#e5e8e8"
DOMAIN = "#7f8c8d"
HALO = "white"  # marks' outline against their neighbours
DIVERGING_SCHEME = "redblue"
WIDTH = 540


@alt.theme.register("counterbalance", enable=True)
def counterbalance_theme() -> alt.theme.ThemeConfig:
    """The book's one look: quiet axes, readable type, no chart border."""
    return {
        "config": {
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 320},
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": GRID, "domainColor": DOMAIN},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "columns": 4},
            "title": {"fontSize": 15, "anchor": "start", "subtitleColor": MUTED},
        }
    }


def _bloc_scale() -> alt.Scale:
    return alt.Scale(domain=list(BLOC_COLOURS), range=list(BLOC_COLOURS.values()))


def _with_bloc_names(frame: pd.DataFrame, column: str = "bloc") -> pd.DataFrame:
    return frame.assign(bloc_name=frame[column].map(BLOC_NAMES).fillna(frame[column]))


def network_chart(nodes: pd.DataFrame, edges: pd.DataFrame, title: str, description: str) -> alt.LayerChart:
    """The balance-of-power network: nodes coloured by bloc, edges by sign, dashed by type.

    Parameters
    ----------
    nodes, edges : pandas.DataFrame
        As :func:`counterbalance.models.network.layout_frames` returns them.
    """
    edges = edges.assign(tie=edges["sign"].map({1: "cooperative", -1: "antagonistic"}))
    nodes = _with_bloc_names(nodes)
    links = alt.Chart(edges).mark_rule(strokeWidth=1.6, opacity=0.75).encode(
        x=alt.X("x:Q", axis=None), y=alt.Y("y:Q", axis=None), x2="x2:Q", y2="y2:Q",
        color=alt.Color("tie:N", title="Tie", scale=alt.Scale(domain=list(SIGN_COLOURS), range=list(SIGN_COLOURS.values()))),
        strokeDash=alt.StrokeDash("relation_type:N", title="Relation"),
        tooltip=[alt.Tooltip("relation_type:N", title="Relation"), alt.Tooltip("source:N", title="From"),
                 alt.Tooltip("target:N", title="To"), alt.Tooltip("description:N", title="What"),
                 alt.Tooltip("outlet:N", title="Source"), alt.Tooltip("grade:N", title="Grade")],
    )
    points = alt.Chart(nodes).mark_circle(size=160, opacity=0.95, stroke=HALO, strokeWidth=1).encode(
        x="x:Q", y="y:Q",
        color=alt.Color("bloc_name:N", title="Bloc", scale=_bloc_scale()),
        tooltip=[alt.Tooltip("name:N", title="Actor"), alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("bloc_name:N", title="Bloc")],
    )
    labels = alt.Chart(nodes[nodes["kind"] == "state"]).mark_text(dy=-14, fontWeight="bold", fontSize=13).encode(
        x="x:Q", y="y:Q", text="name:N",
    )
    return alt.layer(links, points, labels).resolve_scale(color="independent").properties(
        title=title, description=description, width=WIDTH, height=460,
    )


def power_chart(series: pd.DataFrame, title: str, description: str) -> alt.Chart:
    """Theatre power of each state over time, as steps (force levels change on dated events).

    Parameters
    ----------
    series : pandas.DataFrame
        ``date``, ``series`` (state id), ``value``, as from
        :func:`counterbalance.models.power.power_over_time` without the ratio rows.
    """
    frame = _with_bloc_names(series[series["series"] != "ratio"], "series")
    return alt.Chart(frame).mark_line(interpolate="step-after", strokeWidth=2.5, point=True).encode(
        x=alt.X("date:T", title=None),
        y=alt.Y("value:Q", title="Theatre power (troop-equivalents)"),
        color=alt.Color("bloc_name:N", title="State", scale=_bloc_scale()),
        tooltip=[alt.Tooltip("date:T", title="Week of"), alt.Tooltip("bloc_name:N", title="State"),
                 alt.Tooltip("value:Q", title="Power", format=",.0f")],
    ).properties(title=title, description=description, width=WIDTH, height=280)


def ratio_chart(series: pd.DataFrame, title: str, description: str) -> alt.LayerChart:
    """The counter-balance ratio over time against the parity line R = 1."""
    frame = series[series["series"] == "ratio"]
    line = alt.Chart(frame).mark_line(interpolate="step-after", strokeWidth=2.5, point=True, color=ACCENT).encode(
        x=alt.X("date:T", title=None),
        y=alt.Y("value:Q", title="Counter-balance ratio R"),
        tooltip=[alt.Tooltip("date:T", title="Week of"), alt.Tooltip("value:Q", title="R", format=".2f")],
    )
    parity = alt.Chart(pd.DataFrame({"value": [1.0], "label": ["parity"]})).mark_rule(strokeDash=[4, 4], color=MUTED).encode(
        y="value:Q", tooltip=[alt.Tooltip("label:N", title="Line")],
    )
    return alt.layer(parity, line).properties(title=title, description=description, width=WIDTH, height=220)


def command_chart(tree: pd.DataFrame, title: str, description: str) -> alt.LayerChart:
    """The chain of command as a left-to-right tree: state, forces, service, formation.

    Parameters
    ----------
    tree : pandas.DataFrame
        ``actor_id``, ``name``, ``bloc``, ``depth``, ``row``, ``parent_depth``, ``parent_row``,
        ``outlet``, ``grade`` (as :func:`counterbalance.models.lineage.command_layout` returns).
    """
    tree = _with_bloc_names(tree)
    height = max(220, 22 * int(tree["row"].max() + 1))
    links = alt.Chart(tree.dropna(subset=["parent_row"])).mark_rule(color=FAINT).encode(
        x=alt.X("parent_depth:Q", axis=None), y=alt.Y("parent_row:Q", axis=None, scale=alt.Scale(reverse=True)),
        x2="depth:Q", y2="row:Q",
    )
    nodes = alt.Chart(tree).mark_circle(size=90).encode(
        x="depth:Q", y="row:Q", color=alt.Color("bloc_name:N", title="State", scale=_bloc_scale()),
        tooltip=[alt.Tooltip("name:N", title="Unit"), alt.Tooltip("bloc_name:N", title="State"),
                 alt.Tooltip("outlet:N", title="Source"), alt.Tooltip("grade:N", title="Grade")],
    )
    labels = alt.Chart(tree).mark_text(align="left", dx=8, fontSize=12).encode(x="depth:Q", y="row:Q", text="name:N")
    return alt.layer(links, nodes, labels).properties(title=title, description=description, width=WIDTH, height=height)


def lineage_chart(history: pd.DataFrame, title: str, description: str) -> alt.LayerChart:
    """A formation's operations over the decades, each drawn over every day it may cover.

    A year spans its twelve months and "the 1990s" its ten years: imprecise dates are shown
    as the intervals they are, with the precision in the tooltip.

    Parameters
    ----------
    history : pandas.DataFrame
        ``formation``, ``operation``, ``place``, ``from``, ``to`` (Timestamps), ``dates``
        (the data's own literal), ``precision``, ``outlet``, ``grade``, ``bloc``.
    """
    history = _with_bloc_names(history)
    bars = alt.Chart(history).mark_bar(height=14, opacity=0.85, cornerRadius=2).encode(
        x=alt.X("from:T", title=None), x2="to:T",
        y=alt.Y("operation:N", title=None, sort=alt.EncodingSortField("from", order="ascending")),
        color=alt.Color("bloc_name:N", title="State", scale=_bloc_scale()),
        tooltip=[alt.Tooltip("formation:N", title="Formation"), alt.Tooltip("operation:N", title="Operation"),
                 alt.Tooltip("place:N", title="Where"), alt.Tooltip("dates:N", title="When (as recorded)"),
                 alt.Tooltip("precision:N", title="Date precision"),
                 alt.Tooltip("outlet:N", title="Source"), alt.Tooltip("grade:N", title="Grade")],
    )
    return alt.layer(bars).facet(row=alt.Row("formation:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold"))).resolve_scale(y="independent").properties(
        title=title, description=description,
    )


def force_level_chart(levels: pd.DataFrame, title: str, description: str) -> alt.FacetChart:
    """Force levels per capability over time as steps, one panel per capability.

    Parameters
    ----------
    levels : pandas.DataFrame
        As :func:`counterbalance.models.timeline.force_levels` returns, with ``bloc`` = country id.
    """
    levels = _with_bloc_names(levels.rename(columns={"country_id": "bloc"}))
    # an open-ended figure ("at least") has no upper bound to shade: its band stops at the figure
    levels = levels.assign(band_high=levels["count_high"].fillna(levels["count"]))
    base = alt.Chart(levels).encode(
        x=alt.X("date:T", title=None),
        color=alt.Color("bloc_name:N", title="State", scale=_bloc_scale()),
    )
    band = base.mark_area(interpolate="step-after", opacity=0.18).encode(y="count_low:Q", y2="band_high:Q")
    steps = base.mark_line(interpolate="step-after", strokeWidth=2.5, point=True).encode(
        y=alt.Y("count:Q", title="Stated figure"),
        tooltip=[alt.Tooltip("date:T", title="Week of"), alt.Tooltip("bloc_name:N", title="State"),
                 alt.Tooltip("capability:N", title="Capability"), alt.Tooltip("count:Q", title="Figure", format=",.0f"),
                 alt.Tooltip("count_low:Q", title="Low", format=",.0f"), alt.Tooltip("count_high:Q", title="High", format=",.0f"),
                 alt.Tooltip("rows_unknown:Q", title="Deployments without a figure"),
                 alt.Tooltip("sources:N", title="Sources"), alt.Tooltip("grades:N", title="Grades")],
    )
    return alt.layer(band, steps, data=levels).properties(width=WIDTH, height=120).facet(
        row=alt.Row("capability:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold")),
    ).resolve_scale(y="independent").properties(title=title, description=description)


def events_chart(events: pd.DataFrame, title: str, description: str) -> alt.LayerChart:
    """Events on a time line: a dot on the likeliest day, a bar over every day it may be.

    Parameters
    ----------
    events : pandas.DataFrame
        ``title``, ``kind``, ``from``, ``to``, ``mid``, ``dates``, ``precision``, ``outlet``,
        ``grade``, ``row`` (vertical slot).
    """
    tooltip = [alt.Tooltip("title:N", title="Event"), alt.Tooltip("dates:N", title="When (as recorded)"),
               alt.Tooltip("precision:N", title="Date precision"), alt.Tooltip("outlet:N", title="Source"),
               alt.Tooltip("grade:N", title="Grade")]
    base = alt.Chart(events).encode(y=alt.Y("title:N", title=None, sort=alt.EncodingSortField("mid", order="ascending")))
    spans = base.mark_rule(strokeWidth=5, opacity=0.35, color=MUTED).encode(x=alt.X("from:T", title=None), x2="to:T", tooltip=tooltip)
    dots = base.mark_point(filled=True, size=70).encode(
        x="mid:T", shape=alt.Shape("precision:N", title="Date precision"),
        color=alt.Color("kind:N", title="Kind"), tooltip=tooltip,
    )
    return alt.layer(spans, dots).properties(title=title, description=description, width=WIDTH, height=alt.Step(20))


def map_chart(boundaries: dict, places: pd.DataFrame, title: str, description: str) -> alt.LayerChart:
    """Places in the data over country outlines, sized by the deployments they host.

    Parameters
    ----------
    boundaries : dict
        GeoJSON FeatureCollection (:func:`counterbalance.data.load.load_boundaries`).
    places : pandas.DataFrame
        ``name``, ``kind``, ``latitude``, ``longitude``, ``coordinate_precision``,
        ``in_theatre`` (bool), ``deployments`` (count), ``outlet``, ``grade``.
    """
    places = places.assign(area=places["in_theatre"].map({True: "In the theatre", False: "Elsewhere"}))
    outlines = alt.Chart(alt.Data(values=boundaries["features"])).mark_geoshape(
        fill=LAND, stroke=FAINT, strokeWidth=0.7,
    ).encode(tooltip=[alt.Tooltip("properties.name:N", title="Country")])
    points = alt.Chart(places).mark_circle(opacity=0.85, stroke=HALO, strokeWidth=1).encode(
        longitude="longitude:Q", latitude="latitude:Q",
        size=alt.Size("deployments:Q", title="Deployments", scale=alt.Scale(range=[60, 600], zero=True)),
        color=alt.Color("area:N", title=None, scale=alt.Scale(domain=["In the theatre", "Elsewhere"], range=[ACCENT, MUTED])),
        tooltip=[alt.Tooltip("name:N", title="Place"), alt.Tooltip("kind:N", title="Kind"),
                 alt.Tooltip("deployments:Q", title="Deployments"),
                 alt.Tooltip("coordinate_precision:N", title="Position good to a"),
                 alt.Tooltip("outlet:N", title="Source"), alt.Tooltip("grade:N", title="Grade")],
    )
    # the outlines name countries and regions; one label per name however many rows share it
    named = places[~places["kind"].isin(["country", "macro_region"])].drop_duplicates("name")
    labels = alt.Chart(named).mark_text(align="left", dx=9, fontSize=11).encode(longitude="longitude:Q", latitude="latitude:Q", text="name:N")
    return alt.layer(outlines, points, labels).project(type="mercator").properties(
        title=title, description=description, width=WIDTH, height=380,
    )


def sweep_chart(tidy: pd.DataFrame, swept: list[str], title: str, description: str) -> alt.FacetChart:
    """Each key figure of a sweep against the first swept parameter, a line per value of the second.

    Parameters
    ----------
    tidy : pandas.DataFrame
        One row per member and figure: the swept columns, ``figure``, ``value`` (numeric).
    swept : list of str
        The swept parameters, in the grid's order.
    """
    x = swept[0]
    encoding = {"x": alt.X(f"{x}:Q", title=x), "y": alt.Y("value:Q", title=None),
                "tooltip": [alt.Tooltip("member:N", title="Member"), *[alt.Tooltip(f"{s}:N", title=s) for s in swept],
                            alt.Tooltip("figure:N", title="Figure"), alt.Tooltip("value:Q", title="Value", format=",.3~f")]}
    if len(swept) > 1:
        encoding["color"] = alt.Color(f"{swept[1]}:N", title=swept[1])
    return alt.Chart(tidy).mark_line(point=True).encode(**encoding).properties(width=WIDTH, height=160).facet(
        row=alt.Row("figure:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold")),
    ).resolve_scale(y="independent").properties(title=title, description=description)


def scenario_heatmap(grid: pd.DataFrame, x: str, y: str, x_title: str, y_title: str, title: str, description: str) -> alt.LayerChart:
    """The counter-balance ratio over two assumptions, diverging at parity (R = 1).

    Parameters
    ----------
    grid : pandas.DataFrame
        As :func:`counterbalance.models.scenarios.ratio_grid` returns, with columns `x` and `y`.
    """
    frame = grid.rename(columns={x: "x", y: "y"}).assign(side=grid["above_parity"].map({True: "at or above parity", False: "below parity"}))
    cells = alt.Chart(frame).mark_rect().encode(
        x=alt.X("x:O", title=x_title, axis=alt.Axis(labelOverlap=True)),
        y=alt.Y("y:O", title=y_title, sort="descending"),
        color=alt.Color("ratio:Q", title="R", scale=alt.Scale(scheme=DIVERGING_SCHEME, domainMid=1, reverse=True)),
        stroke=alt.Stroke("side:N", legend=None, scale=alt.Scale(domain=["at or above parity", "below parity"], range=[INK, "transparent"])),
        tooltip=[alt.Tooltip("x:Q", title=x_title), alt.Tooltip("y:Q", title=y_title),
                 alt.Tooltip("ratio:Q", title="R", format=".2f"), alt.Tooltip("side:N", title="Balance")],
    )
    return alt.layer(cells).properties(title=title, description=description, width=WIDTH, height=300)


def scenario_lines(grid: pd.DataFrame, x: str, colour: str, x_title: str, title: str, description: str) -> alt.LayerChart:
    """The counter-balance ratio against one assumption, a line per value of another, with parity.

    Parameters
    ----------
    grid : pandas.DataFrame
        As :func:`counterbalance.models.scenarios.ratio_grid` returns, with columns `x` and `colour`.
    """
    frame = grid.rename(columns={x: "x", colour: "series"})
    lines = alt.Chart(frame).mark_line(strokeWidth=2.5).encode(
        x=alt.X("x:Q", title=x_title), y=alt.Y("ratio:Q", title="Counter-balance ratio R"),
        color=alt.Color("series:N", title=colour.replace("_", " ")),
        tooltip=[alt.Tooltip("x:Q", title=x_title), alt.Tooltip("series:N", title=colour.replace("_", " ")),
                 alt.Tooltip("ratio:Q", title="R", format=".2f")],
    )
    parity = alt.Chart(pd.DataFrame({"ratio": [1.0], "label": ["parity"]})).mark_rule(strokeDash=[4, 4], color=MUTED).encode(
        y="ratio:Q", tooltip=[alt.Tooltip("label:N", title="Line")],
    )
    return alt.layer(parity, lines).properties(title=title, description=description, width=WIDTH, height=260)


def distribution_chart(ratios: pd.Series, point: float, cap: float, title: str, description: str) -> alt.LayerChart:
    """The sampled counter-balance ratio as a histogram, with the point estimate and parity marked.

    Ratios above `cap` (infinite where Russia has no counted power in a world) are drawn in
    the last bin, labelled as such, so the scale stays readable.

    Parameters
    ----------
    ratios : pandas.Series
        One ratio per sampled world (NaN for worlds with no power on either side, dropped).
    """
    values = ratios.dropna().clip(upper=cap)
    bins = 40
    counts, edges = np.histogram(values, bins=bins, range=(0, cap))
    frame = pd.DataFrame({"from": edges[:-1], "to": edges[1:], "worlds": counts, "share": counts / max(len(ratios), 1)})
    bars = alt.Chart(frame).mark_bar(color=BAR, opacity=0.85).encode(
        x=alt.X("from:Q", title=f"Counter-balance ratio R (last bin: {cap:g} or more)", scale=alt.Scale(domain=[0, cap])), x2="to:Q",
        y=alt.Y("share:Q", title="Share of sampled worlds", axis=alt.Axis(format="%")), y2=alt.datum(0),
        tooltip=[alt.Tooltip("from:Q", title="R from", format=".2f"), alt.Tooltip("to:Q", title="R to", format=".2f"),
                 alt.Tooltip("worlds:Q", title="Worlds"), alt.Tooltip("share:Q", title="Share", format=".1%")],
    )
    labels = [f"point estimate {point:.2f}", "parity"]
    marks = pd.DataFrame({"value": [min(point, cap), 1.0], "label": labels})
    rules = alt.Chart(marks).mark_rule(strokeWidth=2).encode(
        x="value:Q", color=alt.Color("label:N", title=None, scale=alt.Scale(domain=labels, range=[ACCENT, INK])),
        strokeDash=alt.StrokeDash("label:N", legend=None), tooltip=[alt.Tooltip("label:N", title="Line")],
    )
    return alt.layer(bars, rules).properties(title=title, description=description, width=WIDTH, height=240)


def tornado_chart(rows: pd.DataFrame, point: float, cap: float, title: str, description: str) -> alt.LayerChart:
    """Which uncertain rows move the ratio most: a bar per row from its low to its high end.

    Parameters
    ----------
    rows : pandas.DataFrame
        As :func:`counterbalance.models.uncertainty.sensitivity` returns, with ``outlet`` and ``grade``.
    """
    frame = rows.assign(
        low=rows["ratio_low"].clip(upper=cap), high=rows["ratio_high"].clip(upper=cap),
        label=rows["deployment_id"] + " (" + rows["outlet"].astype(str) + ", " + rows["grade"].astype(str) + ")",
    )
    bars = alt.Chart(frame).mark_bar(height=14, color=BAR, clip=True).encode(
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("swing", order="descending"), axis=alt.Axis(labelLimit=320)),
        x=alt.X("low:Q", title=f"Counter-balance ratio R (shown up to {cap:g})", scale=alt.Scale(domain=[0, cap])), x2="high:Q",
        tooltip=[alt.Tooltip("deployment_id:N", title="Row"), alt.Tooltip("description:N", title="What"),
                 alt.Tooltip("outlet:N", title="Source"), alt.Tooltip("grade:N", title="Grade"),
                 alt.Tooltip("ratio_low:Q", title="R at low end", format=".2f"),
                 alt.Tooltip("ratio_high:Q", title="R at high end", format=".2f")],
    )
    rule = alt.Chart(pd.DataFrame({"value": [point]})).mark_rule(color=ACCENT, strokeWidth=2).encode(x="value:Q")
    return alt.layer(bars, rule).properties(title=title, description=description, width=WIDTH - 200, height=alt.Step(24))
