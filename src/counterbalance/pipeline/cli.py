"""The ``counterbalance`` command: validate the data, execute notebooks, rerun and sweep them, build and publish.

    counterbalance validate [--data DIR]
    counterbalance params NOTEBOOK                 (what an analyst may set)
    counterbalance run NOTEBOOK [-p NAME VALUE]... [--params FILE.yaml] --out DIR
    counterbalance sweep NOTEBOOK --grid FILE.yaml --out DIR [--jobs N | --scheduler tcp://HOST:PORT]
    counterbalance edition [-p NAME VALUE]... [--params FILE.yaml] --out DIR   (the whole book under your assumptions)
    counterbalance execute NOTEBOOK --out FILE     (the build's step: default parameters)
    counterbalance deps                            (each notebook and the data files it reads)
    counterbalance vendor DIR                      (write the local vega bundle and the icons)
    counterbalance book --out DIR [--version vX.Y.Z --previous DIR]   (render the book)
    counterbalance pdf [--version vX.Y.Z] [--out FILE]   (print the book to counterbalance-<version>.pdf)
    counterbalance publish --check VERSION | --version vX.Y.Z [--site DIR]   (what `make publish` calls)

Commands work on the project in the current folder. Each imports what it needs when it
runs, so that the quick ones Make asks (``deps``, ``publish --check``) start in a blink.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..paths import BOOK_FIGURES, CHROMIUM, DATA, NOTEBOOKS, PUBLIC

__all__ = ["main"]


def _validate(args: argparse.Namespace) -> int:
    from ..data import validate_package

    problems, tables = validate_package(Path(args.data))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {args.data}/", file=sys.stderr)
        return 1
    print(f"{args.data}/: {sum(len(t.rows) for t in tables.values())} rows and features in {len(tables)} resources, all valid")
    return 0


def _execute(args: argparse.Namespace) -> int:
    from .execute import NotebookFailed, book_figures, execute_notebook
    from .registry import inputs_digest, notebook

    try:
        nb = notebook(args.notebook)
        execute_notebook(Path(NOTEBOOKS) / f"{nb.name}.ipynb", Path(args.out), {}, cwd=Path.cwd(),
                         figures=book_figures(Path(args.figures), nb.name), inputs=inputs_digest(nb, Path.cwd()))
    except KeyError as unknown:
        return _report(unknown)
    except NotebookFailed as failure:
        return _report(failure, status=1)
    print(f"executed {nb.name} -> {args.out}")
    return 0


def _params(args: argparse.Namespace) -> int:
    """Print the notebook's parameters: name, default, what is accepted, what it means."""
    from .params import accepted_values
    from .registry import notebook

    try:
        nb = notebook(args.notebook)
    except KeyError as unknown:
        return _report(unknown)
    print(f"{nb.name}: {nb.title}\n")
    for param in nb.parameters:
        print(f"  {param.name} = {json.dumps(param.default)}")
        print(f"      {param.doc}")
        print(f"      accepted: {accepted_values(param)}")
    return 0


def _report(error: Exception | str, status: int = 2) -> int:
    """Print a refusal or failure to stderr; exit 2 for bad input (nothing ran), 1 for a failed run."""
    if isinstance(error, KeyError):
        error = error.args[0]  # its message, without the quotes a KeyError's text adds
    for line in str(error).splitlines():
        print(f"error: {line}", file=sys.stderr)
    return status


def _project_root() -> Path:
    """The project around the current folder, where an analyst's run reads and may not write."""
    from .project import find_project_root
    from .runs import RunError

    root = find_project_root(Path.cwd())
    if root is None:
        raise RunError(f"{Path.cwd()}: not inside the project (no _config.yml with data/datapackage.json here or above)")
    return root


def _raw_parameters(args: argparse.Namespace) -> dict:
    """The parameters an analyst gave: the --params file, then each -p over it."""
    from .runs import read_yaml_mapping

    raw = read_yaml_mapping(Path(args.params)) if args.params else {}
    raw.update(dict(args.parameter or []))
    return raw


def _run(args: argparse.Namespace) -> int:
    from .execute import NotebookFailed
    from .params import ParameterError
    from .render import ChartRuntimeMissing
    from .runs import RunError, run

    try:
        manifest = run(args.notebook, _raw_parameters(args), Path(args.out), _project_root())
    except NotebookFailed as failure:
        return _report(failure, status=1)
    except (ParameterError, RunError, ChartRuntimeMissing, KeyError) as error:
        return _report(error)
    print(f"{manifest['notebook']} -> {args.out}/ in {manifest['duration_seconds']} s")
    for name, value in sorted(manifest["key_figures"].items()):
        print(f"  {name}: {value}")
    return 0


