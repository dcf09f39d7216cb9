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


class MergedStory(models.Model):
    """A story merged into another (`linking.merge_stories`): its page sends readers on."""

    merged_id = models.BigIntegerField(primary_key=True, help_text="The merged story's id.")
    into = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.merged_id} -> {self.into_id}"


class LinkLock(models.Model):
    """One row; linking takes it FOR UPDATE so only one process links at a time."""

    name = models.CharField(max_length=20, unique=True, default="link")

    @classmethod
    def take(cls) -> bool:
        """Lock the row for this transaction; False if another process holds it (PostgreSQL).

        On SQLite the write transaction itself serialises linkers, so this always succeeds.
        """
        cls.objects.get_or_create(name="link")
        rows = cls.objects.select_for_update(skip_locked=True).filter(name="link")
        return rows.first() is not None


class RelinkCursor(models.Model):
    """Where a re-linking of the archive stands (`wiredesk.stories.relink`): the last
    article placed, by (time, pk), and the first story id the run created."""

    name = models.CharField(max_length=20, unique=True, default="relink")
    position_when = models.DateTimeField(null=True, blank=True)
    position_pk = models.BigIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    first_story = models.BigIntegerField(default=0)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.processed} placed"
