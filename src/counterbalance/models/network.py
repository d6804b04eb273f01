"""The balance-of-power network: who stands with whom, as a signed and typed graph of actors.

Judgement calls, made here and summarised in the Methods chapter:

* A relation's sign and strength are coded from the article's wording: a structural tie
  (alliance, rivalry) has strength 1, a tactical or partial one (a memorandum, a protest) 0.5
  or less.
* Ties between the actors of two states (a field army and its counterpart, a ministry and a
  foreign state) are projected onto those states, in two layers kept apart: cooperation
  (positive ties) and rivalry (negative ones). Nothing is netted: a rivalry and a
  memorandum between the same two states make a *mixed* pair, and a triad with a mixed
  pair is *ambivalent*, reported apart from balanced and unbalanced ones.
* A tie an author infers (``basis`` inference) counts for
  :data:`counterbalance.assumptions.INFERENCE_WEIGHT` of a reported one.

Theatre power, the other half of the balance, is :mod:`counterbalance.models.power`; who brokers
between the blocs, :mod:`counterbalance.models.brokerage`.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd

from ..assumptions import INFERENCE_WEIGHT
from .timeline import active_on

__all__ = [
    "COOPERATIVE", "ANTAGONISTIC", "MIXED", "TRIAD_STATUSES", "LAYER_READINGS", "build_balance_graph", "state_layers", "pair_sign",
    "triad_status", "signed_triads", "balance_index",
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
            **{k: rel[k] for k in ("basis", "description", "outlet", "grade") if k in rel},
        )
    return graph


#: How a pair of states stands in one layer, or both: the codes :func:`state_layers` and
#: :func:`triad_status` share (a mixed pair is tied in both layers at once).
COOPERATIVE, ANTAGONISTIC, MIXED = 1, -1, 0
SIGN_MARKS = {COOPERATIVE: "+", ANTAGONISTIC: "-", MIXED: "±"}
TRIAD_STATUSES = ("balanced", "unbalanced", "ambivalent", "open")
#: Each layer as a reading of a mixed pair: the sign the pair takes if only that layer counted.
LAYER_READINGS = {"cooperation": COOPERATIVE, "rivalry": ANTAGONISTIC}


def state_layers(graph: nx.MultiDiGraph, inference_weight: float = INFERENCE_WEIGHT) -> pd.DataFrame:
    """Project the network onto the states, keeping cooperation and rivalry as separate layers.

    Every tie between actors of two different states adds its strength to that pair's
    *cooperation* layer (a positive sign) or its *rivalry* layer (a negative one); a tie an
    author infers counts `inference_weight` times its strength. Nothing is netted: a pair
    tied in both layers at once is *mixed*, as Turkey and Russia were while they ran the
    joint centre and competed for influence.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        As :func:`build_balance_graph` returns it: nodes carry ``bloc``, edges ``sign``,
        ``strength`` and ``basis``. Actors of bloc ``"none"`` are left out.
    inference_weight : float
        What an inferred tie counts for, relative to a reported one.

    Returns
    -------
    pandas.DataFrame
        One row per tied pair of states: ``a``, ``b`` (sorted), ``cooperation``,
        ``rivalry`` (the layers' weighted strengths), ``sign`` (``COOPERATIVE``,
        ``ANTAGONISTIC`` or ``MIXED``), ``relations`` (the ties, by id) and ``inferred``
        (whether any tie is an author's inference).

    Examples
    --------
    A rivalry the author infers and a reported memorandum: both layers, neither netted away.

    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("tr", {"bloc": "tr"}), ("ru", {"bloc": "ru"})])
    >>> _ = g.add_edge("tr", "ru", key="rivalry", sign=-1, strength=1.0, basis="inference")
    >>> _ = g.add_edge("tr", "ru", key="memorandum", sign=1, strength=0.5, basis="reported")
    >>> state_layers(g)[["a", "b", "cooperation", "rivalry", "sign"]].values.tolist()
    [['ru', 'tr', 0.5, 0.5, 0]]
    """
    pairs: dict[tuple[str, str], dict] = {}
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: str(e[2])):
        a, b = graph.nodes[u]["bloc"], graph.nodes[v]["bloc"]
        if a == b or "none" in (a, b):
            continue
        pair = pairs.setdefault(tuple(sorted((a, b))), {"cooperation": 0.0, "rivalry": 0.0, "relations": [], "inferred": False})
        inferred = data.get("basis") == "inference"
        layer = "cooperation" if data["sign"] > 0 else "rivalry"
        pair[layer] += data["strength"] * (inference_weight if inferred else 1.0)
        pair["relations"].append(str(key))
        pair["inferred"] |= inferred
    rows = [{"a": a, "b": b, **p, "sign": pair_sign(p["cooperation"] > 0, p["rivalry"] > 0), "relations": ", ".join(p["relations"])}
            for (a, b), p in sorted(pairs.items())]
    return pd.DataFrame(rows, columns=["a", "b", "cooperation", "rivalry", "sign", "relations", "inferred"])


def pair_sign(cooperates, rivals):
    """The sign code of a pair from whether it is tied in each layer.

    Parameters
    ----------
    cooperates, rivals : bool or numpy.ndarray of bool
        Whether the pair is tied in the cooperation layer, and in the rivalry layer.

    Returns
    -------
    int or numpy.ndarray of int
        :data:`COOPERATIVE`, :data:`ANTAGONISTIC` or :data:`MIXED` (tied in both); a pair
        tied in neither layer reads as antagonistic, so callers mark it open themselves.

    Examples
    --------
    >>> pair_sign(True, False), pair_sign(False, True), pair_sign(True, True)
    (1, -1, 0)
    """
    cooperates, rivals = np.asarray(cooperates, dtype=bool), np.asarray(rivals, dtype=bool)
    code = np.where(cooperates & rivals, MIXED, np.where(cooperates, COOPERATIVE, ANTAGONISTIC))
    return int(code) if code.ndim == 0 else code


def triad_status(ab, bc, ac):
    """Whether a triad of states is balanced, from its three pairs' sign codes (numpy arrays alike).

    A closed triad is *balanced* when the product of its signs is positive: all friends, or
    two friends with a common enemy (Cartwright and Harary, 1956). A triad with a *mixed*
    pair is *ambivalent*: it is balanced in one reading of that pair and not in the other. A
    triad with a pair not tied at all (NaN) is *open*.

    Parameters
    ----------
    ab, bc, ac : float or numpy.ndarray
        Sign codes (:data:`COOPERATIVE`, :data:`ANTAGONISTIC`, :data:`MIXED`), NaN for no tie.

    Returns
    -------
    str or numpy.ndarray of str
        One of :data:`TRIAD_STATUSES` per triad.

    Examples
    --------
    >>> triad_status(1, -1, -1), triad_status(-1, -1, -1), triad_status(1, 0, -1), triad_status(1, float("nan"), -1)
    ('balanced', 'unbalanced', 'ambivalent', 'open')

    References
    ----------
    .. [1] D. Cartwright and F. Harary, "Structural balance: a generalization of Heider's
       theory", Psychological Review 63(5), 277-293, 1956.
    """
    signs = np.stack(np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (ab, bc, ac))))
    status = np.where(np.isnan(signs).any(axis=0), "open",
                      np.where((signs == MIXED).any(axis=0), "ambivalent",
                               np.where(np.prod(signs, axis=0) > 0, "balanced", "unbalanced")))
    return str(status) if status.ndim == 0 else status


def signed_triads(layers: pd.DataFrame) -> pd.DataFrame:
    """Every closed triad of states and its balance, read from the layers of :func:`state_layers`.

    Parameters
    ----------
    layers : pandas.DataFrame
        ``a``, ``b``, ``sign``, as :func:`state_layers` returns them.

    Returns
    -------
    pandas.DataFrame
        ``a``, ``b``, ``c`` (sorted states), ``signs`` (e.g. ``"+±-"``: the pairs ab, bc, ac),
        ``status`` (balanced, unbalanced or ambivalent), and the balance per layer:
        ``read_as_cooperation`` and ``read_as_rivalry``, the status if every mixed pair
        counted only its cooperation, or only its rivalry.

    Examples
    --------
    Rivals, the triad is balanced (two friends against a common enemy); partners, it is not.

    >>> layers = pd.DataFrame({"a": ["az", "az", "ru"], "b": ["ru", "tr", "tr"], "sign": [-1, 1, 0]})
    >>> signed_triads(layers)[["signs", "status", "read_as_cooperation", "read_as_rivalry"]].values.tolist()
    [['-±+', 'ambivalent', 'unbalanced', 'balanced']]

    Notes
    -----
    Enumerates state triples: cubic in the number of states, which are a handful.
    """
    sign = {(row.a, row.b): row.sign for row in layers.itertuples(index=False)}
    states = sorted({s for pair in sign for s in pair})
    rows = []
    for a, b, c in itertools.combinations(states, 3):
        pairs = [(a, b), (b, c), (a, c)]
        if all(p in sign for p in pairs):
            codes = [sign[p] for p in pairs]
            rows.append({"a": a, "b": b, "c": c, "signs": "".join(SIGN_MARKS[int(x)] for x in codes), "status": triad_status(*codes),
                         **{f"read_as_{layer}": triad_status(*(code if code != MIXED else reading for code in codes))
                            for layer, reading in LAYER_READINGS.items()}})
    return pd.DataFrame(rows, columns=["a", "b", "c", "signs", "status", *(f"read_as_{layer}" for layer in LAYER_READINGS)])


def balance_index(triads: pd.DataFrame) -> float:
    """Share of the closed, single-signed triads that are balanced; NaN when there is none.

    Ambivalent triads are left out, and counted apart: they are neither balanced nor not.

    Parameters
    ----------
    triads : pandas.DataFrame
        Needs ``status``, as :func:`signed_triads` returns it.

    Returns
    -------
    float
        The balanced share, between 0 and 1; NaN when no triad is single-signed.

    Examples
    --------
    >>> balance_index(pd.DataFrame({"status": ["balanced", "balanced", "unbalanced", "ambivalent"]}))
    0.6666666666666666
    """
    decided = triads[triads["status"].isin(["balanced", "unbalanced"])]
    return float((decided["status"] == "balanced").mean()) if len(decided) else float("nan")

