"""Versioned publishing as a transaction: each version an immutable copy of the site under ``public/``.

One publish at a time holds ``public/.lock`` (a second one waits for it). Under the lock it
first repairs what a killed publish left, reads the newest version (the one its changelog
compares with), builds the book into its own folder, copies the site beside ``public/`` and
renames it in. What the versions share has one pointer: ``latest/``, a copy of the newest
version that also holds ``versions.json`` (the version switcher's list, in
pydata-sphinx-theme's format), swapped in by one rename; ``index.html`` always redirects to
``latest/``. So whatever a reader fetches between any two steps of a publish agrees with
itself: the old site or the new one, never a mix. Each step is written to
``public/.journal.json`` first, so a publish killed at any point is rolled back (before its
version is moved in) or completed (after) by the next one (the transaction's pieces are
:mod:`.transaction`'s, shared with the book's build and an analyst's outputs). Each version
keeps the data it was built from in ``data/``, its downloads in ``downloads/`` and its PDF
edition (``counterbalance-vX.Y.Z.pdf``), printed before anything is copied: a build or a
print that fails changes nothing under ``public/``. Files are readable by a web server (0644,
folders 0755).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..paths import BUILD, CHROMIUM, DATA, PDF_NAME
from .build import build_book
from .pdf import build_pdf
from .transaction import Journal, check_writable, fail_point, folder_lock, swap, write_atomically

__all__ = [
    "VERSION_PATTERN", "WRITE_STEPS", "PublishError", "check_version", "published_versions", "latest_version", "versions_listing",
    "publish", "release", "recover",
]

VERSION_PATTERN = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")
LOCK_NAME, JOURNAL_NAME = ".lock", ".journal.json"
#: The switcher's list of versions, inside ``latest/`` (and, for versions published before it moved there, at the root).
VERSIONS_NAME = "versions.json"
#: The steps of a publish, in order; a kill before "moved" is rolled back, after it completed.
PHASES = ("building", "copying", "moved", "shared")
#: Every point between two writes of a publish of a built site, in order (``COUNTERBALANCE_FAIL_AT`` kills there).
WRITE_STEPS = ("copying", "copied", "moved", "shared", "latest-copied", "exchanged", "latest-swapped", "latest-old-removed",
               "index-written", "versions-written")
#: The site's root page: always the latest version (the pointer is ``latest/`` itself, swapped whole).
REDIRECT = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Counterbalance</title>\n'
            '<meta http-equiv="refresh" content="0; url=latest/"><link rel="canonical" href="latest/"></head>\n'
            '<body><p>Read <a href="latest/">the latest version</a>.</p></body></html>\n')


class PublishError(ValueError):
    """The version was refused; ``public/`` is unchanged."""


def _key(version: str) -> tuple[int, int, int]:
    major, minor, patch = VERSION_PATTERN.match(version).groups()
    return int(major), int(minor), int(patch)


def check_version(version: str, public: Path) -> None:
    """Refuse a `version` that is not ``vX.Y.Z`` or is already published under `public`.

    A version whose publish was interrupted is not refused here: the next publish completes
    or rolls it back first.

    Raises
    ------
    PublishError
        Saying which, and what to do.

    Examples
    --------
    >>> check_version("1.0", Path("public"))
    Traceback (most recent call last):
    ...
    counterbalance.pipeline.publish.PublishError: VERSION='1.0' is not a version such as v1.0.0 (make publish VERSION=v1.0.0)
    """
    if not VERSION_PATTERN.match(version or ""):
        raise PublishError(f"VERSION={version!r} is not a version such as v1.0.0 (make publish VERSION=v1.0.0)")
    if (Path(public) / version).exists() and not (Path(public) / JOURNAL_NAME).exists():
        raise PublishError(f"{Path(public) / version} is already published; a published version never changes, choose a new one")


def published_versions(public: Path) -> list[str]:
    """The versions under `public`, oldest first.

    >>> root = Path(tempfile.mkdtemp())
    >>> for name in ("v1.10.0", "v1.2.0", "latest", "v2.0.0"): (root / name).mkdir()
    >>> published_versions(root)
    ['v1.2.0', 'v1.10.0', 'v2.0.0']
    """
    if not Path(public).is_dir():
        return []
    return sorted((p.name for p in Path(public).iterdir() if p.is_dir() and VERSION_PATTERN.match(p.name)), key=_key)


def latest_version(public: Path) -> str | None:
    """The newest published version, or None."""
    versions = published_versions(public)
    return versions[-1] if versions else None


def _readable(tree: Path) -> None:
    """Folders 0755 and files 0644 under `tree`, as a static web server needs them."""
    for path in [tree, *tree.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def versions_listing(versions: list[str]) -> str:
    """The switcher's list of `versions` (oldest first), newest first and preferred, as pydata-sphinx-theme reads it.

    >>> print(versions_listing(["v1.0.0"]), end="")
    [
      {
        "name": "v1.0.0 (latest)",
        "version": "v1.0.0",
        "url": "v1.0.0/",
        "preferred": true
      }
    ]
    """
    newest = versions[-1]
    entries = [{"name": f"{v} (latest)" if v == newest else v, "version": v, "url": f"{v}/", **({"preferred": True} if v == newest else {})}
               for v in reversed(versions)]
    return json.dumps(entries, indent=2) + "\n"


def _write_shared(public: Path) -> None:
    """Point the site at the newest version present (idempotent): ``latest/``, its copy holding the switcher's list, swapped in
    by one rename; then the root's redirect (always to ``latest/``) and the list at the root for older versions."""
    versions = published_versions(public)
    if not versions:
        return
    listing = versions_listing(versions)
    staging = Path(tempfile.mkdtemp(dir=public, prefix=".latest."))
    shutil.copytree(public / versions[-1], staging / "tree")
    (staging / "tree" / VERSIONS_NAME).write_text(listing, encoding="utf-8")
    _readable(staging / "tree")
    fail_point("latest-copied")
    swap(staging / "tree", public / "latest", staging / "old")
    fail_point("latest-swapped")
    shutil.rmtree(staging)
    fail_point("latest-old-removed")
    if not (public / "index.html").is_file() or (public / "index.html").read_text(encoding="utf-8") != REDIRECT:
        write_atomically(public / "index.html", REDIRECT)
    fail_point("index-written")
    write_atomically(public / VERSIONS_NAME, listing)
    fail_point("versions-written")


