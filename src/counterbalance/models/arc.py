"""The whole arc at a glance: relations grouped into a few kinds and dated, a stable layout, the phases.

What the network and timeline charts need beyond a single day: every relation with the
steps of the arc on which it is in force (so a chart can filter them by a date slider
without recomputing anything), a layout that does not move as the date moves, the relation
types of the data grouped into a handful of kinds a legend can name, and the phases of the
arc read off the event table (never typed into a chart).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from .timeline import active_on

__all__ = ["RELATION_KINDS", "relation_kind", "arc_steps", "relations_over_time", "arc_layout", "arc_phases"]

#: The data's relation types, grouped into the kinds a reader tells apart at a glance.
RELATION_KINDS = {
    "alliance": "alliance or cooperation", "cooperation": "alliance or cooperation", "support": "alliance or cooperation",
    "contributes_to": "alliance or cooperation", "rivalry": "rivalry or opposition", "hostility": "rivalry or opposition",
    "opposition": "rivalry or opposition", "constraint": "rivalry or opposition", "command": "command or part of",
    "part_of": "command or part of", "leads": "command or part of", "assigned_to": "command or part of",
    "agreement": "agreement or office", "negotiation": "agreement or office", "party_to": "agreement or office",
    "office": "agreement or office", "authorisation": "agreement or office",
}
#: A type the table above does not know: shown, under its own sign's kind's neighbour.
OTHER_KIND = "other tie"


def relation_kind(relation_type: str) -> str:
    """The kind a relation type is drawn as.

    Parameters
    ----------
    relation_type : str
        A value of ``relations.relation_type``.

    Returns
    -------
    str
        One of the values of :data:`RELATION_KINDS`, or ``"other tie"`` for a type it does not list.

    Examples
    --------
    >>> relation_kind("part_of"), relation_kind("hostility"), relation_kind("sister_city")
    ('command or part of', 'rivalry or opposition', 'other tie')
    """
    return RELATION_KINDS.get(str(relation_type), OTHER_KIND)


def arc_steps(first: pd.Timestamp, last: pd.Timestamp, as_of: str) -> tuple[list[pd.Timestamp], int]:
    """The days a date slider steps through, week by week over the arc, and the step of `as_of`.

    `as_of` is a step of its own (between the week starts around it), so that the chart
    opens on exactly the day the chapter's figures are taken.

    Parameters
    ----------
    first, last : pandas.Timestamp
        The arc's first and last day (:func:`counterbalance.models.timeline.arc_span`).
    as_of : date-like
        The day the chart opens on.

    Returns
    -------
    (list of pandas.Timestamp, int)
        The days, in order, and the index of `as_of` among them.

    Examples
    --------
    >>> days, shown = arc_steps(pd.Timestamp("2020-09-27"), pd.Timestamp("2020-10-20"), "2020-10-01")
    >>> [d.strftime("%d %b") for d in days], shown
    (['27 Sep', '01 Oct', '04 Oct', '11 Oct', '18 Oct'], 1)
    """
    day = pd.Timestamp(as_of)
    days = sorted({*pd.date_range(first, last, freq="7D"), day})
    return days, days.index(day)


def relations_over_time(relations: pd.DataFrame, days: list[pd.Timestamp]) -> pd.DataFrame:
    """Every relation with the steps of `days` on which it is in force, for a chart with a date slider.

    A relation is in force on a day as :func:`counterbalance.models.timeline.active_on` reads
    it (imprecise dates at their midpoints); ``first`` and ``last`` are the indices into
    `days` of the first and last day it is. Relations in force on none of `days` are left out.

    Parameters
    ----------
    relations : pandas.DataFrame
        As loaded: ``relation_id``, ``source_actor_id``, ``target_actor_id``, ``relation_type``,
        ``sign``, the date columns; ``description``, ``outlet``, ``grade`` when present.
    days : list of pandas.Timestamp
        The steps of the slider, in order.

    Returns
    -------
    pandas.DataFrame
        ``relation_id``, ``source``, ``target``, ``relation_type``, ``kind``, ``sign``,
        ``first``, ``last`` and the provenance columns present; sorted by id.

    Examples
    --------
    >>> nat = pd.Series([pd.NaT], dtype="datetime64[s]")
    >>> relations = pd.DataFrame({"relation_id": ["r"], "source_actor_id": ["a"], "target_actor_id": ["b"],
    ...     "relation_type": ["rivalry"], "sign": [-1], "start_earliest": pd.to_datetime(["2021-01-01"]),
    ...     "start_latest": pd.to_datetime(["2021-01-01"]), "end_earliest": nat, "end_latest": nat})
    >>> days = list(pd.to_datetime(["2020-12-01", "2021-02-01", "2021-03-01"]))
    >>> relations_over_time(relations, days)[["relation_id", "kind", "first", "last"]].values.tolist()
    [['r', 'rivalry or opposition', 1, 2]]
    """
    steps: dict[str, list[int]] = {}
    for index, day in enumerate(days):
        for relation_id in active_on(relations, day)["relation_id"]:
            steps.setdefault(relation_id, []).append(index)
    extra = [c for c in ("description", "outlet", "grade") if c in relations]
    rows = relations[relations["relation_id"].isin(list(steps))]
    frame = pd.DataFrame({
        "relation_id": rows["relation_id"], "source": rows["source_actor_id"], "target": rows["target_actor_id"],
        "relation_type": rows["relation_type"].astype(str), "kind": rows["relation_type"].map(relation_kind),
        "sign": rows["sign"].astype(int),
        "first": rows["relation_id"].map(lambda r: min(steps[r])), "last": rows["relation_id"].map(lambda r: max(steps[r])),
        **{c: rows[c] for c in extra},
    })
    return frame.sort_values("relation_id", ignore_index=True)


def arc_layout(actors: pd.DataFrame, ties: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """Where each actor sits in the network drawing, the same whatever day is shown.

    The states tied to anyone over the arc sit on a circle, in the order of `actors`, far apart
    (a state the data names but never ties, such as a mediator of one statement, is not drawn);
    every other actor tied over the arc is laid out by a force-directed layout with the states held fixed, so it
    lands near those it is tied to. Each state's label sits outside the circle, away from the
    cluster (``label_x``, ``label_y``, ``align``).

    Parameters
    ----------
    actors : pandas.DataFrame
        ``actor_id``, ``name``, ``kind``, ``country_id``.
    ties : pandas.DataFrame
        ``source``, ``target``: every tie over the arc (:func:`relations_over_time`).
    seed : int
        Seed of the layout.

    Returns
    -------
    pandas.DataFrame
        ``actor_id``, ``name``, ``kind``, ``bloc``, ``x``, ``y``, ``label_x``, ``label_y``,
        ``align``: one row per actor in a tie, by id (every state when nothing is tied);
        coordinates in [-1.4, 1.4].

    Examples
    --------
    >>> actors = pd.DataFrame({"actor_id": ["a", "b", "m", "u"], "name": ["A", "B", "M", "U"],
    ...                        "kind": ["state", "state", "state", "unit"], "country_id": ["a", "b", "m", "a"]})
    >>> ties = pd.DataFrame({"source": ["u", "a"], "target": ["a", "b"]})
    >>> nodes = arc_layout(actors, ties)
    >>> nodes[["actor_id", "x", "y", "align"]].values.tolist()[:2]
    [['a', 0.0, 1.0, 'center'], ['b', 0.0, -1.0, 'center']]
    >>> "m" in set(nodes["actor_id"]), nodes.equals(arc_layout(actors, ties))
    (False, True)
    """
    tied = set(ties["source"]) | set(ties["target"])
    states = actors.loc[actors["kind"] == "state", "actor_id"].tolist()
    states = [s for s in states if s in tied] or states
    fixed = {s: (round(math.sin(2 * math.pi * i / len(states)), 3), round(math.cos(2 * math.pi * i / len(states)), 3))
             for i, s in enumerate(states)}
    graph = nx.Graph()
    graph.add_nodes_from(sorted(set(states) | tied))
    graph.add_edges_from(sorted(zip(ties["source"], ties["target"])))
    others = [n for n in graph if n not in fixed]
    start = {n: np.array(fixed.get(n, (0.0, 0.0))) for n in graph}
    position = nx.spring_layout(graph, pos=start, fixed=list(fixed) if others else None, seed=seed, k=0.35) if others else start
    info = actors.set_index("actor_id")
    rows = []
    for node in sorted(graph):
        x, y = (fixed[node] if node in fixed else (round(float(position[node][0]), 3), round(float(position[node][1]), 3)))
        x, y = float(np.clip(x, -1.4, 1.4)), float(np.clip(y, -1.4, 1.4))
        country = info.at[node, "country_id"] if node in info.index else None
        rows.append({"actor_id": node, "name": info.at[node, "name"] if node in info.index else node,
                     "kind": info.at[node, "kind"] if node in info.index else "unknown",
                     "bloc": country if isinstance(country, str) else "none", "x": x, "y": y,
                     "label_x": round(x * (1.22 if abs(x) < 0.3 else 1.15), 3), "label_y": round(y * 1.22 + (0.1 if y >= 0 else -0.1), 3),
                     "align": "center" if abs(x) < 0.3 else ("left" if x > 0 else "right")})
    return pd.DataFrame(rows)


def arc_phases(events: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """The phases of the arc, read off the event table: war, monitoring, September 2023, withdrawal, after.

    The war is the last event of kind ``war``; September 2023 opens with the first event of
    kind ``offensive`` after it; the withdrawal is the longest event of kind ``withdrawal``
    after that. Each phase runs to the start of the next; the last runs to `end`. A phase
    whose opening event the table lacks is left out.

    Parameters
    ----------
    events : pandas.DataFrame
        ``kind``, ``start_earliest``, ``end_latest``.
    end : pandas.Timestamp
        The arc's last day.

    Returns
    -------
    pandas.DataFrame
        ``phase``, ``from``, ``to``, ``order``: one row per phase, in time order.

    Examples
    --------
    >>> events = pd.DataFrame({"kind": ["war", "offensive", "withdrawal"],
    ...     "start_earliest": pd.to_datetime(["2020-09-27", "2023-09-19", "2024-04-10"]),
    ...     "end_latest": pd.to_datetime(["2020-11-10", "2023-09-20", "2024-06-12"])})
    >>> phases = arc_phases(events, pd.Timestamp("2026-03-11"))
    >>> [(p, str(f.date())) for p, f in zip(phases["phase"], phases["from"])]  # doctest: +NORMALIZE_WHITESPACE
    [('War', '2020-09-27'), ('Monitoring years', '2020-11-10'), ('September 2023', '2023-09-19'),
     ('Withdrawal', '2024-04-10'), ('After the withdrawal', '2024-06-12')]
    """
    kind = events["kind"].astype(str)
    wars = events[kind == "war"].sort_values("start_earliest")
    if wars.empty:  # typed as a phase table is, so a chart can lay out no phase at all
        return pd.DataFrame({"phase": pd.Series(dtype=str), "from": pd.Series(dtype="datetime64[ns]"),
                             "to": pd.Series(dtype="datetime64[ns]"), "order": pd.Series(dtype=int)})
    war = wars.iloc[-1]
    starts = [("War", war["start_earliest"]), ("Monitoring years", war["end_latest"])]
    offensives = events[(kind == "offensive") & (events["start_earliest"] > war["end_latest"])].sort_values("start_earliest")
    if len(offensives):
        offensive = offensives.iloc[0]
        starts.append(("September 2023", offensive["start_earliest"]))
        withdrawals = events[(kind == "withdrawal") & (events["start_earliest"] > offensive["start_earliest"])]
        if len(withdrawals):
            longest = withdrawals.assign(span=withdrawals["end_latest"] - withdrawals["start_earliest"]).sort_values(
                ["span", "start_earliest"], ascending=[False, True]).iloc[0]
            starts += [("Withdrawal", longest["start_earliest"]), ("After the withdrawal", longest["end_latest"])]
    starts = [(name, day) for name, day in starts if day < end]
    rows = [{"phase": name, "from": day, "to": starts[i + 1][1] if i + 1 < len(starts) else end, "order": i}
            for i, (name, day) in enumerate(starts)]
    return pd.DataFrame(rows)
