"""Writing a folder as a transaction: never half-written, whoever is killed and whoever else writes.

Every output of the project is written the same way. A writer holds the folder's lock (the
next one waits, or is refused naming the one at work), builds into a private folder beside
the destination, and puts it in place with one rename. Each step is recorded in a journal
before it is taken, so a writer killed at any point (even by kill -9) is rolled back or
completed by the next one. Publishing (:mod:`.publish`), the book's build (:mod:`.build`) and
an analyst's runs, sweeps and editions (:class:`OutputFolder`) share these pieces:

* :func:`folder_lock`: one writer of a folder at a time;
* :class:`Journal`: what a writer is doing, written before it does it;
* :func:`swap`: a new tree in place of the old one, in one rename (Linux's ``RENAME_EXCHANGE``;
  two renames where the file system cannot exchange, the journal covering the gap);
* :func:`fail_point`: a real kill -9 at a named step, for the tests (``COUNTERBALANCE_FAIL_AT``).

An analyst's output folder holds what a run's manifest lists. Anything else in it is the
analyst's: it is never deleted. A file that appears while a rebuild runs stops the rebuild
before its swap, and nothing is replaced.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import glob
import json
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..paths import FAIL_AT_ENV

__all__ = ["RunError", "MANIFESTS", "fail_point", "write_atomically", "check_writable", "folder_lock", "Journal", "swap",
           "listed_outputs", "foreign_files", "OutputFolder"]

#: What an analyst's output folder may hold as its manifest: the files it lists are the run's own.
MANIFESTS = ("run.json", "sweep.json", "edition.json")


class RunError(ValueError):
    """The output folder or a parameter file was refused; nothing was written."""


def fail_point(step: str) -> None:
    """Fault injection for the tests: a real kill -9 at `step` when ``COUNTERBALANCE_FAIL_AT`` names it."""
    if os.environ.get(FAIL_AT_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file renamed over it (world-readable, as a web server needs)."""
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(scratch, 0o644)
    os.replace(scratch, path)


def check_writable(folder: Path) -> None:
    """Make `folder` if missing and prove a file can be created in it, or refuse it before any work is done.

    >>> check_writable(Path("/proc/no-such-folder"))
    Traceback (most recent call last):
    ...
    counterbalance.pipeline.transaction.RunError: /proc/no-such-folder: cannot write there (No such file or directory); make it writable, or choose another folder
    """
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".write-test-")
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise RunError(f"{folder}: cannot write there ({error.strerror}); make it writable, or choose another folder") from None


@contextlib.contextmanager
def folder_lock(lock: Path, holder: str, wait: bool) -> Iterator[None]:
    """Hold the lock file `lock` for `holder` (e.g. "an edition (pid 12)"); another holder makes this one wait, or refuses it.

    The lock is the kernel's (``flock``): it is released when its holder exits, however it
    exits. While held, the file names its holder, so that the next writer can say whom it
    waits for; it is emptied again before it is released.

    Raises
    ------
    RunError
        If another process holds it and `wait` is false, naming that process; or if the lock
        cannot be created (a read-only folder).
    """
    try:
        handle = open(lock, "a+", encoding="utf-8")
    except OSError as error:
        raise RunError(f"{lock.parent}: cannot write there ({error.strerror}); make it writable, or choose another folder") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            other = handle.read(300).strip() or "another process"
            folder = lock.parent / lock.name.removeprefix(".").removesuffix(".lock")
            if not wait:
                raise RunError(f"{folder}: {other} is writing it; wait for it to finish, or choose another folder") from None
            print(f"waiting for {other} to finish", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{holder} (pid {os.getpid()})\n")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)  # still held: the file is left as it was found, empty


class Journal:
    """What a writer is doing, recorded (atomically) before it does it; a kill lands on a known step."""

    def __init__(self, path: Path):
        self.path = path

    def read(self) -> dict | None:
        """The last step recorded, or None; an unreadable journal reads as its first step (nothing moved yet)."""
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError, UnicodeDecodeError):
            return {"phase": "building"} if self.path.exists() else None
        return state if isinstance(state, dict) and "phase" in state else {"phase": "building"}

    def record(self, phase: str, **facts: object) -> None:
        write_atomically(self.path, json.dumps({"phase": phase, **facts}) + "\n")
        fail_point(phase)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


#: ``renameat2``'s flag that swaps two paths in one step, and the errors of a file system that cannot.
_RENAME_EXCHANGE, _AT_FDCWD = 2, -100
_CANNOT_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False where the C library or the file system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _CANNOT_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap(new: Path, destination: Path, aside: Path) -> None:
    """Put the tree `new` at `destination`, and the tree that was there (if any) at `aside`, a free path beside it.

    One atomic exchange where the file system allows it, so `destination` is never missing
    and never a mix; otherwise the old tree is renamed aside, then the new one in.
    """
    if not destination.exists():
        os.replace(new, destination)
    elif _exchange(new, destination):
        fail_point("exchanged")
        os.replace(new, aside)
    else:
        os.replace(destination, aside)
        fail_point("moved-aside")
        os.replace(new, destination)


