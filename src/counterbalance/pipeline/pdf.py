"""The PDF edition: the whole book on one page (Sphinx's ``singlehtml``), printed by Debian's chromium.

:func:`build_pdf` renders the book with the ``singlehtml`` builder, turns that page into a
print edition (:mod:`.print_page`: a title page with the version and the data stamp, a table
of contents with each chapter's page, the static SVG of every chart instead of its interactive
embed, no navigation, the Sources chapter last) and prints it with chromium through
Playwright, with page numbers in the footer, bookmarks from the headings and the tags a screen
reader needs. Nothing is fetched: any request leaving the build folder is refused, and the
print fails if the page needed it (an image, a style sheet, a script or a font). The
PDF's creation and modification dates are removed and its file identifier derived from its
content (qpdf's deterministic identifier), so the same book gives the same bytes. Written
beside its destination and renamed in: a failed or killed print never leaves a PDF behind.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

from ..paths import BUILD, CHROMIUM, PDF_NAME
from .build import BookBuildFailed, build_book
from .print_page import CONTENTS_PAGE, PRINT_PAGE, write_print_page
from .project import git_commit
from .transaction import check_writable

__all__ = ["PdfBuildFailed", "build_pdf", "destination_pages", "fix_pdf_metadata", "pdf_path", "print_to_pdf"]

FOOTER = ('<div style="width:100%;font-size:8px;color:#555;text-align:center;font-family:sans-serif">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
MARGINS = {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
#: prints at most, to number the contents (the first finds the pages, the next confirm them)
CONTENTS_PRINTS = 3
#: the contents' page numbers of the last print, beside the PDFs: the first guess of the next print
CONTENTS_SEED = "contents-pages.json"


class PdfBuildFailed(BookBuildFailed):
    """The PDF edition could not be made; the message says why. Nothing was written in its place."""


def fix_pdf_metadata(source: Path, destination: Path, title: str, subject: str) -> Path:
    """Copy the PDF `source` to `destination` without dates, with a fixed title and a content-derived /ID.

    qpdf (through pikepdf) writes the file and derives its identifier from the content it
    writes (``deterministic_id``): the same pages give the same bytes, other pages another identifier.
    """
    import pikepdf

    with pikepdf.open(source) as pdf:
        if "/Metadata" in pdf.Root:
            del pdf.Root.Metadata  # XMP would repeat the dates
        pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(
            Title=title, Subject=subject, Author="The Counterbalance editors", Creator="Counterbalance",
            Producer="chromium (Skia/PDF) and qpdf"))
        pdf.save(destination, deterministic_id=True)
    return destination


def pdf_path(project_root: Path, version: str) -> Path:
    """Where ``make pdf`` writes: ``_build/pdf/counterbalance-<version>.pdf``, the short commit (or ``dev``) for a working copy."""
    name = version or git_commit(Path(project_root), short=True) or "dev"
    return Path(project_root) / BUILD / "pdf" / PDF_NAME.format(version=name)


def destination_pages(pdf: Path, targets: list[str]) -> dict[str, int]:
    """The page (from 1, as the footer counts) each element id in `targets` falls on in `pdf`.

    Chromium names a destination after the id of every element a link inside the page points to.
    """
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    named = {name.lstrip("/"): destination for name, destination in reader.named_destinations.items()}
    missing = [target for target in targets if target not in named]
    if missing:
        raise PdfBuildFailed(f"the printed contents link chapters the PDF does not hold: {', '.join(missing)}")
    return {target: reader.get_destination_page_number(named[target]) + 1 for target in targets}


_CONTENTS_ENTRY = re.compile(rf'(<span class="{CONTENTS_PAGE}" data-target="([^"]*)">)([^<]*)(</span>)')


def _contents_targets(page_file: Path) -> list[str]:
    """The element ids the contents entries of `page_file` link, in order."""
    return [html.unescape(match.group(2)) for match in _CONTENTS_ENTRY.finditer(page_file.read_text(encoding="utf-8"))]


def _number_contents(page_file: Path, numbers: dict[str, int]) -> bool:
    """Write into `page_file` the page of each contents entry that `numbers` knows; whether any number changed.

    Chromium cannot number a link's target while it lays out (CSS ``target-counter`` is not
    supported), so a print shows where each chapter starts and the numbers go into the page.
    """
    text = page_file.read_text(encoding="utf-8")

    def numbered(match: re.Match) -> str:
        number = numbers.get(html.unescape(match.group(2)))
        return match.group(0) if number is None else f"{match.group(1)}{number}{match.group(4)}"

    changed = _CONTENTS_ENTRY.sub(numbered, text)
    if changed == text:
        return False
    page_file.write_text(changed, encoding="utf-8")
    return True


def _read_contents_pages(seed: Path) -> dict[str, int]:
    """The contents' page numbers of the last print in this project, by target (none if it is missing or unreadable)."""
    try:
        numbers = json.loads(seed.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in numbers.items() if isinstance(k, str) and isinstance(v, int)} if isinstance(numbers, dict) else {}


