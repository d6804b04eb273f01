"""A Table Schema checker that reports every problem at its file, line and field.

It implements the part of the Frictionless specifications the data uses, reading everything
from the descriptor (``datapackage.json``): the resources and their files, each field's type
and constraints (required, unique, enum, minimum, maximum, pattern), field formats, primary
keys and foreign keys. A problem reads ``data/<file>.csv:<line>: <field>: <what is wrong,
and what is allowed>``; lines are the file's own (the header is line 1), so an editor jumps
straight to the row. Nothing here knows this project's tables: their own rules are in
:mod:`counterbalance.data.rules`.

Extensions, as custom properties the Frictionless validator ignores:

* ``"x-format": "edtf"`` on a string field: an imprecise date
  (:func:`counterbalance.data.dates.parse_date`), checked to be a real day or interval;
* ``"x-feature-schema"`` on a GeoJSON resource: a Table Schema for its features'
  ``properties`` (fields and foreign keys), so outlines cite sources like any row;
* ``"x-max-rows"`` on a table, ``"x-max-bytes"`` and ``"x-max-vertices"`` on a GeoJSON
  resource: how much data the pages and charts are built for, refused beyond it.

Every text cell is also refused when it holds a control character or starts like a formula
(``=``, ``+``, ``-``, ``@``): the CSV files are published for download, and a spreadsheet
opening one would run such a cell.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..paths import DESCRIPTOR_NAME
from .dates import DATE_FORMAT_HELP, parse_date
from .descriptor import is_date_field, is_tabular, primary_key, read_descriptor, resources, schema_of

__all__ = ["Problem", "Table", "check_package"]

BOOLEAN_VALUES = {"true": True, "false": False}
IDENTIFIER_PATTERN = r"^[a-z0-9]+(_[a-z0-9]+)*$"


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
    key: tuple[str, ...] = ()

    def records(self) -> Iterator[tuple[dict[str, str], int]]:
        """Each row with its line."""
        return zip(self.rows, self.lines)

    def problem(self, line: int, field: str, message: str) -> Problem:
        """A problem at `line` and `field` of this table's file."""
        return Problem(self.label, line, field, message)


def _fields_of(key: dict) -> tuple[list[str], list[str]]:
    """A foreign key's own fields and the fields they reference, each as a list."""
    def listed(value):
        return [value] if isinstance(value, str) else list(value)

    return listed(key["fields"]), listed(key["reference"]["fields"])


def _label(data_dir: Path, path: str) -> str:
    return f"{Path(data_dir).name}/{path}"


# --- reading ------------------------------------------------------------------------------

def _read_csv(data_dir: Path, resource: dict, problems: list[Problem]) -> Table | None:
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
    limit = resource.get("x-max-rows")
    if limit is not None and len(rows) > limit:
        problems.append(Problem(label, row_lines[limit], "-", f"{len(rows):,} rows, more than the {limit:,} this table allows "
                                                             f"(x-max-rows in {DESCRIPTOR_NAME}); the pages and charts are built for at most that"))
        return None
    return Table(resource["name"], label, header, rows, row_lines, primary_key(resource)) if table_ok else None


