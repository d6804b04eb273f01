"""Tests for data/evidence.py and grading: each rule of evidence, broken in a copy of the data, reported at file, line and field."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import edit_cell, line_of
from counterbalance.data import validate_package
from counterbalance.data.grading import credibility_ceiling, provenance, source_standing



def problems_at(data_dir: Path, location: str) -> list[str]:
    """The problems reported at `location` (``data/<file>.csv:<line>: <field>:``)."""
    return [str(p) for p in validate_package(data_dir)[0] if str(p).startswith(location + " ")]


def append_citation(data_dir: Path, **values: str) -> int:
    """Add a citation row (fields not given are empty); return its line in citations.csv."""
    path = data_dir / "citations.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerow([values.get(f, "") for f in header])
    return len(path.read_text(encoding="utf-8").splitlines())


def drop_citations(data_dir: Path, row_id: str) -> None:
    path = data_dir / "citations.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([r for r in rows if r[1] != row_id])


class TestCorroborationRule:
    """The digit a claim's citations allow (Methods: the corroboration rule)."""

    def test_two_independent_adequate_sources_confirm(self):
        assert credibility_ceiling([("supports", "reuters", "B"), ("supports", "tass", "C")]) == 1

    def test_one_wire_story_on_two_sites_is_one_origin(self):
        assert credibility_ceiling([("supports", "reuters", "B"), ("supports", "reuters", "A")]) == 2

    def test_weak_sources_alone_make_a_claim_possible_only(self):
        assert credibility_ceiling([("supports", "blog", "D"), ("supports", "forum", "E")]) == 3

    def test_a_contradiction_lowers_the_digit(self):
        assert credibility_ceiling([("supports", "reuters", "B"), ("supports", "tass", "B"), ("contradicts", "afp", "B")]) == 3
        assert credibility_ceiling([("supports", "reuters", "B"), ("contradicts", "afp", "B")]) == 4
        assert credibility_ceiling([("contradicts", "afp", "B")]) == 5

    def test_a_revision_neither_confirms_nor_contradicts(self):
        assert credibility_ceiling([("supports", "reuters", "B"), ("revises", "tass", "B")]) == 2

    def test_a_source_known_second_hand_counts_at_its_channels_grade(self):
        """Sputnik (C) read through the article (B) stays C; a B outlet read through a D blog drops to D."""
        standing = source_standing([
            {"source_id": "a", "outlet": "Article", "wire": "", "channel_source_id": "", "reliability": "B"},
            {"source_id": "s", "outlet": "Sputnik", "wire": "", "channel_source_id": "a", "reliability": "C"},
            {"source_id": "d", "outlet": "Blog", "wire": "", "channel_source_id": "", "reliability": "D"},
            {"source_id": "m", "outlet": "Milliyet", "wire": "", "channel_source_id": "d", "reliability": "B"}])
        assert standing["s"] == ("sputnik", "C") and standing["m"] == ("milliyet", "D")

    def test_the_lead_source_is_the_most_reliable_supporter(self):
        sources = [{"source_id": s, "outlet": s, "wire": "", "channel_source_id": "", "reliability": r} for s, r in (("x", "C"), ("y", "A"))]
        cites = [{"table": "events", "row_id": "e", "source_id": s, "about": "claim", "stance": "supports"} for s in ("x", "y")]
        assert provenance(cites, sources)[("events", "e")]["source_id"] == "y"


