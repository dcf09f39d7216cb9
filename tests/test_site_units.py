"""The site's pure parts: topics, lead ranking, search terms, highlighting, valid markup."""

from collections import Counter
from datetime import UTC, datetime, timedelta

from wiredesk.site.ranking import Candidate, rank_leads
from wiredesk.site.search import distinctive_terms, highlight, query_terms, term_counts
from wiredesk.site.topics import Topic, front_sections, is_topic, topics_of
from wiredesk.site.valid_html import attribute_value, link_target, repair_tags

NOW = datetime(2024, 5, 14, 12, tzinfo=UTC)


def test_topics_leave_out_places_languages_and_house_labels():
    categories = [
        "Politics", "English", "Yemen", "Russia", "Sub-Saharan Africa", "Latin America",
        "Middle East & North Africa", "Weblog", "Video", "Human Rights", "Arts & Culture",
        "Portuguese", "Updates",
    ]  # fmt: skip
    assert [t.name for t in topics_of(categories)] == ["Politics", "Human Rights", "Arts & Culture"]
    assert topics_of(["Politics", "politics "]) == [Topic("politics", "Politics")]
    assert not is_topic("") and is_topic("War & Conflict")


def test_topics_leave_out_countries_written_as_partners_write_them():
    """Abbreviations, "&" for "and", a bracketed qualifier, an older name, a demonym used to
    tag a quote's language: all places, none a section; a qualified subject stays one."""
    categories = [
        "U.S.A.", "Trinidad & Tobago", "Puerto Rico (U.S.)", "Taiwan (ROC)", "Macedonia",
        "Greek", "Gay Rights (LGBT)", "Media & Journalism",
    ]  # fmt: skip
    assert [t.name for t in topics_of(categories)] == ["Gay Rights (LGBT)", "Media & Journalism"]


def test_topics_leave_out_languages_by_their_everyday_names():
    """ISO 639 calls them Persian, Indonesian, Bengali: partners tag quotes otherwise."""
    categories = [
        "Farsi", "Bahasa", "Bahasa Indonesia", "Bangla", "French Creoles", "Haitian Creole",
        "Language", "Rising Voices", "Creole Cuisine",
    ]  # fmt: skip
    assert [t.name for t in topics_of(categories)] == [
        "Language",
        "Rising Voices",
        "Creole Cuisine",
    ]


def test_topics_leave_out_the_congos_as_the_press_writes_them():
    categories = ["DR of Congo", "Democratic Republic of Congo", "Republic of Congo", "Health"]
    assert [t.name for t in topics_of(categories)] == ["Health"]


def test_front_sections_skip_rare_and_ubiquitous_topics():
    articles = (
        [["Politics", "Citizen Media"]] * 4
        + [["Sport", "Citizen Media"]] * 3
        + [["Chess", "Citizen Media"]]
    )
    assert [t.slug for t in front_sections(articles)] == ["politics", "sport"]


def test_pins_lead_then_relevance_times_freshness():
    candidates = [
        Candidate(1, NOW - timedelta(hours=1), 0.6),
        Candidate(6, NOW, 0.3),  # fresher, but not clearly about the country: never leads
        Candidate(2, NOW - timedelta(hours=3), 1.0),
        Candidate(3, NOW - timedelta(days=5), 0.1, pinned=True),
        Candidate(4, NOW - timedelta(days=2), 1.0),
        Candidate(5, None, 1.0),
    ]
    assert rank_leads(candidates, 4) == [3, 2, 1, 4]


def test_query_terms_are_folded_words_only():
    assert query_terms('São "Paulo" AND (x*)') == ["sao", "paulo", "and", "x"]
    assert query_terms("  ") == []


def test_highlight_escapes_before_marking():
    assert highlight("<b>\ue000x\ue001</b>") == "&lt;b&gt;<mark>x</mark>&lt;/b&gt;"


def test_distinctive_terms_prefer_rare_words_seen_elsewhere():
    counts = term_counts("Avalanche in Valais", "The avalanche hit Valais. Government said.")
    assert "the" not in counts and counts["avalanche"] == 4
    doc_freq = {"avalanche": 5, "valais": 50, "government": 900, "hit": 1}
    assert distinctive_terms(counts, doc_freq, 1000, 2) == ["avalanche", "valais"]
    assert distinctive_terms(Counter(), doc_freq, 1000, 2) == []


