"""Headlines on the WCXB tuning folds: why they are missed.

Run: ``nice .venv/bin/python bench/headlines.py [--shared ../shared] [--pages] [--metadata]``
(about half a minute)

Reads only the tuning folds of ../shared/data/wcxb (`wcxb.TUNING_FOLDS`: pages of the
held-out folds are never opened here) and, with ``--metadata``, ../shared/data/metadata.
For each page `read_title` (what `extract_page` stores) is compared with the gold under
WCXB's rule (`metadata.norm`: NFKC, case-fold, whitespace collapse). Prints headline exact,
the oracle over the candidates (og:title, JSON-LD headline, twitter:title, `<title>`, each
raw and without the site's name, every distinct `<h1>`), and the misses by cause:

- ``quotes``: equal once typographic quotes and dashes are made straight;
- ``normalised``: equal once punctuation is ignored (`blocks.fold`: a trailing full stop,
  "...", a colon);
- ``site``: a candidate equals the gold only with or without a site part ("Headline | Site");
- ``choice``: a candidate equals the gold, the rules chose another;
- ``absent``: no candidate equals the gold.

``--pages`` lists each miss: gold, ours and the candidates.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "src"))
import metadata as bench_meta  # noqa: E402  (beside this script)
import wcxb  # noqa: E402
from wiredesk.errors import ExtractError  # noqa: E402
from wiredesk.extract import headline as rules  # noqa: E402
from wiredesk.extract.blocks import clean_space, fold  # noqa: E402
from wiredesk.extract.parse import parse_page  # noqa: E402
from wiredesk.extract.structured import as_text, read_structured  # noqa: E402

_STRAIGHT = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def rows(shared: Path, with_metadata: bool) -> list[tuple[str, str, str | bytes, str]]:
    """(kind, url, html, gold title) of the tuning pages (and the metadata set's)."""
    out = [
        ("wcxb", p.url, p.html, p.gold["title"])
        for p in wcxb.load(shared / "data" / "wcxb")
        if not p.held_out and p.gold.get("title")
    ]
    if with_metadata:
        for page in bench_meta.load(shared / "data" / "metadata"):
            if page.gold.get("title"):
                out.append(("metadata", page.url, page.html, page.gold["title"]))
    return out


def candidates(html: str | bytes, url: str) -> tuple[str, dict[str, str], float]:
    """Our headline, the candidates by source, and the seconds `read_title` took."""
    tree = parse_page(html, url)
    data = read_structured(tree)
    article = data.article()
    start = time.perf_counter()
    ours = rules.read_title(tree, data, article, url)
    spent = time.perf_counter() - start
    sites = rules.site_names(data, url)
    declared = {
        "og": data.first_meta("og:title"),
        "ld": as_text(article.get("headline")),
        "tw": data.first_meta("twitter:title"),
        "title": rules._html_title(tree),
    }
    cands = {k: v for k, v in declared.items() if v}
    for k, v in declared.items():
        if v:
            cands[k + "-stripped"] = rules.strip_site_suffix(v, sites)
    seen: list[str] = []
    for h in tree.iter("h1"):
        text = clean_space(h.text_content())
        if text and text not in seen:
            seen.append(text)
    for i, text in enumerate(seen[:6]):
        cands[f"h1.{i}"] = text
    return ours, cands, spent


def cause(gold: str, ours: str, cands: dict[str, str]) -> str:
    n = bench_meta.norm
    if n(ours.translate(_STRAIGHT)) == n(gold.translate(_STRAIGHT)):
        return "quotes"
    if fold(ours) == fold(gold):
        return "normalised"
    if any(n(c) == n(gold) for c in cands.values()):
        return "choice"
    if any(fold(gold) in fold(c) or fold(c) in fold(gold) for c in cands.values() if fold(c)):
        return "site" if any(rules._TITLE_SPLIT.search(c) for c in cands.values()) else "part"
    return "absent"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=bench_meta.DEFAULT_SHARED)
    parser.add_argument("--pages", action="store_true", help="list each miss")
    parser.add_argument("--metadata", action="store_true", help="also ../shared/data/metadata")
    args = parser.parse_args(argv)
    by_kind: dict[str, list[bool]] = {}
    oracle: dict[str, list[bool]] = {}
    causes: Counter[tuple[str, str]] = Counter()
    spent = 0.0
    for kind, url, html, gold in rows(args.shared, args.metadata):
        try:
            ours, cands, took = candidates(html, url)
        except ExtractError:
            ours, cands, took = "", {}, 0.0
        spent += took
        n = bench_meta.norm
        hit = n(ours) == n(gold)
        by_kind.setdefault(kind, []).append(hit)
        oracle.setdefault(kind, []).append(hit or any(n(c) == n(gold) for c in cands.values()))
        if hit:
            continue
        why = cause(gold, ours, cands)
        causes[kind, why] += 1
        if args.pages:
            print(f"\n[{kind} {why}] {url}\n  gold: {gold!r}\n  ours: {ours!r}")
            for k, v in cands.items():
                mark = "=" if n(v) == n(gold) else " "
                print(f"  {mark} {k:<16} {v[:150]!r}")
    for kind, hits in by_kind.items():
        print(
            f"{kind}: headline exact {sum(hits) / len(hits):.3f} ({sum(hits)} of {len(hits)}), "
            f"oracle {sum(oracle[kind]) / len(hits):.3f}"
        )
    for (kind, why), count in sorted(causes.items()):
        print(f"  {kind} {why}: {count}")
    print(f"read_title: {spent:.3f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
