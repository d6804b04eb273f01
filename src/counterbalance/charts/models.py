"""Charts of the models' answers: scenario grids, sweeps, the sampled worlds and what carries their variance."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .theme import ACCENT, BAR, DIVERGING_SCHEME, INK, WIDTH

__all__ = [
    "sweep_chart", "scenario_heatmap", "scenario_lines", "distribution_chart", "sobol_chart",
]


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

    The ratio is drawn on a logarithmic scale: across an alignment weight from 0 to 1 it
    runs from hundredths to tens. Ratios of 0 or without a finite value are left out.

    Parameters
    ----------
    grid : pandas.DataFrame
        As :func:`counterbalance.models.scenarios.ratio_grid` returns, with columns `x` and `colour`.
    """
    frame = grid.rename(columns={x: "x", colour: "series"})
    frame = frame[np.isfinite(frame["ratio"]) & (frame["ratio"] > 0)]
    legend = colour.removeprefix("weight_").replace("_", " ")
    lines = alt.Chart(frame).mark_line(strokeWidth=2.5).encode(
        x=alt.X("x:Q", title=x_title),
        y=alt.Y("ratio:Q", title="Counter-balance ratio R (log scale)", scale=alt.Scale(type="log"), axis=alt.Axis(format="~g")),
        color=alt.Color("series:N", title=f"Weight of one {legend}" if colour.startswith("weight_") else legend.capitalize(),
                        legend=alt.Legend(labelLimit=400)),
        tooltip=[alt.Tooltip("x:Q", title=x_title), alt.Tooltip("series:N", title=legend),
                 alt.Tooltip("ratio:Q", title="R", format=".3~g")],
    )
    parity = alt.Chart(pd.DataFrame({"ratio": [1.0], "label": ["parity"]})).mark_rule(strokeDash=[4, 4], color=INK).encode(
        y="ratio:Q", tooltip=[alt.Tooltip("label:N", title="Line")],
    )
    return alt.layer(parity, lines).properties(title=title, description=description, width=WIDTH, height=260)


def distribution_chart(ratios: pd.Series, point: float, title: str, description: str) -> alt.LayerChart:
    """The sampled counter-balance ratio as a histogram on a logarithmic scale, with the point estimate and parity.

    Bins are equal in log space between the smallest and largest finite positive ratio.
    Worlds where the ratio has no finite value (no Russian force counted) cannot be drawn on
    the scale; the chapter reports their share in words.

    Parameters
    ----------
    ratios : pandas.Series
        One ratio per sampled world.
    point : float
        The point estimate, marked when finite.
    """
    values = ratios[np.isfinite(ratios) & (ratios > 0)].to_numpy(dtype=float)
    low, high = (values.min(), values.max()) if values.size else (0.5, 2.0)
    if low == high:
        low, high = low / 1.1, high * 1.1
    counts, edges = np.histogram(values, bins=np.geomspace(low, high, 41))
    frame = pd.DataFrame({"from": edges[:-1], "to": edges[1:], "worlds": counts, "share": counts / max(len(ratios), 1)})
    domain = [min(low, 1.0, point if np.isfinite(point) and point > 0 else low), max(high, 1.0)]
    bars = alt.Chart(frame).mark_bar(color=BAR, opacity=0.85).encode(
        x=alt.X("from:Q", title="Counter-balance ratio R (log scale)", scale=alt.Scale(type="log", domain=domain),
                axis=alt.Axis(format="~g")), x2="to:Q",
        y=alt.Y("share:Q", title="Share of sampled worlds", axis=alt.Axis(format="%")), y2=alt.datum(0),
        tooltip=[alt.Tooltip("from:Q", title="R from", format=".3~g"), alt.Tooltip("to:Q", title="R to", format=".3~g"),
                 alt.Tooltip("worlds:Q", title="Worlds"), alt.Tooltip("share:Q", title="Share", format=".1%")],
    )
    marks = pd.DataFrame({"value": [point, 1.0], "label": [f"point estimate {point:.3g}", "parity"]})
    marks = marks[np.isfinite(marks["value"]) & (marks["value"] > 0)]
    rules = alt.Chart(marks).mark_rule(strokeWidth=2).encode(
        x="value:Q", color=alt.Color("label:N", title=None, scale=alt.Scale(domain=marks["label"].tolist(),
                                                                           range=[ACCENT, INK][-len(marks):])),
        strokeDash=alt.StrokeDash("label:N", legend=None), tooltip=[alt.Tooltip("label:N", title="Line")],
    )
    return alt.layer(bars, rules).properties(title=title, description=description, width=WIDTH, height=240)


def sobol_chart(indices: pd.DataFrame, title: str, description: str, limit: int = 10) -> alt.LayerChart:
    """What carries one output's variance: a bar per input to its total-order Sobol index, a tick at its first order.

    Parameters
    ----------
    indices : pandas.DataFrame
        One output's rows of :func:`counterbalance.models.sensitivity.sobol_indices`.
    limit : int
        Inputs drawn, largest total-order index first.
    """
    top = indices.sort_values("ST", ascending=False).head(limit)
    reports = top["input"].str.startswith("report: ")
    frame = top.assign(label=top["input"].str.removeprefix("report: ").where(reports, top["input"].str.replace("_", " ")),
                       first=top["S1"].clip(lower=0), total=top["ST"].clip(lower=0))
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("total", order="descending"),
              axis=alt.Axis(labelLimit=300))
    tooltip = [alt.Tooltip("label:N", title="Input"), alt.Tooltip("first:Q", title="First order", format=".2f"),
               alt.Tooltip("total:Q", title="Total order", format=".2f")]
    bars = alt.Chart(frame).mark_bar(height=14, color=BAR).encode(
        y=y, x=alt.X("total:Q", title="Share of the output's variance", scale=alt.Scale(domain=[0, 1])), tooltip=tooltip)
    ticks = alt.Chart(frame).mark_tick(color=ACCENT, thickness=3, size=18).encode(y=y, x="first:Q", tooltip=tooltip)
    return alt.layer(bars, ticks).properties(title=title, description=description, width=WIDTH - 180, height=alt.Step(24))
