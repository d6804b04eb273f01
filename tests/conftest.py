"""Shared fixtures: a writable copy of the data, and a built copy of the whole project.

Tests never touch the repository's own data/, book/ or _build/: they copy what they need
into pytest's temporary folders. Building a project copy reuses the repository's .venv.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from counterbalance.paths import DATA_DIR, PROJECT_ROOT
from tools.testbed import copy_project

VENV = PROJECT_ROOT / ".venv"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of data/ a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit_cell(data_dir: Path, table: str, row_id: str, field: str, value: str) -> None:
    """Set one cell of `table` (the row whose first column is `row_id`), keeping the CSV shape."""
    path = data_dir / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index(field)
    matches = [r for r in rows[1:] if r[0] == row_id]
    assert matches, f"no row {row_id!r} in {table}"
    matches[0][column] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def line_of(data_dir: Path, table: str, row_id: str) -> int:
    """The file line (header = 1) of the row whose first column is `row_id`."""
    for number, line in enumerate((data_dir / f"{table}.csv").read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(row_id + ","):
            return number
    raise AssertionError(f"no row {row_id!r} in {table}")


def make(project: Path, *targets: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run make in a project copy with the repository's virtual environment."""
    result = subprocess.run(
        ["make", f"VENV={VENV}", *targets], cwd=project, capture_output=True, text=True, timeout=900,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"make {' '.join(targets)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project on which `make book` has run: its site is in _build/html."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    make(project, "book")
    return project
