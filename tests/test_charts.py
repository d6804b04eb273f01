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


@pytest.fixture(scope="module")
def arc(tables):
    first, last = cb.arc_span(tables["events"], tables["deployments"])
    days, opening = cb.arc_steps(first, last, "2020-12-17")
    ties = cb.relations_over_time(tables["relations"], days)
    return days, opening, ties, cb.arc_layout(tables["actors"], ties)


def test_network_chart_encodes_bloc_sign_kind_and_provenance(arc):
    days, opening, ties, nodes = arc
    spec = assert_publishable(cb.network_chart(nodes, ties, days, opening, "t", "d"))
    links, points = spec["layer"][:2]
    assert links["encoding"]["color"]["field"] == "tie"
    assert links["encoding"]["strokeDash"]["field"] == "kind"
    assert points["encoding"]["color"]["field"] == "bloc_name"
    assert {"outlet", "grade", "relation_type"} <= tooltip_fields(links)


def test_network_has_a_date_slider_over_the_whole_arc_that_filters_the_ties(arc):
    """A range input bound to a parameter, from the first to the last day of the arc; the ties are filtered by it in the browser."""
    days, opening, ties, nodes = arc
    spec = cb.network_chart(nodes, ties, days, opening, "t", "d").to_dict()
    (param,) = [p for p in spec["params"] if "bind" in p]
    assert param["bind"]["input"] == "range" and (param["bind"]["min"], param["bind"]["max"]) == (0, len(days) - 1)
    assert param["value"] == opening and days[opening] == pd.Timestamp("2020-12-17")
    links = spec["layer"][0]
    assert any(param["name"] in str(t.get("filter", "")) for t in links["transform"])
    rows = spec["datasets"][links["data"]["name"]]
    assert len(rows) == len(ties) and all({"first", "last"} <= set(r) for r in rows)  # every relation of the arc, dated
    assert not re.search(r'"(url)":', json.dumps(spec))  # nothing to fetch: the slider works offline


def test_relations_fall_into_a_few_kinds_a_legend_can_name(tables, arc):
    days, opening, ties, nodes = arc
    spec = cb.network_chart(nodes, ties, days, opening, "t", "d").to_dict()
    kinds = spec["layer"][0]["encoding"]["strokeDash"]["scale"]["domain"]
    assert 2 <= len(kinds) <= 5
    assert "other tie" not in {cb.relation_kind(t) for t in tables["relations"]["relation_type"]}  # every type of the data is grouped


def test_the_ties_in_force_on_the_opening_day_are_the_chapters_network(tables, arc):
    days, opening, ties, nodes = arc
    graph = cb.build_balance_graph(tables["actors"], tables["relations"], days[opening])
    shown = ties[(ties["first"] <= opening) & (opening <= ties["last"])]
    assert set(shown["relation_id"]) == {key for _, _, key in graph.edges(keys=True)}


def test_four_state_diagram_signs_each_pair(tables):
    graph = cb.build_balance_graph(tables["actors"], tables["relations"], "2020-12-17")
    layers = cb.state_layers(graph)
    states = tables["actors"].query("kind == 'state'").set_index("actor_id")["name"].to_dict()
    spec = assert_publishable(cb.signed_states_chart(layers, states, "t", "d"))
    lines = spec["layer"][0]
    drawn = spec["datasets"][lines["data"]["name"]]
    assert len(drawn) == len(layers)
    assert lines["encoding"]["color"]["field"] == lines["encoding"]["strokeDash"]["field"] == "tie"
    assert {"cooperate", "oppose"} <= {r["tie"] for r in drawn}


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
    spec = assert_publishable(cb.events_chart(frame, cb.arc_phases(events, frame["to"].max()), "t", "d"))
    assert {"outlet", "grade", "precision"} <= tooltip_fields(spec)


