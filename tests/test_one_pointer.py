"""The published site has one pointer, and the pages say what the data says: a publish killed between any two of
its writes shows a reader the old site or the new one, never a mix; links show their addresses as written; and
the parameter values the notebooks accept run.

Publishing here copies an already built site (``counterbalance publish --site``), so each kill costs a copy,
not a build; the kills are real (kill -9), timed on ``COUNTERBALANCE_FAIL_AT``.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import VENV
from counterbalance.paths import FAIL_AT_ENV
from counterbalance.pipeline.publish import WRITE_STEPS
from tools.testbed import published_site, tree_digest

pytestmark = pytest.mark.slow
COUNTERBALANCE = str(VENV / "bin" / "counterbalance")


def publish(project: Path, site: Path, public: Path, version: str, fail_at: str | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **({FAIL_AT_ENV: fail_at} if fail_at else {})}
    return subprocess.run([COUNTERBALANCE, "publish", "--site", str(site), "--version", version, "--public", str(public)],
                          cwd=project, env=environment, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def first_version(built_project, tmp_path_factory) -> Path:
    """public/ holding v1.0.0, the built project's site."""
    public = tmp_path_factory.mktemp("published") / "public"
    result = publish(built_project, built_project / "_build" / "html", public, "v1.0.0")
    assert result.returncode == 0, result.stderr
    return public


@pytest.mark.parametrize("step", WRITE_STEPS)
def test_a_publish_killed_between_two_writes_shows_the_old_site_or_the_new_one(built_project, first_version, tmp_path, step):
    public = Path(shutil.copytree(first_version, tmp_path / "public", symlinks=True))
    first = tree_digest(public / "v1.0.0")
    killed = publish(built_project, built_project / "_build" / "html", public, "v1.1.0", fail_at=step)
    assert killed.returncode == -9, f"{step} was never reached: {killed.stderr}"
    assert published_site(public) in ("v1.0.0", "v1.1.0")  # what a reader fetches right after the kill agrees with itself
    assert tree_digest(public / "v1.0.0") == first
    again = publish(built_project, built_project / "_build" / "html", public, "v1.1.0")
    assert again.returncode == 0 or "v1.1.0 is already published" in again.stderr, again.stderr
    assert published_site(public) == "v1.1.0"
    assert (public / "versions.json").read_bytes() == (public / "latest" / "versions.json").read_bytes()
    assert sorted(p.name for p in public.iterdir() if p.name.startswith(".") and p.name != ".lock") == []


def test_every_link_to_a_source_shows_its_address_as_written(built_project):
    """Smart quotes would turn the '---' and '--' inside two addresses into dashes on the Sources page."""
    page = BeautifulSoup((built_project / "_build" / "html" / "sources.html").read_text(encoding="utf-8"), "html.parser")
    shown = [(a.get_text(), a["href"]) for a in page.select("a[href^=http]") if a.get_text().startswith("http")]
    assert len(shown) > 100
    assert [(text, href) for text, href in shown if text != html.unescape(href)] == []
    assert any("nagorno-karabakh---defense-ministry" in text for text, _ in shown)
    assert any("pullout-from-karabakh--updated-" in text for text, _ in shown)


@pytest.mark.parametrize(("notebook", "grade", "expected"), [
    ("06_scoring", "B1", "probability_model"),
    ("03_deployment_timeline", "A1", "events_shown"),
])
def test_a_grade_the_parameters_accept_runs(built_project, tmp_path, notebook, grade, expected):
    """At B1 the 2020 model forecasts from fewer rows, and the scoring prints its probability; at A1 no war is left on the timeline."""
    out = tmp_path / "run"
    result = subprocess.run([COUNTERBALANCE, "run", notebook, "-p", "min_grade", grade, "--out", str(out)], cwd=built_project,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"  {expected}: " in result.stdout
    page = (out / f"{notebook}.html").read_text(encoding="utf-8")
    assert "nan%" not in page and ">nan<" not in page
