"""The key figures: every model figure a page states, computed once as the worlds' median with its 90 % interval.

A page never states a model figure of its own making: it takes the key figures of
:func:`key_figures`, each the median of the sampled worlds with the interval that holds 90 %
of them (:data:`counterbalance.assumptions.QUANTILES`), rounded by :func:`stated`. The ratio
is always shown decomposed into Turkey's own presence, the share of Azerbaijan's forces
credited to Turkey (levered), and Russia's presence; it is computed as a log ratio while
Russia is present, and after it left it is said in words. Beside it stands the break-even
share: the share of Azerbaijan's forces at which the sides are at parity.
"""

from __future__ import annotations

import numpy as np

from ..assumptions import INTERVAL, QUANTILES
from .power import theatre_rows
from .precision import round_to_range
from .uncertainty import PowerSamples, tables_reports, world_power
from .worlds import draw_worlds

__all__ = ["interval", "stated", "key_figures", "key_figures_on", "KEY_FIGURES", "BOOK_WORLDS", "BOOK_SEED"]

#: The worlds and the seed of the key figures every chapter states.
BOOK_WORLDS, BOOK_SEED = 10_000, 20201110

#: Each key figure's name (glued with the prefix ``kf_``) and what it is.
KEY_FIGURES = {
    "power_tr": "Turkey's own theatre power, in troop-equivalents",
    "power_az": "Azerbaijan's theatre power, in troop-equivalents",
    "levered": "the part of Azerbaijan's theatre power credited to Turkey (alignment share times Azerbaijan's power)",
    "power_ru": "Russia's theatre power, in troop-equivalents",
    "ratio": "the counter-balance ratio (Turkey's power plus the levered share, over Russia's)",
    "parity_alignment": "the break-even share of Azerbaijan's power at which the sides are at parity",
}


def interval(samples) -> tuple[float, float, float] | None:
    """The median and the 90 % interval of the finite values of `samples`; None when none is finite.

    Parameters
    ----------
    samples : array_like of float
        One value per world; NaN and infinite values are left out.

    Returns
    -------
    (float, float, float) or None
        The median, the 5th and the 95th percentile.

    Examples
    --------
    >>> interval(np.arange(101.0))
    (50.0, 5.0, 95.0)
    >>> interval([np.inf, np.nan]) is None
    True
    """
    values = np.asarray(samples, dtype=float)
    values = values[np.isfinite(values)]
    if not values.size:
        return None
    low, median, high = np.quantile(values, QUANTILES)
    return float(median), float(low), float(high)


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.2g}"


def stated(figure: tuple[float, float, float] | None, percent: bool = False) -> str:
    """A figure as the pages state it: its median, then its 90 % interval, rounded to what the interval supports.

    Each number is rounded at the second significant digit of the interval's half-width
    (:func:`counterbalance.models.precision.round_to_range`), unless the interval spans more
    than a factor of ten (or reaches 0): then each keeps two significant digits, so that its
    low end is not rounded away.

    Parameters
    ----------
    figure : (float, float, float) or None
        The median, low and high end, as :func:`interval` returns them.
    percent : bool
        Whether to state a share as a percentage.

    Returns
    -------
    str
        The figure in words, or ``not defined``.

    Examples
    --------
    >>> stated((2487.0, 2080.0, 2989.0))
    'about 2,490 (90 % interval 2,080 to 2,990)'
    >>> stated((0.0263, 0.012, 0.05), percent=True)
    'about 2.6 % (90 % interval 1.2 % to 5 %)'
    >>> stated((1960.0, 1960.0, 1960.0)), stated(None), stated((16.2, 1.63, 44.8))
    ('1,960', 'not defined', 'about 16 (90 % interval 1.6 to 45)')
    """
    if figure is None:
        return "not defined"
    scale = 100.0 if percent else 1.0
    median, low, high = (value * scale for value in figure)
    if low == high:
        return _number(median) + (" %" if percent else "")
    if low <= 0 or high > 10 * low:
        rounded = [float(f"{value:.2g}") for value in (median, low, high)]
    else:
        rounded = [round_to_range(value, low, high, digits=2) for value in (median, low, high)]
    unit = " %" if percent else ""
    return f"about {_number(rounded[0])}{unit} ({INTERVAL:.0%} interval {_number(rounded[1])}{unit} to {_number(rounded[2])}{unit})".replace(
        f"{INTERVAL:.0%}", f"{INTERVAL * 100:.0f} %")


