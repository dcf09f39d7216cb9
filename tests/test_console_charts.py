"""The console's pure parts: SVG charts, the map's shapes and the country-code parser."""

import io
import itertools
import json
import xml.etree.ElementTree as ET

import pytest

from wiredesk.console import svg, worldmap
from wiredesk.console.actions import EditorialError, parse_countries
from wiredesk.console.intake import top_series

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    """Well-formed XML or the test fails; inline SVG in HTML needs no namespace, XML does."""
    return ET.fromstring(markup.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def test_sparkline_marks_each_day_and_the_last():
    root = parse(svg.sparkline([0, 3, 1, 6], label="Feed <a>"))
    points = root.find(f"{SVG}polyline").get("points").split()
    assert len(points) == 4
    assert root.find(f"{SVG}title").text == "Feed <a>"  # escaped in markup, intact as text
    # The highest value touches the top margin, zero sits on the bottom one.
    assert points[3].endswith(",2") and points[0].endswith(",22")
    assert parse(svg.sparkline([])).find(f"{SVG}polyline") is None


def test_stacked_bars_stack_series_and_label_them():
    series = [svg.Series("Global Voices", (1, 0, 4)), svg.Series("RFE/RL & co", (2, 0, 1))]
    root = parse(svg.stacked_bars(["10:00", "11:00", "12:00"], series, "Per hour"))
    rects = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    titles = [r.find(f"{SVG}title").text for r in rects]
    assert titles == [
        "Global Voices, 10:00: 1",
        "RFE/RL & co, 10:00: 2",
        "Global Voices, 12:00: 4",
        "RFE/RL & co, 12:00: 1",
    ]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Global Voices (5)" in texts and "RFE/RL & co (3)" in texts
    assert "5" in texts  # the axis top: a nice number at least the tallest column


@pytest.mark.parametrize(("value", "top"), [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20), (42, 50)])
def test_nice_top(value, top):
    assert svg.nice_top(value) == top


def test_shades_grow_with_counts_on_a_log_scale():
    assert svg.shade(0, 100) == 0
    levels = [svg.shade(n, 100) for n in (1, 3, 10, 30, 100)]
    assert levels == sorted(levels) and levels[0] == 1 and levels[-1] == len(svg.SHADES) - 1
    steps = svg.legend_steps(100)
    assert steps[0] == (svg.SHADES[0], "0") and steps[-1][1].endswith("100")


def test_choropleth_shades_countries_by_count():
    shapes = {"CH": ("Switzerland", "M0,0L1,0L1,1Z"), "FR": ("France <x>", "M2,2L3,2L3,3Z")}
    root = parse(svg.choropleth(shapes, {"CH": 4}, "Today", 10, 5))
    paths = {p.get("data-country"): p for p in root.iter(f"{SVG}path")}
    assert paths["CH"].get("fill") == svg.SHADES[-1] and paths["CH"].get("data-count") == "4"
    assert paths["FR"].get("fill") == svg.SHADES[0]
    assert paths["FR"].find(f"{SVG}title").text == "France <x>: 0"


def test_topojson_arcs_become_projected_rings():
    # One square of two arcs, the second used reversed (~1), quantised with a transform.
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [10, 0], [0, 10]], [[0, 0], [10, 0], [0, 10]]],
        "objects": {
            "countries": {
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, ~1]], "id": "756", "properties": {}},
                    {"type": "Polygon", "arcs": [[0]], "id": None, "properties": {"name": "N"}},
                ]
            }
        },
    }
    world = worldmap.convert(topology)
    assert list(world["countries"]) == ["CH"]  # the shape with no code is left out
    _name, path = world["countries"]["CH"]
    assert path.startswith("M") and path.endswith("Z")
    x, y = worldmap.project(10, 10)
    assert f"{round(x, 1):g},{round(y, 1):g}" in path


def test_rings_crossing_the_antimeridian_stay_continuous():
    ring = [(170.0, 60.0), (179.0, 61.0), (-179.0, 62.0), (-170.0, 60.0), (170.0, 60.0)]
    lons = [lon for lon, _ in worldmap.unwrap(ring)]
    assert lons == [170.0, 179.0, 181.0, 190.0, 170.0]
    assert all(abs(b - a) <= 180 for a, b in itertools.pairwise(lons))


def test_console_world_command_writes_the_map(tmp_path):
    from django.core.management import call_command

    topology = {
        "type": "Topology",
        "arcs": [[[6.0, 46.0], [10.0, 46.0], [10.0, 47.5], [6.0, 46.0]]],
        "objects": {"countries": {"geometries": [{"type": "Polygon", "arcs": [[0]], "id": "756"}]}},
    }
    source, out = tmp_path / "t.json", tmp_path / "world.json"
    source.write_text(json.dumps(topology))
    call_command("console_world", str(source), "--out", str(out), stdout=io.StringIO())
    world = json.loads(out.read_text())
    assert list(world["countries"]) == ["CH"] and world["width"] == worldmap.WIDTH


def test_shipped_map_has_the_demo_countries():
    world = json.loads(worldmap.DATA.read_text())
    assert {"CH", "RU", "CN", "US", "IN", "BR", "XK"} <= set(world["countries"])
    assert "AQ" not in world["countries"]
    assert (worldmap.DATA.parent / "README.md").read_text().count("public domain") >= 1


def test_top_series_folds_the_smallest_into_other():
    buckets = [1, 2]
    counts = {f"s{n}": {1: n, 2: 1} for n in range(10)}
    series = top_series(counts, buckets, limit=4)
    assert [s.name for s in series] == ["s9", "s8", "s7", "Other (7)"]
    assert series[-1].values == (sum(range(7)), 7)


def test_parse_countries():
    assert parse_countries("ch, fr;de ch") == ["CH", "FR", "DE"]
    assert parse_countries("xk") == ["XK"]
    for bad in ("", "ZZ", "Switzerland"):
        with pytest.raises(EditorialError):
            parse_countries(bad)


def test_audit_states_read_as_words():
    from wiredesk.console.templatetags.console import state_summary

    before = {
        "countries": [{"country": "RU", "score": 1.0, "main": True, "by_editor": False}],
        "editions": ["russia"],
    }
    assert state_summary(before) == "countries: RU 1.00 (main); editions: russia"
    after = {"from": {"edition": "europe", "hidden": True}, "editions": []}
    assert state_summary(after) == "from: (edition=europe; hidden=True); editions: none"
