"""YAML an analyst gives (a parameter file, a sweep grid, a value on the command line), read defensively.

Scalars are read as YAML 1.2 reads them (its core schema), not as PyYAML's YAML 1.1: ``010``
is ten, not eight; ``1:30`` is text, not ninety; ``yes``, ``off`` and ``2021-02-30`` are text,
which the parameter checks then judge, each with its name. Explicit tags (``!!timestamp``,
``!!binary``, ``!!set``) are refused, and so is a key that is not a plain value (a list or a
mapping), a number of more than :data:`MAX_DIGITS` digits, and nesting deeper than
:data:`MAX_DEPTH` (refused as it is read, before it can exhaust the stack).

Parameters are small: a file or value over :data:`MAX_BYTES` is refused before it is parsed,
anchors and aliases (the "billion laughs" that expand a few lines into gigabytes) are
refused, and a key written twice is refused rather than silently overwritten. Every refusal
names the line, and quotes at most a short prefix of what it refuses (:func:`shortened`).
"""

from __future__ import annotations

import math
import re

import yaml

__all__ = ["YamlRefused", "MAX_BYTES", "MAX_DEPTH", "load", "shortened", "named"]

#: The largest YAML text accepted, in bytes of UTF-8.
MAX_BYTES = 65_536
#: The deepest nesting accepted (a grid of mappings of lists is depth 3).
MAX_DEPTH = 4
#: How much of a refused value a message quotes.
QUOTED = 60
#: The most digits a number may have (far beyond any parameter's range; a float holds 17).
MAX_DIGITS = 30
#: The tags of YAML 1.2's core schema: anything else, written out as ``!!tag``, is refused.
CORE_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")}
#: YAML 1.2's core schema: how a plain scalar resolves (YAML 1.2.2, section 10.3.2).
CORE_SCHEMA = (
    ("null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
)


class YamlRefused(ValueError):
    """The YAML was refused: what is wrong, and the line (1-based; None for the text as a whole)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line

    def located(self, where: str) -> str:
        """The message prefixed by `where` and the line, as ``file:line: message``."""
        return f"{where}{f':{self.line}' if self.line else ''}: {self}"


def shortened(value: object, limit: int = QUOTED, quoted: bool = True) -> str:
    """`value` as ``repr`` shows it (or as text, not `quoted`), cut to `limit` characters.

    >>> shortened("x" * 100, 10)
    "'xxxxxxxx… (102 characters)"
    >>> shortened(0.5), shortened("name", quoted=False)
    ('0.5', 'name')
    """
    text = repr(value) if quoted else str(value)
    return text if len(text) <= limit else f"{text[:limit - 1]}… ({len(text):,} characters)"


def named(key: object) -> str:
    """A key as a message names it: as written if it is a plain name, else quoted (so no control character reaches a terminal).

    >>> named("as_of"), named("a\\rb"), named(5)
    ('as_of', "'a\\\\rb'", '5')
    """
    plain = isinstance(key, (int, float)) or isinstance(key, str) and key.isidentifier()
    return shortened(key, quoted=not plain)


def _digits(text: str, node: yaml.Node) -> str:
    if sum(c.isdigit() for c in text) > MAX_DIGITS:
        raise YamlRefused(f"the number {shortened(text, quoted=False)} has more than {MAX_DIGITS} digits", node.start_mark.line + 1)
    return text


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader reading YAML 1.2's core schema, without aliases, tags, repeated keys, non-scalar keys or deep nesting."""

    yaml_implicit_resolvers: dict = {}
    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise YamlRefused("anchors and aliases (*name) are not accepted; write each value out", mark.line + 1)
        event = self.peek_event()
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if self._depth >= MAX_DEPTH:
                raise YamlRefused(f"nests deeper than {MAX_DEPTH} levels", event.start_mark.line + 1)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in CORE_TAGS:
            shown = shortened(tag.replace("tag:yaml.org,2002:", "!!"), quoted=False)
            raise YamlRefused(f"the tag {shown} is not accepted; write plain values", event.start_mark.line + 1)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node):
        text = _digits(self.construct_scalar(node), node)
        if text[:2] in ("0o", "0x"):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text, 10)  # YAML 1.2: leading zeros are decimal

    def construct_yaml_float(self, node):
        text = _digits(self.construct_scalar(node), node).lower()
        if text.endswith(".inf"):
            return -math.inf if text.startswith("-") else math.inf
        return math.nan if text == ".nan" else float(text)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlRefused("a key must be a plain name, not a list or a mapping", key_node.start_mark.line + 1)
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise YamlRefused(f"the key {shortened(key)} appears twice; give each parameter once", key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep)


for _name, _pattern, _first in CORE_SCHEMA:
    _StrictLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_name}", re.compile(_pattern), [*_first, *([""] if _name == "null" else [])])
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _StrictLoader.construct_yaml_float)


def load(text: str) -> object:
    """Parse `text` as YAML within the limits above.

    Raises
    ------
    YamlRefused
        If it is too large, too deep, uses an alias, repeats a key, or is not YAML.

    Examples
    --------
    >>> load("a: 1\\nb: [1, 2]")
    {'a': 1, 'b': [1, 2]}
    >>> load("a: &x [1]\\nb: *x")
    Traceback (most recent call last):
    ...
    counterbalance.pipeline.strict_yaml.YamlRefused: anchors and aliases (*name) are not accepted; write each value out
    """
    size = len(text.encode("utf-8", "replace"))
    if size > MAX_BYTES:
        raise YamlRefused(f"is {size:,} bytes; parameters fit in {MAX_BYTES:,}")
    loader = None
    try:
        loader = _StrictLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return loader.construct_document(node)
        except YamlRefused:
            raise
        except (ValueError, TypeError, KeyError, OverflowError) as error:  # a core tag on a value it cannot hold: !!int 1.5
            raise YamlRefused(f"a value cannot be read ({shortened(error, 200, quoted=False)})", node.start_mark.line + 1) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = " ".join(str(getattr(error, "problem", None) or error).split())
        raise YamlRefused(f"not valid YAML ({shortened(problem, 200, quoted=False)})",
                          mark.line + 1 if mark else None) from None
    finally:
        if loader is not None:
            loader.dispose()
