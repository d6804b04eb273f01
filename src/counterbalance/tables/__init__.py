"""Every table of the book: one function each, a model's frame in, a reader's table out.

A reader's table names things (states, capabilities, assumptions) as the prose does, rounds
as the figure deserves, and is indexed by what a row is about, never by a row number. Tables
do no modelling: the models compute, this package only presents: :mod:`.frames` shows a
table, :mod:`.network`, :mod:`.models`, :mod:`.scoring` and :mod:`.vintage` make the tables of their chapters.
"""

from __future__ import annotations

from .frames import cell_text, show
from .models import break_even_table, events_table, figure_table, judgement_table, power_table, range_scale_table, sobol_table
from .scoring import criterion_cards, decomposition_table, score_table, skill_table
from .vintage import hindsight_table, vintage_figure_table
from .network import (STANDING, broker_table, commitment_table, disagreement_table, pair_table, triad_share_table,
                      triad_table)

__all__ = [
    "STANDING", "pair_table", "triad_table", "broker_table", "power_table", "judgement_table", "range_scale_table", "sobol_table",
    "break_even_table", "figure_table", "triad_share_table", "score_table", "events_table", "show", "cell_text", "commitment_table",
    "disagreement_table", "vintage_figure_table", "hindsight_table", "criterion_cards", "skill_table", "decomposition_table",
]
