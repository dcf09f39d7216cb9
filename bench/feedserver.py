"""The benchmarks' partner server: many feeds and pages over HTTP/1.1, fast.

Three kinds of content, each optional:
- `--feeds N` full-story feeds (bench/ingest.py), built from
  ../shared/data/opennews/articles.jsonl: 20 stories each by default, the whole article as
  HTML in `content:encoded`, each entry with its own link and guid;
- `--pages N` article pages (bench/scale.py): N Global Voices texts from the demo corpus,
  each made unique, listed in link-only feeds of 25, so each entry's page is fetched;
- `--quiet N` feeds with no entries (bench/scale.py's polling of feeds that answer 304).
Everything is served with ETag and Last-Modified; a conditional GET that matches gets 304.
URLs are spread over `HOSTS` loopback addresses (127.0.0.1 to 127.0.0.50), so clients see
50 hosts, as they would see many partners. The server is asyncio with keep-alive and
prebuilt responses: it must not be what limits the clients it serves.

    python bench/feedserver.py --feeds 2000 [--pages 0] [--quiet 0] [--port 0]
    # prints "ready <port>"
"""

import argparse
import asyncio
import hashlib
import html
import json
import time
from email.utils import formatdate
from pathlib import Path
from typing import Any

ARTICLES = Path(__file__).resolve().parents[1].parent / "shared/data/opennews/articles.jsonl"
HOSTS = 50
PER_FEED = 20
PAGES_PER_FEED = 25
LAST_MODIFIED = formatdate(time.mktime((2026, 1, 1, 0, 0, 0, 0, 0, 0)), usegmt=True)
# Every entry carries hostile markup: what is stored must come out sanitized.
HOSTILE = '<p onclick="steal()">Tap<script>alert(document.cookie)</script></p>'


def feed_url(n: int, port: int) -> str:
    return f"http://127.0.0.{1 + n % HOSTS}:{port}/feed/{n}.rss"


def page_url(n: int, port: int) -> str:
    return f"http://127.0.0.{1 + n % HOSTS}:{port}/story/{n}"


def page_feed_urls(pages: int, port: int) -> list[str]:
    """The feeds listing `pages` article pages, PAGES_PER_FEED entries of one host each."""
    feeds = {page_feed_of(n) for n in range(pages)}
    return [f"http://127.0.0.{1 + k % HOSTS}:{port}/pages/{k}.rss" for k in sorted(feeds)]


def page_feed_of(n: int) -> int:
    """Page n's feed: feeds hold one host's pages, PAGES_PER_FEED at a time."""
    return (n // (HOSTS * PAGES_PER_FEED)) * HOSTS + n % HOSTS


def quiet_feed_urls(count: int, port: int) -> list[str]:
    return [f"http://127.0.0.{1 + n % HOSTS}:{port}/quiet/{n}.rss" for n in range(count)]


def build_feed(n: int, port: int, articles: list[dict[str, Any]], per_feed: int) -> bytes:
    chosen = [articles[(n * 7 + i) % len(articles)] for i in range(per_feed)]
    items = "".join(_item(a, n, i) for i, a in enumerate(chosen))
    url = feed_url(n, port)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel><title>Partner feed '
        f"{n}</title><link>https://partner{n % HOSTS}.example/</link>"
        f'<atom:link href="{url}" rel="self" type="application/rss+xml"/>'
        f"<description>Wire</description><language>en</language>{items}</channel></rss>\n"
    ).encode()


