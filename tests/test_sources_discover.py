"""Feed discovery from a home page's <link rel="alternate"> elements."""

from wiredesk.sources.discover import FeedLink, discover_feeds

PAGE = """<!DOCTYPE html><html><head>
<title>Wire</title>
<link rel="stylesheet" href="/s.css">
<link rel="alternate" type="application/rss+xml" title="All stories" href="/feed/">
<link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://wire.test/atom">
<link rel="alternate" type="application/feed+json" href="feed.json">
<link rel="alternate" hreflang="fr" href="https://wire.test/fr/">
<link rel="alternate" type="application/rss+xml" href="/feed/">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="alternate" type="text/html" href="/print/">
</head><body><a href="/feed.rss">not a link element</a></body></html>"""


def test_finds_feed_links_resolved_and_once() -> None:
    assert discover_feeds(PAGE, "https://wire.test/news/") == [
        FeedLink("https://wire.test/feed/", "rss", "All stories"),
        FeedLink("https://wire.test/atom", "atom", ""),
        FeedLink("https://wire.test/news/feed.json", "json", ""),
    ]


def test_base_href_wins_over_page_url() -> None:
    page = (
        '<html><head><base href="https://cdn.test/site/">'
        '<link rel="alternate" type="application/atom+xml" href="atom.xml"></head></html>'
    )
    assert discover_feeds(page.encode(), "https://wire.test/") == [
        FeedLink("https://cdn.test/site/atom.xml", "atom")
    ]


def test_pages_without_feeds() -> None:
    assert discover_feeds("", "https://wire.test/") == []
    assert discover_feeds(b"\x00\xff binary", "https://wire.test/") == []
    assert discover_feeds("<html><head></head></html>", "https://wire.test/") == []
