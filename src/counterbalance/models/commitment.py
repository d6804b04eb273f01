"""Commitment measured from events: net cooperation and conflict between two states, quarter by quarter.

What the Russian contingent was worth was Moscow's commitment, not its rifles; troop counts
stay a measure of *presence* (:mod:`counterbalance.models.power`). Commitment is read from
what the states did to each other: every event coded in CAMEO (``event_codes.csv``, the
``resolved`` coding), each act weighted on Goldstein's cooperation-conflict scale
(``cameo_codes.csv``). Judgement calls, made here and stated in the Methods chapter:

* **The mean, not the sum.** A pair's score in a quarter is the mean weight of the events
  that join them that quarter (an event's weight is the mean of its acts between the two;
  the codebook allows one). Net cooperation is usually a sum (Goldstein 1992); but these
  events are what stored reporting covers, not a census, so a sum would grow with coverage.
  The mean keeps the scale's units, and it has the sum's sign, so the tie's sign is the same
  either way.
* **Events, not acts, are resampled.** The interval is a percentile bootstrap that draws the
  quarter's events with replacement (:data:`BOOTSTRAP_SAMPLES` draws, a
  :data:`INTERVAL_LEVEL` interval), seeded from the pair and the quarter so that it is
  deterministic and does not move when other pairs are added.
* **A sign needs evidence.** A tie is cooperative when its interval lies above 0,
  antagonistic when it lies below, and *mixed* otherwise, as is every tie that rests on fewer
  than :data:`MIN_EVENTS` events (one event's interval has no width). A pair with no coded
  event in the quarter has no tie: silence is not a measurement.
"""

from __future__ import annotations

import zlib
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..data.coding import NO_INTERACTION, RESOLVED
from .network import ANTAGONISTIC, COOPERATIVE, MIXED

__all__ = [
    "BOOTSTRAP_SAMPLES", "INTERVAL_LEVEL", "MIN_EVENTS", "SEED", "TIE_WORDS", "CommitmentTie", "coded_interactions", "bootstrap_interval",
    "quarterly_commitment", "tie_sign", "commitment_tie", "commitment_layers",
]

#: Bootstrap draws per pair and quarter.
BOOTSTRAP_SAMPLES = 2000
#: Coverage of the interval: the report's 90 % intervals.
INTERVAL_LEVEL = 0.9
#: Events a pair needs in a quarter before its interval can decide the tie's sign.
MIN_EVENTS = 2
#: Base seed of the bootstrap (the day of the trilateral statement).
SEED = 20201110

#: A tie's sign code in the words the chapters, tables and charts use.
TIE_WORDS = {COOPERATIVE: "cooperative", ANTAGONISTIC: "antagonistic", MIXED: "undecided"}

SCORE_COLUMNS = ["a", "b", "quarter", "quarter_start", "quarter_end", "events", "interactions", "score", "low", "high", "sign"]


def coded_interactions(event_codes: pd.DataFrame, cameo_codes: pd.DataFrame, events: pd.DataFrame,
                       coder: str = RESOLVED) -> pd.DataFrame:
    """One coder's acts between states, each with its weight, its pair and its quarter.

    Parameters
    ----------
    event_codes : pandas.DataFrame
        ``event_id``, ``coder``, ``source_actor_id``, ``target_actor_id``, ``cameo_code``.
    cameo_codes : pandas.DataFrame
        ``code``, ``label``, ``goldstein``.
    events : pandas.DataFrame
        ``event_id``, ``start_earliest``, ``start_latest``: an event is dated by the middle day
        of its start. Acts of events not in this frame (one filtered by grade) are left out.
    coder : str
        Whose coding: ``resolved`` (the agreed one) by default.

    Returns
    -------
    pandas.DataFrame
        One row per act (``none`` rows left out): ``event_id``, ``source_actor_id``,
        ``target_actor_id``, ``a`` and ``b`` (the pair, sorted), ``cameo_code``, ``label``,
        ``goldstein``, ``day`` and ``quarter`` (e.g. ``2020Q4``).

    Examples
    --------
    >>> codes = pd.DataFrame({"event_id": ["e1", "e2"], "coder": ["resolved"] * 2, "source_actor_id": ["tr", None],
    ...     "target_actor_id": ["ru", None], "cameo_code": ["057", "none"]})
    >>> cameo = pd.DataFrame({"code": ["057"], "label": ["Sign formal agreement"], "goldstein": [8.0]})
    >>> events = pd.DataFrame({"event_id": ["e1", "e2"], "start_earliest": pd.to_datetime(["2020-11-11", "2021-01-01"]),
    ...     "start_latest": pd.to_datetime(["2020-11-11", "2021-01-01"])})
    >>> coded_interactions(codes, cameo, events)[["a", "b", "goldstein", "quarter"]].values.tolist()
    [['ru', 'tr', 8.0, '2020Q4']]
    """
    acts = event_codes[(event_codes["coder"] == coder) & (event_codes["cameo_code"] != NO_INTERACTION)
                       & event_codes["event_id"].isin(events["event_id"])]
    weights = cameo_codes.set_index("code")
    start = events.set_index("event_id")
    day = (start["start_earliest"] + (start["start_latest"] - start["start_earliest"]) / 2).dt.floor("D")
    pairs = np.sort(acts[["source_actor_id", "target_actor_id"]].to_numpy(dtype=str), axis=1)
    out = pd.DataFrame({
        "event_id": acts["event_id"].to_numpy(), "source_actor_id": acts["source_actor_id"].to_numpy(),
        "target_actor_id": acts["target_actor_id"].to_numpy(), "a": pairs[:, 0], "b": pairs[:, 1],
        "cameo_code": acts["cameo_code"].to_numpy(), "label": acts["cameo_code"].map(weights["label"]).to_numpy(),
        "goldstein": acts["cameo_code"].map(weights["goldstein"]).astype(float).to_numpy(),
        "day": acts["event_id"].map(day).to_numpy(),
    })
    out["quarter"] = pd.PeriodIndex(out["day"], freq="Q").astype(str)
    return out.sort_values(["day", "event_id", "a", "b"], kind="stable").reset_index(drop=True)


