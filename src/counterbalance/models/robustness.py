"""How much each key judgement hangs on single rows, single sources and single assumptions.

* Leave one row out: the likelihood recomputed without each row the judgement reads.
* Leave one source out: without each source, every row that source alone supports is
  dropped (a row another source also supports stays).
* Break-even values: each sampled assumption moved across its doubled range, the others held
  at their settings, and the value at which the likelihood crosses even chance.
* The confidence follows from these checks and the grades by
  :data:`counterbalance.assumptions.CONFIDENCE_RULE`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..assumptions import CARRIES, SAMPLED
from .headlines import KEY_JUDGEMENTS, judgement_outcomes, judgement_worlds, key_judgement_probabilities, rests_on
from .worlds import assumption_key, sampled_ranges

__all__ = ["without_rows", "leave_one_out", "leave_one_source_out", "confidence_from_checks", "break_even", "judgement_summary"]

#: Citations about these aspects make a source support a row.
_SUPPORTING = ("claim", "count")


def without_rows(tables: dict[str, pd.DataFrame], table: str, row_ids) -> dict[str, pd.DataFrame]:
    """The tables with some rows of one table left out; strength rows under a removed ceiling lose their cap.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        The tables.
    table : str
        The table to leave rows out of.
    row_ids : iterable of str
        Ids (the table's first column) to leave out.

    Returns
    -------
    dict of str to pandas.DataFrame
        The same tables, that one without those rows.

    Examples
    --------
    >>> deps = pd.DataFrame({"deployment_id": ["cap", "s"], "ceiling_id": [None, "cap"]})
    >>> without_rows({"deployments": deps}, "deployments", ["cap"])["deployments"].values.tolist()
    [['s', None]]
    """
    frame = tables[table]
    key = frame.columns[0]
    kept = frame[~frame[key].isin(list(row_ids))].reset_index(drop=True)
    if "ceiling_id" in kept:
        kept = kept.assign(ceiling_id=kept["ceiling_id"].astype(object).where(~kept["ceiling_id"].isin(list(row_ids)), None))
    return {**tables, table: kept}


def _likelihood(tables, judgement_id: str, n: int, seed: int, settings) -> float:
    worlds = judgement_worlds(tables, n, seed, settings)
    return float(np.mean(judgement_outcomes(tables, worlds, [judgement_id])[judgement_id]))


def leave_one_out(tables: dict[str, pd.DataFrame], judgement_id: str, n: int = 500, seed: int = 1,
                  settings: dict[str, float] | None = None) -> pd.DataFrame:
    """The judgement's likelihood with each row it reads left out in turn.

    Returns
    -------
    pandas.DataFrame
        ``table``, ``row_id``, ``grade``, ``source_id``, ``probability``; sorted by probability.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        As :func:`counterbalance.models.headlines.judgement_outcomes` takes them.
    judgement_id : str
        The judgement.
    n, seed : int
        Worlds per run, and their seed.
    settings : dict, optional
        The assumptions' settings.

    Examples
    --------
    >>> from counterbalance.data import load_tables
    >>> tables = load_tables("actors", "places", "deployments", "relations", "events", "event_links")
    >>> table = leave_one_out(tables, "kj_alignment_rose", n=100)
    >>> table.loc[table["row_id"] == "rel_ru_az_allied_declaration", "probability"].tolist()
    [0.0]
    """
    rows = rests_on(tables, judgement_id)
    probability = [_likelihood(without_rows(tables, r.table, [r.row_id]), judgement_id, n, seed, settings) for r in rows.itertuples()]
    return rows.assign(probability=probability).sort_values(["probability", "row_id"], ignore_index=True)


def leave_one_source_out(tables: dict[str, pd.DataFrame], citations: pd.DataFrame, judgement_id: str, n: int = 500,
                         seed: int = 1, settings: dict[str, float] | None = None) -> pd.DataFrame:
    """The judgement's likelihood without each source: the rows it alone supports are left out.

    Returns
    -------
    pandas.DataFrame
        ``source_id``, ``rows_dropped`` (comma-joined ids), ``probability``; one row per
        source supporting any row the judgement reads.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        As :func:`counterbalance.models.headlines.judgement_outcomes` takes them.
    citations : pandas.DataFrame
        ``citations.csv`` as loaded.
    judgement_id : str
        The judgement.
    n, seed : int
        Worlds per run, and their seed.
    settings : dict, optional
        The assumptions' settings.

    Examples
    --------
    >>> from counterbalance.data import load_tables
    >>> tables = load_tables("actors", "places", "deployments", "relations", "events", "event_links", "citations")
    >>> table = leave_one_source_out(tables, tables["citations"], "kj_alignment_rose", n=50)
    >>> bool((table["probability"].dropna() >= 0).all()), "rows_dropped" in table
    (True, True)
    """
    rows = rests_on(tables, judgement_id)
    cited = citations[citations["stance"].astype(str).eq("supports") & citations["about"].astype(str).isin(_SUPPORTING)]
    cited = cited.merge(rows[["table", "row_id"]], on=["table", "row_id"])
    support = cited.groupby(["table", "row_id"])["source_id"].apply(set)
    out = []
    for source in sorted(set(cited["source_id"])):
        dropped = [(t, r) for (t, r), sources in support.items() if sources <= {source}]
        reduced = tables
        for table in {t for t, _ in dropped}:
            reduced = without_rows(reduced, table, [r for t, r in dropped if t == table])
        probability = _likelihood(reduced, judgement_id, n, seed, settings) if dropped else np.nan
        out.append({"source_id": source, "rows_dropped": ", ".join(r for _, r in dropped), "probability": probability})
    return pd.DataFrame(out, columns=["source_id", "rows_dropped", "probability"])


def _crosses(probability: float, other: float) -> bool:
    return (probability >= 0.5) != (other >= 0.5)


def confidence_from_checks(probability: float, loo: pd.DataFrame, loso: pd.DataFrame) -> str:
    """The confidence of a judgement by :data:`counterbalance.assumptions.CONFIDENCE_RULE`.

    Parameters
    ----------
    probability : float
        The likelihood with every row.
    loo, loso : pandas.DataFrame
        As :func:`leave_one_out` (with ``grade``) and :func:`leave_one_source_out` return them.

    Returns
    -------
    str
        ``high``, ``moderate`` or ``low``.

    Examples
    --------
    >>> loo = pd.DataFrame({"grade": ["B1", "C3"], "probability": [0.97, 0.99]})
    >>> loso = pd.DataFrame({"probability": [0.98]})
    >>> confidence_from_checks(0.99, loo, loso), confidence_from_checks(0.99, loo.assign(probability=[0.2, 0.99]), loso)
    ('high', 'moderate')
    >>> confidence_from_checks(0.99, loo, loso.assign(probability=[0.3]))
    'low'
    """
    carries = loo[(loo["probability"] - probability).abs() >= CARRIES]
    letters, digits = carries["grade"].astype(str).str[0], carries["grade"].astype(str).str[1].astype(int)
    row_flips = any(_crosses(probability, p) for p in loo["probability"])
    source_flips = any(_crosses(probability, p) for p in loso["probability"].dropna())
    if not row_flips and not source_flips and ((letters <= "B") & (digits <= 2)).all():
        return "high"
    if not source_flips and ((letters <= "C") & (digits <= 3)).all():
        return "moderate"
    return "low"


def break_even(tables: dict[str, pd.DataFrame], settings: dict[str, float] | None = None, n: int = 300, seed: int = 3,
               steps: int = 7) -> pd.DataFrame:
    """For each judgement and each sampled assumption, where across its doubled range the likelihood crosses even chance.

    Each assumption is set in turn to `steps` values across its range doubled around its
    setting, every other assumption held at its setting (figures and dates still drawn).

    Returns
    -------
    pandas.DataFrame
        ``judgement_id``, ``assumption``, ``break_even`` (the first value tried at which the
        likelihood is on the other side of one half from its value at the setting; NaN when
        none is), ``low``, ``high`` (the values tried).

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        As :func:`counterbalance.models.headlines.judgement_outcomes` takes them.
    settings : dict, optional
        The assumptions' settings.
    n, seed : int
        Worlds per value tried, and their seed.
    steps : int
        Values tried across each doubled range.

    Examples
    --------
    >>> from counterbalance.data import load_tables
    >>> tables = load_tables("actors", "places", "deployments", "relations", "events", "event_links")
    >>> list(break_even(tables, n=20, steps=2).columns)
    ['judgement_id', 'assumption', 'break_even', 'low', 'high']
    """
    settings = dict(settings or {})
    doubled = sampled_ranges(settings, 2.0)
    base = {j: float(np.mean(h)) for j, h in judgement_outcomes(tables, judgement_worlds(tables, n, seed, settings, 0.0)).items()}
    rows = []
    for assumption in SAMPLED:
        name = assumption_key(assumption)
        low, high = doubled[name]
        values = np.linspace(low, high, steps)
        tried = [judgement_outcomes(tables, judgement_worlds(tables, n, seed, {**settings, name: v}, 0.0)) for v in values]
        for judgement, start in base.items():
            flips = [v for v, outcome in zip(values, tried) if _crosses(start, float(np.mean(outcome[judgement])))]
            rows.append({"judgement_id": judgement, "assumption": name, "break_even": flips[0] if flips else np.nan,
                         "low": low, "high": high})
    return pd.DataFrame(rows)


def judgement_summary(tables: dict[str, pd.DataFrame], n: int = 4000, seed: int = 20201110, settings: dict[str, float] | None = None,
                      check_n: int = 500) -> pd.DataFrame:
    """Every key judgement with its likelihood, its leave-one-out checks and its confidence.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        As :func:`counterbalance.models.headlines.judgement_outcomes` takes them, with ``citations``.
    n, seed, settings
        Worlds for the likelihood (:func:`counterbalance.models.headlines.key_judgement_probabilities`).
    check_n : int
        Worlds for each leave-one-out run.

    Returns
    -------
    pandas.DataFrame
        ``judgement_id``, ``statement``, ``measure``, ``falsified_by``, ``probability``,
        ``confidence``, ``rows`` (how many it reads), ``row_ids``, ``carried_by`` (the rows
        whose leaving out moves it by :data:`counterbalance.assumptions.CARRIES` or more),
        ``row_flips`` and ``source_flips`` (those that move it across even chance).

    Examples
    --------
    >>> from counterbalance.data import load_tables
    >>> tables = load_tables("actors", "places", "deployments", "relations", "events", "event_links", "citations")
    >>> summary = judgement_summary(tables, n=100, check_n=50)
    >>> summary.set_index("judgement_id").loc["kj_alignment_rose", "row_flips"]
    'rel_ru_az_allied_declaration'
    """
    probabilities = key_judgement_probabilities(tables, n, seed, settings)
    out = []
    for judgement in KEY_JUDGEMENTS:
        p = probabilities[judgement.judgement_id]
        loo = leave_one_out(tables, judgement.judgement_id, check_n, seed, settings)
        loso = leave_one_source_out(tables, tables["citations"], judgement.judgement_id, check_n, seed, settings)
        out.append({
            "judgement_id": judgement.judgement_id, "statement": judgement.statement, "measure": judgement.measure,
            "falsified_by": judgement.falsified_by, "probability": p, "confidence": confidence_from_checks(p, loo, loso),
            "rows": len(loo), "row_ids": ", ".join(loo["row_id"]),
            "carried_by": ", ".join(loo.loc[(loo["probability"] - p).abs() >= CARRIES, "row_id"]),
            "row_flips": ", ".join(loo.loc[[_crosses(p, q) for q in loo["probability"]], "row_id"]),
            "source_flips": ", ".join(loso.loc[[_crosses(p, q) for q in loso["probability"].fillna(p)], "source_id"]),
        })
    return pd.DataFrame(out)
