"""Copies of the project, tree digests and a local web server: the test suite's and the benchmark's bench.

Never imported by the package. A copy keeps the files' modification times: a copy whose
requirements look newer than the shared virtual environment's stamp would reinstall the
package into that environment from the copy.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import io
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from counterbalance.paths import PROJECT_ROOT

__all__ = ["copy_project", "tree_digest", "published_site", "read_only", "serve", "dask_cluster"]


def copy_project(destination: Path, source: Path = PROJECT_ROOT) -> Path:
    """Copy the project's committed and working files (not .venv, builds or outputs), keeping mtimes."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=source,
                           check=True, capture_output=True, text=True).stdout.split()
    for name in files:
        if (source / name).is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, destination / name)
    return destination


def tree_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under `folder`, by relative path: compares two trees byte for byte."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def published_site(public: Path) -> str:
    """The version a reader of `public` is shown, after checking that everything a reader fetches agrees on it.

    The root redirects to ``latest/``; ``latest/versions.json`` prefers one version, which
    exists, and ``latest/`` is that version's copy, byte for byte; every version it lists
    exists. Hidden files (a publish's staging, its lock and journal) are not served.
    """
    import json

    assert "url=latest/" in (public / "index.html").read_text(encoding="utf-8")
    entries = json.loads((public / "latest" / "versions.json").read_text(encoding="utf-8"))
    newest = [e["version"] for e in entries if e.get("preferred")]
    assert len(newest) == 1, entries
    assert all((public / e["version"] / "intro.html").is_file() for e in entries), entries
    shown = {name: digest for name, digest in tree_digest(public / "latest").items() if name != "versions.json"}
    assert shown == tree_digest(public / newest[0]), f"latest/ is not a copy of {newest[0]}"
    return newest[0]


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder` (made if missing) read-only while the block runs: immutable for root (``chattr +i``), mode 0555 otherwise."""
    folder.mkdir(parents=True, exist_ok=True)
    as_root = os.geteuid() == 0
    subprocess.run(["chattr", "+i", str(folder)], check=True) if as_root else folder.chmod(0o555)
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True) if as_root else folder.chmod(0o755)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request."""

    def log_message(self, *args) -> None:
        pass


class _GzipHandler(_QuietHandler):
    """Serves text gzipped to a client that accepts it, as static hosts do (Lighthouse counts it)."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") or not (
                kind.startswith("text/") or any(t in kind for t in ("javascript", "json", "svg", "xml"))):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(root: Path, compress: bool = False) -> Iterator[str]:
    """Serve `root` on 127.0.0.1, as a reader's browser would get it (gzipped with `compress`); yield the base URL."""
    handler = _GzipHandler if compress else _QuietHandler
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def dask_cluster(workers: int, logs: Path, wrap: tuple[str, ...] = ()) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A real Dask cluster on 127.0.0.1: ``dask scheduler`` and `workers` single-threaded ``dask worker`` processes.

    Yields the scheduler's address and the workers' processes, each the leader of its own
    process group (its nanny and worker), so that a test can kill one whole. Each worker's
    command is run through `wrap` (e.g. a shell that first changes what the worker sees).
    Their logs go to `logs`; everything is stopped on exit.
    """
    from dask.distributed import Client

    dask = Path(sys.executable).parent / "dask"
    address = f"tcp://127.0.0.1:{_free_port()}"
    logs.mkdir(parents=True, exist_ok=True)
    processes = []

    def start(name: str, *arguments: str, prefix: tuple[str, ...] = ()) -> subprocess.Popen:
        with (logs / f"{name}.log").open("w") as log:
            processes.append(subprocess.Popen([*prefix, str(dask), *arguments], stdout=log, stderr=log, start_new_session=True))
        return processes[-1]

    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard")
        started = [start(f"worker-{i}", "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard",
                         "--name", f"worker-{i}", prefix=wrap) for i in range(workers)]
        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address, started
    finally:
        for process in reversed(processes):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
