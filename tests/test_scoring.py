"""Tests for models/scoring.py, calibration.py, outcoding.py and forecasts.py: the scores against scikit-learn's, the
partly rule, the two baselines and their paired bootstrap, the exact decomposition, the coders' kappa and the 2020 model.

Values are worked out by hand in the docstrings, on small examples and on the article's twelve scored judgements.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.metrics import brier_score_loss, cohen_kappa_score, log_loss

import counterbalance as cb
from counterbalance.assumptions import PARTLY

# probabilities and outcomes (1, 0, or partly) that exercise every branch, including both extremes scored once
PROBABILITIES = [0.9, 0.2, 0.675, 0.97, 0.5, 0.875, 0.01]
OUTCOMES = [1, 0, PARTLY, 0, PARTLY, 1, 0]


def as_weighted_binary(probability, outcome):
    """Each judgement as two rows, a hit weighted by its outcome and a miss by the rest: scikit-learn's form of the partly rule."""
    p = np.repeat(probability, 2)
    y = np.tile([1, 0], len(probability))
    w = np.column_stack([outcome, 1 - np.asarray(outcome, dtype=float)]).ravel()
    return y, p, w


@pytest.fixture(scope="module")
def tables():
    """The shipped data, all of it (hindsight)."""
    return cb.load_tables()


@pytest.fixture(scope="module")
def article(tables):
    """The article's scored judgements, as the chapter scores them."""
    judgements = tables["judgements"]
    scores = cb.brier_scores(judgements[judgements["by"] == "article"], tables["outcomes"])
    return scores.dropna(subset=["brier"])


class TestAgainstScikitLearn:
    def test_binary_outcomes_score_as_brier_score_loss_and_log_loss(self):
        binary = [o for o in OUTCOMES if o in (0, 1)]
        p = [q for q, o in zip(PROBABILITIES, OUTCOMES) if o in (0, 1)]
        assert cb.brier_score(p, binary) == pytest.approx(brier_score_loss(binary, p), abs=1e-15)
        assert cb.log_score(p, binary) == pytest.approx(log_loss(binary, p, labels=[0, 1]), abs=1e-12)

    def test_partly_outcomes_score_as_scikit_learn_with_a_weighted_hit_and_miss(self):
        y, p, w = as_weighted_binary(PROBABILITIES, OUTCOMES)
        assert cb.brier_score(PROBABILITIES, OUTCOMES) == pytest.approx(brier_score_loss(y, p, sample_weight=w), abs=1e-15)
        assert cb.log_score(PROBABILITIES, OUTCOMES) == pytest.approx(log_loss(y, p, sample_weight=w), abs=1e-12)

    def test_the_articles_scores_agree_with_scikit_learn(self, article):
        y, p, w = as_weighted_binary(article["probability"].to_numpy(), article["outcome_value"].to_numpy())
        assert_allclose(article["brier"].mean(), brier_score_loss(y, p, sample_weight=w), atol=1e-15)
        assert_allclose(article["log"].mean(), log_loss(y, p, sample_weight=w), atol=1e-12)


class TestPartlyRule:
    def test_partly_is_half_the_hit_and_half_the_miss_not_a_gap_to_one_half(self):
        """0.875, partly: 0.5 x 0.125² + 0.5 x 0.875² = 0.390625, not (0.875 - 0.5)² = 0.140625.
        Log: 0.5 (-ln 0.875) + 0.5 (-ln 0.125) = 0.5 (0.133531 + 2.079442) = 1.106486."""
        assert cb.brier_score([0.875], [PARTLY]) == pytest.approx(0.390625, abs=1e-12)
        assert cb.log_score([0.875], [PARTLY]) == pytest.approx(1.106486, abs=1e-6)

    def test_an_even_chance_scores_a_quarter_and_ln_2_whatever_happened(self):
        """50 % scores 0.25 on a hit, a miss or a partly outcome: the rule favours no answer."""
        assert_allclose([cb.brier_score([0.5], [o]) for o in (1, 0, PARTLY)], [0.25] * 3, atol=1e-15)
        assert_allclose([cb.log_score([0.5], [o]) for o in (1, 0, PARTLY)], [np.log(2)] * 3, atol=1e-15)

    def test_a_failed_certainty_has_an_infinite_log_score_and_a_brier_of_one(self):
        assert cb.log_score([1.0], [0]) == np.inf and cb.brier_score([1.0], [0]) == 1.0


