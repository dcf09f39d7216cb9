"""OPML import/export: folders become categories, the list survives a round trip."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from wiredesk.sources.opml import OpmlError, OpmlFeed, build_opml, parse_opml

DATA = Path(__file__).parent / "data" / "feeds"


def test_import_reads_folders_attributes_and_skips_the_rest() -> None:
    feeds = parse_opml((DATA / "subscriptions.opml").read_bytes(), "https://me.test/list.opml")
    assert feeds == [
        OpmlFeed(
            "Wire Africa",
            "https://wire.test/africa.rss",
            "https://wire.test/africa/",
            "World/Africa",
        ),
        OpmlFeed(
            "Global Voices",
            "http://globalvoicesonline.org/feed/",
            "http://globalvoicesonline.org/",
            "World",
        ),
        OpmlFeed("Top-level feed", "https://me.test/relative.xml", "", ""),
        OpmlFeed("Tagged", "https://tagged.test/feed", "", "Sport/Football"),
    ]


def test_export_then_import_gives_the_same_list() -> None:
    feeds = [
        OpmlFeed("A & B", "https://a.test/feed?x=1&y=2", "https://a.test/", "World/Africa"),
        OpmlFeed("C", "https://c.test/rss", "", "World"),
        OpmlFeed("D \u00e9t\u00e9", "https://d.test/atom", "https://d.test/", ""),
    ]
    document = build_opml(feeds, now=datetime(2026, 1, 2, tzinfo=UTC))
    assert b"<dateCreated>Fri, 02 Jan 2026 00:00:00 GMT</dateCreated>" in document
    assert sorted(parse_opml(document)) == sorted(feeds)


def test_plain_tuples_are_accepted() -> None:
    document = build_opml([("T", "https://t.test/feed", "", "")])
    assert parse_opml(document) == [OpmlFeed("T", "https://t.test/feed")]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not xml",
        b"<html><body></body></html>",
        b"<opml version='2.0'><head/></opml>",
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<opml><body><outline text="&x;" xmlUrl="https://x.test/"/></body></opml>',
    ],
)
def test_bad_documents_raise_opml_error(content: bytes) -> None:
    with pytest.raises(OpmlError):
        parse_opml(content)
