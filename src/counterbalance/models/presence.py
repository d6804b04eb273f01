"""Whose forces stand where on one day, and whose acts the events are: the states behind the map and the events chart.

A place hosts the deployments in force there on the day (:func:`counterbalance.models.timeline.active_on`),
each with its state (the country of its actor). Places where nothing stands stay in the frame, so the
map can show them as places without a force rather than as a force of size zero.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .readings import count_words
from .timeline import active_on

__all__ = ["SEVERAL_STATES", "NO_STATE", "forces_at_places", "presence_reading", "event_states", "events_reading"]

#: What a place hosting forces of more than one state is coloured as.
SEVERAL_STATES = "several states"
#: What an event with no state among its recorded actors is grouped as.
NO_STATE = "no state recorded"
STATE_NAMES = {"tr": "Turkey", "az": "Azerbaijan", "ru": "Russia", "am": "Armenia"}


def event_states(events: pd.DataFrame, links: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Each event with the states of the actors the data links to it: one state, several, or none recorded.

    Parameters
    ----------
    events : pandas.DataFrame
        Needs ``event_id`` (e.g. :func:`counterbalance.models.timeline.events_frame`).
    links : pandas.DataFrame
        The ``event_links`` table: ``event_id``, ``actor_id``.
    actors : pandas.DataFrame
        ``actor_id``, ``country_id``.

    Returns
    -------
    pandas.DataFrame
        `events` with ``states`` (the states by name, joined by " and ", or :data:`NO_STATE`) and
        ``actor`` (the one state, :data:`SEVERAL_STATES`, or :data:`NO_STATE`).

    Examples
    --------
    >>> links = pd.DataFrame({"event_id": ["e1", "e1", "e2"], "actor_id": ["ru1", "tr1", "tr1"]})
    >>> actors = pd.DataFrame({"actor_id": ["ru1", "tr1"], "country_id": ["ru", "tr"]})
    >>> event_states(pd.DataFrame({"event_id": ["e1", "e2", "e3"]}), links, actors)[["states", "actor"]].values.tolist()
    [['Russia and Turkey', 'several states'], ['Turkey', 'Turkey'], ['no state recorded', 'no state recorded']]
    """
    country = links["actor_id"].map(actors.set_index("actor_id")["country_id"]).map(STATE_NAMES)
    named = links.assign(state=country).dropna(subset=["state"]).sort_values(["event_id", "state"])
    states = named.groupby("event_id")["state"].agg(lambda s: " and ".join(dict.fromkeys(s)))
    out = events.assign(states=events["event_id"].map(states).fillna(NO_STATE))
    return out.assign(actor=out["states"].where(~out["states"].str.contains(" and "), SEVERAL_STATES))


def forces_at_places(places: pd.DataFrame, deployments: pd.DataFrame, actors: pd.DataFrame,
                     day: dt.date | str | pd.Timestamp) -> pd.DataFrame:
    """Each place with the deployments in force there on `day` and the states they belong to.

    Parameters
    ----------
    places : pandas.DataFrame
        Needs ``place_id``.
    deployments : pandas.DataFrame
        Needs ``deployment_id``, ``actor_id``, ``place_id``, ``description`` and the date columns
        :func:`counterbalance.models.timeline.active_on` reads.
    actors : pandas.DataFrame
        Needs ``actor_id`` and ``country_id``.
    day : date-like
        The day the map shows.

    Returns
    -------
    pandas.DataFrame
        `places` with ``standing`` (deployments in force there, 0 where none), ``states`` (the
        states whose forces stand there, by name, joined by " and "; "" where none), ``holder``
        (the one state, :data:`SEVERAL_STATES`, or "" where none) and ``forces`` (what stands
        there, each deployment's description, joined by "; ").

    Examples
    --------
    >>> nat = pd.Series([pd.NaT] * 3, dtype="datetime64[s]")
    >>> deployments = pd.DataFrame({"deployment_id": ["d1", "d2", "d3"], "actor_id": ["ru1", "tr1", "ru1"],
    ...     "place_id": ["p", "p", "q"], "description": ["Russian troops", "Turkish monitors", "Russian base"],
    ...     "start_earliest": nat, "start_latest": nat, "end_earliest": nat, "end_latest": nat})
    >>> actors = pd.DataFrame({"actor_id": ["ru1", "tr1"], "country_id": ["ru", "tr"]})
    >>> frame = forces_at_places(pd.DataFrame({"place_id": ["p", "q", "r"]}), deployments, actors, "2021-01-01")
    >>> frame[["place_id", "standing", "states", "holder"]].values.tolist()
    [['p', 2, 'Russia and Turkey', 'several states'], ['q', 1, 'Russia', 'Russia'], ['r', 0, '', '']]
    """
    standing = active_on(deployments, day).merge(actors[["actor_id", "country_id"]], on="actor_id", how="left")
    standing = standing.assign(state=standing["country_id"].map(STATE_NAMES).fillna("No state")).sort_values(["state", "deployment_id"])
    by_place = standing.groupby("place_id").agg(
        standing=("deployment_id", "size"),
        states=("state", lambda s: " and ".join(dict.fromkeys(s))),
        forces=("description", lambda d: "; ".join(str(x) for x in d)),
    )
    out = places.join(by_place, on="place_id")
    out["standing"] = out["standing"].fillna(0).astype(int)
    out["states"] = out["states"].fillna("")
    out["forces"] = out["forces"].fillna("")
    several = out["states"].str.contains(" and ")
    out["holder"] = out["states"].where(~several, SEVERAL_STATES)
    return out


