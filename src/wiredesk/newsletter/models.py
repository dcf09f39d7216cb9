"""Subscribers, their subscriptions, the daily issues and each delivery.

"Never a message sent twice" rests on the unique (issue, subscriber) key of
Delivery: the rows are written when the issue is frozen, a row is claimed
before its message is sent and marked sent only after the server's 250. A
sender killed in between leaves the row claimed by a dead process; the next
run gives it back and sends it again with the same Message-ID, so at most the
messages in flight at the kill are sent twice.
"""

import secrets

from django.db import models
from django.utils import timezone


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    email = models.EmailField(unique=True)
    language = models.CharField(max_length=10, default="en")
    time_zone = models.CharField(max_length=64, default="UTC")
    delivery_hour = models.PositiveSmallIntegerField(default=7, help_text="Local hour, 0-23.")
    token = models.CharField(
        max_length=64,
        unique=True,
        default=new_token,
        help_text="Opaque key of the preferences and unsubscribe links.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    bounce_count = models.PositiveIntegerField(default=0, help_text="Soft bounces in a row.")
    stopped_at = models.DateTimeField(
        null=True, blank=True, help_text="Delivery stopped after a hard bounce or a complaint."
    )

    def __str__(self) -> str:
        return self.email


class Subscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        ACTIVE = "active", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Stopped after bounces"

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    edition = models.ForeignKey(
        "editions.Edition", on_delete=models.CASCADE, related_name="subscriptions"
    )
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.PENDING)
    # The consent record.
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_ip = models.GenericIPAddressField(null=True, blank=True)
    consent_form = models.CharField(max_length=200, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "edition"], name="one_subscription_per_edition"
            ),
        ]
        indexes = [models.Index(fields=["edition", "status"])]


class NewsletterIssue(models.Model):
    """One edition's digest for one day, frozen: its stories never change once built.

    `html` and `text` keep the edition-language rendering for the archive and
    the preview; messages are rendered from `articles` in each reader's language.
    """

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="issues")
    date = models.DateField()
    subject = models.CharField(max_length=300)
    html = models.TextField()
    text = models.TextField()
    built_at = models.DateTimeField(default=timezone.now)
    since = models.DateTimeField(null=True, blank=True, help_text="Start of its stories' window.")
    article_ids = models.JSONField(default=list, help_text="Its stories, in order.")
    articles = models.ManyToManyField("articles.Article", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "date"], name="one_issue_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.edition} {self.date}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for its hour"
        CLAIMED = "claimed", "Being sent"
        SENT = "sent", "Sent"
        BOUNCED = "bounced", "Bounced"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Missed its deadline"
        SKIPPED = "skipped", "Unsubscribed before sending"

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    message_id = models.CharField(max_length=300, blank=True)
    due_at = models.DateTimeField(null=True, blank=True, help_text="The reader's local hour.")
    deadline = models.DateTimeField(null=True, blank=True, help_text="Not sent after this.")
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="Back-off after 4xx.")
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_by = models.CharField(max_length=200, blank=True, help_text="host:pid:start")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="one_delivery_per_issue"),
        ]
        indexes = [models.Index(fields=["status", "due_at"])]


class BounceEvent(models.Model):
    """A DSN or complaint as received: what it said and what we did."""

    class Kind(models.TextChoices):
        HARD = "hard", "Hard bounce"
        SOFT = "soft", "Soft bounce"
        COMPLAINT = "complaint", "Complaint"
        UNSUBSCRIBE = "unsubscribe", "Unsubscribe by mail"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="bounces")
    delivery = models.ForeignKey(Delivery, on_delete=models.SET_NULL, null=True, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=20, blank=True, help_text="DSN status, e.g. 5.1.1")
    diagnostic = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)


class RateLimitHit(models.Model):
    """One counted request: sign-up limits per IP and per address live in the database,
    so every worker process sees the same counts. Addresses are stored hashed."""

    key = models.CharField(max_length=100)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["key", "at"])]


class EditionNewsletter(models.Model):
    """An edition's newsletter settings: the languages its sign-up offers.

    Switzerland News may offer de, fr, it and en; an edition without a row offers
    its own language and English. Each reader still picks one language for the
    pages and messages they get.
    """

    edition = models.OneToOneField(
        "editions.Edition", on_delete=models.CASCADE, related_name="newsletter"
    )
    languages = models.JSONField(
        default=list, blank=True, help_text='Language codes offered, e.g. ["de", "fr", "it", "en"].'
    )

    def __str__(self) -> str:
        return f"{self.edition} newsletter"