class TestSkillScores:
    def test_the_articles_baselines_and_skill_by_hand(self, article):
        """Twelve scored: nine happened, two partly, one did not, so the base rate is (9 + 2 x 0.5) / 12 = 10/12.

        Brier: six unhedged at 0.97 that happened, 6 x 0.03² = 0.0054; 'apparently' 0.875 happened, 0.015625;
        'by all indications' 0.875 partly, 0.390625; 'can be expected' 0.675 partly, 0.280625; two 'likely' 0.675 that
        happened, 2 x 0.105625 = 0.21125; 'one should anticipate' 0.675 that did not, 0.455625. Sum 1.35915 / 12 = 0.1132625.
        Always 50 %: 0.25. Always 10/12: (10/12)(2/12) = 5/36 = 0.138889. Skill: 1 - 0.1132625 / 0.25 = 0.54695, and
        1 - 0.1132625 x 36 / 5 = 0.18451.
        """
        skill = cb.skill_scores(article["probability"], article["outcome_value"])
        assert len(article) == 12
        assert_allclose([skill["even"][k] for k in ("forecast", "baseline", "skill")], [0.1132625, 0.25, 0.54695], atol=1e-12)
        assert_allclose([skill["base_rate"][k] for k in ("rate", "baseline", "skill")], [10 / 12, 5 / 36, 0.18451], atol=1e-12)
        assert_allclose(skill["base_rate"]["difference"], 0.1132625 - 5 / 36, atol=1e-12)

    def test_against_the_base_rate_the_interval_includes_zero_and_against_an_even_chance_it_does_not(self, article):
        """What the chapter may say: better than 50 %, not shown better than the base rate."""
        skill = cb.skill_scores(article["probability"], article["outcome_value"])
        assert skill["even"]["high"] < 0 < skill["base_rate"]["high"] and skill["base_rate"]["low"] < 0
        assert "wholly below zero" in cb.skill_reading(skill) and "includes zero" in cb.skill_reading(skill)

    def test_the_bootstrap_is_paired_seeded_and_points_the_right_way(self):
        """Perfect forecasts beat both baselines in every draw (share 1); the reversed ones lose in every draw (share 0)."""
        outcomes = [1, 1, 1, 0, 1, 0, 1, 1]
        perfect = cb.skill_scores([float(o) for o in outcomes], outcomes, draws=500, seed=3)
        reversed_ = cb.skill_scores([1.0 - o for o in outcomes], outcomes, draws=500, seed=3)
        assert perfect["even"]["better_share"] == 1.0 and perfect["even"]["high"] < 0
        assert reversed_["even"]["better_share"] == 0.0 and reversed_["even"]["low"] > 0
        assert reversed_["base_rate"]["low"] > 0  # a draw of all ones scores the base rate 0, never below the reversed forecasts
        again = cb.skill_scores([0.7, 0.6, 0.9, 0.2, 0.8, 0.4, 0.9, 0.6], outcomes, draws=500, seed=3)
        assert again == cb.skill_scores([0.7, 0.6, 0.9, 0.2, 0.8, 0.4, 0.9, 0.6], outcomes, draws=500, seed=3)
        assert again != cb.skill_scores([0.7, 0.6, 0.9, 0.2, 0.8, 0.4, 0.9, 0.6], outcomes, draws=500, seed=4)

    def test_no_resolved_judgement_is_refused(self):
        with pytest.raises(ValueError, match="no resolved judgement"):
            cb.skill_scores([0.5], [None])


class TestExactDecomposition:
    def test_the_articles_decomposition_by_hand(self, article):
        """Bins at 0.675 (four: 0.5, 1, 0, 1, share 0.625), 0.875 (two: 0.5, 1, share 0.75), 0.97 (six, all 1); base rate 5/6.

        reliability = (4 x 0.05² + 2 x 0.125² + 6 x 0.03²) / 12 = (0.01 + 0.03125 + 0.0054) / 12 = 0.0038875
        resolution = (4 (0.625 - 5/6)² + 2 (0.75 - 5/6)² + 6 (1/6)²) / 12 = (0.173611 + 0.013889 + 0.166667) / 12 = 0.0295139
        uncertainty = 5/6 x 1/6 = 0.1388889; 0.0038875 - 0.0295139 + 0.1388889 = 0.1132625, the mean Brier score.
        """
        terms = cb.brier_decomposition(article["probability"], article["outcome_value"])
        resolution = (4 * (0.625 - 5 / 6) ** 2 + 2 * (0.75 - 5 / 6) ** 2 + 6 * (1 / 6) ** 2) / 12
        assert terms["bins"] == 3 and terms["count"] == 12
        assert_allclose([terms["reliability"], terms["resolution"], terms["uncertainty"], terms["brier"]],
                        [0.04665 / 12, resolution, 5 / 36, 0.1132625], atol=1e-12)
        assert_allclose(terms["reliability"] - terms["resolution"] + terms["uncertainty"], terms["brier"], atol=1e-15)

    def test_pooling_two_probabilities_in_one_bin_breaks_the_identity(self, article):
        """The published five equal-width bins put 0.875 and 0.97 together: the terms then miss the score by hand.

        Pooled bin (eight, mean probability 7.57 / 8 = 0.94625, share 7.5 / 8 = 0.9375):
        reliability = (4 x 0.05² + 8 x 0.00875²) / 12 = (0.01 + 0.0006125) / 12 = 0.0008844
        resolution = (4 (0.625 - 5/6)² + 8 (0.9375 - 5/6)²) / 12 = (0.173611 + 0.086806) / 12 = 0.0217014
        0.0008844 - 0.0217014 + 0.1388889 = 0.1180719, against the score's 0.1132625: off by 0.0048.
        The function's bins never pool, so its sum is exact (above), and its resolution is the larger.
        """
        reliability = (4 * 0.05 ** 2 + 8 * (0.94625 - 0.9375) ** 2) / 12
        resolution = (4 * (0.625 - 5 / 6) ** 2 + 8 * (0.9375 - 5 / 6) ** 2) / 12
        assert reliability - resolution + 5 / 36 - 0.1132625 == pytest.approx(0.0048094, abs=1e-7)
        terms = cb.brier_decomposition(article["probability"], article["outcome_value"])
        assert terms["resolution"] > resolution  # the distinct bins separate 0.875 from 0.97, which pooling hides


