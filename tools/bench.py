"""``make bench``: the build's speed and weight, measured in one run on this machine.

Everything runs on copies of the project under ``_build/bench/work/`` with the project's own
virtual environment, so the working tree is never touched. Figures:

* clean, no-op and one-table-edit builds (``make book``), each beside a baseline in which
  Jupyter Book executes the same notebooks itself (``execute_notebooks: force``);
* which notebooks each edit re-executed;
* page weight (heaviest page, whole site, the chart bundle as stored and gzipped), and on each
  chart page the first live draw: headless Chromium's time from the reader's first move (a
  scroll to the first chart) to that chart's marks drawn and shown, the median of five cold
  loads, with the machine's load average beside it;
* what a reader's phone gets: the heaviest text and chart page gzipped with everything they
  load, and Lighthouse's mobile performance score on the home page and the heaviest chart page
  (and, one run each, on every other chart page);
* the PDF edition: ``make pdf``'s time, the PDF's size and its page count;
* validation throughput, the uncertainty sampler's speed, and whether two clean builds are
  byte-identical;
* an analyst's scale: a 32-member sweep on a local Dask cluster of one worker and of two, and
  an edition of the whole book with one changed weight beside a clean ``make book``;
* the same build at 10x and 100x synthetic data (``tools/synth.py``).

Each figure is written to ``_build/bench/bench.json`` as soon as it is measured (a late
failure keeps the figures before it); the table is printed at the end.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from counterbalance import load_tables, simulate_power, validate_package
from counterbalance.paths import BOOK, BUILD, BUNDLE_NAME, BUNDLE_URL_ENV, DATA, FIGURES, FIGURES_ENV, FIGURES_URL_ENV, NOTEBOOKS as NOTEBOOK_FOLDER, PROJECT_ROOT
from counterbalance.pipeline.registry import NOTEBOOKS
from tools.pagecheck import launch, site_pages
from tools.pageweight import lighthouse, page_weight
from tools.synth import synthesise
from tools.testbed import copy_project, serve, tree_digest

__all__ = ["main"]

TARGETS = {"no_op_seconds": 2.0, "edit_share_of_clean": 1 / 3, "heaviest_page_kb": 150, "first_live_draw_ms": 1000,
           "scaled_build_ratio": 3.0, "scaled_page_kb": 500, "text_page_kb": 150, "chart_page_kb": 350, "lighthouse": 0.9,
           "edition_share_of_clean": 1.25}
#: The bench's sweep: 32 members of the network notebook.
SWEEP_GRID = "grid:\n  weight_monitors: [0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0]\n  alignment_weight: [0.0, 0.25, 0.5, 1.0]\n"
#: The bench's edition: one changed weight.
EDITION_WEIGHT = ("weight_monitors", "2")
COUNTERBALANCE = PROJECT_ROOT / ".venv" / "bin" / "counterbalance"
#: Cold loads per chart page for the first live draw; the median is reported.
LIVE_DRAW_RUNS = 5
# In the page, polled each frame: whether chart `id` has drawn its marks and shown them (a chart stays
# hidden while it is measured and, if need be, drawn again compact); the first time, when.
_DRAWN = """id => { const el = document.getElementById(id);
  const drawn = !!(el && el.querySelector('svg.marks, canvas.marks') && el.style.visibility === 'visible');
  if (drawn && window.cbDrawnAt === undefined) { window.cbDrawnAt = performance.now(); }
  return drawn; }"""


class Figures(dict):
    """The bench's figures, written whole to `path` each time one is set: a late failure keeps the ones before it."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(json.dumps(self, indent=2, default=float) + "\n", encoding="utf-8")
        os.replace(partial, self.path)


def _make(project: Path, *targets: str) -> tuple[float, str]:
    started = time.monotonic()
    result = subprocess.run(["make", f"VENV={PROJECT_ROOT / '.venv'}", *targets], cwd=project,
                            capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise RuntimeError(f"make {' '.join(targets)} failed in {project}:\n{result.stderr[-3000:]}")
    return time.monotonic() - started, result.stdout


def _executed(stdout: str) -> list[str]:
    return sorted(set(re.findall(r"executed (\S+) ->", stdout)))


def _edit_first_row(data_dir: Path, table: str, field: str, suffix: str) -> None:
    path = data_dir / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index(field)] += suffix
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _weights(site: Path) -> dict:
    pages = {name: (site / name).stat().st_size for name in site_pages(site)}
    heaviest = max(pages, key=pages.get)
    return {"heaviest_page": heaviest, "heaviest_page_kb": round(pages[heaviest] / 1024, 1),
            "site_mb": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20, 1),
            **_bundle_size(site)}


