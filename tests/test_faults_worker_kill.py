"""Crash safety of the workers: SIGKILL a real Celery worker mid-task, restart it, finish.

A real `wiredesk worker` (two processes, its own session so the whole process group can be
killed, as the OOM killer or a lost machine would) takes the work that `wiredesk ingest`
queues on the broker (Redis, and RabbitMQ), against PostgreSQL when it answers, else a file
SQLite database. The partner is the growing wire of test_faults_kill: six feeds of one
source, some stories listed in two feeds. Each round the wire grows, every feed falls due,
`wiredesk ingest` queues the polls, and the worker's group is killed, seeded, after the
partner has served a random number of requests plus a random pause, so kills land while
feeds are polled, entries are queued and pages are fetched and stored. Then the worker is
started again.

Afterwards:
1. With the worker left running and nothing polled again, the broker must hand the killed
   worker's tasks to the new one (acks_late + reject_on_worker_lost): every story stored.
2. Then one more poll of every feed (time passing), and the worker drains the queue.
Every story is then stored exactly once (by URL and by source+guid), with no item error,
no dead letter (FailedTask: every fetch here succeeds, so none has an explanation), and no
message of ours left in the queue or unacknowledged on the broker. Seeds are printed;
replay with WIREDESK_KILL_SEEDS=1,2,3; rounds from WIREDESK_WORKER_KILL_ROUNDS or
WIREDESK_KILL_ROUNDS (3 by default, 8 under `make test-long`).

On Redis, tasks a killed worker had reserved (with prefetch 1, one per process beside the
one it runs) stay in kombu's `unacked` hash until the visibility
timeout, then go to another worker: the test sets WIREDESK_CELERY_VISIBILITY_TIMEOUT to
20 s and counts those held tasks as work still to do. RabbitMQ requeues a dead
consumer's messages at once.
"""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from services import (
    RABBITMQ_URL,
    REDIS_URL,
    fresh_database_url,
    require,
)
from test_faults_kill import FEEDS, HOST, SETUP, Wire
from wiredesk.demo.partner import PartnerServer

pytestmark = pytest.mark.slow
WIREDESK = [sys.executable, "-m", "wiredesk"]
# Rounds: WIREDESK_WORKER_KILL_ROUNDS, else WIREDESK_KILL_ROUNDS, else 3. A round with a
# Redis broker can wait out the visibility timeout, so `make test-long` asks fewer of these.
ROUNDS = int(
    os.environ.get("WIREDESK_WORKER_KILL_ROUNDS") or os.environ.get("WIREDESK_KILL_ROUNDS", "3")
)
FIRST = 24  # stories on the wire at the start
PER_ROUND = 12  # new stories each round
# The work has settled when no story was stored, nothing of ours was queued and the worker
# logged nothing for QUIET seconds (longer than any pause between its tasks); a phase
# that has not settled after SETTLE_CAP seconds is judged as it stands.
QUIET = 15
SETTLE_CAP = 300


# --- the database: PostgreSQL when it answers, else an SQLite file ----------------------------


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh PostgreSQL database when the server answers, else an SQLite file."""
    yield from fresh_database_url(tmp_path, "kill")


def query(database_url: str, sql: str) -> list[tuple]:
    """Rows of one statement, read (or written) beside the running worker."""
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=30) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []


def stored_count(database_url: str) -> int:
    return query(database_url, "SELECT count(*) FROM articles_article")[0][0]


def make_feeds_due(database_url: str) -> None:
    """Time passes: every feed is due again (a killed poll's claim has run out too)."""
    query(database_url, "UPDATE sources_feed SET next_poll_at = NULL")


# --- the worker -------------------------------------------------------------------------------


class Worker:
    """A `wiredesk worker` in its own process group, killed and started again at will."""

    def __init__(self, env: dict[str, str], logs: Path):
        self.env = env
        self.logs = logs
        self.starts = 0
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.starts += 1
        log = (self.logs / f"worker-{self.starts}.log").open("w")
        self.process = subprocess.Popen(
            [*WIREDESK, "worker", "--concurrency", "2"],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: SIGKILL takes the pool children too
        )
        log.close()

    def kill(self) -> bool:
        """SIGKILL the whole group; False when the worker had already gone."""
        assert self.process is not None
        alive = self.process.poll() is None
        if alive:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        return alive

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)

    def log_size(self) -> int:
        return (self.logs / f"worker-{self.starts}.log").stat().st_size

    def log_tail(self) -> str:
        return (self.logs / f"worker-{self.starts}.log").read_text()[-3000:]


