"""Tests for schema.py: each rule, broken in a copy of the data, is reported at its file, line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counterbalance.data import validate_package
from conftest import edit_cell, line_of


def problems_in(data_dir: Path) -> list[str]:
    return [str(p) for p in validate_package(data_dir)[0]]


def assert_reported(data_dir: Path, location: str, words: str) -> None:
    """Exactly this location is reported, with a message containing `words`."""
    found = problems_in(data_dir)
    at_location = [p for p in found if p.startswith(location + " ")]
    assert at_location, f"nothing reported at {location}; got:\n" + "\n".join(found)
    assert any(words in p for p in at_location), at_location


def test_shipped_data_is_valid() -> None:
    from counterbalance.paths import DATA_DIR

    assert problems_in(DATA_DIR) == []


# (table, row id, field, bad value, words expected in the message)
CELL_CASES = [
    ("actors", "tr_army", "kind", "navy_seal", "is not allowed; allowed: state"),
    ("actors", "tr_army", "name", "", "is empty; a value is required"),
    ("actors", "tr_army", "credibility", "7", "above the maximum 6"),
    ("actors", "tr_army", "credibility", "two", "is not a whole number"),
    ("places", "baku", "latitude", "north", "is not a number"),
    ("places", "baku", "latitude", "91", "above the maximum 90"),
    ("places", "baku", "in_theatre", "yes", "is not a boolean"),
    ("actors", "tr_army", "country_id", "tk", "'tk' is not a actor_id in data/actors.csv"),
    ("actors", "tr_army", "country_id", "tr_armed_forces", "is a armed_forces, not a state"),
    ("deployments", "dep_tr_engineers", "count_point", "-3", "below the minimum 0"),
    ("sources", "milliyet_2020_12_03", "url", "javascript:alert(1)", "only http:// and https:// addresses"),
    ("sources", "milliyet_2020_12_03", "reliability", "G", "allowed: A, B, C, D, E, F"),
    ("sources", "milliyet_2020_12_03", "channel_source_id", "milliyet_2020_12_03", "reaches us through itself"),
    ("events", "ev_memorandum", "start", "2020-11-31", "day 31 does not exist"),
    ("events", "ev_memorandum", "start", "11/11/2020", "is not a date"),
    ("events", "ev_memorandum", "start", "2020-12/2020-11", "starts (2020-12) after it ends"),
    ("events", "ev_memorandum", "end", "2020-11-01", "ends (2020-11-01) before it starts"),
    ("relations", "rel_tr_az_alliance", "target_actor_id", "tr", "two different actors"),
    ("relations", "rel_tr_az_alliance", "sign", "0", "allowed: -1, 1"),
    ("event_links", "lnk_war_az", "system_id", "f16", "exactly one of actor_id and system_id"),
    ("unit_history", "hist_commando_parade", "start", "2020-12-11", "differs from the start of event"),
    ("deployments", "dep_tr_engineers", "count_high", "140", "exact figure needs"),
    ("deployments", "dep_ru_troops", "count_low", "1990", "exact figure needs"),
    ("events", "ev_russian_strength", "count_low", "1990", "approximate figure needs count_low < count_point < count_high"),
    ("deployments", "dep_tr_air", "count_high", "9", "minimum ('at_least') needs"),
    ("deployments", "dep_tr_liaison", "count_point", "12", "must be empty when count_qualifier is unknown"),
    ("deployments", "dep_tr_engineers", "count_qualifier", "", "is empty but the row has a figure"),
    ("deployments", "dep_tr_engineers", "count_reported", "", "give the figure in the source's own words"),
]


@pytest.mark.parametrize(("table", "row_id", "field", "value", "words"), CELL_CASES)
def test_cell_rule_is_reported_at_its_row_and_field(data_dir, table, row_id, field, value, words):
    line = line_of(data_dir, table, row_id)
    edit_cell(data_dir, table, row_id, field, value)
    reported_field = field
    if field == "count_low" and "approximate" in words or field == "count_high" and "exact" in words:
        reported_field = "count_low"
    if field == "count_high" and "minimum" in words:
        reported_field = "count_high"
    if field == "count_point" and "unknown" in words:
        reported_field = "count_point"
    if field == "system_id":
        reported_field = "actor_id"
    assert_reported(data_dir, f"data/{table}.csv:{line}: {reported_field}:", words)


def test_second_commander_is_refused(data_dir):
    line = line_of(data_dir, "relations", "cmd_ru_15th")
    edit_cell(data_dir, "relations", "cmd_ru_15th", "target_actor_id", "ru_31st_guards_brigade")
    assert_reported(data_dir, f"data/relations.csv:{line}: target_actor_id:", "already has a commander")


def test_duplicate_key_is_reported_on_its_second_row(data_dir):
    second = line_of(data_dir, "actors", "tr_air_force")
    first = line_of(data_dir, "actors", "tr_army")
    edit_cell(data_dir, "actors", "tr_army", "actor_id", "tr_air_force")
    assert_reported(data_dir, f"data/actors.csv:{second}: actor_id:", f"repeats line {first}")


def test_loop_in_chain_of_command_is_refused(data_dir):
    edit_cell(data_dir, "relations", "cmd_tr_forces", "source_actor_id", "tr_army")
    assert any("loops back on itself" in p for p in problems_in(data_dir))


def test_unused_source_is_reported(data_dir):
    path = data_dir / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8") + "orphan_source,Nobody,,,newspaper,en,2020,page,,2026-11-25,https://example.org/,,,,,C,Never cited\n",
                    encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines())
    assert_reported(data_dir, f"data/sources.csv:{line}: source_id:", "not referenced by any row")


def test_missing_file(data_dir):
    (data_dir / "systems.csv").unlink()
    assert_reported(data_dir, "data/systems.csv:0: -:", "file is missing")


def test_empty_file(data_dir):
    (data_dir / "systems.csv").write_text("", encoding="utf-8")
    assert_reported(data_dir, "data/systems.csv:1: -:", "file is empty")


def test_bad_encoding_names_the_line(data_dir):
    path = data_dir / "systems.csv"
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"MPT", "MPT\u00e9".encode("latin-1"), 1) if b"MPT" in lines[2] else lines[2] + b"\xe9"
    path.write_bytes(b"\n".join(lines))
    assert_reported(data_dir, "data/systems.csv:3: -:", "not UTF-8")


def test_malformed_csv(data_dir):
    path = data_dir / "systems.csv"
    path.write_text(path.read_text(encoding="utf-8") + 'broken,"unclosed,rifle\n', encoding="utf-8")
    assert any(p.startswith("data/systems.csv:") and "malformed CSV" in p for p in problems_in(data_dir))


def test_row_with_too_many_cells(data_dir):
    path = data_dir / "systems.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "extra,Extra,rifle,,An extra,1,surplus\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    assert_reported(data_dir, f"data/systems.csv:{line}: -:", "row has 7 cells, the header has 6")


def test_missing_and_undeclared_columns(data_dir):
    path = data_dir / "systems.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("producer_id", "maker_id", 1), encoding="utf-8")
    assert_reported(data_dir, "data/systems.csv:1: producer_id:", "column is missing")
    assert_reported(data_dir, "data/systems.csv:1: maker_id:", "not declared")


def test_spreadsheet_csv_with_bom_and_crlf_is_valid(data_dir):
    path = data_dir / "actors.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert problems_in(data_dir) == []


def test_all_errors_reported_in_one_run(data_dir):
    edit_cell(data_dir, "actors", "tr_army", "kind", "navy")
    edit_cell(data_dir, "places", "baku", "latitude", "999")
    edit_cell(data_dir, "events", "ev_war", "start", "20-09")
    found = problems_in(data_dir)
    assert {p.split(":")[0] for p in found} >= {"data/actors.csv", "data/places.csv", "data/events.csv"}


def test_make_validate_style_command_exits_non_zero(data_dir, capsys):
    from counterbalance.pipeline.cli import main

    edit_cell(data_dir, "actors", "tr_army", "kind", "navy")
    assert main(["validate", "--data", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert f"data/actors.csv:{line_of(data_dir, 'actors', 'tr_army')}: kind: 'navy' is not allowed" in err


def test_map_outline_citing_an_unknown_source_names_its_line(data_dir):
    path = data_dir / "boundaries.geojson"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace('"source_id":"natural_earth_110m"', '"source_id":"atlas_unheard_of"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_reported(data_dir, "data/boundaries.geojson:4: source_id:", "'atlas_unheard_of' is not a source_id")


def test_map_outline_without_a_polygon_is_refused(data_dir):
    path = data_dir / "boundaries.geojson"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace('"type":"MultiPolygon"', '"type":"Point"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_reported(data_dir, "data/boundaries.geojson:3: geometry:", "not a Polygon")


def test_source_cited_only_by_the_map_counts_as_used(data_dir):
    path = data_dir / "boundaries.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace("natural_earth_110m", "editors_gazetteer"), encoding="utf-8")
    assert_reported(data_dir, f"data/sources.csv:{line_of(data_dir, 'sources', 'natural_earth_110m')}: source_id:", "not referenced")


class TestHostileData:
    """Cells and files built to hurt whoever opens the published data."""

    @pytest.mark.parametrize("formula", ['=HYPERLINK("http://example.org/x","click")', "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)"])
    def test_a_cell_a_spreadsheet_would_run_is_refused(self, data_dir, formula):
        edit_cell(data_dir, "events", "ev_fizuli_mine", "description", formula)
        line = line_of(data_dir, "events", "ev_fizuli_mine")
        assert_reported(data_dir, f"data/events.csv:{line}: description:", "would run as a formula")

    def test_a_control_character_is_refused(self, data_dir):
        edit_cell(data_dir, "events", "ev_fizuli_mine", "description", "A tank mine\x00 near Fizuli")
        line = line_of(data_dir, "events", "ev_fizuli_mine")
        assert_reported(data_dir, f"data/events.csv:{line}: description:", "control character U+0000")

    def test_a_table_larger_than_declared_is_refused_naming_the_limit(self, data_dir):
        path = data_dir / "unit_history.csv"
        header, first = path.read_text(encoding="utf-8").splitlines()[:2]
        rows = [first.replace("hist_commando_cyprus", f"hist_copy_{i}", 1) for i in range(200_000)]
        path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        assert_reported(data_dir, "data/unit_history.csv:10002: -:", "200,000 rows, more than the 10,000 this table allows")

    def test_a_map_with_too_many_vertices_is_refused(self, data_dir):
        ring = [[40 + i % 9, 40] for i in range(60_000)] + [[40, 41], [40, 40]]
        feature = {"type": "Feature", "properties": {"name": "X", "source_id": "natural_earth_110m"},
                   "geometry": {"type": "Polygon", "coordinates": [ring]}}
        (data_dir / "boundaries.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
        assert_reported(data_dir, "data/boundaries.geojson:1: geometry:", "60,002 vertices, more than the 50,000 the map allows")

    def test_a_map_file_too_large_is_refused_before_it_is_read(self, data_dir):
        (data_dir / "boundaries.geojson").write_text(" " * 1_000_001, encoding="utf-8")
        assert_reported(data_dir, "data/boundaries.geojson:1: -:", "1,000,001 bytes, more than the 1,000,000 this file allows")
