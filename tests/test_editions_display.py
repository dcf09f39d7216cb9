"""What readers see of a story's countries: the ones it is about, by the names they use."""

from __future__ import annotations

import re

import pytest

from test_site_factory import article
from wiredesk.articles.models import ArticleCountry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_site_cache")]


def countries_line(client, a) -> str:
    html = client.get(f"/switzerland/a/{a.pk}/x/", follow=True).content.decode()
    found = re.search(r'<p class="countries">(.*?)</p>', html, re.S)
    return found.group(1) if found else ""


def test_readers_see_the_countries_a_story_is_about_by_their_usual_names(client, swiss, agency):
    a = article(agency, swiss, "Talks on Gaza in Moscow", countries=())
    for code, score, main in [
        ("RU", 0.9, True),
        ("PS", 0.6, False),
        ("CD", 0.25, False),
        ("CH", 0.02, False),
        ("BE", 0.19, False),
    ]:
        ArticleCountry.objects.create(article=a, country=code, score=score, is_main=main)
    line = countries_line(client, a)
    assert ">Russia</a> (main)" in line and ">Palestine</a>" in line and ">DR Congo</a>" in line
    assert "Switzerland" not in line and "Belgium" not in line  # named in passing
    assert "Russian Federation" not in line and "State of" not in line


def test_an_editors_country_is_shown_whatever_its_score(client, swiss, agency):
    a = article(agency, swiss, "A story an editor filed", countries=())
    ArticleCountry.objects.create(article=a, country="CH", score=0.0, is_main=True, by_editor=True)
    assert ">Switzerland</a>" in countries_line(client, a)
