"""Headline, authors and dates read from small pages."""

from datetime import date

import pytest

from wiredesk.extract import extract_metadata
from wiredesk.extract.names import split_names

STORY = "<p>" + "The council met on Monday and approved the plan for the new bridge. " * 5 + "</p>"


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        (
            "<title>Bridge plan approved | The Daily Example</title>"
            '<meta property="og:site_name" content="The Daily Example">',
            "",
            "Bridge plan approved",
        ),
        (
            "<title>Bridge plan approved - Daily Example</title>",
            "<h1>Bridge plan approved</h1>",
            "Bridge plan approved",
        ),
        (
            '<meta property="og:title" content="Bridge plan approved">',
            "<h1>Local News | Bridge plan approved</h1>",
            "Bridge plan approved",
        ),
        (
            "<title>Example News</title>",
            "<h1>Example News</h1><h1>Bridge plan approved</h1>",
            "Bridge plan approved",
        ),
    ],
)
def test_headline(head: str, body: str, title: str) -> None:
    page = _page(head, body + STORY)
    assert extract_metadata(page, "https://www.examplenews.org/a").title == title


def test_masthead_h1_gives_way_to_an_h1_that_agrees_with_the_declared_title() -> None:
    head = (
        "<title>Bridge plan approved - by Jane Roe - Roe on Roads</title>"
        '<meta property="og:title" content="Bridge plan approved">'
    )
    body = "<h1>Roe on Roads</h1><h1>Bridge plan approved</h1>"
    page = _page(head, body + STORY)
    assert extract_metadata(page, "https://roe.example.com/p/bridge").title == (
        "Bridge plan approved"
    )


@pytest.mark.parametrize(
    "h1s",
    [
        # a responsive page's second copy of its headline
        "<h1>Bridge plan approved after long debate</h1>"
        "<article><h1>Bridge plan approved after long debate</h1></article>",
        # the article's headline beside a newsletter box's
        "<article><h1>Bridge plan approved after long debate</h1></article>"
        "<div><h1>Subscribe to the Daily Example newsletter</h1></div>",
    ],
)
def test_one_headline_shown_beats_a_search_variant(h1s: str) -> None:
    head = "<title>Council says yes to the bridge: what happens next</title>"
    page = _page(head, h1s + STORY)
    assert extract_metadata(page).title == "Bridge plan approved after long debate"


def test_date_run_into_the_h1_is_left_out_of_the_headline() -> None:
    head = '<meta property="og:title" content="Preparing a transition in the archive">'
    body = "<h1><span>Dec 18 2025</span> Preparing a transition in the archive</h1>"
    page = _page(head, body + STORY)
    assert extract_metadata(page).title == "Preparing a transition in the archive"


def test_host_word_starting_a_headline_does_not_make_it_the_site_name() -> None:
    head = "<title>Gardening in a Warming World | Cornell Garden-Based Learning</title>"
    page = _page(head, "<h1>Gardening in a Warming World</h1>" + STORY)
    url = "https://gardening.cals.cornell.edu/warming/"
    assert extract_metadata(page, url).title == "Gardening in a Warming World"


def test_declared_title_spelling_the_address_beats_a_lone_call_to_action_h1() -> None:
    head = '<meta property="og:title" content="How to Start an LLC in New York">'
    page = _page(head, "<h1>Form your New York LLC today</h1>" + STORY)
    url = "https://www.example.com/articles/how-to-start-an-llc-in-new-york"
    assert extract_metadata(page, url).title == "How to Start an LLC in New York"


@pytest.mark.parametrize(
    "url",
    [
        # the slug has both titles' words: the shown <h1> stays
        "https://www.example.com/articles/new-york-llc",
        # too short to tell
        "https://www.example.com/articles/about-us",
    ],
)
def test_lone_h1_stays_when_the_address_does_not_tell(url: str) -> None:
    head = '<meta property="og:title" content="How to Start an LLC in New York">'
    page = _page(head, "<h1>Form your New York LLC today</h1>" + STORY)
    assert extract_metadata(page, url).title == "Form your New York LLC today"


def test_h1_garbled_by_its_encoding_gives_way_to_the_declared_title() -> None:
    head = '<meta property="og:title" content="The Basics Of Event Planning: Beginner\'s Guide">'
    page = _page(head, "<h1>The Basics Of Event Planning? Beginner? Guide</h1>" + STORY)
    assert extract_metadata(page).title == "The Basics Of Event Planning: Beginner's Guide"


