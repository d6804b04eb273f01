"""Tests for scenarios.py: the grid agrees with the network model, parity solves R = 1."""

from __future__ import annotations

import pytest

import counterbalance as cb


@pytest.fixture(scope="module")
def tables():
    return cb.load_tables("actors", "places", "deployments")


def present_on(tables, day, include=()):
    return cb.theatre_deployments(tables["deployments"], tables["actors"], tables["places"], day, include)


@pytest.mark.parametrize("alignment", [0.0, 0.5, 1.0])
def test_grid_agrees_with_the_network_model(tables, alignment):
    power = cb.theatre_power(tables["deployments"], tables["actors"], tables["places"], "2021-06-30",
                                     {"air_assets": 300.0}, {"dep_tr_monitors": 800})
    expected = cb.counter_balance_ratio(power, alignment)
    grid = cb.ratio_grid(present_on(tables, "2021-06-30"),
                                   {"alignment_weight": [alignment], "count:dep_tr_monitors": [800]}, {"weight_air_assets": 300.0})
    assert grid["ratio"].iloc[0] == pytest.approx(expected)


def test_parity_count_brings_turkeys_own_ratio_to_exactly_one(tables):
    present = present_on(tables, "2021-06-30")
    needed = cb.parity_count(present, "dep_tr_monitors", 0.0)
    grid = cb.ratio_grid(present, {"count:dep_tr_monitors": [needed - 1, needed, needed + 1]}, {"alignment_weight": 0.0})
    below, at, above = grid["ratio"]
    assert below < 1 and at == pytest.approx(1.0) and above > 1


def test_with_azerbaijan_counted_parity_needs_no_turkish_monitors_at_all(tables):
    assert cb.parity_count(present_on(tables, "2021-06-30"), "dep_tr_monitors", 0.5) == 0


def test_parity_weight_is_exact_where_a_grid_would_round_it(tables):
    """Turkey alone reaches parity at one weight per de-miner, not at the nearest step of a grid."""
    present = present_on(tables, "2021-06-30")
    weight = cb.parity_weight(present, "engineers", 0.0)
    grid = cb.ratio_grid(present, {"weight_engineers": [weight - 0.01, weight, weight + 0.01]}, {"alignment_weight": 0.0})
    below, at, above = grid["ratio"]
    assert below < 1 and at == pytest.approx(1.0) and above > 1
    assert cb.parity_weight(present, "air_assets", 0.0) == float("inf")  # no Turkish aircraft in the theatre that day


def test_a_contingent_not_yet_deployed_can_still_be_given_a_size(tables):
    present = present_on(tables, "2020-11-01", include=("dep_tr_monitors",))
    assert present.set_index("deployment_id").loc["dep_tr_monitors", "count"] == 0
    grid = cb.ratio_grid(present, {"count:dep_tr_monitors": [0, 1000]})
    assert grid["power_tr"].iloc[1] - grid["power_tr"].iloc[0] == pytest.approx(500.0)  # 1000 monitors at 0.5


def test_parity_refuses_a_deployment_of_another_state(tables):
    with pytest.raises(KeyError, match="not a deployment of the balancer"):
        cb.parity_count(present_on(tables, "2021-06-30"), "dep_ru_troops", 0.5)


def test_unknown_axis_is_refused(tables):
    with pytest.raises(KeyError, match="'weight_cavalry' is not alignment_weight"):
        cb.ratio_grid(present_on(tables, "2021-06-30"), {"weight_cavalry": [1.0]})
