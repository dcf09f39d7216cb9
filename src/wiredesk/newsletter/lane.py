"""One SMTP connection's share of a send run: claim a batch, send each, record each outcome.

A lane holds one connection and its own claims, under its own holder name, so a run
with N lanes has at most N messages in flight, and a kill re-sends at most those.
Each message's outcome is recorded as the server answered it:

- 250: the row is marked sent (with its Message-ID) right then, not per batch.
- 4xx, or the connection dropped: the row goes back to pending with a back-off
  (`schedule.retry_at`); after `MAX_LOST` drops in a row the server is taken to be
  down and the lane stops, leaving the rest to the next run.
- 5xx on RCPT: the address is bad; the row is bounced and the reader stopped.
- 5xx on MAIL FROM or AUTH: our configuration is wrong; the run stops.
- The reader left after the issue was frozen: the row is skipped, nothing sent.

Each reader's message is rendered from the issue's frozen stories once per
(issue, language) per lane, then filled with the reader's own links (`compose`).
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connections
from django.utils import timezone

from wiredesk import leases
from wiredesk.newsletter import claims, digest, schedule
from wiredesk.newsletter.compose import DkimSigner, Recipient, compose
from wiredesk.newsletter.errors import (
    ConnectionLost,
    MailError,
    RecipientRejected,
    SenderRejected,
    TemporaryMailError,
    redact_addresses,
)
from wiredesk.newsletter.models import Delivery, NewsletterIssue, Subscription
from wiredesk.newsletter.outbox import BackendOutbox, Outbox
from wiredesk.newsletter.subscribers import stop_subscriber
from wiredesk.newsletter.throttle import Throttle

log = logging.getLogger("wiredesk.newsletter")

MAX_LOST = 3  # connections lost in a row before a lane gives up
RENEW_AFTER = claims.TERM.total_seconds() / 3  # a throttled batch keeps its claims

Status = Delivery.Status


@dataclass
class SendReport:
    frozen: list[int] = field(default_factory=list)
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    skipped: int = 0
    expired: int = 0
    released: int = 0

    def as_dict(self) -> dict[str, object]:
        return self.__dict__.copy()

    def add(self, other: "SendReport") -> None:
        for name in ("sent", "deferred", "failed", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


class Lane:
    """Drains due rows over one connection until none is left (or the lane must stop)."""

    def __init__(
        self,
        outboxes: Callable[[], Outbox],
        clock: Callable[[], datetime],
        throttle: Throttle,
        signer: DkimSigner,
        force: bool = False,
        edition: str | None = None,
    ):
        self.outboxes, self.clock = outboxes, clock
        self.throttle, self.signer = throttle, signer
        self.force, self.edition = force, edition
        self.worker = ""
        self.report = SendReport()
        self.error: Exception | None = None
        self._renders: dict[tuple[int, str], digest.RenderedDigest] = {}
        self._lost_in_a_row = 0
        self._claimed_at = 0.0

    def drain_in_thread(self) -> None:
        try:
            self.drain()
        except Exception as error:  # handed to the run, which raises it
            self.error = error
        finally:
            connections.close_all()  # this thread's own database connections

    def drain(self) -> None:
        with leases.holder() as self.worker:
            outbox = self.outboxes()
            as_email = isinstance(outbox, BackendOutbox)
            try:
                while batch := self._claim():
                    self._send_batch(outbox, batch, as_email)
            finally:
                outbox.close()
                claims.give_back(self.worker)

    def _claim(self) -> list[Delivery]:
        self._claimed_at = time.monotonic()
        return claims.claim_batch(self.worker, self.clock(), self.force, self.edition)

    def _keep_claims(self) -> None:
        """Renew the batch's claims once it has run for a third of their term."""
        if time.monotonic() - self._claimed_at > RENEW_AFTER:
            claims.renew(self.worker)
            self._claimed_at = time.monotonic()

    def _send_batch(self, outbox: Outbox, batch: list[Delivery], as_email: bool) -> None:
        active = set(
            Subscription.objects.filter(
                status=Subscription.Status.ACTIVE,
                subscriber_id__in=[d.subscriber_id for d in batch],
            ).values_list("subscriber_id", "edition_id")
        )
        for delivery in batch:
            subscriber = delivery.subscriber
            if subscriber.stopped_at or (subscriber.pk, delivery.issue.edition_id) not in active:
                claims.finish(delivery, self.worker, Status.SKIPPED, "not subscribed at sending")
                self.report.skipped += 1
                continue
            self._send_one(outbox, delivery, as_email)

    def _render(self, issue: NewsletterIssue, language: str) -> digest.RenderedDigest:
        key = (issue.pk, language)
        if key not in self._renders:
            stories = digest.load_stories(issue.article_ids)
            self._renders[key] = digest.render_digest(issue.edition, stories, issue.date, language)
        return self._renders[key]

    def _send_one(self, outbox: Outbox, delivery: Delivery, as_email: bool) -> None:
        issue, subscriber = delivery.issue, delivery.subscriber
        language = digest.reader_language(subscriber.language, issue.edition.language)
        outgoing = compose(
            self._render(issue, language),
            Recipient(delivery.pk, issue.pk, subscriber.pk, subscriber.email, subscriber.token),
            issue.edition.slug,
            issue.edition.name,
            language,
            self.signer,
            as_email=as_email,
        )
        self.throttle.wait(subscriber.email.rpartition("@")[2].lower())
        self._keep_claims()
        try:
            outbox.send(outgoing)
        except SenderRejected:
            raise  # our configuration is wrong: stop, the rows go back to pending
        except TemporaryMailError as error:
            self._defer(delivery, error)
            return
        except RecipientRejected as error:
            claims.finish(delivery, self.worker, Status.BOUNCED, str(error))
            stop_subscriber(subscriber, str(error))
            self.report.failed += 1
            return
        except MailError as error:
            claims.finish(delivery, self.worker, Status.FAILED, str(error))
            self.report.failed += 1
            return
        self._lost_in_a_row = 0
        claims.finish(
            delivery,
            self.worker,
            Status.SENT,
            "",
            sent_at=timezone.now(),
            message_id=outgoing.message_id,
        )
        self.report.sent += 1

    def _defer(self, delivery: Delivery, error: TemporaryMailError) -> None:
        """Back to pending with a back-off; stop the lane when the server seems down."""
        attempts = delivery.attempts + 1
        reason = redact_addresses(str(error))
        claims.defer(delivery, self.worker, schedule.retry_at(self.clock(), attempts), reason)
        log.info(
            "deferred", extra={"delivery_id": delivery.pk, "attempts": attempts, "error": reason}
        )
        self.report.deferred += 1
        if isinstance(error, ConnectionLost):
            self._lost_in_a_row += 1
            if self._lost_in_a_row >= MAX_LOST:
                raise error  # the server is down: stop; the next run tries again
            time.sleep(1)  # let a restarting server come back before the next message
