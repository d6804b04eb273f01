"""The balance-of-power network: who stands with whom, as a signed and typed graph of actors.

Judgement calls, made here and summarised in the Methods chapter:

* A relation's sign and strength are coded from the article's wording: a structural tie
  (alliance, rivalry) has strength 1, a tactical or partial one (a memorandum, a protest) 0.5
  or less.
* Ties between the actors of two states (a field army and its counterpart, a ministry and a
  foreign state) are projected onto those states; their signed strengths add up, and the
  sign of the sum is the pair's sign. A rivalry (-1) and a memorandum (+0.5) net to -0.5: the
  memorandum manages a rivalry, it does not end it.

Theatre power, the other half of the balance, is :mod:`counterbalance.models.power`.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pandas as pd

from .timeline import active_on

__all__ = [
    "build_balance_graph", "state_signs", "signed_triads", "balance_index", "brokerage", "most_central", "layout_frames",
]


def build_balance_graph(actors: pd.DataFrame, relations: pd.DataFrame, as_of: str) -> nx.MultiDiGraph:
    """The signed, typed network of actors and the relations in force on `as_of`.

    Parameters
    ----------
    actors : pandas.DataFrame
        ``actor_id``, ``name``, ``kind``, ``country_id``.
    relations : pandas.DataFrame
        ``relation_id``, ``source_actor_id``, ``target_actor_id``, ``relation_type``, ``sign``,
        ``strength``, imprecise ``start``/``end``; optionally grade columns (``outlet``,
        ``grade``) kept as edge attributes for tooltips.
    as_of : date-like
        Only relations in force that day are edges.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by ``actor_id`` with ``name``, ``kind`` and ``bloc`` (the actor's state);
        one edge per relation keyed by ``relation_id``.

    Examples
    --------
    >>> actors = pd.DataFrame({"actor_id": ["a", "b"], "name": ["A", "B"], "kind": ["state"] * 2, "country_id": ["a", "b"]})
    >>> nat = pd.Series([pd.NaT], dtype="datetime64[s]")
    >>> relations = pd.DataFrame({"relation_id": ["r"], "source_actor_id": ["a"], "target_actor_id": ["b"],
    ...     "relation_type": ["rivalry"], "sign": [-1], "strength": [1.0], "start_earliest": nat,
    ...     "start_latest": nat, "end_earliest": nat, "end_latest": nat})
    >>> g = build_balance_graph(actors, relations, "2020-12-31")
    >>> g.edges["a", "b", "r"]["sign"]
    -1
    """
    graph = nx.MultiDiGraph()
    for actor in actors.itertuples(index=False):
        bloc = actor.country_id if isinstance(actor.country_id, str) else "none"
        graph.add_node(actor.actor_id, name=actor.name, kind=actor.kind, bloc=bloc)
    for rel in active_on(relations, as_of).to_dict("records"):
        graph.add_edge(
            rel["source_actor_id"], rel["target_actor_id"], key=rel["relation_id"],
            relation_type=rel["relation_type"], sign=int(rel["sign"]), strength=float(rel["strength"]),
            **{k: rel[k] for k in ("description", "outlet", "grade") if k in rel},
        )
    return graph


def state_signs(graph: nx.MultiDiGraph) -> nx.Graph:
    """Project the network onto its blocs: one signed edge per pair of states.

    Every edge between actors of two different blocs adds ``sign * strength`` to that pair;
    the pair's edge carries the sum (``weight``) and its sign (``sign``; pairs summing to
    exactly zero get no edge).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        As :func:`build_balance_graph` returns it: nodes carry ``bloc``, edges ``sign`` and
        ``strength``. Actors of bloc ``"none"`` are left out.

    Returns
    -------
    networkx.Graph
        Nodes keyed by state id; one edge per pair of states with ``weight`` and ``sign``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("a", {"bloc": "a"}), ("b", {"bloc": "b"})])
    >>> _ = g.add_edge("a", "b", sign=-1, strength=1.0)
    >>> _ = g.add_edge("a", "b", sign=1, strength=0.5)
    >>> state_signs(g).edges["a", "b"]
    {'weight': -0.5, 'sign': -1}
    """
    totals: dict[tuple[str, str], float] = {}
    for u, v, data in graph.edges(data=True):
        a, b = graph.nodes[u]["bloc"], graph.nodes[v]["bloc"]
        if a == b or "none" in (a, b):
            continue
        pair = tuple(sorted((a, b)))
        totals[pair] = totals.get(pair, 0.0) + data["sign"] * data["strength"]
    signed = nx.Graph()
    for (a, b), total in sorted(totals.items()):
        if total != 0:
            signed.add_edge(a, b, weight=total, sign=1 if total > 0 else -1)
    return signed


def signed_triads(signed: nx.Graph) -> pd.DataFrame:
    """Every closed triad of a signed graph and whether it is balanced.

    A triad is *balanced* when the product of its three signs is positive: all friends, or
    two friends with a common enemy (Cartwright and Harary, 1956). "The enemy of my enemy is
    my friend" is the balanced case; three mutual enemies, or a friend of both sides of a
    rivalry, are not.

    Parameters
    ----------
    signed : networkx.Graph
        Edges carry ``sign`` (+1 or -1), as :func:`state_signs` returns them.

    Returns
    -------
    pandas.DataFrame
        ``a``, ``b``, ``c`` (sorted node names), ``signs`` (e.g. ``"+--"``), ``balanced``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edges_from([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": -1})])
    >>> signed_triads(g)[["signs", "balanced"]].values.tolist()
    [['+--', True]]

    Notes
    -----
    Enumerates node triples: cubic in the number of blocs, which are a handful.

    References
    ----------
    .. [1] D. Cartwright and F. Harary, "Structural balance: a generalization of Heider's
       theory", Psychological Review 63(5), 277-293, 1956.
    """
    rows = []
    for a, b, c in itertools.combinations(sorted(signed.nodes), 3):
        if signed.has_edge(a, b) and signed.has_edge(b, c) and signed.has_edge(a, c):
            signs = [signed.edges[a, b]["sign"], signed.edges[b, c]["sign"], signed.edges[a, c]["sign"]]
            rows.append({
                "a": a, "b": b, "c": c,
                "signs": "".join("+" if s > 0 else "-" for s in signs),
                "balanced": math.prod(signs) > 0,
            })
    return pd.DataFrame(rows, columns=["a", "b", "c", "signs", "balanced"])


def balance_index(triads: pd.DataFrame) -> float:
    """Share of closed triads that are balanced (1.0: fully balanced; NaN with no triad).

    Parameters
    ----------
    triads : pandas.DataFrame
        Needs ``balanced``, as :func:`signed_triads` returns it.

    Returns
    -------
    float
        The balanced share, between 0 and 1; NaN when `triads` is empty.

    Examples
    --------
    >>> balance_index(pd.DataFrame({"balanced": [True, True, False, True]}))
    0.75
    """
    return float(triads["balanced"].mean()) if len(triads) else float("nan")


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
