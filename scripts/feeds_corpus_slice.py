"""Pick the slice of feedparser's conformance corpus that tests/data/feeds/corpus/ ships.

A clean clone has no ../shared, so the agreement between the fast path and feedparser is
tested on a checked-in slice (BSD 2-clause, notice kept in the slice's README). The slice is
chosen by rule, not by hand:

1. coverage: greedily, the case that runs the most not-yet-run arcs (line pairs) of
   wiredesk.ingest.feeds, smallest file first on ties, until no case adds one;
2. breadth: at least PER_FOLDER cases of every corpus folder (RSS, Atom 1.0 and 0.3, RDF,
   xml:base, encodings, entities, ill-formed ...), most new arcs within the folder first;
3. sanitizing: one case per attack kind of wellformed/sanitize (script, iframe, onclick ...),
   spread over the fields that carry them.

Cases the conformance test marks as known divergences, and cases where the fast path and
feedparser disagree (feedparser 6.0's Atom id resolution), are left out: the golden pairs
assert agreement. Then run `.venv/bin/python tests/test_ingest_feeds_golden.py` to write the
expected results.

    .venv/bin/python scripts/feeds_corpus_slice.py
"""

import json
import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from test_ingest_feeds_conformance import (  # noqa: E402  (a test module: after sys.path)
    KNOWN_DIVERGENCES,
    SHARED_CORPUS,
    case_input,
    load_cases,
)
from wiredesk.errors import FeedParseError  # noqa: E402
from wiredesk.ingest.feeds import parse_feed, parse_with_feedparser  # noqa: E402
from wiredesk.ingest.feeds.fast import attempt  # noqa: E402

SLICE = REPO / "tests" / "data" / "feeds" / "corpus"
PACKAGE = str(REPO / "src" / "wiredesk" / "ingest" / "feeds")
PER_FOLDER = 5
MAX_CASE_BYTES = 16 * 1024
"""Larger cases (one: a 158 KB Atom feed for CSS sanitising) stay out: the slice stays small."""
_FIELD = re.compile(
    r"^(entry_content|entry_summary|entry_title|item_description|item_content_encoded|"
    r"item_body|item_fullitem|item_xhtml_body|feed_title|feed_subtitle|feed_copyright|"
    r"feed_info|feed_tagline|feed_rights|entry_rights|entry_content_xhtml)_"
)
Arc = tuple[str, int, int]


def arcs_of(run: Callable[[], object]) -> set[Arc]:
    """The (file, previous line, line) pairs of our feed package that `run` executes."""
    seen: set[Arc] = set()
    last: dict[int, int] = {}

    def line(frame: FrameType, event: str, arg: object) -> Any:
        if event == "line":
            prev = last.get(id(frame), -frame.f_code.co_firstlineno)
            seen.add((frame.f_code.co_filename, prev, frame.f_lineno))
            last[id(frame)] = frame.f_lineno
        return line

    def call(frame: FrameType, event: str, arg: object) -> Any:
        if event == "call" and frame.f_code.co_filename.startswith(PACKAGE):
            last.pop(id(frame), None)
            return line
        return None

    sys.settrace(call)
    try:
        run()
    except FeedParseError:
        pass
    finally:
        sys.settrace(None)
    return seen


def exercise(case: dict[str, Any]) -> None:
    content, url, content_type = case_input(case, SHARED_CORPUS)
    parse_feed(content, url, content_type)
    parse_with_feedparser(content, url, content_type)


def agrees(case: dict[str, Any]) -> bool:
    """Where the fast path takes the document, it gives exactly what feedparser gives."""
    content, url, content_type = case_input(case, SHARED_CORPUS)
    fast, _ = attempt(content, url, content_type)
    if fast is None:
        return True
    slow = parse_with_feedparser(content, url, content_type)
    meta = ("title", "link", "language", "ttl", "version", "encoding")
    same_meta = all(getattr(fast, f) == getattr(slow, f) for f in meta)
    return same_meta and not slow.bozo and fast.entries == slow.entries


def folder(case: dict[str, Any]) -> str:
    parts = case["path"].split("/")
    return "/".join(parts[1:3]) if case["group"] == "wellformed" else case["group"]


