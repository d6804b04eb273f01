"""The project as a whole: where its root is, what it tracks, and which commit it is at.

The commit is named by the footer of every page and by every run's manifest; the root and
the tracked files tell an analyst's run where it may not write.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..paths import BOOK_CONFIG, DATA, DESCRIPTOR_NAME

__all__ = ["git_commit", "find_project_root", "tracked_top_level"]


def find_project_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding the book's config and the data's descriptor."""
    for folder in [Path(start).resolve(), *Path(start).resolve().parents]:
        if (folder / BOOK_CONFIG).is_file() and (folder / DATA / DESCRIPTOR_NAME).is_file():
            return folder
    return None


def tracked_top_level(root: Path) -> set[str]:
    """The first path component of every file git tracks in `root` (empty outside git)."""
    try:
        listed = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return set()
    return {name.split("/", 1)[0] for name in listed if name}


def git_commit(root: Path, short: bool = False, mark_dirty: bool = False) -> str | None:
    """The commit checked out at `root` (``+dirty`` appended when tracked files differ, if asked); None outside git."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()

    try:
        head = git("rev-parse", "--short=12" if short else "--verify", "HEAD")
        dirty = mark_dirty and bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+dirty" if dirty else "")
