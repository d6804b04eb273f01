"""Versioned publishing as a transaction: each version an immutable copy of the site under ``public/``.

One publish at a time holds ``public/.lock`` (a second one waits for it). Under the lock it
first repairs what a killed publish left, reads the newest version (the one its changelog
compares with), builds the book into its own folder, copies the site beside ``public/`` and
renames it in, then rewrites the files the versions share: ``versions.json``
(pydata-sphinx-theme's switcher format), ``latest/`` (a copy of the newest version) and
``index.html`` (a redirect to it). Each step is written to ``public/.journal.json`` first,
so a publish killed at any point is rolled back (before its version is moved in) or
completed (after) by the next one, and the shared files always end up agreeing. Each version
keeps the data it was built from in ``data/``, its downloads in ``downloads/`` and its PDF
edition (``counterbalance-vX.Y.Z.pdf``), printed before anything is copied: a build or a
print that fails changes nothing under ``public/``. Files are readable by a web server (0644,
folders 0755).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..paths import BUILD, CHROMIUM, DATA, FAIL_AT_ENV, PDF_NAME
from .build import build_book
from .pdf import build_pdf

__all__ = [
    "VERSION_PATTERN", "PublishError", "check_version", "published_versions", "latest_version", "publish", "release", "recover",
]

VERSION_PATTERN = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")
LOCK_NAME, JOURNAL_NAME = ".lock", ".journal.json"
#: The steps of a publish, in order; a kill before "moved" is rolled back, after it completed.
PHASES = ("building", "copying", "moved", "shared")


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


def _fail_point(step: str) -> None:
    """Fault injection for the tests: a real kill -9 at `step` when ``COUNTERBALANCE_FAIL_AT`` names it."""
    if os.environ.get(FAIL_AT_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def _readable(tree: Path) -> None:
    """Folders 0755 and files 0644 under `tree`, as a static web server needs them."""
    for path in [tree, *tree.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def _write_atomically(path: Path, text: str) -> None:
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(scratch, 0o644)
    os.replace(scratch, path)


def _replace_tree(source: Path, destination: Path) -> None:
    """Make `destination` a copy of `source`, swapping it in by renames."""
    staging = Path(tempfile.mkdtemp(dir=destination.parent, prefix=f".{destination.name}."))
    shutil.copytree(source, staging / "tree")
    _readable(staging / "tree")
    if destination.exists():
        os.replace(destination, staging / "old")
        _fail_point(f"{destination.name}-moved-aside")
    os.replace(staging / "tree", destination)
    shutil.rmtree(staging, ignore_errors=True)


def _write_shared(public: Path) -> None:
    """Rewrite versions.json, latest/ and index.html from the versions present (idempotent)."""
    versions = published_versions(public)
    if not versions:
        return
    newest = versions[-1]
    entries = [{"name": f"{v} (latest)" if v == newest else v, "version": v, "url": f"{v}/", **({"preferred": True} if v == newest else {})}
               for v in reversed(versions)]
    _write_atomically(public / "versions.json", json.dumps(entries, indent=2) + "\n")
    _replace_tree(public / newest, public / "latest")
    _write_atomically(public / "index.html", (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Counterbalance</title>\n'
        f'<meta http-equiv="refresh" content="0; url={newest}/"><link rel="canonical" href="{newest}/"></head>\n'
        f'<body><p>The latest version is <a href="{newest}/">{newest}</a>.</p></body></html>\n'
    ))


class _Journal:
    """What a publish is doing, written before it does it."""

    def __init__(self, public: Path):
        self.path = public / JOURNAL_NAME

    def read(self) -> dict | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {"phase": "building"} if self.path.exists() else None  # unreadable: nothing was moved in yet

    def record(self, phase: str, **facts: str) -> None:
        _write_atomically(self.path, json.dumps({"phase": phase, **facts}) + "\n")
        _fail_point(phase)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def recover(public: Path) -> str | None:
    """Repair what a killed publish left in `public` (call it holding the lock); say what was done.

    Before its version was moved in, it is rolled back: its staging folder goes. After, it is
    completed: the shared files are rewritten from the versions present. Leftover temporary
    files and folders of any killed publish are removed.
    """
    journal = _Journal(public)
    state = journal.read()
    done = None
    if state is not None:
        if state["phase"] in ("moved", "shared"):
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
def _locked(public: Path) -> Iterator[_Journal]:
    """Hold `public`'s lock (waiting for another publish to finish), repair, and yield the journal."""
    public.mkdir(parents=True, exist_ok=True)
    with open(public / LOCK_NAME, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another publish into {public}/ to finish", file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        repaired = recover(public)
        if repaired:
            print(f"{public}/: {repaired}", file=sys.stderr)
        yield _Journal(public)


def _move_in(site: Path, version: str, public: Path, data_dir: Path, journal: _Journal) -> Path:
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
    with _locked(public) as journal:
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
    BookBuildFailed
        If the book or its PDF does not build; ``public/`` is unchanged.
    """
    public = Path(public)
    check_version(version, public)
    with _locked(public) as journal:
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
