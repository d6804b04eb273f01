"""The built site as a reader meets it: real headless Chromium at a laptop's and a phone's width,
axe-core and the W3C Nu checker. Every page, both widths; any finding fails the suite.

Screenshots of every page at both widths go to a fresh folder (``$COUNTERBALANCE_SCREENSHOTS``,
which CI sets and keeps as an artifact, or one in pytest's temporary folder), so what the checks
passed can be looked at.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from counterbalance.bookext.styles import THEME_CSS
from counterbalance.pipeline.icons import ICONS
from counterbalance.pipeline.registry import NOTEBOOKS
from tools.pagecheck import WIDTHS, inspect_page, nu_errors, site_pages
from tools.pageweight import page_weight
from tools.testbed import serve

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(built_project):
    """The built site served on 127.0.0.1."""
    root = built_project / "_build" / "html"
    with serve(root) as base:
        yield root, base


@pytest.fixture(scope="module")
def reports(site, browser, screenshots):
    """Every reader's page at every width, checked once for the tests below."""
    root, base = site
    return [inspect_page(browser, base, name, width,
                         screenshots / f"{name.removesuffix('.html').replace('/', '__')}-{label}.jpg")
            for name in site_pages(root, redirects=False) for label, width in WIDTHS.items()]


def test_every_page_reads_cleanly_on_a_laptop_and_a_phone(reports):
    """No console error, no request off the site, no chart wider than the column, no chart text
    outside its drawing, no label cut short, no sideways scrolling, no serious or critical axe-core
    (WCAG 2.1 AA) violation."""
    findings = [finding for report in reports for finding in report.findings()]
    assert findings == [], "\n".join(findings)


def test_every_chart_draws_and_every_notebook_has_its_page(site, reports, screenshots):
    root, _ = site
    pages = {report.page for report in reports}
    assert {p for p in pages if p.startswith("analysis/")} == {f"analysis/{name}.html" for name in NOTEBOOKS}
    charts_in_book = sum(r.charts for r in reports if r.width == WIDTHS["laptop"] and not r.page.startswith("figures/"))
    assert charts_in_book == len(list((root / "figures").rglob("*.html")))  # each chart drawn, and saved once
    assert len(list(screenshots.glob("*.jpg"))) == len(reports) == 2 * len({report.page for report in reports})  # a fresh folder


def test_the_checkers_catch_what_they_are_for(browser, tmp_path):
    """The checks can fail: a console error, an uncaught error, a request off the site, a cut label, an overflowing
    chart, text outside its drawing, a nameless button and invalid markup are caught."""
    bad = tmp_path / "bad-page.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bad</title>'
        '<script src="https://cdn.example.org/vega.js"></script><script>console.error("a planted console error")</script>'
        '<script>throw new Error("a planted uncaught error")</script></head><body><main><article style="width:300px">'
        '<div class="cb-chart" id="cb-chart-bad"><svg class="marks" width="900" height="50"><text x="5" y="20">Peac…</text></svg></div>'
        '<div class="cb-chart" id="cb-chart-spilled"><svg class="marks" width="200" height="50">'
        '<text x="150" y="20">A title wider than its drawing</text><text x="5" y="40">Inside</text></svg></div>'
        '<button></button><details><summary><p>x</p></summary></details></article></main></body></html>', encoding="utf-8")
    with serve(tmp_path) as base:
        report = inspect_page(browser, base, "bad-page.html", WIDTHS["phone"])
    assert report.outside == ["https://cdn.example.org/vega.js"]
    assert "a planted console error" in report.console and any("a planted uncaught error" in m for m in report.console)
    assert report.cut == ["Peac…"]
    assert len(report.spilled) == 1 and report.spilled[0].startswith('cb-chart-spilled: "A title wider than its drawing" outside the drawing')
    assert report.wide and report.sideways
    assert any(line.startswith("button-name") for line in report.axe)
    assert any("summary" in error for error in nu_errors([bad]))


def test_no_html_errors_in_any_page(site):
    root, _ = site
    errors = nu_errors([root / name for name in site_pages(root)])
    assert errors == [], "\n".join(errors)


def test_every_page_describes_itself(site):
    root, _ = site
    for name in site_pages(root):
        text = (root / name).read_text(encoding="utf-8")
        assert '<meta name="description" content="' in text, name
        assert 'content=""' not in text.split('<meta name="description"', 1)[1][:12], name


