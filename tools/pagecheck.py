"""A reader's browser and the third-party checkers, on a built site: what a page does wrong.

Used by the browser tests (which fail on any finding) and by hand while working on a page
(``python -m tools.pagecheck _build/html`` prints every finding and saves screenshots).
Everything runs offline: Debian's chromium driven by Playwright, axe-core injected from
``node_modules`` (``npm ci`` from the project's ``package.json``), the W3C Nu checker's jar
run with Debian's Java.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from counterbalance.paths import PROJECT_ROOT

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "WIDTHS", "PageReport", "site_pages", "launch", "inspect_page", "wait_for_charts", "nu_errors"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: A laptop and a phone, in CSS pixels.
WIDTHS = {"laptop": 1280, "phone": 390}
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = PROJECT_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: WCAG 2.1 A and AA: what the pages promise.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Measured in the page (and, at the laptop's width, axe again in dark mode and on a hovered link): charts wider than their column (unless inside a scroll box a
# keyboard can reach), chart text drawn outside its own SVG (cut off, or over its neighbours),
# chart labels Vega cut short with an ellipsis, and sideways scrolling.
_MEASURE = """() => {
  const column = document.querySelector('main article') || document.querySelector('main') || document.body;
  const right = column.getBoundingClientRect().right + 1;
  const scrollBox = (el) => {
    for (let a = el.parentElement; a && a !== column; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (['auto', 'scroll'].includes(style.overflowX) && a.tabIndex >= 0) return a;
    }
    return null;
  };
  const wide = [];
  for (const chart of document.querySelectorAll('.cb-chart')) {
    const svg = chart.querySelector('svg.marks, canvas.marks');
    if (!svg) continue;
    const box = scrollBox(chart);
    const edge = (box || svg).getBoundingClientRect().right;
    if (edge > right) wide.push(`${chart.id}: ${Math.round(svg.getBoundingClientRect().width)} px, column ends at ${Math.round(right)}`);
  }
  const spilled = [];
  for (const chart of document.querySelectorAll('.cb-chart')) {
    for (const svg of chart.querySelectorAll('svg')) {
      const frame = svg.getBoundingClientRect();
      for (const text of svg.querySelectorAll('text')) {
        const box = text.getBoundingClientRect();
        if (!text.textContent.trim() || (!box.width && !box.height)) continue;
        if (box.left < frame.left - 1 || box.right > frame.right + 1 || box.top < frame.top - 1 || box.bottom > frame.bottom + 1) {
          const at = (a, b) => `${Math.round(a)} to ${Math.round(b)}`;
          spilled.push(`${chart.id}: "${text.textContent.trim()}" outside the drawing: x ${at(box.left - frame.left, box.right - frame.left)}, `
            + `y ${at(box.top - frame.top, box.bottom - frame.top)} px in a ${Math.round(frame.width)} x ${Math.round(frame.height)} px svg`);
        }
      }
    }
  }
  const cut = [];
  for (const text of document.querySelectorAll('.cb-chart svg text')) {
    if (text.textContent.trim().endsWith('…')) cut.push(text.textContent.trim());
  }
  const sideways = document.documentElement.scrollWidth > window.innerWidth + 1
    ? [`page is ${document.documentElement.scrollWidth} px wide in a ${window.innerWidth} px window`] : [];
  return {wide, spilled, cut, sideways};
}"""


@dataclass
class PageReport:
    """What one page at one width did wrong; empty lists when nothing."""

    page: str
    width: int
    charts: int = 0
    outside: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    wide: list[str] = field(default_factory=list)
    spilled: list[str] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)
    sideways: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)

    def findings(self) -> list[str]:
        """Every defect as one line naming the page, the width and the check."""
        return [f"{self.page} @{self.width}px: {kind}: {what}"
                for kind in ("outside", "console", "wide", "spilled", "cut", "sideways", "axe")
                for what in getattr(self, kind)]


def site_pages(root: Path, redirects: bool = True) -> list[str]:
    """The pages of a built site (not Sphinx's ``_static`` and ``_sources``); without `redirects`,
    the pages that only send the reader elsewhere are left out."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                  if not p.relative_to(root).parts[0].startswith("_")
                  and (redirects or 'http-equiv="refresh"' not in p.read_text(encoding="utf-8").lower()))


