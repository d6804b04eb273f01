"""Validate the data tables against `datapackage.json` and the rules a schema cannot state.

The descriptor is a Frictionless Data Package (CSV tables, and the map's country outlines as
one GeoJSON resource whose features cite a source); this module implements the part of
Table Schema it uses (types, required, unique, enum, minimum, maximum, pattern, primary and
foreign keys) so that every problem is reported at once, each as
``data/<file>.csv:<line>: <field>: <what is wrong, and what is allowed>``. Line numbers are
the file's own (the header is line 1), so an editor jumps straight to the row.

Rules beyond Table Schema (see :func:`_check_rules`): dates are real and intervals ordered,
start comes before end, figures agree with their qualifier, every source, place and system
is used somewhere, a source does not reach us through itself, an event link names exactly
one participant, a history entry tied to an event carries its dates, the chain of command is
a forest, a country is a state, and URLs are http(s).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .dates import parse_date
from .paths import DESCRIPTOR_NAME

__all__ = ["Problem", "Table", "is_date_field", "is_tabular", "read_descriptor", "validate_package"]

BOOLEAN_VALUES = {"true": True, "false": False}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located to file, line and field."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


@dataclass
class Table:
    """A resource's rows as text, each with the line it came from."""

    name: str
    label: str  # how messages name the file, e.g. data/actors.csv
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]


def read_descriptor(data_dir: Path) -> dict:
    """Read `datapackage.json` from `data_dir`."""
    return json.loads((Path(data_dir) / DESCRIPTOR_NAME).read_text(encoding="utf-8"))


def _label(data_dir: Path, path: str) -> str:
    return f"{Path(data_dir).name}/{path}"


