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


@pytest.mark.slow
def test_papermill_used_directly_is_refused_by_the_notebook_itself(tmp_path):
    """papermill runs any name and value it is given; the notebook's check cell refuses them as the CLI would."""
    import subprocess

    from conftest import VENV
    from counterbalance.paths import PROJECT_ROOT

    result = subprocess.run([str(VENV / "bin" / "papermill"), "notebooks/01_balance_of_power.ipynb", str(tmp_path / "out.ipynb"),
                             "-p", "no_such_param", "1", "-p", "weight_air_assets", "-5", "--cwd", str(PROJECT_ROOT)],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "ParameterError" in result.stderr
    assert "no_such_param: unknown parameter of 01_balance_of_power" in result.stderr
    assert "weight_air_assets: -5 is below the minimum 0" in result.stderr
