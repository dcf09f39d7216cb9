"""What is done to a document's bytes before feedparser's tolerant parser may read them.

The fallback is slow on bad input (its SGML parser reads ill-formed XML at roughly 100 KB/s at
worst, chardet about a second per 100 KB), so junk is refused and large undecodable documents
are read without detection: one feed must not hold a worker a minute.
"""

import re

from wiredesk.errors import FeedParseError

MAX_FEED_BYTES = 50 * 1024 * 1024
"""Above this a document is refused unparsed: no partner feed is that large, a bomb may be."""
TOLERANT_MAX_BYTES = 4 * 1024 * 1024
"""An ill-formed document above this is refused rather than handed to the tolerant parser."""
CHARDET_LIMIT = 1024 * 1024
"""Above this, undecodable bytes are replaced rather than handed to chardet: a large feed in a
broken encoding is read as windows-1252."""

_UNICODE_STARTS = (
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00\x00\xfe\xff",
    b"<\x00",
    b"\x00<",
    b"\x00\x00\x00<",
    b"\x4c\x6f\xa7\x94",
)


def refuse_non_markup(content: bytes, url: str) -> None:
    """Binary junk or plain text is no feed: refuse it before the tolerant parser tries."""
    if content.startswith(_UNICODE_STARTS):
        return  # a BOM, UTF-16/32 or EBCDIC '<?xm': feedparser's converter knows them
    if content.lstrip()[:1] != b"<":
        raise FeedParseError(url, "not a feed: not XML, the document does not start with markup")


FALSE_UTF16 = re.compile(rb"""(encoding\s*=\s*["'])utf-16[^"']*(["'])""", re.IGNORECASE)


def undo_false_utf16(content: bytes, content_type: str) -> tuple[bytes, str]:
    """A document that declares UTF-16 but is plainly single-byte (no BOM, no NUL in its
    first bytes, valid UTF-8) is read as UTF-8: the declaration is the partner's mistake.
    """
    head = content[:512]
    declared = b"utf-16" in head.lower() or "utf-16" in content_type.lower()
    if not declared or content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        return content, content_type
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return content, content_type
    fixed = FALSE_UTF16.sub(rb"\1utf-8\2", head, count=1) + content[512:]
    return fixed, re.sub(r"(?i)utf-16\S*", "utf-8", content_type)


def tame_encoding(content: bytes, content_type: str) -> tuple[bytes, str, list[str]]:
    """Keep the fallback's time bounded on large documents whose bytes do not decode."""
    if len(content) <= CHARDET_LIMIT:
        return content, content_type, []
    try:
        content.decode("utf-8")
        return content, content_type, []
    except UnicodeDecodeError:
        text = content.decode("windows-1252", errors="replace")
    note = ["large document not valid UTF-8: read as windows-1252 without detection"]
    return text.encode("utf-8"), "application/xml; charset=utf-8", note