def bootstrap_interval(values, samples: int = BOOTSTRAP_SAMPLES, level: float = INTERVAL_LEVEL,
                       rng: np.random.Generator | None = None) -> tuple[float, float]:
    """Percentile bootstrap interval of a mean: the values drawn with replacement, `samples` times.

    Parameters
    ----------
    values : array_like(float, ndim=1)
        One value per resampled unit (here, per event).
    samples : int
        Number of bootstrap draws.
    level : float
        Coverage of the interval, between 0 and 1.
    rng : numpy.random.Generator, optional
        The random generator; a fresh one seeded with :data:`SEED` by default.

    Returns
    -------
    (float, float)
        The lower and upper percentiles of the draws' means; both equal the value itself when
        there is one value, and NaN when there is none.

    Examples
    --------
    >>> bootstrap_interval([2.0, 2.0, 2.0])
    (2.0, 2.0)
    >>> low, high = bootstrap_interval([-10.0, 8.0, 8.0, 7.0])
    >>> low < 0 < high
    True
    """
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return float("nan"), float("nan")
    rng = rng if rng is not None else np.random.default_rng(SEED)
    means = values[rng.integers(0, values.size, size=(samples, values.size))].mean(axis=1)
    tail = (1 - level) / 2
    return float(np.quantile(means, tail)), float(np.quantile(means, 1 - tail))


def _pair_rng(seed: int, a: str, b: str, quarter: str) -> np.random.Generator:
    """A generator of its own for one pair and quarter, the same whatever else is scored."""
    return np.random.default_rng([seed, zlib.crc32(f"{a}|{b}|{quarter}".encode())])


def tie_sign(low: float, high: float, events: int, min_events: int = MIN_EVENTS) -> int:
    """The sign of a tie from its score's interval and the number of events behind it.

    Parameters
    ----------
    low, high : float
        The interval of the pair's score.
    events : int
        How many events the score rests on.
    min_events : int
        Events needed before the interval can decide the sign.

    Returns
    -------
    int
        :data:`~counterbalance.models.network.COOPERATIVE` when the interval lies wholly above
        0, :data:`~counterbalance.models.network.ANTAGONISTIC` when wholly below, else
        :data:`~counterbalance.models.network.MIXED` (as for too few events).

    Examples
    --------
    >>> tie_sign(1.0, 3.0, 4), tie_sign(-3.0, -1.0, 4), tie_sign(-1.0, 3.0, 4), tie_sign(8.0, 8.0, 1)
    (1, -1, 0, 0)
    """
    if events >= min_events and low > 0:
        return COOPERATIVE
    if events >= min_events and high < 0:
        return ANTAGONISTIC
    return MIXED


