"""Charts of who is who: the balance-of-power network, the chain of command, unit lineage, the map."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import ACCENT, FAINT, HALO, LAND, MUTED, SIGN_COLOURS, WIDTH, bloc_scale, with_bloc_names

__all__ = ["network_chart", "command_chart", "lineage_chart", "map_chart"]


def network_chart(nodes: pd.DataFrame, edges: pd.DataFrame, title: str, description: str) -> alt.LayerChart:
    """The balance-of-power network: nodes coloured by bloc, edges by sign, dashed by type.

    Parameters
    ----------
    nodes, edges : pandas.DataFrame
        As :func:`counterbalance.models.brokerage.layout_frames` returns them.
    """
    edges = edges.assign(tie=edges["sign"].map({1: "cooperative", -1: "antagonistic"}))
    nodes = with_bloc_names(nodes)
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
        color=alt.Color("bloc_name:N", title="Bloc", scale=bloc_scale()),
        tooltip=[alt.Tooltip("name:N", title="Actor"), alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("bloc_name:N", title="Bloc")],
    )
    labels = alt.Chart(nodes[nodes["kind"] == "state"]).mark_text(dy=-14, fontWeight="bold", fontSize=13).encode(
        x="x:Q", y="y:Q", text="name:N",
    )
    return alt.layer(links, points, labels).resolve_scale(color="independent").properties(
        title=title, description=description, width=WIDTH, height=460,
    )


def command_chart(tree: pd.DataFrame, title: str, description: str) -> alt.LayerChart:
    """The chain of command as a left-to-right tree: state, forces, service, formation.

    Parameters
    ----------
    tree : pandas.DataFrame
        ``actor_id``, ``name``, ``bloc``, ``depth``, ``row``, ``parent_depth``, ``parent_row``,
        ``outlet``, ``grade`` (as :func:`counterbalance.models.lineage.command_layout` returns).
    """
    tree = with_bloc_names(tree)
    height = max(220, 22 * int(tree["row"].max() + 1))
    links = alt.Chart(tree.dropna(subset=["parent_row"])).mark_rule(color=FAINT).encode(
        x=alt.X("parent_depth:Q", axis=None), y=alt.Y("parent_row:Q", axis=None, scale=alt.Scale(reverse=True)),
        x2="depth:Q", y2="row:Q",
    )
    nodes = alt.Chart(tree).mark_circle(size=90).encode(
        x="depth:Q", y="row:Q", color=alt.Color("bloc_name:N", title="State", scale=bloc_scale()),
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
    history = with_bloc_names(history)
    bars = alt.Chart(history).mark_bar(height=14, opacity=0.85, cornerRadius=2).encode(
        x=alt.X("from:T", title=None), x2="to:T",
        y=alt.Y("operation:N", title=None, sort=alt.EncodingSortField("from", order="ascending")),
        color=alt.Color("bloc_name:N", title="State", scale=bloc_scale()),
        tooltip=[alt.Tooltip("formation:N", title="Formation"), alt.Tooltip("operation:N", title="Operation"),
                 alt.Tooltip("place:N", title="Where"), alt.Tooltip("dates:N", title="When (as recorded)"),
                 alt.Tooltip("precision:N", title="Date precision"),
                 alt.Tooltip("outlet:N", title="Source"), alt.Tooltip("grade:N", title="Grade")],
    )
    return alt.layer(bars).facet(row=alt.Row("formation:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold"))).resolve_scale(y="independent").properties(
        title=title, description=description,
    )


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
