"""Feeds out, per edition and per section: RSS 2.0, Atom 1.0 and JSON Feed 1.1.

All three go through Django's syndication framework; JSON Feed is one more
SyndicationFeed writer. Items carry the teaser and the licence's attribution, never the full
partner text: readers come to the page, where the licence's terms are shown in full. Whole
feed responses are cached under the content version, like page fragments.
"""

import json
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from wiredesk.articles.models import ArticleCountry
from wiredesk.editions.models import Edition
from wiredesk.site.cache import cached
from wiredesk.site.listing import among, edition_ids, fetch
from wiredesk.site.models import ArticleTopic
from wiredesk.site.pages import edition_or_404, version
from wiredesk.site.presenters import ArticleView, country_name

ITEMS = 30


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile: Any, encoding: str) -> None:
        feed = self.feed
        data: dict[str, Any] = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "items": [self._item(item) for item in self.items],
        }
        outfile.write(json.dumps(data, ensure_ascii=False, indent=1))

    @staticmethod
    def _item(item: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": item["title"],
            "content_text": item["description"],
            "summary": item["description"],
        }
        if item.get("pubdate"):
            out["date_published"] = item["pubdate"].isoformat()
        if item.get("updateddate"):
            out["date_modified"] = item["updateddate"].isoformat()
        if item.get("author_name"):
            out["authors"] = [{"name": item["author_name"]}]
        if item.get("categories"):
            out["tags"] = list(item["categories"])
        if item.get("image"):
            out["image"] = item["image"]
        if item.get("external_url"):
            out["external_url"] = item["external_url"]
        return out


class EditionFeed(Feed):
    """The newest stories of an edition, or of one of its sections (a topic or a country)."""

    feed_type = Rss201rev2Feed

    def get_object(
        self, request: HttpRequest, edition: str, kind: str = "", value: str = ""
    ) -> dict[str, Any]:
        current = edition_or_404(request, edition)
        ids = edition_ids(current, timezone.now(), version(request))
        label, link = current.name, reverse("site:front", args=[current.slug])
        if kind == "topic":
            name = ArticleTopic.objects.filter(slug=value).values_list("name", flat=True).first()
            tagged = ArticleTopic.objects.filter(slug=value).values_list("article_id", flat=True)
            ids = among(ids, tagged)
            label = f"{current.name}: {name}"
            link = reverse("site:topic", args=[current.slug, value])
        elif kind == "country":
            tagged = (
                ArticleCountry.objects.filter(country=value.upper())
                .order_by()
                .values_list("article_id", flat=True)
            )
            ids = among(ids, tagged)
            label = f"{current.name}: {country_name(value)}"
            link = reverse("site:country", args=[current.slug, value])
        if kind and not ids:
            raise Http404("No such section")
        return {"edition": current, "label": label, "link": link, "items": fetch(ids[:ITEMS])}

    def title(self, obj: dict[str, Any]) -> str:
        return obj["label"]

    def link(self, obj: dict[str, Any]) -> str:
        return obj["link"]

    def description(self, obj: dict[str, Any]) -> str:
        edition: Edition = obj["edition"]
        return edition.tagline or f"The latest stories of {edition.name}"

    def get_feed(self, obj: dict[str, Any], request: HttpRequest) -> SyndicationFeed:
        generator = super().get_feed(obj, request)
        generator.feed["language"] = obj["edition"].language  # the edition's, not the server's
        return generator

    def items(self, obj: dict[str, Any]) -> list[ArticleView]:
        return [ArticleView(a, obj["edition"]) for a in obj["items"]]

    def item_title(self, item: ArticleView) -> str:
        return item.headline

    def item_description(self, item: ArticleView) -> str:
        return f"{item.teaser}\n\n{item.attribution}"

    def item_link(self, item: ArticleView) -> str:
        return item.url

    def item_pubdate(self, item: ArticleView):
        return item.when  # the original date, as the site orders and shows stories

    def item_updateddate(self, item: ArticleView):
        return item.updated_at or item.republished_at

    def item_author_name(self, item: ArticleView) -> str:
        return ", ".join(item.authors) or item.source.name

    def item_categories(self, item: ArticleView) -> list[str]:
        return [t.name for t in item.topics]

    def item_copyright(self, item: ArticleView) -> str:
        return item.rights_line

    def item_extra_kwargs(self, item: ArticleView) -> dict[str, Any]:
        return {"image": item.image_url, "external_url": item.article.url}


class AtomFeed(EditionFeed):
    feed_type = Atom1Feed
    subtitle = EditionFeed.description


class JsonFeedView(EditionFeed):
    feed_type = JsonFeed


FEEDS = {"rss": EditionFeed(), "atom": AtomFeed(), "json": JsonFeedView()}


def feed(
    request: HttpRequest, edition: str, fmt: str, kind: str = "", value: str = ""
) -> HttpResponse:
    """One feed, its response cached whole: feeds have nothing that varies per reader."""
    view = FEEDS.get(fmt)
    if view is None:
        raise Http404("No such feed format")

    def build() -> tuple[bytes, str]:
        response = view(request, edition=edition, kind=kind, value=value)
        return response.content, response["Content-Type"]

    key = f"{request.get_host()}:feed:{edition}:{kind}:{value}:{fmt}"
    body, content_type = cached(version(request), key, build)
    return HttpResponse(body, content_type=content_type)


def topic_feed(request: HttpRequest, edition: str, topic: str, fmt: str) -> HttpResponse:
    return feed(request, edition, fmt, "topic", topic)


def country_feed(request: HttpRequest, edition: str, code: str, fmt: str) -> HttpResponse:
    return feed(request, edition, fmt, "country", code)
