"""This data's own rules: what its schema cannot say, one small function each.

Each rule takes the tables as read (:class:`~counterbalance.data.schema.Table`, text cells
with their lines) and the declared resources, and yields a
:class:`~counterbalance.data.schema.Problem` per fault. A rule whose tables could not be read
says nothing: the schema check has reported them already. Each docstring states the
judgement the rule encodes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..assumptions import HEDGE_WORDS
from .coding import CODING_RULES
from .outcoding import OUTCODING, OUTCODING_RULES
from .dates import parse_date
from .evidence import EVIDENCE_RULES
from .descriptor import EVENT_DATE_FIELDS, event_tables, is_date_field, primary_key, schema_of
from .figures import figure_problem, number
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
            point, low, high = (number(row[f"count_{k}"]) if row[f"count_{k}"] else None for k in ("point", "low", "high"))
            present = [f"count_{k}" for k, v in (("point", point), ("low", low), ("high", high)) if v is not None]
            if not qualifier:
                if present:
                    yield table.problem(line, "count_qualifier", "is empty but the row has a figure; say exact, approximately, at_least, at_most or unknown")
                continue
            if "count_reported" in table.header and not row["count_reported"]:
                yield table.problem(line, "count_reported", "is empty; give the figure in the source's own words")
            if qualifier == "unknown":
                yield from (table.problem(line, field, "must be empty when count_qualifier is unknown") for field in sorted(present))
                continue
            wrong = figure_problem(qualifier, point, low, high)
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
        codings = tables[OUTCODING].rows if OUTCODING in tables else []  # the sources a coder cited
        used["sources"].update(source_id for row in codings for source_id in row["evidence"].split())
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


def _last_day(tables: Tables, declared: Declared) -> tuple[object, str] | None:
    """The data's last day (the latest date of a row describing an event) and where it is given; None on partial data."""
    names = event_tables({"resources": list(declared.values())})
    if not names or not set(names) <= set(tables):
        return None
    latest = None
    for name in names:
        table = tables[name]
        for row, line in table.records():
            for field in EVENT_DATE_FIELDS:
                day = _dated(row.get(field, ""))
                if day and (latest is None or day.latest > latest[0]):
                    latest = (day.latest, f"{table.label}:{line} {field}")
    return latest


def outcomes_resolve_within_the_data(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """An outcome resolves no earlier than its judgement was made, and no later than the data's last day.

    Judgement: an outcome is a fact of the data. It cannot settle a judgement before the
    judgement was made, nor be known after the latest event the data records (the latest
    start, end or last report of a row describing an event): an outcome dated 2099 would be
    scored as known. Imprecise dates count while their spans can touch.
    """
    if "outcomes" not in tables:
        return
    outcomes, last = tables["outcomes"], _last_day(tables, declared)
    made = {r["judgement_id"]: _dated(r["made_on"]) for r in tables["judgements"].rows} if "judgements" in tables else {}
    for row, line in outcomes.records():
        resolved = _dated(row["resolved_on"])
        if resolved is None:
            continue
        if last and resolved.earliest > last[0]:
            yield outcomes.problem(line, "resolved_on", f"{row['resolved_on']} is after the data's last day, {last[0]} "
                                                        f"({last[1]}); an outcome is known only from what the data records")
        judged = made.get(row["judgement_id"])
        if judged and resolved.latest < judged.earliest:
            yield outcomes.problem(line, "resolved_on", f"{row['resolved_on']} comes before its judgement "
                                                        f"{row['judgement_id']!r} was made ({judged.text}); it must come on or after")


def _is_likelihood(words: str) -> bool:
    """Whether a stated likelihood reads as a probability (a number from 0 to 1) or as hedge words the report
    knows (:data:`~counterbalance.assumptions.HEDGE_WORDS`, case and spacing aside), as the scoring reads it."""
    value = number(words)
    return 0 <= value <= 1 if value is not None else " ".join(words.split()).lower() in HEDGE_WORDS


def likelihoods_are_read(tables: Tables, declared: Declared) -> Iterator[Problem]:
    """A judgement's stated likelihood is hedge words the report can read, or a probability from 0 to 1.

    Judgement: the scoring reads hedge words as the ICD 203 band they amount to; words it does
    not know, or a number outside [0, 1], would have no probability to score.
    """
    if "judgements" not in tables:
        return
    judgements = tables["judgements"]
    for row, line in judgements.records():
        if row["stated_likelihood"] and not _is_likelihood(row["stated_likelihood"]):
            yield judgements.problem(line, "stated_likelihood", (
                f"{row['stated_likelihood']!r} is neither a probability from 0 to 1 nor hedge words the report reads: "
                f"{', '.join(sorted(HEDGE_WORDS))} (assumptions.HEDGE_WORDS)"))


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
    history_starts_with_its_event, countries_are_states, strength_rows_name_a_ceiling, outcomes_resolve_within_the_data,
    likelihoods_are_read, *EVIDENCE_RULES, *CODING_RULES, *OUTCODING_RULES,
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
