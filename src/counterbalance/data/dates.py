"""Imprecise dates: the EDTF subset the data uses, parsed into the interval they stand for.

The tables never round a vague date to a precise one. "1974" is the whole year 1974, "199X"
the whole decade of the 1990s, and "2020-11-10/2020-11-14" a day known only to lie between
those two. Each literal parses to an :class:`ImpreciseDate`: its earliest and latest possible
day and the precision it was stated with (the Library of Congress Extended Date/Time Format,
level 0 plus the decade of level 1).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["ImpreciseDate", "parse_date", "describe_date", "short_date", "PRECISIONS", "DATE_FORMAT_HELP"]

#: Precisions from finest to coarsest; "interval" is a day known to lie between two dates.
PRECISIONS = ("day", "month", "year", "decade", "interval")
#: How to write a date, for error messages.
DATE_FORMAT_HELP = "write YYYY-MM-DD, YYYY-MM, YYYY, a decade as YYYX (e.g. 199X), or an interval A/B"

_SINGLE = re.compile(r"^(?:(?P<decade>\d{3})X|(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?)$")


@dataclass(frozen=True, order=True)
class ImpreciseDate:
    """A date known to lie somewhere between `earliest` and `latest`, both inclusive.

    Examples
    --------
    >>> parse_date("199X")
    ImpreciseDate(earliest=datetime.date(1990, 1, 1), latest=datetime.date(1999, 12, 31), precision='decade', text='199X')
    >>> parse_date("2020-11").latest
    datetime.date(2020, 11, 30)
    """

    earliest: dt.date
    latest: dt.date
    precision: str
    text: str


def _parse_single(text: str) -> ImpreciseDate:
    match = _SINGLE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date; {DATE_FORMAT_HELP}")
    if match["decade"]:
        first_year = int(match["decade"]) * 10
        return ImpreciseDate(dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31), "decade", text)
    year = int(match["year"])
    if year < 1:
        raise ValueError(f"{text!r}: year 0000 does not exist")
    if match["month"] is None:
        return ImpreciseDate(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", text)
    month = int(match["month"])
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r}: month {month:02d} does not exist (01 to 12)")
    last_day = calendar.monthrange(year, month)[1]
    if match["day"] is None:
        return ImpreciseDate(dt.date(year, month, 1), dt.date(year, month, last_day), "month", text)
    day = int(match["day"])
    if not 1 <= day <= last_day:
        raise ValueError(f"{text!r}: day {day:02d} does not exist in {year}-{month:02d} (01 to {last_day})")
    return ImpreciseDate(dt.date(year, month, day), dt.date(year, month, day), "day", text)


def parse_date(text: str) -> ImpreciseDate:
    """Parse an EDTF date literal into the span of days it may denote.

    Parameters
    ----------
    text : str
        ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``YYYX`` (a decade) or ``A/B``, a day between two
        such dates.

    Returns
    -------
    ImpreciseDate
        Its earliest and latest possible day and its precision (see :data:`PRECISIONS`).

    Raises
    ------
    ValueError
        If the text is not such a literal, names a day that does not exist, or is an interval
        whose start comes after its end.

    Examples
    --------
    >>> d = parse_date("2020-11-10/2020-11-14")
    >>> (d.earliest.isoformat(), d.latest.isoformat(), d.precision)
    ('2020-11-10', '2020-11-14', 'interval')
    """
    text = text.strip()
    if "/" not in text:
        return _parse_single(text)
    start_text, _, end_text = text.partition("/")
    start, end = _parse_single(start_text), _parse_single(end_text)
    if start.earliest > end.latest:
        raise ValueError(f"{text!r}: the interval starts ({start_text}) after it ends ({end_text})")
    return ImpreciseDate(start.earliest, max(start.earliest, end.latest), "interval", text)


def _describe_single(date: ImpreciseDate) -> str:
    day = date.earliest
    if date.precision == "day":
        return f"{day.day} {day:%B %Y}"
    if date.precision == "month":
        return f"{day:%B %Y}"
    if date.precision == "year":
        return str(day.year)
    return f"the {day.year}s"


def describe_date(text: str) -> str:
    """A date literal of the data in words, as vague as the data is.

    Parameters
    ----------
    text : str
        A date literal as :func:`parse_date` reads it: a day, month, year, decade or interval.

    Returns
    -------
    str
        The date in English, e.g. "December 2020", "the 1990s" or "between 10 November 2020
        and 14 November 2020".

    Raises
    ------
    ValueError
        If `text` is not a date literal (see :func:`parse_date`).

    Examples
    --------
    >>> [describe_date(t) for t in ("2020-11-11", "2020-12", "1974", "199X")]
    ['11 November 2020', 'December 2020', '1974', 'the 1990s']
    >>> describe_date("2020-11-10/2020-11-14")
    'between 10 November 2020 and 14 November 2020'
    """
    if "/" in text:
        first, last = (parse_date(part) for part in text.split("/"))
        return f"between {_describe_single(first)} and {_describe_single(last)}"
    return _describe_single(parse_date(text))


def short_date(text: str) -> str:
    """A date literal as a citation shows it: an interval of days within one month or year run together.

    Parameters
    ----------
    text : str
        A date literal as :func:`parse_date` reads it.

    Returns
    -------
    str
        The date in English, as short as it can be without losing anything.

    Examples
    --------
    >>> [short_date(t) for t in ("2020-12-17/2020-12-31", "2020-11-30/2021-01-10", "2020-11-10", "2020-09/2020-10-26")]
    ['17–31 December 2020', '30 November 2020–10 January 2021', '10 November 2020', 'between September 2020 and 26 October 2020']
    >>> short_date("2021-03-28/2021-04-02")
    '28 March–2 April 2021'
    """
    if "/" not in text:
        return describe_date(text)
    first, last = (parse_date(part) for part in text.split("/"))
    if first.precision != "day" or last.precision != "day":
        return describe_date(text)
    start, end = first.earliest, last.earliest
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B}–{end.day} {end:%B %Y}"
    return f"{_describe_single(first)}–{_describe_single(last)}"
