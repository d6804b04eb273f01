"""The built site in real headless Chromium: every page loads offline and every chart draws."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from counterbalance.pipeline.registry import NOTEBOOKS
from tools.testbed import serve

pytestmark = pytest.mark.slow
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Logged by every Jupyter Book 1 page and harmless: sphinx-thebe declares THEBE_JS_URL twice,
# and pydata-sphinx-theme reports the empty theme mode of a fresh browser profile.
EXPECTED_CONSOLE_ERRORS = ("'THEBE_JS_URL' has already been declared", "Got invalid theme mode: . Resetting to auto.")


@pytest.fixture(scope="module")
def site(built_project):
    """The built site served on 127.0.0.1."""
    root = built_project / "_build" / "html"
    with serve(root) as base:
        yield root, base


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it")
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def visit(browser, url: str) -> tuple[list[str], list[str], int]:
    """Open `url`; return requests to other hosts, unexpected console errors, charts drawn."""
    page = browser.new_page()
    outside, errors = [], []

    def route(request_route):
        host = urlparse(request_route.request.url).hostname
        if host == "127.0.0.1":
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    def record(text: str) -> None:
        if not any(expected in text for expected in EXPECTED_CONSOLE_ERRORS):
            errors.append(text)

    page.on("console", lambda message: message.type == "error" and record(message.text))
    page.on("pageerror", lambda error: record(str(error)))
    page.goto(url, wait_until="load")
    charts = page.locator(".cb-chart").count()
    for index in range(charts):
        page.locator(".cb-chart").nth(index).locator("svg.marks, canvas.marks").first.wait_for(timeout=10000)
    page.close()
    return outside, errors, charts


def test_every_page_is_offline_and_every_chart_draws(site, browser):
    root, base = site
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html") if not p.relative_to(root).parts[0].startswith("_"))
    total_charts = 0
    for name in pages:
        outside, errors, charts = visit(browser, f"{base}/{name}")
        assert outside == [], f"{name} requested other hosts: {outside}"
        assert errors == [], f"{name} logged errors: {errors}"
        total_charts += charts
    assert {p for p in pages if p.startswith("analysis/")} == {f"analysis/{name}.html" for name in NOTEBOOKS}
    assert total_charts == len(list((root / "figures").rglob("*.svg")))  # each chart drawn, and saved once
    print(f"checked {len(pages)} pages and {total_charts} charts")


def test_equations_typeset_by_the_local_mathjax(site, browser):
    _, base = site
    page = browser.new_page()
    page.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).hostname == "127.0.0.1" else r.abort())
    page.goto(f"{base}/methods.html", wait_until="load")
    page.locator("mjx-container").first.wait_for(timeout=10000)
    assert page.locator("mjx-container").count() >= 4
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