def test_h1_that_asks_a_question_is_not_garbled() -> None:
    head = '<meta property="og:title" content="Council says yes to the bridge">'
    page = _page(head, "<h1>Will the bridge plan pass this year?</h1>" + STORY)
    assert extract_metadata(page).title == "Will the bridge plan pass this year?"


def test_site_address_run_into_the_title_is_dropped() -> None:
    page = _page("<title>davidbau.com Vibe Coding</title>", "<h1>davidbau.com</h1>" + STORY)
    url = "https://davidbau.com/archives/2025/12/16/vibe_coding.html"
    assert extract_metadata(page, url).title == "Vibe Coding"


def test_authors_from_jsonld_reference_and_visible() -> None:
    head = (
        '<script type="application/ld+json">{"@graph": ['
        '{"@type": "NewsArticle", "author": {"@id": "#p1"}},'
        '{"@type": "Person", "@id": "#p1", "name": "Mara Lindqvist"}]}</script>'
    )
    page = _page(head, "<article><p>By Mara Lindqvist</p>" + STORY + "</article>")
    assert extract_metadata(page).authors == ["Mara Lindqvist"]


def test_declared_author_not_shown_is_ignored() -> None:
    page = _page(
        '<meta name="author" content="Ghost Writer">',
        '<article><p class="byline">By Jane Roe</p>' + STORY + "</article>",
    )
    assert extract_metadata(page).authors == ["Jane Roe"]


def test_byline_cleaning_and_agencies() -> None:
    page = _page(
        "",
        '<article><div class="byline">Posted on March 3, 2024 by Jane Roe and '
        "John Doe, Staff Writer | Reuters</div>" + STORY + "</article>",
    )
    found = extract_metadata(page)
    assert found.authors == ["Jane Roe", "John Doe"]
    assert found.credits == ["Reuters"]


def test_teasers_and_comments_are_not_bylines() -> None:
    body = (
        '<article><p class="byline">By <a rel="author" href="/a/1">Jane Roe</a></p>'
        + STORY
        + '<div class="comments"><span class="comment-author">Troll Person says</span></div>'
        '</article><aside><p>By <a rel="author" href="/a/2">Other Writer</a></p></aside>'
    )
    assert extract_metadata(_page("", body)).authors == ["Jane Roe"]


def test_dates_earliest_stamp_and_shown_day() -> None:
    head = (
        '<meta property="article:published_time" content="2020-02-25T02:25:54+00:00">'
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2020-02-25T07:00:00Z"}</script>'
    )
    body = '<article><p class="byline-date">February 24, 2020 | 9:25pm</p>' + STORY + "</article>"
    found = extract_metadata(_page(head, body))
    assert found.published is not None
    assert found.published.date() == date(2020, 2, 24)
    assert found.published.utcoffset() is not None


def test_masthead_date_is_not_the_article_date() -> None:
    head = '<meta property="article:published_time" content="2023-11-09T01:09:55Z">'
    body = (
        '<header><div class="date">Thursday, November 10, 2023</div></header>'
        "<article><time>November 8, 2023 at 6:09 p.m.</time>" + STORY + "</article>"
    )
    assert extract_metadata(_page(head, body)).published.date() == date(2023, 11, 8)


def test_declared_first_name_is_completed_from_the_page() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "author": "Todd"}</script>'
    body = "<article><p class='full-name'>Todd Bates</p>" + STORY + "</article>"
    assert extract_metadata(_page(head, body)).authors == ["Todd Bates"]


def test_date_line_beats_a_guess_when_nothing_is_declared() -> None:
    body = (
        '<header><div class="date">Tuesday, 14 Jan 2020</div></header>'
        "<h1>Bushfire brought under control after two months</h1>"
        "<p>13 Jan 2020, 22:11 GMT+10</p>" + STORY + "<article><h2>Other story</h2>"
        '<p class="date">2020-01-09</p></article>'
    )
    found = extract_metadata(_page("", body), "https://www.examplenews.org/news/263700449/a")
    assert found.published is not None
    assert found.published.date() == date(2020, 1, 13)


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Last updated 04 Jun 2020", date(2020, 6, 4)),  # the page leads with its new day
        ("Published 17 Jun 2019", date(2019, 6, 17)),  # it shows the first day: keep it
        # it leads with the new day but still writes the first one: not re-dated
        ("Last updated 04 Jun 2020</p><p>First published: June 17, 2019", date(2019, 6, 17)),
    ],
)
def test_page_redated_by_its_modification(line: str, day: date) -> None:
    head = (
        '<script type="application/ld+json">{"@type": "BlogPosting", '
        '"datePublished": "2019-06-17T00:00:00+00:00", '
        '"dateModified": "2020-06-04T16:41:46+00:00"}</script>'
    )
    body = f"<main><h1>Packaging apps with care</h1><p>{line}</p>{STORY}</main>"
    found = extract_metadata(_page(head, body))
    assert found.published is not None and found.published.date() == day


