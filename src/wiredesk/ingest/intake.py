"""Store a feed's full-story entries at once, sanitized; clean, tag and route them after.

When a partner's feed carries the whole article (`content:encoded`, Atom `content`), there is
no page to fetch: the entry is the story. Intake keeps the hot path to what must happen
before anything else can: the entries of one feed are sanitized (nh3) and written in one
`bulk_create`, marked as waiting (`enriched_at` empty). `ingest.enrich` then cleans each
story (credits, rights, promos), finds its countries and routes it; an article is shown
nowhere until it has been routed, so a reader never sees one half done.

A crash between the two stages loses nothing: the stored rows wait for the next enrich.
"""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction

from wiredesk.articles.models import Article
from wiredesk.extract.fragment import is_full_story
from wiredesk.extract.names import feed_authors
from wiredesk.extract.sanitize import sanitize_html
from wiredesk.extract.summary import stored_summary
from wiredesk.ingest.feeds import EntryData
from wiredesk.ingest.store import find_existing, rights_line, url_tail
from wiredesk.sources.models import Feed

log = logging.getLogger(__name__)


def split_full_stories(entries: list[EntryData]) -> tuple[list[EntryData], list[EntryData]]:
    """(entries whose content is the whole story, entries whose page must be fetched)."""
    full, teasers = [], []
    for entry in entries:
        whole = bool(entry.link) and is_full_story(entry.content_html, entry.summary)
        (full if whole else teasers).append(entry)
    return full, teasers


def store_entries(feed: Feed, entries: list[EntryData], now: datetime) -> int:
    """Store full-story entries as waiting articles; returns how many were created.

    One write for the feed; if another worker stored one of them at the same moment the
    unique keys refuse the batch, and they are stored one by one, skipping those.
    """
    articles = [entry_article(feed, entry, now) for entry in entries]
    try:
        with transaction.atomic():
            Article.objects.bulk_create(articles)
        return len(articles)
    except IntegrityError:
        log.info("entries stored concurrently; storing one by one", extra={"feed_id": feed.pk})
        return sum(_store_one(feed, article) for article in articles)


def _store_one(feed: Feed, article: Article) -> bool:
    if find_existing(feed, article.guid, article.url):
        return False
    try:
        with transaction.atomic():
            article.pk = None
            article.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def entry_article(feed: Feed, entry: EntryData, now: datetime) -> Article:
    """The waiting article of a full-story entry: the feed's fields, the content sanitized."""
    article = Article(
        source=feed.source,
        feed=feed,
        guid=entry.guid[:1000],
        url=entry.link[:1000],
        headline=(entry.title or url_tail(entry.link))[:500],
        summary=stored_summary(entry.summary),
        body_html=sanitize_html(entry.content_html),
        body_text="",
        authors=feed_authors(entry.authors),  # no user names
        image_url=entry.image[:1000],
        categories=entry.categories,
        published_at=entry.published,
        feed_published_at=entry.published,
        updated_at=entry.updated,
        republished_at=now,
        enriched_at=None,
    )
    article.rights_line = rights_line(feed.source.licence, article.year)[:500]
    return article
