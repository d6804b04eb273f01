r"""Uncertainty carried through the models: theatre power and ties in every sampled world.

The worlds come from :mod:`counterbalance.models.worlds`: every sampled assumption and every
report's draws at once. In each world the same rules as the point estimate apply (the
persistence rule, ceilings bounding strength), so a probability is the share of worlds in
which a statement holds, over every uncertain input; a figure is stated as the median of the
worlds with their 90 % interval. Everything is computed for all worlds at once with numpy, in
chunks that keep memory small.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..assumptions import ALIGNMENT_WEIGHT, ALLY, AT_LEAST_TAIL, BALANCER, RIVAL, SIDES, WIDENING
from .network import pair_sign, triad_status
from .power import capability_weights, ratio_of, side_totals, theatre_rows
from .strength import counted_figures
from .worlds import Worlds, draw_worlds, report_keys, row_draws, sample_figures, sample_span, to_days

__all__ = [
    "assumption_settings", "tables_reports", "PowerSamples", "world_power", "simulate_power", "pair_layers", "simulate_triad",
    "triad_shares", "CHUNK",
]

#: Worlds computed at once: bounds memory to a few tens of megabytes.
CHUNK = 2000


def assumption_settings(weights: dict[str, float] | None = None, alignment_weight: float = ALIGNMENT_WEIGHT,
                        tail: float = AT_LEAST_TAIL, widening_scale: float = WIDENING.default, **others: float) -> dict[str, float]:
    """The notebook parameters as the sampled assumptions' settings (the centres of their ranges).

    Parameters
    ----------
    weights : dict, optional
        Capability weights over the defaults.
    alignment_weight, tail, widening_scale : float
        The alignment share, the 'at least' tail, the widening scale.
    **others : float
        Any other sampled assumption, by name.

    Returns
    -------
    dict of str to float
        By sampled assumption's name (``weight_<capability>`` for a weight).

    Examples
    --------
    >>> assumption_settings({"monitors": 2.0}, 0.3)["weight_monitors"], assumption_settings()["alignment_weight"]
    (2.0, 0.5)
    """
    return {f"weight_{c}": w for c, w in capability_weights(weights).items()} | {
        "alignment_weight": alignment_weight, "at_least_tail": tail, "widening_scale": widening_scale, **others}


def tables_reports(*frames: pd.DataFrame) -> tuple[str, ...]:
    """Every report the rows of `frames` rest on, sorted: the worlds' report columns.

    Parameters
    ----------
    *frames : pandas.DataFrame
        Claim tables as loaded.

    Returns
    -------
    tuple of str
        Report keys (:func:`counterbalance.models.worlds.report_keys`), sorted.

    Examples
    --------
    >>> tables_reports(pd.DataFrame({"id": ["a"], "source_id": ["tass"]}), pd.DataFrame({"id": ["b"]}))
    ('row:b', 'tass')
    """
    return tuple(sorted({key for frame in frames for key in report_keys(frame)}))


def _chunks(worlds: Worlds, size: int = CHUNK):
    for start in range(0, worlds.n, size):
        yield Worlds({k: v[start:start + size] for k, v in worlds.assumptions.items()}, worlds.reports, worlds.draws[start:start + size])


@dataclass(frozen=True)
class PowerSamples:
    """Each side's theatre power in every world (one value per world, or per world and day), and the alignment share."""

    power_tr: np.ndarray
    power_az: np.ndarray
    power_ru: np.ndarray
    alignment: np.ndarray

    @property
    def ratio(self) -> np.ndarray:
        """The counter-balance ratio in each world, with that world's alignment share."""
        alignment = self.alignment.reshape(self.alignment.shape + (1,) * (np.ndim(self.power_tr) - 1))
        return ratio_of(self.power_tr, self.power_az, self.power_ru, alignment)

    @property
    def log_ratio(self) -> np.ndarray:
        """log10 of the ratio where Russia is present (NaN where it is not)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.power_ru > 0, np.log10(self.ratio), np.nan)

    @property
    def parity_alignment(self) -> np.ndarray:
        """The alignment share at which the sides are at parity, (P_RU - P_TR) / P_AZ, in each world."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.power_az > 0, np.maximum(self.power_ru - self.power_tr, 0.0) / self.power_az, np.inf)

    def probability(self, condition: np.ndarray) -> float:
        """Share of worlds where `condition` holds."""
        return float(np.mean(condition))

    def ratio_at(self, alignment_weight: float) -> np.ndarray:
        """The ratio in every world for another alignment share."""
        return ratio_of(self.power_tr, self.power_az, self.power_ru, alignment_weight)