def test_events_chart_shows_every_event_of_the_arc_over_its_phases(tables):
    events = tables["events"]
    first, last = cb.arc_span(events, tables["deployments"])
    frame = cb.events_frame(events, first.isoformat(), last.isoformat())
    phases = cb.arc_phases(events, last)
    assert phases["phase"].tolist() == ["War", "Monitoring years", "September 2023", "Withdrawal", "After the withdrawal"]
    assert phases["from"].iloc[0] == first and phases["to"].iloc[-1] == last
    spec = assert_publishable(cb.events_chart(frame, phases, "t", "d"))
    titles = {" ".join(r["lines"]) for rows in spec["datasets"].values() for r in rows if "lines" in r}
    assert titles == set(frame["title"]) and len(frame) == len(events)  # every event of the table, each title in full


def test_book_renderer_ids_follow_content_and_escape_markup():
    from counterbalance.pipeline.render import book_renderer

    chart = alt.Chart(pd.DataFrame({"name": ["<script>alert(1)</script>"]})).mark_point().encode(x="name:N").properties(description="d")
    first = book_renderer(chart.to_dict())["text/html"]
    assert first == book_renderer(chart.to_dict())["text/html"]
    assert "<script>alert" not in first
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in first  # the data table shows it as text


def test_a_charts_data_table_reads_as_its_tooltips_do(tables):
    """Headers are the tooltips' titles, dates are words, figures have separators; no drawing field shows."""
    from counterbalance.pipeline.chart_data import chart_data_table

    levels = cb.force_levels(tables["deployments"], tables["actors"], cb.week_starts("2020-11-15", "2020-12-27"))
    table = chart_data_table(cb.force_level_chart(levels, "t", "d").to_dict(), "Force levels")
    headers = re.findall(r"<th>(.*?)</th>", table)
    assert headers[:4] == ["Week of", "State", "Capability", "Figure"]
    assert not {"band_high", "run", "layer", "bloc", "until", "note"} & set(headers)
    assert "1,960" in table and "T00:00" not in table and re.search(r"<td class=\"cb-nowrap\">\d{1,2} [A-Z][a-z]+ 2020</td>", table)
    assert 'role="region" aria-label="Data of the chart Force levels"' in table and 'tabindex="0"' in table


def test_a_book_chart_keeps_its_place_and_shows_its_static_svg_without_javascript(tmp_path, monkeypatch):
    """Until it is drawn, a chart's place is as tall as its static SVG, so the text below does not jump;
    it names the SVG, which the loader shows in the first screen until the reader moves."""
    from counterbalance.paths import FIGURES_ENV, FIGURES_URL_ENV
    from counterbalance.pipeline.render import book_renderer

    monkeypatch.setenv(FIGURES_ENV, str(tmp_path))
    monkeypatch.setenv(FIGURES_URL_ENV, "../figures/")
    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q").properties(title="t", height=200)
    markup = book_renderer(chart.to_dict())["text/html"]
    svg = next(tmp_path.glob("*.svg"))
    height = re.search(r'height="(\d+)"', svg.read_text())[1]
    assert int(height) > 200 and (f'class="cb-chart" role="img" aria-label="t" style="min-height:{height}px" '
                                  f'data-static="../figures/{svg.name}"></div>') in markup
    assert f'<noscript><img src="../figures/{svg.name}" alt="t"></noscript>' in markup


def test_force_level_tooltips_name_the_sources_and_grades_behind_each_figure(tables):
    day = pd.Timestamp("2020-12-31")
    deployments = tables["deployments"]
    levels = cb.force_levels(deployments, tables["actors"], [day])
    russian = levels.query("country_id == 'ru' and capability == 'troops'").iloc[0]
    kinds = deployments["actor_id"].map(tables["actors"].set_index("actor_id")["kind"]).astype(object)
    present = cb.active_on(deployments.assign(actor_kind=kinds), day)  # the persistence rule reads the actor's kind
    cited = present[present["actor_id"].map(tables["actors"].set_index("actor_id")["country_id"]).eq("ru")
                    & present["capability"].eq("troops")]
    assert set(russian["sources"].split("; ")) == set(cited["outlet"])
    spec = assert_publishable(cb.force_level_chart(levels, "t", "d"))
    assert {"sources", "grades", "count_low", "count_high"} <= tooltip_fields(spec)


