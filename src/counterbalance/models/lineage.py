"""Unit lineage: each formation's place in the chain of command and its operations over the decades.

The chain of command is the forest of ``command`` relations (validation guarantees one
commander per actor and no loop); a formation's lineage reads upwards from it to its state.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

__all__ = ["command_tree", "chain_of_command", "command_layout", "history_frame"]


def command_tree(relations: pd.DataFrame) -> nx.DiGraph:
    """The chain of command as a directed forest, edges from commander to commanded.

    Parameters
    ----------
    relations : pandas.DataFrame
        Needs ``source_actor_id``, ``target_actor_id`` and ``relation_type``; only the
        ``command`` rows are read.

    Returns
    -------
    networkx.DiGraph
        A node per actor named in a command, an edge per command.

    Examples
    --------
    >>> rel = pd.DataFrame({"source_actor_id": ["tr", "tr_army"], "target_actor_id": ["tr_army", "brigade"],
    ...     "relation_type": ["command", "command"], "relation_id": ["c1", "c2"]})
    >>> sorted(command_tree(rel).edges)
    [('tr', 'tr_army'), ('tr_army', 'brigade')]
    """
    commands = relations[relations["relation_type"] == "command"]
    tree = nx.DiGraph()
    tree.add_edges_from(zip(commands["source_actor_id"], commands["target_actor_id"]))
    return tree


def chain_of_command(tree: nx.DiGraph, actor_id: str) -> list[str]:
    """The actor and every commander above it, up to its state.

    Parameters
    ----------
    tree : networkx.DiGraph
        The chain of command, as :func:`command_tree` returns it.
    actor_id : str
        The formation to start from.

    Returns
    -------
    list of str
        Actor ids from `actor_id` itself up to the root of its tree (its state).

    Raises
    ------
    KeyError
        If the actor is not in the chain of command.

    Examples
    --------
    >>> tree = nx.DiGraph([("tr", "tr_army"), ("tr_army", "brigade")])
    >>> chain_of_command(tree, "brigade")
    ['brigade', 'tr_army', 'tr']

    Notes
    -----
    Reads a unit's "lineage" in the sense military historians use for its place in the
    order of battle (e.g. the US Army Center of Military History's *Lineage and Honors*
    certificates): the formation, the service above it, the state above that.
    """
    if actor_id not in tree:
        raise KeyError(f"{actor_id!r} is not in the chain of command")
    chain = [actor_id]
    while parents := list(tree.predecessors(chain[-1])):
        chain.append(parents[0])
    return chain


def command_layout(tree: nx.DiGraph, actors: pd.DataFrame, relations: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """Positions for drawing the command forest: depth from the root, one row per actor.

    Roots (states) are visited in order of their ids and children in order of theirs, so the
    drawing is stable. Each actor carries the outlet and grade of the relation placing it.
    With `limit`, only the first `limit` rows of that order are kept: what a page can show.

    Parameters
    ----------
    tree : networkx.DiGraph
        The chain of command, as :func:`command_tree` returns it.
    actors : pandas.DataFrame
        Needs ``actor_id``, ``name`` and ``country_id`` for every actor of `tree`.
    relations : pandas.DataFrame
        Needs ``relation_type`` and ``target_actor_id``; ``outlet`` and ``grade`` if present.
    limit : int, optional
        Most rows to keep; all when None.

    Returns
    -------
    pandas.DataFrame
        One row per actor in drawing order: ``actor_id``, ``name``, ``bloc``, ``depth``,
        ``row``, ``parent_depth``, ``parent_row`` (NaN for a root), ``outlet``, ``grade``.

    Examples
    --------
    >>> tree = nx.DiGraph([("tr", "tr_army"), ("tr_army", "brigade")])
    >>> actors = pd.DataFrame({"actor_id": ["tr", "tr_army", "brigade"], "country_id": ["tr"] * 3,
    ...     "name": ["Turkey", "Turkish Army", "2nd Commando Brigade"]})
    >>> rel = pd.DataFrame({"target_actor_id": ["tr_army", "brigade"], "relation_type": ["command"] * 2})
    >>> command_layout(tree, actors, rel)[["actor_id", "depth", "row"]].values.tolist()
    [['tr', 0, 0], ['tr_army', 1, 1], ['brigade', 2, 2]]
    """
    names = actors.set_index("actor_id")
    placing = relations[relations["relation_type"] == "command"].set_index("target_actor_id")
    rows: list[dict] = []

    def visit(node: str, depth: int, parent: dict | None) -> None:
        row = {
            "actor_id": node, "name": names.at[node, "name"], "bloc": names.at[node, "country_id"],
            "depth": depth, "row": len(rows),
            "parent_depth": parent["depth"] if parent else None, "parent_row": parent["row"] if parent else None,
            "outlet": placing.at[node, "outlet"] if node in placing.index and "outlet" in placing else None,
            "grade": placing.at[node, "grade"] if node in placing.index and "grade" in placing else None,
        }
        rows.append(row)
        for child in sorted(tree.successors(node)):
            visit(child, depth + 1, row)

    for root in sorted(n for n in tree if tree.in_degree(n) == 0):
        visit(root, 0, None)
    return pd.DataFrame(rows[:limit])


def history_frame(history: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, tree: nx.DiGraph) -> pd.DataFrame:
    """Tidy table of formations' operations, each spanning every day its dates may cover.

    An operation runs from the earliest possible day of its start to the latest possible day
    of its end; one without an end is drawn to the latest day of its start.

    Parameters
    ----------
    history : pandas.DataFrame
        The ``unit_history`` table: ``actor_id``, ``operation``, ``place_id``, ``start``,
        ``end`` and their ``_earliest``/``_latest``/``_precision`` columns; grades if present.
    actors : pandas.DataFrame
        Needs ``actor_id``, ``name`` and ``country_id``.
    places : pandas.DataFrame
        Needs ``place_id`` and ``name``.
    tree : networkx.DiGraph
        The chain of command, as :func:`command_tree` returns it.

    Returns
    -------
    pandas.DataFrame
        ``formation`` (with its chain, e.g. "2nd Commando Brigade (Turkish Army, Turkish
        Armed Forces, Turkey)"), ``operation``, ``place``, ``from``, ``to``, ``dates``,
        ``precision``, ``outlet``, ``grade``, ``bloc``; one row per operation, sorted by
        formation and start.

    Examples
    --------
    A brigade deployed some day in November 2020 and still there:

    >>> tree = nx.DiGraph([("tr", "tr_army"), ("tr_army", "brigade")])
    >>> actors = pd.DataFrame({"actor_id": ["tr", "tr_army", "brigade"], "country_id": ["tr"] * 3,
    ...     "name": ["Turkey", "Turkish Army", "2nd Commando Brigade"]})
    >>> history = pd.DataFrame({"actor_id": ["brigade"], "operation": ["Monitoring"], "place_id": ["agdam"],
    ...     "start": ["2020-11"], "end": [None], "start_earliest": pd.to_datetime(["2020-11-01"]),
    ...     "start_latest": pd.to_datetime(["2020-11-30"]), "end_latest": pd.to_datetime([None]),
    ...     "start_precision": ["month"]})
    >>> places = pd.DataFrame({"place_id": ["agdam"], "name": ["Aghdam"]})
    >>> row = history_frame(history, actors, places, tree).iloc[0]
    >>> print(row["formation"], row["dates"], row["to"].date(), sep=" | ")
    2nd Commando Brigade (Turkish Army, Turkey) | 2020-11 to ongoing | 2020-12-01
    """
    names = actors.set_index("actor_id")["name"]
    countries = actors.set_index("actor_id")["country_id"]

    def label(actor_id: str) -> str:
        chain = chain_of_command(tree, actor_id)[1:] if actor_id in tree else []
        return names[actor_id] + (f" ({', '.join(names[c] for c in chain)})" if chain else "")

    place_names = places.set_index("place_id")["name"]
    end = history["end_latest"].fillna(history["start_latest"])
    return pd.DataFrame({
        "formation": history["actor_id"].map(label),
        "operation": history["operation"],
        "place": history["place_id"].map(place_names),
        "from": history["start_earliest"],
        "to": end + pd.Timedelta(days=1),  # draw through the end of the last day
        "dates": history["start"] + " to " + history["end"].fillna("ongoing"),
        "precision": history["start_precision"].astype(str),
        "outlet": history.get("outlet"),
        "grade": history.get("grade"),
        "bloc": history["actor_id"].map(countries),
    }).sort_values(["formation", "from"], ignore_index=True)