def recover(public: Path) -> str | None:
    """Repair what a killed publish left in `public` (call it holding the lock); say what was done.

    Before its version was moved in, it is rolled back: its staging folder goes. After (its
    folder is in place), it is completed: ``latest/`` and the files beside it are rewritten
    from the versions present. Leftover temporary
    files and folders of any killed publish are removed.
    """
    journal = Journal(public / JOURNAL_NAME)
    state = journal.read()
    done = None
    if state is not None:
        version = str(state.get("version", ""))
        moved_in = bool(VERSION_PATTERN.match(version)) and (public / version).is_dir()  # a kill right after the rename
        if state["phase"] in ("moved", "shared") or (state["phase"] == "copying" and moved_in):
            _write_shared(public)
            done = f"completed the interrupted publish of {state.get('version', 'a version')}"
        else:
            done = f"rolled back the interrupted publish of {state.get('version', 'a version')}"
        journal.clear()
    for leftover in public.glob(".*"):
        if leftover.name not in (LOCK_NAME, JOURNAL_NAME):
            shutil.rmtree(leftover) if leftover.is_dir() and not leftover.is_symlink() else leftover.unlink()
    return done


@contextlib.contextmanager
def _locked(public: Path, version: str) -> Iterator[Journal]:
    """Hold `public`'s lock (waiting for another publish to finish), repair, and yield the journal.

    Raises
    ------
    RunError
        If `public` cannot be written (a read-only folder), before anything is built.
    """
    check_writable(public)
    with folder_lock(public / LOCK_NAME, f"a publish of {version}", wait=True):
        repaired = recover(public)
        if repaired:
            print(f"{public}/: {repaired}", file=sys.stderr)
        yield Journal(public / JOURNAL_NAME)


def _move_in(site: Path, version: str, public: Path, data_dir: Path, journal: Journal) -> Path:
    """Copy `site` and its data beside `public`, rename it in, rewrite the shared files."""
    if not (site / "intro.html").is_file():
        raise PublishError(f"{site} holds no built book; run the build first")
    staging = Path(tempfile.mkdtemp(dir=public, prefix=f".{version}."))
    journal.record("copying", version=version, staging=staging.name)
    shutil.copytree(site, staging / "site", ignore=shutil.ignore_patterns(".buildinfo", ".built", ".building"))
    data_copy = staging / "site" / DATA
    data_copy.mkdir()
    for path in sorted(Path(data_dir).iterdir()):
        if path.suffix in (".csv", ".json", ".geojson"):
            shutil.copy2(path, data_copy / path.name)
    _readable(staging / "site")
    fail_point("copied")
    os.replace(staging / "site", public / version)
    journal.record("moved", version=version)
    shutil.rmtree(staging, ignore_errors=True)
    journal.record("shared", version=version)
    _write_shared(public)
    journal.clear()
    return public / version


def publish(site: Path, version: str, public: Path, data_dir: Path) -> Path:
    """Add `site` (a built book) to `public` as `version`, with the data it was built from.

    Raises
    ------
    PublishError
        If `version` is not vX.Y.Z, is already published, or `site` is not a built book.
    """
    public = Path(public)
    check_version(version, public)
    with _locked(public, version) as journal:
        check_version(version, public)
        return _move_in(Path(site), version, public, data_dir, journal)


def release(project_root: Path, version: str, public: Path, data_dir: Path, chromium: str = CHROMIUM) -> Path:
    """Build the book and its PDF edition as `version` and publish them: the whole of ``make publish`` after the notebooks ran.

    The build happens under the lock, so the previous version its changelog compares with
    is the one published just before it, and in a folder of its own
    (``_build/publish/<version>``), so two publishes never share a build. The PDF is printed
    into the built site before the site is copied, and moves in with the rest.

    Raises
    ------
    PublishError
        As :func:`publish`.
    RunError
        If `public` cannot be written, before anything is built.
    BookBuildFailed
        If the book or its PDF does not build; ``public/`` is unchanged.
    """
    public = Path(public)
    check_version(version, public)
    with _locked(public, version) as journal:
        check_version(version, public)
        previous = latest_version(public)
        journal.record("building", version=version)
        try:
            site = build_book(project_root, Path(project_root) / BUILD / "publish" / version / "html", version,
                              public / previous if previous else None, data_dir)
            build_pdf(project_root, site / PDF_NAME.format(version=version), version, data_dir,
                      public / previous if previous else None, chromium)
        except Exception:
            journal.clear()  # nothing was copied yet: rolled back
            raise
        return _move_in(site, version, public, data_dir, journal)