def test_equations_are_mathml_the_browser_draws_and_they_fit_a_phone(site, browser):
    """The methods' 15 displayed and 57 inline equations are MathML written at build time, each with its LaTeX as
    alttext; chromium lays them out as mathematics (a fraction's numerator above its denominator, a sum's index
    below its sign), every displayed one inside the column of a 390 px phone; no script is loaded to typeset them."""
    _, base = site
    page = browser.new_page(viewport={"width": WIDTHS["phone"], "height": 900})
    scripts = []
    page.on("request", lambda request: request.resource_type == "script" and scripts.append(request.url))
    page.goto(f"{base}/methods.html", wait_until="load")
    found = page.evaluate("""() => {
      const box = (element) => element.getBoundingClientRect();
      const shown = [...document.querySelectorAll('div.math math')];
      return {
        shown: shown.length, inline: document.querySelectorAll('span.math > math').length,
        described: [...document.querySelectorAll('math')].every((m) => m.getAttribute('alttext')),
        fractions: [...document.querySelectorAll('mfrac')].map((f) => box(f.children[0]).bottom <= box(f.children[1]).top + 1),
        sums: [...document.querySelectorAll('munder')].map((u) => box(u.children[1]).top >= box(u.children[0]).bottom - 2),
        outside: shown.filter((m) => { const column = box(m.closest('div.math')), drawn = box(m.firstElementChild);
          return drawn.left < column.left - 1 || drawn.right > column.right + 1; }).map((m) => m.getAttribute('alttext')),
      };
    }""")
    assert (found["shown"], found["inline"]) == (15, 57) and found["described"]
    assert len(found["fractions"]) >= 6 and all(found["fractions"]), found["fractions"]
    assert len(found["sums"]) >= 6 and all(found["sums"]), found["sums"]
    assert found["outside"] == []
    assert not [url for url in scripts if "mathjax" in url.lower()]
    page.close()


def test_the_books_own_search_finds_a_place_offline(site, browser):
    _, base = site
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).hostname == "127.0.0.1" else r.abort())
    page.goto(f"{base}/search.html?q=Fizuli", wait_until="load")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=10000)
    assert results.count() >= 2  # the contingents chapter and the data chapter at least
    page.close()


def test_each_page_loads_only_what_it_uses(site, browser):
    """The chart bundle only where a chart is, no MathJax even where an equation is, never the icon font."""
    root, base = site
    pages = {"intro.html": (False, False), "methods.html": (False, True), "analysis/01_balance_of_power.html": (True, False)}
    for name, (charts, math) in pages.items():
        weight = page_weight(browser, base, name)
        text = (root / name).read_text(encoding="utf-8")
        assert ('class="cb-chart"' in text) == charts and ("<math " in text) == math, name  # the premise
        assert weight.requested("vega-embed.js") == charts, name
        assert not weight.requested("mathjax") and not weight.requested("vega-lite"), name
        assert not weight.requested("fontawesome") and not weight.requested("fa-solid"), name
        assert weight.requested("icons.js"), name


def test_the_theme_style_sheet_has_no_glyph_rules_of_the_unused_icon_font(site):
    root, _ = site
    sheet = (root / THEME_CSS).read_text(encoding="utf-8")
    assert ".fa-sun:before" not in sheet and ':before{content:"\\f' not in sheet
    assert ".fa-solid,.fas{font-weight:900}" in sheet  # the rest of the theme's Font Awesome rules stay


def phone_page_untouched(browser, base: str, name: str, height: int):
    """`name` opened on a phone of `height` px, settled, the reader not yet moved; and the chart bundles it has requested."""
    page = browser.new_page(viewport={"width": WIDTHS["phone"], "height": height})
    bundles = []
    page.on("request", lambda request: "vega-embed.js" in request.url and bundles.append(request.url))
    page.goto(f"{base}/{name}", wait_until="load")
    page.wait_for_timeout(1500)
    return page, bundles


def test_a_chart_page_paints_first_and_draws_each_chart_when_it_comes_into_view(site, browser):
    """On a phone, the balance chapter's first screen is text: the chart bundle is not fetched and no chart drawn
    until the reader scrolls to a chart, whose place was kept meanwhile; then only that chart is drawn."""
    _, base = site
    page, bundles = phone_page_untouched(browser, base, "analysis/01_balance_of_power.html", 700)
    charts = page.locator(".cb-chart")
    assert charts.count() >= 2 and charts.first.bounding_box()["y"] > 700  # the premise: no chart in the first screen
    assert bundles == [] and page.locator(".cb-chart svg.marks").count() == 0
    assert all(charts.nth(i).bounding_box()["height"] > 300 for i in range(charts.count()))  # each place kept
    charts.first.scroll_into_view_if_needed()
    charts.first.locator("svg.marks").wait_for(timeout=10000)
    assert len(bundles) == 1 and charts.last.locator("svg.marks").count() == 0
    page.close()