def _vertices(coordinates: list) -> int:
    """The points of a GeoJSON coordinate array, however deeply nested."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        return 1
    return sum(_vertices(part) for part in coordinates if isinstance(part, list))


def _read_features(data_dir: Path, resource: dict, problems: list[Problem]) -> Table | None:
    """A GeoJSON FeatureCollection as a table of its features' declared properties.

    Each feature needs a Polygon or MultiPolygon. Lines are the file's own when it is laid
    out one feature per line, as ``tools/basemap.py`` writes it.
    """
    label = _label(data_dir, resource["path"])
    path = Path(data_dir) / resource["path"]
    if not path.is_file():
        problems.append(Problem(label, 0, "-", "file is missing; regenerate it with `make basemap`"))
        return None
    try:
        size, limit = path.stat().st_size, resource.get("x-max-bytes")
        if limit is not None and size > limit:
            problems.append(Problem(label, 1, "-", f"{size:,} bytes, more than the {limit:,} this file allows (x-max-bytes in {DESCRIPTOR_NAME})"))
            return None
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(Problem(label, getattr(error, "lineno", 1), "-", f"not UTF-8 GeoJSON: {error}"))
        return None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        problems.append(Problem(label, 1, "type", "must be a GeoJSON FeatureCollection"))
        return None
    limit = resource.get("x-max-vertices")
    vertices = sum(_vertices((f.get("geometry") or {}).get("coordinates") or []) for f in collection.get("features", []))
    if limit is not None and vertices > limit:
        problems.append(Problem(label, 1, "geometry", f"{vertices:,} vertices, more than the {limit:,} the map allows (x-max-vertices in {DESCRIPTOR_NAME})"))
        return None
    header = [f["name"] for f in schema_of(resource)["fields"]]
    rows, lines = [], []
    for index, feature in enumerate(collection.get("features", [])):
        line = index + 2
        properties = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problems.append(Problem(label, line, "geometry", f"{geometry.get('type')!r} is not a Polygon or MultiPolygon"))
        rows.append({name: "" if properties.get(name) is None else str(properties[name]) for name in header})
        lines.append(line)
    return Table(resource["name"], label, header, rows, lines, primary_key(resource))


# --- checking -----------------------------------------------------------------------------

def _pattern_message(field: dict, value: str) -> str:
    if field.get("format") == "uri":
        return f"{value!r} is not an http(s) URL; only http:// and https:// addresses are accepted"
    if is_date_field(field):
        return f"{value!r} is not a date; {DATE_FORMAT_HELP}"
    if field["constraints"]["pattern"] == IDENTIFIER_PATTERN:
        return f"{value!r} is not an identifier; use lower-case letters, digits and single underscores"
    return f"{value!r} does not match the pattern {field['constraints']['pattern']}"


def _typed(value: str, kind: str) -> tuple[object, str | None]:
    """A cell's value as its declared type, or the reason it is not one."""
    if kind == "integer":
        return (int(value), None) if re.fullmatch(r"[+-]?\d+", value) else (None, f"{value!r} is not a whole number")
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            return None, f"{value!r} is not a number"
        return (number, None) if math.isfinite(number) else (None, f"{value!r} is not a finite number")
    if kind == "boolean":
        return (BOOLEAN_VALUES[value], None) if value in BOOLEAN_VALUES else (None, f"{value!r} is not a boolean; write true or false")
    return value, None


#: Control characters (C0 but tab and line breaks, DEL, C1): invisible, and unsafe in a page or a terminal.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: What a spreadsheet runs as a formula when a cell starts with it (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text_problems(value: str) -> Iterator[str]:
    """What makes a text cell unsafe to publish: a control character, or a formula a spreadsheet would run."""
    control = CONTROL_CHARACTER.search(value)
    if control:
        yield f"contains the control character U+{ord(control.group()):04X}; remove it"
    if value.startswith(FORMULA_START):
        yield (f"starts with {value[0]!r}, which a spreadsheet opening the downloaded CSV would run as a formula; "
               "begin the text with a word")


def _cell_problems(value: str, field: dict, required: bool) -> Iterator[str]:
    """What is wrong with one cell against its field descriptor."""
    constraints = field.get("constraints", {})
    if value == "":
        if required:
            yield "is empty; a value is required"
        return
    if field["type"] == "string":
        yield from _text_problems(value)
    typed, wrong = _typed(value, field["type"])
    if wrong:
        yield wrong
        return
    if "enum" in constraints and typed not in constraints["enum"]:
        yield f"{value!r} is not allowed; allowed: {', '.join(str(v) for v in constraints['enum'])}"
    if "minimum" in constraints and typed < constraints["minimum"]:
        yield f"{value} is below the minimum {constraints['minimum']}"
    if "maximum" in constraints and typed > constraints["maximum"]:
        yield f"{value} is above the maximum {constraints['maximum']}"
    if "pattern" in constraints and field["type"] == "string" and not re.fullmatch(constraints["pattern"], value):
        yield _pattern_message(field, value)
    elif is_date_field(field):
        try:
            parse_date(value)
        except ValueError as error:
            yield str(error)