def world_power(deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, days: list, worlds: Worlds,
                weights: dict[str, float] | None = None) -> PowerSamples:
    r"""Each side's theatre power on each of `days` in every world.

    .. math:: P_s^{(k)}(t) = \sum_{d \in D_s} w_{c(d)}^{(k)}\, n_d^{(k)}(t)

    with the weight drawn for world *k* (a soldier always counts 1) and :math:`n_d^{(k)}(t)`
    the row's counted figure: its drawn figure while its drawn dates put it in force, a
    ceiling resolved into the strength under it (an unreported strength drawn between the
    world's floor and the ceiling).

    Parameters
    ----------
    deployments, actors, places : pandas.DataFrame
        As loaded (deployments may be filtered by grade).
    days : list of date-like
    worlds : Worlds
        With a report column for every deployment's report.
    weights : dict, optional
        The weights of capabilities the worlds do not sample, over the defaults.

    Returns
    -------
    PowerSamples
        Arrays of shape (n, days).

    Examples
    --------
    A confirmed 100 Turkish and 200 Russian troops: the same in every world.

    >>> deps = pd.DataFrame({"deployment_id": ["t", "r"], "actor_id": ["t", "r"], "place_id": ["p", "p"],
    ...     "capability": ["troops"] * 2, "count_qualifier": ["exact"] * 2, "count_point": [100.0, 200.0],
    ...     "count_low": [100.0, 200.0], "count_high": [100.0, 200.0], "credibility": [1, 1], "source_id": ["a", "b"],
    ...     **{f"{d}_{s}": [pd.NaT] * 2 for d in ("start", "end") for s in ("earliest", "latest")}})
    >>> actors = pd.DataFrame({"actor_id": ["t", "r"], "country_id": ["tr", "ru"]})
    >>> worlds = draw_worlds(("a", "b"), 3, seed=1)
    >>> power = world_power(deps, actors, pd.DataFrame({"place_id": ["p"], "in_theatre": [True]}), ["2021-01-01"], worlds)
    >>> power.power_ru[:, 0].tolist(), power.power_tr[:, 0].tolist()
    ([200.0, 200.0, 200.0], [100.0, 100.0, 100.0])
    """
    rows = theatre_rows(deployments, actors, places)
    fixed = capability_weights(weights)
    targets = np.array([to_days(pd.Series([pd.Timestamp(d)]), np.nan)[0] for d in days])
    parts = []
    for chunk in _chunks(worlds):
        weight = np.stack([chunk.assumptions.get(f"weight_{c}", np.full(chunk.n, fixed[c])) for c in rows["capability"].astype(str)],
                          axis=-1) if len(rows) else np.zeros((chunk.n, 0))
        draws = row_draws(chunk, rows, "figure")
        figures = sample_figures(rows, draws, chunk.assumptions["at_least_tail"], chunk.assumptions["widening_scale"])
        start, end = sample_span(rows, chunk)
        active = (start[:, None, :] <= targets[None, :, None]) & (end[:, None, :] >= targets[None, :, None])
        counted = counted_figures(rows, active, figures[:, None, :], start[:, None, :], chunk.assumptions["strength_floor"][:, None],
                                  draws[:, None, :])
        parts.append(side_totals(counted * weight[:, None, :], rows["country_id"]))
    totals = {side: np.concatenate([p[side] for p in parts]) for side in SIDES}
    return PowerSamples(totals[BALANCER], totals[ALLY], totals[RIVAL], worlds.assumptions["alignment_weight"])


