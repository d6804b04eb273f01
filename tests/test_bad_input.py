"""Bad input of every kind an analyst or an editor can give: one line naming what is wrong, never a traceback.

Each case is one the second hostile round found (issue 31), run through the public command
where there is one; none of them starts a kernel, so the file runs in seconds.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

import counterbalance as cb
from conftest import VENV, edit_cell, edit_resolved_coding, line_of
from counterbalance.bookext.stamp import build_stamp
from counterbalance.data import validate_package
from counterbalance.paths import PROJECT_ROOT
from counterbalance.pipeline.cli import main
from counterbalance.pipeline.publish import publish
from counterbalance.pipeline.runs import RunError, read_yaml_mapping
from counterbalance.pipeline.sweeps import MAX_MEMBERS, read_grid
from counterbalance.pipeline.transaction import foreign_files
from tools.testbed import copy_project, read_only, tree_digest


def cli(monkeypatch, capsys, *argv: str) -> tuple[int, str]:
    """The command, run in the project folder: its exit code and what it printed on stderr."""
    monkeypatch.chdir(PROJECT_ROOT)
    code = main(list(argv))
    return code, capsys.readouterr().err


def refused_in_one_line(code: int, err: str, expected: str) -> None:
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("error: ") and expected in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize(("text", "expected"), [
    ("weight_troops: " + "9" * 400 + "\n", "params.yaml:1: the number 99999"),
    ("as_of: 2021-02-30\n", "as_of: '2021-02-30' is not a day of the calendar"),
    ("as_of: 2021-02-03 10:00:00\n", "as_of: '2021-02-03 10:00:00' is not a date written YYYY-MM-DD"),
    ("[weight_troops, weight_drones]: 1\n", "params.yaml:1: a key must be a plain name, not a list or a mapping"),
    ("as_of: !!timestamp 2021-02-03\n", "params.yaml:1: the tag !!timestamp is not accepted"),
    ("alignment_weight: 1:30\n", "alignment_weight: '1:30' is not a number"),
    ("\"weight\\rtroops\": 1\n", "error: 'weight\\rtroops': unknown parameter of 01_balance_of_power"),
])
def test_a_parameter_file_is_refused_in_one_line_naming_the_fault(monkeypatch, capsys, tmp_path, text, expected):
    params = tmp_path / "params.yaml"
    params.write_text(text, encoding="utf-8")
    code, err = cli(monkeypatch, capsys, "run", "01_balance_of_power", "--params", str(params), "--out", str(tmp_path / "mine"))
    refused_in_one_line(code, err, expected)
    assert not (tmp_path / "mine").exists()


def test_parameters_are_read_as_yaml_1_2_reads_them(tmp_path):
    """``010`` is ten (YAML 1.1: eight), ``1:30`` is text (YAML 1.1: ninety), ``yes`` is text (YAML 1.1: true)."""
    params = tmp_path / "params.yaml"
    params.write_text("contingent_max: 010\nsteps: 1:30\ncontingent: yes\ncount_overrides: {dep_tr_engineers: 0o20}\n", encoding="utf-8")
    assert read_yaml_mapping(params) == {"contingent_max": 10, "steps": "1:30", "contingent": "yes",
                                         "count_overrides": {"dep_tr_engineers": 16}}


def test_a_parameter_file_without_end_is_read_only_to_the_bound(monkeypatch, capsys, tmp_path):
    started = time.monotonic()
    code, err = cli(monkeypatch, capsys, "run", "01_balance_of_power", "--params", "/dev/zero", "--out", str(tmp_path / "mine"))
    refused_in_one_line(code, err, "/dev/zero: holds more than 65,536 bytes")
    assert time.monotonic() - started < 10


def test_a_base_value_also_in_the_grid_and_a_grid_over_the_cap_are_refused_by_name(tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text("base:\n  alignment_weight: 0.2\ngrid:\n  alignment_weight: [0.5, 1.0]\n", encoding="utf-8")
    with pytest.raises(RunError, match="alignment_weight: in both base and grid"):
        read_grid(grid)
    values = "[" + ", ".join(str(v / 100) for v in range(100)) + "]"
    grid.write_text(f"grid:\n  alignment_weight: {values}\n  inference_weight: {values}\n  weight_monitors: {values}\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(RunError) as refused:
        read_grid(grid)
    assert time.monotonic() - started < 5
    assert (f"the grid has 1,000,000 members (100 alignment_weight x 100 inference_weight x 100 weight_monitors), "
            f"more than the {MAX_MEMBERS:,} a sweep may have") in str(refused.value)


def test_a_sweep_over_the_cap_is_refused_before_anything_starts(monkeypatch, capsys, tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text("grid:\n  alignment_weight: [" + ", ".join(str(v / 1000) for v in range(MAX_MEMBERS + 1)) + "]\n", encoding="utf-8")
    code, err = cli(monkeypatch, capsys, "sweep", "01_balance_of_power", "--grid", str(grid), "--out", str(tmp_path / "sweep"))
    refused_in_one_line(code, err, f"the grid has {MAX_MEMBERS + 1:,} members")
    assert not (tmp_path / "sweep").exists()


@pytest.mark.parametrize(("argv", "expected"), [
    (["sweep", "01_balance_of_power", "--grid", "notebooks/sweeps/alignment-and-monitors.yaml", "--scheduler", "tls://10.0.0.5:8786"],
     "--scheduler 'tls://10.0.0.5:8786': is not a scheduler's address such as tcp://10.0.0.5:8786"),
    (["params", "nosuch"], "no notebook 'nosuch'; notebooks: 01_balance_of_power"),
    (["run", "01_balance_of_power", "--out", "node_modules/mine"], "lies inside node_modules/"),
    (["run", "01_balance_of_power", "--out", ".venv/mine"], "lies inside .venv/"),
])
def test_a_command_refuses_in_one_line(monkeypatch, capsys, tmp_path, argv, expected):
    code, err = cli(monkeypatch, capsys, *argv, *(["--out", str(tmp_path / "sweep")] if argv[0] == "sweep" else []))
    refused_in_one_line(code, err, expected)
    assert not (tmp_path / "sweep").exists()


def test_validate_names_a_citation_of_a_missing_source(monkeypatch, capsys, data_dir):
    edit_cell(data_dir, "citations", "actors", "source_id", "no_such_source")
    assert main(["validate", "--data", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert f"data/citations.csv:{line_of(data_dir, 'citations', 'actors')}: source_id: 'no_such_source' is not a source_id" in err
    assert "Traceback" not in err and "KeyError" not in err


# --- the judgements and their outcomes -------------------------------------------------------

def problems_at(data_dir: Path, table: str, row_id: str) -> list[str]:
    location = f"data/{table}.csv:{line_of(data_dir, table, row_id)}: "
    return [str(p).removeprefix(location) for p in validate_package(data_dir)[0] if str(p).startswith(location)]


def test_an_outcome_after_the_data_or_before_its_judgement_is_refused(data_dir):
    """Each date rule names the outcome's day; an outcome edited alone also departs from its resolved coding, which is said too."""
    edit_cell(data_dir, "outcomes", "out_fcst_arms_transfers", "resolved_on", "2099")
    edit_cell(data_dir, "outcomes", "out_jdg_force_gap", "resolved_on", "2020-06")
    assert [p.split(",")[0] for p in problems_at(data_dir, "outcomes", "out_fcst_arms_transfers")] == [
        "resolved_on: 2099 is after the data's last day", "resolved_on: 2099"]
    assert problems_at(data_dir, "outcomes", "out_jdg_force_gap") == [
        "resolved_on: 2020-06 comes before its judgement 'jdg_force_gap' was made (2020-12-17/2020-12-31); it must come on or after",
        "resolved_on: 2020-06, but the resolved coding gives 2020-12-23"]


