"""Charts of the models' answers: scenario grids, sweeps, the sampled worlds and what moves the ratio."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .theme import ACCENT, BAR, DIVERGING_SCHEME, INK, WIDTH

__all__ = [
    "sweep_chart", "scenario_heatmap", "scenario_lines", "distribution_chart", "tornado_chart", "assumption_chart",
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


def _range_bars(frame: pd.DataFrame, point: float, tooltip: list, title: str, description: str) -> alt.LayerChart:
    """A bar per row of `frame` from ``ratio_low`` to ``ratio_high`` (sorted by ``swing``), with the ratio as set.

    An end without a finite value is drawn at the right edge, past every finite value, and
    reads "unbounded" in the tooltip.
    """
    finite = np.concatenate([frame[["ratio_low", "ratio_high"]].to_numpy(dtype=float).ravel(), [point, 1.0]])
    finite = finite[np.isfinite(finite)]
    edge = float(finite.max()) * 1.15 if finite.size else 2.0
    frame = frame.assign(
        low=frame["ratio_low"].where(np.isfinite(frame["ratio_low"]), edge),
        high=frame["ratio_high"].where(np.isfinite(frame["ratio_high"]), edge),
        low_text=frame["ratio_low"].map(lambda r: f"{r:.3g}" if np.isfinite(r) else "unbounded"),
        high_text=frame["ratio_high"].map(lambda r: f"{r:.3g}" if np.isfinite(r) else "unbounded"),
    )
    bars = alt.Chart(frame).mark_bar(height=14, color=BAR).encode(
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("swing", order="descending"), axis=alt.Axis(labelLimit=300)),
        x=alt.X("low:Q", title="Counter-balance ratio R", scale=alt.Scale(domain=[0, edge], nice=False)), x2="high:Q",
        tooltip=[*tooltip, alt.Tooltip("low_text:N", title="R at low end"), alt.Tooltip("high_text:N", title="R at high end")],
    )
    lines = pd.DataFrame({"value": [point, 1.0], "label": ["as set", "parity"]})
    lines = lines[np.isfinite(lines["value"])]
    rules = alt.Chart(lines).mark_rule(strokeWidth=2).encode(
        x="value:Q", color=alt.Color("label:N", title=None, scale=alt.Scale(domain=["as set", "parity"], range=[ACCENT, INK])),
        strokeDash=alt.StrokeDash("label:N", legend=None), tooltip=[alt.Tooltip("label:N", title="Line")],
    )
    return alt.layer(bars, rules).properties(title=title, description=description, width=WIDTH - 180, height=alt.Step(24))


def tornado_chart(rows: pd.DataFrame, point: float, title: str, description: str) -> alt.LayerChart:
    """Which uncertain rows move the ratio most: a bar per row from its low to its high end.

    Parameters
    ----------
    rows : pandas.DataFrame
        As :func:`counterbalance.models.uncertainty.sensitivity` returns, with ``outlet`` and ``grade``.
    point : float
        The ratio with every row at its point.
    """
    frame = rows.assign(label=rows["deployment_id"] + " (" + rows["grade"].astype(str) + ")")
    tooltip = [alt.Tooltip("deployment_id:N", title="Row"), alt.Tooltip("description:N", title="What"),
               alt.Tooltip("outlet:N", title="Source"), alt.Tooltip("grade:N", title="Grade")]
    return _range_bars(frame, point, tooltip, title, description)


def assumption_chart(assumptions: pd.DataFrame, point: float, title: str, description: str) -> alt.LayerChart:
    """Which assumption moves the ratio most: a bar per assumption across its plausible range.

    Parameters
    ----------
    assumptions : pandas.DataFrame
        As :func:`counterbalance.models.scenarios.weight_sensitivity` returns.
    point : float
        The ratio with every assumption as set.
    """
    frame = assumptions.assign(
        label=assumptions["assumption"].str.replace("_", " ") + " (" + assumptions["basis"] + ")",
        range_text=assumptions["low"].map("{:g}".format) + " to " + assumptions["high"].map("{:g}".format),
    )
    tooltip = [alt.Tooltip("label:N", title="Assumption"), alt.Tooltip("value:Q", title="As set", format="~g"),
               alt.Tooltip("range_text:N", title="Plausible range")]
    return _range_bars(frame, point, tooltip, title, description)
