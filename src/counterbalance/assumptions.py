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
    "ICD203_SCALE", "ICD203_EDGES", "HEDGE_WORDS", "UNHEDGED", "PARTLY", "GRADE_PATTERN", "PERSISTENCE_RULE", "READING",
    "HALF_LIVES", "HALF_LIFE", "RELATION_PERSISTENCE", "ACTOR_PERSISTENCE", "STRENGTH_RULE", "STRENGTH_FLOOR", "TAIL", "WIDENING",
    "SAMPLED", "INTERVAL", "QUANTILES", "CONFIDENCE_RULE", "CARRIES", "END_OF_DATA", "ARTICLE_KNOWN_ON", "BOOTSTRAP_DRAWS", "BOOTSTRAP_SEED",
]

#: The day of knowledge (``known_on``) that takes no vintage: the end of the data, all its sources say (hindsight).
END_OF_DATA = "end"
#: What the 2020 article could know: it is dated only to 17-31 December 2020, so its vintage is the last of those days.
ARTICLE_KNOWN_ON = "2020-12-31"

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
                       "No source measures how much of its ally's army a state can count on: the range is the whole of "
                       "none to all, labelled as a judgement, and half is its middle.")
ALIGNMENT_WEIGHT = ALIGNMENT.default

#: What a tie an author infers (rather than one a source reports) counts for, relative to a reported one.
INFERENCE = Assumption("inference_weight", 0.5, 0.0, 1.0, "illustrative",
                       "An author's reading of events is evidence of a tie, but weaker than a reported act.")
INFERENCE_WEIGHT = INFERENCE.default

#: Mean excess of an "at least" figure over its minimum, as a share of the minimum.
TAIL = Assumption("at_least_tail", 0.5, 0.25, 1.0, "illustrative",
                  "A source that says \"at least\" rarely means twice as many; half the minimum again is a middle reading.")
AT_LEAST_TAIL = TAIL.default

#: How much wider (as a share of the figure, each side) a figure's range is drawn for each
#: credibility digit of its claim: a confirmed figure as stated, a doubtful one much wider,
#: down to zero at the bottom. Grades widen ranges; they never delete a row.
FIGURE_WIDENING = {1: 0.0, 2: 0.1, 3: 0.25, 4: 0.5, 5: 1.0, 6: 1.0}
#: How many days wider, each side, a date's interval is drawn for each credibility digit.
DATE_WIDENING_DAYS = {1: 0, 2: 7, 3: 30, 4: 90, 5: 180, 6: 180}
#: How much of the widening above applies (1 as tabled, 0 none): itself uncertain, so sampled.
WIDENING = Assumption("widening_scale", 1.0, 0.5, 2.0, "illustrative",
                      "The widths per grade are judgements; half and twice the tabled widths bound what a reader could defend.")

#: What holds after a row's last confirmation: stated once, applied by the point estimate, the
#: sampler, the network slider and every chart (:mod:`counterbalance.models.persistence`).
PERSISTENCE_RULE = (
    "A reported row without an end holds after its last confirmation until a source ends it. Whether it still holds is "
    "less certain the longer sources have been silent: its unreported end falls after the last confirmation as an "
    "exponential time with the half-life of its kind, so the point estimate keeps it for one half-life (the median "
    "end) and the sampled worlds lose it at that rate. An author's reading (an inference) holds only between the dates "
    "of the sources that make it, and no longer, unless a later source restates it."
)
#: The class of an author's reading: no tail after its sources.
READING = "reading"
#: Years after its last confirmation by which half of the rows of each kind are taken to have ended unreported.
HALF_LIVES = (
    Assumption("half_life_standing", 20.0, 5.0, 80.0, "illustrative",
               "A state's armed forces, an alliance, a chain of command or a part of a state ends by an act that sources "
               "report; their silence about it is weak evidence that it ended."),
    Assumption("half_life_mission", 2.0, 0.5, 6.0, "illustrative",
               "A mission, a detachment or a working tie lasts about as long as its task, which in this arc ran from months "
               "to a few years."),
    Assumption("half_life_office", 4.0, 1.0, 10.0, "illustrative",
               "A person holds an office or a command for a term of some years; ministers and commanders in this arc served "
               "from weeks to about five years."),
)
HALF_LIFE = {a.name.removeprefix("half_life_"): a for a in HALF_LIVES}
#: The persistence class of each relation type (an inference is always a reading).
RELATION_PERSISTENCE = {
    "alliance": "standing", "rivalry": "standing", "hostility": "standing", "command": "standing", "part_of": "standing",
    "office": "office", "leads": "office",
    "agreement": "mission", "negotiation": "mission", "support": "mission", "cooperation": "mission", "opposition": "mission",
    "constraint": "mission", "authorisation": "mission", "party_to": "mission", "assigned_to": "mission", "contributes_to": "mission",
}
#: The persistence class of a deployment, by the kind of the deployed actor.
ACTOR_PERSISTENCE = {"state": "standing", "armed_forces": "standing", "service": "standing", "person": "office"}

#: How an authorised ceiling and reported strength combine (:mod:`counterbalance.models.strength`).
STRENGTH_RULE = (
    "An authorised ceiling is not a strength. A force under a ceiling counts its latest reported strength, never more "
    "than the ceiling and never before the ceiling's start; where no page gives a strength (or the latest report gives "
    "no figure), its strength lies anywhere between the floor's share of the ceiling and the ceiling."
)
STRENGTH_FLOOR = Assumption("strength_floor", 0.5, 0.25, 1.0, "illustrative",
                            "The one report of a drawdown (March 2022) said almost half of the force left; no page puts a "
                            "force under a ceiling lower, so half the ceiling is the floor, with a quarter and all of it as bounds.")

#: How a key judgement's confidence follows from its evidence (applied by
#: :func:`counterbalance.models.robustness.confidence_from_checks`).
CONFIDENCE_RULE = (
    "High: no single row and no single source, left out, moves the likelihood across even chance, and every row that "
    "carries it is graded B2 or better. Moderate: no single source moves it across even chance, and every row that "
    "carries it is graded C3 or better. Low: otherwise."
)
#: A row "carries" a judgement when leaving it out moves the likelihood by at least this much.
CARRIES = 0.05

#: The probability mass of the interval stated beside every model figure, and its quantiles.
INTERVAL = 0.90
QUANTILES = (0.05, 0.5, 0.95)

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
#: A judgement that came partly true counts as this share of a hit and the rest of a miss: each
#: scoring rule takes its weighted mean over the two outcomes, so the Brier and the log score stay
#: proper and a partly outcome is scored the same way by every rule and every baseline.
PARTLY = 0.5
#: Draws and seed of the paired bootstrap that gives the scores' intervals (the same seed, the same intervals).
BOOTSTRAP_DRAWS, BOOTSTRAP_SEED = 10_000, 20201231

#: An Admiralty grade: source reliability A-F, then claim credibility 1-6 (e.g. B2).
GRADE_PATTERN = r"^[A-F][1-6]$"

#: Every assumption the sampler draws in each world (uniformly over its range), in a fixed order:
#: the Sobol analysis has one input per entry, and the Methods chapter lists them from here.
SAMPLED = (ALIGNMENT, INFERENCE, *(w for w in WEIGHTS if w.basis != "definition"), *HALF_LIVES, STRENGTH_FLOOR, TAIL, WIDENING)
