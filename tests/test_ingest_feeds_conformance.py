"""feedparser's conformance corpus run through OUR parse_feed.

The whole corpus (1,881 files) sits in ../shared/data/feeds; where it is absent (a clean clone)
the slice checked in under tests/data/feeds/corpus runs instead (picked by
scripts/feeds_corpus_slice.py to cover every branch of the feed package). Each case is a feed
file and a Python expression over feedparser's result (see the corpus README). `shape` turns
our FeedData into a dict shaped like feedparser's result that carries only the fields our model
keeps; reading any other field raises `Unmapped(field)`, so a case about a field we do not carry
is skipped by name instead of passing by accident.
"""

import ast
import builtins
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.html
import pytest
from feedparser.datetimes import _parse_date
from feedparser.urls import _urljoin

from wiredesk.errors import FeedParseError
from wiredesk.extract.sanitize import sanitize_html
from wiredesk.ingest.feeds import EntryData, FeedData, parse_feed, parse_with_feedparser
from wiredesk.ingest.feeds.dates import from_struct, parse_date
from wiredesk.ingest.feeds.fast import attempt, parse_fast

SHARED_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "feeds"
SLICE_CORPUS = Path(__file__).parent / "data" / "feeds" / "corpus"
CORPUS = SHARED_CORPUS if (SHARED_CORPUS / "index.jsonl").exists() else SLICE_CORPUS
SERVED_AT = "http://127.0.0.1:8097/"  # where feedparser's own harness serves each file


class Unmapped(Exception):
    """The expression reads a feedparser field our FeedData does not carry."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


def load_cases(corpus: Path = CORPUS) -> list[dict[str, Any]]:
    """index.jsonl as a list, or [] when the corpus is absent."""
    index = corpus / "index.jsonl"
    if not index.exists():
        return []
    return [json.loads(line) for line in index.read_text(encoding="utf-8").splitlines()]


def case_input(case: dict[str, Any], corpus: Path = CORPUS) -> tuple[bytes, str, str]:
    """(content, url, content_type) as ingest would pass them for this case."""
    content = (corpus / case["path"]).read_bytes()
    headers = {k.lower(): v for k, v in (case.get("http_headers") or {}).items()}
    url = urljoin(SERVED_AT + case["original_path"], headers.get("content-location", ""))
    return content, url, headers.get("content-type", "")


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """Parse the case through our parse_feed and shape the result like feedparser's."""
    content, url, content_type = case_input(case)
    try:
        feed = parse_feed(content, url, content_type)
    except FeedParseError:
        return {"bozo": True, "feed": Shaped({}, _FEED_KEYS), "entries": []}
    return shape(feed)


