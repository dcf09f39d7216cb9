"""A per-process memo with a size budget, safe to share between a web server's threads.

Search keeps two memos per process: a query's matches under a content version (SQLite)
and the document frequencies of words (term statistics). Both hold a running total of
what they hold beside the dict, and start again when it would pass a budget. That total
and the dict must change together: a thread switch between "add the entry" and "add its
weight" (or between "empty the dict" and "zero the total") left them apart, and the
budget then meant nothing. So every read and change of the two happens under one lock.
(Under CPython's GIL those steps happen to run uninterrupted today, having no Python call
or loop between them; the lock makes that a rule rather than an accident of the bytecode,
and holds on a free-threaded Python, where nothing else would.)

A lock rather than immutable snapshots swapped whole: document frequencies are added a few
words at a time, and copying a dict of 200,000 words to add five would cost more than the
query it saves. The lock is held for dict operations only, never while the database is
asked: two threads wanting the same new key may both ask, and the second's equal answer
replaces the first's, which costs a query, not correctness. The values kept are immutable
(frozensets, tuples, ints), so a caller may use one after the lock is released.
"""

import threading
from collections.abc import Callable, Hashable, Mapping


def one(_: object) -> int:
    return 1


class BoundedMemo[K: Hashable, V]:
    """A dict whose entries' weights add up to at most `budget`; when the next entry would
    pass it, the memo empties first (the keys of old content versions are never asked for
    again, and words' counts drift, so nothing smarter than starting again is needed). An
    entry heavier than the whole budget is not kept."""

    def __init__(self, budget: int, weight: Callable[[V], int] = one) -> None:
        self.budget = budget
        self._weight = weight
        self._entries: dict[K, tuple[V, int]] = {}
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
        return None if entry is None else entry[0]

    def get_many(self, keys: list[K]) -> dict[K, V]:
        with self._lock:
            return {k: e[0] for k in keys if (e := self._entries.get(k)) is not None}

    def put(self, key: K, value: V) -> None:
        self.put_many({key: value})

    def put_many(self, items: Mapping[K, V]) -> None:
        weighed = {k: (v, self._weight(v)) for k, v in items.items()}
        with self._lock:
            for key, (value, weight) in weighed.items():
                old = self._entries.pop(key, None)
                if old is not None:
                    self._held -= old[1]
                if weight > self.budget:
                    continue
                if self._held + weight > self.budget:
                    self._entries.clear()
                    self._held = 0
                self._entries[key] = (value, weight)
                self._held += weight

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._held = 0

    def held(self) -> tuple[int, int]:
        """(entries, total weight), read together: what the tests check the budget with."""
        with self._lock:
            return len(self._entries), self._held

    def weights_add_up(self) -> bool:
        """Whether the running total is the sum of the entries' weights (a check for tests)."""
        with self._lock:
            return self._held == sum(w for _, w in self._entries.values())
