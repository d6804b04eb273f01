"""This data's own rules: what its schema cannot say, one small function each.

Each rule takes the tables as read (:class:`~counterbalance.data.schema.Table`, text cells
with their lines) and the declared resources, and yields a
:class:`~counterbalance.data.schema.Problem` per fault. A rule whose tables could not be read
says nothing: the schema check has reported them already. Each docstring states the
judgement the rule encodes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from .dates import parse_date
from .evidence import EVIDENCE_RULES
from .descriptor import is_date_field, primary_key, schema_of
from .schema import Problem, Table

__all__ = ["RULES", "check_rules"]

Tables = dict[str, Table]
Declared = dict[str, dict]


def _dated(value: str):
    """The parsed date of a cell, or None when empty or malformed (the schema reports that)."""
    try:
        return parse_date(value) if value else None
    except ValueError:
        return None


def start_before_end(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A row's ``end`` may not come before its ``start``.

    Judgement: imprecise dates overlap when their spans may touch, so only an end whose
    latest possible day precedes the start's earliest possible day is refused.
    """
    for name, table in tables.items():
        dates = {f["name"] for f in schema_of(declared[name])["fields"] if is_date_field(f)}
        if not {"start", "end"} <= dates:
            continue
        for row, line in table.records():
            start, end = _dated(row["start"]), _dated(row["end"])
            if start and end and start.earliest > end.latest:
                yield table.problem(line, "end", f"ends ({row['end']}) before it starts ({row['start']}); end must not come before start")


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _figure_problem(qualifier: str, point, low, high) -> tuple[str, str] | None:
    """The field and message of a figure that disagrees with its qualifier, or None."""
    if point is None:
        return "count_point", f"is empty; a figure qualified {qualifier} needs its point value"
    if qualifier == "exact" and not (low == point == high):
        return "count_low", "an exact figure needs count_low = count_point = count_high"
    if qualifier == "approximately" and not (low is not None and high is not None and low < point < high):
        return "count_low", "an approximate figure needs count_low < count_point < count_high"
    if qualifier == "at_least" and not (low == point and high is None):
        return ("count_high" if high is not None else "count_low"), "a minimum ('at_least') needs count_low = count_point and an empty count_high"
    if qualifier == "at_most" and not (high == point and (low is None or low <= point)):
        return "count_high", "a maximum ('at_most') needs count_high = count_point"
    return None


