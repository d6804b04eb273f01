"""The tables of the network chapters: pairs, triads and brokers of states, and the ties coded events give."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..models.commitment import TIE_WORDS
from ..models.network import ANTAGONISTIC, COOPERATIVE, MIXED

__all__ = ["STANDING", "pair_table", "triad_table", "broker_table", "triad_share_table", "commitment_table", "disagreement_table"]


#: How a pair of states stood, in words, by its sign code.
STANDING = {COOPERATIVE: "partners", ANTAGONISTIC: "rivals", MIXED: "partners and rivals at once"}


def pair_table(layers: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The state layers as a reader's table: each pair by name, its two layers, and how it stood.

    Parameters
    ----------
    layers : pandas.DataFrame
        As :func:`counterbalance.models.network.state_layers` returns it.
    names : dict of str to str
        State id to name.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Pair`` ("Russia – Turkey"), with ``Cooperation``, ``Rivalry`` (weighted
        strengths), ``Standing`` and ``Rests on an inference`` (yes or no).

    Examples
    --------
    >>> layers = pd.DataFrame({"a": ["ru"], "b": ["tr"], "cooperation": [0.5], "rivalry": [1.5], "sign": [0], "inferred": [True]})
    >>> pair_table(layers, {"ru": "Russia", "tr": "Turkey"}).loc["Russia – Turkey", "Standing"]
    'partners and rivals at once'
    """
    return pd.DataFrame({
        "Pair": [f"{names.get(a, a)} – {names.get(b, b)}" for a, b in zip(layers["a"], layers["b"])],
        "Cooperation": layers["cooperation"].to_numpy(), "Rivalry": layers["rivalry"].to_numpy(),
        "Standing": [STANDING[int(code)] for code in layers["sign"]],
        "Rests on an inference": np.where(layers["inferred"].astype(bool), "yes", "no"),
    }).set_index("Pair")


