"""Shortcuts taken for speed give what the slower paths they replace give."""

import re

import pytest
from htmldate import core, extractors
from htmldate.utils import Extractor
from htmldate.validators import get_max_date, get_min_date
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html
from trafilatura.metadata import extract_author
from trafilatura.settings import Extractor as TrafilaturaOptions
from trafilatura.utils import INVALID_XML_CHARS, repair_faulty_html

from wiredesk.extract import authorsearch, blocks, mend
from wiredesk.extract.authorsearch import AUTHOR_MARKS, has_author_marks, search_author
from wiredesk.extract.dates import gap, guess, longtext
from wiredesk.extract.dates.guess import _calls, _one_pass, guess_date
from wiredesk.extract.dates.published import _MARKED_XPATH
from wiredesk.extract.page import _OPTIONS
from wiredesk.extract.parse import _checked_text, _repair_markup, parse_page

# What trafilatura's author search could take, as one XPath: the oracle for `has_author_marks`.
_AUTHOR_MARKS_XPATH = etree.XPath(
    "boolean((//@class | //@id | //@rel | //@itemprop | //@data-testid | //@data-component)["
    + " or ".join(f"contains(., '{mark}')" for mark in AUTHOR_MARKS)
    + "] | //author | //rel)"
)

PIECES = st.sampled_from(
    [
        "<!DOCTYPE html>",
        "<!doctype html PUBLIC '-//W3C//DTD XHTML 1.0//EN' 'x/y.dtd'/>",
        "<html lang='en'/>",
        "<html>",
        "<p>Text</p>",
        "\n",
        "\t",
        "\r",
        "\x00",
        "\x0b",
        "\x1f",
        "\ufffe",
        "\uffff",
        "\ud800",
        "é ü 中文",
        "\U0001f600",
    ]
)


@given(st.lists(PIECES, max_size=12).map("".join))
def test_repair_without_the_character_scan_is_trafilaturas(text: str) -> None:
    checked, clean = _checked_text(text)
    beginning = checked[:50].lower()
    if clean:
        assert _repair_markup(checked, beginning) == repair_faulty_html(checked, beginning)
    else:  # the full repair runs: only where it deletes something, or on a lone surrogate
        assert INVALID_XML_CHARS.search(checked) or "\ud800" in text


def test_clean_text_is_told_from_text_with_invalid_characters() -> None:
    assert _checked_text("<p>é</p>\n\t\r") == ("<p>é</p>\n\t\r", True)
    assert _checked_text("<p>a\x0cb</p>")[1] is False
    assert _checked_text("<p>a\uffffb</p>")[1] is False
    assert _checked_text("<p>a\ud800b</p>") == ("<p>a?b</p>", False)


def _page(head: str = "", body: str = "") -> str:
    story = "<p>" + "The council met and approved the plan for the new bridge. " * 5 + "</p>"
    return f"<html><head><title>Bridge plan</title>{head}</head><body>{story}{body}</body></html>"


GUESS_PAGES = [
    ("https://example.org/2021/03/04/bridge", _page()),  # the address
    ("", _page('<meta name="date" content="2020-05-06">')),  # a meta tag
    ("", _page(body='<div class="post-date">Posted 12/05/2019</div>')),  # a date element
    ("", _page(body="<p>Filed 2018-07-09 by the desk</p>")),  # the fast mode's last step
    ("", _page(body="<p>Filed 2018-07-09 by the desk</p><script>x='2016-01-02'</script>")),
    (  # a date only in a script, which the fast mode's last step strips
        "",
        _page(body="<section class=date><script>d('3 March 2015')</script></section>© 2019"),
    ),
    ("", _page(body="<span>Published on 3 March 2021 in the evening</span>")),  # free text
    ("", _page(body="<footer>© 2019 The Paper</footer>")),  # the whole markup (copyright)
    ("", _page(body='<a href="/archive/2017/11">November archive</a>')),  # year and month
    ("", _page()),  # nothing
]


