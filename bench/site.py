"""Benchmark the editions' site under concurrent load, beside a static file from the same server.

Run: .venv/bin/python bench/site.py [--articles 100000] [--duration 10] [--slice 2]

1. Builds (once; reused while it holds enough articles) var/bench-site.sqlite3: the demo
   network, ingested through the real partner server and pipeline (`wiredesk demo
   --no-serve`), then multiplied to --articles with bulk_create: each copy takes a corpus
   story's text with its paragraphs rotated (so no two copies are identical), a new
   headline suffix, URL and guid, an original date stepped back one hour per copy (the
   archive spans years), and the source story's placements and countries. Then the search
   index and topics are rebuilt (`site.search.reindex_all`), and every article's "See also"
   neighbours are found and kept (`site.search.fill_neighbours`: what each article's save
   does at ingest; bulk_create sends no signals). A reused database is migrated and
   filled first (14 minutes at 100,000 articles the first time, on 2 shared cores).
2. Serves that database with gunicorn (gthread workers: keep-alive, like a production
   server behind a proxy), the real settings and middleware.
3. A second process sends keep-alive HTTP/1.1 requests from --concurrency connections, kept
   open for the whole run, --duration seconds per kind in --slice-second slices, each
   slice right after one of the static stylesheet (served by WhiteNoise in the same
   server): front pages of the eight editions; article pages of 2,000 random articles
   drawn by popularity (Zipf, s=1: the n-th article is asked for in proportion to 1/n, as
   news traffic is skewed) and again uniformly ("article_cold": many first views); 20,000
   other articles drawn uniformly ("article_first": nearly every request builds a page);
   searches for 40 queries in each edition (Zipf); feeds (3 formats x 8 editions).
   Page caches start empty (the shared file cache is emptied before the server starts; a
   3-second warm-up on archive pages first lets each worker load its code and id lists);
   every response must be a 200, else it counts as an error.

Reports, per kind, the median of its slice-by-slice shares of the static rate (each slice
against the static slice just before it: the shared machine's swings move both), the
median rate, p50 and p95 latency and the worst slice's p95, and the server's CPU time per
request (gunicorn master and workers, from /proc) with static's over it.
Goal (issue 7): front, article, search and feed pages >= 1/3 of static, p95 < 100 ms; the
two cold rows are stress rows, reported beside it. The last line printed is one JSON
object with every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import free_port, start_gunicorn

REPO = Path(__file__).resolve().parents[1]
DB = REPO / "var" / "bench-site.sqlite3"
PYTHON = REPO / ".venv" / "bin" / "python"
QUERIES = [
    "protest", "election", "government", "police", "water", "internet", "women", "music",
    "court", "president", "students", "journalist", "freedom", "earthquake", "oil",
    "football", "censorship", "health", "elections president", "human rights", "twitter",
    "school", "farmers", "festival", "corruption", "prison", "mining", "refugees",
    "economy crisis", "army", "film", "religion", "language", "border", "youth", "climate",
    "blog", "bank", "hunger", "minister",
]  # fmt: skip


# -- the database ----------------------------------------------------------------------------


def build_database(target: int) -> int:
    """Make (or reuse) the benchmark database; returns its article count."""
    env = bench_env()
    os.environ.update(env)
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wiredesk.settings")
    django.setup()
    from django.db import DatabaseError, connection

    from wiredesk.articles.models import Article

    if DB.exists():
        try:
            have = Article.objects.count()
        except DatabaseError:  # a half-built file: start over
            have = 0
        if have >= target:
            prepare()
            return have
        connection.close()  # a stale -wal file beside a new database would corrupt it
        for path in (DB, DB.with_name(DB.name + "-wal"), DB.with_name(DB.name + "-shm")):
            path.unlink(missing_ok=True)
    t0 = time.perf_counter()
    subprocess.run(
        [str(REPO / ".venv/bin/wiredesk"), "demo", "--no-serve"],
        env={**os.environ, **env},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    print(f"demo ingested in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    multiply(target)
    prepare()
    return Article.objects.count()


def prepare() -> None:
    """Bring a built database up to the current schema and read models; empty page caches."""
    from django.core.management import call_command

    from wiredesk.site.cache import clear
    from wiredesk.site.search import fill_neighbours

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    found = fill_neighbours()
    if found:
        print(
            f"See also kept for {found} articles in {time.perf_counter() - t0:.0f}s",
            file=sys.stderr,
        )
    clear()


def multiply(target: int, batch: int = 2000) -> None:
    from django.db import connection, transaction

    from wiredesk.articles.models import Article, ArticleCountry
    from wiredesk.editions.models import Placement
    from wiredesk.site.cache import bump_content_version
    from wiredesk.site.search import reindex_all

    seeds = list(Article.objects.order_by("pk"))
    placements: dict[int, list[tuple[int, float]]] = {}
    for p in Placement.objects.values_list("article_id", "edition_id", "score"):
        placements.setdefault(p[0], []).append((p[1], p[2]))
    countries: dict[int, list[tuple[str, float, bool]]] = {}
    for c in ArticleCountry.objects.values_list("article_id", "country", "score", "is_main"):
        countries.setdefault(c[0], []).append(c[1:])
    t0 = time.perf_counter()
    made = len(seeds)
    copy = 0
    while made < target:
        rows = []
        for _ in range(min(batch, target - made)):
            seed = seeds[copy % len(seeds)]
            turn = copy // len(seeds) + 1
            rows.append((seed, _variant(seed, copy, turn)))
            copy += 1
        with transaction.atomic():
            created = Article.objects.bulk_create([a for _, a in rows])
            Placement.objects.bulk_create(
                Placement(article_id=a.pk, edition_id=e, score=s)
                for (seed, _), a in zip(rows, created, strict=True)
                for e, s in placements.get(seed.pk, [])
            )
            ArticleCountry.objects.bulk_create(
                ArticleCountry(article_id=a.pk, country=c, score=s, is_main=m)
                for (seed, _), a in zip(rows, created, strict=True)
                for c, s, m in countries.get(seed.pk, [])
            )
        made += len(rows)
    print(f"{made} articles in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    t0 = time.perf_counter()
    reindex_all()
    bump_content_version()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("INSERT INTO site_search(site_search) VALUES('optimize')")
    print(f"indexed in {time.perf_counter() - t0:.0f}s", file=sys.stderr)


def _variant(seed, copy: int, turn: int):
    from wiredesk.articles.models import Article

    paragraphs = seed.body_text.split("\n\n")
    k = turn % max(1, len(paragraphs))
    text = "\n\n".join(paragraphs[k:] + paragraphs[:k])
    html_paragraphs = seed.body_html.split("</p>")
    html = "</p>".join(html_paragraphs[k:] + html_paragraphs[:k]) if k else seed.body_html
    when = (seed.published_at or seed.republished_at) - timedelta(hours=copy)
    return Article(
        source_id=seed.source_id,
        feed_id=seed.feed_id,
        guid=f"{seed.guid}#bench-{copy}",
        url=f"{seed.url}?bench={copy}",
        headline=f"{seed.headline} ({turn})",
        dateline=seed.dateline,
        summary=seed.summary,
        body_html=html,
        body_text=text,
        authors=seed.authors,
        credits=seed.credits,
        rights_line=seed.rights_line,
        language=seed.language,
        image_url=seed.image_url,
        categories=seed.categories,
        published_at=when,
        republished_at=seed.republished_at - timedelta(hours=copy),
        main_country=seed.main_country,
        content_hash=f"bench-{copy}",
    )


def bench_env() -> dict[str, str]:
    return {
        "DATABASE_URL": f"sqlite:///{DB}",
        "WIREDESK_DEMO_PORT": "8011",
        "WIREDESK_PARTNER_PORT": "8776",
    }


def targets() -> dict[str, dict]:
    """URL paths per kind, read from the benchmark database: 2,000 articles drawn by
    popularity (article) and uniformly (article_cold), and 20,000 others drawn uniformly
    (article_first: nearly every request a first view)."""
    import sqlite3

    from django.utils.text import slugify

    db = sqlite3.connect(DB)
    editions = [r[0] for r in db.execute("SELECT slug FROM editions_edition WHERE active")]
    rng = random.Random(7)
    rows = db.execute(
        "SELECT e.slug, a.id, a.headline FROM editions_placement p "
        "JOIN editions_edition e ON e.id = p.edition_id "
        "JOIN articles_article a ON a.id = p.article_id "
        "WHERE p.hidden = 0 ORDER BY random() LIMIT ?",
        [POPULAR + COLD],
    ).fetchall()
    articles = [f"/{e}/a/{i}/{slugify(h)[:80] or 'story'}/" for e, i, h in rows]
    searches = [f"/{e}/search/?q={q.replace(' ', '+')}" for q in QUERIES for e in editions]
    rng.shuffle(searches)
    return {
        "static": {"paths": ["/static/site/site.css"]},
        "front": {"paths": [f"/{e}/" for e in editions]},
        "article": {"paths": articles[:POPULAR], "zipf": True},
        "article_cold": {"paths": articles[:POPULAR]},
        "article_first": {"paths": articles[POPULAR:]},
        "search": {"paths": searches, "zipf": True},
        "feed": {"paths": [f"/{e}/feed/{f}/" for e in editions for f in FEEDS]},
    }


POPULAR, COLD = 2000, 20000
GOAL_KINDS = ("front", "article", "search", "feed")  # issue 7's; the cold rows are stress rows
FEEDS = ("rss", "atom", "json")


# -- the server -------------------------------------------------------------------------------


SHIM = """from wiredesk.settings import *  # noqa: F403

