"""`wiredesk extract` prints one JSON object per file; bad files are data."""

import gzip
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wiredesk.extract import SiteTemplate
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


def test_extract_command_with_template(tmp_path: Path) -> None:
    template = SiteTemplate.learn([["Coastline Media Group publishes regional news daily."]] * 2)
    (tmp_path / "t.json").write_text(json.dumps(template.to_json()))
    (tmp_path / "a.html").write_bytes(GOLDEN.read_bytes())
    out = StringIO()
    call_command(
        "extract", "--template", str(tmp_path / "t.json"), str(tmp_path / "a.html"), stdout=out
    )
    assert json.loads(out.getvalue())["id"] == "a"
    with pytest.raises(CommandError):
        call_command(
            "extract",
            "--template",
            str(tmp_path / "missing.json"),
            str(tmp_path / "a.html"),
            stdout=StringIO(),
        )


def test_installed_command(tmp_path: Path) -> None:
    """The `wiredesk` script itself, as an operator runs it."""
    script = Path(sys.executable).parent / "wiredesk"
    if not script.exists():
        pytest.skip("the wiredesk script is not installed in this environment")
    (tmp_path / "one.html").write_bytes(GOLDEN.read_bytes())
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wiredesk.settings"}
    done = subprocess.run(
        [str(script), "extract", str(tmp_path / "one.html")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == "Harbour Council Approves New Ferry Line"