def _item(a: dict[str, Any], n: int, i: int) -> str:
    paragraphs = [p.strip() for p in a["text"].split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + HOSTILE
    body += f'<p>Source: <a href="{html.escape(a["url"])}">Global Voices</a></p>'
    published = time.strftime(
        "%a, %d %b %Y %H:%M:%S +0000", time.strptime(a["published"], "%Y-%m-%dT%H:%M:%SZ")
    )
    slug = a["url"].rstrip("/").rsplit("/", 1)[-1]
    link = f"https://partner{n % HOSTS}.example/{n}/{i}/{html.escape(slug)}/"
    categories = "".join(f"<category>{html.escape(c)}</category>" for c in a["categories"])
    return (
        f"<item><title>{html.escape(a['title'])}</title><link>{link}</link>"
        f'<guid isPermaLink="false">{a["id"]}-{n}-{i}</guid><pubDate>{published}</pubDate>'
        f"<dc:creator>{html.escape(a['authors'][0])}</dc:creator>{categories}"
        f"<description>{html.escape(a.get('summary') or paragraphs[0])}</description>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
    )


class Responses:
    """Prebuilt 200 and 304 responses of every feed and page, by request path."""

    def __init__(self, port: int, feeds: int, per_feed: int, pages: int, quiet: int):
        self.full: dict[bytes, bytes] = {}
        self.not_modified: dict[bytes, bytes] = {}
        self.etags: dict[bytes, bytes] = {}
        if feeds:
            lines = ARTICLES.read_text(encoding="utf-8").splitlines()
            articles = [json.loads(line) for line in lines]
            for n in range(feeds):
                self.add(f"/feed/{n}.rss", build_feed(n, port, articles, per_feed), RSS)
        for path, body, kind in page_responses(pages, port):
            self.add(path, body, kind)
        for n in range(quiet):
            self.add(f"/quiet/{n}.rss", rss_document("Quiet", "", ""), RSS)

    def add(self, path: str, body: bytes, kind: bytes) -> None:
        key = path.encode()
        etag = ('"' + hashlib.sha1(body).hexdigest() + '"').encode()
        self.etags[key] = etag
        common = b"ETag: %s\r\nLast-Modified: %s\r\n" % (etag, LAST_MODIFIED.encode())
        head = b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n" % (kind, len(body))
        self.full[key] = head + common + b"\r\n" + body
        self.not_modified[key] = b"HTTP/1.1 304 Not Modified\r\n%s\r\n" % common

    def answer(self, head: bytes) -> bytes:
        lines = head.split(b"\r\n")
        target = lines[0].split(b" ")[1] if len(lines[0].split(b" ")) > 2 else b"/"
        path = target.split(b"?")[0]
        if path not in self.full:
            return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        headers = dict(_header(line) for line in lines[1:] if b":" in line)
        if headers.get(b"if-none-match") == self.etags[path] or (
            b"if-none-match" not in headers
            and headers.get(b"if-modified-since") == LAST_MODIFIED.encode()
        ):
            return self.not_modified[path]
        return self.full[path]


def _header(line: bytes) -> tuple[bytes, bytes]:
    name, value = line.split(b":", 1)
    return name.strip().lower(), value.strip()


class FeedProtocol(asyncio.Protocol):
    """HTTP/1.1 with keep-alive and pipelining; GET and HEAD only (no request bodies)."""

    def __init__(self, responses: Responses):
        self.responses = responses
        self.buffer = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            self.transport.write(self.responses.answer(head))  # type: ignore[attr-defined]


RSS = b"application/rss+xml"
HTML = b"text/html; charset=utf-8"


def rss_document(title: str, link: str, items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{html.escape(title)}</title><link>{html.escape(link)}</link>"
        f"<description>Wire</description>{items}</channel></rss>\n"
    ).encode()


def page_responses(pages: int, port: int) -> list[tuple[str, bytes, bytes]]:
    """`pages` article pages and the link-only feeds that list them."""
    if not pages:
        return []
    from wiredesk.demo.corpus_files import gv_articles  # the demo corpus ships in the package

    stories = gv_articles()
    served, feeds = [], {}
    for n in range(pages):
        url = page_url(n, port)
        served.append((f"/story/{n}", article_page(n, stories[n % len(stories)]), HTML))
        item = f"<item><title>Story {n}</title><link>{url}</link><guid>{url}</guid></item>"
        feeds.setdefault(page_feed_of(n), []).append(item)
    for k, items in feeds.items():
        served.append((f"/pages/{k}.rss", rss_document("Bench", "", "".join(items)), RSS))
    return served


def article_page(n: int, story: dict[str, Any]) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in story["text"].split("\n\n"))
    title = html.escape(story["title"])
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home</nav>"
        f"<article><h1>{title} ({n})</h1>{paragraphs}"
        f"<p>This is bench article number {n}.</p></article></body></html>"
    ).encode()


async def serve(port: int, feeds: int, per_feed: int, pages: int, quiet: int) -> None:
    loop = asyncio.get_running_loop()
    hosts = [f"127.0.0.{1 + n}" for n in range(HOSTS)]
    if port == 0:  # one free port that every address can take
        probe = await loop.create_server(asyncio.Protocol, hosts[0], 0)
        port = probe.sockets[0].getsockname()[1]
        probe.close()
        await probe.wait_closed()
    responses = Responses(port, feeds, per_feed, pages, quiet)
    server = await loop.create_server(lambda: FeedProtocol(responses), hosts, port, backlog=1024)
    print(f"ready {port}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=2000, help="full-story feeds")
    parser.add_argument("--entries", type=int, default=PER_FEED, help="entries per such feed")
    parser.add_argument("--pages", type=int, default=0, help="article pages, in feeds of 25")
    parser.add_argument("--quiet", type=int, default=0, help="feeds with no entries")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.feeds, args.entries, args.pages, args.quiet))


if __name__ == "__main__":
    main()
