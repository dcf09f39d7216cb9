"""Partner markup made valid HTML at render time, after the sanitizer (site.presenters).

The sanitizer keeps safe tags and attributes, not valid ones: partners' pages carry links
with typos ("http:/www.example.org/"), spaces in URLs, anchors without href (which then get
the sanitizer's rel, allowed only on links), images without alt, and table spans that are
not numbers. Browsers guess around them; the Nu HTML checker rejects them. Here:

- a link's URL: white space at its ends dropped, written or percent-encoded (a partner's
  href="http://example.org/post.html " comes out of the extractor's HTML serializer as
  ".../post.html%20", a page that does not exist; browsers drop the written space), spaces
  inside escaped; an http(s) URL with no host whose path starts with a host
  name ("http:/www.example.org/x") gets its second slash back, any other loses its href;
- an <a> without href loses its rel; an <img> without alt gets alt="" (the sanitizer
  keeps the partner's alt text where there is one);
- an <a> with nothing inside (it wrapped a photo that extraction removed) is dropped: a
  reader cannot see it, and a screen reader announces a link with no name;
- colspan, rowspan, width and height keep only digits' values, scope only its keywords.

The repairs of whole tags read the sanitizer's output, whose every attribute value is
double-quoted with its quotes escaped, so a tag ends at the first ">" outside quotes.
"""

import re
from urllib.parse import urlsplit, urlunsplit

NUMBERS = frozenset({"colspan", "rowspan", "width", "height"})
SCOPES = frozenset({"row", "col", "rowgroup", "colgroup"})
_HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?$", re.I)
_TAG = re.compile(r'<(a|img)((?:\s[a-z-]+="[^"]*")*)>')
_REL = re.compile(r'\srel="[^"]*"')
_EMPTY_LINK = re.compile(r'<a(?:\s[a-z-]+="[^"]*")*>\s*</a>')
_EDGE_SPACE = re.compile(r"^(?:%(?:20|09|0a|0c|0d))+|(?:%(?:20|09|0a|0c|0d))+$", re.I)


def attribute_value(tag: str, attribute: str, value: str) -> str | None:
    """The attribute's value as HTML allows it, or None to drop the attribute."""
    if tag == "a" and attribute == "href":
        return link_target(value)
    if attribute in NUMBERS:
        digits = value.strip()
        spans_nothing = attribute.endswith("span") and digits.strip("0") == ""
        return digits if digits.isdigit() and not spans_nothing else None
    if attribute == "scope":
        return value if value.strip().lower() in SCOPES else None
    return value


def link_target(href: str) -> str | None:
    """A link's URL as HTML allows it, or None where no guess is safe."""
    url = _EDGE_SPACE.sub("", href.strip()).strip().replace(" ", "%20")
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed IPv6 host
        return None
    if parts.scheme.lower() not in {"http", "https"} or parts.netloc:
        return url
    host, _, rest = parts.path.lstrip("/").partition("/")
    if not _HOST.match(host):
        return None
    return urlunsplit((parts.scheme, host, "/" + rest, parts.query, parts.fragment))


def repair_tags(html: str) -> str:
    """<a> without href loses its rel, an empty <a> goes; <img> without alt gets alt=""."""
    return _TAG.sub(_repair_tag, _EMPTY_LINK.sub("", html))


def _repair_tag(match: re.Match[str]) -> str:
    name, attributes = match[1], match[2]
    if name == "a" and ' href="' not in attributes:
        return f"<a{_REL.sub('', attributes)}>"
    if name == "img" and ' alt="' not in attributes:
        return f'<img alt=""{attributes}>'
    return match[0]
