"""Tests for models/judgements.py: hedge words read on the ICD 203 scale, Brier scores and Murphy's decomposition."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from numpy.testing import assert_allclose

import counterbalance as cb
from counterbalance.assumptions import HEDGE_WORDS, ICD203_SCALE, PARTLY, UNHEDGED

BANDS = {word: (low, high) for word, low, high in ICD203_SCALE}


def article(*rows: tuple[str, str | None]) -> pd.DataFrame:
    """Article judgements, one per (judgement_id, hedge words) pair."""
    return pd.DataFrame({
        "judgement_id": [r[0] for r in rows], "by": "article", "kind": "assessment",
        "statement": [f"statement {r[0]}" for r in rows], "stated_likelihood": [r[1] for r in rows],
    })


def outcomes(**resolved: str) -> pd.DataFrame:
    """One outcome row per judgement_id=outcome pair; resolved the same day unless unresolvable."""
    return pd.DataFrame({
        "judgement_id": list(resolved), "outcome": list(resolved.values()),
        "resolved_on": [None if o == "not_yet_resolvable" else "2024-06-12" for o in resolved.values()],
    })


@pytest.fixture(scope="module")
def tables():
    return cb.load_tables("judgements", "outcomes")


class TestHedgeProbability:
    def test_hedge_words_map_to_the_middle_of_their_band(self):
        """'probably' reads as likely (55-80 %: 0.675), 'apparently' as very likely (80-95 %: 0.875)."""
        assert cb.hedge_probability("probably") == ("likely", 0.675)
        assert cb.hedge_probability("apparently") == ("very likely", 0.875)
        for words, word in HEDGE_WORDS.items():
            low, high = BANDS[word]
            assert cb.hedge_probability(words) == (word, pytest.approx((low + high) / 2))

    def test_an_unhedged_judgement_reads_as_almost_certain(self):
        """No hedge (None, a missing value, an empty string) reads as UNHEDGED: almost certain, 95-99 %, scored 0.97."""
        assert UNHEDGED == "almost certain"
        for blank in (None, pd.NA, math.nan, "", "  "):
            assert cb.hedge_probability(blank) == ("almost certain", pytest.approx(0.97))

    def test_case_and_spacing_do_not_matter(self):
        """'By all  Indications' is 'by all indications'."""
        assert cb.hedge_probability("By all  Indications") == ("very likely", 0.875)

    def test_unknown_hedge_words_are_refused_by_name(self):
        """Words outside HEDGE_WORDS raise ValueError naming them, rather than being guessed."""
        with pytest.raises(ValueError, match="'in all likelihood'"):
            cb.hedge_probability("in all likelihood")


class TestOutcomeValue:
    def test_partly_is_half_a_hit_and_half_a_miss(self):
        """A 'likely' (0.675) judgement that came partly true: 0.5 x 0.325² + 0.5 x 0.675² = 0.280625."""
        assert cb.outcome_value("partly") == PARTLY == 0.5
        scores = cb.brier_scores(article(("a", "likely")), outcomes(a="partly"))
        assert_allclose(scores["brier"], [0.280625])

    def test_outcomes_map_to_one_zero_and_none(self):
        """happened 1, did_not_happen 0, not_yet_resolvable and not_scored None (no score)."""
        assert [cb.outcome_value(o) for o in ("happened", "did_not_happen", "not_yet_resolvable", "not_scored")] == [1.0, 0.0, None, None]

    def test_unknown_outcome_is_refused(self):
        """An outcome outside the data's four raises ValueError naming it."""
        with pytest.raises(ValueError, match="'maybe'"):
            cb.outcome_value("maybe")


