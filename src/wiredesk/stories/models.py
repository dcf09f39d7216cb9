"""Stories: the articles of several sources and languages about one event."""

from django.db import models


class Story(models.Model):
    title = models.CharField(max_length=500)
    lead = models.ForeignKey(
        "articles.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    closed = models.BooleanField(default=False, help_text="No new article joins a closed story.")

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return self.title
