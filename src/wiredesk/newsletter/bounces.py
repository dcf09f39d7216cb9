"""Bounces, complaints and unsubscribe mails arriving at the VERP addresses.

Decide, then do: `read_report` turns one message into a `BounceReport` (pure,
no database); `apply_report` carries it out.

- A DSN (RFC 3464, multipart/report; report-type=delivery-status) whose action
  is `failed` with a 5.x.x status is a hard bounce: delivery to the address stops.
- `failed` with 4.x.x, or a DSN without a parseable status, is a soft bounce;
  `SOFT_LIMIT` soft bounces in a row (on different deliveries) stop delivery.
  `delayed` and `delivered` reports are not bounces and are ignored.
- An ARF complaint (report-type=feedback-report) unsubscribes the reader from
  every edition: someone who calls us spam must get nothing more.
- A mail to the `mailto:` of List-Unsubscribe unsubscribes from that edition.

The VERP address names the delivery and carries a MAC, so a forged bounce
cannot stop someone else's mail.
"""

import mailbox
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import Message
from email.utils import getaddresses
from pathlib import Path
from typing import BinaryIO

from django.db.models import F

from wiredesk.newsletter import tokens
from wiredesk.newsletter.models import BounceEvent, Delivery, Subscriber
from wiredesk.newsletter.subscribers import stop_subscriber, unsubscribe

SOFT_LIMIT = 3
_ADDRESS_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To")
_STATUS = re.compile(r"\b([245])\.\d{1,3}\.\d{1,3}\b")


@dataclass(frozen=True)
class BounceReport:
    kind: str  # a BounceEvent.Kind value, or "ignore"
    delivery_id: int | None = None
    unsubscribe: tuple[str, str] | None = None  # (edition slug, subscriber token)
    status: str = ""
    diagnostic: str = ""


def _our_addresses(message: Message) -> list[str]:
    values = []
    for name in _ADDRESS_HEADERS:
        values.extend(str(v) for v in message.get_all(name, []))
    return [address for _name, address in getaddresses(values) if address]


def _delivery_status(message: Message) -> tuple[str, str, str]:
    """(action, status, diagnostic) of the first recipient of a DSN."""
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        fields = [b for b in blocks if isinstance(b, Message)] if isinstance(blocks, list) else []
        for block in fields[1:] or fields:  # the first block is per-message
            action = str(block.get("Action", "")).strip().lower()
            status = str(block.get("Status", "")).strip()
            if action or status:
                diagnostic = str(block.get("Diagnostic-Code", "")).strip()
                return action, status, diagnostic
    return "", "", ""


def read_report(message: Message) -> BounceReport:
    """Decide what one incoming message means."""
    addresses = _our_addresses(message)
    for address in addresses:
        unsubscribe = tokens.read_unsubscribe_address(address)
        if unsubscribe:
            return BounceReport("unsubscribe", unsubscribe=unsubscribe)
    delivery_id = next(
        (d for d in map(tokens.read_bounce_address, addresses) if d is not None), None
    )
    if delivery_id is None:
        return BounceReport("ignore", diagnostic="not addressed to a bounce address we made")
    report_type = str(message.get_param("report-type", "", header="content-type")).lower()
    if report_type == "feedback-report":
        return BounceReport("complaint", delivery_id, diagnostic="feedback report")
    action, status, diagnostic = _delivery_status(message)
    if not status:
        found = _STATUS.search(_plain_text(message))
        status = found.group(0) if found else ""
        action = action or "failed"
    if action in {"delayed", "delivered", "relayed", "expanded"} or status.startswith("2"):
        return BounceReport("ignore", delivery_id, status=status, diagnostic=action)
    kind = "hard" if status.startswith("5") else "soft"
    return BounceReport(kind, delivery_id, status=status, diagnostic=diagnostic)


def _plain_text(message: Message) -> str:
    texts = []
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                texts.append(payload.decode("utf-8", "replace"))
    return "\n".join(texts)


def apply_report(report: BounceReport) -> str:
    """Carry out a report; returns what was done, for the command's summary."""
    if report.kind == "unsubscribe" and report.unsubscribe:
        slug, token = report.unsubscribe
        subscriber = Subscriber.objects.filter(token=token).first()
        if subscriber is None:
            return "ignored"
        unsubscribe(subscriber, edition_slug=slug)
        BounceEvent.objects.create(subscriber=subscriber, kind=BounceEvent.Kind.UNSUBSCRIBE)
        return "unsubscribed"
    if report.kind == "ignore" or report.delivery_id is None:
        return "ignored"
    delivery = Delivery.objects.select_related("subscriber").filter(pk=report.delivery_id).first()
    if delivery is None:
        return "ignored"
    subscriber = delivery.subscriber
    if BounceEvent.objects.filter(delivery=delivery, kind=report.kind).exists():
        return "duplicate"
    BounceEvent.objects.create(
        subscriber=subscriber,
        delivery=delivery,
        kind=report.kind,
        status=report.status,
        diagnostic=report.diagnostic[:2000],
    )
    if report.kind == "complaint":
        unsubscribe(subscriber, edition_slug=None)
        return "complaint"
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.BOUNCED)
    if report.kind == "hard":
        stop_subscriber(subscriber, f"hard bounce {report.status}")
        return "hard"
    Subscriber.objects.filter(pk=subscriber.pk).update(bounce_count=F("bounce_count") + 1)
    subscriber.refresh_from_db(fields=["bounce_count"])
    if subscriber.bounce_count >= SOFT_LIMIT:
        stop_subscriber(subscriber, f"{subscriber.bounce_count} soft bounces")
        return "soft, stopped"
    return "soft"


def read_messages(source: BinaryIO | Path) -> Iterator[Message]:
    """Messages from an mbox file, or from a pipe holding one message or an mbox."""
    if isinstance(source, Path):
        yield from _mbox(source)
        return
    data = source.read()
    if not data.startswith(b"From "):
        yield message_from_bytes(data, policy=policy.compat32)
        return
    with tempfile.NamedTemporaryFile(suffix=".mbox") as spool:
        spool.write(data)
        spool.flush()
        yield from _mbox(Path(spool.name))


def _mbox(path: Path) -> Iterator[Message]:
    box = mailbox.mbox(path, create=False)
    try:
        for key in box.iterkeys():
            yield message_from_bytes(box.get_bytes(key), policy=policy.compat32)
    finally:
        box.close()