def listed_outputs(folder: Path) -> set[str] | None:
    """The files an earlier run, sweep or edition in `folder` says it wrote (its manifest included), or None."""
    for manifest in MANIFESTS:
        if (folder / manifest).is_file():
            try:
                listed = json.loads((folder / manifest).read_text(encoding="utf-8"))["outputs"]
                return {*map(str, listed), manifest}
            except (ValueError, KeyError, TypeError, UnicodeDecodeError, OSError):
                return None
    return None


def foreign_files(folder: Path) -> list[str]:
    """The files in `folder` that no manifest of it lists: the analyst's own (all of them, if it has no manifest)."""
    if not folder.is_dir():
        return []
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()}
    return sorted(present - (listed_outputs(folder) or set()))


def _keep_foreign(old: Path, out: Path) -> list[str]:
    """Delete what `old`'s manifest lists; move anything else into `out` (renamed if its name is taken); return those kept."""
    listed, kept = listed_outputs(old) or set(), []
    for path in sorted(old.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        name = path.relative_to(old).as_posix()
        if path.is_dir() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.rmdir()
        elif name in listed:
            path.unlink()
        else:
            target = out / name
            while target.exists() or target.is_symlink():
                target = target.with_name(target.name + ".kept")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            kept.append(target.relative_to(out).as_posix())
    return sorted(kept)


class OutputFolder:
    """An analyst's output folder (a run's, a sweep's or an edition's), written as a transaction.

    ``with OutputFolder(out, "an edition") as output:`` holds the folder's lock (a second
    writer is refused, naming the first), repairs what a killed writer left, and gives
    ``output.new``, a private folder beside `out` to build into; ``output.commit()`` then swaps
    it in. The old output is removed after, file by file as its manifest lists them: a file
    it does not list is the analyst's, and is kept. Leaving the block without a commit
    leaves `out` as it was.
    """

    def __init__(self, out: Path, what: str):
        self.out, self.what = Path(out), what
        self.lock = self.out.parent / f".{self.out.name}.lock"
        self.journal = Journal(self.out.parent / f".{self.out.name}.journal.json")
        self._stack = contextlib.ExitStack()
        self.staging: Path | None = None

    @property
    def new(self) -> Path:
        """The private folder the output is built in."""
        return self.staging / "new"

    def __enter__(self) -> OutputFolder:
        check_writable(self.out.parent)
        if self.out.is_dir() and not os.access(self.out, os.W_OK):
            raise RunError(f"--out {self.out}: is read-only; make it writable, or choose another folder")
        with self._stack as stack:
            stack.enter_context(folder_lock(self.lock, self.what, wait=False))
            self._recover()
            self.staging = Path(tempfile.mkdtemp(dir=self.out.parent, prefix=f".{self.out.name}.partial-"))
            self.new.mkdir()
            self.journal.record("output-building", staging=self.staging.name)
            self._stack = stack.pop_all()
        return self

    def __exit__(self, *exc) -> None:
        with self._stack:
            if self.staging is not None and self.staging.exists():
                shutil.rmtree(self.staging)
            self.journal.clear()

    def commit(self) -> list[str]:
        """Swap the built folder in place of `out`; return the analyst's files that were kept from the old one.

        Raises
        ------
        RunError
            If files the old output's manifest does not list appeared in `out` while this
            writer built: nothing is replaced, and they stay where they are.
        """
        appeared = foreign_files(self.out)
        if appeared:
            more = f" and {len(appeared) - 5} more" if len(appeared) > 5 else ""
            raise RunError(f"--out {self.out}: {', '.join(appeared[:5])}{more} appeared in it while {self.what} was built, and no run "
                           "wrote them; nothing was replaced and they are kept. Move them, or choose another folder, and run again")
        old_inode = self.out.stat().st_ino if self.out.exists() else None
        self.journal.record("output-swapping", staging=self.staging.name, old_inode=old_inode)
        swap(self.new, self.out, self.staging / "old")
        self.journal.record("output-swapped", staging=self.staging.name)
        return self._discard_old()

    def _discard_old(self) -> list[str]:
        kept = []
        for old in (self.staging / "old", self.staging / "new"):
            if old.is_dir():
                kept += _keep_foreign(old, self.out)
        if kept:
            print(f"warning: kept {', '.join(kept)} in {self.out}: written while {self.what} was built, and no run wrote them",
                  file=sys.stderr)
        return kept

    def _recover(self) -> None:
        """Complete or roll back what a killed writer of this folder left (holding the lock: no writer is alive)."""
        state = self.journal.read() or {}
        named = str(state.get("staging", ""))
        staging = self.out.parent / named
        if state.get("phase") in ("output-swapping", "output-swapped") and named.startswith(f".{self.out.name}.partial-") \
                and "/" not in named and staging.is_dir():
            self.staging = staging
            swapped = state["phase"] == "output-swapped" or (
                self.out.exists() and self.out.stat().st_ino != state.get("old_inode"))
            if swapped:
                self._discard_old()
            elif not self.out.exists() and (staging / "old").is_dir():
                os.replace(staging / "old", self.out)  # killed between the two renames: the old output goes back
            self.staging = None
        for leftover in self.out.parent.glob(f".{glob.escape(self.out.name)}.partial-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        self.journal.clear()
