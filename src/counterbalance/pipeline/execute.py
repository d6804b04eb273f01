"""Run a notebook with papermill and leave a clean, deterministic copy.

papermill stamps wall-clock times on the notebook and every cell and gives the injected cell
a random id; nbclient adds iopub timestamps. Two runs of the same inputs would then differ.
:func:`clean_executed` strips those, fixes the injected cell's id, and (for the book) tags
cells for readers: the parameter cells removed from the page, code folded behind a toggle.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill as pm
from jupyter_client.manager import AsyncKernelManager
from traitlets import Dict, Unicode

from ..paths import BUNDLE_NAME, BUNDLE_URL_ENV, FIGURES, FIGURES_ENV, FIGURES_URL_ENV

__all__ = ["Figures", "book_figures", "NotebookFailed", "execute_notebook", "clean_executed", "LocalKernel", "INPUTS_METADATA"]

VOLATILE_CELL_METADATA = ("execution", "papermill")
#: The executed notebook's metadata key recording what it was executed from.
INPUTS_METADATA = "counterbalance"


class NotebookFailed(RuntimeError):
    """A notebook raised during execution; the message names it, the cell and the error."""


def clean_executed(nb: nbformat.NotebookNode, for_book: bool) -> nbformat.NotebookNode:
    """Strip timing metadata and random ids; tag cells for the book when `for_book`."""
    papermill_meta = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": papermill_meta.get("parameters", {})}
    for index, cell in enumerate(nb.cells):
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"
        if for_book and cell.cell_type == "code":
            extra = "remove-cell" if {"parameters", "injected-parameters"} & set(tags) else "hide-input"
            cell.metadata["tags"] = [*tags, extra] if extra not in tags else tags
    return nb


class LocalKernel(AsyncKernelManager):
    """A kernel on this machine that talks over IPC sockets and keeps its own log out of the terminal.

    Over TCP, ipykernel warns at start that the traffic is unencrypted, and at shutdown
    jupyter_client interrupts it with SIGINT, which it may log as an ERROR: noise that reads as
    failure in an analyst's terminal. IPC sockets in a private folder need no warning, and the
    kernel's own stdout and stderr go to `kernel_log`, which a failure quotes. Its working
    folder and extra environment are given per kernel (never by changing this process's), so
    that kernels can start from several threads at once.
    """

    kernel_log = Unicode(help="File that receives the kernel process's stdout and stderr")
    kernel_cwd = Unicode(help="Working folder of the kernel process")
    kernel_env = Dict(help="Environment variables added to the kernel's")

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        with open(self.kernel_log, "ab") as log:
            kw.update(stdout=log, stderr=log, cwd=self.kernel_cwd, env={**kw.get("env", os.environ), **self.kernel_env})
            await super()._async_launch_kernel(kernel_cmd, **kw)


def _log_tail(path: Path, lines: int = 20) -> str:
    """The last lines of a kernel's log, indented, or nothing."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    return "\n".join("    " + line for line in text.splitlines()[-lines:])


@dataclass(frozen=True)
class Figures:
    """Where a run saves its charts, and how pages reach them.

    `page_url` is the folder as seen from the executed notebook's page; `bundle_url` is the
    vega bundle as seen from the folder.
    """

    folder: Path
    page_url: str = ""
    bundle_url: str = BUNDLE_NAME


def book_figures(figures_root: Path, name: str) -> Figures:
    """Where the book keeps notebook `name`'s charts: a folder of `figures_root`, served as ``figures/<name>/`` at the
    site's root, seen from ``analysis/<name>.html``; the charts' pages load the site's vega bundle."""
    return Figures(Path(figures_root) / name, f"../{FIGURES}/{name}/", f"../../_static/vendor/{BUNDLE_NAME}")


def execute_notebook(source: Path, output: Path, parameters: dict, cwd: Path, for_book: bool = True,
                     figures: Figures | None = None, inputs: str | None = None) -> None:
    """Execute `source` with `parameters` into `output`, atomically.

    The output is written beside its destination first and moved in only when the run
    succeeded, so a failure leaves the previous output untouched. With `figures`, every chart
    is also saved into its folder as SVG and HTML; the folder is replaced as a whole, so no
    chart of an earlier run lingers in it. `inputs` (the digest of what the run follows from,
    :func:`~.registry.inputs_digest`) is recorded in the notebook's metadata
    (``counterbalance.inputs``), so that a later reader can tell whether it is stale.

    Raises
    ------
    NotebookFailed
        Naming the notebook, the failing cell and the error.
    """
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(suffix=".ipynb", dir=output.parent, prefix=".running-")
    os.close(handle)
    scratch_figures, environment = None, {}
    if figures is not None:
        figures.folder.parent.mkdir(parents=True, exist_ok=True)
        scratch_figures = Path(tempfile.mkdtemp(dir=figures.folder.parent, prefix=".running-"))
        environment = {FIGURES_ENV: str(scratch_figures.resolve()), FIGURES_URL_ENV: figures.page_url,
                       BUNDLE_URL_ENV: figures.bundle_url}
    sockets = Path(tempfile.mkdtemp(prefix="cb-kernel-"))  # short: a socket path holds at most 107 bytes
    kernel = LocalKernel(kernel_name="python3", transport="ipc", ip=str(sockets / "kernel"), kernel_log=str(sockets / "kernel.log"),
                         kernel_cwd=str(Path(cwd).resolve()), kernel_env=environment)
    try:
        try:
            pm.execute_notebook(
                str(Path(source).resolve()), scratch, parameters=parameters, kernel_name="python3", km=kernel,
                progress_bar=False, log_output=False, request_save_on_cell_execute=False,
            )
        except pm.PapermillExecutionError as error:
            raise NotebookFailed(
                f"{source}: cell {error.cell_index} (execution count {error.exec_count}): {error.ename}: {error.evalue}"
            ) from None
        except RuntimeError as error:  # the kernel died or never started (nbclient's DeadKernelError among them)
            log = _log_tail(sockets / "kernel.log")
            raise NotebookFailed(f"{source}: the kernel stopped: {error}" + (f"\n  its log ends:\n{log}" if log else "")) from None
        nb = clean_executed(nbformat.read(scratch, as_version=4), for_book)
        if inputs is not None:
            nb.metadata[INPUTS_METADATA] = {"inputs": inputs}
        nbformat.write(nb, scratch)
        if scratch_figures is not None:
            shutil.rmtree(figures.folder, ignore_errors=True)
            os.replace(scratch_figures, figures.folder)
        os.replace(scratch, output)
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
        if os.path.exists(scratch):
            os.unlink(scratch)
        if scratch_figures is not None and scratch_figures.exists():
            shutil.rmtree(scratch_figures)
