"""Faults a hostile tester would inject: kill -9 at each step of a publish and of a book build, two
publishes at once, a truncated state file. After each, the next command repairs what was left,
and ``public/`` is either as it was or holds the finished version, its shared files agreeing.

The kills are real (SIGKILL) and land at a named step: ``COUNTERBALANCE_FAIL_AT`` makes the
process kill itself there, so each fault is reproducible rather than a race.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import VENV, edit_cell, make, private_copy
from counterbalance.paths import FAIL_AT_ENV
from tools.testbed import published_site, tree_digest

pytestmark = pytest.mark.slow
COUNTERBALANCE = str(VENV / "bin" / "counterbalance")


def publish(project: Path, version: str, fail_at: str | None = None) -> subprocess.CompletedProcess:
    """``counterbalance publish --version`` in `project` (notebooks already executed), killed at `fail_at`."""
    environment = {**os.environ, **({FAIL_AT_ENV: fail_at} if fail_at else {})}
    return subprocess.run([COUNTERBALANCE, "publish", "--version", version], cwd=project, env=environment,
                          capture_output=True, text=True, timeout=600)


def visible(digest: dict[str, str]) -> dict[str, str]:
    """A :func:`tree_digest` without the hidden files (the lock and the publish's journal)."""
    return {path: value for path, value in digest.items() if not path.startswith(".")}


def shared_files_agree(public: Path) -> str:
    """The newest version, after checking that what a reader fetches agrees on it and that no leftover remains."""
    newest = published_site(public)
    assert (public / "versions.json").read_text(encoding="utf-8") == (public / "latest" / "versions.json").read_text(encoding="utf-8")
    assert sorted(p.name for p in public.iterdir() if p.name.startswith(".") and p.name != ".lock") == []
    return newest


@pytest.fixture
def project(published_project, tmp_path) -> Path:
    """A private copy of the project that published v1.0.0 (its build, executed notebooks and public/)."""
    return private_copy(published_project, tmp_path / "project")


def test_a_publish_killed_before_its_version_moves_in_leaves_public_as_it_was(project):
    """Killed while building, then while copying: public/ is as it was after each kill, and each next publish rolls the
    interrupted one back; the last completes. (One project for both kills: two full builds where separate tests took three.)"""
    public = project / "public"
    before = visible(tree_digest(public))
    attempts = []
    for step in ("building", "copying"):
        attempts.append(publish(project, "v1.1.0", fail_at=step))
        assert attempts[-1].returncode == -9, step
        assert visible(tree_digest(public)) == before, step
    again = publish(project, "v1.1.0")
    assert again.returncode == 0, again.stderr
    # the publish killed while copying had rolled back the one killed while building, and the last rolled back that one
    for later in (attempts[1], again):
        assert "rolled back the interrupted publish of v1.1.0" in later.stderr
    assert shared_files_agree(public) == "v1.1.0"


def test_a_publish_killed_after_its_version_moved_in_is_completed_by_the_next(project):
    """Killed after moving in, after sharing, after exchanging: the next publish of the same version completes it, then
    refuses to publish it twice, and the publish after that (the next kill's, then the last) works on what it left."""
    public = project / "public"
    for step, version in (("moved", "v1.1.0"), ("shared", "v1.2.0"), ("exchanged", "v1.3.0")):
        killed = publish(project, version, fail_at=step)
        assert killed.returncode == -9 and (public / version).is_dir(), step
        again = publish(project, version)
        assert again.returncode == 2 and "already published" in again.stderr, step
        assert f"completed the interrupted publish of {version}" in again.stderr, step
        assert shared_files_agree(public) == version, step
    later = publish(project, "v1.4.0")
    assert later.returncode == 0, later.stderr
    assert shared_files_agree(public) == "v1.4.0"
    assert sorted(p.name for p in public.glob("v*.*.*") if p.is_dir()) == ["v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0", "v1.4.0"]


def test_two_publishes_at_once_each_get_their_own_build_and_the_second_follows_the_first(project):
    public = project / "public"
    first = subprocess.Popen([COUNTERBALANCE, "publish", "--version", "v1.1.0"], cwd=project,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen([COUNTERBALANCE, "publish", "--version", "v1.2.0"], cwd=project,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outcomes = [process.communicate(timeout=600) for process in (first, second)]
    assert first.returncode == second.returncode == 0, outcomes
    assert any("waiting for a publish of v1." in err for _, err in outcomes)
    for version in ("v1.1.0", "v1.2.0"):
        assert f"Version {version} · commit" in (public / version / "intro.html").read_text(encoding="utf-8")
    newer, older = sorted(("v1.1.0", "v1.2.0"), key=lambda v: (public / v / "changelog.html").stat().st_mtime, reverse=True)
    assert f"Compared with {older}" in (public / newer / "changelog.html").read_text(encoding="utf-8")
    assert shared_files_agree(public) == "v1.2.0"


def test_published_files_are_readable_by_a_web_server(published_project):
    public = published_project / "public"
    modes = {stat.S_IMODE(p.stat().st_mode) for p in public.rglob("*") if p.name != ".lock" and not p.is_symlink()}
    assert modes <= {0o644, 0o755}, sorted(oct(m) for m in modes)


def test_a_book_build_killed_in_its_last_phase_is_rebuilt_whole(project):
    site = project / "_build" / "html"
    edit_cell(project / "data", "unit_history", "hist_commando_cyprus", "operation", "Cyprus intervention of 1974")  # one notebook reads it
    environment = {**os.environ, FAIL_AT_ENV: "sphinx-finish"}
    killed = subprocess.run(["make", f"VENV={VENV}", "book"], cwd=project, env=environment, capture_output=True, text=True, timeout=900)
    assert killed.returncode != 0
    assert (site / ".building").exists() and not (site / ".built").exists()  # marked half-built, not finished
    make(project, "book")
    for name in ("searchindex.js", "search.html", ".built"):
        assert (site / name).is_file(), name
    assert list((site / "figures").rglob("*.svg")) and not (site / ".building").exists()


def test_a_truncated_notebook_list_is_remade_and_edits_still_rerun_notebooks(project):
    make(project, "book")
    (project / "_build" / "notebooks.mk").write_text("NOTEBOOK_NAMES += 01_bal", encoding="utf-8")
    edit_cell(project / "data", "unit_history", "hist_commando_cyprus", "operation", "Cyprus operation of 1974")
    result = make(project, "book")
    assert "execute 02_unit_lineage" in result.stdout
    assert "NOTEBOOK_LIST_COMPLETE := yes" in (project / "_build" / "notebooks.mk").read_text(encoding="utf-8")
    assert "Cyprus operation of 1974" in (project / "_build" / "html" / "analysis" / "02_unit_lineage.html").read_text(encoding="utf-8")
