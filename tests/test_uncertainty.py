"""Tests for uncertainty.py: the sampler against cases computed by hand, seeds, and the ICD 203 bands."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import counterbalance as cb
from counterbalance.assumptions import ICD203_EDGES, ICD203_SCALE
from counterbalance.models.judgements import likelihood_word
from counterbalance.models.uncertainty import report_draws, sample_figures, simulate_power, simulate_triad, triad_shares

ACTORS = pd.DataFrame({"actor_id": ["t", "r", "a"], "country_id": ["tr", "ru", "az"], "name": list("TRA"), "kind": ["state"] * 3})
PLACES = pd.DataFrame({"place_id": ["p"], "in_theatre": [True]})


def deployments(*rows: tuple, credibility=None, sources=None) -> pd.DataFrame:
    """Deployments of troops, each given as (actor, qualifier, point, low, high); undated, confirmed (1) by default."""
    n = len(rows)
    nat = pd.Series([pd.NaT] * n, dtype="datetime64[ns]")
    return pd.DataFrame({
        "deployment_id": [f"d{i}" for i in range(n)], "actor_id": [r[0] for r in rows], "place_id": ["p"] * n,
        "capability": ["troops"] * n, "count_qualifier": [r[1] for r in rows], "count_point": [r[2] for r in rows],
        "count_low": [r[3] for r in rows], "count_high": [r[4] for r in rows],
        "credibility": list(credibility or [1] * n), "source_id": list(sources or [f"s{i}" for i in range(n)]),
        "start_earliest": nat, "start_latest": nat, "end_earliest": nat, "end_latest": nat, "description": [""] * n,
    })


def uniform(n: int, seed: int, rows: int) -> np.ndarray:
    return np.random.default_rng(seed).random((n, rows))


class TestFigures:
    def test_a_single_range_is_drawn_uniformly_across_it(self):
        draws = sample_figures(deployments(("t", "approximately", 100.0, 0.0, 200.0)), uniform(40000, 3, 1))[:, 0]
        assert draws.min() >= 0 and draws.max() <= 200
        assert np.mean(draws < 50) == pytest.approx(0.25, abs=0.01)

    def test_a_minimum_has_the_stated_mean_excess(self):
        draws = sample_figures(deployments(("t", "at_least", 4.0, 4.0, None)), uniform(40000, 4, 1), tail=0.5)[:, 0]
        assert draws.min() >= 4 and draws.mean() == pytest.approx(6.0, abs=0.1)

    def test_a_weaker_grade_widens_the_range_and_never_removes_the_row(self):
        """An exact 100 graded 3 (possibly true) runs 25 % each side: 75 to 125, never 0."""
        draws = sample_figures(deployments(("t", "exact", 100.0, 100.0, 100.0), credibility=[3]), uniform(40000, 5, 1))[:, 0]
        assert draws.min() >= 75 and draws.max() <= 125 and np.mean(draws < 87.5) == pytest.approx(0.25, abs=0.01)
        unwidened = sample_figures(deployments(("t", "exact", 100.0, 100.0, 100.0), credibility=[3]), uniform(10, 5, 1),
                                   widening_scale=0.0)
        assert (unwidened == 100).all()


class TestOneReportsRowsAreDrawnTogether:
    def test_rows_of_one_report_share_their_draw_and_other_reports_do_not(self):
        draws = report_draws(pd.Series(["tass", "tass", "reuters", None, None]), 1000, np.random.default_rng(8))
        assert (draws[:, 0] == draws[:, 1]).all()
        assert not (draws[:, 0] == draws[:, 2]).any() and not (draws[:, 3] == draws[:, 4]).any()

    def test_the_sum_of_one_reports_two_ranges_is_as_spread_as_their_sum(self):
        """Two figures uniform on 0-200: from one report their sum is uniform on 0-400, so
        P(sum < 100) = 1/4; from two reports it is triangular, P(sum < 100) = 100^2 / 2 / 200^2 = 1/8."""
        rows = [("t", "approximately", 100.0, 0.0, 200.0)] * 2 + [("r", "exact", 100.0, 100.0, 100.0)]
        together = simulate_power(deployments(*rows, sources=["x", "x", "y"]), ACTORS, PLACES, "2020-12-01", 40000, seed=9)
        apart = simulate_power(deployments(*rows, sources=["x", "z", "y"]), ACTORS, PLACES, "2020-12-01", 40000, seed=9)
        assert together.probability(together.power_tr < 100) == pytest.approx(0.25, abs=0.01)
        assert apart.probability(apart.power_tr < 100) == pytest.approx(0.125, abs=0.01)


class TestPower:
    def test_even_odds_of_parity_when_turkey_is_uniform_around_russia(self):
        frame = deployments(("t", "approximately", 100.0, 0.0, 200.0), ("r", "exact", 100.0, 100.0, 100.0))
        worlds = simulate_power(frame, ACTORS, PLACES, "2020-12-01", 40000, seed=5)
        assert worlds.probability(worlds.ratio < 1) == pytest.approx(0.5, abs=0.01)

    def test_an_imprecise_start_puts_the_deployment_in_force_in_a_share_of_worlds(self):
        frame = deployments(("t", "exact", 100.0, 100.0, 100.0), ("r", "exact", 100.0, 100.0, 100.0))
        frame["start_earliest"] = pd.to_datetime(["2020-11-01", None])
        frame["start_latest"] = pd.to_datetime(["2020-11-10", None])  # ten days; in force on the 4th in four of them
        worlds = simulate_power(frame, ACTORS, PLACES, "2020-11-04", 40000, seed=7)
        assert worlds.probability(worlds.power_tr > 0) == pytest.approx(0.4, abs=0.01)

    @pytest.mark.parametrize("credibility", [1, 2])
    def test_theatre_power_after_an_end_date_is_zero(self, credibility):
        """Withdrawn by 12 June 2024: no power on 1 July, even with the end widened by its grade (7 days for a 2)."""
        frame = deployments(("t", "exact", 100.0, 100.0, 100.0), ("r", "approximately", 1960.0, 1862.0, 2058.0),
                            credibility=[1, credibility])
        frame["end_earliest"] = pd.to_datetime([None, "2024-06-12"])
        frame["end_latest"] = pd.to_datetime([None, "2024-06-12"])
        worlds = simulate_power(frame, ACTORS, PLACES, "2024-07-01", 2000, seed=3)
        assert (worlds.power_ru == 0).all() and np.isinf(worlds.ratio).all()
        assert cb.power_by_state(cb.theatre_power(frame, ACTORS, PLACES, "2024-07-01"))["ru"] == 0
        before = simulate_power(frame, ACTORS, PLACES, "2024-05-01", 2000, seed=3)
        assert (before.power_ru > 0).all()

    def test_an_open_row_counts_only_up_to_its_last_confirmation(self):
        frame = deployments(("t", "exact", 100.0, 100.0, 100.0), ("r", "exact", 100.0, 100.0, 100.0))
        frame["confirmed_earliest"] = frame["confirmed_latest"] = pd.to_datetime([None, "2021-01-10"])
        assert (simulate_power(frame, ACTORS, PLACES, "2021-01-05", 100, seed=1).power_ru == 100).all()
        assert (simulate_power(frame, ACTORS, PLACES, "2021-02-01", 100, seed=1).power_ru == 0).all()


class TestTriadBalance:
    def test_balance_conditional_on_a_closed_triad_in_a_four_state_example(self):
        """States a, b, c, d; a-b partners and b-c rivals, surely; a-d rivals (outside the triad).
        a-c rivalry began on one of 10-13 November (by the 12th in 3 days of 4), a-c cooperation,
        from another report, on one of 11-14 (by the 12th in 2 of 4). On the 12th:

        rivalry only 3/8 -> (+, -, -) balanced; both 3/8 -> ambivalent; cooperation only 1/8 ->
        (+, -, +) unbalanced; neither 1/8 -> open. Given a closed triad (7/8): 3/7, 1/7, 3/7.
        """
        actors = pd.DataFrame({"actor_id": list("abcd"), "country_id": list("abcd")})
        ties = pd.DataFrame({
            "source_actor_id": ["a", "b", "a", "a", "a"], "target_actor_id": ["b", "c", "c", "c", "d"],
            "sign": [1, -1, -1, 1, -1], "credibility": [1] * 5, "source_id": ["s1", "s1", "s2", "s3", "s1"],
            "start_earliest": pd.to_datetime([None, None, "2020-11-10", "2020-11-11", None]),
            "start_latest": pd.to_datetime([None, None, "2020-11-13", "2020-11-14", None]),
            "end_earliest": pd.to_datetime([None] * 5), "end_latest": pd.to_datetime([None] * 5),
        })
        shares = triad_shares(simulate_triad(actors, ties, "2020-11-12", 80000, seed=4, triad=("a", "b", "c")))
        assert shares["open"] == pytest.approx(1 / 8, abs=0.01)
        assert shares["balanced"] == pytest.approx(3 / 7, abs=0.01)
        assert shares["ambivalent"] == pytest.approx(3 / 7, abs=0.01)
        assert shares["unbalanced"] == pytest.approx(1 / 7, abs=0.01)

    def test_a_triad_never_closed_has_no_balance_probability(self):
        shares = triad_shares(np.array(["open"] * 5))
        assert shares["open"] == 1 and np.isnan(shares["balanced"])


def test_a_fixed_seed_reproduces_the_worlds_exactly_and_another_seed_does_not():
    tables = cb.load_tables("actors", "places", "deployments", "relations")
    args = (tables["deployments"], tables["actors"], tables["places"], "2021-06-30", 2000)
    first, again, other = simulate_power(*args, seed=11), simulate_power(*args, seed=11), simulate_power(*args, seed=12)
    assert np.array_equal(first.ratio, again.ratio, equal_nan=True)
    assert not np.array_equal(first.ratio, other.ratio, equal_nan=True)
    triads = [simulate_triad(tables["actors"], tables["relations"], "2021-06-30", 2000, seed=s) for s in (11, 11)]
    assert np.array_equal(*triads)


def test_without_widening_certain_worlds_reproduce_the_point_estimate():
    tables = cb.load_tables("actors", "places", "deployments")
    exact = tables["deployments"].assign(count_qualifier="exact", count_low=tables["deployments"]["count_point"],
                                         count_high=tables["deployments"]["count_point"])
    exact.loc[exact["count_point"].isna(), "count_qualifier"] = "unknown"
    dated = exact.assign(**{f"{end}_{side}": exact[f"{end}_earliest"] for end in ("start", "end", "confirmed")
                            for side in ("earliest", "latest")})
    worlds = simulate_power(dated, tables["actors"], tables["places"], "2021-06-30", 50, seed=1, widening_scale=0.0)
    power = cb.theatre_power(dated, tables["actors"], tables["places"], "2021-06-30")
    assert worlds.ratio == pytest.approx([cb.counter_balance_ratio(power, 0.5)] * 50)


@pytest.mark.parametrize(("probability", "word"), [
    (0.0, "almost no chance"), (0.0499, "almost no chance"), (0.05, "very unlikely"), (0.1999, "very unlikely"),
    (0.2, "unlikely"), (0.4499, "unlikely"), (0.45, "roughly even chance"), (0.5499, "roughly even chance"),
    (0.55, "likely"), (0.7999, "likely"), (0.8, "very likely"), (0.9499, "very likely"), (0.95, "almost certain"), (1.0, "almost certain"),
])
def test_icd203_words_honour_their_band_edges(probability, word):
    assert likelihood_word(probability) == word


def test_icd203_bands_are_the_directives_one_to_ninety_nine_percent_and_refuse_what_is_not_a_probability():
    edges = [(low, high) for _, low, high in ICD203_SCALE]
    assert edges[0][0] == 0.01 and edges[-1][1] == 0.99 and all(a[1] == b[0] for a, b in zip(edges, edges[1:]))
    assert ICD203_EDGES == (edges[0][0], *(high for _, high in edges))
    for bad in (-0.01, 1.01, float("nan")):
        with pytest.raises(ValueError):
            likelihood_word(bad)
