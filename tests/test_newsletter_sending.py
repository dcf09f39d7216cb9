"""Sending against a real SMTP server: hours, deadlines, retries, refusals, DKIM, languages."""

import base64
import os
import shutil
import socket
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from test_newsletter_support import (  # noqa: F401
    active_subscriber,
    mail_to_smtp,
    make_world,
    smtp_server,
)
from wiredesk.articles.models import Article
from wiredesk.newsletter import digest, tokens
from wiredesk.newsletter.claims import release_stale_claims
from wiredesk.newsletter.compose import SIGNED_HEADERS, DkimSigner
from wiredesk.newsletter.models import Delivery, NewsletterIssue, Subscription
from wiredesk.newsletter.outbox import outbox_from_settings
from wiredesk.newsletter.sender import Sender
from wiredesk.newsletter.throttle import Throttle

pytestmark = pytest.mark.django_db
FROZEN = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)  # 00:30 in Zurich: the day's issue


def send(when: datetime, force: bool = False, signer: DkimSigner | None = None) -> dict:
    sender = Sender(outbox_from_settings, lambda: when, signer=signer)
    return sender.run(force=force).as_dict()


def test_an_edition_with_nothing_new_sends_nothing(mail_to_smtp):  # noqa: F811
    edition = make_world(FROZEN - timedelta(days=3), stories=3)  # all older than a day
    active_subscriber("r@example.org", edition, hour=7)
    report = send(FROZEN, force=True)
    assert report["frozen"] == [] and report["sent"] == 0
    assert NewsletterIssue.objects.count() == 0 and mail_to_smtp.received == []


def test_each_reader_at_their_hour_and_only_once(mail_to_smtp):  # noqa: F811
    edition = make_world(FROZEN)
    active_subscriber("tokyo@example.org", edition, hour=9, tz="Asia/Tokyo")  # 00:00 UTC
    active_subscriber("zurich@example.org", edition, hour=7, tz="Europe/Zurich")  # 06:00 UTC
    send(FROZEN)
    assert send(FROZEN + timedelta(minutes=31))["sent"] == 1
    assert send(FROZEN + timedelta(hours=3))["sent"] == 0
    assert send(FROZEN + timedelta(hours=6, minutes=31))["sent"] == 1
    assert send(FROZEN + timedelta(hours=7), force=True)["sent"] == 0  # nothing twice
    assert sorted(r.rcpt_tos[0] for r in mail_to_smtp.received) == [
        "tokyo@example.org",
        "zurich@example.org",
    ]


def test_a_digest_past_its_deadline_is_never_sent(mail_to_smtp):  # noqa: F811
    edition = make_world(FROZEN)
    active_subscriber("r@example.org", edition, hour=1, tz="UTC")
    send(FROZEN)  # frozen; due at 01:00 UTC, the sender then down for hours
    report = send(FROZEN + timedelta(hours=8))
    assert report["expired"] == 1 and report["sent"] == 0
    assert Delivery.objects.get().status == Delivery.Status.EXPIRED
    assert mail_to_smtp.received == []


def test_4xx_is_retried_with_back_off_and_not_a_failure(mail_to_smtp):  # noqa: F811
    edition = make_world(FROZEN)
    active_subscriber("busy@example.org", edition)
    mail_to_smtp.replies["busy@example.org"] = ["451 4.7.1 Try again later"]
    report = send(FROZEN, force=True)
    assert report["deferred"] == 1 and report["failed"] == 0
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
    assert delivery.next_attempt_at > FROZEN
    assert send(FROZEN + timedelta(seconds=30), force=True)["sent"] == 0  # backing off
    assert send(FROZEN + timedelta(minutes=5), force=True)["sent"] == 1
    assert len(mail_to_smtp.received) == 1


def test_5xx_on_rcpt_stops_the_address(mail_to_smtp):  # noqa: F811
    edition = make_world(FROZEN)
    reader = active_subscriber("gone@example.org", edition)
    mail_to_smtp.replies["gone@example.org"] = ["550 5.1.1 No such user"]
    assert send(FROZEN, force=True)["failed"] == 1
    reader.refresh_from_db()
    assert reader.stopped_at is not None
    assert reader.subscriptions.get().status == Subscription.Status.BOUNCED


