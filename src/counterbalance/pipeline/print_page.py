"""The single-page book made ready for print: title page, contents, static charts, no navigation, sources last.

Sphinx's ``singlehtml`` builder writes the whole book as one page (``<root>.html``); this
writes ``print.html`` beside it, the page chromium prints:

* a title page naming the book, its version and the data stamp every page's footer carries
  (version, commit, data hash, newest data row);
* a table of contents by part, linking each chapter, with the page it starts on;
* every chart as its static SVG (the ``<noscript>`` image :func:`.render.book_renderer`
  writes), with the interactive embed, its script and its data table removed;
* each chapter on a new page, the Sources chapter (the references) moved to the end;
* links within the book pointing inside the page, links to the site's own files (the downloads,
  the charts' files) as plain text: printed, they would point into the build folder (``file://``),
  dead for a reader and different wherever the book is built; and no header, sidebars or footer.
"""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup

from ..paths import BOOK_CONFIG, TABLE_OF_CONTENTS

__all__ = ["CONTENTS_PAGE", "PRINT_PAGE", "REFERENCES", "chapters_in_print_order", "write_print_page"]

PRINT_PAGE = "print"
#: the chapter that holds the references, printed last
REFERENCES = "sources"
#: the class of a contents entry's page number; its ``data-target`` names the chapter's id
CONTENTS_PAGE = "cb-print-page"

PRINT_CSS = """
@page { size: A4; }
html, body { background: #fff !important; }
.bd-header, .bd-header-article, .header-article, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer,
.bd-footer-article, .bd-footer-content, footer, .prev-next-area, #jb-print-docs-body, .headerlink, .skip-link,
.cb-chart, .cb-chart-links, details.cb-chart-data, .cb-version-banner, #pst-back-to-top, .search-button__wrapper,
.primary-toggle, .secondary-toggle, .bd-search, .sidebar-toggle, details.above-input, .cell_input { display: none !important; }
.bd-container, .bd-container__inner, .bd-main, .bd-content, .bd-article-container, .bd-article, .bd-page-width {
  max-width: none !important; width: auto !important; margin: 0 !important; padding: 0 !important; display: block !important; }
.cb-print-chapter { break-before: page; }
img.cb-print-figure { display: block; max-width: 100%; height: auto; margin: 0.5em auto; break-inside: avoid; }
table { font-size: 8pt; } tr, img, figure, .cell_output { break-inside: avoid; }
h1, h2, h3 { break-after: avoid; }
/* inline code (the sources' keys) in the text's own face: one face fewer in the PDF (a run set a fraction of a
   pixel apart in some prints came from a second load in one browser, see .pdf._print_once) */
code, kbd, samp, tt { font-family: inherit; }
.bd-main .bd-content .bd-article h1:first-of-type { display: block !important; }
.bd-main .bd-content table { break-inside: auto !important; }
.cb-print-title { height: 240mm; display: flex; flex-direction: column; justify-content: center; break-after: page; }
.cb-print-title .cb-print-book { font-size: 32pt; margin-bottom: 0.3em; }
.cb-print-title .cb-print-subtitle { font-size: 14pt; margin-bottom: 3em; }
.cb-print-title p { margin: 0.2em 0; }
.cb-print-contents { break-after: page; }
.cb-print-contents ol { list-style: none; padding-left: 0; }
.cb-print-contents li { margin: 0.25em 0; }
.cb-print-contents a { display: flex; gap: 1em; color: inherit; text-decoration: none; }
/* a fixed width: the contents lay out the same whatever numbers they hold (.pdf.print_to_pdf) */
.cb-print-contents .cb-print-page { margin-left: auto; flex: none; width: 3ch; text-align: right;
  font-variant-numeric: tabular-nums; }
.cb-print-contents .cb-print-part { font-weight: bold; margin-top: 1em; }
"""


def _heading_text(section) -> str:
    heading = section.find(["h1", "h2", "h3"])
    if heading is None:
        return section.get("id", "")
    for link in heading.select("a.headerlink"):
        link.decompose()
    return heading.get_text(" ", strip=True)


def chapters_in_print_order(root: Path) -> list[tuple[str, list[str]]]:
    """The book's parts as (caption, chapter files), in print order: the Sources chapter moved to the end.

    The root page comes first as a part of its own (no caption).
    """
    toc = yaml.safe_load((Path(root) / TABLE_OF_CONTENTS).read_text(encoding="utf-8"))
    parts = [("", [toc["root"]])] + [(p.get("caption", ""), [c["file"] for c in p.get("chapters", [])])
                                     for p in toc.get("parts", [])]
    moved = [(caption, [f for f in files if f != REFERENCES]) for caption, files in parts]
    if any(REFERENCES in files for _, files in parts):
        moved.append(("References", [REFERENCES]))
    return [(caption, files) for caption, files in moved if files]


