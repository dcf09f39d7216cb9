"""An editor corrects an article's countries in the admin: routing follows, re-tagging keeps it."""

import pytest
from django.test import Client

from wiredesk.articles.countries import tag_countries
from wiredesk.articles.models import Article, ArticleCountry
from wiredesk.editions.models import Edition
from wiredesk.editions.placing import route_article
from wiredesk.sources.models import Licence, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    Edition.objects.create(name="Switzerland News", slug="switzerland", countries=["CH"])
    Edition.objects.create(name="Russia News", slug="russia", countries=["RU"])
    licence = Licence.objects.create(
        name="open", attribution_template="{source}", all_editions=True
    )
    source = Source.objects.create(name="Agency", slug="agency", licence=licence)
    text = "Russian officials in Moscow said on Monday that talks would go on. Moscow wants more."
    article = Article.objects.create(
        source=source,
        guid="1",
        url="http://agency.test/1",
        headline="Moscow talks",
        body_html=f"<p>{text}</p>",
        body_text=text,
    )
    tag_countries(article)
    route_article(article)
    return article


def change_form(client: Client, article: Article) -> dict:
    """The admin change form's data, as the browser would post it back."""
    rows = list(article.countries.all())
    data = {
        "source": article.source_id,
        "guid": article.guid,
        "url": article.url,
        "headline": article.headline,
        "body_html": article.body_html,
        "body_text": article.body_text,
        "republished_at_0": "2026-01-01",
        "republished_at_1": "10:00:00",
        "authors": "[]",
        "credits": "[]",
        "categories": "[]",
        "flags": "[]",
        "countries-TOTAL_FORMS": len(rows) + 1,
        "countries-INITIAL_FORMS": len(rows),
        "placements-TOTAL_FORMS": 0,
        "placements-INITIAL_FORMS": article.placements.count(),
    }
    for i, row in enumerate(rows):
        data |= {
            f"countries-{i}-id": row.pk,
            f"countries-{i}-article": article.pk,
            f"countries-{i}-country": row.country,
            f"countries-{i}-score": row.score,
        }
        if row.is_main:
            data[f"countries-{i}-is_main"] = "on"
    return data


def test_editor_adds_a_country_and_the_article_is_routed(admin_client, article):
    assert set(article.placements.values_list("edition__slug", flat=True)) == {"russia"}
    data = change_form(admin_client, article)
    new = int(data["countries-TOTAL_FORMS"]) - 1
    data |= {f"countries-{new}-country": "CH", f"countries-{new}-score": "0.9"}
    data["placements-INITIAL_FORMS"] = 0  # keep the test about countries
    response = admin_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    swiss = ArticleCountry.objects.get(article=article, country="CH")
    assert swiss.by_editor
    assert "switzerland" in set(article.placements.values_list("edition__slug", flat=True))
    tag_countries(article)  # tagging again keeps the editor's row
    assert ArticleCountry.objects.filter(article=article, country="CH", by_editor=True).exists()
