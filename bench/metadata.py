"""Headline, authors and original date: ../shared/data/dates, ../shared/data/metadata, and
the WCXB development pages (../shared/data/wcxb, by folds of sites: see `wcxb.py`).

Run: ``nice .venv/bin/python bench/metadata.py [--shared ../shared] [--sets dates,wcxb]``

WCXB figures (`wcxb_figures`): headline exact, author found, author output where the gold has
none, publication day; for wiredesk (`extract_page`), htmldate extensive and trafilatura.

Metrics (the data READMEs' proposals):
- day accuracy: correct / pages, correct when the first 10 characters of the ISO date equal
  the gold day; no output counts as wrong. Also precision (correct / pages with an output)
  and coverage;
- headline exact match after NFKC, case-folding and whitespace collapse; mean token F1
  (tokens: ``\\w+`` of the normalised strings);
- author F1: per page, the F1 of the predicted and gold name sets after normalisation
  (NFKC, case-fold, a leading "by" dropped, whitespace collapsed), averaged over pages with a
  gold author; exact-set share; and how often an author is output where the gold has none.

Systems: wiredesk (`extract_metadata` as `extract_page` runs it; `-fast`: without htmldate's
extensive search as last resort), htmldate
(`find_date(original_date=True, extensive_search=True)`) and trafilatura's
`extract_metadata`. Prints a table, the day accuracy on each part of the dates data
(``subset``: htmldate's ``eval_default`` and ``eval_mediacloud_2020``) and, as the last line,
one JSON object with all figures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata as pkg_metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import wcxb  # noqa: E402  (beside this script)

DEFAULT_SHARED = REPO.parent / "shared"
WCXB_SYSTEMS = ("wiredesk-page", "htmldate-extensive", "trafilatura-metadata")
_GOLD_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
WARM_UP = 3


@dataclass
class Meta:
    """What one system says about one page."""

    date: str = ""
    title: str | None = None
    authors: list[str] | None = None


@dataclass
class Page:
    id: str
    url: str
    html: bytes
    gold: dict = field(default_factory=dict)


System = Callable[[bytes, str], Meta]


# --- systems --------------------------------------------------------------------------------


def _wiredesk(extensive: bool) -> System:
    def run(html: bytes, url: str) -> Meta:
        from wiredesk.errors import ExtractError
        from wiredesk.extract import extract_metadata

        try:
            found = extract_metadata(html, url, extensive_dates=extensive)
        except ExtractError:
            return Meta()
        day = found.published.date().isoformat() if found.published else ""
        return Meta(day, found.title, found.authors)

    return run


def run_wiredesk_page(html: bytes, url: str) -> Meta:
    """What ingest stores: `extract_page` (the body's byline counts), else the metadata."""
    from wiredesk.errors import ExtractError
    from wiredesk.extract import extract_page

    try:
        found = extract_page(html, url)
    except ExtractError:
        return _wiredesk(extensive=True)(html, url)
    day = found.published.date().isoformat() if found.published else ""
    return Meta(day, found.title, found.authors)


def run_htmldate(html: bytes, url: str) -> Meta:
    from htmldate import find_date

    return Meta(find_date(html, url=url, original_date=True, extensive_search=True) or "")


def run_trafilatura(html: bytes, url: str) -> Meta:
    from trafilatura import extract_metadata

    doc = extract_metadata(html, default_url=url)
    if doc is None:
        return Meta("", "", [])
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return Meta(doc.date or "", doc.title or "", authors)


SYSTEMS: dict[str, tuple[System, str]] = {
    "wiredesk": (_wiredesk(extensive=True), "wiredesk"),
    "wiredesk-fast": (_wiredesk(extensive=False), "wiredesk"),
    "wiredesk-page": (run_wiredesk_page, "wiredesk"),
    "htmldate-extensive": (run_htmldate, "htmldate"),
    "trafilatura-metadata": (run_trafilatura, "trafilatura"),
}


# --- metrics --------------------------------------------------------------------------------


def norm(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def norm_author(name: str) -> str:
    return re.sub(r"^by\s+", "", norm(name))


def token_f1(pred: str, gold: str) -> float:
    p, g = re.findall(r"\w+", norm(pred)), re.findall(r"\w+", norm(gold))
    if not p or not g:
        return float(p == g)
    common = sum(min(p.count(t), g.count(t)) for t in set(p))
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def set_f1(pred: set[str], gold: set[str]) -> float:
    if not pred or not gold:
        return float(pred == gold)
    common = len(pred & gold)
    return 2 * common / (len(pred) + len(gold))


def date_figures(results: list[tuple[str, str]]) -> dict[str, float]:
    """(predicted, gold) days -> accuracy, precision, coverage."""
    correct = sum(bool(p) and p[:10] == g for p, g in results)
    output = sum(bool(p) for p in results for p in [p[0]])
    n = len(results)
    return {
        "day_accuracy": correct / n if n else 0.0,
        "day_precision": correct / output if output else 0.0,
        "day_coverage": output / n if n else 0.0,
        "date_pages": n,
    }


def title_figures(pairs: list[tuple[str, str]]) -> dict[str, float]:
    exact = [norm(p) == norm(g) for p, g in pairs]
    return {
        "headline_exact": statistics.mean(exact) if exact else 0.0,
        "headline_token_f1": statistics.mean(token_f1(p, g) for p, g in pairs) if pairs else 0.0,
        "title_pages": len(pairs),
    }


def author_figures(rows: list[tuple[list[str], list[str]]]) -> dict[str, float]:
    """(predicted, gold) author lists; pages without a gold author count only as spurious."""
    scored = [({norm_author(a) for a in p}, {norm_author(a) for a in g}) for p, g in rows if g]
    unscored = [p for p, g in rows if not g]
    f1s = [set_f1(p, g) for p, g in scored]
    return {
        "author_f1": statistics.mean(f1s) if f1s else 0.0,
        "author_exact": statistics.mean(p == g for p, g in scored) if scored else 0.0,
        "author_spurious": (sum(bool(p) for p in unscored) / len(unscored)) if unscored else 0.0,
        "author_pages": len(scored),
    }


# --- the run --------------------------------------------------------------------------------


def load(folder: Path) -> list[Page]:
    pages = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            gold = json.loads(line)
            raw = gzip.decompress((folder / "html" / f"{gold['id']}.html.gz").read_bytes())
            pages.append(Page(gold["id"], gold.get("url", ""), raw, gold))
    return pages


def run_system(system: System, pages: list[Page]) -> tuple[list[Meta], float]:
    for page in pages[:WARM_UP]:
        system(page.html, page.url)
    out, start = [], time.perf_counter()
    for page in pages:
        out.append(system(page.html, page.url))
    return out, len(pages) / (time.perf_counter() - start)


def evaluate(system: System, dates: list[Page], meta: list[Page]) -> dict[str, float]:
    figures: dict[str, float] = {}
    found, speed = run_system(system, dates)
    figures.update(
        date_figures([(m.date, p.gold["date"]) for m, p in zip(found, dates, strict=True)])
    )
    figures["dates_docs_per_s"] = speed
    for subset in sorted({p.gold.get("subset", "") for p in dates} - {""}):
        pairs = [
            (m.date, p.gold["date"])
            for m, p in zip(found, dates, strict=True)
            if p.gold.get("subset") == subset
        ]
        figures[f"day_accuracy_{subset}"] = date_figures(pairs)["day_accuracy"]
        figures[f"date_pages_{subset}"] = len(pairs)
    found, speed = run_system(system, meta)
    md = date_figures(
        [(m.date, p.gold["date"]) for m, p in zip(found, meta, strict=True) if p.gold.get("date")]
    )
    figures.update({f"metadata_{k}": v for k, v in md.items()})
    if found and found[0].title is not None:
        figures.update(
            title_figures(
                [
                    (m.title or "", p.gold["title"])
                    for m, p in zip(found, meta, strict=True)
                    if p.gold.get("title")
                ]
            )
        )
        figures.update(
            author_figures(
                [
                    (m.authors or [], p.gold.get("authors") or [])
                    for m, p in zip(found, meta, strict=True)
                ]
            )
        )
    figures["metadata_docs_per_s"] = speed
    return figures


def author_found(pred: list[str], gold: str) -> bool:
    """Some predicted name is a gold name (normalised; a name of two words or more may
    also sit inside the other: "Dr. Jane Doe" and "Jane Doe")."""
    golds = {g for g in _GOLD_SPLIT.split(norm_author(gold)) if g}
    for name in map(norm_author, pred):
        for g in golds:
            if name == g or (len(name.split()) > 1 and (name in g or g in name)):
                return True
    return False


def wcxb_figures(pages: list[wcxb.WcxbPage], found: list[Meta]) -> dict[str, float]:
    """Headline exact, author found (pages with a gold author), author output where the gold
    has none, publication day (pages with a gold day; no output is wrong)."""
    rows = list(zip(pages, found, strict=True))
    heads = [norm(m.title or "") == norm(p.gold["title"]) for p, m in rows if p.gold.get("title")]
    authors = [
        author_found(m.authors or [], p.gold["author"]) for p, m in rows if p.gold.get("author")
    ]
    spurious = [bool(m.authors) for p, m in rows if not p.gold.get("author")]
    days = [m.date[:10] == p.gold["publish_date"] for p, m in rows if p.gold.get("publish_date")]
    return {
        "headline_exact": statistics.mean(heads) if heads else 0.0,
        "author_found": statistics.mean(authors) if authors else 0.0,
        "author_spurious": statistics.mean(spurious) if spurious else 0.0,
        "publication_day": statistics.mean(days) if days else 0.0,
        "pages": len(rows),
        "author_pages": len(authors),
        "day_pages": len(days),
    }


def run_wcxb(data: Path, limit: int, only: list[str] | None) -> dict[str, dict]:
    """Each system on the WCXB pages: figures on the held-out folds, the tuning folds, all."""
    pages = wcxb.load(data, limit)
    out: dict[str, dict] = {}
    for name in [n for n in WCXB_SYSTEMS if not only or n in only]:
        system = SYSTEMS[name][0]
        found, speed = run_system(system, [Page(p.id, p.url, p.html.encode(), {}) for p in pages])
        parts = wcxb.split(pages, found)
        out[name] = {part: wcxb_figures(*sub) for part, sub in parts.items()}
        out[name]["docs_per_s"] = speed
    return out


def print_wcxb(results: dict[str, dict]) -> None:
    keys = ("headline_exact", "author_found", "author_spurious", "publication_day")
    print(f"{'WCXB system':<22}" + "".join(f"{k[:14]:>16}" for k in keys) + "   (held-out | all)")
    for name, f in results.items():
        cells = "".join(f"{f['held_out'][k]:>8.3f}|{f['all'][k]:<7.3f}" for k in keys)
        print(f"{name:<22}{cells}")


def print_subsets(results: dict[str, dict]) -> None:
    """Day accuracy on each part of ../shared/data/dates (htmldate's two evaluation sets)."""
    prefix = "day_accuracy_eval"
    parts = sorted({k for f in results.values() for k in f if k.startswith(prefix)})
    if not parts:
        return
    labels = [k.removeprefix("day_accuracy_") for k in parts]
    print(f"{'day accuracy by part':<22}" + "".join(f"{label:>24}" for label in labels))
    for name, f in results.items():
        print(f"{name:<22}" + "".join(f"{f.get(k, 0.0):>24.3f}" for k in parts))


def print_table(results: dict[str, dict]) -> None:
    cols = [
        ("day_accuracy", "day acc"),
        ("day_precision", "day P"),
        ("day_coverage", "cover"),
        ("metadata_day_accuracy", "md day"),
        ("headline_exact", "head ex"),
        ("headline_token_f1", "head F1"),
        ("author_f1", "auth F1"),
        ("author_exact", "auth ex"),
        ("author_spurious", "spur"),
        ("dates_docs_per_s", "docs/s"),
    ]
    ref = results.get("htmldate-extensive", {}).get("day_accuracy")
    print(f"{'system':<22}" + "".join(f"{label:>9}" for _, label in cols) + f"{'vs htmld':>9}")
    for name, f in results.items():
        cells = "".join(f"{f[k]:>9.3f}" if k in f else f"{'-':>9}" for k, _ in cols)
        ratio = f"{f['day_accuracy'] / ref:>9.3f}" if ref else f"{'-':>9}"
        print(f"{name:<22}{cells}{ratio}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--only", action="append", choices=sorted(SYSTEMS))
    parser.add_argument("--sets", default="dates,wcxb", help="dates (dates+metadata), wcxb")
    parser.add_argument("--wcxb-limit", type=int, default=0, help="first N WCXB pages only")
    args = parser.parse_args(argv)
    data = args.shared / "data"
    sys.path.insert(0, str(REPO / "src"))
    report: dict = {"benchmark": "metadata"}
    if "wcxb" in args.sets.split(","):
        report["wcxb"] = run_wcxb(data / "wcxb", args.wcxb_limit, args.only)
        print_wcxb(report["wcxb"])
    if "dates" not in args.sets.split(","):
        print(json.dumps(report, sort_keys=True))
        return 0
    if not (data / "dates" / "gold.jsonl").exists():
        print(f"no benchmark data under {data}", file=sys.stderr)
        return 2
    dates, meta = load(data / "dates"), load(data / "metadata")
    results: dict[str, dict] = {}
    for name in [n for n in args.only or list(SYSTEMS) if n != "wiredesk-page" or args.only]:
        system, dist = SYSTEMS[name]
        results[name] = evaluate(system, dates, meta)
        try:
            results[name]["version"] = pkg_metadata.version(dist)
        except pkg_metadata.PackageNotFoundError:
            results[name]["version"] = "?"
    print_table(results)
    print_subsets(results)
    ref = results.get("htmldate-extensive", {}).get("day_accuracy")
    for f in results.values():
        f["day_accuracy_vs_htmldate"] = f["day_accuracy"] / ref if ref else None
    report.update({"pages": {"dates": len(dates), "metadata": len(meta)}, "results": results})
    print(json.dumps(report, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
