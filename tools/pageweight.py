"""What a page costs a reader: every same-site file it loads, compressed as a static host serves
them, and Lighthouse's performance score on a simulated phone.

A page is opened in Debian's chromium and left to draw its charts; every response from the
site is counted once, text (HTML, scripts, styles, JSON, SVG) gzipped at level 6 as hosts
do, fonts and images as they are. Used by ``make bench`` (the figures) and by the browser
tests (which scripts a page asked for).
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from dataclasses import dataclass, field
from urllib.parse import urlparse

from counterbalance.paths import PROJECT_ROOT
from tools.pagecheck import CHROMIUM, wait_for_charts

__all__ = ["PageWeight", "page_weight", "lighthouse"]

LIGHTHOUSE = PROJECT_ROOT / "node_modules" / ".bin" / "lighthouse"
#: What Lighthouse's performance score is made of, in milliseconds (layout shift: a fraction).
LIGHTHOUSE_METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "speed-index",
                      "cumulative-layout-shift")

#: Types a static host compresses; the others (woff2, png) are compressed already.
COMPRESSED_TYPES = ("text/", "javascript", "json", "svg", "xml")


@dataclass
class PageWeight:
    """A page's same-site requests and their weight in bytes, as served."""

    page: str
    files: dict[str, int] = field(default_factory=dict)

    @property
    def kb(self) -> float:
        return round(sum(self.files.values()) / 1024, 1)

    def requested(self, fragment: str) -> bool:
        """Whether any request's path holds `fragment` (``vega-embed.js``, ``mathjax``)."""
        return any(fragment in path for path in self.files)


def page_weight(browser, base: str, name: str) -> PageWeight:
    """Open `name` under `base` on a cold cache and weigh what it loaded from the site."""
    weight = PageWeight(name)
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{base}/{name}", wait_until="load")
    wait_for_charts(page)
    page.wait_for_load_state("networkidle")
    for response in responses:
        url = urlparse(response.url)
        if url.hostname != "127.0.0.1" or response.status != 200 or url.path in weight.files:
            continue
        body = response.body()
        kind = response.headers.get("content-type", "")
        weight.files[url.path] = len(gzip.compress(body, 6, mtime=0)) if any(t in kind for t in COMPRESSED_TYPES) else len(body)
    context.close()
    return weight


def lighthouse(url: str, runs: int = 3) -> dict:
    """Lighthouse's mobile performance score for `url` (simulated throttling), the median of `runs`.

    Lighthouse comes from the project's ``package.json``, chromium from Debian; serve the site
    gzipped (:func:`tools.testbed.serve` with ``compress=True``), as a host would.
    """
    scores, metrics = [], []
    for _ in range(runs):
        run = subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout", "--only-categories=performance",
                              "--chrome-flags=--headless --no-sandbox --disable-gpu"],
                             capture_output=True, text=True, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
        report = json.loads(run.stdout)
        scores.append(report["categories"]["performance"]["score"])
        metrics.append({name: report["audits"][name]["numericValue"] for name in LIGHTHOUSE_METRICS})
    middle = sorted(range(runs), key=scores.__getitem__)[runs // 2]
    return {"score": scores[middle], "scores": scores, **{k: round(v) for k, v in metrics[middle].items()}}
