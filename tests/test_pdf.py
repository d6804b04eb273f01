"""The PDF edition: every chapter on its own pages, the report's figures in its text, vector charts, the same bytes twice, published with its version."""

from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

import counterbalance as cb
from conftest import make, private_copy
from tools.testbed import tree_digest
from counterbalance.data import data_hash
from counterbalance.paths import CHROMIUM, DATA_ZIP, PDF_NAME
from counterbalance.pipeline.pdf import pdf_path
from counterbalance.pipeline.print_page import CONTENTS_PAGE, REFERENCES, chapters_in_print_order
from counterbalance.pipeline.runs import key_figures

pytestmark = pytest.mark.slow


def folded(text: str) -> str:
    """Text as compared: ligatures (ﬁ) unfolded, white space folded."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def page_texts(pdf: Path) -> list[str]:
    return [folded(page.extract_text() or "") for page in PdfReader(pdf).pages]


def chapter_titles(site: Path, files: list[str]) -> dict[str, str]:
    """Each chapter's title as the HTML site names it (its ``<title>``, without the book's name)."""
    titles = {}
    for name in files:
        title = re.search(r"<title>(.*?)</title>", (site / f"{name}.html").read_text(encoding="utf-8"), re.S).group(1)
        titles[name] = folded(html.unescape(title).rsplit(" \u2014 ", 1)[0])
    return titles


@pytest.fixture(scope="module")
def printed_project(built_project, tmp_path_factory) -> Path:
    """A copy of the built project (outside git: its PDF is named ``dev``) in which ``make pdf`` ran."""
    project = private_copy(built_project, tmp_path_factory.mktemp("printed") / "project")
    make(project, "pdf")
    return project


@pytest.fixture(scope="module")
def printed(printed_project) -> Path:
    """The PDF ``make pdf`` printed."""
    return pdf_path(printed_project, "")


@pytest.fixture(scope="module")
def pages(printed) -> list[str]:
    """The printed PDF's text, page by page (extracted once: it takes seconds)."""
    return page_texts(printed)


def test_every_chapter_starts_a_page_of_its_own_in_reading_order_with_the_sources_last(built_project, pages):
    files = [f for _, chapter_files in chapters_in_print_order(built_project) for f in chapter_files]
    titles = chapter_titles(built_project / "_build" / "html", files)
    starts, after = [], 1  # page 1 is the title page: every chapter starts after it
    for name in files:
        start = next((i for i in range(after, len(pages)) if pages[i].startswith(titles[name])), None)
        assert start is not None, f"no page after {after + 1} starts with the chapter {titles[name]!r}"
        starts.append(start)
        after = start + 1
    assert files[-1] == REFERENCES and len(set(starts)) == len(files) >= 15
    assert pages[1].startswith("Contents") and all(titles[f] in pages[1] for f in files)  # the table of contents
    assert all(re.search(rf"\b{n + 1} / {len(pages)}$", pages[n]) for n in range(len(pages)))  # numbered pages


def test_the_contents_give_the_page_each_chapter_starts_on(built_project, pages):
    files = [f for _, chapter_files in chapters_in_print_order(built_project) for f in chapter_files]
    titles = chapter_titles(built_project / "_build" / "html", files)
    for name in files:
        listed = re.search(rf"{re.escape(titles[name])} (\d+)\b", pages[1])
        assert listed, f"the contents give no page for {titles[name]!r}"
        assert pages[int(listed.group(1)) - 1].startswith(titles[name]), (name, listed.group(1))


def test_contents_numbers_kept_from_an_earlier_print_are_checked_and_corrected(tmp_path):
    """A kept number is a guess: the print that uses it is checked, and printed again with the pages it found."""
    chapters = "".join(f'<section id="{n}" style="break-before: page"><h1>Chapter {n}</h1><p>Text of {n}.</p></section>'
                       for n in ("one", "two"))
    contents = "".join(f'<li><a href="#{n}"><span>Chapter {n}</span> <span class="{CONTENTS_PAGE}" data-target="{n}"></span></a></li>'
                       for n in ("one", "two"))
    page = tmp_path / "print.html"
    page.write_text(f"<!DOCTYPE html><html><body><ol>{contents}</ol>{chapters}</body></html>", encoding="utf-8")
    seed = tmp_path / "contents-pages.json"
    seed.write_text(json.dumps({"one": 7, "two": 9}), encoding="utf-8")  # from a longer book
    # in a process of its own: Playwright's sync API runs one browser session per thread, and this worker may hold one
    printed = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from counterbalance.pipeline.pdf import "
                              "print_to_pdf; print_to_pdf(*map(Path, sys.argv[1:3]), sys.argv[3], Path(sys.argv[4]))",
                              str(page), str(tmp_path / "print.pdf"), CHROMIUM, str(seed)], capture_output=True, text=True, timeout=120)
    assert printed.returncode == 0, printed.stderr
    assert folded(PdfReader(tmp_path / "print.pdf").pages[0].extract_text()) == "1. Chapter one 2 2. Chapter two 3 1 / 3"
    assert json.loads(seed.read_text(encoding="utf-8")) == {"one": 2, "two": 3}


