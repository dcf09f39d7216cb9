"""`wiredesk geotag`: tag JSON lines with countries, main country and place mentions.

Reads standard input, or the files named as arguments ("-" is standard input), and writes
one JSON line per input line; see wiredesk.geo.jsonl for the record contract and bounds.

`wiredesk geotag --rerun` instead re-tags and re-routes every stored article with the
current tagger, resumably, with a progress bar (editions.retag: the database work lives
with routing, a later stage than the pure tagger, and is imported only for it).
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
        parser.add_argument(
            "--rerun",
            action="store_true",
            help="Re-tag and re-route the stored articles (resumes a stopped pass).",
        )
        parser.add_argument(
            "--restart", action="store_true", help="With --rerun: start a new pass."
        )
        parser.add_argument(
            "--batch", type=int, default=200, help="With --rerun: articles per transaction."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="With --rerun: no progress bar."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rerun"]:
            if options["paths"]:
                raise CommandError("--rerun reads the stored articles, not files")
            self._rerun(options["restart"], options["batch"], not options["no_progress"])
            return
        stdin: IO[str] = options.get("stdin") or sys.stdin
        for path in options["paths"] or ["-"]:
            with _open(path, stdin) as stream:
                for line in read_lines(stream):
                    out = geotag_line(line)
                    if out is not None:
                        self.stdout.write(_dumps(out))

    def _rerun(self, restart: bool, batch: int, progress: bool) -> None:
        from tqdm import tqdm

        from wiredesk.editions.retag import current_run, remaining, rerun

        if batch < 1:
            raise CommandError("--batch must be at least 1")
        run = current_run(restart)
        if run.articles:
            self.stdout.write(f"resuming after article {run.last_article_id}")
        with tqdm(total=remaining(run), unit=" articles", disable=not progress) as bar:
            run = rerun(run, batch, bar.update)
        self.stdout.write(f"re-tagged and re-routed {run.articles} articles ({run.tagger})")


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
