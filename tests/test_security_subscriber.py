"""`wiredesk subscriber export|delete EMAIL`: all of a person's data out, then none of it kept."""

import io
import json
from datetime import UTC, date, datetime

import pytest
from django.core.management import CommandError, call_command

from test_newsletter_support import active_subscriber, make_world
from wiredesk.newsletter import tokens
from wiredesk.newsletter.models import (
    BounceEvent,
    Delivery,
    NewsletterIssue,
    RateLimitHit,
    Subscriber,
    Subscription,
)
from wiredesk.security.management.commands.subscriber import Command

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
ADDRESS = "Reader.One@example.org"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(Command(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def reader():
    """A reader with a consent record, two issues delivered (one sent, one due) and a bounce."""
    edition = make_world(NOW, stories=1)
    subscriber = active_subscriber(ADDRESS, edition)
    Subscription.objects.filter(subscriber=subscriber).update(
        consent_at=NOW, consent_ip="203.0.113.5", consent_form="/switzerland/", confirmed_at=NOW
    )
    other = active_subscriber("someone.else@example.org", edition)
    for day, status in ((27, Delivery.Status.SENT), (28, Delivery.Status.PENDING)):
        issue = NewsletterIssue.objects.create(
            edition=edition,
            date=date(2026, 11, day),
            subject=f"News of the {day}th",
            html="",
            text="",
        )
        for s in (subscriber, other):
            Delivery.objects.create(
                issue=issue,
                subscriber=s,
                status=status,
                message_id=tokens.message_id(issue.pk, s.pk),
                error=f"452 mailbox of {s.email} full" if status == "pending" else "",
                sent_at=NOW if status == "sent" else None,
            )
    BounceEvent.objects.create(
        subscriber=subscriber, kind="soft", status="4.2.2", diagnostic=f"<{ADDRESS}> over quota"
    )
    RateLimitHit.objects.create(key=tokens.address_key(ADDRESS), at=NOW)
    return subscriber


def test_export_holds_everything(reader):
    data = json.loads(run("export", ADDRESS))
    assert data["subscriber"]["email"] == ADDRESS
    assert data["subscriber"]["preferences_token"] == reader.token
    [subscription] = data["subscriptions"]
    assert subscription["edition"] == "switzerland" and subscription["status"] == "active"
    assert subscription["consent"] == {
        "at": NOW.isoformat(),
        "ip": "203.0.113.5",
        "form": "/switzerland/",
    }
    assert [d["issue_date"] for d in data["deliveries"]] == ["2026-11-27", "2026-11-28"]
    assert [d["status"] for d in data["deliveries"]] == ["sent", "pending"]
    assert all(d["message_id"].startswith("<wd.") for d in data["deliveries"])
    assert [b["status"] for b in data["bounces"]] == ["4.2.2"]
    assert len(data["signup_rate_limit_hits"]) == 1
    assert "someone.else" not in json.dumps(data)  # only this person's data


def test_export_finds_the_address_as_sign_up_stored_it(reader):
    assert json.loads(run("export", " Reader.One@EXAMPLE.ORG "))["subscriber"]["email"] == ADDRESS


def test_unknown_address_is_an_error():
    with pytest.raises(CommandError, match="no subscriber"):
        run("export", "nobody@example.org")
    with pytest.raises(CommandError, match="no subscriber"):
        run("delete", "nobody@example.org")


def test_delete_removes_the_person_and_keeps_anonymous_counts(reader):
    before = dict(
        (status, Delivery.objects.filter(status=status).count()) for status in ("sent", "pending")
    )
    out = run("delete", ADDRESS)
    assert ADDRESS not in out and "reader.one" not in out.lower()
    assert json.loads(out)["subscriptions_deleted"] == 1

    assert not Subscriber.objects.filter(email__icontains="reader.one").exists()
    stub = Subscriber.objects.get(pk=reader.pk)
    assert stub.email.endswith("@erased.invalid") and stub.token != reader.token
    assert stub.stopped_at is not None
    assert not Subscription.objects.filter(subscriber=stub).exists()
    assert not BounceEvent.objects.exists()
    assert not RateLimitHit.objects.filter(key=tokens.address_key(ADDRESS)).exists()
    mine = Delivery.objects.filter(subscriber=stub)
    assert mine.count() == 2  # the counts stay ...
    assert not mine.exclude(message_id="", error="", claimed_by="").exists()  # ... nothing else
    assert mine.filter(status="sent").count() == 1
    assert mine.filter(status="skipped").count() == 1  # never mailed now
    # The other reader is untouched and the totals per issue still add up.
    assert Delivery.objects.count() == 4
    assert Delivery.objects.filter(status="sent").count() == before["sent"]
    assert Delivery.objects.filter(status="pending").count() == before["pending"] - 1
    other = Subscriber.objects.get(email="someone.else@example.org")
    assert Subscription.objects.filter(subscriber=other).count() == 1

    # Nothing of the person is left in any text column of the newsletter's tables.
    for model in (Subscriber, Subscription, Delivery, BounceEvent, RateLimitHit):
        for row in model.objects.values():
            assert "reader.one" not in json.dumps(row, default=str).lower(), (model, row)
    with pytest.raises(CommandError):  # the placeholder is nobody's
        run("export", stub.email)


def test_deleted_reader_can_sign_up_again(reader):
    run("delete", ADDRESS)
    again = active_subscriber(ADDRESS, Subscription.objects.first().edition)
    assert json.loads(run("export", ADDRESS))["subscriber"]["preferences_token"] == again.token
    assert json.loads(run("export", ADDRESS))["deliveries"] == []
