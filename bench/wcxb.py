"""WCXB development pages (../shared/data/wcxb): loading, folds of sites, WCXB's scorer.

Used by `extraction.py` (body) and `metadata.py` (headline, author, day). Credit: "WCXB,
Murrough Foley, CC BY 4.0" (the data's README); nothing of it is copied into the repository.

Folds: each page's site (its `domain`, "www." dropped) goes to fold `crc32(site) % FOLDS`, so
all pages of a site sit in one fold. Rules and models may be tuned while reading pages of the
`TUNING_FOLDS` only; the figures that count are those on the other folds (`held_out`), sites
never looked at. A fitted model is cross-validated: fitted on the other folds, scored on each.

Scorer (WCXB's, from its README): word-level F1 between the extracted text and
`main_content`, tokens = lower-cased `\\w+` runs counted as multisets, averaged over pages (a
page with an empty extraction scores 0); `with` = share of the page's must-have snippets found
in the extraction, `without` = share of its boilerplate snippets kept (lower is better), both
compared after lower-casing and collapsing whitespace, averaged over pages that have any.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

FOLDS = 5
TUNING_FOLDS = frozenset({0, 1})
_TOKEN = re.compile(r"\w+")


@dataclass
class WcxbPage:
    id: str
    url: str
    site: str
    html: str
    gold: dict

    @property
    def fold(self) -> int:
        return fold_of(self.site)

    @property
    def held_out(self) -> bool:
        return self.fold not in TUNING_FOLDS


def fold_of(site: str) -> int:
    return zlib.crc32(site.encode("utf-8")) % FOLDS


def load(data: Path, limit: int = 0) -> list[WcxbPage]:
    """Every page of the ground truth in file order (the first `limit` when given)."""
    pages = []
    with gzip.open(data / "articles.dev.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            gold = json.loads(line)
            raw = gzip.decompress((data / "html" / f"{gold['id']}.html.gz").read_bytes())
            site = re.sub(r"^www\d?\.", "", gold.get("domain") or "")
            pages.append(
                WcxbPage(gold["id"], gold["url"], site, raw.decode("utf-8", "replace"), gold)
            )
            if limit and len(pages) >= limit:
                break
    return pages


def word_f1(truth: str, pred: str) -> float:
    """F1 of the lower-cased `\\w+` token multisets of two texts."""
    return word_scores(truth, pred)[0]


def word_scores(truth: str, pred: str) -> tuple[float, float, float]:
    """(F1, precision, recall) of the lower-cased `\\w+` token multisets of two texts."""
    t, p = Counter(_TOKEN.findall(truth.lower())), Counter(_TOKEN.findall(pred.lower()))
    if not t and not p:
        return 1.0, 1.0, 1.0
    common = sum((t & p).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(p.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall), precision, recall


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


def snippet_share(pred: str, snippets: list[str]) -> float | None:
    """Share of the snippets found in the text; None when there are none."""
    if not snippets:
        return None
    text = _squash(pred)
    return sum(_squash(s) in text for s in snippets) / len(snippets)


def body_figures(pages: list[WcxbPage], preds: list[str]) -> dict[str, float]:
    """Word F1, with-snippets found and without-snippets kept, averaged over the pages."""
    f1s = [word_f1(p.gold["main_content"], pred) for p, pred in zip(pages, preds, strict=True)]
    pairs = list(zip(pages, preds, strict=True))
    found = [snippet_share(pred, p.gold.get("with") or []) for p, pred in pairs]
    kept = [snippet_share(pred, p.gold.get("without") or []) for p, pred in pairs]
    return {
        "word_f1": statistics.mean(f1s) if f1s else 0.0,
        "with_found": _mean(found),
        "without_kept": _mean(kept),
        "empty": sum(not pred.strip() for pred in preds),
        "pages": len(pages),
    }


def _mean(values: list[float | None]) -> float:
    present = [v for v in values if v is not None]
    return statistics.mean(present) if present else 0.0


def split(pages: list[WcxbPage], items: list) -> dict[str, tuple[list[WcxbPage], list]]:
    """The pages (and their parallel items) of the held-out folds, the tuning folds and all."""
    held = [(p, x) for p, x in zip(pages, items, strict=True) if p.held_out]
    tuned = [(p, x) for p, x in zip(pages, items, strict=True) if not p.held_out]
    return {
        "held_out": ([p for p, _ in held], [x for _, x in held]),
        "tuning": ([p for p, _ in tuned], [x for _, x in tuned]),
        "all": (pages, items),
    }
