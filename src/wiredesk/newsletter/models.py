"""Subscribers, their subscriptions, the daily issues and each delivery.

"Never a message sent twice" rests on the unique (issue, subscriber) key of
Delivery: a delivery row is claimed before sending and marked after.
"""

import secrets

from django.db import models


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
    bounce_count = models.PositiveIntegerField(default=0)

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


class NewsletterIssue(models.Model):
    """One edition's digest for one day."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="issues")
    date = models.DateField()
    subject = models.CharField(max_length=300)
    html = models.TextField()
    text = models.TextField()
    built_at = models.DateTimeField(auto_now_add=True)
    articles = models.ManyToManyField("articles.Article", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "date"], name="one_issue_per_day")
        ]


class Delivery(models.Model):
    class Status(models.TextChoices):
        CLAIMED = "claimed", "Being sent"
        SENT = "sent", "Sent"
        BOUNCED = "bounced", "Bounced"
        FAILED = "failed", "Failed"

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CLAIMED)
    message_id = models.CharField(max_length=300, blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="one_delivery_per_issue"),
        ]