def _sweep(args: argparse.Namespace) -> int:
    from .params import ParameterError
    from .render import ChartRuntimeMissing
    from .runs import RunError
    from .sweeps import sweep

    try:
        manifest = sweep(args.notebook, Path(args.grid), Path(args.out), _project_root(), jobs=args.jobs, scheduler=args.scheduler)
    except (ParameterError, RunError, ChartRuntimeMissing, KeyError) as error:
        return _report(error)
    failed = [m for m in manifest["members"] if m["status"] != "ok"]
    print(f"{len(manifest['members']) - len(failed)} of {len(manifest['members'])} runs succeeded -> {args.out}/sweep.csv")
    for member in failed:
        print(f"error: member {member['member']} {member['swept']} {member['status']}: {member['error'].splitlines()[0]}", file=sys.stderr)
    return 1 if failed else 0


def _edition(args: argparse.Namespace) -> int:
    """Build the whole book under the analyst's assumptions into a folder of their own."""
    from .build import BookBuildFailed
    from .edition import build_edition
    from .execute import NotebookFailed
    from .params import ParameterError
    from .runs import RunError

    try:
        manifest = build_edition(_raw_parameters(args), Path(args.out), _project_root(), jobs=args.jobs)
    except (NotebookFailed, BookBuildFailed) as failure:
        return _report(failure, status=1)
    except (ParameterError, RunError, KeyError) as error:
        return _report(error)
    print(f"edition -> {args.out}/html/index.html in {manifest['duration_seconds']} s: {len(manifest['rerun'])} notebook(s) rerun, "
          f"{len(manifest['differences'])} key figure(s) moved (see its page 'What changed')")
    for name, assumption in manifest["changed"].items():
        print(f"  {name}: {assumption['edition']} (published {assumption['published']})")
    return 0


def _publish(args: argparse.Namespace) -> int:
    """Check a version (--check), or build and publish one (--version), or publish a built site (--site)."""
    from .build import BookBuildFailed
    from .publish import PublishError, check_version, publish, release
    from .transaction import RunError

    try:
        if args.check:
            check_version(args.check, Path(args.public))
            return 0
        if args.site:
            folder = publish(Path(args.site), args.version, Path(args.public), Path(args.data))
        else:
            folder = release(Path.cwd(), args.version, Path(args.public), Path(args.data), args.chromium)
    except (PublishError, RunError) as refused:
        return _report(refused)
    except BookBuildFailed as failure:
        return _report(failure, status=1)
    print(f"published {folder}; {args.public}/latest and {args.public}/versions.json now point to it")
    return 0


def _book(args: argparse.Namespace) -> int:
    """Render the book from the executed notebooks (a working build, or a version's)."""
    from .build import BookBuildFailed, build_book

    try:
        build_book(Path.cwd(), Path(args.out), args.version or "", Path(args.previous) if args.previous else None,
                   Path(args.data))
    except BookBuildFailed as failure:
        return _report(failure, status=1)
    return 0


def _pdf(args: argparse.Namespace) -> int:
    """Print the whole book to a PDF (the working copy's, or a version's)."""
    from .build import BookBuildFailed
    from .pdf import build_pdf, pdf_path
    from .publish import VERSION_PATTERN
    from .transaction import RunError

    if args.version and not VERSION_PATTERN.match(args.version):
        return _report(ValueError(f"VERSION={args.version!r} is not a version such as v1.0.0 (make pdf VERSION=v1.0.0)"))
    out = Path(args.out) if args.out else pdf_path(Path.cwd(), args.version or "")
    try:
        build_pdf(Path.cwd(), out, args.version or "", Path(args.data), chromium=args.chromium)
    except RunError as refused:
        return _report(refused)
    except BookBuildFailed as failure:
        return _report(failure, status=1)
    print(f"printed the book to {out}")
    return 0


def _deps(args: argparse.Namespace) -> int:
    """Print, per notebook, its name and the data files it reads, one notebook a line (Make turns them into rules)."""
    from .registry import NOTEBOOKS, table_paths

    paths = table_paths(Path(args.data))
    for nb in NOTEBOOKS.values():
        print(nb.name, *(paths[t] for t in nb.tables))
    return 0


def _vendor(args: argparse.Namespace) -> int:
    from ..paths import BUNDLE_NAME
    from .icons import ICONS_NAME, write_icons
    from .render import ChartRuntimeMissing, write_vega_bundle

    try:
        write_vega_bundle(Path(args.directory) / BUNDLE_NAME)
    except ChartRuntimeMissing as missing:
        return _report(missing)
    write_icons(Path(args.directory) / ICONS_NAME)
    return 0


