"""The stage commands chain: `wiredesk extract`'s lines go into `geotag` and `cluster` as
they come out (its `body` and `language` read as their `text` and `lang`), through real pipes
between the installed console scripts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("wiredesk")

PAGE = """<html lang="en"><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{lead}</p><p>The warehouse, owned by a logistics company, stored paper and furniture; the
cause of the blaze at the Geneva depot is not yet known, a spokesman for the canton said.</p>
</article></body></html>"""


def write_pages(folder: Path) -> list[Path]:
    pages = {
        "fire-1": (
            "Blaze destroys depot",
            "A fire destroyed a warehouse in Geneva, Switzerland, on Monday night; more than "
            "eighty firefighters fought the flames until dawn, the canton's fire service said.",
        ),
        "fire-2": (
            "Crews work until dawn",
            "Firefighters in Geneva worked until dawn on Tuesday to put out the fire that "
            "destroyed a warehouse on Monday night, the canton's fire service said.",
        ),
    }
    paths = []
    for name, (title, lead) in pages.items():
        path = folder / f"{name}.html"
        path.write_text(PAGE.format(title=title, lead=lead), encoding="utf-8")
        paths.append(path)
    return paths


def chain(paths: list[Path], stage: str) -> list[dict]:
    extract = subprocess.Popen(
        [str(SCRIPT), "extract", *map(str, paths)], stdout=subprocess.PIPE, text=True
    )
    done = subprocess.run(
        [str(SCRIPT), stage], stdin=extract.stdout, capture_output=True, text=True, timeout=120
    )
    assert extract.wait(timeout=120) == 0 and done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture
def pages(tmp_path: Path) -> list[Path]:
    if not SCRIPT.exists():
        pytest.skip(f"{SCRIPT} not installed")
    return write_pages(tmp_path)


def test_extract_into_geotag(pages: list[Path]) -> None:
    out = chain(pages, "geotag")
    assert [o["id"] for o in out] == ["fire-1", "fire-2"]
    assert all("error" not in o for o in out), out
    assert [o["main"] for o in out] == ["CH", "CH"]


def test_extract_into_cluster_reads_the_body(pages: list[Path]) -> None:
    out = chain(pages, "cluster")
    assert all("error" not in o for o in out), out
    # the headlines share no word; the bodies tell one fire
    assert out[0]["story"] == out[1]["story"] == "fire-1"
