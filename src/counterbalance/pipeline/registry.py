"""The notebooks of the book: what each reads and which parameters it takes, declared once.

This registry is the single declaration that the build (which tables a notebook depends on),
the analyst CLI (what may be passed, of which type, in which range) and the notebooks' own
``parameters`` cells share; a test checks that each notebook's cell matches it. Modelling
defaults are not written here: they come from :mod:`counterbalance.assumptions`. It imports
nothing heavy, so that ``make`` can ask it for dependencies in milliseconds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..assumptions import (ALIGNMENT_WEIGHT, AT_LEAST_TAIL, BOOTSTRAP_DRAWS, BOOTSTRAP_SEED, END_OF_DATA, HALF_LIVES, INFERENCE_WEIGHT, STRENGTH_FLOOR,
                           WEIGHTS)
from ..paths import DATA, DESCRIPTOR_NAME, NOTEBOOKS as NOTEBOOK_FOLDER

__all__ = ["Parameter", "Notebook", "NOTEBOOKS", "notebook", "table_paths", "inputs_digest"]

#: The package's own code: a notebook's results follow from it too.
PACKAGE = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter: its type, default, accepted range and a one-line doc."""

    name: str
    kind: str  # "str", "int", "float", "date", "known_on", "grade", "counts", "deployment"
    default: object
    doc: str
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Notebook:
    """A notebook in ``notebooks/``: its title, the tables it reads and its parameters."""

    name: str
    title: str
    tables: tuple[str, ...]
    parameters: tuple[Parameter, ...] = field(default=())

    @property
    def defaults(self) -> dict[str, object]:
        return {p.name: p.default for p in self.parameters}


DATA_DIR_PARAM = Parameter("data_dir", "str", DATA, "Folder holding datapackage.json, relative to the project root")
MIN_GRADE_PARAM = Parameter(
    "min_grade", "grade", "F6",
    "Weakest Admiralty grade admitted, e.g. B2: source reliability A-F and claim credibility 1-6, both at least this good",
)
ALIGNMENT_PARAM = Parameter(
    "alignment_weight", "float", ALIGNMENT_WEIGHT, "Share of Azerbaijan's theatre power Turkey can lever through the alliance", 0.0, 1.0,
)
#: The earliest day the 2020 article can have appeared: the snapshot it describes.
ARTICLE_DAY = "2020-12-17"
KNOWN_ON_PARAM = Parameter(
    "known_on", "known_on", END_OF_DATA,
    "Day of knowledge: the models see only what sources published by then said (YYYY-MM-DD), or end for all the data",
)
WEIGHT_PARAMS = tuple(Parameter(f"weight_{w.capability}", "float", w.default, w.doc, 0.0, w.maximum) for w in WEIGHTS)


#: The sampled assumptions that are not weights, as parameters of the notebooks that sample worlds.
WORLD_PARAMS = (
    Parameter("strength_floor", "float", STRENGTH_FLOOR.default, "Share of an authorised ceiling an unreported strength is at least", 0.0, 1.0),
    *(Parameter(a.name, "float", a.default, f"Years after its last report by which half of the {a.name.removeprefix('half_life_')} rows "
                "are taken to have ended unreported", 0.01, 1000.0) for a in HALF_LIVES),
)


def _as_of(doc: str) -> Parameter:
    return Parameter("as_of", "date", ARTICLE_DAY, doc)


def _notebook(name: str, title: str, tables: tuple[str, ...], *own: Parameter) -> Notebook:
    """A notebook taking the data folder, the minimum grade and the day of knowledge, then its own parameters.

    Every notebook reads the sources and the citations: a vintage (``known_on``) is taken from them.
    """
    tables = tuple(dict.fromkeys(("sources", "citations", *tables)))
    return Notebook(name, title, tables, (DATA_DIR_PARAM, MIN_GRADE_PARAM, KNOWN_ON_PARAM, *own))


