"""A subscriber's data on request: everything we hold about one address, and its erasure.

Erasure keeps the counts, not the person. The Subscriber row stays as an anonymous
placeholder (address `erased-<random>@erased.invalid`, a fresh token, defaults for
language, time zone and hour, stopped) so each issue's deliveries still add up in the
console and metrics; everything that described the person goes: subscriptions with their
consent records (time, IP, form), bounce reports (their diagnostics quote the address),
sign-up rate-limit hits for the address, and on each delivery its Message-ID, error text
and claim. Deliveries not yet sent become `skipped`, so nothing more is mailed.
"""

import secrets
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from wiredesk.newsletter import tokens
from wiredesk.newsletter.models import BounceEvent, Delivery, RateLimitHit, Subscriber
from wiredesk.newsletter.subscribers import normalize

ERASED_DOMAIN = "erased.invalid"
UNSENT = [Delivery.Status.PENDING, Delivery.Status.CLAIMED]


class NoSuchSubscriber(LookupError):
    pass


def find(email: str) -> Subscriber:
    """The subscriber with this address, as sign-up stores it (domain lower-cased)."""
    address = normalize(email)
    subscriber = (
        Subscriber.objects.filter(email=address).first()
        or Subscriber.objects.filter(email__iexact=address).first()
    )
    if subscriber is None or subscriber.email.endswith("@" + ERASED_DOMAIN):
        raise NoSuchSubscriber(email)
    return subscriber


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(subscriber: Subscriber) -> dict[str, Any]:
    """Everything held about one subscriber, as plain JSON values."""
    subscriptions = subscriber.subscriptions.select_related("edition").order_by("pk")
    deliveries = subscriber.deliveries.select_related("issue__edition").order_by("pk")
    bounces = subscriber.bounces.order_by("pk")
    limits = RateLimitHit.objects.filter(key=tokens.address_key(subscriber.email)).order_by("at")
    return {
        "subscriber": {
            "email": subscriber.email,
            "language": subscriber.language,
            "time_zone": subscriber.time_zone,
            "delivery_hour": subscriber.delivery_hour,
            "preferences_token": subscriber.token,
            "created_at": _when(subscriber.created_at),
            "soft_bounces_in_a_row": subscriber.bounce_count,
            "stopped_at": _when(subscriber.stopped_at),
        },
        "subscriptions": [
            {
                "edition": s.edition.slug,
                "edition_name": s.edition.name,
                "status": s.status,
                "consent": {
                    "at": _when(s.consent_at),
                    "ip": s.consent_ip,
                    "form": s.consent_form,
                },
                "confirmed_at": _when(s.confirmed_at),
                "unsubscribed_at": _when(s.unsubscribed_at),
            }
            for s in subscriptions
        ],
        "deliveries": [
            {
                "edition": d.issue.edition.slug,
                "issue_date": d.issue.date.isoformat(),
                "subject": d.issue.subject,
                "status": d.status,
                "message_id": d.message_id,
                "due_at": _when(d.due_at),
                "sent_at": _when(d.sent_at),
                "attempts": d.attempts,
                "error": d.error,
            }
            for d in deliveries
        ],
        "bounces": [
            {
                "kind": b.kind,
                "status": b.status,
                "diagnostic": b.diagnostic,
                "received_at": _when(b.received_at),
            }
            for b in bounces
        ],
        "signup_rate_limit_hits": [_when(h.at) for h in limits],
    }


def erase(subscriber: Subscriber, now: datetime | None = None) -> dict[str, int]:
    """Remove the person's data, keeping anonymous delivery counts. Returns what was done."""
    now = now or timezone.now()
    address_key = tokens.address_key(subscriber.email)
    with transaction.atomic():
        deliveries = Delivery.objects.filter(subscriber=subscriber)
        skipped = deliveries.filter(status__in=UNSENT).update(status=Delivery.Status.SKIPPED)
        kept = deliveries.update(message_id="", error="", claimed_by="", claimed_at=None)
        subscriptions = subscriber.subscriptions.all().delete()[0]
        bounces = BounceEvent.objects.filter(subscriber=subscriber).delete()[0]
        limits = RateLimitHit.objects.filter(key=address_key).delete()[0]
        Subscriber.objects.filter(pk=subscriber.pk).update(
            email=f"erased-{secrets.token_hex(12)}@{ERASED_DOMAIN}",
            token=secrets.token_urlsafe(24),
            language="en",
            time_zone="UTC",
            delivery_hour=7,
            bounce_count=0,
            stopped_at=now,
            created_at=now,
        )
    return {
        "subscriptions_deleted": subscriptions,
        "bounces_deleted": bounces,
        "rate_limit_hits_deleted": limits,
        "deliveries_kept_anonymous": kept,
        "deliveries_skipped": skipped,
    }
