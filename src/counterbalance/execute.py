"""Run a notebook with papermill and leave a clean, deterministic copy.

papermill stamps wall-clock times on the notebook and every cell and gives the injected cell
a random id; nbclient adds iopub timestamps. Two runs of the same inputs would then differ.
:func:`clean_executed` strips those, fixes the injected cell's id, and (for the book) tags
cells for readers: the parameter cells removed from the page, code folded behind a toggle.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import nbformat

__all__ = ["NotebookFailed", "execute_notebook", "clean_executed"]

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


def execute_notebook(source: Path, output: Path, parameters: dict, cwd: Path, for_book: bool = True) -> None:
    """Execute `source` with `parameters` into `output`, atomically.

    The output is written beside its destination first and moved in only when the run
    succeeded, so a failure leaves the previous output untouched.

    Raises
    ------
    NotebookFailed
        Naming the notebook, the failing cell and the error.
    """
    import papermill as pm

    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(suffix=".ipynb", dir=output.parent, prefix=".running-")
    os.close(handle)
    try:
        try:
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
        os.replace(scratch, output)
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)
