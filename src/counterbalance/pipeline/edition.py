"""An analyst's edition: the whole book rebuilt under one's own assumptions, in a folder of one's own.

Every parameter the analyst sets applies to each notebook that declares it (a capability
weight moves the network, the scenarios, the uncertainty and the scoring alike), validated as
``run`` validates, before any kernel starts. Notebooks that no changed assumption reaches are
not rerun: their executed copies and charts are taken from the project's own build, which
the same inputs would reproduce byte for byte. The book is then built from a private copy of
the project's pages into ``OUT/html``; every page carries a banner naming each assumption that
differs from the published book, and a page "What changed" lists each key judgement and key
figure that moved, published value beside the edition's, linked to where it is shown.

An edition compares like with like: it refuses a project whose executed notebooks are stale
(run on other data, notebooks or code than the project now holds), since a data edit would
otherwise be credited to the assumptions (``make edition`` brings the build up to date
first). The project's build, ``book/`` and ``public/`` are only read. Like a run, the edition
is built beside its folder and swapped in whole (:class:`~.transaction.OutputFolder`), with
``edition.json`` saying how to build it again (parameters, data hash, commit).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import yaml
from tqdm import tqdm

from .. import __version__
from ..bookext.facts import markdown_text
from ..data import data_hash, load_tables
from ..paths import BOOK, BOOK_CONFIG, BOOK_FIGURES, EXECUTED, NOTEBOOKS, TABLE_OF_CONTENTS, VENDOR
from .build import build_book
from .execute import INPUTS_METADATA, book_figures, execute_notebook
from .params import ParameterError, validate_parameters
from .strict_yaml import named
from .project import git_commit
from .registry import NOTEBOOKS as REGISTERED, inputs_digest
from .runs import RunError, check_output_folder, key_figures
from .transaction import OutputFolder

__all__ = ["edition_parameters", "changed_assumptions", "differences", "what_changed_page", "build_edition", "WHAT_CHANGED"]

#: The edition's own page, first in its table of contents.
WHAT_CHANGED = "what-changed"
#: The manifest of an edition, in its folder.
MANIFEST = "edition.json"
_GLUE_IN_NOTEBOOK = re.compile(r"\{glue(?::\w+)?\}`([\w]+)")
_GLUE_IN_CHAPTER = re.compile(r"\{glue(?::\w+)?\}`analysis/(\w+)\.ipynb::(\w+)")


def edition_parameters(raw: dict, project_root: Path) -> dict[str, dict]:
    """Each notebook's full parameter set with the analyst's values applied where it declares them.

    Raises
    ------
    ParameterError
        Naming every parameter that no notebook declares, or that a notebook refuses.
    """
    declared = sorted({p.name for nb in REGISTERED.values() for p in nb.parameters})
    errors = []
    for name in raw:
        if name not in declared:
            hint = difflib.get_close_matches(str(name), declared, n=1)
            errors.append(f"{named(name)}: not a parameter of any notebook" + (f" (did you mean {hint[0]!r}?)" if hint else "")
                          + f"; accepted: {', '.join(declared)}")
    values = {}
    for nb in REGISTERED.values():
        try:
            values[nb.name] = validate_parameters(nb, {k: v for k, v in raw.items() if k in nb.defaults}, project_root)
        except ParameterError as refused:
            errors.extend(line for line in str(refused).splitlines() if line not in errors)
    if errors:
        raise ParameterError("\n".join(errors))
    return values


def changed_assumptions(values: dict[str, dict]) -> dict[str, dict]:
    """Each parameter that differs from the published book: its doc, published value, the edition's, and the notebooks it reaches."""
    changed = {}
    for name, nb_values in values.items():
        for param in REGISTERED[name].parameters:
            if nb_values[param.name] != param.default:
                entry = changed.setdefault(param.name, {"doc": param.doc, "published": param.default,
                                                        "edition": nb_values[param.name], "notebooks": []})
                entry["notebooks"].append(name)
    return dict(sorted(changed.items()))


