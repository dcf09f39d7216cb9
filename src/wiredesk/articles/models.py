"""The stored story: one row per partner article, whatever route brought it."""

from django.db import models
from django.utils import timezone


class Article(models.Model):
    """A partner article as we republish it.

    Natural keys: (source, guid) and the canonical URL. Ingesting the same item
    twice finds the existing row by either and never creates a second one.
    """

    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="articles")
    feed = models.ForeignKey(
        "sources.Feed", on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    guid = models.CharField(max_length=1000)
    url = models.URLField(max_length=1000, unique=True, help_text="Canonical URL at the partner.")
    headline = models.CharField(max_length=500)
    dateline = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    body_html = models.TextField(help_text="Sanitized HTML, as published.")
    body_text = models.TextField()
    authors = models.JSONField(default=list, blank=True)
    credits = models.JSONField(default=list, blank=True, help_text='e.g. ["AFP", "Reuters"]')
    rights_line = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=10, blank=True)
    image_url = models.URLField(max_length=1000, blank=True)
    categories = models.JSONField(default=list, blank=True)
    flags = models.JSONField(default=list, blank=True, help_text="What editors should look at.")
    # Four dates, never confused with one another.
    published_at = models.DateTimeField(null=True, blank=True, help_text="Original publication.")
    feed_published_at = models.DateTimeField(null=True, blank=True, help_text="Date the feed gave.")
    updated_at = models.DateTimeField(null=True, blank=True, help_text="Partner's last update.")
    republished_at = models.DateTimeField(
        default=timezone.now, db_index=True, help_text="When we published it."
    )
    # Geo and stories.
    main_country = models.CharField(max_length=2, blank=True, db_index=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    minhash = models.BinaryField(null=True, blank=True, editable=False)
    story = models.ForeignKey(
        "stories.Story", on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    enriched_at = models.DateTimeField(
        default=timezone.now,
        null=True,
        blank=True,
        db_index=True,
        help_text="When the story was cleaned, tagged with countries and routed "
        "(ingest.enrich); empty while it waits: entries stored straight from a feed wait.",
    )
    linked_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When duplicates and stories were decided for it (stories.linking).",
    )
    hidden = models.BooleanField(default=False, help_text="Hidden from every edition.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "guid"], name="one_article_per_source_guid"),
        ]
        ordering = ["-republished_at"]

    def __str__(self) -> str:
        return self.headline

    @property
    def year(self) -> int:
        return (self.published_at or self.republished_at).year


class ArticleCountry(models.Model):
    """A country an article concerns, with its relevance."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="countries")
    country = models.CharField(max_length=2)
    score = models.FloatField(help_text="Share of the story's attention, 0-1.")
    is_main = models.BooleanField(default=False)
    by_editor = models.BooleanField(
        default=False, help_text="Set by an editor, kept on re-tagging."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "country"], name="one_row_per_country"),
        ]
        ordering = ["-score"]

    def __str__(self) -> str:
        return f"{self.country} ({self.score:.2f})"
