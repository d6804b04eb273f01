"""Tests for dates.py: imprecise dates parse to the interval of days they may denote."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterbalance.data.dates import parse_date

days = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31))


def literal(day: dt.date, precision: str) -> str:
    return {
        "day": day.isoformat(), "month": day.strftime("%Y-%m"), "year": f"{day.year:04d}",
        "decade": f"{day.year // 10:03d}X",
    }[precision]


@given(days, st.sampled_from(["day", "month", "year", "decade"]))
def test_a_date_contains_the_day_it_was_written_from(day, precision):
    parsed = parse_date(literal(day, precision))
    assert parsed.precision == precision
    assert parsed.earliest <= day <= parsed.latest


@given(days, st.sampled_from(["month", "year", "decade"]))
def test_coarser_precision_spans_exactly_its_unit(day, precision):
    parsed = parse_date(literal(day, precision))
    if precision == "month":
        assert (parsed.earliest.day, parsed.latest.day) == (1, calendar.monthrange(day.year, day.month)[1])
    if precision == "year":
        assert (parsed.earliest, parsed.latest) == (dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
    if precision == "decade":
        assert parsed.earliest.year % 10 == 0 and parsed.latest.year == parsed.earliest.year + 9


@given(days, days, st.sampled_from(["day", "month", "year"]), st.sampled_from(["day", "month", "year"]))
def test_an_interval_is_ordered_or_refused(a, b, pa, pb):
    text = f"{literal(a, pa)}/{literal(b, pb)}"
    start, end = parse_date(literal(a, pa)), parse_date(literal(b, pb))
    if start.earliest <= end.latest:
        parsed = parse_date(text)
        assert parsed.precision == "interval"
        assert parsed.earliest == start.earliest and parsed.latest == end.latest
    else:
        with pytest.raises(ValueError, match="after it ends"):
            parse_date(text)


def test_the_1990s_is_an_interval_not_a_day():
    parsed = parse_date("199X")
    assert (parsed.earliest, parsed.latest) == (dt.date(1990, 1, 1), dt.date(1999, 12, 31))


@pytest.mark.parametrize("text", ["2021-02-29", "2020-13", "2020-00-10", "1990s", "", "2020/"])
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)
