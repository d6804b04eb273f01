"""Tests for uncertainty.py: the sampler against hand-computable cases, seeds, and the ICD 203 bands."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import counterbalance as cb
from counterbalance.assumptions import ICD203_SCALE
from counterbalance.models.judgements import likelihood_word
from counterbalance.models.uncertainty import sample_figures, sample_inclusion, simulate_balance, simulate_power

NAT = pd.Series([pd.NaT] * 2, dtype="datetime64[ns]")
ACTORS = pd.DataFrame({"actor_id": ["t", "r", "a"], "country_id": ["tr", "ru", "az"], "name": list("TRA"), "kind": ["state"] * 3})
PLACES = pd.DataFrame({"place_id": ["p"], "in_theatre": [True]})


def deployments(turkish: tuple, russian: tuple, credibility=(1, 1)) -> pd.DataFrame:
    """Two deployments of troops, each given as (qualifier, point, low, high)."""
    rows = [turkish, russian]
    return pd.DataFrame({
        "deployment_id": ["dt", "dr"], "actor_id": ["t", "r"], "place_id": ["p", "p"], "capability": ["troops"] * 2,
        "count_qualifier": [r[0] for r in rows], "count_point": [r[1] for r in rows],
        "count_low": [r[2] for r in rows], "count_high": [r[3] for r in rows], "credibility": list(credibility),
        "start_earliest": NAT, "start_latest": NAT, "end_earliest": NAT, "end_latest": NAT,
        "description": ["", ""], "source_id": ["s", "s"],
    })


CERTAIN = {1: 1.0}


class TestHandComputableCases:
    def test_a_single_range_is_drawn_uniformly_across_it(self):
        draws = sample_figures(deployments(("approximately", 100.0, 0.0, 200.0), ("exact", 1.0, 1.0, 1.0)), 40000, np.random.default_rng(3))
        assert draws[:, 0].min() >= 0 and draws[:, 0].max() <= 200
        assert draws[:, 0].mean() == pytest.approx(100, abs=2)
        assert np.mean(draws[:, 0] < 50) == pytest.approx(0.25, abs=0.01)

    def test_a_minimum_has_the_stated_mean_excess(self):
        draws = sample_figures(deployments(("at_least", 4.0, 4.0, None), ("exact", 1.0, 1.0, 1.0)), 40000, np.random.default_rng(4), tail=0.5)
        assert draws[:, 0].min() >= 4 and draws[:, 0].mean() == pytest.approx(6.0, abs=0.1)

    def test_even_odds_of_parity_when_turkey_is_uniform_around_russia(self):
        worlds = simulate_power(deployments(("approximately", 100.0, 0.0, 200.0), ("exact", 100.0, 100.0, 100.0)),
                                ACTORS, PLACES, "2020-12-01", 40000, seed=5, inclusion=CERTAIN)
        assert worlds.probability(worlds.ratio < 1) == pytest.approx(0.5, abs=0.01)

    def test_a_certain_claim_is_always_present_and_an_impossible_one_never(self):
        draws = sample_inclusion(pd.Series([1, 5]), 5000, np.random.default_rng(6), {1: 1.0, 5: 0.0})
        assert draws[:, 0].all() and not draws[:, 1].any()
        worlds = simulate_power(deployments(("exact", 100.0, 100.0, 100.0), ("exact", 400.0, 400.0, 400.0), credibility=(1, 5)),
                                ACTORS, PLACES, "2020-12-01", 1000, seed=6, inclusion={1: 1.0, 5: 0.0})
        assert (worlds.power_tr == 100).all() and (worlds.power_ru == 0).all() and np.isinf(worlds.ratio).all()

    def test_an_imprecise_start_puts_the_deployment_in_force_in_a_share_of_worlds(self):
        frame = deployments(("exact", 100.0, 100.0, 100.0), ("exact", 100.0, 100.0, 100.0))
        frame["start_earliest"] = pd.to_datetime(["2020-11-01", None])
        frame["start_latest"] = pd.to_datetime(["2020-11-10", None])  # ten days; in force on the 4th in four of them
        worlds = simulate_power(frame, ACTORS, PLACES, "2020-11-04", 40000, seed=7, inclusion=CERTAIN)
        assert worlds.probability(worlds.power_tr > 0) == pytest.approx(0.4, abs=0.01)

    def test_balance_of_a_certain_balanced_triad_and_of_one_whose_tie_never_holds(self):
        relations = pd.DataFrame({
            "relation_id": ["ta", "tr", "ar"], "source_actor_id": ["t", "t", "a"], "target_actor_id": ["a", "r", "r"],
            "sign": [1, -1, -1], "strength": [1.0] * 3, "credibility": [1, 1, 5],
            "start_earliest": [pd.NaT] * 3, "start_latest": [pd.NaT] * 3, "end_earliest": [pd.NaT] * 3, "end_latest": [pd.NaT] * 3,
        })
        assert (simulate_balance(ACTORS, relations, "2020-12-01", 100, seed=1, inclusion={1: 1.0, 5: 1.0}) == 1).all()
        assert np.isnan(simulate_balance(ACTORS, relations, "2020-12-01", 100, seed=1, inclusion={1: 1.0, 5: 0.0})).all()


def test_a_fixed_seed_reproduces_the_worlds_exactly_and_another_seed_does_not():
    tables = cb.load_tables("actors", "places", "deployments", "relations")
    args = (tables["deployments"], tables["actors"], tables["places"], "2020-12-31", 2000)
    first, again, other = simulate_power(*args, seed=11), simulate_power(*args, seed=11), simulate_power(*args, seed=12)
    assert np.array_equal(first.ratio, again.ratio, equal_nan=True)
    assert not np.array_equal(first.ratio, other.ratio, equal_nan=True)
    balance = [simulate_balance(tables["actors"], tables["relations"], "2020-12-31", 2000, seed=s) for s in (11, 11)]
    assert np.array_equal(*balance, equal_nan=True)


def test_certain_worlds_reproduce_the_point_estimate():
    tables = cb.load_tables("actors", "places", "deployments")
    exact = tables["deployments"].assign(count_qualifier="exact", count_low=tables["deployments"]["count_point"],
                                         count_high=tables["deployments"]["count_point"])
    exact.loc[exact["count_point"].isna(), "count_qualifier"] = "unknown"
    worlds = simulate_power(exact, tables["actors"], tables["places"], "2020-12-31", 50, seed=1,
                            inclusion={k: 1.0 for k in range(1, 7)})
    power = cb.theatre_power(exact, tables["actors"], tables["places"], "2020-12-31")
    assert worlds.ratio == pytest.approx([cb.counter_balance_ratio(power, 0.5)] * 50)


@pytest.mark.parametrize(("probability", "word"), [
    (0.0, "almost no chance"), (0.0499, "almost no chance"), (0.05, "very unlikely"), (0.1999, "very unlikely"),
    (0.2, "unlikely"), (0.4499, "unlikely"), (0.45, "roughly even chance"), (0.5499, "roughly even chance"),
    (0.55, "likely"), (0.7999, "likely"), (0.8, "very likely"), (0.9499, "very likely"), (0.95, "almost certain"), (1.0, "almost certain"),
])
def test_icd203_words_honour_their_band_edges(probability, word):
    assert likelihood_word(probability) == word


def test_icd203_bands_tile_zero_to_one_and_refuse_what_is_not_a_probability():
    edges = [(low, high) for _, low, high in ICD203_SCALE]
    assert edges[0][0] == 0 and edges[-1][1] == 1 and all(a[1] == b[0] for a, b in zip(edges, edges[1:]))
    for bad in (-0.01, 1.01, float("nan")):
        with pytest.raises(ValueError):
            likelihood_word(bad)
