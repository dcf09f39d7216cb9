"""Keep the search index and the cache version in step with what pages show.

Connected in SiteConfig.ready. Articles reach the site through the publish step
(`articles.publish`): once a writer's transaction has committed, the changed articles are
(re)indexed, their pages' stamps retired (in `index_article`) and the cached lists
retired, in one transaction of the site's own. A writer never waits on this work, and
never imports the site.

Editions, sources and licences, which editors change and many article pages show,
retire every cached page on their save (they are no article's change). Bulk rebuilds
(`site_reindex`) call `site.search.reindex_all` and `bump_content_version` themselves.
"""

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from wiredesk.site.cache import bump_content_version

log = logging.getLogger(__name__)


def _changed(sender: type, **kwargs: Any) -> None:
    """Editions, sources, licences: what many article pages show."""
    if not kwargs.get("raw"):
        bump_content_version(structure=True)


def articles_changed(sender: object, article_ids: list[int], **kwargs: Any) -> None:
    """Index the changed articles (drop the deleted ones) and retire the cached lists."""
    from wiredesk.articles.models import Article
    from wiredesk.site.search import index_article, unindex_article

    with transaction.atomic():
        found = Article.objects.filter(pk__in=article_ids).order_by("pk")
        indexed = set()
        for article in found:
            index_article(article)
            indexed.add(article.pk)
        for gone in set(article_ids) - indexed:
            unindex_article(gone)
        bump_content_version()


def catch_up(sender: object, **kwargs: Any) -> None:
    """Index the articles a killed writer announced too late: those the site has no entry
    for (shown ones only: waiting full-story entries are announced once enriched)."""
    from wiredesk.articles.models import Article

    missed = list(
        Article.objects.filter(site_entry__isnull=True, enriched_at__isnull=False).values_list(
            "pk", flat=True
        )[:1000]
    )
    if missed:
        log.warning("site: indexing %d articles whose announcement was lost", len(missed))
        articles_changed(sender, missed)


def connect() -> None:
    from wiredesk.articles.publish import articles_changed as published
    from wiredesk.articles.publish import sweep_requested
    from wiredesk.editions.models import Edition
    from wiredesk.sources.models import Licence, Source

    published.connect(articles_changed, dispatch_uid="site-articles-changed")
    sweep_requested.connect(catch_up, dispatch_uid="site-catch-up")
    for model in (Edition, Licence, Source):
        uid = f"site-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-deleted")
    m2m_changed.connect(
        _changed, sender=Licence.editions.through, dispatch_uid="site-licence-editions"
    )
