"""The page check's colour checks can fail: a hovered link too pale on white and text too dark in dark mode are
caught, and the same page with legible colours passes (axe-core in Debian's chromium)."""

from __future__ import annotations

import pytest

from tools.pagecheck import WIDTHS, inspect_page
from tools.testbed import serve

pytestmark = pytest.mark.slow

PAGE = """<!DOCTYPE html><html lang="en" data-theme="light"><head><meta charset="utf-8"><title>Colours</title>
<style>body {{ background: #fff; color: #222; }} a {{ color: #0b5394; }} a:hover {{ color: {hover}; }}
html[data-theme="dark"] body {{ background: #14181e; color: {dark}; }} html[data-theme="dark"] a {{ color: #9cc3ff; }}</style>
</head><body><main><article><h1>Colours</h1><p>A sentence with <a href="#x">a link in it</a>, and more words.</p>
</article></main></body></html>"""


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


def test_a_long_citation_shows_three_sources_and_a_button_that_shows_the_rest(browser, tmp_path):
    """Without JavaScript all six sources are in the page; the script shows three and "and 3 more", whose click shows all."""
    from counterbalance.bookext.citations import cluster_script

    links = "; ".join(f'<a class="reference internal" href="#s{i}"><span>Outlet {i}, 1 May 2021</span></a>' for i in range(6))
    html = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Cite</title><script>{cluster_script()}</script></head>'
            f'<body><main><article><h1>Cite</h1><p>A claim <span class="cb-cite">({links})</span>.</p></article></main></body></html>')
    (tmp_path / "cite.html").write_text(html, encoding="utf-8")
    assert html.count("<a ") == 6
    with serve(tmp_path) as base:
        page = browser.new_page()
        page.goto(f"{base}/cite.html")
        visible = page.locator(".cb-cite a:visible")
        assert visible.count() == 3 and page.locator(".cb-cite").inner_text() == (
            "(Outlet 0, 1 May 2021; Outlet 1, 1 May 2021; Outlet 2, 1 May 2021; and 3 more)")
        page.get_by_role("button", name="and 3 more sources of this citation").click()
        assert visible.count() == 6 and page.locator("button.cb-cite-more").count() == 0
        assert page.locator(".cb-cite").inner_text() == "(" + "; ".join(f"Outlet {i}, 1 May 2021" for i in range(6)) + ")"
        page.close()
