"""Analyst reruns: a notebook with chosen parameters, into a folder of one's own.

A run validates every parameter before a kernel starts, executes the notebook with papermill
into a staging folder beside the output, and moves it into place only when it succeeded:
the executed notebook, a readable HTML page of it that works offline, each chart as SVG and
HTML, the key figures (every value the notebook glues) as JSON and CSV, and ``run.json``,
the manifest that says how to get the same result again. It refuses to write inside the
book's sources, its build or its published versions.

Sweeps (:mod:`.sweeps`) and editions (:mod:`.edition`) are built from the same pieces: the
output folder's check, the staging folder and one run's execution into a folder.
"""

from __future__ import annotations

import ast
import csv
import html
import json
import os
import re
import time
from pathlib import Path

from markdown_it import MarkdownIt

from .. import __version__
from ..data import data_hash
from ..paths import BUNDLE_NAME, DATA, FIGURES, NOTEBOOKS, PROTECTED
from .execute import Figures, execute_notebook
from .params import validate_parameters
from .project import git_commit, tracked_top_level
from . import strict_yaml
from .registry import Notebook, notebook
from .render import write_vega_bundle
from .transaction import OutputFolder, RunError, foreign_files, listed_outputs

__all__ = ["RunError", "read_yaml_mapping", "check_output_folder", "key_figures", "source_notebook", "execute_into", "run"]


def read_yaml_mapping(path: Path) -> dict:
    """A YAML file holding a mapping, or RunError naming the file, the line and the fault.

    At most :data:`~.strict_yaml.MAX_BYTES` are read, whatever the file claims to be
    (``/dev/zero`` has no size and no end).
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(strict_yaml.MAX_BYTES + 1)
        if len(raw) > strict_yaml.MAX_BYTES:
            raise RunError(f"{path}: holds more than {strict_yaml.MAX_BYTES:,} bytes; parameters fit in {strict_yaml.MAX_BYTES:,}")
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RunError(f"{path}: cannot be read ({getattr(error, 'strerror', None) or error})") from None
    try:
        loaded = strict_yaml.load(text)
    except strict_yaml.YamlRefused as refused:
        raise RunError(refused.located(str(path))) from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise RunError(f"{path}: must be a mapping of parameter names to values, not a {type(loaded).__name__}")
    return loaded


def check_output_folder(out: Path, project_root: Path) -> Path:
    """The resolved output folder, or RunError if it lies in what the project tracks or builds, or holds foreign files.

    `out` is resolved (links followed) and judged against the project root, wherever the
    command runs from. An existing folder is replaced only when it holds nothing but what an
    earlier run wrote, as its manifest lists; anything else in it belongs to the analyst.
    """
    resolved, root = Path(out).resolve(), Path(project_root).resolve()
    if resolved == root or resolved in root.parents:
        raise RunError(f"--out {out}: is the project or a folder holding it; choose a folder of your own, e.g. runs/my-scenario")
    protected = sorted(set(PROTECTED) | tracked_top_level(root))
    for name in protected:
        owned = root / name
        if resolved == owned or owned in resolved.parents:
            shown = f"{name}/" if owned.is_dir() or name in PROTECTED else name
            raise RunError(f"--out {out}: lies inside {shown}, which the project tracks or builds; choose a folder such as runs/my-scenario")
    if resolved.exists() and not resolved.is_dir():
        raise RunError(f"--out {out}: is a file; choose a new or empty folder")
    foreign = foreign_files(resolved)
    if foreign:
        if listed_outputs(resolved) is None:
            raise RunError(f"--out {out}: exists and is not an earlier run; choose a new or empty folder")
        more = f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        raise RunError(f"--out {out}: holds files no earlier run wrote ({', '.join(foreign[:5])}{more}); "
                       "move them, or choose another folder")
    return resolved


def key_figures(executed: dict) -> dict[str, object]:
    """Every value the notebook glued (myst-nb ``glue``), by name, as Python values.

    >>> prefix = "application/papermill.record/"
    >>> cell = {"cell_type": "code", "outputs": [{"output_type": "display_data", "data": {prefix + "text/plain": "0.28"},
    ...         "metadata": {"scrapbook": {"name": "ratio", "mime_prefix": prefix}}}]}
    >>> key_figures({"cells": [cell]})
    {'ratio': 0.28}
    """
    figures = {}
    for cell in executed["cells"]:
        for output in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            scrapbook = output.get("metadata", {}).get("scrapbook", {})
            name = scrapbook.get("name")
            text = output.get("data", {}).get(scrapbook.get("mime_prefix", "") + "text/plain")
            if name and text is not None:
                try:
                    figures[name] = ast.literal_eval(text)
                except (ValueError, SyntaxError):
                    figures[name] = text.strip("'\"")
    return figures


GLUE_ROLE = re.compile(r"\{glue(?::text)?\}`([^`]+)`")
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="{bundle}"></script>
<style>body{{max-width:60rem;margin:2rem auto;padding:0 1rem;font-family:system-ui,sans-serif;line-height:1.5}}
pre{{background:#f4f6f6;padding:.6rem;overflow-x:auto}}table{{border-collapse:collapse}}td,th{{border:1px solid #d5d8dc;padding:.2rem .5rem}}
.run-parameters{{background:#fbfcfc;border:1px solid #d5d8dc;padding:.5rem 1rem}}</style></head>
<body><section class="run-parameters"><h2>Parameters of this run</h2>{parameters}</section>
{body}
</body></html>
"""


