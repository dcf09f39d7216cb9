"""Ingest the same articles with the embedded default, 1 Celery worker and 2 workers.

    .venv/bin/python bench/scale.py [--articles 5000]

Serves N article pages (Global Voices texts from the demo corpus, each made unique) in
feeds of 25 from the benchmarks' partner server (bench/feedserver.py, its own process)
spread over 50 partner hosts, then times, from a
fresh database each time:
  embedded   `wiredesk ingest` in one process (SQLite, thread pool)
  1 worker   one Celery worker process (4 threads) on PostgreSQL, Redis broker
  2 workers  two such worker processes on PostgreSQL, Redis broker
and the polling of 10,000 feeds that answer 304, beside a bare httpx loop of 304s.
For each mode it also reports where the machine's CPU time went, per article stored: the
worker processes, PostgreSQL, Redis, the partner server and the rest (the
ingest command, the kernel, whatever else runs), read from /proc.
The last line is one JSON object with every figure.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import LOOPBACK, article_count, bare_304_rate, start_partner
from feedserver import page_feed_urls, quiet_feed_urls

WIREDESK = [sys.executable, "-m", "wiredesk"]
PG_ADMIN = os.environ.get("WIREDESK_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
BROKER = os.environ.get("WIREDESK_TEST_REDIS", "redis://127.0.0.1:6379/14")
SETUP = """
import json, os
from wiredesk.sources.models import Feed, Licence, Source
licence = Licence.objects.create(name="bench", attribution_template="{source}", all_editions=True)
source = Source.objects.create(name="Bench", slug="bench", licence=licence)
urls = json.load(open(os.environ["BENCH_FEEDS"]))
Feed.objects.bulk_create([Feed(source=source, url=u) for u in urls])
"""


class CpuMeter:
    """CPU seconds spent on the machine between two readings of /proc, by process kind.

    A process that started and ended between the readings counts under "rest": its time is
    in the machine's total, not in any process read."""

    TICK = os.sysconf("SC_CLK_TCK")
    KINDS = {"postgres": "postgres", "redis-server": "redis", "beam.smp": "rabbitmq"}

    def __init__(self, workers: list[int], partner: int):
        self.workers, self.partner = set(workers), partner
        self.start_total, self.start = self.read()

    def read(self) -> tuple[dict[str, float], dict[int, tuple[str, float]]]:
        with open("/proc/stat") as f:
            ticks = [int(x) / self.TICK for x in f.readline().split()[1:]]
        # user, nice, system, irq, softirq: not idle, iowait, steal (time the host gave to
        # other machines) or guest (already in user)
        totals = {
            "total": sum(ticks[i] for i in (0, 1, 2, 5, 6)),
            "interrupts": ticks[5] + ticks[6],
        }
        processes = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    comm = Path(f"/proc/{entry.name}/comm").read_text().strip()
                    stat = Path(f"/proc/{entry.name}/stat").read_text()
                except OSError:
                    continue
                fields = stat.rsplit(")", 1)[1].split()
                processes[int(entry.name)] = (comm, (int(fields[11]) + int(fields[12])) / self.TICK)
        return totals, processes

    def kind_of(self, pid: int, comm: str) -> str:
        if pid in self.workers:
            return "workers"
        if pid == self.partner:
            return "partner server"
        return self.KINDS.get(
            comm, "other wiredesk" if comm.startswith(("python", "wiredesk")) else "system"
        )

    def per_article(self, articles: int) -> dict[str, float]:
        """Milliseconds of CPU per article by kind since the meter started."""
        totals, processes = self.read()
        spent = {k: totals[k] - self.start_total[k] for k in totals}
        for kind in (
            "workers",
            "postgres",
            "redis",
            "rabbitmq",
            "partner server",
            "other wiredesk",
            "system",
        ):
            spent[kind] = 0.0
        for pid, (comm, cpu) in processes.items():
            before = self.start.get(pid)
            since = cpu - before[1] if before and before[0] == comm else cpu
            spent[self.kind_of(pid, comm)] += since
        spent["rest"] = spent["total"] - sum(v for k, v in spent.items() if k != "total")
        return {kind: round(1000 * v / max(articles, 1), 1) for kind, v in spent.items()}


