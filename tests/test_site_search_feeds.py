"""Search (highlighting, paging, escaping), feeds out, sitemaps and robots.txt."""

import json
import re
from html import unescape
from xml.etree import ElementTree

import feedparser
import pytest
from django.db import connection

from test_site_factory import article
from wiredesk.site import cache
from wiredesk.site.search import reindex_all, search

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_site_cache")]


def test_search_highlights_and_pages(client, swiss, agency, configure):
    configure(page_size=2)
    for i in range(5):
        article(agency, swiss, f"Referendum result {i}", f"The referendum on item {i} passed.")
    article(agency, swiss, "Unrelated", "Nothing to see.")
    html = client.get("/switzerland/search/?q=referendum").content.decode()
    assert "5 results for “referendum”" in html
    assert "<mark>Referendum</mark> result" in html
    assert "The <mark>referendum</mark> on item" in html
    assert 'value="referendum"' in html  # the box keeps the query
    assert 'rel="next" href="?q=referendum&amp;page=2"' in html
    last = client.get("/switzerland/search/?q=referendum&page=3").content.decode()
    assert last.count('class="teaser hit"') == 1 and 'rel="prev"' in last
    second = client.get("/switzerland/search/?q=referendum&page=2").content.decode()
    assert 'rel="prev" href="?q=referendum"' in second
    assert client.get("/switzerland/search/?q=referendum&page=4").status_code == 404
    assert "0 results" in client.get("/switzerland/search/?q=zzzz").content.decode()


def test_search_escapes_partner_text_and_odd_queries(client, swiss, agency):
    article(agency, swiss, "Tags <b>bold</b>", "A <script>alert(1)</script> payload here.")
    html = client.get("/switzerland/search/?q=payload").content.decode()
    assert "<script>alert" not in html
    assert "<mark>payload</mark>" in html
    if connection.vendor == "sqlite":  # PostgreSQL's ts_headline drops tags from the text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>payload</mark>" in html
    for odd in ['"', "AND OR NOT", "*", "a:b", "NEAR(", "^", ")"]:
        assert client.get("/switzerland/search/", {"q": odd}).status_code == 200


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL's 'simple' configuration keeps accents"
)
def test_search_ignores_accents(swiss, agency):
    a = article(agency, swiss, "Référendum à Genève", "Vote in São Paulo.")
    assert [
        h.article_id for h in search(swiss, "referendum geneve", a.republished_at, 0, 5).hits
    ] == [a.pk]
    assert search(swiss, "SAO paulo", a.republished_at, 0, 5).total == 1


def test_search_needs_every_word_and_ranks_headlines(swiss, agency):
    body_only = article(agency, swiss, "Weather", "A storm hit Basel harbour today.")
    in_headline = article(agency, swiss, "Storm in Basel", "Wind and rain in the city.")
    article(agency, swiss, "Storm elsewhere", "A storm hit Zurich.")
    found = search(swiss, "storm basel", body_only.republished_at, 0, 10)
    assert [h.article_id for h in found.hits] == [in_headline.pk, body_only.pk]


def test_reindex_rebuilds_the_index(swiss, agency):
    a = article(agency, swiss, "Rebuilt entry", categories=["Science"])
    assert reindex_all() >= 1
    assert search(swiss, "rebuilt", a.republished_at, 0, 5).total == 1
    assert a.site_topics.get().slug == "science"


def test_feeds_per_edition_and_section(client, swiss, agency):
    a = article(
        agency, swiss, "Feed story", "Lead paragraph.", categories=["Economy"], authors=["Jo"]
    )
    article(agency, swiss, "Other story", hours_ago=3)
    rss = feedparser.parse(client.get("/switzerland/feed/rss/").content)
    assert rss.version == "rss20" and rss.feed.title == "Switzerland News"
    first = rss.entries[0]
    assert first.title == "Feed story" and first.link.endswith(f"/switzerland/a/{a.pk}/feed-story/")
    assert "Lead paragraph." in first.summary and "By Jo for Agency" in first.summary
    assert [t.term for t in first.tags] == ["Economy"]
    atom = feedparser.parse(client.get("/switzerland/feed/atom/").content)
    assert atom.version == "atom10" and len(atom.entries) == 2
    response = client.get("/switzerland/feed/json/")
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["items"][0]["title"] == "Feed story" and data["items"][0]["tags"] == ["Economy"]
    assert data["items"][0]["external_url"] == a.url
    section = feedparser.parse(client.get("/switzerland/topic/economy/feed/atom/").content)
    assert [e.title for e in section.entries] == ["Feed story"]
    country = json.loads(client.get("/switzerland/country/ch/feed/json/").content)
    assert len(country["items"]) == 2
    assert client.get("/switzerland/feed/xml/").status_code == 404
    assert client.get("/switzerland/topic/none/feed/rss/").status_code == 404
    front = client.get("/switzerland/").content.decode()
    assert 'type="application/feed+json"' in front and 'type="application/atom+xml"' in front


