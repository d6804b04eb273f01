"""Tests for the key judgements (headlines.py, robustness.py, keyfigures.py): answers pinned on hand-made data and on the shipped data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import counterbalance as cb
from counterbalance.models.headlines import KEY_JUDGEMENTS, judgement_outcomes, judgement_worlds
from counterbalance.models.robustness import confidence_from_checks, leave_one_out, without_rows
from counterbalance.models.uncertainty import PowerSamples

JUDGEMENTS = [j.judgement_id for j in KEY_JUDGEMENTS]
NAT = pd.NaT


def dated(frame: pd.DataFrame, **columns) -> pd.DataFrame:
    """Add the parsed-date columns the loader gives: each of `columns` is (earliest, latest) per row."""
    for name, pairs in columns.items():
        frame[f"{name}_earliest"] = pd.to_datetime([p[0] for p in pairs])
        frame[f"{name}_latest"] = pd.to_datetime([p[1] for p in pairs])
    return frame


def small_world() -> dict[str, pd.DataFrame]:
    """Three states and their forces, worked by hand.

    * Russia's contingent, 1,000 troops in the zone from 10 November 2020 to 12 June 2024; Turkey's 60 monitors
      at the centre (0.1 to 1 troop-equivalent each: 6 to 60) from its opening to its closure; Azerbaijan's army,
      10,000 troops. Turkey's share of Russia's power is at most 60 / 1,000 = 0.06 < 0.25: the gap holds in every world.
    * Azerbaijan's offensive in the zone, 19-20 September 2023, its army the attacker, not followed by a withdrawal:
      force not stopped in every world.
    * Russia-Azerbaijan allied declaration (strength 0.5) from 22 February 2022, last confirmed August 2024: the
      tie averages 0 over 2021 and 0.5 after March 2022, and is 0.5 after the offensive: it rose, in every world.
    * Turkey-Russia cooperation (0.5) and a Russian constraint on the Turkish contingent (-0.5), both for the
      centre's whole life: tied in both layers in every month, partners and rivals in every world.
    """
    actors = pd.DataFrame({"actor_id": ["tr", "ru", "az", "tr_c", "ru_c", "az_af"], "name": list("TRAtra"),
                           "kind": ["state"] * 3 + ["contingent", "contingent", "armed_forces"],
                           "country_id": ["tr", "ru", "az", "tr", "ru", "az"]})
    places = pd.DataFrame({"place_id": ["zone", "centre"], "in_theatre": [True, True]})
    deployments = dated(pd.DataFrame({
        "deployment_id": ["d_ru", "d_tr", "d_az"], "actor_id": ["ru_c", "tr_c", "az_af"], "place_id": ["zone", "centre", "zone"],
        "capability": ["troops", "monitors", "troops"], "count_qualifier": ["exact"] * 3, "count_point": [1000.0, 60.0, 10000.0],
        "count_low": [1000.0, 60.0, 10000.0], "count_high": [1000.0, 60.0, 10000.0], "credibility": [1] * 3,
        "source_id": ["s_ru", "s_tr", "s_az"], "grade": ["B1"] * 3}),
        start=[("2020-11-10",) * 2, ("2021-01-30",) * 2, (NAT, NAT)], end=[("2024-06-12",) * 2, ("2024-04-26",) * 2, (NAT, NAT)],
        confirmed=[(NAT, NAT), (NAT, NAT), ("2024-10-01", "2024-10-31")])
    events = dated(pd.DataFrame({
        "event_id": ["ev_centre_opening", "ev_centre_closure", "ev_offensive_2023"], "kind": ["opening", "closure", "offensive"],
        "place_id": ["centre", "centre", "zone"], "credibility": [1] * 3, "source_id": ["s_ev"] * 3, "grade": ["B1"] * 3}),
        start=[("2021-01-30",) * 2, ("2024-04-26",) * 2, ("2023-09-19",) * 2], end=[("2021-01-30",) * 2, ("2024-04-26",) * 2, ("2023-09-20",) * 2])
    links = pd.DataFrame({"link_id": ["l"], "event_id": ["ev_offensive_2023"], "actor_id": ["az_af"], "role": ["attacker"]})
    relations = dated(pd.DataFrame({
        "relation_id": ["r_decl", "r_coop", "r_constraint"], "source_actor_id": ["ru", "tr", "ru"], "target_actor_id": ["az", "ru", "tr_c"],
        "relation_type": ["alliance", "cooperation", "constraint"], "sign": [1, 1, -1], "strength": [0.5, 0.5, 0.5],
        "basis": ["reported"] * 3, "credibility": [1] * 3, "source_id": ["s_decl", "s_coop", "s_con"], "grade": ["B1"] * 3}),
        start=[("2022-02-22",) * 2, ("2021-01-30",) * 2, ("2020-11-11",) * 2], end=[(NAT, NAT), ("2024-04-26",) * 2, ("2024-04-26",) * 2],
        confirmed=[("2024-08-17",) * 2, (NAT, NAT), (NAT, NAT)])
    return {"actors": actors, "places": places, "deployments": deployments, "events": events, "event_links": links, "relations": relations}


def likelihoods(tables, n=400, seed=1, **keywords) -> dict[str, float]:
    return cb.key_judgement_probabilities(tables, n=n, seed=seed, **keywords)


def add(tables, table, frame):
    return {**tables, table: pd.concat([tables[table], frame], ignore_index=True)}


class TestOnAHandMadeWorld:
    def test_every_judgement_holds_in_every_world(self):
        assert likelihoods(small_world()) == dict.fromkeys(JUDGEMENTS, 1.0)

    def test_a_turkish_battalion_breaks_the_presence_gap_in_the_share_of_worlds_it_arrives_in_time(self):
        """400 Turkish troops arrive on one of 20 days, 20 April to 9 May 2024; the last day asked is the closure,
        26 April. With them Turkey has at least 406 against 1,000 (> 0.25), so the gap fails in the worlds where they
        arrive by the 26th: 7 days of 20, and it holds in 13 / 20 = 0.65."""
        battalion = dated(pd.DataFrame({"deployment_id": ["d_bn"], "actor_id": ["tr_c"], "place_id": ["zone"], "capability": ["troops"],
                                        "count_qualifier": ["exact"], "count_point": [400.0], "count_low": [400.0], "count_high": [400.0],
                                        "credibility": [1], "source_id": ["s_bn"]}),
                          start=[("2024-04-20", "2024-05-09")], end=[("2024-06-01",) * 2], confirmed=[(NAT, NAT)])
        probability = likelihoods(add(small_world(), "deployments", battalion), n=8000)["kj_presence_gap"]
        assert probability == pytest.approx(13 / 20, abs=0.02)

    def test_a_withdrawal_within_thirty_days_means_the_force_was_stopped(self):
        """A withdrawal in the zone on 5 October 2023, 16 days after the offensive began: the offensive is reversed."""
        back = dated(pd.DataFrame({"event_id": ["ev_back"], "kind": ["withdrawal"], "place_id": ["zone"], "credibility": [1], "source_id": ["s_b"]}),
                     start=[("2023-10-05",) * 2], end=[("2023-10-05",) * 2])
        assert likelihoods(add(small_world(), "events", back))["kj_force_not_stopped"] == 0.0

    def test_russian_hostility_from_2022_outweighing_the_declaration_means_the_alignment_did_not_rise(self):
        """A hostility of strength 1 from March 2022: net tie 0.5 - 1 = -0.5 after, below 0 before."""
        hostility = dated(pd.DataFrame({"relation_id": ["r_host"], "source_actor_id": ["ru"], "target_actor_id": ["az"],
                                        "relation_type": ["hostility"], "sign": [-1], "strength": [1.0], "basis": ["reported"],
                                        "credibility": [1], "source_id": ["s_h"]}),
                          start=[("2022-03-01",) * 2], end=[(NAT, NAT)], confirmed=[("2024-01-01",) * 2])
        assert likelihoods(add(small_world(), "relations", hostility))["kj_alignment_rose"] == 0.0

    def test_an_early_end_to_the_constraint_leaves_turkey_and_russia_partners_only(self):
        """The constraint ended in March 2021: both layers in 2 of the centre's 40 monthly days, 0.05 < 0.5."""
        tables = small_world()
        relations = tables["relations"].copy()
        relations.loc[relations["relation_id"] == "r_constraint", ["end_earliest", "end_latest"]] = pd.Timestamp("2021-03-01")
        assert likelihoods({**tables, "relations": relations})["kj_partners_rivals"] == 0.0

    def test_with_events_and_relations_emptied_no_judgement_holds(self):
        tables = small_world()
        empty = {**tables, "events": tables["events"].iloc[0:0], "relations": tables["relations"].iloc[0:0]}
        assert likelihoods(empty) == dict.fromkeys(JUDGEMENTS, 0.0)

    def test_no_judgement_restates_the_ratio_so_none_moves_with_the_alignment_share(self):
        """The ratio is true by definition for any share above its break-even; no judgement reads the share."""
        outcomes = [likelihoods(small_world(), settings=cb.assumption_settings(alignment_weight=a), range_scale=0.0) for a in (0.0, 1.0)]
        assert outcomes[0] == outcomes[1]

    def test_leaving_out_the_only_row_of_a_judgement_flips_it_and_the_confidence_says_so(self):
        loo = leave_one_out(small_world(), "kj_alignment_rose", n=100)
        assert loo.set_index("row_id").loc["r_decl", "probability"] == 0.0
        assert confidence_from_checks(1.0, loo, pd.DataFrame({"probability": [1.0]})) == "moderate"
        assert confidence_from_checks(1.0, loo.assign(probability=1.0), pd.DataFrame({"probability": [1.0]})) == "high"