def _check_cells(table: Table, resource: dict, problems: list[Problem]) -> None:
    """Types and constraints of every cell; uniqueness of unique fields and of the primary key.

    A primary key's fields are required, and together unique (one field: that field unique).
    """
    fields = schema_of(resource)["fields"]
    required = {f["name"] for f in fields if f.get("constraints", {}).get("required")} | set(table.key)
    unique = {f["name"] for f in fields if f.get("constraints", {}).get("unique")}
    if len(table.key) == 1:
        unique |= set(table.key)
    seen: dict[str, dict[str, int]] = {name: {} for name in unique}
    keys: dict[tuple[str, ...], int] = {}
    for row, line in table.records():
        for field in fields:
            name, value = field["name"], row[field["name"]]
            problems.extend(table.problem(line, name, message) for message in _cell_problems(value, field, name in required))
            if name in unique and value:
                first = seen[name].setdefault(value, line)
                if first != line:
                    problems.append(table.problem(line, name, f"{value!r} repeats line {first}; it must be unique"))
        if len(table.key) > 1:
            key = tuple(row[name] for name in table.key)
            first = keys.setdefault(key, line)
            if first != line:
                problems.append(table.problem(line, table.key[0], f"the key ({', '.join(table.key)}) {key} repeats line {first}; it must be unique"))


def _check_foreign_keys(tables: dict[str, Table], declared: dict[str, dict], problems: list[Problem]) -> None:
    """Every foreign key names an existing row of the table it references (a missing value names none)."""
    for name, table in tables.items():
        missing = set(schema_of(declared[name]).get("missingValues", [""]))
        for key in schema_of(declared[name]).get("foreignKeys", []):
            own, referenced = _fields_of(key)
            target = tables.get(key["reference"]["resource"] or name)
            if target is None:
                continue  # already reported as unreadable
            known = {tuple(r[f] for f in referenced) for r in target.rows}
            for row, line in table.records():
                value = tuple(row[f] for f in own)
                if not missing.intersection(value) and value not in known:
                    shown = value[0] if len(value) == 1 else value
                    problems.append(table.problem(line, own[0], f"{shown!r} is not a {', '.join(referenced)} in {target.label}"))


def check_package(data_dir: Path) -> tuple[list[Problem], dict[str, Table], dict | None]:
    """Check every resource of the package in `data_dir` against its declared schema.

    Parameters
    ----------
    data_dir : Path
        Folder holding ``datapackage.json`` and the files it names.

    Returns
    -------
    problems : list of Problem
        Every schema problem found (unsorted).
    tables : dict of str to Table
        The resources that could be read, by name, in declared order.
    descriptor : dict or None
        The descriptor, or None when it is missing or not JSON.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "t"
    >>> folder.mkdir()
    >>> _ = (folder / "t.csv").write_text("id,n\\na,1\\na,x\\n")
    >>> _ = (folder / "datapackage.json").write_text(json.dumps({"resources": [{"name": "t", "path": "t.csv",
    ...     "profile": "tabular-data-resource", "schema": {"primaryKey": ["id"], "fields": [
    ...     {"name": "id", "type": "string", "constraints": {"unique": True}}, {"name": "n", "type": "integer"}]}}]}))
    >>> [str(p) for p in sorted(check_package(folder)[0])]
    ["t/t.csv:3: id: 'a' repeats line 2; it must be unique", "t/t.csv:3: n: 'x' is not a whole number"]
    """
    data_dir = Path(data_dir)
    label = _label(data_dir, DESCRIPTOR_NAME)
    if not (data_dir / DESCRIPTOR_NAME).is_file():
        return [Problem(label, 0, "-", "descriptor is missing")], {}, None
    try:
        descriptor = read_descriptor(data_dir)
    except json.JSONDecodeError as error:
        return [Problem(label, error.lineno, "-", f"not valid JSON: {error.msg}")], {}, None
    declared = resources(descriptor)
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for name, resource in declared.items():
        table = (_read_csv if is_tabular(resource) else _read_features)(data_dir, resource, problems)
        if table is not None:
            _check_cells(table, resource, problems)
            tables[name] = table
    _check_foreign_keys(tables, declared, problems)
    return problems, tables, descriptor
