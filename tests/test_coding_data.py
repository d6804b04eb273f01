"""Tests for data/coding.py and the coding tables' schema: each fault, made in a copy of the data, is named by file, line and field."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import line_of
from test_schema import assert_reported, problems_in

CODES = "event_codes"


def rows_of(data_dir: Path) -> list[list[str]]:
    with (data_dir / f"{CODES}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_rows(data_dir: Path, rows: list[list[str]]) -> None:
    with (data_dir / f"{CODES}.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def line_coded(data_dir: Path, event_id: str, coder: str) -> int:
    """The file line (header = 1) of the first interaction of `event_id` by `coder`."""
    return next(n for n, row in enumerate(rows_of(data_dir), start=1) if row[:2] == [event_id, coder])


def edit_coded(data_dir: Path, event_id: str, coder: str, field: str, value: str) -> int:
    rows = rows_of(data_dir)
    line = line_coded(data_dir, event_id, coder)
    rows[line - 1][rows[0].index(field)] = value
    write_rows(data_dir, rows)
    return line


@pytest.mark.parametrize(("event_id", "field", "value", "words"), [
    ("ev_memorandum", "cameo_code", "999", "'999' is not a code in data/cameo_codes.csv"),
    ("ev_memorandum", "cameo_code", "57", "'57' is not a code in data/cameo_codes.csv"),
    ("ev_memorandum", "cameo_code", "sign", "does not match"),
    ("ev_memorandum", "source_actor_id", "tr_army", "'tr_army' is a service, not a state"),
    ("ev_memorandum", "target_actor_id", "xx", "'xx' is not a actor_id in data/actors.csv"),
    ("ev_memorandum", "target_actor_id", "tr", "an act joins two different states"),
    ("ev_memorandum", "source_actor_id", "", "is empty; name the state"),
    ("ev_memorandum", "cameo_code", "", "is empty; give the act's CAMEO code, or none"),
    ("ev_memorandum", "event_id", "ev_nowhere", "'ev_nowhere' is not a event_id in data/events.csv"),
    ("ev_memorandum", "coder", "coder_1", "does not match"),
    ("ev_fizuli_mine", "source_actor_id", "az", "must be empty when cameo_code is none"),
    ("ev_fizuli_mine", "note", "", "is empty; a value is required"),
])
def test_a_bad_coding_is_reported_at_its_line_and_field(data_dir, event_id, field, value, words):
    line = edit_coded(data_dir, event_id, "coder_a", field, value)
    assert_reported(data_dir, f"data/{CODES}.csv:{line}: {field}:", words)


def test_an_event_a_coder_left_out_is_named_at_its_own_line(data_dir):
    write_rows(data_dir, [row for row in rows_of(data_dir) if row[:2] != ["ev_war", "coder_a"]])
    assert_reported(data_dir, f"data/events.csv:{line_of(data_dir, 'events', 'ev_war')}: event_id:", "'ev_war' is not coded by coder_a")


def test_the_resolved_coding_must_be_complete(data_dir):
    write_rows(data_dir, [row for row in rows_of(data_dir) if row[:2] != ["ev_memorandum", "resolved"]])
    assert_reported(data_dir, f"data/events.csv:{line_of(data_dir, 'events', 'ev_memorandum')}: event_id:", "not coded by resolved")


def test_a_second_coder_must_code_every_event(data_dir):
    write_rows(data_dir, [row for row in rows_of(data_dir) if row[:2] != ["ev_memorandum", "coder_b"]])
    found = problems_in(data_dir)
    assert not any("'ev_war' is not coded by coder_b" in p for p in found)
    assert f"data/events.csv:{line_of(data_dir, 'events', 'ev_memorandum')}: event_id: 'ev_memorandum' is not coded by coder_b; " \
           "add its interactions (or one coded none) to data/event_codes.csv" in found


def test_none_beside_an_act_and_a_pair_coded_twice_are_refused(data_dir):
    rows = rows_of(data_dir)
    first = line_coded(data_dir, "ev_memorandum", "coder_a")
    rows.append(["ev_memorandum", "coder_a", "2", "ru", "tr", "046", "talks"])
    rows.append(["ev_memorandum", "coder_a", "3", "", "", "none", "nothing"])
    write_rows(data_dir, rows)
    assert_reported(data_dir, f"data/{CODES}.csv:{len(rows) - 1}: target_actor_id:", f"already codes this pair of states in 'ev_memorandum' on line {first}")
    assert_reported(data_dir, f"data/{CODES}.csv:{len(rows)}: cameo_code:", "is none but coder_a codes other interactions")


def test_a_weight_off_the_scale_is_refused(data_dir):
    path = data_dir / "cameo_codes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("190,"))
    lines[line - 1] = lines[line - 1].replace(",-10.0,", ",-11.0,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_reported(data_dir, f"data/cameo_codes.csv:{line}: goldstein:", "below the minimum -10")