@pytest.mark.parametrize(("url", "page"), GUESS_PAGES)
def test_one_htmldate_pass_answers_as_the_two_calls(url: str, page: str) -> None:
    tree = parse_page(page, url)
    assert _one_pass(tree, url or None) == _calls(tree, url or None, (False, True))
    assert guess_date(tree, url or None, extensive=False) == _calls(tree, url or None, (False,))


PAGE_PIECES = st.sampled_from(
    [*"0123-/.: a", "12", "31", "1999", "2019", "20", "\u0663", "w3.org", "©", "Copyright"]
)
PROBED = ["THREE_LOOSE", "SELECT_YMD", "DATESTRINGS", "SLASHES", "YYYYMM", "MMYYYY", "SIMPLE"]


WRITTEN_DATES = (
    "a 31.12.19 b 1/2/19 c 1999-12-31 d 2019/1/02 e 12/31/2019 f 3-12-2019 g 20191231 "
    "h 2019/12 i 12-2019 j 1999 k w3.org/1999/xhtml l 2019-12-312019-11-30 "
    "m 1.2.2020.3.4.2021 n 2019.12 o 19991231 p 01.1999 q 2019.12.31 "
)


@settings(max_examples=500)
@example(WRITTEN_DATES)
@example(WRITTEN_DATES.replace(" ", ""))
@given(st.lists(PAGE_PIECES, max_size=40).map("".join))
def test_probed_patterns_find_what_htmldates_find(text: str) -> None:
    for name in PROBED:
        probed = getattr(guess, name)
        assert probed.findall(text) == probed.pattern.findall(text), name


@example(WRITTEN_DATES, True)
@example("© 2018 " + WRITTEN_DATES, False)
@given(st.lists(PAGE_PIECES, max_size=60).map("".join), st.booleans())
def test_page_search_is_htmldates(text: str, original: bool) -> None:
    options = Extractor(
        True, get_max_date(None), get_min_date(guess.MIN_DATE), original, "%Y-%m-%d"
    )
    assert guess.search_page(text, options) == core.search_page(text, options)


SPACES = st.sampled_from(["", " ", "  ", "\n", "\t", "\xa0", "\u2003", "\u3000", "\u2028"])
WORDS = st.sampled_from(["", "a", "Bé", "<&>", '"q"', "x y"])
TEXTS = st.lists(st.one_of(SPACES, WORDS), max_size=4).map("".join)
CHILDREN = st.sampled_from(
    [
        ("ref", {"target": "https://example.org/a b?c=1&d=2"}),
        ("ref", {"target": "/relative"}),
        ("ref", {}),
        ("hi", {"rend": "#b"}),
        ("hi", {"rend": "#x"}),
        ("lb", {}),
        ("br", {}),
        ("code", {}),
        ("comment", {}),
    ]
)


@st.composite
def inline_trees(draw: st.DrawFn, depth: int = 0) -> etree._Element:
    el = etree.Element("p")
    el.text = draw(TEXTS) or None
    for tag, attrib in draw(st.lists(CHILDREN, max_size=4 if depth < 3 else 0)):
        if tag == "comment":
            child = etree.Comment(draw(TEXTS))
        else:
            child = draw(inline_trees(depth + 1)) if tag not in ("lb", "br") else None
            child = etree.Element(tag, attrib) if child is None else child
            child.tag = tag
            child.attrib.update(attrib)
        child.tail = draw(TEXTS) or None
        el.append(child)
    return el


@settings(max_examples=300)
@given(inline_trees())
def test_one_walk_over_a_block_reads_what_three_walks_read(el: etree._Element) -> None:
    text, inline, links = blocks._read(el)
    assert blocks.clean_space(text) == re.sub(r"\s+", " ", blocks.element_text(el)).strip()
    assert blocks.clean_space(inline) == blocks._inline_html(el).strip()
    old_links = [re.sub(r"\s+", " ", blocks.element_text(r)).strip() for r in el.iter("ref")]
    assert links == sum(map(len, old_links))


