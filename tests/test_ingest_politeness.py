"""Partners that ask us to wait or that moved: we listen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from test_ingest_bad_input import GOOD_PAGE, rss
from wiredesk.articles.models import Article
from wiredesk.ingest.pipeline import ingest
from wiredesk.sources.models import Feed, Licence, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    licence = Licence.objects.create(name="t", attribution_template="{source}", all_editions=True)
    return Source.objects.create(name="Agency", slug="agency", licence=licence)


def answer(status: int, headers: dict[str, str]):
    def handler(request):
        request.send_response(status)
        for name, value in headers.items():
            request.send_header(name, value)
        request.send_header("Content-Length", "0")
        request.end_headers()

    return handler


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_sets_the_next_poll(bare_partner, source, status):
    feed = Feed.objects.create(source=source, url="http://busy.test/feed.rss")
    bare_partner.add_handler(feed.url, answer(status, {"Retry-After": "600"}))
    before = timezone.now()
    ingest([feed])
    feed.refresh_from_db()
    assert feed.error_count == 1 and f"HTTP {status}" in feed.last_error
    wait = feed.next_poll_at - before
    assert timedelta(seconds=590) <= wait <= timedelta(seconds=620)


def test_permanent_redirect_moves_the_feed(bare_partner, source):
    feed = Feed.objects.create(source=source, url="http://agency.test/old.rss")
    new_url = "http://agency.test/new.rss"
    bare_partner.add_handler(feed.url, answer(301, {"Location": new_url}))
    bare_partner.add(new_url, rss("http://agency.test/story"), "application/rss+xml")
    bare_partner.add("http://agency.test/story", GOOD_PAGE)
    ingest([feed])
    feed.refresh_from_db()
    assert feed.url == new_url
    assert Article.objects.filter(url="http://agency.test/story").exists()


def test_temporary_redirect_keeps_the_address(bare_partner, source):
    feed = Feed.objects.create(source=source, url="http://agency.test/feed.rss")
    bare_partner.add_handler(feed.url, answer(302, {"Location": "http://agency.test/today.rss"}))
    bare_partner.add("http://agency.test/today.rss", rss(), "application/rss+xml")
    ingest([feed])
    feed.refresh_from_db()
    assert feed.url == "http://agency.test/feed.rss" and feed.error_count == 0


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_compressed_feeds_are_read(bare_partner, source, encoding):
    import gzip

    import brotli

    feed = Feed.objects.create(source=source, url="http://agency.test/packed.rss")
    body = rss("http://agency.test/story").encode()
    packed = gzip.compress(body) if encoding == "gzip" else brotli.compress(body)

    def send(request):
        assert encoding in request.headers.get("Accept-Encoding", "")
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Content-Encoding", encoding)
        request.send_header("Content-Length", str(len(packed)))
        request.end_headers()
        request.wfile.write(packed)

    bare_partner.add_handler(feed.url, send)
    bare_partner.add("http://agency.test/story", GOOD_PAGE)
    ingest([feed])
    assert Article.objects.filter(url="http://agency.test/story").exists()
