"""An article page's headline, and the names of its site (`site_names`).

The headline is the first that applies: (1) an <h1> that agrees with what the page declares
(og:title, JSON-LD headline, <title>), since declared titles carry site suffixes and search
variants (agreement: one folded text contains the other and is at least 60 % of its length);
(2) the page's only <h1> (a text repeated for small screens counts once; when there are
several, the only one inside <article> or <main>) when it has at least `MIN_LONE_H1_WORDS`
(4) words: the headline readers see, unless a declared title spells the address's slug
(`SLUG_MARGIN` more of its words: the <h1> is a call to action or a pull quote) or the <h1>
is a declared title with characters lost to a wrong encoding ("?"); (3) the first declared
title with the parts naming the site (og:site_name, the host name, an address run into it)
removed, and of "Section | Headline" the part `DOMINANT_PART` (2) times longer than the
rest; (4) the first <h1> that is not the site's name.
"""

import re
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

from wiredesk.extract.blocks import clean_space, fold
from wiredesk.extract.dates import read_date_line
from wiredesk.extract.structured import Structured, as_text

MAX_TITLE_CHARS = 400
MIN_LONE_H1_WORDS = 4
MIN_SLUG_WORDS = 3  # "/about-us", "/webcams": too short to tell a headline's wording
SLUG_MARGIN = 0.5  # a declared title that spells this much more of the slug beats a lone <h1>
MIN_SITE_PREFIX = 6  # "gregoryszorc" names the site in "Gregory Szorc's Digital Home"
DOMINANT_PART = 2.0  # a title part this many times longer than the others is the headline
_TITLE_SPLIT = re.compile(r"(\s+(?:\||\u2013|\u2014|-|::|·|•|»)\s+)")


def read_title(
    tree: lxml_html.HtmlElement, data: Structured, article: dict[str, Any], url: str = ""
) -> str:
    """The headline (see the module docstring)."""
    sites = site_names(data, url)
    declared = [
        t
        for t in (
            data.first_meta("og:title"),
            as_text(article.get("headline")),
            data.first_meta("twitter:title"),
            _html_title(tree),
        )
        if t and len(t) <= MAX_TITLE_CHARS
    ]
    cleaned = [c for c in (strip_site_suffix(t, sites) for t in declared) if c]
    found: dict[str, lxml_html.HtmlElement] = {}  # each text once: a responsive page
    for h in tree.iter("h1"):  # repeats its <h1> for small screens
        text = clean_space(h.text_content())
        if (
            text
            and text not in found
            and len(text) <= MAX_TITLE_CHARS
            and not _is_site(text, sites)
        ):
            found[text] = h
    h1s = list(found)
    for h1 in h1s:
        for title in cleaned:
            if _agrees(h1, title):
                # an h1 made of parts ("Local News | Headline") gives way to the title part
                parts = [fold(p) for p in _TITLE_SPLIT.split(h1)[0::2]]
                if (len(parts) > 1 and fold(title) in parts) or _dated(h1, title):
                    return title
                return h1
    # "Headline | Site Name" where the site name is not known as such; only when no <h1>
    # agrees with a declared title (a masthead's <h1> is the title's other part)
    for h1 in h1s:
        if any(fold(h1) in [fold(p) for p in _TITLE_SPLIT.split(d)[0::2]] for d in declared):
            return h1
    # the one headline the page (or its article, beside a newsletter box's) shows beats a
    # search-engine variant
    lone = h1s if len(h1s) == 1 else [t for t in h1s if _in_article(found[t])]
    if len(lone) == 1 and len(lone[0].split()) >= MIN_LONE_H1_WORDS:
        for title in cleaned:
            if _garbled(lone[0], title):
                return title
        slug = _slug_words(url)
        spelled = [t for t in cleaned if _spells(t, slug) - _spells(lone[0], slug) >= SLUG_MARGIN]
        return spelled[0] if spelled else lone[0]
    if cleaned:
        return cleaned[0]
    return h1s[0] if h1s else (declared[0] if declared else "")


def _garbled(h1: str, title: str) -> bool:
    """The <h1> is the declared title with characters lost to a wrong encoding, each run
    written as "?" ("Event Planning? Beginner? Guide" for "Event Planning: Beginner's
    Guide"); a question mark at the end is a question."""
    if "?" not in h1.rstrip("?") or h1 == title:
        return False
    pattern = ".{1,3}".join(re.escape(part) for part in h1.split("?"))
    return re.fullmatch(pattern, title, re.I) is not None


