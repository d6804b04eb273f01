"""The report's key judgements as probabilities: each the share of sampled worlds in which it holds.

Each key judgement is a statement about one day that the models can check in every world
:mod:`counterbalance.models.uncertainty` draws. Its probability is then reported with how
much it moves when the grades widen figures and dates less or more: a judgement that holds
whatever the widening rests on the evidence, one that moves rests on the assumption.
"""

from __future__ import annotations

import pandas as pd

from ..assumptions import ALIGNMENT_WEIGHT, AT_LEAST_TAIL
from .uncertainty import simulate_power, simulate_triad, triad_shares

__all__ = ["SMALL_FRACTION", "key_judgement_probabilities", "probabilities_across_widening"]

#: "Less than a quarter": what the report's first key judgement calls a small fraction.
SMALL_FRACTION = 0.25


def key_judgement_probabilities(tables: dict[str, pd.DataFrame], as_of: str, n: int = 10_000, seed: int = 20201110,
                                weights: dict[str, float] | None = None, alignment_weight: float = ALIGNMENT_WEIGHT,
                                tail: float = AT_LEAST_TAIL, widening_scale: float = 1.0) -> dict[str, float]:
    """The probability of each of the report's key judgements on `as_of`, over `n` worlds.

    * ``kj_turkey_own_presence``: Turkey's own theatre power is less than a quarter of Russia's;
    * ``kj_with_azerbaijan``: the counter-balance ratio, with `alignment_weight`, is above parity;
    * ``kj_ambivalent_triad``: the triad Azerbaijan-Russia-Turkey is ambivalent (a pair of it
      partners and rivals at once), *given* that it is closed: worlds where it is open are
      left out, and their share is reported apart (:func:`simulate_triad`).

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        ``deployments``, ``actors``, ``places`` and ``relations``, as loaded.
    as_of : date-like
    n, seed, weights, alignment_weight, tail, widening_scale
        As :func:`simulate_power`.

    Returns
    -------
    dict of str to float
        By judgement id; NaN when no world closes the triad.

    Examples
    --------
    >>> from counterbalance.data import load_tables
    >>> probabilities = key_judgement_probabilities(load_tables(), "2021-06-30", n=200)
    >>> sorted(probabilities)
    ['kj_ambivalent_triad', 'kj_turkey_own_presence', 'kj_with_azerbaijan']
    """
    worlds = simulate_power(tables["deployments"], tables["actors"], tables["places"], as_of, n, seed, weights,
                            alignment_weight, tail, widening_scale)
    triad = triad_shares(simulate_triad(tables["actors"], tables["relations"], as_of, n, seed, widening_scale=widening_scale))
    return {
        "kj_turkey_own_presence": worlds.probability(worlds.power_tr < SMALL_FRACTION * worlds.power_ru),
        "kj_with_azerbaijan": worlds.probability(worlds.ratio > 1),
        "kj_ambivalent_triad": triad["ambivalent"],
    }


def probabilities_across_widening(tables: dict[str, pd.DataFrame], as_of: str, scales: tuple[float, ...] = (0.0, 0.5, 1.0, 2.0),
                                  **assumptions) -> pd.DataFrame:
    """How much each key judgement's probability moves as the grades widen ranges less or more.

    Parameters
    ----------
    tables, as_of
        As :func:`key_judgement_probabilities`.
    scales : tuple of float
        Multipliers of the assumed widening (0: grades widen nothing; 2: twice as much).
    **assumptions
        Passed on to :func:`key_judgement_probabilities` (``n``, ``seed``, ``alignment_weight`` ...).

    Returns
    -------
    pandas.DataFrame
        One row per key judgement, one column per scale, and ``spread`` (the largest minus
        the smallest probability across the scales).

    Examples
    --------
    >>> from counterbalance.data import load_tables
    >>> table = probabilities_across_widening(load_tables(), "2021-06-30", scales=(1.0, 2.0), n=100)
    >>> list(table.columns)
    ['judgement_id', 1.0, 2.0, 'spread']
    """
    columns = {scale: key_judgement_probabilities(tables, as_of, widening_scale=scale, **assumptions) for scale in scales}
    frame = pd.DataFrame(columns).rename_axis("judgement_id").reset_index()
    return frame.assign(spread=frame[list(scales)].max(axis=1) - frame[list(scales)].min(axis=1))

