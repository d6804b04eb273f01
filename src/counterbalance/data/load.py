"""Validate the data and load it as typed pandas frames: the only way the models and notebooks read it.

Each table comes back with identifiers as strings, enumerations as categoricals, numbers as
nullable floats, booleans as booleans, and each imprecise date column ``d`` joined by
``d_earliest``, ``d_latest`` (Timestamps) and ``d_precision``: the vague date kept as the
interval it is. Which tables exist, and their types, is read from the descriptor.

Every claim row also comes with what it rests on (:func:`counterbalance.data.grading.provenance`):
``source_id`` (its lead source), ``outlet``, ``reliability``, ``grade`` (reliability and
credibility, e.g. ``A1``), ``sources`` (how many sources support it) and ``origins`` (how
many independent adequate ones), ``sourced_from`` and ``sourced_to``: the first and last day on
which the dated sources supporting it were published (the span an author's reading holds for).
``load_tables(known_on=...)`` gives the data as it stood on a day of knowledge
(:mod:`counterbalance.data.vintage`), and each source comes with ``known_from``: the day it
became known by the vintage's rules.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from ..paths import DATA_DIR, DESCRIPTOR_NAME
from .dates import parse_date
from .descriptor import claim_tables, is_date_field, is_tabular, primary_key, read_descriptor, resources
from .evidence import claim_rows
from .grading import provenance
from .rules import check_rules
from .schema import Problem, Table, check_package
from .vintage import END_OF_DATA, as_known_on, source_known_days

__all__ = [
    "DataValidationError", "validate_package", "table_names", "claim_tables", "load_tables", "load_boundaries", "data_hash",
]


class DataValidationError(ValueError):
    """The data breaks its schema; `problems` lists every fault found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def validate_package(data_dir: Path) -> tuple[list[Problem], dict[str, Table]]:
    """Check the package in `data_dir` against its schema and the data's own rules.

    Parameters
    ----------
    data_dir : Path
        Folder holding ``datapackage.json`` and its files.

    Returns
    -------
    problems : list of Problem
        Every problem found, in file and line order; empty when the data is valid.
    tables : dict of str to Table
        The resources that could be read, by name.

    Examples
    --------
    >>> from counterbalance.paths import DATA_DIR
    >>> problems, tables = validate_package(DATA_DIR)
    >>> problems, "actors" in tables
    ([], True)
    """
    problems, tables, descriptor = check_package(Path(data_dir))
    if descriptor is not None:
        problems += check_rules(tables, resources(descriptor))
    return sorted(set(problems)), tables


def table_names(data_dir: Path | str | None = None) -> tuple[str, ...]:
    """The names of the package's tables (its CSV resources), in declared order.

    Parameters
    ----------
    data_dir : path, optional
        Folder holding ``datapackage.json``; the project's ``data/`` by default.

    Returns
    -------
    tuple of str
        The tabular resources' names; GeoJSON resources such as ``boundaries`` are left out.

    Examples
    --------
    >>> names = table_names()
    >>> "actors" in names, "boundaries" in names
    (True, False)
    """
    descriptor = read_descriptor(Path(data_dir) if data_dir else DATA_DIR)
    return tuple(name for name, resource in resources(descriptor).items() if is_tabular(resource))


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


