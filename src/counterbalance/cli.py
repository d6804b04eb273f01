"""The ``counterbalance`` command: validate the data, execute notebooks, rerun and sweep them.

    counterbalance validate [--data DIR]
    counterbalance params NOTEBOOK                 (what an analyst may set)
    counterbalance run NOTEBOOK [-p NAME VALUE]... [--params FILE.yaml] --out DIR
    counterbalance sweep NOTEBOOK --grid FILE.yaml --out DIR [--jobs N]
    counterbalance execute NOTEBOOK --out FILE     (the build's step: default parameters)
    counterbalance deps                            (Make rules: what each notebook reads)
    counterbalance vendor DIR                      (write the local vega bundle)
    counterbalance basemap SHAPEFILE --out FILE    (the map's country outlines)
    counterbalance publish --site DIR --version vX.Y.Z [--public DIR]   (what `make publish` calls)
    counterbalance synth --factor N --out DIR      (synthetic data for the benchmark)
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
        return _report(failure)
    print(f"executed {nb.name} -> {args.out}")
    return 0


def _params(args: argparse.Namespace) -> int:
    """Print the notebook's parameters: name, default, what is accepted, what it means."""
    import json

    from .notebooks import notebook
    from .params import accepted_values

    nb = notebook(args.notebook)
    print(f"{nb.name}: {nb.title}\n")
    for param in nb.parameters:
        print(f"  {param.name} = {json.dumps(param.default)}")
        print(f"      {param.doc}")
        print(f"      accepted: {accepted_values(param)}")
    return 0


def _report(error: Exception) -> int:
    """Print a refusal or failure to stderr; exit 2 for bad input (nothing ran), 1 for a failed run."""
    from .execute import NotebookFailed

    for line in str(error).splitlines():
        print(f"error: {line}", file=sys.stderr)
    return 1 if isinstance(error, NotebookFailed) else 2


def _run(args: argparse.Namespace) -> int:
    from .execute import NotebookFailed
    from .params import ParameterError
    from .runs import RunError, read_yaml_mapping, run

    try:
        raw = read_yaml_mapping(Path(args.params)) if args.params else {}
        raw.update(dict(args.parameter or []))
        manifest = run(args.notebook, raw, Path(args.out), Path.cwd())
    except (ParameterError, RunError, KeyError, NotebookFailed) as error:
        return _report(error)
    print(f"{manifest['notebook']} -> {args.out}/ in {manifest['duration_seconds']} s")
    for name, value in sorted(manifest["key_figures"].items()):
        print(f"  {name}: {value}")
    return 0


def _sweep(args: argparse.Namespace) -> int:
    from .params import ParameterError
    from .runs import RunError, sweep

    try:
        manifest = sweep(args.notebook, Path(args.grid), Path(args.out), Path.cwd(), jobs=args.jobs)
    except (ParameterError, RunError, KeyError) as error:
        return _report(error)
    failed = [m for m in manifest["members"] if m["status"] != "ok"]
    print(f"{len(manifest['members']) - len(failed)} of {len(manifest['members'])} runs succeeded -> {args.out}/sweep.csv")
    for member in failed:
        print(f"error: member {member['member']} {member['swept']} {member['status']}: {member['error'].splitlines()[0]}", file=sys.stderr)
    return 1 if failed else 0


def _publish(args: argparse.Namespace) -> int:
    """Add a built site as a version, or (--latest) print the newest published version's folder."""
    from .publish import PublishError, latest_version, publish

    if args.latest:
        newest = latest_version(Path(args.public))
        print(Path(args.public) / newest if newest else "")
        return 0
    try:
        folder = publish(Path(args.site), args.version, Path(args.public), Path(args.data))
    except PublishError as refused:
        return _report(refused)
    print(f"published {folder}; {args.public}/latest and {args.public}/versions.json now point to it")
    return 0


def _synth(args: argparse.Namespace) -> int:
    from .synth import synthesise

    rows = synthesise(Path(args.data), Path(args.out), args.factor)
    print(f"wrote {rows:,} rows ({args.factor}x {args.data}/) into {args.out}/")
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

    params = commands.add_parser("params", help="list a notebook's parameters with their defaults and docs")
    params.add_argument("notebook")
    params.set_defaults(func=_params)

    rerun = commands.add_parser("run", help="run a notebook with your parameters into a folder of your own")
    rerun.add_argument("notebook", help="name (e.g. 01_balance_of_power) or path of a copy of a registered notebook")
    rerun.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), help="set a parameter (repeatable)")
    rerun.add_argument("--params", metavar="FILE.yaml", help="parameters from a YAML mapping; -p overrides it")
    rerun.add_argument("--out", required=True, help="output folder (outside book/, _build/, public/)")
    rerun.set_defaults(func=_run)

    grid = commands.add_parser("sweep", help="run a grid of parameter sets in parallel and compare their key figures")
    grid.add_argument("notebook")
    grid.add_argument("--grid", required=True, metavar="FILE.yaml", help="YAML with 'grid' (name: [values]) and optional 'base'")
    grid.add_argument("--out", required=True)
    grid.add_argument("--jobs", type=int, default=None, help="parallel kernels (default: the machine's cores)")
    grid.set_defaults(func=_sweep)

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

    release = commands.add_parser("publish", help="add a built site to public/ as an immutable version")
    release.add_argument("--public", default="public")
    release.add_argument("--latest", action="store_true", help="print the newest published version's folder and stop")
    release.add_argument("--site", help="the built site (_build/publish/_build/html)")
    release.add_argument("--version", help="vX.Y.Z")
    release.add_argument("--data", default="data", help="the data the site was built from, kept beside it")
    release.set_defaults(func=_publish)

    synth = commands.add_parser("synth", help="write a valid synthetic data set N times larger")
    synth.add_argument("--factor", type=int, required=True)
    synth.add_argument("--out", required=True)
    synth.add_argument("--data", default="data")
    synth.set_defaults(func=_synth)

    outlines = commands.add_parser("basemap", help="cut Natural Earth country outlines to the region of the data")
    outlines.add_argument("shapefile")
    outlines.add_argument("--source", default="natural_earth_110m", help="source_id the features cite")
    outlines.add_argument("--out", required=True)
    outlines.set_defaults(func=_basemap)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