DATABASES["default"]["CONN_MAX_AGE"] = None  # noqa: F405 - keep the connection per thread
"""


def start_server(port: int, workers: int, threads: int, persistent: bool) -> subprocess.Popen:
    env = {**os.environ, **bench_env(), "DJANGO_SETTINGS_MODULE": "wiredesk.settings"}
    if persistent:
        # The real settings close SQLite connections after each request (CONN_MAX_AGE=0);
        # this shim keeps them, to show what that setting costs.
        (REPO / "var" / "bench_site_settings.py").write_text(SHIM)
        env.update(DJANGO_SETTINGS_MODULE="bench_site_settings", PYTHONPATH=str(REPO / "var"))
    return start_gunicorn(env, port, workers, threads)


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn master and its workers.

    The machine is shared, so requests per second swing with other work; the server's own
    CPU per request does much less, and compares kinds within a run and across runs."""
    pids = [pid]
    try:
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return float("nan")
    ticks = 0
    for one in pids:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


# -- the load (runs in its own process) -----------------------------------------------------


async def _one(reader, writer, host: str, path: str) -> tuple[int, bool]:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: bench\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length, close = 0, False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "connection" and value.strip().lower() == "close":
            close = True
    await reader.readexactly(length)
    return status, close


async def _user(host, port, paths, weights, stop_at, rng, latencies, errors, kept=None):
    """One connection's requests until stop_at; with `kept` (a [reader, writer] slot), the
    connection is taken from and left in it for the next phase."""
    reader, writer = kept or (None, None)
    while time.perf_counter() < stop_at:
        if writer is None:
            reader, writer = await asyncio.open_connection(host, port)
        path = rng.choices(paths, weights)[0]
        t0 = time.perf_counter()
        try:
            status, close = await _one(reader, writer, f"{host}:{port}", path)
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()
            writer = None
            errors.append(path)
            continue
        latencies.append(time.perf_counter() - t0)
        if status != 200:
            errors.append(f"{status} {path}")
        if close:
            writer.close()
            writer = None
    if kept is not None:
        kept[:] = [reader, writer]
    elif writer is not None:
        writer.close()


