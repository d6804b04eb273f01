"""Analyst reruns and sweeps: refusals before any kernel, real runs into own folders, the book untouched."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from conftest import VENV
from tools.testbed import tree_digest
from counterbalance.pipeline.cli import main
from counterbalance.paths import PROJECT_ROOT
from counterbalance.pipeline.runs import RunError, check_output_folder
from counterbalance.pipeline.sweeps import read_grid

COUNTERBALANCE = str(VENV / "bin" / "counterbalance")


def cli(monkeypatch, capsys, *argv: str) -> tuple[int, str]:
    """Run the command in the project folder; return its exit code and what it printed to stderr."""
    monkeypatch.chdir(PROJECT_ROOT)
    code = main(list(argv))
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("arguments", "expected"), [
    (["-p", "alignment_wieght", "0.5"], "alignment_wieght: unknown parameter of 01_balance_of_power (did you mean 'alignment_weight'?)"),
    (["-p", "weight_drones", "many"], "weight_drones: 'many' is not a number; accepted: a number from 0 to 10000"),
    (["-p", "alignment_weight", "1.5"], "alignment_weight: '1.5' is above the maximum 1"),
    (["-p", "weight_troops", "inf"], "weight_troops: 'inf' is not a finite number"),
    (["-p", "as_of", "2020-13-01"], "as_of: '2020-13-01' is not a day of the calendar"),
    (["-p", "as_of", "1985-06-01"], "as_of: '1985-06-01' is outside the models' span, from the war to the end of the data; accepted: a date from 2020-09-27 to"),
    (["-p", "count_overrides", "{dep_tr_enginers: 500}"], "count_overrides: 'dep_tr_enginers' is not a deployment_id (did you mean 'dep_tr_engineers'?)"),
    (["-p", "known_on", "1990-06-01"], "known_on: '1990-06-01' is before the earliest source (1992-12-31): nothing was known yet"),
])
def test_each_bad_parameter_is_refused_before_any_kernel_and_nothing_is_written(monkeypatch, capsys, tmp_path, arguments, expected):
    out = tmp_path / "mine"
    code, err = cli(monkeypatch, capsys, "run", "01_balance_of_power", *arguments, "--out", str(out))
    assert code == 2
    assert expected in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("alignment_weight: [0.5\n", "scenario.yaml:2: not valid YAML"),
    ("- alignment_weight\n", "scenario.yaml: must be a mapping of parameter names to values, not a list"),
    ("min_grade: Q7\n", "min_grade: 'Q7' is not an Admiralty grade"),
])
def test_a_bad_parameter_file_is_refused_naming_the_file_or_the_parameter(monkeypatch, capsys, tmp_path, text, expected):
    params = tmp_path / "scenario.yaml"
    params.write_text(text, encoding="utf-8")
    code, err = cli(monkeypatch, capsys, "run", "01_balance_of_power", "--params", str(params), "--out", str(tmp_path / "mine"))
    assert code == 2 and expected in err
    assert not (tmp_path / "mine").exists()


@pytest.mark.parametrize("inside", ["_build/runs/x", "public/v1", "book/analysis", "data"])
def test_output_inside_what_the_build_owns_is_refused(inside):
    with pytest.raises(RunError, match=f"lies inside {inside.split('/')[0]}/"):
        check_output_folder(PROJECT_ROOT / inside, PROJECT_ROOT)


def test_output_folder_holding_other_files_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(RunError, match="exists and is not an earlier run"):
        check_output_folder(tmp_path, PROJECT_ROOT)


def test_sweep_file_must_hold_lists(tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text("grid:\n  alignment_weight: 0.5\n", encoding="utf-8")
    with pytest.raises(RunError, match="grid: alignment_weight: must be a non-empty list"):
        read_grid(grid)
    grid.write_text("grids:\n  alignment_weight: [0.5]\n", encoding="utf-8")
    with pytest.raises(RunError, match="'grids' is not a sweep key"):
        read_grid(grid)


def test_params_lists_every_parameter_with_default_and_doc(monkeypatch, capsys):
    monkeypatch.chdir(PROJECT_ROOT)
    assert main(["params", "01_balance_of_power"]) == 0
    listing = capsys.readouterr().out
    assert "alignment_weight = 0.5" in listing
    assert "Share of Azerbaijan's theatre power Turkey can lever through the alliance" in listing
    assert "accepted: a number from 0 to 1" in listing


@pytest.mark.slow
def test_rerun_gives_own_outputs_with_other_figures_and_leaves_the_book_alone(built_project, tmp_path):
    site = built_project / "_build" / "html"
    before = tree_digest(site), tree_digest(built_project / "book")
    out = tmp_path / "engineers-count-more"
    result = subprocess.run(
        [COUNTERBALANCE, "run", "01_balance_of_power", "-p", "weight_engineers", "100", "-p", "alignment_weight", "0", "--out", str(out)],
        cwd=built_project, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert not re.search(r"\b(ERROR|WARNING)\b", result.stdout + result.stderr), "a run that succeeded printed kernel noise"
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["changed_from_defaults"] == {"alignment_weight": 0.0, "weight_engineers": 100.0}
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["data_hash"]) and manifest["package_version"]
    book_power = glued_value(built_project / "book" / "analysis" / "01_balance_of_power.ipynb", "theatre_power")
    mine = manifest["key_figures"]
    assert mine["ratio"] > 1  # Turkey alone past parity once a de-miner counts for 100 soldiers (its monitors start in 2021)
    assert mine["theatre_power"]["tr"] > book_power["tr"] and mine["theatre_power"]["ru"] == book_power["ru"]
    assert json.loads((out / "key_figures.json").read_text())["ratio"] == mine["ratio"]
    figures = out / "figures"  # each chart as its print still, its phone still and its page: network, four states, power, ratio
    assert len(list(figures.glob("*.phone.svg"))) == len(list(figures.glob("*.svg"))) - 4 == len(list(figures.glob("*.html"))) == 4
    page = (out / "01_balance_of_power.html").read_text(encoding="utf-8")
    # nothing is fetched from outside (a link a reader may follow, such as a chart's licence, is not fetched)
    assert not re.search(r'src="https?:|<link\b[^>]*href="https?:|url\(https?:', page) and '<script src="vega-embed.js">' in page
    assert (tree_digest(site), tree_digest(built_project / "book")) == before


@pytest.mark.slow
@pytest.mark.parametrize(("as_of", "russia_counted"), [("2021-06-30", True), ("2024-07-01", False)])
def test_the_balance_as_of_any_day_of_the_arc_counts_russia_only_while_it_was_there(built_project, tmp_path, as_of, russia_counted):
    """Mid-2021 the contingent is in the theatre; after the withdrawal of June 2024 it counts for nothing, in words too."""
    out = tmp_path / as_of
    result = subprocess.run([COUNTERBALANCE, "run", "01_balance_of_power", "-p", "as_of", as_of, "--out", str(out)],
                            cwd=built_project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    figures = json.loads((out / "key_figures.json").read_text(encoding="utf-8"))
    assert figures["as_of"] == as_of and set(figures["theatre_power"]) == {"tr", "az", "ru"}
    if russia_counted:
        assert figures["theatre_power"]["ru"] >= 1960 and figures["ratio"] > 0
    else:
        assert figures["theatre_power"]["ru"] == 0 and figures["ratio"] is None
        assert figures["ratio_reading"] == "unbounded: Russia had no forces in the theatre"


@pytest.mark.slow
def test_the_2020_vintage_counts_what_was_published_by_then_beside_hindsight(built_project, tmp_path):
    """Known on 31 December 2020, about the 17th: worked out from the data by hand.

    Azerbaijan's army: the only figure published by then is the IISS's 126,000 for 2016, in a
    Trend page of 24 March 2018 (hindsight's 65,000 is Global Firepower 2023, in Caspian News of
    9 January 2023). Russia: the report that the contingent reached its full 1,960 reaches the
    data only through an undated page (read 6 December 2026), so the latest strength known is
    Shoigu's "over 1,100" of 14 November, whose end no source known then gave. Turkey: the 136
    de-miners, the same in both. Ratio with half of Azerbaijan's forces: (136 + 63,000) / 1,100
    = 57.396 then, (136 + 32,500) / 1,960 = 16.651 in hindsight.
    """
    out = tmp_path / "known-2020"
    result = subprocess.run([COUNTERBALANCE, "run", "01_balance_of_power", "-p", "as_of", "2020-12-17", "-p", "known_on", "2020-12-31",
                             "--out", str(out)], cwd=built_project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    then = json.loads((out / "key_figures.json").read_text(encoding="utf-8"))
    book = json.loads((built_project / "book" / "analysis" / "01_balance_of_power.ipynb").read_text(encoding="utf-8"))
    from counterbalance.pipeline.runs import key_figures

    now = key_figures(book)
    assert then["theatre_power"] == {"tr": 136.0, "az": 126000.0, "ru": 1100.0}
    assert now["theatre_power"] == {"tr": 136.0, "az": 65000.0, "ru": 1960.0}
    assert round(then["ratio"], 3) == 57.396 and round(now["ratio"], 3) == 16.651
    assert {name for name in ("kf_power_az", "kf_power_ru", "kf_ratio", "kf_levered") if then[name] == now[name]} == set()
    assert all(then[f"hindsight_{name}"] == now[name] for name in now if name.startswith("kf_"))  # the run's hindsight is the book's
    assert then["hindsight_reading"] == "Later sources changed the count of three forces in the theatre on this day:"
    page = (out / "01_balance_of_power.html").read_text(encoding="utf-8")
    assert "Caspian News (9 January 2023)" in page and "undated, read 6 December 2026" in page


def glued_value(executed: Path, name: str) -> float:
    """A value the book's executed notebook glued."""
    from counterbalance.pipeline.runs import key_figures

    return key_figures(json.loads(executed.read_text(encoding="utf-8")))[name]