def load_tables(*names: str, data_dir: Path | str | None = None, known_on: str | None = None) -> dict[str, pd.DataFrame]:
    """Validate the whole package, then return the named tables as typed frames.

    Parameters
    ----------
    *names : str
        Tables to return (see :func:`table_names`); all of them when none is given.
    data_dir : path, optional
        Folder holding ``datapackage.json``; the project's ``data/`` by default.
    known_on : str, optional
        An ISO day: the tables as the sources published by then had them
        (:func:`counterbalance.data.vintage.as_known_on`); all the data when None or ``"end"``
        (the end of the data, the notebooks' default).

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
    ValueError
        If `known_on` comes before the first day any source was known.

    Examples
    --------
    >>> tables = load_tables("deployments")
    >>> sorted(tables)
    ['deployments']

    Each imprecise date column comes with its interval and precision:

    >>> [c for c in tables["deployments"].columns if c.startswith("start")]
    ['start', 'start_earliest', 'start_latest', 'start_precision']

    At the end of 2020 no source had yet reported the contingent's departure:

    >>> then = load_tables("deployments", known_on="2020-12-31")["deployments"].set_index("deployment_id")
    >>> pd.isna(then.loc["dep_ru_troops", "end"]), then.loc["dep_ru_troops", "confirmed"]
    (True, '2020-11-14')
    """
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    tables = _validated(data_dir)
    descriptor = read_descriptor(data_dir)
    declared = resources(descriptor)
    known = table_names(data_dir)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise KeyError(f"unknown table {unknown[0]!r}; tables: {', '.join(known)}")
    if known_on not in (None, END_OF_DATA):
        tables = as_known_on(tables, declared, known_on)
    claims = claim_tables(descriptor)
    rests_on = provenance(tables["citations"].rows, tables["sources"].rows, claim_rows(tables, declared)) if claims else {}
    if claims:
        for key, span in _source_spans(tables["citations"].rows, tables["sources"].rows).items():
            rests_on.setdefault(key, {}).update(span)
    outlets = {row["source_id"]: row["outlet"] for row in tables["sources"].rows} if claims else {}
    frames = {}
    for name in names or known:
        frame = _typed_frame(tables[name].rows, declared[name])
        if name in claims:
            frame = _with_provenance(frame, name, primary_key(declared[name])[0], rests_on, outlets)
        if name == "sources":
            known = source_known_days(tables["sources"].rows)
            frame["known_from"] = pd.to_datetime([known.get(source_id) for source_id in frame["source_id"]])
        frames[name] = frame
    return frames


def _source_spans(citations: list[dict], sources: list[dict]) -> dict[tuple[str, str], dict]:
    """Each cited row's first and last day of publication among the dated sources supporting it."""
    published = {}
    for row in sources:
        try:
            published[row["source_id"]] = parse_date(row["date_published"]) if row["date_published"] else None
        except ValueError:
            published[row["source_id"]] = None
    spans: dict[tuple[str, str], dict] = {}
    for citation in citations:
        date = published.get(citation["source_id"])
        if citation["stance"] != "supports" or date is None:
            continue
        span = spans.setdefault((citation["table"], citation["row_id"]), {"sourced_from": date.earliest, "sourced_to": date.latest})
        span["sourced_from"], span["sourced_to"] = min(span["sourced_from"], date.earliest), max(span["sourced_to"], date.latest)
    return spans


def _with_provenance(frame: pd.DataFrame, table: str, key: str, rests_on: dict, outlets: dict[str, str]) -> pd.DataFrame:
    """A claim table with the columns saying what each row rests on (see the module docstring)."""
    found = [rests_on.get((table, row_id), {}) for row_id in frame[key]]
    lead = pd.array([f.get("source_id") for f in found], dtype="string")
    reliability = pd.array([f.get("reliability") for f in found], dtype="string")
    out = frame.assign(
        source_id=lead, outlet=pd.array([outlets.get(s) for s in lead.fillna("")], dtype="string"),
        reliability=reliability, sources=[f.get("sources", 0) for f in found], origins=[f.get("origins", 0) for f in found],
        sourced_from=pd.to_datetime([f.get("sourced_from") for f in found]), sourced_to=pd.to_datetime([f.get("sourced_to") for f in found]),
    )
    if "credibility" in out:
        out["grade"] = out["reliability"] + out["credibility"].astype("string")
    return out


_last_validated: dict[str, tuple[str, dict]] = {}


def _validated(data_dir: Path) -> dict[str, Table]:
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

    Parameters
    ----------
    data_dir : path, optional
        As :func:`load_tables`.

    Returns
    -------
    dict
        The ``boundaries`` resource as parsed JSON: a GeoJSON FeatureCollection, one feature
        per outline.

    Raises
    ------
    DataValidationError
        As :func:`load_tables`.

    Examples
    --------
    >>> load_boundaries()["type"]
    'FeatureCollection'
    """
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    _validated(data_dir)
    resource = resources(read_descriptor(data_dir))["boundaries"]
    return json.loads((data_dir / resource["path"]).read_text(encoding="utf-8"))


def data_hash(data_dir: Path | str | None = None) -> str:
    """SHA-256 over the descriptor and every table's bytes: names the exact data a result used.

    Parameters
    ----------
    data_dir : path, optional
        As :func:`load_tables`.

    Returns
    -------
    str
        The hex digest (64 characters) over the descriptor and every CSV and GeoJSON file
        of the folder, taken in name order; any changed byte changes it.

    Examples
    --------
    >>> len(data_hash())
    64
    """
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    digest = hashlib.sha256()
    for path in sorted([data_dir / DESCRIPTOR_NAME, *data_dir.glob("*.csv"), *data_dir.glob("*.geojson")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