class Shaped(dict[str, Any]):
    """A feedparser-like dict: missing carried keys raise KeyError, others Unmapped."""

    def __init__(self, values: dict[str, Any], carried: frozenset[str]):
        super().__init__({k: v for k, v in values.items() if _present(v)})
        self.carried = carried

    def __getitem__(self, key: str) -> Any:
        key = _ALIASES.get(key, key)
        if key == "category":
            return self["tags"][0]["term"]
        if key not in self.carried:
            raise Unmapped(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        key = _ALIASES.get(str(key), str(key))
        if key not in self.carried:
            raise Unmapped(key)
        return super().__contains__(key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default

    def has_key(self, key: str) -> bool:
        return key in self

    __getattr__ = __getitem__


def _present(value: Any) -> bool:
    """feedparser leaves out what a feed lacks (plain checks: Markup's == is loose)."""
    return value is not None and not (isinstance(value, (str, list)) and len(value) == 0)


_ALIASES = {
    "guid": "id",
    "description": "summary",
    "url": "href",
    "channel": "feed",
    "items": "entries",
    "modified_parsed": "updated_parsed",
    "date_parsed": "updated_parsed",
    "issued_parsed": "published_parsed",
}
_FEED_KEYS = frozenset({"title", "link", "language", "ttl", "title_detail"})
_ENTRY_KEYS = frozenset(
    {
        "title",
        "link",
        "id",
        "summary",
        "content",
        "published_parsed",
        "updated_parsed",
        "authors",
        "author_detail",
        "tags",
        "enclosures",
        "title_detail",
        "summary_detail",
        "category",
    }
)
_VALUE = frozenset({"value"})


def shape(feed: FeedData) -> dict[str, Any]:
    """FeedData -> {bozo, encoding, version, feed, entries}, shaped like feedparser's result."""
    meta = Shaped(
        {
            "title": Markup(feed.title),
            "link": feed.link,
            "language": feed.language,
            "ttl": str(feed.ttl) if feed.ttl is not None else "",
            "title_detail": _detail(feed.title),
        },
        _FEED_KEYS,
    )
    return {
        "bozo": feed.bozo,
        "encoding": feed.encoding,
        "version": feed.version,
        "feed": meta,
        "entries": [_entry(e) for e in feed.entries],
    }


def _detail(value: str) -> Shaped | None:
    return Shaped({"value": Markup(value)}, _VALUE) if value else None


class Markup(str):
    """Entry text that may hold HTML. feedparser's expected values went through ITS sanitizer
    and re-serialiser; ours are raw until sanitize_html runs. So a value also matches when
    both sides are equal after sanitize_html (whitespace collapsed); `loose_matches` counts it.
    """

    __hash__ = str.__hash__

    def __eq__(self, other: object) -> bool:
        if str.__eq__(self, other) is True:
            return True
        if isinstance(other, str) and _sanitized(self) == _sanitized(other):
            LOOSE_MATCHES.append(str(other))
            return True
        return False

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)


LOOSE_MATCHES: list[str] = []


def _sanitized(value: str) -> str:
    return " ".join(sanitize_html(value).split())


def _entry(e: EntryData) -> Shaped:
    return Shaped(
        {
            "title": Markup(e.title),
            "link": e.link,
            "id": e.guid if e.guid_source == "id" else "",
            "summary": Markup(e.summary),
            "title_detail": _detail(e.title),
            "summary_detail": _detail(e.summary),
            "content": [_detail(e.content_html)] if e.content_html else [],
            "published_parsed": e.published.utctimetuple() if e.published else None,
            "updated_parsed": e.updated.utctimetuple() if e.updated else None,
            "authors": [Shaped({"name": a}, frozenset({"name"})) for a in e.authors],
            "author_detail": Shaped({"name": e.authors[0]}, frozenset({"name"}))
            if e.authors
            else None,
            "tags": [Shaped({"term": t}, frozenset({"term"})) for t in e.categories],
            "enclosures": [
                Shaped(
                    {"href": x.href, "length": x.length, "type": x.type},
                    frozenset({"href", "length", "type"}),
                )
                for x in e.enclosures
            ],
        },
        _ENTRY_KEYS,
    )


_LEAF: dict[str, Any] = {}
_SCHEMA: dict[str, Any] = {
    "bozo": _LEAF,
    "encoding": _LEAF,
    "version": _LEAF,
    "feed": {
        "title": _LEAF,
        "link": _LEAF,
        "language": _LEAF,
        "ttl": _LEAF,
        "title_detail": {"value": _LEAF},
    },
    "entries": {
        "title": _LEAF,
        "link": _LEAF,
        "id": _LEAF,
        "summary": _LEAF,
        "category": _LEAF,
        "published_parsed": _LEAF,
        "updated_parsed": _LEAF,
        "title_detail": {"value": _LEAF},
        "summary_detail": {"value": _LEAF},
        "content": {"value": _LEAF},
        "authors": {"name": _LEAF},
        "author_detail": {"name": _LEAF},
        "tags": {"term": _LEAF},
        "enclosures": {"href": _LEAF, "length": _LEAF, "type": _LEAF},
    },
}
"""What our shaped result carries: feedparser's result tree cut down to FeedData's fields."""


def _check_paths(expect: str) -> None:
    """Raise Unmapped for the first path in the expression that leaves _SCHEMA."""
    for node in ast.walk(ast.parse(expect, mode="eval")):
        if _is_membership(node):
            chain = _chain(node.comparators[0])  # type: ignore[attr-defined]
            if chain and isinstance(node.left.value, str):  # type: ignore[attr-defined]
                _walk_schema([*chain, node.left.value])  # type: ignore[attr-defined]
        chain = _chain(node)
        if chain:
            _walk_schema(chain)


def _is_membership(node: ast.AST) -> bool:
    """`'key' in x` / `'key' not in x`: reads whether x carries `key`."""
    return (
        isinstance(node, ast.Compare)
        and isinstance(node.left, ast.Constant)
        and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops)
    )


def _chain(node: ast.AST) -> list[str] | None:
    keys: list[str] = []
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        if isinstance(node, ast.Attribute):
            keys.append(node.attr)
        elif isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            keys.append(node.slice.value)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(keys)]


