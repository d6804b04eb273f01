"""Property tests: whatever YAML an analyst gives and whatever a CSV cell holds, the readers and the validator
answer with a result or a clean refusal, in lines that name what is wrong; never a traceback.

Hypothesis writes the documents and cells: parameter files and sweep grids built from the
parameters' names and the scalars YAML reads ambiguously, random text, and cells from the
values the tables' fields refuse. Examples are derandomized, so the suite is the same on
every run; each reader gets 500.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from counterbalance.data import validate_package
from counterbalance.paths import DATA_DIR, PROJECT_ROOT
from counterbalance.pipeline.params import ParameterError, validate_parameters
from counterbalance.pipeline.registry import NOTEBOOKS
from counterbalance.pipeline.runs import RunError, read_yaml_mapping
from counterbalance.pipeline.sweeps import read_grid

EXAMPLES = settings(max_examples=500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
NAMES = sorted({p.name for nb in NOTEBOOKS.values() for p in nb.parameters})
#: Scalars YAML 1.1 and 1.2 read differently, or that the checks must refuse: octal, sexagesimal, impossible days, tags...
TRICKY_SCALARS = [
    "010", "0o17", "0x1F", "1:30", "190:20:30", "1_000", "2021-02-30", "2021-02-03 10:00:00", "2021-02-03T10:00:00Z", "2020-12-17",
    "1985-06-01", "yes", "no", "on", "off", "y", "~", "null", "true", ".inf", "-.inf", ".nan", "1e400", "-1e400", "9" * 400,
    "-0", "+5", "0.5", "1.5", "-1", "2", "100000", "'quoted'", '"2020-12-17"', "B2", "Z9", "F6", "A1", "dep_tr_engineers",
    "dep_ru_troops", "{dep_tr_engineers: 500}", "{dep_tr_engineers: 010}", "{nosuch: 1}", "{[a]: 1}", "[1, 2]", "[]", "{}",
    "!!timestamp 2021-01-01", "!!binary aGk=", "!!int 1.5", "!!float x", "!!set {a}", "!foo bar", "&a 1", "*a", '"\\x00"',
    "|\n  block text", ">-\n  folded", "[[[[[[1]]]]]]", "{a: {b: {c: {d: {e: 1}}}}}", "data", "../data", "/etc", "x" * 300,
]
KEYS = st.one_of(st.sampled_from(NAMES), st.sampled_from(["base", "grid", "[a, b]", "? x", "010", "1:30", "~", "true", "<<", '"as_of"']),
                 st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=12).map(json.dumps))
SCALARS = st.one_of(st.sampled_from(TRICKY_SCALARS), st.integers().map(str), st.floats().map(repr),
                    st.text(max_size=20).map(json.dumps), st.from_regex(r"-?[0-9]{1,5}([-:./_][0-9]{1,3}){0,2}", fullmatch=True))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
    st.lists(st.tuples(KEYS, inner), max_size=3).map(lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"),
), max_leaves=8)
MAPPINGS = st.lists(st.tuples(KEYS, VALUES), max_size=6).map(lambda pairs: "".join(f"{k}: {v}\n" for k, v in pairs))
DOCUMENTS = st.one_of(
    MAPPINGS,
    st.text(max_size=200),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                 lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                 max_leaves=10).map(lambda value: yaml.safe_dump(value, allow_unicode=True)),
)
GRIDS = st.tuples(MAPPINGS, MAPPINGS).map(
    lambda parts: "grid:\n" + "".join(f"  {line}\n" for line in parts[0].splitlines()) + "base:\n" + "".join(f"  {line}\n" for line in parts[1].splitlines()))


def one_line_each(message: str) -> None:
    """A refusal: a line per fault, each short, none of them a traceback."""
    assert message and "Traceback" not in message
    assert all(0 < len(line) < 1000 for line in message.splitlines()), message


@pytest.fixture(scope="module")
def scratch() -> Path:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


@EXAMPLES
@given(document=DOCUMENTS, name=st.sampled_from(sorted(NOTEBOOKS)))
def test_any_parameter_file_is_read_and_checked_or_refused(scratch, document, name):
    path = scratch / "params.yaml"
    path.write_text(document, encoding="utf-8", errors="surrogatepass")
    try:
        raw = read_yaml_mapping(path)
        values = validate_parameters(NOTEBOOKS[name], raw, PROJECT_ROOT)
    except RunError as refused:
        assert "\n" not in str(refused)
        one_line_each(str(refused))
    except ParameterError as refused:
        one_line_each(str(refused))
    else:
        assert set(values) == set(NOTEBOOKS[name].defaults)
        json.dumps(values)  # what papermill injects: plain JSON values


@EXAMPLES
@given(document=st.one_of(GRIDS, DOCUMENTS))
def test_any_sweep_grid_is_read_or_refused(scratch, document):
    path = scratch / "grid.yaml"
    path.write_text(document, encoding="utf-8", errors="surrogatepass")
    try:
        base, grid = read_grid(path)
        first = {name: values[0] for name, values in grid.items()}
        validate_parameters(NOTEBOOKS["01_balance_of_power"], {**base, **first}, PROJECT_ROOT)
    except RunError as refused:
        assert "\n" not in str(refused)
        one_line_each(str(refused))
    except ParameterError as refused:
        one_line_each(str(refused))


# --- the CSV reader and the validator ---------------------------------------------------------

#: Rows kept per table in the small copy the validator reads (all of the judgements and outcomes, which the new rules relate).
KEPT_ROWS = 5
TRICKY_CELLS = [
    "", " ", "0", "-1", "1e400", "nan", "inf", "9" * 400, "2099", "2099-01-01", "2019", "1850-01-01", "2020-02-30", "2020-13",
    "199X", "0000", "9999-12-31", "2020-11/2020-10", "2020-11-10/", "/2020", "2020-11-10/2021", "true", "yes", "=1+1", "@SUM(A1)",
    "-2", "+3", "\t", "a,b", '"', "'", "\n", "\r\n", "\x00", "\x7f", "\u202e", "probably", "PROBABLY", "1.5", "0.7", "-0.1",
    "happened", "partly", "not_yet_resolvable", "report", "article", "tr", "ru", "az", "tr_army", "fcst_arms_transfers",
    "jdg_force_gap", "kj_turkey_own_presence", "out_fcst_arms_transfers", "natural_earth_110m", "editors_gazetteer",
    "javascript:alert(1)", "https://example.org/a---b--c", "exact", "approximately", "at_least", "at_most", "unknown", "A", "G",
]
CELLS = st.one_of(st.sampled_from(TRICKY_CELLS), st.text(st.characters(codec="utf-8"), max_size=30),
                  st.from_regex(r"-?[0-9]{1,5}(-[0-9]{1,2}){0,2}(/[0-9]{1,4}(-[0-9]{1,2})?)?", fullmatch=True))


@pytest.fixture(scope="module")
def small_data(scratch) -> Path:
    """A copy of the data with a few rows per table (all judgements and outcomes), so that each check takes milliseconds."""
    folder = scratch / "data"
    shutil.copytree(DATA_DIR, folder)
    for path in folder.glob("*.csv"):
        if path.stem not in ("judgements", "outcomes"):
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
            write_rows(path, rows[:KEPT_ROWS + 1])
    return folder


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@EXAMPLES
@given(data=st.data(), cell=CELLS, raw_tail=st.one_of(st.none(), st.binary(max_size=40)))
def test_any_cell_is_validated_or_reported_at_its_file_and_line(small_data, data, cell, raw_tail):
    tables = sorted(small_data.glob("*.csv"))
    path = data.draw(st.sampled_from(tables), label="table")
    original = path.read_bytes()
    rows = list(csv.reader(io.StringIO(original.decode("utf-8"), newline="")))
    row = data.draw(st.integers(1, len(rows) - 1), label="row")
    column = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
    rows[row][column] = cell
    try:
        write_rows(path, rows)
        if raw_tail is not None:  # bytes that are not CSV, or not UTF-8, after the rows
            path.write_bytes(path.read_bytes() + raw_tail)
        problems, _ = validate_package(small_data)
    finally:
        path.write_bytes(original)
    for problem in problems:
        text = str(problem)
        assert text.startswith("data/") and "\n" not in problem.message, text
        assert len(text) < 2000, text
