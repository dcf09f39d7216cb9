"""The article page's fragment: what it reads and how it is put together, kept cheap.

An article page is built on its first view in an edition and then cached (site.views). With
news traffic about half the requests of a busy ten seconds are first views, so the build's
cost is the page's cost. It reads with plain SQL (the ORM's query building cost more than
the queries): one query for the article with its source and licence, one for its countries,
one for its kept "See also" neighbours, one for their links, and one for the other versions
of its story when it has a story. The template gets plain values (strings, dicts), so it
resolves nothing through objects; the dates are formatted here.

The body is sanitized again at render time (presenters.render_body, nh3): it costs about
0.1 ms of a 2 ms build, and it covers rows written without the ingest's sanitizer.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import get_text_list

from wiredesk.articles.models import Article, ArticleCountry
from wiredesk.editions.models import Edition
from wiredesk.extract.credits import others_credits
from wiredesk.geo.scoring import ABOUT
from wiredesk.site.images import proxied
from wiredesk.site.links import article_slug, article_url, site_url
from wiredesk.site.listing import TEASER_SOURCE
from wiredesk.site.pages import Fragment, render_fragment
from wiredesk.site.presenters import ArticleView, datetime_attribute
from wiredesk.sources.models import Licence, Source

SEE_ALSO = 5

# The article's columns the page shows, read beside its source's and licence's.
COLUMNS = (
    "id", "headline", "dateline", "summary", "body_html", "url", "image_url", "authors",
    "credits", "rights_line", "language", "categories", "published_at", "updated_at",
    "republished_at", "story_id",
)  # fmt: skip
JSON_COLUMNS = ("authors", "credits", "categories")
DATE_COLUMNS = ("published_at", "updated_at", "republished_at")


def _aware(value: Any) -> datetime | None:
    """A datetime from a plain-SQL row: SQLite gives naive UTC (or text), PostgreSQL aware."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def read_article(article_id: int) -> Article | None:
    """The article with its source and licence (the fields the page shows), in one query;
    of its text only the opening, for the description when the partner gave no summary."""
    columns = ", ".join(f"a.{c}" for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, substr(a.body_text, 1, {TEASER_SOURCE}), "
            "s.id, s.name, l.id, l.attribution_template, "
            f"l.canonical_to_original FROM {Article._meta.db_table} a "
            f"JOIN {Source._meta.db_table} s ON s.id = a.source_id "
            f"JOIN {Licence._meta.db_table} l ON l.id = s.licence_id WHERE a.id = %s",
            [article_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    fields = dict(zip(COLUMNS, row, strict=False))
    for name in JSON_COLUMNS:
        fields[name] = _json(fields[name]) or []
    for name in DATE_COLUMNS:
        fields[name] = _aware(fields[name])
    opening, source_id, source_name, licence_id, attribution, canonical = row[len(COLUMNS) :]
    licence = Licence(
        pk=licence_id, attribution_template=attribution, canonical_to_original=bool(canonical)
    )
    source = Source(pk=source_id, name=source_name, licence_id=licence_id)
    source.licence = licence
    article = Article(**fields, source_id=source_id)
    article.source = source
    article.opening = opening or ""  # type: ignore[attr-defined]  # as site.listing reads it
    return article


def _countries(article_id: int) -> list[tuple[str, bool]]:
    """The countries the story is about (geo.scoring.ABOUT or set by an editor), not every
    one it names."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT country, is_main FROM {ArticleCountry._meta.db_table} "
            "WHERE article_id = %s AND (score >= %s OR by_editor) ORDER BY id",
            [article_id, ABOUT],
        )
        return [(code, bool(is_main)) for code, is_main in cursor.fetchall()]


def _links(ids: list[int]) -> dict[int, tuple[str, datetime]]:
    """Headline and date of these articles, by id."""
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, headline, coalesce(published_at, republished_at) "
            f"FROM {Article._meta.db_table} WHERE id IN ({marks})",
            ids,
        )
        return {pk: (headline, _aware(when)) for pk, headline, when in cursor.fetchall()}


def _versions(
    article: Article, edition: Edition, visible: frozenset[int]
) -> tuple[list[dict], list[dict]]:
    """The article's story, split for the reader: other sources' reports of the event
    ("Also reported by", never the article's own source) and the same source's other
    reports in time order ("Earlier coverage" and its follow-ups), each linking to our
    page when this edition carries it."""
    if not article.story_id:
        return [], []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.id, a.headline, a.url, s.name, a.source_id, "
            f"coalesce(a.published_at, a.republished_at) FROM {Article._meta.db_table} a "
            f"JOIN {Source._meta.db_table} s ON s.id = a.source_id "
            "WHERE a.story_id = %s AND a.id <> %s ORDER BY a.published_at, a.id",
            [article.story_id, article.pk],
        )
        rows = cursor.fetchall()
    others, own = [], []
    mine = article.published_at or article.republished_at
    for pk, headline, url, source, source_id, when in rows:
        entry = {
            "pk": pk,
            "source": source,
            "headline": headline,
            "url": _article_url(edition, pk, headline) if pk in visible else url,
            "ours": pk in visible,
        }
        if source_id != article.source_id:
            others.append(entry)
            continue
        when = _aware(when)
        entry |= {"date": _date(when), "earlier": bool(when and mine and when <= mine)}
        own.append(entry)
    return others, own


def _article_url(edition: Edition, pk: int, headline: str) -> str:
    return article_url(edition.slug, pk, article_slug(headline))


MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def _date(value: datetime | None, with_time: bool = False) -> str:
    """The date as the |date filter's "j F Y" (with_time: "j F Y, H:i e") writes it in
    English, in the site's time zone; dateformat costs ten times as much."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    day = f"{local.day} {MONTHS[local.month - 1]} {local.year}"
    return f"{day}, {local:%H:%M} {local.tzname() or ''}".rstrip() if with_time else day


@dataclass(frozen=True)
class Related:
    see_also: list[dict[str, str]]
    versions: list[dict]  # other sources' reports of the event
    coverage: list[dict]  # the same source's other reports of it, in time order


def _see_also(
    article: Article, edition: Edition, now: datetime, visible: frozenset[int], shown: set[int]
):
    """ "See also": the article's kept neighbours that the edition shows (site.search),
    less the reports of its own story, which the page lists already (`shown`)."""
    from wiredesk.site.search import see_also_ids

    ids = [pk for pk in see_also_ids(article, edition, now, visible) if pk not in shown]
    ids = ids[:SEE_ALSO]
    found = _links(ids)
    return [
        {
            "url": _article_url(edition, pk, found[pk][0]),
            "headline": found[pk][0],
            "date": _date(found[pk][1]),
        }
        for pk in ids
        if pk in found
    ]


def context(view: ArticleView, edition: Edition, related: Related) -> dict[str, Any]:
    """Everything the template shows, as plain values."""
    a = view.article
    return {
        "headline": a.headline,
        "topics": view.topic_links,
        "attribution": view.attribution,
        "dateline": a.dateline,
        "authors": get_text_list(a.authors, "and"),
        "source_url": a.url,
        "source_name": a.source.name,
        "published_iso": datetime_attribute(a.published_at),
        "published": _date(a.published_at, with_time=True),
        "republished_iso": datetime_attribute(a.republished_at),
        "republished": _date(a.republished_at, with_time=True),
        "image_url": proxied(a.image_url) if a.image_url else "",
        "body": view.body,
        "credits": get_text_list(others_credits(a.credits, a.source.name), "and"),
        "rights_line": a.rights_line,
        "countries": view.routed_countries,
        "versions": related.versions,
        "earlier": [c for c in related.coverage if c["earlier"]],
        "later": [c for c in related.coverage if not c["earlier"]],
        "story_url": site_url("site:story", edition.slug, a.story_id) if a.story_id else "",
        "see_also": related.see_also,
        "more_url": site_url("site:more", edition.slug),
        "more_label": f"More {edition.country_label} News",
    }


def build(
    request: HttpRequest, edition: Edition, article_id: int, now: datetime, visible: frozenset[int]
) -> Fragment:
    article = read_article(article_id) if article_id in visible else None
    if article is None:
        raise Http404("No such article in this edition")
    view = ArticleView(article, edition, countries=_countries(article_id))
    versions, coverage = _versions(article, edition, visible)
    shown = {entry["pk"] for entry in versions + coverage}
    related = Related(_see_also(article, edition, now, visible, shown), versions, coverage)
    absolute = request.build_absolute_uri(view.url)
    head = format_html(
        '<link rel="canonical" href="{}">\n<meta name="description" content="{}">\n{}'
        '<script type="application/ld+json">{}</script>',
        view.canonical(absolute),
        view.description,
        format_html_join("", '<meta property="{}" content="{}">\n', view.open_graph(absolute)),
        view.news_article(absolute),
    )
    return render_fragment(
        "site/article.html",
        context(view, edition, related),
        f"{article.headline} – {edition.name}",
        head,
        slug=view.slug,
        url=view.url,
        date_gap=view.date_gap,
    )
