"""Small template helpers for the console's pages."""

from django import template

from wiredesk.articles.models import Article

register = template.Library()


@register.filter
def country_codes(article: Article) -> str:
    """ "CH FR": the article's countries, main first, as the correction form expects them.

    Reads `article.countries.all()` so a prefetched queue costs no query per row.
    """
    rows = sorted(article.countries.all(), key=lambda c: (not c.is_main, -c.score, c.country))
    return " ".join(c.country for c in rows)
