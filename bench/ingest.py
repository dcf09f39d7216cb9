"""Feed ingest speed: Wiredesk against lemon24/reader on the same feeds, in the same run.

A local server (bench/feedserver.py, its own process) serves `--feeds` RSS feeds of 20
full-story entries each (the whole article in `content:encoded`, built from
../shared/data/opennews), with ETag and Last-Modified, on 50 loopback addresses. Each
contender runs in its own process on its own SQLite database, and does:

1. a first pass: every feed is new, every entry is stored (checked: feeds x 20 rows);
2. a second pass: every feed answers 304 (checked: nothing new).

Also measured in the same run: a bare httpx loop of conditional GETs (the ceiling of the
304 pass), and Wiredesk's second stage on a sample of the stored entries (cleaning,
countries and routing; `--enrich-sample`), which reader does not do. Peak memory is each
process's maximum resident set. The last line is one JSON object with every figure.

    .venv/bin/python bench/ingest.py [--feeds 2000] [--reader-workers 4]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from common import bare_304_rate, start_partner  # noqa: E402
from feedserver import ARTICLES, PER_FEED, feed_url  # noqa: E402


def peak_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_reader(port: int, feeds: int, workdir: Path, workers: int) -> dict[str, Any]:
    from reader import make_reader

    reader = make_reader(str(workdir / "reader.sqlite"))
    for n in range(feeds):
        reader.add_feed(feed_url(n, port))
    started = time.perf_counter()
    reader.update_feeds(workers=workers, scheduled=False)
    first = time.perf_counter() - started
    stored = reader.get_entry_counts().total
    started = time.perf_counter()
    reader.update_feeds(workers=workers, scheduled=False)
    second = time.perf_counter() - started
    assert reader.get_entry_counts().total == stored
    return {"first_s": first, "second_s": second, "entries": stored, "peak_mib": peak_mib()}


def run_wiredesk(port: int, feeds: int, workdir: Path, enrich_sample: int) -> dict[str, Any]:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'wiredesk.sqlite3'}"
    os.environ["WIREDESK_FETCH_ALLOW_NETWORKS"] = "127.0.0.0/8"
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wiredesk.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    feed_rows = add_feeds(port, feeds)
    return ingest_twice(feed_rows, enrich_sample)


def add_feeds(port: int, feeds: int) -> list[Any]:
    from wiredesk.editions.models import Edition
    from wiredesk.sources.models import Feed, Licence, Source

    licence = Licence.objects.create(
        name="Bench wire", attribution_template="{source}", all_editions=True
    )
    source = Source.objects.create(name="Bench wire", slug="bench-wire", licence=licence)
    for slug, countries in [("china", ["CN"]), ("russia", ["RU"]), ("brazil", ["BR"])]:
        Edition.objects.create(slug=slug, name=f"{slug.title()} News", countries=countries)
    Feed.objects.bulk_create(Feed(source=source, url=feed_url(n, port)) for n in range(feeds))
    return list(Feed.objects.select_related("source__licence").order_by("pk"))


def ingest_twice(feed_rows: list[Any], enrich_sample: int) -> dict[str, Any]:
    from wiredesk.articles.models import Article
    from wiredesk.ingest.enrich import enrich_one
    from wiredesk.ingest.pipeline import ingest

    started = time.perf_counter()
    first = ingest(feed_rows, enrich=False)
    first_s = time.perf_counter() - started
    stored = Article.objects.count()
    assert first.feeds_failed == 0 and first.items_failed == 0, first.errors[:3]
    unsafe = Article.objects.filter(body_html__contains="<script").count()
    unsafe += Article.objects.filter(body_html__contains="onclick").count()
    intake_peak = peak_mib()  # before the enrich sample loads the gazetteer
    enrich_s, enriched = time_enrich(enrich_one, enrich_sample)
    for feed in feed_rows:
        feed.next_poll_at = None  # due again
    started = time.perf_counter()
    second = ingest(feed_rows, enrich=False)
    second_s = time.perf_counter() - started
    assert second.feeds_unchanged == len(feed_rows), second
    assert Article.objects.count() == stored
    return {
        "first_s": first_s,
        "second_s": second_s,
        "entries": stored,
        "unsanitized": unsafe,
        "enriched": enriched,
        "enrich_s": enrich_s,
        "peak_mib": intake_peak,
        "peak_mib_with_enrich": peak_mib(),
    }


def time_enrich(enrich_one: Any, sample: int) -> tuple[float, int]:
    """Seconds to clean, tag and route the first `sample` stored entries."""
    from wiredesk.articles.models import Article
    from wiredesk.editions.placing import edition_rules

    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True)[:sample])
    rules, templates = edition_rules(), {}
    started = time.perf_counter()
    done = sum(enrich_one(pk, rules, templates) for pk in ids)
    return time.perf_counter() - started, done


def contender(name: str, port: int, args: argparse.Namespace) -> dict[str, Any]:
    """Run one contender in its own process, on its own database."""
    with tempfile.TemporaryDirectory(prefix=f"bench-ingest-{name}-") as workdir:
        command = [sys.executable, __file__, "--contender", name, "--port", str(port)]
        command += ["--feeds", str(args.feeds), "--workdir", workdir]
        command += ["--reader-workers", str(args.reader_workers)]
        command += ["--enrich-sample", str(args.enrich_sample)]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])


def report(args: argparse.Namespace, bare: float, reader: dict, ours: dict) -> dict[str, Any]:
    n = args.feeds
    rate = {
        k: {p: n / r[f"{p}_s"] for p in ("first", "second")}
        for k, r in (("reader", reader), ("ours", ours))
    }
    enrich_rate = ours["enriched"] / ours["enrich_s"] if ours["enrich_s"] else 0.0
    print(f"{n} feeds x {PER_FEED} full-story entries; reader workers={args.reader_workers}")
    print(f"{'':26}{'first pass':>14}{'304 pass':>14}{'peak MiB':>10}")
    for name, key, data in (("reader", "reader", reader), ("wiredesk", "ours", ours)):
        first, second = rate[key]["first"], rate[key]["second"]
        print(f"{name:26}{first:10.1f} f/s{second:10.1f} f/s{data['peak_mib']:10.1f}")
    print(f"{'bare httpx 304 loop':26}{'':14}{bare:10.1f} f/s")
    print(f"wiredesk enrich (2nd stage): {enrich_rate:.1f} articles/s on {ours['enriched']}")
    return {
        "feeds": n,
        "entries_per_feed": PER_FEED,
        "reader_workers": args.reader_workers,
        "reader_first_feeds_per_s": round(rate["reader"]["first"], 1),
        "reader_poll_feeds_per_s": round(rate["reader"]["second"], 1),
        "ours_first_feeds_per_s": round(rate["ours"]["first"], 1),
        "ours_poll_feeds_per_s": round(rate["ours"]["second"], 1),
        "bare_httpx_poll_feeds_per_s": round(bare, 1),
        "first_vs_reader": round(rate["ours"]["first"] / rate["reader"]["first"], 2),
        "poll_vs_reader": round(rate["ours"]["second"] / rate["reader"]["second"], 2),
        "poll_vs_bare_httpx": round(rate["ours"]["second"] / bare, 2),
        "entries_stored_reader": reader["entries"],
        "entries_stored_ours": ours["entries"],
        "entries_unsanitized_ours": ours["unsanitized"],
        "ours_enrich_articles_per_s": round(enrich_rate, 1),
        "ours_enrich_sample": ours["enriched"],
        "reader_peak_mib": reader["peak_mib"],
        "ours_peak_mib": ours["peak_mib"],
        "ours_peak_mib_with_enrich": ours["peak_mib_with_enrich"],
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=2000)
    parser.add_argument("--reader-workers", type=int, default=4)
    parser.add_argument("--enrich-sample", type=int, default=1000)
    parser.add_argument("--contender", choices=["reader", "wiredesk"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.contender == "reader":
        print(json.dumps(run_reader(args.port, args.feeds, args.workdir, args.reader_workers)))
        return
    if args.contender == "wiredesk":
        print(json.dumps(run_wiredesk(args.port, args.feeds, args.workdir, args.enrich_sample)))
        return
    if not ARTICLES.exists():
        sys.exit(f"{ARTICLES} not found: the shared data sits beside the repository")
    server, port = start_partner("--feeds", str(args.feeds))
    try:
        bare = bare_304_rate([feed_url(n, port) for n in range(args.feeds)])
        reader = contender("reader", port, args)
        ours = contender("wiredesk", port, args)
    finally:
        server.kill()
    assert reader["entries"] == ours["entries"] == args.feeds * PER_FEED, (reader, ours)
    assert ours["unsanitized"] == 0
    print(json.dumps(report(args, bare, reader, ours)))


if __name__ == "__main__":
    main()
