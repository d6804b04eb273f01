"""Tests for models/network.py: signed triads, balance and projection onto states, checked by hand."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from counterbalance import load_tables
from counterbalance.models import network

NAT = pd.Series([pd.NaT], dtype="datetime64[s]")


def layers(*pairs):
    """State layers from (a, b, sign code) triples, as :func:`network.state_layers` returns them."""
    return pd.DataFrame([{"a": a, "b": b, "sign": s} for a, b, s in pairs])


def two_states(*edges):
    """A network of Turkey and Russia with the given (key, sign, strength, basis) ties between them."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from([("tr", {"bloc": "tr"}), ("ru", {"bloc": "ru"}), ("tr_army", {"bloc": "tr"})])
    for key, sign, strength, basis in edges:
        graph.add_edge("tr", "ru", key=key, sign=sign, strength=strength, basis=basis)
    graph.add_edge("tr", "tr_army", key="own", sign=1, strength=1.0, basis="reported")  # inside one bloc: not projected
    return graph


class TestSignedTriads:
    def test_balanced_triad_two_friends_with_common_enemy(self):
        """(+, -, -): the enemy of my enemy is my friend, so the triad is balanced."""
        triads = network.signed_triads(layers(("az", "tr", 1), ("az", "ru", -1), ("ru", "tr", -1)))
        assert triads["status"].tolist() == ["balanced"]

    def test_unbalanced_triad_three_enemies(self):
        """(-, -, -): product negative, unbalanced."""
        triads = network.signed_triads(layers(("a", "b", -1), ("b", "c", -1), ("a", "c", -1)))
        assert triads["status"].tolist() == ["unbalanced"]

    def test_unbalanced_triad_friend_of_both_rivals(self):
        """(+, +, -): a friend of both sides of a rivalry is unbalanced."""
        triads = network.signed_triads(layers(("a", "b", 1), ("b", "c", 1), ("a", "c", -1)))
        assert network.balance_index(triads) == 0.0

    def test_a_mixed_pair_makes_the_triad_ambivalent_and_leaves_it_out_of_the_index(self):
        triads = network.signed_triads(layers(("a", "b", 1), ("b", "c", 0), ("a", "c", -1)))
        assert triads[["signs", "status"]].values.tolist() == [["+±-", "ambivalent"]]
        assert triads[["read_as_cooperation", "read_as_rivalry"]].values.tolist() == [["unbalanced", "balanced"]]
        assert np.isnan(network.balance_index(triads))

    def test_open_triads_are_not_counted(self):
        assert network.signed_triads(layers(("a", "b", 1), ("b", "c", -1))).empty


class TestStateLayers:
    def test_rivalry_and_memorandum_are_kept_as_two_layers_not_netted(self):
        projected = network.state_layers(two_states(("rivalry", -1, 1.0, "reported"), ("memo", 1, 0.5, "reported")))
        assert projected[["a", "b", "cooperation", "rivalry", "sign", "relations"]].values.tolist() == [
            ["ru", "tr", 0.5, 1.0, network.MIXED, "memo, rivalry"]]

    def test_an_inferred_tie_counts_the_inference_weight_and_is_flagged(self):
        graph = two_states(("rivalry", -1, 1.0, "inference"))
        assert network.state_layers(graph, inference_weight=0.25)[["rivalry", "sign", "inferred"]].values.tolist() == [
            [0.25, network.ANTAGONISTIC, True]]

    def test_a_single_layer_pair_keeps_its_sign(self):
        assert network.state_layers(two_states(("memo", 1, 0.5, "reported")))["sign"].tolist() == [network.COOPERATIVE]


class TestOnTheData:
    def test_on_the_articles_day_turkey_and_russia_cooperate_and_compete_at_once(self):
        """Every triad with the Turkey-Russia pair is ambivalent, the pair being tied in both layers; Armenia's two
        triads without it are balanced (its war with Azerbaijan, its alliance with Russia, Turkey's closed border)."""
        tables = load_tables("actors", "relations")
        graph = network.build_balance_graph(tables["actors"], tables["relations"], "2020-12-17")
        triads = network.signed_triads(network.state_layers(graph))
        status = {tuple(row[:3]): row[3] for row in triads[["a", "b", "c", "status"]].values.tolist()}
        assert status == {("am", "az", "ru"): "balanced", ("am", "az", "tr"): "balanced",
                          ("am", "ru", "tr"): "ambivalent", ("az", "ru", "tr"): "ambivalent"}

    def test_as_of_date_changes_the_network(self):
        tables = load_tables("actors", "relations")
        before = network.build_balance_graph(tables["actors"], tables["relations"], "2020-10-01")
        after = network.build_balance_graph(tables["actors"], tables["relations"], "2020-12-17")
        assert before.number_of_edges() < after.number_of_edges()
        assert not before.has_edge("tr", "ru", "rel_tr_ru_memorandum")
