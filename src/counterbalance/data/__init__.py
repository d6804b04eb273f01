"""The data layer: the schema checker, this data's rules, imprecise dates, grades and the loader."""

from .dates import ImpreciseDate, describe_date, parse_date, short_date
from .descriptor import read_descriptor
from .grading import filter_by_grade, parse_grade
from .load import DataValidationError, claim_tables, data_hash, load_boundaries, load_tables, table_names, validate_package
from .schema import Problem, Table

__all__ = [
    "ImpreciseDate", "describe_date", "parse_date", "short_date", "filter_by_grade", "parse_grade", "DataValidationError",
    "claim_tables", "data_hash", "load_boundaries", "load_tables", "table_names", "validate_package", "Problem", "Table",
    "read_descriptor",
]
