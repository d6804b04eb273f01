"""The build's own facts in the pages: the footer stamp, the version switcher, an analyst's edition's banner, and the code the pages depend on.

Every page's footer states the build: its version (or an analyst's edition), commit, data hash
and the newest date in the data. The stamp is no theme option, which would make Sphinx write
every page again whenever the data or the commit changes: each page Sphinx writes gets it
(:func:`stamp_page`), and once the build is done, every other page's stamp is brought up to
date in place (:func:`restamp_pages`). So a one-table edit costs the pages that show the table,
and every page, read with or without JavaScript, and the PDF edition's title page, still state
the whole stamp.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import pandas as pd

from ..data import data_hash, read_descriptor
from ..data.descriptor import event_tables
from ..paths import PDF_NAME
from ..pipeline.project import git_commit
from .context import data_dir, tables
from ..publication import licence_html, suggested_citation
from .facts import markdown_text, substitutions

__all__ = ["build_stamp", "code_hash", "configure", "stamp_page", "restamp_pages", "pdf_button", "edition_banner", "mark_edition",
           "newest_data_day"]

PACKAGE = Path(__file__).resolve().parents[1]
#: A page's stamp, as :func:`build_stamp` writes it (its text is escaped: it holds no ``<``).
STAMP = re.compile(r'<p class="cb-stamp">[^<]*</p>')


def code_hash(*folders: Path) -> str:
    """A hash of the package's code and of every file in `folders`: pages rendered by them are stale when it changes.

    The book's own styles and templates are such folders: Sphinx copies static files only when
    some page is rewritten, so a change to a style sheet alone would otherwise never reach the site.
    """
    digest = hashlib.sha256()
    for root, pattern in ((PACKAGE, "*.py"), *((Path(folder), "*") for folder in folders)):
        for path in sorted(p for p in root.rglob(pattern) if p.is_file()):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def newest_data_day(frames: dict, folder: Path) -> str:
    """The data's last day, in words ("11 March 2026"): the newest date of a row describing an event, not of a
    judgement, an outcome or a source."""
    events = set(event_tables(read_descriptor(folder)))
    latest = [frame[c].max() for name, frame in frames.items() if name in events
              for c in frame.columns if c.endswith("_latest")]
    newest = max(d for d in latest if not pd.isna(d))
    return f"{newest.day} {newest:%B %Y}"


def build_stamp(frames: dict, folder: Path, label: str, commit: str) -> str:
    """The footer's stamp: what the build is (a version, or an analyst's edition), commit, data hash and the newest
    date in the data (no clock time)."""
    parts = [label, f"commit {commit}", f"data {data_hash(folder)[:12]}", f"newest data row dated up to {newest_data_day(frames, folder)}"]
    return f'<p class="cb-stamp">{html.escape(" · ".join(parts))}</p>'


def configure(app, config) -> None:
    """At config-inited: the data's substitutions, the code hash, the build's stamp and, for a published version, the switcher."""
    frames, folder = tables(app), data_dir(app)
    citation = suggested_citation(config.counterbalance_version, newest_data_day(frames, folder), config.counterbalance_url)
    config.myst_substitutions = {**(config.myst_substitutions or {}), **substitutions(frames, read_descriptor(folder)),
                                 "suggested_citation": markdown_text(citation)}
    config.counterbalance_code = code_hash(*(Path(app.srcdir) / folder for folder in ("_static", "_templates")))
    version = config.counterbalance_version
    commit = config.counterbalance_commit or git_commit(Path(app.srcdir).parent, short=True) or "unknown"
    label = "Analyst's edition" if config.counterbalance_edition else f"Version {version or 'unreleased'}"
    app._counterbalance_stamp = build_stamp(frames, folder, label, commit)
    if version:
        config.version = config.release = version
        # the switcher reads the versions list in latest/, the one pointer of the published site (versions.js fixes its links)
        options = dict(config.html_theme_options or {})
        options.update(switcher={"json_url": "../latest/versions.json", "version_match": version}, check_switcher=False,
                       navbar_end=["version-switcher"])
        config.html_theme_options = options


def stamp_page(app, pagename, templatename, context, doctree) -> None:
    """At html-page-context: the build's stamp and the licences in the footer, and in a published version a link to
    its PDF edition."""
    footer = app._counterbalance_stamp + f'<p class="cb-licence">{licence_html()}</p>'
    version = app.config.counterbalance_version
    if version:
        url = html.escape(context["pathto"](PDF_NAME.format(version=version), 1), quote=True)
        footer += f'<p class="cb-pdf-link"><a href="{url}">This version as a PDF</a></p>'
    context["theme_extra_footer"] = footer


def restamp_pages(app, exception) -> None:
    """At build-finished: the pages Sphinx did not write this time (their content did not change) state this build's stamp too."""
    if exception is not None or app.builder.format != "html":
        return
    stamp = app._counterbalance_stamp
    for page in sorted(Path(app.outdir).rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        restamped = STAMP.sub(lambda _: stamp, text)
        if restamped != text:
            page.write_text(restamped, encoding="utf-8")


def pdf_button(app, pagename, templatename, context, doctree) -> None:
    """At html-page-context, after the theme's buttons: the header's ".pdf" item links the PDF edition of a
    published version instead of printing the page (the browser printed charts not yet drawn as blanks);
    a working build, which has no edition beside its pages, has no such item."""
    version = app.config.counterbalance_version
    for group in context.get("header_buttons", []):
        buttons = group.get("buttons") if isinstance(group, dict) else None
        if not buttons:
            continue
        for index, button in enumerate(list(buttons)):
            if button.get("label") != "download-pdf-button":
                continue
            if version:
                buttons[index] = {"type": "link", "url": context["pathto"](PDF_NAME.format(version=version), 1), "text": ".pdf",
                                  "tooltip": "This version as a PDF", "icon": "fas fa-file-pdf", "label": "download-pdf-button"}
            else:
                buttons.remove(button)


def _shown(value) -> str:
    """A parameter's value as a reader reads it: 0.5, 2020-12-17, {"dep_tr_monitors": 500}."""
    if isinstance(value, float):
        return f"{value:g}"
    return value if isinstance(value, str) else json.dumps(value)


def edition_banner(changed: dict[str, list], what_changed_url: str) -> str:
    """The banner of an analyst's edition: each assumption that differs, with its published value, and a link to what changed.

    >>> print(edition_banner({"weight_monitors": [0.5, 1.0]}, "what-changed.html"))
    <strong>Analyst's edition, not the published report.</strong> Assumptions changed: <code>weight_monitors</code> 1 (published 0.5). <a href="what-changed.html">What changed</a>
    """
    changes = "; ".join(f"<code>{html.escape(name)}</code> {html.escape(_shown(edition))} (published {html.escape(_shown(published))})"
                        for name, (published, edition) in sorted(changed.items()))
    said = f"Assumptions changed: {changes}." if changes else "Every assumption is the published one."
    return (f"<strong>Analyst's edition, not the published report.</strong> {said} "
            f'<a href="{html.escape(what_changed_url, quote=True)}">What changed</a>')


def mark_edition(app, pagename, templatename, context, doctree) -> None:
    """At html-page-context: an analyst's edition shows its banner on every page (the theme's announcement)."""
    if app.config.counterbalance_edition:
        context["theme_announcement"] = edition_banner(json.loads(app.config.counterbalance_edition),
                                                       context["pathto"]("what-changed"))