def _read_table(data_dir: Path, resource: dict, problems: list[Problem]) -> Table | None:
    """Decode and parse one CSV, reporting file-level faults; None if unreadable."""
    label = _label(data_dir, resource["path"])
    path = Path(data_dir) / resource["path"]
    declared = [f["name"] for f in resource["schema"]["fields"]]
    if not path.is_file():
        problems.append(Problem(label, 0, "-", f"file is missing; the schema declares it with columns {', '.join(declared)}"))
        return None
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):  # a spreadsheet's UTF-8 byte-order mark is fine
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Problem(label, line, "-", f"not UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8"))
        return None
    if not text.strip():
        problems.append(Problem(label, 1, "-", f"file is empty; it needs a header row: {','.join(declared)}"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, lines = [], []
    try:
        for record in reader:
            if record:
                records.append(record)
                lines.append(reader.line_num)
    except csv.Error as error:
        problems.append(Problem(label, reader.line_num, "-", f"malformed CSV ({error}); quote cells that hold commas, quotes or line breaks"))
        return None
    header = records[0]
    table_ok = True
    for name in sorted(set(declared) - set(header)):
        problems.append(Problem(label, 1, name, "column is missing; the schema declares it"))
        table_ok = False
    for name in header:
        if name not in declared:
            problems.append(Problem(label, 1, name, f"column is not declared in {DESCRIPTOR_NAME}; declared: {', '.join(declared)}"))
            table_ok = False
    if len(set(header)) != len(header):
        duplicated = sorted({h for h in header if header.count(h) > 1})
        problems.append(Problem(label, 1, duplicated[0], "column appears more than once"))
        table_ok = False
    rows, row_lines = [], []
    for record, line in zip(records[1:], lines[1:]):
        if len(record) != len(header):
            problems.append(Problem(label, line, "-", f"row has {len(record)} cells, the header has {len(header)}"))
            continue
        rows.append(dict(zip(header, record)))
        row_lines.append(line)
    if not rows:
        problems.append(Problem(label, 1, "-", "file has a header but no rows"))
    return Table(resource["name"], label, header, rows, row_lines) if table_ok else None


def is_tabular(resource: dict) -> bool:
    """Whether a resource is a CSV table (the others are GeoJSON feature collections)."""
    return resource.get("profile") == "tabular-data-resource"


def _read_features(data_dir: Path, resource: dict, problems: list[Problem]) -> Table | None:
    """A GeoJSON FeatureCollection as a table of its features' properties.

    Each feature must carry ``name`` and a ``source_id`` (checked against the sources with
    the other references) and a Polygon or MultiPolygon. Lines are the file's own when it is
    laid out one feature per line, as :func:`counterbalance.geo.write_basemap` writes it.
    """
    label = _label(data_dir, resource["path"])
    path = Path(data_dir) / resource["path"]
    if not path.is_file():
        problems.append(Problem(label, 0, "-", "file is missing; regenerate it with `make basemap`"))
        return None
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(Problem(label, getattr(error, "lineno", 1), "-", f"not UTF-8 GeoJSON: {error}"))
        return None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        problems.append(Problem(label, 1, "type", "must be a GeoJSON FeatureCollection"))
        return None
    rows, lines = [], []
    for index, feature in enumerate(collection.get("features", [])):
        line = index + 2
        properties = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problems.append(Problem(label, line, "geometry", f"{geometry.get('type')!r} is not a Polygon or MultiPolygon"))
        for key in ("name", "source_id"):
            if not isinstance(properties.get(key), str) or not properties[key]:
                problems.append(Problem(label, line, key, "every feature needs this property"))
        rows.append({"name": str(properties.get("name", "")), "source_id": str(properties.get("source_id", ""))})
        lines.append(line)
    return Table(resource["name"], label, ["name", "source_id"], rows, lines)


def _check_cell(value: str, field: dict, where: tuple[str, int], problems: list[Problem]) -> None:
    """Type and constraint checks of one cell against its field descriptor."""
    label, line = where
    name = field["name"]
    constraints = field.get("constraints", {})

    def report(message: str) -> None:
        problems.append(Problem(label, line, name, message))

    if value == "":
        if constraints.get("required"):
            report("is empty; a value is required")
        return
    kind = field["type"]
    typed: object = value
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            return report(f"{value!r} is not a whole number")
        typed = int(value)
    elif kind == "number":
        try:
            typed = float(value)
        except ValueError:
            return report(f"{value!r} is not a number")
        if not math.isfinite(typed):
            return report(f"{value!r} is not a finite number")
    elif kind == "boolean":
        if value not in BOOLEAN_VALUES:
            return report(f"{value!r} is not a boolean; write true or false")
        typed = BOOLEAN_VALUES[value]
    if "enum" in constraints and typed not in constraints["enum"]:
        allowed = ", ".join(str(v) for v in constraints["enum"])
        report(f"{value!r} is not allowed; allowed: {allowed}")
    if "minimum" in constraints and typed < constraints["minimum"]:
        report(f"{value} is below the minimum {constraints['minimum']}")
    if "maximum" in constraints and typed > constraints["maximum"]:
        report(f"{value} is above the maximum {constraints['maximum']}")
    if "pattern" in constraints and kind == "string" and not re.fullmatch(constraints["pattern"], value):
        report(_pattern_message(name, value, constraints["pattern"]))


def _pattern_message(name: str, value: str, pattern: str) -> str:
    if pattern.startswith("^https?"):
        return f"{value!r} is not an http(s) URL; only http:// and https:// addresses are accepted"
    if "X" in pattern:
        return f"{value!r} is not a date; write YYYY-MM-DD, YYYY-MM, YYYY, a decade as YYYX (e.g. 199X), or an interval A/B"
    if pattern == r"^[a-z0-9]+(_[a-z0-9]+)*$":
        return f"{value!r} is not an identifier; use lower-case letters, digits and single underscores"
    return f"{value!r} does not match the pattern {pattern}"


def _check_table(table: Table, resource: dict, problems: list[Problem]) -> None:
    fields = resource["schema"]["fields"]
    seen: dict[str, dict[str, int]] = {}
    for row, line in zip(table.rows, table.lines):
        for field in fields:
            value = row[field["name"]]
            _check_cell(value, field, (table.label, line), problems)
            if field.get("constraints", {}).get("unique") and value:
                first = seen.setdefault(field["name"], {}).setdefault(value, line)
                if first != line:
                    problems.append(Problem(table.label, line, field["name"], f"{value!r} repeats line {first}; it must be unique"))


def _check_foreign_keys(tables: dict[str, Table], descriptor: dict, problems: list[Problem]) -> None:
    resources = {r["name"]: r for r in descriptor["resources"]}
    for name, table in tables.items():
        for key in resources[name].get("schema", {}).get("foreignKeys", []):
            (field,), target = key["fields"], key["reference"]
            (target_field,) = target["fields"]
            target_table = tables.get(target["resource"])
            if target_table is None:
                continue  # already reported as unreadable
            known = {r[target_field] for r in target_table.rows}
            for row, line in zip(table.rows, table.lines):
                value = row[field]
                if value and value not in known:
                    problems.append(Problem(table.label, line, field, f"{value!r} is not a {target_field} in {target_table.label}"))


def validate_package(data_dir: Path) -> tuple[list[Problem], dict[str, Table]]:
    """Check every table of the package in `data_dir`.

    Parameters
    ----------
    data_dir : Path
        Folder holding ``datapackage.json`` and its CSV files.

    Returns
    -------
    problems : list of Problem
        Every problem found, in file and line order; empty when the data is valid.
    tables : dict of str to Table
        The tables that could be read, by resource name.
    """
    data_dir = Path(data_dir)
    descriptor_path = data_dir / DESCRIPTOR_NAME
    if not descriptor_path.is_file():
        return [Problem(_label(data_dir, DESCRIPTOR_NAME), 0, "-", "descriptor is missing")], {}
    try:
        descriptor = read_descriptor(data_dir)
    except json.JSONDecodeError as error:
        return [Problem(_label(data_dir, DESCRIPTOR_NAME), error.lineno, "-", f"not valid JSON: {error.msg}")], {}
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for resource in descriptor["resources"]:
        if is_tabular(resource):
            table = _read_table(data_dir, resource, problems)
            if table is not None:
                _check_table(table, resource, problems)
        else:
            table = _read_features(data_dir, resource, problems)
        if table is not None:
            tables[resource["name"]] = table
    _check_foreign_keys(tables, descriptor, problems)
    _check_rules(tables, descriptor, problems)
    return sorted(set(problems)), tables


# --- Rules the schema cannot state -------------------------------------------------------

def is_date_field(field: dict) -> bool:
    """Whether a field holds imprecise (EDTF) dates: its pattern admits a decade such as 199X."""
    return "X" in field.get("constraints", {}).get("pattern", "")


def _date_fields(resource: dict) -> list[dict]:
    return [f for f in resource["schema"]["fields"] if is_date_field(f)]


def _check_dates(table: Table, resource: dict, problems: list[Problem]) -> None:
    fields = _date_fields(resource)
    for row, line in zip(table.rows, table.lines):
        parsed = {}
        for field in fields:
            name = field["name"]
            if row[name] and re.fullmatch(field["constraints"]["pattern"], row[name]):
                try:
                    parsed[name] = parse_date(row[name])
                except ValueError as error:
                    problems.append(Problem(table.label, line, name, str(error)))
        if "start" in parsed and "end" in parsed and parsed["start"].earliest > parsed["end"].latest:
            problems.append(Problem(table.label, line, "end", f"ends ({row['end']}) before it starts ({row['start']}); end must not come before start"))


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _check_figures(table: Table, problems: list[Problem]) -> None:
    """A figure's point, low and high must agree with its qualifier."""
    if "count_qualifier" not in table.header:
        return
    for row, line in zip(table.rows, table.lines):
        qualifier = row["count_qualifier"]
        point, low, high = (_number(row[f"count_{k}"]) if row[f"count_{k}"] else None for k in ("point", "low", "high"))
        present = {k for k, v in (("count_point", point), ("count_low", low), ("count_high", high)) if v is not None}

        def report(field: str, message: str) -> None:
            problems.append(Problem(table.label, line, field, message))

        if not qualifier:
            if present:
                report("count_qualifier", "is empty but the row has a figure; say exact, approximately, at_least, at_most or unknown")
            continue
        if not row["count_reported"]:
            report("count_reported", "is empty; give the figure in the source's own words")
        if qualifier == "unknown":
            for field in sorted(present):
                report(field, "must be empty when count_qualifier is unknown")
            continue
        if point is None:
            report("count_point", f"is empty; a figure qualified {qualifier} needs its point value")
            continue
        if qualifier == "exact" and not (low == point == high):
            report("count_low", "an exact figure needs count_low = count_point = count_high")
        elif qualifier == "approximately" and not (low is not None and high is not None and low < point < high):
            report("count_low", "an approximate figure needs count_low < count_point < count_high")
        elif qualifier == "at_least" and not (low == point and high is None):
            report("count_high" if high is not None else "count_low", "a minimum ('at_least') needs count_low = count_point and an empty count_high")
        elif qualifier == "at_most" and not (high == point and (low is None or low <= point)):
            report("count_high", "a maximum ('at_most') needs count_high = count_point")


def _check_usage(tables: dict[str, Table], descriptor: dict, problems: list[Problem]) -> None:
    """References in the other direction: every source, place and system is used somewhere.

    Called only when every table could be read: usage cannot be judged on partial data.
    """
    used: dict[str, set[str]] = {"sources": set(), "places": set(), "systems": set()}
    known_sources = {r["source_id"] for r in tables["sources"].rows}
    for resource in descriptor["resources"]:
        table = tables[resource["name"]]
        if not is_tabular(resource):
            for row, line in zip(table.rows, table.lines):
                if row["source_id"] and row["source_id"] not in known_sources:
                    problems.append(Problem(table.label, line, "source_id", f"{row['source_id']!r} is not a source_id of data/sources.csv"))
            used["sources"].update(r["source_id"] for r in table.rows)
            continue
        for key in resource["schema"].get("foreignKeys", []):
            target = key["reference"]["resource"]
            if target in used and target != resource["name"]:
                used[target].update(r[key["fields"][0]] for r in table.rows)
    # a source cited only as a channel still reached us: count channels as use
    used["sources"].update(r["channel_source_id"] for r in tables["sources"].rows)
    for name, ids in used.items():
        table = tables[name]
        key = table.header[0]
        for row, line in zip(table.rows, table.lines):
            if row[key] not in ids:
                problems.append(Problem(table.label, line, key, f"{row[key]!r} is not referenced by any row; cite it or remove it"))


def _check_rules(tables: dict[str, Table], descriptor: dict, problems: list[Problem]) -> None:
    resources = {r["name"]: r for r in descriptor["resources"]}
    for name, table in tables.items():
        if is_tabular(resources[name]):
            _check_dates(table, resources[name], problems)
            _check_figures(table, problems)
    if len(tables) == len(resources):
        _check_usage(tables, descriptor, problems)
    if "sources" in tables:
        _check_channels(tables["sources"], problems)
    if "relations" in tables:
        _check_relations(tables["relations"], problems)
    if "event_links" in tables:
        for row, line in zip(tables["event_links"].rows, tables["event_links"].lines):
            if bool(row["actor_id"]) == bool(row["system_id"]):
                problems.append(Problem(tables["event_links"].label, line, "actor_id", "give exactly one of actor_id and system_id"))
    if "unit_history" in tables and "events" in tables:
        _check_history_events(tables["unit_history"], tables["events"], problems)
    if "actors" in tables:
        _check_countries(tables["actors"], tables.get("places"), problems)


def _check_channels(sources: Table, problems: list[Problem]) -> None:
    channel = {r["source_id"]: r["channel_source_id"] for r in sources.rows}
    for row, line in zip(sources.rows, sources.lines):
        seen, current = {row["source_id"]}, row["channel_source_id"]
        while current:
            if current in seen:
                problems.append(Problem(sources.label, line, "channel_source_id", f"{row['source_id']!r} reaches us through itself; a channel must lead to a source we hold"))
                break
            seen.add(current)
            current = channel.get(current, "")


def _check_relations(relations: Table, problems: list[Problem]) -> None:
    parents: dict[str, tuple[str, int]] = {}
    for row, line in zip(relations.rows, relations.lines):
        if row["source_actor_id"] == row["target_actor_id"]:
            problems.append(Problem(relations.label, line, "target_actor_id", "a relation must join two different actors"))
        if row["relation_type"] == "command":
            child = row["target_actor_id"]
            if child in parents and parents[child][0] != row["source_actor_id"]:
                problems.append(Problem(relations.label, line, "target_actor_id", f"{child!r} already has a commander on line {parents[child][1]}; the chain of command gives each actor one"))
            parents.setdefault(child, (row["source_actor_id"], line))
    for child, (_, line) in parents.items():
        seen, current = {child}, parents[child][0]
        while current in parents:
            if current in seen:
                problems.append(Problem(relations.label, line, "source_actor_id", f"the chain of command above {child!r} loops back on itself"))
                break
            seen.add(current)
            current = parents[current][0]


def _check_history_events(history: Table, events: Table, problems: list[Problem]) -> None:
    event_dates = {r["event_id"]: (r["start"], r["end"]) for r in events.rows}
    for row, line in zip(history.rows, history.lines):
        if row["event_id"] in event_dates and event_dates[row["event_id"]][0] != row["start"]:
            problems.append(Problem(history.label, line, "start", f"{row['start']!r} differs from the start of event {row['event_id']!r} ({event_dates[row['event_id']][0]})"))


def _check_countries(actors: Table, places: Table | None, problems: list[Problem]) -> None:
    kinds = {r["actor_id"]: r["kind"] for r in actors.rows}
    for table in (actors, places):
        if table is None:
            continue
        for row, line in zip(table.rows, table.lines):
            country = row["country_id"]
            if country in kinds and kinds[country] != "state":
                problems.append(Problem(table.label, line, "country_id", f"{country!r} is a {kinds[country]}, not a state"))
