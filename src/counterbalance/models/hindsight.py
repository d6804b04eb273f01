"""What hindsight changed: the forces of one day as the sources known then had them, beside the data.

A vintage (:mod:`counterbalance.data.vintage`) gives the data as it stood on a day of
knowledge. Set beside the data itself, it shows which rows later sources moved: a figure
revised, a force first reported later, an end not yet known. :func:`figure_changes` lists the
deployments in force on the day described whose figure differs between the two, and the later
sources that moved each one.
"""

from __future__ import annotations

import pandas as pd

from ..data import describe_date
from .power import theatre_rows
from .readings import count_words, figure_words
from .timeline import in_force

__all__ = ["CHANGE_COLUMNS", "figure_changes", "hindsight_reading"]

#: The columns :func:`figure_changes` returns.
CHANGE_COLUMNS = ("deployment_id", "description", "then", "now", "moved_by")
#: Which aspects of a row's citations moved it, by what changed.
_MOVERS = {"first reported": ("claim", "count", "start"), "figure": ("count",), "ended": ("end",)}


def _state(frame: pd.DataFrame, day: str) -> dict[str, str]:
    """Each deployment's figure in words on `day`, or why it counts nothing."""
    if frame.empty:
        return {}
    on = in_force(frame, day)
    words = [figure_words(str(q), p) if pd.notna(q) else "no figure" for q, p in zip(frame["count_qualifier"], frame["count_point"])]
    return {str(d): w if o else "not in force" for d, w, o in zip(frame["deployment_id"], words, on)}


def _moved_by(citations: pd.DataFrame, sources: pd.DataFrame, row_id: str, aspects: tuple[str, ...], known_on: str) -> str:
    """The sources known after `known_on` that support the aspects of a row that moved, earliest first, in words."""
    cited = citations[(citations["table"] == "deployments") & (citations["row_id"] == row_id) & citations["about"].isin(aspects)
                      & (citations["stance"] == "supports")]
    known = sources.set_index("source_id").reindex(cited["source_id"].unique())
    later = known[known["known_from"] > pd.Timestamp(known_on)].sort_values(["known_from", "outlet"])
    return "; ".join(f"{row.outlet} ({describe_date(row.date_published) if isinstance(row.date_published, str) else 'undated, read ' + describe_date(row.known_from.date().isoformat())})"
                     for row in later.itertuples())


def figure_changes(then: pd.DataFrame, now: pd.DataFrame, actors: pd.DataFrame, places: pd.DataFrame, citations: pd.DataFrame,
                   sources: pd.DataFrame, known_on: str, as_of: str) -> pd.DataFrame:
    """The deployments in the theatre whose count on `as_of` differs between what was known on `known_on` and the data.

    Parameters
    ----------
    then, now : pandas.DataFrame
        The deployments as loaded with ``known_on`` and without it (the data, hindsight). A
        row is in force on `as_of` by the persistence rule, as the models read it.
    actors, places : pandas.DataFrame
        As loaded: which deployments are in the theatre (:func:`counterbalance.models.power.theatre_rows`).
    citations : pandas.DataFrame
        ``citations.csv`` as loaded (all of it).
    sources : pandas.DataFrame
        ``source_id``, ``outlet``, ``date_published`` (text or missing) and ``known_from``
        (the day each source became known, :func:`counterbalance.data.vintage.source_known_days`).
    known_on, as_of : str
        The day of knowledge and the day described (ISO dates).

    Returns
    -------
    pandas.DataFrame
        One row per deployment in force on `as_of` in either, whose figure in words differs:
        ``deployment_id``, ``description``, ``then`` and ``now`` (the figure, ``not yet
        reported`` for a row no source known then supported, ``not in force`` for one that
        had begun later or ended), and ``moved_by``: the sources known only after
        `known_on` that support what hindsight holds (its figure, its first report, or its
        end), as outlet and date. In the order of `now`.

    Examples
    --------
    An army at 126,000 in a 2018 report, which a 2023 page puts at 65,000:

    >>> row = {"deployment_id": "army", "actor_id": "az_army", "place_id": "az", "description": "The army", "start_earliest": pd.NaT,
    ...        "start_latest": pd.NaT, "end_earliest": pd.NaT, "end_latest": pd.NaT, "count_qualifier": "exact"}
    >>> actors = pd.DataFrame({"actor_id": ["az_army"], "country_id": ["az"], "kind": ["armed_forces"]})
    >>> places = pd.DataFrame({"place_id": ["az"], "in_theatre": [True]})
    >>> then, now = pd.DataFrame([{**row, "count_point": 126000.0}]), pd.DataFrame([{**row, "count_point": 65000.0}])
    >>> citations = pd.DataFrame([{"table": "deployments", "row_id": "army", "source_id": s, "about": "count", "stance": t}
    ...                           for s, t in (("old", "revises"), ("new", "supports"))])
    >>> sources = pd.DataFrame({"source_id": ["old", "new"], "outlet": ["Trend", "Caspian News"],
    ...     "date_published": ["2018-03-24", "2023-01-09"], "known_from": pd.to_datetime(["2018-03-24", "2023-01-09"])})
    >>> figure_changes(then, now, actors, places, citations, sources, "2020-12-31", "2020-12-17").iloc[0].tolist()
    ['army', 'The army', '126,000', '65,000', 'Caspian News (9 January 2023)']
    """
    then, now = theatre_rows(then, actors, places), theatre_rows(now, actors, places)
    before, after = _state(then, as_of), _state(now, as_of)
    described = now.set_index("deployment_id")["description"].astype(str).to_dict()
    rows = []
    for row_id in [d for d in now["deployment_id"].astype(str) if before.get(d, "not in force") != "not in force" or after[d] != "not in force"]:
        was, is_now = before.get(row_id, "not yet reported"), after[row_id]
        if was == is_now:
            continue
        change = "first reported" if row_id not in before else "ended" if is_now == "not in force" else "figure"
        rows.append({"deployment_id": row_id, "description": described[row_id], "then": was, "now": is_now,
                     "moved_by": _moved_by(citations, sources, row_id, _MOVERS[change], known_on)})
    return pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))


def hindsight_reading(changes: pd.DataFrame) -> str:
    """What hindsight changed on the day, in one sentence that the table of changes follows.

    Parameters
    ----------
    changes : pandas.DataFrame
        As :func:`figure_changes` returns it.

    Returns
    -------
    str

    Examples
    --------
    >>> hindsight_reading(pd.DataFrame({"deployment_id": ["a", "b", "c"]}))
    'Later sources changed the count of three forces in the theatre on this day:'
    >>> hindsight_reading(pd.DataFrame({"deployment_id": []}))
    'No later source changed the count of any force in the theatre on this day.'
    """
    if changes.empty:
        return "No later source changed the count of any force in the theatre on this day."
    plural = "s" if len(changes) > 1 else ""
    return f"Later sources changed the count of {count_words(len(changes))} force{plural} in the theatre on this day:"
