"""Editions, sweeps and the book's build as transactions: killed at a step, raced, or written into by the analyst meanwhile,
an output folder holds the old output whole or the new one whole, and never loses a file that is not a run's.

The kills are real (kill -9) and land on a named step (``COUNTERBALANCE_FAIL_AT``), through the
public commands, as the publishing tests do. Every test starts from the already built project
(`built_project`); editions change `bootstrap_draws`, which reaches one notebook only, so that
each takes a single notebook's run and the book's build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import VENV, edit_cell, edit_resolved_coding, make
from counterbalance.paths import FAIL_AT_ENV
from tools.testbed import dask_cluster, read_only, tree_digest

pytestmark = pytest.mark.slow
COUNTERBALANCE = str(VENV / "bin" / "counterbalance")


def command(project: Path, *argv: str, fail_at: str | None = None, wait: bool = True):
    """``counterbalance ARGV`` in `project`, killed at `fail_at`: its result, or its running process."""
    environment = {**os.environ, **({FAIL_AT_ENV: fail_at} if fail_at else {})}
    if not wait:
        return subprocess.Popen([COUNTERBALANCE, *argv], cwd=project, env=environment, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    return subprocess.run([COUNTERBALANCE, *argv], cwd=project, env=environment, capture_output=True, text=True, timeout=900)


def edition(project: Path, out: Path, draws: int, **options):
    return command(project, "edition", "-p", "bootstrap_draws", str(draws), "--out", str(out), **options)


def whole(out: Path, manifest: str) -> dict:
    """The output's manifest, after checking that the folder holds exactly the files it lists, and nothing of a writer is left beside it."""
    listed = json.loads((out / manifest).read_text(encoding="utf-8"))
    present = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert present == sorted([*listed["outputs"], manifest]) or present == sorted(listed["outputs"]), "a half-written output"
    return listed


def no_leftovers(out: Path) -> None:
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and p.name != f".{out.name}.lock") == []


def wait_for_staging(out: Path, running: subprocess.Popen, timeout: float = 300) -> None:
    """Until the writer into `out` has made its private folder (it is then past its checks, at work)."""
    deadline = time.monotonic() + timeout
    while not list(out.parent.glob(f".{out.name}.partial-*/new")):
        assert running.poll() is None, running.communicate()
        assert time.monotonic() < deadline, "the writer never started"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def old_edition(built_project, tmp_path_factory) -> Path:
    """An edition with bootstrap_draws 4000: the old output the tests replace."""
    out = tmp_path_factory.mktemp("old") / "edition"
    result = edition(built_project, out, 4000)
    assert result.returncode == 0, result.stderr
    return out


def copy_of(folder: Path, tmp_path: Path) -> tuple[Path, dict]:
    out = Path(shutil.copytree(folder, tmp_path / "edition", symlinks=True))
    return out, tree_digest(out)


def test_an_edition_killed_at_any_step_leaves_the_old_or_the_new_whole_and_the_next_one_completes(built_project, old_edition, tmp_path):
    out, old = copy_of(old_edition, tmp_path)
    for step in ("output-building", "output-swapping"):  # before the swap: the old edition, untouched
        killed = edition(built_project, out, 3000, fail_at=step)
        assert killed.returncode == -9, killed.stderr
        assert tree_digest(out) == old, step
    killed = edition(built_project, out, 3000, fail_at="exchanged")  # one rename swapped them: the new edition, whole
    assert killed.returncode == -9, killed.stderr
    assert whole(out, "edition.json")["parameters"]["06_scoring"] == {"bootstrap_draws": 3000}
    assert list(tmp_path.glob(".edition.partial-*/new/edition.json")), "the old edition was not moved aside"
    again = edition(built_project, out, 5000)  # repairs what the kill left, then replaces the edition
    assert again.returncode == 0, again.stderr
    assert whole(out, "edition.json")["parameters"]["06_scoring"] == {"bootstrap_draws": 5000}
    no_leftovers(out)


def test_a_second_edition_is_refused_by_name_and_a_file_saved_meanwhile_stops_the_swap(built_project, old_edition, tmp_path):
    out, old = copy_of(old_edition, tmp_path)
    first = edition(built_project, out, 3000, wait=False)
    wait_for_staging(out, first)
    second = edition(built_project, out, 5000)
    assert second.returncode == 2
    assert f"error: {out}: an edition (pid {first.pid}) is writing it; wait for it to finish, or choose another folder" in second.stderr
    (out / "notes.md").write_text("my reading of the edition", encoding="utf-8")
    _, stderr = first.communicate(timeout=900)
    assert first.returncode == 2, stderr
    assert f"--out {out}: notes.md appeared in it while an edition was built, and no run wrote them; nothing was replaced" in stderr
    assert (out / "notes.md").read_text(encoding="utf-8") == "my reading of the edition"
    assert {k: v for k, v in tree_digest(out).items() if k != "notes.md"} == old
    assert list(tmp_path.glob(".edition.partial-*")) == []  # the refused build is removed, the first writer's own