def test_author_from_the_written_by_twitter_label() -> None:
    head = (
        '<meta name="twitter:label1" content="Reading time">'
        '<meta name="twitter:data1" content="6 minutes">'
        '<meta name="twitter:label2" content="Written by">'
        '<meta name="twitter:data2" content="Nadia Okafor">'
    )
    assert extract_metadata(_page(head, STORY)).authors == ["Nadia Okafor"]


@pytest.mark.parametrize(
    "byline",
    [
        '<div class="meta"><span>By</span><span>Nadia Okafor</span></div>',
        "<div><small>WRITTEN BY</small><p><strong><a>Nadia Okafor</a></strong></p></div>",
        "<div><strong>Written by</strong><br><strong>Nadia Okafor</strong>, 4 years</div>",
    ],
)
def test_author_after_a_lone_by_label(byline: str) -> None:
    body = f"<article><h1>Court rules on the bridge</h1>{byline}{STORY}</article>"
    assert extract_metadata(_page("", body)).authors == ["Nadia Okafor"]


@pytest.mark.parametrize(
    ("page", "authors"),
    [
        # the article's own footer, which the byline searches skip
        (
            f"<article><h1>Preparing a transition</h1>{STORY}<footer><p>Posted by "
            '<a href="/blog/author/nadia-okafor.html">Nadia Okafor</a> on '
            "<time>2025-12-18</time></p></footer></article>",
            ["Nadia Okafor"],
        ),
        # markup that wraps the whole story in its <nav>
        (
            "<nav><div><article><h1>How to form a company</h1><div><span>by </span>"
            f"<p><a>Nadia Okafor</a></p></div>{STORY}</article></div></nav>",
            ["Nadia Okafor"],
        ),
        # an HTML comment between the label and the name
        (
            "<nav><article><h1>How to form a company</h1><div><span>Written by:</span>"
            f"<!-- avatar --><img src='a.jpg'><span>Nadia Okafor</span></div>{STORY}"
            "</article></nav>",
            ["Nadia Okafor"],
        ),
        # a comment's label, a first name alone, a label followed by prose: no one
        (
            f"<article><h1>Bridge</h1>{STORY}</article><div class='comments'><footer>"
            "<span>By</span> <b>Nadia Okafor</b></footer></div>",
            [],
        ),
        (f"<article><h1>Bridge</h1>{STORY}<footer>Posted by <a>Nadia</a></footer></article>", []),
        (f"<article><h1>Bridge</h1><footer><p>By</p></footer>{STORY}</article>", []),
    ],
)
def test_name_after_a_lone_label_anywhere_when_nothing_else_names_anyone(
    page: str, authors: list[str]
) -> None:
    assert extract_metadata(_page("", page)).authors == authors


@pytest.mark.parametrize(
    ("link", "authors"),
    [
        ('<a href="/blog/authors/nadia-okafor">Nadia Okafor</a>', ["Nadia Okafor"]),
        ('<a href="/blog/authors/">All our authors</a>', []),  # the address spells no name
    ],
)
def test_author_from_a_link_to_their_page(link: str, authors: list[str]) -> None:
    body = f"<article><h1>Court rules on the bridge</h1><div>{link}</div>{STORY}</article>"
    assert extract_metadata(_page("", body)).authors == authors


OWNER_HEAD = (
    '<meta property="og:site_name" content="Lakeside Clinic">'
    '<script type="application/ld+json">{"@type": "Article", "author": '
    '{"@type": "Person", "name": "Lakeside Clinic"}, '
    '"publisher": {"@type": "Organization", "name": "Lakeside Clinic"}}</script>'
)


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ('<p class="author">Nadia Okafor</p>', ["Nadia Okafor"]),
        ('<p class="author">Nadia Okafor Lakeside Clinic</p>', ["Nadia Okafor"]),
        ("", ["Lakeside Clinic"]),  # nobody else named: the declared name stands
        ('<p class="author">Lakeside ClinicDec 3, 2025</p>', ["Lakeside Clinic"]),
        ('<p class="author">Recipe by</p>', ["Lakeside Clinic"]),  # a label, not a name
        ('<p class="author">Recipe by Lakeside Clinic</p>', ["Lakeside Clinic"]),
    ],
)
def test_publisher_declared_as_author_gives_way_to_a_person(byline: str, authors: list[str]):
    body = f"<article><h1>Sleep and the heart</h1><p>Lakeside Clinic</p>{byline}{STORY}</article>"
    assert extract_metadata(_page(OWNER_HEAD, body)).authors == authors