def test_an_outcome_on_the_data_s_last_day_is_valid_and_a_day_later_is_not(data_dir):
    """The last day is an event's: setting the latest event's end to 2026-03-20 moves it, and with it what an outcome may say."""
    edit_cell(data_dir, "events", "ev_tokel_nakhchivan", "start", "2026-03-20")
    edit_cell(data_dir, "events", "ev_tokel_nakhchivan", "end", "2026-03-20")
    for day in ("2026-03-20", "2026-03-21"):  # the outcome and its resolved coding move together
        edit_cell(data_dir, "outcomes", "out_fcst_arms_transfers", "resolved_on", day)
        edit_resolved_coding(data_dir, "fcst_arms_transfers", "resolved_on", day)
        if day == "2026-03-20":
            assert problems_at(data_dir, "outcomes", "out_fcst_arms_transfers") == []
    assert problems_at(data_dir, "outcomes", "out_fcst_arms_transfers") == [
        f"resolved_on: 2026-03-21 is after the data's last day, 2026-03-20 (data/events.csv:{line_of(data_dir, 'events', 'ev_tokel_nakhchivan')} "
        "start); an outcome is known only from what the data records"]


@pytest.mark.parametrize(("likelihood", "valid"), [("1.5", False), ("2", False), ("surely", False), ("0.7", True),
                                                   ("0", True), ("Can  be EXPECTED", True)])
