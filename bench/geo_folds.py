"""How far the mention rules lean on particular GeoWebNews DEV articles (issue 17).

Run: .venv/bin/python bench/geo_folds.py [--shared PATH]

GeoWebNews DEV (../shared/data/geo/geowebnews.dev.jsonl) is split into five folds by article
(sha256 of the id, mod 5). Printed:
- country F1 per fold: how much the figure moves from one set of 26 articles to another;
- each rule of noise.py, resolve.py and matcher.py switched off in turn: the change in F1 per fold
  and the articles it touches. A rule that helps in every fold is general; one whose whole
  gain is one article was likely written for it;
- each entry of the hand-written lists (data/nonplaces.txt, orgwords.txt, stopwords.txt,
  languages.txt, titles.txt) removed in turn: only entries that change any article are
  printed, with the articles. An entry that helps exactly one article and nothing else is
  the sign of a list fitted to DEV.
The last line is one JSON object with the per-fold figures and the article-specific entries.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import wiredesk.geo.matcher as matcher
import wiredesk.geo.noise as noise
import wiredesk.geo.resolve as resolve
from wiredesk.geo import tag
from wiredesk.geo.gazetteer import name_key

FOLDS = 5
Counts = tuple[int, int, int]  # true positives, false positives, false negatives
LISTS = {
    "nonplaces.txt": "nonplaces",
    "orgwords.txt": "orgwords",
    "stopwords.txt": "stopwords",
    "languages.txt": "languages",
    "titles.txt": "titles",
}
RULES: dict[str, tuple[Any, str, Callable[..., Any]]] = {
    "language names": (noise, "_is_language_use", lambda *a: False),
    "water bodies": (noise, "_in_water_name", lambda *a: False),
    "common words": (noise, "_is_common_word", lambda *a: False),
    "person names": (noise, "_drop_people", lambda text, tokens, mentions: mentions),
    "company names": (resolve, "_company_name", lambda *a: False),
    "small towns": (resolve, "_unsupported_town", lambda *a: False),
    "capitals case": (matcher, "_case_ok", lambda *a: True),
}


def fold_of(article_id: str) -> int:
    return int(hashlib.sha256(article_id.encode()).hexdigest(), 16) % FOLDS


def counts(article: dict[str, Any]) -> Counts:
    gold = set(article["gold_countries"])
    pred = set(tag(article["text"], title=article["title"]).countries)
    return len(gold & pred), len(pred - gold), len(gold - pred)


def f1(c: Counts) -> float:
    return 2 * c[0] / (2 * c[0] + c[1] + c[2]) if c[0] else 0.0


def per_fold(articles: list[dict[str, Any]], by_id: dict[str, Counts]) -> list[float]:
    sums = [[0, 0, 0] for _ in range(FOLDS)]
    for a in articles:
        for i, n in enumerate(by_id[a["id"]]):
            sums[fold_of(a["id"])][i] += n
    return [round(f1((s[0], s[1], s[2])), 4) for s in sums]


@contextmanager
def patched(module: Any, name: str, value: Any) -> Iterator[None]:
    old = getattr(module, name)
    setattr(module, name, value)
    noise.cached_headline_spans.cache_clear()
    try:
        yield
    finally:
        setattr(module, name, old)
        noise.cached_headline_spans.cache_clear()


def list_entries(filename: str) -> list[str]:
    path = Path(noise.__file__).parent / "data" / filename
    lines = path.read_text("utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def changed(articles: list[dict[str, Any]], base: dict[str, Counts]) -> dict[str, Counts]:
    return {a["id"]: c for a in articles if (c := counts(a)) != base[a["id"]]}


def rule_table(articles: list[dict[str, Any]], base: dict[str, Counts]) -> None:
    base_folds = per_fold(articles, base)
    for label, (module, name, value) in RULES.items():
        with patched(module, name, value):
            moved = changed(articles, base)
        folds = per_fold(articles, {**base, **moved})
        gain = [round(b - f, 3) for b, f in zip(base_folds, folds, strict=True)]
        print(f"without {label:16s} F1 gain per fold {gain}  articles touched {len(moved)}")


def list_table(articles: list[dict[str, Any]], base: dict[str, Counts]) -> list[str]:
    """Entries whose removal changes some article; returns those that help only one."""
    single = []
    for filename, func in LISTS.items():
        full = getattr(noise, func)()
        for entry in list_entries(filename):
            key = name_key(entry)
            word = re.compile(rf"\b{re.escape(entry)}\b", re.IGNORECASE)
            hit = [a for a in articles if word.search(f"{a['title']}\n{a['text']}")]
            with patched(noise, func, lambda full=full, key=key: full - {key}):
                moved = changed(hit, base)
            if moved:
                helped = [i for i, c in moved.items() if f1(c) < f1(base[i])]
                print(f"{filename}: {entry!r} changes {sorted(moved)}, helps {sorted(helped)}")
                if len(helped) == 1 and len(moved) == 1:
                    single.append(f"{filename}:{entry}")
    return single


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    args = parser.parse_args(argv)
    path = args.shared / "data/geo/geowebnews.dev.jsonl"
    if not path.exists():
        print(f"data not found under {args.shared}", file=sys.stderr)
        return 2
    with path.open(encoding="utf-8") as fh:
        articles = [json.loads(line) for line in fh if line.strip()]
    base = {a["id"]: counts(a) for a in articles}
    folds = per_fold(articles, base)
    print(f"country F1 per fold {folds}\n")
    rule_table(articles, base)
    print()
    single = list_table(articles, base)
    print(json.dumps({"benchmark": "geo_folds", "f1_per_fold": folds, "single_article": single}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
