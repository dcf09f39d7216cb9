"""One backend per engine, chosen once; per-process memos that stay whole under threads."""

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from random import Random

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from wiredesk.site.search import backend, stats
from wiredesk.site.search.engines import BACKENDS, backend_for
from wiredesk.site.search.memo import BoundedMemo
from wiredesk.site.search.postgres import PostgresBackend
from wiredesk.site.search.sqlite import SqliteBackend


def test_the_backend_is_the_connections_engines_and_is_chosen_once():
    chosen = backend()
    assert chosen.vendor == connection.vendor
    expected = SqliteBackend if connection.vendor == "sqlite" else PostgresBackend
    assert type(chosen) is expected
    assert backend() is chosen and backend_for(connection.vendor) is chosen


def test_each_backend_serves_the_vendor_it_is_listed_under():
    assert set(BACKENDS) == {"sqlite", "postgresql"}
    for vendor, made in BACKENDS.items():
        assert made.vendor == vendor and backend_for(vendor).vendor == vendor


def test_an_engine_without_a_backend_is_refused_clearly():
    with pytest.raises(ImproperlyConfigured, match="no backend for the 'mysql'"):
        backend_for("mysql")


@contextmanager
def switching_often() -> Iterator[None]:
    """Let threads switch every microsecond, so that a step left unlocked is interrupted."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def run_threads(work, count: int = 8) -> None:
    errors: list[BaseException] = []

    def guarded(seed: int) -> None:
        try:
            work(seed)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(seed,)) for seed in range(count)]
    with switching_often():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []


def test_a_change_to_the_memo_waits_while_another_thread_holds_it():
    """The lock is what keeps the dict and its running total together. (Under the GIL the
    unlocked steps happen not to be interrupted today, so the stress tests below pass even
    without it; this one does not.)"""
    memo: BoundedMemo[str, int] = BoundedMemo(10)
    stored = threading.Event()
    writer = threading.Thread(target=lambda: (memo.put("k", 1), stored.set()))
    with memo._lock:
        writer.start()
        assert not stored.wait(0.2)
    writer.join()
    assert stored.is_set() and memo.get("k") == 1


def test_the_memo_keeps_its_budget_and_its_total_under_threads():
    """What a free-threaded Python would break without the lock."""
    memo: BoundedMemo[int, frozenset[int]] = BoundedMemo(500, weight=len)

    def work(seed: int) -> None:
        rng = Random(seed)
        for _ in range(3000):
            key = rng.randrange(200)
            if rng.random() < 0.5:
                memo.put(key, frozenset(range(rng.randrange(60))))
            else:
                held = memo.get(key)
                assert held is None or len(held) < 60
            assert memo.held()[1] <= memo.budget

    run_threads(work)
    assert memo.weights_add_up()
    assert 0 < memo.held()[1] <= 500


def test_the_memo_replaces_a_key_and_starts_again_past_its_budget():
    memo: BoundedMemo[str, tuple[int, ...]] = BoundedMemo(10, weight=len)
    memo.put("a", (1, 2, 3))
    memo.put("a", (1, 2, 3, 4))
    assert memo.held() == (1, 4)
    memo.put("b", tuple(range(7)))  # 4 + 7 > 10: starts again
    assert memo.held() == (1, 7) and memo.get("a") is None
    memo.put("huge", tuple(range(11)))  # heavier than the budget: not kept
    assert memo.get("huge") is None and memo.weights_add_up()


def test_document_frequencies_under_threads_are_right_and_read_once_held():
    """Counts come from the reader once, then from the memo, for every thread alike."""
    truth = {f"w{i}": i % 7 for i in range(300)}  # 0 and 1: never kept
    reads: list[list[str]] = []

    def read(terms: list[str]) -> dict[str, int]:
        reads.append(terms)
        return {t: truth[t] for t in terms if truth[t]}

    stats.forget_document_frequencies()

    def work(seed: int) -> None:
        rng = Random(seed)
        for _ in range(400):
            terms = rng.sample(sorted(truth), 8)
            assert stats.document_frequencies(terms, read) == {
                t: truth[t] for t in terms if truth[t]
            }

    try:
        run_threads(work)
        assert stats._known.weights_add_up()
        reads.clear()
        kept = [t for t, n in truth.items() if n >= 2]
        assert stats.document_frequencies(kept, read) == {t: truth[t] for t in kept}
        assert reads == []  # every word in more than one article was kept
    finally:
        stats.forget_document_frequencies()
