"""Markup or script in any text field of the data renders as text on every page; nothing runs."""

from __future__ import annotations

import pytest

from conftest import edit_cell, make
from tools.testbed import copy_project, serve
from tools.pagecheck import wait_for_charts

pytestmark = pytest.mark.slow

# each payload sets window.__pwned if it ever runs, whether as HTML, Markdown, MyST or a template
PAYLOADS = [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=1</script>",
    '"><svg onload="window.__pwned=1">',
    "[click](javascript:window.__pwned=1)",
    "{{ '<img src=x onerror=window.__pwned=1>' }}",
    "`x` {raw}`<script>window.__pwned=1</script>` <!-- -->",
]
# (table, row, field): text a reader sees in prose, chart tooltips and titles, tables and the bibliography
FIELDS = [
    ("deployments", "dep_ru_troops", "count_reported"),
    ("deployments", "dep_tr_engineers", "description"),
    ("events", "ev_memorandum", "title"),
    ("actors", "tr_2nd_commando_brigade", "name"),
    ("judgements", "jdg_not_alone", "statement"),
    ("sources", "sputnik_tr_2020_11_14", "outlet"),
    ("sources", "yenisafak_2020_12_17", "reliability_note"),
    ("places", "fizuli", "name"),
    ("unit_history", "hist_commando_cyprus", "operation"),
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    for index, (table, row, field) in enumerate(FIELDS):
        edit_cell(project / "data", table, row, field, f"Text {index} {PAYLOADS[index % len(PAYLOADS)]}")
    make(project, "book")
    return project / "_build" / "html"


def test_payloads_are_shown_as_text_and_never_run(hostile_site, browser):
    # every page but index.html, which only redirects to intro.html
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html")
                   if not p.relative_to(hostile_site).parts[0].startswith("_") and p.name != "index.html")
    with serve(hostile_site) as base:
        shown = 0
        for name in pages:
            page = browser.new_page()
            page.goto(f"{base}/{name}", wait_until="load")
            wait_for_charts(page)
            # move the pointer over the marks so that tooltips render their text too
            for mark in page.locator(".cb-chart svg.marks [role=graphics-symbol]").all()[:40]:
                mark.scroll_into_view_if_needed()
                box = mark.bounding_box()
                if box and box["width"] * box["height"] > 0:
                    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                    page.wait_for_timeout(20)
            assert page.evaluate("window.__pwned") is None, f"a payload ran on {name}"
            assert page.locator("img[src='x'], [onerror], [onload], a[href^='javascript:']").count() == 0, name
            shown += page.evaluate("document.documentElement.textContent.split('onerror=').length - 1")
            page.close()
    assert shown > 0  # the payloads are on the pages, as text