NOTEBOOKS: dict[str, Notebook] = {
    nb.name: nb
    for nb in (
        _notebook(
            "01_balance_of_power", "Balance-of-power network",
            ("sources", "actors", "places", "relations", "deployments", "events", "event_codes", "cameo_codes"),
            _as_of("Date at which the network and the theatre power are taken"),
            ALIGNMENT_PARAM,
            Parameter("inference_weight", "float", INFERENCE_WEIGHT, "What a tie an author infers counts for, against a reported one", 0.0, 1.0),
            *WEIGHT_PARAMS,
            Parameter("count_overrides", "counts", {}, "Scenario figures replacing the data's, by deployment_id, e.g. {dep_tr_engineers: 500}"),
        ),
        _notebook(
            "07_commitment", "Commitment, from coded events", ("sources", "actors", "events", "event_links", "event_codes", "cameo_codes"),
            _as_of("Date whose quarter gives the ties between the states"),
            Parameter("samples", "int", 2000, "Bootstrap draws per pair and quarter", 100, 100000),
            Parameter("seed", "int", 20201110, "Base seed of the bootstrap: the same seed gives the same intervals", 0, 2**32 - 1),
        ),
        _notebook("02_unit_lineage", "Unit lineage", ("sources", "actors", "places", "relations", "unit_history")),
        _notebook(
            "03_deployment_timeline", "Deployment timeline",
            ("sources", "actors", "places", "deployments", "events", "event_links", "boundaries"),
            Parameter("window_start", "date", "2020-09-27", "First day shown on the timeline"),
            Parameter("window_end", "date", "2026-03-11", "Last day shown on the timeline"),
            _as_of("Day the map shows the forces standing on"),
        ),
        _notebook(
            "04_scenarios", "Scenarios", ("sources", "actors", "places", "deployments"),
            _as_of("Date at which the forces in the theatre are taken"),
            Parameter("contingent", "deployment", "dep_tr_monitors", "Turkish deployment whose size the scenarios vary"),
            Parameter("contingent_max", "int", 5000, "Largest contingent size tried", 1, 100000),
            Parameter("steps", "int", 21, "Values tried along each axis of the grid", 2, 101),
            *WEIGHT_PARAMS,
        ),
        _notebook(
            "05_uncertainty", "Uncertainty",
            ("sources", "citations", "actors", "places", "relations", "deployments", "events", "event_links", "judgements"),
            _as_of("Date at which the key figures are taken"),
            ALIGNMENT_PARAM,
            Parameter("inference_weight", "float", INFERENCE_WEIGHT, "What a tie an author infers counts for, against a reported one", 0.0, 1.0),
            Parameter("samples", "int", 10000, "Number of plausible worlds drawn from the data", 100, 1000000),
            Parameter("sobol_base", "int", 256, "SALib's base sample N for the Sobol indices (a power of two); N x (inputs + 2) worlds", 8, 65536),
            Parameter("seed", "int", 20201110, "Seed of the random generator: the same seed draws the same worlds", 0, 2**32 - 1),
            Parameter("widening_scale", "float", 1.0, "How much the credibility grades widen figures and dates (1: as assumed, 0: not at all)", 0.0, 5.0),
            Parameter("at_least_tail", "float", AT_LEAST_TAIL, "Mean excess of an 'at least' figure over its minimum, as a share of it", 0.0, 10.0),
            *WORLD_PARAMS,
            *WEIGHT_PARAMS,
        ),
        _notebook(
            "06_scoring", "The 2020 judgements, scored",
            ("sources", "citations", "actors", "places", "relations", "deployments", "events", "event_links", "judgements",
             "resolution_criteria", "outcome_codings", "outcomes"),
            Parameter("bootstrap_draws", "int", BOOTSTRAP_DRAWS, "Paired-bootstrap draws behind the skill scores' 90 % intervals", 1000, 1000000),
            Parameter("bootstrap_seed", "int", BOOTSTRAP_SEED, "Seed of the bootstrap: the same seed gives the same intervals", 0, 2**32 - 1),
            ALIGNMENT_PARAM,
            *WEIGHT_PARAMS,
        ),
    )
}


def notebook(name: str) -> Notebook:
    """The registered notebook called `name` (with or without ``.ipynb`` or a folder)."""
    stem = name.rsplit("/", 1)[-1].removesuffix(".ipynb")
    try:
        return NOTEBOOKS[stem]
    except KeyError:
        raise KeyError(f"no notebook {stem!r}; notebooks: {', '.join(NOTEBOOKS)}") from None


def table_paths(data_dir: Path) -> dict[str, str]:
    """Each resource of the data's descriptor, by name, to its file (relative to `data_dir`)."""
    descriptor = json.loads((Path(data_dir) / DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    return {resource["name"]: resource["path"] for resource in descriptor["resources"]}


def inputs_digest(nb: Notebook, project_root: Path, data_dir: str = DATA) -> str:
    """SHA-256 over what a notebook's executed copy follows from, as Make tracks it: the notebook, the data's descriptor,
    the tables it reads and the package's code. An executed copy that recorded another digest is stale.

    Raises
    ------
    OSError
        If one of them cannot be read.
    """
    root, folder = Path(project_root), Path(project_root) / data_dir
    paths = table_paths(folder)
    files = [root / NOTEBOOK_FOLDER / f"{nb.name}.ipynb", folder / DESCRIPTOR_NAME, *(folder / paths[t] for t in nb.tables),
             *sorted(PACKAGE.rglob("*.py"))]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
