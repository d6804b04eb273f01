"""Tests for charts.py: specs checked as data (encodings, tooltips with source and grade)."""

from __future__ import annotations

import json
import re

import altair as alt
import pandas as pd
import pytest
import vl_convert

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


def event_frame(tables, start="2020-09-01", end="2020-12-31"):
    frame = cb.events_frame(tables["events"], start, end)
    return cb.event_states(frame, tables["event_links"], tables["actors"])


def test_timeline_tooltips_carry_source_grade_precision_and_whose_act(tables):
    events = tables["events"]
    frame = event_frame(tables)
    spec = assert_publishable(cb.events_chart(frame, cb.arc_phases(events, frame["to"].max()), "t", "d"))
    assert {"outlet", "grade", "precision", "states"} <= tooltip_fields(spec)


def test_events_chart_shows_every_event_once_in_its_states_lane_with_no_two_marks_meeting(tables):
    """Every event is a dot in the lane of the state whose act it was; two dots of one row of a lane are at least
    a dot's width apart at a phone's width, and no label is drawn at an event's place (titles are in the tooltips)."""
    from counterbalance.charts.time import DOT_GAP, PHONE_PLOT

    events = tables["events"]
    first, last = cb.arc_span(events, tables["deployments"])
    frame = event_frame(tables, first.isoformat(), last.isoformat())
    phases = cb.arc_phases(events, last)
    assert phases["phase"].tolist() == ["War", "Monitoring years", "September 2023", "Withdrawal", "After the withdrawal"]
    spec = assert_publishable(cb.events_chart(frame, phases, "t", "d"))
    dots = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "circle" and layer["encoding"]["x"]["field"] == "mid")
    drawn = pd.DataFrame(spec["datasets"][dots["data"]["name"]])
    assert sorted(drawn["title"]) == sorted(frame["title"]) and len(frame) == len(events)
    assert set(drawn.groupby("actor")["bar_y"].min().index) == set(frame["actor"])
    days = (frame["to"].max() - frame["from"].min()) / pd.Timedelta(days=1)
    for _, row in drawn.assign(start=pd.to_datetime(drawn["from"]), stop=pd.to_datetime(drawn["to"])).groupby("bar_y"):
        row = row.sort_values("start")
        gaps = (row["start"].iloc[1:].to_numpy() - row["stop"].iloc[:-1].to_numpy()) / pd.Timedelta(days=1)
        assert (gaps >= days * DOT_GAP / PHONE_PLOT - 1e-6).all()
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert all(layer["encoding"]["text"]["field"] in ("phase", "text") for layer in texts)  # phase names and lane headings only


def test_events_chart_names_each_phase_where_it_begins_or_where_it_ends(tables):
    """A phase's name stands at its start, or, where it would run past the plot, ends at its phase's end: never over
    another phase alone, as "Withdrawal" did over 2023."""
    events = tables["events"]
    first, last = cb.arc_span(events, tables["deployments"])
    frame = event_frame(tables, first.isoformat(), last.isoformat())
    spec = cb.events_chart(frame, cb.arc_phases(events, last), "t", "d").to_dict()
    for layer in (layer for layer in spec["layer"] if layer["mark"]["type"] == "text" and layer["encoding"]["text"]["field"] == "phase"):
        for row in spec["datasets"][layer["data"]["name"]]:
            assert row["at"] == (row["from"] if layer["mark"]["align"] == "left" else row["to"]), row["phase"]


def test_an_events_reading_names_the_state_with_the_most_acts_of_its_own(tables):
    frame = event_frame(tables, "2020-09-27", "2026-03-11")
    alone = frame[frame["actor"].isin(["Turkey", "Russia", "Azerbaijan", "Armenia"])]["actor"].value_counts()
    assert cb.events_reading(frame).startswith(f"{alone.index[0]} acted alone in {cb.count_words(alone.iloc[0])} of the")


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
    """Until it is drawn, a chart's place is as tall as its static SVG (on a phone, as its phone still), so the text
    below does not jump; it names both stills, which the loader shows in the first screen until the reader moves,
    and a reader without JavaScript gets the one for the screen's width."""
    from counterbalance.paths import FIGURES_ENV, FIGURES_URL_ENV, PROJECT_ROOT
    from counterbalance.pipeline.render import PHONE_MEDIA, book_renderer

    monkeypatch.setenv(FIGURES_ENV, str(tmp_path))
    monkeypatch.setenv(FIGURES_URL_ENV, "../figures/")
    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q").properties(title="t", height=200)
    markup = book_renderer(chart.to_dict())["text/html"]
    phone = next(tmp_path.glob("*.phone.svg"))
    svg = phone.with_name(phone.name.replace(".phone.svg", ".svg"))
    height, phone_height = (re.search(r'height="(\d+)"', still.read_text())[1] for still in (svg, phone))
    assert int(height) > 200 and (f'class="cb-chart" role="img" aria-label="t" style="--cb-height:{height}px;'
                                  f'--cb-phone-height:{phone_height}px" data-static="../figures/{svg.name}" '
                                  f'data-static-phone="../figures/{phone.name}" data-phone-media="{PHONE_MEDIA}"></div>') in markup
    css = (PROJECT_ROOT / "book" / "_static" / "counterbalance.css").read_text(encoding="utf-8")
    assert f"@media {PHONE_MEDIA} {{ .cb-chart[data-static] {{ min-height: var(--cb-phone-height); }} }}" in css
    assert (f'<noscript><picture><source media="{PHONE_MEDIA}" srcset="../figures/{phone.name}">'
            f'<img src="../figures/{svg.name}" alt="t"></picture></noscript>') in markup


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


