"""Keeping what the site reads in step with the articles: the full-text index (through the
engine's backend), each article's dates (site.models.ArticleEntry), its topics and its kept
"See also".

`index_article` runs for each changed article once its change has committed (site.signals,
on the publish step of articles.publish); it does every write a page of that article will
need, so that a page view only reads. `reindex_all` rebuilds everything from the articles
table, for bulk loads that announce nothing, a restored backup, or a change to the topic
rules; `see_also.fill_neighbours` then keeps "See also" for the articles that
have none.
"""

import uuid

from django.db import connection

from wiredesk.articles.models import Article
from wiredesk.site.cache import stamp_articles
from wiredesk.site.models import ArticleEntry, ArticleTopic
from wiredesk.site.search.backend import Document
from wiredesk.site.search.engines import backend
from wiredesk.site.search.see_also import index_neighbours
from wiredesk.site.topics import topics_of


def index_article(article: Article) -> None:
    """(Re)index one article: its text, its dates, its neighbours and topics. Idempotent."""
    backend().index([Document.of(article)])
    ArticleEntry.objects.update_or_create(
        article_id=article.pk,
        defaults={
            "when": article.published_at or article.republished_at,
            "republished_at": article.republished_at,
            "stamp": uuid.uuid4().hex,
        },
    )
    if article.story_id:  # the other versions of its story list it
        siblings = Article.objects.filter(story_id=article.story_id).exclude(pk=article.pk)
        stamp_articles(list(siblings.values_list("pk", flat=True)))
    index_neighbours(article)
    topics = topics_of(article.categories or [])
    ArticleTopic.objects.filter(article_id=article.pk).exclude(
        slug__in=[t.slug for t in topics]
    ).delete()
    ArticleTopic.objects.bulk_create(
        [ArticleTopic(article_id=article.pk, slug=t.slug, name=t.name) for t in topics],
        ignore_conflicts=True,
    )


def unindex_article(article_id: int) -> None:
    """Drop a deleted article from the full-text index (its other rows go with it: cascade)."""
    backend().unindex(article_id)


def reindex_all(batch: int = 2000) -> int:
    """Rebuild the index, dates and topics from the articles table; returns the count."""
    ArticleEntry.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO site_articleentry (article_id, "when", republished_at, stamp) '
            "SELECT id, coalesce(published_at, republished_at), republished_at, %s "
            "FROM articles_article",
            [uuid.uuid4().hex],
        )
    backend().rebuild(batch)
    ArticleTopic.objects.all().delete()
    done, last = 0, 0
    categories = Article.objects.order_by("pk").values_list("pk", "categories")
    while rows := list(categories.filter(pk__gt=last)[:batch]):
        ArticleTopic.objects.bulk_create(
            [
                ArticleTopic(article_id=pk, slug=t.slug, name=t.name)
                for pk, found in rows
                for t in topics_of(found or [])
            ],
            ignore_conflicts=True,
        )
        done += len(rows)
        last = rows[-1][0]
    return done
