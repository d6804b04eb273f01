"""Sweeps on a real Dask cluster: a scheduler and two workers started on 127.0.0.1 by the test, one killed mid-sweep."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import VENV
from tools.testbed import dask_cluster

COUNTERBALANCE = str(VENV / "bin" / "counterbalance")
GRID = "grid:\n  weight_monitors: [0.5, 2.0]\n  alignment_weight: [0.0, 0.5]\n"


def sweep_command(grid: Path, out: Path, *options: str) -> list[str]:
    return [COUNTERBALANCE, "sweep", "01_balance_of_power", "--grid", str(grid), "--out", str(out), *options]


def figures_by_member(out: Path) -> dict[str, tuple]:
    """Each member's swept values and key figures, from the sweep's manifest."""
    members = json.loads((out / "sweep.json").read_text(encoding="utf-8"))["members"]
    assert all(m["status"] == "ok" for m in members), [m.get("error") for m in members]
    return {m["member"]: (m["swept"], m["key_figures"]) for m in members}


@pytest.fixture(scope="module")
def grid(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("grid") / "grid.yaml"
    path.write_text(GRID, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def local_figures(built_project, grid, tmp_path_factory) -> dict:
    """The grid swept on the local cluster: the reference every cluster run must equal; its terminal holds no noise."""
    out = tmp_path_factory.mktemp("local") / "sweep"
    result = subprocess.run(sweep_command(grid, out, "--jobs", "2"), cwd=built_project, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "4 of 4 runs succeeded" in result.stdout
    assert not re.search(r"\b(ERROR|WARNING)\b", result.stdout + result.stderr), result.stderr
    assert "4/4" in result.stderr  # the progress bar counted every member
    return figures_by_member(out)


@pytest.mark.slow
def test_a_sweep_sent_to_a_running_cluster_gives_the_local_results(built_project, grid, local_figures, tmp_path):
    with dask_cluster(2, tmp_path / "logs") as (address, _):
        result = subprocess.run(sweep_command(grid, tmp_path / "sweep", "--scheduler", address), cwd=built_project,
                                capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert figures_by_member(tmp_path / "sweep") == local_figures


@pytest.mark.slow
def test_a_worker_killed_mid_sweep_leaves_the_sweep_complete(built_project, grid, local_figures, tmp_path):
    out = tmp_path / "sweep"
    with dask_cluster(2, tmp_path / "logs") as (address, workers):
        running = subprocess.Popen(sweep_command(grid, out, "--scheduler", address), cwd=built_project,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 300
        # both workers have a member in hand once two member folders exist in the sweep's staging folder
        while len(list(tmp_path.glob(".sweep.partial-*/new/runs/*"))) < 2:
            assert running.poll() is None and time.monotonic() < deadline, running.stderr.read() if running.poll() is not None else "timed out"
            time.sleep(0.2)
        os.killpg(workers[0].pid, signal.SIGKILL)  # the nanny and its worker, mid-member
        stdout, stderr = running.communicate(timeout=600)
    assert running.returncode == 0, stderr
    assert "4 of 4 runs succeeded" in stdout
    assert figures_by_member(out) == local_figures
    assert not [p for p in out.rglob("*") if p.name.startswith(".running-")], "the lost member's half-written files were kept"


@pytest.mark.parametrize(("options", "expected"), [
    (["--scheduler", "tcp://127.0.0.1:9", "--jobs", "2"], "--jobs sizes the local cluster"),
    (["--scheduler", "tcp://127.0.0.1:9"], "--scheduler tcp://127.0.0.1:9: cannot reach it"),
])
def test_a_cluster_that_cannot_run_the_sweep_is_refused_before_any_kernel(grid, tmp_path, options, expected):
    from counterbalance.paths import PROJECT_ROOT

    result = subprocess.run(sweep_command(grid, tmp_path / "sweep", *options), cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2 and expected in result.stderr, result.stderr
    assert not (tmp_path / "sweep").exists()
