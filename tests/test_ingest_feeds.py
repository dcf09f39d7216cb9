"""parse_feed on hand-made documents: formats, identities, and bad input of every kind."""

import json
import time
import tracemalloc
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wiredesk.errors import FeedParseError
from wiredesk.ingest.feeds import Enclosure, FeedData, parse_feed, parse_with_feedparser
from wiredesk.ingest.feeds.fast import fallback_reason, parse_fast

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Wire</title><link>https://wire.test/</link><language>fr</language><ttl>15</ttl>
{items}
</channel></rss>"""

ITEM = """<item><title>{title}</title><link>{link}</link>{guid}
<pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate><dc:creator>Ana</dc:creator>
<category>World</category><description>Short</description>
<content:encoded><![CDATA[<p>Body <a href="/rel">x</a></p>]]></content:encoded>
<media:thumbnail url="https://wire.test/t.jpg"/>
<enclosure url="https://wire.test/a.mp3" length="10" type="audio/mpeg"/></item>"""


def rss(*items: str) -> bytes:
    return RSS.format(items="".join(items)).encode("utf-8")


def item(title: str = "T", link: str = "https://wire.test/1", guid: str | None = "g1") -> str:
    guid_xml = f'<guid isPermaLink="false">{guid}</guid>' if guid is not None else ""
    return ITEM.format(title=title, link=link, guid=guid_xml)


def test_rss_fields_on_the_fast_path() -> None:
    feed = parse_feed(rss(item()), "https://wire.test/feed")
    assert (feed.parser, feed.title, feed.link, feed.language, feed.ttl) == (
        "fast",
        "Wire",
        "https://wire.test/",
        "fr",
        15,
    )
    entry = feed.entries[0]
    assert entry.guid == "g1" and entry.guid_source == "id"
    assert entry.published == datetime(2003, 6, 10, 4, tzinfo=UTC)
    assert entry.content_html == '<p>Body <a href="https://wire.test/rel">x</a></p>'
    assert (entry.authors, entry.categories, entry.image) == (
        ["Ana"],
        ["World"],
        "https://wire.test/t.jpg",
    )
    assert entry.enclosures == [Enclosure("https://wire.test/a.mp3", "10", "audio/mpeg")]


def test_fast_path_equals_fallback() -> None:
    content = rss(item(), item("Two", "https://wire.test/2", "g2"))
    fast = parse_feed(content, "https://wire.test/feed")
    slow = parse_with_feedparser(content, "https://wire.test/feed")
    assert fast.entries == slow.entries and fast.parser == "fast"


def test_atom_and_json_feed() -> None:
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>A</title>
    <link href="https://a.test/"/><entry><id>urn:x:1</id><title type="html">A &amp;amp; B</title>
    <link rel="alternate" href="/p/1"/><updated>2024-01-02T03:04:05Z</updated>
    <author><name>Bo</name></author><content type="html">&lt;p&gt;x&lt;/p&gt;</content>
    </entry></feed>"""
    feed = parse_feed(atom, "https://a.test/atom")
    assert (feed.parser, feed.language, feed.entries[0].link) == (
        "fast",
        "de",
        "https://a.test/p/1",
    )
    assert feed.entries[0].title == "A &amp; B" and feed.entries[0].authors == ["Bo"]
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "J",
        "items": [
            {"id": "1", "url": "/a", "content_text": "Hi", "date_published": "2024-01-02T03:04:05Z"}
        ],
    }
    jf = parse_feed(json.dumps(doc).encode(), "https://j.test/feed.json", "application/feed+json")
    assert jf.entries[0].link == "https://j.test/a" and jf.entries[0].content_html == "<p>Hi</p>"


# --- identities -------------------------------------------------------------------------------


def test_missing_guid_falls_back_to_link_then_hash() -> None:
    no_link = item(guid=None).replace("<link>https://wire.test/1</link>", "")
    feed = parse_feed(rss(item(guid=None), no_link), "https://wire.test/feed")
    first, second = feed.entries
    assert (first.guid, first.guid_source) == ("https://wire.test/1", "link")
    assert second.guid.startswith("sha1:") and second.guid_source == "hash"
    again = parse_feed(rss(item(guid=None), no_link), "https://wire.test/feed")
    assert again.entries[1].guid == second.guid  # stable across fetches


