"""What a page shows of an article: formatted once, here, not in templates."""

import json
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

import nh3
from django.db.models import Q
from django.utils.safestring import SafeString, mark_safe

from wiredesk.articles.models import Article
from wiredesk.editions.models import Edition
from wiredesk.extract.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from wiredesk.extract.summary import shorten, summary_text
from wiredesk.geo.names import country_name as geo_country_name
from wiredesk.geo.scoring import ABOUT
from wiredesk.site.images import proxied
from wiredesk.site.links import article_slug, article_url, site_url
from wiredesk.site.topics import Topic, topics_of
from wiredesk.site.valid_html import attribute_value, repair_tags

DATE_GAP = timedelta(days=30)
DESCRIPTION_LENGTH = 200
TEASER_LENGTH = 280
# Partner images load lazily, from our host (site.images), and without a Referer.
IMAGE_ATTRIBUTES = {"loading": "lazy", "decoding": "async", "referrerpolicy": "no-referrer"}


def render_body(body_html: str) -> SafeString:
    """Sanitize again at render time, with the ingest's allow-list; images lazy and proxied.

    Ingest already sanitized the body; this second pass costs about 0.1 ms (measured at
    100,000 articles: a twentieth of a page build) and covers rows written any other way
    (the admin, a bulk import, a future bug in ingest), so it is kept rather than skipped.
    Partner images are served through our own host (site.images), and what the sanitizer
    lets through but HTML does not allow is repaired (site.valid_html).
    """
    cleaned = nh3.clean(
        body_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        set_tag_attribute_values={"img": IMAGE_ATTRIBUTES},
        attribute_filter=_attribute,
    )
    return mark_safe(repair_tags(cleaned))


def _attribute(tag: str, attribute: str, value: str) -> str | None:
    """Partner images through our host; values made valid HTML (site.valid_html)."""
    if tag == "img" and attribute == "src":
        return proxied(value)
    return attribute_value(tag, attribute, value)


def country_name(code: str) -> str:
    """The name readers use ("Russia", "Palestine", "DR Congo"): see geo.names."""
    return geo_country_name(code)


def datetime_attribute(value: datetime | None) -> str:
    """A datetime as HTML's <time datetime> takes it: whole seconds (HTML allows at most
    three digits of a second; isoformat gives six), with its offset."""
    return value.isoformat(timespec="seconds") if value else ""