def _walk_schema(chain: list[str]) -> None:
    if chain[0] not in _SCHEMA:
        if not hasattr(builtins, chain[0]):
            raise Unmapped(chain[0])
        return
    level = _SCHEMA
    for depth, key in enumerate(chain):
        if level is _LEAF or key in _DICT_METHODS:
            return  # a method of the value (str.startswith, dict.get: checked at run time)
        key = _ALIASES.get(key, key)
        if key not in level:
            raise Unmapped(".".join([*chain[:depth], key]))
        level = level[key]


_DICT_METHODS = frozenset({"get", "has_key", "keys"})


class Namespace(dict[str, Any]):
    """eval() locals: our shaped result; builtins pass through; any other name is Unmapped."""

    def __missing__(self, name: str) -> Any:
        if hasattr(builtins, name):
            raise KeyError(name)
        raise Unmapped(name)


def evaluate(expect: str, result: dict[str, Any]) -> bool:
    """Evaluate a case's Expect expression against our shaped result.

    Keys are checked first, statically: an expression that reads an uncarried field anywhere
    (even past a short-circuit) is Unmapped, whatever the parse gave.
    """
    _check_paths(expect)
    return bool(eval(expect, {"__builtins__": builtins}, Namespace(result)))


def iter_groups(cases: list[dict[str, Any]], sanitize: bool) -> Iterator[dict[str, Any]]:
    for case in cases:
        if ("sanitize" in case["topics"]) == sanitize:
            yield case


# --- the tests --------------------------------------------------------------------------------

CASES = load_cases()
needs_corpus = pytest.mark.skipif(not CASES, reason=f"feed corpus absent: {CORPUS}")
FEED_CASES = list(iter_groups(CASES, sanitize=False))
XSS_CASES = list(iter_groups(CASES, sanitize=True))


_FP6 = "feedparser 6.0.14 (our fallback) differs from the newer upstream expectation: "
KNOWN_DIVERGENCES = {
    "encoding/bozo_linenoise.xml": "feedparser's sanitizer drops '<>' from undecodable text; "
    "we keep it raw (sanitize_html escapes it)",
    "wellformed/atom/entry_link_no_href_link_priority.xml": _FP6 + "Atom 0.3 link without href",
    "wellformed/atom/entry_link_rel_enclosure_no_href.xml": _FP6 + "Atom 0.3 link without href",
    "wellformed/atom10/entry_link_no_href_link_priority.xml": _FP6 + "link text, no href",
    "wellformed/atom10/entry_link_rel_enclosure_no_href.xml": _FP6 + "link text, no href",
    "wellformed/atom10/entry_id_with_attributes.xml": _FP6 + "it resolves the id as a URL",
    "wellformed/atom10/tag_in_attr.xml": "feedparser's serialiser reorders attributes; "
    "equal but for attribute order after sanitize_html",
    "wellformed/node_precedence/atom10_id.xml": _FP6 + "it takes the id nested in <image>",
    "wellformed/node_precedence/atom10_title.xml": _FP6 + "it takes the title nested in <image>",
    "wellformed/rss/item_description_not_a_doctype.xml": _FP6 + "its DOCTYPE stripping "
    "mangles '<!' inside CDATA",
}
"""Cases that fail for a stated reason; strict xfail, so a fix shows up as XPASS."""


def _param(cases: list[dict[str, Any]], known: dict[str, str] | None = None) -> list[Any]:
    params = []
    for case in cases:
        name = case["path"].removeprefix("feedparser-tests/")
        reason = (known or {}).get(name)
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(case, id=name, marks=marks))
    return params or [pytest.param(None, marks=needs_corpus)]


@needs_corpus
@pytest.mark.parametrize("case", _param(FEED_CASES, KNOWN_DIVERGENCES))
def test_case_expectation_holds(case: dict[str, Any]) -> None:
    """feedparser's own Expect expression, evaluated over what our parse_feed returned."""
    _skip_unless(case)
    headers = {k.lower() for k in case.get("http_headers") or {}}
    if "content-language" in headers and "language" in case["expect"]:
        pytest.skip("field not carried: HTTP Content-Language (parse_feed takes no header)")
    result = run_case(case)
    try:
        holds = evaluate(case["expect"], result)
    except Unmapped as exc:
        pytest.skip(f"field not carried by FeedData/EntryData: {exc.field}")
    assert holds, f"{case['description']}: {case['expect']}"


@needs_corpus
@pytest.mark.parametrize("case", _param(XSS_CASES))
def test_no_script_survives_parse_and_sanitize(case: dict[str, Any]) -> None:
    """Whatever a hostile feed holds, our entry HTML after sanitize_html runs no script."""
    content, url, content_type = case_input(case)
    try:
        feed = parse_feed(content, url, content_type)
    except FeedParseError:
        return
    for entry in feed.entries:
        for html in (entry.content_html, entry.summary, entry.title):
            assert_inert(sanitize_html(html))
        for link in (entry.link, entry.image, *(x.href for x in entry.enclosures)):
            assert not _DANGEROUS_URL.match(link), link


