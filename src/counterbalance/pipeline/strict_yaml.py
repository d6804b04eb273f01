"""YAML an analyst gives (a parameter file, a sweep grid, a value on the command line), read defensively.

Parameters are small: a file or value over :data:`MAX_BYTES` is refused before it is parsed,
anchors and aliases (the "billion laughs" that expand a few lines into gigabytes) are
refused, nesting deeper than :data:`MAX_DEPTH` is refused, and a key written twice is refused
rather than silently overwritten. Every refusal names the line, and quotes at most a short
prefix of what it refuses (:func:`shortened`).
"""

from __future__ import annotations

import yaml

__all__ = ["YamlRefused", "MAX_BYTES", "MAX_DEPTH", "load", "shortened"]

#: The largest YAML text accepted, in bytes of UTF-8.
MAX_BYTES = 65_536
#: The deepest nesting accepted (a grid of mappings of lists is depth 3).
MAX_DEPTH = 4
#: How much of a refused value a message quotes.
QUOTED = 60


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


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without aliases or repeated keys."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise YamlRefused("anchors and aliases (*name) are not accepted; write each value out", mark.line + 1)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise YamlRefused(f"the key {shortened(key)} appears twice; give each parameter once", key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep)


def _depth(node: yaml.Node) -> int:
    if isinstance(node, yaml.MappingNode):
        return 1 + max((max(_depth(k), _depth(v)) for k, v in node.value), default=0)
    if isinstance(node, yaml.SequenceNode):
        return 1 + max((_depth(item) for item in node.value), default=0)
    return 0


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
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise YamlRefused(f"is {size:,} bytes; parameters fit in {MAX_BYTES:,}")
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None and _depth(node) > MAX_DEPTH:
            raise YamlRefused(f"nests deeper than {MAX_DEPTH} levels", node.start_mark.line + 1)
        return loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise YamlRefused(f"not valid YAML ({getattr(error, 'problem', None) or error})", mark.line + 1 if mark else None) from None
    finally:
        loader.dispose()
