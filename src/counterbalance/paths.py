"""Every folder, file and environment-variable name of the project, and nothing else.

Names are relative to a project root, because the same installed package serves the
project and its copies (tests and the benchmark build copies with one shared virtual
environment): commands take the root from where they run, and :data:`PROJECT_ROOT` is only
the default for code that has no other. Imports nothing from the package.
"""

from pathlib import Path

#: The project this package was installed from.
PROJECT_ROOT = Path(__file__).resolve().parents[2]

# --- folders, relative to a project root --------------------------------------------------
DATA = "data"
NOTEBOOKS = "notebooks"
BOOK = "book"
#: where papermill writes the executed notebooks the book shows
EXECUTED = "book/analysis"
BUILD = "_build"
PUBLIC = "public"
#: a chart's static copies, in the book (under VENDOR) and in an analyst's run folder
FIGURES = "figures"
#: what the book serves from itself, copied to the site's root: the vendored scripts and the charts' static copies
VENDOR = "book/_vendor"
BOOK_FIGURES = f"{VENDOR}/{FIGURES}"
#: the book's configuration and table of contents
BOOK_CONFIG = "_config.yml"
TABLE_OF_CONTENTS = "book/_toc.yml"
#: folders an analyst's run never writes into, besides everything git tracks: the build, the published versions, git,
#: and the folders a tool of the project manages (`npm ci` empties node_modules/, `make install` rebuilds .venv/)
PROTECTED = (BOOK, BUILD, PUBLIC, DATA, NOTEBOOKS, "src", ".venv", ".git", "node_modules")
#: the npm packages of package.json: the chart runtime and the page checkers
NODE_MODULES = "node_modules"

# --- files --------------------------------------------------------------------------------
DESCRIPTOR_NAME = "datapackage.json"
BUNDLE_NAME = "vega-embed.js"
#: the site's downloads, relative to its root: the data package and the executed notebooks, each one zip
DATA_ZIP = "downloads/data.zip"
NOTEBOOKS_ZIP = "downloads/notebooks.zip"
#: The sources for a reference manager: BibTeX and CSL-JSON (also inside data.zip).
SOURCES_BIB = "downloads/sources.bib"
SOURCES_CSL = "downloads/sources.json"
#: the PDF edition of a version, in its folder (``{version}``: vX.Y.Z, or the commit for a working copy)
PDF_NAME = "counterbalance-{version}.pdf"
#: the chromium that prints the PDF edition (Debian's, never a downloaded one)
CHROMIUM = "/usr/bin/chromium"

DATA_DIR = PROJECT_ROOT / DATA
NOTEBOOK_DIR = PROJECT_ROOT / NOTEBOOKS

# --- environment of a notebook's kernel (set by the pipeline, read by the chart renderer) ---
#: folder the kernel saves each chart's static copies into
FIGURES_ENV = "COUNTERBALANCE_FIGURES"
#: that folder as seen from the executed notebook's page
FIGURES_URL_ENV = "COUNTERBALANCE_FIGURES_URL"
#: the vega bundle as seen from that folder
BUNDLE_URL_ENV = "COUNTERBALANCE_BUNDLE_URL"
#: a step of a publish or a build at which the process kills itself (kill -9): fault-injection tests only
FAIL_AT_ENV = "COUNTERBALANCE_FAIL_AT"

# --- environment of the test suite --------------------------------------------------------
#: folder the browser tests save every page's screenshots into (CI keeps it); by default one in pytest's temporary folder
SCREENSHOTS_ENV = "COUNTERBALANCE_SCREENSHOTS"
