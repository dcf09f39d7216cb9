"""Bad partners: each failure is recorded for its feed or item, and the rest goes on."""

import time

import pytest

from wiredesk.articles.models import Article
from wiredesk.ingest.models import ItemError
from wiredesk.ingest.pipeline import ingest
from wiredesk.sources.models import Feed, Licence, Source

pytestmark = pytest.mark.django_db

GOOD_PAGE = (
    "<html><head><title>Storm hits coast</title></head><body><article><h1>Storm hits coast</h1>"
    + "".join(
        f"<p>Paragraph {i} of a real story about a storm that hit the coast of Chile "
        "and what the people there said about the damage it did to their homes.</p>"
        for i in range(6)
    )
    + "</article></body></html>"
)


def rss(*links: str) -> str:
    items = "".join(
        f"<item><title>Item {i}</title><link>{u}</link><guid>{u}</guid></item>"
        for i, u in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
    )


@pytest.fixture
def source():
    licence = Licence.objects.create(
        name="test", attribution_template="{source}", all_editions=True
    )
    return Source.objects.create(name="Test Agency", slug="test", licence=licence)


def test_feed_that_is_not_xml(bare_partner, source):
    bad = Feed.objects.create(source=source, url="http://agency.test/bad.rss")
    good = Feed.objects.create(source=source, url="http://agency.test/good.rss")
    bare_partner.add(bad.url, "this is plain text, not a feed", "text/plain")
    bare_partner.add(good.url, rss("http://agency.test/story"), "application/rss+xml")
    bare_partner.add("http://agency.test/story", GOOD_PAGE)
    report = ingest([bad, good])
    bad.refresh_from_db()
    assert report.feeds_failed == 1
    assert "not a feed" in bad.last_error and bad.error_count == 1
    assert bad.next_poll_at is not None
    assert Article.objects.filter(url="http://agency.test/story").exists()


def test_empty_and_non_html_pages(bare_partner, source):
    feed = Feed.objects.create(source=source, url="http://agency.test/feed.rss")
    links = ["http://agency.test/empty", "http://agency.test/pdf", "http://agency.test/ok"]
    bare_partner.add(feed.url, rss(*links), "application/rss+xml")
    bare_partner.add(links[0], "")
    bare_partner.add(links[1], b"%PDF-1.4 binary", "application/pdf")
    bare_partner.add(links[2], GOOD_PAGE)
    report = ingest([feed])
    assert report.articles_new == 1 and report.items_failed == 2
    errors = dict(ItemError.objects.values_list("url", "message"))
    assert set(errors) == set(links[:2])
    assert all(errors.values())


def test_partner_that_times_out(bare_partner, source, configure):
    slow = Feed.objects.create(source=source, url="http://slow.test/feed.rss")
    fine = Feed.objects.create(source=source, url="http://agency.test/feed.rss")

    def stall(handler):
        time.sleep(2)
        handler.send_response(200)
        handler.end_headers()

    bare_partner.add_handler(slow.url, stall)
    bare_partner.add(fine.url, rss("http://agency.test/ok"), "application/rss+xml")
    bare_partner.add("http://agency.test/ok", GOOD_PAGE)
    configure(fetch_timeout=0.5)
    report = ingest([slow, fine])
    slow.refresh_from_db()
    assert "timed out" in slow.last_error
    assert report.articles_new == 1


def test_failed_item_is_retried_and_cleared(bare_partner, source):
    feed = Feed.objects.create(source=source, url="http://agency.test/feed.rss")
    bare_partner.add(feed.url, rss("http://agency.test/later"), "application/rss+xml")
    ingest([feed])
    assert ItemError.objects.filter(feed=feed).count() == 1
    bare_partner.add("http://agency.test/later", GOOD_PAGE)
    ingest([feed])
    assert Article.objects.filter(url="http://agency.test/later").exists()
    assert not ItemError.objects.filter(feed=feed).exists()
