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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill as pm

from ..paths import BUNDLE_NAME, BUNDLE_URL_ENV, FIGURES_ENV, FIGURES_URL_ENV

__all__ = ["Figures", "NotebookFailed", "execute_notebook", "clean_executed"]

VOLATILE_CELL_METADATA = ("execution", "papermill")


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


@contextmanager
def _environment(**values: str):
    """Set environment variables for the kernels started inside the block, then restore them."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass(frozen=True)
class Figures:
    """Where a run saves its charts, and how pages reach them.

    `page_url` is the folder as seen from the executed notebook's page; `bundle_url` is the
    vega bundle as seen from the folder.
    """

    folder: Path
    page_url: str = ""
    bundle_url: str = BUNDLE_NAME


def execute_notebook(source: Path, output: Path, parameters: dict, cwd: Path, for_book: bool = True,
                     figures: Figures | None = None) -> None:
    """Execute `source` with `parameters` into `output`, atomically.

    The output is written beside its destination first and moved in only when the run
    succeeded, so a failure leaves the previous output untouched. With `figures`, every chart
    is also saved into its folder as SVG and HTML; the folder is replaced as a whole, so no
    chart of an earlier run lingers in it.

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
    try:
        try:
            with _environment(**environment):
                pm.execute_notebook(
                    str(source), scratch, parameters=parameters, cwd=str(cwd), kernel_name="python3",
                    progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                )
        except pm.PapermillExecutionError as error:
            raise NotebookFailed(
                f"{source}: cell {error.cell_index} (execution count {error.exec_count}): {error.ename}: {error.evalue}"
            ) from None
        nb = clean_executed(nbformat.read(scratch, as_version=4), for_book)
        nbformat.write(nb, scratch)
        if scratch_figures is not None:
            shutil.rmtree(figures.folder, ignore_errors=True)
            os.replace(scratch_figures, figures.folder)
        os.replace(scratch, output)
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)
        if scratch_figures is not None and scratch_figures.exists():
            shutil.rmtree(scratch_figures)
