"""What ingest records of its own: the items it could not take, and why."""

from django.db import models


class ItemError(models.Model):
    """An entry of a feed whose page could not be fetched or extracted.

    The article is not stored, so the next poll tries it again; this row keeps
    the last error for editors and counts the attempts.
    """

    feed = models.ForeignKey("sources.Feed", on_delete=models.CASCADE, related_name="item_errors")
    guid = models.CharField(max_length=1000)
    url = models.URLField(max_length=1000, blank=True)
    message = models.TextField()
    attempts = models.PositiveIntegerField(default=1)
    first_at = models.DateTimeField(auto_now_add=True)
    last_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feed", "guid"], name="one_error_per_item")]
        ordering = ["-last_at"]

    def __str__(self) -> str:
        return f"{self.url or self.guid}: {self.message}"


class FailedTask(models.Model):
    """Dead letters: a unit of work that failed after all its retries, for editors to see."""

    task = models.CharField(max_length=200)
    arguments = models.JSONField(default=list)
    error = models.TextField()
    failed_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["-failed_at"]

    def __str__(self) -> str:
        return f"{self.task}: {self.error[:80]}"