def _write_contents_pages(seed: Path, numbers: dict[str, int]) -> None:
    """Keep the contents' page numbers for the next print (written whole: prints running at once may both write it)."""
    partial = seed.with_name(f"{seed.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps(numbers, sort_keys=True, indent=1), encoding="utf-8")
    os.replace(partial, seed)


def _print_once(playwright, chromium: str, only_local, page_file: Path, pdf: Path) -> None:
    """Print `page_file` to `pdf` in a chromium of its own, which loads the file once and prints it.

    Every print starts from the same state, so the same file prints the same bytes: chromium
    names the PDF's structure tags after its DOM node numbers, and a second load in the same
    browser numbered them one off, or placed a text run a fraction of a pixel apart, under load.
    """
    browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
    try:
        page = browser.new_page()
        page.route("**/*", only_local)
        page.goto(page_file.resolve().as_uri(), wait_until="load")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format="A4", print_background=True, margin=MARGINS, outline=True, tagged=True,
                 display_header_footer=True, header_template="<span></span>", footer_template=FOOTER)
    finally:
        browser.close()


def print_to_pdf(page_file: Path, pdf: Path, chromium: str, seed: Path) -> None:
    """Print `page_file` to `pdf` with chromium, refusing every request outside its folder.

    The contents are numbered first with the pages of the last print (`seed`), and the page
    is printed again only when its chapters start elsewhere: an unchanged book prints once.
    The numbers take a fixed width, so the layout, and with it every page, is the same
    whatever numbers the contents hold; the final print is of the same file either way.
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    folder = page_file.parent.resolve().as_uri() + "/"
    refused = []

    def only_local(route):
        if route.request.url.startswith(folder) or route.request.url.startswith("data:"):
            route.continue_()
        else:  # a fetch (the version switcher's list) may fail unseen; what the page shows may not
            if route.request.resource_type in ("document", "image", "stylesheet", "script", "font"):
                refused.append(route.request.url)
            route.abort()

    targets = _contents_targets(page_file)
    _number_contents(page_file, _read_contents_pages(seed))
    try:
        with sync_playwright() as playwright:
            for _ in range(CONTENTS_PRINTS):
                _print_once(playwright, chromium, only_local, page_file, pdf)
                numbers = destination_pages(pdf, targets)
                if not _number_contents(page_file, numbers):
                    break
            else:
                raise PdfBuildFailed(f"the contents' page numbers still moved after {CONTENTS_PRINTS} prints")
    except PlaywrightError as error:
        raise PdfBuildFailed(f"chromium ({chromium}) could not print {page_file}: {error}".splitlines()[0]) from error
    if refused:
        raise PdfBuildFailed(f"the print page asked for files outside the build: {', '.join(sorted(set(refused))[:5])}")
    _write_contents_pages(seed, numbers)


def build_pdf(project_root: Path, destination: Path, version: str = "", data_dir: Path | None = None,
              previous: Path | None = None, chromium: str = CHROMIUM) -> Path:
    """Build the PDF edition of the book at `project_root` into `destination`.

    Parameters
    ----------
    project_root : Path
        The project, its notebooks already executed.
    destination : Path
        The PDF to write (``counterbalance-<version>.pdf`` by convention).
    version : str
        The version the edition is of (vX.Y.Z), or empty for a working copy.
    data_dir, previous : Path, optional
        As :func:`counterbalance.pipeline.build.build_book`.
    chromium : str
        The chromium executable (Debian's ``/usr/bin/chromium``; none is ever downloaded).

    Returns
    -------
    Path
        `destination`.

    Raises
    ------
    PdfBuildFailed
        If chromium is missing or fails, or the page asks for anything outside the build;
        `destination` is then left as it was.
    RunError
        If the PDF's folder or the build's cannot be written, before anything is built.
    BookBuildFailed
        If the single-page book does not build.
    """
    if not (os.path.isfile(chromium) and os.access(chromium, os.X_OK)):
        raise PdfBuildFailed(f"no chromium at {chromium}: run `make browser` (Debian's chromium), or pass its path")
    root, destination = Path(project_root).resolve(), Path(destination)
    folder = root / BUILD / "pdf" / (version or "working") / "singlehtml"
    for needed in (destination.parent, folder.parent):
        check_writable(needed)
    site = build_book(root, folder, version, previous, data_dir, builder="singlehtml", fresh=True)
    try:
        page_file = write_print_page(site, version, root)
    except FileNotFoundError as error:
        raise PdfBuildFailed(str(error)) from error
    destination.parent.mkdir(parents=True, exist_ok=True)
    printed = site / (PRINT_PAGE + ".pdf")
    print_to_pdf(page_file, printed, chromium, root / BUILD / "pdf" / CONTENTS_SEED)
    partial = destination.with_name(destination.name + ".partial")
    fix_pdf_metadata(printed, partial, "Counterbalance" + (f" {version}" if version else ""),
                     "The Counterbalance report, PDF edition")
    os.chmod(partial, 0o644)
    os.replace(partial, destination)
    return destination
