"""The whole path as a reader walks it, against a real SMTP server on loopback.

Sign up on the edition's page, receive the confirmation, click it, choose an
hour, receive the digest at that hour (not before), one-click unsubscribe as a
mail provider does (POST, no cookies), receive nothing more.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from test_newsletter_support import add_stories, mail_to_smtp, make_world, smtp_server  # noqa: F401
from wiredesk.newsletter.models import Delivery, Subscription
from wiredesk.newsletter.outbox import outbox_from_settings
from wiredesk.newsletter.sender import Sender
from wiredesk.sources.models import Source

pytestmark = pytest.mark.django_db


def send_at(when: datetime) -> dict:
    return Sender(outbox_from_settings, lambda: when).run().as_dict()


def test_reader_signs_up_confirms_receives_and_unsubscribes(mail_to_smtp):  # noqa: F811
    inbox = mail_to_smtp
    start = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)  # 00:30 in Zurich
    edition = make_world(start)
    reader = Client()

    page = reader.get(f"/{edition.slug}/")
    assert page.status_code == 200
    assert b'action="/newsletter/switzerland/"' in page.content  # the sign-up box

    answer = reader.post(
        "/newsletter/switzerland/", {"email": "Reader@Example.ORG", "language": "en"}
    )
    assert answer.status_code == 302
    assert reader.get(answer["Location"]).status_code == 200

    [confirmation] = inbox.to("Reader@example.org")
    link = re.search(r"https?://\S+/newsletter/confirm/\S+/", confirmation.message.get_content())
    assert link, confirmation.message.get_content()
    path = link.group(0).split("://", 1)[1].partition("/")[2]
    assert reader.get("/" + path).status_code == 200  # a scanner's GET confirms nothing
    subscription = Subscription.objects.get()
    assert subscription.status == Subscription.Status.PENDING
    assert subscription.consent_at and subscription.consent_form
    assert reader.post("/" + path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE

    token = subscription.subscriber.token
    prefs = reader.post(
        f"/newsletter/preferences/{token}/",
        {
            "language": "en",
            "time_zone": "Asia/Tokyo",
            "delivery_hour": "9",
            "editions": [edition.pk],
        },
    )
    assert prefs.status_code == 200

    # 09:00 in Tokyo is 00:00 UTC. Frozen at 23:30 UTC, nothing goes before its hour.
    report = send_at(start)
    assert report["frozen"] and report["sent"] == 0
    assert send_at(start + timedelta(minutes=29))["sent"] == 0
    assert send_at(start + timedelta(minutes=31))["sent"] == 1
    [digest] = [r for r in inbox.to("Reader@example.org") if r is not confirmation]
    message = digest.message
    assert digest.mail_from.startswith("bounces+")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "mailto:" in message["List-Unsubscribe"]
    assert message["List-Id"].endswith(".list.wiredesk.localhost>")
    assert message["Message-ID"] == Delivery.objects.get().message_id
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Story 0 from Bern" in text and "Story 0 from Bern" in html
    assert "style=" in html and "<style" not in html  # CSS inlined
    unsubscribe = re.search(r"<(https?://[^>]+)>", message["List-Unsubscribe"]).group(1)
    assert unsubscribe in html and unsubscribe in text  # visible link too

    # A mail provider's one-click: a POST with no cookies and no CSRF token.
    provider = Client(enforce_csrf_checks=True)
    path = "/" + unsubscribe.split("://", 1)[1].partition("/")[2]
    answer = provider.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.UNSUBSCRIBED

    next_day = start + timedelta(days=1)
    add_stories(edition, Source.objects.get(), next_day, 3, tag="next")
    before = len(inbox.received)
    report = send_at(next_day + timedelta(hours=2))
    assert report["sent"] == 0
    assert len(inbox.received) == before
