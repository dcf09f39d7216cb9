"""Fault injection: a partner that misbehaves in every way a network can, then recovers.

One ingest against a loopback partner whose feeds and pages answer slowly (past the fetch
timeout), reset the connection, send truncated bodies (Content-Length larger than the
body), wrong content types, wrong encodings, 5xx, and 429 or 503 with Retry-After. The
run must finish, store every healthy item, and record every failure: on the feed
(`last_error`, back-off honouring Retry-After) or as an ItemError. Then the partner heals
and a second ingest stores exactly the items that failed, each once.

Bounded: the fetch timeout is 1 s, the slow answers wait 2 s; the module runs in ~30 s.
"""

import random
import socket
import struct
import time
from collections.abc import Callable
from datetime import timedelta
from email.utils import format_datetime

import pytest
from django.conf import settings
from django.utils import timezone

from wiredesk import tasks
from wiredesk.articles.models import Article
from wiredesk.errors import FetchError, FetchTimeout
from wiredesk.ingest.fetch import fetch, make_client
from wiredesk.ingest.models import ItemError
from wiredesk.ingest.pipeline import ingest
from wiredesk.sources.models import Feed, Licence, Source

pytestmark = pytest.mark.django_db
TIMEOUT = 1.0
SLOW = 2.0  # seconds a slow answer waits: past TIMEOUT
HOST = "http://wire.test"


WORDS = (
    "flood valley council river bridge farmers school mayor rain storm road harvest market "
    "village doctors engineers museum election budget railway border festival drought "
    "fishermen harbour teachers students miners factory hospital court judges forest"
).split()


def page(title: str, charset: str = "utf-8", extra: str = "") -> bytes:
    """A story page whose every paragraph is its own (a learned site template would take
    paragraphs repeated across pages for chrome)."""
    rng = random.Random(title)
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(40)) + f".{extra}</p>" for _ in range(6)
    )
    html = (
        f'<html><head><meta charset="{charset}"><title>{title}</title></head><body>'
        f"<article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )
    return html.encode(charset)


def rss(items: list[tuple[str, str]], encoding: str = "utf-8") -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>{url}</link><guid>{url}</guid></item>"
        for url, title in items
    )
    return (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
        f"<title>Wire</title>{body}</channel></rss>"
    ).encode(encoding)


# --- the faults: each a handler for the partner server -------------------------------------


def send(handler, status: int, body: bytes, content_type: str, headers: dict | None = None):
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def slow(body: bytes, content_type: str):
    def answer(handler):
        time.sleep(SLOW)
        send(handler, 200, body, content_type)

    return answer


def reset(body: bytes, content_type: str):
    def answer(handler):
        # SO_LINGER 0: close() sends a TCP RST instead of a FIN.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
        handler.close_connection = True

    return answer


def truncated(body: bytes, content_type: str):
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body) + 5000))
        handler.end_headers()
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()
        handler.close_connection = True

    return answer


def status(code: int, headers: dict | None = None):
    def fault(body: bytes, content_type: str):
        return lambda handler: send(handler, code, b"busy", "text/plain", headers)

    return fault


def retry_date(seconds: int) -> str:
    return format_datetime(timezone.now() + timedelta(seconds=seconds), usegmt=True)


FAULTS: dict[str, Callable] = {
    "slow": slow,
    "reset": reset,
    "truncated": truncated,
    "500": status(500),
    "502": status(502),
    "503-retry-after": status(503, {"Retry-After": "900"}),
    "429-retry-after": status(429, {"Retry-After": "1200"}),
}


class Partner:
    """Routes that misbehave until `heal()`, then answer what they should have."""

    def __init__(self, server):
        self.server = server
        self.healthy = False

    def add(self, url: str, body: bytes, content_type: str, fault: str | None = None) -> None:
        broken = FAULTS[fault](body, content_type) if fault else None

        def answer(handler):
            if broken is None or self.healthy:
                send(handler, 200, body, content_type)
            else:
                broken(handler)

        self.server.add_handler(url, answer)

    def heal(self) -> None:
        self.healthy = True


@pytest.fixture
def source():
    licence = Licence.objects.create(name="t", attribution_template="{source}", all_editions=True)
    return Source.objects.create(name="Wire Agency", slug="wire", licence=licence)


@pytest.fixture
def partner(bare_partner):
    return Partner(bare_partner)


