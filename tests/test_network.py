"""Tests for network.py: balance, power and ratio checked against hand computations."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from counterbalance import load_tables, network

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


def deployments_frame(rows):
    frame = pd.DataFrame(rows, columns=["deployment_id", "actor_id", "place_id", "capability", "count_point", "count_qualifier"])
    frame["count_point"] = frame["count_point"].astype("Float64")
    for column in ("start_earliest", "start_latest", "end_earliest", "end_latest"):
        frame[column] = pd.Series([pd.NaT] * len(frame), dtype="datetime64[s]")
    return frame


ACTORS = pd.DataFrame({"actor_id": ["ru_force", "tr_force", "az_force"], "country_id": ["ru", "tr", "az"]})
PLACES = pd.DataFrame({"place_id": ["karabakh", "ankara"], "in_theatre": [True, False]})


class TestTheatrePowerAndRatio:
    def test_ratio_by_hand(self):
        """TR: 136 engineers + 4 aircraft x 100 = 536; AZ: 2 drones x 25 = 50; RU: 1960 + 50.
        R = (536 + 0.5 x 50) / 2010 = 561 / 2010."""
        deps = deployments_frame([
            ("d1", "ru_force", "karabakh", "troops", 1960, "approximately"),
            ("d2", "ru_force", "karabakh", "heavy_fires", 1, "at_least"),
            ("d3", "tr_force", "karabakh", "engineers", 136, "exact"),
            ("d4", "tr_force", "karabakh", "air_assets", 4, "at_least"),
            ("d5", "az_force", "karabakh", "drones", 2, "at_least"),
            ("d6", "tr_force", "ankara", "troops", 100000, "exact"),  # outside the theatre
            ("d7", "tr_force", "karabakh", "monitors", None, "unknown"),
        ])
        power = network.theatre_power(deps, ACTORS, PLACES, "2020-12-01")
        assert power.groupby("country_id")["power"].sum().to_dict() == {"az": 50.0, "ru": 2010.0, "tr": 536.0}
        assert power.set_index("capability").at["monitors", "unknown_rows"] == 1
        assert network.counter_balance_ratio(power, 0.5) == pytest.approx(561 / 2010)

    def test_weights_and_overrides_move_the_ratio(self):
        deps = deployments_frame([("d1", "ru_force", "karabakh", "troops", 1000, "exact"),
                                  ("d2", "tr_force", "karabakh", "air_assets", 4, "exact")])
        base = network.counter_balance_ratio(network.theatre_power(deps, ACTORS, PLACES, "2020-12-01"), 0.5)
        doubled = network.counter_balance_ratio(network.theatre_power(deps, ACTORS, PLACES, "2020-12-01", {"air_assets": 200.0}), 0.5)
        override = network.counter_balance_ratio(network.theatre_power(deps, ACTORS, PLACES, "2020-12-01", count_overrides={"d1": 400}), 0.5)
        assert (base, doubled, override) == (pytest.approx(0.4), pytest.approx(0.8), pytest.approx(1.0))

    def test_no_rival_power_gives_infinity(self):
        power = pd.DataFrame({"country_id": ["tr"], "power": [10.0]})
        assert network.counter_balance_ratio(power, 0.5) == math.inf

    def test_alignment_weight_outside_unit_interval_is_refused(self):
        with pytest.raises(ValueError, match="outside"):
            network.counter_balance_ratio(pd.DataFrame({"country_id": ["ru"], "power": [1.0]}), 1.5)


class TestOnTheData:
    def test_the_shipped_data_splits_into_two_balanced_camps(self):
        tables = load_tables("actors", "relations")
        graph = network.build_balance_graph(tables["actors"], tables["relations"], "2020-12-31")
        triads = network.signed_triads(network.state_signs(graph))
        assert len(triads) == 2 and network.balance_index(triads) == 1.0

    def test_as_of_date_changes_the_network(self):
        tables = load_tables("actors", "relations")
        before = network.build_balance_graph(tables["actors"], tables["relations"], "2020-10-01")
        after = network.build_balance_graph(tables["actors"], tables["relations"], "2020-12-31")
        assert before.number_of_edges() < after.number_of_edges()
        assert not before.has_edge("tr", "ru", "rel_tr_ru_memorandum")

    def test_russian_contingent_counts_only_once_deployed(self):
        tables = load_tables("actors", "places", "deployments")
        early = network.theatre_power(tables["deployments"], tables["actors"], tables["places"], "2020-11-01")
        late = network.theatre_power(tables["deployments"], tables["actors"], tables["places"], "2020-12-31")
        assert "ru" not in set(early["country_id"]) and "ru" in set(late["country_id"])
