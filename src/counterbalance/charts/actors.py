"""Charts of who is who: the balance-of-power network, the chain of command, unit lineage, the map."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .rows import LINE_CHARS, LINE_HEIGHT, place_labels, stack_rows, wrap
from ..models.presence import SEVERAL_STATES
from .theme import BLOC_COLOURS, FAINT, HALO, INK, LAND, MUTED, OKABE_ITO, WIDTH, bloc_scale, sourced, with_bloc_names

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


#: Where the lineage chart's time axis widens: the arrangement's years take most of its width.
ARRANGEMENT_FROM = pd.Timestamp("2020-01-01")
#: The share of the axis the decades before the arrangement get.
EARLIER_SHARE = 0.4


def _bent_time(dates: pd.Series, first: pd.Timestamp, last: pd.Timestamp) -> pd.Series:
    """Positions from 0 to 1 on a time axis that gives the years before :data:`ARRANGEMENT_FROM` the first
    :data:`EARLIER_SHARE` of its width and the arrangement's years the rest.

    >>> _bent_time(pd.Series(pd.to_datetime(["1970-01-01", "2020-01-01", "2026-01-01"])), pd.Timestamp("1970-01-01"),
    ...            pd.Timestamp("2026-01-01")).round(2).tolist()
    [0.0, 0.4, 1.0]
    """
    days = (pd.to_datetime(dates) - first) / pd.Timedelta(days=1)
    split = (ARRANGEMENT_FROM - first) / pd.Timedelta(days=1)
    rest = max((last - ARRANGEMENT_FROM) / pd.Timedelta(days=1), 1.0)
    return days.where(days <= split, split + (days - split) / rest * split * (1 - EARLIER_SHARE) / EARLIER_SHARE) / (
        split / EARLIER_SHARE)


def lineage_chart(history: pd.DataFrame, title: str, description: str) -> alt.VConcatChart:
    """A formation's operations over the decades, each drawn over every day it may cover, the arrangement's years widened.

    A year spans its twelve months and "the 1990s" its ten years: imprecise dates are shown
    as the intervals they are, with the precision in the tooltip. Each formation is a bold
    heading; under it, each operation's name and place in full (wrapped when long) in a band of
    its own, and its bar beneath, so no label is cut, none lies on a bar, and the chart fits a
    phone. The time axis is bent: the decades before 2020 take the left two fifths of it, the
    arrangement's years the rest (lightly shaded, and said so at the top), so that a mission of
    three and a half years reads as one and a day-long operation still shows, as a diamond at
    its start. There are no gridlines for a label to lie on: the years are on an axis above the
    rows and again below them.

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
    top = LINE_HEIGHT + 4  # the bend's note
    rows = rows.assign(label_y=rows["label_y"] + top, bar_y=rows["bar_y"] + top)
    height += top
    rows.loc[rows["kind"] == "formation", "bar_y"] = None
    first = pd.Timestamp(f"{(int(history['from'].min().year) // 10) * 10}-01-01")
    last = pd.Timestamp(f"{int(max(history['to'].max().year, ARRANGEMENT_FROM.year)) + 1}-01-01")
    rows = rows.assign(start=_bent_time(rows["from"], first, last), stop=_bent_time(rows["to"], first, last))
    years = [y for y in range(first.year, ARRANGEMENT_FROM.year, 10)] + list(range(ARRANGEMENT_FROM.year, last.year + 1, 2))
    ticks = _bent_time(pd.Series(pd.to_datetime([f"{y}-01-01" for y in years])), first, last).round(4).tolist()
    names = "{" + ",".join(f"'{round(t * 10000)}':'{y}'" for t, y in zip(ticks, years)) + "}"
    axis = {"values": ticks, "labelExpr": f"{names}['' + round(datum.value * 10000)]", "grid": False, "title": None,
            "domainColor": FAINT, "labelFlush": True}
    x_scale = alt.Scale(domain=[-0.01, 1.01], nice=False, zero=False)
    x = alt.X("start:Q", scale=x_scale, axis=alt.Axis(orient="top", **axis))
    y = alt.Scale(domain=[0, height], range=[0, height], nice=False, zero=False)
    operations = rows[rows["kind"] == "operation"]
    bars = alt.Chart(operations).mark_rule(strokeWidth=10, opacity=0.85).encode(
        x=x, x2="stop:Q", y=alt.Y("bar_y:Q", axis=None, scale=y),
        color=alt.Color("bloc_name:N", title="State", scale=bloc_scale(rows["bloc_name"])),
        tooltip=[alt.Tooltip("formation:N", title="Formation"), alt.Tooltip("operation:N", title="Operation"),
                 alt.Tooltip("place:N", title="Where"), alt.Tooltip("dates:N", title="When (as recorded)"),
                 alt.Tooltip("precision:N", title="Date precision"),
                 alt.Tooltip("outlet:N", title="Source"), alt.Tooltip("grade:N", title="Grade")],
    )
    starts = bars.mark_point(filled=True, size=40, opacity=1, shape="diamond").encode(x="start:Q")  # a day-long operation shows too
    split = float(_bent_time(pd.Series([ARRANGEMENT_FROM]), first, last).iloc[0])
    widened = pd.DataFrame({"at": [split], "end": [1.01], "top": [0], "bottom": [height],
                            "note": [f"From {ARRANGEMENT_FROM.year} on, the axis is widened"]})
    shade = alt.Chart(widened).mark_rect(color=FAINT, opacity=0.15).encode(x="at:Q", x2="end:Q", y=alt.Y("top:Q", axis=None, scale=y),
                                                                       y2="bottom:Q")
    note = alt.Chart(widened).mark_text(align="left", baseline="top", dx=4, fontSize=11, color=INK).encode(
        x="at:Q", y=alt.value(2), text="note:N")
    labels = [alt.Chart(rows[rows["kind"] == kind]).mark_text(
        align="left", baseline="top", lineHeight=LINE_HEIGHT, x=0, fontWeight=weight, fontSize=size,
    ).encode(y=alt.Y("label_y:Q", scale=y), text="lines:N") for kind, weight, size in (("formation", "bold", 13), ("operation", "normal", 12))]
    body = alt.layer(shade, note, bars, starts, *labels).properties(width=WIDTH, height=height)
    # the years again under the last row, where a reader who has scrolled down looks
    foot = alt.Chart(widened).mark_tick(opacity=0).encode(x=alt.X("at:Q", scale=x_scale, axis=alt.Axis(orient="bottom", **axis))).properties(
        width=WIDTH, height=1)
    return alt.vconcat(body, foot, spacing=0).properties(title=title, description=description)


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
SIDES = {"right": ("left", "middle", 13, 0), "left": ("right", "middle", -13, 0), "above": ("center", "bottom", 0, -12),
         "below": ("center", "top", 0, 12), "right, up": ("left", "bottom", 9, -6), "left, up": ("right", "bottom", -9, -6)}
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


