"""Model results in words: what a ratio or a series of them says, for the chapters' prose.

The notebooks glue these sentences, so a rerun with other assumptions says what its own
numbers say, not what the book's defaults said.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ratio_reading", "arc_reading", "parity_weight_reading", "sobol_reading", "flip_reading", "judgements_sobol_reading"]


def ratio_reading(ratio: float) -> str:
    """The counter-balance ratio in words, including when one side or both have nothing in the theatre.

    Parameters
    ----------
    ratio : float
        As :func:`counter_balance_ratio` returns it: ``inf`` and ``nan`` included.

    Returns
    -------
    str
        Where the ratio stands against parity, and why when it has no finite value.

    Examples
    --------
    >>> for r in (0.08, 1.0, 16.3, float("inf"), float("nan")):
    ...     print(ratio_reading(r))
    below parity: Russia's forces outweighed what the Turkish side could bring to bear
    at parity
    above parity: the Turkish side outweighed Russia's forces
    unbounded: Russia had no forces in the theatre
    undefined: neither side had forces counted in the theatre
    """
    if np.isnan(ratio):
        return "undefined: neither side had forces counted in the theatre"
    if np.isinf(ratio):
        return "unbounded: Russia had no forces in the theatre"
    if ratio < 1:
        return "below parity: Russia's forces outweighed what the Turkish side could bring to bear"
    return "at parity" if ratio == 1 else "above parity: the Turkish side outweighed Russia's forces"


def arc_reading(weeks_with_rival: int, weeks_alone_at_parity: int, weeks_side_at_parity: int) -> str:
    """Where the counter-balance came from over the arc, from how often each reading reached parity.

    Parameters
    ----------
    weeks_with_rival : int
        Weeks in which Russia had forces counted in the theatre.
    weeks_alone_at_parity, weeks_side_at_parity : int
        Of those, the weeks in which Turkey alone, and Turkey with its share of Azerbaijan,
        was at or above parity.

    Returns
    -------
    str
        One sentence.

    Examples
    --------
    >>> print(arc_reading(180, 0, 180))
    Whatever counter-balance there was came from the alliance, not from Turkey's own presence.
    >>> print(arc_reading(180, 0, 0))
    Neither Turkey alone nor the alliance as counted here balanced Russia's forces.
    """
    if weeks_with_rival == 0:
        return "Russia had no forces counted in the theatre, so there was nothing to balance."
    if weeks_alone_at_parity == weeks_with_rival:
        return "Turkey's own forces matched Russia's throughout, without the alliance."
    if weeks_side_at_parity == 0:
        return "Neither Turkey alone nor the alliance as counted here balanced Russia's forces."
    if weeks_alone_at_parity == 0:
        return "Whatever counter-balance there was came from the alliance, not from Turkey's own presence."
    return "Turkey's own forces balanced Russia's in some weeks; the alliance carried the rest."


def parity_weight_reading(weight: float, low: float, high: float) -> str:
    """Whether the weight a capability would need for parity lies within its plausible range.

    Parameters
    ----------
    weight : float
        As :func:`counterbalance.models.scenarios.parity_weight` returns it.
    low, high : float
        The weight's plausible range.

    Returns
    -------
    str
        One sentence.

    Examples
    --------
    >>> print(parity_weight_reading(31.2, 0.1, 1.0))
    No weight in the plausible range, which ends at 1, comes close.
    >>> print(parity_weight_reading(0.6, 0.1, 1.0))
    That weight lies within the plausible range, so parity turns on how much one unit counts.
    """
    if weight <= high and weight >= low:
        return "That weight lies within the plausible range, so parity turns on how much one unit counts."
    if weight < low:
        return f"Even the lowest plausible weight, {low:g}, would reach it."
    return f"No weight in the plausible range, which ends at {high:g}, comes close."


def sobol_reading(indices, top: int = 2) -> str:
    """What carries one output, from its Sobol indices, in words.

    Parameters
    ----------
    indices : pandas.DataFrame
        One output's rows of :func:`counterbalance.models.sensitivity.sobol_indices`.
    top : int
        Inputs named.

    Returns
    -------
    str
        One clause.

    Examples
    --------
    >>> import pandas as pd
    >>> print(sobol_reading(pd.DataFrame({"input": ["alignment_weight", "report: tass"], "ST": [0.71, 0.2], "variance": [0.1, 0.1]})))
    carried by alignment weight (total-order index 0.71) and report: tass (0.20)
    >>> print(sobol_reading(pd.DataFrame({"input": ["x"], "ST": [float("nan")], "variance": [0.0]})))
    carried by no input: it holds, or fails, in every world of the design, so there is no variance to apportion
    """
    if not len(indices) or float(indices["variance"].iloc[0]) == 0:
        return "carried by no input: it holds, or fails, in every world of the design, so there is no variance to apportion"
    best = indices.sort_values("ST", ascending=False).head(top)
    names = [f"{row.input if row.input.startswith('report: ') else row.input.replace('_', ' ')} "
             f"({'total-order index ' if i == 0 else ''}{row.ST:.2f})" for i, row in enumerate(best.itertuples())]
    return "carried by " + " and ".join(names)


def flip_reading(rows: str, sources: str) -> str:
    """Whether any single row or source, left out, moves a judgement across even chance, in words.

    Parameters
    ----------
    rows, sources : str
        The rows, and the sources, whose leaving out moves the judgement across even chance (comma-joined; empty for none).

    Returns
    -------
    str
        One sentence.

    Examples
    --------
    >>> print(flip_reading("", ""))
    No single row or source, left out, moves it across even chance.
    >>> print(flip_reading("rel_x", ""))
    Leaving out rel_x alone moves it across even chance; no single source does.
    """
    if not rows and not sources:
        return "No single row or source, left out, moves it across even chance."
    row_part = f"Leaving out {rows} alone moves it across even chance" if rows else "No single row moves it across even chance"
    source_part = f"leaving out the source {sources} does too" if sources else "no single source does"
    return f"{row_part}; {source_part}."


def judgements_sobol_reading(indices, statements: dict[str, str]) -> str:
    """What carries each key judgement's variance, in words, the judgements without any variance named together.

    Parameters
    ----------
    indices : pandas.DataFrame
        :func:`counterbalance.models.sensitivity.sobol_indices`' rows for the judgements.
    statements : dict of str to str
        Each judgement's statement, by id.

    Returns
    -------
    str
        One or two sentences.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"output": ["a", "b"], "input": ["x", "x"], "ST": [float("nan"), 0.9], "variance": [0.0, 0.2]})
    >>> print(judgements_sobol_reading(rows, {"a": "A held", "b": "B held"}))
    B held: carried by x (total-order index 0.90). No input moves the other judgement: it holds in every world of the design, so there is no variance to apportion.
    """
    still = [j for j in statements if float(indices.loc[indices["output"] == j, "variance"].iloc[0]) == 0]
    moving = [f"{statements[j]}: {sobol_reading(indices[indices['output'] == j])}." for j in statements if j not in still]
    if still:
        which = "the other judgement" if len(still) == 1 and moving else "any of the judgements" if len(still) == len(statements) else \
            f"the other {len(still)} judgements" if moving else f"the {len(still)} judgements"
        moving.append(f"No input moves {which}: {'it holds' if len(still) == 1 else 'each holds'} in every world of the design, "
                      "so there is no variance to apportion.")
    return " ".join(moving)
