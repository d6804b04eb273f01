"""A report a researcher can cite: CITATION.cff is valid Citation File Format 1.2 and agrees with the package's
publication facts (title, authors, licences, version), and the method references parse."""

from __future__ import annotations

import tomllib

import yaml
from pybtex.database import parse_file

from counterbalance import __version__
from counterbalance.bookext.references import formatted_references
from counterbalance.paths import PROJECT_ROOT
from counterbalance.publication import AUTHORS, CODE_LICENCE, SUBTITLE, TEXT_LICENCE, TITLE, suggested_citation

CFF = PROJECT_ROOT / "CITATION.cff"


def test_citation_cff_holds_what_cff_1_2_requires_and_says_what_the_report_says():
    cff = yaml.safe_load(CFF.read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert {"cff-version", "message", "title", "authors"} <= set(cff) and cff["message"].strip()
    assert cff["title"] == f"{TITLE}: {SUBTITLE}"
    assert cff["authors"] == [{"name": AUTHORS}]
    assert cff["license"] == [TEXT_LICENCE[0], CODE_LICENCE[0]]
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["version"] == project["version"] == __version__ and project["license"]["text"] == CODE_LICENCE[0]
    assert cff["type"] in {"dataset", "software"}


def test_the_suggested_citation_names_title_version_date_of_the_data_and_address():
    text = suggested_citation("v1.2.0", "12 June 2024", "https://example.org/counterbalance/v1.2.0/")
    assert text.startswith(f"{AUTHORS}. {TITLE}: {SUBTITLE}, v1.2.0, data to 12 June 2024. ") and text.endswith("https://example.org/counterbalance/v1.2.0/")


def test_the_method_references_are_each_there_with_their_details():
    bib = parse_file(str(PROJECT_ROOT / "book" / "references.bib"))
    assert set(bib.entries) == {"cartwright1956", "brier1950", "murphy1973", "icd203", "jcgm100"}
    texts = dict(formatted_references(PROJECT_ROOT / "book" / "references.bib"))
    assert "Psychological Review, 63(5):277–293, 1956" in texts["cartwright1956"]
    assert "Monthly Weather Review, 78(1):1–3, 1950" in texts["brier1950"]
    assert "Journal of Applied Meteorology, 12(4):595–600" in texts["murphy1973"]
    assert "JCGM 100:2008" in texts["jcgm100"] and "Intelligence Community Directive 203" in texts["icd203"]
