"""Charts over time: theatre power and the counter-balance ratio week by week, force levels, events."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .rows import LINE_HEIGHT
from .theme import ACCENT, BLOC_COLOURS, FAINT, HALO, INK, MUTED, OKABE_ITO, WIDTH, bloc_scale, with_bloc_names

__all__ = ["power_chart", "ratio_chart", "force_level_chart", "events_chart"]

#: A time axis over years, labelled by year: the arc spans six of them.
YEARS = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year"))


def power_chart(series: pd.DataFrame, title: str, description: str) -> alt.Chart:
    """Theatre power of each state over time, as steps, on a symmetric-log scale.

    Azerbaijan's army and Turkey's monitors differ by three orders of magnitude, so the
    vertical scale is logarithmic above 10 and linear below (symlog), which keeps a week
    with nothing counted at zero instead of dropping it.

    Parameters
    ----------
    series : pandas.DataFrame
        ``date``, ``series`` (state id, or a ratio, which is left out), ``value``, as
        :func:`counterbalance.models.power.power_over_time` returns.
    """
    frame = with_bloc_names(series[~series["series"].str.startswith("ratio")], "series")
    top = 10 ** max(1, int(np.ceil(np.log10(max(float(frame["value"].max()), 1.0)))))
    ticks = [0] + [10**k for k in range(1, int(np.log10(top)) + 1)]
    return alt.Chart(frame).mark_line(interpolate="step-after", strokeWidth=2.5).encode(
        x=YEARS,
        y=alt.Y("value:Q", title="Theatre power (troop-equivalents)", scale=alt.Scale(type="symlog", constant=10, domain=[0, top]),
                axis=alt.Axis(values=ticks, format=",d")),
        color=alt.Color("bloc_name:N", title="State", scale=bloc_scale(frame["bloc_name"])),
        tooltip=[alt.Tooltip("date:T", title="Week of"), alt.Tooltip("bloc_name:N", title="State"),
                 alt.Tooltip("value:Q", title="Power", format=",.0f")],
    ).properties(title=title, description=description, width=WIDTH, height=280)


def _runs(dates: pd.Series, flags: pd.Series) -> pd.DataFrame:
    """The spans of consecutive dates on which `flags` holds, each ending where the next date begins."""
    dates, flags = dates.reset_index(drop=True), flags.reset_index(drop=True).astype(bool)
    ends = dates.shift(-1).fillna(dates.iloc[-1] if len(dates) else pd.NaT)
    starts = flags & ~flags.shift(1, fill_value=False)
    stops = flags & ~flags.shift(-1, fill_value=False)
    return pd.DataFrame({"from": dates[starts].to_numpy(), "to": ends[stops].to_numpy()})


def ratio_chart(series: pd.DataFrame, alignment_weight: float, title: str, description: str) -> alt.LayerChart:
    """The counter-balance ratio over time, Turkey alone and with its share of Azerbaijan, against parity.

    The scale is logarithmic (ratios run from hundredths to tens); weeks in which Russia had
    no force counted, where the ratio has no finite value, are shaded instead of drawn.

    Parameters
    ----------
    series : pandas.DataFrame
        As :func:`counterbalance.models.power.power_over_time` returns: ``ru``, ``ratio`` and
        ``ratio_alone`` rows among others.
    alignment_weight : float
        The share the ``ratio`` rows counted, for the legend.
    """
    names = {"ratio_alone": "Turkey alone", "ratio": f"Turkey with {alignment_weight:.0%} of Azerbaijan"}
    ratios = series[series["series"].isin(list(names))]
    ratios = ratios[np.isfinite(ratios["value"]) & (ratios["value"] > 0)].assign(reading=lambda f: f["series"].map(names))
    russia = series[series["series"] == "ru"].sort_values("date")
    absent = _runs(russia["date"], russia["value"] <= 0).assign(label="no Russian force counted")
    shade = alt.Chart(absent).mark_rect(color=FAINT, opacity=0.35).encode(
        x="from:T", x2="to:T", tooltip=[alt.Tooltip("label:N", title="Weeks"), alt.Tooltip("from:T", title="From"),
                                        alt.Tooltip("to:T", title="To")],
    )
    lines = alt.Chart(ratios).mark_line(interpolate="step-after", strokeWidth=2.5).encode(
        x=YEARS,
        y=alt.Y("value:Q", title="Counter-balance ratio R (log scale)", scale=alt.Scale(type="log"), axis=alt.Axis(format="~g")),
        color=alt.Color("reading:N", title=None, scale=alt.Scale(domain=list(names.values()), range=[MUTED, ACCENT]),
                        legend=alt.Legend(labelLimit=400, columns=1)),
        tooltip=[alt.Tooltip("date:T", title="Week of"), alt.Tooltip("reading:N", title="Reading"),
                 alt.Tooltip("value:Q", title="R", format=".3~g")],
    )
    parity = alt.Chart(pd.DataFrame({"value": [1.0], "label": ["parity"]})).mark_rule(strokeDash=[4, 4], color=INK).encode(
        y="value:Q", tooltip=[alt.Tooltip("label:N", title="Line")],
    )
    return alt.layer(shade, parity, lines).properties(title=title, description=description, width=WIDTH, height=240)


NOT_STATED = "no figure stated"


def _not_stated_spans(levels: pd.DataFrame) -> pd.DataFrame:
    """The spans in which a state had a deployment of a capability present but no figure for it.

    Consecutive such weeks are merged; each span runs to the next date of the frame after
    its last week. One row per state, capability and span.
    """
    dates = sorted(levels["date"].unique())
    following = dict(zip(dates, dates[1:] + dates[-1:]))
    blank = levels[levels["count"].isna()].assign(until=lambda f: f["date"].map(following))
    # a new span starts where the previous blank week of the same state and capability does not end on this one
    previous = blank.groupby(["bloc", "capability"])["until"].shift()
    blank = blank.assign(span=(previous != blank["date"]).cumsum())
    spans = blank.groupby("span").agg(date=("date", "first"), until=("until", "last"), bloc_name=("bloc_name", "first"),
                                      capability=("capability", "first"), rows_unknown=("rows_unknown", "max"),
                                      sources=("sources", "first") if "sources" in blank else ("bloc", "first"))
    return spans.reset_index(drop=True).assign(note=NOT_STATED, state_text=lambda f: f["bloc_name"] + ": " + NOT_STATED)


def _changes(levels: pd.DataFrame) -> pd.DataFrame:
    """The rows of a step series where something changes, and the last of each run: the same steps, drawn from far fewer rows."""
    keys = [c for c in ("count", "count_low", "count_high", "rows_unknown", "sources", "grades") if c in levels]
    group = levels.groupby("run")
    before = group[keys].shift()
    # two missing values are the same (an "at least" figure has no high end all along its run)
    same = (levels[keys] == before).fillna(False).astype(bool) | (levels[keys].isna() & before.isna())
    changed = ~same.all(axis=1)
    last = levels.index.isin(group.tail(1).index)
    return levels[changed | last]


def force_level_chart(levels: pd.DataFrame, title: str, description: str) -> alt.FacetChart:
    """Force levels per capability over time as steps with their bands, one panel per capability.

    A week in which a state had forces of a capability present but no source gave their
    number is shaded and reads "no figure stated": it is never drawn as 0, and the step line
    breaks there instead of bridging the gap. Each panel's scale is symmetric-logarithmic
    (linear below 10, logarithmic above), from 0 to the power of ten above its highest figure,
    ticked at 0 and the powers of ten, so that no mark stands above the top tick.

    Parameters
    ----------
    levels : pandas.DataFrame
        As :func:`counterbalance.models.timeline.force_levels` returns (``count`` NaN where
        no figure is stated), with ``bloc`` = country id.
    """
    levels = with_bloc_names(levels.rename(columns={"country_id": "bloc"})).sort_values(["bloc", "capability", "date"])
    stated = levels["count"].notna()
    # a run of consecutive stated weeks is one line: a gap of "not stated" breaks it
    breaks = (stated != stated.groupby([levels["bloc"], levels["capability"]]).shift(fill_value=False)).cumsum()
    levels = levels.assign(run=levels["bloc"] + "-" + breaks.astype(str),
                           band_high=levels["count_high"].fillna(levels["count"]))  # "at least": the band stops at the figure
    levels["capability"] = levels["capability"].str.replace("_", " ").str.capitalize()
    blank = _not_stated_spans(levels)
    # each panel's scale runs from 0 to the power of ten above its highest figure, so that every
    # mark sits under the top tick: an invisible mark at that ceiling sets each panel's domain
    highest = levels[stated].assign(top=levels[["count", "count_high"]].max(axis=1)).groupby("capability")["top"].max()
    ceilings = pd.DataFrame({"capability": highest.index, "count": [10.0 ** max(1, int(np.ceil(np.log10(max(v, 1.0))))) for v in highest],
                             "date": levels["date"].min(), "bloc": "", "run": "ceiling"})
    # one frame for the facet: the stated weeks draw the steps and bands, the blank ones the shading
    frame = pd.concat([_changes(levels[stated]).assign(layer="stated"), blank.assign(layer="blank"), ceilings.assign(layer="ceiling")],
                      ignore_index=True)
    colour = alt.Color("bloc_name:N", title="State", scale=bloc_scale(levels["bloc_name"]), legend=alt.Legend(symbolOpacity=1))
    unknown = alt.Chart().transform_filter("datum.layer == 'blank'").mark_rect(opacity=0.45, aria=False).encode(
        x=YEARS, x2="until:T",
        fill=alt.Fill("note:N", title=None, scale=alt.Scale(domain=[NOT_STATED], range=[FAINT])),
        tooltip=[alt.Tooltip("state_text:N", title="Week"), alt.Tooltip("date:T", title="Week of"),
                 alt.Tooltip("rows_unknown:Q", title="Deployments without a figure"), alt.Tooltip("sources:N", title="Sources")],
    )
    stated_only = alt.Chart().transform_filter("datum.layer == 'stated'").encode(x=YEARS, color=colour, detail="run:N")
    band = stated_only.mark_area(interpolate="step-after", opacity=0.18).encode(y="count_low:Q", y2="band_high:Q")
    steps = stated_only.mark_line(interpolate="step-after", strokeWidth=2.5).encode(
        y=alt.Y("count:Q", title="Stated figure", scale=alt.Scale(type="symlog", constant=10, domainMin=0, nice=False),
                axis=alt.Axis(format=",~r", values=[0, *(10**k for k in range(1, 8))])),
        tooltip=[alt.Tooltip("date:T", title="Week of"), alt.Tooltip("bloc_name:N", title="State"),
                 alt.Tooltip("capability:N", title="Capability"), alt.Tooltip("count:Q", title="Figure", format=",.0f"),
                 alt.Tooltip("count_low:Q", title="Low", format=",.0f"), alt.Tooltip("count_high:Q", title="High", format=",.0f"),
                 alt.Tooltip("rows_unknown:Q", title="Deployments without a figure"),
                 alt.Tooltip("sources:N", title="Sources"), alt.Tooltip("grades:N", title="Grades")],
    )
    ceiling = alt.Chart().transform_filter("datum.layer == 'ceiling'").mark_point(opacity=0, aria=False).encode(x=YEARS, y="count:Q")
    panels = alt.layer(unknown, band, steps, ceiling, data=frame)
    return panels.properties(width=WIDTH, height=110).facet(
        row=alt.Row("capability:N", title=None, header=alt.Header(labelAngle=0, labelOrient="top", labelAnchor="start",
                                                                   labelFontWeight="bold", labelFontSize=13)),
    ).resolve_scale(y="independent").properties(title=title, description=description)


#: The events chart's lanes, top to bottom: the states, then events of several states or of none.
LANES = ("Russia", "Turkey", "Azerbaijan", "Armenia", "several states", "no state recorded")
LANE_COLOURS = {**BLOC_COLOURS, "several states": OKABE_ITO["sky_blue"], "no state recorded": "#8c8c8c"}
#: The narrowest plot the chart is drawn at (a phone's column), in pixels: marks and labels are laid out for it.
PHONE_PLOT = 300
SLOT = 12  # pixels between the rows of one lane's dots
DOT_GAP = 11  # pixels of a phone's plot that two dots in one row of a lane keep between their centres


def _phase_rows(phases: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Where each phase's name goes: at its start, leftwards from its end where it would run past the
    plot, in the first of three rows where it meets no other name at a phone's width."""
    span = max((end - start) / pd.Timedelta(days=1), 1.0)
    left = (phases["from"] - start) / pd.Timedelta(days=1) / span * PHONE_PLOT
    right = (phases["to"] - start) / pd.Timedelta(days=1) / span * PHONE_PLOT
    width = phases["phase"].str.len() * 7.0 + 6
    leftwards = left + width > PHONE_PLOT
    lo = left.where(~leftwards, right - width)
    taken: list[list[tuple[float, float]]] = [[], [], []]
    rows = []
    for a, b in zip(lo, lo + width):
        row = next((i for i, used in enumerate(taken) if all(b < u0 or a > u1 for u0, u1 in used)), len(rows) % 3)
        taken[row].append((a, b))
        rows.append(row)
    return phases.assign(at=phases["from"].where(~leftwards, phases["to"]), align=leftwards.map({True: "right", False: "left"}),
                         row=rows)


