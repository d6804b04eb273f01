"""The tables of the model chapters: power, the key judgements and their robustness, key figures, scores and events."""

from __future__ import annotations

import pandas as pd

from ..data import describe_date
from ..models.judgements import likelihood_word

__all__ = ["power_table", "judgement_table", "range_scale_table", "sobol_table", "break_even_table", "figure_table", "events_table"]


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