async def _phase(
    port: int,
    kind: dict,
    seconds: float,
    concurrency: int,
    server_pid: int = 0,
    kept: list[list] | None = None,
) -> dict:
    """Requests from `concurrency` connections; with zipf, the n-th path is drawn ~ 1/n.
    With `kept` (one [reader, writer] slot per connection), connections outlive the phase."""
    cpu_before = server_cpu(server_pid) if server_pid else float("nan")
    paths = kind["paths"]
    weights = [1 / (n + 1) if kind.get("zipf") else 1.0 for n in range(len(paths))]
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = time.perf_counter() + seconds
    t0 = time.perf_counter()
    await asyncio.gather(
        *(
            _user(
                "127.0.0.1",
                port,
                paths,
                weights,
                stop_at,
                random.Random(i),
                latencies,
                errors,
                kept[i] if kept else None,
            )
            for i in range(concurrency)
        )
    )
    elapsed = time.perf_counter() - t0
    cpu = server_cpu(server_pid) - cpu_before if server_pid else float("nan")
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "server_cpu_ms": round(cpu * 1000 / max(1, len(latencies)), 3),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1) if ordered else None,
        "errors": len(errors),
        "error_sample": errors[:3],
    }


def run_load(port: int, seconds: float, concurrency: int, server_pid: int, slice_s: float) -> None:
    """Each dynamic kind in slices of `slice_s` seconds, each slice right after one of the
    static file: a kind's share of the static rate is taken pair by pair, so a swing of
    the shared machine that lasts longer than a slice or two moves both alike.

    The same connections serve every slice: gunicorn's workers each accept what they can,
    so new connections for each slice fell 4/4 or 6/2 or 7/1 between the two workers by
    chance, and a slice's rate with them (adjacent slices differed by 2x)."""
    kinds = json.loads(sys.stdin.read())
    print(json.dumps(asyncio.run(_slices(port, kinds, seconds, concurrency, server_pid, slice_s))))


