"""The chart of commitment: net cooperation and conflict between pairs of states, quarter by quarter."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..models.commitment import TIE_WORDS
from .theme import INK, MUTED, SIGN_COLOURS, WIDTH

__all__ = ["commitment_chart"]

TIE_COLOURS = {"cooperative": SIGN_COLOURS["cooperative"], "antagonistic": SIGN_COLOURS["antagonistic"], "undecided": MUTED}


def commitment_chart(scores: pd.DataFrame, states: dict[str, str], title: str, description: str) -> alt.FacetChart:
    """Each pair's score per quarter as a dot, its bootstrap interval as a bar, a panel per pair.

    Parameters
    ----------
    scores : pandas.DataFrame
        As :func:`counterbalance.models.commitment.quarterly_commitment` returns it (the pairs
        to draw).
    states : dict of str to str
        State names by id, for the panels' titles.
    title, description : str
        The chart's title and its accessible description.
    """
    frame = scores.assign(
        pair=[f"{states.get(a, a)} and {states.get(b, b)}" for a, b in zip(scores["a"], scores["b"])],
        tie=scores["sign"].astype(int).map(TIE_WORDS),
        start=scores["quarter_start"].dt.strftime("%Y-%m-%d"),
    )[["pair", "quarter", "start", "score", "low", "high", "events", "tie"]]
    x = alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True))
    tooltip = [alt.Tooltip("pair:N", title="Pair"), alt.Tooltip("quarter:N", title="Quarter"),
               alt.Tooltip("score:Q", title="Net cooperation (mean Goldstein weight)", format="+.1f"),
               alt.Tooltip("low:Q", title="90 % interval from", format="+.1f"), alt.Tooltip("high:Q", title="to", format="+.1f"),
               alt.Tooltip("events:Q", title="Events"), alt.Tooltip("tie:N", title="Tie")]
    colour = alt.Color("tie:N", title="Tie that quarter",
                       scale=alt.Scale(domain=list(TIE_COLOURS), range=list(TIE_COLOURS.values())))
    intervals = alt.Chart().mark_rule(strokeWidth=2).encode(x=x, y=alt.Y("low:Q"), y2="high:Q", color=colour, tooltip=tooltip)
    dots = alt.Chart().mark_point(filled=True, size=60, stroke="white", strokeWidth=0.5).encode(
        x=x, y=alt.Y("score:Q", title=None, scale=alt.Scale(domain=[-10, 10])), color=colour, tooltip=tooltip,
        shape=alt.Shape("tie:N", title="Tie that quarter", scale=alt.Scale(domain=list(TIE_COLOURS), range=["circle", "square", "triangle"])),
    )
    zero = alt.Chart().mark_rule(color=INK, strokeDash=[4, 4], aria=False).encode(y=alt.datum(0))  # decoration: the text says 0
    return alt.layer(zero, intervals, dots, data=frame).properties(width=WIDTH, height=110).facet(
        row=alt.Row("pair:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start",
                                                             labelOrient="top", labelFontWeight="bold", labelFontSize=12)),
        spacing=14,
    ).properties(title=alt.TitleParams(title, subtitle="Mean Goldstein weight, −10 to +10, with 90 % intervals"),
                 description=description)
