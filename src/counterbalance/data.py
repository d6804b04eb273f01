"""Load the validated tables as typed pandas frames: the only way the models and notebooks read data.

Each table comes back with identifiers as strings, enumerations as categoricals, numbers as
nullable floats, booleans as booleans, and each imprecise date column ``d`` joined by
``d_earliest``, ``d_latest`` (Timestamps) and ``d_precision``: the vague date kept as the
interval it is.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from .dates import parse_date
from .paths import DATA_DIR, DESCRIPTOR_NAME
from .schema import Problem, is_date_field, read_descriptor, validate_package

__all__ = ["DataValidationError", "load_tables", "load_boundaries", "data_hash", "TABLE_NAMES"]

TABLE_NAMES = (
    "sources", "places", "actors", "systems", "relations",
    "deployments", "events", "event_links", "unit_history", "judgements",
)


class DataValidationError(ValueError):
    """The data breaks its schema; `problems` lists every fault found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _typed_frame(rows: list[dict[str, str]], resource: dict) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[f["name"] for f in resource["schema"]["fields"]], dtype="string")
    for field in resource["schema"]["fields"]:
        name, kind = field["name"], field["type"]
        column = frame[name].mask(frame[name] == "")
        constraints = field.get("constraints", {})
        if kind == "integer":
            frame[name] = pd.array(column.astype("Float64"), dtype="Int64")
        elif kind == "number":
            frame[name] = column.astype("Float64")
        elif kind == "boolean":
            frame[name] = column.map({"true": True, "false": False}).astype("boolean")
        elif "enum" in constraints:
            frame[name] = pd.Categorical(column, categories=constraints["enum"])
        else:
            frame[name] = column
        if is_date_field(field):
            parsed = [parse_date(v) if isinstance(v, str) else None for v in column]
            frame[f"{name}_earliest"] = pd.to_datetime([p.earliest if p else None for p in parsed])
            frame[f"{name}_latest"] = pd.to_datetime([p.latest if p else None for p in parsed])
            frame[f"{name}_precision"] = pd.Categorical([p.precision if p else None for p in parsed])
    return frame


def load_tables(*names: str, data_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Validate the whole package, then return the named tables as typed frames.

    Parameters
    ----------
    *names : str
        Tables to return (see :data:`TABLE_NAMES`); all of them when none is given.
    data_dir : path, optional
        Folder holding ``datapackage.json``; the project's ``data/`` by default.

    Returns
    -------
    dict of str to pandas.DataFrame
        One frame per table, keyed by name, in the order asked for.

    Raises
    ------
    DataValidationError
        If any table breaks the schema or its rules (validation is all or nothing, so a
        model never sees half-valid data).
    KeyError
        If a name is not a table of the package.
    """
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    unknown = [n for n in names if n not in TABLE_NAMES]
    if unknown:
        raise KeyError(f"unknown table {unknown[0]!r}; tables: {', '.join(TABLE_NAMES)}")
    tables = _validated(data_dir)
    resources = {r["name"]: r for r in read_descriptor(data_dir)["resources"]}
    return {name: _typed_frame(tables[name].rows, resources[name]) for name in (names or TABLE_NAMES)}


_last_validated: dict[str, tuple[str, dict]] = {}


def _validated(data_dir: Path) -> dict:
    """The package's tables after validation, which is skipped when these exact bytes passed it already.

    A notebook that loads the tables and then the map outlines validates the data once.
    """
    key, digest = str(Path(data_dir).resolve()), data_hash(data_dir)
    if key in _last_validated and _last_validated[key][0] == digest:
        return _last_validated[key][1]
    problems, tables = validate_package(data_dir)
    if problems:
        raise DataValidationError(problems)
    _last_validated[key] = (digest, tables)
    return tables


def load_boundaries(data_dir: Path | str | None = None) -> dict:
    """Validate the whole package, then return the country outlines as a GeoJSON dict.

    Raises
    ------
    DataValidationError
        As :func:`load_tables`.
    """
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    _validated(data_dir)
    resource = next(r for r in read_descriptor(data_dir)["resources"] if r["name"] == "boundaries")
    return json.loads((data_dir / resource["path"]).read_text(encoding="utf-8"))


def data_hash(data_dir: Path | str | None = None) -> str:
    """SHA-256 over the descriptor and every table's bytes: names the exact data a result used."""
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    digest = hashlib.sha256()
    for path in sorted([data_dir / DESCRIPTOR_NAME, *data_dir.glob("*.csv"), *data_dir.glob("*.geojson")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
