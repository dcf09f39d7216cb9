"""Both executors run the same units: given the same partner, they store the same things.

One partner server (three sources on three hosts: teaser feeds whose pages must be
fetched, one page that answers 404, and a feed that carries whole stories) is ingested
twice over: by the embedded executor (`wiredesk ingest`) into one database, and by Celery
(`wiredesk ingest` queueing for a real `wiredesk worker` on Redis) into another. Then
both must hold the same articles (text, countries, flags), the same item errors, the same
learned page templates, the same placements, the same stories and duplicates, each shown
article published to the site (its index entry), and after a second poll of every feed
the same validators. On SQLite files and on PostgreSQL (when it answers); skipped when
Redis does not answer.
"""

import json
import os
import random
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from services import REDIS_URL, fresh_database_url, require
from test_faults_worker_kill import Worker, query, redis_leftovers, wiredesk
from wiredesk.demo.partner import PartnerServer

pytestmark = pytest.mark.slow  # two ingests, a worker: a minute on both engines
SETTLE_CAP = 120  # seconds the Celery side may take to store what the embedded one stored
QUIET = 3  # seconds with no change and nothing queued: the workers are done
WORDS = (
    "flood valley council river bridge farmers school mayor rain storm road harvest market "
    "village doctors engineers museum election budget railway border festival drought"
).split()
SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from wiredesk.editions.models import Edition
from wiredesk.sources.models import Feed, Licence, Source
Edition.objects.create(slug="switzerland", name="Switzerland News", countries=["CH"])
licence = Licence.objects.create(name="t", attribution_template="{source}", all_editions=True)
for slug, url in %r:
    source = Source.objects.create(name=slug.title(), slug=slug, licence=licence)
    Feed.objects.create(source=source, url=url)
"""
CHROME = (
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li>"
    "<li><a href='/sport'>Sport</a></li></ul></nav>"
    "<aside><p>Sign up for our daily newsletter and never miss a story from the valley.</p>"
    "</aside>"
)
# under every story, inside it: only the learned template tells it from the story
BOILERPLATE = "The Alpine Wire is an independent agency with reporters in forty countries."
FOOTER = "<footer><p>Copyright the partner agency. All rights reserved worldwide.</p></footer>"


def paragraphs(seed: str, count: int = 5) -> str:
    rng = random.Random(seed)
    place = rng.choice(["Geneva", "Zurich", "Bern", "Lausanne"])
    return "".join(
        f"<p>{place}: " + " ".join(rng.choice(WORDS) for _ in range(40)) + ".</p>"
        for _ in range(count)
    )


def page(url: str) -> bytes:
    title = "Story " + url.rsplit("/", 1)[-1]
    return (
        f"<html><head><title>{title}</title></head><body>{CHROME}<article><h1>{title}</h1>"
        f"{paragraphs(url)}<p>{BOILERPLATE}</p></article>{FOOTER}</body></html>"
    ).encode()


def rss(items: list[str], full: bool = False) -> bytes:
    start = datetime(2026, 5, 10, 8, 0, tzinfo=UTC)
    body = ""
    for n, url in enumerate(items):
        when = format_datetime(start + timedelta(minutes=7 * n), usegmt=True)
        content = f"<content:encoded><![CDATA[{paragraphs(url, 6)}]]></content:encoded>"
        body += (
            f"<item><title>Story {n} of {url.split('/')[2]}</title><link>{url}</link>"
            f"<guid>{url}</guid><pubDate>{when}</pubDate>{content if full else ''}</item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Wire</title>{body}</channel></rss>"
    ).encode()


def serve(server: PartnerServer) -> list[tuple[str, str]]:
    """The partner: (source slug, feed URL) for each of its three feeds."""
    feeds = []
    for slug, count, full in (("alpha", 6, False), ("beta", 4, False), ("gamma", 3, True)):
        urls = [f"http://{slug}.test/news/{n}" for n in range(count)]
        if not full:
            for url in urls:
                server.add(url, page(url))
            urls.append(f"http://{slug}.test/news/gone")  # answers 404: an item error
        feed_url = f"http://{slug}.test/feed.rss"
        server.add(feed_url, rss(urls, full), "application/rss+xml")
        feeds.append((slug, feed_url))
    return feeds


@pytest.fixture
def partner() -> Iterator[tuple[PartnerServer, list[tuple[str, str]]]]:
    with PartnerServer(0, with_demo_sites=False) as server:
        yield server, serve(server)


@pytest.fixture(params=["SQLite", "PostgreSQL"])
def databases(request, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two fresh databases of one engine: the embedded executor's and Celery's."""
    if request.param == "SQLite":
        yield (
            f"sqlite:///{tmp_path / 'embedded.sqlite3'}",
            f"sqlite:///{tmp_path / 'celery.sqlite3'}",
        )
        return
    require("PostgreSQL", "127.0.0.1", 5432)
    embedded = fresh_database_url(tmp_path, "embedded")
    celery = fresh_database_url(tmp_path, "celery")
    yield next(embedded), next(celery)
    for made in (embedded, celery):
        next(made, None)  # dropped


