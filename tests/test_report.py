"""The report's chapters: citations resolve, every chapter cites its sources, sentences follow the data."""

from __future__ import annotations

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
    summary = (built_project / "_build" / "html" / "intro.html").read_text(encoding="utf-8")
    words = re.findall(r'Likelihood:\s+<strong><span class="pasted-text">(.*?)</span></strong>', summary)
    assert len(words) == 3 and set(words) <= {w for w, _, _ in ICD203_SCALE}
    assert len(re.findall(r"On 17 December 2020,", text_of(summary))) >= 4  # each judgement states the day it holds for


@pytest.mark.slow
def test_a_data_edit_changes_the_sentences_that_use_it(built_project, tmp_path):
    project = private_copy(built_project, tmp_path / "project")
    site = project / "_build" / "html"
    before = pages(site)
    assert "contingent of 1,960 troops" in text_of(before["intro.html"])
    for field, value in (("count_reported", "4000 servicemen"), ("count_point", "4000"), ("count_low", "4000"), ("count_high", "4000")):
        edit_cell(project / "data", "deployments", "dep_ru_troops", field, value)
    make(project, "book")
    after = pages(site)
    assert "contingent of 4,000 troops" in text_of(after["intro.html"]) and "1,960 troops" not in text_of(after["intro.html"])
    assert "numbered 4,000 servicemen" in text_of(after["contingents.html"])
    assert "4000 servicemen" in after["data.html"]
    # the glued parity size in the summary follows the models, not the text, rounded to what its range supports
    parity = re.compile(r'would\s+have\s+needed\s+<span class="pasted-text">about ([\d,]+)</span>\s+monitors')
    sizes = [int(parity.search(page["intro.html"])[1].replace(",", "")) for page in (before, after)]
    assert sizes[1] > sizes[0] and all(size % 100 == 0 for size in sizes)
