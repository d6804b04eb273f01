"""Charts of who is who: the balance-of-power network, the chain of command, unit lineage, the map."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .rows import LINE_CHARS, LINE_HEIGHT, place_labels, stack_rows, wrap
from .theme import ACCENT, FAINT, HALO, LAND, MUTED, WIDTH, bloc_scale, with_bloc_names

__all__ = ["command_chart", "lineage_chart", "map_chart"]


#: Indent of one level of the command tree, in pixels: the tree's shape needs no width of its own.
INDENT = 18


def command_chart(tree: pd.DataFrame, title: str, description: str) -> alt.LayerChart:
    """The chain of command as an indented outline: state, forces, service, formation, top to bottom.

    Each actor has its own row, indented by its depth in fixed pixels, its name in full
    (wrapped when long) to the right of its dot; a line joins it to its commander. The
    outline needs the width of its longest name, not of its depth, so it fits a phone.

    Parameters
    ----------
    tree : pandas.DataFrame
        ``actor_id``, ``name``, ``bloc``, ``depth``, ``row``, ``parent_depth``, ``parent_row``,
        ``outlet``, ``grade`` (as :func:`counterbalance.models.lineage.command_layout` returns).
    """
    tree = with_bloc_names(tree).sort_values("row")
    rows, height = stack_rows(tree, "name", bar=0, gap=7, width=LINE_CHARS - 6)
    rows = rows.assign(y=rows["label_y"] + LINE_HEIGHT // 2)
    at = rows.set_index("row")["y"]
    rows["parent_y"] = rows["parent_row"].map(at)
    depth = int(rows["depth"].max()) + 1
    x = alt.Scale(domain=[0, depth], range=[6, 6 + INDENT * depth])
    y = alt.Scale(domain=[0, height], range=[0, height], nice=False, zero=False)
    links = alt.Chart(rows.dropna(subset=["parent_y"])).mark_rule(color=FAINT).encode(
        x=alt.X("parent_depth:Q", axis=None, scale=x), y=alt.Y("parent_y:Q", axis=None, scale=y),
        x2="parent_depth:Q", y2="y:Q",
    )
    elbows = alt.Chart(rows.dropna(subset=["parent_y"])).mark_rule(color=FAINT).encode(
        x=alt.X("parent_depth:Q", scale=x), x2="depth:Q", y=alt.Y("y:Q", scale=y),
    )
    nodes = alt.Chart(rows).mark_circle(size=70, opacity=1).encode(
        x=alt.X("depth:Q", scale=x), y=alt.Y("y:Q", scale=y), color=alt.Color("bloc_name:N", title="State", scale=bloc_scale(rows["bloc_name"])),
        tooltip=[alt.Tooltip("name:N", title="Unit"), alt.Tooltip("bloc_name:N", title="State"),
                 alt.Tooltip("outlet:N", title="Source"), alt.Tooltip("grade:N", title="Grade")],
    )
    labels = alt.Chart(rows).mark_text(align="left", baseline="middle", dx=9, fontSize=12, lineHeight=LINE_HEIGHT).encode(
        x=alt.X("depth:Q", scale=x), y=alt.Y("y:Q", scale=y), text="lines:N",
    )
    return alt.layer(links, elbows, nodes, labels).properties(title=title, description=description, width=WIDTH, height=height)


def lineage_chart(history: pd.DataFrame, title: str, description: str) -> alt.LayerChart:
    """A formation's operations over the decades, each drawn over every day it may cover.

    A year spans its twelve months and "the 1990s" its ten years: imprecise dates are shown
    as the intervals they are, with the precision in the tooltip. Each formation is a bold
    heading; under it, each operation's name and place in full (wrapped when long) and its
    bar beneath, so no label is ever cut and the chart fits a phone.

    Parameters
    ----------
    history : pandas.DataFrame
        ``formation``, ``operation``, ``place``, ``from``, ``to`` (Timestamps), ``dates``
        (the data's own literal), ``precision``, ``outlet``, ``grade``, ``bloc``.
    """
    history = with_bloc_names(history).sort_values(["formation", "from"], kind="stable")
    heads = history.drop_duplicates("formation").assign(kind="formation", text=lambda f: f["formation"])
    place = history["place"].fillna("place not stated").str.split(",").str[0].str.strip()
    already = [p.lower() in o.lower() for o, p in zip(history["operation"], place)]  # "… in Karabakh (Karabakh)" says it twice
    ops = history.assign(kind="operation", text=history["operation"].where(already, history["operation"] + " (" + place + ")"))
    ordered = pd.concat([pd.concat([heads[heads["formation"] == f], ops[ops["formation"] == f]])
                         for f in heads["formation"]], ignore_index=True)
    rows, height = stack_rows(ordered, "text", bar=10, gap=6)
    rows.loc[rows["kind"] == "formation", "bar_y"] = None
    y = alt.Scale(domain=[0, height], range=[0, height], nice=False, zero=False)
    bars = alt.Chart(rows[rows["kind"] == "operation"]).mark_rule(strokeWidth=10, opacity=0.85).encode(
        x=alt.X("from:T", title=None, axis=alt.Axis(format="%Y", labelOverlap="greedy", labelSeparation=6, tickCount=6, orient="top")), x2="to:T",
        y=alt.Y("bar_y:Q", axis=None, scale=y),
        color=alt.Color("bloc_name:N", title="State", scale=bloc_scale(rows["bloc_name"])),
        tooltip=[alt.Tooltip("formation:N", title="Formation"), alt.Tooltip("operation:N", title="Operation"),
                 alt.Tooltip("place:N", title="Where"), alt.Tooltip("dates:N", title="When (as recorded)"),
                 alt.Tooltip("precision:N", title="Date precision"),
                 alt.Tooltip("outlet:N", title="Source"), alt.Tooltip("grade:N", title="Grade")],
    )
    starts = bars.mark_point(filled=True, size=40, opacity=1, shape="diamond").encode(x="from:T")  # a day-long operation shows too
    labels = [alt.Chart(rows[rows["kind"] == kind]).mark_text(
        align="left", baseline="top", lineHeight=LINE_HEIGHT, x=0, fontWeight=weight, fontSize=size,
    ).encode(y=alt.Y("label_y:Q", scale=y), text="lines:N") for kind, weight, size in (("formation", "bold", 13), ("operation", "normal", 12))]
    return alt.layer(bars, starts, *labels).properties(title=title, description=description, width=WIDTH, height=height)


def _mercator(lon: pd.Series, lat: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Mercator x and y (y growing downwards, as on screen), in degrees of longitude."""
    return lon.astype(float), -np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat.astype(float)) / 2)))


