"""The site's own read models: a content version for its caches, article topics and dates,
and each article's "See also" neighbours.

All are derived data, rebuilt from articles by `wiredesk site_reindex`; nothing here is
edited by hand.
"""

from django.db import models


class ContentVersion(models.Model):
    """One row whose token changes whenever anything a page shows changes.

    A second row (pk=2) changes only with what many article pages show at once (editions,
    sources, licences); an article page is keyed by it and by the article's own stamp
    (ArticleEntry.stamp), so it outlives the ingests of other stories.

    Rendered fragments are cached under the token, so every process (web workers, the ingest
    command) sees new content as soon as it commits, without a shared cache. The token is
    random, not a counter, so a rolled-back change can never bring back an old token that
    cached pages of other content.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)


class ArticleEntry(models.Model):
    """The two dates lists sort and filter by, in a narrow table of their own.

    On SQLite the articles table stores each story's text inline, so reading one date column
    for 100,000 rows reads the whole table; sorting an edition's archive that way took most
    of a second. This copy is a few dozen bytes a row and indexed.
    """

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="site_entry"
    )
    when = models.DateTimeField(db_index=True, help_text="Original date, else republication.")
    republished_at = models.DateTimeField()
    stamp = models.CharField(
        max_length=32,
        blank=True,
        help_text="Changes when the article's own page changes (site.cache.article_stamp).",
    )


class ArticleTopic(models.Model):
    """A topic (section) of an article, from the partner's categories (see site.topics)."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="site_topics"
    )
    slug = models.SlugField(max_length=100)
    name = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "slug"], name="one_row_per_article_topic")
        ]
        indexes = [models.Index(fields=["slug", "article"])]

    def __str__(self) -> str:
        return self.name


class SeeAlso(models.Model):
    """An article's nearest neighbours by content, network-wide, best first.

    Finding them (site.search.neighbours) is a full-text query that ranks hundreds of
    matches (most of an uncached article page's time). So the indexer runs it when the
    article is indexed, and pages read this row; a page filters the ids by what its edition
    shows. The row also keeps the words the neighbours were matched on and their scores, so
    that a new article can be scored against this list alone and slotted in; a page never
    writes here (site.search.see_also).
    """

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="site_see_also"
    )
    ids = models.JSONField(default=list, help_text="Related article ids, best first.")
    content_hash = models.CharField(max_length=64, blank=True, help_text="Of the text used.")
    terms = models.TextField(
        null=True, help_text="The words matched on, space-separated; null: kept before 0007."
    )
    scores = models.JSONField(null=True, help_text="The score of each id, higher nearer.")
