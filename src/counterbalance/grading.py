"""The NATO/Admiralty grading: filter claims by source reliability and information credibility.

A grade such as ``B2`` pairs the source's reliability (A completely reliable ... F cannot be
judged) with the claim's credibility (1 confirmed ... 6 cannot be judged). "At least B2"
admits a claim when both halves are at least as good: reliability in A-B *and* credibility
in 1-2. The two scales are independent, so neither half can buy off the other.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["admits", "with_grades", "filter_by_grade", "parse_grade"]


def parse_grade(grade: str) -> tuple[str, int]:
    """Split an Admiralty grade into its reliability letter and credibility digit.

    >>> parse_grade("C3")
    ('C', 3)
    """
    if not re.fullmatch(r"[A-F][1-6]", grade or ""):
        raise ValueError(f"{grade!r} is not an Admiralty grade such as B2")
    return grade[0], int(grade[1])


def admits(min_grade: str, reliability: str, credibility: int) -> bool:
    """Whether a claim graded `reliability` + `credibility` is at least `min_grade`.

    >>> admits("B2", "A", 2), admits("B2", "C", 1), admits("B2", "B", 3)
    (True, False, False)
    """
    letter, digit = parse_grade(min_grade)
    return reliability <= letter and credibility <= digit


def with_grades(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add each row's source ``outlet``, ``reliability`` and combined ``grade`` (e.g. ``C2``)."""
    lookup = sources.set_index("source_id")[["outlet", "reliability"]]
    out = frame.join(lookup, on="source_id")
    out["reliability"] = out["reliability"].astype("string")
    out["grade"] = out["reliability"] + out["credibility"].astype("string")
    return out


def filter_by_grade(frame: pd.DataFrame, sources: pd.DataFrame, min_grade: str) -> pd.DataFrame:
    """Rows whose claim is at least `min_grade`, with their grade columns added."""
    letter, digit = parse_grade(min_grade)
    graded = with_grades(frame, sources)
    keep = (graded["reliability"] <= letter) & (graded["credibility"] <= digit)
    return graded[keep.fillna(False).astype(bool)].reset_index(drop=True)
