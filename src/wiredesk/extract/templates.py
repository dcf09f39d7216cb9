"""A partner site's page template, learned from several of its pages.

Single-page extractors must guess which blocks of a page are chrome; a site's chrome repeats
from page to page while its stories do not. `SiteTemplate.learn` takes the story-area blocks of
several pages of one site and keeps the fingerprints of blocks found on at least
`min_pages = max(MIN_PAGES, ceil(SHARE * pages))` pages (MIN_PAGES = 2, SHARE = 0.3): the
company boilerplate under each press release, the newsletter pitch, the "Follow us" line.
Blocks of fewer than `MIN_CHARS` (12) characters are not learned (too common to mean chrome).

Fingerprint: sha1 of the block text case-folded, digits replaced by 0 and punctuation and
spacing collapsed, first 16 hex digits; so "in 15 countries" and "in 18 countries" match.

False-positive risk: a paragraph that one site repeats in several real stories (a standing
background paragraph of a running story) is taken for chrome. Learn from pages of different
stories, and keep `SHARE` above the share of stories such a paragraph appears in.

Stored as JSON (`to_json` / `from_json`): the foundation stores one per source.
"""

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

MIN_PAGES = 2
SHARE = 0.3
MIN_CHARS = 12
FORMAT_VERSION = 1


def fingerprint(text: str) -> str:
    """Stable short hash of a block's normalised text."""
    norm = re.sub(r"\d+", "0", text.casefold())
    norm = re.sub(r"[\W_]+", " ", norm).strip()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class SiteTemplate:
    """Boilerplate block fingerprints of one site."""

    site: str = ""
    pages: int = 0
    min_pages: int = MIN_PAGES
    boilerplate: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def learn(cls, pages: Iterable[Iterable[str]], site: str = "") -> "SiteTemplate":
        """Learn from the block texts of each page (one iterable of texts per page)."""
        counts: Counter[str] = Counter()
        n = 0
        for texts in pages:
            n += 1
            counts.update({fingerprint(t) for t in texts if len(t.strip()) >= MIN_CHARS})
        need = max(MIN_PAGES, math.ceil(SHARE * n))
        keep = frozenset(fp for fp, c in counts.items() if c >= need)
        return cls(site=site, pages=n, min_pages=need, boilerplate=keep)

    def is_boilerplate(self, text: str) -> bool:
        return fingerprint(text) in self.boilerplate

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "site": self.site,
            "pages": self.pages,
            "min_pages": self.min_pages,
            "boilerplate": sorted(self.boilerplate),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "SiteTemplate":
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"unknown site template version: {data.get('version')!r}")
        return cls(
            site=str(data.get("site", "")),
            pages=int(data.get("pages", 0)),
            min_pages=int(data.get("min_pages", MIN_PAGES)),
            boilerplate=frozenset(str(h) for h in data.get("boilerplate", [])),
        )
