"""Every modelling default of the report, each stated once with what it means and why.

The models take these as keyword defaults, the notebooks' parameters are declared from them
(:mod:`counterbalance.pipeline.registry`), and the Methods chapter prints them with their
justifications, so the three cannot drift apart. They are judgements, not measurements: each
carries a plausible range, the models report how much a result moves across it, and an
analyst changes any of them with ``counterbalance run -p NAME VALUE``. Imports nothing from
the package.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BALANCER", "ALLY", "RIVAL", "SIDES", "Assumption", "Weight", "WEIGHTS", "DEFAULT_WEIGHTS", "weight_of", "ALIGNMENT",
    "ALIGNMENT_WEIGHT", "INFERENCE", "INFERENCE_WEIGHT", "AT_LEAST_TAIL", "FIGURE_WIDENING", "DATE_WIDENING_DAYS",
    "ICD203_SCALE", "ICD203_EDGES", "HEDGE_WORDS", "UNHEDGED", "PARTLY", "GRADE_PATTERN",
]

#: The sides of the counter-balance: the balancing state, its ally, and the state it balances.
BALANCER, ALLY, RIVAL = "tr", "az", "ru"
SIDES = (BALANCER, ALLY, RIVAL)

#: How an assumption is grounded: by definition, in a cited reference, or illustrative only.
BASES = ("definition", "reference", "illustrative")


@dataclass(frozen=True)
class Assumption:
    """A modelling default with its plausible range and its justification.

    `basis` says how it is grounded (:data:`BASES`); `why` is the one-sentence justification
    the Methods chapter prints.
    """

    name: str
    default: float
    low: float
    high: float
    basis: str
    why: str


@dataclass(frozen=True)
class Weight(Assumption):
    """Troop-equivalents per counted unit of one capability.

    `unit` names one counted unit in the Methods chapter ("0.5 per monitor"); `doc` is the
    notebook parameter's one-line doc; `maximum` bounds what an analyst may set.
    """

    unit: str = ""
    doc: str = ""
    maximum: float = 1000.0

    @property
    def capability(self) -> str:
        return self.name


#: The capability weights of theatre power, in the order the notebooks declare them. A
#: soldier is the unit of account; every other weight is an illustrative judgement with
#: the range over which the models test it.
WEIGHTS = (
    Weight("troops", 1.0, 1.0, 1.0, "definition", "The unit of account: one soldier of a deployed formation.",
           "soldier", "Power of one soldier (troop-equivalents per person)", 1000.0),
    Weight("engineers", 1.0, 0.5, 1.0, "illustrative",
           "Military engineers are soldiers, but a de-mining mission is not a combat formation.",
           "engineer or de-miner", "Power of one military engineer or de-miner", 1000.0),
    Weight("monitors", 0.5, 0.1, 1.0, "illustrative",
           "Officers in a monitoring headquarters carry arms but form no unit that can fight.",
           "monitor", "Power of one monitor or liaison officer", 1000.0),
    Weight("advisers", 0.5, 0.1, 1.0, "illustrative",
           "Advisers shape a partner's army rather than fight beside it; counted as a monitor.",
           "adviser", "Power of one military adviser", 1000.0),
    Weight("heavy_fires", 50.0, 10.0, 100.0, "illustrative",
           "An artillery or rocket system adds the firepower of a company; its crew is counted apart.",
           "heavy-fires system", "Power of one heavy-fires system (artillery or rocket launcher)", 10000.0),
    Weight("armoured_vehicles", 0.0, 0.0, 10.0, "illustrative",
           "An armoured carrier moves and shields the troops already counted; at most it adds a few soldiers' worth.",
           "armoured vehicle", "Power of one armoured personnel carrier beyond its crew and troops, who count as troops", 1000.0),
    Weight("vehicles", 0.0, 0.0, 1.0, "illustrative", "Trucks and special vehicles support a force; they do not fight.",
           "other vehicle", "Power of one transport or special vehicle (0: support, not combat power)", 1000.0),
    Weight("air_assets", 100.0, 20.0, 500.0, "illustrative",
           "A combat aircraft can strike across the whole theatre; weighted as a company, with a wide range.",
           "combat aircraft", "Power of one combat aircraft", 10000.0),
    Weight("drones", 25.0, 5.0, 100.0, "illustrative",
           "An armed drone strikes like a light aircraft at a quarter of its weight.",
           "armed drone", "Power of one armed drone", 10000.0),
)
DEFAULT_WEIGHTS = {weight.capability: weight.default for weight in WEIGHTS}


def weight_of(capability: str) -> Weight:
    """The weight assumed for one capability, with its range and its unit.

    >>> weight = weight_of("monitors")
    >>> weight.default, (weight.low, weight.high), weight.unit
    (0.5, (0.1, 1.0), 'monitor')
    """
    return {w.capability: w for w in WEIGHTS}[capability]

#: Share of the ally's theatre power the balancer can count on (alpha in the ratio).
ALIGNMENT = Assumption("alignment_weight", 0.5, 0.0, 1.0, "illustrative",
                       "An ally's army is not the balancer's own: half of it is a middle reading between none and all.")
ALIGNMENT_WEIGHT = ALIGNMENT.default

#: What a tie an author infers (rather than one a source reports) counts for, relative to a reported one.
INFERENCE = Assumption("inference_weight", 0.5, 0.0, 1.0, "illustrative",
                       "An author's reading of events is evidence of a tie, but weaker than a reported act.")
INFERENCE_WEIGHT = INFERENCE.default

#: Mean excess of an "at least" figure over its minimum, as a share of the minimum.
AT_LEAST_TAIL = 0.5

#: How much wider (as a share of the figure, each side) a figure's range is drawn for each
#: credibility digit of its claim: a confirmed figure as stated, a doubtful one much wider,
#: down to zero at the bottom. Grades widen ranges; they never delete a row.
FIGURE_WIDENING = {1: 0.0, 2: 0.1, 3: 0.25, 4: 0.5, 5: 1.0, 6: 1.0}
#: How many days wider, each side, a date's interval is drawn for each credibility digit.
DATE_WIDENING_DAYS = {1: 0, 2: 7, 3: 30, 4: 90, 5: 180, 6: 180}

#: ICD 203 (Office of the Director of National Intelligence, "Analytic Standards", 2015,
#: section D.6.e.(2)(a)): each expression of likelihood with its range of probability.
#: The directive's bands run from 1 % to 99 %; a probability beyond them takes the end word.
#: A probability on a shared edge takes the higher band: 0.55 is "likely", 0.95 "almost certain".
ICD203_SCALE = (
    ("almost no chance", 0.01, 0.05),
    ("very unlikely", 0.05, 0.20),
    ("unlikely", 0.20, 0.45),
    ("roughly even chance", 0.45, 0.55),
    ("likely", 0.55, 0.80),
    ("very likely", 0.80, 0.95),
    ("almost certain", 0.95, 0.99),
)
#: The bands' edges, as the directive gives them.
ICD203_EDGES = (0.01, 0.05, 0.20, 0.45, 0.55, 0.80, 0.95, 0.99)

#: An author's hedge words read as an ICD 203 expression (the probability scored is its
#: band's middle). "Can be expected" and "one should anticipate" commit the author as firmly
#: as "likely"; "by all indications" and "apparently" as "very likely".
HEDGE_WORDS = {
    "likely": "likely", "probably": "likely", "can be expected": "likely", "one should anticipate": "likely",
    "by all indications": "very likely", "apparently": "very likely",
}
#: An assessment stated without a hedge is read as the author's near-certainty.
UNHEDGED = "almost certain"
#: The outcome a judgement that came partly true is scored against (0 did not, 1 did).
PARTLY = 0.5

#: An Admiralty grade: source reliability A-F, then claim credibility 1-6 (e.g. B2).
GRADE_PATTERN = r"^[A-F][1-6]$"
