"""The balance-of-power network: who stands with whom, and how much force each bloc has in the theatre.

Judgement calls, made here and summarised in the Methods chapter:

* A relation's sign and strength are coded from the article's wording: a structural tie
  (alliance, rivalry) has strength 1, a tactical or partial one (a memorandum, a protest) 0.5
  or less.
* Ties between the actors of two states (a field army and its counterpart, a ministry and a
  foreign state) are projected onto those states; their signed strengths add up, and the
  sign of the sum is the pair's sign. A rivalry (-1) and a memorandum (+0.5) net to -0.5: the
  memorandum manages a rivalry, it does not end it.
* Theatre power counts only figures the sources give. A deployment whose number is unknown
  adds nothing to the point estimate and is listed, so the reader sees what is missing.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pandas as pd

from .timeline import active_on

__all__ = [
    "BALANCER", "ALLY", "RIVAL", "DEFAULT_WEIGHTS", "build_balance_graph", "state_signs", "signed_triads", "balance_index",
    "brokerage", "most_central", "theatre_rows", "ratio_of", "theatre_power", "counter_balance_ratio", "power_over_time",
]

#: The sides of the counter-balance: the balancing state, its ally, and the state it balances.
BALANCER, ALLY, RIVAL = "tr", "az", "ru"

#: Troop-equivalents per counted unit of each capability (the notebook parameters' defaults).
DEFAULT_WEIGHTS = {
    "troops": 1.0, "engineers": 1.0, "monitors": 0.5, "advisers": 0.5,
    "heavy_fires": 50.0, "air_assets": 100.0, "drones": 25.0,
}


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

    >>> balance_index(pd.DataFrame({"balanced": [True, True, False, True]}))
    0.75
    """
    return float(triads["balanced"].mean()) if len(triads) else float("nan")


