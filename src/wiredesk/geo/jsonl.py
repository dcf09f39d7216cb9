"""JSON lines in, JSON lines out: the record-level contract of `wiredesk geotag`.

Each input line is one object with `id`, `text` and optionally `title`, `dateline` and
`tags` (the partner's own categories, for a partner that tags countries: geo.tags); a
line without `text` is read from its `body`, so `wiredesk extract`'s lines go in as they
come out (`wiredesk extract *.html | wiredesk geotag`). Each
output line carries the `id` and either the result or an `error` for that line alone; a bad
line never stops the run. The result: `scores` (each country named, with how likely an
editor would file the story under it: geo.scoring; routing reads these), `countries` (the
same, likeliest first), `main` (the likeliest) and `places` (every place mention).

Bounds: a line longer than `MAX_LINE_CHARS` (2,000,000) is skipped without being held in
memory whole, and a `text` longer than `MAX_TEXT_CHARS` (1,000,000, some 150,000 words,
far beyond any news story) is refused with an error. Text with letters but none in Latin or
Cyrillic script is tagged (names in other scripts are not recognised) and the output
carries a `warning` saying so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from wiredesk.geo.tagger import GeoResult, tag

MAX_LINE_CHARS = 2_000_000
MAX_TEXT_CHARS = 1_000_000
_READ_CHUNK = 65_536
_LETTER = re.compile(r"[^\W\d_]")
_LATIN_OR_CYRILLIC = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff]")


def read_lines(stream: IO[str], limit: int = MAX_LINE_CHARS) -> Iterator[str | None]:
    """Lines of `stream` without their newline; None for a line longer than `limit`."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith("\n"):
            while (rest := stream.readline(_READ_CHUNK)) and not rest.endswith("\n"):
                pass
            yield None
            continue
        yield line.rstrip("\r\n")


def result_record(record_id: Any, result: GeoResult) -> dict[str, Any]:
    return {
        "id": record_id,
        "countries": result.countries,
        "main": result.main,
        "scores": result.scores,
        "places": [
            {
                "name": p.name,
                "country": p.country,
                "geonameid": p.geonameid,
                "start": p.start,
                "end": p.end,
                "is_dateline": p.is_dateline,
                "source": p.source,
            }
            for p in result.places
        ],
    }


def _error(record_id: Any, message: str) -> dict[str, Any]:
    return {"id": record_id, "error": message}


def _field(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    return value if isinstance(value, str) else ""


def _tags(record: dict[str, Any]) -> list[str] | None:
    value = record.get("tags")
    if not isinstance(value, list):
        return None
    return [t for t in value if isinstance(t, str)]


def geotag_line(line: str | None) -> dict[str, Any] | None:
    """The output record for one input line; None for a blank line."""
    if line is None:
        return _error(None, f"line longer than {MAX_LINE_CHARS} characters")
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except ValueError as exc:
        return _error(None, f"not JSON: {exc}")
    if not isinstance(record, dict):
        return _error(None, "not a JSON object")
    record_id = record.get("id")
    text = record.get("text", record.get("body"))  # "body": as `wiredesk extract` writes it
    if not isinstance(text, str) or not text.strip():
        return _error(record_id, "no text")
    if len(text) > MAX_TEXT_CHARS:
        return _error(record_id, f"text too long: {len(text)} characters > {MAX_TEXT_CHARS}")
    title, dateline = _field(record, "title"), _field(record, "dateline")
    out = result_record(record_id, tag(text, title, dateline, _tags(record)))
    if _LETTER.search(text) and not _LATIN_OR_CYRILLIC.search(text):
        out["warning"] = "no Latin or Cyrillic letters: names in this script are not recognised"
    return out