def test_the_title_page_carries_the_version_and_the_data_stamp(built_project, pages):
    first = pages[0]
    assert first.startswith("Counterbalance") and "Version unreleased" in first
    assert f"data {data_hash(built_project / 'data')[:12]}" in first


def test_the_text_holds_the_reports_headline_figures_from_the_data_and_the_models(built_project, pages):
    text = " ".join(pages)
    figures = {name: key_figures(json.loads((built_project / "book" / "analysis" / f"{name}.ipynb").read_text(encoding="utf-8")))
               for name in ("01_balance_of_power", "04_scenarios", "05_uncertainty")}
    headline = [figures["05_uncertainty"][k] for k in ("kf_power_tr", "kf_power_ru", "kf_ratio", "kf_parity_alignment",
                                                        "word_kj_presence_gap", "samples")]
    headline += [figures["04_scenarios"]["parity_alone"]]
    tables = cb.load_tables("deployments", "sources", data_dir=built_project / "data")
    russians = tables["deployments"].set_index("deployment_id").at["dep_ru_troops", "count_point"]
    headline += [f"contingent of up to {int(russians):,} troops", f"The {len(tables['sources'])} sources behind the data"]
    missing = [str(figure) for figure in headline if folded(str(figure)) not in text]
    assert not missing, f"not in the PDF: {missing}"


def test_charts_are_vector_drawings_and_no_navigation_is_printed(printed, pages):
    reader = PdfReader(printed)
    assert sum(len(page.images) for page in reader.pages) == 0  # no raster image: every chart is the SVG, drawn as paths
    text = " ".join(pages)
    assert "ties bound or opposed the actors" in text  # a chart's own title (the network's), drawn from its SVG
    assert "$$" not in text and "\\sum" not in text  # the methods' equations are MathML, drawn, not printed as TeX
    for chrome in ("Skip to main content", "Show code cell source", "Search Ctrl+K", "Static image (SVG)", "Data table"):
        assert chrome not in text, chrome


def test_printing_again_gives_the_same_bytes_with_no_date(printed_project, printed, tmp_path):
    """Printed again, in a copy elsewhere: the PDF names no folder of the machine that printed it. The first print
    numbered its contents from nothing (two prints); the copy starts from the numbers that print kept (one print)."""
    first = printed.read_bytes()
    again = private_copy(printed_project, tmp_path / "project")
    make(again, "pdf")
    # compared by digest: a failure then reports two hashes at once, not a diff of megabytes
    assert hashlib.sha256(pdf_path(again, "").read_bytes()).hexdigest() == hashlib.sha256(first).hexdigest()
    assert b"/CreationDate" not in first and b"/ModDate" not in first
    # no monospace face: inline code is set in the text's face
    assert b"Mono" not in b"".join(re.findall(rb"/BaseFont /[^/\s]+", first))
    targets = [str(annotation.get_object()["/A"].get("/URI", "")) for page in PdfReader(printed).pages
               for annotation in page.get("/Annots", []) if "/A" in annotation.get_object()]
    assert any(t.startswith("https://") for t in targets) and not [t for t in targets if t.startswith("file:")]


def test_a_published_version_carries_its_pdf_and_a_failed_print_publishes_nothing(published_project, tmp_path):
    version = published_project / "public" / "v1.0.0"
    pdf = version / PDF_NAME.format(version="v1.0.0")
    assert page_texts(pdf)[0].count("Version v1.0.0") == 1 and (version / DATA_ZIP).is_file()
    stamped = [p for p in sorted(version.rglob("*.html")) if 'class="cb-stamp"' in p.read_text(encoding="utf-8")]
    assert len(stamped) >= 20 and any(p.parent.name == "analysis" for p in stamped)
    for page in stamped:  # every page of the book, at any depth, links the PDF in its footer
        link = re.search(r'<p class="cb-pdf-link"><a href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert link and (page.parent / link.group(1)).resolve() == pdf.resolve(), page
    project = private_copy(published_project, tmp_path / "project")
    public = project / "public"
    before = tree_digest(public)
    failed = make(project, "publish", "VERSION=v1.1.0", "CHROMIUM=/bin/false", check=False)
    assert failed.returncode != 0 and "chromium (/bin/false) could not print" in failed.stderr
    assert tree_digest(public) == before and not (public / "v1.1.0").exists()
