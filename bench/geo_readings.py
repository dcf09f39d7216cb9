"""Place readings to read by hand for faults: Reuters wire stories, or modern web articles.

Run: .venv/bin/python bench/geo_readings.py [--shared PATH] [--top 40] [--wcxb]

Reuters (default). Data: ../shared/data/aboutness/reuters21578.dev.jsonl.gz (the development
stories, with the countries Reuters' editors filed each under; used in place, never copied).
Reuters files by what a story is about, not by every place it names, so a place read in a
country the story is not filed under is not always wrong ("talks in Geneva"). But the
misreadings gather there: surnames read as towns, company names, tickers, a region's
abbreviation that is a company's legal form. Printed: how many distinct readings (story,
name as written, kind, country) fall inside and outside the filed countries, and the
readings most often outside, with one example each, to read for faults. The last line is
one JSON object with the two counts.

--wcxb. Data: ../shared/data/wcxb/articles.dev.jsonl.gz (711 article pages of 2025-2026 from
about 700 sites; the gold main text and title of each). There is no filing to compare with,
so every distinct reading is listed by the number of articles it occurs in, with one
context, to be judged by a person; "inside" counts the articles where the tagger also
files the story under the reading's country (a score at or over geo.scoring.ABOUT: a
misreading there costs precision), "outside" those where it does not. Readings of
one-article names are many; `--top` bounds the list.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from wiredesk.geo.scoring import ABOUT
from wiredesk.geo.tagger import tag

Reading = tuple[str, str, str]  # name as written, kind, country
Tally = tuple[Counter[Reading], Counter[Reading], dict[Reading, str]]


def _stories(path: Path, wcxb: bool) -> Iterator[tuple[dict[str, str], set[str] | None]]:
    """Each story's fields (text, title, dateline) and its filed countries (None: unknown)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            story = json.loads(line)
            if wcxb:
                yield (
                    {"text": story["main_content"], "title": story["title"] or "", "dateline": ""},
                    None,
                )
            else:
                fields = {k: story[k] for k in ("text", "title", "dateline")}
                yield fields, set(story["countries"])


def readings(path: Path, wcxb: bool = False) -> Tally:
    """Distinct readings per story, split by whether their country is filed: by the editors
    (Reuters) or, where no one filed the story (WCXB), by the tagger itself."""
    inside: Counter[Reading] = Counter()
    outside: Counter[Reading] = Counter()
    example: dict[Reading, str] = {}
    for fields, filed in _stories(path, wcxb):
        result = tag(fields["text"], fields["title"], fields["dateline"])
        if filed is None:
            filed = {c for c, s in result.scores.items() if s >= ABOUT}
        for p in {(p.name, p.kind, p.country): p for p in result.places}.values():
            key = (p.name, p.kind, p.country)
            (inside if p.country in filed else outside)[key] += 1
            text = fields[p.source]
            example.setdefault(key, text[max(0, p.start - 60) : p.end + 40])
    return inside, outside, example


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--wcxb", action="store_true", help="read the WCXB web articles")
    args = parser.parse_args(argv)
    name = "wcxb/articles.dev.jsonl.gz" if args.wcxb else "aboutness/reuters21578.dev.jsonl.gz"
    path = args.shared / "data" / name
    if not path.exists():
        print(f"data not found under {args.shared}", file=sys.stderr)
        return 2
    inside, outside, example = readings(path, args.wcxb)
    ranked = (inside + outside) if args.wcxb else outside
    for key, _ in ranked.most_common(args.top):
        context = " ".join(example[key].split())
        print(f"{outside[key]:4d} outside, {inside[key]:4d} inside  {key}  ...{context}...")
    totals = {"inside": sum(inside.values()), "outside": sum(outside.values())}
    label = "geo_readings_wcxb" if args.wcxb else "geo_readings"
    print(json.dumps({"benchmark": label, **totals}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