def test_a_chart_in_the_first_screen_is_a_still_drawing_until_the_reader_moves(site, browser):
    """The timeline chapter's first chart is in a phone's first screen: it shows its static SVG, whole, and no
    chart bundle is fetched (nothing for vega to compute while the page loads); the reader's first move draws
    it live in its place."""
    _, base = site
    page, bundles = phone_page_untouched(browser, base, "analysis/03_deployment_timeline.html", 844)
    first = page.locator(".cb-chart").first
    assert first.bounding_box()["y"] < 844  # the premise: a chart in the first screen
    still = first.locator("img.cb-chart-static")
    assert still.count() == 1 and still.evaluate("img => img.complete && img.naturalWidth > 0")
    assert still.evaluate("img => img.currentSrc").endswith(".phone.svg")  # drawn at a phone's width, legible
    assert still.bounding_box()["width"] <= first.bounding_box()["width"] + 1
    assert bundles == [] and page.locator(".cb-chart svg.marks").count() == 0
    page.mouse.move(10, 10)
    first.locator("svg.marks").wait_for(timeout=10000)
    assert len(bundles) == 1 and first.locator("img.cb-chart-static").count() == 0
    page.close()


def test_every_icon_the_pages_use_is_in_the_icon_script(site):
    root, _ = site
    used = set()
    for name in site_pages(root):
        for classes in re.findall(r'<(?:i|span) class="([^"]*\bfa-[^"]*)"', (root / name).read_text(encoding="utf-8")):
            used |= {c[3:] for c in classes.split() if c.startswith("fa-") and c not in ("fa-solid", "fa-lg", "fa-regular", "fa-brands")}
    assert used and used <= set(ICONS), used - set(ICONS)


def test_a_laptop_gets_the_print_width_still(site, browser):
    """On a laptop the timeline chapter's first chart shows the still drawn at print width, wider than a phone's."""
    _, base = site
    page = browser.new_page(viewport={"width": WIDTHS["laptop"], "height": 900})
    page.goto(f"{base}/analysis/03_deployment_timeline.html", wait_until="load")
    still = page.locator(".cb-chart").first.locator("img.cb-chart-static")
    still.wait_for(timeout=10000)
    source, width = still.evaluate("img => [img.currentSrc, img.naturalWidth]")
    assert source.endswith(".svg") and not source.endswith(".phone.svg") and width > 500
    page.close()


def test_a_live_chart_shows_its_tooltips_and_its_slider_moves_the_date(site, browser):
    """The network, drawn live from its compiled Vega: pointing at a state shows its tooltip, and the date slider (a
    Vega-Lite param, now a Vega signal bound to a range input) moves the date the chart states."""
    _, base = site
    page = browser.new_page(viewport={"width": WIDTHS["laptop"], "height": 900})
    page.goto(f"{base}/analysis/01_balance_of_power.html", wait_until="load")
    network = page.locator(".cb-chart").first
    network.scroll_into_view_if_needed()
    network.locator("svg.marks").wait_for(timeout=10000)
    page.wait_for_function("id => document.getElementById(id).style.visibility === 'visible'", arg=network.get_attribute("id"))
    dates = "svg => [...svg.querySelectorAll('text')].map(t => t.textContent).filter(t => /^\\d{1,2} [A-Z][a-z]+ \\d{4}$/.test(t))"
    before = network.locator("svg.marks").evaluate(dates)
    assert before == ["17 December 2020"]
    state = network.locator("svg.marks path[aria-roledescription='circle'], svg.marks path[aria-roledescription='point']").first
    state.hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text().strip()
    slider = network.locator("input[type='range']")
    slider.focus()
    for _ in range(10):
        slider.press("ArrowRight")
    after = network.locator("svg.marks").evaluate(dates)
    assert len(after) == 1 and after != before
    page.close()


def test_a_chart_whose_data_is_a_file_beside_it_draws_it(browser, tmp_path):
    """A dataset too large to inline is saved beside the chart; the compiled chart fetches it and draws every row."""
    import altair as alt
    import pandas as pd

    from counterbalance.paths import BUNDLE_NAME
    from counterbalance.pipeline.render import INLINE_LIMIT, externalise_data, save_figure, write_vega_bundle

    rows = 4000
    frame = pd.DataFrame({"x": range(rows), "y": [i % 97 for i in range(rows)], "note": ["a long note to fill the file"] * rows})
    spec = alt.Chart(frame).mark_point().encode(x="x:Q", y="y:Q").properties(title="Many points").to_dict()
    files = externalise_data(spec, tmp_path, "01-many-points")
    assert len(files) == 1 and (tmp_path / next(iter(files.values()))).stat().st_size > INLINE_LIMIT  # the premise
    save_figure(spec, tmp_path, "01-many-points", BUNDLE_NAME, files)
    write_vega_bundle(tmp_path / BUNDLE_NAME)
    page_source = (tmp_path / "01-many-points.html").read_text(encoding="utf-8")
    assert '"url":"01-many-points-' in page_source and '"note":"a long note' not in page_source
    with serve(tmp_path) as base:
        page = browser.new_page()
        page.goto(f"{base}/01-many-points.html", wait_until="load")
        page.locator("#chart svg.marks").wait_for(timeout=20000)
        page.wait_for_function(f"() => document.querySelectorAll('#chart svg.marks path[aria-roledescription=\\'point\\']').length === {rows}")
        page.close()
