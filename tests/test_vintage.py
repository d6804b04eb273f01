"""Tests for data/vintage.py: what could be known on a day, on a hand-made package of one deployment.

The package: a contingent of 1,960 deployed on 10 November 2020 (a statement of that day
gives the figure), reported at 1,500 by a page of 1 May 2022 (it revises the figure), and
ended on 12 June 2024 (a page of 13 June 2024 gives the end). An undated page, read on
25 November 2026, supports the claim too. Each expected value below follows from the rules
in the module's docstring by hand.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from counterbalance.data.schema import Table
from counterbalance.data.vintage import as_known_on, earliest_known_day, source_known_days

FIGURE = ("count_point", "count_low", "count_high", "count_qualifier")
DECLARED = {
    "sources": {"name": "sources", "schema": {"fields": [], "primaryKey": ["source_id"]}},
    "citations": {"name": "citations", "schema": {"fields": [{"name": "table", "constraints": {"enum": ["deployments"]}}]}},
    "deployments": {"name": "deployments", "schema": {"fields": [], "primaryKey": ["deployment_id"]}},
}


def source(source_id: str, published: str, basis: str = "page", outlet: str | None = None) -> dict[str, str]:
    return {"source_id": source_id, "outlet": outlet or source_id, "wire": "", "relays": "", "channel_source_id": "",
            "reliability": "B", "date_published": published, "date_basis": basis, "date_accessed": "2026-11-25"}


def citation(source_id: str, about: str, stance: str = "supports", figure: tuple[str, ...] = ("", "", "", "")) -> dict[str, str]:
    return {"table": "deployments", "row_id": "dep_x", "source_id": source_id, "about": about, "stance": stance,
            "locator": f"as {source_id} words it", "note": "", **dict(zip(FIGURE, figure))}


def table(name: str, rows: list[dict[str, str]]) -> Table:
    return Table(name, f"data/{name}.csv", list(rows[0]), rows, list(range(2, len(rows) + 2)))


@pytest.fixture
def package() -> dict[str, Table]:
    sources = [source("statement", "2020-11-10"), source("agency", "2022-05-01"), source("ministry", "2024-06-13"),
               source("undated", "", basis="none_shown")]
    citations = [
        citation("statement", "claim"), citation("statement", "count", figure=("1960", "1960", "1960", "exact")),
        citation("agency", "claim"), citation("agency", "count", "revises", ("1500", "1500", "1500", "exact")),
        citation("ministry", "end"), citation("ministry", "claim"), citation("undated", "claim"),
    ]
    row = {"deployment_id": "dep_x", "start": "2020-11-10", "end": "2024-06-12", "confirmed": "", "count_point": "1960",
           "count_low": "1960", "count_high": "1960", "count_qualifier": "exact", "count_reported": "1960 troops", "credibility": "2"}
    return {"sources": table("sources", sources), "citations": table("citations", citations), "deployments": table("deployments", [row])}


def known(package, day: str) -> dict[str, str] | None:
    rows = as_known_on(package, DECLARED, day)["deployments"].rows
    return rows[0] if rows else None


class TestSourceKnownDays:
    def test_a_page_counts_from_its_date_and_an_undated_page_from_the_day_it_was_read(self, package):
        days = source_known_days(package["sources"].rows)
        assert days["statement"] == dt.date(2020, 11, 10) and days["undated"] == dt.date(2026, 11, 25)

    def test_a_date_known_only_to_a_month_counts_from_its_last_day(self):
        assert source_known_days([source("s", "2021-03")])["s"] == dt.date(2021, 3, 31)


class TestAsKnownOn:
    def test_nothing_is_known_before_the_first_source(self, package):
        assert earliest_known_day(package) == dt.date(2020, 11, 10)
        with pytest.raises(ValueError, match="known_on 2020-11-09 is before the earliest source"):
            as_known_on(package, DECLARED, "2020-11-09")

    def test_on_the_first_day_the_row_has_its_first_figure_and_no_end(self, package):
        row = known(package, "2020-11-10")
        assert (row["count_point"], row["end"], row["confirmed"]) == ("1960", "", "2020-11-10")

    def test_a_figure_the_data_sets_aside_never_displaces_its_own_once_a_source_gives_it(self, package):
        """1 May 2022: the agency's 1,500 revises the row, and the statement already gave the row's 1,960."""
        row = known(package, "2022-05-01")
        assert (row["count_point"], row["count_reported"], row["confirmed"]) == ("1960", "1960 troops", "2022-05-01")

    def test_before_a_source_gives_the_datas_figure_the_latest_figure_said_stands(self, package):
        """Azerbaijan's army: the data's figure comes from 2024, so 2022 holds the agency's 1,500, and the agency then supports it."""
        package["citations"].rows[:] = [c for c in package["citations"].rows if (c["source_id"], c["about"]) != ("statement", "count")]
        package["citations"].rows.append(citation("ministry", "count", figure=("1960", "1960", "1960", "exact")))
        assert known(package, "2022-04-30")["count_qualifier"] == "unknown"
        row = known(package, "2022-05-01")
        assert (row["count_point"], row["count_reported"], row["confirmed"]) == ("1500", "as agency words it", "2022-05-01")
        stances = {c["source_id"]: c["stance"] for c in as_known_on(package, DECLARED, "2022-05-01")["citations"].rows if c["about"] == "count"}
        assert stances == {"agency": "supports"}
        assert known(package, "2024-06-13")["count_point"] == "1960"

    def test_a_row_only_a_revising_figure_reports_is_known_at_that_figure(self, package):
        package["citations"].rows[:] = [c for c in package["citations"].rows if c["source_id"] == "agency" and c["about"] == "count"]
        assert known(package, "2022-04-30") is None
        assert known(package, "2022-05-01")["count_point"] == "1500"

    def test_the_end_is_known_from_the_day_a_source_gives_it(self, package):
        assert known(package, "2024-06-12")["end"] == ""
        assert known(package, "2024-06-13")["end"] == "2024-06-12"

    def test_a_row_no_known_source_gives_a_figure_for_is_unknown(self, package):
        package["citations"].rows[:] = [c for c in package["citations"].rows if c["about"] != "count"]
        row = known(package, "2021-01-01")
        assert [row[f] for f in FIGURE] == ["", "", "", "unknown"]

    def test_a_row_no_known_source_supports_is_not_known(self, package):
        package["citations"].rows[:] = [c for c in package["citations"].rows if c["source_id"] != "statement"]
        assert known(package, "2021-01-01") is None and known(package, "2022-05-01") is not None

    def test_credibility_is_graded_again_on_what_was_known(self, package):
        """One origin known in 2021 allows 2; with the ministry's page in 2024 the claim has two (the figure still one)."""
        package["deployments"].rows[0]["credibility"] = "1"
        assert known(package, "2021-01-01")["credibility"] == "2"
        package["deployments"].rows[0]["count_qualifier"] = "unknown"
        for field in FIGURE[:3]:
            package["deployments"].rows[0][field] = ""
        assert known(package, "2024-06-13")["credibility"] == "1"

    def test_the_inputs_are_not_changed(self, package):
        before = [dict(r) for r in package["deployments"].rows]
        known(package, "2021-01-01")
        assert package["deployments"].rows == before


