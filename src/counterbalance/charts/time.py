"""Charts over time: theatre power and the counter-balance ratio week by week, force levels, events."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .theme import ACCENT, FAINT, INK, MUTED, WIDTH, bloc_scale, with_bloc_names

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


def force_level_chart(levels: pd.DataFrame, title: str, description: str) -> alt.FacetChart:
    """Force levels per capability over time as steps, one panel per capability.

    Parameters
    ----------
    levels : pandas.DataFrame
        As :func:`counterbalance.models.timeline.force_levels` returns, with ``bloc`` = country id.
    """
    levels = with_bloc_names(levels.rename(columns={"country_id": "bloc"}))
    # an open-ended figure ("at least") has no upper bound to shade: its band stops at the figure
    levels = levels.assign(band_high=levels["count_high"].fillna(levels["count"]))
    base = alt.Chart(levels).encode(
        x=YEARS,
        color=alt.Color("bloc_name:N", title="State", scale=bloc_scale()),
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
