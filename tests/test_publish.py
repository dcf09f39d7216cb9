"""The publish step: changed articles are announced once per transaction, after it commits."""

import pytest
from django.db import transaction

from test_site_factory import article
from wiredesk.articles import publish
from wiredesk.articles.models import Article, ArticleCountry
from wiredesk.site.models import ArticleEntry
from wiredesk.stories.linking import link_new_articles


@pytest.fixture
def heard():
    """The announcements, as their lists of article ids."""
    calls: list[list[int]] = []

    def listen(sender, article_ids, **kwargs):
        calls.append(article_ids)

    publish.articles_changed.connect(listen, dispatch_uid="test-heard")
    yield calls
    publish.articles_changed.disconnect(dispatch_uid="test-heard")


@pytest.mark.django_db(transaction=True)
def test_one_announcement_after_the_commit(heard, swiss, agency):
    with transaction.atomic():
        story = article(agency, swiss, "Flood in Ticino", countries=("CH", "IT"))
        ArticleCountry.objects.filter(article=story, country="IT").delete()
        story.save()
        assert heard == []  # not before the commit
    assert heard == [[story.pk]]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_is_never_announced(heard, swiss, agency):
    with pytest.raises(RuntimeError), transaction.atomic():
        gone = [article(agency, swiss, f"Never stored {n}").pk for n in range(3)]
        raise RuntimeError("the writer fails")
    assert heard == []
    with transaction.atomic():
        kept = article(agency, swiss, "Stored")
    assert heard == [[kept.pk]], f"ids of the rolled-back {gone} came along"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_announcement_is_at_once(heard, swiss, agency):
    story = article(agency, swiss, "Avalanche warning", countries=())
    assert [story.pk] in heard
    assert ArticleEntry.objects.filter(article=story).exists()  # the site subscribed


@pytest.mark.django_db
def test_the_link_units_sweep_catches_up_with_lost_announcements(swiss, agency):
    """A writer killed between its commit and its announcement: the site has no entry for
    the article, until the link unit's sweep."""
    story = article(agency, swiss, "Bridge reopens")
    Article.objects.bulk_create(  # announces nothing, as a killed writer would
        [Article(source=agency, guid="lost", url="https://partner.example/lost", headline="x")]
    )
    lost = Article.objects.get(guid="lost")
    assert not ArticleEntry.objects.filter(article=lost).exists()
    link_new_articles()
    assert ArticleEntry.objects.filter(article=lost).exists()
    assert ArticleEntry.objects.filter(article=story).exists()
