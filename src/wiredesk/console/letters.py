"""Newsletters at a glance: each edition's last issue and how its deliveries went.

Delivered, bounced and failed come from that issue's Delivery rows; unsubscribed is the
edition's Subscription rows in that state (an unsubscribe belongs to the list, not to an
issue). The preview link goes to the newsletter app's staff preview when its URL exists;
the frozen HTML of the issue itself is shown beside it (sandboxed), since the live preview
is what would be sent now, not what was sent.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from wiredesk.editions.models import Edition
from wiredesk.newsletter.models import Delivery, NewsletterIssue, Subscription


@dataclass
class EditionLetter:
    edition: Edition
    issue: NewsletterIssue | None
    deliveries: dict[str, int] = field(default_factory=dict)
    subscriptions: dict[str, int] = field(default_factory=dict)
    preview_url: str = ""

    @property
    def delivered(self) -> int:
        return self.deliveries.get(Delivery.Status.SENT, 0)

    @property
    def bounced(self) -> int:
        return self.deliveries.get(Delivery.Status.BOUNCED, 0)

    @property
    def failed(self) -> int:
        return sum(
            self.deliveries.get(s, 0) for s in (Delivery.Status.FAILED, Delivery.Status.EXPIRED)
        )

    @property
    def waiting(self) -> int:
        return sum(
            self.deliveries.get(s, 0) for s in (Delivery.Status.PENDING, Delivery.Status.CLAIMED)
        )

    @property
    def unsubscribed(self) -> int:
        return self.subscriptions.get(Subscription.Status.UNSUBSCRIBED, 0)

    @property
    def active(self) -> int:
        return self.subscriptions.get(Subscription.Status.ACTIVE, 0)


def preview_url(edition: Edition) -> str:
    try:
        return reverse("newsletter:preview", args=[edition.slug])
    except NoReverseMatch:
        return ""


def edition_letters() -> list[EditionLetter]:
    letters = []
    subscriptions: dict[int, dict[str, int]] = {}
    for edition_id, status, n in Subscription.objects.values_list("edition_id", "status").annotate(
        n=Count("pk")
    ):
        subscriptions.setdefault(edition_id, {})[status] = n
    for edition in Edition.objects.all():
        issue = edition.issues.order_by("-date", "-pk").first()
        deliveries: dict[str, int] = {}
        if issue is not None:
            deliveries = dict(
                issue.deliveries.values_list("status").annotate(n=Count("pk")).order_by()
            )
        letters.append(
            EditionLetter(
                edition=edition,
                issue=issue,
                deliveries=deliveries,
                subscriptions=subscriptions.get(edition.pk, {}),
                preview_url=preview_url(edition),
            )
        )
    return letters


def delivery_totals() -> list[tuple[str, str, int]]:
    """(edition slug, status, count) over every delivery, for /metrics."""
    rows = Delivery.objects.values_list("issue__edition__slug", "status").annotate(n=Count("pk"))
    return [(slug, status, n) for slug, status, n in rows.order_by()]