def _label_sides(places: pd.DataFrame, extent: tuple[float, float, float, float], width: float = 320.0,
                 height: float = 260.0) -> pd.Series:
    """Which side of its dot each label goes, so that labels meet neither each other nor the edge.

    Positions are projected as the chart's Mercator fit to `extent` (west, south, east,
    north) does at a phone's width: the narrowest the map is drawn (wider, everything
    spreads apart and nothing new collides). Labels are placed greedily, longest (hardest to
    fit) first, each on the first side (right, left, above, below, then up to the right or
    left) whose box stays inside the map and meets the fewest labels and dots.
    """
    west, south, east, north = extent
    (x0, x1), (y1, y0) = _mercator(pd.Series([west, east]), pd.Series([south, north]))
    scale = min(width / max(x1 - x0, 1e-6), height / max(y1 - y0, 1e-6))
    mx, my = _mercator(places["longitude"], places["latitude"])
    px = (mx - x0) * scale + (width - (x1 - x0) * scale) / 2
    py = (my - y0) * scale + (height - (y1 - y0) * scale) / 2
    sides, _ = place_labels(px, py, places["label"], width, height, MAP_LINE_CHARS)
    return sides


#: Where a label goes for each side of its dot: text alignment and offset in pixels.
SIDES = {"right": ("left", "middle", 9, 0), "left": ("right", "middle", -9, 0), "above": ("center", "bottom", 0, -9),
         "below": ("center", "top", 0, 9), "right, up": ("left", "bottom", 7, -3), "left, up": ("right", "bottom", -7, -3)}
#: Characters per line of a place's label on the map.
MAP_LINE_CHARS = 22
#: Places closer than this (degrees) to another are drawn on the enlarged inset, not the overview.
CLUSTER_DEGREES = 0.6


def _extent(coordinates: np.ndarray, margin: float) -> tuple[float, float, float, float]:
    lon, lat = coordinates[:, 0], coordinates[:, 1]
    return (float(lon.min()) - margin, float(lat.min()) - margin, float(lon.max()) + margin, float(lat.max()) + margin)


