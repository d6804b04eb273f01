"""The build's own facts in the pages: the footer stamp, the version switcher, an analyst's edition's banner, and the code the pages depend on."""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path

import pandas as pd

from ..data import data_hash, read_descriptor
from ..data.descriptor import event_tables
from ..paths import PDF_NAME
from ..pipeline.project import git_commit
from .context import data_dir, tables
from ..publication import licence_html, suggested_citation
from .facts import markdown_text, substitutions

__all__ = ["build_stamp", "code_hash", "configure", "link_pdf", "pdf_button", "edition_banner", "mark_edition", "newest_data_day"]

PACKAGE = Path(__file__).resolve().parents[1]


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
    """The footer: what the build is (a version, or an analyst's edition), commit, data hash and the newest date in the
    data (no clock time), and the licences of the text, data and code."""
    parts = [label, f"commit {commit}", f"data {data_hash(folder)[:12]}", f"newest data row dated up to {newest_data_day(frames, folder)}"]
    return f'<p class="cb-stamp">{html.escape(" · ".join(parts))}</p><p class="cb-licence">{licence_html()}</p>'


def configure(app, config) -> None:
    """At config-inited: the data's substitutions, the code hash, the footer and, for a published version, the switcher."""
    frames, folder = tables(app), data_dir(app)
    citation = suggested_citation(config.counterbalance_version, newest_data_day(frames, folder), config.counterbalance_url)
    config.myst_substitutions = {**(config.myst_substitutions or {}), **substitutions(frames, read_descriptor(folder)),
                                 "suggested_citation": markdown_text(citation)}
    config.counterbalance_code = code_hash(*(Path(app.srcdir) / folder for folder in ("_static", "_templates")))
    # pages take facts from the data through roles; any edit to the data re-reads them all
    config.counterbalance_data_hash = data_hash(folder)
    version = config.counterbalance_version
    options = dict(config.html_theme_options or {})
    commit = config.counterbalance_commit or git_commit(Path(app.srcdir).parent, short=True) or "unknown"
    label = "Analyst's edition" if config.counterbalance_edition else f"Version {version or 'unreleased'}"
    options["extra_footer"] = build_stamp(frames, folder, label, commit)
    if version:
        config.version = config.release = version
        # the switcher reads the versions list in latest/, the one pointer of the published site (versions.js fixes its links)
        options.update(switcher={"json_url": "../latest/versions.json", "version_match": version}, check_switcher=False,
                       navbar_end=["version-switcher"])
    config.html_theme_options = options


def link_pdf(app, pagename, templatename, context, doctree) -> None:
    """At html-page-context: a published version's footer links its PDF edition, relative to the page."""
    version = app.config.counterbalance_version
    if version and context.get("theme_extra_footer"):
        url = html.escape(context["pathto"](PDF_NAME.format(version=version), 1), quote=True)
        context["theme_extra_footer"] += f'<p class="cb-pdf-link"><a href="{url}">This version as a PDF</a></p>'


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