def figures_agree_with_qualifier(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A figure's point, low and high agree with its qualifier, and its words are kept.

    Judgement: "some 1,960" is a range around the point, "at least four" a minimum with no
    upper bound, and an unknown figure has no numbers at all, so that nothing invents one.
    """
    for table in tables.values():
        if "count_qualifier" not in table.header:
            continue
        for row, line in table.records():
            qualifier = row["count_qualifier"]
            point, low, high = (_number(row[f"count_{k}"]) if row[f"count_{k}"] else None for k in ("point", "low", "high"))
            present = [f"count_{k}" for k, v in (("point", point), ("low", low), ("high", high)) if v is not None]
            if not qualifier:
                if present:
                    yield table.problem(line, "count_qualifier", "is empty but the row has a figure; say exact, approximately, at_least, at_most or unknown")
                continue
            if not row["count_reported"]:
                yield table.problem(line, "count_reported", "is empty; give the figure in the source's own words")
            if qualifier == "unknown":
                yield from (table.problem(line, field, "must be empty when count_qualifier is unknown") for field in sorted(present))
                continue
            wrong = _figure_problem(qualifier, point, low, high)
            if wrong:
                yield table.problem(line, *wrong)


#: Tables whose every row must be referenced from elsewhere.
REFERENCED_TABLES = ("sources", "places", "systems")


def every_source_place_and_system_used(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """Every source, place and weapon system is referenced by some other row.

    Judgement: an unused source is evidence nobody relies on, and an unused place or system
    a fact without a claim; both are removed or cited. A source cited only as another
    source's channel still reached us, so it counts as used. Judged only when every
    resource could be read: usage cannot be judged on partial data.
    """
    if len(tables) != len(declared):
        return
    used: dict[str, set[str]] = {name: set() for name in REFERENCED_TABLES if name in tables}
    for name, table in tables.items():
        for key in schema_of(declared[name]).get("foreignKeys", []):
            target = key["reference"]["resource"]
            fields = [key["fields"]] if isinstance(key["fields"], str) else key["fields"]
            if target in used and target != name:
                used[target].update(row[fields[0]] for row in table.rows)
    if "sources" in used:
        used["sources"].update(row["channel_source_id"] for row in tables["sources"].rows)
    for name, ids in used.items():
        table = tables[name]
        (key,) = primary_key(declared[name])
        for row, line in table.records():
            if row[key] not in ids:
                yield table.problem(line, key, f"{row[key]!r} is not referenced by any row; cite it or remove it")


def channels_lead_to_a_source(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A source does not reach us through itself, directly or by a loop of channels."""
    if "sources" not in tables:
        return
    sources = tables["sources"]
    channel = {r["source_id"]: r["channel_source_id"] for r in sources.rows}
    for row, line in sources.records():
        seen, current = {row["source_id"]}, row["channel_source_id"]
        while current:
            if current in seen:
                yield sources.problem(line, "channel_source_id", f"{row['source_id']!r} reaches us through itself; a channel must lead to a source we hold")
                break
            seen.add(current)
            current = channel.get(current, "")


def relations_join_two_actors(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A relation joins two different actors (a state is not its own ally)."""
    if "relations" not in tables:
        return
    relations = tables["relations"]
    for row, line in relations.records():
        if row["source_actor_id"] == row["target_actor_id"]:
            yield relations.problem(line, "target_actor_id", "a relation must join two different actors")


def chain_of_command_is_a_forest(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """Each actor has at most one commander, and no chain of command loops.

    Judgement: the lineage charts read a formation's place in its order of battle upwards
    to its state, which needs a single parent per formation.
    """
    if "relations" not in tables:
        return
    relations = tables["relations"]
    parents: dict[str, tuple[str, int]] = {}
    for row, line in relations.records():
        if row["relation_type"] != "command":
            continue
        child = row["target_actor_id"]
        if child in parents and parents[child][0] != row["source_actor_id"]:
            yield relations.problem(line, "target_actor_id", f"{child!r} already has a commander on line {parents[child][1]}; the chain of command gives each actor one")
        parents.setdefault(child, (row["source_actor_id"], line))
    for child, (parent, line) in parents.items():
        seen, current = {child}, parent
        while current in parents:
            if current in seen:
                yield relations.problem(line, "source_actor_id", f"the chain of command above {child!r} loops back on itself")
                break
            seen.add(current)
            current = parents[current][0]


def event_links_name_one_participant(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """An event link names exactly one participant: an actor or a weapon system."""
    if "event_links" not in tables:
        return
    links = tables["event_links"]
    for row, line in links.records():
        if bool(row["actor_id"]) == bool(row["system_id"]):
            yield links.problem(line, "actor_id", "give exactly one of actor_id and system_id")


def history_starts_with_its_event(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A unit's history entry tied to an event starts when the event starts."""
    if not {"unit_history", "events"} <= set(tables):
        return
    history = tables["unit_history"]
    starts = {r["event_id"]: r["start"] for r in tables["events"].rows}
    for row, line in history.records():
        event = row["event_id"]
        if event in starts and starts[event] != row["start"]:
            yield history.problem(line, "start", f"{row['start']!r} differs from the start of event {event!r} ({starts[event]})")


def countries_are_states(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """An actor's or a place's ``country_id`` names an actor of kind ``state``."""
    if "actors" not in tables:
        return
    kinds = {r["actor_id"]: r["kind"] for r in tables["actors"].rows}
    for table in (tables["actors"], tables.get("places")):
        if table is None:
            continue
        for row, line in table.records():
            country = row["country_id"]
            if country in kinds and kinds[country] != "state":
                yield table.problem(line, "country_id", f"{country!r} is a {kinds[country]}, not a state")


def strength_rows_name_a_ceiling(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A strength row's ``ceiling_id`` names a ceiling of the same actor and capability, which began no later.

    Judgement: an authorised ceiling (the 10 November statement's 1,960) is not a strength;
    a strength under it is bounded by it and counts only from the day the ceiling began.
    A ceiling bounds strength rows and names no ceiling of its own.
    """
    if "deployments" not in tables or "ceiling_id" not in tables["deployments"].header:
        return
    deployments = tables["deployments"]
    rows = {row["deployment_id"]: row for row in deployments.rows}
    for row, line in deployments.records():
        ceiling = rows.get(row["ceiling_id"]) if row["ceiling_id"] else None
        if row["measure"] == "ceiling" and row["ceiling_id"]:
            yield deployments.problem(line, "ceiling_id", "must be empty for a ceiling; it names the ceiling a strength row is bounded by")
        elif ceiling is None:
            continue  # no ceiling, or an unknown id that the foreign-key check reports
        elif ceiling["measure"] != "ceiling":
            yield deployments.problem(line, "ceiling_id", f"{row['ceiling_id']!r} is a strength, not a ceiling")
        elif (ceiling["actor_id"], ceiling["capability"]) != (row["actor_id"], row["capability"]):
            yield deployments.problem(line, "ceiling_id", f"{row['ceiling_id']!r} caps another actor or capability")
        else:
            start, cap_start = _dated(row["start"]), _dated(ceiling["start"])
            if cap_start and (start is None or start.earliest < cap_start.earliest):
                yield deployments.problem(line, "start", f"{row['start'] or 'an undated start'} comes before its ceiling's start ({ceiling['start']}); nothing counts before the day it began")


RULES: tuple[Callable[[Tables, Declared], Iterator[Problem]], ...] = (
    start_before_end, figures_agree_with_qualifier, every_source_place_and_system_used, channels_lead_to_a_source,
    relations_join_two_actors, chain_of_command_is_a_forest, event_links_name_one_participant,
    history_starts_with_its_event, countries_are_states, strength_rows_name_a_ceiling, *EVIDENCE_RULES,
)


def check_rules(tables: Tables, declared: Declared) -> list[Problem]:
    """Every rule's problems with the tables that could be read.

    Parameters
    ----------
    tables : dict of str to Table
        The tables that could be read, by name (as :func:`~counterbalance.data.schema.check_package`
        returns them).
    declared : dict of str to dict
        Every resource of the descriptor, by name (:func:`~counterbalance.data.schema.resources`).

    Returns
    -------
    list of Problem
        The problems of each rule of :data:`RULES` in turn, unsorted; empty when every rule holds.

    Examples
    --------
    A state that is its own ally:

    >>> from counterbalance.data.schema import Table
    >>> rows = [{"source_actor_id": "tr", "target_actor_id": "tr", "relation_type": "alliance"}]
    >>> relations = Table("relations", "data/relations.csv", list(rows[0]), rows, [2])
    >>> [str(p) for p in check_rules({"relations": relations}, {"relations": {"name": "relations", "schema": {"fields": []}}})]
    ['data/relations.csv:2: target_actor_id: a relation must join two different actors']
    """
    return [problem for rule in RULES for problem in rule(tables, declared)]
