"""Tests for the sampler (worlds.py, uncertainty.py): cases computed by hand, seeds, and the ICD 203 bands."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import counterbalance as cb
from counterbalance.assumptions import ICD203_EDGES, ICD203_SCALE
from counterbalance.models.judgements import likelihood_word
from counterbalance.models.counts import point_counts
from counterbalance.models.uncertainty import simulate_power, simulate_triad, tables_reports, triad_shares, world_power
from counterbalance.models.worlds import draw_worlds, row_draws, sample_figures, sample_span

ACTORS = pd.DataFrame({"actor_id": ["t", "r", "a"], "country_id": ["tr", "ru", "az"], "name": list("TRA"),
                       "kind": ["contingent", "contingent", "armed_forces"]})
PLACES = pd.DataFrame({"place_id": ["p"], "in_theatre": [True]})
FIXED = {"range_scale": 0.0}  # every sampled assumption held at its setting


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
        draws = sample_figures(deployments(("t", "approximately", 100.0, 0.0, 200.0)), uniform(40000, 3, 1), 0.5, 1.0)[:, 0]
        assert draws.min() >= 0 and draws.max() <= 200
        assert np.mean(draws < 50) == pytest.approx(0.25, abs=0.01)

    def test_a_minimum_has_the_stated_mean_excess(self):
        """At least 4 with a tail of 0.5: mean 4 + 0.5 x 4 = 6."""
        draws = sample_figures(deployments(("t", "at_least", 4.0, 4.0, None)), uniform(40000, 4, 1), 0.5, 1.0)[:, 0]
        assert draws.min() >= 4 and draws.mean() == pytest.approx(6.0, abs=0.1)

    def test_a_weaker_grade_widens_the_range_by_the_worlds_scale_and_never_removes_the_row(self):
        """An exact 100 graded 3 (possibly true) runs 25 % each side at scale 1 (75 to 125), 50 % at scale 2."""
        rows = deployments(("t", "exact", 100.0, 100.0, 100.0), credibility=[3])
        draws = sample_figures(rows, uniform(40000, 5, 1), 0.5, 1.0)[:, 0]
        assert draws.min() >= 75 and draws.max() <= 125 and np.mean(draws < 87.5) == pytest.approx(0.25, abs=0.01)
        assert sample_figures(rows, np.array([[0.0], [1.0]]), 0.5, np.array([2.0, 2.0]))[:, 0].tolist() == [50.0, 150.0]
        assert (sample_figures(rows, uniform(10, 5, 1), 0.5, 0.0) == 100).all()


class TestOneReportsRowsAreDrawnTogether:
    def test_rows_of_one_report_share_their_draw_and_other_reports_do_not(self):
        worlds = draw_worlds(["tass", "reuters", "row:d3", "row:d4"], 1000, seed=8)
        frame = deployments(*[("t", "exact", 1.0, 1.0, 1.0)] * 5, sources=["tass", "tass", "reuters", None, None])
        frame.loc[3:, "source_id"] = None
        draws = row_draws(worlds, frame, "figure")
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
        worlds = simulate_power(frame, ACTORS, PLACES, "2020-12-01", 40000, seed=5, alignment_weight=0.0, **FIXED)
        assert worlds.probability(worlds.ratio < 1) == pytest.approx(0.5, abs=0.01)

    def test_the_alignment_share_is_drawn_in_every_world(self):
        """Turkey 0, Azerbaijan 1,000, Russia 100: parity once the share passes 0.1; drawn on [0, 1], P(R > 1) = 0.9."""
        frame = deployments(("a", "exact", 1000.0, 1000.0, 1000.0), ("r", "exact", 100.0, 100.0, 100.0))
        worlds = simulate_power(frame, ACTORS, PLACES, "2020-12-01", 40000, seed=6)
        assert worlds.probability(worlds.ratio > 1) == pytest.approx(0.9, abs=0.01)
        assert np.allclose(worlds.parity_alignment, 0.1)

    def test_an_imprecise_start_puts_the_deployment_in_force_in_a_share_of_worlds(self):
        frame = deployments(("t", "exact", 100.0, 100.0, 100.0), ("r", "exact", 100.0, 100.0, 100.0))
        frame["start_earliest"] = pd.to_datetime(["2020-11-01", None])
        frame["start_latest"] = pd.to_datetime(["2020-11-10", None])  # ten days; in force on the 4th in four of them
        worlds = simulate_power(frame, ACTORS, PLACES, "2020-11-04", 40000, seed=7)
        assert worlds.probability(worlds.power_tr > 0) == pytest.approx(0.4, abs=0.01)

    @pytest.mark.parametrize("credibility", [1, 2])
    def test_theatre_power_after_an_end_date_is_zero(self, credibility):
        """Withdrawn by 12 June 2024: no power on 1 July, even with the end widened by its grade (7 days x at most 2 for a 2)."""
        frame = deployments(("t", "exact", 100.0, 100.0, 100.0), ("r", "approximately", 1960.0, 1862.0, 2058.0),
                            credibility=[1, credibility])
        frame["end_earliest"] = pd.to_datetime([None, "2024-06-12"])
        frame["end_latest"] = pd.to_datetime([None, "2024-06-12"])
        worlds = simulate_power(frame, ACTORS, PLACES, "2024-07-01", 2000, seed=3)
        assert (worlds.power_ru == 0).all() and np.isinf(worlds.ratio).all()
        assert cb.power_by_state(cb.theatre_power(frame, ACTORS, PLACES, "2024-07-01"))["ru"] == 0
        assert (simulate_power(frame, ACTORS, PLACES, "2024-05-01", 2000, seed=3).power_ru > 0).all()


class TestPersistence:
    def test_an_army_is_not_lost_when_sources_fall_silent(self):
        """Azerbaijan's army, last confirmed in January 2021 and never ended: kept by the point estimate and in
        every world a month later, and with a 20-year half-life in about 1 - 2^(-1/20) = 3.4 % fewer worlds a year on."""
        frame = deployments(("a", "exact", 1000.0, 1000.0, 1000.0), ("r", "exact", 100.0, 100.0, 100.0))
        frame["confirmed_earliest"] = frame["confirmed_latest"] = pd.to_datetime(["2021-01-10", None])
        assert cb.power_by_state(cb.theatre_power(frame, ACTORS, PLACES, "2025-06-01"))["az"] == 1000
        worlds = simulate_power(frame, ACTORS, PLACES, "2022-01-10", 40000, seed=1, **FIXED)
        assert worlds.probability(worlds.power_az == 0) == pytest.approx(1 - 2 ** (-1 / 20), abs=0.005)

    def test_a_mission_outlasts_its_last_report_by_its_half_life(self):
        """A mission confirmed on 1 January 2021 with a half-life of 2 years: in force on 1 January 2025 (two
        half-lives on) in a quarter of worlds; the point estimate keeps it to 1 January 2023 (its median end)."""
        frame = deployments(("t", "exact", 100.0, 100.0, 100.0), ("r", "exact", 100.0, 100.0, 100.0))
        frame["confirmed_earliest"] = frame["confirmed_latest"] = pd.to_datetime(["2021-01-01", None])
        worlds = simulate_power(frame, ACTORS, PLACES, "2025-01-01", 40000, seed=2, **FIXED)
        assert worlds.probability(worlds.power_tr > 0) == pytest.approx(0.25, abs=0.01)
        point = [cb.power_by_state(cb.theatre_power(frame, ACTORS, PLACES, day))["tr"] for day in ("2022-12-31", "2023-01-03")]
        assert point == [100.0, 0.0]

    def test_an_inference_holds_only_on_the_dates_of_its_sources(self):
        """An author's reading, open, whose sources date from 17 to 31 December 2020: in force in no world in 2021."""
        ties = pd.DataFrame({"relation_id": ["r"], "source_actor_id": ["t"], "target_actor_id": ["r"], "sign": [-1], "strength": [1.0],
                             "basis": ["inference"], "relation_type": ["rivalry"], "credibility": [1], "source_id": ["s"],
                             **{f"{d}_{s}": [pd.NaT] for d in ("start", "end") for s in ("earliest", "latest")},
                             "confirmed_earliest": pd.to_datetime(["2020-12-17"]), "confirmed_latest": pd.to_datetime(["2020-12-31"]),
                             "sourced_from": pd.to_datetime(["2020-12-17"]), "sourced_to": pd.to_datetime(["2020-12-31"])})
        start, end = sample_span(ties, draw_worlds(["s"], 1000, seed=3))
        day = lambda text: float(np.datetime64(text, "D").astype("int64"))  # noqa: E731
        assert (end <= day("2020-12-31")).all() and (start >= day("2020-12-17")).all()
        assert not cb.in_force(ties, "2021-01-15").any() and cb.in_force(ties, "2020-12-20").all()


