"""Labels that are never cut: wrapped into lines, and rows stacked in pixels so that no two meet.

Vega shortens a label that is wider than its limit with an ellipsis ("Peac…"). The charts
here avoid limits instead: a long label is wrapped into a list of lines (Vega draws a list
as a multi-line text) short enough for a phone's column, and each row of a row chart is
given its own band of pixels, tall enough for its lines, so labels stack without touching.
"""

from __future__ import annotations

import textwrap

import pandas as pd

__all__ = ["LINE_CHARS", "LINE_HEIGHT", "wrap", "stack_rows", "place_labels"]

#: Characters per line of a wrapped label: about 300 px of 12 px text, a phone's column.
LINE_CHARS = 40
#: Height of one line of label text, in pixels.
LINE_HEIGHT = 15


def wrap(text: object, width: int = LINE_CHARS) -> list[str]:
    """`text` as lines of at most `width` characters (a longer single word stays whole).

    >>> wrap("Joint monitoring centre site, Aghdam district", 20)
    ['Joint monitoring', 'centre site, Aghdam', 'district']
    >>> wrap("Baku")
    ['Baku']
    """
    return textwrap.wrap(str(text), width=width, break_long_words=False) or [""]


def stack_rows(frame: pd.DataFrame, label: str, bar: int = 10, gap: int = 8, width: int = LINE_CHARS) -> tuple[pd.DataFrame, int]:
    """Give each row of `frame` a band: its wrapped label's lines, then a bar beneath.

    Returns `frame` with ``lines`` (the wrapped label), ``label_y`` (top of the label) and
    ``bar_y`` (centre of the bar), in pixels from the top, and the total height.

    >>> rows, height = stack_rows(pd.DataFrame({"name": ["A short one", "x" * 5]}), "name", width=6)
    >>> rows[["label_y", "bar_y"]].values.tolist(), height
    ([[0, 50], [63, 83]], 93)
    """
    lines = frame[label].map(lambda t: wrap(t, width))
    tops, y = [], 0
    for n in lines.map(len):
        tops.append(y)
        y += n * LINE_HEIGHT + bar + gap
    out = frame.assign(lines=lines.to_numpy(), label_y=tops)
    out["bar_y"] = out["label_y"] + out["lines"].map(len) * LINE_HEIGHT + bar // 2
    return out.reset_index(drop=True), max(y - gap + bar // 2, 1)


def place_labels(px: pd.Series, py: pd.Series, texts: pd.Series, width: float, height: float,
                 chars: int = 22, taken: list | None = None) -> tuple[pd.Series, pd.Series]:
    """A side of its dot for each label, so that labels meet neither each other, the dots nor the edge.

    `px`, `py` are the dots' pixel positions at the narrowest width the chart is drawn (a
    phone's; wider, everything spreads apart and nothing new collides); labels are wrapped
    at `chars` characters. Labels are placed greedily, longest (hardest to fit) first, each
    on the first side (right, left, above, below, then up to the right or left) that stays
    inside and meets the fewest labels and dots.

    Returns the side of each label and whether it is free (meets nothing and stays inside);
    `taken` lists boxes (x, y, width, height) already used, e.g. by bigger labels.

    >>> sides, free = place_labels(pd.Series([50.0, 52.0]), pd.Series([50.0, 50.0]), pd.Series(["Aa", "Bb"]), 200, 100)
    >>> sides.tolist(), free.tolist()
    (['right', 'left'], [True, True])
    """
    boxes = [(px[i] - 5, py[i] - 5, 10, 10) for i in px.index]  # the dots themselves
    dots = len(boxes)
    boxes += list(taken or [])
    sides, free = {}, {}
    order = sorted(px.index, key=lambda i: (-len(str(texts[i])), str(texts[i])))
    for index in order:
        lines = wrap(texts[index], chars)
        w, h = 7.0 * max(map(len, lines)) + 6, 15 * len(lines)  # generous: a label must never reach the edge
        x, y = px[index], py[index]
        # a label beside its dot has its first line level with it, the others beneath (as Vega draws lines)
        options = {"right": (x + 9, y - 7.5), "left": (x - 9 - w, y - 7.5), "above": (x - w / 2, y - 9 - h),
                   "below": (x - w / 2, y + 9), "right, up": (x + 7, y - h - 3), "left, up": (x - 7 - w, y - h - 3)}

        def meets(bx, by):
            return sum(bx < ox + ow and ox < bx + w and by < oy + oh and oy < by + h
                       for j, (ox, oy, ow, oh) in enumerate(boxes) if j >= dots or px.index[j] != index)

        def outside(bx, by):
            return max(0.0, 4 - bx) + max(0.0, bx + w - width + 4) + max(0.0, -by) + max(0.0, by + h - height)

        chosen = min(options, key=lambda side: (outside(*options[side]), meets(*options[side])))
        bx, by = options[chosen]
        free[index] = outside(bx, by) == 0 and meets(bx, by) == 0
        boxes.append((bx, by, w, h))
        sides[index] = chosen
    return pd.Series(sides).reindex(px.index), pd.Series(free).reindex(px.index)
