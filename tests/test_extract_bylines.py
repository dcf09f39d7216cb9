"""Bylines: agency names stay whole, user names are not bylines, lists of names split right.

The pages are the demo partners' own (RFE/RL's sample story, Global Voices' 2012 stories
in the partner template), so the faults seen in the demo are checked where they arose.
"""

import re
from datetime import UTC, datetime

import pytest
from lxml import html as lxml_html
from trafilatura.metadata import extract_author
from trafilatura.xpaths import AUTHOR_XPATHS

from wiredesk.articles.models import Article
from wiredesk.demo.partner_site import RFERL_URL, gv_2012, gv_item, key, resources, rferl_page
from wiredesk.extract import ExtractedArticle, extract_page
from wiredesk.extract.authorsearch import has_author_marks, search_author
from wiredesk.extract.names import feed_authors, split_names
from wiredesk.ingest.feeds import EntryData, parse_feed
from wiredesk.ingest.store import fill_article
from wiredesk.sources.models import Feed


@pytest.mark.parametrize(
    ("byline", "people", "agencies"),
    [
        ("By RFE/RL", [], ["RFE/RL"]),
        ("By AFP", [], ["AFP"]),
        ("AP", [], ["AP"]),
        ("dpa", [], ["dpa"]),
        ("By EFE", [], ["EFE"]),
        ("ANSA", [], ["ANSA"]),
        ("Kyodo", [], ["Kyodo"]),
        ("Reuters", [], ["Reuters"]),
        ("By Maria Garcia / EFE", ["Maria Garcia"], ["EFE"]),
        ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"], []),
        ("By Jane Doe, John Smith and Ann Lee", ["Jane Doe", "John Smith", "Ann Lee"], []),
        ("Jane Doe, John Smith, and Ann Lee", ["Jane Doe", "John Smith", "Ann Lee"], []),
        ("rezwan", [], []),
    ],
)
def test_names_split_at_separators_and_agencies_stay_whole(byline, people, agencies):
    assert split_names([byline]) == (people, agencies)


def test_rferl_story_credits_the_agency_whole_and_names_no_person():
    story = extract_page(rferl_page(), RFERL_URL)
    assert story.authors == []
    assert "RFE/RL" in story.credits
    assert "RFE" not in story.credits and "RL" not in story.credits


def test_feed_user_names_are_not_bylines_and_display_names_are():
    assert feed_authors(["rezwan"]) == []
    assert feed_authors(["salah.almhamdi"]) == []
    assert feed_authors(["mong"]) == []
    assert feed_authors(["ndesanjo macha"]) == ["Ndesanjo Macha"]
    assert feed_authors(["Janine Mendes-Franco"]) == ["Janine Mendes-Franco"]


@pytest.mark.parametrize("handle", ["Violeta_Camarasa", "@janedoe", "Atlatszo.hu", "Origo.hu"])
def test_account_and_site_names_are_no_people(handle):
    # a capitalised handle passes the lower-case account test; its shape still tells
    assert feed_authors([handle]) == []
    assert split_names([f"By {handle}"])[0] == []
    assert split_names(["By Jane Doe"])[0] == ["Jane Doe"]


def _story_by(author: str) -> dict:
    return next(a for a in gv_2012() if a["authors"] == [author])


@pytest.mark.parametrize("user", ["rezwan", "mong"])
def test_global_voices_page_with_a_user_name_gives_no_byline(user):
    story = _story_by(user)
    page = extract_page(resources()[key(story["url"])].content, story["url"])
    assert page.authors == []
    feed = parse_feed(
        b'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>GV'
        b"</title>" + gv_item(story).encode() + b"</channel></rss>"
    )
    assert feed.entries[0].authors == [user]  # the feed gives the account ...
    assert feed_authors(feed.entries[0].authors) == []  # ... which is no byline


