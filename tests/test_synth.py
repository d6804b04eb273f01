"""Synthetic data for the benchmark: N times larger, and still valid."""

from __future__ import annotations

import pytest

from counterbalance.data import load_tables, validate_package
from counterbalance.paths import DATA_DIR
from tools.synth import main, synthesise


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
