"""The page check's colour checks can fail: a hovered link too pale on white and text too dark in dark mode are
caught, and the same page with legible colours passes (axe-core in Debian's chromium)."""

from __future__ import annotations

import pytest

from tools.pagecheck import WIDTHS, inspect_page, launch
from tools.testbed import serve

pytestmark = pytest.mark.slow

PAGE = """<!DOCTYPE html><html lang="en" data-theme="light"><head><meta charset="utf-8"><title>Colours</title>
<style>body {{ background: #fff; color: #222; }} a {{ color: #0b5394; }} a:hover {{ color: {hover}; }}
html[data-theme="dark"] body {{ background: #14181e; color: {dark}; }} html[data-theme="dark"] a {{ color: #9cc3ff; }}</style>
</head><body><main><article><h1>Colours</h1><p>A sentence with <a href="#x">a link in it</a>, and more words.</p>
</article></main></body></html>"""


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        instance = launch(p)
        yield instance
        instance.close()


@pytest.mark.parametrize("hover, dark, caught", [
    ("#e89217", "#ced6dd", "hovered link: color-contrast"),  # the theme's orange on white: 2.45:1
    ("#b35c00", "#333333", "dark mode: color-contrast"),  # dark grey on the dark background
    ("#b35c00", "#ced6dd", None),  # both legible
])
def test_the_colour_checks_catch_a_pale_hovered_link_and_dark_text_in_dark_mode(browser, tmp_path, hover, dark, caught):
    (tmp_path / "colours.html").write_text(PAGE.format(hover=hover, dark=dark), encoding="utf-8")
    with serve(tmp_path) as base:
        found = inspect_page(browser, base, "colours.html", WIDTHS["laptop"]).axe
    assert [line.split(" (")[0] for line in found] == ([caught] if caught else [])