def key_figures(power: PowerSamples) -> dict[str, dict]:
    """Every key figure of one day from the worlds' theatre power.

    Parameters
    ----------
    power : PowerSamples
        One value per world (:func:`counterbalance.models.uncertainty.simulate_power`).

    Returns
    -------
    dict of str to dict
        By the names of :data:`KEY_FIGURES`: ``median``, ``low``, ``high`` (None when not
        defined) and ``text`` (:func:`stated`); and ``russia_present``: the share of worlds
        with Russian forces in the theatre. The ratio is taken from its log, over the worlds
        where Russia is present; when it is absent in most worlds the ratio is not defined.

    Examples
    --------
    Turkey 100, Azerbaijan 1,000 and Russia 400 in every world, with half of Azerbaijan's
    forces credited to Turkey: (100 + 500) / 400 = 1.5; parity needs (400 - 100) / 1,000 = 30 %.

    >>> worlds = PowerSamples(np.full(4, 100.0), np.full(4, 1000.0), np.full(4, 400.0), np.full(4, 0.5))
    >>> figures = key_figures(worlds)
    >>> figures["ratio"]["text"], figures["parity_alignment"]["text"], figures["levered"]["text"]
    ('1.5', '30 %', '500')
    """
    present = power.power_ru > 0
    figures = {"power_tr": interval(power.power_tr), "power_az": interval(power.power_az),
               "levered": interval(power.alignment * power.power_az), "power_ru": interval(power.power_ru)}
    log_ratio = interval(power.log_ratio[present]) if present.mean() >= 0.5 else None
    figures["ratio"] = tuple(10.0 ** value for value in log_ratio) if log_ratio else None
    figures["parity_alignment"] = interval(power.parity_alignment[present]) if present.mean() >= 0.5 else None
    out = {}
    for name, figure in figures.items():
        median, low, high = figure if figure else (None, None, None)
        out[name] = {"median": median, "low": low, "high": high, "text": stated(figure, percent=name == "parity_alignment")}
    return out | {"russia_present": float(present.mean())}


def key_figures_on(deployments, actors, places, as_of: str, settings: dict[str, float] | None = None, n: int = BOOK_WORLDS,
                   seed: int = BOOK_SEED) -> dict[str, dict]:
    """The key figures of one day, from `n` worlds drawn around `settings`: what every chapter states.

    Every notebook that states a key figure computes it with this function, the same worlds
    and the same seed, so the pages cannot disagree (a test compares them).

    Parameters
    ----------
    deployments, actors, places : pandas.DataFrame
        As loaded.
    as_of : date-like
        The day.
    settings : dict, optional
        Centres of the sampled assumptions' ranges.
    n, seed : int
        Worlds and seed: the book's by default.

    Returns
    -------
    dict of str to dict
        As :func:`key_figures`.

    Examples
    --------
    >>> from counterbalance.data import load_tables
    >>> tables = load_tables("actors", "places", "deployments")
    >>> key_figures_on(tables["deployments"], tables["actors"], tables["places"], "2025-06-01", n=200)["ratio"]["text"]
    'not defined'
    """
    worlds = draw_worlds(tables_reports(theatre_rows(deployments, actors, places)), n, seed, settings)
    power = world_power(deployments, actors, places, [as_of], worlds)
    return key_figures(PowerSamples(power.power_tr[:, 0], power.power_az[:, 0], power.power_ru[:, 0], power.alignment))
