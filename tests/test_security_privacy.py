"""A subscriber's address is never logged nor shown outside the pages mailed to its owner.

A reader signs up on the site, confirms, has a first digest refused by their mail server
(452, which SMTP servers word with the address) and then delivered. Every log record of
the process (any logger, DEBUG and up, with its extra fields) and everything the send
command prints is scanned for the address, and so is every public page and every page of
the editors' console.

Not scanned: the confirmation, preferences and unsubscribe pages, reached only through the
secret links mailed to the address and showing it to its owner on purpose; the admin's
subscriber list (staff only, behind login); our loopback SMTP server's own log (`mail.log`,
the test's mail server, not Wiredesk); SQL debug logs (`django.db.backends`, only with
DEBUG=True, never in production).
"""

import io
import json
import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from test_newsletter_support import mail_to_smtp, make_world, smtp_server  # noqa: F401
from wiredesk.newsletter.models import Delivery, Subscription

pytestmark = pytest.mark.django_db
ADDRESS = "Private.Reader@Example.org"
NOT_OURS = ("mail.log", "django.db.backends")


class Everything(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(NOT_OURS):
            self.records.append(record)

    def text(self) -> str:
        return "\n".join(
            f"{r.name} {r.getMessage()} {json.dumps(r.__dict__, default=str)}" for r in self.records
        )


@pytest.fixture
def every_log():
    handler = Everything()
    # `wiredesk` does not propagate to the root logger, so listen on both.
    loggers = [logging.getLogger(), logging.getLogger("wiredesk")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    yield handler
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def leaks(text: str) -> list[str]:
    local = ADDRESS.split("@")[0].lower()
    return [m.group(0) for m in re.finditer(re.escape(local), text.lower())]


def sign_up_and_send(inbox, refuse_first: bool) -> tuple[dict[str, bytes], str]:
    """The reader's whole path; returns the pages seen and what the send command printed."""
    now = timezone.now()
    edition = make_world(now)
    reader = Client()
    pages: dict[str, bytes] = {}

    def visit(client: Client, path: str, method: str = "get", data=None) -> None:
        response = getattr(client, method)(path, data or {})
        assert response.status_code in (200, 302), (path, response.status_code)
        pages[path] = response.content
        if response.status_code == 302 and method == "post":
            visit(client, response["Location"])

    visit(reader, f"/{edition.slug}/")
    visit(reader, f"/newsletter/{edition.slug}/", "post", {"email": ADDRESS, "language": "en"})
    [confirmation] = inbox.to("Private.Reader@example.org")
    link = re.search(r"https?://\S+/newsletter/confirm/\S+/", confirmation.message.get_content())
    reader.post("/" + link.group(0).split("://", 1)[1].partition("/")[2])
    assert Subscription.objects.get().status == Subscription.Status.ACTIVE

    out = io.StringIO()
    if refuse_first:
        inbox.replies["Private.Reader@example.org"] = [
            "452 4.2.2 <Private.Reader@example.org>: mailbox full"
        ]
        call_command("newsletter", "send", "--now", "--at", now.isoformat(), stdout=out, stderr=out)
        assert Delivery.objects.get().attempts == 1
        now += timedelta(hours=1)
    call_command("newsletter", "send", "--now", "--at", now.isoformat(), stdout=out, stderr=out)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.SENT, delivery.error
    assert len(inbox.to("Private.Reader@example.org")) == 2  # the flow really reached them

    slug = edition.slug
    for path in (
        "/",
        f"/{slug}/",
        f"/{slug}/more/",
        f"/{slug}/search/?q=Bern",
        f"/{slug}/sitemap.xml",
        f"/{slug}/news-sitemap.xml",
        f"/{slug}/feed/rss/",
        f"/{slug}/feed/atom/",
        f"/{slug}/archive/",
    ):
        visit(Client(), path)
    editor = User.objects.create_user("ed", password="x", is_staff=True, is_superuser=True)
    console = Client()
    console.force_login(editor)
    for path in ("/console/", "/console/newsletters/", "/console/intake/", "/console/audit/"):
        visit(console, path)
    visit(console, "/metrics")
    assert b"Switzerland News" in pages["/console/newsletters/"]
    return pages, out.getvalue()


def check_nothing_leaks(pages: dict[str, bytes], printed: str, every_log, capfd) -> None:
    captured = capfd.readouterr()
    assert any(r.name.startswith("wiredesk") for r in every_log.records), "capture is broken"
    assert leaks(every_log.text()) == [], every_log.text()
    assert leaks(printed + captured.out + captured.err) == []
    for path, content in pages.items():
        assert leaks(content.decode("utf-8", "replace")) == [], path


def test_sign_up_and_send_show_and_log_no_address(mail_to_smtp, every_log, capfd):  # noqa: F811
    pages, printed = sign_up_and_send(mail_to_smtp, refuse_first=False)
    check_nothing_leaks(pages, printed, every_log, capfd)


def test_refused_delivery_logs_no_address(mail_to_smtp, every_log, capfd):  # noqa: F811
    pages, printed = sign_up_and_send(mail_to_smtp, refuse_first=True)
    check_nothing_leaks(pages, printed, every_log, capfd)