def _shown_in(book: Path, executed: dict[str, dict]) -> dict[tuple[str, str], list[str]]:
    """Where each glued value is printed: (notebook, key) to the documents (``analysis/NAME`` or a chapter) that show it.

    `executed` holds the executed notebooks, by name, as read from their JSON.
    """
    shown: dict[tuple[str, str], list[str]] = {}
    for name, nb in executed.items():
        prose = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        for key in dict.fromkeys(_GLUE_IN_NOTEBOOK.findall(prose)):
            shown.setdefault((name, key), []).append(f"analysis/{name}")
    for chapter in sorted(book.glob("*.md")):
        for name, key in dict.fromkeys(_GLUE_IN_CHAPTER.findall(chapter.read_text(encoding="utf-8"))):
            shown.setdefault((name, key), []).append(chapter.stem)
    return shown


def differences(published: dict[str, dict], edition: dict[str, dict], shown: dict[tuple[str, str], list[str]]) -> list[dict]:
    """Every key figure whose value differs between the published notebooks and the edition's, in notebook order.

    >>> differences({"01": {"ratio": 0.3, "n": 4}}, {"01": {"ratio": 0.5, "n": 4}}, {("01", "ratio"): ["intro"]})
    [{'notebook': '01', 'key': 'ratio', 'published': 0.3, 'edition': 0.5, 'shown_in': ['intro']}]
    """
    return [{"notebook": name, "key": key, "published": figures.get(key), "edition": edition[name].get(key),
             "shown_in": shown.get((name, key), [])}
            for name, figures in published.items() for key in sorted(set(figures) | set(edition[name]))
            if figures.get(key) != edition[name].get(key)]


def _text(value) -> str:
    """A key figure as a table cell: numbers to six significant digits, a mapping as its pairs, Markdown escaped.

    >>> print(_text({"tr": 166.0, "ru": 2010.0}), _text(None), sep=" | ")
    tr 166\\; ru 2\\,010 | not computed
    """
    def number(v) -> str:
        return f"{v:,.6g}" if isinstance(v, float) else f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)

    if isinstance(value, dict):
        value = "; ".join(f"{k} {number(v)}" for k, v in value.items())
    elif value is None:
        value = "not computed"
    elif not isinstance(value, str):
        value = number(value) if isinstance(value, (int, float)) else json.dumps(value, ensure_ascii=False)
    return markdown_text(value)


def _links(documents: list[str], root: str) -> str:
    """Links to the pages that show a figure; the home page by that name."""
    return ", ".join(f"{{doc}}`the home page </{doc}>`" if doc == root else f"{{doc}}`/{doc}`" for doc in documents)