def map_places(tables, day):
    return cb.forces_at_places(tables["places"], tables["deployments"], tables["actors"], day)


def test_map_draws_outlines_and_places_with_their_provenance(tables):
    places = map_places(tables, "2020-12-31")
    spec = assert_publishable(cb.map_chart(cb.load_boundaries(), places, "t", "d"))
    for panel in spec["vconcat"]:
        outlines, *_ = panel["layer"]
        assert outlines["mark"]["type"] == "geoshape" and panel["projection"]["type"] == "mercator"
    points = next(layer for layer in spec["vconcat"][0]["layer"] if "longitude" in layer.get("encoding", {}) and "size" in layer["encoding"])
    assert points["encoding"]["longitude"]["field"] == "longitude"
    assert points["encoding"]["size"]["field"] == "standing"
    assert {"outlet", "grade", "coordinate_precision", "forces", "states"} <= tooltip_fields(points)
    assert places.set_index("place_id").loc["karabakh", "standing"] > 0
    assert 0 not in points["encoding"]["size"]["legend"]["values"]


def test_on_a_day_when_nothing_stands_the_map_says_none_and_has_no_size_legend(tables):
    """After the withdrawal no deployment of the data stands anywhere: no dot is sized, the legend has no class "0",
    and the title says so in words."""
    places = map_places(tables, "2026-03-11")
    assert (places["standing"] == 0).all()
    title = cb.presence_reading(places, "11 March 2026")
    assert title == f"On 11 March 2026, no force in the data stood at any of the {len(places)} places"
    spec = cb.map_chart(cb.load_boundaries(), places, title, "d").to_dict()
    assert not [layer for panel in spec["vconcat"] for layer in panel["layer"] if "size" in layer.get("encoding", {})]
    assert "0 of" not in title and " 0 " not in title
    with_forces = cb.map_chart(cb.load_boundaries(), map_places(tables, "2021-06-01"), "t", "d").to_dict()
    assert [layer for panel in with_forces["vconcat"] for layer in panel["layer"] if "size" in layer.get("encoding", {})]


def test_saved_figures_are_named_by_order_and_title_and_stand_alone(tmp_path):
    from counterbalance.pipeline.render import figure_stem, save_figure

    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q").properties(title="Ratio, week by week")
    stem = figure_stem(3, chart.to_dict())
    stills = save_figure(chart.to_dict(), tmp_path, stem)
    assert stem == "03-ratio-week-by-week"
    for name, height in ((f"{stem}.svg", stills.height), (f"{stem}.phone.svg", stills.phone_height)):
        svg = (tmp_path / name).read_text()
        assert svg.startswith("<svg") and f'height="{height}"' in svg.split(">", 1)[0]
    page = (tmp_path / f"{stem}.html").read_text()
    assert '<script src="vega-embed.js">' in page
    assert not re.search(r'(src|href)="https?:', page)  # nothing fetched from elsewhere


def test_calibration_chart_marks_each_judgement_with_its_words_outcome_and_score(tables):
    """Bins on the diagonal's plane, and every judgement beneath with what it said, what happened and its score."""
    judgements = tables["judgements"]
    article = cb.brier_scores(judgements[judgements["by"] == "article"], tables["outcomes"])
    scores = pd.concat([article, cb.model_scores(judgements, tables["outcomes"], {"jdg_force_gap": 0.96})], ignore_index=True)
    calibration = cb.calibration_frame(article["probability"], article["outcome_value"])
    spec = assert_publishable(cb.calibration_chart(calibration, scores, "t", "d"))
    reliability, marks = spec["vconcat"]
    diagonal, bins = reliability["layer"]
    assert bins["encoding"]["size"]["field"] == "count"
    assert {"statement", "words", "word", "probability", "outcome_name", "brier_text"} <= tooltip_fields(marks)
    assert all(e.get("type") for e in marks["encoding"].values() if isinstance(e, dict) and "field" in e)
    rows = next(v for v in spec["datasets"].values() if len(v) == len(scores))
    same = [r["jitter"] for r in rows if r["probability"] == pytest.approx(0.97) and r["by"] == "article"]
    assert len(same) == len(set(same)) > 1  # judgements at one probability do not hide each other
    assert marks["encoding"]["shape"]["scale"]["domain"] == ["The 2020 article", "The report's 2020 model"]
    assert "not scored" in marks["encoding"]["color"]["scale"]["domain"] and "not yet resolvable" not in marks["encoding"]["color"]["scale"]["domain"]
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
    places = map_places(tables, "2021-06-01")
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


