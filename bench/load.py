"""The site under concurrent load while `wiredesk ingest` writes: errors, lost writes, slowdown.

Run: .venv/bin/python bench/load.py [--duration 20] [--concurrency 8] [--seed-feeds 3]

1. A fresh database (var/bench-load.sqlite3, deleted first): migrated, the demo network
   created, and the demo partner server (390 Global Voices stories and an RFE/RL story, on
   loopback) started in this process. Only the first --seed-feeds feeds are ingested, so
   the site has pages to serve and most stories are still to come.
2. The site is served by gunicorn (gthread workers, the real settings), as bench/site.py
   does, and a second process sends keep-alive requests from --concurrency connections,
   split evenly over four kinds at once: front pages of the eight editions, article pages
   of the seeded articles, searches (40 queries x 8 editions) and feeds (3 formats x 8
   editions). Every response must be a 200, else it counts as an error.
3. Baseline: that load for --duration seconds with nothing else running. Then the page
   caches are emptied again and the same load runs for --duration seconds while
   `wiredesk ingest --all` runs in a third process (again until the window ends; the
   first pass writes the ~300 stories not yet stored, and with the default 20 s it is still
   writing when the window closes, so writes go on throughout).
4. Lost writes: every story the partner's feeds list (read with our own parse_feed) must be
   stored exactly once (by URL and by source+guid), and no item error is recorded.

Prints a table and, last, one JSON object with every figure. Results: bench/results/load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common

REPO = Path(__file__).resolve().parents[1]
DB = REPO / "var" / "bench-load.sqlite3"
INGEST_LOG = DB.with_suffix(".ingest.log")
PYTHON = sys.executable
KINDS = ("front", "article", "search", "feed")


def bench_site():
    """bench/site.py's load helpers (its file name would shadow the stdlib `site` module)."""
    spec = importlib.util.spec_from_file_location("bench_site", REPO / "bench" / "site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the database and the partner -------------------------------------------------------------

SETUP = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
from wiredesk.demo.network import create_network
create_network()
"""

SEED = """
import sys
from wiredesk.ingest.pipeline import ingest
from wiredesk.sources.models import Feed
feeds = list(Feed.objects.filter(active=True).order_by("pk")[:int(sys.argv[1])])
report = ingest(feeds)
print(report.articles_new)
"""


def environment(proxy: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{DB}",
        "DJANGO_SETTINGS_MODULE": "wiredesk.settings",
        "WIREDESK_FETCH_PROXY": proxy,
    }


def django_code(env: dict[str, str], code: str, *args: str) -> str:
    """Run Django code in a fresh process on the benchmark database; its stdout."""
    script = "import django\ndjango.setup()\n" + code
    done = subprocess.run(
        [PYTHON, "-c", script, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return done.stdout


def fresh_database(env: dict[str, str], seed_feeds: int) -> int:
    """Delete, migrate, create the demo network, ingest the first feeds; articles stored."""
    DB.parent.mkdir(exist_ok=True)
    for path in (DB, DB.with_name(DB.name + "-wal"), DB.with_name(DB.name + "-shm"), INGEST_LOG):
        path.unlink(missing_ok=True)
    django_code(env, SETUP)
    return int(django_code(env, SEED, str(seed_feeds)).strip().splitlines()[-1])


def partner_stories(partner) -> set[str]:
    """Every story link the partner's feeds list, read as ingest reads them."""
    from wiredesk.demo.partner_site import key
    from wiredesk.ingest.feeds import parse_feed

    with sqlite3.connect(DB) as db:
        feeds = [row[0] for row in db.execute("SELECT url FROM sources_feed WHERE active")]
    links = set()
    for url in feeds:
        resource = partner.routes[key(url)]
        feed = parse_feed(resource.content, url, resource.content_type)
        links.update(entry.link for entry in feed.entries)
    return links


def stored_check(expected: set[str]) -> dict[str, int]:
    """Lost, duplicated and failed writes, from the database itself."""
    with sqlite3.connect(DB) as db:
        urls = [row[0] for row in db.execute("SELECT url FROM articles_article")]
        by_guid = db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM articles_article "
            "GROUP BY source_id, guid HAVING count(*) > 1)"
        ).fetchone()[0]
        item_errors = db.execute("SELECT count(*) FROM ingest_itemerror").fetchone()[0]
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    return {
        "served_by_partner": len(expected),
        "stored": len(urls),
        "lost": len(expected - set(urls)),
        "duplicates_by_url": len(urls) - len(set(urls)),
        "duplicates_by_guid": by_guid,
        "item_errors": item_errors,
        "integrity_ok": int(integrity == "ok"),
    }