class Busy:
    """True while work is visible: messages of ours queued, or the worker's log growing."""

    def __init__(self, worker: Worker, queued):
        self.worker = worker
        self.queued = queued
        self.log_size = -1

    def __call__(self) -> bool:
        size, self.log_size = self.log_size, self.worker.log_size()
        return bool(self.queued()) or size != self.log_size


def wiredesk(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [*WIREDESK, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def seeds() -> list[int]:
    given = os.environ.get("WIREDESK_KILL_SEEDS")
    if given:
        return [int(s) for s in given.split(",")]
    return [random.SystemRandom().randrange(1, 10**6) for _ in range(ROUNDS)]


def wait_until_settled(database_url: str, expected: int, busy) -> int:
    """Wait while stories are still being stored or `busy()` (work queued, worker logging);
    return the count once all are stored or the work has stopped."""
    deadline = time.monotonic() + SETTLE_CAP
    count, changed = stored_count(database_url), time.monotonic()
    while count < expected and time.monotonic() < deadline:
        time.sleep(0.5)
        now = stored_count(database_url)
        if now != count or busy():
            count, changed = now, time.monotonic()
        elif time.monotonic() - changed > QUIET:
            break
    return count


def wait_until_idle(busy) -> None:
    """Wait until `busy()` has been false for QUIET seconds (duplicate tasks finish)."""
    deadline = time.monotonic() + SETTLE_CAP
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < QUIET and time.monotonic() < deadline:
        time.sleep(0.5)
        if busy():
            quiet_since = time.monotonic()


# --- what the broker still holds --------------------------------------------------------------


def redis_leftovers(url: str, queue: str) -> dict[str, int]:
    """Messages of our queue still queued, and still unacknowledged (kombu's `unacked` hash,
    which a worker that dies without a warm shutdown leaves until `visibility_timeout`)."""
    import redis

    client = redis.Redis.from_url(url)
    left = {"queued": client.llen(queue)}
    for message, _exchange, routing_key in map(json.loads, client.hvals("unacked")):
        if routing_key == queue:
            name = "unacked " + message["headers"]["task"].rsplit(".", 1)[-1]
            left[name] = left.get(name, 0) + 1
    return left


def rabbitmq_leftovers(url: str, queue: str) -> dict[str, int]:
    """Messages of our queue still ready (with no consumer left, unacked ones are requeued)."""
    from kombu import Connection

    with Connection(url) as conn:
        _, ready, _ = conn.default_channel.queue_declare(queue=queue, passive=True)
    return {"queued": ready}


BROKERS = [
    pytest.param("Redis", 6379, REDIS_URL, redis_leftovers, id="Redis"),
    pytest.param("RabbitMQ", 5672, RABBITMQ_URL, rabbitmq_leftovers, id="RabbitMQ"),
]


@pytest.fixture
def wire() -> Iterator[Wire]:
    with PartnerServer(0, with_demo_sites=False) as server:
        yield Wire(server)


@pytest.mark.parametrize(("broker", "port", "broker_url", "leftovers"), BROKERS)
def test_worker_killed_at_random_stores_each_story_once(
    wire, tmp_path, database_url, broker, port, broker_url, leftovers
):
    require(broker, "127.0.0.1", port)
    queue = f"test-kill-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "WIREDESK_CELERY_QUEUE": queue,
        "WIREDESK_FETCH_PROXY": wire.server.proxy_url,
        "WIREDESK_FETCH_TIMEOUT": "5",
        "PYTHONUNBUFFERED": "1",
        "WIREDESK_CELERY_VISIBILITY_TIMEOUT": "20",  # Redis hands a dead worker's tasks on
    }
    wire.add(FIRST)
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + SETUP % (FEEDS, HOST)],
        env={**env, "DJANGO_SETTINGS_MODULE": "wiredesk.settings"},
        check=True,
        timeout=120,
    )
    worker = Worker(env, tmp_path)
    worker.start()
    try:
        used = seeds()
        print("kill seeds:", ",".join(map(str, used)))
        killed = sum(kill_round(wire, worker, env, database_url, r, s) for r, s in enumerate(used))
        assert killed >= len(used) // 2, "most rounds ended before the kill: it tested nothing"
        # queued and still held by the killed worker (Redis's unacked): both are work to do
        busy = Busy(worker, lambda: sum(leftovers(broker_url, queue).values()))
        stalled = len(wire.stories) - wait_until_settled(database_url, len(wire.stories), busy)
        make_feeds_due(database_url)  # then the next poll, as time passes
        wiredesk(env, "ingest", "--no-progress")
        wait_until_settled(database_url, len(wire.stories), busy)
        wait_until_idle(busy)
    finally:
        worker.stop()
    missing = assert_each_story_at_most_once(wire, database_url)
    left = leftovers(broker_url, queue)
    held = {name: n for name, n in left.items() if name.startswith("unacked")}
    # A story whose task died with the worker waits for the next poll (the feed's
    # validators are kept until its entries are stored); after that poll none may be missing.
    print(f"{broker}: {stalled} of {len(wire.stories)} stories waited for the next poll")
    assert not held, f"{broker} still holds tasks of the killed worker: {left}"
    assert not missing, f"lost: {missing[:10]}\n{worker.log_tail()}"
    assert not sum(left.values()), f"messages of ours left on {broker}: {left}"


