"""Tests for charts.py: specs checked as data (encodings, tooltips with source and grade)."""

from __future__ import annotations

import json
import re

import altair as alt
import pandas as pd
import pytest

import counterbalance as cb


@pytest.fixture(scope="module")
def tables():
    return cb.load_tables()


def tooltip_fields(spec) -> set[str]:
    """Every field named in a tooltip anywhere in a (layered, faceted) spec."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "tooltip":
                    for item in value if isinstance(value, list) else [value]:
                        if isinstance(item, dict) and "field" in item:
                            found.add(item["field"])
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return found


def assert_publishable(chart) -> dict:
    spec = chart.to_dict()
    assert json.loads(json.dumps(spec)) == spec
    assert spec["description"] and spec["title"]
    return spec


def test_network_chart_encodes_bloc_sign_type_and_provenance(tables):
    relations = tables["relations"]
    graph = cb.build_balance_graph(tables["actors"], relations, "2020-12-31")
    nodes, edges = cb.layout_frames(graph)
    spec = assert_publishable(cb.network_chart(nodes, edges, "t", "d"))
    links, points, _ = spec["layer"]
    assert links["encoding"]["color"]["field"] == "tie"
    assert links["encoding"]["strokeDash"]["field"] == "relation_type"
    assert points["encoding"]["color"]["field"] == "bloc_name"
    assert {"outlet", "grade"} <= tooltip_fields(links)


def test_network_layout_is_deterministic(tables):
    graph = cb.build_balance_graph(tables["actors"], tables["relations"], "2020-12-31")
    first, _ = cb.layout_frames(graph)
    second, _ = cb.layout_frames(graph)
    assert first.equals(second)


def test_lineage_chart_draws_imprecise_dates_as_intervals(tables):
    relations = tables["relations"]
    history = tables["unit_history"]
    tree = cb.command_tree(relations)
    frame = cb.history_frame(history, tables["actors"], tables["places"], tree)
    iraq = frame[frame["operation"].str.contains("Iraq")].iloc[0]
    assert (iraq["from"].year, iraq["to"].year) == (1990, 2000)  # the whole 1990s
    spec = assert_publishable(cb.lineage_chart(frame, "t", "d"))
    assert {"outlet", "grade", "precision", "dates"} <= tooltip_fields(spec)


def test_timeline_tooltips_carry_source_grade_and_precision(tables):
    events = tables["events"]
    frame = cb.events_frame(events, "2020-09-01", "2020-12-31")
    spec = assert_publishable(cb.events_chart(frame, "t", "d"))
    assert {"outlet", "grade", "precision"} <= tooltip_fields(spec)


def test_book_renderer_ids_follow_content_and_escape_markup():
    from counterbalance.pipeline.render import book_renderer

    chart = alt.Chart(pd.DataFrame({"name": ["<script>alert(1)</script>"]})).mark_point().encode(x="name:N").properties(description="d")
    first = book_renderer(chart.to_dict())["text/html"]
    assert first == book_renderer(chart.to_dict())["text/html"]
    assert "<script>alert" not in first
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in first  # the data table shows it as text


def test_force_level_tooltips_name_the_sources_and_grades_behind_each_figure(tables):
    day = pd.Timestamp("2020-12-31")
    deployments = tables["deployments"]
    levels = cb.force_levels(deployments, tables["actors"], [day])
    russian = levels.query("country_id == 'ru' and capability == 'troops'").iloc[0]
    present = cb.active_on(deployments, day)
    cited = present[present["actor_id"].map(tables["actors"].set_index("actor_id")["country_id"]).eq("ru")
                    & present["capability"].eq("troops")]
    assert set(russian["sources"].split("; ")) == set(cited["outlet"])
    spec = assert_publishable(cb.force_level_chart(levels, "t", "d"))
    assert {"sources", "grades", "count_low", "count_high"} <= tooltip_fields(spec)


def test_map_draws_outlines_and_places_with_their_provenance(tables):
    places = cb.places_with_deployments(
        tables["places"], tables["deployments"], "2020-12-31")
    spec = assert_publishable(cb.map_chart(cb.load_boundaries(), places, "t", "d"))
    outlines, points, labels = spec["layer"]
    assert outlines["mark"]["type"] == "geoshape" and spec["projection"]["type"] == "mercator"
    assert points["encoding"]["longitude"]["field"] == "longitude"
    assert points["encoding"]["size"]["field"] == "deployments"
    assert {"outlet", "grade", "coordinate_precision"} <= tooltip_fields(points)
    assert places.set_index("place_id").loc["karabakh", "deployments"] > 0


def test_saved_figures_are_named_by_order_and_title_and_stand_alone(tmp_path):
    from counterbalance.pipeline.render import figure_stem, save_figure

    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q").properties(title="Ratio, week by week")
    stem = figure_stem(3, chart.to_dict())
    save_figure(chart.to_dict(), tmp_path, stem)
    assert stem == "03-ratio-week-by-week"
    assert (tmp_path / f"{stem}.svg").read_text().startswith("<svg")
    page = (tmp_path / f"{stem}.html").read_text()
    assert '<script src="vega-embed.js">' in page
    assert not re.search(r'(src|href)="https?:', page)  # nothing fetched from elsewhere


def test_calibration_chart_marks_each_judgement_with_its_words_outcome_and_score(tables):
    """Bins on the diagonal's plane, and every judgement beneath with what it said, what happened and its score."""
    judgements = tables["judgements"]
    report = judgements.loc[judgements["by"] == "report", "judgement_id"]
    scores = cb.brier_scores(judgements, tables["outcomes"], dict.fromkeys(report, 0.9))
    article = scores[scores["by"] == "article"]
    calibration = cb.calibration_frame(article["probability"], article["outcome_value"], 5)
    spec = assert_publishable(cb.calibration_chart(calibration, scores, "t", "d"))
    reliability, marks = spec["vconcat"]
    diagonal, bins = reliability["layer"]
    assert bins["encoding"]["size"]["field"] == "count"
    assert {"statement", "words", "word", "probability", "outcome_name", "brier_text"} <= tooltip_fields(marks)
    assert all(e.get("type") for e in marks["encoding"].values() if isinstance(e, dict) and "field" in e)
    rows = next(v for v in spec["datasets"].values() if len(v) == len(scores))
    same = [r["jitter"] for r in rows if r["probability"] == pytest.approx(0.97) and r["by"] == "article"]
    assert len(same) == len(set(same)) > 1  # judgements at one probability do not hide each other
    assert spec == cb.calibration_chart(calibration, scores, "t", "d").to_dict()  # the jitter is deterministic


