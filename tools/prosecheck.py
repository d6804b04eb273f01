"""The prose check: the seams an editor stops at, found in the built pages' running text.

It reads what a reader reads as prose (the paragraphs, list items, captions and chart source
lines of each page's article), not code, tables, charts, the bibliography's quoted titles or the
theme's navigation, and reports each seam that ``book/STYLE.md`` rules out:

* a word written twice in a row ("the the");
* a count of a thousand or more without its thousands separator ("1960 troops"; years are
  not counts);
* a digit for a count under ten ("killed 5 people"; dates, decimals, percentages, grades and
  numbered things such as "Article 5" are not counts);
* "0 of" where the prose should say "none";
* doubled punctuation ("::", ",,", ".,").

``python -m tools.prosecheck _build/html`` prints every finding as ``page: kind: "context"`` and
exits 1 if there is any; the test suite runs the same check on the built book.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

__all__ = ["Seam", "MONTHS", "page_prose", "seams", "site_seams"]

#: Elements whose text is prose (a list item's own text is its paragraphs, or itself when it has none).
PROSE = ("p", "li", "dd", "figcaption", "caption", "h1", "h2", "h3", "h4")
#: What is not running text: code, tables, charts and their data, equations, the bibliography's
#: entries and citations (titles and names as their outlets wrote them), the data tables, hidden
#: cells, and the numbers of numbered chapters.
NOT_PROSE = ("pre", "table", "svg", "script", "style", "noscript",
             ".cb-chart", ".cb-chart-data", ".cb-chart-links", "ul.cb-sources", "ul.cb-references", ".cell_input",
             ".highlight", ".headerlink", ".cb-stamp", ".section-number", ".cb-cite")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_MONTH = "|".join(MONTHS)

#: Words before a digit that make it the name of a numbered thing, not a count.
NUMBERED = {"article", "articles", "chapter", "section", "part", "point", "points", "paragraph", "paragraphs", "item", "items",
            "step", "figure", "table", "version", "issue", "volume", "vol", "no", "number", "level", "grade", "credibility",
            "reliability", "phase", "stage", "appendix", "question", "questions", "judgement", "judgements", "resolution",
            "rule", "class", "tier", "category", "model", "type", "scale", "page", "pages", "week", "day", "icd", "brigade",
            "army", "corps", "division", "regiment", "battalion", "protocol", "annex", "clause", "sheet", "row", "rows",
            "column", "columns", "seed", "code", "f", "b", "c", "r", "k", "n", "p"}

#: Words after a digit that make it a value on a scale or a measure, not a count.
VALUE_WORDS = {"if", "as", "for", "to", "and", "or", "times", "per", "percent", "percentage", "when", "is", "was", "means",
               "km", "m", "kg", "cm", "mm", "h", "am", "pm", "x", "in", "out", "on", "minus", "plus"}

_REPEATED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
_ZERO_OF = re.compile(r"(?<![\d.,])\b0 of\b")
_DOUBLED = re.compile(r"([,;:!?.])\s*([,;:!?.])")
#: Abbreviations whose full stop may be followed by a comma or another mark.
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|vol|no|cf|al|ch|pp?|ed|eds|approx)\.$", re.IGNORECASE)
_FOUR_DIGITS = re.compile(r"(?<![\d.,/\-–:])\b(\d{4,})\b(?![\d,]\d|\.\d|[-–/:]\d)")
_ONE_DIGIT = re.compile(r"(?<![\d.,/\-–:±+−])\b(\d)\b(?!\.\d|,\d|[:/]\d|\s*%|\s*[-–]\s*\d)")
_DATE_AFTER = re.compile(rf"^(?:\s*(?:[-–]|to|and)\s*\d{{1,2}})?\s+(?:{_MONTH})\b")
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTH})\s*(?:\d{{1,2}}\s*(?:[-–]|to|and)\s*)?$")
#: Nouns of what is counted: a four-digit number followed by one is a count, not a year.
_COUNTED = re.compile(r"\s+(?:troops|soldiers|people|personnel|men|servicemen|officers|monitors|engineers|de-miners|vehicles|"
                      r"rows|sources|deaths|dead|refugees|arrivals|km|kilometres|tanks|weeks|days|worlds|samples)\b")


@dataclass(frozen=True)
class Seam:
    """One seam: the page, what kind, and the text around it."""

    page: str
    kind: str
    context: str

    def __str__(self) -> str:
        return f'{self.page}: {self.kind}: "{self.context}"'


def page_prose(html: str) -> list[str]:
    """The running text of a built page: one string per paragraph of its article.

    >>> page_prose('<main><article><p>One <code>x x</code> two, <span class="math">t</span>.</p><pre>1960 troops</pre><table><tr><td>1960</td></tr></table>'
    ...            '<ul><li><p>A list item.</p></li><li>Bare item</li></ul></article></main><footer><p>Not this.</p></footer>')
    ['One x two, x.', 'A list item.', 'Bare item']
    """
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("main article") or soup.select_one("main") or soup.body or soup
    for element in article.select(", ".join(NOT_PROSE)):
        element.decompose()
    for element in article.select("math, .math, code, kbd"):
        element.replace_with("x")  # an equation or a name in code is a term of its sentence ("its day, x, as a parameter")
    texts = []
    for element in article.find_all(PROSE):
        if element.name == "li" and element.find(PROSE):
            continue  # its paragraphs are read on their own
        if element.find_parent(PROSE) is not None and element.find_parent(PROSE).name != "li":
            continue
        text = re.sub(r"\s+", " ", element.get_text(" ")).strip()
        text = re.sub(r" ([,.;:!?)])", r"\1", text).replace("( ", "(")  # the spaces get_text puts around inline markup
        if text:
            texts.append(text)
    return texts


def _around(text: str, start: int, end: int, width: int = 30) -> str:
    return text[max(0, start - width):end + width].strip()


def _numbered(before: str) -> bool:
    """Whether the word before a number makes it the number of a numbered thing ("Article 5", "seed 20201110")."""
    word = re.search(r"([A-Za-z]+)\.?\s*$", before)
    return bool(word) and word[1].lower() in NUMBERED


def _is_not_a_count(text: str, match: re.Match) -> bool:
    """A number of four or more digits is no count when it is a year (1800 to 2099, unless a count's noun follows: "1960 troops") or the number of a numbered thing."""
    if _numbered(text[:match.start()]):
        return True  # not a count, whatever it is
    if len(match[1]) != 4 or not 1800 <= int(match[1]) <= 2099:
        return False
    return _COUNTED.match(text, match.end()) is None or _DATE_BEFORE.search(text[:match.start()]) is not None


def _is_count_digit(text: str, match: re.Match) -> bool:
    """A single digit is a count when a counted thing follows it ("5 people", "4 of them"), and it is
    not part of a date or the number of a numbered thing ("Article 5"). A digit followed by
    punctuation or by a word of values ("1 if it happened", "0 to 1", "2 times", "3 per cent") is a
    value on a scale, not a count."""
    before, after = text[:match.start()], text[match.end():]
    if _DATE_AFTER.match(after) or _DATE_BEFORE.search(before):
        return False
    if _numbered(before):
        return False
    following = re.match(r"\s+([A-Za-z][\w’'-]*)", after)
    return following is not None and following[1].lower() not in VALUE_WORDS


def seams(page: str, texts: list[str]) -> list[Seam]:
    """Every seam in `texts`, the running text of `page`.

    >>> [s.kind for s in seams("p", ["The the report.", "On 0 of these places.", "Russia sent 1960 troops in 2020.",
    ...                              "It killed 5 people on 5 November 2023 (Article 5).", "Sources:: many.,"])]
    ['repeated word', '"0 of"', 'four-digit count without a separator', 'digit for a count under ten', 'doubled punctuation', 'doubled punctuation']
    >>> seams("p", ["In 2020, 1,960 troops and four monitors; 0.5 of a unit; grade B2; 20 September 2023; e.g., a list."])
    []
    """
    found = []
    for text in texts:
        for match in _REPEATED.finditer(text):
            if not match[1].isdigit():
                found.append(Seam(page, "repeated word", _around(text, match.start(), match.end())))
        for match in _ZERO_OF.finditer(text):
            found.append(Seam(page, '"0 of"', _around(text, match.start(), match.end())))
        for match in _FOUR_DIGITS.finditer(text):
            if not _is_not_a_count(text, match):
                found.append(Seam(page, "four-digit count without a separator", _around(text, match.start(), match.end())))
        for match in _ONE_DIGIT.finditer(text):
            if _is_count_digit(text, match) and not _ZERO_OF.match(text, match.start()):
                found.append(Seam(page, "digit for a count under ten", _around(text, match.start(), match.end())))
        for match in _DOUBLED.finditer(text):
            ellipsis = match[0] == ".." and "..." in text[match.start() - 1:match.end() + 1]
            if not ellipsis and not _ABBREVIATION.search(text[:match.start() + 1]):
                found.append(Seam(page, "doubled punctuation", _around(text, match.start(), match.end())))
    return found


def site_seams(root: Path) -> list[Seam]:
    """Every seam of every page of the built site at `root` (not Sphinx's own folders, not the search or index pages)."""
    found = []
    for path in sorted(root.rglob("*.html")):
        name = path.relative_to(root).as_posix()
        if name.startswith("_") or name in ("search.html", "genindex.html"):
            continue
        found += seams(name, page_prose(path.read_text(encoding="utf-8")))
    return found


def main(root: str = "_build/html") -> int:
    found = site_seams(Path(root))
    print("\n".join(map(str, found)) or "no seams")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