def test_a_reader_who_left_after_the_freeze_is_skipped(mail_to_smtp):  # noqa: F811
    edition = make_world(FROZEN)
    reader = active_subscriber("r@example.org", edition)
    send(FROZEN)  # frozen, not yet due
    reader.subscriptions.update(status=Subscription.Status.UNSUBSCRIBED)
    assert send(FROZEN, force=True)["skipped"] == 1
    assert mail_to_smtp.received == []


def test_claims_of_a_dead_sender_are_given_back(mail_to_smtp):  # noqa: F811
    edition = make_world(FROZEN)
    active_subscriber("r@example.org", edition)
    send(FROZEN)
    dead = subprocess.Popen(["true"])
    dead.wait()
    Delivery.objects.update(
        status=Delivery.Status.CLAIMED,
        claimed_by=f"{socket.gethostname()}:{dead.pid}:x",
        claimed_at=datetime.now(UTC),
    )
    assert release_stale_claims() == 1
    Delivery.objects.update(
        status=Delivery.Status.CLAIMED,
        claimed_by=f"{socket.gethostname()}:{os.getppid()}:x",  # alive, lease fresh
        claimed_at=datetime.now(UTC),
    )
    assert release_stale_claims() == 0
    Delivery.objects.update(claimed_by=f"{socket.gethostname()}:{os.getpid()}:x")
    assert release_stale_claims() == 1  # our own pid, before our run claimed: a reused pid


def test_digest_in_the_readers_language(mail_to_smtp):  # noqa: F811
    edition = make_world(FROZEN)
    active_subscriber("de@example.org", edition, language="de")
    active_subscriber("it@example.org", edition, language="it")
    send(FROZEN, force=True)
    by_reader = {r.rcpt_tos[0]: r.message for r in mail_to_smtp.received}
    german = by_reader["de@example.org"]
    assert german["Content-Language"] == "de"
    assert "Abmelden" in german.get_body(("plain",)).get_content()
    assert "Disiscriviti" in by_reader["it@example.org"].get_body(("html",)).get_content()


def test_a_full_issue_stays_well_under_gmails_clipping():
    edition = make_world(FROZEN, stories=40)
    for article in edition.placements.all():
        article.article.summary = "A long summary sentence. " * 80
        article.article.save()
    stories = digest.select_stories(edition, FROZEN, FROZEN - timedelta(days=1))
    rendered = digest.render_digest(edition, stories, FROZEN.date(), "fr")
    assert len(stories) == digest.MAX_STORIES
    assert len(rendered.html.encode()) < 60_000
    assert rendered.html.index(digest.UNSUBSCRIBE_URL) < 2_000  # the way out comes first


def test_the_issue_date_is_written_as_each_language_writes_dates():
    """ "28.11.2026" reads as a day in Zurich and is no date at all in New York: the date is
    the reader's language's own long form."""
    edition = make_world(FROZEN, stories=1)
    stories = digest.select_stories(edition, FROZEN, FROZEN - timedelta(days=1))
    issue_date = FROZEN.date()
    expected = {"en": "Nov. 28, 2026", "de": "28. November 2026", "fr": "28 novembre 2026"}
    for language, written in expected.items():
        rendered = digest.render_digest(edition, stories, issue_date, language)
        assert written in rendered.text and written in rendered.html


@pytest.mark.skipif(not shutil.which("openssl"), reason="openssl makes the test key")
def test_dkim_signature_verifies_and_covers_the_unsubscribe_headers(mail_to_smtp, tmp_path):  # noqa: F811
    import dkim

    key = tmp_path / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(key), "2048"], check=True, capture_output=True)
    public = subprocess.run(
        ["openssl", "rsa", "-in", str(key), "-pubout", "-outform", "DER"],
        check=True,
        capture_output=True,
    ).stdout
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)

    edition = make_world(FROZEN)
    active_subscriber("r@example.org", edition)
    signer = DkimSigner(str(key), "sel", "wiredesk.localhost")
    send(FROZEN, force=True, signer=signer)
    [received] = mail_to_smtp.received
    assert dkim.verify(
        received.content,
        dnsfunc=lambda name, timeout=5: record if name.startswith(b"sel.") else None,
    )
    signed = received.message["DKIM-Signature"].replace(" ", "").replace("\n", "").lower()
    for header in SIGNED_HEADERS:
        assert header.decode().lower() in signed