def test_job_title_after_a_written_by_name_is_no_person() -> None:
    byline = "This post was written by Nadia Okafor, Head of Marketing and Community Development"
    assert split_names([byline]) == (["Nadia Okafor"], [])


def test_author_from_an_author_box_heading() -> None:
    body = (
        f"<article><h1>Money habits of the young</h1>{STORY}"
        "<h3>Written by Nadia Okafor</h3><p>Nadia writes about money.</p></article>"
    )
    assert extract_metadata(_page("", body)).authors == ["Nadia Okafor"]


def test_byline_after_a_date_and_a_middle_dot() -> None:
    byline = (
        '<div class="publish-date-author">Dec. 19, 2025 \u00b7 Nadia Okafor on behalf of '
        "<a>the Vision Group</a></div>"
    )
    body = f"<article><h1>What people love about it</h1>{byline}{STORY}</article>"
    assert extract_metadata(_page("", body)).authors == ["Nadia Okafor"]


def test_jsonld_headline_entities_are_decoded() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "BlogPosting", '
        '"headline": "Planning Tools &#8211; Caterer &amp; Venue Sheet"}</script>'
    )
    assert (
        extract_metadata(_page(head, STORY)).title == "Planning Tools \u2013 Caterer & Venue Sheet"
    )


def test_headline_starting_with_the_site_name_is_kept() -> None:
    """Every part naming the site by its first letters: the exact name alone is dropped."""
    head = "<title>Docker Hardened Images: Security Validated | Docker</title>"
    found = extract_metadata(_page(head, STORY), "https://www.docker.com/blog/hardened")
    assert found.title == "Docker Hardened Images: Security Validated"


def test_date_element_naming_its_update_shows_the_publication_day() -> None:
    head = '<meta property="og:article:published_time" content="2020-01-20T09:49:32+0000">'
    body = (
        "<h1>Small film wins the big award</h1>"
        '<div class="article-date">January 19, 2020 / 12:25 PM / Updated 8 hours ago</div>' + STORY
    )
    found = extract_metadata(_page(head, body))
    assert found.published is not None and found.published.date() == date(2020, 1, 19)


@pytest.mark.parametrize(
    ("byline", "people", "agencies"),
    [
        ("Genevieve Carlton, Ph.D.", ["Genevieve Carlton"], []),
        ("Jane Doe, M.D., FACP, and John Roe", ["Jane Doe", "John Roe"], []),
        ("Amy Roe, PhD, RD", ["Amy Roe"], []),
        ("John Smith, Jr.", ["John Smith"], []),
        ("Jane Doe, AFP", ["Jane Doe"], ["AFP"]),  # an agency after a name stays one
        ("FIFA", [], ["FIFA"]),  # initials alone are no post-nominal
    ],
)
def test_letters_after_a_name_are_neither_a_person_nor_an_agency(
    byline: str, people: list[str], agencies: list[str]
) -> None:
    assert split_names([byline]) == (people, agencies)


@pytest.mark.parametrize(
    ("raw", "people"),
    [
        (["Craig Hull", "Verified expert"], ["Craig Hull"]),
        (["on December", "Arlene Marturano"], ["Arlene Marturano"]),
        (["Text by Hunter Dukes"], ["Hunter Dukes"]),
        (["Recipe by PJ Hamel"], ["PJ Hamel"]),
        (["Words and photos by Ana de la Vega"], ["Ana de la Vega"]),
        (["Shelby Loos, DVM. Reviewed by Molly Price"], ["Shelby Loos"]),
        (["Revised Edition Edited by Adrian Parr"], []),
        (["Wp-Block-Co-Authors-Plus-Coauthors Is-Layout-Flow"], []),
        (
            ["Jean-Pierre van der Berg", "Karim bin Salman"],
            ["Jean-Pierre van der Berg", "Karim bin Salman"],
        ),
        (["Ask the Doctors"], ["Ask the Doctors"]),  # a lone byline: the sources' order judges
    ],
)
def test_a_byline_keeps_the_writers_names_only(raw, people):
    assert split_names(raw)[0] == people