def test_repeated_guid_is_split_by_link_and_copies_dropped() -> None:
    feed = parse_feed(
        rss(
            item("A", "https://wire.test/a", "same"),
            item("B", "https://wire.test/b", "same"),
            item("B", "https://wire.test/b", "same"),
        ),
        "https://wire.test/feed",
    )
    assert [e.guid for e in feed.entries] == ["https://wire.test/a", "https://wire.test/b"]
    assert {e.guid_source for e in feed.entries} == {"link"}
    assert feed.problems and "share" in feed.problems[0]


def test_repeated_guid_and_link_falls_back_to_hash() -> None:
    feed = parse_feed(rss(item("A", guid="x"), item("B", guid="x")), "https://wire.test/feed")
    guids = [e.guid for e in feed.entries]
    assert len(set(guids)) == 2 and all(g.startswith("sha1:") for g in guids)


# --- bad input --------------------------------------------------------------------------------

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>
<rss version="2.0"><channel><title>&i;</title>
<item><title>x &i;</title><link>https://wire.test/1</link></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">
<!ENTITY net SYSTEM "http://127.0.0.1:9/never">]>
<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title>
<description>&net;</description><link>https://wire.test/1</link></item></channel></rss>"""


def bounded(content: bytes, url: str = "https://wire.test/feed") -> tuple[FeedData | None, float]:
    """Parse, returning the feed (or None on FeedParseError) and the peak memory in MiB."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        feed: FeedData | None = parse_feed(content, url)
    except FeedParseError:
        feed = None
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    assert time.perf_counter() - started < 5
    return feed, peak


def test_billion_laughs_is_not_expanded() -> None:
    feed, peak = bounded(LAUGHS)
    assert peak < 20
    assert feed is not None and len(feed.title) < 1000
    assert all(len(e.title) < 1000 for e in feed.entries)
    assert fallback_reason(LAUGHS)  # never on the fast path


def test_external_entities_are_not_read() -> None:
    feed, _ = bounded(XXE)
    text = repr(feed)
    assert "root:" not in text and "/bin/" not in text


def test_html_page_is_not_a_feed() -> None:
    page = b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>"
    with pytest.raises(FeedParseError, match="not a feed"):
        parse_feed(page, "https://wire.test/")


@pytest.mark.parametrize(
    "junk",
    [b"", b"   ", b"plain text", bytes(range(256)) * 400, b'{"not": "a feed"}', b"{broken json"],
)
def test_junk_is_a_clear_error(junk: bytes) -> None:
    started = time.perf_counter()
    with pytest.raises(FeedParseError, match="not a feed"):
        parse_feed(junk, "https://wire.test/feed")
    assert time.perf_counter() - started < 1


def test_malformed_xml_is_read_by_the_fallback() -> None:
    broken = rss(item("a & b")).replace(b"</channel>", b"")
    feed, _ = bounded(broken)
    assert feed is not None and feed.bozo and feed.parser == "feedparser"
    assert feed.entries[0].title == "a & b"


def test_unknown_encoding_is_a_sensible_fallback() -> None:
    doc = rss(item("\u00e9t\u00e9")).replace(b'encoding="utf-8"', b'encoding="x-no-such"')
    feed, _ = bounded(doc.replace("\u00e9".encode(), b"\xe9"))
    assert feed is not None and feed.bozo and feed.entries[0].title == "\u00e9t\u00e9"


def test_wrong_declared_encoding_is_repaired() -> None:
    doc = rss(item("caf\u00e9"))  # utf-8 bytes declared as utf-8, served as text/xml (ascii)
    feed = parse_feed(doc, "https://wire.test/feed", "text/xml")
    assert feed.entries[0].title == "caf\u00e9" and feed.bozo


def test_large_ill_formed_document_is_refused_quickly() -> None:
    body = b"<item><title>a & b</title></item>" * 150_000  # ~5 MB, '&' makes it ill-formed
    started = time.perf_counter()
    with pytest.raises(FeedParseError, match="too large for the tolerant parser"):
        parse_feed(b'<rss version="2.0"><channel>' + body + b"</channel></rss>")
    assert time.perf_counter() - started < 5


def test_oversized_document_is_refused_unparsed() -> None:
    with pytest.raises(FeedParseError, match="over the limit"):
        parse_feed(b"<rss>" + b" " * (50 * 1024 * 1024))


def test_scripts_and_javascript_links_do_not_pass_as_links() -> None:
    doc = rss(item(link="javascript:alert(1)"))
    malformed = doc.replace(b"<title>T</title>", b"<title>T & U</title>")  # the fallback
    for feed in (parse_feed(doc), parse_feed(malformed)):
        assert feed.entries[0].link == ""
    assert parse_feed(malformed).parser == "feedparser"


# --- the fast path copies feedparser's precedence rules --------------------------------------

MEDIA = 'xmlns:media="http://search.yahoo.com/mrss/"'
VARIANTS = {
    "two titles": "<title>First</title><title>Second</title>",
    "empty then full title": "<title></title><title>Second</title>",
    "title and dc:title": "<title>Plain</title><dc:title>Dublin</dc:title>",
    "media:title before title": "<media:content url='https://m.test/a.jpg'>"
    "<media:title>Media</media:title></media:content><title>Own</title>",
    "media:title after title": "<title>Own</title><media:content url='https://m.test/a.jpg'>"
    "<media:title>Media</media:title></media:content>",
    "media:title only": "<media:group><media:content url='https://m.test/a.jpg'>"
    "<media:title>Media</media:title></media:content></media:group>",
    "item media:title": "<media:title>Item media</media:title><link>https://w.test/1</link>",
    "guid permalink, no link": "<guid>https://w.test/p/1</guid>",
    "link after guid": "<guid>https://w.test/p/1</guid><link>https://w.test/l/1</link>",
    "relative permalink guid": "<guid>/p/1</guid>",
    "two links": "<link>https://w.test/a</link><link>https://w.test/b</link>",
    "content before description": "<content:encoded>Body</content:encoded>"
    "<description>Desc</description>",
    "two descriptions": "<description>One</description><description>Two</description>",
    "content only": "<content:encoded><![CDATA[<p>Body <a href='x'>x</a></p>]]></content:encoded>",
    "author forms": "<author>me@w.test (Me)</author><author>Only Name</author>"
    "<author>only@w.test</author><dc:creator>Creator</dc:creator>",
    "categories": "<category domain='d'>A</category><category>A</category><category>B"
    "</category><dc:subject>A</dc:subject><media:category>M</media:category>",
    "dates": "<pubDate>Tue, 10 Jun 2003 04:00:00 +0200</pubDate><dc:date>2003-06-10T04:00:00Z"
    "</dc:date>",
    "odd dates": "<pubDate>10 Jun 2003</pubDate><dc:date>2003-13-45</dc:date>",
    "mojibake": "<title>caf\u00c3\u00a9</title>",
    "enclosure no type": "<enclosure url='https://w.test/e'/>",
    "wordpress media": "<media:content url='https://w.test/i.jpg' medium='image'>"
    "<media:title type='html'>A &lt;b&gt;pic&lt;/b&gt;</media:title></media:content>",
    "wordpress post-id": "<title>T</title><post-id xmlns='com-wordpress:feed-additions:1'>7"
    "</post-id>",
}


@pytest.mark.parametrize("body", VARIANTS.values(), ids=VARIANTS.keys())
def test_fast_path_copies_feedparser_precedence(body: str) -> None:
    doc = (
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:content="http://purl.org/rss/1.0/modules/content/" {MEDIA}>'
        f"<channel><title>C</title><item>{body}</item></channel></rss>"
    ).encode()
    fast = parse_fast(doc, "https://w.test/feed.rss")
    assert fast is not None, fallback_reason(doc, "https://w.test/feed.rss")
    assert fast.entries == parse_with_feedparser(doc, "https://w.test/feed.rss").entries


def test_relative_xml_base_on_an_rss_item_applies_once() -> None:
    """An item's relative xml:base resolves once against the channel's, as in feedparser."""
    doc = (
        b'<rss version="2.0" xml:base="https://w.test/a/"><channel><title>C</title>'
        b'<item xml:base="sub/"><title>T</title><link>p.html</link>'
        b"<description>&lt;a href='q.html'&gt;q&lt;/a&gt;</description></item></channel></rss>"
    )
    fast = parse_fast(doc, "https://w.test/feed.rss")
    assert fast is not None, fallback_reason(doc, "https://w.test/feed.rss")
    assert fast.entries[0].link == "https://w.test/a/sub/p.html"
    assert fast.entries[0].summary == "<a href='https://w.test/a/sub/q.html'>q</a>"
    assert fast.entries == parse_with_feedparser(doc, "https://w.test/feed.rss").entries


ATOM_VARIANTS = {
    "two alternates": "<link href='/a'/><link rel='alternate' type='text/html' href='/b'/>",
    "non-html alternate": "<link rel='alternate' type='application/pdf' href='/a.pdf'/>",
    "enclosure": "<link rel='enclosure' href='/e.mp3' length='3'/>",
    "summary after content": "<content type='html'>&lt;p&gt;C&lt;/p&gt;</content>"
    "<summary>S</summary>",
    "content text": "<content>plain &lt;text&gt;</content>",
    "xml:base on entry": "<link href='p/1' xml:base='https://other.test/dir/'/>"
    "<content type='html' xml:base='/x/'>&lt;a href='y'&gt;y&lt;/a&gt;</content>",
    "author without name": "<author><email>a@w.test</email></author><author><name>N</name>"
    "</author>",
    "categories": "<category term='t' scheme='s' label='L'/><category term='t'/>"
    "<category term='u' scheme='s'/>",
    "ids": "<id>urn:uuid:1</id><id>urn:uuid:2</id>",
    "media thumbnail": f"<media:thumbnail {MEDIA} url='https://m.test/t.jpg'/>",
    "media title": f"<media:title {MEDIA} type='html'>&lt;a href='/x'&gt;x&lt;/a&gt;</media:title>",
    "html title": "<title type='html'>&lt;b&gt;B&lt;/b&gt; &lt;a href='/r'&gt;r&lt;/a&gt;</title>",
    "dates": "<published>2003-12-13T18:30:02+01:00</published><updated>2003-12-13T18:30:02.25Z"
    "</updated>",
}


@pytest.mark.parametrize("body", ATOM_VARIANTS.values(), ids=ATOM_VARIANTS.keys())
def test_fast_path_copies_feedparser_on_atom(body: str) -> None:
    doc = (
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://w.test/base/">'
        f"<title>F</title><entry>{body}</entry></feed>"
    ).encode()
    fast = parse_fast(doc, "https://w.test/feed.atom")
    assert fast is not None, fallback_reason(doc, "https://w.test/feed.atom")
    assert fast.entries == parse_with_feedparser(doc, "https://w.test/feed.atom").entries


# --- fuzz: damaged documents never crash, and the fast path never disagrees -------------------

SEED_DOCS = [
    rss(item(), item("Two &amp; more", "https://wire.test/2", "g2")),
    (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://a.test/"><title>A</title>'
        b"<entry><id>urn:1</id><title type='html'>&lt;b&gt;x&lt;/b&gt;</title><link href='/1'/>"
        b"<summary>S</summary><content type='html'>&lt;p&gt;C&lt;/p&gt;</content>"
        b"<updated>2024-01-02T03:04:05Z</updated></entry></feed>"
    ),
]
DAMAGE = [
    b"&",
    b"<",
    b">",
    b"\xff",
    b"\xc3",
    b"]]>",
    b"&amp;",
    b"&eacute;",
    b"<x>",
    b"\x00",
    b"'",
    b"<title>X</title>",
    b"<link>/l</link>",
    b'<link href="/z"/>',
    b"<guid>g</guid>",
    b"<id>i</id>",
    b"<description>d</description>",
    b'xml:base="/b/"',
    b"&#150;",
]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    doc=st.sampled_from(SEED_DOCS),
    cuts=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(DAMAGE), st.booleans()), max_size=3),
)
def test_damaged_feeds_fail_cleanly_and_paths_agree(
    doc: bytes, cuts: list[tuple[float, bytes, bool]]
) -> None:
    for where, junk, replace in cuts:
        at = int(where * len(doc))
        doc = doc[:at] + junk + doc[at + (len(junk) if replace else 0) :]
    try:
        feed = parse_feed(doc, "https://wire.test/feed")
    except FeedParseError:
        return
    if feed.parser == "fast":
        slow = parse_with_feedparser(doc, "https://wire.test/feed")
        fast = parse_fast(doc, "https://wire.test/feed")
        assert fast is not None and fast.entries == slow.entries