def wiredesk(env: dict, *args: str) -> str:
    done = subprocess.run([*WIREDESK, *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout


def fresh_env(workdir: Path, feeds: list[str], postgres: bool) -> dict:
    env = {**os.environ, "WIREDESK_FETCH_ALLOW_NETWORKS": LOOPBACK, "LOG_LEVEL": "WARNING"}
    env.pop("WIREDESK_FETCH_PROXY", None)
    if postgres:
        name = f"wiredesk_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / uuid.uuid4().hex}.sqlite3"
    wiredesk(env, "migrate", "--verbosity", "0")
    feed_file = workdir / "feeds.json"
    feed_file.write_text(json.dumps(feeds))
    wiredesk({**env, "BENCH_FEEDS": str(feed_file)}, "shell", "--no-imports", "-c", SETUP)
    return env


def drop_database(env: dict) -> None:
    """A run's PostgreSQL database goes once it is counted (each holds thousands of rows)."""
    url = env["DATABASE_URL"]
    if not url.startswith("sqlite:"):
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[-1]}" WITH (FORCE)')


def run_embedded(env: dict, expected: int, partner: int) -> tuple[float, dict]:
    meter = CpuMeter([], partner)
    start = time.perf_counter()
    wiredesk(env, "ingest", "--no-progress")
    return time.perf_counter() - start, meter.per_article(expected)


def run_workers(
    env: dict, workers: int, expected: int, workdir: Path, partner: int
) -> tuple[float, dict]:
    env = {
        **env,
        "CELERY_BROKER_URL": BROKER,
        "WIREDESK_CELERY_QUEUE": f"bench-{uuid.uuid4().hex[:6]}",
    }
    logs = [open(workdir / f"worker{i}.log", "w") for i in range(workers)]  # noqa: SIM115
    procs = [
        subprocess.Popen(
            [*WIREDESK, "worker", "--threads", "4", "--name", f"w{i}@%h"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for i, log in enumerate(logs)
    ]
    try:
        wait_ready(workdir, workers)
        meter = CpuMeter([proc.pid for proc in procs], partner)
        start = time.perf_counter()
        wiredesk(env, "ingest")
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:  # one, not one a poll
            while conn.execute("SELECT count(*) FROM articles_article").fetchone()[0] < expected:
                time.sleep(0.2)
        return time.perf_counter() - start, meter.per_article(expected)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=60)


def wait_ready(workdir: Path, workers: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready = sum("ready." in (workdir / f"worker{i}.log").read_text() for i in range(workers))
        if ready == workers:
            return
        time.sleep(0.5)
    raise RuntimeError("workers did not start")


def poll_304_rate(urls: list[str], workdir: Path) -> tuple[float, float]:
    count = len(urls)
    env = fresh_env(workdir, urls, postgres=False)
    wiredesk(env, "ingest", "--no-progress")  # first pass: 200 with validators
    start = time.perf_counter()
    wiredesk(env, "ingest", "--all", "--no-progress")  # every feed answers 304
    ours = count / (time.perf_counter() - start)
    return ours, bare_304_rate(urls)


def measure(args: argparse.Namespace, port: int, partner: int) -> tuple[dict, dict, float, float]:
    """Each mode from a fresh database, then the 304 polling; the partner serves them all."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        feeds = page_feed_urls(args.articles, port)
        rates, cpu = {}, {}
        for mode, postgres, workers in [
            ("embedded", False, 0),
            ("1 worker", True, 1),
            ("2 workers", True, 2),
        ]:
            env = fresh_env(workdir, feeds, postgres)
            seconds, cpu[mode] = (
                run_embedded(env, args.articles, partner)
                if workers == 0
                else run_workers(env, workers, args.articles, workdir, partner)
            )
            stored = article_count(env["DATABASE_URL"])
            drop_database(env)
            rates[mode] = stored / seconds
            print(
                f"{mode:<10} {stored} articles in {seconds:6.1f} s: {rates[mode]:7.1f} articles/s"
            )
            print(f"{'':<10} CPU ms per article: {cpu[mode]}")
        ours_304, bare_304 = poll_304_rate(quiet_feed_urls(args.quiet_feeds, port), workdir)
    return rates, cpu, ours_304, bare_304


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--quiet-feeds", type=int, default=10000)
    args = parser.parse_args()
    pages, quiet = str(args.articles), str(args.quiet_feeds)
    server, port = start_partner("--feeds", "0", "--pages", pages, "--quiet", quiet)
    try:
        rates, cpu, ours_304, bare_304 = measure(args, port, server.pid)
    finally:
        server.kill()
    figures = {
        "articles": args.articles,
        "embedded_per_s": round(rates["embedded"], 1),
        "one_worker_per_s": round(rates["1 worker"], 1),
        "two_workers_per_s": round(rates["2 workers"], 1),
        "ratio_2_to_1": round(rates["2 workers"] / rates["1 worker"], 2),
        "embedded_to_1": round(rates["embedded"] / rates["1 worker"], 2),
        "poll_304_feeds_per_s": round(ours_304, 1),
        "bare_httpx_304_per_s": round(bare_304, 1),
        "poll_304_vs_bare": round(ours_304 / bare_304, 2),
        "cpu_ms_per_article": cpu,
    }
    print(
        f"2 workers / 1 worker: {figures['ratio_2_to_1']}   embedded / 1 worker: "
        f"{figures['embedded_to_1']}"
    )
    print(
        f"304 polling: {ours_304:.0f} feeds/s, bare httpx {bare_304:.0f}/s "
        f"({figures['poll_304_vs_bare']})"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
