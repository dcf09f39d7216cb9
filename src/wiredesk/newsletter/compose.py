"""One reader's message: headers a mail provider trusts, bodies from the rendered digest.

Headers on every digest:
- `Message-ID` derived from (issue, subscriber): a re-send after a crash is the same message.
- `List-Id` per edition (RFC 2919), `List-Unsubscribe` with one HTTPS URL carrying the
  reader's opaque token and a `mailto:` (RFC 2369), and
  `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
- `DKIM-Signature` when a key is configured, covering From, To, Subject, Date,
  Message-ID, List-Id, List-Unsubscribe and List-Unsubscribe-Post, as RFC 8058
  requires for one-click unsubscribing to be honoured.
"""

from dataclasses import dataclass
from email.utils import formatdate
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from wiredesk.config import env
from wiredesk.newsletter import tokens
from wiredesk.newsletter.digest import RenderedDigest

SIGNED_HEADERS = [
    b"From",
    b"To",
    b"Subject",
    b"Date",
    b"Message-ID",
    b"List-Id",
    b"List-Unsubscribe",
    b"List-Unsubscribe-Post",
    b"MIME-Version",
    b"Content-Type",
]


def absolute(path: str) -> str:
    return env("WIREDESK_BASE_URL").rstrip("/") + path


def manage_url(subscriber_token: str) -> str:
    return absolute(reverse("newsletter:preferences", args=[subscriber_token]))


def unsubscribe_url(subscriber_token: str, edition_slug: str) -> str:
    return absolute(reverse("newsletter:unsubscribe", args=[subscriber_token, edition_slug]))


def list_id(edition_slug: str, edition_name: str) -> str:
    return f"{edition_name} <{edition_slug}.list.{tokens.mail_domain()}>"


@dataclass(frozen=True)
class Recipient:
    """What a message needs to know of its reader and delivery."""

    delivery_id: int
    issue_id: int
    subscriber_id: int
    email: str
    token: str


@dataclass(frozen=True)
class Outgoing:
    """A message ready for SMTP: envelope and bytes."""

    envelope_from: str
    to: str
    message_id: str
    data: bytes
    email: EmailMultiAlternatives | None = None  # for non-SMTP Django backends


class DkimSigner:
    """Signs with the configured key; does nothing when none is configured."""

    def __init__(self, key_file: str, selector: str, domain: str):
        self.key = Path(key_file).read_bytes() if key_file else b""
        self.selector = selector.encode()
        self.domain = domain.encode()

    @classmethod
    def from_settings(cls) -> "DkimSigner":
        return cls(
            env("WIREDESK_DKIM_KEY_FILE"),
            env("WIREDESK_DKIM_SELECTOR"),
            env("WIREDESK_DKIM_DOMAIN") or tokens.mail_domain(),
        )

    @cached_property
    def enabled(self) -> bool:
        return bool(self.key)

    def sign(self, data: bytes) -> bytes:
        if not self.enabled:
            return data
        import dkim  # only when signing: it pulls in dnspython

        signature = dkim.sign(
            data,
            self.selector,
            self.domain,
            self.key,
            include_headers=SIGNED_HEADERS,
            canonicalize=(b"relaxed", b"relaxed"),
        )
        return signature + data


def compose(
    digest: RenderedDigest,
    recipient: Recipient,
    edition_slug: str,
    edition_name: str,
    language: str,
    signer: DkimSigner,
) -> Outgoing:
    """Build one reader's digest message."""
    unsubscribe = unsubscribe_url(recipient.token, edition_slug)
    html, text = digest.for_reader(manage_url(recipient.token), unsubscribe)
    message_id = tokens.message_id(recipient.issue_id, recipient.subscriber_id)
    headers = {
        "Message-ID": message_id,
        "Date": formatdate(localtime=False),
        "List-Id": list_id(edition_slug, edition_name),
        "List-Unsubscribe": (
            f"<{unsubscribe}>, <{tokens.unsubscribe_mailto(recipient.token, edition_slug)}>"
        ),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Content-Language": language,
        "Precedence": "bulk",
        "Auto-Submitted": "auto-generated",
    }
    message = EmailMultiAlternatives(
        digest.subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    mime = message.message()
    data = signer.sign(mime.as_bytes(policy=mime.policy.clone(linesep="\r\n")))
    return Outgoing(
        envelope_from=tokens.bounce_address(recipient.delivery_id),
        to=recipient.email,
        message_id=message_id,
        data=data,
        email=message,
    )
