"""Bytes -> text for pages of any declared or undeclared encoding.

Order: byte-order mark, the charset the page declares in its first 4 KiB (meta charset or
http-equiv), UTF-8, then cp1252 (which decodes any byte). An unknown declared charset is
ignored rather than trusted. Pages over `MAX_PAGE_BYTES` (8 MiB) are refused by the caller.
"""

import codecs
import re

MAX_PAGE_BYTES = 8 * 1024 * 1024
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_page(raw: bytes) -> str:
    """Decode page bytes; never raises."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    declared = _declared_encoding(raw[:4096])
    for encoding in (declared, "utf-8", "cp1252"):
        if not encoding:
            continue
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("utf-8", errors="replace")


def _declared_encoding(head: bytes) -> str | None:
    match = _DECLARED.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # The WHATWG rules: a page that declares latin-1 is cp1252; one that declares UTF-16 in
    # its markup cannot be UTF-16 (the declaration would not be readable) and is UTF-8.
    if codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return "cp1252" if codec in {"latin-1", "iso8859-1", "ascii"} else codec
