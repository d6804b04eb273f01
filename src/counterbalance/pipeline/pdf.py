"""The PDF edition: the whole book on one page (Sphinx's ``singlehtml``), printed by Debian's chromium.

:func:`build_pdf` renders the book with the ``singlehtml`` builder, turns that page into a
print edition (:mod:`.print_page`: a title page with the version and the data stamp, a table
of contents with each chapter's page, the static SVG of every chart instead of its interactive
embed, no navigation, the Sources chapter last) and prints it with chromium through
Playwright, with page numbers in the footer, bookmarks from the headings and the tags a screen
reader needs. Nothing is fetched: any request leaving the build folder is refused, and the
print fails if the page needed it (an image, a style sheet, a script or a font). The
PDF's creation and modification dates are removed and its file identifier derived from its
content, so the same book gives the same bytes. Written beside its destination and renamed
in: a failed or killed print never leaves a PDF behind.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from pathlib import Path

from ..paths import BUILD, CHROMIUM, PDF_NAME
from .build import BookBuildFailed, build_book
from .print_page import CONTENTS_PAGE, PRINT_PAGE, write_print_page
from .project import git_commit
from .transaction import check_writable

__all__ = ["PdfBuildFailed", "build_pdf", "destination_pages", "fix_pdf_metadata", "pdf_path"]

FOOTER = ('<div style="width:100%;font-size:8px;color:#555;text-align:center;font-family:sans-serif">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
MARGINS = {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
#: prints at most, to number the contents (the first finds the pages, the next confirm them)
CONTENTS_PRINTS = 3


class PdfBuildFailed(BookBuildFailed):
    """The PDF edition could not be made; the message says why. Nothing was written in its place."""


def fix_pdf_metadata(source: Path, destination: Path, title: str, subject: str) -> Path:
    """Copy the PDF `source` to `destination` without dates, with a fixed title and a content-derived /ID.

    The identifier is the hash of the file written with a zero identifier: the same pages give
    the same bytes, other pages another identifier.
    """
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.metadata = {"/Title": title, "/Subject": subject, "/Author": "The Counterbalance editors",
                       "/Creator": "Counterbalance", "/Producer": "chromium (Skia/PDF) and pypdf"}
    writer._root_object.pop(NameObject("/Metadata"), None)  # XMP would repeat the dates

    def written(identifier: bytes) -> bytes:
        writer._ID = ArrayObject([ByteStringObject(identifier), ByteStringObject(identifier)])
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()

    identifier = hashlib.sha256(written(bytes(16))).digest()[:16]
    Path(destination).write_bytes(written(identifier))
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


def _number_contents(page_file: Path, pdf: Path) -> bool:
    """Write into `page_file` the page each contents entry's chapter starts on in `pdf`; whether any number changed.

    Chromium cannot number a link's target while it lays out (CSS ``target-counter`` is not
    supported), so a first print shows where each chapter starts and the numbers go into the page.
    """
    text = page_file.read_text(encoding="utf-8")
    targets = [html.unescape(match.group(2)) for match in _CONTENTS_ENTRY.finditer(text)]
    if not targets:
        return False
    numbers = destination_pages(pdf, targets)
    numbered = _CONTENTS_ENTRY.sub(lambda m: f"{m.group(1)}{numbers[html.unescape(m.group(2))]}{m.group(4)}", text)
    if numbered == text:
        return False
    page_file.write_text(numbered, encoding="utf-8")
    return True


def _print_once(page, page_file: Path, pdf: Path) -> None:
    """Load `page_file` afresh and print it: every print lays the page out from the file alone, never from an
    earlier layout changed in place, so the same file prints the same bytes."""
    page.goto(page_file.resolve().as_uri(), wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=True, margin=MARGINS, outline=True, tagged=True,
             display_header_footer=True, header_template="<span></span>", footer_template=FOOTER)


def _print(page_file: Path, pdf: Path, chromium: str) -> None:
    """Print `page_file` to `pdf` with chromium, refusing every request outside its folder."""
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

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page()
                page.route("**/*", only_local)
                # print, number the contents from that print, and print again until the numbers hold (the contents
                # take the same room with or without them, so the second print normally confirms the first)
                for _ in range(CONTENTS_PRINTS):
                    _print_once(page, page_file, pdf)
                    if not _number_contents(page_file, pdf):
                        break
                else:
                    raise PdfBuildFailed(f"the contents' page numbers still moved after {CONTENTS_PRINTS} prints")
            finally:
                browser.close()
    except PlaywrightError as error:
        raise PdfBuildFailed(f"chromium ({chromium}) could not print {page_file}: {error}".splitlines()[0]) from error
    if refused:
        raise PdfBuildFailed(f"the print page asked for files outside the build: {', '.join(sorted(set(refused))[:5])}")


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
    _print(page_file, printed, chromium)
    partial = destination.with_name(destination.name + ".partial")
    fix_pdf_metadata(printed, partial, "Counterbalance" + (f" {version}" if version else ""),
                     "The Counterbalance report, PDF edition")
    os.chmod(partial, 0o644)
    os.replace(partial, destination)
    return destination