def simulate_power(deployments: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, as_of: str, n: int, seed: int,
                   weights: dict[str, float] | None = None, alignment_weight: float = ALIGNMENT_WEIGHT,
                   tail: float = AT_LEAST_TAIL, widening_scale: float = WIDENING.default, range_scale: float = 1.0) -> PowerSamples:
    """Theatre power and the ratio on `as_of` in `n` worlds drawn around the settings given.

    Parameters
    ----------
    deployments, actors, places : pandas.DataFrame
    as_of : date-like
    n, seed : int
    weights, alignment_weight, tail, widening_scale
        The settings each sampled assumption's range is drawn around
        (:func:`counterbalance.models.worlds.sampled_ranges`).
    range_scale : float
        1 as assumed; 0 holds every assumption at its setting; 0.5 and 2 halve and double the ranges.

    Returns
    -------
    PowerSamples
        Arrays of shape (n,).

    Examples
    --------
    >>> deps = pd.DataFrame({"deployment_id": ["t", "r"], "actor_id": ["t", "r"], "place_id": ["p", "p"],
    ...     "capability": ["troops"] * 2, "count_qualifier": ["exact"] * 2, "count_point": [100.0] * 2,
    ...     "count_low": [100.0] * 2, "count_high": [100.0] * 2, "credibility": [1, 1], "source_id": ["a", "b"],
    ...     **{f"{d}_{s}": [pd.NaT] * 2 for d in ("start", "end") for s in ("earliest", "latest")}})
    >>> worlds = simulate_power(deps, pd.DataFrame({"actor_id": ["t", "r"], "country_id": ["tr", "ru"]}),
    ...                         pd.DataFrame({"place_id": ["p"], "in_theatre": [True]}), "2021-01-01", 5, seed=1)
    >>> worlds.ratio.tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0]
    """
    rows = theatre_rows(deployments, actors, places)
    worlds = draw_worlds(tables_reports(rows), n, seed, assumption_settings(weights, alignment_weight, tail, widening_scale), range_scale)
    power = world_power(deployments, actors, places, [as_of], worlds, weights)
    return PowerSamples(power.power_tr[:, 0], power.power_az[:, 0], power.power_ru[:, 0], power.alignment)


