"""Every table of the book: one function each, a model's frame in, a reader's table out.

A reader's table names things (states, capabilities, assumptions) as the prose does, rounds
as the figure deserves, and is indexed by what a row is about, never by a row number. Tables
do no modelling: the models compute, this module only presents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import HTML

from .data import describe_date
from .models.commitment import TIE_WORDS
from .models.judgements import likelihood_word
from .models.network import ANTAGONISTIC, COOPERATIVE, MIXED

__all__ = [
    "STANDING", "pair_table", "triad_table", "broker_table", "power_table", "probability_table", "widening_table",
    "triad_share_table", "score_table", "events_table", "show", "cell_text", "commitment_table", "disagreement_table",
]


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


def power_table(power: pd.DataFrame, states: dict[str, str]) -> pd.DataFrame:
    """Theatre power by state and capability, as a reader's table.

    Parameters
    ----------
    power : pandas.DataFrame
        As :func:`counterbalance.models.power.theatre_power` returns it.
    states : dict of str to str
        State id to name.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``State`` and ``Capability`` (in words), with ``Counted`` (units),
        ``Weight`` (troop-equivalents per unit), ``Power`` and ``Rows without a figure``.

    Examples
    --------
    >>> power = pd.DataFrame({"country_id": ["ru"], "capability": ["heavy_fires"], "count": [1.0], "weight": [50.0],
    ...     "power": [50.0], "unknown_rows": [0]})
    >>> power_table(power, {"ru": "Russia"}).index.tolist()
    [('Russia', 'heavy fires')]
    """
    return pd.DataFrame({
        "State": power["country_id"].map(lambda state: states.get(state, state)).to_numpy(),
        "Capability": power["capability"].str.replace("_", " ").to_numpy(),
        "Counted": power["count"].to_numpy(), "Weight": power["weight"].to_numpy(), "Power": power["power"].to_numpy(),
        "Rows without a figure": power["unknown_rows"].to_numpy(),
    }).set_index(["State", "Capability"])


def probability_table(probabilities: dict[str, float], judgements: pd.DataFrame) -> pd.DataFrame:
    """Key judgements with their probability and its ICD 203 expression, as a reader's table.

    Parameters
    ----------
    probabilities : dict of str to float
        By judgement id, as :func:`counterbalance.models.headlines.key_judgement_probabilities` returns them.
    judgements : pandas.DataFrame
        ``judgement_id`` and ``statement``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Judgement`` (its statement), with ``Probability`` (a percentage) and
        ``Likelihood``; a probability that cannot be computed reads "not computable".

    Examples
    --------
    >>> judgements = pd.DataFrame({"judgement_id": ["kj"], "statement": ["Russia outweighed Turkey."]})
    >>> probability_table({"kj": 0.97}, judgements).values.tolist()
    [['97%', 'almost certain']]
    """
    statements = judgements.set_index("judgement_id")["statement"]
    return pd.DataFrame({
        "Judgement": [statements.get(judgement, judgement) for judgement in probabilities],
        "Probability": [f"{p:.0%}" if p == p else "not computable" for p in probabilities.values()],
        "Likelihood": [likelihood_word(p) if p == p else "not computable" for p in probabilities.values()],
    }).set_index("Judgement")


def widening_table(across: pd.DataFrame, judgements: pd.DataFrame) -> pd.DataFrame:
    """Each key judgement's probability as the grades widen ranges less or more, as a reader's table.

    Parameters
    ----------
    across : pandas.DataFrame
        As :func:`counterbalance.models.headlines.probabilities_across_widening` returns it.
    judgements : pandas.DataFrame
        ``judgement_id`` and ``statement``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Judgement``; one column per widening ("widening × 0", "× 1" ...), in
        percent, and ``Spread`` in percentage points.

    Examples
    --------
    >>> across = pd.DataFrame({"judgement_id": ["kj"], 0.0: [0.9], 1.0: [0.8], "spread": [0.1]})
    >>> widening_table(across, pd.DataFrame({"judgement_id": ["kj"], "statement": ["S"]})).to_dict("records")
    [{'widening × 0': '90%', 'widening × 1': '80%', 'Spread': '10 points'}]
    """
    statements = judgements.set_index("judgement_id")["statement"]
    scales = [column for column in across.columns if column not in ("judgement_id", "spread")]
    frame = pd.DataFrame({"Judgement": across["judgement_id"].map(lambda j: statements.get(j, j)).to_numpy()})
    for scale in scales:
        frame[f"widening × {scale:g}"] = [f"{p:.0%}" if p == p else "–" for p in across[scale]]
    frame["Spread"] = [f"{s * 100:.0f} points" if s == s else "–" for s in across["spread"]]
    return frame.set_index("Judgement")


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


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    """The events chart's events as a reader's table, in time order: when, what, whose act, and the source.

    Parameters
    ----------
    events : pandas.DataFrame
        As the events chart takes them: ``title``, ``dates`` (the data's own dates, "start to end"
        where they differ), ``states``, ``outlet``, ``grade``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Event``, with ``When`` (in words), ``Whose act`` and ``Source``.

    Examples
    --------
    >>> events = pd.DataFrame({"title": ["Ceasefire", "War"], "dates": ["2020-11-10", "2020-09-27 to 2020-11-10"],
    ...                        "states": ["Russia", "Azerbaijan"], "outlet": ["Kremlin", "AP"], "grade": ["A1", "B2"]})
    >>> events_table(events).loc["War"].tolist()
    ['27 September 2020 to 10 November 2020', 'Azerbaijan', 'AP (B2)']
    """
    when = [" to ".join(describe_date(part) for part in str(dates).split(" to ")) for dates in events["dates"]]
    return pd.DataFrame({"Event": events["title"].to_numpy(), "When": when, "Whose act": events["states"].to_numpy(),
                         "Source": (events["outlet"] + " (" + events["grade"] + ")").to_numpy()}).set_index("Event")


def cell_text(value: object) -> str:
    """A cell as a reader reads it: whole numbers with thousands separators, others to two decimals."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        return str(value)
    if value != value:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def show(table: pd.DataFrame, name: str) -> HTML:
    """A reader's table as the book shows it: its index as ordinary leading columns, numbers formatted, text escaped.

    Parameters
    ----------
    table : pandas.DataFrame
        One of this module's tables.
    name : str
        A name unique on the page; it fixes the HTML ids, so the same table renders the same
        bytes on every build.

    Returns
    -------
    IPython.display.HTML
        The table's HTML, whose plain-text form carries no memory address either. Text
        from the data is escaped: a cell reading ``<b>`` shows as written, never as markup.

    Examples
    --------
    >>> table = pd.DataFrame({"Power": [65000.0, 0.5]}, index=pd.Index(["<b>az</b>", "tr"], name="State"))
    >>> html = show(table, "power").data
    >>> "65,000" in html and "0.50" in html and 'id="T_power' in html and "&lt;b&gt;az" in html
    True
    >>> html.count("cb-num")  # the two figures, not the state names
    2
    """
    flat = table.reset_index() if any(level is not None for level in table.index.names) else table
    # figures line up on their digits: numeric columns are right-aligned in tabular figures (counterbalance.css)
    numeric = pd.DataFrame({c: "cb-num" if pd.api.types.is_numeric_dtype(flat[c]) and not pd.api.types.is_bool_dtype(flat[c]) else ""
                            for c in flat.columns}, index=flat.index)
    styled = flat.style.hide(axis="index").format(cell_text, escape="html").format_index(escape="html", axis="columns")
    return HTML(styled.set_td_classes(numeric).set_table_attributes('class="cb-table"').set_uuid(name).to_html())


