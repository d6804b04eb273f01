r"""Theatre power: each side's forces in the theatre, weighted by capability, and the counter-balance ratio.

The one force accounting of the report. The point estimate (:func:`theatre_power`), the
scenario grid and the uncertainty sampler all sum power per side with :func:`side_totals`
and compare the sides with :func:`ratio_of`, so a change to either rule changes every
chapter at once.

Judgement calls, made here and summarised in the Methods chapter:

* Theatre power counts only figures the sources give. A deployment whose number is unknown
  adds nothing to the point estimate and is listed, so the reader sees what is missing.
* An authorised ceiling is not a strength: a force under one counts its latest reported
  strength, bounded by the ceiling (:mod:`counterbalance.models.strength`).
* A row counts after its last confirmation as the persistence rule says
  (:mod:`counterbalance.models.persistence`).
* The sides are those of :mod:`counterbalance.assumptions`: the balancer (Turkey), its ally
  (Azerbaijan) and the rival (Russia).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..assumptions import ALIGNMENT_WEIGHT, ALLY, BALANCER, DEFAULT_WEIGHTS, RIVAL, SIDES
from .counts import point_counts
from .timeline import in_force

__all__ = [
    "capability_weights", "theatre_rows", "side_totals", "ratio_of", "side_ratio", "theatre_power",
    "counter_balance_ratio", "power_over_time", "power_by_state",
]


def capability_weights(weights: dict[str, float] | None = None) -> dict[str, float]:
    """The default capability weights with `weights` applied over them.

    Parameters
    ----------
    weights : dict of str to float, optional
        Troop-equivalents per unit of some capabilities, replacing their defaults.

    Returns
    -------
    dict of str to float
        A weight for every capability of :data:`counterbalance.assumptions.DEFAULT_WEIGHTS`
        and of `weights`, keyed by capability.

    Examples
    --------
    >>> capability_weights({"troops": 2.0})["troops"], capability_weights()["air_assets"]
    (2.0, 100.0)
    """
    return {**DEFAULT_WEIGHTS, **(weights or {})}


def theatre_rows(deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """The deployments at places in the theatre, whenever they are, with their state's ``country_id``.

    The one definition of "in the theatre" that the point estimate, the scenarios and the
    uncertainty sampler share.

    Parameters
    ----------
    deployments : pandas.DataFrame
        Needs ``actor_id`` and ``place_id``.
    actors : pandas.DataFrame
        Needs ``actor_id`` and ``country_id``.
    places : pandas.DataFrame
        Needs ``place_id`` and ``in_theatre``.

    Returns
    -------
    pandas.DataFrame
        The deployments at a place in the theatre, re-indexed from 0, with ``country_id`` and
        ``actor_kind`` (the deployed actor's kind, which its persistence class follows) added.

    Examples
    --------
    >>> deps = pd.DataFrame({"deployment_id": ["d1", "d2"], "actor_id": ["x", "x"], "place_id": ["in", "out"]})
    >>> places = pd.DataFrame({"place_id": ["in", "out"], "in_theatre": [True, False]})
    >>> theatre_rows(deps, pd.DataFrame({"actor_id": ["x"], "country_id": ["ru"]}), places)[["deployment_id", "country_id"]].values.tolist()
    [['d1', 'ru']]
    """
    in_theatre = set(places.loc[places["in_theatre"].astype(bool), "place_id"])
    rows = deployments[deployments["place_id"].isin(in_theatre)].reset_index(drop=True)
    info = actors.set_index("actor_id")
    kind = rows["actor_id"].map(info["kind"]).astype(object) if "kind" in info else pd.Series([None] * len(rows), dtype=object)
    return rows.assign(country_id=rows["actor_id"].map(info["country_id"]).astype(str), actor_kind=kind)


def side_totals(power, countries) -> dict[str, np.ndarray]:
    """Each side's power, summed over the last axis of `power` (one entry per deployment).

    Parameters
    ----------
    power : array_like(float, shape (..., rows))
        Power of each deployment, for any leading shape: one point estimate, a grid of
        scenarios or a sample of worlds.
    countries : array_like(str, shape (rows,))
        The state each deployment belongs to.

    Returns
    -------
    dict of str to numpy.ndarray
        For each of the sides (:data:`counterbalance.assumptions.SIDES`), an array of the
        leading shape (a 0-d array for a single estimate).

    Examples
    --------
    >>> totals = side_totals([[1.0, 2.0, 4.0], [0.0, 2.0, 1.0]], ["tr", "ru", "tr"])
    >>> totals["tr"].tolist(), totals["ru"].tolist(), totals["az"].tolist()
    ([5.0, 1.0], [2.0, 2.0], [0.0, 0.0])
    """
    power, countries = np.asarray(power, dtype=float), np.asarray(countries)
    return {side: power[..., countries == side].sum(axis=-1) for side in SIDES}


def ratio_of(power_balancer, power_ally, power_rival, alignment_weight: float):
    """R = (P_balancer + alpha * P_ally) / P_rival for numbers or numpy arrays alike.

    ``inf`` where the rival has no counted power and the balancer's side has some, ``nan``
    where neither side has any.

    Parameters
    ----------
    power_balancer, power_ally, power_rival : float or array_like
        Each side's power, of one shape (or broadcastable).
    alignment_weight : float or array_like
        The share alpha of the ally's power the balancer counts on.

    Returns
    -------
    float or numpy.ndarray
        A float for numbers, an array of the broadcast shape otherwise.

    Examples
    --------
    >>> ratio_of(300.0, 400.0, 1000.0, 0.5), ratio_of(5.0, 0.0, 0.0, 0.5)
    (0.5, inf)
    """
    numerator = np.asarray(power_balancer, dtype=float) + alignment_weight * np.asarray(power_ally, dtype=float)
    rival = np.asarray(power_rival, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(rival > 0, numerator / np.where(rival > 0, rival, 1), np.where(numerator > 0, np.inf, np.nan))
    return float(ratio) if ratio.ndim == 0 else ratio


def side_ratio(totals: dict[str, np.ndarray], alignment_weight: float):
    """The counter-balance ratio of side totals (:func:`side_totals`), of whatever shape.

    Parameters
    ----------
    totals : dict of str to float or numpy.ndarray
        Each side's power, keyed by state id, as :func:`side_totals` returns it.
    alignment_weight : float or array_like
        The share of the ally's power the balancer counts on.

    Returns
    -------
    float or numpy.ndarray
        As :func:`ratio_of`.

    Examples
    --------
    >>> side_ratio({"tr": 300.0, "az": 400.0, "ru": 1000.0}, 0.5)
    0.5
    """
    return ratio_of(totals[BALANCER], totals[ALLY], totals[RIVAL], alignment_weight)


def theatre_power(
    deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, as_of: str,
    weights: dict[str, float] | None = None, count_overrides: dict[str, float] | None = None,
) -> pd.DataFrame:
    r"""Each state's weighted force in the theatre on `as_of`.

    .. math:: P_s(t) = \sum_{d \in D_s(t)} w_{c(d)}\, n_d

    where :math:`D_s(t)` are the deployments of state *s*'s actors active on day *t* at a
    place in the theatre, :math:`c(d)` a deployment's capability, :math:`w_c` its weight and
    :math:`n_d` its counted figure (:func:`point_counts`: the point value, a ceiling's
    strength, 0 when unknown).

    Parameters
    ----------
    deployments, actors, places : pandas.DataFrame
        As loaded; deployments may be pre-filtered by grade.
    as_of : date-like
        Day of the count.
    weights : dict, optional
        Troop-equivalents per unit of each capability, over
        :data:`counterbalance.assumptions.DEFAULT_WEIGHTS`.
    count_overrides : dict, optional
        Scenario figures replacing the data's, by ``deployment_id``.

    Returns
    -------
    pandas.DataFrame
        One row per (state, capability) present: ``country_id``, ``capability``, ``count``,
        ``weight``, ``power``, ``unknown_rows`` (deployments counted as 0 for want of a figure).

    Raises
    ------
    KeyError
        If a capability present has no weight.

    Notes
    -----
    A linear, additive index in the manner of the Composite Index of National Capability
    (Singer, J. D., Bremer, S. and Stuckey, J. (1972), "Capability distribution,
    uncertainty, and major power war, 1820-1965", in B. Russett (ed.), *Peace, War, and
    Numbers*, 19-48), cut down to forces present in one theatre. It ignores quality,
    readiness and logistics; the weights carry every such judgement and are parameters.

    Examples
    --------
    >>> nat = pd.Series([pd.NaT] * 2, dtype="datetime64[s]")
    >>> deps = pd.DataFrame({"deployment_id": ["d1", "d2"], "actor_id": ["x", "y"], "place_id": ["p", "p"],
    ...     "capability": ["troops", "air_assets"], "count_point": [100.0, 2.0], "count_qualifier": ["exact"] * 2,
    ...     "start_earliest": nat, "start_latest": nat, "end_earliest": nat, "end_latest": nat})
    >>> actors = pd.DataFrame({"actor_id": ["x", "y"], "country_id": ["ru", "tr"]})
    >>> places = pd.DataFrame({"place_id": ["p"], "in_theatre": [True]})
    >>> theatre_power(deps, actors, places, "2020-12-01")[["country_id", "power"]].values.tolist()
    [['ru', 100.0], ['tr', 200.0]]
    """
    weights = capability_weights(weights)
    rows = theatre_rows(deployments, actors, places)
    counted, unknown = point_counts(rows, as_of, count_overrides)
    capped = rows["ceiling_id"].notna().to_numpy() if "ceiling_id" in rows else np.zeros(len(rows), bool)
    shown = in_force(rows, as_of) & ~capped
    active = rows.assign(count=counted, unknown=unknown)[shown].copy()
    missing = sorted(set(active["capability"].astype(str)) - set(weights))
    if missing:
        raise KeyError(f"no weight for capability {missing[0]!r}")
    active["weight"] = active["capability"].astype(str).map(weights).astype(float)
    active["power"] = active["count"] * active["weight"]
    out = active.groupby(["country_id", "capability"], observed=True).agg(
        count=("count", "sum"), weight=("weight", "first"), power=("power", "sum"), unknown_rows=("unknown", "sum"),
    ).reset_index()
    out["capability"] = out["capability"].astype(str)
    out["unknown_rows"] = out["unknown_rows"].astype(int)
    return out.sort_values(["country_id", "capability"], ignore_index=True)


def counter_balance_ratio(power: pd.DataFrame, alignment_weight: float = ALIGNMENT_WEIGHT) -> float:
    r"""Turkey's theatre power plus what it levers through Azerbaijan, against Russia's.

    .. math:: R = \frac{P_{TR} + \alpha\, P_{AZ}}{P_{RU}}

    :math:`\alpha \in [0, 1]` is the alignment weight: the share of the ally's power the
    balancer can count on. *R* = 1 is parity; below 1 Russia outweighs the Turkish side.

    Parameters
    ----------
    power : pandas.DataFrame
        ``country_id`` and ``power``, as :func:`theatre_power` returns.
    alignment_weight : float
        :math:`\alpha`.

    Returns
    -------
    float
        The ratio; ``inf`` when the rival has no counted power but the balancer has some,
        ``nan`` when neither has.

    Raises
    ------
    ValueError
        If `alignment_weight` is outside [0, 1].

    Notes
    -----
    Balancing through an ally ("external balancing", Waltz, K. N. (1979), *Theory of
    International Politics*, ch. 6) enters as a fixed share of the ally's power; a constant
    :math:`\alpha` assumes the ally's commitment does not change with the stakes.

    Examples
    --------
    >>> power = pd.DataFrame({"country_id": ["tr", "az", "ru"], "power": [300.0, 400.0, 1000.0]})
    >>> counter_balance_ratio(power, alignment_weight=0.5)
    0.5
    """
    if not 0 <= alignment_weight <= 1:
        raise ValueError(f"alignment_weight {alignment_weight} is outside [0, 1]")
    return side_ratio(side_totals(power["power"], power["country_id"]), alignment_weight)


def power_over_time(deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, days: list,
                    weights: dict[str, float] | None = None, alignment_weight: float = ALIGNMENT_WEIGHT,
                    count_overrides: dict[str, float] | None = None) -> pd.DataFrame:
    """Theatre power of each state and the counter-balance ratio on each of `days`.

    Parameters
    ----------
    deployments, actors, places : pandas.DataFrame
        As :func:`theatre_power` takes them.
    days : list of date-like
        The days to count on.
    weights, alignment_weight, count_overrides
        As :func:`theatre_power` and :func:`counter_balance_ratio`.

    Returns
    -------
    pandas.DataFrame
        Long form: ``date``, ``series`` (a state id, ``ratio``, or ``ratio_alone``: the
        balancer's power alone against the rival's), ``value``. Each day's figures are those of
        :func:`theatre_power` and :func:`counter_balance_ratio` on that day.

    Raises
    ------
    KeyError, ValueError
        As :func:`theatre_power` and :func:`counter_balance_ratio`.

    Examples
    --------
    One Russian company of 100 troops, in the theatre from 1 December:

    >>> company = pd.DataFrame({"deployment_id": ["c"], "actor_id": ["x"], "place_id": ["p"], "capability": ["troops"],
    ...     "count_point": [100.0], "start_earliest": [pd.Timestamp("2020-12-01")], "start_latest": [pd.Timestamp("2020-12-01")],
    ...     "end_earliest": [pd.NaT], "end_latest": [pd.NaT]})
    >>> series = power_over_time(company, pd.DataFrame({"actor_id": ["x"], "country_id": ["ru"]}),
    ...                          pd.DataFrame({"place_id": ["p"], "in_theatre": [True]}), ["2020-11-30", "2020-12-01"])
    >>> series[series["series"] == "ru"]["value"].tolist()
    [0.0, 100.0]
    """
    if not 0 <= alignment_weight <= 1:
        raise ValueError(f"alignment_weight {alignment_weight} is outside [0, 1]")
    rows = theatre_rows(deployments, actors, places)
    weights = capability_weights(weights)
    missing = sorted(set(rows["capability"].astype(str)) - set(weights))
    if missing:
        raise KeyError(f"no weight for capability {missing[0]!r}")
    weight = rows["capability"].astype(str).map(weights).to_numpy(dtype=float)
    counted = point_counts(rows, list(days), count_overrides)[0]
    totals = side_totals(counted * weight, rows["country_id"])
    dates = [pd.Timestamp(day) for day in days]
    frames = [pd.DataFrame({"date": dates, "series": state, "value": totals[state]}) for state in SIDES]
    frames += [pd.DataFrame({"date": dates, "series": name, "value": side_ratio(totals, alpha)})
               for name, alpha in (("ratio", alignment_weight), ("ratio_alone", 0.0))]
    return pd.concat(frames, ignore_index=True).sort_values(["date"], kind="stable", ignore_index=True)


def power_by_state(power: pd.DataFrame) -> dict[str, float]:
    """Each side's theatre power, in troop-equivalents, from :func:`theatre_power`'s table.

    Parameters
    ----------
    power : pandas.DataFrame
        ``country_id`` and ``power``, as :func:`theatre_power` returns them.

    Returns
    -------
    dict of str to float
        Balancer, ally and rival, in that order; a side with nothing in the theatre has 0.

    Examples
    --------
    >>> power_by_state(pd.DataFrame({"country_id": ["ru", "tr", "tr"], "power": [2010.0, 30.0, 136.0]}))
    {'tr': 166.0, 'az': 0.0, 'ru': 2010.0}
    """
    return {side: float(total) for side, total in side_totals(power["power"], power["country_id"]).items()}
