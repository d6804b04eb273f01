"""The house rules of the package: layers, one home per assumption, schema-driven data, documented models."""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

import pytest

import counterbalance as cb
from counterbalance import assumptions
from counterbalance.data import validate_package
from counterbalance.pipeline.registry import NOTEBOOKS

PACKAGE = Path(cb.__file__).parent


def imported_modules(path: Path) -> set[str]:
    """The package-relative modules a file imports (``..pipeline.runs`` from models/x.py is ``pipeline.runs``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    depth = len(path.relative_to(PACKAGE).parts) - 1
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(path.relative_to(PACKAGE).parts[:-1])[: max(depth - node.level + 1, 0)]
            found.add(".".join([*base, *(node.module or "").split(".")]).strip("."))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("counterbalance"):
            found.add(node.module.removeprefix("counterbalance").strip("."))
    return found


@pytest.mark.parametrize("layer", ["data", "models"])
def test_lower_layers_import_nothing_from_the_pipeline_or_the_book(layer):
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        upward = {m for m in imported_modules(path) if m.startswith(("pipeline", "bookext", "charts"))}
        assert not upward, f"{path.relative_to(PACKAGE)} imports {upward}"


def test_assumptions_and_paths_import_nothing_from_the_package():
    for name in ("assumptions.py", "paths.py"):
        assert imported_modules(PACKAGE / name) == set(), name


def test_no_module_is_over_400_lines():
    for path in sorted(PACKAGE.rglob("*.py")):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.relative_to(PACKAGE)


def test_the_package_does_not_import_the_developer_tools():
    for path in sorted(PACKAGE.rglob("*.py")):
        assert not any(m.startswith("tools") for m in imported_modules(path)), path


class TestAssumptionsHaveOneHome:
    def test_weight_parameters_default_to_the_assumed_weights(self):
        """Every notebook taking weight_<capability> defaults it to the assumption, with its doc."""
        for nb in NOTEBOOKS.values():
            for param in nb.parameters:
                if param.name.startswith("weight_"):
                    weight = next(w for w in assumptions.WEIGHTS if f"weight_{w.capability}" == param.name)
                    assert (param.default, param.doc) == (weight.default, weight.doc)

    def test_shared_parameters_default_to_the_assumptions(self):
        expected = {"alignment_weight": assumptions.ALIGNMENT_WEIGHT, "at_least_tail": assumptions.AT_LEAST_TAIL,
                    "inference_weight": assumptions.INFERENCE_WEIGHT}
        seen = set()
        for nb in NOTEBOOKS.values():
            for param in nb.parameters:
                if param.name in expected:
                    assert param.default == expected[param.name], (nb.name, param.name)
                    seen.add(param.name)
        assert seen == set(expected)

    def test_the_models_default_to_the_assumptions(self):
        for function in (cb.simulate_power, cb.power_over_time):
            defaults = {k: v.default for k, v in inspect.signature(function).parameters.items()}
            assert defaults["alignment_weight"] == assumptions.ALIGNMENT_WEIGHT
            if "tail" in defaults:
                assert defaults["tail"] == assumptions.AT_LEAST_TAIL


def test_every_public_name_resolves():
    for name in cb.__all__:
        assert getattr(cb, name) is not None


def add_garrisons_table(data_dir: Path) -> None:
    """A new table, garrisons.csv, keyed by garrison_id and referencing places: its CSV and its resource only."""
    (data_dir / "garrisons.csv").write_text("garrison_id,place_id\ng_baku,baku\ng_nowhere,atlantis\n", encoding="utf-8")
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"].append({
        "name": "garrisons", "path": "garrisons.csv", "profile": "tabular-data-resource", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8",
        "schema": {"fields": [{"name": "garrison_id", "type": "string"}, {"name": "place_id", "type": "string"}],
                   "primaryKey": ["garrison_id"],
                   "foreignKeys": [{"fields": ["place_id"], "reference": {"resource": "places", "fields": ["place_id"]}}]},
    })
    (data_dir / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def test_a_new_table_is_a_csv_and_its_resource(data_dir):
    """Declared in the descriptor only, the table is read, its key and its foreign key checked, and it loads."""
    add_garrisons_table(data_dir)
    problems = [str(p) for p in validate_package(data_dir)[0]]
    assert problems == ["data/garrisons.csv:3: place_id: 'atlantis' is not a place_id in data/places.csv"]
    text = (data_dir / "garrisons.csv").read_text(encoding="utf-8").replace("atlantis", "baku").replace("g_nowhere", "g_baku")
    (data_dir / "garrisons.csv").write_text(text, encoding="utf-8")
    assert [str(p) for p in validate_package(data_dir)[0]] == ["data/garrisons.csv:3: garrison_id: 'g_baku' repeats line 2; it must be unique"]
    (data_dir / "garrisons.csv").write_text("garrison_id,place_id\ng_baku,baku\n", encoding="utf-8")
    assert cb.load_tables("garrisons", data_dir=data_dir)["garrisons"]["place_id"].tolist() == ["baku"]


def public_functions(module) -> list:
    return [f for name, f in inspect.getmembers(module, inspect.isfunction)
            if f.__module__ == module.__name__ and not name.startswith("_") and name in getattr(module, "__all__", [name])]


def documented_modules():
    import importlib

    for path in sorted([*(PACKAGE / "data").glob("*.py"), *(PACKAGE / "models").glob("*.py")]):
        if path.name != "__init__.py":
            yield importlib.import_module(".".join(["counterbalance", *path.relative_to(PACKAGE).with_suffix("").parts]))


@pytest.mark.parametrize("module", list(documented_modules()), ids=lambda m: m.__name__)
def test_public_functions_have_numpydoc_docstrings_with_an_example(module):
    """Summary, Parameters (when it takes any), Returns, and an executed example, as networkx documents."""
    for function in public_functions(module):
        doc = inspect.getdoc(function) or ""
        name = f"{module.__name__}.{function.__name__}"
        assert doc and doc.splitlines()[0].strip(), f"{name}: no summary"
        if inspect.signature(function).parameters:
            assert "Parameters\n----------" in doc, f"{name}: no Parameters section"
        assert "Returns\n-------" in doc, f"{name}: no Returns section"
        assert ">>> " in doc, f"{name}: no example"