def launch(playwright):
    """Debian's chromium under Playwright: nothing downloaded."""
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def inspect_page(browser, base: str, name: str, width: int, screenshot: Path | None = None) -> PageReport:
    """Open `name` at `width`, wait for every chart, and check it as a reader's browser would."""
    report = PageReport(name, width)
    page = browser.new_page(viewport={"width": width, "height": 900})

    def route(request_route):
        if urlparse(request_route.request.url).hostname == "127.0.0.1":
            request_route.continue_()
        else:
            report.outside.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: message.type == "error" and report.console.append(message.text))
    page.on("pageerror", lambda error: report.console.append(str(error)))
    page.goto(f"{base}/{name}", wait_until="load")
    report.charts = wait_for_charts(page)
    page.evaluate("document.fonts.ready")
    measured = page.evaluate(_MEASURE)
    report.wide, report.spilled, report.cut, report.sideways = (measured[kind] for kind in ("wide", "spilled", "cut", "sideways"))
    report.axe = _axe(page)
    if width == WIDTHS["laptop"]:  # colours do not change with the width: the laptop's page stands for both
        report.axe += [f"hovered link: {line}" for line in _axe_hovered_link(page)]
        report.axe += [f"dark mode: {line}" for line in _axe_dark(page)]
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        # JPEG: a third less time than PNG for a full page, and as legible for looking at what was checked
        page.screenshot(path=str(screenshot), full_page=True, type="jpeg", quality=85)
    page.close()
    return report


def wait_for_charts(page) -> int:
    """Bring each chart of the open page into view, as a reader scrolling down does (a chart is drawn
    live once the reader has moved, when it comes into view), and wait until it has drawn its
    marks; return how many there are."""
    charts = page.locator(".cb-chart")
    if charts.count():
        page.mouse.move(1, 1)  # the reader's first move: a chart already in view stops being a still drawing
    for index in range(charts.count()):
        charts.nth(index).scroll_into_view_if_needed()
        charts.nth(index).locator("svg.marks, canvas.marks").first.wait_for(timeout=10000)
    return charts.count()


def _axe(page) -> list[str]:
    """Serious and critical WCAG 2.1 AA violations, one line per rule with its first nodes."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS)
    return _serious(result)


def _axe_hovered_link(page) -> list[str]:
    """The colour contrast of the article's first link of prose while the pointer is on it (its :hover colour)."""
    link = page.locator("main article p a[href]").first
    if not link.count():
        return []
    link.scroll_into_view_if_needed()
    link.hover()
    result = link.evaluate("el => axe.run(el, {runOnly: {type: 'rule', values: ['color-contrast']}, resultTypes: ['violations']})")
    page.mouse.move(1, 1)
    return _serious(result)


def _axe_dark(page) -> list[str]:
    """Every WCAG 2.1 AA violation in the theme's dark mode, with a data row targeted where the page has them
    (a citation lands on one and highlights it)."""
    # the theme eases its colours from one mode into the other: with its transitions and animations settled at once,
    # axe measures the colours the reader ends on, with no wait (and the screenshot after is of the light mode)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.emulate_media(color_scheme="dark")
    page.evaluate("""() => { document.documentElement.dataset.theme = 'dark'; document.documentElement.dataset.mode = 'dark';
      const row = document.querySelector('table.cb-data [id^="row-"]'); if (row) { location.hash = row.id; } }""")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS)
    page.emulate_media(color_scheme="light")
    page.evaluate("() => { document.documentElement.dataset.theme = 'light'; document.documentElement.dataset.mode = 'light'; }")
    return _serious(result)


def _serious(result: dict) -> list[str]:
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}: "
            + "; ".join(" ".join(n["target"]) if isinstance(n["target"][0], str) else str(n["target"]) for n in v["nodes"][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def nu_errors(files: list[Path]) -> list[str]:
    """The W3C Nu HTML checker's errors for `files`, each as ``file:line: message``."""
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                         capture_output=True, text=True, check=False)
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    return [f"{urlparse(m.get('url', '')).path}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]


def main(root: str, out: str = "_build/screenshots") -> int:
    """Check every page of the site at `root` at both widths; print findings; save screenshots to `out`."""
    from playwright.sync_api import sync_playwright

    from tools.testbed import serve

    site = Path(root)
    findings = []
    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        for name in site_pages(site, redirects=False):
            for label, width in WIDTHS.items():
                shot = Path(out) / f"{name.removesuffix('.html').replace('/', '__')}-{label}.jpg"
                found = inspect_page(browser, base, name, width, shot).findings()
                print("\n".join(found) or f"{name} @{width}px: fine", flush=True)
                findings += found
        browser.close()
    nu = [f"nu: {e}" for e in nu_errors([site / name for name in site_pages(site)])]
    print("\n".join(nu))
    findings += nu
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