def what_changed_page(changed: dict[str, dict], moved: list[dict], judgements: list[dict], stamp: str, root: str) -> str:
    """The edition's "What changed" page, in MyST Markdown: assumptions, key judgements, then each notebook's key figures that moved.

    Tables keep to three or four narrow columns, so that they read on a phone.
    """
    lines = [f"({WHAT_CHANGED})=", "# What changed in this edition", "",
             "This is an analyst's edition of the report, not the published book. It was built from the same data and "
             f"code ({markdown_text(stamp)}) under the assumptions below; every other assumption is the published one.", "",
             "## Assumptions", ""]
    if changed:
        lines += ["| Assumption | Published | This edition |", "| --- | --- | --- |"]
        lines += [f"| `{name}`: {_text(a['doc'])} | {_text(a['published'])} | {_text(a['edition'])} |" for name, a in changed.items()]
        rerun = sorted({nb for a in changed.values() for nb in a["notebooks"]})
        lines += ["", f"Rerun under them: {_links([f'analysis/{nb}' for nb in rerun], root)}. The other notebooks are the published ones."]
    else:
        lines.append("No assumption differs from the published book: this edition reproduces it.")
    by_key = {(d["notebook"], d["key"]): d for d in moved}
    judged = [(j, [d for d in (by_key.get(("05_uncertainty", f"word_{j['judgement_id']}")),
                               by_key.get(("05_uncertainty", f"p_{j['judgement_id']}"))) if d]) for j in judgements]
    judged = [(j, figures) for j, figures in judged if figures]
    lines += ["", "## Key judgements", ""]
    if judged:
        lines += ["| Key judgement | Published | This edition |", "| --- | --- | --- |"]
        lines += [f"| {_text(j['statement'])}{' (' + _links(figures[0]['shown_in'], root) + ')' if figures[0]['shown_in'] else ''} | "
                  f"{' '.join(_text(d['published']) for d in figures)} | {' '.join(_text(d['edition']) for d in figures)} |"
                  for j, figures in judged]
    else:
        lines.append("No key judgement changed its likelihood.")
    lines += ["", "## Key figures", ""]
    if not moved:
        lines.append("No key figure moved.")
    else:
        lines.append("Each value a notebook computes for the pages that moved, by its name among the notebook's key figures "
                     "(the names an analyst's run lists), with the pages that show it.")
    for notebook in dict.fromkeys(d["notebook"] for d in moved):
        lines += ["", f"### {markdown_text(REGISTERED[notebook].title)}", "", "| Figure | Published | This edition |", "| --- | --- | --- |"]
        lines += [f"| `{d['key']}`, {'shown in ' + _links(d['shown_in'], root) if d['shown_in'] else 'not shown on a page'} | "
                  f"{_text(d['published'])} | {_text(d['edition'])} |"
                  for d in moved if d["notebook"] == notebook]
    return "\n".join(lines) + "\n"


def _copy_pages(project_root: Path, site_project: Path) -> None:
    """The project's configuration and pages, without its executed notebooks or charts, into a private copy."""
    made_by_the_build = {(project_root / EXECUTED).resolve(), (project_root / BOOK_FIGURES).resolve()}
    shutil.copytree(project_root / BOOK, site_project / BOOK,
                    ignore=lambda folder, names: [n for n in names if (Path(folder) / n).resolve() in made_by_the_build])
    shutil.copy2(project_root / BOOK_CONFIG, site_project / BOOK_CONFIG)
    (site_project / EXECUTED).mkdir()


def _add_to_contents(site_project: Path) -> None:
    """The "What changed" page first in the copy's table of contents, in a part of its own."""
    path = site_project / TABLE_OF_CONTENTS
    toc = yaml.safe_load(path.read_text(encoding="utf-8"))
    toc["parts"].insert(0, {"caption": "This edition", "chapters": [{"file": WHAT_CHANGED}]})
    path.write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")


def _executed(folder: Path) -> dict[str, dict]:
    """Every registered notebook executed into `folder`, by name, read once."""
    return {name: json.loads((folder / f"{name}.ipynb").read_text(encoding="utf-8")) for name in REGISTERED}


def _check_build(root: Path) -> None:
    """RunError unless the project's own notebooks are executed, and from the notebooks, data and code it holds now."""
    missing = [name for name in REGISTERED if not (root / EXECUTED / f"{name}.ipynb").is_file()]
    if missing or not (root / VENDOR / "_static").is_dir():
        raise RunError(f"{root}: the project's own book is not built ({', '.join(missing) or 'its scripts'} missing); "
                       "run `make edition` or `make book` first: an edition is compared with it")
    stale = []
    for name, nb in REGISTERED.items():
        try:
            recorded = json.loads((root / EXECUTED / f"{name}.ipynb").read_text(encoding="utf-8"))["metadata"][INPUTS_METADATA]["inputs"]
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            recorded = None
        if recorded != inputs_digest(nb, root):
            stale.append(name)
    if stale:
        raise RunError(f"{root}: the project's build is stale: {', '.join(stale)} ran on other data, notebooks or code than the "
                       "project holds now, and the edition would credit the difference to your assumptions; run `make edition` "
                       "(it brings the build up to date first) or `make notebooks`, then try again")