def _box(extent: tuple[float, float, float, float]) -> dict:
    west, south, east, north = extent
    ring = [[west, south], [west, north], [east, north], [east, south], [west, south]]  # clockwise: d3's inside
    return {"type": "Feature", "properties": {"name": "Enlarged below"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _outline_points(boundaries: dict) -> np.ndarray:
    def walk(node):
        if isinstance(node, list) and node and isinstance(node[0], (int, float)):
            yield node[:2]
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)
    return np.array([p for f in boundaries["features"] for p in walk(f["geometry"]["coordinates"])], dtype=float)


def _panel(boundaries: dict, places: pd.DataFrame, labelled: pd.DataFrame, extent, height: int, extra=()) -> alt.LayerChart:
    """One map: outlines clipped to `extent`, every place in it as a dot, `labelled` places named."""
    outlines = alt.Chart(alt.Data(values=boundaries["features"])).mark_geoshape(
        fill=LAND, stroke=FAINT, strokeWidth=0.7, clip=True,
    ).encode(tooltip=[alt.Tooltip("properties.name:N", title="Country")])
    west, south, east, north = extent
    inside = places[places["longitude"].between(west, east) & places["latitude"].between(south, north)]
    points = alt.Chart(inside).mark_point(filled=True, opacity=0.85, stroke=HALO, strokeWidth=1, clip=True).encode(
        longitude="longitude:Q", latitude="latitude:Q",
        size=alt.Size("deployments:Q", title="Deployments there", scale=alt.Scale(domain=[0, max(int(places["deployments"].max()), 1)],
                                                                                   range=[60, 600], zero=True),
                      legend=alt.Legend(values=sorted({int(v) for v in places["deployments"]}), format="d")),
        color=alt.Color("area:N", title=None, scale=alt.Scale(domain=["In the theatre", "Elsewhere"], range=[ACCENT, MUTED])),
        shape=alt.Shape("shape:N", title=None, scale=alt.Scale(domain=["base", "place"], range=["square", "circle"])),
        tooltip=[alt.Tooltip("name:N", title="Place"), alt.Tooltip("kind:N", title="Kind"),
                 alt.Tooltip("deployments:Q", title="Deployments"),
                 alt.Tooltip("coordinate_precision:N", title="Position good to a"),
                 alt.Tooltip("outlet:N", title="Source"), alt.Tooltip("grade:N", title="Grade")],
    )
    labelled = labelled.assign(side=_label_sides(labelled, extent, height=height),
                               lines=labelled["label"].map(lambda t: wrap(t, MAP_LINE_CHARS)))
    # Vega writes a label's first line at its baseline and the others beneath: a label set above
    # its dot is raised by its extra lines, one group of labels per side and number of lines
    labelled = labelled.assign(count=labelled["lines"].map(len))
    labels = [
        alt.Chart(group).mark_text(align=align, baseline=baseline, dx=dx, dy=dy - (14 * (count - 1) if baseline == "bottom" else 0),
                                   fontSize=11, lineHeight=14).encode(
            longitude="longitude:Q", latitude="latitude:Q", text="lines:N", tooltip=[alt.Tooltip("name:N", title="Place")],
        )
        for (side, count), group in labelled.groupby(["side", "count"], sort=True)
        for align, baseline, dx, dy in [SIDES[side]]
    ]
    return alt.layer(outlines, *extra, points, *labels).project(type="mercator", fit=_box(extent)).properties(width=WIDTH, height=height)


def map_chart(boundaries: dict, places: pd.DataFrame, title: str, description: str) -> alt.VConcatChart:
    """Places in the data over country outlines, sized by the deployments they host, with the theatre enlarged.

    Above, the region from Cyprus to the Caspian; below, the places that lie too close
    together to name at that scale (within :data:`CLUSTER_DEGREES` of another: Karabakh,
    with the joint monitoring centre's site), enlarged. Every place but the countries and
    regions the outlines already name is labelled by its name up to the first comma (in
    full in the tooltip), on a side of its dot where it meets no other label
    (:func:`_label_sides`); bases are squares.

    Parameters
    ----------
    boundaries : dict
        GeoJSON FeatureCollection (:func:`counterbalance.data.load.load_boundaries`).
    places : pandas.DataFrame
        ``name``, ``kind``, ``latitude``, ``longitude``, ``coordinate_precision``,
        ``in_theatre`` (bool), ``deployments`` (count), ``outlet``, ``grade``.
    """
    places = places.assign(area=places["in_theatre"].map({True: "In the theatre", False: "Elsewhere"}),
                           label=places["name"].str.split(",").str[0].str.strip(),
                           shape=places["kind"].map(lambda k: "base" if k == "base" else "place"))
    named = places.drop_duplicates("name")  # every dot named, once however many rows share the name
    where = named[["longitude", "latitude"]].to_numpy(dtype=float)
    distance = np.sqrt(((where[:, None, :] - where[None, :, :]) ** 2).sum(-1)) + np.eye(len(where)) * 1e9
    close = pd.Series(distance.min(axis=1) < CLUSTER_DEGREES, index=named.index)
    region = _extent(np.vstack([_outline_points(boundaries), places[["longitude", "latitude"]].to_numpy(dtype=float)]), 0.2)
    inset = _extent(where[close.to_numpy()], 0.25) if close.any() else region
    box = alt.Chart(alt.Data(values=[_box(inset)])).mark_geoshape(fill="transparent", stroke=MUTED, strokeWidth=1.2, strokeDash=[3, 2], aria=False)
    overview = _panel(boundaries, places, named[~close], region, 300, extra=(box,))
    enlarged = _panel(boundaries, places, named[close], inset, 280).properties(
        title=alt.Title("Karabakh enlarged (the dashed box above)", fontSize=13))
    return alt.vconcat(overview, enlarged, spacing=18).properties(title=title, description=description)