def test_map_draws_outlines_and_places_with_their_provenance(tables):
    places = cb.places_with_deployments(
        tables["places"], tables["deployments"], "2020-12-31")
    spec = assert_publishable(cb.map_chart(cb.load_boundaries(), places, "t", "d"))
    for panel in spec["vconcat"]:
        outlines, *_ = panel["layer"]
        assert outlines["mark"]["type"] == "geoshape" and panel["projection"]["type"] == "mercator"
    points = next(layer for layer in spec["vconcat"][0]["layer"] if "longitude" in layer.get("encoding", {}) and "size" in layer["encoding"])
    assert points["encoding"]["longitude"]["field"] == "longitude"
    assert points["encoding"]["size"]["field"] == "deployments"
    assert {"outlet", "grade", "coordinate_precision"} <= tooltip_fields(points)
    assert places.set_index("place_id").loc["karabakh", "deployments"] > 0


def test_saved_figures_are_named_by_order_and_title_and_stand_alone(tmp_path):
    from counterbalance.pipeline.render import figure_stem, save_figure

    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q").properties(title="Ratio, week by week")
    stem = figure_stem(3, chart.to_dict())
    height = save_figure(chart.to_dict(), tmp_path, stem)
    assert stem == "03-ratio-week-by-week"
    svg = (tmp_path / f"{stem}.svg").read_text()
    assert svg.startswith("<svg") and f'height="{height}"' in svg.split(">", 1)[0]
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


def test_sobol_chart_draws_the_total_order_index_with_the_first_order_as_a_tick():
    indices = pd.DataFrame({"input": ["alignment_weight", "report: tass"], "S1": [0.7, -0.01], "ST": [0.8, 0.1],
                            "S1_conf": [0.1, 0.1], "ST_conf": [0.1, 0.1]})
    spec = assert_publishable(cb.sobol_chart(indices, "t", "d"))
    rows = next(v for v in spec["datasets"].values() if len(v) == 2)
    assert [r["label"] for r in rows] == ["alignment weight", "tass"] and rows[1]["first"] == 0  # no negative share drawn


def drawn_texts(spec) -> list[str]:
    """Every line of label text a spec's datasets carry as wrapped ``lines``."""
    return [line for rows in spec["datasets"].values() for r in rows if "lines" in r for line in r["lines"]]


def test_lineage_and_command_labels_are_whole_and_wrapped_to_a_phone(tables):
    from counterbalance.charts.rows import LINE_CHARS

    tree = cb.command_tree(tables["relations"])
    frame = cb.history_frame(tables["unit_history"], tables["actors"], tables["places"], tree)
    spec = cb.lineage_chart(frame, "t", "d").to_dict()
    lines = drawn_texts(spec)
    assert max(map(len, lines)) <= LINE_CHARS
    assert all(op.split()[0] in " ".join(lines) for op in frame["operation"])
    assert "facet" not in spec  # one view: its width follows the container
    command = cb.command_chart(cb.command_layout(tree, tables["actors"], tables["relations"], limit=80), "t", "d").to_dict()
    assert max(map(len, drawn_texts(command))) <= LINE_CHARS


def test_force_levels_never_draw_an_unknown_figure_as_zero(tables):
    """Turkey's liaison team has no stated size: alone in a week it is "no figure stated", never 0."""
    deployments = tables["deployments"]
    liaison = deployments[deployments["deployment_id"] == "dep_tr_liaison"]
    days = [pd.Timestamp("2020-12-10"), pd.Timestamp("2020-12-17")]  # between its likeliest start and its last report
    levels = cb.force_levels(liaison, tables["actors"], days)
    assert len(levels) == 2
    assert levels["count"].isna().all() and (levels["rows_unknown"] == 1).all()
    spec = cb.force_level_chart(levels, "t", "d").to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert all(r["count"] is not None for r in rows if r["layer"] == "stated")
    assert [r["note"] for r in rows if r["layer"] == "blank"] == ["no figure stated"]
    whole = cb.force_levels(deployments, tables["actors"], cb.week_starts("2020-09-27", "2026-03-11"))
    whole_rows = cb.force_level_chart(whole, "t", "d").to_dict()["datasets"]
    assert not any(r.get("count") == 0 for rows in whole_rows.values() for r in rows)