#: What the map cannot show, said under it: no outline of the arrangement is drawn from memory.
NOT_DRAWN = ("Not drawn: the Russian peacekeepers' zone of responsibility, the Lachin corridor and the road that replaced it in "
             "August 2022. No public geodata set with a stated licence that we could consult gives their outlines, and the map "
             "draws nothing it cannot cite.")
#: What the map's colours say: whose force stands at a place that day, or that none does.
NO_FORCE = "no force that day"
SEVERAL = "several states"


def _force_scale(present) -> alt.Scale:
    """The map's colour scale: the states (as everywhere in the book), several states, and no force, as drawn."""
    names = [n for n in BLOC_COLOURS if n in set(present)] + [n for n in (SEVERAL, NO_FORCE) if n in set(present)]
    colours = {**BLOC_COLOURS, SEVERAL: OKABE_ITO["sky_blue"], NO_FORCE: "#ffffff"}
    return alt.Scale(domain=names, range=[colours[n] for n in names])


def _panel(boundaries: dict, places: pd.DataFrame, labelled: pd.DataFrame, extent, height: int, extra=(),
           enlarged: frozenset = frozenset()) -> alt.LayerChart:
    """One map: outlines clipped to `extent`; every place in it, those with a force that day as a filled
    dot sized by the deployments there and coloured by whose they are, the rest hollow; `labelled` places named.
    Places `enlarged` on another panel are small dots here, whatever stands there: a large dot would cover
    its neighbours' names."""
    outlines = alt.Chart(alt.Data(values=boundaries["features"])).mark_geoshape(
        fill=LAND, stroke=FAINT, strokeWidth=0.7, clip=True,
    ).encode(tooltip=[alt.Tooltip("properties.name:N", title="Country")])
    west, south, east, north = extent
    inside = places[places["longitude"].between(west, east) & places["latitude"].between(south, north)]
    colour = alt.Color("force:N", title="Force there on the day", scale=_force_scale(places["force"]))
    shape = alt.Shape("shape:N", title=None, scale=alt.Scale(domain=["base", "place"], range=["square", "circle"]))
    tooltip = [alt.Tooltip("name:N", title="Place"), alt.Tooltip("kind:N", title="Kind"),
               alt.Tooltip("states:N", title="Whose forces stand there"), alt.Tooltip("forces:N", title="What stands there"),
               alt.Tooltip("standing:Q", title="Deployments there"), alt.Tooltip("coordinate_precision:N", title="Position good to a"),
               alt.Tooltip("outlet:N", title="Source"), alt.Tooltip("grade:N", title="Grade")]
    small = inside["name"].isin(enlarged)
    empty = alt.Chart(inside[(inside["standing"] == 0) | small]).mark_point(filled=True, size=45, opacity=1, stroke=MUTED, strokeWidth=1.2,
                                                                     clip=True).encode(
        longitude="longitude:Q", latitude="latitude:Q", color=colour, shape=shape, tooltip=tooltip)
    held = places[places["standing"] > 0]
    counts = sorted({int(v) for v in held["standing"]})
    forces = alt.Chart(inside[(inside["standing"] > 0) & ~small]).mark_point(filled=True, opacity=0.9, stroke=HALO, strokeWidth=1, clip=True).encode(
        longitude="longitude:Q", latitude="latitude:Q", color=colour, shape=shape, tooltip=tooltip,
        size=alt.Size("standing:Q", title="Deployments there", scale=alt.Scale(domain=[1, max(counts or [1])], range=[60, 240]),
                      legend=alt.Legend(values=counts, format="d")),
    )
    dots = [layer for layer, rows in ((empty, (inside["standing"] == 0) | small), (forces, (inside["standing"] > 0) & ~small)) if rows.any()]
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
    return alt.layer(outlines, *extra, *dots, *labels).project(type="mercator", fit=_box(extent)).properties(width=WIDTH, height=height)


