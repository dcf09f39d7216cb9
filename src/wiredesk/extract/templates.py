"""A partner site's page template, learned from several of its pages.

Single-page extractors must guess which blocks of a page are chrome; a site's chrome repeats
from page to page while its stories do not. `SiteTemplate.learn` takes the story-area blocks of
several pages of one site and keeps the blocks that recur, nearly word for word, on at least
`min_pages = max(MIN_PAGES, ceil(SHARE * pages))` pages (MIN_PAGES = 2, SHARE = 0.3): the
company boilerplate under each press release ("... has subsidiaries in 15 countries" and
"... in 18 countries" are the same block), the newsletter pitch, the "Originally published on"
line. Blocks under `MIN_CHARS` (25) characters are not learned: datelines and one-word
headings recur without being chrome.

"Nearly word for word": the Jaccard similarity of the two blocks' word-trigram sets (digits
folded to 0) is at least `SIMILARITY` (0.6).

False-positive risk: a paragraph that one site repeats in several real stories (a standing
background paragraph of a running story) is taken for chrome. Learn from pages of different
stories, and keep `SHARE` above the share of stories such a paragraph appears in.

Stored as JSON (`to_json` / `from_json`): the foundation stores one per source. The learned
blocks are kept as normalised text (at most `MAX_BLOCK_CHARS`, 400, characters each).
"""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

MIN_PAGES = 2
SHARE = 0.3
MIN_CHARS = 25
SIMILARITY = 0.6
MAX_BLOCK_CHARS = 400
MAX_BLOCKS = 500
FORMAT_VERSION = 2


def normalise(text: str) -> str:
    """Case-folded words, digits folded to 0, at most MAX_BLOCK_CHARS characters."""
    norm = re.sub(r"\d+", "0", text.casefold())
    return re.sub(r"[\W_]+", " ", norm).strip()[:MAX_BLOCK_CHARS]


def trigrams(norm: str) -> frozenset[str]:
    words = norm.split()
    if len(words) < 3:
        return frozenset([" ".join(words)])
    return frozenset(" ".join(words[i : i + 3]) for i in range(len(words) - 2))


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) >= SIMILARITY * len(a | b)


@dataclass(frozen=True)
class SiteTemplate:
    """Boilerplate blocks of one site."""

    site: str = ""
    pages: int = 0
    min_pages: int = MIN_PAGES
    blocks: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def learn(cls, pages: Iterable[Iterable[str]], site: str = "") -> "SiteTemplate":
        """Learn from the block texts of each page (one iterable of texts per page)."""
        per_page = [{normalise(t) for t in texts if len(t.strip()) >= MIN_CHARS} for texts in pages]
        need = max(MIN_PAGES, math.ceil(SHARE * len(per_page)))
        grams = [[(n, trigrams(n)) for n in sorted(page)] for page in per_page]
        kept: list[str] = []
        for index, page in enumerate(grams):
            for norm, shingles in page:
                if any(similar(shingles, trigrams(k)) for k in kept):
                    continue
                seen = 1 + sum(
                    any(similar(shingles, other) for _, other in grams[j])
                    for j in range(len(grams))
                    if j != index
                )
                if seen >= need:
                    kept.append(norm)
        return cls(site=site, pages=len(per_page), min_pages=need, blocks=tuple(kept[:MAX_BLOCKS]))

    @cached_property
    def _shingles(self) -> list[frozenset[str]]:
        return [trigrams(b) for b in self.blocks]

    def is_boilerplate(self, text: str) -> bool:
        """True when the block is nearly word for word one of the learned blocks."""
        if not self.blocks or len(text.strip()) < MIN_CHARS:
            return False
        shingles = trigrams(normalise(text))
        return any(similar(shingles, b) for b in self._shingles)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "site": self.site,
            "pages": self.pages,
            "min_pages": self.min_pages,
            "blocks": list(self.blocks),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "SiteTemplate":
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"unknown site template version: {data.get('version')!r}")
        return cls(
            site=str(data.get("site", "")),
            pages=int(data.get("pages", 0)),
            min_pages=int(data.get("min_pages", MIN_PAGES)),
            blocks=tuple(str(b) for b in data.get("blocks", [])),
        )
