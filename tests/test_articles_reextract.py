"""`wiredesk reextract`: stored articles re-extracted from their pages fetched again over a
real HTTP server (the partner server on loopback), resumably, on the test database."""

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from wiredesk.articles.models import Article

pytestmark = pytest.mark.django_db
STORY = "The council met on Monday and approved the plan for the new bridge over the river. " * 4


def page(n: int) -> str:
    return (
        f"<html><head><title>Bridge {n}</title></head><body><article><h1>Bridge plan {n}</h1>"
        f'<p class="byline">By Ann Lee and John Smith</p><p>{STORY}</p>'
        f"<p>Work on bridge {n} starts in the spring, officials said.</p>"
        "<p>Share this: Twitter Facebook Email</p></article></body></html>"
    )


@pytest.fixture
def stored(agency, bare_partner):
    """Three articles stored by an older extractor: body with chrome, a user name as author."""
    articles = []
    for n in range(1, 4):
        url = f"http://bridge.test/story/{n}"
        bare_partner.add(url, page(n))
        articles.append(
            Article.objects.create(
                source=agency,
                guid=f"g{n}",
                url=url,
                headline=f"Bridge plan {n}",
                body_html="<p>old</p>",
                body_text=f"Bridge plan {n} Written by annlee Share this: Twitter {STORY}",
                authors=["annlee"],
                feed_published_at=datetime(2026, 5, 1, 9, tzinfo=UTC),
            )
        )
    return articles


def test_reextract_updates_stored_articles_and_resumes(stored, bare_partner, tmp_path):
    cursor = tmp_path / "cursor.json"
    out = StringIO()
    call_command("reextract", "--cursor", str(cursor), "--limit", "2", "--no-progress", stdout=out)
    assert "2 updated" in out.getvalue()
    first, second, third = (Article.objects.get(pk=a.pk) for a in stored)
    assert first.authors == ["Ann Lee", "John Smith"]
    assert "Share this" not in first.body_text and "Written by" not in first.body_text
    assert "Work on bridge 1 starts" in first.body_text
    assert third.body_text.startswith("Bridge plan 3 Written by annlee")  # not reached yet
    assert json.loads(cursor.read_text())["last_pk"] == second.pk

    call_command("reextract", "--cursor", str(cursor), "--no-progress", stdout=StringIO())
    third.refresh_from_db()
    assert "Work on bridge 3 starts" in third.body_text  # the second run went on from the cursor
    again = StringIO()
    call_command("reextract", "--cursor", str(cursor), "--no-progress", stdout=again)
    assert "in all 3 updated, 0 unchanged, 0 failed" in again.getvalue()  # nothing more done

    call_command("reextract", "--cursor", str(cursor), "--restart", "--no-progress", stdout=out)
    assert "0 updated, 3 unchanged" in out.getvalue().splitlines()[-1]


def test_a_page_that_cannot_be_fetched_leaves_its_article_as_it_was(stored, tmp_path):
    Article.objects.filter(pk=stored[0].pk).update(url="http://bridge.test/gone")
    out = StringIO()
    call_command("reextract", "--cursor", str(tmp_path / "c.json"), "--no-progress", stdout=out)
    assert "2 updated, 0 unchanged, 1 failed" in out.getvalue()
    assert Article.objects.get(pk=stored[0].pk).authors == ["annlee"]