class TestOutcomeAgreement:
    def test_kappa_of_the_two_coders_by_hand(self, tables):
        """Twelve judgements scored (two not scored are left out). Coder A by coder B: yes/yes 7, yes/no 1, no/no 1,
        partly/yes 1, partly/partly 2. Agreement 10/12; A answers yes 8, no 1, partly 3 and B yes 8, no 2, partly 2, so
        chance agreement is (8 x 8 + 1 x 2 + 3 x 2) / 144 = 0.5, and kappa = (10/12 - 0.5) / (1 - 0.5) = 2/3.
        """
        agreement = cb.outcome_agreement(tables["outcome_codings"])
        assert (agreement["judgements"], agreement["agreed"]) == (12, 10)
        assert agreement["kappa"] == pytest.approx(2 / 3, abs=1e-12)
        assert sorted(agreement["disagreements"]["judgement_id"]) == ["fcst_advisory_mission", "fcst_army_cooperation"]

    def test_kappa_is_scikit_learns_over_the_scored_judgements_only(self):
        """Adding agreed not_scored rows would raise kappa; they are left out."""
        rows = [(j, c, o) for j, a, b in (("x", "yes", "yes"), ("y", "no", "yes"), ("z", "partly", "partly"), ("w", "not_scored", "not_scored"))
                for c, o in (("coder_a", a), ("coder_b", b), ("resolved", a))]
        codings = pd.DataFrame(rows, columns=["judgement_id", "coder", "outcome"]).assign(resolved_on="2021", reasoning="r")
        expected = cohen_kappa_score(["yes", "no", "partly"], ["yes", "yes", "partly"])
        assert cb.outcome_agreement(codings)["kappa"] == pytest.approx(expected, abs=1e-12)
        assert expected < cohen_kappa_score(["yes", "no", "partly", "not_scored"], ["yes", "yes", "partly", "not_scored"])


class TestTheModelOutOfSample:
    def test_the_model_forecasts_only_what_a_criterion_tests_and_only_with_what_was_known(self, tables):
        """Vintage 31 December 2020: the gap holds in most worlds but not all (some draw Russia's contingent out of the
        theatre); hindsight's data holds it in every world. Only jdg_force_gap is forecast and scored, as 'model'."""
        horizons = {"jdg_force_gap": "2020-12-31", "jdg_not_alone": "2020-12-31"}
        then = cb.load_tables("actors", "places", "deployments", known_on=cb.ARTICLE_KNOWN_ON)
        known = cb.model_forecasts(then["deployments"], then["actors"], then["places"], horizons, n=2000)
        hindsight = cb.model_forecasts(tables["deployments"], tables["actors"], tables["places"], horizons, n=2000)
        assert list(known) == list(hindsight) == ["jdg_force_gap"]
        assert 0.9 < known["jdg_force_gap"] < hindsight["jdg_force_gap"] == 1.0
        scores = cb.model_scores(tables["judgements"], tables["outcomes"], known)
        assert scores[["judgement_id", "by", "outcome"]].values.tolist() == [["jdg_force_gap", "model", "happened"]]
        assert_allclose(scores["brier"], [(1 - known["jdg_force_gap"]) ** 2], atol=1e-15)


@pytest.mark.slow
def test_the_executed_chapter_decomposes_its_own_score_exactly(built_project):
    """The book's executed 06 notebook: REL - RES + UNC = BS to rounding, and the hand-worked figures above."""
    from counterbalance.pipeline.runs import key_figures

    figures = key_figures(json.loads((built_project / "book" / "analysis" / "06_scoring.ipynb").read_text(encoding="utf-8")))
    assert figures["reliability"] - figures["resolution"] + figures["uncertainty"] == pytest.approx(figures["brier_article"], abs=1e-12)
    assert figures["brier_article"] == pytest.approx(0.1132625, abs=1e-12)
    assert (figures["baseline_even"], figures["n_scored_count"]) == (0.25, 12)
    assert figures["baseline_base_rate"] == pytest.approx(5 / 36, abs=1e-12) and figures["kappa"] == pytest.approx(2 / 3, abs=1e-12)
    assert figures["low_base_rate"] < 0 < figures["high_base_rate"] and figures["high_even"] < 0