def with_rows(tables, table, **changes):
    """A copy of one table with columns set (a scalar or one value per row)."""
    return {**tables, table: tables[table].assign(**changes)}


def one_day(day):
    return (day, day)


class TestThresholdsAtTheirBoundaries:
    """Each comparison a judgement turns on, pinned at its boundary on the hand-made world (all dates exact)."""

    def test_turkey_at_exactly_a_quarter_of_russia_is_not_below_a_quarter(self):
        """250 Turkish troops for the centre's whole life against 1,000 Russian: 250 < 0.25 x 1,000 is false."""
        tables = with_rows(small_world(), "deployments", capability=["troops", "troops", "troops"], count_point=[1000.0, 250.0, 10000.0],
                           count_low=[1000.0, 250.0, 10000.0], count_high=[1000.0, 250.0, 10000.0])
        assert likelihoods(tables)["kj_presence_gap"] == 0.0
        just_below = with_rows(tables, "deployments", count_point=[1000.0, 249.0, 10000.0], count_low=[1000.0, 249.0, 10000.0],
                               count_high=[1000.0, 249.0, 10000.0])
        assert likelihoods(just_below)["kj_presence_gap"] == 1.0

    def test_a_month_with_neither_side_present_is_no_gap(self):
        """Russia gone from the end of 2023, Turkey too: 0 < 0.25 x 0 is false, so the gap does not hold."""
        tables = small_world()
        deployments = tables["deployments"].copy()
        deployments.loc[:1, ["end_earliest", "end_latest"]] = pd.Timestamp("2023-12-31")
        assert likelihoods({**tables, "deployments": deployments})["kj_presence_gap"] == 0.0

    def force_at(self, day, back=None):
        tables = small_world()
        events = tables["events"].copy()
        chosen = events["event_id"] == "ev_offensive_2023"
        events.loc[chosen, ["start_earliest", "start_latest", "end_earliest", "end_latest"]] = pd.Timestamp(day)
        if back is not None:
            events = pd.concat([events, dated(pd.DataFrame({"event_id": ["ev_back"], "kind": ["withdrawal"], "place_id": ["zone"],
                                                            "credibility": [1], "source_id": ["s_b"]}),
                                              start=[one_day(back)], end=[one_day(back)])], ignore_index=True)
        return likelihoods({**tables, "events": events})["kj_force_not_stopped"]

    def test_force_counts_from_the_first_of_march_2022_to_the_contingents_last_day(self):
        assert self.force_at("2022-03-01") == 1.0 and self.force_at("2022-02-28") == 0.0
        assert self.force_at("2024-06-12") == 1.0 and self.force_at("2024-06-13") == 0.0

    def test_a_withdrawal_the_same_day_or_thirty_days_on_reverses_the_force_and_not_thirty_one(self):
        assert self.force_at("2023-09-19", back="2023-09-19") == 0.0
        assert self.force_at("2023-09-19", back="2023-10-19") == 0.0  # 30 days on
        assert self.force_at("2023-09-19", back="2023-10-20") == 1.0  # 31 days on
        assert self.force_at("2023-09-19", back="2023-09-18") == 1.0  # a withdrawal before the advance reverses nothing

    def test_a_tie_as_strong_before_as_after_did_not_rise(self):
        """The declaration's strength from February 2021 instead: the mean is 0.5 before and after, 0.5 > 0.5 is false."""
        tables = small_world()
        relations = tables["relations"].copy()
        relations.loc[relations["relation_id"] == "r_decl", ["start_earliest", "start_latest"]] = pd.Timestamp("2021-01-01")
        assert likelihoods({**tables, "relations": relations})["kj_alignment_rose"] == 0.0

    def test_a_tie_ended_with_the_offensive_did_not_outlast_it(self):
        """Ended on 20 September 2023, the offensive's last day: 0 in the quarter after, and 0 > 0 is false."""
        tables = small_world()
        relations = tables["relations"].copy()
        relations.loc[relations["relation_id"] == "r_decl", ["end_earliest", "end_latest"]] = pd.Timestamp("2023-09-20")
        assert likelihoods({**tables, "relations": relations})["kj_alignment_rose"] == 0.0
        relations.loc[relations["relation_id"] == "r_decl", ["end_earliest", "end_latest"]] = pd.Timestamp("2023-12-31")
        assert likelihoods({**tables, "relations": relations})["kj_alignment_rose"] == 1.0

    def test_rivals_without_partnership_are_not_partners_and_rivals(self):
        tables = small_world()
        assert likelihoods({**tables, "relations": tables["relations"][tables["relations"]["relation_id"] != "r_coop"]})["kj_partners_rivals"] == 0.0

    def test_both_layers_in_exactly_half_the_months_is_not_most(self):
        """A centre open from 1 January to 1 April 2021 is asked on 4 days, cooperation on all of them; a constraint to
        15 February covers 2 (not most), one to 15 March 3 (most)."""
        tables = small_world()
        events = tables["events"].copy()
        events.loc[events["event_id"] == "ev_centre_opening", ["start_earliest", "start_latest"]] = pd.Timestamp("2021-01-01")
        events.loc[events["event_id"] == "ev_centre_closure", ["start_earliest", "start_latest"]] = pd.Timestamp("2021-04-01")
        relations = tables["relations"].copy()
        relations.loc[relations["relation_id"] == "r_coop", ["start_earliest", "start_latest"]] = pd.Timestamp("2021-01-01")
        relations.loc[relations["relation_id"] == "r_constraint", ["end_earliest", "end_latest"]] = pd.Timestamp("2021-02-15")
        assert likelihoods({**tables, "events": events, "relations": relations})["kj_partners_rivals"] == 0.0
        relations.loc[relations["relation_id"] == "r_constraint", ["end_earliest", "end_latest"]] = pd.Timestamp("2021-03-15")
        assert likelihoods({**tables, "events": events, "relations": relations})["kj_partners_rivals"] == 1.0


