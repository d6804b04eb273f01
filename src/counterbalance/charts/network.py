"""The balance-of-power network over the whole arc, with a date slider, and the four states' signed ties."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .actors import SIDES
from .rows import place_labels, wrap
from .theme import HALO, INK, MUTED, SIGN_COLOURS, WIDTH, bloc_scale, with_bloc_names

__all__ = ["network_chart", "signed_states_chart", "KIND_DASHES", "SLIDER"]

#: How each kind of relation is drawn: one dash pattern per kind, solid for the structural ones.
KIND_DASHES = {"alliance or cooperation": [1, 0], "rivalry or opposition": [7, 3], "command or part of": [1, 2],
               "agreement or office": [10, 3, 2, 3], "other tie": [3, 3]}
KIND_WIDTHS = {"alliance or cooperation": 2.4, "rivalry or opposition": 2.4, "command or part of": 0.9,
               "agreement or office": 1.4, "other tie": 1.2}
#: The name of the date slider's parameter (a step index into the arc's days).
SLIDER = "step"
TIES = {1: "cooperative", -1: "antagonistic"}
#: The drawing area at a phone's width (px): small labels are placed to fit it.
PHONE = (330.0, 440.0)
#: Half the drawing's width in layout units: room beside the circle for a state's name at a phone's width.
X_EXTENT = 2.0


def network_chart(nodes: pd.DataFrame, ties: pd.DataFrame, days: list, shown: int, title: str, description: str) -> alt.LayerChart:
    """Who stands with whom on any day of the arc: a slider over the days redraws the ties in force.

    Every relation of the arc is in the spec with the first and last step it is in force;
    the slider (a range input bound to the ``step`` parameter) filters them in the browser,
    with nothing fetched. Actors keep their places whatever the day (:func:`arc_layout`):
    the four states on a circle, labelled outside it, the others near those they are tied to.
    Ties are coloured by sign and dashed by kind (a handful of kinds, not the data's types).

    Parameters
    ----------
    nodes : pandas.DataFrame
        As :func:`counterbalance.models.arc.arc_layout` returns.
    ties : pandas.DataFrame
        As :func:`counterbalance.models.arc.relations_over_time` returns.
    days : list of pandas.Timestamp
        The slider's steps, as `ties` was computed over.
    shown : int
        The step the chart opens on.
    """
    where = nodes.set_index("actor_id")[["x", "y"]]
    edges = ties[ties["source"].isin(where.index) & ties["target"].isin(where.index)]
    edges = edges.assign(
        x=edges["source"].map(where["x"]), y=edges["source"].map(where["y"]),
        x2=edges["target"].map(where["x"]), y2=edges["target"].map(where["y"]),
        tie=edges["sign"].map(TIES).fillna("cooperative"),
        source_name=edges["source"].map(nodes.set_index("actor_id")["name"]),
        target_name=edges["target"].map(nodes.set_index("actor_id")["name"]),
    )
    kinds = [k for k in KIND_DASHES if k in set(edges["kind"])]
    step = alt.param(name=SLIDER, value=int(shown),
                     bind=alt.binding_range(min=0, max=len(days) - 1, step=1, name="Week of the arc (drag to move the date) "))
    in_force = f"datum.first <= {SLIDER} && {SLIDER} <= datum.last"
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-X_EXTENT, X_EXTENT], nice=False))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-1.55, 1.55], nice=False))
    links = alt.Chart(edges).transform_filter(in_force).mark_rule(opacity=0.8).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q",
        color=alt.Color("tie:N", title="Tie", scale=alt.Scale(domain=list(SIGN_COLOURS), range=list(SIGN_COLOURS.values()))),
        strokeDash=alt.StrokeDash("kind:N", title="Kind of relation", legend=alt.Legend(symbolSize=500, symbolStrokeWidth=2),
                                  scale=alt.Scale(domain=kinds, range=[KIND_DASHES[k] for k in kinds])),
        strokeWidth=alt.StrokeWidth("kind:N", title="Kind of relation", scale=alt.Scale(domain=kinds, range=[KIND_WIDTHS[k] for k in kinds])),
        tooltip=[alt.Tooltip("relation_type:N", title="Relation"), alt.Tooltip("source_name:N", title="From"),
                 alt.Tooltip("target_name:N", title="To"), alt.Tooltip("description:N", title="What"),
                 alt.Tooltip("outlet:N", title="Source"), alt.Tooltip("grade:N", title="Grade")],
    )
    named = with_bloc_names(nodes)
    states = named[named["kind"] == "state"]
    points = alt.Chart(named).mark_circle(opacity=0.95, stroke=HALO, strokeWidth=1).encode(
        x=x, y=y, size=alt.condition("datum.kind == 'state'", alt.value(420), alt.value(70)),
        color=alt.Color("bloc_name:N", title="Actor of", scale=bloc_scale(named["bloc_name"])),
        tooltip=[alt.Tooltip("name:N", title="Actor"), alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("bloc_name:N", title="Of")],
    )
    # the states' names outside the circle, on the side away from the cluster
    labels = [alt.Chart(states[states["align"] == align]).mark_text(fontWeight="bold", fontSize=14, color=INK, baseline="middle",
                                                                   align=align).encode(
        x=alt.X("label_x:Q"), y=alt.Y("label_y:Q"), text="name:N") for align in ("left", "center", "right")
        if (states["align"] == align).any()]
    # the other actors named where a name fits at a phone's width without meeting another; the rest in their tooltips
    others = named[named["kind"] != "state"]
    px, py = (others["x"] + X_EXTENT) / (2 * X_EXTENT) * PHONE[0], (1.55 - others["y"]) / 3.1 * PHONE[1]
    taken = [((x + X_EXTENT) / (2 * X_EXTENT) * PHONE[0] - 45, (1.55 - y) / 3.1 * PHONE[1] - 12, 90, 24) for x, y in zip(states["label_x"], states["label_y"])]
    taken += [((x + X_EXTENT) / (2 * X_EXTENT) * PHONE[0] - 14, (1.55 - y) / 3.1 * PHONE[1] - 14, 28, 28) for x, y in zip(states["x"], states["y"])]
    sides, free = place_labels(px, py, others["name"], *PHONE, chars=20, taken=taken)
    others = others.assign(side=sides, lines=others["name"].map(lambda t: wrap(t, 20)))[free.astype(bool)]
    others = others.assign(count=others["lines"].map(len))
    small = [
        alt.Chart(group).mark_text(align=align, baseline=baseline, dx=dx, dy=dy - (12 * (count - 1) if baseline == "bottom" else 0),
                                   fontSize=9, lineHeight=12, color=MUTED).encode(x=alt.X("x:Q"), y=alt.Y("y:Q"), text="lines:N")
        for (side, count), group in others.groupby(["side", "count"], sort=True) for align, baseline, dx, dy in [SIDES[side]]
    ]
    calendar = pd.DataFrame({"index": range(len(days)), "when": [pd.Timestamp(d).strftime("%-d %B %Y") for d in days]})
    date = alt.Chart(calendar).transform_filter(f"datum.index == {SLIDER}").mark_text(
        align="left", baseline="top", fontSize=13, color=MUTED, x=0, y=0,
    ).encode(text=alt.Text("when:N"))
    return alt.layer(links, points, *labels, *small, date).add_params(step).resolve_scale(color="independent").properties(
        title=alt.Title(title, subtitle="Drag the slider below the chart to see another week."),
        description=description, width=WIDTH, height=440,
    )


#: Where the four states sit in the signed diagram: allies across the top, the other pair below.
SQUARE = {"tr": (-1.0, 1.0), "az": (1.0, 1.0), "ru": (-1.0, -1.0), "am": (1.0, -1.0)}
SIGN_NAMES = {1: "cooperate", -1: "oppose", 0: "both (mixed)"}
SIGN_MARKS = {1: "+", -1: "−", 0: "±"}


def signed_states_chart(layers: pd.DataFrame, states: dict[str, str], title: str, description: str) -> alt.LayerChart:
    """The headline in four dots: Turkey, Russia, Azerbaijan and Armenia, each pair's tie by its sign.

    Parameters
    ----------
    layers : pandas.DataFrame
        As :func:`counterbalance.models.network.state_layers` returns: ``a``, ``b``, ``sign``.
    states : dict
        State id to name.
    """
    pairs = layers[layers["a"].isin(list(SQUARE)) & layers["b"].isin(list(SQUARE))]
    edges = pd.DataFrame({
        "x": pairs["a"].map(lambda s: SQUARE[s][0]), "y": pairs["a"].map(lambda s: SQUARE[s][1]),
        "x2": pairs["b"].map(lambda s: SQUARE[s][0]), "y2": pairs["b"].map(lambda s: SQUARE[s][1]),
        "tie": pairs["sign"].map(SIGN_NAMES), "mark": pairs["sign"].map(SIGN_MARKS),
        "pair": pairs["a"].map(states) + " and " + pairs["b"].map(states),
    })
    # a sign sits at the middle of its side of the square; on a diagonal, a third of the way along,
    # so that the two diagonals' signs do not meet where they cross
    along = ((edges["x"] != edges["x2"]) & (edges["y"] != edges["y2"])).map({True: 0.3, False: 0.5})
    edges = edges.assign(mx=edges["x"] + (edges["x2"] - edges["x"]) * along, my=edges["y"] + (edges["y2"] - edges["y"]) * along + 0.12)
    signs = [SIGN_NAMES[s] for s in (1, -1, 0)]
    colours = [SIGN_COLOURS["cooperative"], SIGN_COLOURS["antagonistic"], MUTED]
    sx, sy = alt.Scale(domain=[-1.9, 1.9], nice=False), alt.Scale(domain=[-1.6, 1.6], nice=False)
    x, y = alt.X("x:Q", axis=None, scale=sx), alt.Y("y:Q", axis=None, scale=sy)
    lines = alt.Chart(edges).mark_rule(strokeWidth=3).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q",
        color=alt.Color("tie:N", title="The pair's ties", scale=alt.Scale(domain=signs, range=colours)),
        strokeDash=alt.StrokeDash("tie:N", scale=alt.Scale(domain=signs, range=[[1, 0], [7, 4], [2, 3]]), legend=None),
        tooltip=[alt.Tooltip("pair:N", title="Pair"), alt.Tooltip("tie:N", title="Ties")],
    )
    marks = alt.Chart(edges).mark_text(fontSize=18, fontWeight="bold", color=INK, stroke=HALO, strokeWidth=0).encode(
        x=alt.X("mx:Q", axis=None, scale=sx), y=alt.Y("my:Q", axis=None, scale=sy), text="mark:N", tooltip=[alt.Tooltip("pair:N", title="Pair"), alt.Tooltip("tie:N", title="Ties")],
    )
    dots = pd.DataFrame([{"id": s, "name": states.get(s, s), "x": p[0], "y": p[1], "ly": p[1] * 1.3} for s, p in SQUARE.items()])
    dots = with_bloc_names(dots, "id")
    points = alt.Chart(dots).mark_circle(size=500, opacity=1, stroke=HALO, strokeWidth=2).encode(
        x=x, y=y, color=alt.Color("bloc_name:N", scale=bloc_scale(dots["bloc_name"]), legend=None),
        tooltip=[alt.Tooltip("name:N", title="State")],
    )
    names = alt.Chart(dots).mark_text(fontSize=14, fontWeight="bold", color=INK).encode(x=x, y=alt.Y("ly:Q", axis=None, scale=sy), text="name:N")
    return alt.layer(lines, marks, points, names).resolve_scale(color="independent").properties(
        title=title, description=description, width=WIDTH, height=300,
    )

