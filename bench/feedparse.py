"""Feed parsing speed: our parse_feed (lxml fast path) against feedparser.parse, same feeds.

Feeds are built from ../shared/data/opennews/articles.jsonl: each holds 20 stories with the
full article as HTML in content:encoded (as partner wires send it), plus dc:creator,
categories, pubDate and a guid. parse_feed reads every feed and feedparser a fifth of them
(it is slow), in alternating passes, best of `--repeat` by the wall clock and by CPU time (the
machine is shared); then parse_feed runs in a process pool over all cores. The last line is
one JSON object.

    .venv/bin/python bench/feedparse.py [--feeds 200] [--repeat 3] [--processes N]
"""

import argparse
import html
import json
import os
import sys
import time
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path
from typing import Any

import feedparser

from wiredesk.ingest.feeds import parse_feed

ARTICLES = Path(__file__).resolve().parents[1].parent / "shared/data/opennews/articles.jsonl"
PER_FEED = 20


def build_feeds(count: int) -> list[tuple[bytes, str]]:
    """`count` RSS 2.0 documents of PER_FEED stories each, with their URLs."""
    articles = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]
    feeds = []
    for n in range(count):
        chosen = [articles[(n * 7 + i) % len(articles)] for i in range(PER_FEED)]
        url = f"http://partner{n % 50}.test/feed/{n}.rss"
        feeds.append((_rss(chosen, n, url).encode("utf-8"), url))
    return feeds


def _rss(articles: list[dict[str, Any]], n: int, url: str) -> str:
    items = "".join(_item(a, n) for a in articles)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel><title>Partner feed '
        f"{n}</title><link>{url.rsplit('/', 2)[0]}/</link>"
        f'<atom:link href="{url}" rel="self" type="application/rss+xml"/>'
        f"<description>Wire</description><language>en</language>{items}</channel></rss>\n"
    )


def _item(a: dict[str, Any], n: int) -> str:
    paragraphs = [p.strip() for p in a["text"].split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    body += f'<p>Source: <a href="{html.escape(a["url"])}">Global Voices</a></p>'
    published = time.strftime(
        "%a, %d %b %Y %H:%M:%S +0000", time.strptime(a["published"], "%Y-%m-%dT%H:%M:%SZ")
    )
    categories = "".join(f"<category>{html.escape(c)}</category>" for c in a["categories"])
    return (
        f"<item><title>{html.escape(a['title'])}</title><link>{html.escape(a['url'])}</link>"
        f'<guid isPermaLink="false">{a["id"]}-{n}</guid><pubDate>{published}</pubDate>'
        f"<dc:creator>{html.escape(a['authors'][0])}</dc:creator>{categories}"
        f"<description>{html.escape(a.get('summary') or paragraphs[0])}</description>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
    )


def ours(feed: tuple[bytes, str]) -> int:
    return len(parse_feed(feed[0], feed[1], "application/rss+xml").entries)


def theirs(feed: tuple[bytes, str]) -> int:
    headers = {"content-location": feed[1], "content-type": "application/rss+xml"}
    return len(feedparser.parse(feed[0], response_headers=headers).entries)


def rates(
    parsers: list[Callable[[tuple[bytes, str]], int]],
    feed_sets: list[list[tuple[bytes, str]]],
    repeat: int,
) -> tuple[list[float], list[float]]:
    """Feeds per second of each parser on its feed set, best of `repeat` passes, by the wall
    clock and by this process's CPU time. The passes alternate between parsers, so that both
    meet the same load on a shared machine; CPU time leaves out the time other processes hold
    the cores, so its ratio moves less when the machine is busy."""
    wall = [float("inf")] * len(parsers)
    cpu = [float("inf")] * len(parsers)
    for _ in range(repeat):
        for i, (parse, feeds) in enumerate(zip(parsers, feed_sets, strict=True)):
            started, started_cpu = time.perf_counter(), time.process_time()
            entries = sum(parse(f) for f in feeds)
            wall[i] = min(wall[i], time.perf_counter() - started)
            cpu[i] = min(cpu[i], time.process_time() - started_cpu)
            assert entries == PER_FEED * len(feeds), entries
    return (
        [len(feeds) / t for feeds, t in zip(feed_sets, wall, strict=True)],
        [len(feeds) / t for feeds, t in zip(feed_sets, cpu, strict=True)],
    )


_WORKER_FEEDS: list[tuple[bytes, str]] = []


def _init_worker(count: int) -> None:
    """Each worker builds the same feeds once, so the timed loop sends only indexes: in ingest
    the worker that parses a feed is the one that fetched it, and no bytes cross processes."""
    _WORKER_FEEDS.extend(build_feeds(count))


def _ours_by_index(index: int) -> int:
    return ours(_WORKER_FEEDS[index])


def pool_rate(count: int, processes: int, repeat: int) -> float:
    """Feeds per second with parse_feed in a pool of `processes` workers, best of `repeat`."""
    best = float("inf")
    with Pool(processes, initializer=_init_worker, initargs=(count,)) as pool:
        pool.map(_ours_by_index, range(processes))  # wait until every worker is ready
        for _ in range(repeat):
            started = time.perf_counter()
            entries = sum(pool.imap_unordered(_ours_by_index, range(count), chunksize=8))
            best = min(best, time.perf_counter() - started)
            assert entries == PER_FEED * count
    return count / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if not ARTICLES.exists():
        sys.exit(f"{ARTICLES} not found: the shared data sits beside the repository")
    feeds = build_feeds(args.feeds)
    paths = {parse_feed(c, u, "application/rss+xml").parser for c, u in feeds}
    (ours_rate, theirs_rate), (ours_cpu, theirs_cpu) = rates(
        [ours, theirs], [feeds, feeds[: max(20, args.feeds // 5)]], args.repeat
    )
    multi = pool_rate(args.feeds, args.processes, args.repeat)
    size = sum(len(c) for c, _ in feeds) / len(feeds)
    print(f"{args.feeds} feeds x {PER_FEED} entries, {size / 1024:.0f} KiB each, path {paths}")
    print(f"parse_feed        {ours_rate:8.1f} feeds/s  ({ours_cpu:.1f} per CPU second)")
    print(f"feedparser.parse  {theirs_rate:8.1f} feeds/s  ({theirs_cpu:.1f} per CPU second)")
    print(f"parse_feed x{args.processes} procs {multi:8.1f} feeds/s")
    print(
        json.dumps(
            {
                "feeds": args.feeds,
                "entries_per_feed": PER_FEED,
                "feed_kib": round(size / 1024, 1),
                "parser_paths": sorted(paths),
                "ours_feeds_per_s": round(ours_rate, 1),
                "feedparser_feeds_per_s": round(theirs_rate, 1),
                "ratio": round(ours_rate / theirs_rate, 2),
                "ours_feeds_per_cpu_s": round(ours_cpu, 1),
                "feedparser_feeds_per_cpu_s": round(theirs_cpu, 1),
                "ratio_cpu": round(ours_cpu / theirs_cpu, 2),
                "processes": args.processes,
                "ours_multiprocess_feeds_per_s": round(multi, 1),
                "multiprocess_vs_feedparser": round(multi / theirs_rate, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
