"""What a reader needs to cite the report and reuse it: its title, authors, licences and suggested citation.

One home for them: the footer, every chart's source line, the figure pages, the intro's
suggested citation, the PDF's title page and ``CITATION.cff`` (checked against these by the tests)
all take them from here. Imports nothing from the package.
"""

from __future__ import annotations

import html

__all__ = ["TITLE", "SUBTITLE", "AUTHORS", "TEXT_LICENCE", "CODE_LICENCE", "licence_html", "suggested_citation",
           "suggested_citation_html"]

TITLE = "Counterbalance"
SUBTITLE = "The Turkish–Russian peacekeeping arrangement in Karabakh, 2020–2024: an open, reproducible report"
AUTHORS = "The Counterbalance editors"
#: The text, the charts and the data: (SPDX identifier, name, address of the licence's own text).
TEXT_LICENCE = ("CC-BY-4.0", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
#: The code (pyproject.toml's licence).
CODE_LICENCE = ("MIT", "MIT", "https://opensource.org/license/mit")


def licence_html() -> str:
    """The footer's licence line: text, charts and data under CC BY 4.0, code under MIT.

    >>> "CC BY 4.0</a>" in licence_html() and "MIT</a>" in licence_html()
    True
    """
    def link(licence: tuple[str, str, str]) -> str:
        return f'<a href="{html.escape(licence[2], quote=True)}" rel="license">{html.escape(licence[1])}</a>'

    return f"Text, charts and data: {link(TEXT_LICENCE)}. Code: {link(CODE_LICENCE)}."


def suggested_citation(version: str, data_date: str, address: str = "") -> str:
    """How to cite the report: authors, title, version, the date of its data and where to find it.

    Parameters
    ----------
    version : str
        The published version ("v1.0.0"), or "" for a working build.
    data_date : str
        The newest date in the data, in words ("12 June 2024").
    address : str
        Where the report is published; left out when not known.

    Examples
    --------
    >>> print(suggested_citation("v1.0.0", "12 June 2024", "https://example.org/counterbalance/"))
    The Counterbalance editors. Counterbalance: The Turkish–Russian peacekeeping arrangement in Karabakh, 2020–2024: an open, reproducible report, v1.0.0, data to 12 June 2024. https://example.org/counterbalance/
    >>> print(suggested_citation("", "12 June 2024"))
    The Counterbalance editors. Counterbalance: The Turkish–Russian peacekeeping arrangement in Karabakh, 2020–2024: an open, reproducible report, unreleased version, data to 12 June 2024.
    """
    text = f"{AUTHORS}. {TITLE}: {SUBTITLE}, {version or 'unreleased version'}, data to {data_date}."
    return f"{text} {address}" if address else text


def suggested_citation_html(version: str, data_date: str, address: str = "") -> str:
    """:func:`suggested_citation` as a paragraph, the title in italics and the address linked."""
    text = html.escape(suggested_citation(version, data_date))
    title = html.escape(f"{TITLE}: {SUBTITLE}")
    text = text.replace(title, f"<em>{title}</em>", 1)
    if address:
        text += f' <a href="{html.escape(address, quote=True)}">{html.escape(address)}</a>'
    return f'<p class="cb-citation">{text}</p>'
