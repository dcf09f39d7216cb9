"""Golden pairs: a feed and the FeedData we expect from it, checked field by field.

- `wire-sample.atom` and `wire-sample.json` (ours) exercise xml:base, enclosures, thumbnails,
  authors and dates, and JSON Feed's items, attachments and text-only content;
- `corpus/`: a slice of feedparser's own conformance corpus (BSD 2-clause, see its README),
  picked by scripts/feeds_corpus_slice.py to run every branch of the feed package that the
  whole corpus runs. `corpus/golden.json` holds our parse of each file, and where the fast path
  reads a file the test also checks that feedparser reads it the same: a clean clone tests the
  agreement without ../shared;
- the Global Voices feed of 11 June 2009 (../shared/data/opennews, CC BY 3.0) is a real
  WordPress RSS 2.0 feed with full content:encoded. Its expectation stores hashes of the HTML
  rather than the HTML itself (the text may not be copied here).

After a deliberate change, regenerate with `.venv/bin/python tests/test_ingest_feeds_golden.py`
and read the diff.
"""

import hashlib
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from wiredesk.errors import FeedParseError
from wiredesk.ingest.feeds import FeedData, parse_feed, parse_with_feedparser
from wiredesk.ingest.feeds.fast import attempt

DATA = Path(__file__).parent / "data" / "feeds"
SLICE = DATA / "corpus"
SLICE_GOLDEN = SLICE / "golden.json"
GV = Path(__file__).resolve().parents[1].parent / "shared/data/opennews/feeds"
GOLDEN = {
    "wire-sample.atom": (DATA / "wire-sample.atom", "https://agencia.test/feed.atom", False),
    "wire-sample.json": (DATA / "wire-sample.json", "https://agencia.test/feed.json", False),
    "globalvoices-2009-06-11.rss": (
        GV / "globalvoices-feature-feed-2009-06-11.rss",
        "http://globalvoicesonline.org/-/type/feature/feed/",
        True,
    ),
}


def summarise(feed: FeedData, hashed: bool = False) -> dict[str, Any]:
    """FeedData as JSON-able data; long HTML as length and sha1 when `hashed`."""
    data = asdict(feed)
    for entry in data["entries"]:
        for key in ("published", "updated"):
            entry[key] = entry[key].isoformat() if entry[key] else None
        if hashed:
            for key in ("summary", "content_html"):
                html = entry[key].encode("utf-8")
                entry[key] = f"{len(html)} bytes sha1:{hashlib.sha1(html).hexdigest()}"
    return data


def parse_or_error(content: bytes, url: str, content_type: str) -> dict[str, Any]:
    """parse_feed's result, or the error it raised (a refusal is a golden result too)."""
    try:
        return summarise(parse_feed(content, url, content_type))
    except FeedParseError as exc:
        return {"error": str(exc)}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_feed(name: str) -> None:
    source, url, hashed = GOLDEN[name]
    if not source.exists():
        pytest.skip(f"{source} absent: the shared data sits beside the repository")
    expected = json.loads((DATA / f"{name}.expected.json").read_text(encoding="utf-8"))
    feed = parse_feed(source.read_bytes(), url)
    assert summarise(feed, hashed) == expected
    if feed.parser == "fast":
        assert parse_with_feedparser(source.read_bytes(), url).entries == feed.entries


def _slice_cases() -> dict[str, dict[str, Any]]:
    """{path: {url, content_type, result}}; {} before the first regeneration (a test fails)."""
    if not SLICE_GOLDEN.exists():
        return {}
    return json.loads(SLICE_GOLDEN.read_text(encoding="utf-8"))


SLICE_CASES = _slice_cases()


@pytest.mark.parametrize("path", sorted(SLICE_CASES))
def test_corpus_slice_parses_as_recorded(path: str) -> None:
    case = SLICE_CASES[path]
    content = (SLICE / path).read_bytes()
    assert parse_or_error(content, case["url"], case["content_type"]) == case["result"]


@pytest.mark.parametrize("path", sorted(SLICE_CASES))
def test_corpus_slice_fast_path_agrees_with_feedparser(path: str) -> None:
    """Where the fast path reads a file, feedparser (the fallback) reads it the same."""
    case = SLICE_CASES[path]
    content = (SLICE / path).read_bytes()
    fast, reason = attempt(content, case["url"], case["content_type"])
    if fast is None:
        assert case["result"].get("parser") != "fast", reason
        return
    slow = parse_with_feedparser(content, case["url"], case["content_type"])
    meta = ("title", "link", "language", "ttl", "version", "encoding")
    assert [getattr(fast, f) for f in meta] == [getattr(slow, f) for f in meta]
    assert not slow.bozo and fast.entries == slow.entries


def test_corpus_slice_files_are_byte_for_byte() -> None:
    """The encoding cases depend on exact bytes: an editor's re-save would change them."""
    for line in (SLICE / "index.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        digest = hashlib.sha256((SLICE / case["path"]).read_bytes()).hexdigest()
        assert digest == case["sha256"], case["path"]


def test_corpus_slice_covers_every_path() -> None:
    """The slice holds documents of each kind: read fast, read by feedparser, refused."""
    indexed = (SLICE / "index.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(SLICE_CASES) == len(indexed) > 100, "regenerate corpus/golden.json"
    results = [case["result"] for case in SLICE_CASES.values()]
    parsers = {r.get("parser", "refused") for r in results}
    versions = {r.get("version") for r in results}
    assert parsers == {"fast", "feedparser", "refused"}
    assert {"rss20", "rss10", "atom10", "atom03"} <= versions


def write_golden() -> None:
    for name, (source, url, hashed) in GOLDEN.items():
        out = DATA / f"{name}.expected.json"
        feed = parse_feed(source.read_bytes(), url)
        _write_json(out, summarise(feed, hashed))
    sys.path.insert(0, str(Path(__file__).parent))
    from test_ingest_feeds_conformance import SLICE_CORPUS, case_input, load_cases

    golden = {}
    for case in load_cases(SLICE_CORPUS):
        content, url, content_type = case_input(case, SLICE_CORPUS)
        result = parse_or_error(content, url, content_type)
        golden[case["path"]] = {"url": url, "content_type": content_type, "result": result}
    _write_json(SLICE_GOLDEN, golden)


def _write_json(out: Path, data: Any) -> None:
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("wrote", out)


if __name__ == "__main__":
    write_golden()