class TestOnTheShippedData:
    @pytest.fixture(scope="class")
    @classmethod
    def tables(cls):
        return cb.load_tables("actors", "places", "deployments", "relations", "events", "event_links", "citations")

    def test_the_judgements_hold_on_the_data(self, tables):
        assert all(p > 0.95 for p in likelihoods(tables, n=1000).values())

    def test_each_judgements_falsifying_rows_drop_it_below_even_chance(self, tables):
        """The evidence each judgement names as falsifying, added to a copy of the data (an end a source gives
        replaces the row's open end)."""
        battalion = tables["deployments"].iloc[[0]].assign(
            deployment_id="dep_test_battalion", actor_id="tr_peacekeeping_contingent", place_id="karabakh", capability="troops",
            measure="strength", ceiling_id=None, count_qualifier="exact", count_point=600.0, count_low=600.0, count_high=600.0,
            credibility=1, source_id="test", start_earliest=pd.Timestamp("2022-01-01"), start_latest=pd.Timestamp("2022-01-01"),
            end_earliest=pd.Timestamp("2022-03-01"), end_latest=pd.Timestamp("2022-03-01"))
        days = pd.to_datetime(["2022-04-10", "2023-10-05"])  # within a month of Farukh and of the offensive
        back = tables["events"].iloc[[0, 0]].assign(event_id=["ev_test_farukh_back", "ev_test_back"], kind="withdrawal", place_id="karabakh",
                                                     credibility=1, source_id="test", start_earliest=days, start_latest=days,
                                                     end_earliest=days, end_latest=days)
        hostility = tables["relations"].iloc[[0]].assign(
            relation_id="rel_test_hostility", source_actor_id="ru", target_actor_id="az", relation_type="hostility", sign=-1,
            strength=1.0, basis="reported", credibility=1, source_id="test", start_earliest=pd.Timestamp("2022-03-01"),
            start_latest=pd.Timestamp("2022-03-01"), confirmed_earliest=pd.Timestamp("2024-01-01"), confirmed_latest=pd.Timestamp("2024-01-01"))
        relations = tables["relations"].copy()
        ended = relations["relation_id"].isin(["rel_ru_confines_tr_contingent", "rel_ru_unease_taf"])
        relations.loc[ended, ["end_earliest", "end_latest"]] = pd.Timestamp("2021-03-01")
        falsified = {"kj_presence_gap": add(tables, "deployments", battalion), "kj_force_not_stopped": add(tables, "events", back),
                     "kj_alignment_rose": add(tables, "relations", hostility), "kj_partners_rivals": {**tables, "relations": relations}}
        for judgement, copy in falsified.items():
            assert likelihoods(copy, n=500)[judgement] < 0.5, judgement

    def test_with_events_and_relations_emptied_no_judgement_holds(self, tables):
        empty = {**tables, "events": tables["events"].iloc[0:0], "relations": tables["relations"].iloc[0:0]}
        assert all(p < 0.5 for p in likelihoods(empty, n=200).values())

    def test_the_triad_judgement_does_not_hang_on_the_inferred_protectorate(self, tables):
        """Without the article's protectorate reading (scored 'did not happen'), both tie judgements still hold."""
        reduced = without_rows(tables, "relations", ["rel_ru_az_protectorate", "rel_tr_ru_rivalry"])
        probabilities = likelihoods(reduced, n=500)
        assert probabilities["kj_partners_rivals"] == 1.0 and probabilities["kj_alignment_rose"] == 1.0

    def test_azerbaijans_army_and_the_ties_persist_after_their_sources_fall_silent(self, tables):
        """Azerbaijan's army is counted on 1 October 2024 and 1 June 2025; in December 2024 the network keeps its
        command ties and the Russia-Azerbaijan alliance; Armenia is a state of the network throughout."""
        for day in ("2024-10-15", "2025-06-01"):
            assert cb.power_by_state(cb.theatre_power(tables["deployments"], tables["actors"], tables["places"], day))["az"] > 0
        graph = cb.build_balance_graph(tables["actors"], tables["relations"], "2024-12-15")
        kinds = {data["relation_type"] for _, _, data in graph.edges(data=True)}
        assert "command" in kinds and graph.has_edge("ru", "az") and "am" in graph.nodes