def targets() -> dict[str, dict]:
    """URL paths per kind, read from the seeded database."""
    from django.utils.text import slugify

    from_site = bench_site()
    with sqlite3.connect(DB) as db:
        editions = [r[0] for r in db.execute("SELECT slug FROM editions_edition WHERE active")]
        rows = db.execute(
            "SELECT e.slug, a.id, a.headline FROM editions_placement p "
            "JOIN editions_edition e ON e.id = p.edition_id "
            "JOIN articles_article a ON a.id = p.article_id WHERE p.hidden = 0"
        ).fetchall()
    articles = [f"/{e}/a/{i}/{slugify(h)[:80] or 'story'}/" for e, i, h in rows]
    searches = [
        f"/{e}/search/?q={q.replace(' ', '+')}" for q in from_site.QUERIES for e in editions
    ]
    return {
        "front": {"paths": [f"/{e}/" for e in editions]},
        "article": {"paths": articles, "zipf": True},
        "search": {"paths": searches, "zipf": True},
        "feed": {"paths": [f"/{e}/feed/{f}/" for e in editions for f in ("rss", "atom", "json")]},
    }


# -- the server and the load -------------------------------------------------------------------


def start_server(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen:
    return common.start_gunicorn(env, port, workers, threads)


async def _mixed(port: int, kinds: dict, seconds: float, concurrency: int) -> dict:
    """All kinds at once, concurrency split evenly between them."""
    phase = bench_site()._phase
    each = max(concurrency // len(kinds), 1)
    results = await asyncio.gather(*(phase(port, kinds[k], seconds, each) for k in kinds))
    return dict(zip(kinds, results, strict=True))


def run_load(port: int, seconds: float, concurrency: int) -> None:
    """The load process: kinds as JSON on stdin, results as JSON on stdout."""
    kinds = json.loads(sys.stdin.read())
    print(json.dumps(asyncio.run(_mixed(port, kinds, seconds, concurrency))))


def load(port: int, kinds: dict, seconds: float, concurrency: int) -> subprocess.Popen:
    """Start the load in a second process; read its result with `finish_load`."""
    process = subprocess.Popen(
        [PYTHON, __file__, "--load-worker", str(port), str(seconds), str(concurrency)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    process.stdin.write(json.dumps(kinds))
    process.stdin.close()
    return process


def finish_load(process: subprocess.Popen) -> dict:
    results = json.loads(process.stdout.read())
    process.wait()
    return with_total(finite(results))


def finite(value):
    """NaN (a figure bench/site.py's phase could not take) as null: the last line stays JSON."""
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, float) and value != value:
        return None
    return value


def with_total(results: dict) -> dict:
    """Per kind as measured, plus `all`: summed requests, rates and errors, the worst p95."""
    kinds = [r for k, r in results.items() if k != "all"]
    results["all"] = {
        "requests": sum(r["requests"] for r in kinds),
        "rps": round(sum(r["rps"] for r in kinds), 1),
        "p95_ms": max((r["p95_ms"] or 0) for r in kinds),
        "errors": sum(r["errors"] for r in kinds),
        "error_sample": [e for r in kinds for e in r["error_sample"]][:5],
    }
    return results


def clear_page_cache(env: dict[str, str]) -> None:
    django_code(env, "from wiredesk.site.cache import clear\nclear()")


def article_count() -> int:
    return common.article_count(f"sqlite:///{DB}")


MAX_CRASHES = 5


def ingest_during(env: dict[str, str], load_process: subprocess.Popen) -> dict:
    """`wiredesk ingest --all` again and again while the load runs (and until one pass has
    finished cleanly): passes, crashes, the first clean pass's time, and the articles written
    while the load ran (later passes find feeds unchanged).

    A pass that dies (a signal, a non-zero exit) is counted and run again, as cron would;
    the lost-writes check afterwards shows whether the crash lost or doubled anything."""
    command = [PYTHON, "-m", "wiredesk", "ingest", "--all", "--no-progress"]
    before, in_window, passes, crashes, first_pass_s = article_count(), None, 0, [], None
    t0 = time.perf_counter()
    while passes == 0 or load_process.poll() is None:
        ingest = start_ingest(command, env)
        while ingest.poll() is None:
            if in_window is None and load_process.poll() is not None:
                in_window = article_count() - before  # the window closed mid-pass
            time.sleep(0.1)
        if in_window is None and load_process.poll() is not None:
            in_window = article_count() - before
        exit_code = ingest.returncode
        if exit_code:
            crashes.append(exit_code)
            if len(crashes) >= MAX_CRASHES:
                raise SystemExit(f"wiredesk ingest died {crashes}, see {INGEST_LOG}")
            continue
        passes += 1
        first_pass_s = first_pass_s or round(time.perf_counter() - t0, 1)
    return {
        "passes": passes,
        "crashes": crashes,
        "first_clean_pass_s": first_pass_s,
        "articles_written_in_window": in_window,
        "articles_written_in_all": article_count() - before,
    }


def start_ingest(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    """One ingest pass; its returncode, once done, is negative for the signal that ended it."""
    with INGEST_LOG.open("a") as log:  # a crash's native and Python stacks land here
        return subprocess.Popen(
            command, env={**env, "PYTHONFAULTHANDLER": "1"}, stdout=log, stderr=log
        )


# -- the report --------------------------------------------------------------------------------


def table(baseline: dict, loaded: dict) -> str:
    lines = [
        "| kind | baseline req/s | under ingest req/s | ratio | baseline p95 ms |"
        " under ingest p95 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in (*KINDS, "all"):
        b, u = baseline[kind], loaded[kind]
        ratio = u["rps"] / b["rps"] if b["rps"] else 0
        lines.append(
            f"| {kind} | {b['rps']} | {u['rps']} | {ratio:.2f} | {b['p95_ms']} |"
            f" {u['p95_ms']} | {b['errors']} + {u['errors']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per phase")
    parser.add_argument("--concurrency", type=int, default=8, help="connections in all")
    parser.add_argument("--seed-feeds", type=int, default=3, help="feeds ingested beforehand")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--load-worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load_worker:
        port, seconds, concurrency = args.load_worker
        run_load(int(port), float(seconds), int(concurrency))
        return 0

    from wiredesk.demo.partner import PartnerServer

    with PartnerServer(0) as partner:
        env = environment(partner.proxy_url)
        os.environ.update(
            DATABASE_URL=env["DATABASE_URL"], DJANGO_SETTINGS_MODULE="wiredesk.settings"
        )
        seeded = fresh_database(env, args.seed_feeds)
        import django

        django.setup()
        kinds = targets()
        port = common.free_port()
        server = start_server(env, port, args.workers, args.threads)
        try:
            figures = measure(env, port, kinds, args, seeded)
        finally:
            server.terminate()
            server.wait(timeout=30)
        figures["writes"] = stored_check(partner_stories(partner))
    print(table(figures["baseline"], figures["under_ingest"]), file=sys.stderr)
    print(json.dumps(figures))
    writes, loaded = figures["writes"], figures["under_ingest"]["all"]
    bad = writes["lost"] or writes["duplicates_by_url"] or writes["duplicates_by_guid"]
    crashed = figures["setup"]["ingest"]["crashes"]
    return 1 if bad or crashed or loaded["errors"] or figures["baseline"]["all"]["errors"] else 0


def measure(env: dict[str, str], port: int, kinds: dict, args, seeded: int) -> dict:
    """Baseline load, then the same load while ingest runs."""
    clear_page_cache(env)
    finish_load(load(port, kinds, 3.0, args.concurrency))  # warm-up: code and id lists
    clear_page_cache(env)
    baseline = finish_load(load(port, kinds, args.duration, args.concurrency))
    clear_page_cache(env)
    loaded_process = load(port, kinds, args.duration, args.concurrency)
    ingest = ingest_during(env, loaded_process)
    under_ingest = finish_load(loaded_process)
    setup = {
        "duration_s": args.duration,
        "concurrency": args.concurrency,
        "gunicorn": f"{args.workers} workers x {args.threads} threads (gthread)",
        "seeded_articles": seeded,
        "paths": {k: len(v["paths"]) for k, v in kinds.items()},
        "ingest": ingest,
    }
    ratio = {
        k: round(under_ingest[k]["rps"] / baseline[k]["rps"], 2) if baseline[k]["rps"] else None
        for k in (*KINDS, "all")
    }
    return {"setup": setup, "baseline": baseline, "under_ingest": under_ingest, "ratio": ratio}


if __name__ == "__main__":
    sys.exit(main())
