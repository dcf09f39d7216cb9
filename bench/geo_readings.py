"""Place readings on Reuters wire stories that their editors did not file under that country.

Run: .venv/bin/python bench/geo_readings.py [--shared PATH] [--top 40]

Data: ../shared/data/aboutness/reuters21578.dev.jsonl.gz (the development stories, with the
countries Reuters' editors filed each under; used in place, never copied).

Reuters files by what a story is about, not by every place it names, so a place read in a
country the story is not filed under is not always wrong ("talks in Geneva"). But the
misreadings gather there: surnames read as towns, company names, tickers, a region's
abbreviation that is a company's legal form. Printed: how many distinct readings (story,
name as written, kind, country) fall inside and outside the filed countries, and the
readings most often outside, with one example each, to read for faults. The last line is
one JSON object with the two counts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

from wiredesk.geo.tagger import read_story

Reading = tuple[str, str, str]  # name as written, kind, country


def readings(path: Path) -> tuple[Counter[Reading], Counter[Reading], dict[Reading, str]]:
    inside: Counter[Reading] = Counter()
    outside: Counter[Reading] = Counter()
    example: dict[Reading, str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            story = json.loads(line)
            filed = set(story["countries"])
            _, places = read_story(story["text"], story["title"], story["dateline"])
            fields = {k: story[k] for k in ("text", "title", "dateline")}
            for p in {(p.name, p.kind, p.country): p for p in places}.values():
                key = (p.name, p.kind, p.country)
                (inside if p.country in filed else outside)[key] += 1
                text = fields[p.source]
                example.setdefault(key, text[max(0, p.start - 50) : p.end + 30])
    return inside, outside, example


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    path = args.shared / "data/aboutness/reuters21578.dev.jsonl.gz"
    if not path.exists():
        print(f"data not found under {args.shared}", file=sys.stderr)
        return 2
    inside, outside, example = readings(path)
    for key, n in outside.most_common(args.top):
        context = " ".join(example[key].split())
        print(f"{n:4d} outside, {inside[key]:4d} inside  {key}  ...{context}...")
    totals = {"inside": sum(inside.values()), "outside": sum(outside.values())}
    print(json.dumps({"benchmark": "geo_readings", **totals}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
