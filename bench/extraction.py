"""Body-extraction benchmark: ../shared/data/extraction (scrapinghub DEV) and ../shared/data/wcxb.

Run: ``nice .venv/bin/python bench/extraction.py [--sets extraction,wcxb] [--only NAME]
[--wcxb-limit N]`` (the limit is for development; reported figures are on all pages).

WCXB (see `wcxb.py`): Wiredesk beside trafilatura's default, favor_precision and favor_recall,
WCXB's word F1 and snippet shares on the held-out folds of sites, the tuning folds, all pages
and each fold.

The metric is the benchmark's own (its README; this scorer is written from that description):
tokens are ``\\w+`` runs with case kept, each text is a multiset of 4-token shingles (a text of
1-3 tokens is one shingle), per page tp/fp/fn are normalised by tp+fp+fn, precision is the mean
over pages with a non-empty prediction, recall the mean over pages with a non-empty truth, and
F1 = 2PR/(P+R) of the two means. Accuracy: the share of pages whose token sequences are equal.
The +- figures are bootstrap standard deviations (1,000 resamples, fixed seed).

Prints one table per set (for the first: extractor, P, R, F1, accuracy, empty bodies, docs
per CPU second, ratio to trafilatura's default speed) and, as the last line, one JSON object
with every figure.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata as pkg_metadata
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import wcxb  # noqa: E402  (beside this script)

DEFAULT_DATA = REPO.parent / "shared" / "data" / "extraction"
DEFAULT_WCXB = REPO.parent / "shared" / "data" / "wcxb"
WCXB_EXTRACTORS = ("wiredesk", "trafilatura", "trafilatura-precision", "trafilatura-recall")
WCXB_WARM = 100_000  # all pages read untimed first, as on the other set: a worker's speed
TIMED_PASSES = 3
SHINGLE = 4
TOKEN_RE = re.compile(r"\w+")

Extractor = Callable[[str, str], str]


# --- the metric -----------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Runs of Unicode word characters, case kept."""
    return TOKEN_RE.findall(text or "")


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles; a text of 1..n-1 tokens is one shingle, empty text none."""
    toks = tokens(text)
    if not toks:
        return Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)))


@dataclass(frozen=True)
class PageScore:
    """Normalised tp, fp, fn of one page and whether its token sequences match exactly."""

    tp: float
    fp: float
    fn: float
    exact: bool


def score_page(truth: str, pred: str) -> PageScore:
    """Shingle overlap of one page, each count divided by tp+fp+fn."""
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageScore(tp, fp, fn, tokens(truth) == tokens(pred))


def _precision(s: PageScore) -> float:
    if s.fp == 0 and s.fn == 0:
        return 1.0
    return s.tp / (s.tp + s.fp) if s.tp + s.fp else 0.0


def _recall(s: PageScore) -> float:
    if s.fp == 0 and s.fn == 0:
        return 1.0
    return s.tp / (s.tp + s.fn) if s.tp + s.fn else 0.0


def aggregate(scores: list[PageScore]) -> dict[str, float]:
    """Precision over non-empty predictions, recall over non-empty truths, F1 of the means."""
    precs = [_precision(s) for s in scores if s.tp + s.fp > 0]
    recs = [_recall(s) for s in scores if s.tp + s.fn > 0]
    p = statistics.mean(precs) if precs else 0.0
    r = statistics.mean(recs) if recs else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    acc = sum(s.exact for s in scores) / len(scores) if scores else 0.0
    return {"precision": p, "recall": r, "f1": f1, "accuracy": acc}


def bootstrap_sd(scores: list[PageScore], n: int = 1000, seed: int = 0) -> dict[str, float]:
    """Standard deviation of each aggregate over n resamples of the pages."""
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {}
    for _ in range(n):
        picked = [scores[rng.randrange(len(scores))] for _ in scores]
        for key, value in aggregate(picked).items():
            samples.setdefault(key, []).append(value)
    return {key: statistics.stdev(values) for key, values in samples.items()}


# --- the extractors -------------------------------------------------------------------------


def run_wiredesk(html: str, url: str) -> str:
    from wiredesk.errors import ExtractError
    from wiredesk.extract import extract_page

    try:
        return extract_page(html, url).body
    except ExtractError:
        return ""


def run_trafilatura(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url or None) or ""


def run_trafilatura_precision(html: str, url: str) -> str:
    import trafilatura

    return (
        trafilatura.extract(html, url=url or None, favor_precision=True, include_comments=False)
        or ""
    )


def run_trafilatura_recall(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url or None, favor_recall=True) or ""


def run_readability(html: str, url: str) -> str:
    import lxml.html
    from readability import Document

    summary = Document(html, url=url or None).summary(html_partial=True)
    if not summary.strip():
        return ""
    return "\n\n".join(lxml.html.fromstring(summary).itertext()).strip()


def run_justext(html: str, url: str) -> str:
    import justext

    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


TEMPLATES: dict[str, object] = {}  # host -> SiteTemplate, filled by learn_templates()


def run_wiredesk_template(html: str, url: str) -> str:
    from wiredesk.errors import ExtractError
    from wiredesk.extract import extract_page

    template = TEMPLATES.get(urlsplit(url).hostname or "")
    try:
        return extract_page(html, url, template=template).body  # type: ignore[arg-type]
    except ExtractError:
        return ""


def learn_templates(pages: list[tuple[str, str, str, str]]) -> int:
    """One template per host with several pages in the set, learned from those pages
    (untimed: in production a template is learned once per partner, not per page)."""
    from wiredesk.extract import learn_template

    by_host: dict[str, list[str]] = {}
    for _key, url, html, _truth in pages:
        by_host.setdefault(urlsplit(url).hostname or "", []).append(html)
    for host, htmls in by_host.items():
        if len(htmls) > 1:
            TEMPLATES[host] = learn_template(htmls, site=host)  # type: ignore[arg-type]
    return sum(len(by_host[h]) for h in TEMPLATES)


EXTRACTORS: dict[str, tuple[Extractor, str]] = {
    "wiredesk": (run_wiredesk, "wiredesk"),
    "wiredesk+template": (run_wiredesk_template, "wiredesk"),
    "trafilatura": (run_trafilatura, "trafilatura"),
    "trafilatura-precision": (run_trafilatura_precision, "trafilatura"),
    "trafilatura-recall": (run_trafilatura_recall, "trafilatura"),
    "readability-lxml": (run_readability, "readability-lxml"),
    "justext": (run_justext, "jusText"),
}
SPEED_REFERENCE = "trafilatura"


# --- the run --------------------------------------------------------------------------------


def load_pages(data: Path) -> list[tuple[str, str, str, str]]:
    """(id, url, html, truth) for every page of the ground truth, sorted by id."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        html = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        pages.append((key, truth[key].get("url", ""), html, truth[key].get("articleBody", "")))
    return pages


