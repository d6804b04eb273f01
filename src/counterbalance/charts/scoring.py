"""The calibration chart: the 2020 judgements' stated probabilities against what came about."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import HALO, INK, JUDGE_NAMES, MUTED, OUTCOME_COLOURS, WIDTH

__all__ = ["calibration_chart"]


def calibration_chart(calibration: pd.DataFrame, scores: pd.DataFrame, title: str, description: str) -> alt.VConcatChart:
    """Stated probability against how often it came about, with each judgement marked beneath.

    Above, each probability stated is a point at the share of its judgements that came about,
    sized by how many it holds, against the diagonal of perfect calibration. Below, each judgement is a mark at the probability it was scored
    at, coloured by its outcome and shaped by who made it; marks at about the same
    probability are spread vertically in a fixed order, so the chart is the same every run.

    Parameters
    ----------
    calibration : pandas.DataFrame
        As :func:`counterbalance.models.calibration.calibration_frame` returns.
    scores : pandas.DataFrame
        As :func:`counterbalance.models.scoring.brier_scores` returns.
    """
    unit = alt.Scale(domain=[0, 1])
    percent = alt.Axis(format="%")
    # the diagonal from (0, 0) to (1, 1), drawn once from the bins' data aggregated to one row
    diagonal = alt.Chart().transform_aggregate(bins="count()").transform_calculate(line="'perfect calibration'").mark_rule(
        color=MUTED, strokeDash=[4, 4],
    ).encode(x=alt.datum(0), y=alt.datum(0), x2=alt.datum(1), y2=alt.datum(1), tooltip=[alt.Tooltip("line:N", title="Line")])
    bins = alt.Chart().mark_circle(color=INK, opacity=0.85, stroke=HALO, strokeWidth=1).encode(
        x=alt.X("probability:Q", title="Stated probability", scale=unit, axis=percent),
        y=alt.Y("observed_frequency:Q", title="Share that came about", scale=unit, axis=percent),
        size=alt.Size("count:Q", title="Judgements", scale=alt.Scale(range=[60, 600], zero=True),
                      legend=alt.Legend(orient="top-left", values=sorted({int(c) for c in calibration["count"]}))),
        tooltip=[alt.Tooltip("probability:Q", title="Stated probability", format=".1%"),
                 alt.Tooltip("observed_frequency:Q", title="Share that came about", format=".0%"),
                 alt.Tooltip("count:Q", title="Judgements")],
    )
    reliability = alt.layer(diagonal, bins, data=calibration).properties(width=WIDTH, height=300)
    # judgements within a percentage point of each other share a column and are spread over its height
    column = scores["probability"].round(2)
    order = scores.assign(column=column).sort_values(["column", "by", "judgement_id"]).groupby("column").cumcount()
    marks = scores.assign(
        judge=scores["by"].map(JUDGE_NAMES).fillna(scores["by"]),
        outcome_name=scores["outcome"].str.replace("_", " "),
        words=scores["stated_likelihood"].fillna("(no hedge)"),
        resolved=scores["resolved_on"].fillna("not resolved"),
        brier_text=scores["brier"].map(lambda b: "not scored" if pd.isna(b) else f"{b:.3f}"),
        jitter=(order + 1) / (column.map(column.value_counts()) + 1),
    )[["judgement_id", "by", "judge", "statement", "words", "word", "probability", "outcome_name", "resolved", "brier_text", "jitter"]]
    outcomes = [o for o in OUTCOME_COLOURS if o in set(marks["outcome_name"])]  # a legend names only what is drawn
    judges = [j for j in JUDGE_NAMES.values() if j in set(marks["judge"])]
    judgements = alt.Chart(marks).mark_point(filled=True, size=50, opacity=0.9).encode(
        x=alt.X("probability:Q", title="Stated probability of each judgement", scale=unit, axis=percent),
        y=alt.Y("jitter:Q", scale=unit, axis=alt.Axis(title="Judgements", labels=False, ticks=False, domain=False, grid=False)),
        color=alt.Color("outcome_name:N", title="Outcome",
                        scale=alt.Scale(domain=outcomes, range=[OUTCOME_COLOURS[o] for o in outcomes])),
        shape=alt.Shape("judge:N", title="Judged by", scale=alt.Scale(domain=judges, range=["circle", "diamond"][:len(judges)])),
        tooltip=[alt.Tooltip("statement:N", title="Judgement"), alt.Tooltip("judgement_id:N", title="Row"),
                 alt.Tooltip("judge:N", title="Judged by"), alt.Tooltip("words:N", title="Words"),
                 alt.Tooltip("word:N", title="Read as"), alt.Tooltip("probability:Q", title="Probability", format=".1%"),
                 alt.Tooltip("outcome_name:N", title="Outcome"), alt.Tooltip("resolved:N", title="Resolved"),
                 alt.Tooltip("brier_text:N", title="Brier score")],
    ).properties(width=WIDTH, height=80)
    return alt.vconcat(reliability, judgements, spacing=16).resolve_scale(color="independent", size="independent").properties(
        title=title, description=description,
    )