def score_table(scores: pd.DataFrame) -> pd.DataFrame:
    """Every scored judgement with its words, its probability, what happened and its Brier score, as a reader's table.

    Parameters
    ----------
    scores : pandas.DataFrame
        As :func:`counterbalance.models.scoring.brier_scores` returns it.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Judgement`` (its statement), with ``By``, ``Stated as`` (the author's
        words, or the expression the models' probability reads as, with the probability
        scored), ``Outcome`` (with the year it became known) and ``Brier score`` ("not
        scored" when it cannot be).

    Examples
    --------
    >>> scores = pd.DataFrame({"statement": ["S"], "by": ["article"], "stated_likelihood": ["probably"],
    ...     "word": ["likely"], "probability": [0.675], "outcome": ["did_not_happen"], "resolved_on": ["2023-09"], "brier": [0.455625]})
    >>> score_table(scores).values.tolist()
    [['article', '“probably”: 67.5%', 'did not happen (2023)', '0.46']]
    """
    def stated(words, word, probability) -> str:
        said = f"“{words}”" if isinstance(words, str) else (word if isinstance(word, str) else "no hedge")
        return f"{said}: {probability:.1%}" if probability == probability else said

    return pd.DataFrame({
        "Judgement": scores["statement"].to_numpy(), "By": scores["by"].to_numpy(),
        "Stated as": [stated(*row) for row in zip(scores["stated_likelihood"], scores["word"], scores["probability"])],
        "Outcome": [outcome.replace("_", " ") + (f" ({day[:4]})" if isinstance(day, str) else "")
                    for outcome, day in zip(scores["outcome"], scores["resolved_on"])],
        "Brier score": [f"{b:.2f}" if b == b else "not scored" for b in scores["brier"]],
    }).set_index("Judgement")


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
