"""Freezing issues and sending what is due: idempotent, resumable, polite.

The flow of one `wiredesk newsletter send` run:

1. `release_stale_claims`: rows claimed by a sender that is gone (its process is
   dead on this host, or its lease ran out) go back to pending. These are the
   messages that were in flight when it died: they are sent again, with the
   same Message-ID. Rows it had claimed but not started are simply sent now.
2. `expire_late`: pending rows past their deadline are never sent.
3. `freeze_issue` for each edition whose local day has no issue yet and that
   has new stories: the issue and one delivery row per active subscriber, in
   one transaction, each row due at its reader's local hour.
4. Claim a small batch (one transaction, `SKIP LOCKED` where the database has it),
   send each message, and mark each row sent only after the server's 250.
   A 4xx puts the row back with a back-off; a 5xx on RCPT stops that address.

So a kill at any point loses no one (an unsent row is pending or claimed by a
dead process) and re-sends at most the one message in flight on the one
connection. The anchors' failures avoided: the checkpoint is the row's own
status, moved per message after the 250, never per fetched batch; and a
resume never starts over, it takes only rows not marked sent.
"""

import logging
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, connections, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from wiredesk.editions.models import Edition
from wiredesk.newsletter import digest, schedule
from wiredesk.newsletter.compose import DkimSigner, Recipient, compose
from wiredesk.newsletter.errors import (
    ConnectionLost,
    MailError,
    RecipientRejected,
    SenderRejected,
    TemporaryMailError,
)
from wiredesk.newsletter.models import Delivery, NewsletterIssue, Subscriber, Subscription
from wiredesk.newsletter.outbox import BackendOutbox, Outbox
from wiredesk.newsletter.subscribers import stop_subscriber

log = logging.getLogger("wiredesk.newsletter")

LEASE = timedelta(minutes=15)
BATCH = 50
MAX_LOST = 3  # connections lost in a row before a run gives up


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def _claimer_is_gone(claimed_by: str) -> bool:
    """True when the claiming process is known dead (same host, no such pid)."""
    host, _, rest = claimed_by.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    if int(pid_text) == os.getpid():
        return True  # runs release before claiming: a claim with our pid is an earlier process's
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def release_stale_claims() -> int:
    """Give back rows whose sender died; returns how many.

    A claim names host, pid and a random token. On the same host a dead pid (or
    our own pid, from an earlier process) frees it at once; a claim from another
    host (a container restarted under a new name) waits for `LEASE` to run out.
    """
    now = timezone.now()
    stale = []
    claimed = Delivery.objects.filter(status=Delivery.Status.CLAIMED)
    for pk, claimed_by, claimed_at in claimed.values_list("pk", "claimed_by", "claimed_at"):
        if (claimed_at and claimed_at < now - LEASE) or _claimer_is_gone(claimed_by):
            stale.append(pk)
    released = 0
    for start in range(0, len(stale), 500):
        released += Delivery.objects.filter(
            pk__in=stale[start : start + 500], status=Delivery.Status.CLAIMED
        ).update(status=Delivery.Status.PENDING, claimed_by="", claimed_at=None)
    if released:
        log.warning("released stale claims", extra={"count": released})
    return released


def expire_late(now: datetime) -> int:
    expired = Delivery.objects.filter(status=Delivery.Status.PENDING, deadline__lte=now).update(
        status=Delivery.Status.EXPIRED, error="missed its deadline"
    )
    if expired:
        log.warning("expired late deliveries", extra={"count": expired})
    return expired


def freeze_issue(edition: Edition, now: datetime) -> NewsletterIssue | None:
    """Build and freeze today's issue of an edition, with its delivery rows.

    None when the edition already has today's issue, has no readers, or has
    nothing new since its last issue (nothing is sent then).
    """
    day = schedule.local_date(now, edition.time_zone)
    if NewsletterIssue.objects.filter(edition=edition, date=day).exists():
        return None
    readers = Subscription.objects.filter(
        edition=edition, status=Subscription.Status.ACTIVE, subscriber__stopped_at__isnull=True
    )
    if not readers.exists():
        return None
    last = NewsletterIssue.objects.filter(edition=edition).order_by("-built_at").first()
    since = schedule.issue_window_start(now, last.built_at if last else None)
    stories = digest.select_stories(edition, now, since)
    if not stories:
        log.info("nothing new", extra={"edition": edition.slug, "since": since.isoformat()})
        return None
    language = digest.reader_language(edition.language)
    rendered = digest.render_digest(edition, stories, day, language)
    try:
        with transaction.atomic():
            issue = NewsletterIssue.objects.create(
                edition=edition,
                date=day,
                subject=rendered.subject,
                html=rendered.html,
                text=rendered.text,
                built_at=now,
                since=since,
                article_ids=[a.pk for a in stories],
            )
            issue.articles.set(stories)
            count = _write_deliveries(issue, readers)
    except IntegrityError:  # another sender froze it first
        return None
    log.info(
        "froze issue",
        extra={"edition": edition.slug, "issue_id": issue.pk, "deliveries": count},
    )
    return issue


