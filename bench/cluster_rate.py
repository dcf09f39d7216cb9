"""Story clustering rate: this tree's StoryClusterer beside an earlier commit's, same inputs.

    PYTHONPATH=src .venv/bin/python bench/cluster_rate.py [--against a9ae04b] [--rounds 2]

Inputs (used in place): the UCI development set's headlines (no text) and the first 3,000
Reuters development stories with their texts, in time order. Each tree runs in its own
process (the earlier one exported with `git archive` into a temporary folder), alternately,
`--rounds` times; the figure is CPU time per article inside the process, the first article
(which loads word lists and the gazetteer) left out. The LAST line is one JSON object.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared/data"
MEASURE = """
import json, sys, time
from wiredesk.stories.cluster import StoryClusterer
from wiredesk.stories.management.commands.cluster import parse_item
items = [parse_item(line) for line in open(sys.argv[1], encoding="utf-8")]
clusterer = StoryClusterer()
clusterer.add(items[0])
started = time.process_time()
for item in items[1:]:
    clusterer.add(item)
print(1000 * (time.process_time() - started) / (len(items) - 1))
"""


def inputs(folder: Path) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT / "bench"))
    import stories  # the loaders of bench/stories.py

    uci = stories.load(SHARED / "clusters" / stories.SETS["uci"])
    reuters = stories.reuters_rows(SHARED / "aboutness/reuters21578.dev.jsonl.gz")[:3000]
    paths = {"uci_headlines": folder / "uci.jsonl", "reuters_texts": folder / "reuters.jsonl"}
    with paths["uci_headlines"].open("w", encoding="utf-8") as out:
        for r in uci:
            out.write(json.dumps({"id": r["id"], "title": r["title"], "published": r["published"]}))
            out.write("\n")
    with paths["reuters_texts"].open("w", encoding="utf-8") as out:
        for r in reuters:
            row = {"id": r["id"], "title": r["title"], "text": r["text"]}
            out.write(json.dumps(row | {"published": r["published"]}) + "\n")
    return paths


def rate(src: Path, path: Path) -> float:
    env = {"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], env=env, capture_output=True, text=True
    )
    done.check_returncode()
    return float(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="a9ae04b")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        archive = subprocess.run(
            ["git", "archive", args.against, "src"], cwd=ROOT, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        trees = {args.against: folder / "src", "this tree": ROOT / "src"}
        results: dict[str, dict[str, list[float]]] = {t: {} for t in trees}
        for name, path in inputs(folder).items():
            for _ in range(args.rounds):
                for tree, src in trees.items():
                    results[tree].setdefault(name, []).append(round(rate(src, path), 3))
    print("| input | " + " | ".join(trees) + " |")
    print("|---|" + "---|" * len(trees))
    for name in results["this tree"]:
        cells = [", ".join(f"{v:.2f}" for v in results[t][name]) for t in trees]
        print(f"| {name} (ms CPU per article) | " + " | ".join(cells) + " |")
    print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
