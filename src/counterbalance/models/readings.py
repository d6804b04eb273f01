"""Model results in words: what a ratio or a series of them says, for the chapters' prose.

The notebooks glue these sentences, so a rerun with other assumptions says what its own
numbers say, not what the book's defaults said.
"""

from __future__ import annotations

import numpy as np

from .judgements import likelihood_word

__all__ = ["count_words", "share_words", "figure_words", "ratio_reading", "arc_reading", "parity_weight_reading", "probability_reading", "lineage_reading",
           "command_reading", "sobol_reading", "flip_reading", "judgements_sobol_reading"]

#: Counts under ten, as the book writes them (book/STYLE.md).
SMALL_COUNTS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def count_words(count: float, zero: str = "zero") -> str:
    """A count as the book writes it: under ten in words, from ten in figures with thousands separators.

    Parameters
    ----------
    count : float
        A whole number of things (a float that is whole, as pandas gives counts, is one too).
    zero : str
        What to say for nothing: "none" where the sentence reads "none of those weeks".

    Returns
    -------
    str

    Examples
    --------
    >>> count_words(5), count_words(1960), count_words(12000.0), count_words(0, zero="none")
    ('five', '1,960', '12,000', 'none')
    >>> count_words(2.5)
    '2.5'
    """
    if float(count) != int(count):
        return f"{count:,g}"
    count = int(count)
    if count == 0:
        return zero
    return SMALL_COUNTS[count] if 0 < count < len(SMALL_COUNTS) else f"{count:,}"


def share_words(part: int, whole: int) -> str:
    """How many of `whole` things `part` is, for a sentence that has just named the whole: "none", "all 187" or "12".

    Parameters
    ----------
    part, whole : int
        A count and the count it is a part of (``0 <= part <= whole``).

    Returns
    -------
    str

    Examples
    --------
    >>> share_words(0, 187), share_words(187, 187), share_words(12, 187), share_words(3, 187)
    ('none', 'all 187', '12', 'three')
    """
    if part == whole and whole:
        return f"all {count_words(whole)}"
    return count_words(part, zero="none")


def figure_words(qualifier: str, point, low=None, high=None) -> str:
    """A figure in words, as certain as its qualifier; a count under ten in words (book/STYLE.md).

    Parameters
    ----------
    qualifier : str
        ``exact``, ``approximately``, ``at_least``, ``at_most`` or ``unknown``, as in the claim tables.
    point : float or None
        The figure; None or NaN when unknown. `low` and `high` are accepted and not shown.

    Returns
    -------
    str

    Examples
    --------
    >>> figure_words("approximately", 1960.0), figure_words("at_least", 4.0), figure_words("unknown", None)
    ('about 1,960', 'at least four', 'an unknown number')
    >>> figure_words("exact", 1960.0), figure_words("exact", 2.5)
    ('1,960', '2.5')
    """
    if qualifier == "unknown" or point is None or point != point:
        return "an unknown number"
    number = count_words(point) if float(point).is_integer() else f"{point:,.1f}"
    return {"exact": "{}", "approximately": "about {}", "at_least": "at least {}", "at_most": "at most {}"}[qualifier].format(number)


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


def probability_reading(probability: float) -> tuple[str, str]:
    """A judgement's probability as a page prints it, and its ICD 203 expression; both say so when there is none.

    Parameters
    ----------
    probability : float
        In [0, 1], or NaN when the models could not settle the judgement (too few rows at
        the grade admitted, for instance).

    Returns
    -------
    (str, str)
        The percentage, rounded to a whole number, and the expression of likelihood.

    Examples
    --------
    >>> probability_reading(0.97), probability_reading(float("nan"))
    (('97%', 'almost certain'), ('not computed', 'no likelihood: the rows admitted do not settle it'))
    """
    if np.isnan(probability):
        return "not computed", "no likelihood: the rows admitted do not settle it"
    return f"{probability:.0%}", likelihood_word(probability)


def lineage_reading(operations, start_of_arc: int = 2020) -> str:
    """What the lineage chart shows, as its title: how far back the record of the formations reaches.

    Parameters
    ----------
    operations : pandas.DataFrame
        As :func:`counterbalance.models.lineage.history_frame` returns: ``formation``, ``from``.
    start_of_arc : int
        The year the arrangement began.

    Returns
    -------
    str
        One sentence, without a full stop, so that it serves as a chart's title too.

    Examples
    --------
    >>> import pandas as pd
    >>> ops = pd.DataFrame({"formation": ["a", "a", "b"], "from": pd.to_datetime(["1974-07-20", "2020-11-10", "2016-08-24"])})
    >>> print(lineage_reading(ops))
    The formations in the data served long before 2020: their record reaches back to 1974, three operations of two formations
    """
    first = int(operations["from"].min().year)
    counts = f"{count_words(len(operations))} operations of {count_words(operations['formation'].nunique())} formations"
    if first >= start_of_arc:
        return f"The record of the formations in the data begins with the arrangement: {counts}"
    return f"The formations in the data served long before {start_of_arc}: their record reaches back to {first}, {counts}"


def command_reading(layout) -> str:
    """What the chains of command show, as a title: which state fields the most formations under it.

    Parameters
    ----------
    layout : pandas.DataFrame
        As :func:`counterbalance.models.lineage.command_layout` returns: ``bloc``, ``name``, ``depth``
        (0 for a state, named as its state).

    Returns
    -------
    str
        One sentence, without a full stop, so that it serves as a chart's title too.

    Examples
    --------
    >>> import pandas as pd
    >>> layout = pd.DataFrame({"bloc": ["tr", "tr", "tr", "ru", "ru"], "depth": [0, 1, 2, 0, 1],
    ...                        "name": ["Turkey", "Turkish Army", "2nd Commando Brigade", "Russia", "VDV"]})
    >>> print(command_reading(layout))
    Turkey has the most forces and formations under it in the data: two, against Russia's one
    """
    names = dict(zip(layout.loc[layout["depth"] == 0, "bloc"], layout.loc[layout["depth"] == 0, "name"]))
    units = layout[layout["depth"] > 0]["bloc"].value_counts()
    if units.empty:
        return "The data holds no chain of command"
    others = ", ".join(f"{names.get(b, b)}'s {count_words(n)}" for b, n in units.iloc[1:].items())
    return (f"{names.get(units.index[0], units.index[0])} has the most forces and formations under it in the data: "
            f"{count_words(units.iloc[0])}" + (f", against {others}" if others else ""))


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
