"""Every modelling default of the report, each stated once with what it means.

The models take these as keyword defaults, the notebooks' parameters are declared from them
(:mod:`counterbalance.pipeline.registry`), and the Methods chapter prints them, so the three
cannot drift apart. They are judgements, not measurements: an analyst changes them with
``counterbalance run -p NAME VALUE``. Imports nothing from the package.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BALANCER", "ALLY", "RIVAL", "SIDES", "Weight", "WEIGHTS", "DEFAULT_WEIGHTS", "ALIGNMENT_WEIGHT",
    "AT_LEAST_TAIL", "DEFAULT_INCLUSION", "ICD203_SCALE", "GRADE_PATTERN",
]

#: The sides of the counter-balance: the balancing state, its ally, and the state it balances.
BALANCER, ALLY, RIVAL = "tr", "az", "ru"
SIDES = (BALANCER, ALLY, RIVAL)


@dataclass(frozen=True)
class Weight:
    """Troop-equivalents per counted unit of one capability, with the words that explain it.

    `unit` names one counted unit in the Methods chapter ("2 per soldier"); `doc` is the
    notebook parameter's one-line doc; `maximum` bounds what an analyst may set.
    """

    capability: str
    default: float
    unit: str
    doc: str
    maximum: float


#: The capability weights of theatre power, in the order the notebooks declare them.
WEIGHTS = (
    Weight("troops", 1.0, "soldier", "Power of one soldier (troop-equivalents per person)", 1000.0),
    Weight("engineers", 1.0, "engineer or de-miner", "Power of one military engineer or de-miner", 1000.0),
    Weight("monitors", 0.5, "monitor", "Power of one monitor or liaison officer", 1000.0),
    Weight("advisers", 0.5, "adviser", "Power of one military adviser", 1000.0),
    Weight("heavy_fires", 50.0, "heavy-fires system", "Power of one heavy-fires system (artillery or rocket launcher)", 10000.0),
    Weight("armoured_vehicles", 0.0, "armoured vehicle", "Power of one armoured personnel carrier beyond its crew and troops, who count as troops", 1000.0),
    Weight("vehicles", 0.0, "other vehicle", "Power of one transport or special vehicle (0: support, not combat power)", 1000.0),
    Weight("air_assets", 100.0, "combat aircraft", "Power of one combat aircraft", 10000.0),
    Weight("drones", 25.0, "armed drone", "Power of one armed drone", 10000.0),
)
DEFAULT_WEIGHTS = {weight.capability: weight.default for weight in WEIGHTS}

#: Share of the ally's theatre power the balancer can count on (alpha in the ratio).
ALIGNMENT_WEIGHT = 0.5

#: Mean excess of an "at least" figure over its minimum, as a share of the minimum.
AT_LEAST_TAIL = 0.5

#: Probability that a claim of each Admiralty credibility grade holds in a sampled world
#: (1 confirmed, 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged).
DEFAULT_INCLUSION = {1: 0.95, 2: 0.8, 3: 0.6, 4: 0.3, 5: 0.1, 6: 0.5}

#: ICD 203 (Office of the Director of National Intelligence, "Analytic Standards", 2015):
#: each expression of likelihood with its range of probability. A probability on a shared
#: edge takes the higher band: 0.55 is "likely", 0.95 "almost certain".
ICD203_SCALE = (
    ("almost no chance", 0.00, 0.05),
    ("very unlikely", 0.05, 0.20),
    ("unlikely", 0.20, 0.45),
    ("roughly even chance", 0.45, 0.55),
    ("likely", 0.55, 0.80),
    ("very likely", 0.80, 0.95),
    ("almost certain", 0.95, 1.00),
)

#: An Admiralty grade: source reliability A-F, then claim credibility 1-6 (e.g. B2).
GRADE_PATTERN = r"^[A-F][1-6]$"
