"""Leases on rows (wiredesk.leases), on the real database: claims, expiry, renewal, races.

The rows are newsletter deliveries, the first user of the leases; nothing here is
specific to them but their `claimed_by` and `claimed_at` columns.
"""

import os
import socket
import subprocess
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from wiredesk import leases
from wiredesk.editions.models import Edition
from wiredesk.leases import Lease
from wiredesk.newsletter.models import Delivery, NewsletterIssue, Subscriber

TERM = timedelta(minutes=10)


class Clock:
    """The wall clock, moved on by hand: leases expire without waiting."""

    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by


def make_rows(count: int) -> list[int]:
    """`count` free delivery rows, due one minute apart; their ids in due order."""
    edition = Edition.objects.create(name="Leases", slug="leases", countries=["CH"])
    issue = NewsletterIssue.objects.create(edition=edition, date=timezone.now().date())
    readers = Subscriber.objects.bulk_create(
        Subscriber(email=f"r{i}@example.org", token=f"lease-{i}") for i in range(count)
    )
    start = timezone.now()
    rows = Delivery.objects.bulk_create(
        Delivery(issue=issue, subscriber=r, due_at=start + timedelta(minutes=i))
        for i, r in enumerate(readers)
    )
    return [row.pk for row in rows]


def all_rows():
    return Delivery.objects.order_by("due_at", "pk")


def holders() -> dict[int, str]:
    return dict(Delivery.objects.values_list("pk", "claimed_by"))


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def lease(clock):
    return Lease(term=TERM, clock=clock)


@pytest.mark.django_db
def test_claims_split_the_rows_in_order_and_set_the_changes(lease):
    ids = make_rows(5)
    first = lease.claim(all_rows(), "a", 3, status=Delivery.Status.CLAIMED)
    second = lease.claim(all_rows(), "b", 3, status=Delivery.Status.CLAIMED)
    assert sorted(row.pk for row in first) == ids[:3]
    assert sorted(row.pk for row in second) == ids[3:]
    assert lease.claim(all_rows(), "c", 3).count() == 0
    assert set(Delivery.objects.values_list("status", flat=True)) == {"claimed"}
    assert all(row.claimed_at == lease.clock() for row in Delivery.objects.all())


@pytest.mark.django_db
def test_of_two_claimers_that_read_the_same_rows_only_the_first_takes_them(lease):
    ids = make_rows(3)
    read_by_both = list(ids)  # each read these as free before either wrote
    assert lease.take(all_rows(), read_by_both, "a") == 3
    assert lease.take(all_rows(), read_by_both, "b") == 0
    assert set(holders().values()) == {"a"}


@pytest.mark.django_db
def test_the_callers_conditions_are_checked_again_when_taking(lease):
    [pk] = make_rows(1)
    pending = Delivery.objects.filter(status=Delivery.Status.PENDING)
    Delivery.objects.update(status=Delivery.Status.EXPIRED)  # changed after it was read
    assert lease.take(pending, [pk], "a") == 0
    assert holders() == {pk: ""}


@pytest.mark.django_db
def test_an_expired_lease_can_be_taken_and_its_old_holder_finds_out(lease, clock):
    [pk] = make_rows(1)
    assert lease.claim(all_rows(), "a", 1).count() == 1
    clock.advance(TERM - timedelta(seconds=1))
    assert lease.claim(all_rows(), "b", 1).count() == 0  # still a's
    clock.advance(timedelta(seconds=2))
    assert [row.pk for row in lease.claim(all_rows(), "b", 1)] == [pk]
    assert lease.renew(all_rows(), "a") == 0
    assert lease.release(all_rows(), "a") == 0
    assert lease.held(all_rows(), "a").count() == 0
    assert holders() == {pk: "b"}


@pytest.mark.django_db
def test_renewing_keeps_a_lease_past_its_first_term(lease, clock):
    make_rows(1)
    lease.claim(all_rows(), "a", 1)
    clock.advance(TERM * 0.9)
    assert lease.renew(all_rows(), "a") == 1
    assert lease.renew(all_rows(), "b") == 0  # only the holder renews
    clock.advance(TERM * 0.9)  # 1.8 terms after the claim, 0.9 after the renewal
    assert lease.claim(all_rows(), "b", 1).count() == 0
    clock.advance(TERM * 0.2)
    assert lease.claim(all_rows(), "b", 1).count() == 1


@pytest.mark.django_db
def test_release_gives_back_only_the_holders_rows(lease):
    ids = make_rows(4)
    lease.claim(all_rows(), "a", 2, status=Delivery.Status.CLAIMED)
    lease.claim(all_rows(), "b", 2, status=Delivery.Status.CLAIMED)
    assert lease.release(all_rows(), "a", status=Delivery.Status.PENDING) == 2
    assert holders() == {ids[0]: "", ids[1]: "", ids[2]: "b", ids[3]: "b"}
    released = Delivery.objects.filter(pk__in=ids[:2])
    assert set(released.values_list("status", "claimed_at")) == {("pending", None)}


@pytest.mark.django_db
def test_stale_leases_are_released_when_their_holder_is_dead_or_out_of_time(lease, clock):
    ids = make_rows(5)
    dead = subprocess.Popen(["true"])
    dead.wait()
    host = socket.gethostname()
    with leases.holder() as ours:
        names = [
            f"{host}:{dead.pid}:x",  # no such process: released
            f"{host}:{os.getpid()}:x",  # our pid, not a holder of ours: an earlier process's
            f"{host}:{os.getppid()}:x",  # alive: kept
            f"elsewhere:{os.getpid()}:x",  # another host: kept until the term runs out
            ours,  # in use in this process: kept
        ]
        for pk, name in zip(ids, names, strict=True):
            lease.take(all_rows(), [pk], name)
        assert lease.release_stale(all_rows()) == 2
        kept = {ids[2]: names[2], ids[3]: names[3], ids[4]: ours}
        assert holders() == {ids[0]: "", ids[1]: "", **kept}
        clock.advance(TERM + timedelta(seconds=1))
        assert lease.release_stale(all_rows()) == 3
    assert set(holders().values()) == {""}


@pytest.mark.django_db
def test_a_holder_name_is_ours_only_while_in_use():
    with leases.holder() as name:
        assert name.startswith(f"{socket.gethostname()}:{os.getpid()}:")
        assert not leases.holder_is_gone(name)
    assert leases.holder_is_gone(name)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the tests' in-memory SQLite database takes one writer and fails the others at "
    "once; the PostgreSQL pass of `make test` races real connections (file SQLite: the "
    "kill test's two lanes)",
)
def test_claimers_racing_on_their_own_connections_never_share_a_row():
    ids = make_rows(120)
    lease = Lease(term=TERM)
    taken: dict[str, list[int]] = {}
    start = threading.Barrier(4)

    def claimer(name: str) -> None:
        try:
            start.wait()
            mine = taken.setdefault(name, [])
            while batch := list(lease.claim(all_rows(), name, 5)):
                mine.extend(row.pk for row in batch)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claimer, args=(f"c{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [pk for mine in taken.values() for pk in mine]
    assert sorted(every) == ids  # each row taken, by exactly one claimer
    assert {pk: name for name, mine in taken.items() for pk in mine} == holders()
