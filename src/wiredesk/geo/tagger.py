"""Find the countries a text concerns, and its main country.

`tag` is what both `wiredesk geotag` and ingest call. It is pure: text in, `GeoResult` out,
with the gazetteer built once per process from packaged data (see gazetteer.py).

The stages, each in its own module with its thresholds documented there:
matcher (longest name match) -> resolve (drop non-places, pick a sense) -> scoring (weigh
by kind, position and role; main country and scores in [0, 1]).

Input is bounded: only the first `MAX_TEXT_CHARS` characters of the body are read (a news
story is a few thousand; beyond that is almost always a scraping accident), and the title
and dateline are cut at `MAX_FIELD_CHARS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wiredesk.geo.dateline import find_dateline
from wiredesk.geo.gazetteer import Gazetteer, gazetteer
from wiredesk.geo.matcher import Mention, Token, add_region_abbreviations, find_mentions
from wiredesk.geo.resolve import Resolved, build_context, drop_noise, resolve
from wiredesk.geo.scoring import Segment, Weighed, country_scores, seat_keys, weigh

MAX_TEXT_CHARS = 200_000
MAX_FIELD_CHARS = 1_000


@dataclass
class Place:
    """One place mention. Offsets index into the field named by `source` ("text", "title"
    or "dateline"); `is_dateline` marks the dateline field and a dateline at the head of the
    text. `kind` is what was recognised ("country", "metonym", "demonym", "admin",
    "county", "city"); `lat`/`lon` are known for cities. `geonameid` is the GeoNames id of
    the city, US state or country (a demonym or metonym carries its country's)."""

    name: str
    country: str
    start: int
    end: int
    geonameid: int | None = None
    is_dateline: bool = False
    source: Segment = "text"
    kind: str = "place"
    lat: float | None = None
    lon: float | None = None


@dataclass
class GeoResult:
    countries: list[str] = field(default_factory=list)
    main: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    places: list[Place] = field(default_factory=list)


@dataclass(slots=True)
class _Field:
    segment: Segment
    text: str
    tokens: list[Token]
    mentions: list[Mention]
    dateline_span: tuple[int, int] | None
    named: set[str]  # keys of every name matched, regions and organisations included


def _read_field(segment: Segment, text: str, gaz: Gazetteer) -> _Field:
    tokens, mentions = find_mentions(text, gaz)
    named = {m.key for m in mentions}
    mentions = add_region_abbreviations(text, drop_noise(text, tokens, mentions), gaz)
    if segment == "dateline":
        span = (0, len(text)) if text.strip() else None
    elif segment == "text":
        span = find_dateline(text)
    else:
        span = None
    return _Field(segment, text, tokens, mentions, span, named)


def _in_dateline(f: _Field, r: Resolved) -> bool:
    return f.dateline_span is not None and (
        f.dateline_span[0] <= r.mention.start < f.dateline_span[1]
    )


def _place(item: Weighed) -> Place:
    m, e = item.place.mention, item.place.entry
    assert e.country is not None
    return Place(
        name=m.name, country=e.country, start=m.start, end=m.end, geonameid=e.geonameid,
        is_dateline=item.is_dateline, source=item.segment,
        kind=e.kind, lat=e.lat, lon=e.lon,
    )


def tag(text: str, title: str = "", dateline: str = "") -> GeoResult:
    """The countries `text` concerns, most relevant first, and its main country."""
    gaz = gazetteer()
    fields = [
        _read_field("dateline", (dateline or "")[:MAX_FIELD_CHARS], gaz),
        _read_field("title", (title or "")[:MAX_FIELD_CHARS], gaz),
        _read_field("text", (text or "")[:MAX_TEXT_CHARS], gaz),
    ]
    ctx = build_context([m for f in fields for m in f.mentions])
    seats = seat_keys(set().union(*(f.named for f in fields)), gaz)
    weighed: list[Weighed] = []
    for f in fields:
        for r in resolve(f.text, f.mentions, ctx, gaz, f.dateline_span):
            weighed.append(weigh(r, f.text, f.segment, _in_dateline(f, r), seats))
    scores, main = country_scores(weighed)
    places = [_place(w) for w in weighed]
    places.sort(key=lambda p: ({"dateline": 0, "title": 1, "text": 2}[p.source], p.start))
    return GeoResult(list(scores), main, scores, places)
