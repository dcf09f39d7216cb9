"""Full-story feeds: stored at once, sanitized, then cleaned, tagged and routed (enrich)."""

import html

import pytest

from wiredesk.articles.models import Article
from wiredesk.editions.models import Edition, Placement
from wiredesk.ingest.enrich import NO_STORY_FLAG, enrich_pending
from wiredesk.ingest.feeds import parse_feed
from wiredesk.ingest.intake import store_entries
from wiredesk.ingest.pipeline import ingest
from wiredesk.sources.models import Feed, Licence, Source

pytestmark = pytest.mark.django_db
FEED_URL = "http://wire.test/feed.rss"
STORY = (
    "GENEVA (Wire) -- Swiss voters in Geneva and Zurich backed the plan on Sunday. "
    + "The federal council in Bern said the result would shape policy for years. " * 12
)


def story_html(n: int) -> str:
    return (
        f"<p>{STORY} Item {n}.</p>"
        '<p>More words <a href="http://wire.test/x">with a link</a>'
        '<img src="x" onerror="alert(1)"><script>alert(1)</script></p>'
        "<p>SEE ALSO: Another story about something else</p>"
        "<p>With reporting by AFP and Reuters</p>"
    )


def rss(items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f"<item><title>Vote {n}</title><link>http://wire.test/story/{n}</link>"
        f'<guid isPermaLink="false">wire-{n}</guid><pubDate>Sun, 10 May 2026 10:00:00 GMT</pubDate>'
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        for n, body in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Wire</title><link>https://wire.test/</link>{entries}</channel></rss>"
    )


@pytest.fixture
def feed(bare_partner):
    licence = Licence.objects.create(
        name="wire", attribution_template="{source}", all_editions=True
    )
    source = Source.objects.create(name="Wire", slug="wire", licence=licence)
    Edition.objects.create(slug="switzerland", name="Switzerland News", countries=["CH"])
    bare_partner.add(FEED_URL, rss([(n, story_html(n)) for n in range(3)]), "application/rss+xml")
    return Feed.objects.select_related("source__licence").get(
        pk=Feed.objects.create(source=source, url=FEED_URL).pk
    )


def test_full_story_entries_are_stored_without_fetching_pages(bare_partner, feed):
    report = ingest([feed])
    assert report.articles_new == 3 and report.articles_enriched == 3, report.errors
    assert bare_partner.requests == [FEED_URL]  # no page fetched: the feed holds the story
    article = Article.objects.get(guid="wire-0")
    assert "alert" not in article.body_html and "onerror" not in article.body_html
    assert '<a href="http://wire.test/x"' in article.body_html
    assert "SEE ALSO" not in article.body_text
    assert article.credits == ["AFP", "Reuters"]
    assert article.dateline == "Geneva"
    assert article.main_country == "CH"
    assert Placement.objects.filter(article=article, edition__slug="switzerland").exists()
    assert article.linked_at is not None


def test_stored_entries_wait_for_enrichment_and_show_nowhere(feed):
    report = ingest([feed], enrich=False)
    assert report.articles_new == 3 and report.articles_enriched == 0
    waiting = Article.objects.filter(enriched_at__isnull=True)
    assert waiting.count() == 3
    assert not Placement.objects.exists()
    assert all("<script" not in a.body_html for a in waiting)  # sanitized when stored
    assert enrich_pending() == 3
    assert enrich_pending() == 0  # each once
    assert Placement.objects.count() == 3


def test_a_crash_between_the_stages_loses_and_duplicates_nothing(feed):
    ingest([feed], enrich=False)  # as if the process died after intake
    Feed.objects.update(etag="", last_modified="")  # the next run reads the whole feed
    report = ingest(Feed.objects.select_related("source__licence"))
    assert report.articles_new == 0 and report.articles_enriched == 3
    assert Article.objects.count() == 3
    assert Article.objects.filter(enriched_at__isnull=True).count() == 0


def test_entries_stored_by_another_worker_are_skipped(feed, bare_partner):
    entries = parse_feed(rss([(n, story_html(n)) for n in range(3)]).encode(), FEED_URL).entries
    assert store_entries(feed, entries[:1], feed.last_polled_at or Article().republished_at) == 1
    # A second worker holding the same three entries: the unique keys catch the first.
    assert store_entries(feed, entries, Article().republished_at) == 2
    assert Article.objects.count() == 3


def test_teasers_still_fetch_the_page(bare_partner, feed):
    teaser = "<p>Short teaser. Read the rest on our site.</p>"
    bare_partner.add(FEED_URL, rss([(9, teaser)]), "application/rss+xml")
    bare_partner.add(
        "http://wire.test/story/9",
        f"<html><body><article><h1>Vote 9</h1><p>{html.escape(STORY)}</p></article></body></html>",
    )
    report = ingest([feed])
    assert report.articles_new == 1, report.errors
    assert "http://wire.test/story/9" in bare_partner.requests


def test_content_with_no_story_is_kept_hidden_and_flagged(bare_partner, feed):
    promos = "".join(f"<p>SEE ALSO: Promo number {n} about nothing</p>" for n in range(60))
    bare_partner.add(FEED_URL, rss([(7, promos)]), "application/rss+xml")
    ingest([feed])
    article = Article.objects.get(guid="wire-7")
    assert article.hidden and NO_STORY_FLAG in article.flags
    assert not Placement.objects.filter(article=article).exists()


def test_the_poll_task_stores_full_stories_and_enriches_them(bare_partner, feed, configure):
    from wiredesk.tasks import poll_feed

    configure(celery_broker_url="")  # dispatch runs tasks in-process
    assert poll_feed.run(feed.pk) == 3
    assert bare_partner.requests == [FEED_URL]
    assert Article.objects.filter(enriched_at__isnull=False).count() == 3
    assert Placement.objects.count() == 3


def test_feeds_polled_in_worker_processes_are_stored_alike(bare_partner, feed, configure):
    """The polling processes fetch and parse; this process stores: same result as in-process."""
    configure(poll_processes=2)
    bare_partner.add("http://wire.test/broken.rss", "<html><body><p>Not a feed</p></body></html>")
    broken = Feed.objects.create(source=feed.source, url="http://wire.test/broken.rss")
    report = ingest(Feed.objects.select_related("source__licence").order_by("pk"))
    assert report.articles_new == 3 and report.feeds_failed == 1, report.errors
    assert "broken.rss" in Feed.objects.get(pk=broken.pk).last_error
    again = ingest(Feed.objects.select_related("source__licence").order_by("pk"))
    assert again.feeds_unchanged == 1 and again.articles_new == 0  # conditional GET held


def test_the_source_is_not_credited_with_its_own_story(bare_partner, feed):
    """ "With reporting by AFP and Wire" under Wire's own story: Wire wrote it; the credits
    name the others only."""
    url = "http://wire.test/own.rss"
    body = f"<p>{STORY}</p><p>With reporting by AFP and Wire</p>"
    bare_partner.add(url, rss([(9, body)]), "application/rss+xml")
    own = Feed.objects.create(source=feed.source, url=url)
    report = ingest([Feed.objects.select_related("source__licence").get(pk=own.pk)])
    assert report.articles_new == 1, report.errors
    assert Article.objects.get(guid="wire-9").credits == ["AFP"]