def run_all(
    extractors: dict[str, Extractor], pages: list[tuple[str, str, str, str]]
) -> dict[str, dict]:
    """Run every extractor over the pages; figures, bootstrap deviations and speed."""
    preds, elapsed = predict(extractors, [(k, u, h) for k, u, h, _ in pages], warm=len(pages))
    return {name: figures(pages, preds[name], elapsed[name]) for name in extractors}


def predict(
    extractors: dict[str, Extractor], pages: list[tuple[str, str, str]], warm: int
) -> tuple[dict[str, list[str]], dict[str, float]]:
    """Each extractor's text of each (id, url, html) page, and its seconds in all.

    The extractors take turns page by page (the first to go changes from page to page), so a
    machine shared with other work slows them alike and the speed ratios stay fair. Each
    first runs over `warm` pages untimed, so one-time costs (imports, htmldate's first use
    of dateparser, caches) are not counted: the figure is a long-running worker's speed.
    Time is this process's CPU time (every extractor runs in this one thread), taken over
    `TIMED_PASSES` passes; a page counts its fastest pass, since work of other processes on
    a shared machine only ever slows a pass (through the caches and cores they share).
    """
    for extract in extractors.values():
        for _key, url, html in pages[:warm]:
            with contextlib.suppress(Exception):  # the timed pass reports failures
                extract(html, url)
    preds: dict[str, list[str]] = {name: [] for name in extractors}
    elapsed = dict.fromkeys(extractors, 0.0)
    names = list(extractors)
    for index, (key, url, html) in enumerate(pages):
        turn = index % len(names)  # who goes first changes from page to page
        fastest = dict.fromkeys(names, float("inf"))
        for run in range(TIMED_PASSES):
            for name in names[turn:] + names[:turn]:
                pred, seconds = _timed(extractors[name], html, url, f"{name} {key[:12]}")
                fastest[name] = min(fastest[name], seconds)
                if run == 0:
                    preds[name].append(pred)
        for name in names:
            elapsed[name] += fastest[name]
    return preds, elapsed


def _timed(extract: Extractor, html: str, url: str, label: str) -> tuple[str, float]:
    """The text and the CPU seconds of one extraction; a crash scores as an empty body."""
    start = time.process_time()
    try:
        pred = extract(html, url)
    except Exception as exc:
        print(f"  {label}: {type(exc).__name__}: {exc}", file=sys.stderr)
        pred = ""
    return pred, time.process_time() - start


def figures(pages: list[tuple[str, str, str, str]], preds: list[str], elapsed: float) -> dict:
    """Scores of one extractor's predictions, with empty bodies and documents per second."""
    scores = [score_page(page[3], pred) for page, pred in zip(pages, preds, strict=True)]
    result = aggregate(scores)
    result.update({f"{k}_sd": v for k, v in bootstrap_sd(scores).items()})
    result["empty"] = sum(not tokens(p) for p in preds)
    result.update({"pages": len(scores), "docs_per_s": len(scores) / elapsed})
    return result