def triad_table(triads: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The closed triads as a reader's table: by name, with their status and their status per layer.

    Parameters
    ----------
    triads : pandas.DataFrame
        As :func:`counterbalance.models.network.signed_triads` returns it.
    names : dict of str to str
        State id to name.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Triad``, with ``Signs``, ``Status``, ``Cooperation read alone`` and
        ``Rivalry read alone``.

    Examples
    --------
    >>> triads = pd.DataFrame({"a": ["az"], "b": ["ru"], "c": ["tr"], "signs": ["-±+"], "status": ["ambivalent"],
    ...     "read_as_cooperation": ["unbalanced"], "read_as_rivalry": ["balanced"]})
    >>> triad_table(triads, {"az": "Azerbaijan", "ru": "Russia", "tr": "Turkey"}).index.tolist()
    ['Azerbaijan, Russia, Turkey']
    """
    return pd.DataFrame({
        "Triad": [", ".join(names.get(s, s) for s in states) for states in zip(triads["a"], triads["b"], triads["c"])],
        "Signs": triads["signs"].to_numpy(), "Status": triads["status"].to_numpy(),
        "Cooperation read alone": triads["read_as_cooperation"].to_numpy(),
        "Rivalry read alone": triads["read_as_rivalry"].to_numpy(),
    }).set_index("Triad")


def broker_table(brokers: pd.DataFrame, states: dict[str, str], limit: int = 8) -> pd.DataFrame:
    """The actors that bridge the blocs most, as a reader's table.

    Parameters
    ----------
    brokers : pandas.DataFrame
        As :func:`counterbalance.models.brokerage.brokerage` returns it, most central first.
    states : dict of str to str
        State id to name, for the blocs.
    limit : int
        How many actors to show.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Actor``, with ``State``, ``Betweenness`` (to two decimals) and ``Ties to other blocs``.

    Examples
    --------
    >>> brokers = pd.DataFrame({"actor_id": ["b"], "name": ["B"], "bloc": ["tr"], "betweenness": [0.123], "cross_bloc_ties": [2]})
    >>> broker_table(brokers, {"tr": "Turkey"}).values.tolist()
    [['Turkey', 0.12, 2]]
    """
    top = brokers.head(limit)
    return pd.DataFrame({
        "Actor": top["name"].to_numpy(), "State": top["bloc"].map(lambda bloc: states.get(bloc, "none")).to_numpy(),
        "Betweenness": top["betweenness"].round(2).to_numpy(), "Ties to other blocs": top["cross_bloc_ties"].to_numpy(),
    }).set_index("Actor")


def triad_share_table(shares: dict[str, float]) -> pd.DataFrame:
    """How a triad stood across sampled worlds, closed statuses apart from the open share, as a reader's table.

    Parameters
    ----------
    shares : dict of str to float
        As :func:`counterbalance.models.uncertainty.triad_shares` returns it.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Status``, with ``Share`` and ``Of``: the closed statuses as shares of the
        worlds where the triad is closed, the open share of all worlds.

    Examples
    --------
    >>> triad_share_table({"balanced": 0.5, "unbalanced": 0.0, "ambivalent": 0.5, "open": 0.2})["Share"].tolist()
    ['50%', '0%', '50%', '20%']
    """
    return pd.DataFrame({
        "Status": list(shares),
        "Share": [f"{share:.0%}" if share == share else "–" for share in shares.values()],
        "Of": ["worlds where the triad is closed" if status != "open" else "all worlds" for status in shares],
    }).set_index("Status")


def commitment_table(layers: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The ties coded events give on a day, as a reader's table.

    Parameters
    ----------
    layers : pandas.DataFrame
        As :func:`counterbalance.models.commitment.commitment_layers` returns it.
    names : dict of str to str
        State id to name.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Pair``, with ``Quarter``, ``Net cooperation`` (the mean Goldstein weight),
        ``90 % interval``, ``Events`` and ``Tie`` (cooperative, antagonistic or undecided).

    Examples
    --------
    >>> layers = pd.DataFrame({"a": ["ru"], "b": ["tr"], "sign": [1], "weight": [4.87], "low": [2.07], "high": [7.67],
    ...     "events": [3], "quarter": ["2020Q4"]})
    >>> commitment_table(layers, {"ru": "Russia", "tr": "Turkey"}).loc["Russia – Turkey", ["Net cooperation", "90 % interval", "Tie"]].tolist()
    ['+4.9', '+2.1 to +7.7', 'cooperative']
    """
    return pd.DataFrame({
        "Pair": [f"{names.get(a, a)} – {names.get(b, b)}" for a, b in zip(layers["a"], layers["b"])],
        "Quarter": layers["quarter"].to_numpy(), "Net cooperation": [f"{w:+.1f}" for w in layers["weight"]],
        "90 % interval": [f"{lo:+.1f} to {hi:+.1f}" for lo, hi in zip(layers["low"], layers["high"])],
        "Events": [int(n) for n in layers["events"]], "Tie": [TIE_WORDS[int(code)] for code in layers["sign"]],
    }).set_index("Pair")


def disagreement_table(disagreements: pd.DataFrame, events: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The units two coders read differently, by event title, with the resolved reading.

    Parameters
    ----------
    disagreements : pandas.DataFrame
        As :func:`counterbalance.models.agreement.coding_disagreements` returns it.
    events : pandas.DataFrame
        ``event_id`` and ``title``.
    names : dict of str to str
        State id to name.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Event`` (its title), with ``Pair`` and one column per coder, then ``resolved``.

    Examples
    --------
    >>> found = pd.DataFrame({"event_id": ["e3"], "a": ["az"], "b": ["ru"], "coder_a": ["112"], "coder_b": ["111"], "resolved": ["112"]})
    >>> disagreement_table(found, pd.DataFrame({"event_id": ["e3"], "title": ["A claim"]}), {"az": "Azerbaijan", "ru": "Russia"}).values.tolist()
    [['Azerbaijan – Russia', '112', '111', '112']]
    """
    titles = events.set_index("event_id")["title"]
    pair = [f"{names.get(a, a)} – {names.get(b, b)}" if a else "no pair of states" for a, b in zip(disagreements["a"], disagreements["b"])]
    readings = disagreements.drop(columns=["event_id", "a", "b"])
    return readings.assign(Pair=pair, Event=disagreements["event_id"].map(titles).to_numpy()).set_index("Event")[
        ["Pair", *readings.columns]]
