"""Every chart of the book: one function each, a tidy frame in, an ``alt.Chart`` out.

Chart functions do no modelling and no loading: frames arrive tidy from the models. Each
sets a ``description`` (rendered as the chart's accessible name) and tooltips that name the
outlet and the Admiralty grade of what is drawn. One theme for the whole book
(:mod:`counterbalance.charts.theme`); the charts by subject: :mod:`~counterbalance.charts.actors`,
:mod:`~counterbalance.charts.time`, :mod:`~counterbalance.charts.models` and
:mod:`~counterbalance.charts.scoring`.
"""

from __future__ import annotations

from .actors import command_chart, lineage_chart, map_chart
from .network import network_chart, signed_states_chart
from .models import distribution_chart, scenario_heatmap, scenario_lines, sweep_chart, sobol_chart
from .scoring import calibration_chart
from .theme import BLOC_COLOURS, SIGN_COLOURS
from .time import events_chart, force_level_chart, power_chart, ratio_chart

__all__ = [
    "BLOC_COLOURS", "SIGN_COLOURS", "network_chart", "signed_states_chart", "power_chart", "ratio_chart", "command_chart", "lineage_chart",
    "force_level_chart", "events_chart", "map_chart", "sweep_chart", "scenario_heatmap", "scenario_lines", "distribution_chart",
    "sobol_chart", "calibration_chart",
]
