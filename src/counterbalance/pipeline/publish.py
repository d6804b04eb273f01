"""Versioned publishing: each version an immutable copy of the site under ``public/``.

A version is copied in beside its final place and renamed into it in one step, so readers
never see half a version, and a failure leaves ``public/`` as it was. Only the shared files
are rewritten when a version is added: ``versions.json`` (pydata-sphinx-theme's switcher
format, URLs relative to ``public/``), ``latest/`` (a copy of the newest version) and
``index.html`` (a redirect to it). Each version keeps the data it was built from in
``data/``, which the next version's changelog compares against.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from ..paths import DATA

__all__ = ["VERSION_PATTERN", "PublishError", "check_version", "published_versions", "latest_version", "publish"]

VERSION_PATTERN = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")


class PublishError(ValueError):
    """The version was refused; ``public/`` is unchanged."""


def _key(version: str) -> tuple[int, int, int]:
    major, minor, patch = VERSION_PATTERN.match(version).groups()
    return int(major), int(minor), int(patch)


def check_version(version: str, public: Path) -> None:
    """Refuse a `version` that is not ``vX.Y.Z`` or is already published under `public`.

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
    if (Path(public) / version).exists():
        raise PublishError(f"{Path(public) / version} is already published; a published version never changes, choose a new one")


def published_versions(public: Path) -> list[str]:
    """The versions under `public`, oldest first.

    >>> import tempfile; root = Path(tempfile.mkdtemp())
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


def _write_atomically(path: Path, text: str) -> None:
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(scratch, path)


def _replace_tree(source: Path, destination: Path) -> None:
    """Make `destination` a copy of `source`, swapping it in by renames."""
    staging = Path(tempfile.mkdtemp(dir=destination.parent, prefix=f".{destination.name}."))
    shutil.copytree(source, staging / "tree")
    old = destination.parent / f".{destination.name}.old"
    if destination.exists():
        os.replace(destination, old)
    os.replace(staging / "tree", destination)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)


def _write_shared(public: Path) -> None:
    """Rewrite versions.json, latest/ and index.html from the versions present."""
    versions = published_versions(public)
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


def publish(site: Path, version: str, public: Path, data_dir: Path) -> Path:
    """Add `site` (a built book) to `public` as `version`, with the data it was built from.

    Raises
    ------
    PublishError
        If `version` is not vX.Y.Z, is already published, or `site` is not a built book.
    """
    site, public = Path(site), Path(public)
    check_version(version, public)
    if not (site / "intro.html").is_file():
        raise PublishError(f"{site} holds no built book; run the build first")
    public.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=public, prefix=f".{version}."))
    try:
        shutil.copytree(site, staging / "site", ignore=shutil.ignore_patterns(".buildinfo", ".built"))
        data_copy = staging / "site" / DATA
        data_copy.mkdir()
        for path in sorted(Path(data_dir).iterdir()):
            if path.suffix in (".csv", ".json", ".geojson"):
                shutil.copy2(path, data_copy / path.name)
        os.replace(staging / "site", public / version)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _write_shared(public)
    return public / version
