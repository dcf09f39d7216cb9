"""What happens to a subscriber: subscribe, confirm, change preferences, unsubscribe, stop.

The web views, the bounce reader and the sender all go through these, so a
subscription changes state in one place.

No enumeration: `subscribe` answers the same whatever the address's state.
An address already confirmed gets a mail with its preferences link instead
of a confirmation; a stranger's form cannot change a subscriber's settings.
"""

import logging
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wiredesk.editions.models import Edition
from wiredesk.newsletter import tokens
from wiredesk.newsletter.digest import reader_language
from wiredesk.newsletter.links import absolute, manage_url
from wiredesk.newsletter.models import Subscriber, Subscription

log = logging.getLogger("wiredesk.newsletter")


@dataclass(frozen=True)
class SignupRequest:
    """A valid sign-up form, as it arrived."""

    email: str
    edition: Edition
    language: str
    ip: str | None
    form: str


def normalize(email: str) -> str:
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


def subscribe(request: SignupRequest) -> None:
    """Record the consent and mail a confirmation link (or, if confirmed, the preferences)."""
    now = timezone.now()
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(
            email=normalize(request.email),
            defaults={
                "language": reader_language(request.language, request.edition.language),
                "time_zone": request.edition.time_zone,
            },
        )
        subscription, _created = Subscription.objects.get_or_create(
            subscriber=subscriber, edition=request.edition
        )
        already = subscription.status == Subscription.Status.ACTIVE
        if not already:
            subscription.status = Subscription.Status.PENDING
            subscription.consent_at = now
            subscription.consent_ip = request.ip
            subscription.consent_form = request.form[:200]
            subscription.save()
    language = reader_language(request.language, subscriber.language)
    if already:
        _mail_already(subscriber, request.edition, language)
    else:
        _mail_confirmation(subscription, language)


def _mail(to: str, subject: str, body: str) -> None:
    EmailMessage(subject, body, to=[to]).send()


def _mail_confirmation(subscription: Subscription, language: str) -> None:
    from django.urls import reverse

    link = absolute(reverse("newsletter:confirm", args=[tokens.confirm_token(subscription.pk)]))
    edition = subscription.edition
    with translation.override(language):
        subject = _("Confirm your subscription to %(edition)s") % {"edition": edition.name}
        body = render_to_string(
            "newsletter/email/confirm.txt",
            {"edition": edition, "confirm_url": link, "days": tokens.CONFIRM_MAX_AGE // 86400},
        )
    _mail(subscription.subscriber.email, subject, body)


def _mail_already(subscriber: Subscriber, edition: Edition, language: str) -> None:
    with translation.override(language):
        subject = _("Your subscription to %(edition)s") % {"edition": edition.name}
        body = render_to_string(
            "newsletter/email/already.txt",
            {"edition": edition, "manage_url": manage_url(subscriber.token)},
        )
    _mail(subscriber.email, subject, body)


def confirm(subscription: Subscription) -> None:
    """The reader clicked the link: the subscription is active from now."""
    if subscription.status == Subscription.Status.ACTIVE:
        return
    subscription.status = Subscription.Status.ACTIVE
    subscription.confirmed_at = timezone.now()
    subscription.unsubscribed_at = None
    subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
    Subscriber.objects.filter(pk=subscription.subscriber_id).update(stopped_at=None, bounce_count=0)
    log.info("confirmed", extra={"subscription_id": subscription.pk})


def set_editions(subscriber: Subscriber, wanted: set[int], ip: str | None) -> None:
    """From the preferences page: the token proves the address, so new editions start active."""
    now = timezone.now()
    for subscription in subscriber.subscriptions.all():
        if subscription.edition_id not in wanted and subscription.status in (
            Subscription.Status.ACTIVE,
            Subscription.Status.PENDING,
        ):
            subscription.status = Subscription.Status.UNSUBSCRIBED
            subscription.unsubscribed_at = now
            subscription.save(update_fields=["status", "unsubscribed_at"])
    for edition_id in wanted:
        subscription, _created = Subscription.objects.get_or_create(
            subscriber=subscriber, edition_id=edition_id
        )
        if subscription.status != Subscription.Status.ACTIVE:
            subscription.status = Subscription.Status.ACTIVE
            subscription.consent_at = subscription.confirmed_at = now
            subscription.consent_ip = ip
            subscription.consent_form = "preferences"
            subscription.unsubscribed_at = None
            subscription.save()


def unsubscribe(subscriber: Subscriber, edition_slug: str | None) -> int:
    """Unsubscribe from one edition (or all when None); returns how many subscriptions."""
    subscriptions = subscriber.subscriptions.exclude(status=Subscription.Status.UNSUBSCRIBED)
    if edition_slug:
        subscriptions = subscriptions.filter(edition__slug=edition_slug)
    count = subscriptions.update(
        status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
    )
    log.info("unsubscribed", extra={"subscriber_id": subscriber.pk, "edition": edition_slug})
    return count


def stop_subscriber(subscriber: Subscriber, reason: str) -> None:
    """No more mail to this address: every live subscription marked bounced."""
    Subscriber.objects.filter(pk=subscriber.pk).update(stopped_at=timezone.now())
    subscriber.subscriptions.filter(
        status__in=[Subscription.Status.ACTIVE, Subscription.Status.PENDING]
    ).update(status=Subscription.Status.BOUNCED)
    log.warning("stopped subscriber", extra={"subscriber_id": subscriber.pk, "reason": reason})