def presence_reading(frame: pd.DataFrame, day_words: str, detail: bool = False) -> str:
    """What the map shows, as one sentence: whose forces stood at how many of the places on the day.

    Parameters
    ----------
    frame : pandas.DataFrame
        As :func:`forces_at_places` returns, with ``name``.
    day_words : str
        The day, as the prose writes it ("17 December 2020").
    detail : bool
        Name each place with a force and whose it is, after a colon.

    Returns
    -------
    str
        Without a full stop, so that it serves as a chart's title too.

    Examples
    --------
    >>> frame = pd.DataFrame({"name": ["Karabakh", "Baku, the capital", "Cyprus"], "standing": [3, 1, 0],
    ...                       "states": ["Russia and Turkey", "Turkey", ""]})
    >>> print(presence_reading(frame, "17 December 2020"))
    On 17 December 2020, forces of Russia and Turkey stood at two of the three places in the data
    >>> print(presence_reading(frame, "17 December 2020", detail=True))
    On 17 December 2020, forces of Russia and Turkey stood at two of the three places in the data: Karabakh (Russia and Turkey) and Baku (Turkey)
    >>> print(presence_reading(frame.assign(standing=0, states=""), "11 March 2026"))
    On 11 March 2026, no force in the data stood at any of the three places
    """
    total = count_words(len(frame))
    held = frame[frame["standing"] > 0]
    if held.empty:
        return f"On {day_words}, no force in the data stood at any of the {total} places"
    states = list(dict.fromkeys(s for joined in held["states"] for s in joined.split(" and ")))
    text = (f"On {day_words}, forces of {_listed(states)} stood at {count_words(len(held))} of the {total} places in the data")
    if detail:
        text += ": " + _listed([f"{name} ({whose})" for name, whose in zip(held["name"].str.split(",").str[0].str.strip(), held["states"])])
    return text


def _listed(items: list[str]) -> str:
    """`items` as prose: "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def events_reading(events: pd.DataFrame) -> str:
    """Whose acts the events were, as a chart title: the state with the most events of its own, against the others.

    Parameters
    ----------
    events : pandas.DataFrame
        As :func:`event_states` returns.

    Returns
    -------
    str
        One sentence, without a full stop, so that it serves as a chart's title too.

    Examples
    --------
    >>> events = pd.DataFrame({"actor": ["Turkey"] * 3 + ["Russia"] * 2 + [SEVERAL_STATES]})
    >>> print(events_reading(events))
    Turkey acted alone in three of the six events, Russia in two
    """
    alone = events[events["actor"].isin(STATE_NAMES.values())]["actor"].value_counts()
    total = count_words(len(events))
    if alone.empty:
        return f"None of the {total} events was the act of one state alone"
    others = ", ".join(f"{state} in {count_words(n)}" for state, n in alone.iloc[1:].items())
    return f"{alone.index[0]} acted alone in {count_words(alone.iloc[0])} of the {total} events" + (f", {others}" if others else "")
