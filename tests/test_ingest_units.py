"""The units' rules on validators, seen through both handoffs.

The embedded executor takes a poll's entries at once (`pipeline.ingest`); Celery's hands
them to tasks (`tasks.Queue`; here without a broker, so `dispatch` runs each task at
once, in this process). The rules are the units': a poll that handed on entries never
tried keeps the feed's old validators (a lost task is then polled again); one whose new
entries were all taken, or tried before, keeps the new ones.
"""

import pytest

from test_faults_ingest import page
from test_ingest_bad_input import rss
from wiredesk import tasks
from wiredesk.articles.models import Article
from wiredesk.ingest.models import ItemError
from wiredesk.ingest.pipeline import ingest
from wiredesk.sources.models import Feed, Licence, Source

pytestmark = pytest.mark.django_db
FEED = "http://agency.test/feed.rss"
STORIES = [f"http://agency.test/story-{n}" for n in range(3)]
GONE = "http://agency.test/gone"  # answers 404


@pytest.fixture
def feed(bare_partner, configure):
    configure(celery_broker_url="")  # dispatch runs the tasks here
    tasks.worker_client.cache_clear()  # made with this test's partner as proxy
    for url in STORIES:
        bare_partner.add(url, page(url))  # each its own text: a template learns no story
    licence = Licence.objects.create(name="t", attribution_template="{source}", all_editions=True)
    source = Source.objects.create(name="Agency", slug="agency", licence=licence)
    yield Feed.objects.create(source=source, url=FEED)
    tasks.worker_client().close()
    tasks.worker_client.cache_clear()


def serve(partner, *urls: str) -> None:
    partner.add(FEED, rss(*urls), "application/rss+xml")


def validators(feed: Feed) -> tuple[str, str]:
    feed.refresh_from_db()
    return feed.etag, feed.last_modified


def test_entries_taken_at_once_keep_the_new_validators(bare_partner, feed):
    serve(bare_partner, *STORIES)
    ingest([feed])
    assert Article.objects.count() == 3
    assert all(validators(feed))


def test_entries_handed_on_keep_the_old_validators_until_all_are_stored(bare_partner, feed):
    serve(bare_partner, *STORIES)
    tasks.poll_feed.run(feed.pk)
    assert Article.objects.count() == 3  # stored by the tasks the poll queued
    assert validators(feed) == ("", "")  # handed on: the next poll reads the whole feed
    tasks.poll_feed.run(feed.pk)  # nothing new: the new validators are kept
    assert all(validators(feed)) and Article.objects.count() == 3


def test_an_entry_tried_before_does_not_hold_the_old_validators(bare_partner, feed):
    serve(bare_partner, *STORIES, GONE)
    tasks.poll_feed.run(feed.pk)
    assert ItemError.objects.filter(url=GONE).exists() and validators(feed) == ("", "")
    tasks.poll_feed.run(feed.pk)  # the failed entry is handed on again, as tried before
    assert all(validators(feed))
    assert ItemError.objects.get(url=GONE).attempts == 2  # and tried again, recorded
    ingest([feed])  # while it fails, the feed is read whole: no 304 hides it
    assert ItemError.objects.get(url=GONE).attempts == 3
