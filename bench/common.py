"""Helpers every benchmark shares: ports, the partner server, the baselines, counting, tables.

The benchmarks import this module as `common` (each puts bench/ on sys.path first, being a
script). The one partner server for benchmarks is bench/feedserver.py, started here in its
own process so that its CPU is not the contender's.
"""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
# Loopback: the partner server listens on 127.0.0.1 to 127.0.0.50 (one "host" each).
LOOPBACK = "127.0.0.0/8"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (the kernel picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_partner(*args: str) -> tuple[subprocess.Popen[str], int]:
    """bench/feedserver.py in its own process, with its arguments; returns it and its port."""
    server = subprocess.Popen(
        [sys.executable, str(BENCH / "feedserver.py"), *args], stdout=subprocess.PIPE, text=True
    )
    line = server.stdout.readline() if server.stdout else ""
    if not line.startswith("ready "):
        server.kill()
        sys.exit("the partner server did not start")
    return server, int(line.split()[1])


def bare_304_rate(urls: Sequence[str], proxy: str | None = None) -> float:
    """Conditional GETs of every URL in a loop on one httpx client: the polling ceiling.

    A first round learns each URL's ETag; the second, timed, must get 304 for each."""
    keep = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    with httpx.Client(limits=keep, proxy=proxy) as client:
        etags = {url: client.get(url).headers["etag"] for url in urls}
        started = time.perf_counter()
        for url in urls:
            answer = client.get(url, headers={"If-None-Match": etags[url]})
            assert answer.status_code == 304, (url, answer.status_code)
        return len(urls) / (time.perf_counter() - started)


def article_count(database_url: str) -> int:
    """Stored articles, read straight from the database: starting Django to count them
    would take CPU from the processes being measured."""
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:  # WAL: beside a writer
            return db.execute("SELECT count(*) FROM articles_article").fetchone()[0]
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM articles_article").fetchone()[0]


def start_gunicorn(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen:
    """gunicorn serving the real WSGI app (gthread workers), once its port answers."""
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "wiredesk.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=gthread",
            f"--threads={threads}",
            "--keep-alive=30",
            "--log-level=warning",
        ],
        env=env,
        cwd=REPO,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table, as the results files in bench/results/ show them."""
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