def map_chart(boundaries: dict, places: pd.DataFrame, title: str, description: str, note: str = NOT_DRAWN) -> alt.VConcatChart:
    """The places of the data over country outlines, with what stands at each on one day, and the theatre enlarged.

    Above, the region from Cyprus to the Caspian; below, the places that lie too close
    together to name at that scale (within :data:`CLUSTER_DEGREES` of another: Karabakh,
    with the joint monitoring centre's site), enlarged. Every place but the countries and
    regions the outlines already name is labelled by its name up to the first comma (in
    full in the tooltip), on a side of its dot where it meets no other label
    (:func:`_label_sides`); bases are squares. A place where forces stand that day is a filled dot,
    sized by the deployments there and coloured by whose they are; a place where none does is
    hollow, and never a dot of size zero: on a day when nothing stands, the map has no size legend.

    Parameters
    ----------
    boundaries : dict
        GeoJSON FeatureCollection (:func:`counterbalance.data.load.load_boundaries`).
    places : pandas.DataFrame
        ``name``, ``kind``, ``latitude``, ``longitude``, ``coordinate_precision``, ``standing``
        (deployments in force there), ``states``, ``holder`` and ``forces`` (as
        :func:`counterbalance.models.presence.forces_at_places` returns), ``outlet``, ``grade``.
    note : str
        What the map cannot show, for the line under it.
    """
    places = places.assign(force=places["holder"].where(places["standing"] > 0, NO_FORCE).replace(SEVERAL_STATES, SEVERAL),
                           label=places["name"].str.split(",").str[0].str.strip(),
                           shape=places["kind"].map(lambda k: "base" if k == "base" else "place"))
    named = places.drop_duplicates("name")  # every dot named, once however many rows share the name
    where = named[["longitude", "latitude"]].to_numpy(dtype=float)
    distance = np.sqrt(((where[:, None, :] - where[None, :, :]) ** 2).sum(-1)) + np.eye(len(where)) * 1e9
    close = pd.Series(distance.min(axis=1) < CLUSTER_DEGREES, index=named.index)
    region = _extent(np.vstack([_outline_points(boundaries), places[["longitude", "latitude"]].to_numpy(dtype=float)]), 0.2)
    inset = _extent(where[close.to_numpy()], 0.25) if close.any() else region
    box = alt.Chart(alt.Data(values=[_box(inset)])).mark_geoshape(fill="transparent", stroke=MUTED, strokeWidth=1.2, strokeDash=[3, 2], aria=False)
    overview = _panel(boundaries, places, named[~close], region, 300, extra=(box,), enlarged=frozenset(named.loc[close, "name"]))
    enlarged = _panel(boundaries, places, named[close], inset, 280).properties(
        title=alt.Title("Karabakh enlarged (the dashed box above)", fontSize=13))
    return sourced(alt.vconcat(overview, enlarged, spacing=18).properties(title=title, description=description),
                   "places", "deployments", "actors", extra="country outlines from Natural Earth (public domain)", note=note)
