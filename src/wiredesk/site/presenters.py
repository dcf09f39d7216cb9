"""What a page shows of an article: formatted once, here, not in templates."""

from datetime import timedelta
from functools import cached_property

from django.urls import reverse
from django.utils.text import slugify

from wiredesk.articles.models import Article
from wiredesk.editions.models import Edition

DATE_GAP = timedelta(days=30)


class ArticleView:
    def __init__(self, article: Article, edition: Edition):
        self.article = article
        self.edition = edition

    def __getattr__(self, name: str):
        return getattr(self.article, name)

    @cached_property
    def slug(self) -> str:
        return slugify(self.article.headline)[:80] or "story"

    @cached_property
    def url(self) -> str:
        return reverse("site:article", args=[self.edition.slug, self.article.pk, self.slug])

    @cached_property
    def teaser(self) -> str:
        text = self.article.summary or self.article.body_text
        first = text.strip().split("\n\n")[0]
        return first if len(first) <= 280 else first[:277].rsplit(" ", 1)[0] + "…"

    @cached_property
    def attribution(self) -> str:
        a = self.article
        when = a.published_at or a.republished_at
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
    def routed_countries(self) -> list:
        return list(self.article.countries.all())
