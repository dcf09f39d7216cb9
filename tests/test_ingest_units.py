"""The units' rules on validators and templates, seen through both handoffs.

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
from wiredesk.ingest.templates import TEMPLATE_SAMPLE
from wiredesk.sources.models import Feed, Licence, Source

pytestmark = pytest.mark.django_db
FEED = "http://agency.test/feed.rss"
STORIES = [f"http://agency.test/story-{n}" for n in range(3)]
GONE = "http://agency.test/gone"  # answers 404
HOSTS = ("agency.test", "copy.test")
# closes every story's last paragraph: only a learned template tells it from the story
BOILERPLATE = "The Alpine Wire is an independent agency with reporters in forty countries."


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


def signed_page(title: str) -> bytes:
    """A story page closed by the agency's boilerplate paragraph."""
    return page(title).replace(b"</article>", f"<p>{BOILERPLATE}</p></article>".encode())


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


def test_both_handoffs_learn_the_same_template_from_the_same_sample(bare_partner, feed):
    """Two sources serve the same pages: the embedded run learns one's template from the
    pages it fetched, the Celery handoff the other's from pages it fetches to learn."""
    other = Source.objects.create(name="Copy", slug="copy", licence=feed.source.licence)
    copy = Feed.objects.create(source=other, url="http://copy.test/feed.rss")
    urls = {host: [f"http://{host}/news/{n}" for n in range(TEMPLATE_SAMPLE + 4)] for host in HOSTS}
    for host, links in urls.items():
        for n, url in enumerate(links):
            bare_partner.add(url, signed_page(f"Story {n}"))
        bare_partner.add(f"http://{host}/feed.rss", rss(*links), "application/rss+xml")
    ingest([feed])
    tasks.poll_feed.run(copy.pk)
    learned = [Source.objects.get(pk=pk).page_template for pk in (feed.source_id, other.pk)]
    assert learned[0]["blocks"] and learned[0]["pages"] == TEMPLATE_SAMPLE
    assert {**learned[0], "site": ""} == {**learned[1], "site": ""}
    assert Article.objects.count() == 2 * len(urls["agency.test"])
    assert not Article.objects.filter(body_text__contains="Alpine").exists()