def build_edition(raw: dict, out: Path, project_root: Path, jobs: int | None = None) -> dict:
    """Validate `raw`, rerun the notebooks it reaches, build the whole book into ``out/html``; return the manifest.

    Raises
    ------
    ParameterError, RunError
        Before any kernel starts, with nothing written: a refused parameter, output folder, or a
        project whose own book is not built or is stale (its notebooks are the published values).
    NotebookFailed, BookBuildFailed
        If a notebook or the book failed; `out` is left as it was.
    """
    started, root = time.monotonic(), Path(project_root).resolve()
    values = edition_parameters(raw, root)
    changed = changed_assumptions(values)
    out = check_output_folder(out, root)
    _check_build(root)
    rerun = [name for name in REGISTERED if any(name in a["notebooks"] for a in changed.values())]
    with OutputFolder(out, "an edition") as output:
        site_project, edition_folder = output.staging / "project", output.new
        _copy_pages(root, site_project)
        for name in REGISTERED:
            if name not in rerun:
                shutil.copy2(root / EXECUTED / f"{name}.ipynb", site_project / EXECUTED / f"{name}.ipynb")
                shutil.copytree(root / BOOK_FIGURES / name, site_project / BOOK_FIGURES / name)

        def execute(name: str) -> None:
            execute_notebook(root / NOTEBOOKS / f"{name}.ipynb", site_project / EXECUTED / f"{name}.ipynb", values[name], cwd=root,
                             figures=book_figures(site_project / BOOK_FIGURES, name))

        with ThreadPoolExecutor(max_workers=max(1, min(jobs or os.cpu_count() or 1, len(rerun) or 1))) as pool, \
                tqdm(total=len(rerun), desc="notebooks", unit="notebook", file=sys.stderr, disable=not rerun) as bar:
            for done in as_completed([pool.submit(execute, name) for name in rerun]):
                done.result()
                bar.update(1)
        commit, short_commit = git_commit(root, mark_dirty=True), git_commit(root, short=True, mark_dirty=True) or "unknown"
        data_dir = root / str(values[next(iter(REGISTERED))]["data_dir"])
        published, edition = _executed(root / EXECUTED), _executed(site_project / EXECUTED)
        moved = differences({name: key_figures(nb) for name, nb in published.items()},
                            {name: key_figures(nb) for name, nb in edition.items()}, _shown_in(site_project / BOOK, edition))
        judgements = load_tables("judgements", data_dir=data_dir)["judgements"].query("by == 'report'").to_dict("records")
        stamp = f"commit {short_commit}, data {data_hash(data_dir)[:12]}"
        page = what_changed_page(changed, moved, judgements, stamp, yaml.safe_load((root / TABLE_OF_CONTENTS).read_text(encoding="utf-8"))["root"])
        (site_project / BOOK / f"{WHAT_CHANGED}.md").write_text(page, encoding="utf-8")
        _add_to_contents(site_project)
        print("building the edition's book", file=sys.stderr)
        site = build_book(site_project, output.staging / "site", data_dir=data_dir, commit=short_commit,
                          edition={name: [a["published"], a["edition"]] for name, a in changed.items()})
        os.replace(site, edition_folder / "html")
        manifest = {
            "parameters": {name: {k: v for k, v in nb_values.items() if k in raw} for name, nb_values in values.items()},
            "changed": changed, "rerun": rerun, "differences": moved,
            "data_hash": data_hash(data_dir), "package_version": __version__, "commit": commit,
            "duration_seconds": round(time.monotonic() - started, 2),
        }
        manifest["outputs"] = sorted(p.relative_to(edition_folder).as_posix() for p in edition_folder.rglob("*") if p.is_file())
        (edition_folder / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
        output.commit()
    return manifest
