"""Tests for models/network.py: signed triads, balance and projection onto states, checked by hand."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from counterbalance import load_tables
from counterbalance.models import network

NAT = pd.Series([pd.NaT], dtype="datetime64[s]")


def signed(*edges):
    graph = nx.Graph()
    graph.add_edges_from((a, b, {"sign": s}) for a, b, s in edges)
    return graph


class TestSignedTriads:
    def test_balanced_triad_two_friends_with_common_enemy(self):
        """(+, -, -): the enemy of my enemy is my friend, so the triad is balanced."""
        triads = network.signed_triads(signed(("tr", "az", 1), ("az", "ru", -1), ("tr", "ru", -1)))
        assert triads["balanced"].tolist() == [True]

    def test_unbalanced_triad_three_enemies(self):
        """(-, -, -): product negative, unbalanced."""
        triads = network.signed_triads(signed(("a", "b", -1), ("b", "c", -1), ("a", "c", -1)))
        assert triads["balanced"].tolist() == [False]

    def test_unbalanced_triad_friend_of_both_rivals(self):
        """(+, +, -): a friend of both sides of a rivalry is unbalanced."""
        triads = network.signed_triads(signed(("a", "b", 1), ("b", "c", 1), ("a", "c", -1)))
        assert network.balance_index(triads) == 0.0

    def test_open_triads_are_not_counted(self):
        assert network.signed_triads(signed(("a", "b", 1), ("b", "c", -1))).empty


class TestStateSigns:
    def test_rivalry_outweighs_memorandum(self):
        graph = nx.MultiDiGraph()
        graph.add_nodes_from([("tr", {"bloc": "tr"}), ("ru", {"bloc": "ru"}), ("tr_army", {"bloc": "tr"})])
        graph.add_edge("tr", "ru", sign=-1, strength=1.0)
        graph.add_edge("tr", "ru", sign=1, strength=0.5)
        graph.add_edge("tr", "tr_army", sign=1, strength=1.0)  # inside one bloc: not projected
        projected = network.state_signs(graph)
        assert list(projected.edges(data=True)) == [("ru", "tr", {"weight": -0.5, "sign": -1})]


class TestOnTheData:
    def test_the_article_snapshot_splits_turkey_and_azerbaijan_from_russia(self):
        """On the article's day the one closed triad of states is balanced: Turkey and Azerbaijan against Russia."""
        tables = load_tables("actors", "relations")
        graph = network.build_balance_graph(tables["actors"], tables["relations"], "2020-12-17")
        triads = network.signed_triads(network.state_signs(graph))
        assert triads[["a", "b", "c", "signs"]].values.tolist() == [["az", "ru", "tr", "--+"]]
        assert network.balance_index(triads) == 1.0

    def test_as_of_date_changes_the_network(self):
        tables = load_tables("actors", "relations")
        before = network.build_balance_graph(tables["actors"], tables["relations"], "2020-10-01")
        after = network.build_balance_graph(tables["actors"], tables["relations"], "2020-12-17")
        assert before.number_of_edges() < after.number_of_edges()
        assert not before.has_edge("tr", "ru", "rel_tr_ru_memorandum")
