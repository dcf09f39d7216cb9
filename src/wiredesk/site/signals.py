"""Keep the search index and the cache version in step with what pages show.

Connected in SiteConfig.ready. Every save or delete of something a page shows retires the
cached lists (see site.cache); an article page retires only with its own article (its save,
placements, countries, story) or with an edition, source or licence. An article's save also
reindexes it. Bulk writes
(`bulk_create`, `QuerySet.update`) send no signals: whoever does them calls
`site.search.reindex_all` or `index_article` and `bump_content_version` (the benchmark does).
"""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from wiredesk.site.cache import bump_content_version, stamp_articles


def _changed(sender: type, **kwargs: Any) -> None:
    """Editions, sources, licences: what many article pages show."""
    if not kwargs.get("raw"):
        bump_content_version(structure=True)


def _article_part_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    """A placement or country of one article: the lists and that article's page."""
    if not kwargs.get("raw"):
        stamp_articles([instance.article_id])
        bump_content_version()


def _story_changed(sender: type, **kwargs: Any) -> None:
    """A story's title shows on its page and lists, not on its articles' pages."""
    if not kwargs.get("raw"):
        bump_content_version()


def _article_saved(sender: type, instance: Any, **kwargs: Any) -> None:
    from wiredesk.site.search import index_article

    if not kwargs.get("raw"):
        index_article(instance)
        bump_content_version()


def _article_deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    from wiredesk.site.search import unindex_article

    unindex_article(instance.pk)
    bump_content_version()


def connect() -> None:
    from wiredesk.articles.models import Article, ArticleCountry
    from wiredesk.editions.models import Edition, Placement
    from wiredesk.sources.models import Licence, Source
    from wiredesk.stories.models import Story

    post_save.connect(_article_saved, sender=Article, dispatch_uid="site-article-saved")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="site-article-deleted")
    handlers = [(_article_part_changed, (ArticleCountry, Placement)), (_story_changed, (Story,))]
    handlers.append((_changed, (Edition, Licence, Source)))
    for handler, models in handlers:
        for model in models:
            uid = f"site-{model._meta.label_lower}"
            post_save.connect(handler, sender=model, dispatch_uid=f"{uid}-saved")
            post_delete.connect(handler, sender=model, dispatch_uid=f"{uid}-deleted")
    m2m_changed.connect(
        _changed, sender=Licence.editions.through, dispatch_uid="site-licence-editions"
    )
