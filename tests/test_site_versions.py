"""The site's content version: bumped after a writer's commit (articles.publish), or last in
a block (site.cache.bumps_at_end)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from test_ingest_intake import feed  # noqa: F401 (a fixture)
from wiredesk.articles import publish
from wiredesk.articles.models import Article
from wiredesk.editions.models import Edition
from wiredesk.editions.placing import edition_rules
from wiredesk.ingest.enrich import enrich_one
from wiredesk.ingest.pipeline import ingest
from wiredesk.site.cache import (
    article_versions,
    bump_content_version,
    bumps_at_end,
    content_version,
)

pytestmark = pytest.mark.django_db


def writes(captured: CaptureQueriesContext) -> list[str]:
    statements = [q["sql"] for q in captured.captured_queries]
    return [sql for sql in statements if sql.split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]


def test_bumps_in_the_block_are_written_once_at_its_end():
    bump_content_version(structure=True)  # both rows exist: each bump is one UPDATE
    before_lists, before_pages = content_version(), article_versions(0)[1]
    with CaptureQueriesContext(connection) as captured, transaction.atomic(), bumps_at_end():
        Edition.objects.create(slug="belgium", name="Belgium News", countries=["BE"])
        Edition.objects.filter(slug="belgium").first().save()
        assert content_version() == before_lists  # not yet
    assert content_version() != before_lists
    assert article_versions(0)[1] != before_pages  # an edition changes article pages too
    version_writes = [sql for sql in writes(captured) if "site_contentversion" in sql]
    assert len(version_writes) == 2  # the lists' row and the structure row, once each


def test_a_failed_block_writes_no_bump():
    before = content_version()
    with pytest.raises(RuntimeError), transaction.atomic(), bumps_at_end():
        Edition.objects.create(slug="belgium", name="Belgium News", countries=["BE"])
        raise RuntimeError("the save fails")
    assert content_version() == before
    assert not Edition.objects.filter(slug="belgium").exists()


def test_outside_a_block_a_bump_is_written_at_once():
    before = content_version()
    Edition.objects.create(slug="belgium", name="Belgium News", countries=["BE"])
    assert content_version() != before


def test_enriching_an_article_leaves_the_site_to_after_its_commit(feed):  # noqa: F811
    """The writer's transaction writes nothing of the site's (on PostgreSQL an updated row
    stays locked until the commit, and every writer would update the version row); the
    publish step does the site's writes after it, the version row last and once."""
    ingest([feed], enrich=False)
    waiting = Article.objects.filter(enriched_at__isnull=True).order_by("pk").first()
    with CaptureQueriesContext(connection) as inside:
        assert enrich_one(waiting.pk, edition_rules(), {})  # its own transaction
    written = writes(inside)
    assert any("articles_article" in sql for sql in written)
    assert any("editions_placement" in sql for sql in written)
    assert not any("site_" in sql for sql in written)
    with CaptureQueriesContext(connection) as after:
        publish.deliver()  # what the unit does after its commit
    site = writes(after)
    assert any("site_articleentry" in sql for sql in site)
    assert "site_contentversion" in site[-1]
    assert sum("site_contentversion" in sql for sql in site) == 1


def test_what_other_code_cached_is_never_read_back(monkeypatch):
    """A deploy changes the templates or code that make pages: a frame cached before it
    may lack a slot the new code fills, so keys carry a digest of that code."""
    from wiredesk.site import cache

    cache.clear()
    builds = []
    assert cache.cached("v1", "frame", lambda: builds.append(1) or "old frame") == "old frame"
    assert cache.cached("v1", "frame", lambda: builds.append(1) or "unused") == "old frame"
    monkeypatch.setattr(cache, "code_digest", lambda: "other-code")
    assert cache.cached("v1", "frame", lambda: builds.append(1) or "new frame") == "new frame"
    assert len(builds) == 2
    cache.clear()
