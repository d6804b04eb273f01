"""The report's chapters: citations resolve, every source is cited, sentences follow the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import counterbalance as cb
from conftest import edit_cell, make
from tools.testbed import copy_project
from counterbalance.bookext.facts import markdown_text, substitutions
from counterbalance.assumptions import ICD203_SCALE

DATA_TABLE = re.compile(r'<table class="[^"]*cb-data.*?</table>', re.S)


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")
            if not p.relative_to(site).parts[0].startswith("_")}


def test_data_text_is_escaped_for_markdown():
    assert markdown_text("<img src=x onerror=alert(1)>") == r"\<img src\=x onerror\=alert\(1\)\>"
    from counterbalance.paths import DATA_DIR
    from counterbalance.data import read_descriptor

    values = substitutions(cb.load_tables(), read_descriptor(DATA_DIR))
    assert values["dep_ru_troops"].startswith("some 1\\,960 troops ({source}`sputnik_tr_2020_11_14`, graded C2)")


@pytest.mark.slow
def test_every_source_is_cited_in_the_prose_and_every_citation_resolves(built_project):
    site = built_project / "_build" / "html"
    html = pages(site)
    anchors = set(re.findall(r'id="(source-[^"]+)"', html["sources.html"])) | set(re.findall(r'id="(row-[^"]+)"', html["data.html"]))
    cited = set()
    for name, text in html.items():
        for page, anchor in re.findall(r'href="(?:\.\./)?(sources|data)\.html#((?:source|row)-[^"]+)"', text):
            assert anchor in anchors, f"{name} links to a missing {page}.html#{anchor}"
        if name != "sources.html":
            cited |= set(re.findall(r'sources\.html#source-([^"]+)"', DATA_TABLE.sub("", text)))
    assert cited == set(cb.load_tables("sources")["sources"]["source_id"])


@pytest.mark.slow
def test_key_judgements_carry_computed_likelihood_words(built_project):
    summary = (built_project / "_build" / "html" / "intro.html").read_text(encoding="utf-8")
    words = re.findall(r'Likelihood: <strong><span class="pasted-text">(.*?)</span></strong>', summary)
    assert len(words) == 3 and set(words) <= {w for w, _, _ in ICD203_SCALE}


@pytest.mark.slow
def test_a_data_edit_changes_the_sentences_that_use_it(tmp_path):
    project = copy_project(tmp_path)
    make(project, "book")
    site = project / "_build" / "html"
    before = pages(site)
    assert "some 1,960 troops" in before["contingents.html"]
    for field, value in (("count_reported", "some 4,000 troops"), ("count_point", "4000"), ("count_low", "3800"), ("count_high", "4200")):
        edit_cell(project / "data", "deployments", "dep_ru_troops", field, value)
    make(project, "book")
    after = pages(site)
    for page in ("contingents.html", "intro.html"):
        assert "some 4,000 troops" in after[page] and "1,960" not in after[page], page
    assert "some 4,000 troops" in after["data.html"]
    # the glued parity size in the summary follows the models, not the text
    parity = re.compile(r'would\s+need about <span class="pasted-text">(\d+)</span>\s+monitors')
    assert int(parity.search(after["intro.html"])[1]) > int(parity.search(before["intro.html"])[1])