def json_ld(data: dict[str, Any]) -> SafeString:
    """JSON for a <script type="application/ld+json">: "<" escaped so it cannot close the tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)


class ArticleView:
    """An article as one edition shows it."""

    def __init__(
        self, article: Article, edition: Edition, countries: list[tuple[str, bool]] | None = None
    ):
        self.article = article
        self.edition = edition
        self._countries = countries  # (code, is_main) when already read

    def __getattr__(self, name: str):
        return getattr(self.article, name)

    @cached_property
    def slug(self) -> str:
        return article_slug(self.article.headline)

    @cached_property
    def url(self) -> str:
        return article_url(self.edition.slug, self.article.pk, self.slug)

    def _summary(self, length: int) -> str:
        """The partner's summary as plain text, else the story's first sentences, else its
        headline: never empty. Lists read only the text's opening (site.listing)."""
        a = self.article
        opening = getattr(a, "opening", None)
        text = opening if opening is not None else a.body_text
        return summary_text(a.summary, text or "", length) or shorten(a.headline, length)

    @cached_property
    def teaser(self) -> str:
        return self._summary(TEASER_LENGTH)

    @cached_property
    def description(self) -> str:
        return self._summary(DESCRIPTION_LENGTH)

    @cached_property
    def when(self) -> datetime:
        return self.article.published_at or self.article.republished_at

    @cached_property
    def when_attribute(self) -> str:
        return datetime_attribute(self.when)

    @cached_property
    def attribution(self) -> str:
        a = self.article
        when = self.when
        return a.source.licence.attribution_template.format(
            author=", ".join(a.authors) or a.source.name,
            source=a.source.name,
            date=f"{when:%B} {when.day}, {when.year}",
            title=a.headline,
            url=a.url,
            year=a.year,
        )

    @cached_property
    def date_gap(self) -> bool:
        """Republished long after the original: editors should know, readers see both dates."""
        a = self.article
        return bool(a.published_at and a.republished_at - a.published_at > DATE_GAP)

    @cached_property
    def routed_countries(self) -> list[dict[str, Any]]:
        return [
            {
                "code": code,
                "name": country_name(code),
                "is_main": is_main,
                "url": site_url("site:country", self.edition.slug, code.lower()),
            }
            for code, is_main in self._countries_read()
        ]

    def _countries_read(self) -> list[tuple[str, bool]]:
        if self._countries is None:
            about = self.article.countries.filter(Q(score__gte=ABOUT) | Q(by_editor=True))
            return list(about.values_list("country", "is_main"))
        return self._countries

    @cached_property
    def topics(self) -> list[Topic]:
        return topics_of(self.article.categories or [])

    @cached_property
    def topic_links(self) -> list[dict[str, str]]:
        return [
            {"name": t.name, "url": site_url("site:topic", self.edition.slug, t.slug)}
            for t in self.topics
        ]

    @cached_property
    def body(self) -> SafeString:
        return render_body(self.article.body_html)

    @property
    def canonical_to_original(self) -> bool:
        return self.article.source.licence.canonical_to_original

    def canonical(self, absolute: str) -> str:
        """The licence may ask that search engines credit the partner's page, not ours."""
        return self.article.url if self.canonical_to_original else absolute

    def open_graph(self, absolute: str) -> list[tuple[str, str]]:
        a = self.article
        tags = [
            ("og:type", "article"),
            ("og:site_name", self.edition.name),
            ("og:title", a.headline),
            ("og:description", self.description),
            ("og:url", self.canonical(absolute)),
            ("article:published_time", self.when.isoformat()),
        ]
        if a.image_url:
            tags.append(("og:image", a.image_url))
        tags.extend(("article:section", t.name) for t in self.topics[:3])
        return tags

    def news_article(self, absolute: str) -> SafeString:
        """schema.org NewsArticle, naming the partner as publisher and the original as basis."""
        a = self.article
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": shorten(a.headline, 110),
            "description": self.description,
            "datePublished": self.when.isoformat(),
            "dateModified": (a.updated_at or a.republished_at).isoformat(),
            "mainEntityOfPage": absolute,
            "url": absolute,
            "isBasedOn": a.url,
            "inLanguage": a.language or self.edition.language,
            "author": [{"@type": "Person", "name": n} for n in a.authors]
            or [{"@type": "Organization", "name": a.source.name}],
            "publisher": {"@type": "Organization", "name": a.source.name, "url": a.url},
        }
        if a.dateline:
            data["dateline"] = a.dateline
        if a.image_url:
            data["image"] = [a.image_url]
        if a.rights_line:
            data["copyrightNotice"] = a.rights_line
        if self.topics:
            data["articleSection"] = [t.name for t in self.topics]
        return json_ld(data)


def present(articles, edition: Edition) -> list[ArticleView]:
    return [ArticleView(a, edition) for a in articles]


def links(ids: list[int], edition: Edition) -> list[ArticleView]:
    """Articles as bare links (headline, URL, date), in the order of ids: for "See also",
    where a list's full rows (source, licence, the text's opening) would cost three times
    as much to read."""
    rows = Article.objects.filter(pk__in=ids).values_list(
        "pk", "headline", "published_at", "republished_at"
    )
    found = {
        pk: Article(pk=pk, headline=headline, published_at=published, republished_at=republished)
        for pk, headline, published, republished in rows
    }
    return [ArticleView(found[pk], edition) for pk in ids if pk in found]