def size(case: dict[str, Any]) -> int:
    return (SHARED_CORPUS / case["path"]).stat().st_size


def greedy(cases: list[dict[str, Any]], arcs: dict[str, set[Arc]], covered: set[Arc]) -> list:
    """Cases in order of new arcs (most first, smaller file on ties) until none adds one."""
    picked, left = [], list(cases)
    while left:
        best = max(left, key=lambda c: (len(arcs[c["path"]] - covered), -size(c)))
        if not arcs[best["path"]] - covered:
            break
        picked.append(best)
        covered |= arcs[best["path"]]
        left.remove(best)
    return picked


def attack_kinds(cases: list[dict[str, Any]], chosen: set[str]) -> list[dict[str, Any]]:
    """One sanitize case per attack kind, spreading the picks over the fields."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for case in cases:
        name = Path(case["path"]).stem
        if folder(case) != "wellformed/sanitize" or name.startswith(("acceptable_", "style_")):
            continue
        by_kind.setdefault(_FIELD.sub("", name), []).append(case)
    used: Counter[str] = Counter()
    picked = []
    for kind in sorted(by_kind):
        if any(c["path"] in chosen for c in by_kind[kind]):
            continue
        case = min(by_kind[kind], key=lambda c: (used[_field(c)], size(c), c["path"]))
        used[_field(case)] += 1
        picked.append(case)
    return picked


def _field(case: dict[str, Any]) -> str:
    match = _FIELD.match(Path(case["path"]).stem)
    return match.group(1) if match else ""


def pick(cases: list[dict[str, Any]], arcs: dict[str, set[Arc]]) -> list[dict[str, Any]]:
    covered: set[Arc] = set()
    picked = greedy(cases, arcs, covered)
    chosen = {c["path"] for c in picked}
    for name in sorted({folder(c) for c in cases}):
        need = PER_FOLDER - sum(folder(c) == name for c in picked)
        inside = [c for c in cases if folder(c) == name and c["path"] not in chosen]
        first = greedy(inside, arcs, set())
        rest = sorted((c for c in inside if c not in first), key=lambda c: (size(c), c["path"]))
        for case in (first + rest)[: max(0, need)]:
            picked.append(case)
            chosen.add(case["path"])
    picked += attack_kinds(cases, chosen)
    return sorted(picked, key=lambda c: c["path"])


def write(picked: list[dict[str, Any]]) -> None:
    for old in (SLICE / "feedparser-tests", SLICE / "index.jsonl", SLICE / "dates.json"):
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
    lines = {json.loads(line)["path"]: line for line in _index_lines()}
    for case in picked:
        target = SLICE / case["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(
            SHARED_CORPUS / case["path"], target
        )  # byte for byte: encodings depend on it
    (SLICE / "index.jsonl").write_text(
        "".join(lines[c["path"]] + "\n" for c in picked), encoding="utf-8"
    )
    shutil.copyfile(SHARED_CORPUS / "dates.json", SLICE / "dates.json")


def _index_lines() -> list[str]:
    return (SHARED_CORPUS / "index.jsonl").read_text(encoding="utf-8").splitlines()


def main() -> None:
    if not (SHARED_CORPUS / "index.jsonl").exists():
        sys.exit(f"{SHARED_CORPUS} not found: the shared corpus sits beside the repository")
    known = {"feedparser-tests/" + name for name in KNOWN_DIVERGENCES}
    cases = [
        c
        for c in load_cases(SHARED_CORPUS)
        if c["path"] not in known and size(c) <= MAX_CASE_BYTES and agrees(c)
    ]
    arcs = {c["path"]: arcs_of(lambda c=c: exercise(c)) for c in cases}
    picked = pick(cases, arcs)
    write(picked)
    total = sum(size(c) for c in picked)
    print(f"{len(picked)} of {len(cases)} cases, {total / 1024:.0f} KiB, in {SLICE}")
    every = set().union(*arcs.values())
    ours = set().union(*(arcs[c["path"]] for c in picked))
    print(f"arcs of wiredesk.ingest.feeds run: {len(ours)} by the slice, {len(every)} by all")
    for name, count in sorted(Counter(folder(c) for c in picked).items()):
        print(f"  {name:28} {count}")


if __name__ == "__main__":
    main()
