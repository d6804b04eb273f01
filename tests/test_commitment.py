"""Tests for models/commitment.py and models/agreement.py: scores, intervals, tie signs and alpha, worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import counterbalance as cb
from counterbalance.models.agreement import coding_agreement, coding_units
from counterbalance.models.commitment import (
    BOOTSTRAP_SAMPLES, SEED, bootstrap_interval, commitment_layers, commitment_tie, quarterly_commitment, tie_sign,
)
from counterbalance.models.network import ANTAGONISTIC, COOPERATIVE, MIXED
from counterbalance.pipeline.registry import NOTEBOOKS

CAMEO = pd.DataFrame({"code": ["057", "190", "112", "111", "043"], "label": ["sign", "fight", "accuse", "criticise", "host"],
                      "goldstein": [8.0, -10.0, -2.0, -2.0, 2.8]})


def acts(rows):
    """Interactions as coded_interactions gives them: (event, a, b, weight, quarter)."""
    return pd.DataFrame(rows, columns=["event_id", "a", "b", "goldstein", "quarter"])


class TestQuarterlyCommitment:
    def test_the_score_is_the_mean_over_events_of_each_events_mean(self):
        """Russia-Turkey in 2020Q4: e1 holds two acts (+8, +2.8: mean 5.4), e2 one (-2): (5.4 - 2) / 2 = 1.7."""
        frame = acts([("e1", "ru", "tr", 8.0, "2020Q4"), ("e1", "ru", "tr", 2.8, "2020Q4"), ("e2", "ru", "tr", -2.0, "2020Q4"),
                      ("e3", "az", "tr", 8.0, "2021Q1")])
        scores = quarterly_commitment(frame).set_index(["a", "b", "quarter"])
        assert scores.loc[("ru", "tr", "2020Q4"), "score"] == pytest.approx(1.7)
        assert scores.loc[("ru", "tr", "2020Q4"), "events"] == 2 and scores.loc[("ru", "tr", "2020Q4"), "interactions"] == 3
        assert scores.loc[("az", "tr", "2021Q1"), "score"] == 8.0
        assert str(scores.loc[("az", "tr", "2021Q1"), "quarter_start"].date()) == "2021-01-01"

    def test_two_events_give_the_interval_of_their_four_equally_likely_resamples(self):
        """Events of +8 and -2: a resample's mean is 8 (1/4), 3 (1/2) or -2 (1/4), so the 90 % interval runs from -2 to 8."""
        frame = acts([("e1", "am", "az", 8.0, "2022Q4"), ("e2", "am", "az", -2.0, "2022Q4")])
        row = quarterly_commitment(frame).iloc[0]
        assert (row["low"], row["high"]) == (-2.0, 8.0)
        assert row["sign"] == MIXED

    def test_intervals_are_deterministic_and_do_not_move_when_other_pairs_are_added(self):
        frame = acts([(f"e{i}", "ru", "tr", w, "2020Q4") for i, w in enumerate([8.0, 2.8, -2.0, 7.4, 5.0])])
        alone = quarterly_commitment(frame)
        again = quarterly_commitment(frame)
        more = quarterly_commitment(pd.concat([acts([("x1", "am", "az", -10.0, "2020Q4"), ("x2", "am", "az", 8.0, "2020Q4")]), frame]))
        pd.testing.assert_frame_equal(alone, again)
        assert more.set_index(["a", "b"]).loc[("ru", "tr"), ["low", "high"]].tolist() == alone[["low", "high"]].iloc[0].tolist()
        other = quarterly_commitment(frame, seed=SEED + 1)
        assert other[["low", "high"]].values.tolist() != alone[["low", "high"]].values.tolist()


class TestBootstrapInterval:
    def test_one_value_has_an_interval_of_no_width(self):
        assert bootstrap_interval([-9.5]) == (-9.5, -9.5)

    def test_the_same_generator_gives_the_same_interval(self):
        values = [8.0, -10.0, 3.4, 7.4]
        first = bootstrap_interval(values, rng=np.random.default_rng(7))
        assert bootstrap_interval(values, rng=np.random.default_rng(7)) == first
        assert first[0] < np.mean(values) < first[1]

    def test_a_90_percent_interval_covers_the_true_mean_about_nine_times_in_ten(self):
        """Toy example: 400 quarters of 30 events, each weight uniform on [-10, 10] (true mean 0)."""
        rng = np.random.default_rng(1)
        covered = 0
        for _ in range(400):
            low, high = bootstrap_interval(rng.uniform(-10, 10, size=30), samples=1000, rng=rng)
            covered += low <= 0.0 <= high
        assert 0.84 <= covered / 400 <= 0.95


