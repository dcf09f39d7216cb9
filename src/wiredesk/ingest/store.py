"""Store one extracted entry as an Article, tag it and route it; idempotent.

The natural keys (source, guid) and url find an existing row, so a second
ingest of the same item updates nothing and creates nothing.
"""

import logging
from datetime import datetime, time

from django.db import IntegrityError, transaction

from wiredesk.articles.countries import partner_tags, write_countries
from wiredesk.articles.models import Article
from wiredesk.editions.placing import route_article
from wiredesk.editions.routing import EditionRule
from wiredesk.extract import ExtractedArticle
from wiredesk.extract.credits import others_credits
from wiredesk.extract.names import feed_authors
from wiredesk.extract.summary import stored_summary
from wiredesk.geo import tag
from wiredesk.ingest.feeds import EntryData
from wiredesk.sources.models import Feed, Licence
from wiredesk.stories.fingerprint import fingerprint

log = logging.getLogger(__name__)


def rights_line(licence: Licence, year: int) -> str:
    return licence.rights_template.format(year=year) if licence.rights_template else ""


def find_existing(feed: Feed, guid: str, url: str) -> Article | None:
    return (
        Article.objects.filter(source_id=feed.source_id, guid=guid).first()
        or Article.objects.filter(url=url).first()
    )


@transaction.atomic
def store_article(
    feed: Feed,
    entry: EntryData,
    page: ExtractedArticle,
    now: datetime,
    rules: list[EditionRule] | None = None,
) -> tuple[Article, bool]:
    """Create the article if it is new; return it and whether it was created."""
    url = entry.link or page.url
    existing = find_existing(feed, entry.guid, url)
    if existing:
        return existing, False
    article = Article(source=feed.source, feed=feed, guid=entry.guid, url=url, republished_at=now)
    fill_article(article, entry, page)
    # Countries first: the tagger's CPU time passes before this transaction writes anything,
    # so no row lock (the site's content version above all) is held while it runs.
    geo = tag(article.body_text, article.headline, article.dateline, partner_tags(article))
    article.main_country = geo.main or ""
    try:
        with transaction.atomic():  # a savepoint: another worker may store it at the same moment
            article.save()
    except IntegrityError:
        existing = find_existing(feed, entry.guid, url)
        if existing is None:
            raise
        return existing, False
    write_countries(article, geo)
    route_article(article, rules)  # duplicates are linked later (stories.linking) and not shown
    log.debug(
        "stored article", extra={"article_id": article.pk, "feed_id": feed.pk, "article_url": url}
    )
    return article, True


def fill_article(article: Article, entry: EntryData, page: ExtractedArticle) -> None:
    article.headline = (entry.title or page.title or url_tail(article.url))[:500]
    article.dateline = page.dateline[:200]
    article.summary = stored_summary(entry.summary)
    article.body_html = page.body_html
    article.body_text = page.body
    article.authors = page.authors or feed_authors(entry.authors)  # no user names
    article.credits = others_credits(page.credits, article.source.name)
    article.language = page.language[:10]
    article.image_url = (page.image or entry.image)[:1000]
    article.categories = entry.categories
    article.flags = page.flags
    article.published_at = original_date(page.published, entry.published)
    article.feed_published_at = entry.published
    article.updated_at = page.updated or entry.updated
    article.rights_line = rights_line(article.source.licence, article.year)[:500]
    article.content_hash = fingerprint(page.body)


def original_date(from_page: datetime | None, from_feed: datetime | None) -> datetime | None:
    """The page's date is the original one; the feed's adds the time when both name the same day.

    Pages often give only a day ("2012-05-16"), feeds a full time: keep the more precise of two
    dates that agree, and the page's when they disagree (the feed's may be a re-post date).
    """
    if from_page is None:
        return from_feed
    if from_feed and from_page.date() == from_feed.date() and from_page.time() == time(0, 0):
        return from_feed
    return from_page


def url_tail(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
