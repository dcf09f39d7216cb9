"""The "See also" of each article: its nearest neighbours by content, found by the indexer.

Finding an article's neighbours (the backend's "more like this" query) ranks hundreds of
matches: 4-7 ms at 30,000-100,000 articles on SQLite, most of an uncached article page. So
the indexer finds them when an article is indexed and keeps the best SEE_ALSO_KEPT
network-wide (site.models.SeeAlso), on both engines; a page reads that row and shows those
its edition carries, so a small edition may show fewer than a large one. It reflects
content, never chance. Its risk is topical drift on short texts: a two-line brief yields
few distinctive words, and its "See also" is then weaker, not wrong.

A new article would now appear in the lists of its nearest neighbours, so the indexer
remakes the lists of its nearest NEIGHBOURS_REMADE too, at the same time. (They were once
dropped instead and remade on the neighbour page's next view: a page view that wrote to the
database. Remaking them at once costs the indexer that many more queries per new article,
and spares them where a page is built.) A page never writes: an article with no kept row
(bulk-loaded, before `fill_neighbours` ran) has its neighbours found for that page build
and not kept.
"""

import json
from datetime import datetime

from django.db import connection

from wiredesk.articles.models import Article
from wiredesk.editions.models import Edition
from wiredesk.site.models import SeeAlso
from wiredesk.site.search.backend import Document
from wiredesk.site.search.engines import backend

SEE_ALSO_KEPT = 50  # neighbours kept per article; a page shows those its edition carries
NEIGHBOURS_REMADE = 10  # a new article's nearest this many have their kept lists remade
TEXT_FIELDS = ("headline", "body_text", "content_hash")


def neighbours(article: Article, limit: int) -> list[int]:
    """Ids of the articles most similar in content to this one, network-wide, best first."""
    return backend().neighbours(Document.of(article), limit)


def see_also_ids(
    article: Article, edition: Edition, now: datetime, visible: frozenset[int]
) -> list[int]:
    """The edition's "See also" for an article: its kept neighbours that `visible` (the
    edition's ids now) holds. Reads only: one plain-SQL query (the ORM's query building
    cost more than the read)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ids FROM {SeeAlso._meta.db_table} WHERE article_id = %s", [article.pk]
        )
        row = cursor.fetchone()
    ids = _json_ids(row[0]) if row else neighbours(article, SEE_ALSO_KEPT)
    return [pk for pk in ids if pk in visible]


def _json_ids(value: str | list[int]) -> list[int]:
    """A JSON column read with plain SQL: text on SQLite (and Django's psycopg), a list if
    a driver decoded it."""
    return json.loads(value) if isinstance(value, str | bytes) else list(value)


def keep_neighbours(article: Article) -> list[int]:
    """Find and keep an article's neighbours; returns them."""
    ids = neighbours(article, SEE_ALSO_KEPT)
    _keep([SeeAlso(article_id=article.pk, ids=ids, content_hash=article.content_hash)])
    return ids


def index_neighbours(article: Article) -> None:
    """On an article's indexing: find its neighbours unless its text is unchanged, and
    remake the kept lists of its nearest NEIGHBOURS_REMADE (each would now list it)."""
    kept = SeeAlso.objects.filter(article_id=article.pk).values_list("content_hash", flat=True)
    if article.content_hash and kept.first() == article.content_hash:
        return
    ids = keep_neighbours(article)
    remake_neighbours(ids[:NEIGHBOURS_REMADE])


def remake_neighbours(article_ids: list[int]) -> None:
    """Find again and keep the neighbours of these articles."""
    if not article_ids:
        return
    articles = Article.objects.filter(pk__in=article_ids).only(*TEXT_FIELDS)
    _keep([_found(a) for a in articles])


def fill_neighbours(article_ids: list[int] | None = None, batch: int = 500) -> int:
    """Keep the neighbours of these articles (default: all) where none are kept, as their
    indexing would have: for bulk loads, which index nothing. About 5-7 ms an article at
    30,000-100,000 articles on SQLite. Returns how many were found."""
    if article_ids is None:
        article_ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    have = set(SeeAlso.objects.values_list("pk", flat=True))
    missing = [pk for pk in article_ids if pk not in have]
    for start in range(0, len(missing), batch):
        articles = Article.objects.filter(pk__in=missing[start : start + batch])
        rows = [_found(a) for a in articles.only(*TEXT_FIELDS)]
        SeeAlso.objects.bulk_create(rows, ignore_conflicts=True)
    return len(missing)


def _found(article: Article) -> SeeAlso:
    ids = neighbours(article, SEE_ALSO_KEPT)
    return SeeAlso(article_id=article.pk, ids=ids, content_hash=article.content_hash)


def _keep(rows: list[SeeAlso]) -> None:
    """Insert or replace these rows in one statement, in article order: two indexers that
    remake overlapping lists then lock the rows in the same order (on PostgreSQL), and
    one waits for the other instead of deadlocking."""
    SeeAlso.objects.bulk_create(
        sorted(rows, key=lambda row: row.article_id),
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["ids", "content_hash"],
    )