_DANGEROUS_URL = re.compile(r"\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)


def assert_inert(html: str) -> None:
    """No script-like element, no on* attribute, no script URL anywhere in the fragment."""
    if not html.strip():
        return
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag not in {
            "script",
            "style",
            "iframe",
            "object",
            "embed",
            "svg",
            "math",
            "form",
            "meta",
            "link",
            "base",
            "frame",
            "applet",
        }, html
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), html
            assert name.lower() != "style", html
            assert not _DANGEROUS_URL.match(value.replace("\x00", "")), html


@needs_corpus
@pytest.mark.parametrize("case", _param(CASES))
def test_fast_path_agrees_with_feedparser(case: dict[str, Any]) -> None:
    """Where the fast path accepts a document, it gives exactly what the fallback gives."""
    content, url, content_type = case_input(case)
    fast, reason = attempt(content, url, content_type)
    if fast is None:
        pytest.skip(f"fast path declines, fallback reads it: {reason.split(':')[0][:60]}")
    slow = parse_with_feedparser(content, url, content_type)
    assert not slow.bozo
    assert (fast.title, fast.link, fast.language, fast.ttl, fast.version, fast.encoding) == (
        slow.title,
        slow.link,
        slow.language,
        slow.ttl,
        slow.version,
        slow.encoding,
    )
    if fast.version == "atom10":
        _skip_on_atom_id_resolution(fast, slow, url)
    assert fast.entries == slow.entries


def _skip_on_atom_id_resolution(fast: FeedData, slow: FeedData, url: str) -> None:
    """feedparser 6.0.14 resolves Atom ids as relative URLs ("HTTP://x" -> "http://x");
    upstream fixed it and the corpus expects the id untouched, as the fast path keeps it."""
    for a, b in zip(fast.entries, slow.entries, strict=False):
        if a.guid != b.guid and _urljoin(url, a.guid) == b.guid:
            pytest.skip("feedparser 6.0.14 resolves Atom ids as URLs (fixed upstream)")


def test_fast_path_takes_most_well_formed_cases() -> None:
    """Guard against the fast path quietly declining everything (it would still 'agree')."""
    if CORPUS == SLICE_CORPUS:
        pytest.skip(
            "the checked-in slice is picked for coverage, not in proportion; on it "
            "test_ingest_feeds_golden pins which files the fast path takes"
        )
    modern = [c for c in CASES if c["group"] == "wellformed" and _modern(c)]
    taken = sum(parse_fast(*case_input(c)) is not None for c in modern)
    assert taken >= 0.7 * len(modern), f"fast path took {taken} of {len(modern)}"


def _modern(case: dict[str, Any]) -> bool:
    """RSS 2.0, Atom 1.0 or RSS 1.0 by its root: the formats the fast path is for."""
    head = case_input(case)[0][:2048]
    return (b'version="2.0"' in head and b"<rss" in head) or any(
        ns in head for ns in (b"http://www.w3.org/2005/Atom", b"http://purl.org/rss/1.0/")
    )


DATES = CORPUS / "dates.json"


def _date_cases() -> list[Any]:
    if not DATES.exists():
        return [pytest.param(None, marks=needs_corpus)]
    cases = json.loads(DATES.read_text(encoding="utf-8"))["cases"]
    return [pytest.param(c, id=f"{c['test']}:{c['input']!r}"[:80]) for c in cases]


@needs_corpus
@pytest.mark.parametrize("case", _date_cases())
def test_date_forms(case: dict[str, Any]) -> None:
    """feedparser's date-parser cases through our parse_date (first six fields, UTC)."""
    got = parse_date(case["input"])
    if case["expected_utc"] is None:
        if got is not None and got == from_struct(_parse_date(case["input"])):
            pytest.skip(f"only {case['parser']} rejects it; feedparser's chain reads it so")
        assert got is None
    else:
        assert got is not None and tuple(got.utctimetuple())[:6] == tuple(case["expected_utc"][:6])


def _skip_unless(case: dict[str, Any]) -> None:
    condition = case.get("skip_unless")
    if not condition:
        return
    try:
        ok = eval(condition, {"__builtins__": builtins, "feedparser": feedparser})
    except Exception:
        ok = False
    if not ok:
        pytest.skip(f"SkipUnless failed: {condition}")