def test_a_stated_likelihood_is_hedge_words_or_a_probability(data_dir, likelihood, valid):
    edit_cell(data_dir, "judgements", "jdg_force_gap", "stated_likelihood", likelihood)
    found = problems_at(data_dir, "judgements", "jdg_force_gap")
    assert found == ([] if valid else [f"stated_likelihood: {likelihood!r} is neither a probability from 0 to 1 nor hedge words "
                                       "the report reads: apparently, by all indications, can be expected, likely, one should anticipate, "
                                       "probably (assumptions.HEDGE_WORDS)"])


def test_a_stated_probability_is_scored_as_stated():
    assert cb.hedge_probability("0.7") == ("likely", 0.7)
    with pytest.raises(ValueError, match="give a probability from 0 to 1"):
        cb.hedge_probability("1.5")


def test_a_judgement_has_at_most_one_outcome(data_dir):
    edit_cell(data_dir, "outcomes", "out_jdg_force_gap", "judgement_id", "fcst_arms_transfers")
    first = line_of(data_dir, "outcomes", "out_jdg_force_gap")  # the earlier line; the later one repeats it
    assert problems_at(data_dir, "outcomes", "out_fcst_arms_transfers") == [
        f"judgement_id: 'fcst_arms_transfers' repeats line {first}; it must be unique"]


def test_the_footer_dates_the_data_by_its_events_not_by_its_judgements_or_outcomes(data_dir):
    frames = cb.load_tables(data_dir=data_dir)
    stamp = build_stamp(frames, data_dir, "Version v1", "abc")
    frames["outcomes"]["resolved_on_latest"] = pd.Timestamp("2099-01-01")
    frames["judgements"]["made_on_latest"] = pd.Timestamp("2098-01-01")
    assert build_stamp(frames, data_dir, "Version v1", "abc") == stamp
    frames["events"].loc[0, "end_latest"] = pd.Timestamp("2030-01-05")
    assert "newest data row dated up to 5 January 2030<" in build_stamp(frames, data_dir, "Version v1", "abc")


def test_a_timeline_without_a_war_draws_no_phases():
    """At grade A1 the data keeps no event of kind war: the timeline's phase table is empty, typed, and the chart draws."""
    events = pd.DataFrame({"kind": ["offensive"], "start_earliest": pd.to_datetime(["2023-09-19"]),
                           "end_latest": pd.to_datetime(["2023-09-20"])})
    phases = cb.arc_phases(events, pd.Timestamp("2026-03-11"))
    assert phases.empty and str(phases["from"].dtype) == "datetime64[ns]"


# --- folders that cannot be written, and what a browser needs --------------------------------

def test_publishing_into_a_read_only_folder_is_refused_in_one_line(monkeypatch, capsys, tmp_path, data_dir):
    site = tmp_path / "site"
    site.mkdir()
    (site / "intro.html").write_text("built", encoding="utf-8")
    public = tmp_path / "public"
    publish(site, "v1.0.0", public, data_dir)
    before = tree_digest(public)
    with read_only(public):
        code, err = cli(monkeypatch, capsys, "publish", "--site", str(site), "--version", "v1.1.0", "--public", str(public))
    refused_in_one_line(code, err, f"{public}: cannot write there")
    assert tree_digest(public) == before


def test_a_missing_chromium_without_apt_get_is_named_in_one_line(tmp_path):
    """A machine without Debian's apt-get (and no chromium) gets a line saying what to do, not 'apt-get: command not found'."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for folder in ("/usr/bin", "/bin"):
        for tool in Path(folder).iterdir():
            if tool.name not in ("apt-get", "chromium") and not (tools / tool.name).is_symlink():
                (tools / tool.name).symlink_to(tool)
    project = copy_project(tmp_path / "project")
    environment = {name: value for name, value in os.environ.items() if not name.startswith(("MAKE", "MFLAGS"))}  # not a sub-make of make test
    result = subprocess.run(["/usr/bin/make", f"VENV={VENV}", "browser", "CHROMIUM=/nonexistent/chromium"], cwd=project,
                            env={**environment, "PATH": str(tools)}, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if not re.match(r"make(\[\d+\])?: \*\*\*", line)]
    assert errors == ["error: no chromium at /nonexistent/chromium, and no apt-get to install Debian's: install chromium, "
                      "or give its path (CHROMIUM=/path/to/chromium)"], result.stderr


def test_an_analysts_own_files_are_never_counted_as_a_runs(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "run.json").write_text(json.dumps({"outputs": ["a.svg"]}), encoding="utf-8")
    (out / "a.svg").write_text("<svg/>", encoding="utf-8")
    (out / "notes.md").write_text("mine", encoding="utf-8")
    assert foreign_files(out) == ["notes.md"]
