"""`wiredesk geotag`: JSON lines in and out, one bad line never stops the run."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from wiredesk.geo.jsonl import MAX_TEXT_CHARS, geotag_line, read_lines


def run(stdin_text: str = "", *paths: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    call_command("geotag", *paths, stdin=io.StringIO(stdin_text), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_one_line_per_input_and_errors_per_line() -> None:
    lines = [
        json.dumps(
            {
                "id": "a",
                "text": "Protests in Moscow and St. Petersburg.",
                "title": "Russia",
                "dateline": "MOSCOW",
            }
        ),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": "   "}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": 7, "text": "Talks in Kyiv, Ukraine."}),
    ]
    out = run("\n".join(lines) + "\n")
    assert [o.get("id") for o in out] == ["a", None, "b", "c", None, 7]
    assert out[0]["main"] == "RU" and out[0]["countries"][0] == "RU"
    assert {p["name"] for p in out[0]["places"]} >= {"Moscow", "St. Petersburg", "MOSCOW"}
    dateline = [p for p in out[0]["places"] if p["is_dateline"]]
    assert dateline and dateline[0]["source"] == "dateline"
    assert set(out[0]["places"][0]) >= {
        "name",
        "country",
        "geonameid",
        "start",
        "end",
        "is_dateline",
    }
    assert "error" in out[1] and out[2]["error"] == "no text" and out[3]["error"] == "no text"
    assert out[4]["error"] == "not a JSON object"
    assert out[5]["main"] == "UA"


def test_reads_files_given_as_arguments(tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps({"id": 1, "text": "Floods in Bavaria, Germany."}) + "\n", "utf-8")
    assert run("", str(f), "--format", "jsonl")[0]["main"] == "DE"


def test_missing_file_is_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        run("", str(tmp_path / "absent.jsonl"))


def test_huge_text_is_refused_for_that_line_only() -> None:
    huge = json.dumps({"id": "big", "text": "x" * (MAX_TEXT_CHARS + 1)})
    ok = json.dumps({"id": "ok", "text": "Paris"})
    out = run(huge + "\n" + ok + "\n")
    assert out[0]["id"] == "big" and "too long" in out[0]["error"]
    assert out[1]["countries"] == ["FR"]


def test_overlong_line_is_skipped_without_reading_it_whole() -> None:
    stream = io.StringIO("a" * 50 + "\n" + '{"id": 1, "text": "Peru"}\n')
    lines = list(read_lines(stream, limit=30))
    assert lines[0] is None and json.loads(lines[1] or "")["id"] == 1
    assert geotag_line(None) == {"id": None, "error": "line longer than 2000000 characters"}


def test_other_scripts_are_flagged() -> None:
    out = geotag_line(json.dumps({"id": 1, "text": "東京で会議が開かれた"}))
    assert out is not None and out["countries"] == [] and "warning" in out


def test_installed_console_script() -> None:
    script = Path(sys.executable).with_name("wiredesk")
    if not script.exists():
        pytest.skip(f"{script} not installed")
    lines = json.dumps({"id": "x", "text": "ROME (AP) - The Vatican said."}) + "\nnope\n"
    done = subprocess.run(
        [str(script), "geotag"], input=lines, capture_output=True, text=True, timeout=60, check=True
    )
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert out[0]["main"] == "IT" and out[0]["places"][0]["is_dateline"]
    assert out[1] == {"id": None, "error": out[1]["error"]}


def test_lone_surrogates_in_input_do_not_break_the_output() -> None:
    out = run('{"id": "\\ud800", "text": "Talks in Oslo \\udfff."}\n')
    assert out[0]["id"] == "\ud800" and out[0]["countries"] == ["NO"]


def test_scores_are_what_routing_reads_and_tags_count() -> None:
    text = (
        "The finance minister of Peru met bankers in New York. Chile's central bank "
        "watched. Peru's economy grew."
    )
    plain, tagged = run(
        json.dumps({"id": 1, "text": text})
        + "\n"
        + json.dumps({"id": 2, "text": text, "tags": ["Chile", 7]})
        + "\n"
    )
    assert plain["countries"] == list(plain["scores"]) and plain["main"] == "PE"
    assert tagged["scores"]["CL"] > plain["scores"]["CL"]