def test_charts_reach_the_page_compiled_to_vega(tables, arc):
    """The page draws Vega compiled at build time, never Vega-Lite: a single view takes its width from its container,
    a facet keeps its views' widths for the embed to narrow, and the network's date slider (a Vega-Lite param) is a
    Vega signal bound to a range input."""
    from counterbalance.pipeline.embed import vega_spec

    single = vega_spec(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict())
    assert single["$schema"] == "https://vega.github.io/schema/vega/v6.json"
    assert single["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert next(s for s in single["signals"] if s["name"] == "width")["init"].startswith("isFinite(containerSize()[0])")
    levels = cb.force_levels(tables["deployments"], tables["actors"], cb.week_starts("2020-11-15", "2020-12-27"))
    facet = vega_spec(cb.force_level_chart(levels, "t", "d").to_dict())
    assert "layout" in facet and {"name": "child_width", "value": 540} in facet["signals"]
    days, opening, ties, nodes = arc
    network = vega_spec(cb.network_chart(nodes, ties, days, opening, "t", "d").to_dict())
    slider = [s for s in network["signals"] if "bind" in s]
    assert len(slider) == 1 and slider[0]["bind"]["input"] == "range" and slider[0]["bind"]["max"] == len(days) - 1


def test_the_embed_fits_the_compiled_chart_to_its_column():
    """A single view is drawn at the column's width, and again compact (x-axis title in lines, legend in one column)
    if its text spills out of the drawing; a facet or concat chart is measured and its views narrowed; resizing redraws."""
    from counterbalance.pipeline.embed import chart_embed, vega_spec

    single = chart_embed(vega_spec(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict()), "c")
    assert "multi=!!spec.layout" in single and "mode:'vega'" in single
    assert "getBoundingClientRect().width" in single and "addEventListener('resize'" in single
    assert "titles(s,w)" in single  # a title longer than the column is broken into lines, not left to overflow
    assert "spills(svg)?vegaEmbed(el,sized(w,0,drawn.view.width()),opts)" in single and "columns:1" in single
    assert "/_width$/.test(g.name)" in single  # the views of a facet or concat chart are narrowed through their width signals
    # drawn at once where vega is on the page, else handed to the book's loader, which draws it when it comes into view
    assert "if(window.vegaEmbed){start()}else if(window.cbCharts){cbCharts.draw(id,start)}" in single


def test_a_phone_still_is_drawn_at_a_phones_width_and_compact():
    """The phone still of a single view is exactly a phone's column wide, its long x-axis title in lines; each view
    of a concat chart is narrowed until the whole drawing fits the column."""
    from counterbalance.pipeline.embed import PHONE_WIDTH
    from counterbalance.pipeline.render import phone_svg

    frame = pd.DataFrame({"x": [1, 2, 3], "y": [3, 1, 2], "kind": ["first kind", "second kind", "third kind"]})
    title = "Share of Azerbaijan's theatre power counted on Turkey's side"
    single = alt.Chart(frame).mark_point().encode(x=alt.X("x:Q", title=title), y="y:Q", color="kind:N").properties(width=540)
    svg = phone_svg(single.to_dict())
    assert re.match(r'<svg[^>]* width="(\d+)"', svg)[1] == str(PHONE_WIDTH)
    drawn = re.findall(r"<(?:text|tspan)[^>]*>([^<]+)</", svg)
    assert title not in drawn and {"Share of Azerbaijan's theatre power", "counted on Turkey's side"} <= set(drawn)  # in lines
    view = alt.Chart(frame).mark_point().encode(x="x:Q", y="y:Q", color="kind:N").properties(width=540)
    column = alt.vconcat(view, view).to_dict()
    width = float(re.match(r'<svg[^>]* width="([\d.]+)"', phone_svg(column))[1])
    assert width <= PHONE_WIDTH and float(re.match(r'<svg[^>]* width="([\d.]+)"', vl_convert.vegalite_to_svg(column))[1]) > PHONE_WIDTH


def test_the_chart_bundle_is_vega_and_vega_embed_without_the_vega_lite_compiler(tmp_path):
    """The bundle is the pinned npm packages' browser files, and its vega is the one vl-convert draws the stills with."""
    from counterbalance.paths import NODE_MODULES, PROJECT_ROOT
    from counterbalance.pipeline.render import write_vega_bundle

    bundle = write_vega_bundle(tmp_path / "vega-embed.js").read_text(encoding="utf-8")
    vega = json.loads((PROJECT_ROOT / NODE_MODULES / "vega" / "package.json").read_text(encoding="utf-8"))["version"]
    assert vega == vl_convert.get_vega_version() and f't.version="{vega}"' in bundle
    assert "vegaEmbed=" in bundle and "sourceMappingURL" not in bundle
    assert "normalizeEncoding" not in bundle and len(bundle) < 650_000  # Vega-Lite's compiler is not in it


def test_standalone_figure_pages_fit_a_phone(tmp_path):
    from counterbalance.pipeline.render import save_figure

    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q").properties(title="t", width=540)
    save_figure(chart.to_dict(), tmp_path, "01-t")
    page = (tmp_path / "01-t.html").read_text()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "#chart{width:100%" in page
    assert "containerSize()[0]" in page and "vega-lite" not in page  # compiled, fitting its container


def test_the_lineage_chart_gives_the_arrangements_years_most_of_its_width(tables):
    """The 2020-24 mission spans more than a quarter of the axis (it was a sliver on a straight one), and the
    earliest operation, of 1974, starts inside the plot."""
    tree = cb.command_tree(tables["relations"])
    frame = cb.history_frame(tables["unit_history"], tables["actors"], tables["places"], tree)
    spec = cb.lineage_chart(frame, "t", "d").to_dict()
    bars = next(layer for layer in spec["vconcat"][0]["layer"] if layer["mark"]["type"] == "rule")
    rows = pd.DataFrame(spec["datasets"][bars["data"]["name"]]).dropna(subset=["bar_y"])
    mission = rows[rows["operation"].str.contains("Peacekeeping mission")].iloc[0]
    assert mission["stop"] - mission["start"] > 0.25
    assert rows["start"].min() >= 0 and rows["stop"].max() <= 1
    assert spec["vconcat"][0]["layer"][0]["mark"]["type"] == "rect"  # the widened years shaded, no gridline to write over
    assert "grid" in json.dumps(spec) and '"grid": true' not in json.dumps(spec)


def test_each_force_level_panel_runs_from_0_to_the_power_of_ten_above_its_highest_figure(tables):
    levels = cb.force_levels(tables["deployments"], tables["actors"], cb.week_starts("2020-09-27", "2026-03-11"))
    spec = cb.force_level_chart(levels, "t", "d").to_dict()
    rows = pd.DataFrame(spec["datasets"][spec["data"]["name"]])
    ceilings = rows[rows["layer"] == "ceiling"].set_index("capability")["count"]
    highest = rows[rows["layer"] == "stated"].assign(top=lambda f: f[["count", "count_high"]].max(axis=1)).groupby("capability")["top"].max()
    assert (highest <= ceilings.reindex(highest.index)).all() and (ceilings.reindex(highest.index) <= 10 * highest.clip(lower=1)).all()
    assert ceilings["Troops"] == 1_000_000  # Azerbaijan's range reaches past 100,000


def test_every_chart_carries_a_source_line_with_its_tables_and_licence_and_its_own_page_carries_it_too(tmp_path, monkeypatch, tables):
    """Under a book chart: the tables it draws, linked to the Data chapter, the licence, and links to its own page, its
    data (CSV) and its image; the chart's own page carries the same line, its data and a link back to its chapter."""
    from counterbalance.paths import FIGURES_ENV, FIGURES_URL_ENV
    from counterbalance.pipeline.render import book_renderer

    folder = tmp_path / "figures" / "03_deployment_timeline"
    monkeypatch.setenv(FIGURES_ENV, str(folder))
    monkeypatch.setenv(FIGURES_URL_ENV, "../figures/03_deployment_timeline/")
    frame = event_frame(tables)
    markup = book_renderer(cb.events_chart(frame, cb.arc_phases(tables["events"], frame["to"].max()), "Events", "d").to_dict())["text/html"]
    assert '<a href="../data.html#events">events</a>' in markup and "creativecommons.org/licenses/by/4.0/" in markup
    page = next(folder.glob("*.html"))
    assert f'href="../figures/03_deployment_timeline/{page.name}">Open this chart</a>' in markup
    assert f'href="../figures/03_deployment_timeline/{page.stem}.csv" download>Download its data (CSV)</a>' in markup
    alone = page.read_text(encoding="utf-8")
    assert '<a href="../../data.html#events">events</a>' in alone and "CC BY 4.0" in alone
    assert 'href="../../analysis/03_deployment_timeline.html"' in alone
    assert page.with_suffix(".csv").read_text(encoding="utf-8").startswith("Event,")