def _bundle_size(site: Path) -> dict:
    """The chart bundle as stored and as a host serves it (gzip level 6)."""
    bundle = (site / "_static" / "vendor" / BUNDLE_NAME).read_bytes()
    return {"bundle_kb": round(len(bundle) / 1024, 1), "bundle_gzip_kb": round(len(gzip.compress(bundle, 6, mtime=0)) / 1024, 1)}


def _first_live_draw_ms(site: Path) -> dict[str, dict]:
    """Per chart page, milliseconds from the reader's first move to the first chart drawn live, on a laptop.

    Each run opens the page on a cold cache and lets it load (a chart in the first screen shows its
    still image, and nothing of vega is fetched); then the reader moves: a scroll to the first chart
    (or, where it is in view already, a pointer move). The time runs, in the page's own clock, to the
    frame in which that chart's marks are drawn and shown: it holds fetching the chart bundle,
    starting vega and drawing. The median of :data:`LIVE_DRAW_RUNS` runs, with each run and the
    machine's 1-minute load average before and after (``uptime``'s first figure).
    """
    from playwright.sync_api import sync_playwright

    times = {}
    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        for name in sorted(NOTEBOOKS):
            runs, load_before = [], round(os.getloadavg()[0], 2)
            for _ in range(LIVE_DRAW_RUNS):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.goto(f"{base}/analysis/{name}.html", wait_until="load")
                first = page.locator(".cb-chart").first
                chart_id = first.get_attribute("id")
                page.evaluate("() => { window.cbMovedAt = performance.now(); }")
                first.scroll_into_view_if_needed(timeout=30000)
                page.mouse.move(1, 1)
                page.wait_for_function(_DRAWN, arg=chart_id, polling="raf", timeout=30000)
                runs.append(round(page.evaluate("() => window.cbDrawnAt - window.cbMovedAt")))
                context.close()
            times[name] = {"ms": statistics.median(runs), "runs": runs, "load": [load_before, round(os.getloadavg()[0], 2)]}
        browser.close()
    return times


