"""The demo network's editions against Global Voices' own country categories.

The demo is built as `wiredesk demo` builds it: the network created, every partner feed
ingested for real from the local partner server (fetch, feed parsing, extraction, tagging,
routing). Each single-country edition's placements and front page are then compared with the
country categories Global Voices' editors gave each story (../shared/data/aboutness/
globalvoices-countries.jsonl; the tests skip where it is absent). The model never saw these
stories: it is fitted on Reuters only, and nothing was tuned on them.

Issue 17's goals: each single-country edition carries its country's stories with precision
and recall of at least 0.95 (`GOAL`), and no story leads an edition whose country it only
mentions. The lead rule holds for every edition. The 0.95 goal is not met by every edition:
`REACHED` holds what the fitted model reaches (bench/results/aboutness.md explains the
misses: mostly stories Global Voices files under one country that name another all
through), as floors no change may go below, and `test_goal` fails (strict xfail) for the
editions below the goal, so that reaching it shows.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from conftest import shared_path
from wiredesk.articles.models import Article
from wiredesk.demo.corpus_files import gv_articles
from wiredesk.demo.network import EDITIONS, create_network
from wiredesk.demo.partner import PartnerServer
from wiredesk.editions.models import Placement
from wiredesk.ingest.pipeline import ingest
from wiredesk.site import cache as site_cache
from wiredesk.site.search import reindex_all
from wiredesk.sources.models import Feed

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SINGLE = {slug: countries[0] for _, slug, countries, *_ in EDITIONS if len(countries) == 1}
GOAL = 0.95
# (precision, recall) reached, as exact fractions of the demo's stories.
REACHED = {
    "switzerland": (2 / 2, 2 / 2),
    "russia": (17 / 19, 17 / 17),
    "china": (21 / 22, 21 / 22),
    "united-states": (12 / 16, 12 / 15),
    "india": (12 / 12, 12 / 13),
    "brazil": (12 / 12, 12 / 13),
}


@pytest.fixture(scope="module")
def gold() -> dict[str, set[str]]:
    """Global Voices' country categories, by the story's URL."""
    path = shared_path("data", "aboutness", "globalvoices-countries.jsonl")
    by_id = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            by_id[record["id"]] = set(record["countries"])
    return {a["url"]: by_id.get(a["id"], set()) for a in gv_articles()}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo ingested once for the module, then flushed."""
    with PartnerServer(0) as server:
        config = replace(settings.WIREDESK, fetch_proxy=server.proxy_url)
        with django_db_blocker.unblock():
            create_network()
            ingest(list(Feed.objects.select_related("source__licence")), config=config)
    site_cache.clear()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        reindex_all()
    site_cache.clear()


def precision_recall(slug: str, gold: dict[str, set[str]]) -> tuple[float, float]:
    """The edition's Global Voices placements against the categories."""
    placed = set(
        Placement.objects.filter(
            edition__slug=slug,
            hidden=False,
            article__hidden=False,
            article__source__slug="global-voices",
        ).values_list("article__url", flat=True)
    )
    stored = Article.objects.filter(source__slug="global-voices").values_list("url", flat=True)
    about = {url for url in stored if SINGLE[slug] in gold[url]}
    hits = len(placed & about)
    return hits / len(placed), hits / len(about)


@pytest.mark.parametrize("slug", SINGLE)
def test_edition_keeps_what_the_model_reaches(demo, gold, slug):
    precision, recall = precision_recall(slug, gold)
    floor_p, floor_r = REACHED[slug]
    assert precision >= floor_p - 1e-9 and recall >= floor_r - 1e-9, (precision, recall)


@pytest.mark.parametrize(
    "slug",
    [
        pytest.param(
            slug,
            marks=[]
            if min(REACHED[slug]) >= GOAL
            else pytest.mark.xfail(strict=True, reason=f"below issue 17's goal: {REACHED[slug]}"),
        )
        for slug in SINGLE
    ],
)
def test_goal(demo, gold, slug):
    precision, recall = precision_recall(slug, gold)
    assert precision >= GOAL and recall >= GOAL


@pytest.mark.parametrize("slug", SINGLE)
def test_front_page_leads_with_stories_about_its_country(demo, gold, slug):
    country = SINGLE[slug]
    html = Client().get(f"/{slug}/").content.decode()
    leads = html.split('class="leads"')[1].split("</section>")[0]
    lead_ids = [int(pk) for pk in re.findall(rf'href="/{slug}/a/(\d+)/', leads)]
    assert lead_ids, f"{slug} has no lead"
    for article in Article.objects.filter(pk__in=lead_ids, source__slug="global-voices"):
        assert country in gold[article.url], f"{article.headline} leads {slug}"
    front = {int(pk) for pk in re.findall(rf'href="/{slug}/a/(\d+)/', html)}
    shown = Article.objects.filter(pk__in=front, source__slug="global-voices")
    about = sum(country in gold[a.url] for a in shown)
    assert about >= REACHED[slug][0] * len(shown) - 1e-9, [
        a.headline for a in shown if country not in gold[a.url]
    ]