def brokerage(graph: nx.MultiDiGraph) -> pd.DataFrame:
    r"""Who bridges the blocs: betweenness centrality and ties across blocs, per actor.

    Betweenness is computed on the undirected simple graph (any relation links two actors).

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

    `ranking` is :func:`brokerage`'s result when the caller has it already (it is the costly part).

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


def theatre_rows(deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """The deployments at places in the theatre, whenever they are, with their state's ``country_id``.

    The one definition of "in the theatre" that the point estimate, the scenarios and the
    uncertainty sampler share.
    """
    in_theatre = set(places.loc[places["in_theatre"].astype(bool), "place_id"])
    rows = deployments[deployments["place_id"].isin(in_theatre)].reset_index(drop=True)
    return rows.assign(country_id=rows["actor_id"].map(actors.set_index("actor_id")["country_id"]).astype(str))


def ratio_of(power_balancer, power_ally, power_rival, alignment_weight: float):
    """R = (P_balancer + alpha * P_ally) / P_rival for numbers or numpy arrays alike.

    ``inf`` where the rival has no counted power and the balancer's side has some, ``nan``
    where neither side has any.

    >>> ratio_of(300.0, 400.0, 1000.0, 0.5), ratio_of(5.0, 0.0, 0.0, 0.5)
    (0.5, inf)
    """
    numerator = np.asarray(power_balancer, dtype=float) + alignment_weight * np.asarray(power_ally, dtype=float)
    rival = np.asarray(power_rival, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(rival > 0, numerator / np.where(rival > 0, rival, 1), np.where(numerator > 0, np.inf, np.nan))
    return float(ratio) if ratio.ndim == 0 else ratio


def theatre_power(
    deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, as_of: str,
    weights: dict[str, float] | None = None, count_overrides: dict[str, float] | None = None,
) -> pd.DataFrame:
    r"""Each state's weighted force in the theatre on `as_of`.

    .. math:: P_s(t) = \sum_{d \in D_s(t)} w_{c(d)}\, n_d

    where :math:`D_s(t)` are the deployments of state *s*'s actors active on day *t* at a
    place in the theatre, :math:`c(d)` a deployment's capability, :math:`w_c` its weight and
    :math:`n_d` its stated figure (the point value; 0 when unknown).

    Parameters
    ----------
    deployments, actors, places : pandas.DataFrame
        As loaded; deployments may be pre-filtered by grade.
    as_of : date-like
        Day of the count.
    weights : dict, optional
        Troop-equivalents per unit of each capability; :data:`DEFAULT_WEIGHTS` by default.
    count_overrides : dict, optional
        Scenario figures replacing the data's, by ``deployment_id``.

    Returns
    -------
    pandas.DataFrame
        One row per (state, capability) present: ``country_id``, ``capability``, ``count``,
        ``weight``, ``power``, ``unknown_rows`` (deployments counted as 0 for want of a figure).

    Raises
    ------
    KeyError
        If a capability present has no weight.

    Notes
    -----
    A linear, additive index in the manner of the Composite Index of National Capability
    (Singer, J. D., Bremer, S. and Stuckey, J. (1972), "Capability distribution,
    uncertainty, and major power war, 1820-1965", in B. Russett (ed.), *Peace, War, and
    Numbers*, 19-48), cut down to forces present in one theatre. It ignores quality,
    readiness and logistics; the weights carry every such judgement and are parameters.

    Examples
    --------
    >>> nat = pd.Series([pd.NaT] * 2, dtype="datetime64[s]")
    >>> deps = pd.DataFrame({"deployment_id": ["d1", "d2"], "actor_id": ["x", "y"], "place_id": ["p", "p"],
    ...     "capability": ["troops", "air_assets"], "count_point": [100.0, 2.0], "count_qualifier": ["exact"] * 2,
    ...     "start_earliest": nat, "start_latest": nat, "end_earliest": nat, "end_latest": nat})
    >>> actors = pd.DataFrame({"actor_id": ["x", "y"], "country_id": ["ru", "tr"]})
    >>> places = pd.DataFrame({"place_id": ["p"], "in_theatre": [True]})
    >>> theatre_power(deps, actors, places, "2020-12-01")[["country_id", "power"]].values.tolist()
    [['ru', 100.0], ['tr', 200.0]]
    """
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    overrides = count_overrides or {}
    active = active_on(theatre_rows(deployments, actors, places), as_of).copy()
    count = active["count_point"].astype("Float64")
    for deployment_id, value in overrides.items():
        count = count.mask(active["deployment_id"] == deployment_id, value)
    active["count"] = count.fillna(0).astype(float)
    active["unknown"] = count.isna()
    missing = sorted(set(active["capability"].astype(str)) - set(weights))
    if missing:
        raise KeyError(f"no weight for capability {missing[0]!r}")
    active["weight"] = active["capability"].astype(str).map(weights).astype(float)
    active["power"] = active["count"] * active["weight"]
    out = active.groupby(["country_id", "capability"], observed=True).agg(
        count=("count", "sum"), weight=("weight", "first"), power=("power", "sum"), unknown_rows=("unknown", "sum"),
    ).reset_index()
    out["capability"] = out["capability"].astype(str)
    out["unknown_rows"] = out["unknown_rows"].astype(int)
    return out.sort_values(["country_id", "capability"], ignore_index=True)


def counter_balance_ratio(power: pd.DataFrame, alignment_weight: float, balancer: str = BALANCER,
                          ally: str = ALLY, rival: str = RIVAL) -> float:
    r"""Turkey's theatre power plus what it levers through Azerbaijan, against Russia's.

    .. math:: R = \frac{P_{TR} + \alpha\, P_{AZ}}{P_{RU}}

    :math:`\alpha \in [0, 1]` is the alignment weight: the share of the ally's power the
    balancer can count on. *R* = 1 is parity; below 1 Russia outweighs the Turkish side.

    Returns
    -------
    float
        The ratio; ``inf`` when the rival has no counted power but the balancer has some,
        ``nan`` when neither has.

    Raises
    ------
    ValueError
        If `alignment_weight` is outside [0, 1].

    Notes
    -----
    Balancing through an ally ("external balancing", Waltz, K. N. (1979), *Theory of
    International Politics*, ch. 6) enters as a fixed share of the ally's power; a constant
    :math:`\alpha` assumes the ally's commitment does not change with the stakes.

    Examples
    --------
    >>> power = pd.DataFrame({"country_id": ["tr", "az", "ru"], "power": [300.0, 400.0, 1000.0]})
    >>> counter_balance_ratio(power, alignment_weight=0.5)
    0.5
    """
    if not 0 <= alignment_weight <= 1:
        raise ValueError(f"alignment_weight {alignment_weight} is outside [0, 1]")
    totals = power.groupby("country_id")["power"].sum()
    return ratio_of(totals.get(balancer, 0.0), totals.get(ally, 0.0), totals.get(rival, 0.0), alignment_weight)


def power_over_time(deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, days: list,
                    weights: dict[str, float] | None = None, alignment_weight: float = 0.5,
                    count_overrides: dict[str, float] | None = None) -> pd.DataFrame:
    """Theatre power of each state and the counter-balance ratio on each of `days`.

    Returns
    -------
    pandas.DataFrame
        Long form: ``date``, ``series`` (a state id, or ``ratio``), ``value``: for each day,
        :func:`theatre_power` summed per state and :func:`counter_balance_ratio`.
    """
    rows = []
    for day in days:
        power = theatre_power(deployments, actors, places, day, weights, count_overrides)
        totals = power.groupby("country_id")["power"].sum()
        for state in (BALANCER, ALLY, RIVAL):
            rows.append({"date": pd.Timestamp(day), "series": state, "value": float(totals.get(state, 0.0))})
        rows.append({"date": pd.Timestamp(day), "series": "ratio", "value": counter_balance_ratio(power, alignment_weight)})
    return pd.DataFrame(rows)


def layout_frames(graph: nx.MultiDiGraph, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node and edge tables of the network, laid out for drawing.

    The layout is a force-directed one with a fixed seed over sorted nodes, rounded to three
    decimals, so the same graph always draws the same way.

    Notes
    -----
    Fruchterman, T. M. J. and Reingold, E. M. (1991), "Graph drawing by force-directed
    placement", *Software: Practice and Experience* 21(11), 1129-1164 (networkx's
    ``spring_layout``). Distances in the drawing carry no meaning beyond who is tied to whom.

    Returns
    -------
    nodes : pandas.DataFrame
        ``actor_id``, ``name``, ``kind``, ``bloc``, ``x``, ``y``.
    edges : pandas.DataFrame
        ``relation_id``, ``source``, ``target``, ``relation_type``, ``sign``, ``strength``,
        ``x``, ``y``, ``x2``, ``y2`` and, where present, ``description``, ``outlet``, ``grade``.
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