def test_shared_file_cache_culls_every_so_many_sets(tmp_path):
    from wiredesk.site.cache import SharedFileCache

    store = SharedFileCache(str(tmp_path), {"TIMEOUT": 60, "OPTIONS": {"MAX_ENTRIES": 5}})
    store.CULL_EVERY = 10
    for i in range(10):
        store.set(f"k{i}", {"page": i})
    assert len(list(tmp_path.glob("*.djcache"))) == 10  # only the first set culled
    store.set("k10", 10)  # the eleventh culls a third of the ten
    assert len(list(tmp_path.glob("*.djcache"))) == 8
    assert store.get("k10") == 10


def test_shared_cache_only_for_a_sqlite_file_named_by_path(tmp_path):
    from wiredesk.site.cache import shared_location

    sqlite = "django.db.backends.sqlite3"
    db = tmp_path / "site.sqlite3"
    assert shared_location({"ENGINE": sqlite, "NAME": ":memory:"}) is None
    assert shared_location({"ENGINE": sqlite, "NAME": str(db)}) is None  # no file yet
    db.write_bytes(b"")
    first = shared_location({"ENGINE": sqlite, "NAME": str(db)})
    assert first is not None and shared_location({"ENGINE": sqlite, "NAME": str(db)}) == first
    elsewhere = tmp_path / "other.sqlite3"
    elsewhere.write_bytes(b"")
    assert shared_location({"ENGINE": sqlite, "NAME": str(elsewhere)}) not in (None, first)
    pg = {"ENGINE": "django.db.backends.postgresql", "NAME": str(db)}
    assert shared_location(pg) is None


def test_shared_file_cache_that_cannot_write_is_a_miss_not_an_error(tmp_path):
    from wiredesk.site.cache import SharedFileCache

    where = tmp_path / "cache"
    store = SharedFileCache(str(where), {"TIMEOUT": 60})
    where.rmdir()
    where.write_text("a file where the cache directory should be")
    store.set("page", "html")  # logs, does not raise
    assert store.get("page") is None


def test_shared_cache_lives_in_memory_where_there_is_a_memory_filesystem(tmp_path, monkeypatch):
    import tempfile
    from pathlib import Path

    from wiredesk.site import cache

    memory = tmp_path / "shm"
    memory.mkdir()
    monkeypatch.setattr(cache, "MEMORY_BACKED", memory)
    db = tmp_path / "site.sqlite3"
    db.write_bytes(b"")
    where = cache.shared_location({"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)})
    assert where is not None and where.parent == memory
    monkeypatch.setattr(cache, "MEMORY_BACKED", tmp_path / "none")
    where = cache.shared_location({"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)})
    assert where is not None and where.parent == Path(tempfile.gettempdir())


def test_partner_links_and_attributes_are_made_valid_html():
    assert link_target("http:/www.facebook.com/group.php?gid=1") == (
        "http://www.facebook.com/group.php?gid=1"
    )
    assert link_target("https://example.org/a b") == "https://example.org/a%20b"
    assert link_target("http://example.org/post.html%20") == "http://example.org/post.html"
    assert link_target(" %20http://example.org/a%20b%0A ") == "http://example.org/a%20b"
    assert link_target("http:/nohost") is None
    assert link_target("http://[broken") is None
    assert link_target("mailto:desk@example.org") == "mailto:desk@example.org"
    assert attribute_value("td", "colspan", " 2 ") == "2"
    assert attribute_value("td", "colspan", "0") is None
    assert attribute_value("td", "rowspan", "two") is None
    assert attribute_value("img", "width", "0") == "0"
    assert attribute_value("th", "scope", "sideways") is None
    assert attribute_value("th", "scope", "col") == "col"


def test_anchors_without_href_lose_rel_and_images_get_alt():
    html = (
        '<p><a rel="noopener">x</a><a href="/y" rel="noopener">y</a>'
        '<img src="/i.jpg" loading="lazy"><img src="/j.jpg" alt="A &quot;&gt;&quot; b"></p>'
    )
    assert repair_tags(html) == (
        '<p><a>x</a><a href="/y" rel="noopener">y</a>'
        '<img alt="" src="/i.jpg" loading="lazy"><img src="/j.jpg" alt="A &quot;&gt;&quot; b"></p>'
    )
    # A link around a photo that extraction removed holds nothing a reader can see.
    html = '<p>Before <a href="/photo" rel="noopener"> </a><a href="/z"><em>z</em></a> after</p>'
    assert repair_tags(html) == '<p>Before <a href="/z"><em>z</em></a> after</p>'