def _output_html(output: dict) -> str:
    """One code-cell output as HTML: rich HTML as the kernel made it, anything else escaped."""
    if output["output_type"] == "stream":
        return f"<pre>{html.escape(''.join(output['text']))}</pre>"
    if output["output_type"] == "error":
        return f"<pre>{html.escape(output['ename'] + ': ' + output['evalue'])}</pre>"
    data = output.get("data", {})
    if "text/html" in data:
        return "".join(data["text/html"])
    if "image/svg+xml" in data:
        return "".join(data["image/svg+xml"])
    if "image/png" in data:
        return f'<img alt="" src="data:image/png;base64,{"".join(data["image/png"]).strip()}">'
    return f"<pre>{html.escape(''.join(data.get('text/plain', '')))}</pre>"


def _page(executed: dict, title: str, parameters: dict, figures: dict, bundle_url: str) -> str:
    """The executed notebook as one offline HTML page: prose with glued values written in,
    code folded, outputs shown; glue outputs themselves (empty displays) are skipped."""
    def glued(match: re.Match) -> str:
        name, _, spec = match.group(1).partition(":")
        if name not in figures:
            return match.group(0)
        try:
            return html.escape(format(figures[name], spec))
        except (ValueError, TypeError):  # a value the notebook could not compute (None, text) under a number's format
            return html.escape(str(figures[name]))

    markdown = MarkdownIt("commonmark").enable("table")
    parts = []
    for cell in executed["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            prose = re.sub(r"^\([\w-]+\)=\s*$", "", source, flags=re.M)  # MyST targets
            parts.append(markdown.render(GLUE_ROLE.sub(glued, prose)))
        elif cell["cell_type"] == "code":
            parts.append(f"<details><summary>Code</summary><pre>{html.escape(source)}</pre></details>")
            parts.extend(_output_html(o) for o in cell.get("outputs", [])
                         if not o.get("metadata", {}).get("scrapbook"))
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(json.dumps(v))}</td></tr>" for k, v in parameters.items())
    return PAGE.format(title=html.escape(title), bundle=html.escape(bundle_url, quote=True),
                       parameters=f"<table>{rows}</table>", body="\n".join(parts))


def _write_key_figures(folder: Path, figures: dict) -> None:
    (folder / "key_figures.json").write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    with (folder / "key_figures.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["figure", "value"])
        writer.writerows(sorted(figures.items()))


def execute_into(folder: Path, nb: Notebook, source: Path, values: dict, project_root: Path, bundle: Path) -> dict:
    """Run one parameter set into `folder`; return its manifest.

    Pages load the vega bundle from `bundle` (a file the caller writes, shared by a sweep's
    members), by a relative path so the folder can be moved or zipped whole.
    """
    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    executed_path = folder / f"{nb.name}.ipynb"
    execute_notebook(source, executed_path, values, cwd=project_root, for_book=False,
                     figures=Figures(folder / FIGURES, f"{FIGURES}/", os.path.relpath(bundle, folder / FIGURES)))
    executed = json.loads(executed_path.read_text(encoding="utf-8"))
    figures = key_figures(executed)
    _write_key_figures(folder, figures)
    page = _page(executed, nb.title, values, figures, os.path.relpath(bundle, folder))
    (folder / f"{nb.name}.html").write_text(page, encoding="utf-8")
    manifest = {
        "notebook": nb.name,
        "parameters": values,
        "changed_from_defaults": {k: v for k, v in values.items() if v != nb.defaults[k]},
        "data_hash": data_hash(project_root / str(values.get("data_dir", DATA))),
        "package_version": __version__,
        "commit": git_commit(project_root, mark_dirty=True),
        "duration_seconds": round(time.monotonic() - started, 2),
        "key_figures": figures,
        "outputs": sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()),
    }
    (folder / "run.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def source_notebook(name: str, project_root: Path) -> tuple[Notebook, Path]:
    """The registered notebook and its file: a path to a copy of it, or its name in notebooks/."""
    nb = notebook(name)
    given = Path(name)
    source = given if given.suffix == ".ipynb" and given.is_file() else Path(project_root) / NOTEBOOKS / f"{nb.name}.ipynb"
    if not source.is_file():
        raise RunError(f"{source}: no such notebook; run from the project folder")
    return nb, source


def run(name: str, raw: dict, out: Path, project_root: Path) -> dict:
    """Validate `raw`, run the notebook into `out`, and return the run's manifest.

    Raises
    ------
    ParameterError, RunError
        Before any kernel starts, with nothing written.
    NotebookFailed
        If the notebook raised; `out` is left as it was.
    """
    nb, source = source_notebook(name, project_root)
    values = validate_parameters(nb, raw, project_root)
    out = check_output_folder(out, project_root)
    with OutputFolder(out, f"a run of {nb.name}") as output:
        bundle = write_vega_bundle(output.new / BUNDLE_NAME)
        manifest = execute_into(output.new, nb, source, values, project_root, bundle)
        output.commit()
    return manifest
