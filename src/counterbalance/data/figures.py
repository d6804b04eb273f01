"""Figures as sources give them: the qualifier's shape, and the span of values a figure allows.

A figure is four text cells, ``count_point``, ``count_low``, ``count_high`` and
``count_qualifier``, in a claim row and in a citation that gives the figure as its source
worded it. Two figures *agree* when their spans overlap: "some 1,960" (1,862 to 2,058) agrees
with "1,960", "at least four" with "six", and "up to 60" with "35", but "five" does not agree
with "six". The corroboration of a figure (:mod:`counterbalance.data.grading`) counts only
sources whose figures agree with the row's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

__all__ = ["QUALIFIERS", "number", "figure_problem", "figure_span", "spans_overlap", "figure_words"]

#: How a source qualifies a figure; ``unknown`` means a number exists but none is given.
QUALIFIERS = ("exact", "approximately", "at_least", "at_most", "unknown")


def number(text: str) -> float | None:
    """The finite number a cell holds, or None (empty, malformed, infinite or NaN).

    Parameters
    ----------
    text : str
        A cell as read.

    Returns
    -------
    float or None

    Examples
    --------
    >>> number("1960"), number(""), number("inf"), number("12a")
    (1960.0, None, None, None)
    """
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _cells(row: Mapping[str, str]) -> tuple[float | None, float | None, float | None]:
    return tuple(number(row.get(f"count_{k}") or "") for k in ("point", "low", "high"))


def figure_problem(qualifier: str, point: float | None, low: float | None, high: float | None) -> tuple[str, str] | None:
    """The field and message of a figure that disagrees with its qualifier, or None.

    Parameters
    ----------
    qualifier : str
        One of :data:`QUALIFIERS` other than ``unknown``.
    point, low, high : float or None
        The figure's cells, as numbers.

    Returns
    -------
    (str, str) or None
        The field at fault and what is wrong with it; None when the figure fits its qualifier.

    Examples
    --------
    >>> figure_problem("exact", 5.0, 5.0, 5.0) is None
    True
    >>> figure_problem("at_least", 4.0, 4.0, 9.0)
    ('count_high', "a minimum ('at_least') needs count_low = count_point and an empty count_high")
    """
    if point is None:
        return "count_point", f"is empty; a figure qualified {qualifier} needs its point value"
    if qualifier == "exact" and not (low == point == high):
        return "count_low", "an exact figure needs count_low = count_point = count_high"
    if qualifier == "approximately" and not (low is not None and high is not None and low < point < high):
        return "count_low", "an approximate figure needs count_low < count_point < count_high"
    if qualifier == "at_least" and not (low == point and high is None):
        return ("count_high" if high is not None else "count_low"), "a minimum ('at_least') needs count_low = count_point and an empty count_high"
    if qualifier == "at_most" and not (high == point and (low is None or low <= point)):
        return "count_high", "a maximum ('at_most') needs count_high = count_point"
    return None


def figure_span(row: Mapping[str, str]) -> tuple[float, float] | None:
    """The values a figure allows, lowest and highest; None when it gives no number.

    Parameters
    ----------
    row : mapping
        Text cells ``count_point``, ``count_low``, ``count_high`` and ``count_qualifier``
        (a claim row or a citation).

    Returns
    -------
    (float, float) or None
        An exact figure allows only itself; an approximate one its range; "at least" runs
        to infinity and "at most" down to its low figure, or 0. None for an unknown,
        missing or malformed figure (validation reports the malformed).

    Examples
    --------
    >>> figure_span({"count_point": "4", "count_low": "4", "count_high": "", "count_qualifier": "at_least"})
    (4.0, inf)
    >>> figure_span({"count_point": "60", "count_low": "", "count_high": "60", "count_qualifier": "at_most"})
    (0.0, 60.0)
    >>> figure_span({"count_point": "", "count_low": "", "count_high": "", "count_qualifier": "unknown"}) is None
    True
    """
    qualifier = row.get("count_qualifier") or ""
    point, low, high = _cells(row)
    if qualifier not in QUALIFIERS or qualifier == "unknown" or figure_problem(qualifier, point, low, high):
        return None
    if qualifier == "at_least":
        return point, math.inf
    if qualifier == "at_most":
        return low if low is not None else 0.0, point
    return low, high


def spans_overlap(first: tuple[float, float], second: tuple[float, float]) -> bool:
    """Whether two figures' spans share a value: the test of two figures agreeing.

    Parameters
    ----------
    first, second : (float, float)
        Spans as :func:`figure_span` gives them.

    Returns
    -------
    bool

    Examples
    --------
    >>> spans_overlap((5.0, 5.0), (6.0, 6.0)), spans_overlap((1862.0, 2058.0), (1960.0, 1960.0))
    (False, True)
    """
    return first[0] <= second[1] and second[0] <= first[1]


def figure_words(row: Mapping[str, str]) -> str:
    """A figure in a validation message: its point and qualifier, or "no figure".

    Parameters
    ----------
    row : mapping
        Text cells ``count_point`` and ``count_qualifier``.

    Returns
    -------
    str

    Examples
    --------
    >>> figure_words({"count_point": "1960", "count_qualifier": "approximately"})
    'approximately 1960'
    >>> figure_words({"count_point": "5", "count_qualifier": "exact"})
    '5'
    """
    qualifier, point = row.get("count_qualifier") or "", row.get("count_point") or ""
    if not point:
        return "no figure"
    return point if qualifier == "exact" else f"{qualifier.replace('_', ' ')} {point}"