def test_an_edition_of_a_stale_build_is_refused_and_make_edition_compares_like_with_like(built_project, tmp_path):
    """A data edit the build has not seen would be credited to the assumption: an outcome flipped (with its resolved coding)
    moves the article's Brier score, which the bootstrap's draws cannot. Refused first; ``make edition`` runs the stale
    notebook, then lists only what the draws move: the intervals, the share of draws the article did better and the words
    that give them, while the scores, the skill and the decomposition do not."""
    project = Path(shutil.copytree(built_project, tmp_path / "project", symlinks=True))
    edit_cell(project / "data", "outcomes", "out_fcst_arms_transfers", "outcome", "did_not_happen")
    edit_resolved_coding(project / "data", "fcst_arms_transfers", "outcome", "no")
    stale = edition(project, tmp_path / "stale", 2000)
    assert stale.returncode == 2 and "the project's build is stale: 06_scoring ran on other data" in stale.stderr, stale.stderr
    assert not (tmp_path / "stale").exists()
    params = tmp_path / "draws.yaml"
    params.write_text("bootstrap_draws: 2000\n", encoding="utf-8")
    make(project, "edition", f"PARAMS={params}", f"OUT={tmp_path / 'fresh'}")
    moved = {d["key"]: d for d in json.loads((tmp_path / "fresh" / "edition.json").read_text(encoding="utf-8"))["differences"]}
    # the interval against the base rate, rounded to three decimals for the intro, happens to read the same with 2,000 draws
    assert set(moved) == {"bootstrap_draws_text", "skill_reading", *(f"{key}_{baseline}" for key in
                          ("low", "high", "better_share") for baseline in ("even", "base_rate"))}
    assert moved["bootstrap_draws_text"]["edition"] == "2,000"


def test_two_sweeps_into_one_folder_a_kill_and_the_next_sweep(built_project, tmp_path):
    """The second sweep is refused by name (the first's staging untouched); a sweep killed mid-swap leaves the new output whole."""
    grid = tmp_path / "grid.yaml"
    grid.write_text("grid:\n  alignment_weight: [0.25]\n", encoding="utf-8")
    out = tmp_path / "sweep"
    argv = ("sweep", "01_balance_of_power", "--grid", str(grid), "--out", str(out), "--jobs", "1")
    first = command(built_project, *argv, wait=False)
    wait_for_staging(out, first)
    second = command(built_project, *argv)
    assert second.returncode == 2
    assert f"error: {out}: a sweep of 01_balance_of_power (pid {first.pid}) is writing it" in second.stderr
    stdout, stderr = first.communicate(timeout=600)
    assert first.returncode == 0 and "1 of 1 runs succeeded" in stdout, stderr
    first_line = stderr.replace("\r", "\n").strip().splitlines()[0]
    assert first_line.startswith("01_balance_of_power:   0%|          | 0/1 [00:00"), "no progress shown at once"
    manifest = whole(out, "sweep.json")
    assert {"vega-embed.js", "runs/001/run.json", "sweep.csv", "comparison.svg"} <= set(manifest["outputs"])
    killed = command(built_project, *argv, fail_at="exchanged")
    assert killed.returncode == -9
    assert whole(out, "sweep.json")["outputs"] == manifest["outputs"]
    again = command(built_project, *argv)
    assert again.returncode == 0, again.stderr
    whole(out, "sweep.json")
    no_leftovers(out)


def test_two_builds_of_one_site_take_turns(built_project, tmp_path):
    project = Path(shutil.copytree(built_project, tmp_path / "project", symlinks=True))
    builds = [command(project, "book", "--out", "_build/html", wait=False) for _ in range(2)]
    outcomes = [build.communicate(timeout=900) for build in builds]
    assert [build.returncode for build in builds] == [0, 0], outcomes
    assert any(f"waiting for a build of _build/html (pid {build.pid}) to finish" in err for build in builds for _, err in outcomes)
    site = project / "_build" / "html"
    assert (site / "searchindex.js").is_file() and not (site / ".building").exists()


def test_a_read_only_output_folder_is_refused_before_any_work(built_project, tmp_path):
    project = Path(shutil.copytree(built_project, tmp_path / "project", symlinks=True))
    with read_only(tmp_path / "locked"):
        refused = edition(project, tmp_path / "locked" / "edition", 4000)
    assert refused.returncode == 2 and refused.stderr.startswith(f"error: {tmp_path / 'locked'}: cannot write there"), refused.stderr
    assert refused.stderr.count("\n") == 1
    with read_only(project / "_build" / "pdf"):
        printed = make(project, "pdf", check=False)
    assert printed.returncode != 0
    assert f"error: {project / '_build' / 'pdf'}: cannot write there (" in printed.stderr, printed.stderr
    assert "Traceback" not in printed.stderr


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("unshare") is None, reason="a worker with its own view of the files needs root's unshare")
def test_a_worker_that_sees_other_data_is_refused_by_name(built_project, tmp_path):
    """The worker runs in a mount namespace where the project's data/ is an empty folder: it sees the project, not the data."""
    empty = tmp_path / "empty"
    empty.mkdir()
    wrap = ("unshare", "--mount", "--propagation", "private", "sh", "-c",
            f'mount --bind "{empty}" "{built_project / "data"}" && exec "$0" "$@"')
    grid = tmp_path / "grid.yaml"
    grid.write_text("grid:\n  alignment_weight: [0.25]\n", encoding="utf-8")
    with dask_cluster(1, tmp_path / "logs", wrap=wrap) as (address, _):
        result = command(built_project, "sweep", "01_balance_of_power", "--grid", str(grid), "--out", str(tmp_path / "sweep"),
                         "--scheduler", address)
    assert result.returncode == 2
    assert f"--scheduler {address}: worker tcp://127.0.0.1:" in result.stderr
    assert f"{built_project / 'data'}: cannot read it" in result.stderr
    assert not (tmp_path / "sweep").exists()
