"""How far two independent codings of the events agree: Krippendorff's alpha, and where they differ.

A *unit* is an event and a pair of states that some coder found acting on each other in it
(an event no coder found any act in is one unit of its own, read ``none`` by all). Each coder
gives a unit one value: the CAMEO code of the act, or ``none`` when that coder found no act
between the two. Agreement is measured twice with the ``krippendorff`` package: on the code
itself (nominal: any two different codes disagree), and on its Goldstein weight (interval: an
accusation read as a criticism costs little, a clash read as an agreement a lot; a ``none``
reading has no weight and is left out of that measure). The ``resolved`` coding is the
outcome of comparing them, so it is never one of the coders compared.
"""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd

from ..data.coding import NO_INTERACTION, RESOLVED

__all__ = ["coding_units", "reliability_data", "coding_agreement", "coding_disagreements", "agreement_reading"]

UNIT_COLUMNS = ["event_id", "a", "b", "coder", "cameo_code", "goldstein"]


def coding_units(event_codes: pd.DataFrame, cameo_codes: pd.DataFrame) -> pd.DataFrame:
    """Every coder's reading of every unit (event and pair of states), in long form.

    Parameters
    ----------
    event_codes : pandas.DataFrame
        ``event_id``, ``coder``, ``source_actor_id``, ``target_actor_id``, ``cameo_code``.
    cameo_codes : pandas.DataFrame
        ``code``, ``goldstein``.

    Returns
    -------
    pandas.DataFrame
        ``event_id``, ``a``, ``b`` (the pair, sorted; empty for an event no coder found an
        act in), ``coder``, ``cameo_code`` (``none`` where that coder found no act between the
        two) and ``goldstein`` (NaN for ``none``); one row per unit and coder, ``resolved``
        left out.

    Examples
    --------
    Coder a finds an agreement between Turkey and Russia; coder b finds nothing:

    >>> codes = pd.DataFrame({"event_id": ["e1", "e1"], "coder": ["coder_a", "coder_b"], "source_actor_id": ["tr", None],
    ...     "target_actor_id": ["ru", None], "cameo_code": ["057", "none"]})
    >>> coding_units(codes, pd.DataFrame({"code": ["057"], "goldstein": [8.0]}))[["a", "b", "coder", "cameo_code"]].values.tolist()
    [['ru', 'tr', 'coder_a', '057'], ['ru', 'tr', 'coder_b', 'none']]
    """
    coded = event_codes[event_codes["coder"] != RESOLVED]
    coders = sorted(coded["coder"].unique())
    acts = coded[coded["cameo_code"] != NO_INTERACTION]
    pairs = np.sort(acts[["source_actor_id", "target_actor_id"]].to_numpy(dtype=str), axis=1) if len(acts) else np.empty((0, 2), str)
    readings = {(e, a, b, c): code for e, (a, b), c, code in zip(acts["event_id"], pairs.tolist(), acts["coder"], acts["cameo_code"])}
    units = sorted({(e, a, b) for e, a, b, _ in readings})
    found = {e for e, _, _ in units}
    units += [(e, "", "") for e in sorted(set(coded["event_id"]) - found)]
    weights = cameo_codes.set_index("code")["goldstein"].astype(float)
    rows = [(e, a, b, c, readings.get((e, a, b, c), NO_INTERACTION)) for e, a, b in sorted(units) for c in coders]
    out = pd.DataFrame(rows, columns=UNIT_COLUMNS[:-1])
    out["goldstein"] = out["cameo_code"].map(weights).astype(float)
    return out


def reliability_data(units: pd.DataFrame, value: str) -> tuple[np.ndarray, list[str]]:
    """The coders-by-units matrix Krippendorff's alpha reads, for one value of the units.

    Parameters
    ----------
    units : pandas.DataFrame
        As :func:`coding_units` returns it.
    value : {"cameo_code", "goldstein"}
        What is compared: the code (each distinct code, ``none`` included, becomes a
        category number) or its weight (NaN where there is none).

    Returns
    -------
    (numpy.ndarray, list of str)
        The matrix (one row per coder, one column per unit, NaN where a coder gave no value)
        and the coders in row order.

    Examples
    --------
    >>> units = pd.DataFrame({"event_id": ["e1", "e1"], "a": ["ru", "ru"], "b": ["tr", "tr"], "coder": ["coder_a", "coder_b"],
    ...     "cameo_code": ["057", "none"], "goldstein": [8.0, float("nan")]})
    >>> reliability_data(units, "cameo_code")[0].tolist(), reliability_data(units, "goldstein")[0].tolist()
    ([[0.0], [1.0]], [[8.0], [nan]])
    """
    wide = units.set_index(["event_id", "a", "b", "coder"])[value].unstack("coder").T
    if value == "cameo_code":
        categories = {code: float(i) for i, code in enumerate(sorted(units["cameo_code"].dropna().unique()))}
        wide = wide.apply(lambda column: column.map(categories))
    return wide.to_numpy(dtype=float), list(wide.index)