def test_sitemaps_news_sitemap_and_robots(client, swiss, agency):
    a = article(agency, swiss, "Mapped story")
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "n": "http://www.google.com/schemas/sitemap-news/0.9",
    }
    index = ElementTree.fromstring(client.get("/switzerland/sitemap.xml").content)
    locations = [e.text for e in index.findall("s:sitemap/s:loc", ns)]
    assert "http://testserver/switzerland/sitemap-articles.xml" in locations
    urls = ElementTree.fromstring(client.get("/switzerland/sitemap-articles.xml").content)
    assert [e.text for e in urls.findall("s:url/s:loc", ns)] == [
        f"http://testserver/switzerland/a/{a.pk}/mapped-story/"
    ]
    # The news sitemap lists what we republished in the last two days.
    a.republished_at = a.republished_at.now(a.republished_at.tzinfo)
    a.save()
    cache.clear()
    news = ElementTree.fromstring(client.get("/switzerland/news-sitemap.xml").content)
    assert news.find("s:url/n:news/n:title", ns).text == "Mapped story"
    assert news.find("s:url/n:news/n:publication/n:name", ns).text == "Switzerland News"
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /*/search/" in robots
    assert "Sitemap: http://testserver/switzerland/sitemap.xml" in robots
    assert "Sitemap: http://testserver/switzerland/news-sitemap.xml" in robots


def test_every_page_has_the_search_box(client, swiss, agency):
    a = article(agency, swiss, "Boxed", categories=["Arts"])
    for url in [
        "/",
        "/switzerland/",
        "/switzerland/more/",
        f"/switzerland/a/{a.pk}/boxed/",
        "/switzerland/topic/arts/",
        "/switzerland/country/ch/",
        "/switzerland/archive/",
        "/switzerland/archive/2024/5/",
        "/switzerland/search/?q=boxed",
    ]:
        html = unescape(client.get(url).content.decode())
        assert re.search(r'<form class="search" role="search" method="get"', html), url
        assert 'name="q"' in html, url


def test_reindex_command(swiss, agency):
    from django.core.management import call_command

    a = article(agency, swiss, "Bulk loaded")
    type(a).objects.filter(pk=a.pk).update(headline="Renamed in bulk")
    call_command("site_reindex")
    assert search(swiss, "renamed", a.republished_at, 0, 5).total == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL ranks every match")
def test_very_common_words_list_newest_first(swiss, agency, monkeypatch):
    from wiredesk.site.search import sqlite

    monkeypatch.setattr(sqlite, "RANK_LIMIT", 2)
    old = article(agency, swiss, "Common word, common word, common", hours_ago=5)
    new = article(agency, swiss, "Common once", hours_ago=1)
    mid = article(agency, swiss, "Common again", hours_ago=3)
    newest = [new.pk, mid.pk, old.pk]
    found = search(swiss, "common", new.republished_at, 0, 5, newest_first=newest)
    assert found.by_date and [h.article_id for h in found.hits] == newest
    ranked = search(swiss, "common", new.republished_at, 0, 5)
    assert not ranked.by_date and ranked.hits[0].article_id == old.pk


def test_reindex_command_keeps_see_also_after_a_bulk_load(swiss, agency):
    from django.core.management import call_command

    from wiredesk.site.models import SeeAlso

    a = article(agency, swiss, "Flood in Ticino", "Flooding in Ticino valleys.")
    b = article(agency, swiss, "Ticino flood waters recede", "Flood waters in Ticino recede.")
    SeeAlso.objects.all().delete()  # as after bulk_create, which sends no signals
    call_command("site_reindex", "--see-also")
    assert b.pk in SeeAlso.objects.get(article=a).ids
