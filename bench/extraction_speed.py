"""Wiredesk's speed beside trafilatura's default on the WCXB pages, alone (no scoring).

Run: ``PYTHONPATH=src nice .venv/bin/python bench/extraction_speed.py [--limit N]``, in turn
with the code before a change (e.g. ``PYTHONPATH=<that tree>/src``) to compare two trees in
the same hour: `extraction.py`'s clock (each page's fastest of `TIMED_PASSES` passes of CPU
time, the two extractors taking turns page by page, after an untimed pass over every page),
for our `extract_page` and `trafilatura.extract` only, in a few minutes instead of
`extraction.py`'s twenty. Prints one line: ms a page for each and the speed ratio.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import extraction  # beside this script
import wcxb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wcxb", type=Path, default=extraction.DEFAULT_WCXB)
    parser.add_argument("--limit", type=int, default=0, help="first N pages only")
    args = parser.parse_args(argv)
    pages = [(p.id, p.url, p.html) for p in wcxb.load(args.wcxb, args.limit)]
    names = ("wiredesk", "trafilatura")
    extractors = {name: extraction.EXTRACTORS[name][0] for name in names}
    _, elapsed = extraction.predict(extractors, pages, warm=len(pages))
    ours, theirs = (elapsed[name] / len(pages) * 1000 for name in names)
    print(f"wiredesk {ours:.2f} ms  trafilatura {theirs:.2f} ms  speed x {theirs / ours:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
