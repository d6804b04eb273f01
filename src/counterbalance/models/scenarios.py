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

from ..assumptions import ALIGNMENT_WEIGHT, ALLY, BALANCER, RIVAL, WEIGHTS
from .counts import point_counts
from .power import capability_weights, side_ratio, side_totals, theatre_rows
from .timeline import in_force

__all__ = [
    "theatre_deployments", "ratio_grid", "parity_count", "parity_count_range", "parity_weight", "parity_alignment", "side_ratio_numerator",
]


def theatre_deployments(deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, as_of: str,
                        include: tuple[str, ...] = ()) -> pd.DataFrame:
    """Deployments in the theatre on `as_of` with their state and counted figure (0 when unknown).

    A ceiling stands for the force under it, with the strength it counts
    (:func:`counterbalance.models.power.point_counts`); the strength reports under it are
    folded into it.

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
    rows = theatre_rows(deployments, actors, places)
    counted = point_counts(rows, as_of)[0]
    capped = rows["ceiling_id"].notna().to_numpy() if "ceiling_id" in rows else np.zeros(len(rows), bool)
    active = rows.assign(count_point=counted)[in_force(rows, as_of) & ~capped]
    absent = deployments[deployments["deployment_id"].isin(include) & ~deployments["deployment_id"].isin(active["deployment_id"])]
    absent = absent.assign(count_point=0.0, country_id=absent["actor_id"].map(actors.set_index("actor_id")["country_id"]))
    active = pd.concat([active, absent])
    return pd.DataFrame({
        "deployment_id": active["deployment_id"].astype(str).to_numpy(),
        "country_id": active["country_id"].astype(str).to_numpy(),
        "capability": active["capability"].astype(str).to_numpy(),
        "count": active["count_point"].astype("Float64").fillna(0).astype(float).to_numpy(),
    })


def ratio_grid(present: pd.DataFrame, axes: dict[str, list[float]], base: dict[str, float] | None = None,
               weights: dict[str, float] | None = None) -> pd.DataFrame:
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
        (:data:`counterbalance.assumptions.ALIGNMENT_WEIGHT` and the capability weights).
    weights : dict, optional
        Capability weights by capability, where they differ from ``DEFAULT_WEIGHTS``.

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
    weights = {**capability_weights(), **(weights or {})}
    settings = {"alignment_weight": ALIGNMENT_WEIGHT, **{f"weight_{c}": w for c, w in weights.items()}, **(base or {})}
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


def parity_weight(present: pd.DataFrame, capability: str, alignment_weight: float,
                  weights: dict[str, float] | None = None) -> float:
    r"""The weight one capability would need for the ratio to reach parity, in closed form.

    The ratio is linear in each weight, so parity in the weight :math:`w` of capability *c*
    solves :math:`(a_{TR} + \alpha a_{AZ} - a_{RU})\, w = -(b_{TR} + \alpha b_{AZ} - b_{RU})`,
    with :math:`a_s` side *s*'s count of *c* and :math:`b_s` its power from everything else.

    Parameters
    ----------
    present : pandas.DataFrame
        As :func:`theatre_deployments` returns it.
    capability : str
        The capability whose weight varies.
    alignment_weight : float
    weights : dict of str to float, optional
        The other weights, over the defaults.

    Returns
    -------
    float
        The weight at parity; 0 when parity holds whatever the weight from 0 up; ``inf``
        when no non-negative weight reaches it.

    Examples
    --------
    Turkey 4 aircraft and 136 engineers, Russia 2,010 troop-equivalents: parity once an
    aircraft counts for (2,010 - 136) / 4:

    >>> present = pd.DataFrame({"deployment_id": ["a", "e", "r"], "country_id": ["tr", "tr", "ru"],
    ...     "capability": ["air_assets", "engineers", "troops"], "count": [4.0, 136.0, 2010.0]})
    >>> parity_weight(present, "air_assets", alignment_weight=0.0)
    468.5
    """
    weights = {**capability_weights(weights), capability: 0.0}
    counts = present["count"].where(present["capability"] == capability, 0.0)
    slope = side_ratio_numerator(side_totals(counts, present["country_id"]), alignment_weight)
    offset = side_ratio_numerator(side_totals(present["count"] * present["capability"].map(weights), present["country_id"]),
                                  alignment_weight)
    if offset >= 0:
        return 0.0
    return math.inf if slope <= 0 else float(-offset / slope)


def parity_count_range(present: pd.DataFrame, deployment_id: str, alignment_weight: float,
                       weights: dict[str, float] | None = None) -> tuple[float, float, float]:
    """The parity figure of :func:`parity_count` with the range its capability's plausible weights give it.

    Parameters
    ----------
    present, deployment_id, alignment_weight, weights
        As :func:`parity_count`.

    Returns
    -------
    (float, float, float)
        The figure at the weight as set, then the fewest needed (the weight at the top of
        its range in :data:`counterbalance.assumptions.WEIGHTS`) and the most (at the bottom).

    Examples
    --------
    Russia 400 troops against Turkish monitors weighted 0.5 (plausibly 0.1 to 1):

    >>> present = pd.DataFrame({"deployment_id": ["m", "r"], "country_id": ["tr", "ru"],
    ...                         "capability": ["monitors", "troops"], "count": [60.0, 400.0]})
    >>> parity_count_range(present, "m", alignment_weight=0.0)
    (800.0, 400.0, 4000.0)
    """
    capability = present.loc[present["deployment_id"] == deployment_id, "capability"]
    assumption = {w.capability: w for w in WEIGHTS}.get(capability.iloc[0] if len(capability) else None)
    needed = parity_count(present, deployment_id, alignment_weight, weights)
    if assumption is None:
        return needed, needed, needed
    set_to = capability_weights(weights)[assumption.capability]
    ends = [parity_count(present, deployment_id, alignment_weight, {**(weights or {}), assumption.capability: w})
            for w in (max(assumption.high, set_to), min(assumption.low, set_to))]
    return needed, ends[0], ends[1]


def parity_alignment(present: pd.DataFrame, weights: dict[str, float] | None = None) -> float:
    r"""The alignment weight at which the balancer's side reaches parity, in closed form.

    .. math:: \alpha^\ast = \frac{P_{RU} - P_{TR}}{P_{AZ}}

    Parameters
    ----------
    present : pandas.DataFrame
        As :func:`theatre_deployments` returns it.
    weights : dict of str to float, optional
        Capability weights over the defaults.

    Returns
    -------
    float
        The share of the ally's power the balancer needs; 0 when it reaches parity alone,
        ``inf`` when the ally has no counted power and the balancer alone falls short. A
        value above 1 means that even all of the ally's power does not suffice.

    Examples
    --------
    Turkey 30, Azerbaijan 65,000, Russia 2,040: a few per cent of Azerbaijan's army suffices.

    >>> present = pd.DataFrame({"deployment_id": ["t", "a", "r"], "country_id": ["tr", "az", "ru"],
    ...     "capability": ["troops"] * 3, "count": [30.0, 65000.0, 2040.0]})
    >>> parity_alignment(present)
    0.030923076923076925
    """
    totals = side_totals(present["count"] * present["capability"].map(capability_weights(weights)), present["country_id"])
    shortfall = float(totals[RIVAL] - totals[BALANCER])
    if shortfall <= 0:
        return 0.0
    return math.inf if totals[ALLY] == 0 else shortfall / float(totals[ALLY])


def side_ratio_numerator(totals: dict[str, np.ndarray], alignment_weight: float) -> float:
    """The balancer's side minus the rival's, :math:`P_{TR} + \\alpha P_{AZ} - P_{RU}`: parity at 0.

    Parameters
    ----------
    totals : dict of str to float
        Each side's theatre power, as :func:`counterbalance.models.power.side_totals` returns it.
    alignment_weight : float

    Returns
    -------
    float
        Positive above parity, negative below.

    Examples
    --------
    >>> side_ratio_numerator({"tr": 10.0, "az": 20.0, "ru": 15.0}, 0.5)
    5.0
    """
    return float(totals[BALANCER] + alignment_weight * totals[ALLY] - totals[RIVAL])