@given(st.text())
def test_space_cleaning_by_split_is_the_regular_expressions(text: str) -> None:
    assert blocks.clean_space(text) == re.sub(r"\s+", " ", text).strip()


def test_marked_publication_elements_are_the_ones_the_element_test_finds() -> None:
    tree = parse_page(
        "<html><body><div itemprop='datePublished' content='2020-01-02'>a</div>"
        "<span itemprop='datePublished author'>b</span><time pubdate datetime='2020-01-03'>c"
        "</time><p itemprop='datePublished'>2020-01-04</p></body></html>"
    )
    wanted = tree.xpath("//*[@itemprop='datePublished'] | //time[@pubdate]")
    assert _MARKED_XPATH(tree) == wanted
    assert [el.tag for el in wanted] == ["div", "time", "p"]


@pytest.mark.parametrize(
    "body",
    [
        "<p>No marks at all.</p>",
        "<div class='post-author'>Jane Doe</div>",
        "<span data-testid='byline'>Jane Doe</span>",
        "<a rel='author' href='/jane'>Jane Doe</a>",
        "<p itemprop='name'>Jane</p><author>Jane Doe</author>",
        "<rel>x</rel>",
        "<p id='writer-box'>Jane</p>",
        "<p data-author='Jane Doe'>Jane</p>",  # an attribute the search does not read
    ],
)
def test_author_marks_walk_answers_as_the_xpath(body: str) -> None:
    tree = parse_page(f"<html><body><p>Story text here.</p>{body}</body></html>")
    assert has_author_marks(tree) == bool(_AUTHOR_MARKS_XPATH(tree))


def test_author_marks_are_found_in_a_second_html_element() -> None:
    page = "<html><body><p>a</p></body></html><html><body><div class=author>x</div></body></html>"
    tree = parse_page(page)
    assert list(tree.getroottree().getroot().itersiblings())  # libxml2 keeps two roots
    assert has_author_marks(tree) and bool(_AUTHOR_MARKS_XPATH(tree))


MENTION_PIECES = st.sampled_from(
    [" ", "  ", "\n", ",", ".", "x", "3", "31", "12", "\u0663", "st", "th", "of", "2019"]
)
MONTH_PIECES = st.sampled_from(["March", "mar.", "Sept", "SEPTEMBER", "May", "dec", "maybe"])


@settings(max_examples=500)
@example("On 3 March 2019, 31st of Dec. and 12 sept 1999; 2 maybe 4 of may.")
@given(st.lists(st.one_of(MENTION_PIECES, MONTH_PIECES), max_size=30).map("".join))
def test_probed_day_first_mentions_are_the_patterns(text: str) -> None:
    probed = gap._MENTIONS[1]
    found = [(m.span(), m.groupdict()) for m in probed.finditer(text)]
    assert found == [(m.span(), m.groupdict()) for m in probed.pattern.finditer(text)]


FOLD_PIECES = st.sampled_from(["\u017fept", "\u0130", "\u0131", "AuGust", "JAN", "Febr", "é"])


@settings(max_examples=500)
@example("On March 3, 2019, Dec. 31st and sept 12 1999; maybe 4, may 5.")
@example("\u0130 Mar 3 and June 4")  # a character that lower case makes two
@example("Mar 3 and \u017fept 4")  # a character IGNORECASE reads as "s"
@given(st.lists(st.one_of(MENTION_PIECES, MONTH_PIECES, FOLD_PIECES), max_size=30).map("".join))
def test_probed_month_first_mentions_are_the_patterns(text: str) -> None:
    probed = gap._MENTIONS[0]
    found = [(m.span(), m.groupdict()) for m in probed.finditer(text)]
    assert found == [(m.span(), m.groupdict()) for m in probed.pattern.finditer(text)]


