"""Re-extract stored articles with today's extraction code, resumably.

Articles do not keep their page's HTML, so each page is fetched again through ingest's fetch
code (the same client: size and time limits, the proxy, and the one politeness rule, the
per-host connection limit), one page at a time, so a partner sees at most one request of a
re-extraction at once. Articles go in primary-key order; after each one the cursor file
records the last key done, so a run that is stopped (or crashes) goes on where it stopped,
and a finished run does nothing more until `restart`.

What changes: the fields extraction gives (body, body HTML, authors, credits, dateline,
language, image, flags, original and updated dates, content hash); the headline and summary
come from the feed and are kept. Countries are tagged again unless an editor set them. A page
that cannot be fetched or holds no story leaves its article as it was and is counted.
"""

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from django.db import transaction

from wiredesk.articles.countries import tag_countries
from wiredesk.articles.models import Article
from wiredesk.errors import WiredeskError
from wiredesk.extract import ExtractedArticle, extract_page
from wiredesk.extract.credits import others_credits
from wiredesk.extract.names import feed_authors
from wiredesk.ingest.store import original_date
from wiredesk.stories.fingerprint import fingerprint

Fetcher = Callable[[str], tuple[str, bytes]]  # url -> (final url, page bytes); WiredeskError


@dataclass
class Cursor:
    """Where a re-extraction stands: the last article key done, and what happened so far."""

    last_pk: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    @classmethod
    def load(cls, path: Path) -> "Cursor":
        if not path.exists():
            return cls()
        return cls(**json.loads(path.read_text(encoding="utf-8")))

    def save(self, path: Path) -> None:
        """Written to a temporary file and renamed: a crash leaves the old cursor or the new."""
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(asdict(self)), encoding="utf-8")
        os.replace(temporary, path)


def pending(cursor: Cursor, source: str = "") -> Iterator[Article]:
    """Articles after the cursor, in key order, read in batches (no long-held query)."""
    query = Article.objects.select_related("source__licence").order_by("pk")
    if source:
        query = query.filter(source__slug=source)
    last = cursor.last_pk
    while batch := list(query.filter(pk__gt=last)[:100]):
        yield from batch
        last = batch[-1].pk


def reextract_one(article: Article, fetch: Fetcher) -> bool | None:
    """Fetch and extract one article's page; True if a field changed, None if it failed."""
    try:
        final_url, content = fetch(article.url)
        page = extract_page(content, final_url)
    except WiredeskError:
        return None
    before = _fields(article)
    apply_page(article, page)
    if _fields(article) == before:
        return False
    with transaction.atomic():
        article.save()
        tag_countries(article)
    return True


def apply_page(article: Article, page: ExtractedArticle) -> None:
    """The extracted fields onto the article (as ingest.store fills a new one)."""
    article.body_html = page.body_html
    article.body_text = page.body
    article.authors = page.authors or feed_authors(article.authors)
    article.credits = others_credits(page.credits, article.source.name)
    article.dateline = page.dateline[:200]
    article.language = page.language[:10] or article.language
    article.image_url = (page.image or article.image_url)[:1000]
    article.flags = page.flags
    article.published_at = original_date(page.published, article.feed_published_at)
    article.updated_at = page.updated or article.updated_at
    article.content_hash = fingerprint(page.body)


_FIELDS = (
    "body_html",
    "body_text",
    "authors",
    "credits",
    "dateline",
    "language",
    "image_url",
    "flags",
    "published_at",
    "updated_at",
)


def _fields(article: Article) -> tuple:
    return tuple(getattr(article, name) for name in _FIELDS)


def run(
    fetch: Fetcher,
    cursor_path: Path,
    *,
    source: str = "",
    limit: int = 0,
    progress: Callable[[Cursor, Article], None] = lambda cursor, article: None,
) -> Cursor:
    """Re-extract the articles after the cursor (at most `limit`, 0: all); the cursor is saved
    after each article."""
    cursor = Cursor.load(cursor_path)
    for count, article in enumerate(pending(cursor, source), start=1):
        outcome = reextract_one(article, fetch)
        cursor.failed += outcome is None
        cursor.updated += outcome is True
        cursor.unchanged += outcome is False
        cursor.last_pk = article.pk
        cursor.save(cursor_path)
        progress(cursor, article)
        if limit and count >= limit:
            break
    return cursor
