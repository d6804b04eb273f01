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
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

from counterbalance.paths import PROJECT_ROOT

__all__ = ["copy_project", "tree_digest", "serve"]


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
