r"""Scenarios: the counter-balance ratio over a grid of assumptions, and where it reaches parity.

The ratio (:func:`counterbalance.models.power.counter_balance_ratio`) is linear in every figure
and every capability weight, so a grid of thousands of scenarios is a few array products,
and the size a contingent would need for parity has a closed form:

.. math:: n^\ast = \frac{P_{RU} - (P_{TR} - w\,n) - \alpha P_{AZ}}{w}

where *n* is the contingent's figure in the data, *w* its capability weight and the
powers those of :func:`counterbalance.models.power.theatre_power`.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from ..assumptions import ALIGNMENT_WEIGHT, ALLY, BALANCER, RIVAL
from .power import capability_weights, side_ratio, side_totals, theatre_rows
from .timeline import active_on

__all__ = ["theatre_deployments", "ratio_grid", "parity_count"]


def theatre_deployments(deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, as_of: str,
                        include: tuple[str, ...] = ()) -> pd.DataFrame:
    """Deployments in the theatre on `as_of` with their state and figure (0 when unknown).

    Deployments named in `include` are kept even when not (yet) in the theatre, with a
    figure of 0, so that a scenario can give them one.

    Parameters
    ----------
    deployments, actors, places : pandas.DataFrame
        As :func:`counterbalance.models.power.theatre_power` takes them.
    as_of : date-like
        The day of the count.
    include : tuple of str
        Ids of deployments to keep in any case.

    Returns
    -------
    pandas.DataFrame
        ``deployment_id``, ``country_id``, ``capability``, ``count``: one row per deployment.

    Examples
    --------
    A Turkish aircraft deployment outside the theatre, kept for a scenario:

    >>> nat = pd.Series([pd.NaT] * 2, dtype="datetime64[s]")
    >>> deps = pd.DataFrame({"deployment_id": ["d1", "d2"], "actor_id": ["x", "y"], "place_id": ["p", "q"],
    ...     "capability": ["troops", "air_assets"], "count_point": [100.0, 2.0],
    ...     "start_earliest": nat, "start_latest": nat, "end_earliest": nat, "end_latest": nat})
    >>> actors = pd.DataFrame({"actor_id": ["x", "y"], "country_id": ["ru", "tr"]})
    >>> places = pd.DataFrame({"place_id": ["p", "q"], "in_theatre": [True, False]})
    >>> theatre_deployments(deps, actors, places, "2020-12-01", include=("d2",)).values.tolist()
    [['d1', 'ru', 'troops', 100.0], ['d2', 'tr', 'air_assets', 0.0]]
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
        (:data:`counterbalance.assumptions.ALIGNMENT_WEIGHT` and ``DEFAULT_WEIGHTS``).

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
    settings = {"alignment_weight": ALIGNMENT_WEIGHT, **{f"weight_{c}": w for c, w in capability_weights().items()}, **(base or {})}
    ids = list(present["deployment_id"])
    for name in list(axes) + list(base or {}):
        known = name in settings or (name.startswith("count:") and name[6:] in ids)
        if not known:
            raise KeyError(f"{name!r} is not alignment_weight, weight_<capability> or count:<deployment in the theatre>")
    combinations = list(itertools.product(*axes.values()))
    scenarios = [{**settings, **dict(zip(axes, combination))} for combination in combinations]
    # one row per scenario, one column per deployment present
    counts = np.array([[s.get(f"count:{d}", n) for d, n in zip(ids, present["count"])] for s in scenarios], dtype=float)
    weights = np.array([[s[f"weight_{c}"] for c in present["capability"]] for s in scenarios], dtype=float)
    totals = side_totals(counts * weights, present["country_id"])
    ratio = side_ratio(totals, np.array([s["alignment_weight"] for s in scenarios], dtype=float))
    frame = pd.DataFrame(combinations, columns=list(axes)) if axes else pd.DataFrame(index=range(len(scenarios)))
    return frame.assign(power_tr=totals[BALANCER], power_az=totals[ALLY], power_ru=totals[RIVAL], ratio=ratio,
                        above_parity=ratio >= 1)


def parity_count(present: pd.DataFrame, deployment_id: str, alignment_weight: float,
                 weights: dict[str, float] | None = None) -> float:
    """The figure `deployment_id` would need for the ratio to reach parity (R = 1).

    Parameters
    ----------
    present : pandas.DataFrame
        As :func:`theatre_deployments` returns it.
    deployment_id : str
        A deployment of the balancer in `present`.
    alignment_weight : float
        The share of the ally's power the balancer counts on.
    weights : dict of str to float, optional
        Capability weights over the defaults (:func:`counterbalance.models.power.capability_weights`).

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
    weights = capability_weights(weights)
    totals = side_totals(present["count"] * present["capability"].map(weights), present["country_id"])
    weight = weights[row["capability"].iloc[0]]
    others = totals[BALANCER] - weight * float(row["count"].iloc[0])
    needed = totals[RIVAL] - others - alignment_weight * totals[ALLY]
    if needed <= 0:
        return 0.0
    return math.inf if weight == 0 else float(needed / weight)
