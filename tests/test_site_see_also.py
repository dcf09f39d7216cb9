"""'See also' from kept neighbours (site.models.SeeAlso), on SQLite and on PostgreSQL alike,
and what an uncached article page reads to build itself."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from test_site_factory import article, edition
from wiredesk.site import cache
from wiredesk.site.models import SeeAlso
from wiredesk.site.search import backend, fill_neighbours, neighbours, slotted
from wiredesk.site.search.see_also import SEE_ALSO_KEPT, near_enough

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_site_cache")]


def see_also_section(client, a) -> str:
    html = unescape(client.get(f"/switzerland/a/{a.pk}/x/", follow=True).content.decode())
    parts = html.split('id="see-also-heading"')
    return parts[1].split("</section>")[0] if len(parts) > 1 else ""


def linked_ids(section: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/switzerland/a/(\d+)/', section)]


def test_saving_an_article_keeps_its_neighbours_by_content(swiss, agency):
    a = article(agency, swiss, "Glacier melt in the Alps", "Glaciers melt fast in the Alps.")
    article(agency, swiss, "Bank profits climb", "Bank profits climbed on fees.")
    near = article(agency, swiss, "Alps glacier melt record", "Record glacier melt in Alps.")
    kept = SeeAlso.objects.get(article=near).ids
    assert kept and kept[0] == a.pk
    assert near.pk not in kept


def writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
    ]


def test_a_new_article_is_slotted_into_its_neighbours_lists(client, swiss, agency):
    a = article(agency, swiss, "Flooding in Ticino valleys", "Floods in Ticino valleys.")
    b = article(agency, swiss, "Ticino flood damage counted", "Flood damage in Ticino valleys.")
    assert linked_ids(see_also_section(client, a)) == [b.pk]
    assert SeeAlso.objects.get(article=a).ids == [b.pk]
    newest = article(agency, swiss, "Ticino floods recede", "Ticino valleys flood waters recede.")
    assert newest.pk in SeeAlso.objects.get(article=a).ids  # by the indexer, at once
    cache.clear()  # the page itself is kept until its timeout (site.cache.article_version)
    with CaptureQueriesContext(connection) as seen:
        assert newest.pk in linked_ids(see_also_section(client, a))
    assert writes(seen) == []


def test_a_page_with_no_kept_row_finds_neighbours_and_keeps_nothing(client, swiss, agency):
    """A bulk-loaded article (no row until fill_neighbours runs): its page finds its
    neighbours for that build and writes nothing."""
    a = article(agency, swiss, "Rockfall closes Gotthard road", "A rockfall closed the road.")
    b = article(agency, swiss, "Gotthard road reopens after rockfall", "The road reopened.")
    SeeAlso.objects.all().delete()
    with CaptureQueriesContext(connection) as seen:
        assert linked_ids(see_also_section(client, a)) == [b.pk]
    assert writes(seen) == []
    assert not SeeAlso.objects.exists()


def test_slotted_places_a_newcomer_by_its_score():
    assert slotted([1, 2, 3], [3.0, 2.0, 1.0], 9, 2.5) == ([1, 9, 2, 3], [3.0, 2.5, 2.0, 1.0])
    assert slotted([1, 2], [2.0, 1.0], 9, 2.0) == ([9, 1, 2], [2.0, 2.0, 1.0])  # newest first
    assert slotted([1, 9, 2], [3.0, 2.5, 1.0], 9, 0.5) == ([1, 2, 9], [3.0, 1.0, 0.5])  # moved
    full = list(range(1, SEE_ALSO_KEPT + 1))
    scores = [float(-pk) for pk in full]
    assert slotted(full, scores, 99, -100.0) == (full, scores)  # past the last kept: not kept


def test_a_newcomer_is_scored_on_the_lists_own_scale(swiss, agency):
    """What a list kept for b (found then, by its words) and what the backend scores b by now
    agree, on either engine: the slot a newcomer gets is its place in a full ranking."""
    a = article(agency, swiss, "Lake Geneva water level drops", "The lake level dropped.")
    b = article(agency, swiss, "Geneva lake level at record low", "Water in the lake dropped.")
    kept = SeeAlso.objects.get(article=a)
    assert kept.ids == [b.pk] and kept.terms
    assert backend().score(kept.terms, b.pk) == pytest.approx(kept.scores[0])
    assert backend().score(kept.terms, a.pk + b.pk + 1) is None  # no such article
    assert backend().score("", b.pk) is None


def test_a_list_kept_without_scores_is_found_again_whole(swiss, agency):
    """Lists kept before migration 0007 have no words or scores to slot a newcomer by."""
    a = article(agency, swiss, "Bern tram line extended", "The tram line in Bern grows.")
    b = article(agency, swiss, "Bern tram extension opens", "A tram line extension opened.")
    SeeAlso.objects.filter(article=a).update(ids=[], scores=None, terms=None)
    c = article(agency, swiss, "New Bern tram line busy", "The new tram line in Bern is busy.")
    kept = SeeAlso.objects.get(article=a)
    assert set(kept.ids) == {b.pk, c.pk} and kept.terms and len(kept.scores) == 2


def test_the_page_shows_the_kept_list_filtered_by_the_edition(client, swiss, agency):
    """The page reads the kept row (no ranking per build): whatever it holds, in its order,
    less what the edition does not carry."""
    russia = edition("russia", "Russia News", countries=["RU"])
    a = article(agency, swiss, "Avalanche warning in Valais", "Avalanche risk in Valais.")
    unrelated = article(agency, swiss, "Bank earnings rise", "The bank reported earnings.")
    second = article(agency, swiss, "Cheese fair opens", "A cheese fair opened in Gruyeres.")
    elsewhere = article(agency, russia, "Moscow metro extends", "A new metro line opens.")
    SeeAlso.objects.filter(article=a).update(ids=[elsewhere.pk, second.pk, unrelated.pk])
    assert linked_ids(see_also_section(client, a)) == [second.pk, unrelated.pk]


def test_a_far_neighbour_is_not_shown(client, swiss, agency):
    """A small edition shows only the neighbours near enough to the article's nearest: the
    list's tail (a fifth of the best score and under) reads as unrelated."""
    a = article(agency, swiss, "Avalanche warning in Valais", "Avalanche risk in Valais.")
    near = article(agency, swiss, "Valais avalanche risk high", "Avalanche risk stays high.")
    far = article(agency, swiss, "Cheese fair opens", "A cheese fair opened in Gruyeres.")
    row = SeeAlso.objects.filter(article=a)
    row.update(ids=[near.pk, far.pk], scores=[10.0, 1.9])
    assert linked_ids(see_also_section(client, a)) == [near.pk]
    cache.clear()
    row.update(ids=[near.pk, far.pk], scores=[10.0, 2.0])
    assert linked_ids(see_also_section(client, a)) == [near.pk, far.pk]


