"""Country shapes for the console's map: TopoJSON in, SVG path data by ISO code out.

The shapes are Natural Earth's 1:110m admin-0 countries (public domain) as packaged in
TopoJSON by the npm package `world-atlas` 2.0.2 (ISC). `wiredesk console_world <file>`
converts that file once into `data/world-110m.json`, which ships with the code, so nothing
is fetched at run time (see data/README.md).

Projection: equirectangular (plate carrée), cropped to 84°N-60°S, since Antarctica gets no
stories and the crop gives the inhabited world more room. It distorts area towards the
poles (Greenland and Russia look large) but it is exact, simple, and good enough to see
where the stories are; a shape is never used for measuring.

World-atlas names countries by ISO 3166-1 numeric codes; we key them by alpha-2, as
ArticleCountry does. Three shapes have no numeric code: Kosovo takes the user-assigned
"XK" (what our gazetteer uses), Northern Cyprus and Somaliland are left out (stories about
them are tagged CY and SO).
"""

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

DATA = Path(__file__).with_name("data") / "world-110m.json"
WIDTH = 1000.0
NORTH, SOUTH = 84.0, -60.0
SCALE = WIDTH / 360.0
HEIGHT = (NORTH - SOUTH) * SCALE
NAMED_WITHOUT_CODE = {"Kosovo": "XK"}


def project(lon: float, lat: float) -> tuple[float, float]:
    """Longitude and latitude to map coordinates (y grows downwards, as in SVG)."""
    return (lon + 180.0) * SCALE, (NORTH - lat) * SCALE


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Each arc as absolute longitude/latitude points (undoing quantisation and deltas)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: Iterable[int], arcs: list[list[tuple[float, float]]]) -> list:
    """A ring's points from its arc indexes; a negative index ~i is arc i reversed."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])  # arcs share their end points
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Keep a ring continuous where it crosses the antimeridian (Russia, Fiji).

    A step of more than 180° in longitude is the ring going round the back of the globe;
    shifting the rest by 360° draws it past the map's edge (clipped) instead of a band
    across the whole map.
    """
    out: list[tuple[float, float]] = []
    shift = 0.0
    for lon, lat in points:
        if out:
            step = lon + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def ring_path(points: list[tuple[float, float]]) -> str:
    """SVG path data of one closed ring, with repeated points (after rounding) dropped."""
    out: list[str] = []
    last = None
    for lon, lat in unwrap(points):
        x, y = project(lon, max(min(lat, NORTH), SOUTH))
        here = (round(x, 1), round(y, 1))
        if here == last:
            continue
        last = here
        out.append(f"{here[0]:g},{here[1]:g}")
    if len(out) < 3:
        return ""
    return "M" + "L".join(out) + "Z"


def geometry_path(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> str:
    kind = geometry.get("type")
    polygons = (
        [geometry["arcs"]]
        if kind == "Polygon"
        else geometry["arcs"]
        if kind == "MultiPolygon"
        else []
    )
    return "".join(ring_path(ring_points(ring, arcs)) for polygon in polygons for ring in polygon)


def alpha2(geometry: dict[str, Any]) -> str | None:
    name = (geometry.get("properties") or {}).get("name", "")
    if geometry.get("id") is None:
        return NAMED_WITHOUT_CODE.get(name)
    country = pycountry.countries.get(numeric=str(geometry["id"]).zfill(3))
    return country.alpha_2 if country else None


def convert(topology: dict[str, Any], layer: str = "countries") -> dict[str, Any]:
    """A world-atlas topology to {"width", "height", "countries": {alpha2: [name, path]}}."""
    arcs = decode_arcs(topology)
    countries: dict[str, list[str]] = {}
    for geometry in topology["objects"][layer]["geometries"]:
        code = alpha2(geometry)
        if code is None or code == "AQ":
            continue
        path = geometry_path(geometry, arcs)
        if path:
            name = (geometry.get("properties") or {}).get("name", code)
            countries[code] = [name, path]
    return {"width": WIDTH, "height": round(HEIGHT, 1), "countries": countries}


@cache
def shapes() -> dict[str, Any]:
    """The shipped map, read once per process."""
    return json.loads(DATA.read_text(encoding="utf-8"))
