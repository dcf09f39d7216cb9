"""Story clustering quality: Wiredesk's StoryClusterer beside a TF-IDF title baseline.

    .venv/bin/python bench/stories.py [--data ../shared/data/clusters] [--window-hours H]

For each of the three gold sets in ../shared/data/clusters/ (AllSides roundups, Giveme5W1H
news clusters, UCI News Aggregator first 6k), articles are streamed in time order (ties kept
in file order); each decision sees only what came before. Reported: B-cubed precision, recall,
F1 and the adjusted Rand index, for

- baseline: TF-IDF cosine on titles (scikit-learn's TfidfVectorizer defaults re-implemented:
  token pattern ``\\b\\w\\w+\\b``, lowercase, smooth idf, l2 norm; scikit-learn's English stop
  words when scikit-learn is installed, which is only for this line, else jusText's English
  list), single link at 0.35. Its idf is fitted on the whole set (as a scikit-learn pipeline
  would), so it sees slightly more than a true stream.
- wiredesk: `wiredesk.stories.cluster.StoryClusterer` with its defaults.

Target per set: B-cubed F1 >= baseline + 0.10, and >= 0.85 on AllSides and Giveme5W1H.
Prints a table with the ratio wiredesk/baseline; the LAST line is one JSON object.
"""

import argparse
import json
import math
import re
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import justext
import numpy as np
from scipy import sparse

from wiredesk.stories.cluster import ClusterItem, StoryClusterer
from wiredesk.stories.evaluate import score

ROOT = Path(__file__).resolve().parents[1]
FLOORS = {"allsides": 0.85, "giveme5w1h": 0.85, "uci": 0.0}
SETS = {
    "allsides": "allsides-roundups-2021/allsides-roundups-2021.dev.jsonl",
    "giveme5w1h": "giveme5w1h-newscluster/giveme5w1h-newscluster.dev.jsonl",
    "uci": "uci-news-first6k/uci-news-first6k.dev.jsonl",
}
TOKEN = re.compile(r"(?u)\b\w\w+\b")


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def load(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    floor = datetime.min.replace(tzinfo=UTC)
    order = sorted(range(len(rows)), key=lambda i: (parse_time(rows[i]["published"]) or floor, i))
    return [rows[i] for i in order]


def english_stop_words() -> tuple[frozenset[str], str]:
    """scikit-learn's English list when installed (the baseline's definition), else jusText's."""
    try:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    except ImportError:
        return frozenset(w.lower() for w in justext.get_stoplist("English")), "jusText English"
    return frozenset(ENGLISH_STOP_WORDS), "scikit-learn ENGLISH_STOP_WORDS"


def baseline(titles: list[str], threshold: float = 0.35) -> list[str]:
    """TF-IDF cosine on titles, English stop words, single link (union-find) at threshold."""
    stop, _ = english_stop_words()
    docs = [[t for t in TOKEN.findall(title.lower()) if t not in stop] for title in titles]
    vocab = {w: i for i, w in enumerate(sorted({w for d in docs for w in d}))}
    df = Counter(w for d in docs for w in set(d))
    n = len(docs)
    rows, cols, vals = [], [], []
    for row, d in enumerate(docs):
        for w, c in Counter(d).items():
            rows.append(row)
            cols.append(vocab[w])
            vals.append(c * (math.log((1 + n) / (1 + df[w])) + 1))
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(n, max(len(vocab), 1)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = sparse.diags(1 / np.where(norms == 0, 1, norms)) @ matrix
    similar = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, sim in zip(similar.row, similar.col, similar.data, strict=True):
        if sim >= threshold - 1e-9:
            parent[find(int(i))] = find(int(j))
    return [str(find(i)) for i in range(n)]


def wiredesk(rows: list[dict], **options: Any) -> list[str]:
    clusterer = StoryClusterer(**options)
    items = (
        ClusterItem(
            id=r["id"],
            title=r["title"] or "",
            text=r.get("text") or "",
            lang=r.get("lang") or "",
            published=parse_time(r.get("published")),
            source=r.get("publisher") or "",
        )
        for r in rows
    )
    return [clusterer.add(item) for item in items]


def run_set(name: str, rows: list[dict], options: dict) -> dict:
    gold = [r["story"] for r in rows]
    base = score(gold, baseline([r["title"] or "" for r in rows]))
    started = time.perf_counter()
    ours_pred = wiredesk(rows, **options)
    seconds = time.perf_counter() - started
    ours = score(gold, ours_pred)
    target = max(base.f1 + 0.10, FLOORS[name])
    return {
        "target_f1": round(target, 4),
        "meets_target": ours.f1 >= target,
        "articles": len(rows),
        "gold_stories": len(set(gold)),
        "stories": len(set(ours_pred)),
        "baseline": base.__dict__,
        "wiredesk": ours.__dict__,
        "wiredesk_ms_per_article": round(1000 * seconds / len(rows), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/clusters")
    parser.add_argument("--window-hours", type=float, default=None)
    parser.add_argument("--only", choices=sorted(SETS), action="append")
    args = parser.parse_args(argv)
    options = {} if args.window_hours is None else {"window_hours": args.window_hours}
    results: dict[str, Any] = {}
    for name, rel in SETS.items():
        if args.only and name not in args.only:
            continue
        path = args.data / rel
        if not path.exists():
            print(f"{name}: {path} is missing, skipped", file=sys.stderr)
            continue
        results[name] = run_set(name, load(path), options)
    print_table(results)
    print(f"baseline stop words: {english_stop_words()[1]}")
    results["baseline_stop_words"] = english_stop_words()[1]
    print(json.dumps(results, sort_keys=True))
    return 0


def print_table(results: dict) -> None:
    head = "| set | method | B3 precision | B3 recall | B3 F1 | ARI | F1 ratio | target F1 |"
    print(head)
    print("|" + "---|" * 8)
    for name, r in results.items():
        if not isinstance(r, dict):
            continue
        base_f1 = r["baseline"]["f1"]
        for method in ("baseline", "wiredesk"):
            s = r[method]
            ratio = s["f1"] / base_f1 if base_f1 else float("nan")
            target = (
                ""
                if method == "baseline"
                else (f"{r['target_f1']:.3f} {'met' if r['meets_target'] else 'NOT met'}")
            )
            print(
                f"| {name} | {method} | {s['precision']:.3f} | {s['recall']:.3f} | "
                f"{s['f1']:.3f} | {s['ari']:.3f} | {ratio:.2f} | {target} |"
            )


if __name__ == "__main__":
    sys.exit(main())