class TestKeyFigures:
    def test_the_ratio_is_stated_as_the_median_of_the_worlds_with_its_interval(self):
        """Turkey 100, Azerbaijan 1,000, Russia 400 in every world, the share uniform on [0, 1]: the ratio
        (100 + 1,000 a) / 400 has median 1.5 (a = 0.5), 5th percentile 0.375 (a = 0.05) and 95th 2.625 (a = 0.95);
        the break-even share is (400 - 100) / 1,000 = 30 % in every world."""
        alignment = np.linspace(0, 1, 100001)
        power = PowerSamples(np.full(alignment.size, 100.0), np.full(alignment.size, 1000.0), np.full(alignment.size, 400.0), alignment)
        figures = cb.key_figures(power)
        assert (figures["ratio"]["median"], figures["ratio"]["low"], figures["ratio"]["high"]) == pytest.approx((1.5, 0.375, 2.625), rel=1e-3)
        assert figures["parity_alignment"]["text"] == "30 %"
        assert figures["ratio"]["text"] == "about 1.5 (90 % interval 0.4 to 2.6)"

    def test_after_russia_left_the_ratio_is_said_in_words(self):
        power = PowerSamples(np.full(10, 100.0), np.full(10, 1000.0), np.zeros(10), np.full(10, 0.5))
        figures = cb.key_figures(power)
        assert figures["ratio"]["text"] == "not defined" and figures["russia_present"] == 0.0
        assert cb.ratio_reading(float("inf")).startswith("unbounded: Russia had no forces")


def test_the_worlds_of_the_judgements_cover_every_report_they_read():
    tables = small_world()
    worlds = judgement_worlds(tables, 5, seed=1)
    assert {"s_ru", "s_tr", "s_az", "s_ev", "s_decl", "s_coop", "s_con"} <= set(worlds.reports)
    assert set(judgement_outcomes(tables, worlds)) == set(JUDGEMENTS)
