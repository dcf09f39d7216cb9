"""Sitemaps (Django's framework), a Google News sitemap, and robots.txt, per edition.

Each edition's sitemap index names an articles sitemap (paged, 5,000 URLs a page, well under
the protocol's 50,000 and quick to render) and a sitemap of its other pages. The news sitemap
lists what we republished in the last two days, as Google News asks, at most 1,000 URLs.
"""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wiredesk.articles.models import Article
from wiredesk.editions.models import Edition
from wiredesk.site.cache import cached
from wiredesk.site.listing import edition_ids, fetch, visible_set
from wiredesk.site.models import ArticleEntry
from wiredesk.site.pages import edition_or_404, version
from wiredesk.site.presenters import ArticleView

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


class LazyArticles(Sequence):
    """The edition's ids, read as rows only for the slice the sitemap paginator asks for."""

    def __init__(self, ids: list[int]):
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            wanted = self.ids[index]
            found = Article.objects.only("id", "headline", "updated_at", "republished_at").in_bulk(
                wanted
            )
            return [found[pk] for pk in wanted if pk in found]
        return self[index : index + 1][0]


class ArticleSitemap(Sitemap):
    limit = 5000
    changefreq = "monthly"

    def __init__(self, edition: Edition, version: str):
        self.edition = edition
        self.version = version

    def items(self) -> LazyArticles:
        return LazyArticles(edition_ids(self.edition, timezone.now(), self.version))

    def location(self, item) -> str:
        return ArticleView(item, self.edition).url

    def lastmod(self, item):
        return item.updated_at or item.republished_at


class PageSitemap(Sitemap):
    changefreq = "hourly"

    def __init__(self, edition: Edition):
        self.edition = edition

    def items(self) -> list[str]:
        return ["site:front", "site:more", "site:archive"]

    def location(self, item: str) -> str:
        return reverse(item, args=[self.edition.slug])


def _sections(edition: Edition, version: str) -> dict[str, Sitemap]:
    return {"articles": ArticleSitemap(edition, version), "pages": PageSitemap(edition)}


def _cached_response(request: HttpRequest, key: str, build) -> HttpResponse:
    body, content_type = cached(version(request), f"{request.get_host()}:{key}", build)
    return HttpResponse(body, content_type=content_type)


def sitemap_index(request: HttpRequest, edition: str) -> HttpResponse:
    current = edition_or_404(request, edition)

    def build() -> tuple[bytes, str]:
        locations = []
        for name, section in _sections(current, version(request)).items():
            url = request.build_absolute_uri(reverse("site:sitemap", args=[current.slug, name]))
            pages = section.paginator.num_pages
            locations += [url] + [f"{url}?p={n}" for n in range(2, pages + 1)]
        body = render_to_string("site/sitemap_index.xml", {"locations": locations})
        return body.encode(), "application/xml; charset=utf-8"

    return _cached_response(request, f"sitemap:{current.slug}", build)


def sitemap(request: HttpRequest, edition: str, section: str) -> HttpResponse:
    current = edition_or_404(request, edition)
    page = request.GET.get("p", "1")

    def build() -> tuple[bytes, str]:
        response = sitemap_views.sitemap(
            request, _sections(current, version(request)), section=section
        )
        response.render()
        return response.content, response["Content-Type"]

    return _cached_response(request, f"sitemap:{current.slug}:{section}:{page[:6]}", build)


def news_sitemap(request: HttpRequest, edition: str) -> HttpResponse:
    current = edition_or_404(request, edition)

    def build() -> tuple[bytes, str]:
        now = timezone.now()
        recent = ArticleEntry.objects.filter(republished_at__gte=now - NEWS_WINDOW).order_by(
            "-republished_at"
        )
        visible = visible_set(current, now, version(request))
        ids = [pk for pk in recent.values_list("article_id", flat=True) if pk in visible]
        articles = fetch(ids[:NEWS_LIMIT])
        items: list[dict[str, Any]] = [
            {
                "loc": request.build_absolute_uri(ArticleView(a, current).url),
                "title": a.headline,
                "date": a.republished_at,
                "language": (a.language or current.language)[:2],
            }
            for a in articles
        ]
        body = render_to_string("site/news_sitemap.xml", {"edition": current, "items": items})
        return body.encode(), "application/xml; charset=utf-8"

    return _cached_response(request, f"news-sitemap:{current.slug}", build)


def robots_txt(request: HttpRequest, edition: str | None = None) -> HttpResponse:
    """Crawl everything but search results (endless), the admin and the console."""
    editions = (
        [edition_or_404(request, edition)]
        if edition
        else list(Edition.objects.filter(active=True).only("slug"))
    )
    # An edition on its own host has its search at /search/, not under a prefix.
    searches = (
        [reverse("site:search", args=[edition])]
        if edition
        else [reverse("site:network_search"), "/*/search/"]
    )
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /console/",
        *(f"Disallow: {search}" for search in searches),
        "Allow: /",
        "",
    ]
    for e in editions:
        for name in ("site:sitemap_index", "site:news_sitemap"):
            lines.append(f"Sitemap: {request.build_absolute_uri(reverse(name, args=[e.slug]))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
