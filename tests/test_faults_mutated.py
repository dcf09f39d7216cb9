"""Real pages and feeds, damaged: a clear error or a result, never another exception.

Each case takes a real document from ../shared (WCXB article pages, feedparser's test feeds)
and damages it a few times over with a seeded generator: cut it short, delete a stretch,
splice in hostile markup (an unclosed comment, a DOCTYPE with nested entities, thousands of
opened `<div>`s, NUL bytes, impossible dates, a broken JSON-LD block), random bytes, or a
stretch repeated. What a partner's server or a proxy can do to a document on the way. The
extractor must give a story or ExtractError; the feed parser a feed or FeedParseError.
"""

import gzip
import random
from pathlib import Path

import pytest

from conftest import shared_path
from wiredesk.errors import ExtractError, FeedParseError
from wiredesk.extract import extract_page
from wiredesk.ingest.feeds import parse_feed

HOSTILE = [
    b"<p>",
    b"</div>",
    b"<table><tr><td>",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"<script>",
    b"</script>",
    b"\x00",
    b"\xff\xfe",
    b"&#0;",
    b"&#x110000;",
    b"<br/>" * 50,
    b"<svg><foreignObject>",
    b"<template>",
    b"<form>",
    b"<time datetime='99999-99-99'>",
    b"<meta property='article:published_time' content='0000-00-00'>",
    b'<script type="application/ld+json">{"@type":"NewsArticle","datePublished":'
    b'"2020-13-45","author":{"name":[[[]]]}}</script>',
    b"<h1>",
    b"<item><title>",
    b"</entry>",
    b"<pubDate>Thu, 31 Feb 2099 25:61:61 +9999</pubDate>",
    b"<?xml version='1.0' encoding='bogus'?>",
    b"<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]>&b;",
    b"<div>" * 3000,
]


def damaged(data: bytes, rng: random.Random) -> bytes:
    """The document with one to five kinds of damage."""
    for _ in range(rng.randint(1, 5)):
        at = rng.randint(0, len(data))
        kind = rng.randrange(5)
        if kind == 0:
            data = data[:at] + rng.choice(HOSTILE) + data[at:]
        elif kind == 1:
            data = data[:at]
        elif kind == 2:
            data = data[:at] + data[at + rng.randint(1, 2000) :]
        elif kind == 3:
            data = data[:at] + rng.randbytes(rng.randint(1, 20)) + data[at:]
        else:
            data = data[:at] + data[at : at + 500] * rng.randint(2, 20) + data[at:]
    return data


def _sample(paths: list[Path], count: int, seed: int) -> list[Path]:
    return random.Random(seed).sample(sorted(paths), min(count, len(paths)))


@pytest.mark.parametrize("seed", range(3))
def test_damaged_pages_give_a_story_or_an_extract_error(seed: int) -> None:
    pages = _sample(list(shared_path("data", "wcxb", "html").glob("*.html.gz")), 25, seed)
    rng = random.Random(seed)
    outcomes = {"story": 0, "error": 0}
    for path in pages:
        page = damaged(gzip.decompress(path.read_bytes()), rng)
        try:
            article = extract_page(page, "https://example.org/news/2025/story")
        except ExtractError:
            outcomes["error"] += 1
        else:
            assert isinstance(article.body, str)
            outcomes["story"] += 1
    assert outcomes["story"] > outcomes["error"], outcomes  # most stay readable


@pytest.mark.parametrize("seed", range(3))
def test_damaged_feeds_give_a_feed_or_a_parse_error(seed: int) -> None:
    feeds = _sample(list(shared_path("data", "feeds").rglob("*.xml")), 300, seed)
    rng = random.Random(seed)
    parsed = 0
    for path in feeds:
        try:
            parse_feed(damaged(path.read_bytes(), rng), "https://example.org/feed")
        except FeedParseError:
            continue
        parsed += 1
    assert parsed > len(feeds) // 2, parsed  # most damage leaves a feed to read
