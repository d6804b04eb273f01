"""Sphinx extension: the book's prose reads its facts, numbers and sources from the data.

* :mod:`.facts`: the ``{fact}`` role (a row's figure or date in words), substitutions from
  the data and the assumptions, and pages depending on the notebooks whose glued values
  they paste;
* :mod:`.citations`: the ``{cite}``, ``{source}`` and ``{row}`` roles and the bibliography;
* :mod:`.tables`: the data chapter's tables;
* :mod:`.changelog`: the rows changed since the previous published version;
* :mod:`.references`: the methods' own references (``book/references.bib``);
* :mod:`.stamp`: the footer (with a published version's PDF edition), the version switcher,
  an analyst's edition's banner and the code hash;
* :mod:`.page`: each page's scripts, description and code toggles, and the site's home redirect;
* :mod:`.links`: links shown as written, without smart quotes or dashes;
* :mod:`.mathml`: equations as MathML, written at build time;
* :mod:`.styles`: the theme's style sheet without the icon font's glyph rules.

What the build is for reaches the extension as config values, set by
:func:`counterbalance.pipeline.build.build_book`: ``counterbalance_version`` (empty for a
working build), ``counterbalance_previous`` (the published version the changelog compares
with), ``counterbalance_data`` (the data folder; ``data/`` beside the book by default),
``counterbalance_commit`` (the commit the footer names, for a copy of the pages) and
``counterbalance_edition`` (an analyst's edition's changed assumptions, as JSON).
``counterbalance_code``, a hash of the package (and of the book's styles and templates), is a
config value too, so a change to the code re-reads every page instead of leaving stale ones. A
change to the data re-reads the pages that show the tables it touched (:mod:`.context`), and the
footer's stamp of every page is brought up to date in place (:mod:`.stamp`).
"""

from __future__ import annotations

from ..pipeline.transaction import fail_point
from .changelog import DataChangelog
from .citations import CiteRole, RowRole, SourceList, SourceRole, add_cluster_script
from .facts import FactRole, note_glue_sources
from .links import LinksAsWritten
from .mathml import setup_mathml
from .page import setup_page
from .references import MethodReferences
from .stamp import configure, mark_edition, pdf_button, restamp_pages, stamp_page
from .styles import trim_theme_css
from .tables import DataTable

__all__ = ["setup"]


def _fail_point(app, *args) -> list:
    """Fault injection for the tests: with ``COUNTERBALANCE_FAIL_AT=sphinx-finish`` the build kills
    itself (kill -9) as Sphinx starts its last phase, pages written but scripts, figures and the
    search index not yet copied."""
    fail_point("sphinx-finish")
    return []


def setup(app):
    # compared by Sphinx between builds ("env"): a change to any of them re-reads every page
    app.add_config_value("counterbalance_code", "", "env")
    app.add_config_value("counterbalance_version", "", "env")
    app.add_config_value("counterbalance_previous", "", "env")
    app.add_config_value("counterbalance_data", "", "env")
    app.add_config_value("counterbalance_commit", "", "")  # only in the footer's stamp, which every page gets anyway
    app.add_config_value("counterbalance_edition", "", "env")
    # where the report is published, for its suggested citation ("" leaves the address out)
    app.add_config_value("counterbalance_url", "", "env")
    app.connect("config-inited", configure)
    app.connect("doctree-read", note_glue_sources)
    app.connect("html-collect-pages", _fail_point)
    app.connect("builder-inited", add_cluster_script)
    app.connect("html-page-context", stamp_page)
    app.connect("html-page-context", pdf_button, priority=600)  # after the theme's header buttons (501)
    app.connect("html-page-context", mark_edition)
    app.add_role("cite", CiteRole())
    app.add_role("fact", FactRole())
    app.add_role("source", SourceRole())
    app.add_role("row", RowRole())
    app.add_directive("source-list", SourceList)
    app.add_directive("data-table", DataTable)
    app.add_directive("data-changelog", DataChangelog)
    app.add_transform(LinksAsWritten)
    app.add_directive("method-references", MethodReferences)
    app.connect("build-finished", trim_theme_css)
    app.connect("build-finished", restamp_pages)
    setup_page(app)
    setup_mathml(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
