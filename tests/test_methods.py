"""Methods and code agree: every rule the Methods chapter states is rendered from assumptions.py and checked against the code."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

import counterbalance as cb
from counterbalance import assumptions
from counterbalance.bookext.facts import substitutions
from counterbalance.data import read_descriptor
from counterbalance.models.keyfigures import interval
from counterbalance.models.worlds import assumption_key, draw_worlds, sampled_ranges
from counterbalance.paths import DATA_DIR, NOTEBOOK_DIR, PROJECT_ROOT

METHODS = (PROJECT_ROOT / "book" / "methods.md").read_text(encoding="utf-8")
GLUE = re.compile(r"\{glue(?::text)?\}`(?:([^`:]+\.ipynb)::)?([a-z0-9_]+)")


@pytest.fixture(scope="module")
def values():
    return substitutions(cb.load_tables(), read_descriptor(DATA_DIR))


def test_methods_takes_every_rule_from_the_assumptions(values):
    for name in ("persistence_rule", "persistence_table", "strength_rule", "confidence_rule", "judgements_table", "assumptions_table",
                 "interval", "widening_table"):
        assert "{{ " + name + " }}" in METHODS, name
    assert values["persistence_rule"] and "half-life" in assumptions.PERSISTENCE_RULE
    assert values["interval"] == f"{assumptions.INTERVAL * 100:.0f} %"
    assert assumptions.QUANTILES[2] - assumptions.QUANTILES[0] == pytest.approx(assumptions.INTERVAL)


def test_every_sampled_input_is_listed_with_the_range_the_sampler_draws(values):
    """Methods' table names each sampled assumption with its range, and the sampler draws exactly those, over those ranges."""
    ranges = sampled_ranges()
    worlds = draw_worlds(["tass"], 2000, seed=1)
    assert set(worlds.assumptions) == set(ranges)
    for assumption in assumptions.SAMPLED:
        row = next(line for line in values["assumptions_table"].splitlines() if line.startswith(f"| {assumption.name.replace('_', ' ')} |"))
        assert f"| {assumption.low:g} to {assumption.high:g} |" in row
        name = assumption_key(assumption)
        drawn = worlds.assumptions[name]
        assert drawn.min() >= assumption.low and drawn.max() <= assumption.high and drawn.max() - drawn.min() > 0.9 * (assumption.high - assumption.low)


def test_the_persistence_rule_methods_states_is_the_one_the_code_applies(values):
    """Each kind's half-life is in the table; the point estimate keeps a mission exactly that long past its confirmation."""
    for kind, assumption in assumptions.HALF_LIFE.items():
        assert re.search(rf"\| {kind} \|.*\| {assumption.default:g} \| {assumption.low:g} to {assumption.high:g} \|", values["persistence_table"])
    schema = read_descriptor(DATA_DIR)
    relation_types = next(f for r in schema["resources"] if r["name"] == "relations" for f in r["schema"]["fields"]
                          if f["name"] == "relation_type")["constraints"]["enum"]
    assert set(relation_types) == set(assumptions.RELATION_PERSISTENCE)
    years = assumptions.HALF_LIFE["mission"].default
    row = pd.DataFrame({"relation_type": ["cooperation"], "basis": ["reported"],
                        **{f"{d}_{s}": pd.to_datetime([None]) for d in ("start", "end") for s in ("earliest", "latest")},
                        "confirmed_earliest": pd.to_datetime(["2021-01-01"]), "confirmed_latest": pd.to_datetime(["2021-01-01"])})
    last = pd.Timestamp("2021-01-01") + pd.Timedelta(days=years * 365.25)
    assert cb.in_force(row, last.floor("D"))[0] and not cb.in_force(row, last + pd.Timedelta(days=1))[0]


def test_the_interval_methods_states_is_the_one_the_key_figures_take():
    assert interval(np.arange(101.0)) == (50.0, 5.0, 95.0)


def test_the_judgements_methods_lists_are_the_ones_the_models_check(values):
    for judgement in cb.KEY_JUDGEMENTS:
        assert judgement.measure.split(",")[0].replace("(", "\\(")[:20].replace("\\(", "(") in values["judgements_table"].replace("\\", "")


def test_the_rounding_rule_is_stated_as_the_reports_own_with_what_the_guide_says():
    assert "JCGM\n100:2008, 7.2.6" in METHODS or "JCGM 100:2008, 7.2.6" in METHODS
    assert "our convention" in METHODS and "rule of the *Guide" not in METHODS


def markdown_sources() -> dict[str, str]:
    pages = {p.name: p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "book").glob("*.md")}
    for path in NOTEBOOK_DIR.glob("*.ipynb"):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        pages[path.name] = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return pages


def test_every_page_states_a_key_figure_from_the_one_place_that_computes_it():
    """A page quoting a key figure (kf_...) takes it from the uncertainty notebook, or from its own notebook's glue,
    which calls the same function with the same worlds (the executed values are compared in test_report)."""
    for page, text in markdown_sources().items():
        for notebook, name in GLUE.findall(text):
            if name.startswith("kf_") or name.startswith("p_kj") or name.startswith("word_kj"):
                assert notebook in ("", "analysis/05_uncertainty.ipynb"), (page, notebook, name)
                if not notebook:
                    assert page.endswith(".ipynb"), (page, name)