def kill_round(
    wire: Wire, worker: Worker, env: dict[str, str], database_url: str, round_: int, seed: int
) -> bool:
    """Grow the wire, queue the polls, SIGKILL the worker at a seeded moment, restart it.

    True when the kill found the worker running (it always should: it never exits alone).
    """
    rng = random.Random(seed)
    server = wire.server
    if round_:
        wire.add(PER_ROUND)
    make_feeds_due(database_url)
    remaining = len(wire.stories) - stored_count(database_url)
    after_requests = rng.randint(1, FEEDS + max(remaining, 1))
    pause = rng.uniform(0, 0.5)
    before = len(server.requests)
    queued = wiredesk(env, "ingest", "--no-progress").strip()
    deadline = time.monotonic() + 60
    while len(server.requests) - before < after_requests and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(pause)
    killed = worker.kill()
    print(
        f"round {round_} seed {seed}: {queued}; kill after {after_requests} requests +"
        f" {pause:.2f} s; {len(server.requests) - before} served,"
        f" {stored_count(database_url)} of {len(wire.stories)} stored"
    )
    worker.start()
    return killed


def assert_each_story_at_most_once(wire: Wire, database_url: str) -> list[str]:
    """No duplicate, no item error, no dead letter; returns the stories not stored."""
    rows = query(database_url, "SELECT url, guid, source_id FROM articles_article")
    urls = [url for url, _, _ in rows]
    assert len(set(urls)) == len(urls), "a story stored twice (by URL)"
    assert set(urls) <= set(wire.stories), "an article that is no story of the wire"
    assert len({(source, guid) for _, guid, source in rows}) == len(rows), "by source+guid"
    errors = query(database_url, "SELECT url, message FROM ingest_itemerror")
    assert errors == [], f"item errors: {errors[:5]}"
    dead = query(database_url, "SELECT task, arguments, error FROM ingest_failedtask")
    assert dead == [], f"dead letters: {dead[:5]}"
    return sorted(set(wire.stories) - set(urls))