def test_a_paragraph_ends_at_its_first_block_child_past_comments() -> None:
    tree = lxml_html.fromstring("<html><body><div><p>a <span>b</span></p></div></body></html>")
    paragraph = tree.find(".//p")
    paragraph.append(etree.Comment("note"))
    paragraph.append(lxml_html.fromstring("<details>d</details>"))
    paragraph[-1].tail = " e"
    mend._end_paragraphs(tree)
    assert [c.tag for c in paragraph] == ["span", etree.Comment]
    assert paragraph.getnext().tag == "details" and paragraph.getnext().tail == " e"


OPENINGS = st.sampled_from(
    [
        "With reporting by",
        "( With reporting by",
        "[Additional reporting by",
        "Copyright © 2024 All rights reserved.",
        "Republished with permission of",
        "Sign up for our newsletter",
        "More Switzerland News",
        "Photo: Getty Images /",
        "Updated March 5, 2024",
        "— — —",
        "The river council met",
    ]
)
FILLER = st.sampled_from(["Jane", "Doe,", "Reuters,", "AFP", "and", "dpa", "—", ")", "]", "river"])


@settings(max_examples=500)
@given(
    OPENINGS,
    st.lists(FILLER, min_size=20, max_size=48).map(" ".join),
    st.sampled_from(["p", "li", "h"]),
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=5),
)
def test_long_blocks_skip_only_rules_they_cannot_meet(
    opening: str, filler: str, kind: str, link_chars: int, index: int
) -> None:
    from wiredesk.extract import body

    text = f"{opening} {filler}"

    def classify(longest: int) -> tuple[str | None, body.StoryParts]:
        parts = body.StoryParts()
        saved, body.LONGEST_RULED_WORDS = body.LONGEST_RULED_WORDS, longest
        try:
            block = blocks.Block(kind, text, text, link_chars)
            return body._classify(block, index, "the river council", parts), parts
        finally:
            body.LONGEST_RULED_WORDS = saved

    fast, fast_parts = classify(body.LONGEST_RULED_WORDS)
    slow, slow_parts = classify(10**9)  # every rule tried
    assert fast == slow
    assert fast_parts == slow_parts


# trafilatura's author search against `search_author`: elements it takes, elements it deletes
# from its copy first (with their tails), both nested in each other.
AUTHOR_ATTRIBUTES = st.sampled_from(
    [
        {},
        {"class": "author"},
        {"class": "byline"},
        {"class": "post-Author-name"},
        {"class": "writer"},
        {"class": "byl"},
        {"id": "author"},
        {"id": "Authors"},
        {"rel": "author"},
        {"itemprop": "author name"},
        {"itemprop": "author"},
        {"data-testid": "AuthorCard"},
        {"data-component": "Byline"},
        {"class": "comments"},
        {"class": "Comments byline"},
        {"class": "title"},
        {"class": "meta-date author"},
        {"class": "quote"},
        {"id": "comments-1"},
        {"id": "comment-list"},
        {"data-component": "Figure"},
    ]
)
AUTHOR_TAGS = st.sampled_from(
    ["div", "span", "p", "a", "section", "h3", "strong", "b", "time", "figure", "author", "rel"]
)
AUTHOR_TEXTS = st.sampled_from(["", " ", "By", "Jane Doe", "Jo", "me", "and Ann Lee ", "x" * 70])


@st.composite
def author_trees(draw: st.DrawFn, depth: int = 0) -> etree._Element:
    el = etree.Element(draw(AUTHOR_TAGS), draw(AUTHOR_ATTRIBUTES))
    el.text = draw(AUTHOR_TEXTS) or None
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
        child = draw(author_trees(depth + 1))
        child.tail = draw(AUTHOR_TEXTS) or None
        el.append(child)
    return el


