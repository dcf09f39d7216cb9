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

import binascii
from dataclasses import dataclass
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr
from functools import cached_property, lru_cache
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from wiredesk.newsletter import tokens
from wiredesk.newsletter.digest import RenderedDigest
from wiredesk.newsletter.links import manage_url, unsubscribe_url

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
            settings.WIREDESK.dkim_key_file,
            settings.WIREDESK.dkim_selector,
            settings.WIREDESK.dkim_domain or tokens.mail_domain(),
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
    *,
    as_email: bool = False,
) -> Outgoing:
    """Build one reader's digest message.

    `as_email`: also build it as a Django EmailMultiAlternatives, for a non-SMTP
    backend. Addresses that are not ASCII always take that (slower) path.
    """
    unsubscribe = unsubscribe_url(recipient.token, edition_slug)
    html, text = digest.for_reader(manage_url(recipient.token), unsubscribe)
    message_id = tokens.message_id(recipient.issue_id, recipient.subscriber_id)
    headers = {
        "Message-ID": message_id,
        "Date": formatdate(localtime=False),
        "List-Id": list_id(edition_slug, edition_name),
        "List-Unsubscribe": (
            f"<{unsubscribe}>,\r\n <{tokens.unsubscribe_mailto(recipient.token, edition_slug)}>"
        ),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Content-Language": language,
        "Precedence": "bulk",
        "Auto-Submitted": "auto-generated",
    }
    email = None
    if as_email or not recipient.email.isascii():
        headers["List-Unsubscribe"] = headers["List-Unsubscribe"].replace("\r\n ", " ")
        email = EmailMultiAlternatives(
            digest.subject, text, settings.DEFAULT_FROM_EMAIL, [recipient.email], headers=headers
        )
        email.attach_alternative(html, "text/html")
        mime = email.message()
        data = mime.as_bytes(policy=mime.policy.clone(linesep="\r\n"))
    else:
        data = _fast_mime(digest, recipient.email, headers, html, text)
    return Outgoing(
        envelope_from=tokens.bounce_address(recipient.delivery_id),
        to=recipient.email,
        message_id=message_id,
        data=signer.sign(data),
        email=email,
    )


@lru_cache(maxsize=64)
def _encoded_header(value: str) -> str:
    """An RFC 2047 encoded and folded header value (ASCII values only folded)."""
    charset = "us-ascii" if value.isascii() else "utf-8"
    return Header(value, charset, maxlinelen=76).encode(linesep="\r\n")


@lru_cache(maxsize=8)
def _from_header(value: str) -> str:
    name, address = parseaddr(value)
    return formataddr((name, address), charset="utf-8")


def _qp(body: str) -> bytes:
    """Quoted-printable in C, with CRLF line ends: safe for any line length."""
    body = body if body.endswith("\n") else body + "\n"  # as Django's set_content does
    encoded = binascii.b2a_qp(body.encode("utf-8"), istext=True)
    return encoded.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _fast_mime(
    digest: RenderedDigest, to: str, headers: dict[str, str], html: str, text: str
) -> bytes:
    """The same message Django would build, assembled directly: about 30 times faster.

    Python's email package parses every header it is given through the header
    registry, which costs about 10 ms for a digest: more than the SMTP exchange.
    Here the per-issue parts (subject, From, boundary) are encoded once and each
    reader's message is bytes joined around two quoted-printable bodies (C code).
    The boundary starts with "=_", which quoted-printable output can never hold.
    """
    boundary = "=_wd_" + tokens.mail_domain().replace(".", "_") + "_" + str(len(html))
    lines = [
        f"From: {_from_header(settings.DEFAULT_FROM_EMAIL)}",
        f"To: {to}",
        f"Subject: {_encoded_header(digest.subject)}",
        *(f"{name}: {value}" for name, value in headers.items()),
        "MIME-Version: 1.0",
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
        "",
        f"--{boundary}",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: quoted-printable",
        "",
        "",
    ]
    html_head = "\r\n".join(
        [
            "",
            f"--{boundary}",
            'Content-Type: text/html; charset="utf-8"',
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "",
        ]
    )
    return b"".join(
        [
            "\r\n".join(lines).encode("ascii"),
            _qp(text),
            html_head.encode("ascii"),
            _qp(html),
            f"\r\n--{boundary}--\r\n".encode("ascii"),
        ]
    )
