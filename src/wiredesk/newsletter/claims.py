"""Which sender is sending which delivery: leases on the Delivery rows.

A row is claimed (status `claimed`, `claimed_by` naming the lane) before its message
goes out, and leaves the claim only by one conditional UPDATE that still finds it ours:
sent after the server's 250, deferred after a 4xx, bounced or failed, or given back.
While a lease holds, no other sender takes the row. A lane whose lease ran out, and whose
row another run then took, finds out only when that UPDATE changes nothing ("lost claim"
in the log): hence a term far longer than a batch, and renewal while a batch runs long.

Claims come in batches of `BATCH` (50): one transaction per batch instead of one per
message, while a kill strands at most that many rows, which the next run gets back at
once (`release_stale_claims`: their holder's pid is gone). A holder on another host is
trusted for the lease's `TERM` (15 minutes, far longer than a batch takes; a lane
renews its claims if a throttled batch runs long). Leases run on the wall clock,
whatever clock the sender is given to decide what is due.

Rows past their deadline are expired here too (`expire_late`): never claimed, never sent.
"""

import logging
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from wiredesk.leases import Lease
from wiredesk.newsletter.models import Delivery, NewsletterIssue

log = logging.getLogger("wiredesk.newsletter")

TERM = timedelta(minutes=15)
BATCH = 50
LEASE = Lease(term=TERM)
Status = Delivery.Status


def _claimed() -> QuerySet[Delivery]:
    return Delivery.objects.filter(status=Status.CLAIMED)


def release_stale_claims() -> int:
    """Give back rows whose sender died or whose lease ran out; returns how many.

    A claim naming our own pid with a holder this process is not using is an earlier
    process's (the pid was reused): it is given back too.
    """
    released = LEASE.release_stale(_claimed(), status=Status.PENDING)
    if released:
        log.warning("released stale claims", extra={"count": released})
    return released


def due(now: datetime, force: bool, edition: str | None) -> QuerySet[Delivery]:
    """Pending rows that may be sent now: before their deadline, past any back-off,
    at their reader's hour (unless `force`), of one edition's issues if given."""
    rows = Delivery.objects.filter(status=Status.PENDING, deadline__gt=now).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    if not force:
        rows = rows.filter(due_at__lte=now)
    if edition:  # by issue ids, not a join: the claim's UPDATE checks these conditions again
        rows = rows.filter(issue__in=NewsletterIssue.objects.filter(edition__slug=edition))
    return rows.order_by("due_at", "pk")


def claim_batch(
    worker: str, now: datetime, force: bool, edition: str | None, limit: int = BATCH
) -> list[Delivery]:
    """Claim up to `limit` due rows for `worker`, earliest due first."""
    taken = LEASE.claim(due(now, force, edition), worker, limit, status=Status.CLAIMED)
    return list(
        taken.filter(status=Status.CLAIMED)
        .select_related("subscriber", "issue__edition")
        .order_by("due_at", "pk")
    )


def renew(worker: str) -> int:
    return LEASE.renew(_claimed(), worker)


def give_back(worker: str) -> int:
    """Rows `worker` claimed and did not get to go back to pending (an orderly exit)."""
    return LEASE.release(_claimed(), worker, status=Status.PENDING)


def finish(
    delivery: Delivery,
    worker: str,
    status: str,
    error: str,
    sent_at: datetime | None = None,
    message_id: str = "",
) -> None:
    """Record a row's outcome, if `worker` still holds it (else log the lost claim).

    The row keeps its holder's name: it tells which run sent it.
    """
    mine = Delivery.objects.filter(LEASE.held_by(worker), pk=delivery.pk, status=Status.CLAIMED)
    if not mine.update(status=status, error=error, sent_at=sent_at, message_id=message_id):
        log.warning("lost claim", extra={"delivery_id": delivery.pk, "status": status})


def defer(delivery: Delivery, worker: str, retry_at: datetime, error: str) -> int:
    """Back to pending after a temporary failure, to be tried again at `retry_at`."""
    return LEASE.release(
        Delivery.objects.filter(pk=delivery.pk),
        worker,
        status=Status.PENDING,
        attempts=delivery.attempts + 1,
        next_attempt_at=retry_at,
        error=error,
    )


def expire_late(now: datetime) -> int:
    """Pending rows past their deadline are never sent: a morning digest at night is worse."""
    expired = Delivery.objects.filter(status=Status.PENDING, deadline__lte=now).update(
        status=Status.EXPIRED, error="missed its deadline"
    )
    if expired:
        log.warning("expired late deliveries", extra={"count": expired})
    return expired