def run_wcxb(data: Path, limit: int = 0) -> dict[str, dict]:
    """Wiredesk and trafilatura's three modes on the WCXB pages: WCXB's figures on the
    held-out folds of sites, the tuning folds, all pages and each fold; speed as above."""
    pages = wcxb.load(data, limit)
    names = list(WCXB_EXTRACTORS)
    triples = [(p.id, p.url, p.html) for p in pages]
    preds, elapsed = predict({n: EXTRACTORS[n][0] for n in names}, triples, warm=WCXB_WARM)
    ref = len(pages) / elapsed["trafilatura"]
    out: dict[str, dict] = {}
    for name in names:
        parts = wcxb.split(pages, preds[name])
        f: dict = {part: wcxb.body_figures(*sub) for part, sub in parts.items()}
        f["folds"] = {
            fold: wcxb.body_figures(
                [p for p in pages if p.fold == fold],
                [x for p, x in zip(pages, preds[name], strict=True) if p.fold == fold],
            )["word_f1"]
            for fold in range(wcxb.FOLDS)
        }
        f["docs_per_s"] = len(pages) / elapsed[name]
        f["speed_ratio"] = f["docs_per_s"] / ref
        out[name] = f
    return out


def print_wcxb(results: dict[str, dict]) -> None:
    print(
        f"{'WCXB extractor':<24}{'held-out F1':>12}{'with':>7}{'without':>8}{'tuning F1':>10}"
        f"{'all F1':>8}{'empty':>6}{'docs/s':>8}{'speed x':>8}  F1 by fold"
    )
    for name, f in results.items():
        held, tuned, every = f["held_out"], f["tuning"], f["all"]
        folds = " ".join(f"{v:.3f}" for v in f["folds"].values())
        print(
            f"{name:<24}{held['word_f1']:>12.4f}{held['with_found']:>7.3f}"
            f"{held['without_kept']:>8.3f}{tuned['word_f1']:>10.4f}{every['word_f1']:>8.4f}"
            f"{every['empty']:>6d}{f['docs_per_s']:>8.1f}{f['speed_ratio']:>8.2f}  {folds}"
        )


def version(dist: str) -> str:
    try:
        return pkg_metadata.version(dist)
    except pkg_metadata.PackageNotFoundError:
        return "?"


def print_table(results: dict[str, dict]) -> None:
    ref = results.get(SPEED_REFERENCE, {}).get("docs_per_s")
    print(
        f"{'extractor':<24}{'P':>14}{'R':>14}{'F1':>14}{'acc':>7}{'empty':>7}"
        f"{'docs/s':>9}{'speed x':>9}"
    )
    for name, f in results.items():
        ratio = f["docs_per_s"] / ref if ref else float("nan")
        print(
            f"{name:<24}"
            f"{f['precision']:>8.3f}±{f['precision_sd']:.3f}"
            f"{f['recall']:>8.3f}±{f['recall_sd']:.3f}"
            f"{f['f1']:>8.3f}±{f['f1_sd']:.3f}"
            f"{f['accuracy']:>7.3f}{f['empty']:>7d}{f['docs_per_s']:>9.1f}{ratio:>9.2f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--wcxb", type=Path, default=DEFAULT_WCXB)
    parser.add_argument("--wcxb-limit", type=int, default=0, help="first N WCXB pages only")
    parser.add_argument("--sets", default="extraction,wcxb", help="extraction, wcxb or both")
    parser.add_argument("--only", action="append", choices=sorted(EXTRACTORS))
    args = parser.parse_args(argv)
    sets = set(args.sets.split(","))
    sys.path.insert(0, str(REPO / "src"))
    report: dict = {"benchmark": "extraction"}
    if "extraction" in sets:
        if not (args.data / "ground-truth.json").exists():
            print(f"no benchmark data at {args.data}", file=sys.stderr)
            return 2
        report.update(run_extraction(args.data, args.only))
    if "wcxb" in sets:
        if not (args.wcxb / "articles.dev.jsonl.gz").exists():
            print(f"no WCXB data at {args.wcxb}", file=sys.stderr)
            return 2
        report["wcxb"] = run_wcxb(args.wcxb, args.wcxb_limit)
        report["wcxb_data"] = str(args.wcxb)
        print_wcxb(report["wcxb"])
    print(json.dumps(report, sort_keys=True))
    return 0


def run_extraction(data: Path, only: list[str] | None) -> dict:
    """The ../shared/data/extraction pages: the benchmark's shingle figures and speed."""
    pages = load_pages(data)
    templated = learn_templates(pages) if "wiredesk+template" in (only or EXTRACTORS) else 0
    names = [n for n in (only or EXTRACTORS) if n != "trafilatura-recall" or only]
    results = run_all({name: EXTRACTORS[name][0] for name in names}, pages)
    for name in names:
        results[name]["version"] = version(EXTRACTORS[name][1])
    print_table(results)
    ref = results.get(SPEED_REFERENCE, {}).get("docs_per_s")
    for f in results.values():
        f["speed_ratio"] = f["docs_per_s"] / ref if ref else None
    return {"data": str(data), "pages_with_site_template": templated, "results": results}


if __name__ == "__main__":
    sys.exit(main())