async def _slices(port, kinds, seconds, concurrency, server_pid, slice_s) -> dict[str, list]:
    kept: list[list] = [[] for _ in range(concurrency)]
    # Warm-up, not measured: each worker process loads its code and per-version id lists
    # (site.listing) on first use. Archive pages do that without filling any page cache
    # that a measured kind reads.
    warm = {"paths": [p.replace("/feed/rss/", "/archive/") for p in kinds["feed"]["paths"]]}
    await _phase(port, warm, 3.0, concurrency, kept=kept)
    pairs: dict[str, list] = {kind: [] for kind in kinds if kind != "static"}
    for _ in range(max(1, round(seconds / slice_s))):
        for kind in pairs:
            static = await _phase(port, kinds["static"], slice_s, concurrency, server_pid, kept)
            dynamic = await _phase(port, kinds[kind], slice_s, concurrency, server_pid, kept)
            pairs[kind].append((static, dynamic))
    for _, writer in filter(None, kept):
        if writer is not None:
            writer.close()
    return pairs


# -- the report -------------------------------------------------------------------------------


def combine(pairs: dict[str, list]) -> dict[str, dict]:
    """Each kind's figures over its slices: the median of its pair-by-pair shares of the
    static rate (and of the static file's CPU per request over its own), the median rate,
    p50 and server CPU per request, and the median and worst slice p95."""
    statics = [static for runs in pairs.values() for static, _ in runs]
    combined = {"static": summarise(statics, [1.0], [1.0])}
    for kind, runs in pairs.items():
        shares = [d["rps"] / s["rps"] for s, d in runs]
        cpu = [s["server_cpu_ms"] / d["server_cpu_ms"] for s, d in runs if d["server_cpu_ms"]]
        combined[kind] = summarise([d for _, d in runs], shares, cpu)
    return combined


def summarise(runs: list[dict], shares: list[float], cpu_shares: list[float]) -> dict:
    return {
        "rps": round(statistics.median(x["rps"] for x in runs), 1),
        "p50_ms": statistics.median(x["p50_ms"] for x in runs),
        "p95_ms": statistics.median(x["p95_ms"] for x in runs),
        "worst_p95_ms": max(x["p95_ms"] for x in runs),
        "errors": sum(x["errors"] for x in runs),
        "server_cpu_ms": round(statistics.median(x["server_cpu_ms"] for x in runs), 3),
        "share_of_static": round(statistics.median(shares), 3),
        "shares": [round(x, 2) for x in shares],
        "cpu_share": round(statistics.median(cpu_shares), 3),
        "requests": sum(x["requests"] for x in runs),
    }


def table(results: dict, articles: int, setup: str) -> str:
    lines = [
        f"{articles} articles; {setup}",
        "",
        (
            "| kind | req/s | p50 ms | p95 ms (worst slice) | share of static rate (median) "
            "| shares, slice by slice | errors | server CPU ms/req | static's CPU / this |"
        ),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, r in results.items():
        shares = " ".join(f"{x:.2f}" for x in r["shares"]) if kind != "static" else ""
        lines.append(
            f"| {kind} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} ({r['worst_p95_ms']}) "
            f"| {r['share_of_static']:.2f} | {shares} | {r['errors']} | {r['server_cpu_ms']} "
            f"| {r['cpu_share']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--slice", type=float, default=2.0, help="seconds of one measured slice")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--persistent-connections",
        action="store_true",
        help="serve with CONN_MAX_AGE=None (settings shim) instead of the real settings' 0",
    )
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="build (or migrate and fill) the database, then stop without measuring",
    )
    parser.add_argument("--load", type=int, help=argparse.SUPPRESS)  # the client process
    parser.add_argument("--server-pid", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load:
        run_load(args.load, args.duration, args.concurrency, args.server_pid, args.slice)
        return 0
    articles = build_database(args.articles)
    if args.build_only:
        print(f"{articles} articles in {DB.relative_to(REPO)}", file=sys.stderr)
        return 0
    port = free_port()
    server = start_server(port, args.workers, args.threads, args.persistent_connections)
    try:
        client = subprocess.run(
            [str(PYTHON), __file__, f"--load={port}", f"--duration={args.duration}",
             f"--concurrency={args.concurrency}", f"--server-pid={server.pid}",
             f"--slice={args.slice}"],
            input=json.dumps(targets()),
            capture_output=True,
            text=True,
            check=True,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=10)
    results = combine(json.loads(client.stdout.strip().splitlines()[-1]))
    setup = (
        f"gunicorn {args.workers} gthread workers x {args.threads} threads, "
        f"{args.concurrency} keep-alive connections from a second process, "
        f"{args.duration:g}s per kind in {args.slice:g}s slices, each after a static one, "
        f"{os.cpu_count()} CPUs shared by server and client, "
        + ("CONN_MAX_AGE=None (shim)" if args.persistent_connections else "real settings")
    )
    print(table(results, articles, setup))
    summary = {"benchmark": "site", "articles": articles, "slice_s": args.slice, **results}
    goal = [results[kind] for kind in GOAL_KINDS]
    summary["goal_met"] = all(d["share_of_static"] >= 1 / 3 and d["p95_ms"] < 100 for d in goal)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
