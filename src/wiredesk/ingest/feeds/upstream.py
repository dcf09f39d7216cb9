"""Every feedparser internal the feed parsers use, taken here and nowhere else.

The fast path must give what feedparser gives, so some of its rules are feedparser's own
unpublished tables and helpers: the namespace table it dispatches on, its test for "this RSS
title is HTML", its encoding converter, its safe-URI resolver and its date parsers (about 400
lines, with Korean, Greek and Hungarian forms). Copying them would vendor feedparser; taking
them ties us to its insides. So they come in through this one module, feedparser is pinned to
the minor version they were checked against (pyproject.toml), and
tests/test_ingest_feeds_upstream.py fails when that version, a name or a signature changes.

To move to a new feedparser: raise the pin and CHECKED_MINOR, run the feed tests (the golden
pairs compare both paths on a slice of feedparser's own corpus), and read the diff of
feedparser's datetimes, encodings, mixin and urls modules.
"""

from collections.abc import Callable
from time import struct_time

from feedparser import datetimes, encodings, mixin, urls

CHECKED_MINOR = "6.0"
"""The feedparser minor version whose rules the fast path copies (pinned in pyproject.toml)."""

DateParser = Callable[[str], struct_time | None]

NAMESPACES: dict[str, str] = mixin._FeedParserMixin.namespaces
"""Namespace URI -> the prefix feedparser dispatches on ('' for the feed formats' own)."""

looks_like_html: Callable[[str], bool] = mixin._FeedParserMixin.looks_like_html
"""feedparser's test for an untyped RSS title that is HTML: a close tag or an entity, and
only tags of its sanitizer's allow-list."""

make_safe_absolute_uri: Callable[[str, str], str] = urls.make_safe_absolute_uri
"""urljoin that keeps only the URI schemes feedparser accepts ('' for javascript: and the like)."""

convert_to_utf8 = encodings.convert_to_utf8
"""feedparser's RFC 3023 converter: (headers, bytes, result dict) -> UTF-8 bytes; sets bozo."""

parse_content_type: Callable[[str], tuple[str, str]] = encodings.parse_content_type
"""A Content-Type header -> (media type, charset), both lower-case."""

# feedparser's date parsers, each a string -> UTC struct_time or None (or an exception)
parse_date_w3dtf: DateParser = datetimes._parse_date_w3dtf
parse_date_rfc822: DateParser = datetimes._parse_date_rfc822
parse_date_iso8601: DateParser = datetimes._parse_date_iso8601
parse_date_asctime: DateParser = datetimes._parse_date_asctime
parse_date_perforce: DateParser = datetimes._parse_date_perforce
parse_date_onblog: DateParser = datetimes._parse_date_onblog
parse_date_nate: DateParser = datetimes._parse_date_nate
parse_date_greek: DateParser = datetimes._parse_date_greek
parse_date_hungarian: DateParser = datetimes._parse_date_hungarian
