"""Fetch and parse feeds, on every core when there are many: no database here.

A poll is a conditional GET and, when the feed changed, a parse: both pure work that
needs nothing but the feed's address and validators. A run of many feeds spreads it
over worker processes (one per core, each with its own HTTP client and a few threads
for the network), so that parsing, the costly part, runs on every core; the calling
process keeps the database work. A short run polls in-process on a thread pool, where
starting processes would cost more than it saves.

Batches are handed out a few ahead of the caller, so the workers fetch and parse the
next feeds while the caller stores the last ones; results come back in order.
"""

import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context

from wiredesk.config import Config
from wiredesk.errors import WiredeskError
from wiredesk.ingest.feeds import FeedData, parse_feed
from wiredesk.ingest.fetch import FetchResult, PartnerClient, fetch, make_client

PROCESS_MIN_FEEDS = 200  # fewer feeds are polled in-process (see the module docstring)
BATCHES_AHEAD = 3


@dataclass(frozen=True)
class PollJob:
    url: str
    etag: str = ""
    last_modified: str = ""


@dataclass
class Polled:
    """One feed's poll: the fetch (or its error) and, when it changed, the parsed feed."""

    fetched: FetchResult | WiredeskError
    parsed: FeedData | WiredeskError | None = None


def poll_one(client: PartnerClient, job: PollJob) -> Polled:
    """Fetch a feed conditionally and parse it if it changed."""
    try:
        fetched = fetch(client, job.url, job.etag, job.last_modified)
    except WiredeskError as exc:
        return Polled(exc)
    if fetched.not_modified:
        return Polled(fetched)
    try:
        parsed: FeedData | WiredeskError = parse_feed(
            fetched.content, fetched.url, fetched.content_type
        )
    except WiredeskError as exc:
        parsed = exc
    fetched.content = b""  # parsed: the bytes need not be kept, nor sent between processes
    return Polled(fetched, parsed)


def poll_processes(config: Config, feeds: int) -> int:
    """WIREDESK_POLL_PROCESSES, where 0 means one per core for runs of many feeds."""
    wanted = config.poll_processes
    if wanted > 0:
        return wanted
    return (os.cpu_count() or 1) if feeds >= PROCESS_MIN_FEEDS else 1


class Poller:
    """Polls batches of feeds in order, in worker processes or on the caller's thread pool."""

    def __init__(
        self, config: Config, client: PartnerClient, pool: ThreadPoolExecutor, processes: int
    ):
        self.client, self.pool, self.processes = client, pool, processes
        self.config = config  # the client's own: the worker processes make theirs from it
        # kept for the next run of this process, not shut down here (see worker_processes)
        self.workers = worker_processes(self.config, processes) if processes > 1 else None

    def poll_batches(self, batches: list[list[PollJob]]) -> Iterator[list[Polled]]:
        if self.workers is None:
            for jobs in batches:
                yield list(self.pool.map(lambda job: poll_one(self.client, job), jobs))
            return
        waiting: deque[list[Future[list[Polled]]]] = deque()
        for jobs in batches:
            waiting.append(self._submit(jobs))
            if len(waiting) > BATCHES_AHEAD:
                yield _gather(waiting.popleft())
        while waiting:
            yield _gather(waiting.popleft())

    def _submit(self, jobs: list[PollJob]) -> list[Future[list[Polled]]]:
        assert self.workers is not None
        size = max(1, -(-len(jobs) // self.processes))
        return [
            self.workers.submit(_poll_chunk, jobs[i : i + size], self.config)
            for i in range(0, len(jobs), size)
        ]


def _gather(chunks: list[Future[list[Polled]]]) -> list[Polled]:
    return [polled for chunk in chunks for polled in chunk.result()]


_workers: tuple[tuple, ProcessPoolExecutor] | None = None


def worker_processes(config: Config, processes: int) -> ProcessPoolExecutor:
    """The polling processes, started once and kept: a scheduler that polls every minute
    should not pay their start on every run. They are fresh interpreters ("spawn": forking
    a process that runs threads can copy a held lock), handed the settings with each
    chunk; new ones start if the settings change."""
    global _workers
    key = (processes, config)
    if _workers is None or _workers[0] != key:
        if _workers is not None:
            _workers[1].shutdown(cancel_futures=True)
        _workers = (key, ProcessPoolExecutor(processes, mp_context=get_context("spawn")))
    return _workers[1]


@cache
def _worker_client(config: Config) -> PartnerClient:
    return make_client(config)


@cache
def _worker_threads(concurrency: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(concurrency)


def _poll_chunk(jobs: list[PollJob], config: Config) -> list[Polled]:
    """In a worker process: poll a chunk of feeds on its threads."""
    client = _worker_client(config)
    threads = _worker_threads(config.fetch_concurrency)
    return list(threads.map(lambda job: poll_one(client, job), jobs))
