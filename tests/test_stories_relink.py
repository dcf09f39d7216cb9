"""Re-linking the stored archive with the current rules: resumable, through the database."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from wiredesk.articles.models import Article
from wiredesk.sources.models import Licence, Source
from wiredesk.stories import relink
from wiredesk.stories.models import RelinkCursor, Story

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 8, tzinfo=UTC)
QUAKE = (
    "A magnitude 6.8 earthquake struck off central Chile on Monday, killing 12 people near "
    "Valparaíso, officials said. Rescuers searched collapsed houses in the port city."
)
VOTE = "The Senate passed the budget bill on Monday by 52 votes to 48 after a long debate."
REPORTS = [
    ("wire", "Earthquake kills 12 near Valparaíso, Chile", QUAKE, 0),
    ("agency", "Senate passes budget bill 52-48", VOTE, 1),
    ("agency", "Chile earthquake: 12 dead near Valparaíso", QUAKE, 2),
    ("wire", "Budget bill clears Senate, 52 votes to 48", VOTE, 3),
    ("wire", "Valparaíso quake toll stays at 12", QUAKE, 4),
]


@pytest.fixture
def archive() -> list[Article]:
    """Five linked articles of two events, all in one story as a looser rule left them."""
    licence = Licence.objects.create(name="open", attribution_template="{s}", all_editions=True)
    sources = {
        n: Source.objects.create(name=n, slug=n, licence=licence) for n in ("wire", "agency")
    }
    old = Story.objects.create(title="everything", first_seen=T0, last_seen=T0)
    return [
        Article.objects.create(
            source=sources[src],
            guid=str(n),
            url=f"http://{src}.test/{n}",
            headline=headline,
            body_html="",
            body_text=text,
            language="en",
            published_at=T0 + timedelta(hours=hours),
            republished_at=T0 + timedelta(hours=hours),
            linked_at=timezone.now(),
            story=old,
        )
        for n, (src, headline, text, hours) in enumerate(REPORTS)
    ]


def stories_of(articles: list[Article]) -> list[int]:
    return [Article.objects.get(pk=a.pk).story_id for a in articles]


def test_relink_splits_a_false_story_and_resumes_where_it_stopped(archive):
    old = archive[0].story_id
    cursor = relink.relink(size=2, limit=1)
    assert cursor.processed == 2 and cursor.finished_at is None
    assert cursor.position_pk == archive[1].pk
    placed = stories_of(archive)
    assert placed[0] != old and placed[1] != old and placed[2] == old, "only the first batch"

    cursor = relink.relink(size=2)  # a new process: resumes from the cursor, replays batch one
    assert cursor.processed == 5 and cursor.finished_at is not None
    quake, vote, quake2, vote2, quake3 = stories_of(archive)
    assert quake == quake2 == quake3 and vote == vote2 and quake != vote
    assert not Story.objects.filter(pk=old).exists(), "the emptied old story is gone"
    assert Story.objects.get(pk=vote).lead_id == archive[1].pk


def test_a_finished_run_starts_again_and_duplicates_follow_their_original(archive):
    copy = archive[4]
    Article.objects.filter(pk=copy.pk).update(duplicate_of=archive[0])
    relink.relink(size=10)
    first = stories_of(archive)
    assert first[4] == first[0]
    out = StringIO()
    call_command("relink_stories", "--batch", "3", stdout=out)
    assert "relink done: 5 articles placed" in out.getvalue()
    assert "3 articles placed" in out.getvalue()
    again = stories_of(archive)
    assert again[0] == again[2] == again[4] and again[0] not in first
    assert RelinkCursor.objects.get().finished_at is not None