def _write_deliveries(issue: NewsletterIssue, readers: QuerySet[Subscription]) -> int:
    """One INSERT ... SELECT per (hour, time zone) group of readers.

    Readers who share an hour and a zone share a due time, and there are at most
    a few hundred such groups, so the database copies the rows itself: 100k rows
    in about a second, where building 100k model objects took over a minute.
    The Message-ID is derived, so it is written when the row is sent.
    """
    groups = readers.values_list("subscriber__delivery_hour", "subscriber__time_zone").distinct()
    delivery, subscription, subscriber = (m._meta for m in (Delivery, Subscription, Subscriber))
    sql = (
        f"INSERT INTO {delivery.db_table} (issue_id, subscriber_id, status, message_id, due_at,"
        " deadline, attempts, claimed_by, error)"
        f" SELECT %s, sn.subscriber_id, %s, '', %s, %s, 0, '', ''"
        f" FROM {subscription.db_table} sn JOIN {subscriber.db_table} sr"
        " ON sr.id = sn.subscriber_id"
        " WHERE sn.edition_id = %s AND sn.status = %s AND sr.stopped_at IS NULL"
        " AND sr.delivery_hour = %s AND sr.time_zone = %s"
    )
    adapt = connection.ops.adapt_datetimefield_value
    count = 0
    with connection.cursor() as cursor:
        for hour, time_zone in list(groups.order_by()):
            due = schedule.due_at(issue.built_at, hour, time_zone)
            params = [
                issue.pk,
                Delivery.Status.PENDING,
                adapt(due),
                adapt(schedule.deadline(due)),
                issue.edition_id,
                Subscription.Status.ACTIVE,
                hour,
                time_zone,
            ]
            cursor.execute(sql, params)
            count += cursor.rowcount
    return count


def claim_batch(
    worker: str, now: datetime, force: bool, edition: str | None, limit: int = BATCH
) -> list[Delivery]:
    """Claim up to `limit` due rows for this worker, under the database's write lock."""
    with transaction.atomic():
        due = Delivery.objects.filter(status=Delivery.Status.PENDING, deadline__gt=now).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        )
        if not force:
            due = due.filter(due_at__lte=now)
        if edition:
            due = due.filter(issue__edition__slug=edition)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.order_by("due_at", "pk").values_list("pk", flat=True)[:limit])
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.CLAIMED, claimed_by=worker, claimed_at=timezone.now()
        )
    return list(
        Delivery.objects.filter(pk__in=ids, claimed_by=worker, status=Delivery.Status.CLAIMED)
        .select_related("subscriber", "issue__edition")
        .order_by("due_at", "pk")
    )