def _reader_figures(site: Path) -> dict:
    """Each page's weight as served (gzipped, with all it loads) and Lighthouse on the home page and the heaviest chart page."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as p:
        browser = launch(p)
        weights = {name: page_weight(browser, base, name) for name in site_pages(site, redirects=False)}
        browser.close()
    book = {name: w for name, w in weights.items() if not name.startswith("figures/")}
    charts = {name: w for name, w in book.items() if w.requested(BUNDLE_NAME)}
    text = {name: w for name, w in book.items() if name not in charts and name != "search.html"}
    heaviest_text, heaviest_chart = max(text, key=lambda n: text[n].kb), max(charts, key=lambda n: charts[n].kb)
    with serve(site, compress=True) as base:
        scores = {name: lighthouse(f"{base}/{name}") for name in ("intro.html", heaviest_chart)}
        others = {name: lighthouse(f"{base}/{name}", runs=1) for name in sorted(charts) if name != heaviest_chart}
    return {"text_page": [heaviest_text, text[heaviest_text].kb], "chart_page": [heaviest_chart, charts[heaviest_chart].kb],
            "page_kb": {name: w.kb for name, w in sorted(weights.items())}, "lighthouse": scores, "lighthouse_other_chart_pages": others}


def _pdf_figures(project: Path) -> dict:
    """``make pdf`` on a built project: how long it takes, how large the PDF is and how many pages it has."""
    from pypdf import PdfReader

    seconds, stdout = _make(project, "pdf")
    pdf = Path(re.search(r"printed the book to (\S+\.pdf)", stdout).group(1))
    return {"seconds": round(seconds, 1), "mb": round(pdf.stat().st_size / 2**20, 2), "pages": len(PdfReader(pdf).pages)}


def _baseline(work: Path) -> dict:
    """The same book with Jupyter Book executing the notebooks itself, every build (``force``)."""
    project = copy_project(work / "baseline")
    config = project / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('execute_notebooks: "off"', 'execute_notebooks: "force"'), encoding="utf-8")
    analysis = project / BOOK / "analysis"
    analysis.mkdir(parents=True, exist_ok=True)
    for name in NOTEBOOKS:  # the source notebooks, reading data/ from where Jupyter Book runs them
        text = (project / NOTEBOOK_FOLDER / f"{name}.ipynb").read_text(encoding="utf-8")
        (analysis / f"{name}.ipynb").write_text(text.replace("data_dir = 'data'", "data_dir = '../../data'"), encoding="utf-8")
    jupyter_book = [str(PROJECT_ROOT / ".venv" / "bin" / "jupyter-book"), "build", "book/", "--path-output", ".", "--quiet"]
    # the same work as ours: the notebooks save their static figures here too
    environment = {**os.environ, FIGURES_ENV: str(project / BOOK / "_vendor" / FIGURES / "all"),
                   FIGURES_URL_ENV: "../figures/all/", BUNDLE_URL_ENV: "../../_static/vendor/vega-embed.js"}

    def build() -> float:
        started = time.monotonic()
        subprocess.run(jupyter_book, cwd=project, env=environment, check=True, capture_output=True, timeout=3600)
        return time.monotonic() - started

    vendor_seconds, _ = _make(project, "vendor")
    clean = vendor_seconds + build()
    no_op = build()
    _edit_first_row(project / DATA, "unit_history", "operation", " (edited)")
    edit = build()
    return {"clean": clean, "no_op": no_op, "edit": edit, "edit_shown": _shows_edit(project)}


def _timed(project: Path, *arguments: str) -> float:
    """Seconds a ``counterbalance`` command took in `project`; RuntimeError if it failed."""
    started = time.monotonic()
    result = subprocess.run([str(COUNTERBALANCE), *arguments], cwd=project, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise RuntimeError(f"counterbalance {' '.join(arguments)} failed in {project}:\n{result.stderr[-3000:]}")
    return time.monotonic() - started


def _analyst_figures(project: Path, work: Path) -> dict:
    """A 32-member sweep with one local worker and with two, and an edition with one changed weight, on a built project."""
    grid = work / "sweep-grid.yaml"
    grid.write_text(SWEEP_GRID, encoding="utf-8")
    sweeps = {workers: round(_timed(project, "sweep", "01_balance_of_power", "--grid", str(grid), "--out", str(work / f"sweep-{workers}"),
                                    "--jobs", str(workers)), 1) for workers in (1, 2)}
    members = json.loads((work / "sweep-2" / "sweep.json").read_text(encoding="utf-8"))["members"]
    edition = _timed(project, "edition", "-p", *EDITION_WEIGHT, "--out", str(work / "edition"))
    manifest = json.loads((work / "edition" / "edition.json").read_text(encoding="utf-8"))
    return {"sweep_members": len(members), "sweep_ok": sum(m["status"] == "ok" for m in members), "sweep_seconds": sweeps,
            "edition_seconds": round(edition, 1), "edition_rerun": manifest["rerun"], "edition_moved": len(manifest["differences"])}


def _shows_edit(project: Path) -> bool:
    """Whether the lineage page shows the edited unit_history row (a stale build does not)."""
    return "(edited)" in (project / BUILD / "html" / "analysis" / "02_unit_lineage.html").read_text(encoding="utf-8")


def _scaled(work: Path, factor: int) -> dict:
    project = copy_project(work / f"x{factor}")
    shutil.rmtree(project / DATA)
    rows = synthesise(PROJECT_ROOT / DATA, project / DATA, factor)
    started = time.monotonic()
    problems, _ = validate_package(project / DATA)
    validation = time.monotonic() - started
    assert not problems, problems[:3]
    seconds, _ = _make(project, "book")
    return {"factor": factor, "rows": rows, "build_seconds": round(seconds, 1), "validate_seconds": round(validation, 3),
            "validate_rows_per_second": round(rows / validation), **_weights(project / BUILD / "html")}


def measure(work: Path, factors: tuple[int, ...], figures: dict) -> dict:
    """Run every measurement, setting each figure in `figures` as soon as it is measured; return them."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ours = copy_project(work / "ours")
    clean, clean_out = _make(ours, "book")
    site = ours / BUILD / "html"
    first_build, one_x = tree_digest(site), _weights(site)
    no_op, _ = _make(ours, "book")
    _edit_first_row(ours / DATA, "unit_history", "operation", " (edited)")
    edit, edit_out = _make(ours, "book")
    figures["ours"] = {"clean": clean, "no_op": no_op, "edit": edit, "edit_shown": _shows_edit(ours)}
    _edit_first_row(ours / DATA, "deployments", "description", " (edited)")
    edit_deployments, deployments_out = _make(ours, "book")
    figures["executed"] = {"clean": _executed(clean_out), "edit unit_history.csv": _executed(edit_out),
                           "edit deployments.csv": _executed(deployments_out)}
    figures["edit_deployments_seconds"] = round(edit_deployments, 1)
    for name, value in _weights(site).items():
        figures[name] = value
    figures["first_live_draw_ms"] = _first_live_draw_ms(site)
    figures["reader"] = _reader_figures(site)
    figures["pdf"] = _pdf_figures(ours)
    figures["analyst"] = _analyst_figures(ours, work)
    figures["baseline"] = _baseline(work)
    again = copy_project(work / "again")
    _make(again, "book")
    second = tree_digest(again / BUILD / "html")
    figures["reproducible"] = {"files": len(first_build),
                               "differing": sorted(k for k in set(first_build) | set(second) if first_build.get(k) != second.get(k))}
    tables = load_tables(data_dir=PROJECT_ROOT / DATA)
    started = time.monotonic()
    simulate_power(tables["deployments"], tables["actors"], tables["places"], "2020-12-31", 10_000, seed=1)
    figures["sampler_10k_seconds"] = round(time.monotonic() - started, 3)
    figures["scale"] = [{"factor": 1, "rows": sum(len(t) for t in tables.values()), "build_seconds": round(clean, 1), **one_x}]
    for factor in factors:
        if factor > 1:
            figures["scale"] = [*figures["scale"], _scaled(work, factor)]
    return figures


