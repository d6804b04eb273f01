"""How a reader's table is shown: escaped cells, human headers, thousands separators, no index."""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import HTML

__all__ = ["cell_text", "show"]


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