@pytest.fixture
def quick(configure):
    """Fetches give up after TIMEOUT seconds, as every fault here would otherwise take longer."""
    configure(fetch_timeout=TIMEOUT)


@pytest.fixture(params=["embedded", "celery tasks"])
def run(request, configure, quick):
    """An ingest of the given feeds by one executor; its report, or None for the tasks.

    "celery tasks" runs Celery's task functions in this process, as `dispatch` does
    without a broker: the same units behind the Celery handoff, one task after another
    (a real worker on Redis runs them in test_executors_agree and test_faults_worker_kill).
    """
    if request.param == "embedded":
        yield ingest
        return
    configure(celery_broker_url="")
    tasks.worker_client.cache_clear()  # the next one is made with this test's settings

    def by_tasks(feeds: list[Feed]) -> None:
        for feed in feeds:
            tasks.poll_feed.run(feed.pk)
        tasks.enrich_articles.run()
        tasks.link_articles.run()

    yield by_tasks
    tasks.worker_client().close()
    tasks.worker_client.cache_clear()


def test_every_fault_at_once_then_recovery(partner, source, run):
    feeds: dict[str, Feed] = {}
    items: dict[str, list[str]] = {}  # feed name -> its item urls

    def add_feed(name: str, fault: str | None, count: int = 2) -> None:
        urls = [f"{HOST}/{name}/story-{i}" for i in range(count)]
        for i, url in enumerate(urls):
            partner.add(url, page(f"{name} story {i}"), "text/html; charset=utf-8")
        feed_url = f"{HOST}/{name}.rss"
        partner.add(feed_url, rss([(u, u) for u in urls]), "application/rss+xml", fault)
        feeds[name] = Feed.objects.create(source=source, url=feed_url)
        items[name] = urls

    add_feed("healthy", None)
    for fault in FAULTS:
        add_feed(f"feed-{fault}", fault)

    # One healthy feed whose pages fail in every way, beside two healthy pages.
    mixed = [f"{HOST}/mixed/good-{i}" for i in range(2)]
    for url in mixed:
        partner.add(url, page(url), "text/html")
    for fault in FAULTS:
        url = f"{HOST}/mixed/{fault}"
        partner.add(url, page(f"page {fault}"), "text/html", fault)
        mixed.append(url)
    partner.add(f"{HOST}/mixed.rss", rss([(u, u) for u in mixed]), "application/rss+xml")
    feeds["mixed"] = Feed.objects.create(source=source, url=f"{HOST}/mixed.rss")
    items["mixed"] = mixed

    started = time.monotonic()
    report = run(list(feeds.values()))
    first_run = time.monotonic() - started
    assert first_run < 20, f"a faulty partner held ingest for {first_run:.1f} s"

    stored = set(Article.objects.values_list("url", flat=True))
    good = set(items["healthy"]) | {u for u in mixed if "/good-" in u}
    assert stored == good, "every healthy item stored, nothing from a faulty answer"
    for fault in FAULTS:
        feed = Feed.objects.get(pk=feeds[f"feed-{fault}"].pk)
        assert feed.last_error and feed.error_count == 1, (fault, feed.last_error)
        assert feed.next_poll_at > timezone.now(), fault
    errors = dict(ItemError.objects.values_list("url", "message"))
    assert set(errors) == {f"{HOST}/mixed/{fault}" for fault in FAULTS}
    assert all(errors.values())
    if report is not None:
        assert report.feeds_failed == len(FAULTS) and report.items_failed == len(FAULTS)
        assert report.articles_new == len(good)

    now = timezone.now()
    by_fault = {f: Feed.objects.get(pk=feeds[f"feed-{f}"].pk) for f in FAULTS}
    assert "timed out" in by_fault["slow"].last_error
    assert "429" in by_fault["429-retry-after"].last_error
    # Retry-After is honoured: no poll before the partner said.
    assert by_fault["429-retry-after"].next_poll_at >= now + timedelta(seconds=1100)
    assert by_fault["503-retry-after"].next_poll_at >= now + timedelta(seconds=800)

    # The partner heals; the next ingest retries and stores the rest, each once.
    partner.heal()
    report = run(list(Feed.objects.all()))
    every_item = {u for urls in items.values() for u in urls}
    urls = list(Article.objects.values_list("url", flat=True))
    assert sorted(urls) == sorted(every_item), "each item stored exactly once"
    assert not ItemError.objects.exists()
    assert not Feed.objects.exclude(error_count=0).exists()
    if report is not None:
        assert report.articles_new == len(every_item) - len(good)
        assert report.feeds_failed == 0 and report.items_failed == 0

    run(list(Feed.objects.all()))  # nothing new, nothing twice
    assert Article.objects.count() == len(every_item)
    assert set(Article.objects.values_list("url", flat=True)) == every_item


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/octet-stream", "text/html", "image/png", ""],
)
def test_feed_under_a_wrong_content_type_is_still_read(bare_partner, quick, source, content_type):
    url = f"{HOST}/story"
    bare_partner.add(url, page("Flood in the valley"), "text/html")
    feed = Feed.objects.create(source=source, url=f"{HOST}/feed")
    bare_partner.add(feed.url, rss([(url, "Flood")]), content_type)
    report = ingest([feed])
    assert report.feeds_failed == 0 and Article.objects.filter(url=url).count() == 1


