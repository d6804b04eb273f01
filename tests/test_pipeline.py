"""The pipeline end to end, on copies of the project: build, incremental reruns, failures, determinism."""

from __future__ import annotations

import datetime
import filecmp
import re

import nbformat
import pytest

from conftest import edit_cell, line_of, make, private_copy
from tools.testbed import copy_project, tree_digest
from counterbalance.data import data_hash
from counterbalance.pipeline.registry import NOTEBOOKS

pytestmark = pytest.mark.slow
NOTEBOOK_PAGES = sorted(NOTEBOOKS)


def executed(output: str) -> set[str]:
    return {name for name in NOTEBOOK_PAGES if f"execute {name}" in output}


def test_book_has_every_chapter_and_no_op_does_nothing(built_project, tmp_path):
    html = built_project / "_build" / "html"
    for name in NOTEBOOK_PAGES:
        assert (html / "analysis" / f"{name}.html").is_file()
    again = make(private_copy(built_project, tmp_path / "project"), "book")
    assert executed(again.stdout) == set() and "counterbalance book" not in again.stdout


def test_one_table_edit_reruns_exactly_the_notebooks_reading_it(built_project, clean_build_output, tmp_path):
    """An edit to one table reruns the notebooks that read it, reads again only the pages that show that table (the
    lineage chapter, the data chapter, the bibliography, the chapters citing its rows), and every page's footer,
    read again or not, states the new data hash."""
    assert executed(clean_build_output) == set(NOTEBOOK_PAGES)  # the premise: the output of a clean build
    assert not re.search(r"\b(ERROR|WARNING)\b", clean_build_output), "a clean build printed noise that reads as failure"
    project = private_copy(built_project, tmp_path / "project")
    # Sphinx discards an environment pickled in another folder: one build in the copy makes the environment its own
    (project / "_build/html/.built").unlink()
    assert executed(make(project, "book").stdout) == set()
    doctrees = project / "_build" / ".doctrees"
    read_at = {p.relative_to(doctrees).as_posix(): p.stat().st_mtime_ns for p in doctrees.rglob("*.doctree")}
    edit_cell(project / "data", "unit_history", "hist_commando_cyprus", "operation", "Cyprus intervention")
    assert executed(make(project, "book").stdout) == {"02_unit_lineage"}
    read_again = {name for name, mtime in read_at.items() if (doctrees / name).stat().st_mtime_ns != mtime}
    assert {"analysis/02_unit_lineage.doctree", "data.doctree", "sources.doctree"} <= read_again
    assert not {"intro.doctree", "methods.doctree", "glossary.doctree", "analysis/01_balance_of_power.doctree"} & read_again
    assert "Cyprus intervention" in (project / "_build/html/data.html").read_text(encoding="utf-8")
    stamp = f"data {data_hash(project / 'data')[:12]}"
    footers = {p.name: re.search(r'<p class="cb-stamp">([^<]*)</p>', p.read_text(encoding="utf-8"))
               for p in (project / "_build/html").glob("*.html") if p.name != "index.html"}
    assert footers and all(found and stamp in found[1] for found in footers.values()), footers
    edit_cell(project / "data", "deployments", "dep_tr_engineers", "description", "De-miners")
    assert executed(make(project, "book").stdout) == {"01_balance_of_power", "03_deployment_timeline", "04_scenarios", "05_uncertainty",
                                                      "06_scoring"}
    page = (project / "_build/html/analysis/02_unit_lineage.html").read_text(encoding="utf-8")
    assert "Cyprus intervention" in page


def test_bad_data_stops_the_build_before_any_notebook(tmp_path):
    project = copy_project(tmp_path)
    edit_cell(project / "data", "actors", "tr_army", "kind", "navy")
    result = make(project, "book", check=False)
    assert result.returncode != 0
    assert f"data/actors.csv:{line_of(project / 'data', 'actors', 'tr_army')}: kind: 'navy' is not allowed" in result.stderr
    assert not (project / "book" / "analysis").exists()


def test_failing_notebook_is_named_and_previous_site_kept(built_project, tmp_path):
    project = private_copy(built_project, tmp_path / "project")
    before = tree_digest(project / "_build" / "html")
    path = project / "notebooks" / "02_unit_lineage.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("raise RuntimeError('lineage broke')", id="broken"))
    nbformat.write(nb, path)
    result = make(project, "book", check=False)
    assert result.returncode != 0
    assert "notebooks/02_unit_lineage.ipynb: cell 3" in result.stderr and "RuntimeError: lineage broke" in result.stderr
    assert tree_digest(project / "_build" / "html") == before


def test_two_clean_builds_are_byte_identical(built_project, tmp_path):
    second = copy_project(tmp_path)
    make(second, "book")
    first_html, second_html = built_project / "_build" / "html", second / "_build" / "html"
    first, other = tree_digest(first_html), tree_digest(second_html)
    assert sorted(first) == sorted(other)
    differing = [name for name in first if first[name] != other[name]]
    assert differing == [], f"differ: {differing}"
    assert not filecmp.dircmp(first_html, second_html).diff_files


def test_pages_carry_no_build_date_or_absolute_path(built_project):
    today = datetime.date.today()
    data = " ".join(path.read_text(encoding="utf-8") for path in (built_project / "data").glob("*.csv"))
    # a date the data itself holds (a source read today) may be shown; the day of the build may not
    stamps = [s for s in (today.strftime("%b %d, %Y"), today.isoformat(), str(built_project)) if s not in data]
    for page in (built_project / "_build" / "html").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not [s for s in stamps if s in text], page


def test_every_cell_that_draws_a_chart_shows_it(built_project):
    for name in NOTEBOOK_PAGES:
        nb = nbformat.read(built_project / "book" / "analysis" / f"{name}.ipynb", as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code" and re.search(r"\bcb\.\w+_chart\(", cell.source):
                shown = [o for o in cell.outputs if 'class="cb-chart"' in "".join(o.get("data", {}).get("text/html", ""))]
                assert len(shown) == 1, f"{name}: cell {cell.id} draws a chart but shows {len(shown)}"
