"""The prose check (tools/prosecheck.py, rules in book/STYLE.md): each seam it is for is found, what is
not a seam passes, and the built book has none."""

from __future__ import annotations

import shutil

import pytest

from tools.prosecheck import page_prose, seams, site_seams

PAGE = """<html><body><nav><p>the the menu</p></nav><main><article>
<h1><span class="section-number">4. </span>Deployment timeline</h1>
<p>{text}</p>
<pre>x = 1960 troops</pre><table><tr><td>the the</td><td>0 of 5</td></tr></table>
<div class="cb-chart"><svg><text>5 people</text></svg></div>
<ul class="cb-sources"><li><p>Reuters, "5 killed in the the attack".</p></li></ul>
</article></main><footer><p>0 of these</p></footer></body></html>"""


def kinds(text: str) -> list[str]:
    return [seam.kind for seam in seams("page.html", page_prose(PAGE.format(text=text)))]


class TestSeams:
    def test_a_repeated_word_is_a_seam_whatever_its_case(self):
        assert kinds("The the report and the network network.") == ["repeated word", "repeated word"]

    def test_a_count_of_thousands_needs_its_separator_but_a_year_does_not(self):
        assert kinds("Russia sent 1960 troops.") == ["four-digit count without a separator"]
        assert kinds("In 2020, Russia sent 1,960 troops; the 2020 article; in 1974 and 1990s.") == []
        assert kinds("A run of 10000 worlds.") == ["four-digit count without a separator"]

    def test_a_digit_for_a_small_count_is_a_seam_but_a_date_a_value_or_a_number_is_not(self):
        assert kinds("Fire killed 5 people; at least 4 of them soldiers.") == ["digit for a count under ten"] * 2
        assert kinds("On 5 November 2023, Article 5, credibility 1 to 6, 1 if it happened, 0.5 of a unit, "
                     "about 3 per cent, grade B2, 7%.") == []

    def test_nothing_is_none_not_0_of(self):
        assert kinds("On 0 of these places forces stand.") == ['"0 of"']
        assert kinds("On none of these places; 10 of them.") == []

    def test_doubled_punctuation_is_a_seam_but_an_abbreviation_is_not(self):
        assert kinds("Its day,, and a list:: of them.,") == ["doubled punctuation"] * 3
        assert kinds("Tables, e.g., sources; etc., and so on...") == []

    def test_code_tables_charts_the_bibliography_and_the_navigation_are_not_read(self):
        """Every seam planted outside the article's prose is ignored; the chapter number is not a count."""
        assert kinds("Clean prose.") == []


@pytest.mark.slow
def test_the_built_book_has_no_seam_and_a_planted_the_the_fails_it(built_project, tmp_path):
    """Every page of the built book passes; the same site with "the the" planted in one paragraph does not."""
    site = built_project / "_build" / "html"
    found = site_seams(site)
    assert found == [], "\n".join(map(str, found))
    planted = tmp_path / "html"
    shutil.copytree(site, planted)
    page = planted / "intro.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("<p>In November 2020", "<p>In the the November 2020", 1), encoding="utf-8")
    assert [str(seam).split(":")[:2] for seam in site_seams(planted)] == [["intro.html", " repeated word"]]
