"""Global sensitivity: Sobol indices of every key judgement and key figure over every sampled input (SALib).

The inputs are those of a world (:mod:`counterbalance.models.worlds`): each sampled
assumption is one input, and each report is one *group* of four (its figure, start, end and
persistence draws), so that draws that move together are credited together. SALib's Sobol
design (Saltelli's scheme) gives N x (groups + 2) worlds; its analysis gives each group's
first-order index S1 (the share of the output's variance it explains alone) and total-order
index ST (its share with every interaction it takes part in), with bootstrap confidence
intervals. A judgement that holds in every world has no variance to apportion: its indices
are NaN, and the chapters say so.

References
----------
.. [1] Saltelli, A., et al. (2010), "Variance based sensitivity analysis of model output.
   Design and estimator for the total sensitivity index", Computer Physics Communications
   181(2), 259-270.
.. [2] Herman, J. and Usher, W. (2017), "SALib: An open-source Python library for
   sensitivity analysis", Journal of Open Source Software 2(9), 97.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy.stats import qmc
from SALib.analyze import sobol as sobol_analysis
from SALib.util import compute_groups_matrix, scale_samples

from .headlines import judgement_outcomes
from .uncertainty import tables_reports, world_power
from .worlds import SLOTS, sampled_ranges, worlds_from_unit

__all__ = ["sobol_problem", "saltelli_design", "sobol_indices"]


def sobol_problem(reports, settings: dict[str, float] | None = None) -> dict:
    """SALib's problem: one input per sampled assumption, four per report, grouped by assumption and by report.

    Parameters
    ----------
    reports : sequence of str
        The worlds' reports, in column order.
    settings : dict, optional
        The assumptions' settings (they only name the inputs).

    Returns
    -------
    dict
        ``num_vars``, ``names``, ``bounds`` (all [0, 1]) and ``groups``, as SALib takes them.

    Examples
    --------
    >>> problem = sobol_problem(["tass"])
    >>> problem["groups"][0], problem["groups"][-1], problem["num_vars"] - len(set(problem["groups"])) + 1
    ('alignment_weight', 'report: tass', 4)
    """
    assumptions = list(sampled_ranges(settings))
    names = assumptions + [f"{report}:{slot}" for report in reports for slot in SLOTS]
    groups = assumptions + [f"report: {report}" for report in reports for _ in SLOTS]
    return {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names), "groups": groups}


def saltelli_design(problem: dict, n_base: int, seed: int) -> np.ndarray:
    """SALib's Sobol design for first-order and total indices, the same matrix as ``SALib.sample.sobol.sample``
    (``calc_second_order=False``) built with array operations: SALib fills it cell by cell in Python, which took
    a third of the uncertainty chapter's run.

    Parameters
    ----------
    problem : dict
        SALib's problem, with ``groups``.
    n_base : int
        The base sample N (a power of two).
    seed : int
        Seed of the scrambled Sobol sequence.

    Returns
    -------
    numpy.ndarray
        N x (groups + 2) rows: for each base point, A, then A with each group's columns taken from B, then B.

    Examples
    --------
    >>> problem = {"num_vars": 3, "names": ["x", "y", "z"], "bounds": [[0, 1]] * 3, "groups": ["g", "h", "g"]}
    >>> design = saltelli_design(problem, 4, seed=1)
    >>> design.shape
    (16, 3)
    >>> bool((design[1, [0, 2]] == design[3, [0, 2]]).all() and design[1, 1] == design[0, 1])
    True
    """
    columns = problem["num_vars"]
    base = qmc.Sobol(d=2 * columns, scramble=True, seed=seed).random(n_base)
    a, b = base[:, :columns], base[:, columns:]
    groups = problem.get("groups") or problem["names"]
    if len(set(groups)) == 1:  # SALib then crosses the inputs one by one
        groups = problem["names"]
    _, group_names = compute_groups_matrix(groups)
    from_b = np.asarray(group_names)[:, None] == np.asarray(groups)[None, :]  # group k takes column j from B
    crossed = np.where(from_b[None, :, :], b[:, None, :], a[:, None, :])
    design = np.concatenate([a[:, None, :], crossed, b[:, None, :]], axis=1).reshape(-1, columns)
    return scale_samples(design, problem)


def sobol_indices(tables: dict[str, pd.DataFrame], as_of: str, n_base: int = 256, seed: int = 20201110,
                  settings: dict[str, float] | None = None, range_scale: float = 1.0) -> pd.DataFrame:
    """First- and total-order Sobol indices of each key judgement and of the log ratio on `as_of`.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        As :func:`counterbalance.models.headlines.judgement_outcomes` takes them.
    as_of : date-like
        The day of the ratio.
    n_base : int
        SALib's N, a power of two; the model runs N x (groups + 2) worlds.
    seed : int
    settings, range_scale
        As :func:`counterbalance.models.worlds.sampled_ranges`.

    Returns
    -------
    pandas.DataFrame
        ``output`` (a judgement id or ``log_ratio``), ``input`` (an assumption, or
        ``report: <source_id>``), ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` and ``variance``
        (the output's, over the design; indices are NaN where it is 0); sorted by output,
        then ST, largest first.

    Examples
    --------
    >>> from counterbalance.data import load_tables
    >>> tables = load_tables("actors", "places", "deployments", "relations", "events", "event_links")
    >>> indices = sobol_indices(tables, "2020-12-17", n_base=8)
    >>> sorted(set(indices["output"]))
    ['kj_alignment_rose', 'kj_force_not_stopped', 'kj_partners_rivals', 'kj_presence_gap', 'log_ratio']
    """
    reports = tables_reports(*(tables[t] for t in ("deployments", "relations", "events")))
    problem = sobol_problem(reports, settings)
    unit = np.minimum(saltelli_design(problem, n_base, seed), 1 - 1e-12)
    worlds = worlds_from_unit(unit, reports, settings, range_scale)
    outputs = {name: held.astype(float) for name, held in judgement_outcomes(tables, worlds).items()}
    log_ratio = world_power(tables["deployments"], tables["actors"], tables["places"], [as_of], worlds).log_ratio[:, 0]
    outputs["log_ratio"] = np.nan_to_num(log_ratio, nan=0.0, posinf=0.0, neginf=0.0)
    groups = list(dict.fromkeys(problem["groups"]))
    frames = []
    for name, values in outputs.items():
        variance = float(np.var(values))
        if variance > 0:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                result = sobol_analysis.analyze(problem, values, calc_second_order=False, seed=seed)
            frame = pd.DataFrame({"input": groups, **{k: np.asarray(result[k]) for k in ("S1", "S1_conf", "ST", "ST_conf")}})
        else:
            frame = pd.DataFrame({"input": groups, **dict.fromkeys(("S1", "S1_conf", "ST", "ST_conf"), np.nan)})
        frames.append(frame.assign(output=name, variance=variance))
    out = pd.concat(frames, ignore_index=True)[["output", "input", "S1", "S1_conf", "ST", "ST_conf", "variance"]]
    return out.sort_values(["output", "ST", "input"], ascending=[True, False, True], ignore_index=True, na_position="last")
