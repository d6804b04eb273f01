"""The report's chapters: citations resolve, every chapter cites its sources, sentences follow the data."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

import counterbalance as cb
from conftest import edit_cell, make, private_copy
from counterbalance.bookext.facts import markdown_text, substitutions
from counterbalance.assumptions import ICD203_SCALE

DATA_TABLE = re.compile(r'<table class="[^"]*cb-data.*?</table>', re.S)


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")
            if not p.relative_to(site).parts[0].startswith("_")}


def text_of(html: str) -> str:
    """A page's text, tags removed and white space folded, as a reader reads it."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_data_text_is_escaped_for_markdown():
    assert markdown_text("<img src=x onerror=alert(1)>") == r"\<img src\=x onerror\=alert\(1\)\>"
    from counterbalance.paths import DATA_DIR
    from counterbalance.data import read_descriptor

    values = substitutions(cb.load_tables(), read_descriptor(DATA_DIR))
    # a table's description enters the Methods chapter as Markdown: escaped, so it shows as written
    assert "which source supports\\, revises or contradicts which row\\, and where it says so\\." in values["schema_table"]


NARRATIVE = ("intro.html", "background.html", "contingents.html", "monitoring.html", "september2023.html", "end.html", "outlook.html")


@pytest.mark.slow
def test_every_citation_resolves_and_every_narrative_chapter_cites_its_sources(built_project):
    site = built_project / "_build" / "html"
    html = pages(site)
    anchors = set(re.findall(r'id="(source-[^"]+)"', html["sources.html"])) | set(re.findall(r'id="(row-[^"]+)"', html["data.html"]))
    cited = {}
    for name, text in html.items():
        for page, anchor in re.findall(r'href="(?:\.\./)?(sources|data)\.html#((?:source|row)-[^"]+)"', text):
            assert anchor in anchors, f"{name} links to a missing {page}.html#{anchor}"
        cited[name] = set(re.findall(r'sources\.html#source-([^"]+)"', DATA_TABLE.sub("", text)))
    sources = set(cb.load_tables("sources")["sources"]["source_id"])
    assert {f"source-{s}" for s in sources} <= anchors  # the bibliography lists every source
    for name in NARRATIVE:
        assert len(cited[name]) >= 5 and cited[name] <= sources, name


@pytest.mark.slow
def test_key_judgements_carry_computed_likelihood_words(built_project):
    """The summary leads with the four judgements: each with its likelihood word, falsifying evidence and rows."""
    summary = (built_project / "_build" / "html" / "intro.html").read_text(encoding="utf-8")
    words = re.findall(r'Likelihood:\s+<strong><span class="pasted-text">(.*?)</span></strong>', summary)
    assert len(words) == len(cb.KEY_JUDGEMENTS) and set(words) <= {w for w, _, _ in ICD203_SCALE}
    text = text_of(summary)
    assert text.count("It would have been false given") == len(cb.KEY_JUDGEMENTS) and text.count("Rows: ") == len(cb.KEY_JUDGEMENTS)
    assert text.index("Key judgements") < text.index("The arrangement lasted")  # the summary leads with them


@pytest.mark.slow
def test_no_two_pages_state_different_values_for_one_key_figure(built_project):
    """Every notebook that glues a key figure glues the same words, and every page that pastes one shows them."""
    from counterbalance.pipeline.runs import key_figures

    executed = {p.stem: key_figures(json.loads(p.read_text(encoding="utf-8"))) for p in (built_project / "book" / "analysis").glob("*.ipynb")}
    owner = executed["05_uncertainty"]
    stated = {name: owner[name] for name in owner if name.startswith("kf_")}
    assert set(stated) == {f"kf_{name}" for name in cb.KEY_FIGURES}
    for notebook, figures in executed.items():
        for name in set(figures) & set(stated):
            assert figures[name] == stated[name], (notebook, name)
    html = pages(built_project / "_build" / "html")
    pasted = {page: set(re.findall(r'<span class="pasted-text">(.*?)</span>', text)) for page, text in html.items()}
    for name in ("kf_power_az", "kf_ratio", "kf_parity_alignment"):
        quoting = [page for page, values in pasted.items() if stated[name] in values]
        assert len(quoting) >= 2, name  # stated on more than one page, and identically
    assert not re.search(r"ratio[^.]{0,40}about 20\b", text_of(html["intro.html"]))


def cite_figure(data_dir: Path, row_ids: tuple[str, ...], figure: str) -> None:
    """Every citation supporting the figure of `row_ids` gives `figure`, exactly, as the edited rows do."""
    path = data_dir / "citations.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["row_id"] in row_ids and row["about"] == "count" and row["stance"] == "supports":
            row.update(count_point=figure, count_low=figure, count_high=figure, count_qualifier="exact")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.slow
def test_a_data_edit_changes_the_sentences_that_use_it(built_project, tmp_path):
    project = private_copy(built_project, tmp_path / "project")
    site = project / "_build" / "html"
    before = pages(site)
    assert "contingent of up to 1,960 troops" in text_of(before["intro.html"])
    for field, value in (("count_reported", "4000 servicemen"), ("count_point", "4000"), ("count_low", "4000"), ("count_high", "4000")):
        edit_cell(project / "data", "deployments", "dep_ru_troops", field, value)  # the ceiling
        edit_cell(project / "data", "deployments", "dep_ru_troops_deployed", field, value)  # and the strength reported under it
    cite_figure(project / "data", ("dep_ru_troops", "dep_ru_troops_deployed"), "4000")  # the sources giving the figure say so too
    make(project, "book")
    after = pages(site)
    assert "contingent of up to 4,000 troops" in text_of(after["intro.html"]) and "1,960 troops" not in text_of(after["intro.html"])
    assert "ceiling at 4,000 servicemen" in text_of(after["contingents.html"])
    assert "4000 servicemen" in after["data.html"]
    # the glued parity size follows the models, not the text, rounded to what its range supports
    parity = re.compile(r'would\s+have\s+needed\s+<span class="pasted-text">about ([\d,]+)</span>\s+monitors')
    sizes = [int(parity.search(page["heldup.html"])[1].replace(",", "")) for page in (before, after)]
    assert sizes[1] > sizes[0] and all(size % 100 == 0 for size in sizes)
