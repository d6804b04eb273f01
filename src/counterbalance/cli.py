"""The ``counterbalance`` command: validate the data and execute notebooks.

    counterbalance validate [--data DIR]
    counterbalance execute NOTEBOOK --out FILE     (the build's step: default parameters)
    counterbalance deps                            (Make rules: what each notebook reads)
    counterbalance vendor DIR                      (write the local vega bundle)
    counterbalance basemap SHAPEFILE --out FILE    (the map's country outlines)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .paths import DATA_DIR, PROJECT_ROOT

__all__ = ["main"]


def _validate(args: argparse.Namespace) -> int:
    from .schema import validate_package

    problems, tables = validate_package(Path(args.data))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {args.data}/", file=sys.stderr)
        return 1
    print(f"{args.data}/: {sum(len(t.rows) for t in tables.values())} rows and features in {len(tables)} resources, all valid")
    return 0


def _execute(args: argparse.Namespace) -> int:
    from .execute import Figures, NotebookFailed, execute_notebook
    from .notebooks import notebook

    nb = notebook(args.notebook)
    figures = None
    if args.figures:
        figures = Figures(Path(args.figures) / nb.name, f"{args.figures_url}{nb.name}/", f"../{args.bundle_url}")
    try:
        execute_notebook(Path("notebooks") / f"{nb.name}.ipynb", Path(args.out), {}, cwd=Path.cwd(), figures=figures)
    except NotebookFailed as failure:
        print(f"error: {failure}", file=sys.stderr)
        return 1
    print(f"executed {nb.name} -> {args.out}")
    return 0


def _deps(args: argparse.Namespace) -> int:
    """Print Make rules: each executed notebook depends on the stamps of the tables it reads."""
    from .notebooks import NOTEBOOKS
    from .schema import read_descriptor

    paths = {r["name"]: r["path"] for r in read_descriptor(Path(args.data))["resources"]}
    for nb in NOTEBOOKS.values():
        tables = " ".join(f"$(STAMPS)/$(DATA)/{paths[t]}.sha256" for t in nb.tables)
        print(f"$(EXECUTED)/{nb.name}.ipynb: $(STAMPS)/notebooks/{nb.name}.ipynb.sha256 "
              f"$(STAMPS)/$(DATA)/datapackage.json.sha256 {tables} $(STAMPS)/package.sha256 | $(VALIDATED)")
    print("NOTEBOOK_NAMES := " + " ".join(NOTEBOOKS))
    return 0


def _vendor(args: argparse.Namespace) -> int:
    from .render import BUNDLE_NAME, write_vega_bundle

    write_vega_bundle(Path(args.directory) / BUNDLE_NAME)
    return 0


def _basemap(args: argparse.Namespace) -> int:
    from .geo import basemap, write_basemap

    write_basemap(basemap(Path(args.shapefile), args.source), Path(args.out))
    print(f"wrote {args.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="counterbalance", description="Counterbalance report tools")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check data/ against its schema")
    validate.add_argument("--data", default=str(DATA_DIR.relative_to(PROJECT_ROOT)), help="data folder (default: data)")
    validate.set_defaults(func=_validate)

    execute = commands.add_parser("execute", help="run notebooks/NOTEBOOK.ipynb (from the current folder) with its defaults into the book")
    execute.add_argument("notebook")
    execute.add_argument("--out", required=True)
    execute.add_argument("--figures", help="folder for the static charts; each notebook gets a subfolder")
    execute.add_argument("--figures-url", default="", help="URL of that folder as seen from the executed page")
    execute.add_argument("--bundle-url", default="vega-embed.js", help="URL of the vega bundle as seen from that folder")
    execute.set_defaults(func=_execute)

    deps = commands.add_parser("deps", help="print Make dependency rules of the notebooks")
    deps.add_argument("--data", default=str(DATA_DIR.relative_to(PROJECT_ROOT)), help="data folder (default: data)")
    deps.set_defaults(func=_deps)

    vendor = commands.add_parser("vendor", help="write the local vega bundle into DIRECTORY")
    vendor.add_argument("directory")
    vendor.set_defaults(func=_vendor)

    outlines = commands.add_parser("basemap", help="cut Natural Earth country outlines to the region of the data")
    outlines.add_argument("shapefile")
    outlines.add_argument("--source", default="natural_earth_110m", help="source_id the features cite")
    outlines.add_argument("--out", required=True)
    outlines.set_defaults(func=_basemap)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
