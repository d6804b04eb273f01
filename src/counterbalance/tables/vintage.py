"""The tables of what could be known on a day: key figures in two vintages, and the forces hindsight changed."""

from __future__ import annotations

import pandas as pd

from ..data import describe_date

__all__ = ["vintage_figure_table", "hindsight_table"]


def vintage_figure_table(then: dict[str, dict], now: dict[str, dict], labels: dict[str, str], known_on: str) -> pd.DataFrame:
    """Each key figure as the sources known on `known_on` give it, beside hindsight's, as a reader's table.

    Parameters
    ----------
    then, now : dict of str to dict
        Key figures (:func:`counterbalance.models.keyfigures.key_figures_on`) on the vintage and on all the data.
    labels : dict of str to str
        What each figure is, by name (:data:`counterbalance.models.keyfigures.KEY_FIGURES`).
    known_on : str
        The day of knowledge (ISO).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Figure``, with a column for the vintage and one for hindsight. Each is
        the median of its own worlds: a figure no later source moved may still differ in its
        last digit, as the worlds are drawn afresh over a different set of rows.

    Examples
    --------
    >>> table = vintage_figure_table({"ratio": {"text": "about 28"}}, {"ratio": {"text": "about 17"}}, {"ratio": "the ratio"}, "2020-12-31")
    >>> table.columns.tolist(), table.values.tolist()
    (['Known on 31 December 2020', 'Hindsight (all the data)'], [['about 28', 'about 17']])
    """
    return pd.DataFrame({
        "Figure": [labels[name][:1].upper() + labels[name][1:] for name in labels],
        f"Known on {describe_date(known_on)}": [then[name]["text"] for name in labels],
        "Hindsight (all the data)": [now[name]["text"] for name in labels],
    }).set_index("Figure")


def hindsight_table(changes: pd.DataFrame, known_on: str) -> pd.DataFrame:
    """The forces whose count a later source changed, with the sources that changed it, as a reader's table.

    Parameters
    ----------
    changes : pandas.DataFrame
        As :func:`counterbalance.models.hindsight.figure_changes` returns it.
    known_on : str
        The day of knowledge (ISO).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Force`` (its description), with the count known then, the count in
        hindsight, ``Row`` and ``Changed by`` (the later sources).

    Examples
    --------
    >>> changes = pd.DataFrame({"deployment_id": ["army"], "description": ["The army"], "then": ["126,000"],
    ...                         "now": ["about 65,000"], "moved_by": ["Caspian News (9 January 2023)"]})
    >>> hindsight_table(changes, "2020-12-31").reset_index().values.tolist()
    [['The army', '126,000', 'about 65,000', 'army', 'Caspian News (9 January 2023)']]
    """
    return pd.DataFrame({
        "Force": changes["description"].to_numpy(), f"Known on {describe_date(known_on)}": changes["then"].to_numpy(),
        "Hindsight": changes["now"].to_numpy(), "Row": changes["deployment_id"].to_numpy(), "Changed by": changes["moved_by"].to_numpy(),
    }).set_index("Force")