def pair_layers(actors: pd.DataFrame, relations: pd.DataFrame, days: list, worlds: Worlds,
                pairs: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    """The cooperation and rivalry layers of pairs of states on each of `days`, in every world.

    The one place where ties between two states' actors become the weight of a pair's two
    layers (as :func:`counterbalance.models.network.state_layers` does for one graph): each
    tie in force adds its strength to its sign's layer, an author's inference times the
    world's inference weight. A measure built on coded events can replace this function
    without touching what reads the layers (triads, judgements).

    Parameters
    ----------
    actors : pandas.DataFrame
        ``actor_id``, ``country_id``.
    relations : pandas.DataFrame
        As loaded.
    days : list of date-like
    worlds : Worlds
    pairs : list of (str, str)
        Pairs of state ids.

    Returns
    -------
    dict of (str, str) to (numpy.ndarray, numpy.ndarray)
        By sorted pair: cooperation and rivalry, each of shape (n, days).

    Examples
    --------
    >>> actors = pd.DataFrame({"actor_id": ["a", "b"], "country_id": ["a", "b"]})
    >>> ties = pd.DataFrame({"relation_id": ["r", "s"], "source_actor_id": ["a", "b"], "target_actor_id": ["b", "a"],
    ...     "sign": [1, -1], "strength": [1.0, 0.5], "basis": ["reported", "inference"], "relation_type": ["alliance", "rivalry"],
    ...     "credibility": [1, 1], "source_id": ["x", "x"],
    ...     **{f"{d}_{s}": [pd.NaT] * 2 for d in ("start", "end") for s in ("earliest", "latest")}})
    >>> worlds = draw_worlds(("x",), 2, seed=0, settings={"inference_weight": 0.5}, range_scale=0.0)
    >>> coop, rivalry = pair_layers(actors, ties, ["2021-01-01"], worlds, [("a", "b")])[("a", "b")]
    >>> coop[:, 0].tolist(), rivalry[:, 0].tolist()
    ([1.0, 1.0], [0.25, 0.25])
    """
    bloc = actors.set_index("actor_id")["country_id"]
    a, b = (relations[f"{end}_actor_id"].map(bloc).astype(object).fillna("").to_numpy() for end in ("source", "target"))
    keys = [tuple(sorted(p)) for p in zip(a, b)]
    wanted = {tuple(sorted(p)) for p in pairs}
    keep = np.array([k in wanted and k[0] != k[1] for k in keys], dtype=bool)
    rows, kept = relations[keep].reset_index(drop=True), [k for k, m in zip(keys, keep) if m]
    targets = np.array([to_days(pd.Series([pd.Timestamp(d)]), np.nan)[0] for d in days])
    out: dict[tuple[str, str], tuple[list, list]] = {tuple(sorted(p)): ([], []) for p in pairs}
    positive = (rows["sign"].astype(int) > 0).to_numpy()
    inferred = (rows["basis"].astype(str) == "inference").to_numpy() if "basis" in rows else np.zeros(len(rows), bool)
    for chunk in _chunks(worlds):
        start, end = sample_span(rows, chunk)
        active = (start[:, None, :] <= targets[None, :, None]) & (end[:, None, :] >= targets[None, :, None])
        factor = np.where(inferred, chunk.assumptions["inference_weight"][:, None], 1.0) * rows["strength"].astype(float).to_numpy()
        weight = active * factor[:, None, :]
        for pair in out:
            columns = np.array([k == pair for k in kept], dtype=bool)
            out[pair][0].append((weight[..., columns & positive]).sum(axis=-1))
            out[pair][1].append((weight[..., columns & ~positive]).sum(axis=-1))
    return {pair: (np.concatenate(c), np.concatenate(r)) for pair, (c, r) in out.items()}


def simulate_triad(actors: pd.DataFrame, relations: pd.DataFrame, as_of: str, n: int, seed: int,
                   triad: tuple[str, str, str] = (ALLY, RIVAL, BALANCER), widening_scale: float = WIDENING.default,
                   range_scale: float = 1.0) -> np.ndarray:
    """The status of one triad of states in `n` worlds: balanced, unbalanced, ambivalent or open.

    Each pair's layers come from :func:`pair_layers`; a pair tied in neither leaves the
    triad open (:func:`counterbalance.models.network.triad_status`).

    Parameters
    ----------
    actors, relations : pandas.DataFrame
        As loaded.
    as_of : date-like
        The day.
    n, seed : int
        Worlds and seed.
    triad : tuple of three str
        The states.
    widening_scale, range_scale : float
        As :func:`counterbalance.models.worlds.sampled_ranges`.

    Returns
    -------
    numpy.ndarray
        One status per world.

    Examples
    --------
    >>> actors = pd.DataFrame({"actor_id": ["a", "b", "c"], "country_id": ["a", "b", "c"]})
    >>> ties = pd.DataFrame({"relation_id": ["ab", "bc", "ac"], "source_actor_id": ["a", "b", "a"], "target_actor_id": ["b", "c", "c"],
    ...     "sign": [1, -1, -1], "strength": [1.0] * 3, "basis": ["reported"] * 3, "relation_type": ["alliance"] * 3,
    ...     "credibility": [1] * 3, "source_id": ["s"] * 3,
    ...     **{f"{d}_{s}": [pd.NaT] * 3 for d in ("start", "end") for s in ("earliest", "latest")}})
    >>> simulate_triad(actors, ties, "2021-01-01", 3, seed=0, triad=("a", "b", "c")).tolist()
    ['balanced', 'balanced', 'balanced']
    """
    pairs = [(triad[0], triad[1]), (triad[1], triad[2]), (triad[0], triad[2])]
    worlds = draw_worlds(tables_reports(relations), n, seed, {"widening_scale": widening_scale}, range_scale)
    layers = pair_layers(actors, relations, [as_of], worlds, pairs)
    codes = []
    for pair in pairs:
        cooperation, rivalry = (layer[:, 0] > 0 for layer in layers[tuple(sorted(pair))])
        codes.append(np.where(cooperation | rivalry, pair_sign(cooperation, rivalry), np.nan))
    return np.asarray(triad_status(*codes), dtype=object)


def triad_shares(statuses: np.ndarray) -> dict[str, float]:
    """How a triad stands across worlds: each closed status as a share of the closed worlds, open apart.

    Parameters
    ----------
    statuses : numpy.ndarray
        One status per world, as :func:`simulate_triad` returns them.

    Returns
    -------
    dict of str to float
        ``balanced``, ``unbalanced``, ``ambivalent`` (shares of the closed worlds; NaN when none is closed) and ``open`` (of all).

    Examples
    --------
    >>> triad_shares(np.array(["balanced", "open", "ambivalent", "balanced"]))
    {'balanced': 0.6666666666666666, 'unbalanced': 0.0, 'ambivalent': 0.3333333333333333, 'open': 0.25}
    """
    statuses = np.asarray(statuses)
    closed = statuses[statuses != "open"]
    shares = {status: float(np.mean(closed == status)) if closed.size else float("nan")
              for status in ("balanced", "unbalanced", "ambivalent")}
    return shares | {"open": float(np.mean(statuses == "open"))}

