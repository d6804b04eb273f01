"""Build the book from the executed notebooks: Jupyter Book's own Sphinx build, with the build's facts as config.

papermill has already run every notebook; this only renders. It is ``jupyter-book build``
of the project, strict (warnings are errors, every one reported), with what the
build is for passed to the book extension as Sphinx config values rather than through the
environment: the version being published (none for a working build), the published
version whose data the changelog compares with, and the data folder. An HTML build also
writes the site's downloads (:mod:`.downloads`): the data package and the executed
notebooks, one zip each, so every published version carries its own.

One build writes an output folder at a time: a second build of the same folder (two ``make
book`` at once, or a publish and a ``make book``) waits for the lock beside it
(``.html.lock`` for ``_build/html``). A build marks its output folder while it runs
(``.building``). A build that was killed leaves the mark, and the next one starts from an
empty folder instead of trusting a half-written site: Sphinx writes the pages first and
copies scripts, figures and the search index last.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from jupyter_book.sphinx import build_sphinx

from ..paths import BOOK, BOOK_CONFIG, DATA, EXECUTED, TABLE_OF_CONTENTS
from .downloads import DownloadError, write_downloads
from .transaction import folder_lock

__all__ = ["BookBuildFailed", "build_book", "BUILDING_MARK"]

#: Present in an output folder while a build writes it.
BUILDING_MARK = ".building"


class BookBuildFailed(RuntimeError):
    """Sphinx reported warnings or errors; the message says where the output went."""


def build_book(project_root: Path, output: Path, version: str = "", previous: Path | None = None,
               data_dir: Path | None = None, builder: str = "html", commit: str = "", edition: dict | None = None,
               fresh: bool = False) -> Path:
    """Render the book of `project_root` into `output` (the HTML folder itself).

    Parameters
    ----------
    project_root : Path
        The project: its ``_config.yml``, ``book/`` and executed notebooks.
    output : Path
        Folder for the site; Sphinx keeps its doctrees beside it in ``.doctrees``.
    version : str
        The version being published (``vX.Y.Z``), or empty for a working build.
    previous : Path, optional
        A published version's folder, whose ``data/`` the changelog compares with.
    data_dir : Path, optional
        The data the pages read; the project's ``data/`` by default.
    builder : str
        A Sphinx builder: ``html``, or ``singlehtml`` for one page holding the whole book.
    commit : str
        The commit the footer names; by default the project's own (a copy of the pages has none).
    edition : dict, optional
        For an analyst's edition: each changed assumption's published value and the
        edition's, by name; every page then carries a banner naming them.
    fresh : bool
        Build from nothing: the earlier site and doctrees are removed first. The single-page
        builder writes its page before copying the static files, so only a build from nothing
        gives the same bytes every time (an update would add the files' checksums to their links).

    Returns
    -------
    Path
        `output`.

    Raises
    ------
    BookBuildFailed
        If Sphinx reported any warning or error (all are reported, on stderr), or the
        downloads cannot be made (a resource's file is missing).
    """
    root, output = Path(project_root).resolve(), Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(output.parent / f".{output.name}.lock", f"a build of {output}", wait=True):
        if fresh:
            for earlier in (output, output.parent / ".doctrees"):
                shutil.rmtree(earlier, ignore_errors=True)
        return _build_locked(root, output, version, previous, data_dir, builder, commit, edition)


def _build_locked(root: Path, output: Path, version: str, previous: Path | None, data_dir: Path | None, builder: str,
                  commit: str, edition: dict | None) -> Path:
    """:func:`build_book`, holding the output folder's lock."""
    if (output / BUILDING_MARK).exists():
        shutil.rmtree(output)  # an earlier build was killed midway: never build on its half-written site
    output.mkdir(parents=True, exist_ok=True)
    (output / BUILDING_MARK).touch()
    data_dir = Path(data_dir).resolve() if data_dir else root / DATA
    overrides = {
        "external_toc_path": (root / TABLE_OF_CONTENTS).as_posix(),
        "latex_individualpages": False,
        "counterbalance_version": version,
        "counterbalance_previous": str(Path(previous).resolve()) if previous else "",
        "counterbalance_data": str(data_dir),
        "counterbalance_commit": commit,
        "counterbalance_edition": json.dumps(edition, sort_keys=True) if edition is not None else "",
    }
    status = build_sphinx(root / BOOK, output, noconfig=True, path_config=str(root / BOOK_CONFIG),
                          confoverrides=overrides, builder=builder, warningiserror=True, keep_going=True, quiet=True)
    if status != 0:
        raise BookBuildFailed(f"the book did not build into {output} ({status})")
    if builder == "html":
        try:
            write_downloads(output, data_dir, root / EXECUTED)
        except DownloadError as error:
            raise BookBuildFailed(str(error)) from error
    (output / BUILDING_MARK).unlink()
    return output
