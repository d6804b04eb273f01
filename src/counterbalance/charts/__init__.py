"""Every chart of the book: one function each, a tidy frame in, an ``alt.Chart`` out.

Chart functions do no modelling and no loading: frames arrive tidy from the models. Each
sets a ``description`` (rendered as the chart's accessible name) and tooltips that name the
outlet and the Admiralty grade of what is drawn, and names the data tables it draws, for the
source line under it (:func:`counterbalance.charts.theme.sourced`; the tables of each chart are
listed here, in one place). One theme for the whole book (:mod:`counterbalance.charts.theme`);
the charts by subject: :mod:`~counterbalance.charts.actors`, :mod:`~counterbalance.charts.time`,
:mod:`~counterbalance.charts.models` and :mod:`~counterbalance.charts.scoring`.
"""

from __future__ import annotations

import functools

from . import actors, commitment, models, network, scoring, time
from .theme import BLOC_COLOURS, SIGN_COLOURS, sourced

__all__ = [
    "BLOC_COLOURS", "SIGN_COLOURS", "network_chart", "signed_states_chart", "power_chart", "ratio_chart", "command_chart", "lineage_chart",
    "force_level_chart", "events_chart", "map_chart", "sweep_chart", "scenario_heatmap", "scenario_lines", "distribution_chart",
    "sobol_chart", "calibration_chart", "commitment_chart",
]

THEATRE = ("deployments", "actors", "places")
MODEL = "the weights' plausible ranges and the sampled worlds of the Methods chapter"


def _drawing(function, *tables: str, extra: str = ""):
    """`function`, its chart naming `tables` (and `extra`, a source from outside them) for its source line."""
    @functools.wraps(function)
    def chart(*args, **kwargs):
        return sourced(function(*args, **kwargs), *tables, extra=extra)
    return chart


network_chart = _drawing(network.network_chart, "relations", "actors")
signed_states_chart = _drawing(network.signed_states_chart, "relations", "actors")
power_chart = _drawing(time.power_chart, *THEATRE)
ratio_chart = _drawing(time.ratio_chart, *THEATRE)
force_level_chart = _drawing(time.force_level_chart, "deployments", "actors")
events_chart = _drawing(time.events_chart, "events", "event_participants")
command_chart = _drawing(actors.command_chart, "relations", "actors")
lineage_chart = _drawing(actors.lineage_chart, "unit_history", "actors", "places")
map_chart = actors.map_chart  # names its own tables, the outlines' source and what it cannot show
sweep_chart = _drawing(models.sweep_chart, extra="the key figures of this sweep's runs")
scenario_heatmap = _drawing(models.scenario_heatmap, *THEATRE, extra=MODEL)
scenario_lines = _drawing(models.scenario_lines, *THEATRE, extra=MODEL)
distribution_chart = _drawing(models.distribution_chart, *THEATRE, "relations", extra=MODEL)
sobol_chart = _drawing(models.sobol_chart, *THEATRE, "relations", extra=MODEL)
calibration_chart = _drawing(scoring.calibration_chart, "judgements", "outcomes")
commitment_chart = _drawing(commitment.commitment_chart, "events", "event_codes", "cameo_codes")
