"""Find the countries a text concerns, and its main country.

`tag` is what both `wiredesk geotag` and ingest call. It is pure: text in, `GeoResult` out,
with the gazetteer built once per process from packaged data (see gazetteer.py).

The stages, each in its own module with its thresholds documented there:
matcher (longest name match) -> resolve (drop non-places, pick a sense) -> evidence (what
each mention says: position, venue, quote, currency, list, translation...) -> features
(per country) -> scoring (the fitted model's likelihood that the story is about each
country; the main country is the likeliest). `read_story` stops before scoring: fit.py
fits the model on what it returns.

Input is bounded: only the first `MAX_TEXT_CHARS` characters of the body are read (a news
story is a few thousand; beyond that is almost always a scraping accident), and the title
and dateline are cut at `MAX_FIELD_CHARS`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from wiredesk.geo.dateline import find_dateline
from wiredesk.geo.evidence import (
    LEAD_CHARS,
    Evidence,
    Segment,
    is_company,
    is_currency,
    is_institution,
    is_list_gap,
    is_market,
    is_possessive,
    is_venue,
    paragraph_starts,
    quote_spans,
    sentence_starts,
)
from wiredesk.geo.features import Story
from wiredesk.geo.gazetteer import Entry, Gazetteer, gazetteer
from wiredesk.geo.language import foreign_paragraphs
from wiredesk.geo.matcher import Mention, Token, add_region_abbreviations, find_mentions
from wiredesk.geo.noise import SMALL_CITY_POP, drop_noise
from wiredesk.geo.resolve import Resolved, build_context, resolve
from wiredesk.geo.scoring import country_scores, seat_keys
from wiredesk.geo.tags import partner_filing

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
    if segment == "dateline":
        span = (0, len(text)) if text.strip() else None
    elif segment == "text":
        span = find_dateline(text)
    else:
        span = None
    kept = drop_noise(text, tokens, mentions, span)
    mentions = add_region_abbreviations(text, kept, gaz, span)
    return _Field(segment, text, tokens, mentions, span, named)


def _in_dateline(f: _Field, r: Resolved) -> bool:
    return f.dateline_span is not None and (
        f.dateline_span[0] <= r.mention.start < f.dateline_span[1]
    )


def _place(e: Evidence, r: Resolved) -> Place:
    m, entry = r.mention, r.entry
    assert entry.country is not None
    return Place(
        name=m.name,
        country=entry.country,
        start=m.start,
        end=m.end,
        geonameid=entry.geonameid,
        is_dateline=e.is_dateline,
        source=e.segment,
        kind=entry.kind,
        lat=entry.lat,
        lon=entry.lon,
    )


def _field_evidence(f: _Field, resolved: list[Resolved], seats: set[str]) -> list[Evidence]:
    """The facts of each resolved mention of one field (see evidence.py)."""
    paragraphs = paragraph_starts(f.text) if f.segment == "text" else [0]
    quotes = quote_spans(f.text)
    sentences = sentence_starts(f.text)
    out = []
    for r in resolved:
        m, entry = r.mention, r.entry
        assert entry.country is not None
        paragraph = bisect_right(paragraphs, m.start) - 1
        out.append(
            Evidence(
                country=entry.country,
                kind=entry.kind,
                segment=f.segment,
                start=m.start,
                end=m.end,
                is_dateline=_in_dateline(f, r),
                paragraph=paragraph,
                lead=f.segment == "text" and (m.start < LEAD_CHARS or paragraph == 0),
                venue=is_venue(f.text, m.start, m.end, entry.kind),
                seat=entry.kind == "city" and m.key in seats,
                quote=_inside(quotes, m.start),
                currency=is_currency(f.text, m.start, m.end, entry.kind == "demonym"),
                container=r.container,
                first_sentence=f.segment == "text" and bisect_right(sentences, m.start) == 1,
                possessive=is_possessive(f.text, m.end),
                institution=is_institution(f.text, m.start, m.end),
                company=is_company(f.text, m.end),
                market=is_market(f.text, m.end),
            )
        )
    if f.segment == "text" and len(paragraphs) > 1:
        towns = {i for i, r in enumerate(resolved) if _small_town(r.entry)}
        _mark_translations(f.text, paragraphs, out, towns)
    _count_crowds(f.text, out)
    return out


def _small_town(e: Entry) -> bool:
    return e.kind == "city" and not e.capital and e.population < SMALL_CITY_POP


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Is `pos` inside one of these sorted, disjoint spans?"""
    i = bisect_right(spans, (pos, len(spans) and spans[-1][1] + 1)) - 1
    return i >= 0 and spans[i][0] < pos < spans[i][1]


