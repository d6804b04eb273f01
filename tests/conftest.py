"""Shared fixtures: a writable copy of the data, the built and the published project, a browser.

Tests never touch the repository's own data/, book/ or _build/: they copy what they need
into pytest's temporary folders (the session fails if anything under the repository's
build, runs or published folders changed while it ran). Building a project copy reuses the
repository's .venv.

The book is built once per test run and published once, whichever xdist worker asks first
(the others wait on a lock, then use the same folders): ``built_project`` and
``published_project`` are shared, read only. A test that changes a project works on its own
copy of one of them (:func:`private_copy`), which keeps the executed notebooks, stamps and
builds, so ``make`` there reruns only what the test changed. After each test that used a
shared project, the project is compared with what its build left, and the test fails if a
file was added, removed or rewritten.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from counterbalance.paths import BUILD, DATA_DIR, EXECUTED, PROJECT_ROOT, PUBLIC, SCREENSHOTS_ENV, VENDOR
from tools.testbed import copy_project

VENV = PROJECT_ROOT / ".venv"
#: the session fixtures every worker shares, read only
SHARED_PROJECTS = ("built_project", "published_project")
#: what the repository's own builds, runs and published versions hold: no test writes there
REPOSITORY_OUTPUTS = (BUILD, "runs", PUBLIC, EXECUTED, VENDOR)
#: modules whose tests share an expensive module fixture (a printed book, a second version, an edition, every page
#: checked in the browser, a local sweep): under xdist, each runs whole on one worker
ONE_WORKER_MODULES = ("tests/test_browser.py", "tests/test_dask_sweeps.py", "tests/test_edition.py", "tests/test_pdf.py",
                      "tests/test_publish.py")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of data/ a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit_cell(data_dir: Path, table: str, row_id: str, field: str, value: str) -> None:
    """Set one cell of `table` (the row whose first column is `row_id`), keeping the CSV shape."""
    path = data_dir / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index(field)
    matches = [r for r in rows[1:] if r[0] == row_id]
    assert matches, f"no row {row_id!r} in {table}"
    matches[0][column] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def edit_resolved_coding(data_dir: Path, judgement_id: str, field: str, value: str) -> None:
    """Set a cell of a judgement's resolved coding (outcome_codings.csv), which its outcome must repeat."""
    path = data_dir / "outcome_codings.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index(field)
    [row] = [r for r in rows[1:] if r[:2] == [judgement_id, "resolved"]]
    row[column] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def line_of(data_dir: Path, table: str, row_id: str) -> int:
    """The file line (header = 1) of the row whose first column is `row_id`."""
    for number, line in enumerate((data_dir / f"{table}.csv").read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(row_id + ","):
            return number
    raise AssertionError(f"no row {row_id!r} in {table}")


def make(project: Path, *targets: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run make in a project copy with the repository's virtual environment."""
    result = subprocess.run(
        ["make", f"VENV={VENV}", *targets], cwd=project, capture_output=True, text=True, timeout=900,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"make {' '.join(targets)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def private_copy(project: Path, destination: Path) -> Path:
    """A copy of a built `project` a test may change: its builds, stamps and executed notebooks kept, with their
    modification times, so ``make`` in the copy reruns only what the test changes."""
    return Path(shutil.copytree(project, destination, symlinks=True))


def tree_state(folder: Path) -> dict[str, list[int]]:
    """Every file's size and modification time under `folder` (folders with -1), by relative path: cheap to take
    after every test, and any write shows in it."""
    state = {".": [-1, -1]} if folder.is_dir() else {}
    for path in sorted(folder.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            state[path.relative_to(folder).as_posix()] = [-1, -1]
        elif "__pycache__" not in path.parts:
            status = path.lstat()
            state[path.relative_to(folder).as_posix()] = [status.st_size, status.st_mtime_ns]
    return state


def state_changes(before: dict[str, list[int]], after: dict[str, list[int]]) -> list[str]:
    """What differs between two :func:`tree_state` results, one line per path."""
    return ([f"added {p}" for p in sorted(after.keys() - before.keys())]
            + [f"removed {p}" for p in sorted(before.keys() - after.keys())]
            + [f"rewritten {p}" for p in sorted(before.keys() & after.keys()) if before[p] != after[p]])


def shared_temp(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole test run, one for every xdist worker (each worker's own is inside it)."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def build_once(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], str]) -> Path:
    """The folder `build` makes, made once per test run by whichever worker asks first (the others wait for it).

    `build` makes the project in the folder it is given and returns its log. The project's
    state is then recorded, for :func:`shared_projects_stay_as_built`. A failed build is
    reported to every worker that asks, and not tried again.
    """
    home = shared_temp(factory) / name
    project, log, failure, state = (home / "project", home / "build.log", home / "failed.log", home / "state.json")
    home.mkdir(exist_ok=True)
    with open(home / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failure.exists():
            pytest.fail(f"{name} could not be built:\n{failure.read_text(encoding='utf-8')}", pytrace=False)
        if not state.exists():
            try:
                log.write_text(build(project), encoding="utf-8")
            except Exception as error:
                failure.write_text(str(error), encoding="utf-8")
                raise
            state.write_text(json.dumps(tree_state(project)), encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project on which `make book` has run: its site is in _build/html. Shared: read only."""
    def build(project: Path) -> str:
        result = make(copy_project(project), "book")
        return result.stdout + result.stderr

    return build_once(tmp_path_factory, "built_project", build)


@pytest.fixture(scope="session")
def clean_build_output(built_project: Path) -> str:
    """What the clean `make book` of ``built_project`` printed."""
    return (built_project.parent / "build.log").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def published_project(tmp_path_factory: pytest.TempPathFactory, built_project: Path) -> Path:
    """A copy of ``built_project`` that then published v1.0.0 (its site and PDF) into its public/. Shared: read only."""
    def build(project: Path) -> str:
        result = make(private_copy(built_project, project), "publish", "VERSION=v1.0.0")
        return result.stdout + result.stderr

    return build_once(tmp_path_factory, "published_project", build)


@pytest.fixture(autouse=True)
def shared_projects_stay_as_built(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that changed a shared project: every other test reads it as built."""
    yield
    for name in SHARED_PROJECTS:
        if name in request.fixturenames:
            project = request.getfixturevalue(name)
            built = json.loads((project.parent / "state.json").read_text(encoding="utf-8"))
            changes = state_changes(built, tree_state(project))
            assert not changes, f"{name} was changed, but other tests read it as built:\n" + "\n".join(changes[:20])


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium under Playwright, one per worker for every test that reads pages."""
    from tools.pagecheck import launch

    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        instance = launch(playwright)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty folder for the screenshots of every page: ``$COUNTERBALANCE_SCREENSHOTS`` (CI keeps it), or one in the
    run's temporary folder."""
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or shared_temp(tmp_path_factory) / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        pytest.fail(f"{SCREENSHOTS_ENV}={folder} holds files already: the screenshots are counted, name an empty folder",
                    pytrace=False)
    return folder


def work_unit(nodeid: str) -> str:
    """What one worker runs whole: a module of :data:`ONE_WORKER_MODULES`, or else the test alone."""
    module = nodeid.split("::", 1)[0]
    return module if module in ONE_WORKER_MODULES else nodeid


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """xdist's scheduler by scope, with :func:`work_unit` as the scope. (``--dist loadgroup`` and ``xdist_group``
    would say the same, but pytest-xdist 3.8.0 no longer groups under pytest 9.2: pytest-xdist issue 1386.)"""
    from xdist.scheduler import LoadScopeScheduling

    class WorkUnitScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return WorkUnitScheduling(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run order, for two or more workers: first a test of the published project (its worker builds the book, then
    publishes it), then the slow tests that need no shared project (the other workers run them meanwhile), then the
    other tests of the shared projects, and the quick tests last, to fill the gaps; otherwise, collection order.
    A module that runs on one worker takes the place of its most demanding test."""
    units: dict[str, list[pytest.Item]] = {}
    for item in items:
        units.setdefault(work_unit(item.nodeid), []).append(item)

    def needs(name: str, members: list[pytest.Item]) -> bool:
        return any(name in getattr(item, "fixturenames", ()) for item in members)

    def rank(members: list[pytest.Item]) -> int:
        if needs("published_project", members):
            return 2
        if needs("built_project", members):
            return 3
        return 1 if any(item.get_closest_marker("slow") for item in members) else 4

    ranks = {name: rank(members) for name, members in units.items()}
    first_published = next((name for name, value in ranks.items() if value == 2), None)
    if first_published:
        ranks[first_published] = 0
    items.sort(key=lambda item: ranks[work_unit(item.nodeid)])


@contextlib.contextmanager
def _repository_outputs_unchanged(session: pytest.Session) -> Iterator[None]:
    before = {name: tree_state(PROJECT_ROOT / name) for name in REPOSITORY_OUTPUTS}
    yield
    changes = [f"{name}/: {line}" for name in REPOSITORY_OUTPUTS
               for line in state_changes(before[name], tree_state(PROJECT_ROOT / name))]
    if changes:
        session.config.get_terminal_writer().line(
            "tests wrote into the repository (they write only under temporary folders):\n" + "\n".join(changes[:20]), red=True)
        session.testsfailed += 1


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to start with a .venv older than the requirements: a project copy's make would reinstall the package
    into it from the copy, and the repository's own code would no longer be the one tested."""
    installed = VENV / ".installed"
    stale = [name for name in ("requirements.txt", "pyproject.toml")
             if installed.exists() and (PROJECT_ROOT / name).stat().st_mtime > installed.stat().st_mtime]
    if stale:
        pytest.exit(f"{' and '.join(stale)} changed since .venv was made: run `make install` first", returncode=3)


@pytest.hookimpl(wrapper=True)
def pytest_runtestloop(session: pytest.Session):
    """The repository's builds, runs and published versions are the same after the tests as before."""
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the controller watches the whole run
        return (yield)
    with _repository_outputs_unchanged(session):
        return (yield)
