"""`wiredesk geotag`: tag JSON lines with countries, main country and place mentions.

Reads standard input, or the files named as arguments ("-" is standard input), and writes
one JSON line per input line; see wiredesk.geo.jsonl for the record contract and bounds.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wiredesk.geo.jsonl import geotag_line, read_lines


class Command(BaseCommand):
    help = (
        "Read JSON lines with id, text and optional title and dateline; print one JSON line "
        "per input with id, countries, main, scores and places (or an error for that line)."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", help="JSON Lines files (default: stdin).")
        parser.add_argument(
            "--format", choices=["jsonl"], default="jsonl", help="Output format (JSON Lines)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stdin: IO[str] = options.get("stdin") or sys.stdin
        for path in options["paths"] or ["-"]:
            with _open(path, stdin) as stream:
                for line in read_lines(stream):
                    out = geotag_line(line)
                    if out is not None:
                        self.stdout.write(_dumps(out))


def _dumps(record: dict[str, Any]) -> str:
    """One JSON line, UTF-8 where possible; escaped when the input carried characters that
    UTF-8 cannot encode (lone surrogates from "\\ud800" escapes in the input)."""
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record)
    return line


@contextmanager
def _open(path: str, stdin: IO[str]) -> Iterator[IO[str]]:
    if path == "-":
        yield stdin
        return
    try:
        stream = Path(path).open(encoding="utf-8", errors="replace")  # noqa: SIM115
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror or exc}") from exc
    with stream:  # opened above so that a missing file is a CommandError, not a traceback
        yield stream
