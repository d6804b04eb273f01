"""An analyst's edition: the whole book under one's own assumptions, the published book and build untouched."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import VENV
from counterbalance.paths import PROJECT_ROOT
from counterbalance.pipeline.cli import main
from counterbalance.pipeline.runs import key_figures
from tools.pagecheck import WIDTHS, inspect_page, site_pages
from tools.testbed import serve, tree_digest

COUNTERBALANCE = str(VENV / "bin" / "counterbalance")
#: The weight an analyst changes, its published value and theirs.
WEIGHT, PUBLISHED, THEIRS = "weight_engineers", 1.0, 20.0  # Turkey's de-miners are in the theatre on the book's day


@pytest.mark.parametrize(("arguments", "expected"), [
    (["-p", "weight_monitor", "1"], "weight_monitor: not a parameter of any notebook (did you mean 'weight_monitors'?)"),
    (["-p", "weight_monitors", "-1"], "weight_monitors: '-1' is below the minimum 0"),
    (["-p", "steps", "1"], "steps: '1' is below the minimum 2"),
])
def test_a_bad_assumption_is_refused_before_any_kernel_naming_it(monkeypatch, capsys, tmp_path, arguments, expected):
    monkeypatch.chdir(PROJECT_ROOT)
    assert main(["edition", *arguments, "--out", str(tmp_path / "edition")]) == 2
    assert expected in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


@pytest.fixture(scope="module")
def edition(published_project, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, dict]:
    """An edition of the project that published v1.0.0, with one weight changed, and the digests of what it must not
    touch, before and after."""
    guarded = {name: published_project / name for name in ("_build/html", "book", "public")}
    before = {name: tree_digest(folder) for name, folder in guarded.items()}
    assert all(before.values()) and "v1.0.0/intro.html" in before["public"]  # the premise: there is something to change
    params = tmp_path_factory.mktemp("params") / "my.yaml"
    params.write_text(f"{WEIGHT}: {THEIRS}\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("runs") / "my-edition"
    result = subprocess.run([COUNTERBALANCE, "edition", "--params", str(params), "--out", str(out)], cwd=published_project,
                            capture_output=True, text=True, timeout=900)
    after = {name: tree_digest(folder) for name, folder in guarded.items()}
    return out, result, {"before": before, "after": after}


@pytest.mark.slow
def test_an_edition_builds_quietly_and_leaves_the_book_and_the_published_versions_alone(edition):
    out, result, digests = edition
    assert result.returncode == 0, result.stderr
    assert not re.search(r"\b(ERROR|WARNING)\b", result.stdout + result.stderr), result.stderr
    assert digests["after"] == digests["before"]
    manifest = json.loads((out / "edition.json").read_text(encoding="utf-8"))
    assert manifest["changed"][WEIGHT] | {"notebooks": None} == {"doc": "Power of one military engineer or de-miner", "published": PUBLISHED,
                                                                 "edition": THEIRS, "notebooks": None}
    assert set(manifest["rerun"]) == {"01_balance_of_power", "04_scenarios", "05_uncertainty", "06_scoring"}
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["data_hash"]) and "commit" in manifest  # None in a copy outside git


@pytest.mark.slow
def test_every_page_names_the_changed_weight_and_its_published_value(edition):
    out, result, _ = edition
    assert result.returncode == 0, result.stderr
    pages = [out / "html" / name for name in site_pages(out / "html", redirects=False) if not name.startswith("figures/")]
    assert len(pages) > 20
    for page in pages:
        banner = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".bd-header-announcement")
        assert banner is not None, f"{page} has no banner"
        text = " ".join(banner.get_text(" ").split())
        assert f"{WEIGHT} {THEIRS:g} (published {PUBLISHED:g})" in text, text
        link = banner.find("a", string="What changed")["href"]
        target = page if link == "#" else page.parent / link  # the page itself links to itself
        assert target.resolve() == (out / "html" / "what-changed.html").resolve(), f"{page}: {link}"


@pytest.mark.slow
def test_what_changed_lists_every_figure_the_weight_moved(built_project, edition, tmp_path):
    """The figures listed for the network are exactly those a plain run with the same weight moves."""
    out, result, _ = edition
    assert result.returncode == 0, result.stderr
    run = subprocess.run([COUNTERBALANCE, "run", "01_balance_of_power", "-p", WEIGHT, str(THEIRS), "--out", str(tmp_path / "run")],
                         cwd=built_project, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    published = key_figures(json.loads((built_project / "book" / "analysis" / "01_balance_of_power.ipynb").read_text(encoding="utf-8")))
    mine = json.loads((tmp_path / "run" / "key_figures.json").read_text(encoding="utf-8"))
    moved = {key for key in published if json.dumps(published[key]) != json.dumps(mine[key])}
    assert {"kf_power_tr", "theatre_power"} <= moved

    page = BeautifulSoup((out / "html" / "what-changed.html").read_text(encoding="utf-8"), "html.parser")
    network = page.find(id="balance-of-power-network").find("table")
    listed = {row.find("code").get_text() for row in network.select("tbody tr")}
    assert listed == moved
    assumptions = page.find(id="assumptions").find("table").get_text(" ")
    assert WEIGHT in assumptions and f"{PUBLISHED:g}" in assumptions and f"{THEIRS:g}" in assumptions
    # the home page's headline figure, which it takes from the uncertainty chapter, is linked from that chapter's row
    uncertainty = page.find(id="uncertainty").find("table")
    row = next(r for r in uncertainty.select("tbody tr") if r.find("code").get_text() == "kf_power_tr")
    assert "intro.html" in [a["href"] for a in row.find_all("a")]


@pytest.mark.slow
def test_the_edition_pages_pass_the_readers_checks(edition, browser):
    out, result, _ = edition
    assert result.returncode == 0, result.stderr
    findings = []
    with serve(out / "html") as base:
        for name in ("what-changed.html", "analysis/01_balance_of_power.html"):
            for width in WIDTHS.values():
                findings += inspect_page(browser, base, name, width).findings()
    assert not findings, "\n".join(findings)