def _argument(*flags: str, **options) -> tuple[tuple[str, ...], dict]:
    """One argparse argument, declared as its flags and options."""
    return flags, options


DATA_ARGUMENT = _argument("--data", default=DATA, help="data folder (default: data)")
CHROMIUM_ARGUMENT = _argument("--chromium", default=CHROMIUM, help=f"the chromium that prints the PDF (default: {CHROMIUM})")
NOTEBOOK_ARGUMENT = _argument("notebook", help="name (e.g. 01_balance_of_power) or path of a copy of a registered notebook")
PARAMETER_ARGUMENTS = (
    _argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), help="set a parameter (repeatable)"),
    _argument("--params", metavar="FILE.yaml", help="parameters from a YAML mapping; -p overrides it"),
)

#: Every subcommand: its name, what runs it, its help and its arguments.
COMMANDS = (
    ("validate", _validate, "check data/ against its schema", DATA_ARGUMENT),
    ("params", _params, "list a notebook's parameters with their defaults and docs", NOTEBOOK_ARGUMENT),
    ("run", _run, "run a notebook with your parameters into a folder of your own", NOTEBOOK_ARGUMENT, *PARAMETER_ARGUMENTS,
     _argument("--out", required=True, help="output folder (outside book/, _build/, public/)")),
    ("sweep", _sweep, "run a grid of parameter sets on a Dask cluster and compare their key figures", NOTEBOOK_ARGUMENT,
     _argument("--grid", required=True, metavar="FILE.yaml", help="YAML with 'grid' (name: [values]) and optional 'base'"),
     _argument("--out", required=True),
     _argument("--jobs", type=int, default=None, help="workers of the local cluster (default: the machine's cores)"),
     _argument("--scheduler", metavar="tcp://HOST:PORT",
               help="an existing Dask cluster's scheduler; its workers must see the project and --out at the same paths")),
    ("edition", _edition, "build the whole book under your assumptions (each applies to every notebook that takes it)",
     *PARAMETER_ARGUMENTS, _argument("--out", required=True, help="output folder (outside book/, _build/, public/); the site in OUT/html"),
     _argument("--jobs", type=int, default=None, help="notebooks run side by side (default: the machine's cores)")),
    ("execute", _execute, "run notebooks/NOTEBOOK.ipynb (from the current folder) with its defaults into the book",
     _argument("notebook"), _argument("--out", required=True),
     _argument("--figures", default=BOOK_FIGURES, help=f"folder for the static charts, a subfolder per notebook (default: {BOOK_FIGURES})")),
    ("deps", _deps, "print each notebook and the data files it reads", DATA_ARGUMENT),
    ("vendor", _vendor, "write the local vega bundle and the theme's icons into DIRECTORY", _argument("directory")),
    ("book", _book, "render the book from the executed notebooks into a folder",
     _argument("--out", required=True, help="the site's folder (e.g. _build/html)"),
     _argument("--version", help="the version being published (vX.Y.Z); none for a working build"),
     _argument("--previous", help="the published version's folder whose data the changelog compares with"),
     DATA_ARGUMENT),
    ("pdf", _pdf, "print the whole book to a PDF with chromium",
     _argument("--version", help="the version the PDF is of (vX.Y.Z); none for the working copy"),
     _argument("--out", help="the PDF to write (default: _build/pdf/counterbalance-<version or commit>.pdf)"),
     DATA_ARGUMENT, CHROMIUM_ARGUMENT),
    ("publish", _publish, "add a built site to public/ as an immutable version",
     _argument("--public", default=PUBLIC),
     _argument("--check", metavar="VERSION", help="refuse VERSION if malformed or already published, and stop"),
     _argument("--version", help="vX.Y.Z: build the book as this version and publish it"),
     _argument("--site", help="publish this already built site instead of building one"),
     _argument("--data", default=DATA, help="the data the site was built from, kept beside it"), CHROMIUM_ARGUMENT),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="counterbalance", description="Counterbalance report tools")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, run, summary, *arguments in COMMANDS:
        command = commands.add_parser(name, help=summary)
        for flags, options in arguments:
            command.add_argument(*flags, **options)
        command.set_defaults(func=run)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except OSError as error:  # what no check foresaw (a disk full, a folder made read-only meanwhile): one line, not a traceback
        where = f"{error.filename}: " if error.filename else ""
        return _report(f"{where}{error.strerror or error}", status=1)


if __name__ == "__main__":
    sys.exit(main())