def environment(database_url: str, proxy: str, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    return {
        **env,
        "DATABASE_URL": database_url,
        "WIREDESK_FETCH_PROXY": proxy,
        "WIREDESK_FETCH_TIMEOUT": "5",
        "DJANGO_SETTINGS_MODULE": "wiredesk.settings",
        "PYTHONUNBUFFERED": "1",
        **more,
    }


def set_up(env: dict[str, str], feeds: list[tuple[str, str]]) -> None:
    subprocess.run([sys.executable, "-c", SETUP % (feeds,)], env=env, check=True, timeout=120)


def test_embedded_and_celery_store_the_same(partner, databases, tmp_path):
    require("Redis", "127.0.0.1", 6379)
    embedded_db, celery_db = databases
    server, feeds = partner
    queue = f"test-agree-{uuid.uuid4().hex[:8]}"
    embedded = environment(embedded_db, server.proxy_url)
    celery = environment(
        celery_db, server.proxy_url, CELERY_BROKER_URL=REDIS_URL, WIREDESK_CELERY_QUEUE=queue
    )
    set_up(embedded, feeds)
    set_up(celery, feeds)
    worker = Worker(celery, tmp_path)
    worker.start()
    try:
        wiredesk(embedded, "ingest", "--no-progress")
        expected = state(embedded_db)
        assert len(expected["articles"]) == 13 and len(expected["errors"]) == 2
        assert expected["placements"] and not expected["dead letters"]
        assert expected["templates"]["alpha"]["blocks"]  # learned: the boilerplate
        assert not any("Alpine Wire" in row[2] for row in expected["articles"].values())
        assert expected["published"] == sorted(expected["articles"])  # all indexed
        wiredesk(celery, "ingest", "--no-progress")
        settle(celery_db, worker, queue, len(expected["articles"]))
        link(celery)
        settle(celery_db, worker, queue, len(expected["articles"]))
        assert state(celery_db) == expected

        for env in (embedded, celery):  # time passes: every feed is polled again
            wiredesk(env, "ingest", "--all", "--no-progress")
        settle(celery_db, worker, queue, len(expected["articles"]))
    finally:
        worker.stop()
    again = state(embedded_db)
    assert again["articles"] == expected["articles"], "a second poll stored nothing new"
    assert validators(celery_db) == validators(embedded_db)
    assert all(etag for etag, _ in validators(embedded_db).values())


def link(env: dict[str, str]) -> None:
    """The periodic link task, queued once (the worker runs no beat here)."""
    script = "import django; django.setup()\nfrom wiredesk.tasks import link_articles\n"
    script += "link_articles.delay()\n"
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)


def settle(database_url: str, worker: Worker, queue: str, articles: int) -> None:
    """Wait until the Celery side has stored `articles`, nothing of ours is queued or held,
    and the worker's log has been still for QUIET seconds."""
    deadline = time.monotonic() + SETTLE_CAP
    last, still_since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = (
            query(database_url, "SELECT count(*) FROM articles_article")[0][0],
            sum(redis_leftovers(REDIS_URL, queue).values()),
            worker.log_size(),
        )
        if now != last:
            last, still_since = now, time.monotonic()
        elif now[0] >= articles and not now[1] and time.monotonic() - still_since > QUIET:
            return
        time.sleep(0.3)
    pytest.fail(f"the Celery side did not settle: {last}\n{worker.log_tail()}")


def state(database_url: str) -> dict[str, object]:
    """What an executor stored, keyed by what both databases share (URLs, slugs)."""
    articles = query(
        database_url,
        "SELECT url, guid, headline, body_text, main_country, hidden, flags, enriched_at IS NOT "
        "NULL, linked_at IS NOT NULL, published_at FROM articles_article",
    )
    placements = query(
        database_url,
        "SELECT a.url, e.slug, p.reason FROM editions_placement p JOIN articles_article a ON "
        "a.id = p.article_id JOIN editions_edition e ON e.id = p.edition_id",
    )
    stories = query(
        database_url,
        "SELECT a.story_id, a.url, d.url FROM articles_article a LEFT JOIN articles_article d "
        "ON d.id = a.duplicate_of_id",
    )
    indexed = query(
        database_url,
        "SELECT a.url FROM site_articleentry s JOIN articles_article a ON a.id = s.article_id",
    )
    return {
        "articles": {row[0]: tuple(map(plain, row[1:])) for row in articles},
        "errors": sorted(query(database_url, "SELECT url, attempts FROM ingest_itemerror")),
        "templates": {
            slug: plain(template)
            for slug, template in query(
                database_url, "SELECT slug, page_template FROM sources_source"
            )
        },
        "placements": sorted(placements),
        "stories": story_groups(stories),
        "published": sorted(url for (url,) in indexed),
        "dead letters": query(database_url, "SELECT task, error FROM ingest_failedtask"),
    }


def story_groups(rows: list[tuple]) -> list[list[tuple[str, str | None]]]:
    """Articles grouped by story (ids differ between databases), each with its original."""
    groups: dict[object, list[tuple[str, str | None]]] = {}
    for story, url, original in rows:
        groups.setdefault(story if story is not None else url, []).append((url, original))
    return sorted(sorted(group) for group in groups.values())


TEMPLATES = "SELECT slug, page_template FROM sources_source"


def validators(database_url: str) -> dict[str, tuple[str, str]]:
    rows = query(database_url, "SELECT url, etag, last_modified FROM sources_feed")
    return {url: (etag, modified) for url, etag, modified in rows}


def plain(value: object) -> object:
    """A value as both engines give it: JSON decoded, times in UTC, booleans as booleans."""
    if isinstance(value, str) and value[:1] in ("[", "{"):
        return json.loads(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] in " T":
        return datetime.fromisoformat(value).replace(tzinfo=None)
    if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    return value
