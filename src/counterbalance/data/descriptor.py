"""What the descriptor (``datapackage.json``) declares: its resources, their schemas, keys and formats.

Small readers of the Frictionless descriptor, shared by the checker, the rules, the loader
and the tools, so that nothing assumes a table's key is its first column or guesses which
fields hold dates.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..paths import DESCRIPTOR_NAME

__all__ = [
    "DATE_FORMAT", "CITATIONS", "read_descriptor", "resources", "is_tabular", "is_date_field", "schema_of", "primary_key",
    "claim_tables", "event_tables", "EVENT_DATE_FIELDS",
]

#: The ``x-format`` of a string field holding imprecise dates (:mod:`counterbalance.data.dates`).
DATE_FORMAT = "edtf"
#: The resource whose rows cite sources for the rows of the claim tables.
CITATIONS = "citations"


def read_descriptor(data_dir: Path) -> dict:
    """Read `datapackage.json` from `data_dir`.

    Parameters
    ----------
    data_dir : Path

    Returns
    -------
    dict
        The descriptor as parsed JSON.

    Examples
    --------
    >>> from counterbalance.paths import DATA_DIR
    >>> "resources" in read_descriptor(DATA_DIR)
    True
    """
    return json.loads((Path(data_dir) / DESCRIPTOR_NAME).read_text(encoding="utf-8"))


def resources(descriptor: dict) -> dict[str, dict]:
    """The descriptor's resources by name, in their declared order.

    Parameters
    ----------
    descriptor : dict

    Returns
    -------
    dict of str to dict
        Each resource descriptor, keyed by its ``name``.

    Examples
    --------
    >>> list(resources({"resources": [{"name": "sources"}, {"name": "boundaries"}]}))
    ['sources', 'boundaries']
    """
    return {resource["name"]: resource for resource in descriptor["resources"]}


def is_tabular(resource: dict) -> bool:
    """Whether a resource is a CSV table (the others are GeoJSON feature collections).

    Parameters
    ----------
    resource : dict

    Returns
    -------
    bool

    Examples
    --------
    >>> is_tabular({"profile": "tabular-data-resource"}), is_tabular({"path": "boundaries.geojson"})
    (True, False)
    """
    return resource.get("profile") == "tabular-data-resource"


def is_date_field(field: dict) -> bool:
    """Whether a field holds imprecise dates (declared ``"x-format": "edtf"``).

    Parameters
    ----------
    field : dict

    Returns
    -------
    bool

    Examples
    --------
    >>> is_date_field({"name": "start", "type": "string", "x-format": "edtf"}), is_date_field({"name": "name"})
    (True, False)
    """
    return field.get("x-format") == DATE_FORMAT


def schema_of(resource: dict) -> dict:
    """The Table Schema of a resource: its own, or that of a GeoJSON resource's features.

    Parameters
    ----------
    resource : dict

    Returns
    -------
    dict
        ``schema``, else ``x-feature-schema``, else a schema with no fields.

    Examples
    --------
    >>> schema_of({"x-feature-schema": {"fields": [{"name": "source_id"}]}})["fields"][0]["name"]
    'source_id'
    """
    return resource.get("schema") or resource.get("x-feature-schema") or {"fields": []}


def primary_key(resource: dict) -> tuple[str, ...]:
    """The fields of a resource's primary key (empty when it declares none).

    Parameters
    ----------
    resource : dict

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> primary_key({"schema": {"primaryKey": "actor_id"}}), primary_key({"schema": {"primaryKey": ["a", "b"]}})
    (('actor_id',), ('a', 'b'))
    """
    key = schema_of(resource).get("primaryKey", [])
    return (key,) if isinstance(key, str) else tuple(key)


def claim_tables(descriptor: dict) -> tuple[str, ...]:
    """The tables whose rows are claims: those the citations' ``table`` field may name.

    Parameters
    ----------
    descriptor : dict

    Returns
    -------
    tuple of str
        The allowed values of ``table`` in the citations resource (empty without one).

    Examples
    --------
    >>> claim_tables({"resources": [{"name": "citations", "schema": {"fields": [
    ...     {"name": "table", "constraints": {"enum": ["events", "deployments"]}}]}}]})
    ('events', 'deployments')
    """
    citations = resources(descriptor).get(CITATIONS)
    if citations is None:
        return ()
    table = next(f for f in schema_of(citations)["fields"] if f["name"] == "table")
    return tuple(table["constraints"]["enum"])


#: The date fields of a row that describes an event: when it started, ended, or was last reported as going on.
EVENT_DATE_FIELDS = ("start", "end", "confirmed")


def event_tables(descriptor: dict) -> tuple[str, ...]:
    """The tables whose rows describe events in the world: those with a ``start`` date field.

    The latest of their dates is the data's last day. Judgements, outcomes and sources carry
    dates too (when a judgement was made, when it resolved, when a page was read), but they
    are about the events, not events themselves.

    Parameters
    ----------
    descriptor : dict

    Returns
    -------
    tuple of str
        Their names, in the descriptor's order.

    Examples
    --------
    >>> from counterbalance.paths import DATA_DIR
    >>> event_tables(read_descriptor(DATA_DIR))
    ('relations', 'deployments', 'events', 'unit_history')
    """
    return tuple(resource["name"] for resource in descriptor["resources"] if is_tabular(resource)
                 and any(f["name"] == "start" and is_date_field(f) for f in schema_of(resource)["fields"]))
