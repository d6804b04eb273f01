"""What every part of the book extension reads: the data folder, its tables, and which rows the pages show.

Each is computed once per build and kept on the Sphinx application. A page that shows data notes
the tables it read (:func:`note_tables`), and the pages that list what the whole book cites note
its text (:func:`note_book_text`): an edit to one table makes Sphinx read again only the pages
that show it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..data import load_tables, read_descriptor
from ..data.descriptor import claim_tables, primary_key, resources
from ..paths import BUILD, DATA, DESCRIPTOR_NAME

__all__ = ["data_dir", "tables", "key_fields", "row_ids", "claim_index", "shown", "note_tables", "note_book_text", "ROWS_SHOWN",
           "SOURCES_LISTED"]

#: Rows of a table shown in the data chapter beyond those the text cites; the CSV holds them all.
ROWS_SHOWN = 50
#: Up to this many sources the bibliography lists them all; beyond it, those the pages cite.
SOURCES_LISTED = 1000


def data_dir(app) -> Path:
    """The data the book is built from: the ``counterbalance_data`` config value, or ``data/`` beside the book."""
    return Path(app.config.counterbalance_data or Path(app.srcdir).parent / DATA)


def tables(app) -> dict[str, pd.DataFrame]:
    """The data's tables, loaded (and validated) once per build."""
    if not hasattr(app, "_counterbalance_tables"):
        app._counterbalance_tables = load_tables(data_dir=data_dir(app))
    return app._counterbalance_tables


def _table_files(app) -> dict[str, Path]:
    """Each table's file, by its resource name."""
    if not hasattr(app, "_counterbalance_files"):
        folder = data_dir(app)
        app._counterbalance_files = {r["name"]: (folder / r["path"]).resolve() for r in read_descriptor(folder)["resources"]}
    return app._counterbalance_files


def note_tables(env, *names: str) -> None:
    """The page being read shows data of the tables `names` (of every table, when none is named): Sphinx reads it
    again when one of their files, or the descriptor, changes."""
    files = _table_files(env.app)
    env.note_dependency(str((data_dir(env.app) / DESCRIPTOR_NAME).resolve()))
    for name in names or files:
        if name in files:
            env.note_dependency(str(files[name]))


def _book_text(source: Path) -> list[Path]:
    """The book's pages as written (a build folder inside the book is skipped; one the whole project sits in, as a bench copy, is not)."""
    return [p for p in sorted(source.rglob("*")) if p.suffix in (".md", ".ipynb") and BUILD not in p.relative_to(source).parts]


def note_book_text(env) -> None:
    """The page being read lists what the whole book's text links or cites: Sphinx reads it again when any page's text changes."""
    for path in _book_text(Path(env.app.srcdir)):
        env.note_dependency(str(path.resolve()))


def key_fields(app, name: str) -> tuple[str, ...]:
    """The fields of table `name`'s primary key."""
    return primary_key(resources(read_descriptor(data_dir(app)))[name])


def row_ids(app, name: str) -> pd.Series:
    """Each row's id in table `name`: its primary key, the fields of a composite key joined by ``/``."""
    key = key_fields(app, name)
    frame = tables(app)[name]
    return frame[list(key)].astype(str).agg("/".join, axis=1) if len(key) > 1 else frame[key[0]].astype(str)


def claim_index(app) -> dict[str, tuple[str, dict]]:
    """Every claim row by its id (ids are unique across the claim tables): its table and its fields."""
    if not hasattr(app, "_counterbalance_claims"):
        frames = tables(app)
        app._counterbalance_claims = {
            str(row_id): (name, row)
            for name in claim_tables(read_descriptor(data_dir(app))) if name in frames
            for row_id, row in zip(row_ids(app, name), frames[name].to_dict("records"))
        }
    return app._counterbalance_claims


def shown(app) -> tuple[dict[str, set[str]], set[str]]:
    """Which rows the data chapter shows, per table, and which sources the bibliography lists.

    A row is shown when the book's text links it (``{row}``) or it is among the first
    :data:`ROWS_SHOWN` of its table. A source is listed when it is cited by the text (directly,
    through a claim's ``{cite}`` or a row's substitution), by a shown row, or is the channel of a
    listed source; or
    always, while there are no more than :data:`SOURCES_LISTED`. So pages stay light as the
    data grows, and every link still lands.
    """
    if hasattr(app, "_counterbalance_shown"):
        return app._counterbalance_shown
    frames = tables(app)
    text = "\n".join(p.read_text(encoding="utf-8") for p in _book_text(Path(app.srcdir)))
    linked = re.findall(r"\{row\}`([a-z_]+):([^`]+)`", text)
    rows = {name: set(row_ids(app, name).iloc[:ROWS_SHOWN]) | {key for table, key in linked if table == name} for name in frames}
    sources = frames["sources"]
    if len(sources) <= SOURCES_LISTED:
        cited = set(sources["source_id"])
    else:
        names = set(re.findall(r"\{\{\s*([a-z0-9_]+)\s*\}\}", text))
        cited = set(re.findall(r"\{source\}`([^`]+)`", text))
        # a {cite} names the sources of a claim row through the citations table
        claims = set(re.findall(r"\{cite\}`([^`:]+)", text))
        citations = frames["citations"]
        cited |= set(citations.loc[citations["row_id"].isin(claims), "source_id"])
        for name, frame in frames.items():
            if "source_id" in frame.columns:
                used = frame[row_ids(app, name).isin(rows[name] | names | {n.removesuffix("_when") for n in names})]
                cited |= set(used["source_id"].dropna())
        channel = sources.set_index("source_id")["channel_source_id"].dropna().to_dict()
        for source in list(cited):
            while source in channel and channel[source] not in cited:
                source = channel[source]
                cited.add(source)
    app._counterbalance_shown = (rows, cited)
    return app._counterbalance_shown
