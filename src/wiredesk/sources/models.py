"""Partner sources, the licences they grant, and the feeds we poll."""

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone


class Licence(models.Model):
    """The terms under which a partner lets us republish its stories."""

    class Kind(models.TextChoices):
        OPEN = "open", "Open licence (e.g. Creative Commons)"
        PERMISSION = "permission", "Written permission"
        CONTRACT = "contract", "Commercial contract"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERMISSION)
    url = models.URLField(blank=True, help_text="Where the licence text lives.")
    attribution_template = models.TextField(
        help_text="Shown with every story. "
        "Placeholders: {author} {source} {date} {title} {url} {year}."
    )
    rights_template = models.CharField(
        max_length=500,
        blank=True,
        help_text="The rights line. {year} is the story's own year, never a fixed one.",
    )
    all_editions = models.BooleanField(
        default=False, help_text="Any edition may carry it; otherwise only those listed."
    )
    editions = models.ManyToManyField("editions.Edition", blank=True, related_name="licences")
    embargo = models.DurationField(
        default=timedelta(0), help_text="How long after original publication we may publish."
    )
    canonical_to_original = models.BooleanField(
        default=False, help_text="Our pages name the partner's page as canonical."
    )
    valid_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name

    def allows(self, edition_id: int, now: datetime | None = None) -> bool:
        """May an edition carry stories under this licence now (embargo aside)?"""
        now = now or timezone.now()
        if self.valid_until and now >= self.valid_until:
            return False
        return self.all_editions or self.editions.filter(pk=edition_id).exists()

    def embargo_ends(self, published: datetime | None) -> datetime | None:
        return published + self.embargo if published and self.embargo else None


class Source(models.Model):
    """A partner agency or outlet whose stories we carry."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    homepage = models.URLField(blank=True)
    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="sources")
    active = models.BooleanField(default=True)
    page_template = models.JSONField(
        default=dict, blank=True, help_text="What extraction learned of this partner's page layout."
    )
    tags_countries = models.BooleanField(
        default=False,
        help_text="The partner's own categories name the countries each story is about; "
        "they count as evidence beside the text (geo.tags).",
    )

    def __str__(self) -> str:
        return self.name


class Feed(models.Model):
    """One feed URL of a source, with what we need to poll it politely and its health."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField(max_length=1000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)
    # Conditional GET validators: the server tells us when nothing changed.
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    # Schedule.
    poll_interval = models.DurationField(default=timedelta(minutes=30))
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Health, shown to editors.
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    error_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.title or self.url

    def is_due(self, now: datetime) -> bool:
        return self.active and (self.next_poll_at is None or self.next_poll_at <= now)
