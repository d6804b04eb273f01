"""Brokerage in the balance-of-power network, and the cut of it a chart can show.

Which actors sit between the blocs (betweenness centrality), the most central of them when
the network is too large to draw whole, and the fixed-seed layout the network chart draws.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

__all__ = ["brokerage", "most_central", "layout_frames"]


def brokerage(graph: nx.MultiDiGraph) -> pd.DataFrame:
    r"""Who bridges the blocs: betweenness centrality and ties across blocs, per actor.

    Betweenness is computed on the undirected simple graph (any relation links two actors).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Nodes carry ``name`` and ``bloc``, as :func:`build_balance_graph` returns them.

    Returns
    -------
    pandas.DataFrame
        ``actor_id``, ``name``, ``bloc``, ``betweenness``, ``cross_bloc_ties``, sorted by
        betweenness, highest first.

    Notes
    -----
    Betweenness :math:`C_B(v) = \sum_{s \ne v \ne t} \sigma_{st}(v) / \sigma_{st}`, the share
    of shortest paths through *v* (Freeman, L. C. (1977), "A set of measures of centrality
    based on betweenness", *Sociometry* 40(1), 35-41), normalised by
    :math:`(n-1)(n-2)/2` and computed with Brandes' algorithm (2001) by networkx.

    Examples
    --------
    In a path a - b - c across two blocs, b lies on the one path between the ends:

    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("a", {"name": "A", "bloc": "x"}), ("b", {"name": "B", "bloc": "x"}),
    ...                   ("c", {"name": "C", "bloc": "y"})])
    >>> _ = g.add_edge("a", "b"); _ = g.add_edge("b", "c")
    >>> brokerage(g)[["actor_id", "betweenness", "cross_bloc_ties"]].values.tolist()[0]
    ['b', 1.0, 1]
    """
    simple = nx.Graph(graph.to_undirected())
    betweenness = _betweenness(simple)
    rows = []
    for node, data in graph.nodes(data=True):
        cross = sum(1 for other in simple.neighbors(node) if graph.nodes[other]["bloc"] != data["bloc"])
        rows.append({"actor_id": node, "name": data["name"], "bloc": data["bloc"],
                     "betweenness": betweenness[node], "cross_bloc_ties": cross})
    return pd.DataFrame(rows).sort_values(["betweenness", "actor_id"], ascending=[False, True], ignore_index=True)


#: Above this many actors, betweenness is estimated from this many sampled sources (seeded).
BETWEENNESS_SAMPLE = 200


def _betweenness(simple: nx.Graph) -> dict[str, float]:
    """Exact betweenness for a report-sized network; Brandes-Pich sampling (fixed seed) beyond it."""
    sample = BETWEENNESS_SAMPLE if simple.number_of_nodes() > BETWEENNESS_SAMPLE else None
    return nx.betweenness_centrality(simple, k=sample, normalized=True, seed=7 if sample else None)


def most_central(graph: nx.MultiDiGraph, limit: int = 80, ranking: pd.DataFrame | None = None) -> nx.MultiDiGraph:
    """What a drawing can show: every state, then the most central other actors, `limit` in all.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Nodes carry ``kind``; states are those of kind ``"state"``.
    limit : int
        Most actors to keep.
    ranking : pandas.DataFrame, optional
        :func:`brokerage`'s result when the caller has it already (it is the costly part).

    Returns
    -------
    networkx.MultiDiGraph
        `graph` itself when it has at most `limit` actors; otherwise a copy of the subgraph
        of the states and the actors of highest betweenness (ties by id).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("s", {"kind": "state"}), ("a", {"kind": "unit"}), ("b", {"kind": "unit"}), ("c", {"kind": "unit"})])
    >>> _ = g.add_edge("a", "b"); _ = g.add_edge("b", "c")
    >>> sorted(most_central(g, limit=2).nodes)
    ['b', 's']
    """
    if graph.number_of_nodes() <= limit:
        return graph
    if ranking is None:
        betweenness = _betweenness(nx.Graph(graph.to_undirected()))
    else:
        betweenness = dict(zip(ranking["actor_id"], ranking["betweenness"]))
    states = sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == "state")
    others = sorted((n for n in graph if n not in set(states)), key=lambda n: (-betweenness[n], n))
    return graph.subgraph(states + others[: max(limit - len(states), 0)]).copy()


def layout_frames(graph: nx.MultiDiGraph, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node and edge tables of the network, laid out for drawing.

    The layout is a force-directed one with a fixed seed over sorted nodes, rounded to three
    decimals, so the same graph always draws the same way.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        As :func:`build_balance_graph` returns it (or :func:`most_central`).
    seed : int
        Seed of the layout.

    Returns
    -------
    nodes : pandas.DataFrame
        ``actor_id``, ``name``, ``kind``, ``bloc``, ``x``, ``y``: one row per actor, by id.
    edges : pandas.DataFrame
        ``relation_id``, ``source``, ``target``, ``relation_type``, ``sign``, ``strength``,
        ``x``, ``y``, ``x2``, ``y2`` and, where present, ``description``, ``outlet``, ``grade``:
        one row per relation, by id.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("a", {"name": "A", "kind": "state", "bloc": "a"}), ("b", {"name": "B", "kind": "state", "bloc": "b"})])
    >>> _ = g.add_edge("a", "b", key="r1", relation_type="rivalry", sign=-1, strength=1.0)
    >>> nodes, edges = layout_frames(g)
    >>> nodes["actor_id"].tolist(), edges[["relation_id", "source", "target", "sign"]].values.tolist()
    (['a', 'b'], [['r1', 'a', 'b', -1]])
    >>> layout_frames(g)[0].equals(nodes)
    True

    Notes
    -----
    Fruchterman, T. M. J. and Reingold, E. M. (1991), "Graph drawing by force-directed
    placement", *Software: Practice and Experience* 21(11), 1129-1164 (networkx's
    ``spring_layout``). Distances in the drawing carry no meaning beyond who is tied to whom.
    """
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes))
    ordered.add_edges_from(sorted((u, v) for u, v in graph.to_undirected().edges()))
    position = {n: (round(float(x), 3), round(float(y), 3)) for n, (x, y) in nx.spring_layout(ordered, seed=seed).items()}
    nodes = pd.DataFrame([
        {"actor_id": n, **{k: graph.nodes[n][k] for k in ("name", "kind", "bloc")}, "x": position[n][0], "y": position[n][1]}
        for n in sorted(graph.nodes)
    ])
    edges = pd.DataFrame([
        {"relation_id": key, "source": u, "target": v,
         **{k: data[k] for k in ("relation_type", "sign", "strength", "description", "outlet", "grade") if k in data},
         "x": position[u][0], "y": position[u][1], "x2": position[v][0], "y2": position[v][1]}
        for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2])
    ])
    return nodes, edges
