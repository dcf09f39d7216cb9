"""Duplicates and stories decided for stored articles, through the database."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from wiredesk.articles.models import Article
from wiredesk.demo.corpus_files import gv_articles, rferl_sample
from wiredesk.editions.models import Edition
from wiredesk.editions.queries import edition_articles
from wiredesk.sources.models import Licence, Source
from wiredesk.stories import linking
from wiredesk.stories.fingerprint import fingerprint
from wiredesk.stories.models import Story

pytestmark = pytest.mark.django_db
STORY = "\n\n".join(rferl_sample().split("\n\n")[1:15])
WHEN = datetime(2022, 1, 12, 9, tzinfo=UTC)


@pytest.fixture
def sources():
    licence = Licence.objects.create(
        name="open", attribution_template="{source}", all_editions=True
    )
    return [Source.objects.create(name=n, slug=n, licence=licence) for n in ("rferl", "afp")]


def store(source: Source, n: int, headline: str, text: str, when: datetime = WHEN) -> Article:
    return Article.objects.create(
        source=source,
        guid=str(n),
        url=f"http://{source.slug}.test/{n}",
        headline=headline,
        body_html="",
        body_text=text,
        content_hash=fingerprint(text),
        published_at=when,
        republished_at=timezone.now(),
    )


def test_copy_under_another_url_is_linked_to_its_original(sources):
    rferl, afp = sources
    original = store(rferl, 1, "NATO-Russia Council meets in Brussels", STORY)
    copy = store(
        afp,
        2,
        "NATO and Russia talk in Brussels",
        STORY.replace("Grushko", "Gruschko"),
        WHEN + timedelta(hours=1),
    )
    assert linking.link_new_articles() == 2
    copy.refresh_from_db()
    assert copy.duplicate_of_id == original.pk
    assert copy.story_id == Article.objects.get(pk=original.pk).story_id


def test_update_from_the_same_source_replaces_the_older_version(sources):
    rferl, _ = sources
    edition = Edition.objects.create(name="Russia News", slug="russia", countries=["RU"])
    first = store(rferl, 1, "Talks begin", STORY)
    linking.link_new_articles()
    update = store(
        rferl,
        2,
        "Talks end without breakthrough",
        STORY + "\n\nThe talks ended.",
        WHEN + timedelta(hours=5),
    )
    for article in (first, update):
        article.placements.create(edition=edition)
    linking.link_new_articles()
    first.refresh_from_db()
    assert first.duplicate_of_id == update.pk  # kept as history, no longer shown
    shown = set(edition_articles(edition, timezone.now()).values_list("pk", flat=True))
    assert shown == {update.pk}


def test_unrelated_stories_stay_apart_and_reports_of_one_event_join(sources):
    rferl, afp = sources
    a = store(rferl, 1, "NATO-Russia Council meets in Brussels over Ukraine", STORY)
    b = store(
        afp,
        2,
        "Russia and NATO hold council talks in Brussels on Ukraine border crisis",
        "Russia and NATO held their council meeting in Brussels on Wednesday. Grushko led "
        "Moscow's delegation; Sherman and Stoltenberg spoke for the alliance on Ukraine.",
        WHEN + timedelta(hours=2),
    )
    other = gv_articles()[100]
    c = store(afp, 3, other["title"], other["text"], WHEN + timedelta(hours=3))
    linking.link_new_articles()
    a, b, c = (Article.objects.get(pk=x.pk) for x in (a, b, c))
    assert a.story_id == b.story_id
    assert c.story_id != a.story_id
    story = Story.objects.get(pk=a.story_id)
    assert story.lead_id in {a.pk, b.pk}
    assert story.first_seen == WHEN


def test_linking_twice_does_nothing_more(sources):
    store(sources[0], 1, "Talks", STORY)
    assert linking.link_new_articles() == 1
    assert linking.link_new_articles() == 0
