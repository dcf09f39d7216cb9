"""A document's bytes -> bytes lxml can read and the encoding feedparser would report.

feedparser's RFC 3023 rules for the plain cases; anything it would flag (text/* without
charset and non-ASCII bytes, undecodable bytes, UTF-16/32, non-XML media types) goes to the
fallback. chardet is never run here: it costs seconds on large undecodable input.
"""

import re

from wiredesk.ingest.feeds import upstream

_XML_DECL_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding=['\"]([^'\"]*)['\"]")


def decode(content: bytes, content_type: str) -> tuple[bytes | None, str]:
    """(bytes lxml can read, the encoding feedparser would report), or (None, why not)."""
    if content[:3] == b"\xef\xbb\xbf":
        content = content[3:]
    elif content[:2] in (b"\xff\xfe", b"\xfe\xff") or content[:1] == b"\x00":
        return None, "UTF-16/32"
    mime, charset = upstream.parse_content_type(content_type)
    match = _XML_DECL_ENCODING.match(content)
    declared = match.group(1).decode("ascii", "replace").lower() if match else ""
    if mime in ("application/xml",) or (mime.startswith("application/") and mime.endswith("+xml")):
        encoding = (charset or declared or "utf-8").lower()
    elif mime == "text/xml" or (mime.startswith("text/") and mime.endswith("+xml")):
        encoding = (charset or "us-ascii").lower()
    else:
        return None, f"not an XML media type: {mime}"
    return _transcode(content, encoding, declared)


def _transcode(content: bytes, encoding: str, declared: str) -> tuple[bytes | None, str]:
    if encoding == "us-ascii":
        return (content, encoding) if content.isascii() else (None, "non-ASCII in us-ascii")
    encoding = "gb18030" if encoding == "gb2312" else encoding  # as feedparser does
    try:
        content.decode(encoding)
    except (UnicodeDecodeError, LookupError, ValueError):  # ValueError: NUL in the name
        return None, f"not decodable as {encoding}"
    if encoding in ("utf-8", "utf8") and declared in ("", "utf-8", "utf8"):
        return content, "utf-8"
    probe: dict[str, object] = {}  # decodable: feedparser's converter will not reach chardet
    headers = {"content-type": f"application/xml; charset={encoding}"}
    data = upstream.convert_to_utf8(headers, content, probe)
    return (None, "encoding override") if probe.get("bozo") else (data, encoding)
