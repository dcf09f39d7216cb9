"""`wiredesk extract [--format jsonl] [--url URL] [--template FILE] PATH...`: one JSON per page.

Reads HTML files (also gzip-compressed `.html.gz`) and prints, one line per file, the keys
`id` (the file name less its .html/.htm/.gz endings), url, title, body, body_html, published,
updated (ISO 8601), authors, credits, rights, dateline, image, language, flags. A file that
cannot be read or holds no story gives `{"id": ..., "error": ...}` and the rest goes on.
The code is `wiredesk.extract.extract_page`, the same that ingest calls; `--template` gives
it a site template stored as JSON (`SiteTemplate.to_json`).
"""

import gzip
import json
import re
import zlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wiredesk.errors import ExtractError
from wiredesk.extract import SiteTemplate, extract_page
from wiredesk.extract.decode import MAX_PAGE_BYTES

KEYS = (
    "id",
    "url",
    "title",
    "body",
    "body_html",
    "published",
    "updated",
    "authors",
    "credits",
    "rights",
    "dateline",
    "image",
    "language",
    "flags",
)
_SUFFIXES = re.compile(r"(?:\.gz)?(?:\.html?)?(?:\.gz)?$", re.I)


def file_id(path: Path) -> str:
    """'abc.html.gz' -> 'abc'."""
    return _SUFFIXES.sub("", path.name) or path.name


def read_page(path: Path) -> bytes:
    """The page bytes; gunzipped when the file is gzip, at most MAX_PAGE_BYTES + 1 bytes."""
    with path.open("rb") as fh:
        head = fh.read(2)
    if head == b"\x1f\x8b":
        with gzip.open(path, "rb") as fh:
            return fh.read(MAX_PAGE_BYTES + 1)
    with path.open("rb") as fh:
        return fh.read(MAX_PAGE_BYTES + 1)


def extract_file(path: Path, url: str = "", template: SiteTemplate | None = None) -> dict[str, Any]:
    """One output object for one file; errors become data."""
    ident = file_id(path)
    try:
        article = extract_page(read_page(path), url, template=template)
    except ExtractError as exc:
        return {"id": ident, "error": exc.message}
    except (OSError, EOFError, zlib.error) as exc:
        return {"id": ident, "error": f"unreadable file: {exc}"}
    data = article.to_json()
    data["id"] = ident
    return {key: data[key] for key in KEYS}


class Command(BaseCommand):
    help = "Extract the story of HTML pages; print one JSON object per file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--format", choices=["jsonl"], default="jsonl")
        parser.add_argument("--url", default="", help="the address the page was fetched from")
        parser.add_argument("--template", type=Path, help="a site template as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        template = None
        if options["template"]:
            try:
                data = json.loads(options["template"].read_text(encoding="utf-8"))
                template = SiteTemplate.from_json(data)
            except (OSError, ValueError) as exc:
                raise CommandError(f"cannot read the template: {exc}") from exc
        for path in options["paths"]:
            result = extract_file(path, options["url"], template)
            self.stdout.write(json.dumps(result, ensure_ascii=False))
