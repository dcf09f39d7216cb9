"""An article's countries: found by the geo tagger, or set by an editor, stored as rows.

Shared by every writer that tags (ingest's store and enrichment, re-tagging runs) and by
the editorial tools, so each keeps an editor's choice the same way.
"""

from wiredesk.articles.models import Article, ArticleCountry
from wiredesk.geo import GeoResult, tag


def tag_countries(article: Article) -> None:
    """Store the countries the article concerns (see `write_countries`)."""
    if editor_set_countries(article):
        return
    result = tag(article.body_text, article.headline, article.dateline, partner_tags(article))
    write_countries(article, result)
    article.main_country = result.main or ""
    article.save(update_fields=["main_country"])


def partner_tags(article: Article) -> list[str] | None:
    """The partner's categories, as country evidence for a source that tags countries."""
    return article.categories if article.source.tags_countries else None


def editor_set_countries(article: Article) -> bool:
    """Once an editor has set countries, they are the article's countries: tagging again
    changes nothing (else a country the editor removed would come back)."""
    return article.countries.filter(by_editor=True).exists()


def write_countries(article: Article, result: GeoResult) -> None:
    """Replace the article's country rows with the tagger's result."""
    article.countries.all().delete()
    ArticleCountry.objects.bulk_create(
        [
            ArticleCountry(
                article=article, country=c, score=round(s, 4), is_main=(c == result.main)
            )
            for c, s in result.scores.items()
        ]
    )
