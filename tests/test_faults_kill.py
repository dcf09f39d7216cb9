"""Crash safety: SIGKILL `wiredesk ingest` at random moments, then run it clean.

A real `python -m wiredesk ingest --no-progress` (as from cron: due feeds only) runs as a
subprocess against a file SQLite database (WAL) and a loopback partner with six feeds of
one source; some stories are listed in two feeds. Each round the wire grows by a few
stories and every feed falls due (time passing, written into the feeds' rows), then the
run is killed, seeded, after the partner has served a random number of its requests plus
a random pause, so kills land while pages are fetched, extracted and written. Then one
clean run. Afterwards every story is stored exactly once (by guid and by URL), nothing is
left as an item error, and SQLite's `PRAGMA integrity_check` says ok. As the clean run
polls due feeds only, this also shows that a killed run never marks a feed done before
its stories are stored. Seeds are printed; replay with WIREDESK_KILL_SEEDS=1234,5678.
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from wiredesk.demo.partner import PartnerServer

pytestmark = pytest.mark.slow
HOST = "http://kill.test"
FEEDS = 6
FIRST = 36  # stories on the wire at the start
PER_ROUND = 12  # new stories each round
SHARED_EVERY = 5  # every fifth story is listed in two feeds
ROUNDS = int(os.environ.get("WIREDESK_KILL_ROUNDS", "6"))  # more under `make test-long`
WORDS = (
    "flood valley council river bridge farmers school mayor rain storm road harvest market "
    "village doctors engineers museum election budget railway border festival drought "
    "fishermen harbour teachers students miners factory hospital court judges forest"
).split()

SETUP = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from wiredesk.sources.models import Feed, Licence, Source
    licence = Licence.objects.create(name="t", attribution_template="{source}", all_editions=True)
    source = Source.objects.create(name="Kill Wire", slug="kill", licence=licence)
    for i in range(%d):
        Feed.objects.create(source=source, url="%s/feed-%%d.rss" %% i)
    """
)


def story(url: str) -> bytes:
    rng = random.Random(url)
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(WORDS) for _ in range(40)) + ".</p>" for _ in range(6)
    )
    title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    ).encode()


def feed_xml(urls: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{u}</title><link>{u}</link><guid>{u}</guid></item>" for u in urls
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Kill</title>{items}'
        "</channel></rss>"
    ).encode()


class Wire:
    """The partner's feeds, growing by `add(n)` stories at a time."""

    def __init__(self, server: PartnerServer):
        self.server = server
        self.stories: list[str] = []
        self.listed: list[list[str]] = [[] for _ in range(FEEDS)]

    def add(self, count: int) -> None:
        for _ in range(count):
            url = f"{HOST}/story-{len(self.stories)}"
            self.server.add(url, story(url))
            f = len(self.stories) % FEEDS
            self.listed[f].append(url)
            if len(self.stories) % SHARED_EVERY == 0:  # also in the next feed
                self.listed[(f + 1) % FEEDS].append(url)
            self.stories.append(url)
        for f, urls in enumerate(self.listed):
            self.server.add(f"{HOST}/feed-{f}.rss", feed_xml(urls), "application/rss+xml")


@pytest.fixture
def wire():
    with PartnerServer(0, with_demo_sites=False) as server:
        yield Wire(server)


def environment(db, proxy: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{db}",
        WIREDESK_FETCH_PROXY=proxy,
        WIREDESK_FETCH_TIMEOUT="5",
        DJANGO_SETTINGS_MODULE="wiredesk.settings",
        PYTHONUNBUFFERED="1",
    )
    return env


def seeds() -> list[int]:
    given = os.environ.get("WIREDESK_KILL_SEEDS")
    if given:
        return [int(s) for s in given.split(",")]
    return [random.SystemRandom().randrange(1, 10**6) for _ in range(ROUNDS)]


def stored_count(db) -> int:
    with sqlite3.connect(db) as connection:  # WAL: reads beside a writer
        return connection.execute("SELECT count(*) FROM articles_article").fetchone()[0]


def test_ingest_killed_at_random_stores_each_story_once(wire, tmp_path):
    server = wire.server
    wire.add(FIRST)
    db = tmp_path / "wiredesk.sqlite3"
    env = environment(db, server.proxy_url)
    setup = subprocess.run(
        [sys.executable, "-c", SETUP % (FEEDS, HOST)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert setup.returncode == 0, setup.stderr

    command = [sys.executable, "-m", "wiredesk", "ingest", "--no-progress"]
    used = seeds()
    print("kill seeds:", ",".join(map(str, used)))
    killed = 0
    for round_, seed in enumerate(used):
        rng = random.Random(seed)
        if round_:
            wire.add(PER_ROUND)
            with sqlite3.connect(db) as connection:  # time passes: every feed is due
                connection.execute("UPDATE sources_feed SET next_poll_at = NULL")
        remaining = len(wire.stories) - stored_count(db)  # pages this run will fetch
        after_requests = rng.randint(1, FEEDS + max(remaining, 1))
        pause = rng.uniform(0, 0.4)
        before = len(server.requests)
        log = open(tmp_path / f"round-{round_}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=log, stderr=log)
        deadline = time.monotonic() + 30
        while (
            process.poll() is None
            and len(server.requests) - before < after_requests
            and time.monotonic() < deadline
        ):
            time.sleep(0.01)
        time.sleep(pause)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=10)
        log.close()
        print(
            f"round {round_} seed {seed}: kill after {after_requests} requests + {pause:.2f} s,"
            f" exit {process.returncode}, {len(server.requests) - before} requests served,"
            f" {stored_count(db)} stories stored"
        )
    assert killed >= len(used) // 2, "most rounds ended before the kill: it tested nothing"

    clean = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stderr[-3000:]

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = connection.execute("SELECT url, guid FROM articles_article").fetchall()
        errors = connection.execute("SELECT url, message FROM ingest_itemerror").fetchall()
        failed = connection.execute(
            "SELECT url, last_error FROM sources_feed WHERE error_count > 0"
        ).fetchall()
    urls = sorted(url for url, _ in rows)
    assert urls == sorted(wire.stories), "every story stored, each exactly once"
    assert len({guid for _, guid in rows}) == len(rows)
    assert errors == [] and failed == []