def _count_crowds(text: str, evidence: list[Evidence]) -> None:
    """Set each mention's crowd: the other countries of the list it stands in. Mentions
    follow one another in a list when only separators lie between them (", ", " and ",
    ":" and a line break, "In"): "Holland, Belgium and Luxembourg"; "In Zurich,
    Switzerland:\n\nIn Paris, France:"."""
    run: list[Evidence] = []
    for e in evidence:  # in text order
        if run and not is_list_gap(text[run[-1].end : e.start]):
            _set_crowd(run)
            run = []
        run.append(e)
    _set_crowd(run)


def _set_crowd(run: list[Evidence]) -> None:
    countries = {e.country for e in run if e.counts}
    for e in run:
        e.crowd = len(countries - {e.country})


def _mark_translations(
    text: str, starts: list[int], evidence: list[Evidence], towns: set[int]
) -> None:
    """A mention in a foreign-language paragraph whose neighbour names the same country is
    the quote's translation counted twice: it stops counting. A small town there (`towns`:
    indexes into `evidence`) is no place (evidence.py)."""
    bounds = [*starts[1:], len(text)]
    foreign = foreign_paragraphs([text[a:b] for a, b in zip(starts, bounds, strict=True)])
    if not foreign:
        return
    named: dict[int, set[str]] = {}
    for e in evidence:
        if e.paragraph not in foreign:
            named.setdefault(e.paragraph, set()).add(e.country)
    for i, e in enumerate(evidence):
        if e.paragraph not in foreign:
            continue
        neighbours = named.get(e.paragraph - 1, set()) | named.get(e.paragraph + 1, set())
        e.translated = e.country in neighbours
        e.foreign_town = i in towns


def read_story(text: str, title: str = "", dateline: str = "") -> tuple[Story, list[Place]]:
    """The story's evidence for the model and its place mentions, in reading order."""
    gaz = gazetteer()
    text = (text or "")[:MAX_TEXT_CHARS]
    fields = [
        _read_field("dateline", (dateline or "")[:MAX_FIELD_CHARS], gaz),
        _read_field("title", (title or "")[:MAX_FIELD_CHARS], gaz),
        _read_field("text", text, gaz),
    ]
    companies = frozenset(m.key for f in fields for m in f.mentions if is_company(f.text, m.end))
    ctx = build_context([m for f in fields for m in f.mentions], companies)
    seats = seat_keys(set().union(*(f.named for f in fields)), gaz)
    story = Story(text_chars=len(text), paragraphs=len(paragraph_starts(text)))
    places: list[Place] = []
    for f in fields:
        resolved = resolve(f.text, f.mentions, ctx, gaz, f.dateline_span, f.segment == "title")
        evidence = _field_evidence(f, resolved, seats)
        story.evidence.extend(evidence)
        places.extend(
            _place(e, r) for e, r in zip(evidence, resolved, strict=True) if not e.is_not_a_place
        )
    return story, places


def tag(
    text: str, title: str = "", dateline: str = "", tags: Iterable[str] | None = None
) -> GeoResult:
    """The countries `text` mentions, most likely subject first, each with the likelihood
    that an editor would file the story under it, and its main country. `tags` are the
    partner's own categories, given only for a source marked as tagging countries."""
    story, places = read_story(text, title, dateline)
    scores = country_scores(story, partner_filing(tags, title))
    main = next(iter(scores), None)
    return GeoResult(list(scores), main, scores, places)
