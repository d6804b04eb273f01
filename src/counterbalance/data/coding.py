"""The rules of the event coding (``event_codes.csv``): who may act on whom, and that every event is coded.

Rules in the manner of :mod:`counterbalance.data.rules` (tables as read, text cells with their
lines; a problem per fault). The codebook they enforce is the section "Coding events" of
``data/README.md``; each docstring states the judgement it encodes.
"""

from __future__ import annotations

from collections.abc import Iterator

from .schema import Problem, Table

__all__ = ["CODING", "NO_INTERACTION", "RESOLVED", "CODING_RULES"]

#: The coding table, and the value of ``cameo_code`` for an event in which no state acts on another.
CODING, NO_INTERACTION = "event_codes", "none"
#: The coder whose coding the models use: the coders' readings, compared and agreed.
RESOLVED = "resolved"

Tables = dict[str, Table]
Declared = dict[str, dict]


def every_event_coded(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """Every event is coded by every coder of the table, and by ``resolved``.

    Judgement: agreement is measured on the whole list of events, never on the ones a coder
    chose, and the models read the resolved coding, which must leave no event out. An event
    in which no state acts on another is coded too, as one interaction ``none``. Judged only
    when the events could be read.
    """
    if not {CODING, "events"} <= set(tables):
        return
    coded: dict[str, set[str]] = {}
    for row in tables[CODING].rows:
        coded.setdefault(row["coder"], set()).add(row["event_id"])
    events = tables["events"]
    for coder in sorted(set(coded) | {RESOLVED}):
        for row, line in events.records():
            if row["event_id"] not in coded.get(coder, set()):
                yield events.problem(line, "event_id", f"{row['event_id']!r} is not coded by {coder}; add its interactions "
                                     f"(or one coded {NO_INTERACTION}) to data/{CODING}.csv")


def no_interaction_stands_alone(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """An interaction coded ``none`` names no state and is its coder's only one for the event.

    Judgement: ``none`` says that no state acts on another in the event; it cannot sit beside
    an act the same coder found in it.
    """
    if CODING not in tables:
        return
    table = tables[CODING]
    counts: dict[tuple[str, str], int] = {}
    for row in table.rows:
        counts[row["event_id"], row["coder"]] = counts.get((row["event_id"], row["coder"]), 0) + 1
    for row, line in table.records():
        if row["cameo_code"] != NO_INTERACTION:
            continue
        for field in ("source_actor_id", "target_actor_id"):
            if row[field]:
                yield table.problem(line, field, f"must be empty when cameo_code is {NO_INTERACTION}")
        if counts[row["event_id"], row["coder"]] > 1:
            yield table.problem(line, "cameo_code", f"is {NO_INTERACTION} but {row['coder']} codes other interactions "
                                f"of {row['event_id']!r}; remove them or this row")


def interactions_join_two_states(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A coded act joins two different states: the one that acts and the one acted on.

    Judgement: the network's ties are between states; an organisation or a person acts for
    the state its ``country_id`` names, and the coder writes that state, so that every coder
    reads an act by a ministry and one by its president as the same state's.
    """
    if not {CODING, "actors"} <= set(tables):
        return
    table = tables[CODING]
    kinds = {row["actor_id"]: row["kind"] for row in tables["actors"].rows}
    for row, line in table.records():
        if row["cameo_code"] == NO_INTERACTION:
            continue
        if not row["cameo_code"]:
            yield table.problem(line, "cameo_code", f"is empty; give the act's CAMEO code, or {NO_INTERACTION}")
        for field in ("source_actor_id", "target_actor_id"):
            actor = row[field]
            if not actor:
                yield table.problem(line, field, f"is empty; name the state (or code the event {NO_INTERACTION})")
            elif actor in kinds and kinds[actor] != "state":
                yield table.problem(line, field, f"{actor!r} is a {kinds[actor]}, not a state; write the state it acts for")
        if row["source_actor_id"] and row["source_actor_id"] == row["target_actor_id"]:
            yield table.problem(line, "target_actor_id", "is the state that acts; an act joins two different states")


def one_interaction_per_pair(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A coder codes each pair of states at most once per event, whichever way the act runs.

    Judgement: the pair's act is what two coders are compared on, so each must give one
    reading of it; where an event holds several acts between the same two states, the codebook
    says which one to code.
    """
    if CODING not in tables:
        return
    table = tables[CODING]
    seen: dict[tuple[str, str, frozenset], int] = {}
    for row, line in table.records():
        if row["cameo_code"] == NO_INTERACTION or not (row["source_actor_id"] and row["target_actor_id"]):
            continue
        key = (row["event_id"], row["coder"], frozenset((row["source_actor_id"], row["target_actor_id"])))
        if key in seen:
            yield table.problem(line, "target_actor_id", f"{row['coder']} already codes this pair of states in "
                                f"{row['event_id']!r} on line {seen[key]}; code one act per pair and event")
        seen.setdefault(key, line)


CODING_RULES = (every_event_coded, no_interaction_stands_alone, interactions_join_two_states, one_interaction_per_pair)
