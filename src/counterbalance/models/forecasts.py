"""The report's 2020 model as a forecaster: the probability it gives those of the article's judgements it can address.

The presence model (theatre power in sampled worlds, :mod:`counterbalance.models.uncertainty`)
measures a judgement only where the judgement's resolution criterion, written blind, tests what
the model counts. That holds for one: the article's judgement that Turkey's contingent came
nowhere close to Russia's, whose criterion compares the two contingents' size (at most a quarter,
no heavy units) on its horizon. The model's probability is the share of sampled worlds in which
Turkey's own theatre power is at most that share of Russia's. The criterion of "Turkey cannot
counter-balance Russia by itself" rules size out (it tests access and role), and the other
judgements concern acts, relations and intentions a count of forces does not measure.

Run on what was known on 31 December 2020 (a vintage, :mod:`counterbalance.data.vintage`), the
probability is a forecast made out of sample, which the blind coding's outcome can score beside
the article's own hedge.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .headlines import SMALL_FRACTION
from .keyfigures import BOOK_SEED, BOOK_WORLDS
from .power import theatre_rows
from .scoring import brier_scores
from .uncertainty import tables_reports, world_power
from .worlds import draw_worlds

__all__ = ["MODEL", "MODEL_MEASURES", "model_forecasts", "model_scores"]

#: Who the model's forecasts are scored as (the ``by`` of :func:`model_scores`).
MODEL = "model"
#: The article's judgements the presence model addresses, and the measure it reads for each.
MODEL_MEASURES = {
    "jdg_force_gap": f"Turkey's own theatre power is at most {SMALL_FRACTION:.0%} of Russia's (the criterion's threshold for 'nowhere close')",
}


def model_forecasts(deployments, actors, places, horizons: Mapping[str, str], settings: dict[str, float] | None = None,
                    n: int = BOOK_WORLDS, seed: int = BOOK_SEED) -> dict[str, float]:
    """The share of sampled worlds in which each judgement of :data:`MODEL_MEASURES` holds on its horizon.

    Parameters
    ----------
    deployments, actors, places : pandas.DataFrame
        As loaded (for an out-of-sample forecast, with ``known_on``).
    horizons : mapping of str to date-like
        The day each judgement's criterion asks about, by judgement_id (its ``horizon``);
        judgements of :data:`MODEL_MEASURES` missing from it are left out.
    settings : dict, optional
        Centres of the sampled assumptions' ranges.
    n, seed : int
        Worlds and seed: the book's by default.

    Returns
    -------
    dict of str to float
        A probability by judgement_id; NaN where Russia is absent from every world (nothing to compare with).

    Examples
    --------
    >>> from counterbalance.data import load_tables
    >>> tables = load_tables("actors", "places", "deployments", known_on="2020-12-31")
    >>> forecasts = model_forecasts(tables["deployments"], tables["actors"], tables["places"], {"jdg_force_gap": "2020-12-31"}, n=500)
    >>> sorted(forecasts), forecasts["jdg_force_gap"] > 0.9
    (['jdg_force_gap'], True)
    """
    asked = {j: str(horizons[j]) for j in MODEL_MEASURES if j in horizons}
    days = sorted(set(asked.values()))
    if not days:
        return {}
    worlds = draw_worlds(tables_reports(theatre_rows(deployments, actors, places)), n, seed, settings)
    power = world_power(deployments, actors, places, days, worlds)
    forecasts = {}
    for judgement_id, day in asked.items():
        turkey, russia = power.power_tr[:, days.index(day)], power.power_ru[:, days.index(day)]
        forecasts[judgement_id] = float(np.mean(turkey <= SMALL_FRACTION * russia)) if (russia > 0).any() else float("nan")
    return forecasts


def model_scores(judgements: pd.DataFrame, outcomes: pd.DataFrame, forecasts: Mapping[str, float]) -> pd.DataFrame:
    """The model's forecasts scored against the outcomes of the judgements they address, as :data:`MODEL`'s.

    Parameters
    ----------
    judgements, outcomes : pandas.DataFrame
        As :func:`counterbalance.models.scoring.brier_scores` takes them.
    forecasts : mapping of str to float
        As :func:`model_forecasts` returns them.

    Returns
    -------
    pandas.DataFrame
        :func:`counterbalance.models.scoring.brier_scores`'s rows for the judgements forecast,
        ``by`` :data:`MODEL`, with no hedge words (the model states a probability).

    Examples
    --------
    >>> judgements = pd.DataFrame({"judgement_id": ["a", "b"], "by": ["article"] * 2, "kind": ["assessment"] * 2,
    ...     "statement": ["A", "B"], "stated_likelihood": [None, "probably"]})
    >>> outcomes = pd.DataFrame({"judgement_id": ["a", "b"], "outcome": ["happened", "did_not_happen"], "resolved_on": ["2021", "2022"]})
    >>> model_scores(judgements, outcomes, {"a": 0.9})[["judgement_id", "by", "probability", "brier"]].round(4)
      judgement_id     by  probability  brier
    0            a  model          0.9   0.01
    """
    asked = judgements[judgements["judgement_id"].isin(list(forecasts))]
    return brier_scores(asked, outcomes, forecasts).assign(by=MODEL, stated_likelihood=None)