class TestTheArticlesVintage:
    """The data as known on 31 December 2020 (the article's last possible day), each value read off the data by hand."""

    @pytest.fixture(scope="class")
    def then(self):
        from counterbalance.data import load_tables

        return load_tables("deployments", known_on="2020-12-31")["deployments"].set_index("deployment_id")

    def test_azerbaijans_army_is_the_126000_published_in_2018_not_the_65000_of_2023(self, then):
        row = then.loc["dep_az_armed_forces"]
        assert (row["count_point"], row["count_qualifier"], row["confirmed"]) == (126000, "exact", "2018-03-24")

    def test_russias_full_strength_is_not_yet_known_and_its_first_report_not_yet_ended(self, then):
        assert "dep_ru_troops_deployed" not in then.index  # only an undated page, read in 2026, reports it
        assert pd.isna(then.loc["dep_ru_troops_arriving", "end"]) and then.loc["dep_ru_troops_arriving", "count_point"] == 1100

    def test_the_centres_ceiling_of_60_is_not_yet_known(self, then):
        assert then.loc["dep_tr_monitors", "count_qualifier"] == "unknown"  # the first page giving it is of 30 January 2021

    def test_the_changes_name_the_later_sources(self, then):
        from counterbalance.data import load_tables
        from counterbalance.models.hindsight import figure_changes

        now = load_tables("sources", "citations", "actors", "places", "deployments")
        changes = figure_changes(then.reset_index(), now["deployments"], now["actors"], now["places"], now["citations"], now["sources"],
                                 "2020-12-31", "2020-12-17").set_index("deployment_id")
        assert changes[["then", "now"]].to_dict("index") == {
            "dep_az_armed_forces": {"then": "126,000", "now": "about 65,000"},
            "dep_ru_troops_arriving": {"then": "at least 1,100", "now": "not in force"},
            "dep_ru_troops_deployed": {"then": "not yet reported", "now": "1,960"}}
        assert changes.loc["dep_az_armed_forces", "moved_by"] == "Caspian News (9 January 2023)"
