r"""Scenarios: the counter-balance ratio over a grid of assumptions, and where it reaches parity.

The ratio (:func:`counterbalance.network.counter_balance_ratio`) is linear in every figure
and every capability weight, so a grid of thousands of scenarios is a few array products,
and the size a contingent would need for parity has a closed form:

.. math:: n^\ast = \frac{P_{RU} - (P_{TR} - w\,n) - \alpha P_{AZ}}{w}

where *n* is the contingent's figure in the data, *w* its capability weight and the
powers those of :func:`counterbalance.network.theatre_power`.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from .network import ALLY, BALANCER, DEFAULT_WEIGHTS, RIVAL, ratio_of, theatre_rows
from .timeline import active_on

__all__ = ["theatre_deployments", "ratio_grid", "parity_count"]



def theatre_deployments(deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, as_of: str,
                        include: tuple[str, ...] = ()) -> pd.DataFrame:
    """Deployments in the theatre on `as_of` with their state and figure (0 when unknown).

    Deployments named in `include` are kept even when not (yet) in the theatre, with a
    figure of 0, so that a scenario can give them one.

    Returns
    -------
    pandas.DataFrame
        ``deployment_id``, ``country_id``, ``capability``, ``count``.
    """
    active = active_on(theatre_rows(deployments, actors, places), as_of)
    absent = deployments[deployments["deployment_id"].isin(include) & ~deployments["deployment_id"].isin(active["deployment_id"])]
    absent = absent.assign(count_point=0.0, country_id=absent["actor_id"].map(actors.set_index("actor_id")["country_id"]))
    active = pd.concat([active, absent])
    return pd.DataFrame({
        "deployment_id": active["deployment_id"].astype(str).to_numpy(),
        "country_id": active["country_id"].astype(str).to_numpy(),
        "capability": active["capability"].astype(str).to_numpy(),
        "count": active["count_point"].astype("Float64").fillna(0).astype(float).to_numpy(),
    })


def ratio_grid(present: pd.DataFrame, axes: dict[str, list[float]], base: dict[str, float] | None = None) -> pd.DataFrame:
    """The counter-balance ratio for every combination of the values in `axes`.

    Parameters
    ----------
    present : pandas.DataFrame
        As :func:`theatre_deployments` returns.
    axes : dict of str to list of float
        What varies: ``alignment_weight``, ``weight_<capability>`` or ``count:<deployment_id>``
        (a scenario figure for one deployment of `present`).
    base : dict, optional
        Fixed values of the same names for what does not vary; defaults otherwise
        (alignment weight 0.5, :data:`counterbalance.network.DEFAULT_WEIGHTS`).

    Returns
    -------
    pandas.DataFrame
        One row per combination: a column per axis, ``power_tr``, ``power_az``, ``power_ru``,
        ``ratio`` and ``above_parity``.

    Raises
    ------
    KeyError
        If an axis names neither a weight, the alignment weight nor a deployment present.

    Examples
    --------
    >>> present = pd.DataFrame({"deployment_id": ["t", "r"], "country_id": ["tr", "ru"],
    ...                         "capability": ["troops", "troops"], "count": [100.0, 400.0]})
    >>> ratio_grid(present, {"count:t": [100, 400]})["ratio"].tolist()
    [0.25, 1.0]
    """
    settings = {"alignment_weight": 0.5, **{f"weight_{c}": w for c, w in DEFAULT_WEIGHTS.items()}, **(base or {})}
    ids = list(present["deployment_id"])
    for name in list(axes) + list(base or {}):
        known = name in settings or (name.startswith("count:") and name[6:] in ids)
        if not known:
            raise KeyError(f"{name!r} is not alignment_weight, weight_<capability> or count:<deployment in the theatre>")
    countries = present["country_id"].to_numpy()
    capabilities = present["capability"].to_numpy()
    rows = []
    for combination in itertools.product(*axes.values()):
        values = {**settings, **dict(zip(axes, combination))}
        counts = np.array([values.get(f"count:{d}", c) for d, c in zip(ids, present["count"])], dtype=float)
        weights = np.array([values[f"weight_{c}"] for c in capabilities], dtype=float)
        power = counts * weights
        totals = {state: float(power[countries == state].sum()) for state in (BALANCER, ALLY, RIVAL)}
        ratio = ratio_of(totals[BALANCER], totals[ALLY], totals[RIVAL], values["alignment_weight"])
        rows.append({**dict(zip(axes, combination)), "power_tr": totals[BALANCER], "power_az": totals[ALLY],
                     "power_ru": totals[RIVAL], "ratio": ratio, "above_parity": ratio >= 1})
    return pd.DataFrame(rows)


def parity_count(present: pd.DataFrame, deployment_id: str, alignment_weight: float,
                 weights: dict[str, float] | None = None) -> float:
    """The figure `deployment_id` would need for the ratio to reach parity (R = 1).

    Returns
    -------
    float
        The figure; 0 when parity holds without it, ``inf`` when its weight is 0 and parity
        is not reached.

    Raises
    ------
    KeyError
        If the deployment is not in the theatre, or is not the balancer's.

    Examples
    --------
    Russia 400 troops, Turkey 100 troops in the contingent and 50 elsewhere:

    >>> present = pd.DataFrame({"deployment_id": ["t", "t2", "r"], "country_id": ["tr", "tr", "ru"],
    ...                         "capability": ["troops"] * 3, "count": [100.0, 50.0, 400.0]})
    >>> parity_count(present, "t", alignment_weight=0.5)
    350.0
    """
    row = present[present["deployment_id"] == deployment_id]
    if row.empty or row["country_id"].iloc[0] != BALANCER:
        raise KeyError(f"{deployment_id!r} is not a deployment of the balancer in the theatre")
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    power = present["count"] * present["capability"].map(weights)
    totals = power.groupby(present["country_id"]).sum()
    weight = weights[row["capability"].iloc[0]]
    others = totals.get(BALANCER, 0.0) - weight * float(row["count"].iloc[0])
    needed = totals.get(RIVAL, 0.0) - others - alignment_weight * totals.get(ALLY, 0.0)
    if needed <= 0:
        return 0.0
    return math.inf if weight == 0 else float(needed / weight)
