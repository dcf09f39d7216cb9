"""`wiredesk cluster [--format jsonl] [PATH...]`: stories for a stream of articles.

Reads JSON lines (files in order, or stdin) with `id`, `title` and optionally `text`, `lang`,
`published` (ISO 8601) and `source`; prints one JSON line per input with `id` and `story`.
`body` and `language`, as `wiredesk extract` writes them, stand for a missing `text` and
`lang`, so extracted pages go in as they come out.
Input must come in time order, as at ingest: each line is decided from the lines before it.
When this line's story has just absorbed stories of earlier lines (two fragments of one
event found to agree), the line also carries `merged`: those stories' ids, whose lines now
belong to `story`.
A bad line prints `{"id": ..., "error": ...}` and the rest goes on.
"""

import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandParser

from wiredesk.stories.cluster import ClusterItem, StoryClusterer


class BadLine(ValueError):
    def __init__(self, item_id: Any, message: str):
        super().__init__(message)
        self.item_id = item_id
        self.message = message


def parse_item(line: str) -> ClusterItem:
    """One JSON line -> ClusterItem; raises BadLine with the id when it can be read."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadLine(None, f"not JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise BadLine(None, "not a JSON object")
    item_id = data.get("id")
    if item_id is None or not isinstance(data.get("title"), str):
        raise BadLine(item_id, "needs an id and a title")
    return ClusterItem(
        id=str(item_id),
        title=data["title"],
        text=str(data.get("text", data.get("body")) or ""),
        lang=str(data.get("lang", data.get("language")) or ""),
        published=_time(item_id, data.get("published")),
        source=str(data.get("source") or ""),
    )


def _time(item_id: Any, value: Any) -> datetime | None:
    if not value:
        return None
    try:
        t = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadLine(item_id, f"published is not ISO 8601: {value!r}") from exc
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def run(lines: Iterator[str], out: TextIO, clusterer: StoryClusterer | None = None) -> int:
    """Cluster each line, write one JSON line per non-blank input; returns the error count."""
    clusterer = clusterer or StoryClusterer()
    errors = 0
    for line in lines:
        if not line.strip():
            continue
        try:
            item = parse_item(line)
            result: dict[str, Any] = {"id": item.id, "story": clusterer.add(item)}
            if merged := [gone for gone, _ in clusterer.drain_merged()]:
                result["merged"] = merged
        except BadLine as exc:
            errors += 1
            result = {"id": exc.item_id, "error": exc.message}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    return errors


class Command(BaseCommand):
    help = "Group JSON-lines articles into stories; print one JSON line {id, story} per input."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", help="JSON-lines files (default: stdin)")
        parser.add_argument("--format", choices=["jsonl"], default="jsonl")
        parser.add_argument(
            "--window-hours",
            type=float,
            default=24.0,
            help="a story closes to ordinary joins after this many quiet hours",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        clusterer = StoryClusterer(window_hours=options["window_hours"])
        paths = options["paths"] or ["-"]
        for path in paths:
            if path == "-":
                run(iter(sys.stdin), self.stdout, clusterer)
                continue
            with open(path, encoding="utf-8") as handle:
                run(iter(handle), self.stdout, clusterer)