def test_ratio_chart_shades_the_weeks_without_a_russian_force_instead_of_drawing_them(tables):
    days = cb.week_starts("2024-05-06", "2024-07-29")  # the withdrawal ends on 12 June 2024
    series = cb.power_over_time(tables["deployments"], tables["actors"], tables["places"], days)
    spec = assert_publishable(cb.ratio_chart(series, 0.5, "t", "d"))
    shade, parity, lines = spec["layer"]
    data = spec["datasets"]
    drawn = data[lines["data"]["name"]]
    assert all(row["value"] > 0 and row["value"] != float("inf") for row in drawn)
    assert max(row["date"] for row in drawn) < "2024-06-12"  # no ratio after Russia is gone
    (absent,) = data[shade["data"]["name"]]
    assert absent["from"].startswith("2024-06-1") and absent["to"].startswith("2024-07-29")
    assert lines["encoding"]["y"]["scale"]["type"] == "log"


def test_range_bars_draw_an_unbounded_end_at_the_edge_and_say_so():
    rows = pd.DataFrame({"deployment_id": ["r"], "description": ["Russia"], "credibility": [1], "outlet": ["TASS"], "grade": ["A1"],
                         "ratio_low": [2.0], "ratio_high": [float("inf")], "swing": [float("inf")]})
    spec = assert_publishable(cb.tornado_chart(rows, 4.0, "t", "d"))
    bars = next(v for v in spec["datasets"].values() if len(v) == 1 and "label" in v[0])
    assert bars[0]["high"] == pytest.approx(4.0 * 1.15) and bars[0]["high_text"] == "unbounded"
    assert {"outlet", "grade", "low_text", "high_text"} <= tooltip_fields(spec)
