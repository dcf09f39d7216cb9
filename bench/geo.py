"""Benchmark the geotagger (`wiredesk.geo.tag`) against a baseline (geotext 0.4.0).

Run: .venv/bin/python bench/geo.py [--shared PATH]

Data (never copied into the repo): ../shared/data/geo/geowebnews.dev.jsonl (GeoWebNews DEV,
131 articles with people-annotated toponyms and derived `gold_countries`) and
../shared/data/opennews/articles.jsonl (Global Voices, 390 stories whose editors' country
categories say what each story is about).

Figures, for both systems on the same input (headline + body):
- GWN countries: micro precision / recall / F1 of each article's country set against
  `gold_countries`; main precision: share of predicted main countries that are gold ones.
- GWN places: exact span match of place mentions against every annotated toponym (all GWN
  types, metonyms and adjectival modifiers included, as they carry coordinates); resolution
  accuracy on the matched spans: same GeoNames id, or within 161 km of the gold point.
- OpenNews main precision, after stripping the "Country: " headline prefix.
- Speed: articles per second, one process, after the gazetteer is loaded; best of five
  passes over the GWN set, in CPU time (one core) and in wall-clock time.
The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wiredesk.geo import tag
from wiredesk.geo.gazetteer import gazetteer, name_key

Span = tuple[int, int]
KM_THRESHOLD = 161.0
# GV category spellings that are not country names as such.
GV_CATEGORY_CODES = {
    "D.R. of Congo": "CD",
    "Republic of Congo": "CG",
    "St. Vincent & the Grenadines": "VC",
    "Bonaire": "BQ",
    "Swaziland": "SZ",
    "Macedonia": "MK",
    "East Timor": "TL",
}


@dataclass
class Output:
    countries: list[str]
    main: str | None
    spans: list[tuple[int, int, int | None, float | None, float | None]]


def ours(text: str, title: str) -> Output:
    r = tag(text, title=title)
    spans = [(p.start, p.end, p.geonameid, p.lat, p.lon) for p in r.places if p.source == "text"]
    return Output(r.countries, r.main, spans)


def baseline_factory() -> Callable[[str, str], Output]:
    from geotext import GeoText

    def baseline(text: str, title: str) -> Output:
        found = GeoText(f"{title}\n{text}")
        mentions = list(found.country_mentions)
        spans: list[tuple[int, int, int | None, float | None, float | None]] = []
        for name in {*found.cities, *found.countries}:
            for m in re.finditer(rf"\b{re.escape(name)}\b", text):
                spans.append((m.start(), m.end(), None, None, None))
        return Output(mentions, mentions[0] if mentions else None, spans)

    return baseline


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def score_gwn(articles: list[dict[str, Any]], outputs: list[Output]) -> dict[str, float]:
    tp = n_pred = n_gold = main_ok = main_n = 0
    s_tp = s_pred = s_gold = resolved_ok = 0
    for art, out in zip(articles, outputs, strict=True):
        gold, pred = set(art["gold_countries"]), set(out.countries)
        tp, n_pred, n_gold = tp + len(gold & pred), n_pred + len(pred), n_gold + len(gold)
        if out.main is not None:
            main_n += 1
            main_ok += out.main in gold
        gold_spans = {(p["start"], p["end"]): p for p in art["places"]}
        pred_spans = {(s[0], s[1]): s for s in out.spans}
        s_pred, s_gold = s_pred + len(pred_spans), s_gold + len(gold_spans)
        for span, pred_place in pred_spans.items():
            if span in gold_spans:
                s_tp += 1
                resolved_ok += _resolved(pred_place, gold_spans[span])
    p, r, f = prf(tp, n_pred, n_gold)
    sp, sr, sf = prf(s_tp, s_pred, s_gold)
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "main_precision": main_ok / main_n if main_n else 0.0,
        "main_coverage": main_n / len(articles),
        "span_precision": sp,
        "span_recall": sr,
        "span_f1": sf,
        "resolution_acc_161km": resolved_ok / s_tp if s_tp else 0.0,
    }


def _resolved(
    pred: tuple[int, int, int | None, float | None, float | None], gold: dict[str, Any]
) -> bool:
    if pred[2] is not None and pred[2] == gold.get("geonameid"):
        return True
    if pred[3] is None or pred[4] is None:
        return False
    return km(pred[3], pred[4], gold["lat"], gold["lon"]) <= KM_THRESHOLD


def gv_gold(categories: Iterable[str]) -> set[str]:
    names = gazetteer().names
    codes = set()
    for cat in categories:
        if cat in GV_CATEGORY_CODES:
            codes.add(GV_CATEGORY_CODES[cat])
            continue
        entries = names.get(name_key(re.sub(r"\s*\(.*?\)", "", cat)), ())
        if entries and entries[0].kind == "country" and entries[0].country:
            codes.add(entries[0].country)
    return codes


def strip_prefix(title: str) -> str:
    return re.sub(r"^[^:]{1,60}:\s+", "", title, count=1)


def score_opennews(
    stories: list[dict[str, Any]], system: Callable[[str, str], Output]
) -> dict[str, float]:
    ok = n = total = 0
    for story in stories:
        gold = gv_gold(story["categories"])
        if not gold:
            continue
        total += 1
        main = system(story["text"], strip_prefix(story["title"])).main
        if main is not None:
            n += 1
            ok += main in gold
    return {
        "main_precision": ok / n if n else 0.0,
        "main_coverage": n / total if total else 0,
        "stories": total,
    }


def speed(
    articles: list[dict[str, Any]], system: Callable[[str, str], Output], rounds: int = 5
) -> tuple[float, float]:
    """Articles per second of this process's CPU time (one core: the figure the target is
    about, and what a loaded, shared machine disturbs least) and of wall-clock time, each the
    best of `rounds` passes over the whole set, as timeit does."""
    best_cpu = best_wall = float("inf")
    for _ in range(rounds):
        cpu, wall = time.process_time(), time.perf_counter()
        for art in articles:
            system(art["text"], art["title"])
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return len(articles) / best_cpu, len(articles) / best_wall


def evaluate(
    system: Callable[[str, str], Output],
    gwn: list[dict[str, Any]],
    opennews: list[dict[str, Any]],
    resolves: bool = True,
) -> dict[str, float | None]:
    system("warm up", "")
    outputs = [system(a["text"], a["title"]) for a in gwn]
    figures: dict[str, float | None] = {**score_gwn(gwn, outputs)}
    if not resolves:  # geotext gives names only: no GeoNames id, no coordinates
        figures["resolution_acc_161km"] = None
    on = score_opennews(opennews, system)
    figures["opennews_main_precision"] = on["main_precision"]
    figures["opennews_main_coverage"] = on["main_coverage"]
    figures["articles_per_s"], figures["articles_per_s_wall"] = speed(gwn, system)
    return figures


ROWS = [
    ("precision", "GWN country precision"),
    ("recall", "GWN country recall"),
    ("f1", "GWN country F1"),
    ("main_precision", "GWN main precision"),
    ("main_coverage", "GWN main coverage"),
    ("span_precision", "GWN place span precision"),
    ("span_recall", "GWN place span recall"),
    ("span_f1", "GWN place span F1"),
    ("resolution_acc_161km", "GWN resolution acc@161km"),
    ("opennews_main_precision", "OpenNews main precision"),
    ("opennews_main_coverage", "OpenNews main coverage"),
    ("articles_per_s", "articles/s (CPU time, one core)"),
    ("articles_per_s_wall", "articles/s (wall clock)"),
]


def _cell(key: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0f}" if key.startswith("articles_per_s") else f"{value:.3f}"


def table(results: dict[str, dict[str, float | None]]) -> str:
    lines = ["| figure | wiredesk | geotext 0.4.0 (baseline) | ratio |", "|---|---|---|---|"]
    for key, label in ROWS:
        ours_v, base_v = results["wiredesk"][key], results["geotext"][key]
        ratio = f"{ours_v / base_v:.2f}x" if ours_v is not None and base_v else "n/a"
        lines.append(f"| {label} | {_cell(key, ours_v)} | {_cell(key, base_v)} | {ratio} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared"
    )
    args = parser.parse_args(argv)
    gwn_path = args.shared / "data/geo/geowebnews.dev.jsonl"
    on_path = args.shared / "data/opennews/articles.jsonl"
    if not gwn_path.exists() or not on_path.exists():
        print(f"data not found under {args.shared}", file=sys.stderr)
        return 2
    gwn, opennews = read_jsonl(gwn_path), read_jsonl(on_path)
    results = {
        "wiredesk": evaluate(ours, gwn, opennews),
        "geotext": evaluate(baseline_factory(), gwn, opennews, resolves=False),
    }
    print(f"GeoWebNews DEV: {len(gwn)} articles; OpenNews: {len(opennews)} stories\n")
    print(table(results))
    rounded = {
        system: {k: None if v is None else round(v, 4) for k, v in figures.items()}
        for system, figures in results.items()
    }
    print(json.dumps({"benchmark": "geo", "gwn_articles": len(gwn), **rounded}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
