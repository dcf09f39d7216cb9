"""Real Celery workers on Redis and on RabbitMQ ingest from the local partner server.

Everything runs as separate processes, as in production: `wiredesk migrate`, a worker
with two processes, `wiredesk ingest` queuing the due feeds, against a database file
(or PostgreSQL when it answers) that the test reads afterwards.
"""

import os
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
from wiredesk.demo.partner_site import RFERL_FEED, gv_feed_urls

pytestmark = pytest.mark.slow
WIREDESK = [sys.executable, "-m", "wiredesk"]
FEEDS = [gv_feed_urls()[0], RFERL_FEED]
EXPECTED = 25 + 1
SETUP = f"""
from wiredesk.demo.network import create_network
from wiredesk.sources.models import Feed
create_network()
Feed.objects.exclude(url__in={FEEDS!r}).update(active=False)
"""
COUNT = "from wiredesk.articles.models import Article; print(Article.objects.count())"


def run(env: dict, *args: str, timeout: int = 120) -> str:
    done = subprocess.run(
        [*WIREDESK, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh PostgreSQL database when the server answers, else an SQLite file."""
    yield from fresh_database_url(tmp_path, "celery")


@pytest.mark.parametrize(
    ("broker", "host", "port", "url"),
    [("Redis", "127.0.0.1", 6379, REDIS_URL), ("RabbitMQ", "127.0.0.1", 5672, RABBITMQ_URL)],
)
def test_workers_ingest_each_article_once(partner, tmp_path, database_url, broker, host, port, url):
    require(broker, host, port)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": url,
        "WIREDESK_CELERY_QUEUE": f"test-{uuid.uuid4().hex[:8]}",
        "WIREDESK_FETCH_PROXY": partner.proxy_url,
    }
    run(env, "migrate", "--verbosity", "0")
    run(env, "shell", "-c", SETUP)
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [*WIREDESK, "worker", "--concurrency", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        assert "2 feeds queued" in run(env, "ingest")
        count = wait_for_count(env, EXPECTED, seconds=120)
        run(env, "ingest")  # nothing is due any more: nothing new
        time.sleep(2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
    assert count == EXPECTED, (tmp_path / "worker.log").read_text()[-3000:]
    assert article_count(env) == EXPECTED
    if env["DATABASE_URL"].startswith("sqlite"):
        db = sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"))
        assert (
            db.execute("select count(distinct url) from articles_article").fetchone()[0] == EXPECTED
        )


def wait_for_count(env: dict, expected: int, seconds: int) -> int:
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() < deadline:
        count = article_count(env)
        if count >= expected:
            return count
        time.sleep(1)
    return count


def article_count(env: dict) -> int:
    return int(run(env, "shell", "--no-imports", "-c", COUNT).strip().splitlines()[-1])
