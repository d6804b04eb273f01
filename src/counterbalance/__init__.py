"""Counterbalance: models behind the report on the Turkish-Russian arrangement in Karabakh.

Notebooks import from here only: ``import counterbalance as cb``, then ``cb.load_tables``,
``cb.theatre_power``, ``cb.network_chart``. The layers behind these names:

* :mod:`counterbalance.data`: the schema checker, the data's rules, dates, grades, the loader;
* :mod:`counterbalance.models`: network, power, timeline, lineage, scenarios, uncertainty;
* :mod:`counterbalance.charts` and :mod:`counterbalance.tables`: one function per chart, per table;
* :mod:`counterbalance.pipeline`: notebooks, runs, the book build, publishing, the CLI;
* :mod:`counterbalance.bookext`: the Sphinx extension;
* :mod:`counterbalance.assumptions` and :mod:`counterbalance.paths`: every default and every name.

Names load on first use, so a command that needs none of them (``counterbalance deps``)
starts without importing pandas, networkx or Altair.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: Each public name and the module that defines it.
_PUBLIC = {
    "assumptions": ("ARTICLE_KNOWN_ON", "END_OF_DATA", "weight_of"),
    "data": ("DataValidationError", "data_hash", "describe_date", "filter_by_grade", "load_boundaries", "load_tables",
             "parse_date", "table_names", "validate_package"),
    "models.network": ("balance_index", "build_balance_graph", "pair_sign", "signed_triads", "state_layers", "triad_status"),
    "models.brokerage": ("brokerage", "layout_frames", "most_central"),
    "models.arc": ("arc_layout", "arc_phases", "arc_steps", "relation_kind", "relations_over_time"),
    "models.power": ("capability_weights", "counter_balance_ratio", "power_by_state", "power_over_time", "ratio_of",
                     "side_ratio", "side_totals", "theatre_power", "theatre_rows"),
    "models.presence": ("event_states", "events_reading", "forces_at_places", "presence_reading"),
    "models.readings": ("arc_reading", "command_reading", "count_words", "share_words", "flip_reading", "judgements_sobol_reading", "lineage_reading",
                        "parity_weight_reading", "probability_reading", "ratio_reading", "sobol_reading"),
    "models.precision": ("figure_in_words", "parity_alignment_range", "ratio_by_alignment", "ratio_range", "round_to_range",
                         "theatre_power_range"),
    "models.timeline": ("active_on", "arc_span", "data_span", "events_frame", "in_force", "places_with_deployments",
                        "week_starts"),
    "models.counts": ("force_levels", "point_counts"),
    "models.lineage": ("chain_of_command", "command_layout", "command_tree", "history_frame"),
    "models.scenarios": ("parity_alignment", "parity_count", "parity_count_range", "parity_weight", "ratio_grid", "theatre_deployments"),
    "models.uncertainty": ("PowerSamples", "assumption_settings", "simulate_power", "simulate_triad", "triad_shares", "world_power"),
    "models.commitment": ("coded_interactions", "commitment_layers", "commitment_tie", "quarterly_commitment"),
    "models.agreement": ("agreement_reading", "coding_agreement", "coding_disagreements", "coding_units"),
    "models.headlines": ("KEY_JUDGEMENTS", "key_judgement_probabilities", "probabilities_across_ranges", "rests_on"),
    "models.robustness": ("break_even", "judgement_summary", "leave_one_out", "leave_one_source_out"),
    "models.sensitivity": ("sobol_indices",),
    "models.hindsight": ("figure_changes", "hindsight_reading"),
    "models.keyfigures": ("KEY_FIGURES", "key_figures", "key_figures_on", "stated"),
    "models.judgements": ("confidence_level", "hedge_probability", "likelihood_word", "outcome_value"),
    "models.scoring": ("BASELINES", "brier_score", "brier_scores", "interval_text", "log_score", "skill_reading", "skill_scores"),
    "models.calibration": ("brier_decomposition", "calibration_frame"),
    "models.outcoding": ("outcome_agreement",),
    "models.forecasts": ("MODEL_MEASURES", "model_forecasts", "model_scores"),
    "charts": ("calibration_chart", "command_chart", "commitment_chart", "distribution_chart", "events_chart", "force_level_chart", "lineage_chart",
               "map_chart", "network_chart", "power_chart", "ratio_chart", "scenario_heatmap", "scenario_lines", "signed_states_chart",
               "sobol_chart", "sweep_chart"),
    "tables": ("break_even_table", "broker_table", "commitment_table", "disagreement_table", "events_table", "figure_table", "judgement_table",
               "pair_table", "power_table", "range_scale_table", "score_table", "show", "sobol_table", "triad_share_table", "triad_table", "vintage_figure_table", "hindsight_table",
               "criterion_cards", "skill_table", "decomposition_table"),
    "pipeline.render": ("enable_book_renderer",),
    "pipeline.params": ("check_parameters", "weights_from_parameters"),
}
_WHERE = {name: module for module, names in _PUBLIC.items() for name in names}

__all__ = sorted(_WHERE) + ["__version__"]


def __getattr__(name: str):
    """Import a public name's module on first use (PEP 562)."""
    if name not in _WHERE:
        raise AttributeError(f"module 'counterbalance' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