def test_message_ids_and_bounce_addresses_are_stable_and_checked():
    assert tokens.message_id(3, 4) == tokens.message_id(3, 4) != tokens.message_id(3, 5)
    address = tokens.bounce_address(42)
    assert tokens.read_bounce_address(address) == 42
    assert tokens.read_bounce_address(address.replace("42-", "43-")) is None


def test_throttle_spaces_messages_globally_and_per_domain():
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    throttle = Throttle(rate=10, domain_rate=2, clock=lambda: now[0], sleep=sleep)
    for domain in ["a.org", "b.org", "a.org"]:
        throttle.wait(domain)
    assert slept == [0.1, 0.4]


def test_the_fast_message_reads_like_djangos(settings):
    """The hand-assembled MIME parses to the same headers and bodies as Django's."""
    from email import message_from_bytes, policy

    from wiredesk.newsletter.compose import Recipient, compose

    settings.DEFAULT_FROM_EMAIL = "Zürich Desk <news@wiredesk.localhost>"
    edition = make_world(FROZEN, stories=3)
    stories = digest.select_stories(edition, FROZEN, FROZEN - timedelta(days=1))
    rendered = digest.render_digest(edition, stories, FROZEN.date(), "fr")
    rendered = digest.RenderedDigest(
        "Ça commence: une très longue ligne d'objet " * 3, rendered.html, rendered.text
    )
    recipient = Recipient(7, 8, 9, "r@example.org", "tok")
    no_key = DkimSigner("", "", "")
    fast, slow = (
        message_from_bytes(
            compose(
                rendered, recipient, "switzerland", edition.name, "fr", no_key, as_email=e
            ).data,
            policy=policy.default,
        )
        for e in (False, True)
    )
    for name in ["From", "To", "Subject", "Message-ID", "List-Id", "List-Unsubscribe-Post"]:
        assert str(fast[name]) == str(slow[name]), name
    assert fast["List-Unsubscribe"].replace(" ", "") == slow["List-Unsubscribe"].replace(" ", "")
    for kind in ("plain", "html"):
        assert fast.get_body((kind,)).get_content() == slow.get_body((kind,)).get_content()
    assert (
        max(
            len(line)
            for line in compose(
                rendered, recipient, "switzerland", edition.name, "fr", no_key
            ).data.split(b"\r\n")
        )
        <= 998
    )


@pytest.mark.skipif(not shutil.which("openssl"), reason="openssl makes the test certificate")
def test_starttls_and_authentication(settings, tmp_path, monkeypatch):
    """The sender upgrades with STARTTLS, checks the certificate, then logs in."""
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    from test_newsletter_support import Handler, free_port

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust it, as a real CA would be trusted
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server, session, envelope, mechanism, data):
        if isinstance(data, LoginPassword):
            logins.append((data.login, data.password))
        return AuthResult(success=data == LoginPassword(b"wire", b"s3cret"))

    handler = Handler()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=server_tls,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticator,
    )
    controller.start()
    try:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {
                    "host": "127.0.0.1",
                    "port": controller.port,
                    "username": "wire",
                    "password": "s3cret",
                    "use_tls": True,
                },
            }
        }
        edition = make_world(FROZEN)
        active_subscriber("r@example.org", edition)
        assert send(FROZEN, force=True)["sent"] == 1
    finally:
        controller.stop()
    assert logins == [(b"wire", b"s3cret")]
    assert len(handler.received) == 1


def test_a_rights_line_that_repeats_the_attribution_is_said_once():
    edition = make_world(FROZEN, stories=2)
    licence = edition.placements.first().article.source.licence
    licence.attribution_template = "Republished with the permission of Radio Free Europe."
    licence.save()
    Article.objects.update(
        rights_line="Copyright (c) 2022. RFE/RL, Inc. Republished with the permission of "
        "Radio Free Europe"
    )
    stories = digest.select_stories(edition, FROZEN, FROZEN - timedelta(days=1))
    rendered = digest.render_digest(edition, stories, FROZEN.date(), "en")
    assert rendered.text.count("with the permission") == len(stories) == 2
    assert rendered.html.count("with the permission") == 2
    assert "Copyright (c) 2022. RFE/RL, Inc." in rendered.text
    # A rights line of its own is still shown beside the attribution.
    assert digest.credit_lines("By Ana, Wire.", "© 2026 Wire") == ("By Ana, Wire.", "© 2026 Wire")