@pytest.mark.slow
def test_sweep_keeps_going_past_a_failing_member_and_gathers_the_rest(built_project, tmp_path):
    # a copy of the notebook that breaks when Turkey levers all of Azerbaijan's power
    nb = nbformat.read(built_project / "notebooks" / "01_balance_of_power.ipynb", as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell("assert alignment_weight < 1, 'full alignment not modelled'", id="fails-at-one"))
    copy = tmp_path / "variant" / "01_balance_of_power.ipynb"
    copy.parent.mkdir()
    nbformat.write(nb, copy)
    grid = tmp_path / "grid.yaml"
    grid.write_text("grid:\n  alignment_weight: [0.5, 1.0, 7]\n  weight_air_assets: [100]\n", encoding="utf-8")
    before = tree_digest(built_project / "_build" / "html")
    out = tmp_path / "sweep"
    result = subprocess.run([COUNTERBALANCE, "sweep", str(copy), "--grid", str(grid), "--out", str(out), "--jobs", "2"],
                            cwd=built_project, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "1 of 3 runs succeeded" in result.stdout
    assert "member 002 {'alignment_weight': 1.0, 'weight_air_assets': 100} failed" in result.stderr
    assert "AssertionError: full alignment not modelled" in result.stderr
    assert "member 003 {'alignment_weight': 7, 'weight_air_assets': 100} refused: alignment_weight: 7 is above the maximum 1" in result.stderr
    members = {m["member"]: m for m in json.loads((out / "sweep.json").read_text())["members"]}
    assert [members[k]["status"] for k in ("001", "002", "003")] == ["ok", "failed", "refused"]
    tidy = (out / "sweep.csv").read_text(encoding="utf-8").splitlines()
    assert tidy[0] == "member,status,alignment_weight,weight_air_assets,figure,value"
    assert any(line.startswith("001,ok,0.5,100,ratio,") for line in tidy)
    assert (out / "comparison.svg").is_file() and (out / "runs" / "001" / "run.json").is_file()
    assert tree_digest(built_project / "_build" / "html") == before


class TestHostileRuns:
    """What a hostile tester tried: output paths, foreign files, and parameter files built to hurt."""

    def test_out_is_judged_against_the_project_root_wherever_the_command_runs(self, monkeypatch, capsys, tmp_path):
        """From notebooks/, ../public/v1.0.0/analyst-run still lies in public/."""
        monkeypatch.chdir(PROJECT_ROOT / "notebooks")
        assert main(["run", "01_balance_of_power", "--out", "../public/v1.0.0/analyst-run"]) == 2
        assert "lies inside public/" in capsys.readouterr().err
        assert not (PROJECT_ROOT / "public" / "v1.0.0" / "analyst-run").exists()

    @pytest.mark.parametrize("inside", ["tests/out", ".git/out", ".github/out", "README.md"])
    def test_everything_the_project_tracks_is_protected(self, inside):
        with pytest.raises(RunError, match="lies inside"):
            check_output_folder(PROJECT_ROOT / inside, PROJECT_ROOT)

    def test_a_link_into_the_build_is_followed_and_refused(self, tmp_path):
        (tmp_path / "shortcut").symlink_to(PROJECT_ROOT / "_build")
        with pytest.raises(RunError, match="lies inside _build/"):
            check_output_folder(tmp_path / "shortcut" / "mine", PROJECT_ROOT)

    def test_an_earlier_run_with_the_analysts_own_files_is_not_replaced(self, tmp_path):
        run = tmp_path / "mine"
        (run / "figures").mkdir(parents=True)
        (run / "figures" / "01-chart.svg").write_text("<svg/>", encoding="utf-8")
        (run / "run.json").write_text(json.dumps({"outputs": ["figures/01-chart.svg"]}), encoding="utf-8")
        assert check_output_folder(run, PROJECT_ROOT) == run.resolve()  # only what the run wrote: replaceable
        (run / "notes.md").write_text("my notes", encoding="utf-8")
        (run / "drafts").mkdir()
        (run / "drafts" / "a.txt").write_text("draft", encoding="utf-8")
        with pytest.raises(RunError, match=r"holds files no earlier run wrote \(drafts/a.txt, notes.md\)"):
            check_output_folder(run, PROJECT_ROOT)

    @pytest.mark.parametrize(("text", "expected"), [
        ("a: &a [1, 1, 1, 1]\nb: &b [*a, *a, *a, *a]\ncount_overrides: [*b, *b, *b, *b]\n", "scenario.yaml:2: anchors and aliases"),
        ("alignment_weight: 0.5\nalignment_weight: 0.9\n", "scenario.yaml:2: the key 'alignment_weight' appears twice"),
        ("count_overrides: {a: {b: {c: {d: {e: 1}}}}}\n", "nests deeper than 4 levels"),
        ("weight_troops: " + "9" * 70000 + "\n", "bytes; parameters fit in 65,536"),
    ])
    def test_a_parameter_file_built_to_hurt_is_refused_in_a_blink(self, monkeypatch, capsys, tmp_path, text, expected):
        params = tmp_path / "scenario.yaml"
        params.write_text(text, encoding="utf-8")
        code, err = cli(monkeypatch, capsys, "run", "01_balance_of_power", "--params", str(params), "--out", str(tmp_path / "mine"))
        assert code == 2 and expected in err
        assert len(err) < 1000 and not (tmp_path / "mine").exists()
