"""The book's one look: every colour of its charts, the Altair theme, and the state colour scale."""

from __future__ import annotations

import altair as alt
import pandas as pd

__all__ = ["BLOC_NAMES", "BLOC_COLOURS", "SIGN_COLOURS", "OUTCOME_COLOURS", "JUDGE_NAMES", "WIDTH", "counterbalance_theme",
           "bloc_scale", "with_bloc_names"]

BLOC_NAMES = {"tr": "Turkey", "az": "Azerbaijan", "ru": "Russia", "am": "Armenia", "none": "No state"}
BLOC_COLOURS = {"Turkey": "#c0392b", "Azerbaijan": "#16a085", "Russia": "#2c3e80", "Armenia": "#d68910", "No state": "#95a5a6"}
SIGN_COLOURS = {"cooperative": "#2e86c1", "antagonistic": "#c0392b"}
ACCENT = "#c0392b"  # the one line a chart is about: the ratio, the point estimate
INK = "#17202a"  # reference lines that must read as black
MUTED = "#566573"  # secondary lines, subtitles
BAR = "#5d6d7e"  # neutral bars
FAINT = "#aab7b8"  # links and outlines
LAND = "#f2f3f4"  # country fill
GRID = "#e5e8e8"
DOMAIN = "#7f8c8d"
HALO = "white"  # marks' outline against their neighbours
DIVERGING_SCHEME = "redblue"
#: What became of a judgement: came about as the tie colours do, unresolvable as faint as a link.
OUTCOME_COLOURS = {"happened": SIGN_COLOURS["cooperative"], "partly": MUTED, "did not happen": SIGN_COLOURS["antagonistic"],
                   "not yet resolvable": FAINT}
JUDGE_NAMES = {"article": "The 2020 article", "report": "This report"}
WIDTH = 540


@alt.theme.register("counterbalance", enable=True)
def counterbalance_theme() -> alt.theme.ThemeConfig:
    """The book's one look: quiet axes, readable type, no chart border."""
    return {
        "config": {
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 320},
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": GRID, "domainColor": DOMAIN},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "columns": 4},
            "title": {"fontSize": 15, "anchor": "start", "subtitleColor": MUTED},
        }
    }


def bloc_scale(present=None) -> alt.Scale:
    """The state colour scale; with `present` (names), only the states drawn appear in the legend."""
    names = [name for name in BLOC_COLOURS if present is None or name in set(present)]
    return alt.Scale(domain=names, range=[BLOC_COLOURS[name] for name in names])


def with_bloc_names(frame: pd.DataFrame, column: str = "bloc") -> pd.DataFrame:
    return frame.assign(bloc_name=frame[column].map(BLOC_NAMES).fillna(frame[column]))
