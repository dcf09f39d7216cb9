"""`wiredesk extract` prints one JSON object per file; bad files are data."""

import gzip
import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from wiredesk.extract.management.commands.extract import KEYS, file_id

GOLDEN = Path(__file__).parent / "data" / "extract" / "wire-story.html"


def test_extract_command(tmp_path: Path) -> None:
    page = GOLDEN.read_bytes()
    (tmp_path / "one.html").write_bytes(page)
    (tmp_path / "two.html.gz").write_bytes(gzip.compress(page))
    (tmp_path / "bad.htm").write_bytes(b"no markup here")
    out = StringIO()
    call_command(
        "extract",
        "--format",
        "jsonl",
        *(str(tmp_path / n) for n in ("one.html", "bad.htm", "two.html.gz", "missing.html")),
        stdout=out,
    )
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["one", "bad", "two", "missing"]
    assert tuple(rows[0]) == KEYS
    assert rows[0] == rows[2] | {"id": "one"}
    assert rows[0]["published"] == "2024-03-05T09:30:00+01:00"
    assert "error" in rows[1] and "error" in rows[3]


def test_file_id() -> None:
    assert file_id(Path("a/abc.html.gz")) == "abc"
    assert file_id(Path("x.HTM")) == "x"
    assert file_id(Path("page")) == "page"
