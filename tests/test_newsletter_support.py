"""Shared pieces of the newsletter tests: a real SMTP server on loopback and a small world.

Imported by the test_newsletter_* modules; it holds no tests itself.
"""

import asyncio
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from wiredesk.articles.models import Article
from wiredesk.editions.models import Edition, Placement
from wiredesk.newsletter.models import Subscriber, Subscription
from wiredesk.sources.models import Licence, Source


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.content, policy=policy.default)


@dataclass
class Handler:
    """Collects every message; answers a planned reply to chosen recipients."""

    received: list[Received] = field(default_factory=list)
    replies: dict[str, list[str]] = field(default_factory=dict)  # rcpt -> replies, used in turn
    lock: threading.Lock = field(default_factory=threading.Lock)
    delay: float = 0.0  # seconds between storing a message and answering 250

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        planned = self.replies.get(address)
        if planned:
            return planned.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content)
            )
        if self.delay:
            await asyncio.sleep(self.delay)  # widens the window a kill can fall into
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [r for r in self.received if address in r.rcpt_tos]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


@pytest.fixture
def mail_to_smtp(settings, smtp_server):
    """Django's own mail (confirmations) and the digest sender both go to the test server."""
    controller, handler = smtp_server
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    return handler


def make_world(now: datetime, stories: int = 5, slug: str = "switzerland") -> Edition:
    """An edition with a licence, a source and `stories` placed articles of the last hours."""
    edition = Edition.objects.create(
        name="Switzerland News",
        slug=slug,
        countries=["CH"],
        language="en",
        time_zone="Europe/Zurich",
    )
    licence = Licence.objects.create(
        name="CC BY 3.0",
        attribution_template="By {author}, {source}, {date}. CC BY 3.0.",
        rights_template="© {year} Partner",
        all_editions=True,
    )
    source = Source.objects.create(name="Partner Wire", slug=f"wire-{slug}", licence=licence)
    add_stories(edition, source, now, stories)
    return edition


def add_stories(edition: Edition, source: Source, now: datetime, count: int, tag: str = "") -> None:
    for i in range(count):
        article = Article.objects.create(
            source=source,
            guid=f"{edition.slug}-{tag}{i}",
            url=f"https://partner.example/{edition.slug}/{tag}{i}",
            headline=f"Story {tag}{i} from Bern",
            summary=f"Summary of story {tag}{i}. " * 5,
            body_html=f"<p>Body {i}</p>",
            body_text=f"Body {i}",
            authors=["Ana Reporter"],
            republished_at=now - timedelta(hours=1 + i),
            published_at=now - timedelta(hours=2 + i),
        )
        Placement.objects.create(edition=edition, article=article)


def active_subscriber(
    email: str, edition: Edition, hour: int = 7, tz: str = "UTC", language: str = "en"
) -> Subscriber:
    subscriber = Subscriber.objects.create(
        email=email, delivery_hour=hour, time_zone=tz, language=language
    )
    Subscription.objects.create(
        subscriber=subscriber, edition=edition, status=Subscription.Status.ACTIVE
    )
    return subscriber