class TestRulesOnTheData:
    def test_shipped_data_is_valid(self):
        from counterbalance.paths import DATA_DIR

        assert [str(p) for p in validate_package(DATA_DIR)[0]] == []

    def test_a_claim_without_citation_is_named(self, data_dir):
        drop_citations(data_dir, "ev_fizuli_mine")
        line = line_of(data_dir, "events", "ev_fizuli_mine")
        assert problems_at(data_dir, f"data/events.csv:{line}: event_id:") == [
            f"data/events.csv:{line}: event_id: 'ev_fizuli_mine' has no supporting citation; add a row to data/citations.csv"]

    def test_a_citation_of_a_missing_row_is_named(self, data_dir):
        line = append_citation(data_dir, table="events", row_id="ev_never_happened", source_id="edm_17_181", about="claim",
                               stance="supports", locator="paragraph 1")
        assert problems_at(data_dir, f"data/citations.csv:{line}: row_id:") == [
            f"data/citations.csv:{line}: row_id: 'ev_never_happened' is not a row of data/events.csv"]

    def test_a_citation_of_an_end_the_row_does_not_state_is_named(self, data_dir):
        line = append_citation(data_dir, table="deployments", row_id="dep_tr_liaison", source_id="edm_17_181", about="end",
                               stance="supports", locator="paragraph 5")
        assert any("states no end" in p for p in problems_at(data_dir, f"data/citations.csv:{line}: about:"))

    def test_a_citation_needs_a_stance_and_a_locator(self, data_dir):
        line = append_citation(data_dir, table="events", row_id="ev_war", source_id="edm_17_181", about="claim",
                               stance="agrees", locator="")
        assert problems_at(data_dir, f"data/citations.csv:{line}: stance:") and problems_at(data_dir, f"data/citations.csv:{line}: locator:")

    def test_a_grade_better_than_one_source_allows_is_refused(self, data_dir):
        edit_cell(data_dir, "events", "ev_armenian_mining", "credibility", "1")
        line = line_of(data_dir, "events", "ev_armenian_mining")
        found = problems_at(data_dir, f"data/events.csv:{line}: credibility:")
        assert len(found) == 1 and "1 (confirmed) is more than its citations support" in found[0] and "allow at best 2" in found[0]

    def test_two_reports_of_one_wire_story_do_not_confirm(self, data_dir):
        """ev_parade_rehearsal rests on TRT Haber and a page carrying Milliyet; made a TRT Haber story too, it is one origin."""
        line = line_of(data_dir, "events", "ev_parade_rehearsal")
        assert problems_at(data_dir, f"data/events.csv:{line}: credibility:") == []
        edit_cell(data_dir, "sources", "hayathaberleri_undated_komando", "wire", "TRT Haber")
        assert any("allow at best 2" in p for p in problems_at(data_dir, f"data/events.csv:{line}: credibility:"))

    def test_an_adequate_contradiction_unconfirms(self, data_dir):
        line = line_of(data_dir, "deployments", "dep_ru_troops")
        append_citation(data_dir, table="deployments", row_id="dep_ru_troops", source_id="moscowtimes_2020_11_10", about="count",
                        stance="contradicts", locator="test")
        assert any("allow at best 3" in p for p in problems_at(data_dir, f"data/deployments.csv:{line}: credibility:"))

    def test_an_open_row_states_its_last_confirmation(self, data_dir):
        edit_cell(data_dir, "deployments", "dep_tr_liaison", "confirmed", "")
        line = line_of(data_dir, "deployments", "dep_tr_liaison")
        assert problems_at(data_dir, f"data/deployments.csv:{line}: confirmed:") == [
            f"data/deployments.csv:{line}: confirmed: is empty and so is end; give the end, or the last date a source confirmed the row"]

    def test_an_ended_row_has_no_confirmation_and_a_confirmation_follows_the_start(self, data_dir):
        edit_cell(data_dir, "relations", "rel_tr_ru_memorandum", "confirmed", "2021")
        edit_cell(data_dir, "relations", "rel_tr_az_alliance", "start", "2022")
        edit_cell(data_dir, "relations", "rel_tr_az_alliance", "confirmed", "2021")
        memorandum, alliance = (line_of(data_dir, "relations", r) for r in ("rel_tr_ru_memorandum", "rel_tr_az_alliance"))
        assert "must be empty when the row has an end" in problems_at(data_dir, f"data/relations.csv:{memorandum}: confirmed:")[0]
        assert "comes before the start" in problems_at(data_dir, f"data/relations.csv:{alliance}: confirmed:")[0]

    def test_a_source_names_a_page_or_a_channel(self, data_dir):
        edit_cell(data_dir, "sources", "reuters_2024_04_26_closure", "url", "")
        edit_cell(data_dir, "sources", "modgovaz_2024_04_26_closure", "date_accessed", "")
        gone, undated = (line_of(data_dir, "sources", s) for s in ("reuters_2024_04_26_closure", "modgovaz_2024_04_26_closure"))
        assert "give the page's address" in problems_at(data_dir, f"data/sources.csv:{gone}: url:")[0]
        assert "the day it was read" in problems_at(data_dir, f"data/sources.csv:{undated}: date_accessed:")[0]

    def test_only_web_links_are_accepted(self, data_dir):
        edit_cell(data_dir, "sources", "reuters_2024_04_26_closure", "url", "file:///etc/passwd")
        line = line_of(data_dir, "sources", "reuters_2024_04_26_closure")
        assert "only http:// and https:// addresses" in problems_at(data_dir, f"data/sources.csv:{line}: url:")[0]

    def test_claim_ids_are_unique_across_tables(self, data_dir):
        edit_cell(data_dir, "systems", "tank_mine", "system_id", "ev_fizuli_mine")
        found = [str(p) for p in validate_package(data_dir)[0] if "is also the id of" in str(p)]
        assert len(found) == 1 and "'ev_fizuli_mine' is also the id of data/" in found[0]


