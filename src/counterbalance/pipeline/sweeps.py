"""Sweeps: a grid of parameter sets, each member a task of ``dask.distributed`` in its own kernel and folder.

Members run on a local cluster sized to the machine, or on an existing cluster
(``--scheduler tcp://HOST:PORT``) whose workers see the project, the same data and the output
folder at the same paths. Dask schedules the members and runs again those whose worker was
lost; a member that fails is reported with its parameters while the others finish, and every
member's key figures are gathered into one tidy table and a comparison chart. A sweep has at
most :data:`MAX_MEMBERS` members, counted before any is made, and its progress bar shows
from its first second. Like a run, it is built beside its folder and swapped in whole
(:class:`~.transaction.OutputFolder`): a second sweep into the same folder is refused.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import shutil
import socket
import sys
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from ..charts import sweep_chart
from ..data import data_hash
from ..paths import BUNDLE_NAME
from . import strict_yaml
from .execute import NotebookFailed
from .params import ParameterError, validate_parameters
from .registry import notebook
from .render import save_figure, write_vega_bundle
from .runs import RunError, check_output_folder, execute_into, read_yaml_mapping, source_notebook
from .transaction import OutputFolder

__all__ = ["MAX_MEMBERS", "read_grid", "dask_client", "sweep"]

#: The most members a sweep may have: at about 4 s a member on two workers, an hour's work.
MAX_MEMBERS = 1000


def read_grid(path: Path) -> tuple[dict, dict[str, list]]:
    """A sweep file: ``base`` (values every member shares) and ``grid`` (lists to combine).

    Raises
    ------
    RunError
        If the file is not valid YAML, has other keys, a grid entry is not a non-empty list,
        a parameter is both in ``base`` and in ``grid``, or the grid has more than
        :data:`MAX_MEMBERS` members.
    """
    spec = read_yaml_mapping(path)
    unknown = sorted(map(str, set(spec) - {"base", "grid"}))
    if unknown:
        raise RunError(f"{path}: {strict_yaml.shortened(unknown[0])} is not a sweep key; accepted: base, grid")
    base, grid = spec.get("base") or {}, spec.get("grid") or {}
    if not isinstance(base, dict) or not isinstance(grid, dict) or not grid:
        raise RunError(f"{path}: 'grid' must map parameter names to lists of values, and 'base' to values")
    for name, values in grid.items():
        if not isinstance(values, list) or not values:
            raise RunError(f"{path}: grid: {strict_yaml.named(name)}: must be a non-empty list of values, "
                           f"not {strict_yaml.shortened(values)}")
    both = sorted(map(strict_yaml.named, set(base) & set(grid)))
    if both:
        raise RunError(f"{path}: {', '.join(both)}: in both base and grid; give each parameter in one of them")
    members = math.prod(len(values) for values in grid.values())
    if members > MAX_MEMBERS:
        sizes = " x ".join(f"{len(values):,} {strict_yaml.named(name)}" for name, values in grid.items())
        raise RunError(f"{path}: the grid has {members:,} members ({sizes}), more than the {MAX_MEMBERS:,} a sweep may have; "
                       "split it into smaller sweeps")
    return base, grid


def _member(folder: str, name: str, source: str, values: dict, project_root: str, bundle: str) -> dict:
    """One sweep member, as a Dask task: its manifest, or its failure.

    A member run again after its worker was lost starts from an empty folder.
    """
    shutil.rmtree(folder, ignore_errors=True)
    try:
        return {"status": "ok", **execute_into(Path(folder), notebook(name), Path(source), values, Path(project_root), Path(bundle))}
    except NotebookFailed as failure:
        return {"status": "failed", "error": str(failure)}


def _what_a_worker_sees(project_root: str, staging: str, data_dirs: list[str]) -> dict:
    """On a worker: the hash of each data folder as it reads it (None if it cannot), and whether it can write the sweep's folder."""
    def hashed(folder: str) -> str | None:
        try:
            return data_hash(Path(project_root) / folder)
        except (OSError, ValueError):
            return None

    return {"data": {folder: hashed(folder) for folder in data_dirs}, "writes": os.access(staging, os.W_OK)}


#: How long a sweep waits for a scheduler to answer, and for its first worker.
CONNECT_SECONDS = 10
#: The port a Dask scheduler listens on when its address names none.
DASK_PORT = 8786


@contextmanager
def dask_client(scheduler: str | None, workers: int):
    """A client of the cluster at `scheduler`, or of a local cluster of `workers` single-threaded processes.

    Raises
    ------
    RunError
        If the scheduler cannot be reached or has no worker.
    """
    from dask.distributed import Client, LocalCluster

    if scheduler is None:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield client
        return
    host, _, port = scheduler.removeprefix("tcp://").partition(":")
    try:
        # a refused connection answers at once, where Dask's client retries it for the whole timeout
        socket.create_connection((host, int(port or DASK_PORT)), timeout=CONNECT_SECONDS).close()
        client = Client(scheduler, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError, TypeError) as error:
        raise RunError(f"--scheduler {scheduler}: cannot reach it ({error})") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except TimeoutError:
            raise RunError(f"--scheduler {scheduler}: no worker joined it within {CONNECT_SECONDS} s") from None
        yield client


def check_scheduler(scheduler: str) -> None:
    """RunError unless `scheduler` is a ``tcp://HOST:PORT`` address (checked before anything starts)."""
    address = re.fullmatch(r"tcp://[^\s/:]+(?::(\d{1,5}))?", scheduler)
    if not address or int(address.group(1) or 0) > 65535:
        raise RunError(f"--scheduler {strict_yaml.shortened(scheduler)}: is not a scheduler's address such as "
                       "tcp://10.0.0.5:8786 (only tcp:// is supported: tls:// needs certificates this command does not take)")


