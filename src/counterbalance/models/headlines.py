"""The report's key judgements about 2020-2024: each a measure of the data with a threshold, checked in every world.

Each judgement (:data:`KEY_JUDGEMENTS`) is operationalised in the data: the rows it reads,
the measure it takes of them, the threshold, the events that fix the window it is asked over
(its *anchors*: without them the question cannot be asked, and the judgement does not hold),
and the evidence that would have made it false. Its likelihood is the share of sampled worlds
(:mod:`counterbalance.models.worlds`) in which it holds, with every uncertain input drawn.

* ``kj_presence_gap``: Turkey's own presence stayed below a quarter of Russia's in every
  month of the joint centre's life (theatre power, :func:`counterbalance.models.uncertainty.world_power`).
* ``kj_force_not_stopped``: from March 2022, while the contingent was present, Azerbaijani
  forces used force in its zone at least once and did not withdraw within 30 days
  (events of kind incident or offensive at the contingent's places, with an Azerbaijani
  armed actor as attacker or advancing force; a withdrawal event at the same place reverses one).
* ``kj_alignment_rose``: the Russia-Azerbaijan tie (cooperation minus rivalry,
  :func:`counterbalance.models.uncertainty.pair_layers`) was higher on average from March
  2022 to the September 2023 offensive than over the year to January 2022, and still above
  zero in every month of the quarter after the offensive.
* ``kj_partners_rivals``: Turkey and Russia were tied in both layers at once (partners and
  rivals) in most months of the joint centre's life.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..assumptions import ALLY, BALANCER, RIVAL
from .power import theatre_rows
from .uncertainty import assumption_settings, pair_layers, tables_reports, world_power
from .worlds import Worlds, draw_worlds, sample_span, to_days

__all__ = ["KeyJudgement", "KEY_JUDGEMENTS", "SMALL_FRACTION", "REVERSAL_DAYS", "judgement_worlds", "judgement_outcomes",
           "key_judgement_probabilities", "probabilities_across_ranges", "rests_on"]

#: "Below a quarter": the presence judgement's threshold, the 2020 article's "nowhere close".
SMALL_FRACTION = 0.25
#: A use of force reversed by a withdrawal at the same place within this many days was stopped.
REVERSAL_DAYS = 30
#: Event kinds that are a use of force, and the roles of the actor using it.
FORCE_KINDS, FORCE_ROLES = ("incident", "offensive"), ("attacker", "advancing force")
#: Kinds of actor that are armed forces.
ARMED_KINDS = ("armed_forces", "service", "formation")


@dataclass(frozen=True)
class KeyJudgement:
    """A key judgement as the data operationalises it, with what would have made it false."""

    judgement_id: str
    statement: str
    measure: str
    falsified_by: str
    anchors: tuple[str, ...]


KEY_JUDGEMENTS = (
    KeyJudgement("kj_presence_gap", "Turkey's own forces in the theatre stayed below a quarter of Russia's throughout the joint centre's life",
                 "the largest monthly ratio of Turkey's theatre power to Russia's, from the centre's opening to its closure, is below 0.25",
                 "a Turkish deployment in the theatre in 2021-24 whose weighted strength passed a quarter of Russia's in any month, "
                 "such as a battalion of 600 troops stationed for a month", ("ev_centre_opening", "ev_centre_closure")),
    KeyJudgement("kj_force_not_stopped", "From March 2022 the Russian contingent did not stop Azerbaijan using force in its zone",
                 "at least one use of force by Azerbaijani forces in the contingent's zone, from March 2022 to the contingent's end, "
                 f"not followed within {REVERSAL_DAYS} days by a withdrawal there",
                 "reports that Azerbaijani forces withdrew within a month from every position they took in the zone, "
                 "the 2023 offensive's gains included", ("ev_offensive_2023",)),
    KeyJudgement("kj_alignment_rose", "Russia's reported alignment with Baku rose after February 2022 and outlasted the 2023 offensive",
                 "the Russia-Azerbaijan tie (cooperation minus rivalry) is higher on average from March 2022 to the offensive than "
                 "from February 2021 to January 2022, and above zero in each month of the quarter after the offensive",
                 "reported Russian-Azerbaijani rivalry or hostility from 2022 outweighing the declaration of allied interaction, "
                 "or a source ending the declaration before the end of 2023", ("ev_offensive_2023",)),
    KeyJudgement("kj_partners_rivals", "Turkey and Russia stood as partners and rivals at once through most of the joint centre's life",
                 "the share of months from the centre's opening to its closure in which the Turkey-Russia pair is tied in both its "
                 "cooperation and its rivalry layer is above one half",
                 "sources ending Russia's constraint on the Turkish contingent and Moscow's unease in 2021, or ending the "
                 "memorandum and the centre's cooperation then", ("ev_centre_opening", "ev_centre_closure")),
)
_JUDGEMENTS = {j.judgement_id: j for j in KEY_JUDGEMENTS}


def _event_day(events: pd.DataFrame, event_id: str, side: str = "start") -> pd.Timestamp | None:
    row = events[events["event_id"] == event_id]
    if row.empty:
        return None
    return row[f"{side}_earliest"].iloc[0] + (row[f"{side}_latest"].iloc[0] - row[f"{side}_earliest"].iloc[0]) / 2


def _months(first, last) -> list[pd.Timestamp]:
    days = list(pd.date_range(pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize(), freq="MS"))
    return sorted({pd.Timestamp(first).normalize(), *days, pd.Timestamp(last).normalize()})


def judgement_worlds(tables: dict[str, pd.DataFrame], n: int, seed: int, settings: dict[str, float] | None = None,
                     range_scale: float = 1.0) -> Worlds:
    """Worlds with a report column for every row the judgements read.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        Tables whose ``deployments``, ``relations`` and ``events`` give the reports.
    n, seed : int
        Number of worlds; seed of numpy's generator.
    settings : dict, optional
        Centres of the sampled assumptions' ranges.
    range_scale : float
        Scales every range around its setting.

    Returns
    -------
    Worlds
        One report column per report of those rows.

    Examples
    --------
    >>> from counterbalance.data import load_tables
    >>> judgement_worlds(load_tables("actors", "places", "deployments", "relations", "events"), 10, seed=1).n
    10
    """
    frames = [tables[t] for t in ("deployments", "relations", "events") if t in tables]
    return draw_worlds(tables_reports(*frames), n, seed, settings, range_scale)


def _presence_gap(tables, worlds) -> np.ndarray:
    events = tables["events"]
    opening, closure = _event_day(events, "ev_centre_opening"), _event_day(events, "ev_centre_closure")
    if opening is None or closure is None:
        return np.zeros(worlds.n, bool)
    power = world_power(tables["deployments"], tables["actors"], tables["places"], _months(opening, closure), worlds)
    return (power.power_tr < SMALL_FRACTION * power.power_ru).all(axis=1)  # a month without Russia is no gap


def _force_not_stopped(tables, worlds) -> np.ndarray:
    events, links, actors = tables["events"], tables.get("event_links", pd.DataFrame(columns=["event_id", "actor_id", "role"])), tables["actors"]
    offensive = _event_day(events, "ev_offensive_2023")
    rows = theatre_rows(tables["deployments"], actors, tables["places"])
    contingent = rows[(rows["country_id"] == RIVAL) & (rows["actor_kind"].astype(str) == "contingent")]
    if offensive is None or contingent.empty or events.empty:
        return np.zeros(worlds.n, bool)
    zone = set(contingent["place_id"])
    last = contingent["end_latest"].max()
    info = actors.set_index("actor_id")
    armed = links["actor_id"].map(info["country_id"]).eq(ALLY) & links["actor_id"].map(info["kind"]).astype(str).isin(ARMED_KINDS)
    users = set(links.loc[armed & links["role"].astype(str).isin(FORCE_ROLES), "event_id"])
    in_zone = events["place_id"].isin(zone)
    force = events[in_zone & events["kind"].astype(str).isin(FORCE_KINDS) & events["event_id"].isin(users)].reset_index(drop=True)
    back = events[in_zone & (events["kind"].astype(str) == "withdrawal")].reset_index(drop=True)
    if force.empty:
        return np.zeros(worlds.n, bool)
    start, _ = sample_span(force, worlds)
    window = (start >= to_days(pd.Series([pd.Timestamp("2022-03-01")]), np.nan)[0]) & (start <= to_days(pd.Series([last]), np.inf)[0])
    reversed_ = np.zeros_like(window)
    if not back.empty:
        undo, _ = sample_span(back, worlds)
        same_place = force["place_id"].to_numpy()[:, None] == back["place_id"].to_numpy()[None, :]
        gap = undo[:, None, :] - start[:, :, None]
        reversed_ = ((gap >= 0) & (gap <= REVERSAL_DAYS) & same_place[None]).any(axis=-1)
    return (window & ~reversed_).sum(axis=1) >= 1


def _alignment_rose(tables, worlds) -> np.ndarray:
    events = tables["events"]
    start, end = _event_day(events, "ev_offensive_2023"), _event_day(events, "ev_offensive_2023", "end")
    if start is None:
        return np.zeros(worlds.n, bool)
    before, after = _months("2021-02-01", "2022-01-31"), _months("2022-03-01", start)
    later = _months(end + pd.Timedelta(days=1), end + pd.Timedelta(days=91))
    days = before + after + later
    cooperation, rivalry = pair_layers(tables["actors"], tables["relations"], days, worlds, [(ALLY, RIVAL)])[tuple(sorted((ALLY, RIVAL)))]
    net = cooperation - rivalry
    first, second = net[:, :len(before)].mean(axis=1), net[:, len(before):len(before) + len(after)].mean(axis=1)
    return (second > first) & (net[:, len(before) + len(after):].min(axis=1) > 0)


def _partners_rivals(tables, worlds) -> np.ndarray:
    events = tables["events"]
    opening, closure = _event_day(events, "ev_centre_opening"), _event_day(events, "ev_centre_closure")
    if opening is None or closure is None:
        return np.zeros(worlds.n, bool)
    cooperation, rivalry = pair_layers(tables["actors"], tables["relations"], _months(opening, closure), worlds,
                                       [(BALANCER, RIVAL)])[tuple(sorted((BALANCER, RIVAL)))]
    return ((cooperation > 0) & (rivalry > 0)).mean(axis=1) > 0.5


_MEASURES = {"kj_presence_gap": _presence_gap, "kj_force_not_stopped": _force_not_stopped,
             "kj_alignment_rose": _alignment_rose, "kj_partners_rivals": _partners_rivals}


def judgement_outcomes(tables: dict[str, pd.DataFrame], worlds: Worlds, judgements=None) -> dict[str, np.ndarray]:
    """Whether each key judgement holds in each world.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        ``actors``, ``places``, ``deployments``, ``relations``, ``events`` and ``event_links``.
    worlds : Worlds
        As :func:`judgement_worlds` draws them.
    judgements : iterable of str, optional
        Ids to evaluate; all by default.

    Returns
    -------
    dict of str to numpy.ndarray of bool
        One boolean per world, by judgement id.

    Examples
    --------
    >>> from counterbalance.data import load_tables
    >>> tables = load_tables("actors", "places", "deployments", "relations", "events", "event_links")
    >>> outcomes = judgement_outcomes(tables, judgement_worlds(tables, 50, seed=1))
    >>> sorted(outcomes), outcomes["kj_force_not_stopped"].shape
    (['kj_alignment_rose', 'kj_force_not_stopped', 'kj_partners_rivals', 'kj_presence_gap'], (50,))
    """
    return {j: _MEASURES[j](tables, worlds) for j in (judgements or _MEASURES)}


def key_judgement_probabilities(tables: dict[str, pd.DataFrame], n: int = 4000, seed: int = 20201110,
                                settings: dict[str, float] | None = None, range_scale: float = 1.0, **parameters) -> dict[str, float]:
    """The likelihood of each key judgement: the share of `n` worlds in which it holds.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        As :func:`judgement_outcomes` takes them.
    n, seed : int
    settings : dict, optional
        Centres of the sampled assumptions' ranges (:func:`counterbalance.models.uncertainty.assumption_settings`).
    range_scale : float
        1 as assumed; 0.5 and 2 halve and double every range (figures' and dates' widening included).
    **parameters
        Notebook parameters (``weights``, ``alignment_weight``, ``tail``, ``widening_scale``)
        turned into settings when `settings` is not given.

    Returns
    -------
    dict of str to float

    Examples
    --------
    >>> from counterbalance.data import load_tables
    >>> tables = load_tables("actors", "places", "deployments", "relations", "events", "event_links")
    >>> probabilities = key_judgement_probabilities(tables, n=100)
    >>> [round(p, 1) for p in probabilities.values()] == [round(p, 1) for p in probabilities.values()]
    True
    """
    worlds = judgement_worlds(tables, n, seed, settings or assumption_settings(**parameters), range_scale)
    return {j: float(np.mean(held)) for j, held in judgement_outcomes(tables, worlds).items()}


def probabilities_across_ranges(tables: dict[str, pd.DataFrame], scales: tuple[float, ...] = (0.5, 1.0, 2.0), n: int = 4000,
                                seed: int = 20201110, settings: dict[str, float] | None = None) -> pd.DataFrame:
    """Each key judgement's likelihood with every sampled range scaled (halved, as assumed, doubled).

    Returns
    -------
    pandas.DataFrame
        ``judgement_id``, one column per scale, ``spread`` (largest minus smallest).

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        As :func:`judgement_outcomes` takes them.
    scales : tuple of float
        Range scales (0.5 halves every range, 2 doubles it).
    n, seed, settings
        As :func:`key_judgement_probabilities`.

    Examples
    --------
    >>> from counterbalance.data import load_tables
    >>> tables = load_tables("actors", "places", "deployments", "relations", "events", "event_links")
    >>> list(probabilities_across_ranges(tables, (0.5, 2.0), n=50).columns)
    ['judgement_id', 0.5, 2.0, 'spread']
    """
    columns = {scale: key_judgement_probabilities(tables, n, seed, settings, scale) for scale in scales}
    frame = pd.DataFrame(columns).rename_axis("judgement_id").reset_index()
    return frame.assign(spread=frame[list(scales)].max(axis=1) - frame[list(scales)].min(axis=1))


def rests_on(tables: dict[str, pd.DataFrame], judgement_id: str) -> pd.DataFrame:
    """The rows a judgement's measure reads (its anchors apart): table, row id, grade, lead source.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        As :func:`judgement_outcomes` takes them.
    judgement_id : str
        One of :data:`KEY_JUDGEMENTS`.

    Returns
    -------
    pandas.DataFrame
        ``table``, ``row_id``, ``grade``, ``source_id``: one row per row read.

    Examples
    --------
    >>> from counterbalance.data import load_tables
    >>> tables = load_tables("actors", "places", "deployments", "relations", "events", "event_links")
    >>> sorted(set(rests_on(tables, "kj_alignment_rose")["table"]))
    ['relations']
    """
    spec = _JUDGEMENTS[judgement_id]
    bloc = tables["actors"].set_index("actor_id")["country_id"]
    frames = []
    if judgement_id == "kj_presence_gap":
        rows = theatre_rows(tables["deployments"], tables["actors"], tables["places"])
        opening, closure = _event_day(tables["events"], "ev_centre_opening"), _event_day(tables["events"], "ev_centre_closure")
        overlaps = rows["country_id"].isin([BALANCER, RIVAL])
        if opening is not None and closure is not None:  # rows that may be in force while the centre ran
            overlaps &= (rows["start_earliest"].isna() | (rows["start_earliest"] <= closure)) & \
                (rows["end_latest"].isna() | (rows["end_latest"] >= opening))
        frames.append(("deployments", rows[overlaps], "deployment_id"))
    elif judgement_id == "kj_force_not_stopped":
        events = tables["events"]
        kinds = events["kind"].astype(str).isin([*FORCE_KINDS, "withdrawal"]) & (events["start_earliest"] >= pd.Timestamp("2022-01-01"))
        frames.append(("events", events[kinds & ~events["event_id"].isin(spec.anchors) | events["event_id"].isin(["ev_offensive_2023"])],
                       "event_id"))
    else:
        pair = {"kj_alignment_rose": {ALLY, RIVAL}, "kj_partners_rivals": {BALANCER, RIVAL}}[judgement_id]
        relations = tables["relations"]
        ends = relations["source_actor_id"].map(bloc), relations["target_actor_id"].map(bloc)
        frames.append(("relations", relations[ends[0].isin(pair) & ends[1].isin(pair) & (ends[0] != ends[1])], "relation_id"))
    out = [pd.DataFrame({"table": name, "row_id": frame[key].astype(str), "grade": frame.get("grade"), "source_id": frame.get("source_id")})
           for name, frame, key in frames]
    return pd.concat(out, ignore_index=True)
