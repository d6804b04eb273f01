"""Ceilings and strength: a force under an authorised ceiling counts its reported strength, bounded by the ceiling.

The rule is :data:`counterbalance.assumptions.STRENGTH_RULE`. A deployment row is either a
*ceiling* (the most an agreement authorises: the 10 November statement's 1,960 troops) or a
*strength* (a force as reported present). A ceiling never counts itself. On a day when it is
in force, the force under it counts the latest strength report in force that names it
(``ceiling_id``), never more than the ceiling; when no report is in force, or the latest
gives no figure, the strength lies between the floor's share of the ceiling and the ceiling
(:data:`counterbalance.assumptions.STRENGTH_FLOOR`), at its middle in the point estimate and
anywhere in the sampled worlds. A strength report under a ceiling not yet (or no longer) in
force counts nothing: nothing counts before the day it began.

The counted figure is put in the ceiling's own column, whose actor and capability a strength
row shares (the data's rules check it), so the sums by state and capability are unchanged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..assumptions import STRENGTH_FLOOR

__all__ = ["counted_figures"]


def counted_figures(rows: pd.DataFrame, active, figures, starts, floor=STRENGTH_FLOOR.default, position=0.5) -> np.ndarray:
    """The figure each row counts on one day, with ceilings resolved into strength.

    Parameters
    ----------
    rows : pandas.DataFrame
        Deployments with ``deployment_id``, ``measure`` and ``ceiling_id`` (a frame without
        ``measure`` is all strength) and ``count_point`` (a ceiling's value).
    active : array_like of bool, shape (..., rows)
        Whether each row is in force that day (one world, or one per leading index).
    figures : array_like of float, shape (..., rows)
        Each row's figure; NaN where its source gives none.
    starts : array_like of float, shape (..., rows)
        Each row's start, in days (any monotone scale): the latest report of a ceiling wins.
    floor : float or array_like
        The floor's share of a ceiling (per world, or one value).
    position : float or array_like
        Where between the floor and the ceiling an unreported strength lies (0.5: the middle);
        an array of shape (..., rows) gives each ceiling its own (its column's value).

    Returns
    -------
    numpy.ndarray
        Counted figures of the shape of `figures`: 0 for rows not in force, unknown or
        folded into their ceiling's column.

    Examples
    --------
    A ceiling of 1,960 and two reports under it, over 1,100 from day 3 and 1,960 from day 10;
    on day 5 the first counts, on day 12 the second; with neither in force, the middle of
    980 to 1,960:

    >>> rows = pd.DataFrame({"deployment_id": ["cap", "early", "full"], "measure": ["ceiling", "strength", "strength"],
    ...                      "ceiling_id": [None, "cap", "cap"], "count_point": [1960.0, 1100.0, 1960.0]})
    >>> figures, starts = [1960.0, 1100.0, 1960.0], [0.0, 3.0, 10.0]
    >>> counted_figures(rows, [True, True, False], figures, starts).tolist()
    [1100.0, 0.0, 0.0]
    >>> counted_figures(rows, [True, True, True], figures, starts).tolist()
    [1960.0, 0.0, 0.0]
    >>> counted_figures(rows, [True, False, False], figures, starts).tolist()
    [1470.0, 0.0, 0.0]

    A report above its ceiling counts the ceiling; a ceiling not in force counts nothing; a ceiling
    whose figure is unknown (in a vintage before any source gave it) bounds nothing, and counts
    nothing unreported:

    >>> unknown = rows.assign(count_point=[None, 1100.0, 1960.0])
    >>> counted_figures(unknown, [True, True, False], figures, starts).tolist(), counted_figures(unknown, [True, False, False], figures, starts).tolist()
    ([1100.0, 0.0, 0.0], [0.0, 0.0, 0.0])

    >>> counted_figures(rows, [True, False, True], [1960.0, 1100.0, 2500.0], starts).tolist()
    [1960.0, 0.0, 0.0]
    >>> counted_figures(rows, [False, True, True], figures, starts).tolist()
    [0.0, 0.0, 0.0]
    """
    active = np.asarray(active, dtype=bool)
    figures = np.asarray(figures, dtype=float)
    starts = np.broadcast_to(np.asarray(starts, dtype=float), figures.shape)
    measure = rows["measure"].astype(str).to_numpy() if "measure" in rows else np.full(len(rows), "strength")
    capped = rows["ceiling_id"].notna().to_numpy() if "ceiling_id" in rows else np.zeros(len(rows), bool)
    counted = np.where(active & (measure == "strength") & ~capped, np.nan_to_num(figures, nan=0.0), 0.0)
    ids = rows["deployment_id"].astype(str).tolist() if (measure == "ceiling").any() else []
    floor, position = np.asarray(floor, dtype=float), np.asarray(position, dtype=float)
    for column in np.flatnonzero(measure == "ceiling"):
        cap = rows["count_point"].iloc[column]
        cap = float(cap) if pd.notna(cap) else np.inf  # a ceiling whose figure no known source gave bounds nothing
        members = np.flatnonzero(rows["ceiling_id"].astype(object).fillna("").to_numpy() == ids[column]) if "ceiling_id" in rows else []
        where = position[..., column] if position.ndim and position.shape[-1] == len(rows) else position
        unreported = cap * (floor + where * (1 - floor)) if np.isfinite(cap) else 0.0  # unknown: counts as zero
        value = np.broadcast_to(unreported, figures.shape[:-1]).astype(float)
        if len(members):
            member_on = active[..., members]
            latest = np.argmax(np.where(member_on, starts[..., members], -np.inf), axis=-1)
            chosen = np.take_along_axis(figures[..., members], latest[..., None], axis=-1)[..., 0]
            reported = member_on.any(axis=-1) & ~np.isnan(chosen)
            value = np.where(reported, np.minimum(np.nan_to_num(chosen, nan=0.0), cap), value)
        counted[..., column] = np.where(active[..., column], value, 0.0)
    return counted
