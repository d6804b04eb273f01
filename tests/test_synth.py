"""Synthetic data for the benchmark: N times larger, and still valid."""

from __future__ import annotations

import shutil

import pytest

import counterbalance as cb

from conftest import make
from counterbalance.bookext.context import SOURCES_LISTED
from counterbalance.data import load_tables, validate_package
from counterbalance.paths import DATA_DIR
from tools.synth import main, synthesise
from tools.testbed import copy_project


def test_three_times_the_data_validates_and_spans_more_decades(tmp_path, capsys):
    assert main(["--factor", "3", "--out", str(tmp_path / "x3"), "--data", str(DATA_DIR)]) == 0
    assert "rows (3x" in capsys.readouterr().out
    assert validate_package(tmp_path / "x3")[0] == []
    original, tripled = load_tables(data_dir=DATA_DIR), load_tables(data_dir=tmp_path / "x3")
    assert len(tripled["deployments"]) == 3 * len(original["deployments"])
    assert len(tripled["actors"]) == 3 * len(original["actors"]) - 2 * 4  # the four states are shared
    assert tripled["events"]["start_earliest"].min().year == original["events"]["start_earliest"].min().year - 20


def test_a_factor_below_one_is_refused(tmp_path):
    with pytest.raises(ValueError, match="at least 1"):
        synthesise(DATA_DIR, tmp_path, 0)


def test_copies_share_the_reports_own_judgements_which_the_models_compute(tmp_path):
    synthesise(DATA_DIR, tmp_path, 3)
    tables = load_tables("judgements", "outcomes", data_dir=tmp_path)
    report = tables["judgements"][tables["judgements"]["by"] == "report"]["judgement_id"]
    assert sorted(report) == sorted(j.judgement_id for j in cb.KEY_JUDGEMENTS)
    assert tables["outcomes"]["judgement_id"].isin(report).sum() == len(report)


@pytest.mark.slow
def test_the_book_builds_on_three_times_the_data_listing_the_sources_its_pages_cite(tmp_path):
    """Past SOURCES_LISTED sources, the bibliography lists those the pages cite, and every citation still lands,
    also for a project inside a build folder (where make bench builds its copies)."""
    project = copy_project(tmp_path / "_build" / "project")
    shutil.rmtree(project / "data")
    synthesise(DATA_DIR, project / "data", 3)
    assert len(load_tables("sources", data_dir=project / "data")["sources"]) > SOURCES_LISTED  # the premise
    make(project, "book")  # an undefined source label fails the build
    assert "sources are listed here: those the report" in (project / "_build" / "html" / "sources.html").read_text(encoding="utf-8")