class Throttle:
    """Global and per-destination-domain message rates (messages per second; 0: none).

    Shared by every connection of a run: a slot is reserved under a lock, then
    the caller sleeps until its slot.
    """

    def __init__(
        self,
        rate: float = 0,
        domain_rate: float = 0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.interval = 1 / rate if rate else 0.0
        self.domain_interval = 1 / domain_rate if domain_rate else 0.0
        self.clock, self.sleep = clock, sleep
        self.next_global = 0.0
        self.next_domain: dict[str, float] = {}
        self.lock = threading.Lock()

    def wait(self, domain: str) -> None:
        if not (self.interval or self.domain_interval):
            return
        with self.lock:
            now = self.clock()
            slot = max(now, self.next_global, self.next_domain.get(domain, 0.0))
            self.next_global = slot + self.interval
            if self.domain_interval:
                self.next_domain[domain] = slot + self.domain_interval
        if slot > now:
            self.sleep(slot - now)


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


class Sender:
    """One send run: prepare (release, expire, freeze), then drain over `connections` lanes.

    Each lane is one SMTP connection in its own thread with its own claims, so
    at most `connections` messages are in flight at any moment.
    """

    def __init__(
        self,
        outboxes: Callable[[], Outbox],
        clock: Callable[[], datetime],
        throttle: Throttle | None = None,
        signer: DkimSigner | None = None,
        connections: int = 1,
    ):
        self.outboxes = outboxes
        self.clock = clock
        self.throttle = throttle or Throttle()
        self.signer = signer or DkimSigner.from_settings()
        self.connections = max(1, connections)

    def run(self, force: bool = False, edition: str | None = None) -> SendReport:
        report = SendReport()
        report.released = release_stale_claims()
        report.expired = expire_late(self.clock())
        editions = Edition.objects.filter(active=True)
        if edition:
            editions = editions.filter(slug=edition)
        for each in editions:
            issue = freeze_issue(each, self.clock())
            if issue:
                report.frozen.append(issue.pk)
        lanes = [Lane(self, force, edition) for _ in range(self.connections)]
        if len(lanes) == 1:
            lanes[0].drain()
        else:
            threads = [threading.Thread(target=lane.drain_in_thread) for lane in lanes]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        for lane in lanes:
            report.add(lane.report)
        errors = [lane.error for lane in lanes if lane.error]
        log.info("send run done", extra=report.as_dict())
        if errors:
            raise errors[0]
        return report


class Lane:
    """One connection's share of a run: claim a batch, send each, mark each after its 250."""

    def __init__(self, sender: Sender, force: bool, edition: str | None):
        self.sender = sender
        self.force, self.edition = force, edition
        self.clock = sender.clock
        self.worker = worker_id()
        self.report = SendReport()
        self.error: Exception | None = None
        self._outbox: Outbox | None = None
        self._renders: dict[tuple[int, str], digest.RenderedDigest] = {}
        self._lost_in_a_row = 0

    def drain_in_thread(self) -> None:
        try:
            self.drain()
        except Exception as error:  # handed to the run, which raises it
            self.error = error
        finally:
            connections.close_all()  # this thread's own database connections

    def drain(self) -> None:
        self._outbox = self.sender.outboxes()
        as_email = isinstance(self._outbox, BackendOutbox)
        try:
            while batch := claim_batch(self.worker, self.clock(), self.force, self.edition):
                self._send_batch(batch, as_email)
        finally:
            self._outbox.close()
            self._give_back()

    def _give_back(self) -> None:
        """Rows this lane claimed and did not get to go back to pending (orderly exit)."""
        Delivery.objects.filter(claimed_by=self.worker, status=Delivery.Status.CLAIMED).update(
            status=Delivery.Status.PENDING, claimed_by="", claimed_at=None
        )

    def _send_batch(self, batch: list[Delivery], as_email: bool) -> None:
        active = set(
            Subscription.objects.filter(
                status=Subscription.Status.ACTIVE,
                subscriber_id__in=[d.subscriber_id for d in batch],
            ).values_list("subscriber_id", "edition_id")
        )
        for delivery in batch:
            subscriber = delivery.subscriber
            if subscriber.stopped_at or (subscriber.pk, delivery.issue.edition_id) not in active:
                self._finish(delivery, Delivery.Status.SKIPPED, "not subscribed at sending")
                self.report.skipped += 1
                continue
            self._send_one(delivery, as_email)

    def _render(self, issue: NewsletterIssue, language: str) -> digest.RenderedDigest:
        key = (issue.pk, language)
        if key not in self._renders:
            stories = digest.load_stories(issue.article_ids)
            self._renders[key] = digest.render_digest(issue.edition, stories, issue.date, language)
        return self._renders[key]

    def _send_one(self, delivery: Delivery, as_email: bool) -> None:
        assert self._outbox is not None
        issue, subscriber = delivery.issue, delivery.subscriber
        language = digest.reader_language(subscriber.language, issue.edition.language)
        outgoing = compose(
            self._render(issue, language),
            Recipient(delivery.pk, issue.pk, subscriber.pk, subscriber.email, subscriber.token),
            issue.edition.slug,
            issue.edition.name,
            language,
            self.sender.signer,
            as_email=as_email,
        )
        self.sender.throttle.wait(subscriber.email.rpartition("@")[2].lower())
        try:
            self._outbox.send(outgoing)
        except SenderRejected:
            raise  # our configuration is wrong: stop, the rows go back to pending
        except TemporaryMailError as error:
            self._defer(delivery, error)
            self.report.deferred += 1
            if isinstance(error, ConnectionLost):
                self._lost_in_a_row += 1
                if self._lost_in_a_row >= MAX_LOST:
                    raise  # the server is down: stop; the next run tries again
                time.sleep(1)  # let a restarting server come back before the next message
            return
        except RecipientRejected as error:
            self._finish(delivery, Delivery.Status.BOUNCED, str(error))
            stop_subscriber(subscriber, str(error))
            self.report.failed += 1
            return
        except MailError as error:
            self._finish(delivery, Delivery.Status.FAILED, str(error))
            self.report.failed += 1
            return
        self._lost_in_a_row = 0
        self._finish(
            delivery,
            Delivery.Status.SENT,
            "",
            sent_at=timezone.now(),
            message_id=outgoing.message_id,
        )
        self.report.sent += 1

    def _finish(
        self,
        delivery: Delivery,
        status: str,
        error: str,
        sent_at: datetime | None = None,
        message_id: str = "",
    ) -> None:
        updated = Delivery.objects.filter(
            pk=delivery.pk, status=Delivery.Status.CLAIMED, claimed_by=self.worker
        ).update(status=status, error=error, sent_at=sent_at, message_id=message_id)
        if not updated:
            log.warning("lost claim", extra={"delivery_id": delivery.pk, "status": status})

    def _defer(self, delivery: Delivery, error: MailError) -> None:
        attempts = delivery.attempts + 1
        Delivery.objects.filter(pk=delivery.pk, claimed_by=self.worker).update(
            status=Delivery.Status.PENDING,
            claimed_by="",
            claimed_at=None,
            attempts=attempts,
            next_attempt_at=schedule.retry_at(self.clock(), attempts),
            error=redact_addresses(str(error)),
        )
        log.info(
            "deferred",
            extra={
                "delivery_id": delivery.pk,
                "attempts": attempts,
                "error": redact_addresses(str(error)),
            },
        )


ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


def redact_addresses(text: str) -> str:
    """SMTP replies quote the recipient ("452 <x@y>: mailbox full"): keep addresses out of logs."""
    return ADDRESS.sub("<address>", text)