class TestBrierScores:
    def test_mean_brier_score_computed_by_hand(self):
        """Three article judgements, scored on paper.

        "likely" (0.675), happened:             (0.675 - 1)² = 0.105625
        "by all indications" (0.875), did not:  (0.875 - 0)² = 0.765625
        unhedged (0.97), happened:              (0.97 - 1)²  = 0.0009
        mean = 0.87215 / 3 = 0.29071666...
        """
        scores = cb.brier_scores(article(("a", "likely"), ("b", "by all indications"), ("c", None)),
                                 outcomes(a="happened", b="did_not_happen", c="happened"))
        assert_allclose(scores["brier"], [0.105625, 0.765625, 0.0009], atol=1e-12)
        assert_allclose(scores["brier"].mean(), 0.87215 / 3, atol=1e-12)
        assert scores["word"].tolist() == ["likely", "very likely", "almost certain"]

    def test_not_yet_resolvable_is_kept_but_left_out_of_the_mean(self):
        """An unresolvable judgement keeps its row with a NaN score; the mean and the count are those of the other two."""
        scores = cb.brier_scores(article(("a", "likely"), ("b", None), ("c", "apparently")),
                                 outcomes(a="happened", b="not_yet_resolvable", c="happened"))
        assert scores["judgement_id"].tolist() == ["a", "b", "c"]
        assert math.isnan(scores.loc[1, "brier"]) and math.isnan(scores.loc[1, "outcome_value"])
        terms = cb.brier_decomposition(scores["probability"], scores["outcome_value"])
        assert terms["count"] == 2
        assert_allclose(terms["brier"], (0.325 ** 2 + 0.125 ** 2) / 2)
        assert_allclose(terms["brier"], scores["brier"].mean())  # pandas skips NaN the same way

    def test_report_judgements_take_the_models_probability(self):
        """A by=report judgement is scored at the probability the models give it, its word from ICD 203."""
        judgements = pd.concat([article(("a", "likely")), article(("kj_x", None)).assign(by="report")], ignore_index=True)
        scores = cb.brier_scores(judgements, outcomes(a="happened", kj_x="did_not_happen"), {"kj_x": 0.3})
        row = scores.set_index("judgement_id").loc["kj_x"]
        assert (row["probability"], row["word"]) == (0.3, "unlikely")
        assert_allclose(row["brier"], 0.09)

    def test_a_certain_report_judgement_is_scored_at_the_directives_ninety_nine_per_cent(self):
        """Every sampled world is not certainty: 1.0 is scored as 0.99, (0.99 - 1)^2 = 0.0001; 0.0 as 0.01."""
        judgements = article(("kj_x", None), ("kj_y", None)).assign(by="report")
        scores = cb.brier_scores(judgements, outcomes(kj_x="happened", kj_y="happened"), {"kj_x": 1.0, "kj_y": 0.0})
        assert scores["probability"].tolist() == [0.99, 0.01]
        assert_allclose(scores["brier"], [0.0001, 0.9801])
        assert scores["word"].tolist() == ["almost certain", "almost no chance"]

    def test_a_report_judgement_without_a_probability_is_refused_by_name(self):
        """A report judgement missing from `probabilities` raises KeyError naming it."""
        judgements = article(("kj_x", None)).assign(by="report")
        with pytest.raises(KeyError, match="kj_x"):
            cb.brier_scores(judgements, outcomes(kj_x="happened"), {})

    def test_judgements_without_an_outcome_are_not_scored(self):
        """Only judgements with an outcome row appear."""
        scores = cb.brier_scores(article(("a", "likely"), ("b", "likely")), outcomes(a="happened"))
        assert scores["judgement_id"].tolist() == ["a"]

    def test_two_outcomes_for_one_judgement_are_refused(self):
        """A judgement resolved twice is ambiguous: ValueError naming it."""
        twice = pd.concat([outcomes(a="happened"), outcomes(a="did_not_happen")], ignore_index=True)
        with pytest.raises(ValueError, match="more than one outcome: a$"):
            cb.brier_scores(article(("a", "likely")), twice)

    def test_the_shipped_data_scores(self, tables):
        """Every by=article judgement has an outcome row, reads as an ICD 203 expression and is scored in [0, 1]."""
        judgements, resolved = tables["judgements"], tables["outcomes"]
        by_article = set(judgements.loc[judgements["by"] == "article", "judgement_id"])
        assert by_article <= set(resolved["judgement_id"])
        report = judgements.loc[judgements["by"] == "report", "judgement_id"]
        scores = cb.brier_scores(judgements, resolved, dict.fromkeys(report, 0.5))
        scored = scores[scores["by"] == "article"]
        assert set(scored["judgement_id"]) == by_article
        assert set(scored["word"]) <= set(BANDS)
        assert scored["brier"].dropna().between(0, 1).all()
        assert scored["outcome_value"].notna().sum() >= 2