def _check_workers(client, project_root: Path, output: OutputFolder, scheduler: str, data_dirs: list[str]) -> None:
    """RunError naming each worker of the cluster at `scheduler` that does not read the data this machine validated
    the members against, or cannot write the sweep's folder, before any member runs."""
    expected = {folder: data_hash(project_root / folder) for folder in data_dirs}
    faults = []
    for address, seen in sorted(client.run(_what_a_worker_sees, str(project_root), str(output.new), data_dirs).items()):
        for folder, digest in seen["data"].items():
            if digest != expected[folder]:
                problem = "cannot read it" if digest is None else f"reads other data (hash {digest[:12]}, not {expected[folder][:12]})"
                faults.append(f"worker {address}: {project_root / folder}: {problem}")
        if not seen["writes"]:
            faults.append(f"worker {address}: cannot write {output.out.parent}")
    if faults:
        raise RunError(f"--scheduler {scheduler}: " + "; ".join(faults) + "; workers need the project, the same data and the "
                       "output folder at the same paths (a shared file system)")


def sweep(name: str, grid_path: Path, out: Path, project_root: Path, jobs: int | None = None, scheduler: str | None = None) -> dict:
    """Run every combination of the grid on a Dask cluster and gather the key figures.

    Members whose parameters are refused, or whose notebook fails, are reported with their
    parameters; the others run to the end. If every member is refused, nothing runs. Without
    `scheduler`, a local cluster of `jobs` workers (default: the machine's cores) runs them.

    Returns
    -------
    dict
        The sweep's manifest (also ``sweep.json``): members with status, parameters and
        key figures or error, and the paths of ``sweep.csv`` and the comparison chart.

    Raises
    ------
    RunError, ParameterError
        If the grid file, the output folder or the cluster is refused, or every member (nothing written).
    """
    from dask.distributed import as_completed

    if scheduler and jobs:
        raise RunError("--jobs sizes the local cluster; with --scheduler, the cluster's own workers run the members")
    if scheduler:
        check_scheduler(scheduler)
    nb, source = source_notebook(name, project_root)
    base, grid = read_grid(grid_path)
    out = check_output_folder(out, project_root)
    combos = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
    with tqdm(total=len(combos), desc=nb.name, unit="member", file=sys.stderr) as bar:
        bar.set_postfix_str("checking the parameters")
        members, pending = [], []
        for index, combo in enumerate(combos, start=1):
            member = {"member": f"{index:03d}", "swept": combo}
            try:
                member["parameters"] = validate_parameters(nb, {**base, **combo}, project_root)
                pending.append(member)
            except ParameterError as refused:
                member.update(status="refused", error=str(refused))
                bar.update(1)
            members.append(member)
        if not pending:
            raise ParameterError(f"every member of the sweep was refused; the first:\n{members[0]['error']}")
        with OutputFolder(out, f"a sweep of {nb.name}") as output:
            bundle = write_vega_bundle(output.new / BUNDLE_NAME)
            workers = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
            bar.set_postfix_str("starting the workers")
            with dask_client(scheduler, workers) as client:
                if scheduler:
                    _check_workers(client, project_root, output, scheduler,
                                   sorted({str(m["parameters"]["data_dir"]) for m in pending}))
                bar.set_postfix_str("")
                futures = {client.submit(_member, str(output.new / "runs" / m["member"]), nb.name, str(source), m["parameters"],
                                         str(project_root), str(bundle), key=f"{output.staging.name}-member-{m['member']}",
                                         pure=False): m
                           for m in pending}
                for future in as_completed(futures):
                    if future.status == "error":  # the task itself was lost, e.g. every worker that ran it died
                        error = future.exception()
                        futures[future].update(status="failed", error=f"{type(error).__name__}: {error}")
                    else:
                        result = future.result()
                        futures[future].update(status=result["status"], **{k: result[k] for k in ("error", "key_figures") if k in result})
                    bar.update(1)
            manifest = {"notebook": nb.name, "grid": grid, "base": base, "members": members}
            _write_sweep_outputs(output.new, manifest)
            output.commit()
    return manifest


def _write_sweep_outputs(folder: Path, manifest: dict) -> None:
    """``sweep.csv`` (one row per member and key figure), the comparison chart, and last ``sweep.json``, listing them all."""
    swept = list(manifest["grid"])
    rows = []
    for member in manifest["members"]:
        for figure, value in (member.get("key_figures") or {None: None}).items():
            rows.append({"member": member["member"], "status": member["status"], **member["swept"], "figure": figure, "value": value})
    tidy = pd.DataFrame(rows, columns=["member", "status", *swept, "figure", "value"])
    tidy.to_csv(folder / "sweep.csv", index=False, lineterminator="\n")
    # a figure that only echoes a swept parameter tells nothing: leave it out of the chart
    numeric = tidy[(tidy["status"] == "ok") & ~tidy["figure"].isin(swept)
                   & tidy["value"].map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))]
    if not numeric.empty:
        spec = sweep_chart(numeric.astype({"value": float}), swept, title=f"Key figures of {manifest['notebook']} across the sweep",
                           description=f"Each key figure against {swept[0]}" + (f", one line per {swept[1]}" if len(swept) > 1 else "")).to_dict()
        save_figure(spec, folder, "comparison")
    manifest["outputs"] = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    (folder / "sweep.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