def figure(point: str, qualifier: str = "exact", low: str | None = None, high: str | None = None) -> dict[str, str]:
    """A citation's figure cells, as a source gives the figure."""
    low = point if low is None and qualifier in ("exact", "at_least") else (low or "")
    high = point if high is None and qualifier in ("exact", "at_most") else (high or "")
    return {"count_point": point, "count_low": low, "count_high": high, "count_qualifier": qualifier}


class TestFiguresCorroboratedAsFigures:
    """A figure is confirmed only by two independent sources giving an agreeing figure (data/README.md)."""

    def test_one_source_giving_the_figure_and_two_supporting_the_claim_make_it_probable_only(self):
        """Five dead: the prosecutor gives the figure, an agency only reports the attack."""
        sources = [{"source_id": s, "outlet": s, "wire": "", "channel_source_id": "", "reliability": "B"} for s in ("p", "q")]
        five = figure("5")
        cites = [{"table": "events", "row_id": "e", "source_id": "p", "about": "count", "stance": "supports", **five},
                 {"table": "events", "row_id": "e", "source_id": "q", "about": "claim", "stance": "supports", **dict.fromkeys(five, "")}]
        assert provenance(cites, sources, {("events", "e"): five})[("events", "e")]["ceiling"] == 2
        cites[1] |= {"about": "count", **figure("5")}
        assert provenance(cites, sources, {("events", "e"): five})[("events", "e")]["ceiling"] == 1

    def test_overlapping_ranges_agree_and_distinct_figures_do_not(self):
        """'Up to 60' and '36' agree with a row of at most 60; '61' does not."""
        sources = [{"source_id": s, "outlet": s, "wire": "", "channel_source_id": "", "reliability": "A"} for s in ("p", "q")]
        row = figure("60", "at_most", low="36")
        for other, ceiling in ((figure("36"), 1), (figure("60", "at_most"), 1), (figure("61"), 2)):
            cites = [{"table": "deployments", "row_id": "d", "source_id": "p", "about": "count", "stance": "supports", **figure("60")},
                     {"table": "deployments", "row_id": "d", "source_id": "q", "about": "count", "stance": "supports", **other}]
            assert provenance(cites, sources, {("deployments", "d"): row})[("deployments", "d")]["ceiling"] == ceiling

    def test_two_outlets_relaying_one_statement_are_one_origin(self):
        sources = [{"source_id": "p", "outlet": "Paper", "wire": "", "relays": "statement_x", "channel_source_id": "", "reliability": "B"},
                   {"source_id": "q", "outlet": "Radio", "wire": "", "relays": "statement_x", "channel_source_id": "", "reliability": "B"}]
        cites = [{"table": "events", "row_id": "e", "source_id": s, "about": "claim", "stance": "supports"} for s in ("p", "q")]
        assert provenance(cites, sources)[("events", "e")]["ceiling"] == 2
        sources[1]["relays"] = ""
        assert provenance(cites, sources)[("events", "e")]["ceiling"] == 1

    def test_a_single_figure_cannot_be_graded_confirmed_and_a_second_origin_confirms_it(self, data_dir):
        """Turkey's 266 votes for the Shusha Declaration: one page gives the figure; a second independent one confirms it."""
        line = line_of(data_dir, "events", "ev_shusha_ratified_tr")
        edit_cell(data_dir, "events", "ev_shusha_ratified_tr", "credibility", "1")
        found = problems_at(data_dir, f"data/events.csv:{line}: credibility:")
        assert len(found) == 1 and "1 give a figure agreeing with 266; they allow at best 2" in found[0]
        claim_only = next(r["source_id"] for r in csv.DictReader((data_dir / "citations.csv").open(encoding="utf-8"))
                          if r["row_id"] == "ev_shusha_ratified_tr" and r["about"] == "claim" and r["source_id"] != "newsaz_2022_02_04_ratified")
        append_citation(data_dir, table="events", row_id="ev_shusha_ratified_tr", source_id=claim_only, about="count",
                        stance="supports", locator="test", **figure("266"))
        assert problems_at(data_dir, f"data/events.csv:{line}: credibility:") == []

    def test_a_supporting_citation_giving_another_figure_is_named(self, data_dir):
        line = append_citation(data_dir, table="events", row_id="ev_shusha_ratified_tr", source_id="edm_17_181", about="count",
                               stance="supports", locator="test", **figure("265"))
        assert problems_at(data_dir, f"data/citations.csv:{line}: stance:") == [
            f"data/citations.csv:{line}: stance: supports, but the source gives 265 where the row has 266; a source giving another figure revises it"]

    def test_a_figure_citation_without_a_figure_and_a_figure_on_a_claim_citation_are_named(self, data_dir):
        bare = append_citation(data_dir, table="events", row_id="ev_shusha_ratified_tr", source_id="edm_17_181", about="count",
                               stance="supports", locator="test")
        stray = append_citation(data_dir, table="events", row_id="ev_war", source_id="rt_2020_10_26_f16", about="claim",
                                stance="supports", locator="test", **figure("3"))
        assert "a citation about a figure gives the figure" in problems_at(data_dir, f"data/citations.csv:{bare}: count_qualifier:")[0]
        assert "must be empty on a citation about claim" in problems_at(data_dir, f"data/citations.csv:{stray}: count_qualifier:")[0]

    def test_a_grade_worse_than_the_rule_needs_a_note(self, data_dir):
        line = line_of(data_dir, "actors", "tr_armed_forces")
        edit_cell(data_dir, "actors", "tr_armed_forces", "credibility", "4")
        assert "say why in the note of one of its citations" in problems_at(data_dir, f"data/actors.csv:{line}: credibility:")[0]
        rows = list(csv.reader((data_dir / "citations.csv").open(encoding="utf-8")))
        header = rows[0]
        target = next(r for r in rows[1:] if r[1] == "tr_armed_forces")
        target[header.index("note")] = "only the article names it"
        with (data_dir / "citations.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
        assert problems_at(data_dir, f"data/actors.csv:{line}: credibility:") == []


class TestSourceDates:
    """A source is dated from its page, its channel, or says that its page shows none."""

    def test_each_basis_needs_its_date(self, data_dir):
        dated, undated = "reuters_2024_04_26_closure", "kontan_undated_f16"
        edit_cell(data_dir, "sources", undated, "date_published", "2020-10-26")
        edit_cell(data_dir, "sources", dated, "date_basis", "page_range")
        assert "must be empty when date_basis is none_shown" in problems_at(data_dir, f"data/sources.csv:{line_of(data_dir, 'sources', undated)}: date_published:")[0]
        assert "is not a range" in problems_at(data_dir, f"data/sources.csv:{line_of(data_dir, 'sources', dated)}: date_published:")[0]
        edit_cell(data_dir, "sources", dated, "date_basis", "page")
        edit_cell(data_dir, "sources", dated, "date_published", "")
        assert "date_basis page needs the date the page gives" in problems_at(data_dir, f"data/sources.csv:{line_of(data_dir, 'sources', dated)}: date_published:")[0]

    def test_a_date_nobody_could_check_is_refused(self, data_dir):
        """No basis says "recorded once, never checked": a date is read from the page, or the page shows none."""
        dated = "reuters_2024_04_26_closure"
        edit_cell(data_dir, "sources", dated, "date_basis", "unverified")
        [problem] = problems_at(data_dir, f"data/sources.csv:{line_of(data_dir, 'sources', dated)}: date_basis:")
        assert "unverified" in problem and "none_shown" in problem


class TestOpenRowsAndCeilings:
    """Every open row says why; a strength names a ceiling of its own actor and capability, which began no later."""

    def test_an_open_row_without_a_reason_is_refused_at_its_line(self, data_dir):
        edit_cell(data_dir, "relations", "rel_tr_az_alliance", "open_status", "")
        line = line_of(data_dir, "relations", "rel_tr_az_alliance")
        assert problems_at(data_dir, f"data/relations.csv:{line}:") == [
            f"data/relations.csv:{line}: open_status: is empty and so is end; say in_force, end_unknown or reading"]

    def test_a_reading_is_for_inferences_only_and_an_ended_row_gives_no_reason(self, data_dir):
        edit_cell(data_dir, "relations", "rel_tr_az_alliance", "open_status", "reading")
        edit_cell(data_dir, "deployments", "dep_ru_troops", "open_status", "end_unknown")
        assert "reading is for an author's inference" in problems_at(data_dir, f"data/relations.csv:{line_of(data_dir, 'relations', 'rel_tr_az_alliance')}:")[0]
        assert problems_at(data_dir, f"data/deployments.csv:{line_of(data_dir, 'deployments', 'dep_ru_troops')}:") == [
            f"data/deployments.csv:{line_of(data_dir, 'deployments', 'dep_ru_troops')}: open_status: must be empty when the row has an end"]

    def test_in_force_needs_a_cited_confirmation(self, data_dir):
        edit_cell(data_dir, "relations", "cmd_tr_army", "open_status", "in_force")
        drop_citations(data_dir, "cmd_tr_army")
        append_citation(data_dir, table="relations", row_id="cmd_tr_army", source_id="edm_17_181", about="claim", stance="supports", locator="x")
        line = line_of(data_dir, "relations", "cmd_tr_army")
        assert problems_at(data_dir, f"data/relations.csv:{line}:") == [
            f"data/relations.csv:{line}: open_status: in_force needs a citation about: confirmed showing the row still held"]

    def test_a_strength_before_its_ceiling_or_under_a_strength_is_refused(self, data_dir):
        edit_cell(data_dir, "deployments", "dep_ru_troops_arriving", "start", "2020-11-01")
        edit_cell(data_dir, "deployments", "dep_tr_monitors_first", "ceiling_id", "dep_ru_troops_deployed")
        early = line_of(data_dir, "deployments", "dep_ru_troops_arriving")
        assert problems_at(data_dir, f"data/deployments.csv:{early}:") == [
            f"data/deployments.csv:{early}: start: 2020-11-01 comes before its ceiling's start (2020-11-10); nothing counts before the day it began"]
        wrong = line_of(data_dir, "deployments", "dep_tr_monitors_first")
        assert problems_at(data_dir, f"data/deployments.csv:{wrong}:") == [
            f"data/deployments.csv:{wrong}: ceiling_id: 'dep_ru_troops_deployed' is a strength, not a ceiling"]

    def test_the_shipped_rows_state_why_they_are_open(self):
        import counterbalance as cb

        for name, frame in cb.load_tables("deployments", "relations", "unit_history").items():
            open_rows = frame[frame["end"].isna()]
            assert open_rows["open_status"].notna().all(), name
            assert frame.loc[frame["end"].notna(), "open_status"].isna().all(), name