def test_force_levels_draw_the_weekly_steps_from_the_weeks_where_they_change(tables):
    """Only a change (and each run's last week) is kept: the steps read back week by week are the series itself."""
    weeks = cb.week_starts("2020-09-27", "2026-03-11")
    levels = cb.force_levels(tables["deployments"], tables["actors"], weeks)
    spec = cb.force_level_chart(levels, "t", "d").to_dict()
    drawn = pd.DataFrame(spec["datasets"][spec["data"]["name"]]).query("layer == 'stated'")
    stated = levels[levels["count"].notna()]
    assert len(drawn) < len(stated) / 5
    for (bloc, capability), series in stated.groupby(["country_id", "capability"]):
        steps = drawn[(drawn["bloc"] == bloc) & (drawn["capability"] == capability.replace("_", " ").capitalize())]
        kept = steps.assign(date=pd.to_datetime(steps["date"])).set_index("date")["count"]
        read_back = kept.reindex(series["date"], method="ffill")
        assert read_back.tolist() == series["count"].tolist(), (bloc, capability)


def test_map_labels_every_place_once_and_the_monitoring_centre_on_the_enlarged_panel(tables):
    places = cb.places_with_deployments(tables["places"], tables["deployments"], "2021-06-01")
    spec = assert_publishable(cb.map_chart(cb.load_boundaries(), places, "t", "d"))
    overview, enlarged = spec["vconcat"]
    def labels(panel):
        return [r["label"] for layer in panel["layer"] if layer["mark"]["type"] == "text"
                for r in spec["datasets"][layer["data"]["name"]]]
    named = labels(overview) + labels(enlarged)
    assert sorted(named) == sorted(set(named)) and len(named) == places["name"].nunique()
    assert "Joint monitoring centre site" in labels(enlarged)


def test_label_sides_keep_labels_apart_at_a_phones_width():
    from counterbalance.charts.actors import _label_sides

    crowd = pd.DataFrame({"name": ["A place", "B place", "C place"], "label": ["A place", "B place", "C place"],
                          "longitude": [46.75, 46.76, 46.75], "latitude": [39.82, 39.82, 39.83], "deployments": [1, 0, 0]})
    sides = _label_sides(crowd, (45.0, 39.0, 48.0, 40.5))
    assert sides.nunique() == 3  # three dots on top of each other: three different sides


def test_every_colour_of_the_states_and_ties_is_colour_blind_safe():
    from counterbalance.charts.theme import BLOC_COLOURS, OKABE_ITO, SIGN_COLOURS

    safe = set(OKABE_ITO.values())
    assert {c for name, c in BLOC_COLOURS.items() if name != "No state"} <= safe and set(SIGN_COLOURS.values()) <= safe
    assert len(set(BLOC_COLOURS.values()) | set(SIGN_COLOURS.values())) == len(BLOC_COLOURS) + len(SIGN_COLOURS)


def test_the_embed_takes_its_width_from_the_container():
    """A single view is drawn at the container's width, and again compact if its text spills out of the drawing;
    a facet is measured and narrowed to it; resizing redraws."""
    from counterbalance.pipeline.render import chart_embed

    single = chart_embed(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict(), "c")
    assert "s.width='container'" in single and "type:'fit-x'" in single
    assert "getBoundingClientRect().width" in single and "addEventListener('resize'" in single
    assert "if(s.facet||s.repeat){return s.spec?[s.spec]:[]}" in single
    assert "titles(s,w)" in single  # a title longer than the column is broken into lines, not left to overflow
    assert "spills(svg)?vegaEmbed(el,sized(w,0,drawn.view.width()),opts)" in single and "columns:1" in single
    # drawn at once where vega is on the page, else handed to the book's loader, which draws it when it comes into view
    assert "if(window.vegaEmbed){start()}else if(window.cbCharts){cbCharts.draw(id,start)}" in single


def test_standalone_figure_pages_fit_a_phone(tmp_path):
    from counterbalance.pipeline.render import save_figure

    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q").properties(title="t", width=540)
    save_figure(chart.to_dict(), tmp_path, "01-t")
    page = (tmp_path / "01-t.html").read_text()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "#chart{width:100%" in page
    assert '"width":"container"' not in page  # the spec keeps its print width (the static SVG is drawn from it)