def quarterly_commitment(interactions: pd.DataFrame, samples: int = BOOTSTRAP_SAMPLES, level: float = INTERVAL_LEVEL,
                         seed: int = SEED, min_events: int = MIN_EVENTS) -> pd.DataFrame:
    """Net cooperation-conflict of each pair of states in each quarter, with its bootstrap interval.

    A pair's *score* in a quarter is the mean Goldstein weight of the events that join the two
    states in it, each event weighing the mean of its acts between them: +10 the most
    cooperative, -10 fighting.

    Parameters
    ----------
    interactions : pandas.DataFrame
        As :func:`coded_interactions` returns it.
    samples, level : int, float
        Bootstrap draws and the interval's coverage (:func:`bootstrap_interval`).
    seed : int
        Base seed; each pair and quarter draws from its own generator derived from it.
    min_events : int
        Events needed before the interval decides the sign (:func:`tie_sign`).

    Returns
    -------
    pandas.DataFrame
        One row per pair and quarter with at least one event: ``a``, ``b``, ``quarter``,
        ``quarter_start``, ``quarter_end`` (Timestamps), ``events``, ``interactions``,
        ``score``, ``low``, ``high`` and ``sign``.

    Examples
    --------
    Two agreements (+8) and a clash (-10) between the same two states in one quarter:

    >>> acts = pd.DataFrame({"event_id": ["e1", "e2", "e3"], "a": ["am", "am", "am"], "b": ["az"] * 3,
    ...     "goldstein": [8.0, 8.0, -10.0], "quarter": ["2021Q4"] * 3})
    >>> row = quarterly_commitment(acts).iloc[0]
    >>> float(row["score"]), int(row["events"]), int(row["sign"])
    (2.0, 3, 0)

    References
    ----------
    .. [1] J. S. Goldstein, "A Conflict-Cooperation Scale for WEIS Events Data", Journal of
       Conflict Resolution 36, 369-385, 1992.
    """
    rows = []
    per_event = interactions.groupby(["a", "b", "quarter", "event_id"], sort=True)["goldstein"].agg(["mean", "size"])
    for (a, b, quarter), group in per_event.groupby(level=["a", "b", "quarter"], sort=True):
        weights = group["mean"].to_numpy()
        low, high = bootstrap_interval(weights, samples, level, _pair_rng(seed, a, b, quarter))
        period = pd.Period(quarter, freq="Q")
        rows.append({"a": a, "b": b, "quarter": quarter, "quarter_start": period.start_time.normalize(),
                     "quarter_end": period.end_time.normalize(), "events": len(weights), "interactions": int(group["size"].sum()),
                     "score": float(weights.mean()), "low": low, "high": high, "sign": tie_sign(low, high, len(weights), min_events)})
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


class CommitmentTie(NamedTuple):
    """Two states' tie on a day, as their quarter's coded events give it."""

    sign: int
    weight: float
    low: float
    high: float
    events: int
    quarter: str

    @property
    def decided(self) -> bool:
        """Whether the events settle the sign (the interval excludes 0)."""
        return self.sign != MIXED


def commitment_tie(scores: pd.DataFrame, a: str, b: str, day) -> CommitmentTie | None:
    """The tie between two states on a day: its quarter's score, sign and interval.

    Parameters
    ----------
    scores : pandas.DataFrame
        As :func:`quarterly_commitment` returns it.
    a, b : str
        The two states, in either order.
    day : date-like
        Any day; the tie is that of the quarter holding it.

    Returns
    -------
    CommitmentTie or None
        ``sign`` (COOPERATIVE, ANTAGONISTIC or MIXED), ``weight`` (the score), ``low``,
        ``high``, ``events`` and ``quarter``; None when no coded event joins them that quarter.

    Examples
    --------
    >>> scores = pd.DataFrame({"a": ["ru"], "b": ["tr"], "quarter": ["2020Q4"], "events": [3], "score": [5.2],
    ...     "low": [2.9], "high": [8.0], "sign": [1]})
    >>> tie = commitment_tie(scores, "tr", "ru", "2020-12-17")
    >>> tie.sign, tie.weight, tie.decided
    (1, 5.2, True)
    >>> commitment_tie(scores, "tr", "ru", "2021-01-30") is None
    True
    """
    a, b = sorted((a, b))
    quarter = str(pd.Period(pd.Timestamp(day), freq="Q"))
    found = scores[(scores["a"] == a) & (scores["b"] == b) & (scores["quarter"] == quarter)]
    if found.empty:
        return None
    row = found.iloc[0]
    return CommitmentTie(int(row["sign"]), float(row["score"]), float(row["low"]), float(row["high"]), int(row["events"]), quarter)


def commitment_layers(scores: pd.DataFrame, day, states=None) -> pd.DataFrame:
    """Every pair of states tied by coded events on a day, in the shape the triads read.

    Parameters
    ----------
    scores : pandas.DataFrame
        As :func:`quarterly_commitment` returns it.
    day : date-like
        Any day; each pair's tie is that of the quarter holding it (:func:`commitment_tie`).
    states : collection of str, optional
        Keep only pairs of these states (all pairs when None).

    Returns
    -------
    pandas.DataFrame
        ``a``, ``b``, ``sign``, ``weight``, ``low``, ``high``, ``events``, ``quarter``: one row
        per tied pair, as :func:`~counterbalance.models.network.signed_triads` takes it.

    Examples
    --------
    >>> scores = pd.DataFrame({"a": ["az", "az", "ru"], "b": ["ru", "tr", "tr"], "quarter": ["2020Q4"] * 3,
    ...     "events": [2, 3, 3], "score": [8.0, 4.1, 2.5], "low": [8.0, 2.0, -0.4], "high": [8.0, 7.4, 8.0], "sign": [1, 1, 0]})
    >>> commitment_layers(scores, "2020-12-17")[["a", "b", "sign"]].values.tolist()
    [['az', 'ru', 1], ['az', 'tr', 1], ['ru', 'tr', 0]]
    """
    quarter = str(pd.Period(pd.Timestamp(day), freq="Q"))
    found = scores[scores["quarter"] == quarter]
    if states is not None:
        found = found[found["a"].isin(states) & found["b"].isin(states)]
    out = found.rename(columns={"score": "weight"})[["a", "b", "sign", "weight", "low", "high", "events", "quarter"]]
    return out.sort_values(["a", "b"]).reset_index(drop=True)
