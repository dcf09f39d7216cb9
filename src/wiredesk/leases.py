"""Leases on database rows: one worker at a time holds a row, for a term, and can lose it.

A lease is two columns on the row it guards: who holds it (`holder`, "" when free) and
when they took or last renewed it (`taken_at`). It runs out `term` after that. Every
change is one conditional UPDATE (`... WHERE holder = ''`, or `... WHERE holder = me`),
so of several workers racing for a row exactly one sees it updated: on SQLite because
writers take turns (IMMEDIATE transactions), on PostgreSQL because the second UPDATE
waits for the first to commit and then checks its WHERE again on the new row. Claiming
a batch reads its candidates with `SKIP LOCKED` where the database has it, so racing
claimers take different rows instead of queueing behind each other.

A holder is named `host:pid:token`. A worker that dies leaves its rows held; they come
back when the term runs out, or at once when the holder is known dead: a pid gone on
this host, or this process's own pid with a token it is not using (an earlier process
that had the same pid). A holder on another host (a container restarted under a new
name) is never presumed dead: its rows wait for the term.

What it does not do: fence. A worker whose lease ran out while it worked is not stopped;
it finds out when its next conditional UPDATE changes nothing (`held` no longer matches).
Make the term much longer than one piece of work, or `renew` while working.

Used by the newsletter's deliveries (`newsletter/claims.py`); meant for every "one worker
per row" claim, so each needs only its two columns and a term.
"""

import os
import secrets
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connections, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

_in_use: set[str] = set()  # holder names this process is using now


@contextmanager
def holder() -> Iterator[str]:
    """A fresh holder name, `host:pid:token`, known to be alive while the block runs."""
    name = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
    _in_use.add(name)
    try:
        yield name
    finally:
        _in_use.discard(name)


def holder_is_gone(name: str) -> bool:
    """True when the holder is known dead: same host, and no such pid or a stale token of ours."""
    host, _, rest = name.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    if int(pid_text) == os.getpid():
        return name not in _in_use  # our pid, not our holder: an earlier process's
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # someone else's live process
        return False
    return False


@dataclass(frozen=True)
class Lease:
    """Leases of `term` on the rows of any model with a holder and a taken-at column.

    Each method takes `rows`, the caller's own filter (status, due time, ids): it
    narrows what the lease acts on and is checked again in the UPDATE, so keep it to
    the model's own columns (a join would turn the UPDATE into `id IN (SELECT ...)`).
    """

    term: timedelta
    holder_field: str = "claimed_by"
    taken_field: str = "claimed_at"
    clock: Callable[[], datetime] = timezone.now

    def free(self) -> Q:
        """Rows nobody holds, or whose holder's term ran out."""
        expired = {f"{self.taken_field}__lt": self.clock() - self.term}
        return Q(**{self.holder_field: ""}) | Q(**expired)

    def held_by(self, name: str) -> Q:
        """Rows `name` holds (its term may have run out; nobody else took them).

        A condition to join to the caller's own in one `filter`, for a write that must
        still find the row ours: each extra `filter` call costs a query clone.
        """
        return Q(**{self.holder_field: name})

    def held(self, rows: QuerySet, name: str) -> QuerySet:
        return rows.filter(self.held_by(name))

    def take(self, rows: QuerySet, ids: list[int], name: str, **changes: object) -> int:
        """Take those of `ids` that are still free, setting `changes` with the lease."""
        taking = {self.holder_field: name, self.taken_field: self.clock(), **changes}
        return rows.filter(self.free(), pk__in=ids).order_by().update(**taking)

    def claim(self, rows: QuerySet, name: str, limit: int, **changes: object) -> QuerySet:
        """Take up to `limit` free rows, in `rows`' order; returns the rows taken.

        The candidates are read and taken in one transaction; on PostgreSQL the read
        skips rows another claimer has locked, so racing claimers split the rows.
        """
        with transaction.atomic(using=rows.db):
            candidates = rows.filter(self.free())
            if connections[rows.db].features.has_select_for_update_skip_locked:
                candidates = candidates.select_for_update(skip_locked=True)
            ids = list(candidates.values_list("pk", flat=True)[:limit])
            self.take(rows, ids, name, **changes)
        return self.held(rows.model._default_manager.filter(pk__in=ids), name)

    def renew(self, rows: QuerySet, name: str) -> int:
        """Start the term again on the rows `name` still holds; returns how many."""
        return self.held(rows, name).order_by().update(**{self.taken_field: self.clock()})

    def release(self, rows: QuerySet, name: str, **changes: object) -> int:
        """Give back the rows `name` holds, setting `changes`; returns how many."""
        freeing = {self.holder_field: "", self.taken_field: None, **changes}
        return self.held(rows, name).order_by().update(**freeing)

    def release_stale(self, rows: QuerySet, **changes: object) -> int:
        """Give back held rows whose term ran out or whose holder is gone; returns how many.

        Each row is released only if its holder is still the stale one, so a row that
        another worker took meanwhile stays theirs.
        """
        cutoff = self.clock() - self.term
        by_holder: dict[str, list[int]] = {}
        held = rows.exclude(**{self.holder_field: ""})
        for pk, name, taken_at in held.values_list("pk", self.holder_field, self.taken_field):
            if (taken_at and taken_at < cutoff) or holder_is_gone(name):
                by_holder.setdefault(name, []).append(pk)
        released = 0
        for name, ids in by_holder.items():
            for start in range(0, len(ids), 500):
                chunk = rows.filter(pk__in=ids[start : start + 500])
                released += self.release(chunk, name, **changes)
        return released
