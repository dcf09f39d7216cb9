"""Bounces, complaints and unsubscribe mails read by `wiredesk newsletter bounces`."""

import io
from datetime import UTC, datetime
from email.message import EmailMessage
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest
from django.core.management import call_command

from test_newsletter_support import active_subscriber, make_world
from wiredesk.newsletter import bounces, tokens
from wiredesk.newsletter.models import (
    BounceEvent,
    Delivery,
    NewsletterIssue,
    Subscriber,
    Subscription,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)


def dsn(to: str, action: str, status: str) -> bytes:
    """A DSN as an MTA writes it (RFC 3464)."""
    report = MIMEMultipart("report", report_type="delivery-status")
    report["From"] = "MAILER-DAEMON@mx.example.org"
    report["To"] = to
    report["Subject"] = "Delivery Status Notification"
    report.attach(MIMEText("Your message could not be delivered."))
    status_part = MIMEMultipart()
    status_part.set_type("message/delivery-status")
    status_part.set_payload(
        [
            message_of({"Reporting-MTA": "dns; mx.example.org"}),
            message_of(
                {
                    "Final-Recipient": "rfc822; reader@example.org",
                    "Action": action,
                    "Status": status,
                    "Diagnostic-Code": f"smtp; {status} mailbox says no",
                }
            ),
        ]
    )
    report.attach(status_part)
    report.attach(MIMEMessage(MIMEText("the original")))
    return report.as_bytes()


def message_of(fields: dict[str, str]):
    from email.message import Message

    block = Message()
    for name, value in fields.items():
        block[name] = value
    return block


def complaint(to: str) -> bytes:
    report = MIMEMultipart("report", report_type="feedback-report")
    report["To"] = to
    report.attach(MIMEText("This is an abuse report"))
    return report.as_bytes()


@pytest.fixture
def delivery() -> Delivery:
    edition = make_world(NOW, stories=1)
    reader = active_subscriber("reader@example.org", edition)
    issue = NewsletterIssue.objects.create(
        edition=edition, date=NOW.date(), subject="s", html="", text=""
    )
    return Delivery.objects.create(issue=issue, subscriber=reader, status=Delivery.Status.SENT)


def read(data: bytes) -> str:
    return bounces.apply_report(bounces.read_report(next(bounces.read_messages(io.BytesIO(data)))))


def test_hard_bounce_stops_delivery(delivery):
    assert read(dsn(tokens.bounce_address(delivery.pk), "failed", "5.1.1")) == "hard"
    reader = Subscriber.objects.get()
    assert reader.stopped_at is not None
    assert reader.subscriptions.get().status == Subscription.Status.BOUNCED


def test_soft_bounces_stop_delivery_only_when_repeated(delivery):
    issue = delivery.issue
    outcomes = [read(dsn(tokens.bounce_address(delivery.pk), "failed", "4.2.2"))]
    outcomes.append(read(dsn(tokens.bounce_address(delivery.pk), "failed", "4.2.2")))  # same one
    for day in (2, 3):
        other = NewsletterIssue.objects.create(
            edition=issue.edition, date=NOW.date().replace(day=day), subject="s", html="", text=""
        )
        later = Delivery.objects.create(issue=other, subscriber=delivery.subscriber)
        outcomes.append(read(dsn(tokens.bounce_address(later.pk), "failed", "4.2.2")))
    assert outcomes == ["soft", "duplicate", "soft", "soft, stopped"]


def test_delayed_reports_are_not_bounces(delivery):
    assert read(dsn(tokens.bounce_address(delivery.pk), "delayed", "4.4.7")) == "ignored"
    assert Subscriber.objects.get().stopped_at is None


def test_forged_bounce_address_is_ignored(delivery):
    forged = tokens.bounce_address(delivery.pk).replace("-", "-0", 1)
    assert read(dsn(forged, "failed", "5.1.1")) == "ignored"
    assert Subscriber.objects.get().stopped_at is None


def test_complaint_unsubscribes_from_everything(delivery):
    assert read(complaint(tokens.bounce_address(delivery.pk))) == "complaint"
    assert set(Subscription.objects.values_list("status", flat=True)) == {"unsubscribed"}


def test_mail_to_the_list_unsubscribe_mailto(delivery):
    mailto = tokens.unsubscribe_mailto(delivery.subscriber.token, "switzerland")
    message = EmailMessage()
    message["To"] = mailto.removeprefix("mailto:").partition("?")[0]
    message["Subject"] = "unsubscribe"
    assert read(message.as_bytes()) == "unsubscribed"
    assert Subscription.objects.get().status == Subscription.Status.UNSUBSCRIBED


def test_command_reads_an_mbox_file_and_stdin(delivery, tmp_path, monkeypatch, capsys):
    bounce = dsn(tokens.bounce_address(delivery.pk), "failed", "5.1.1")
    mbox = tmp_path / "bounces.mbox"
    mbox.write_bytes(
        b"From MAILER-DAEMON Sat Nov 28 12:00:00 2026\n" + bounce + b"\n"
        b"From someone Sat Nov 28 12:00:01 2026\nTo: news@wiredesk.localhost\n\nhello\n"
    )
    call_command("newsletter", "bounces", str(mbox))
    assert '"hard": 1' in capsys.readouterr().out
    assert BounceEvent.objects.get().kind == "hard"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(bounce)))
    call_command("newsletter", "bounces")
    assert '"duplicate": 1' in capsys.readouterr().out