class TestBrierDecomposition:
    def test_the_decomposition_adds_up_on_a_hand_example(self):
        """Murphy (1973) on paper: forecasts 0.9, 0.9, 0.2, 0.2; outcomes 1, 0, 0, 0; a bin per probability.

        Brier = (0.01 + 0.81 + 0.04 + 0.04) / 4 = 0.225
        reliability = (2 (0.9 - 0.5)² + 2 (0.2 - 0)²) / 4 = 0.1
        resolution = (2 (0.5 - 0.25)² + 2 (0 - 0.25)²) / 4 = 0.0625
        uncertainty = 0.25 x 0.75 = 0.1875, and 0.1 - 0.0625 + 0.1875 = 0.225
        """
        terms = cb.brier_decomposition([0.9, 0.9, 0.2, 0.2], [1, 0, 0, 0])
        assert terms["count"] == 4 and terms["bins"] == 2 and terms["note"] is None
        assert_allclose([terms[k] for k in ("brier", "reliability", "resolution", "uncertainty")],
                        [0.225, 0.1, 0.0625, 0.1875], atol=1e-12)
        assert_allclose(terms["reliability"] - terms["resolution"] + terms["uncertainty"], terms["brier"], atol=1e-12)

    def test_the_identity_is_exact_with_partial_outcomes_and_near_probabilities(self):
        """0.875 and 0.97 are two bins, not one of 0.8 to 1.0, and a partly outcome is half a hit: exact to the last digit.

        Bins 0.675 (outcomes 1, 0.5: 75 %) and 0.97 (1, 0, 0.5: 50 %), 0.875 (0): overall 3 / 6 = 0.5.
        reliability = (2 (0.675 - 0.75)² + 3 (0.97 - 0.5)² + (0.875 - 0)²) / 6 = 1.439575 / 6
        resolution = (2 (0.25)² + 3 (0)² + (0.5)²) / 6 = 0.0625
        """
        terms = cb.brier_decomposition([0.675, 0.675, 0.97, 0.97, 0.97, 0.875], [1, 0.5, 1, 0, 0.5, 0])
        assert terms["bins"] == 3
        assert_allclose([terms["reliability"], terms["resolution"], terms["uncertainty"]], [1.439575 / 6, 0.0625, 0.25], atol=1e-12)
        assert_allclose(terms["reliability"] - terms["resolution"] + terms["uncertainty"], terms["brier"], atol=1e-12)

    def test_too_few_or_uniform_outcomes_give_nan_terms_and_a_note(self):
        """Fewer than two resolved judgements, or every outcome equal, leave nothing to decompose: NaN terms, a note."""
        one = cb.brier_decomposition([0.9, 0.5], [1, None])
        assert one["count"] == 1 and one["brier"] == pytest.approx(0.01) and "at least 2" in one["note"]
        same = cb.brier_decomposition([0.9, 0.6], [1, 1])
        assert "every resolved outcome is 1" in same["note"]
        for terms in (one, same):
            assert all(math.isnan(terms[k]) for k in ("reliability", "resolution", "uncertainty"))
        assert math.isnan(cb.brier_decomposition([], [])["brier"])

    def test_probabilities_outside_the_unit_interval_are_refused(self):
        """A probability of 1.2 raises ValueError quoting it."""
        with pytest.raises(ValueError, match="1.2"):
            cb.brier_decomposition([1.2, 0.5], [1, 0])