def _slug_words(url: str) -> list[str]:
    """The words of the address's last path segment ("/how-to-start-an-llc.html"): content
    systems make it from the headline as written, before an editor rewords the <h1>."""
    segment = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] if url else ""
    words = re.findall(r"[^\W_]+", re.sub(r"\.[a-z]{2,5}$", "", segment.casefold()))
    return words if len(words) >= MIN_SLUG_WORDS else []


def _spells(text: str, slug: list[str]) -> float:
    """Share of the slug's words the text has."""
    if not slug:
        return 0.0
    words = set(fold(text).split())
    return sum(w in words for w in slug) / len(slug)


def site_names(data: Structured, url: str) -> set[str]:
    names = {
        fold(data.first_meta("og:site_name")),
        fold(data.first_meta("application-name")),
        fold(data.first_meta("twitter:site").lstrip("@")),
    }
    host = re.sub(r"^www\d?\.", "", urlsplit(url).hostname or "") if url else ""
    if host:
        names.add(fold(host))
        names.add(host.rsplit(".", 1)[0].replace(".", "").replace("-", ""))
        names.update(label.replace("-", "") for label in host.split(".")[:-1] if len(label) > 2)
    return {n for n in names if n}


def _is_site(text: str, sites: set[str], *, prefix: bool = True) -> bool:
    """The text names the site: it is a site name, or (`prefix`) starts with one of at least
    `MIN_SITE_PREFIX` letters ("Gregory Szorc's Digital Home" on gregoryszorc.com)."""
    norm = fold(text)
    if not norm:
        return False
    joined = norm.replace(" ", "")
    return (
        norm in sites
        or joined in sites
        or (
            prefix
            and any(
                len(site) >= MIN_SITE_PREFIX
                and " " not in site
                and joined.startswith(site)
                and (site != norm.split()[0] or len(norm.split()) <= 3)
                for site in sites
            )
        )
    )


def _html_title(tree: lxml_html.HtmlElement) -> str:
    title = tree.find(".//title")
    return clean_space(title.text_content()) if title is not None else ""


def _in_article(el: lxml_html.HtmlElement) -> bool:
    return any(a.tag in {"article", "main"} for a in el.iterancestors())


def _dated(h1: str, title: str) -> bool:
    """The <h1> is the declared title with the date line run into it ("Dec 18 2025
    Preparing a transition"): what is left of it without the title is a date."""
    start = h1.casefold().find(title.casefold())
    if start < 0:
        return False
    rest = clean_space(h1[:start] + " " + h1[start + len(title) :])
    return bool(rest) and read_date_line(rest) is not None


def _agrees(a: str, b: str) -> bool:
    """One normalised text contains the other, and the shorter is at least 60 % of the longer."""
    na, nb = fold(a), fold(b)
    if len(na) < 8 or len(nb) < 8:
        return False
    short, long_ = sorted((na, nb), key=len)
    return short in long_ and len(short) >= 0.6 * len(long_)


def strip_site_suffix(title: str, sites: set[str]) -> str:
    """'Headline | Site' -> 'Headline': parts naming the site are dropped, the rest kept."""
    title = _without_host(clean_space(title), sites)
    pieces = _TITLE_SPLIT.split(title)  # text, separator, text, ...
    texts = pieces[0::2]
    if len(texts) == 1:
        return "" if _is_site(title, sites) else title
    keep = [bool(t.strip()) and not _is_site(t, sites) for t in texts]
    if not any(keep):  # "Docker Hardened Images | Docker": a headline may start with the name
        keep = [bool(t.strip()) and not _is_site(t, sites, prefix=False) for t in texts]
    kept = [t for t, k in zip(texts, keep, strict=True) if k]
    longest = max(kept, key=len, default="")
    if len(kept) > 1 and len(longest) >= DOMINANT_PART * (sum(map(len, kept)) - len(longest)):
        return longest.strip()  # "Section | Headline" -> "Headline"
    out = ""
    for index, text in enumerate(texts):
        if keep[index]:
            out += (pieces[2 * index - 1] if out else "") + text
    return out.strip(" -|\u2013\u2014:")


def _without_host(title: str, sites: set[str]) -> str:
    """'example.com Headline' -> 'Headline': a site's address run into its title, no
    separator between them."""
    first, _, rest = title.partition(" ")
    if "." in first.strip(".") and rest and fold(first) in sites:
        return rest
    return title