def coding_agreement(units: pd.DataFrame) -> dict | None:
    """Krippendorff's alpha between the coders, on the code (nominal) and on its weight (interval).

    Parameters
    ----------
    units : pandas.DataFrame
        As :func:`coding_units` returns it.

    Returns
    -------
    dict or None
        ``coders`` (their ids), ``units`` (how many), ``agreed`` (units every coder read
        alike), ``alpha_code`` and ``alpha_weight`` (NaN where the values never vary, so that
        no disagreement could be expected); None while fewer than two coders have coded.

    Examples
    --------
    Four units, worked by hand in the tests: the coders differ on one code of the same root.

    >>> units = pd.DataFrame({"event_id": ["e1", "e1", "e2", "e2", "e3", "e3", "e4", "e4"], "a": ["ru"] * 8, "b": ["tr"] * 8,
    ...     "coder": ["coder_a", "coder_b"] * 4, "cameo_code": ["057", "057", "190", "190", "112", "111", "none", "none"],
    ...     "goldstein": [8.0, 8.0, -10.0, -10.0, -2.0, -2.0, float("nan"), float("nan")]})
    >>> found = coding_agreement(units)
    >>> found["units"], found["agreed"], round(found["alpha_code"], 4), found["alpha_weight"]
    (4, 3, 0.72, 1.0)
    """
    coders = sorted(units["coder"].unique())
    if len(coders) < 2:
        return None
    codes, _ = reliability_data(units, "cameo_code")
    weights, _ = reliability_data(units, "goldstein")
    agreed = int((np.nan_to_num(codes, nan=-1.0) == np.nan_to_num(codes[0], nan=-1.0)).all(axis=0).sum())
    with np.errstate(invalid="ignore", divide="ignore"):  # no variation at all: alpha is undefined (NaN)
        return {
            "coders": coders, "units": int(codes.shape[1]), "agreed": agreed,
            "alpha_code": float(krippendorff.alpha(reliability_data=codes, level_of_measurement="nominal")),
            "alpha_weight": float(krippendorff.alpha(reliability_data=weights, level_of_measurement="interval")),
        }


def coding_disagreements(units: pd.DataFrame, event_codes: pd.DataFrame) -> pd.DataFrame:
    """The units the coders read differently, each beside the resolved reading.

    Parameters
    ----------
    units : pandas.DataFrame
        As :func:`coding_units` returns it.
    event_codes : pandas.DataFrame
        The coding, for the ``resolved`` rows.

    Returns
    -------
    pandas.DataFrame
        ``event_id``, ``a``, ``b``, one column per coder with its code, and ``resolved``
        (the agreed code, ``none`` where the resolved coding has no act between the two).

    Examples
    --------
    >>> units = pd.DataFrame({"event_id": ["e3", "e3"], "a": ["az", "az"], "b": ["ru", "ru"], "coder": ["coder_a", "coder_b"],
    ...     "cameo_code": ["112", "111"], "goldstein": [-2.0, -2.0]})
    >>> codes = pd.DataFrame({"event_id": ["e3"], "coder": ["resolved"], "source_actor_id": ["ru"], "target_actor_id": ["az"],
    ...     "cameo_code": ["112"]})
    >>> coding_disagreements(units, codes).values.tolist()
    [['e3', 'az', 'ru', '112', '111', '112']]
    """
    wide = units.pivot_table(index=["event_id", "a", "b"], columns="coder", values="cameo_code", aggfunc="first").reset_index()
    coders = [c for c in wide.columns if c not in ("event_id", "a", "b")]
    differ = wide[wide[coders].nunique(axis=1) > 1].copy()
    agreed = event_codes[(event_codes["coder"] == RESOLVED) & (event_codes["cameo_code"] != NO_INTERACTION)]
    pairs = np.sort(agreed[["source_actor_id", "target_actor_id"]].to_numpy(dtype=str), axis=1) if len(agreed) else np.empty((0, 2), str)
    resolved = {(e, a, b): code for e, (a, b), code in zip(agreed["event_id"], pairs.tolist(), agreed["cameo_code"])}
    differ[RESOLVED] = [resolved.get((e, a, b), NO_INTERACTION) for e, a, b in differ[["event_id", "a", "b"]].itertuples(index=False)]
    differ.columns.name = None
    return differ.reset_index(drop=True)


def agreement_reading(agreement: dict | None, events: int) -> str:
    """The coding's agreement in words, or that the second coding is still missing.

    Parameters
    ----------
    agreement : dict or None
        As :func:`coding_agreement` returns it.
    events : int
        How many events were coded.

    Returns
    -------
    str
        A sentence for the chapter.

    Examples
    --------
    >>> agreement_reading(None, 95)
    "The second, independent coding of the 95 events is pending: until it is in, the resolved coding is the first coder's, and no agreement can be measured."
    >>> agreement_reading({"coders": ["coder_a", "coder_b"], "units": 120, "agreed": 90, "alpha_code": 0.712, "alpha_weight": 0.804}, 95)
    "Two coders read the 95 events independently: they agree on 90 of the 120 units (an event and a pair of states), Krippendorff's alpha 0.71 on the code and 0.80 on its Goldstein weight."
    """
    if agreement is None:
        return (f"The second, independent coding of the {events:,} events is pending: until it is in, the resolved coding "
                "is the first coder's, and no agreement can be measured.")
    count = {2: "Two", 3: "Three", 4: "Four"}.get(len(agreement["coders"]), f"{len(agreement['coders'])}")
    return (f"{count} coders read the {events:,} events independently: they agree on {agreement['agreed']:,} of the "
            f"{agreement['units']:,} units (an event and a pair of states), Krippendorff's alpha {_alpha(agreement['alpha_code'])} "
            f"on the code and {_alpha(agreement['alpha_weight'])} on its Goldstein weight.")


def _alpha(value: float) -> str:
    return "undefined (the values never vary)" if np.isnan(value) else f"{value:.2f}"