class TestCeilings:
    def caps(self, strength_start=None):
        rows = deployments(("r", "exact", 1960.0, 1960.0, 1960.0), ("r", "exact", 1000.0, 1000.0, 1000.0))
        rows["measure"], rows["ceiling_id"] = ["ceiling", "strength"], [None, "d0"]
        rows["start_earliest"] = rows["start_latest"] = pd.to_datetime(["2020-11-10", strength_start or "2020-11-20"])
        return rows

    def test_an_unreported_strength_lies_between_the_floor_and_the_ceiling(self):
        """Before the first report, 980 to 1,960 (floor 0.5): half the worlds below 1,470, none outside; point 1,470."""
        worlds = simulate_power(self.caps(), ACTORS, PLACES, "2020-11-15", 40000, seed=4, **FIXED)
        assert worlds.power_ru.min() >= 980 and worlds.power_ru.max() <= 1960
        assert worlds.probability(worlds.power_ru < 1470) == pytest.approx(0.5, abs=0.01)
        assert cb.power_by_state(cb.theatre_power(self.caps(), ACTORS, PLACES, "2020-11-15"))["ru"] == 1470

    def test_a_reported_strength_counts_and_the_ceiling_does_not(self):
        """From 20 November the report's 1,000 counts, not the ceiling's 1,960, in the point estimate and in every world."""
        assert (simulate_power(self.caps(), ACTORS, PLACES, "2020-12-01", 100, seed=4).power_ru == 1000).all()
        assert cb.power_by_state(cb.theatre_power(self.caps(), ACTORS, PLACES, "2020-12-01"))["ru"] == 1000

    def test_nothing_counts_before_its_ceiling_began(self):
        rows = self.caps()
        rows["start_earliest"] = rows["start_latest"] = pd.to_datetime(["2021-01-30", "2021-01-30"])
        assert cb.power_by_state(cb.theatre_power(rows, ACTORS, PLACES, "2020-12-17"))["ru"] == 0


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
            "relation_id": list("vwxyz"), "source_actor_id": ["a", "b", "a", "a", "a"], "target_actor_id": ["b", "c", "c", "c", "d"],
            "sign": [1, -1, -1, 1, -1], "strength": [1.0] * 5, "basis": ["reported"] * 5, "relation_type": ["alliance"] * 5,
            "credibility": [1] * 5, "source_id": ["s1", "s1", "s2", "s3", "s1"],
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


