"""The console's own record: every change an editor makes, with who, when, before and after."""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One editor action. Rows are only ever added: the log is the newsroom's memory.

    The user's name is copied into `username` so the entry still says who acted after the
    account is deleted; `article` and `edition` are kept loose (SET_NULL) for the same reason,
    with the article's id also in `article_ref`.
    """

    class Action(models.TextChoices):
        COUNTRIES = "countries", "Corrected countries"
        MOVE = "move", "Moved to another edition"
        PIN = "pin", "Pinned as lead"
        UNPIN = "unpin", "Unpinned"
        HIDE = "hide", "Hid in an edition"
        SHOW = "show", "Showed in an edition again"
        HIDE_ARTICLE = "hide-article", "Hid everywhere"
        SHOW_ARTICLE = "show-article", "Showed everywhere again"
        KEEP_DUPLICATE = "keep-duplicate", "Confirmed as duplicate"
        NOT_DUPLICATE = "not-duplicate", "Released: not a duplicate"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices)
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    article_ref = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    edition = models.ForeignKey(
        "editions.Edition", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.article_ref}"