@pytest.mark.django_db
def test_stored_article_takes_no_user_name_from_the_feed(agency):
    feed = Feed.objects.create(source=agency, url="http://gv.test/feed/")
    entry = EntryData(guid="gv-1", link="http://gv.test/1", title="A story", authors=["rezwan"])
    page = ExtractedArticle(url=entry.link, body="Some text of the story.")
    article = Article(source=agency, feed=feed, guid=entry.guid, url=entry.link)
    article.republished_at = datetime(2026, 1, 1, tzinfo=UTC)
    fill_article(article, entry, page)
    assert article.authors == []
    entry.authors = ["Onnik Krikorian"]
    fill_article(article, entry, page)
    assert article.authors == ["Onnik Krikorian"]


def test_a_declared_author_the_page_does_not_show_is_the_last_resort():
    story = "<p>" + "The council met on Monday and approved the plan for the bridge. " * 6 + "</p>"
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bridge",'
    declared = head + ' "author": {"@type": "Person", "name": "Esther Magna"}}</script>'
    body = f"<body><article><h1>Bridge</h1>{story}</article></body>"
    page = f"<html><head>{declared}</head>{body}</html>"
    assert extract_page(page, "http://news.example/a").authors == ["Esther Magna"]
    shown = page.replace("<h1>Bridge</h1>", '<h1>Bridge</h1><p class="byline">By Ann Lee</p>')
    assert extract_page(shown, "http://news.example/a").authors == ["Ann Lee"]


_XPATH_CONDITION = re.compile(
    r"(?:@(?P<eq>[\w-]+)\s*=\s*|contains\(@(?P<has>[\w-]+),\s*|re:test\(@(?P<re>[\w-]+),\s*)"
    r"'(?P<value>[^']*)'"
)


def _author_conditions() -> list[tuple[str, str]]:
    """(attribute, value) for every value trafilatura's author XPaths look for, regular
    expressions spelled out ("[Aa]uthor" as "Author" and "author", "author-?name" both ways)."""
    conditions = []
    for xpath in AUTHOR_XPATHS:
        for match in _XPATH_CONDITION.finditer(xpath.path):
            attribute = match["eq"] or match["has"] or match["re"]
            for alternative in match["value"].split("|") if match["re"] else [match["value"]]:
                for spelled in _spellings(alternative):
                    conditions.append((attribute, spelled))
    return conditions


def _spellings(pattern: str) -> list[str]:
    if match := re.search(r"\[(\w)(\w)\]", pattern):
        head, tail = pattern[: match.start()], pattern[match.end() :]
        return [s for c in match.groups() for s in _spellings(head + c + tail)]
    if "-?" in pattern:
        return [
            *_spellings(pattern.replace("-?", "-", 1)),
            *_spellings(pattern.replace("-?", "", 1)),
        ]
    return [pattern]


def test_the_author_marks_cover_every_value_of_trafilaturas_author_search():
    # Every quoted value of its XPaths is one of the conditions read here, but rel='me' (a
    # child element named rel, which the marks cover by //rel)
    quoted = {v for x in AUTHOR_XPATHS for v in re.findall(r"'([^']*)'", x.path)}
    read = {m["value"] for x in AUTHOR_XPATHS for m in _XPATH_CONDITION.finditer(x.path)}
    assert quoted - read == {"me"}
    conditions = _author_conditions()
    assert len(conditions) > 20
    for attribute, value in conditions:
        page = f'<html><body><p>Story.</p><span {attribute}="{value}">Jane Doe</span></body></html>'
        tree = lxml_html.fromstring(page)
        assert extract_author(tree) == "Jane Doe", (attribute, value)  # the search takes it
        assert has_author_marks(tree), (attribute, value)  # and the marks let it search
        assert search_author(tree) == "Jane Doe", (attribute, value)  # and the walk finds it


def test_a_page_without_author_marks_skips_the_search():
    tree = lxml_html.fromstring(
        '<html><body><div class="meta"><span class="name">Jane Doe</span></div></body></html>'
    )
    assert not has_author_marks(tree)
    assert extract_author(tree) is None
    assert search_author(tree) is None
