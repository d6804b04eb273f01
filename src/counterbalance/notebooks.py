"""The notebooks of the book: what each reads and which parameters it takes, declared once.

This registry is the single declaration that the build (which tables a notebook depends on),
the analyst CLI (what may be passed, of which type, in which range) and the notebooks' own
``parameters`` cells share; a test checks that each notebook's cell matches it. It imports
nothing heavy, so that ``make`` can ask it for dependencies in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Parameter", "Notebook", "NOTEBOOKS", "notebook", "DEFAULT_INCLUSION"]

GRADE_PATTERN = r"^[A-F][1-6]$"

#: Probability that a claim of each Admiralty credibility grade holds in a sampled world
#: (1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be
#: judged): the default of the uncertainty notebook's parameter, used by the sampler.
DEFAULT_INCLUSION = {1: 0.95, 2: 0.8, 3: 0.6, 4: 0.3, 5: 0.1, 6: 0.5}


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter: its type, default, accepted range and a one-line doc."""

    name: str
    kind: str  # "str", "int", "float", "date", "grade", "counts", "deployment", "probabilities"
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


DATA_DIR_PARAM = Parameter("data_dir", "str", "data", "Folder holding datapackage.json, relative to the project root")
MIN_GRADE_PARAM = Parameter(
    "min_grade", "grade", "F6",
    "Weakest Admiralty grade admitted, e.g. B2: source reliability A-F and claim credibility 1-6, both at least this good",
)
ALIGNMENT_PARAM = Parameter(
    "alignment_weight", "float", 0.5, "Share of Azerbaijan's theatre power Turkey can lever through the alliance", 0.0, 1.0,
)

NOTEBOOKS: dict[str, Notebook] = {
    nb.name: nb
    for nb in (
        Notebook(
            "01_balance_of_power",
            "Balance-of-power network",
            ("sources", "actors", "places", "relations", "deployments"),
            (
                DATA_DIR_PARAM,
                Parameter("as_of", "date", "2020-12-31", "Date at which the network and the theatre power are taken"),
                MIN_GRADE_PARAM,
                ALIGNMENT_PARAM,
                Parameter("weight_troops", "float", 1.0, "Power of one soldier (troop-equivalents per person)", 0.0, 1000.0),
                Parameter("weight_engineers", "float", 1.0, "Power of one military engineer or de-miner", 0.0, 1000.0),
                Parameter("weight_monitors", "float", 0.5, "Power of one monitor or liaison officer", 0.0, 1000.0),
                Parameter("weight_advisers", "float", 0.5, "Power of one military adviser", 0.0, 1000.0),
                Parameter("weight_heavy_fires", "float", 50.0, "Power of one heavy-fires system (artillery or rocket launcher)", 0.0, 10000.0),
                Parameter("weight_air_assets", "float", 100.0, "Power of one combat aircraft", 0.0, 10000.0),
                Parameter("weight_drones", "float", 25.0, "Power of one armed drone", 0.0, 10000.0),
                Parameter("count_overrides", "counts", {}, "Scenario figures replacing the data's, by deployment_id, e.g. {dep_tr_engineers: 500}"),
            ),
        ),
        Notebook(
            "02_unit_lineage",
            "Unit lineage",
            ("sources", "actors", "places", "relations", "unit_history"),
            (DATA_DIR_PARAM, MIN_GRADE_PARAM),
        ),
        Notebook(
            "03_deployment_timeline",
            "Deployment timeline",
            ("sources", "actors", "places", "deployments", "events", "boundaries"),
            (
                DATA_DIR_PARAM,
                Parameter("window_start", "date", "2020-09-01", "First day shown on the timeline"),
                Parameter("window_end", "date", "2020-12-31", "Last day shown on the timeline"),
                MIN_GRADE_PARAM,
            ),
        ),
        Notebook(
            "04_scenarios",
            "Scenarios",
            ("sources", "actors", "places", "deployments"),
            (
                DATA_DIR_PARAM,
                Parameter("as_of", "date", "2020-12-31", "Date at which the forces in the theatre are taken"),
                MIN_GRADE_PARAM,
                Parameter("contingent", "deployment", "dep_tr_monitors", "Turkish deployment whose size the scenarios vary"),
                Parameter("contingent_max", "int", 5000, "Largest contingent size tried", 1, 100000),
                Parameter("steps", "int", 21, "Values tried along each axis of the grid", 2, 101),
            ),
        ),
        Notebook(
            "05_uncertainty",
            "Uncertainty",
            ("sources", "actors", "places", "relations", "deployments"),
            (
                DATA_DIR_PARAM,
                Parameter("as_of", "date", "2020-12-31", "Date at which the worlds are compared"),
                MIN_GRADE_PARAM,
                ALIGNMENT_PARAM,
                Parameter("samples", "int", 10000, "Number of plausible worlds drawn from the data", 100, 1000000),
                Parameter("seed", "int", 20201110, "Seed of the random generator: the same seed draws the same worlds", 0, 2**32 - 1),
                Parameter("credibility_inclusion", "probabilities", dict(DEFAULT_INCLUSION),
                          "Probability that a claim of each credibility grade 1-6 holds, e.g. {3: 0.5}"),
                Parameter("at_least_tail", "float", 0.5, "Mean excess of an 'at least' figure over its minimum, as a share of it", 0.0, 10.0),
            ),
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