def test_near_enough_keeps_lists_without_scores_whole():
    assert near_enough([1, 2, 3], [5.0, 4.0, 0.5]) == [1, 2]
    assert near_enough([1, 2], []) == [1, 2]  # kept before migration 0007
    assert near_enough([1, 2], [0.0, 0.0]) == [1, 2]


def test_fill_neighbours_keeps_rows_where_none_are_kept(swiss, agency):
    a = article(agency, swiss, "Wildfire near Locarno", "A wildfire burns near Locarno.")
    b = article(agency, swiss, "Locarno wildfire contained", "Firefighters contain the wildfire.")
    SeeAlso.objects.all().delete()  # as after bulk_create, which sends no signals
    assert fill_neighbours() == 2
    assert SeeAlso.objects.get(article=a).ids == [b.pk]
    assert fill_neighbours() == 0


def test_neighbours_rank_shared_words_first(swiss, agency):
    a = article(agency, swiss, "Lynx spotted in Jura forest", "A lynx was seen in the Jura.")
    one_word = article(agency, swiss, "Forest paths reopen", "Forest paths reopen in spring.")
    many = article(agency, swiss, "Jura lynx population grows", "Lynx numbers grow in the Jura.")
    found = neighbours(a, 5)
    assert found.index(many.pk) < found.index(one_word.pk)


def test_a_neighbour_with_one_word_in_common_is_not_kept(swiss, agency):
    """One word in common is chance: the demo's NATO-Russia meeting offered a May Day
    round-up that names Russia once."""
    a = article(
        agency,
        swiss,
        "Russia talks at NATO in Brussels",
        "Envoys of Russia and NATO met in Brussels for security talks.",
    )
    near = article(
        agency,
        swiss,
        "NATO and Russia resume security talks",
        "NATO envoys and Russia resumed security talks in Brussels.",
    )
    once = article(
        agency,
        swiss,
        "May Day marches around the world",
        "Workers marched in many cities, from Santiago to Russia.",
    )
    assert once.pk in neighbours(a, 5)  # found by "russia" ...
    assert SeeAlso.objects.get(article=a).ids == [near.pk]  # ... and not kept


def test_a_newcomer_with_one_word_in_common_is_not_slotted(swiss, agency):
    a = article(agency, swiss, "Lynx spotted in Jura forest", "A lynx was seen in the Jura.")
    b = article(agency, swiss, "Jura lynx population grows", "Lynx numbers grow in the Jura.")
    assert SeeAlso.objects.get(article=a).ids == [b.pk]
    article(agency, swiss, "Jura cheese prices rise", "Cheese from the Jura costs more.")
    assert SeeAlso.objects.get(article=a).ids == [b.pk]  # "jura" alone
    two = article(agency, swiss, "Jura lynx seen again", "Another lynx in the Jura hills.")
    assert two.pk in SeeAlso.objects.get(article=a).ids


def test_an_article_with_no_content_words_has_no_neighbours(swiss, agency):
    a = article(agency, swiss, "The", "It is.")
    assert neighbours(a, 5) == []
    assert SeeAlso.objects.get(article=a).ids == []


def test_uncached_article_page_reads_little(client, swiss, agency, django_assert_num_queries):
    """A first view: one read for the content version, structure token and the article's
    stamp, one for the article with its source and licence, one for its countries, one for
    its kept neighbours and one for their links. (The page frame, the edition and its
    visible set were kept by the view before.)"""
    a = article(agency, swiss, "Hail storm in Bern", "Hail fell on Bern.", countries=("CH", "DE"))
    article(agency, swiss, "Bern hail damage", "Hail damaged Bern roofs.")
    url = f"/switzerland/a/{a.pk}/hail-storm-in-bern/"
    client.get(url)
    cache.stamp_articles([a.pk])  # its page is now built again, nothing else is
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200 and "Bern hail damage" in response.content.decode()


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the PostgreSQL ranking")
def test_postgres_ranks_within_a_bounded_pool_of_newest_matches(swiss, agency, monkeypatch):
    from wiredesk.site.search import postgres

    monkeypatch.setattr(postgres, "PG_RANK_POOL", 2)
    a = article(agency, swiss, "Marmots wake early", "Marmots wake early in Engadin.")
    oldest = article(agency, swiss, "Marmots wake early again", "Marmots wake early in Engadin.")
    b = article(agency, swiss, "Engadin marmots", "Marmots seen.")
    c = article(agency, swiss, "Marmots", "Marmots.")
    found = neighbours(a, 5)
    assert oldest.pk not in found  # past the pool of the newest two matches
    assert set(found) == {b.pk, c.pk}
