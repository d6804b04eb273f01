"""The book's one look: every colour of its charts, the Altair theme, and the state colour scale."""

from __future__ import annotations

import altair as alt
import pandas as pd

__all__ = ["OKABE_ITO", "BLOC_NAMES", "BLOC_COLOURS", "SIGN_COLOURS", "OUTCOME_COLOURS", "JUDGE_NAMES", "WIDTH", "counterbalance_theme", "sourced",
           "bloc_scale", "with_bloc_names"]

BLOC_NAMES = {"tr": "Turkey", "az": "Azerbaijan", "ru": "Russia", "am": "Armenia", "none": "No state"}
#: Okabe and Ito's colour-blind-safe set (Okabe, M. and Ito, K. (2008), "Color Universal Design"):
#: every colour of the book's charts is one of these eight or a neutral grey.
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7"}
#: The states: none of them blue or vermillion, which the ties' signs keep (a tie is never read as a state).
BLOC_COLOURS = {"Turkey": OKABE_ITO["reddish_purple"], "Azerbaijan": OKABE_ITO["bluish_green"], "Russia": OKABE_ITO["black"],
                "Armenia": OKABE_ITO["orange"], "No state": "#8c8c8c"}
#: Ties: blue where they bind, vermillion (read as red) where they oppose, as the chapters say.
SIGN_COLOURS = {"cooperative": OKABE_ITO["blue"], "antagonistic": OKABE_ITO["vermillion"]}
ACCENT = OKABE_ITO["vermillion"]  # the one line a chart is about: the ratio, the point estimate
INK = "#17202a"  # reference lines that must read as black
MUTED = "#566573"  # secondary lines, subtitles
BAR = "#5d6d7e"  # neutral bars
FAINT = "#aab7b8"  # links and outlines
LAND = "#f2f3f4"  # country fill
GRID = "#e5e8e8"
DOMAIN = "#7f8c8d"
HALO = "white"  # marks' outline against their neighbours
DIVERGING_SCHEME = "blueorange"  # diverging and colour-blind safe (no red against green)
#: What became of a judgement: came about as the tie colours do, unresolvable as faint as a link.
OUTCOME_COLOURS = {"happened": SIGN_COLOURS["cooperative"], "partly": MUTED, "did not happen": SIGN_COLOURS["antagonistic"],
                   "not yet resolvable": FAINT, "not scored": FAINT}
JUDGE_NAMES = {"article": "The 2020 article", "model": "The report's 2020 model"}
WIDTH = 540


@alt.theme.register("counterbalance", enable=True)
def counterbalance_theme() -> alt.theme.ThemeConfig:
    """The book's one look: quiet axes, readable type, no chart border."""
    return {
        "config": {
            "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": 320},
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            # legends below the chart, two to a row and never cut: they must fit a phone's column
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "columns": 2, "labelLimit": 0,
                       "symbolLimit": 0, "layout": {"bottom": {"anchor": "start", "direction": "vertical", "margin": 8}}},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": GRID, "domainColor": DOMAIN, "labelLimit": 0},
            "title": {"fontSize": 15, "anchor": "start", "subtitleColor": MUTED, "limit": 0},
            "header": {"labelLimit": 0, "titleLimit": 0},
        }
    }


def bloc_scale(present=None) -> alt.Scale:
    """The state colour scale; with `present` (names), only the states drawn appear in the legend."""
    names = [name for name in BLOC_COLOURS if present is None or name in set(present)]
    return alt.Scale(domain=names, range=[BLOC_COLOURS[name] for name in names])


def with_bloc_names(frame: pd.DataFrame, column: str = "bloc") -> pd.DataFrame:
    return frame.assign(bloc_name=frame[column].map(BLOC_NAMES).fillna(frame[column]))


def sourced(chart, *tables: str, extra: str = "", note: str = ""):
    """`chart` with what its source line says (:func:`counterbalance.pipeline.render.source_line`): the
    data tables it draws, any source from outside them (`extra`), and what it cannot show (`note`).

    Kept in the spec's ``usermeta``, which Vega ignores, so the line travels with the chart to its own page.

    >>> sourced(alt.Chart(pd.DataFrame({"x": [1]})).mark_point(), "events").to_dict()["usermeta"]
    {'counterbalance': {'tables': ['events'], 'extra': '', 'note': ''}}
    """
    return chart.properties(usermeta={"counterbalance": {"tables": list(tables), "extra": extra, "note": note}})