@settings(max_examples=400)
@given(st.lists(author_trees(), min_size=1, max_size=3))
def test_the_author_walk_answers_as_trafilaturas_search(parts: list[etree._Element]) -> None:
    markup = "".join(etree.tostring(p, encoding="unicode") for p in parts)
    for tree in (
        lxml_html.fromstring(f"<html><body><p>Story.</p>{markup}</body></html>"),
        lxml_html.fromstring(f"<div class='comments'>{markup}</div>"),  # the root stays
    ):
        assert search_author(tree) == extract_author(tree)


@pytest.mark.parametrize(
    "body",
    [
        "<div class=author>By <time>Monday</time>Jane <span class=date>x</span>Doe</div>",
        "<div class=comments><span class=author>Ann Lee</span></div><p class=byline>Jo Ko</p>",
        "<figure><span class=author>Ann Lee</span></figure><span class=writer>Jo Ko</span>",
        "<p>a<rel>m<time>x</time>e</rel>Jane Doe</p>",
        "<span class=author>Jo</span><h3 id=author-box>Jane Doe</h3>",
    ],
)
def test_the_author_walk_copies_no_page(body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = lxml_html.fromstring(f"<html><body><p>Story.</p>{body}</body></html>")
    copied: list[etree._Element] = []
    real = authorsearch.deepcopy
    monkeypatch.setattr(authorsearch, "deepcopy", lambda el: copied.append(el) or real(el))
    assert search_author(tree) == extract_author(tree)
    assert tree not in copied and tree.find("body") not in copied  # a byline alone at most


LONG_DATE_PIECES = st.sampled_from(
    [
        *(" ", "  ", ",", ".", "\n", "\xa0", " of ", "x", "é", "7", "-", "3", "31", "03"),
        *("3rd", "21st", "2019", "1999", "2031", "2040", "20192", "March", "mar", "Mai"),
        *("SmithMarch", "Marchx", "décembre", "Aralık", "Sept", "OF", "TH"),
    ]
)


@settings(max_examples=1000)
@example("In 2019 March 2020, on May 3rd, 2021 and 31 of Smithmarch 1999", 0)
@example("x" * 30 + " 3 2020 Mai 31, 2031 45 March 2019", 3)
@example("On 21st of March, 2019", 0)  # the farthest day before a month
@example("Dr SmithMarch 31st, 2019", 0)  # the farthest month word before a year
@given(st.lists(LONG_DATE_PIECES, max_size=40).map("".join), st.integers(0, 20))
def test_written_dates_are_found_through_the_years(text: str, pos: int) -> None:
    def found(match: re.Match[str] | None) -> tuple | None:
        return None if match is None else (match.span(), match.groupdict())

    want = extractors.LONG_TEXT_PATTERN.search(text, pos)
    assert found(longtext._search(text, pos)) == found(want)
    assert longtext.regex_parse(text) == extractors.regex_parse(text)


@pytest.mark.parametrize("fast", [True, False])
def test_trafilatura_settings_made_once_are_the_ones_its_arguments_make(fast: bool) -> None:
    made = TrafilaturaOptions(
        output_format="xml",
        fast=fast,
        precision=False,
        recall=False,
        comments=False,
        formatting=True,
        links=True,
        images=False,
        tables=True,
        dedup=False,
        lang=None,
        url=None,
        with_metadata=False,
        only_with_metadata=False,
        author_blacklist=None,
        url_blacklist=None,
        date_params=None,
    )  # what `bare_extraction` builds from the keywords `trafilatura_blocks` passed
    # `date_params` holds the day they were made (the latest date trafilatura accepts), read
    # only when it extracts metadata, which these settings never ask: a process running for
    # days may keep its first day there
    assert not _OPTIONS[fast].with_metadata
    same = [k for k in TrafilaturaOptions.__slots__ if k != "date_params"]
    assert all(getattr(made, k) == getattr(_OPTIONS[fast], k) for k in same)