class TestTieSign:
    @pytest.mark.parametrize(("low", "high", "events", "sign"), [
        (1.0, 3.0, 2, COOPERATIVE),      # wholly above 0
        (-3.0, -1.0, 2, ANTAGONISTIC),   # wholly below 0
        (-1.0, 3.0, 5, MIXED),           # spans 0
        (0.0, 1.0, 5, MIXED),            # touches 0: does not exclude it
        (-1.0, 0.0, 5, MIXED),
        (8.0, 8.0, 1, MIXED),            # one event: no interval to speak of
        (-10.0, -10.0, 1, MIXED),
    ])
    def test_the_sign_needs_an_interval_that_excludes_zero_and_two_events(self, low, high, events, sign):
        assert tie_sign(low, high, events) == sign

    def test_the_tie_on_a_day_is_its_quarters_and_the_pair_reads_either_way(self):
        frame = acts([("e1", "ru", "tr", 8.0, "2020Q4"), ("e2", "ru", "tr", 7.4, "2020Q4"), ("e3", "ru", "tr", -10.0, "2021Q1")])
        scores = quarterly_commitment(frame)
        tie = commitment_tie(scores, "tr", "ru", "2020-12-17")
        assert (tie.sign, tie.weight, tie.events, tie.quarter, tie.decided) == (COOPERATIVE, pytest.approx(7.7), 2, "2020Q4", True)
        assert commitment_tie(scores, "ru", "tr", "2021-02-01").sign == MIXED  # one event
        assert commitment_tie(scores, "ru", "tr", "2021-04-01") is None  # no coded event: no tie

    def test_a_triad_closes_only_where_every_pair_has_coded_events(self):
        """Three fights between Azerbaijan and Armenia, agreements of each with Russia: two friends, a common enemy."""
        rows = [(f"w{i}", "am", "az", -10.0, "2021Q4") for i in range(3)]
        rows += [(f"s{i}", "am", "ru", 8.0, "2021Q4") for i in range(2)] + [(f"t{i}", "az", "ru", 8.0, "2021Q4") for i in range(2)]
        scores = quarterly_commitment(acts(rows))
        triads = cb.signed_triads(commitment_layers(scores, "2021-11-16"))
        assert triads[["signs", "status"]].values.tolist() == [["-++", "unbalanced"]]
        assert cb.signed_triads(commitment_layers(scores[scores["b"] != "ru"], "2021-11-16")).empty


class TestAgreement:
    def test_alpha_on_a_small_coding_worked_by_hand(self):
        """Two coders, three units (e1 Russia-Turkey, e2 Armenia-Azerbaijan, e3 Azerbaijan-Russia).

        Codes: e1 057/057, e2 190/190, e3 112/111. Five values of each coder pair up in 6
        pairable values: n(057)=2, n(190)=2, n(111)=1, n(112)=1. Observed disagreement
        D_o = 2/6; expected D_e = (36 - 4 - 4 - 1 - 1) / (6 * 5) = 26/30, so
        alpha = 1 - (2/6) / (26/30) = 8/13. On the weights the coders never differ
        (112 and 111 both weigh -2): alpha 1.
        """
        codes = pd.DataFrame({
            "event_id": ["e1", "e1", "e2", "e2", "e3", "e3", "e1"], "coder": ["coder_a", "coder_b"] * 3 + ["resolved"],
            "source_actor_id": ["tr", "ru", "az", "az", "ru", "ru", "tr"], "target_actor_id": ["ru", "tr", "am", "am", "az", "az", "ru"],
            "cameo_code": ["057", "057", "190", "190", "112", "111", "057"]})
        found = coding_agreement(coding_units(codes, CAMEO))
        assert found["coders"] == ["coder_a", "coder_b"] and found["units"] == 3 and found["agreed"] == 2
        assert found["alpha_code"] == pytest.approx(8 / 13)
        assert found["alpha_weight"] == pytest.approx(1.0)

    def test_a_pair_only_one_coder_found_counts_as_the_others_none(self):
        """e1: a codes Russia-Turkey 057, b finds no act. Units e1 (057, none) and e2 (190, 190).

        Values: 057, none, 190, 190 (n = 4). D_o = 2/4; D_e = (16 - 1 - 1 - 4) / 12 = 10/12;
        alpha = 1 - (1/2) / (10/12) = 0.4. On the weights only e2 pairs up, with one value: alpha undefined.
        """
        codes = pd.DataFrame({
            "event_id": ["e1", "e1", "e2", "e2"], "coder": ["coder_a", "coder_b", "coder_a", "coder_b"],
            "source_actor_id": ["tr", None, "az", "az"], "target_actor_id": ["ru", None, "am", "am"],
            "cameo_code": ["057", "none", "190", "190"]})
        units = coding_units(codes, CAMEO)
        assert units[["event_id", "coder", "cameo_code"]].values.tolist() == [
            ["e1", "coder_a", "057"], ["e1", "coder_b", "none"], ["e2", "coder_a", "190"], ["e2", "coder_b", "190"]]
        found = coding_agreement(units)
        assert found["alpha_code"] == pytest.approx(0.4) and found["agreed"] == 1 and np.isnan(found["alpha_weight"])

    def test_one_coder_gives_no_agreement_and_the_book_says_the_second_is_pending(self):
        codes = pd.DataFrame({"event_id": ["e1"], "coder": ["coder_a"], "source_actor_id": ["tr"], "target_actor_id": ["ru"],
                              "cameo_code": ["057"]})
        assert coding_agreement(coding_units(codes, CAMEO)) is None
        assert "pending" in cb.agreement_reading(None, 1)
        assert "pending" not in cb.agreement_reading({"coders": ["coder_a", "coder_b"], "units": 3, "agreed": 2,
                                                      "alpha_code": 0.6, "alpha_weight": 1.0}, 1)


class TestTheReportsCoding:
    def test_the_resolved_coding_scores_the_2020_memorandum_quarter_as_cooperation(self):
        """Q4 2020, Russia and Turkey: the memorandum (057, +8), Kalın's report of talks (046, +7) and Moscow's unease,
        resolved as disapproval (110, -2): a mean of 13 / 3."""
        tables = cb.load_tables("events", "event_codes", "cameo_codes")
        scores = quarterly_commitment(cb.coded_interactions(tables["event_codes"], tables["cameo_codes"], tables["events"]))
        tie = commitment_tie(scores, "ru", "tr", "2020-12-17")
        assert (tie.events, tie.sign) == (3, COOPERATIVE)
        assert tie.weight == pytest.approx((8.0 + 7.0 - 2.0) / 3)

    def test_the_chapters_parameters_default_to_the_models(self):
        defaults = NOTEBOOKS["07_commitment"].defaults
        assert (defaults["samples"], defaults["seed"]) == (BOOTSTRAP_SAMPLES, SEED)
