"""Counterbalance: models behind the report on the 2020 Turkish-Russian arrangement in Karabakh.

Notebooks import from here only: ``import counterbalance as cb``.
"""

from . import charts, grading, lineage, network, scenarios, timeline, uncertainty
from .data import DataValidationError, data_hash, load_boundaries, load_tables
from .grading import filter_by_grade, with_grades
from .render import enable_book_renderer

__version__ = "0.1.0"

__all__ = [
    "charts", "grading", "lineage", "network", "scenarios", "timeline", "uncertainty",
    "DataValidationError", "data_hash", "load_boundaries", "load_tables", "filter_by_grade", "with_grades",
    "enable_book_renderer", "__version__",
]
