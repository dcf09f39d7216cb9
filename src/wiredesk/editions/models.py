"""Editions (one news site each) and the placement of articles in them."""

from django.db import models
from django.utils import timezone

from wiredesk.editions.validators import validate_not_reserved
from wiredesk.geo.scoring import ABOUT


class Edition(models.Model):
    """A country or regional news site, such as "Switzerland News"."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, validators=[validate_not_reserved])
    host = models.CharField(max_length=253, blank=True, help_text="Host name in production.")
    countries = models.JSONField(default=list, help_text="ISO 3166-1 alpha-2 codes it covers.")
    threshold = models.FloatField(
        default=ABOUT,
        help_text="Least score (0-1) of a covered country for an article to be placed: the "
        "likelihood that the story is about it, with precision meeting recall at 0.2.",
    )
    language = models.CharField(max_length=10, default="en")
    time_zone = models.CharField(max_length=64, default="UTC")
    tagline = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def country_label(self) -> str:
        """ "Switzerland" for "Switzerland News": used in "More Switzerland News"."""
        return self.name.removesuffix(" News")


class Placement(models.Model):
    """An article shown in an edition, and why."""

    class Reason(models.TextChoices):
        ROUTED = "routed", "Routed by its countries"
        EDITOR = "editor", "Placed by an editor"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="placements")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="placements"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices, default=Reason.ROUTED)
    score = models.FloatField(default=0.0)
    pinned = models.BooleanField(default=False, help_text="Lead story of the front page.")
    hidden = models.BooleanField(default=False)
    placed_at = models.DateTimeField(auto_now_add=True)
    visible_from = models.DateTimeField(null=True, blank=True, help_text="Embargo end, if any.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "article"], name="one_placement_per_edition"
            ),
        ]
        indexes = [models.Index(fields=["edition", "hidden", "-placed_at"])]

    def __str__(self) -> str:
        return f"{self.article_id} in {self.edition}"


class RetagRun(models.Model):
    """One pass of `wiredesk geotag --rerun` over the stored articles (editions.retag).

    Each batch of articles is re-tagged, re-routed and recorded here in one transaction, so
    a pass stopped at any point resumes after the last article it finished, as long as the
    tagger (code, gazetteer and model: geo.version) is the same.
    """

    tagger = models.CharField(max_length=64, help_text="geo.version.tagger_version()")
    last_article_id = models.BigIntegerField(default=0)
    articles = models.PositiveIntegerField(default=0, help_text="Articles done so far.")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        state = "finished" if self.finished_at else f"after article {self.last_article_id}"
        return f"re-tagging with {self.tagger}, {state}"
