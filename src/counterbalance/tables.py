"""Every table of the book: one function each, a model's frame in, a reader's table out.

A reader's table names things (states, capabilities, assumptions) as the prose does, rounds
as the figure deserves, and is indexed by what a row is about, never by a row number. Tables
do no modelling: the models compute, this module only presents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import HTML

from .models.judgements import likelihood_word
from .models.network import ANTAGONISTIC, COOPERATIVE, MIXED

__all__ = [
    "STANDING", "pair_table", "triad_table", "broker_table", "power_table", "judgement_table", "range_scale_table", "sobol_table",
    "break_even_table", "figure_table", "triad_share_table", "score_table", "show", "cell_text",
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


def judgement_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The key judgements with their likelihood, confidence and what could flip them, as a reader's table.

    Parameters
    ----------
    summary : pandas.DataFrame
        ``statement``, ``probability``, ``confidence``, ``rows`` (how many rows it reads),
        ``row_flips`` and ``source_flips`` (the rows, and the sources, whose leaving out moves
        it across even chance, comma-joined; empty when none).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``Judgement``.

    Examples
    --------
    >>> summary = pd.DataFrame({"statement": ["S"], "probability": [0.97], "confidence": ["moderate"], "rows": [3],
    ...                         "row_flips": ["rel_x"], "source_flips": [""]})
    >>> judgement_table(summary).values.tolist()
    [['97% (almost certain)', 'moderate', 3, 'rel_x', 'none']]
    """
    return pd.DataFrame({
        "Judgement": summary["statement"].to_numpy(),
        "Likelihood": [f"{p:.0%} ({likelihood_word(p)})" for p in summary["probability"]],
        "Confidence": summary["confidence"].to_numpy(), "Rows it reads": summary["rows"].to_numpy(),
        "A single row left out flips it": [r or "none" for r in summary["row_flips"]],
        "A single source left out flips it": [r or "none" for r in summary["source_flips"]],
    }).set_index("Judgement")


def range_scale_table(across: pd.DataFrame, statements: dict[str, str]) -> pd.DataFrame:
    """Each key judgement's likelihood with every range halved, as assumed and doubled, as a reader's table.

    Parameters
    ----------
    across : pandas.DataFrame
        ``judgement_id``, one column per range scale (0.5, 1.0, 2.0 ...), ``spread``.
    statements : dict of str to str
        Each judgement's statement, by id.

    Examples
    --------
    >>> across = pd.DataFrame({"judgement_id": ["kj"], 0.5: [1.0], 2.0: [0.9], "spread": [0.1]})
    >>> range_scale_table(across, {"kj": "S"}).to_dict("records")
    [{'ranges × 0.5': '100.0%', 'ranges × 2': '90.0%', 'Spread': '10.0 points'}]
    """
    scales = [column for column in across.columns if column not in ("judgement_id", "spread")]
    frame = pd.DataFrame({"Judgement": across["judgement_id"].map(lambda j: statements.get(j, j)).to_numpy()})
    for scale in scales:
        frame[f"ranges × {scale:g}"] = [f"{p:.1%}" for p in across[scale]]
    frame["Spread"] = [f"{s * 100:.1f} points" for s in across["spread"]]
    return frame.set_index("Judgement")


def _index(value: float) -> str:
    """A Sobol index to two decimals; an estimate a hair below zero reads 0.00, not -0.00."""
    return f"{max(value, 0.0) if value > -0.005 else value:.2f}"


def sobol_table(indices: pd.DataFrame, limit: int = 8) -> pd.DataFrame:
    """The inputs that carry one output's variance, largest total-order index first, as a reader's table.

    Parameters
    ----------
    indices : pandas.DataFrame
        One output's rows of :func:`counterbalance.models.sensitivity.sobol_indices`.
    limit : int
        Rows shown.

    Examples
    --------
    >>> indices = pd.DataFrame({"input": ["alignment_weight"], "S1": [0.8], "S1_conf": [0.05], "ST": [0.9], "ST_conf": [0.04]})
    >>> sobol_table(indices).values.tolist()
    [['0.80 ± 0.05', '0.90 ± 0.04']]
    """
    top = indices.sort_values("ST", ascending=False).head(limit)
    return pd.DataFrame({
        "Input": [i if i.startswith("report: ") else i.replace("_", " ") for i in top["input"]],
        "First order (alone)": [f"{_index(v)} ± {c:.2f}" for v, c in zip(top["S1"], top["S1_conf"])],
        "Total order (with interactions)": [f"{_index(v)} ± {c:.2f}" for v, c in zip(top["ST"], top["ST_conf"])],
    }).set_index("Input")


def break_even_table(frame: pd.DataFrame, statements: dict[str, str]) -> pd.DataFrame:
    """The break-even value of each assumption that can flip a judgement within its doubled range.

    Examples
    --------
    >>> frame = pd.DataFrame({"judgement_id": ["kj"], "assumption": ["weight_engineers"], "break_even": [1.6],
    ...                       "low": [0.0], "high": [2.0]})
    >>> break_even_table(frame, {"kj": "S"}).values.tolist()
    [['weight engineers', '1.6', '0 to 2']]
    """
    flips = frame.dropna(subset=["break_even"])
    return pd.DataFrame({
        "Judgement": flips["judgement_id"].map(lambda j: statements.get(j, j)).to_numpy(),
        "Assumption": flips["assumption"].str.replace("_", " ").to_numpy(),
        "Break-even value": [f"{v:.2g}" for v in flips["break_even"]],
        "Range tried": [f"{lo:g} to {hi:g}" for lo, hi in zip(flips["low"], flips["high"])],
    }).set_index("Judgement")


def figure_table(figures: dict[str, dict], labels: dict[str, str]) -> pd.DataFrame:
    """Key figures as the pages state them, as a reader's table.

    Examples
    --------
    >>> figure_table({"ratio": {"text": "about 16"}}, {"ratio": "the ratio"}).values.tolist()
    [['about 16']]
    """
    return pd.DataFrame({"Figure": [labels[name][:1].upper() + labels[name][1:] for name in labels],
                         "Median and 90 % interval": [figures[name]["text"] for name in labels]}).set_index("Figure")


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
