"""Near-duplicate lookup cost per article as the archive grows: 10k, 100k, 1M signatures.

    .venv/bin/python bench/dedupe_scale.py [--data ../shared/data/clusters] [--sizes 10000,...]

The archive holds the signatures of ~600 real article texts (Giveme5W1H full texts and
AllSides excerpts, read in place from ../shared) plus random synthetic signatures up to each
size (a random signature shares no band with a real one, so it adds storage, not candidates;
a real archive has more band collisions between similar texts, each checked in microseconds).
Queries are real texts: half are edited copies of stored texts (a new byline line), which
must be found; half are texts not stored, which must not.

Measured per lookup, at each size: `DuplicateIndex.find_similar(text)` (hashing the text
plus the LSH query and check) and `find_signature(bytes)` (the index part alone). Baseline in
the same run: brute force, the same signature compared with every stored one (vectorised
numpy), at 10k and 100k. RSS is the process's resident memory after building. LAST line: JSON.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from wiredesk.stories.dedupe import NUM_PERM, DuplicateIndex, long_enough, signature

ROOT = Path(__file__).resolve().parents[1]
FILES = (
    "giveme5w1h-newscluster/giveme5w1h-newscluster.dev.jsonl",
    "allsides-roundups-2021/allsides-roundups-2021.dev.jsonl",
)


def real_texts(data: Path) -> list[str]:
    texts: list[str] = []
    for rel in FILES:
        for line in (data / rel).open(encoding="utf-8"):
            text = json.loads(line).get("text") or ""
            if long_enough(text) and len(text.split()) >= 60:
                texts.append(text)
    return list(dict.fromkeys(texts))


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return float("nan")


def per_call_us(fn, args: list, repeat: int = 3) -> tuple[float, float]:
    """Median and mean microseconds per call over `repeat` passes of args."""
    times = []
    for _ in range(repeat):
        for a in args:
            t = time.perf_counter()
            fn(a)
            times.append((time.perf_counter() - t) * 1e6)
    return statistics.median(times), statistics.fmean(times)


def brute_force(matrix: np.ndarray, threshold: float):
    def find(sig: bytes) -> int | None:
        values = np.frombuffer(sig, dtype="<u4")
        similarity = (matrix == values).mean(axis=1)
        best = int(np.argmax(similarity))
        return best if similarity[best] >= threshold else None

    return find


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/clusters")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--brute-sizes", default="10000,100000")
    args = parser.parse_args(argv)
    if not (args.data / FILES[0]).exists():
        print(f"{args.data} is missing: nothing to measure", file=sys.stderr)
        return 1
    sizes = [int(s) for s in args.sizes.split(",")]
    brute_sizes = {int(s) for s in args.brute_sizes.split(",") if s}
    texts = real_texts(args.data)
    stored, fresh = texts[: len(texts) // 2], texts[len(texts) // 2 :]
    queries_hit = ["By Our Correspondent, updated. " + t for t in stored[:150]]
    queries_miss = fresh[:150]
    queries = queries_hit + queries_miss
    query_sigs = [signature(q) for q in queries]
    index = DuplicateIndex()
    matrix = np.zeros((max(sizes), NUM_PERM), dtype=np.uint32)
    for i, text in enumerate(stored):
        index.add(f"real-{i}", text)
        matrix[i] = np.frombuffer(signature(text), dtype="<u4")
    rng = np.random.default_rng(2026)
    filled, results = len(stored), {}
    for size in sizes:
        started = time.perf_counter()
        filled = grow(index, matrix, rng, filled, size)
        build_s = time.perf_counter() - started
        results[str(size)] = measure(
            index, matrix[:size], queries, query_sigs, len(queries_hit), size in brute_sizes
        )
        results[str(size)]["build_s"] = round(build_s, 1)
        results[str(size)]["rss_mb"] = round(rss_mb())
        print(f"{size}: {results[str(size)]}", file=sys.stderr, flush=True)
    print_table(results)
    print(json.dumps({"queries": len(queries), "num_perm": NUM_PERM, "sizes": results}))
    return 0


def grow(
    index: DuplicateIndex, matrix: np.ndarray, rng: np.random.Generator, filled: int, size: int
) -> int:
    """Add random signatures until the index holds `size`."""
    chunk = 50_000
    while filled < size:
        n = min(chunk, size - filled)
        block = rng.integers(0, 2**32, (n, NUM_PERM), dtype=np.uint32)
        matrix[filled : filled + n] = block
        for j in range(n):
            index.add_signature(f"synthetic-{filled + j}", block[j].tobytes())
        filled += n
    return filled


def measure(
    index: DuplicateIndex,
    matrix: np.ndarray,
    queries: list[str],
    query_sigs: list[bytes],
    n_hit: int,
    with_brute: bool,
) -> dict:
    text_med, text_mean = per_call_us(index.find_similar, queries)
    sig_med, sig_mean = per_call_us(index.find_signature, query_sigs)
    found = [index.find_signature(s) for s in query_sigs]
    row = {
        "lookup_text_us_median": round(text_med, 1),
        "lookup_text_us_mean": round(text_mean, 1),
        "lookup_index_us_median": round(sig_med, 1),
        "lookup_index_us_mean": round(sig_mean, 1),
        "copies_found": sum(f is not None for f in found[:n_hit]) / n_hit,
        "false_hits": sum(f is not None for f in found[n_hit:]),
    }
    if with_brute:
        brute = brute_force(matrix, index.threshold)
        b_med, _ = per_call_us(brute, query_sigs, repeat=1)
        row["brute_index_us_median"] = round(b_med, 1)
        row["brute_over_lsh"] = round(b_med / sig_med, 1)
    return row


def print_table(results: dict) -> None:
    print(
        "| stored | lookup per text (us, median) | index part (us) | brute force (us) "
        "| brute / LSH | copies found | false hits | RSS MB | build s |"
    )
    print("|" + "---|" * 9)
    for size, r in results.items():
        print(
            f"| {int(size):,} | {r['lookup_text_us_median']} | {r['lookup_index_us_median']} "
            f"| {r.get('brute_index_us_median', '-')} | {r.get('brute_over_lsh', '-')} "
            f"| {r['copies_found']:.2f} | {r['false_hits']} | {r['rss_mb']} | {r['build_s']} |"
        )


if __name__ == "__main__":
    sys.exit(main())