def _dodge(frame: pd.DataFrame, gap: pd.Timedelta) -> list[int]:
    """A row in its lane for each event (in the frame's order, by date): the first row whose last
    event ends at least `gap` before this one begins, so that no two marks of a lane meet."""
    ends: list[pd.Timestamp] = []
    rows = []
    for begin, finish in zip(frame["from"], frame["to"]):
        row = next((i for i, last in enumerate(ends) if begin - last >= gap), len(ends))
        if row == len(ends):
            ends.append(begin)
        ends[row] = max(finish, begin)
        rows.append(row)
    return rows


def events_chart(events: pd.DataFrame, phases: pd.DataFrame, title: str, description: str) -> alt.LayerChart:
    """Every event of the arc on one time line, in a lane for the state whose act it was, over the arc's phases.

    A lane per state (and one for events of several states, one for those with no state
    recorded), each headed by its name and count and coloured as the state is everywhere in the
    book. In a lane, an event is a dot on its likeliest day and a bar over every day its date may
    be; events close in time take the next row of the lane, so no two marks meet at a phone's
    width and no label sits on a mark (the titles are in the tooltips and the table beside the
    chart). The phases (see :func:`counterbalance.models.arc.arc_phases`) shade the lanes and are
    named above them, each name over a bracket spanning its phase. The dates are on the axis under
    the lanes.

    Parameters
    ----------
    events : pandas.DataFrame
        ``title``, ``kind``, ``from``, ``to``, ``mid``, ``dates``, ``precision``, ``outlet``,
        ``grade``, ``states``, ``actor`` (as :func:`counterbalance.models.presence.event_states` adds).
    phases : pandas.DataFrame
        ``phase``, ``from``, ``to``, ``order``.
    """
    start, end = events["from"].min(), events["to"].max()
    days = max((end - start) / pd.Timedelta(days=1), 1.0)
    gap = pd.Timedelta(days=days * DOT_GAP / PHONE_PLOT)
    top = 3 * LINE_HEIGHT + 12  # the phases' names and brackets
    parts, heads, y = [], [], top
    for lane in [name for name in LANES if (events["actor"] == name).any()]:
        rows = events[events["actor"] == lane].sort_values(["from", "mid", "event_id"], kind="stable")
        slots = _dodge(rows, gap)
        heads.append({"lane": lane, "text": f"{lane[0].upper()}{lane[1:]}: {len(rows)} event{'s' * (len(rows) != 1)}",
                      "head_y": y + LINE_HEIGHT / 2})
        parts.append(rows.assign(bar_y=[y + LINE_HEIGHT + 6 + SLOT * k for k in slots]))
        y += LINE_HEIGHT + 6 + SLOT * (max(slots) + 1) + 10
    rows, heads, height = pd.concat(parts, ignore_index=True), pd.DataFrame(heads), y - 10
    y_scale = alt.Scale(domain=[0, height], range=[0, height], nice=False, zero=False)
    pad = pd.Timedelta(days=days * 6 / PHONE_PLOT)  # half a dot: a dot on the first or last day stays inside the plot
    x = alt.X("from:T", title=None, scale=alt.Scale(domain=[(start - pad).isoformat(), (end + pad).isoformat()]),
              axis=alt.Axis(format="%Y", tickCount="year", orient="bottom", grid=False, labelOverlap=True, domainColor=FAINT))
    lanes = alt.Scale(domain=list(LANE_COLOURS), range=list(LANE_COLOURS.values()))
    colour = alt.Color("actor:N", legend=None, scale=lanes)
    tooltip = [alt.Tooltip("title:N", title="Event"), alt.Tooltip("dates:N", title="When (as recorded)"),
               alt.Tooltip("precision:N", title="Date known to the"), alt.Tooltip("states:N", title="Whose act"),
               alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("outlet:N", title="Source"), alt.Tooltip("grade:N", title="Grade")]
    named = _phase_rows(phases, start, end).assign(name_y=lambda f: f["row"] * LINE_HEIGHT, rule_y=lambda f: f["row"] * LINE_HEIGHT + 13,
                                                   top=top, bottom=height, shade=phases["order"] % 2)
    shading = alt.Chart(named).mark_rect(color=FAINT).encode(
        x=x, x2="to:T", y=alt.Y("top:Q", axis=None, scale=y_scale), y2="bottom:Q",
        opacity=alt.Opacity("shade:Q", legend=None, scale=alt.Scale(domain=[0, 1], range=[0.06, 0.18])),
        tooltip=[alt.Tooltip("phase:N", title="Phase")],
    )
    brackets = alt.Chart(named).mark_rule(color=MUTED, strokeWidth=2).encode(x="from:T", x2="to:T", y=alt.Y("rule_y:Q", scale=y_scale))
    names = [alt.Chart(named[named["align"] == side]).mark_text(align=side, baseline="top", fontWeight="bold", fontSize=12,
                                                                color=INK).encode(
        x=alt.X("at:T"), y=alt.Y("name_y:Q", scale=y_scale), text="phase:N") for side in ("left", "right") if (named["align"] == side).any()]
    spans = alt.Chart(rows).mark_rule(strokeWidth=3, opacity=0.5).encode(x=x, x2="to:T", y=alt.Y("bar_y:Q", scale=y_scale),
                                                                        color=colour, tooltip=tooltip)
    dots = alt.Chart(rows).mark_circle(size=55, opacity=1, stroke=HALO, strokeWidth=0.8).encode(
        x="mid:T", y=alt.Y("bar_y:Q", scale=y_scale), color=colour, tooltip=tooltip)
    keys = alt.Chart(heads).mark_circle(size=70, opacity=1).encode(x=alt.value(5), y=alt.Y("head_y:Q", scale=y_scale), color=alt.Color("lane:N", legend=None, scale=lanes))
    lane_names = alt.Chart(heads).mark_text(align="left", baseline="middle", fontSize=12, fontWeight="bold", color=INK, dx=0).encode(
        x=alt.value(14), y=alt.Y("head_y:Q", scale=y_scale), text="text:N")
    return alt.layer(shading, brackets, *names, spans, dots, keys, lane_names).properties(
        title=title, description=description, width=WIDTH, height=height)
