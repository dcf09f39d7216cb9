"""`wiredesk cluster`: JSON lines in, one {id, story} or {id, error} line out per input."""

import io
import json
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

DATA = Path(__file__).parent / "data" / "stories"
REPO = Path(__file__).resolve().parents[1]


def lines_of(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_stdin_gives_one_line_per_article_in_order():
    out = io.StringIO()
    rows = sorted(
        (json.loads(line) for line in (DATA / "crosslang.jsonl").open()),
        key=lambda r: r["published"],
    )
    sorted_file = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    stdin = io.StringIO(sorted_file)
    _run_with_stdin(stdin, out)
    result = lines_of(out.getvalue())
    assert [r["id"] for r in result] == [r["id"] for r in rows]
    assert {r["id"]: r["story"] for r in result} == {r["id"]: f"{r['story']}-en" for r in rows}


def _run_with_stdin(stdin: io.StringIO, out: io.StringIO) -> None:
    old = sys.stdin
    sys.stdin = stdin
    try:
        call_command("cluster", "--format", "jsonl", stdout=out)
    finally:
        sys.stdin = old


def test_bad_lines_report_an_error_and_the_rest_goes_on(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join(
            [
                '{"id": "a", "title": "Earthquake kills 12 in Chile", '
                '"published": "2026-03-02T08:00Z"}',
                "{not json",
                '{"id": "b"}',
                '{"id": "c", "title": "Chile quake", "published": "yesterday"}',
                "[1, 2]",
                "",
                '{"id": 7, "title": "Chile earthquake kills 12", '
                '"published": "2026-03-02T09:00:00"}',
            ]
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("cluster", str(path), stdout=out)
    result = lines_of(out.getvalue())
    assert result[0] == {"id": "a", "story": "a"}
    assert result[1]["id"] is None and result[1]["error"].startswith("not JSON")
    assert result[2] == {"id": "b", "error": "needs an id and a title"}
    assert result[3]["id"] == "c" and "ISO 8601" in result[3]["error"]
    assert result[4] == {"id": None, "error": "not a JSON object"}
    assert result[5] == {"id": "7", "story": "a"}


def test_installed_command_reads_stdin():
    line = '{"id": "x", "title": "Bank of Japan raises rates", "lang": "en"}\n'
    done = subprocess.run(
        [sys.executable, "-m", "wiredesk", "cluster"],
        input=line,
        text=True,
        capture_output=True,
        timeout=60,
        check=True,
    )
    assert lines_of(done.stdout) == [{"id": "x", "story": "x"}]