@pytest.mark.parametrize(
    "content_type", ["application/octet-stream", "text/plain", "application/json", "image/jpeg"]
)
@pytest.mark.usefixtures("quick")
def test_page_under_a_wrong_content_type_is_stored_or_recorded(bare_partner, source, content_type):
    url = f"{HOST}/story"
    bare_partner.add(url, page("Flood in the valley"), content_type)
    feed = Feed.objects.create(source=source, url=f"{HOST}/feed")
    bare_partner.add(feed.url, rss([(url, "Flood")]), "application/rss+xml")
    report = ingest([feed])
    stored = Article.objects.filter(url=url).count()
    recorded = ItemError.objects.filter(url=url).count()
    assert stored + recorded == 1, "neither stored nor recorded: the item was lost"
    assert report.articles_new + report.items_failed == 1


NON_ASCII = "Zürich, São Paulo, Kraków: café crème"


@pytest.mark.parametrize(
    ("declared", "actual"),
    [
        ("utf-8", "latin-1"),  # says UTF-8, is Latin-1: invalid UTF-8 bytes
        ("iso-8859-1", "utf-8"),  # says Latin-1, is UTF-8: mojibake at worst
        ("no-such-charset", "utf-8"),
        ("utf-16", "utf-8"),  # says UTF-16, is plainly single-byte
    ],
)
@pytest.mark.usefixtures("quick")
def test_wrong_encodings_are_read_without_losing_the_item(bare_partner, source, declared, actual):
    url = f"{HOST}/story"
    body = page(NON_ASCII, charset="utf-8", extra=" " + NON_ASCII).decode().encode(actual)
    bare_partner.add(url, body, f"text/html; charset={declared}")
    feed = Feed.objects.create(source=source, url=f"{HOST}/feed")
    xml = rss([(url, NON_ASCII)]).decode().replace('encoding="utf-8"', f'encoding="{declared}"')
    bare_partner.add(feed.url, xml.encode(actual), f"application/rss+xml; charset={declared}")
    report = ingest([feed])
    assert report.feeds_failed == 0, report.errors
    article = Article.objects.get(url=url)
    assert "Kraków" in article.body_text or "Krak" in article.body_text
    if declared != "iso-8859-1":  # that one is read as declared (mojibake), as browsers do
        assert "Zürich" in article.headline, article.headline


def trickle(handler, chunks: int = 12, pause: float = 0.5):
    """Headers at once, then one byte every `pause` seconds: each read is within the timeout."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(chunks))
    handler.end_headers()
    for _ in range(chunks):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(pause)


def test_trickled_body_is_cut_off_at_a_deadline(bare_partner, quick):
    bare_partner.add_handler(f"{HOST}/slowloris", trickle)
    started = time.monotonic()
    with (
        make_client(settings.WIREDESK) as client,
        pytest.raises(FetchTimeout),
    ):
        fetch(client, f"{HOST}/slowloris")
    assert time.monotonic() - started < 3 * TIMEOUT + 1


def test_fetch_errors_are_ours_not_httpx(bare_partner, quick):
    """Every fault reaches ingest as a FetchError with the URL, never as an httpx error."""
    with make_client(settings.WIREDESK) as client:
        for name, fault in FAULTS.items():
            url = f"{HOST}/direct/{name}"
            bare_partner.add_handler(url, fault(page("x"), "text/html"))
            with pytest.raises(FetchError) as caught:
                fetch(client, url)
            assert caught.value.url == url, name