def test_without_any_spread_the_worlds_reproduce_the_point_estimate():
    """Exact figures, exact dates, no open tails, every assumption at its setting and an unreported strength at
    its ceiling (floor 1): every world counts what the point estimate counts."""
    tables = cb.load_tables("actors", "places", "deployments")
    exact = tables["deployments"].assign(count_qualifier="exact", count_low=tables["deployments"]["count_point"],
                                         count_high=tables["deployments"]["count_point"])
    exact.loc[exact["count_point"].isna(), "count_qualifier"] = "unknown"
    dated = exact.assign(**{f"{end}_{side}": exact[f"{end}_earliest"] for end in ("start", "end") for side in ("earliest", "latest")})
    closed = dated["end_earliest"].fillna(pd.Timestamp("2030-01-01"))
    dated = dated.assign(end_earliest=closed, end_latest=closed)
    rows = cb.theatre_rows(dated, tables["actors"], tables["places"])
    settings = cb.assumption_settings(widening_scale=0.0) | {"strength_floor": 1.0}
    worlds = draw_worlds(tables_reports(rows), 50, 1, settings, range_scale=0.0)
    sampled = world_power(dated, tables["actors"], tables["places"], ["2021-06-30"], worlds)
    counted = point_counts(rows, "2021-06-30", strength_floor=1.0)[0] * rows["capability"].astype(str).map(cb.capability_weights())
    totals = cb.side_totals(counted.to_numpy(dtype=float), rows["country_id"])
    assert totals["ru"] > 0 and sampled.ratio_at(0.5)[:, 0] == pytest.approx([cb.side_ratio(totals, 0.5)] * 50)


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


@pytest.mark.parametrize("groups", [["g", "h", "g", "k", "h"], ["g"] * 5, None])
def test_the_sobol_design_is_salibs_matrix(groups):
    """The design built with array operations is SALib's own, cell for cell: grouped inputs, one group (which SALib
    crosses input by input) and no groups."""
    from SALib.sample import sobol

    from counterbalance.models.sensitivity import saltelli_design

    names = [f"x{i}" for i in range(5)]
    problem = {"num_vars": 5, "names": names, "bounds": [[0, 1]] * 3 + [[-2, 3]] * 2, **({"groups": groups} if groups else {})}
    expected = sobol.sample(problem, 16, calc_second_order=False, seed=7)
    assert np.array_equal(saltelli_design(problem, 16, seed=7), expected)