def _chapter_sections(soup: BeautifulSoup, root_doc: str) -> dict[str, object]:
    """Each document's section, by its file name (Sphinx marks each with ``<span id="document-NAME">``)."""
    sections = {}
    for marker in soup.select('span[id^="document-"]'):
        section = marker.find_next_sibling("section")
        if section is not None:
            sections[marker["id"].removeprefix("document-")] = section
    article = soup.select_one(".bd-article")
    first = article.find("section") if article else None
    if first is not None:
        sections.setdefault(root_doc, first)
    return sections


def _static_charts(soup: BeautifulSoup) -> int:
    """Replace each chart's embed by its static SVG (from its ``<noscript>``); return how many."""
    count = 0
    for noscript in soup.select(".bd-article noscript"):
        image = BeautifulSoup(noscript.decode_contents(), "html.parser").find("img")
        if image is None:
            continue
        image["src"] = image["src"].removeprefix("../")  # the analysis pages sit one folder down; this page does not
        image["class"] = "cb-print-figure"
        noscript.replace_with(image)
        count += 1
    for chart in soup.select(".bd-article .cb-chart"):
        script = chart.find_next_sibling("script")
        if script is not None:
            script.decompose()
        chart.decompose()
    return count


def _front_matter(soup: BeautifulSoup, root: Path, version: str, parts, titles: dict[str, str]) -> object:
    config = yaml.safe_load((Path(root) / BOOK_CONFIG).read_text(encoding="utf-8"))
    stamp = soup.select_one(".cb-stamp")
    lines = stamp.get_text(strip=True).split(" · ") if stamp else [f"Version {version or 'unreleased'}"]
    contents = []
    for caption, files in parts:
        if caption:
            contents.append(f'<li class="cb-print-part">{html.escape(caption)}</li>')
        # the page number is filled in once a print has shown where the chapter falls (.pdf.print_to_pdf)
        contents += [f'<li><a href="#{html.escape(titles[f][0], quote=True)}"><span>{html.escape(titles[f][1])}</span>'
                     f'<span class="{CONTENTS_PAGE}" data-target="{html.escape(titles[f][0], quote=True)}"></span></a></li>'
                     for f in files if f in titles]
    # the intro's suggested citation and the licences, on the title page too
    cite = soup.select_one(".cb-citation p:not(.admonition-title)")
    licence = soup.select_one(".cb-licence")
    front = (
        f'<div class="cb-print-title"><p class="cb-print-book">{html.escape(config.get("title", ""))}</p>'
        f'<p class="cb-print-subtitle">{html.escape(config.get("author", ""))}</p>'
        + "".join(f'<p class="cb-print-stamp">{html.escape(line)}</p>' for line in lines)
        + (f'<p class="cb-print-stamp">Cite as: {html.escape(cite.get_text(" ", strip=True))}</p>' if cite else "")
        + (f'<p class="cb-print-stamp">{html.escape(licence.get_text(" ", strip=True))}</p>' if licence else "")
        + '</div><div class="cb-print-contents"><h2>Contents</h2><ol>' + "".join(contents) + "</ol></div>"
    )
    return BeautifulSoup(front, "html.parser")


def write_print_page(site: Path, version: str, root: Path) -> Path:
    """Write ``print.html`` into `site` (a ``singlehtml`` build of the book at `root`) and return it.

    Raises
    ------
    FileNotFoundError
        If `site` holds no single-page build of the book.
    """
    parts = chapters_in_print_order(root)
    root_doc = parts[0][1][0]
    source = Path(site) / f"{root_doc}.html"
    if not source.is_file():
        raise FileNotFoundError(f"{source}: no single-page build here (build with the singlehtml builder first)")
    soup = BeautifulSoup(source.read_text(encoding="utf-8"), "html.parser")
    sections = _chapter_sections(soup, root_doc)
    missing = [f for _, files in parts for f in files if f not in sections]
    if missing:
        raise FileNotFoundError(f"{source}: chapters {missing} are not in the single-page build")
    _static_charts(soup)
    for link in soup.select(f'a[href^="{root_doc}.html#"]'):
        link["href"] = link["href"].removeprefix(f"{root_doc}.html")
    for link in soup.select("a[href]"):
        if not link["href"].startswith("#") and not urlsplit(link["href"]).scheme:
            link.unwrap()
    article = soup.select_one(".bd-article")
    references = sections.get(REFERENCES)
    if references is not None:
        article.append(references.extract())
    titles = {}
    for name, section in sections.items():
        section["class"] = [*section.get("class", []), "cb-print-chapter"]
        titles[name] = (section.get("id", ""), _heading_text(section))
    sections[root_doc]["class"] = [c for c in sections[root_doc]["class"] if c != "cb-print-chapter"]
    article.insert(0, _front_matter(soup, root, version, parts, titles))
    style = soup.new_tag("style")
    style.string = PRINT_CSS
    soup.head.append(style)
    page = Path(site) / f"{PRINT_PAGE}.html"
    page.write_text(str(soup), encoding="utf-8")
    return page
