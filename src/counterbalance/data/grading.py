"""The NATO/Admiralty grading: filter claims by source reliability and information credibility.

A grade such as ``B2`` pairs the source's reliability (A completely reliable ... F cannot be
judged) with the claim's credibility (1 confirmed ... 6 cannot be judged). "At least B2"
admits a claim when both halves are at least as good: reliability in A-B *and* credibility
in 1-2. The two scales are independent, so neither half can buy off the other.
"""

from __future__ import annotations

import re

import pandas as pd

from ..assumptions import GRADE_PATTERN

__all__ = ["CREDIBILITY", "RELIABILITY", "with_grades", "filter_by_grade", "parse_grade"]

#: What each information-credibility digit means.
CREDIBILITY = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable", 6: "cannot be judged"}
#: What each source-reliability letter means.
RELIABILITY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable", "D": "not usually reliable",
               "E": "unreliable", "F": "cannot be judged"}


def parse_grade(grade: str) -> tuple[str, int]:
    """Split an Admiralty grade into its reliability letter and credibility digit.

    Parameters
    ----------
    grade : str
        A grade such as ``"B2"``: source reliability A-F, then information credibility 1-6.

    Returns
    -------
    letter : str
        The reliability letter (see :data:`RELIABILITY`).
    digit : int
        The credibility digit (see :data:`CREDIBILITY`).

    Raises
    ------
    ValueError
        If `grade` is not a letter A-F followed by a digit 1-6.

    Examples
    --------
    >>> parse_grade("C3")
    ('C', 3)
    """
    if not re.fullmatch(GRADE_PATTERN, grade or ""):
        raise ValueError(f"{grade!r} is not an Admiralty grade such as B2")
    return grade[0], int(grade[1])


def with_grades(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add each row's source ``outlet``, ``reliability`` and combined ``grade`` (e.g. ``C2``).

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows citing a source: needs ``source_id`` and ``credibility`` (nullable integer).
    sources : pandas.DataFrame
        The sources table: needs ``source_id``, ``outlet`` and ``reliability``.

    Returns
    -------
    pandas.DataFrame
        `frame`, same rows and order, with ``outlet``, ``reliability`` and ``grade`` added;
        ``grade`` is missing where the credibility is.

    Examples
    --------
    >>> rows = pd.DataFrame({"source_id": ["s"], "credibility": pd.array([2], dtype="Int64")})
    >>> sources = pd.DataFrame({"source_id": ["s"], "outlet": ["Daily"], "reliability": ["B"]})
    >>> with_grades(rows, sources)["grade"].tolist()
    ['B2']
    """
    lookup = sources.set_index("source_id")[["outlet", "reliability"]]
    out = frame.join(lookup, on="source_id")
    out["reliability"] = out["reliability"].astype("string")
    out["grade"] = out["reliability"] + out["credibility"].astype("string")
    return out


def filter_by_grade(frame: pd.DataFrame, sources: pd.DataFrame, min_grade: str) -> pd.DataFrame:
    """Rows whose claim is at least `min_grade`, with their grade columns added.

    A claim is *at least* ``B2`` when its source's reliability is A or B and its credibility
    1 or 2: both halves must pass, as the module docstring explains.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows citing a source: needs ``source_id`` and ``credibility``.
    sources : pandas.DataFrame
        The sources table: needs ``source_id``, ``outlet`` and ``reliability``.
    min_grade : str
        The weakest grade admitted, e.g. ``"B2"``.

    Returns
    -------
    pandas.DataFrame
        The rows that pass, re-indexed from 0, with ``outlet``, ``reliability`` and ``grade``
        added (as :func:`with_grades`). Rows without a credibility never pass.

    Raises
    ------
    ValueError
        If `min_grade` is not an Admiralty grade.

    Examples
    --------
    >>> rows = pd.DataFrame({"source_id": ["s", "t"], "credibility": pd.array([2, 3], dtype="Int64")})
    >>> sources = pd.DataFrame({"source_id": ["s", "t"], "outlet": ["A", "B"], "reliability": ["B", "B"]})
    >>> filter_by_grade(rows, sources, "B2")["source_id"].tolist()
    ['s']
    """
    letter, digit = parse_grade(min_grade)
    graded = with_grades(frame, sources)
    keep = (graded["reliability"] <= letter) & (graded["credibility"] <= digit)
    return graded[keep.fillna(False).astype(bool)].reset_index(drop=True)
