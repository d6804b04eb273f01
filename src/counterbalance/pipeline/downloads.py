"""The site's downloads: the data package, the sources for a reference manager, and the executed notebooks.

``data.zip`` holds ``datapackage.json`` and every file its resources name, at the paths the
descriptor gives, so that ``frictionless validate datapackage.json`` accepts the unzipped
folder as it is, and beside them ``sources.bib`` and ``sources.json`` (BibTeX and CSL-JSON,
:mod:`.references`), which the site also offers on their own. ``notebooks.zip`` holds the executed notebooks the book shows. Entries are
in name order with a fixed date (1980-01-01, the earliest a zip can say), fixed permissions
(0644) and fixed compression, so the same inputs give the same bytes. Each zip is written
beside its destination and renamed in: a kill never leaves half a zip.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path, PurePosixPath

import pandas as pd

from ..paths import DATA_ZIP, DESCRIPTOR_NAME, NOTEBOOKS_ZIP, SOURCES_BIB, SOURCES_CSL
from .references import sources_bibtex, sources_csl

__all__ = ["DownloadError", "data_package_files", "deterministic_zip", "write_sources", "write_downloads"]

#: The earliest date a zip entry can hold: no build's clock reaches the archive.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class DownloadError(ValueError):
    """A download cannot be made from these inputs; the message says which file and why."""


def _resource_paths(resource: dict) -> list[str]:
    path = resource.get("path")
    if path is None:
        return []  # inline data: nothing to ship beside the descriptor
    return [path] if isinstance(path, str) else list(path)


def data_package_files(data_dir: Path) -> dict[str, Path]:
    """Name in the zip to file on disk: the descriptor and every local file its resources name.

    Raises
    ------
    DownloadError
        If the descriptor is missing or unreadable, or a resource names a path that is
        absolute, climbs out of the folder, or does not exist.
    """
    data_dir = Path(data_dir)
    descriptor_path = data_dir / DESCRIPTOR_NAME
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise DownloadError(f"{descriptor_path}: cannot read the data package's descriptor ({error})") from error
    files = {DESCRIPTOR_NAME: descriptor_path}
    for resource in descriptor.get("resources", []):
        for name in _resource_paths(resource):
            if "://" in name:
                continue  # a remote resource is not ours to ship
            relative = PurePosixPath(name)
            if relative.is_absolute() or ".." in relative.parts:
                raise DownloadError(f"{descriptor_path}: resource {resource.get('name')!r} names {name!r}, "
                                    "which is not a path inside the data folder")
            if not (data_dir / relative).is_file():
                raise DownloadError(f"{descriptor_path}: resource {resource.get('name')!r} names {name!r}, "
                                    f"but {data_dir / relative} does not exist")
            files[relative.as_posix()] = data_dir / relative
    return files


def deterministic_zip(files: dict[str, Path], destination: Path) -> Path:
    """Write `files` (name in the zip to file on disk) into `destination`, the same bytes for the same files.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("x\\n1\\n")
    >>> one = deterministic_zip({"a.csv": folder / "a.csv"}, folder / "one.zip").read_bytes()
    >>> one == deterministic_zip({"a.csv": folder / "a.csv"}, folder / "two.zip").read_bytes()
    True
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name in sorted(files):
            entry = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            entry.create_system = 3  # unix, so that the permissions below are read
            entry.external_attr = 0o100644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, Path(files[name]).read_bytes(), compresslevel=9)
    os.chmod(partial, 0o644)
    os.replace(partial, destination)
    return destination


def write_sources(site: Path, files: dict[str, Path]) -> dict[str, Path]:
    """Write every source of the data package `files` as BibTeX and CSL-JSON into `site`; name in the zip to file.

    Each is written beside its destination and renamed in.
    """
    sources = pd.read_csv(files["sources.csv"], dtype=str, keep_default_na=False).replace("", None)
    written = {}
    for name, text in ((SOURCES_BIB, sources_bibtex(sources)), (SOURCES_CSL, sources_csl(sources))):
        path = Path(site) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        os.chmod(partial, 0o644)
        os.replace(partial, path)
        written[PurePosixPath(name).name] = path
    return written


def write_downloads(site: Path, data_dir: Path, executed: Path) -> list[Path]:
    """Write the data package (with the sources as BibTeX and CSL-JSON) and the executed notebooks (``*.ipynb`` of
    `executed`) as zips into `site`, and the sources' two files on their own.

    Raises
    ------
    DownloadError
        As :func:`data_package_files`, or if `executed` holds no notebook.
    """
    notebooks = {p.name: p for p in sorted(Path(executed).glob("*.ipynb"))}
    if not notebooks:
        raise DownloadError(f"{executed}: no executed notebooks to offer (run `make notebooks` first)")
    package = data_package_files(data_dir)
    references = write_sources(site, package)
    return [deterministic_zip({**package, **references}, Path(site) / DATA_ZIP),
            deterministic_zip(notebooks, Path(site) / NOTEBOOKS_ZIP), *references.values()]
