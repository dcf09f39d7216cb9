"""WCXB tuning folds only: each page's word F1, precision and recall for `extract_page`.

Run: ``PYTHONPATH=src .venv/bin/python bench/wcxb_tuning.py [--worst N] [--limit N]``.
Prints the N worst pages (id, site, F1, precision, recall, characters kept) and the mean
F1 and CPU milliseconds a page. Pages of the held-out folds are never read (see `wcxb`):
this is the loop for changing rules; the held-out figure comes from `extraction.py`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))
import wcxb  # noqa: E402  (beside this script)


def tuning_pages(data: Path, limit: int = 0) -> list[wcxb.WcxbPage]:
    """The pages of the tuning folds, in file order (the first `limit` when given)."""
    pages = [p for p in wcxb.load(data) if not p.held_out]
    return pages[:limit] if limit else pages


def score(pages: list[wcxb.WcxbPage]) -> tuple[list[dict], float]:
    """Each page's scores and the CPU seconds `extract_page` took in all."""
    from wiredesk.errors import ExtractError
    from wiredesk.extract import extract_page

    rows, cpu = [], 0.0
    for page in pages:
        start = time.process_time()
        try:
            body = extract_page(page.html, page.url).body
        except ExtractError:
            body = ""
        cpu += time.process_time() - start
        f1, precision, recall = wcxb.word_scores(page.gold["main_content"], body)
        rows.append(
            {
                "id": page.id,
                "site": page.site,
                "f1": f1,
                "p": precision,
                "r": recall,
                "chars": len(body),
            }
        )
    return rows, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "wcxb")
    parser.add_argument("--worst", type=int, default=30)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args(argv)
    rows, cpu = score(tuning_pages(args.data, args.limit))
    for row in sorted(rows, key=lambda r: r["f1"])[: args.worst]:
        print(
            f"{row['id']} {row['site'][:30]:30} f1 {row['f1']:.3f} "
            f"p {row['p']:.3f} r {row['r']:.3f} chars {row['chars']}"
        )
    mean = statistics.mean(r["f1"] for r in rows) if rows else 0.0
    per_page = 1000 * cpu / max(1, len(rows))
    print(f"tuning pages {len(rows)}  mean word F1 {mean:.4f}  CPU {per_page:.1f} ms a page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