def _report(figures: dict) -> str:
    ours, base = figures["ours"], figures["baseline"]
    one, *scaled = figures["scale"]
    lines = [f"Counterbalance bench on {platform.node() or 'this machine'}: {os.cpu_count()} cores, Python {platform.python_version()}", "",
             f"{'measure':44} {'ours':>10} {'baseline':>10} {'ratio':>7}  target"]

    def row(name: str, value: float, baseline: float | None, target: str, unit: str = "s") -> None:
        ratio = f"{value / baseline:.2f}" if baseline else ""
        lines.append(f"{name:44} {value:>9.1f}{unit} {baseline if baseline is None else f'{baseline:9.1f}{unit}':>10} {ratio:>7}  {target}")

    row("clean make book", ours["clean"], base["clean"], "no slower than baseline: " + ("met" if ours["clean"] <= base["clean"] else "MISSED"))
    row("no-op make book", ours["no_op"], base["no_op"], f"< {TARGETS['no_op_seconds']} s: " + ("met" if ours["no_op"] < TARGETS["no_op_seconds"] else "MISSED"))
    share = ours["edit"] / ours["clean"]
    row("edit one table (unit_history.csv)", ours["edit"], base["edit"], f"< 1/3 of clean ({share:.2f}): " + ("met" if share < TARGETS["edit_share_of_clean"] else "MISSED"))
    lines.append(f"  the edit shows on the page: ours {'yes' if ours['edit_shown'] else 'NO'}, baseline "
                 f"{'yes' if base['edit_shown'] else 'no (Jupyter Book reran nothing: its notebooks did not change, their data did)'}")
    lines.append(f"{'edit deployments.csv':44} {figures['edit_deployments_seconds']:>9.1f}s")
    for edit, names in figures["executed"].items():
        lines.append(f"  re-executed on {edit}: {', '.join(names) or 'none'}")
    lines += ["", f"heaviest page: {figures['heaviest_page']} {figures['heaviest_page_kb']} KB + shared bundle {figures['bundle_kb']} KB "
              f"(target < {TARGETS['heaviest_page_kb']} KB: {'met' if figures['heaviest_page_kb'] < TARGETS['heaviest_page_kb'] else 'MISSED'}); "
              f"whole site {figures['site_mb']} MB"]
    reader = figures["reader"]
    for kind, target in (("text_page", "text_page_kb"), ("chart_page", "chart_page_kb")):
        name, kb = reader[kind]
        lines.append(f"heaviest {kind.replace('_', ' ')} as served (gzip, with all it loads): {name} {kb} KB "
                     f"(target <= {TARGETS[target]} KB: {'met' if kb <= TARGETS[target] else 'MISSED'})")
    for name, score in reader["lighthouse"].items():
        lines.append(f"Lighthouse mobile performance, {name}: {score['score']:.2f} (runs {', '.join(f'{s:.2f}' for s in score['scores'])}; "
                     f"FCP {score['first-contentful-paint']} ms, LCP {score['largest-contentful-paint']} ms, TBT "
                     f"{score['total-blocking-time']} ms, SI {score['speed-index']} ms) (target >= {TARGETS['lighthouse']}: "
                     f"{'met' if score['score'] >= TARGETS['lighthouse'] else 'MISSED'})")
    lines.append("Lighthouse mobile performance, other chart pages (one run each): "
                 + ", ".join(f"{name} {score['score']:.2f} (TBT {score['total-blocking-time']} ms)"
                             for name, score in reader["lighthouse_other_chart_pages"].items()))
    pdf = figures["pdf"]
    lines.append(f"PDF edition (make pdf on the built book): {pdf['seconds']} s, {pdf['mb']} MB, {pdf['pages']} pages")
    live = figures["first_live_draw_ms"]
    slowest = max(entry["ms"] for entry in live.values())
    loads = [load for entry in live.values() for load in entry["load"]]
    lines.append(f"chart bundle: {figures['bundle_kb']} KB, {figures['bundle_gzip_kb']} KB gzipped")
    lines.append(f"first live draw, from the reader's first move (ms, median of {LIVE_DRAW_RUNS}): "
                 + ", ".join(f"{k} {v['ms']:.0f}" for k, v in live.items())
                 + f"; load average {min(loads):.2f} to {max(loads):.2f} (target < {TARGETS['first_live_draw_ms']} ms: "
                 + f"{'met' if slowest < TARGETS['first_live_draw_ms'] else 'MISSED'})")
    lines.append(f"uncertainty sampler: 10,000 worlds in {figures['sampler_10k_seconds']} s")
    analyst = figures["analyst"]
    one_worker, two_workers = analyst["sweep_seconds"][1], analyst["sweep_seconds"][2]
    lines.append(f"sweep of {analyst['sweep_members']} members ({analyst['sweep_ok']} ok) on a local Dask cluster: 1 worker {one_worker} s, "
                 f"2 workers {two_workers} s ({one_worker / two_workers:.2f}x faster; {two_workers / analyst['sweep_members']:.1f} s a member)")
    share = analyst["edition_seconds"] / ours["clean"]
    lines.append(f"edition with {EDITION_WEIGHT[0]} = {EDITION_WEIGHT[1]}: {analyst['edition_seconds']} s, {share:.2f}x a clean make book "
                 f"({len(analyst['edition_rerun'])} notebooks rerun, {analyst['edition_moved']} key figures moved) "
                 f"(target about the clean build, <= {TARGETS['edition_share_of_clean']}x: {'met' if share <= TARGETS['edition_share_of_clean'] else 'MISSED'})")
    repro = figures["reproducible"]
    lines.append(f"two clean builds: {repro['files']} files, " + ("byte-identical" if not repro["differing"] else f"DIFFER: {', '.join(repro['differing'][:10])}"))
    lines += ["", f"{'scale':>6} {'rows':>8} {'build s':>8} {'x 1x':>6} {'validate s':>11} {'rows/s':>9} {'heaviest page':>34} {'site MB':>8}"]
    for entry in figures["scale"]:
        ratio = entry["build_seconds"] / one["build_seconds"]
        lines.append(f"{entry['factor']:>5}x {entry['rows']:>8} {entry['build_seconds']:>8} {ratio:>6.2f} "
                     f"{entry.get('validate_seconds', ''):>11} {entry.get('validate_rows_per_second', ''):>9} "
                     f"{entry['heaviest_page'] + ' ' + str(entry['heaviest_page_kb']) + ' KB':>34} {entry['site_mb']:>8}")
    if scaled:
        top = scaled[-1]
        ratio = top["build_seconds"] / one["build_seconds"]
        lines.append(f"at {top['factor']}x: build {ratio:.2f}x the 1x time (target < {TARGETS['scaled_build_ratio']}: "
                     f"{'met' if ratio < TARGETS['scaled_build_ratio'] else 'MISSED'}); heaviest page {top['heaviest_page_kb']} KB "
                     f"(target < {TARGETS['scaled_page_kb']}: {'met' if top['heaviest_page_kb'] < TARGETS['scaled_page_kb'] else 'MISSED'})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="counterbalance bench", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(PROJECT_ROOT / BUILD / "bench"))
    parser.add_argument("--factors", default="1,10,100", help="data scales to build, e.g. 1,10,100")
    args = parser.parse_args(argv)
    out = Path(args.out)
    figures = Figures(out / "bench.json")
    figures["machine"] = {"host": platform.node(), "cores": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform()}
    measure(out / "work", tuple(int(f) for f in args.factors.split(",")), figures)
    print(_report(figures))
    print(f"\nwritten to {out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
