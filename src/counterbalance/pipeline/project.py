"""Which commit the project is at: named by the footer of every page and by every run's manifest."""

from __future__ import annotations

import subprocess
from pathlib import Path

__all__ = ["git_commit"]


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
