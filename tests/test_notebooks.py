"""The notebooks' parameters cells match the one declaration in notebooks.py."""

from __future__ import annotations

import ast

import nbformat
import pytest

from counterbalance.pipeline.registry import NOTEBOOKS
from counterbalance.paths import NOTEBOOK_DIR


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_parameters_cell_matches_declaration(name):
    nb = nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, "exactly one cell tagged parameters"
    declared = NOTEBOOKS[name].parameters
    lines = [line for line in cells[0].source.splitlines() if line.strip()]
    assert len(lines) == len(declared)
    for line, param in zip(lines, declared):
        assignment = ast.parse(line).body[0]
        assert assignment.targets[0].id == param.name
        assert ast.literal_eval(assignment.value) == param.default
        assert line.split("#", 1)[1].strip() == param.doc


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_notebooks_are_committed_clean(name):
    nb = nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
