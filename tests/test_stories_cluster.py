"""Story clustering: behaviour on small cases, the cross-language set, and real gold sets."""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import load_bench, shared_path
from wiredesk.stories.cluster import ClusterItem, StoryClusterer, choose_lead, cluster
from wiredesk.stories.evaluate import score

DATA = Path(__file__).parent / "data" / "stories"
T0 = datetime(2026, 3, 2, 8, tzinfo=UTC)


def item(
    id_: str, title: str, hours: float = 0, text: str = "", lang: str = "en", source: str = ""
) -> ClusterItem:
    return ClusterItem(id_, title, text, lang, T0 + timedelta(hours=hours), source)


QUAKE = (
    "A magnitude 6.8 earthquake struck off central Chile on Monday, killing 12 people "
    "near Valparaíso, officials said."
)
VOTE = "The Senate passed the budget bill on Monday by 52 votes to 48 after a long debate."


def test_same_event_joins_other_event_opens_a_story():
    c = StoryClusterer()
    assert c.add(item("a", "Earthquake kills 12 near Valparaíso, Chile", 0, QUAKE)) == "a"
    assert c.add(item("b", "Chile earthquake: 12 dead near Valparaíso", 1, QUAKE)) == "a"
    assert c.add(item("c", "Senate passes budget bill 52-48", 2, VOTE)) == "c"
    story = c.stories["a"]
    assert story.members == ["a", "b"]


RESCUE = (
    "Rescue teams searched collapsed houses in the port after the magnitude 6.8 quake, "
    "which left 12 dead and hundreds homeless."
)


def test_story_closes_after_the_window_unless_a_close_follow_up():
    def after(hours: float, title: str = "Rescuers dig after earthquake", text: str = RESCUE):
        """The quake, a vote, then a loosely worded report of the quake `hours` later."""
        c = StoryClusterer(window_hours=24)
        c.add(item("a", "Earthquake kills 12 near Valparaíso, Chile", 0, QUAKE))
        c.add(item("x", "Senate passes budget bill 52-48", 1, VOTE))
        return c.add(item("b", title, hours, text))

    assert after(6) == "a", "inside the window a loosely worded report of the event joins"
    assert after(72) == "b", "three days later it opens a new story"
    c = StoryClusterer(window_hours=24)
    c.add(item("a", "Earthquake kills 12 near Valparaíso, Chile", 0, QUAKE))
    close = item("c", "Earthquake near Valparaíso, Chile, killed 12", 24 * 20, QUAKE)
    assert c.add(close) == "a", "a near-copy weeks later still joins as a follow-up"


def test_stories_past_the_follow_up_period_are_gone():
    c = StoryClusterer(window_hours=24, follow_up_days=7)
    c.add(item("a", "Earthquake kills 12 near Valparaíso, Chile", 0, QUAKE))
    assert c.add(item("b", "Earthquake kills 12 near Valparaíso, Chile", 24 * 30, QUAKE)) == "b"
    assert [s.id for s in c.open_stories()] == ["b"]
    assert c.drain_closed() == ["a"] and c.drain_closed() == []


def test_decide_then_apply():
    c = StoryClusterer()
    c.add(item("a", "Earthquake kills 12 near Valparaíso, Chile", 0, QUAKE))
    b = item("b", "Chile earthquake kills 12", 1, QUAKE, source="AFP")
    decision = c.decide(b)
    assert (decision.story_id, decision.new) == ("a", False)
    assert c.stories["a"].members == ["a"], "deciding changes no story"
    story = c.apply(b, decision)
    assert story.members == ["a", "b"] and story.sources == {"AFP"}


def test_caller_names_new_stories():
    c = StoryClusterer()
    a = item("a", "Earthquake kills 12 near Valparaíso, Chile", 0, QUAKE)
    decision = c.decide(a)
    assert decision.new
    c.apply(a, replace(decision, story_id="story-41"))
    assert c.add(item("b", "Chile earthquake: 12 dead", 1, QUAKE)) == "story-41"


def test_seed_restores_known_assignments():
    c = StoryClusterer()
    c.seed(item("a", "Earthquake kills 12 near Valparaíso, Chile", 0, QUAKE), "story-7")
    assert c.add(item("b", "Chile earthquake: 12 dead", 1, QUAKE)) == "story-7"


def test_undated_items_and_unknown_language_are_accepted():
    c = StoryClusterer()
    a = ClusterItem("a", "Earthquake kills 12 near Valparaíso, Chile", QUAKE)
    b = ClusterItem(
        "b",
        "Séisme au Chili : 12 morts près de Valparaíso",
        "Un séisme de magnitude 6,8 a fait 12 morts près de Valparaíso, au Chili.",
    )
    assert cluster([a, b]) == ["a", "a"]
    assert c.add(ClusterItem("x", "")) == "x"


def test_foreign_report_first_then_english_joins_it():
    fr = item(
        "fr",
        "Séisme au Chili : 12 morts près de Valparaíso",
        0,
        "Un séisme de magnitude 6,8 a fait 12 morts lundi près de Valparaíso, au Chili.",
        lang="fr",
    )
    en = item("en", "Earthquake kills 12 near Valparaíso, Chile", 1, QUAKE)
    assert cluster([fr, en]) == ["fr", "fr"]


def crosslang_rows() -> list[dict]:
    rows = [json.loads(line) for line in (DATA / "crosslang.jsonl").open(encoding="utf-8")]
    return sorted(rows, key=lambda r: r["published"])


def test_cross_language_reports_join_their_english_story():
    """French, German and Russian reports of 8 events join the English report's story.

    The set was written by hand for this test (tests/data/stories/README.md says how); no
    translation was produced by the clusterer or any translation system.
    """
    rows = crosslang_rows()
    items = [
        ClusterItem(
            r["id"],
            r["title"],
            r["text"],
            r["lang"],
            datetime.fromisoformat(r["published"].replace("Z", "+00:00")),
            r["source"],
        )
        for r in rows
    ]
    stories = cluster(items)
    assert {r["id"]: s for r, s in zip(rows, stories, strict=True)} == {
        r["id"]: f"{r['story']}-en" for r in rows
    }


def test_choose_lead_prefers_edition_language_then_earliest_full_report():
    body = "x" * 400
    en_late = item("en-late", "t", 5, body)
    en_early_brief = item("en-brief", "t", 0, "short")
    en_early = item("en-early", "t", 1, body)
    fr = item("fr", "t", 0, body, lang="fr")
    members = [en_late, en_early_brief, en_early, fr]
    assert choose_lead(members).id == "fr"
    assert choose_lead(members, lang="en").id == "en-early"
    assert choose_lead(members, lang="fr").id == "fr"
    with pytest.raises(ValueError):
        choose_lead([])


def gold_set(name: str) -> list[dict]:
    path = shared_path(f"data/clusters/{name}/{name}.dev.jsonl")
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    return sorted(rows, key=lambda r: r["published"] or "")


def stream(rows: list[dict]) -> list[str]:
    def when(value: str) -> datetime:
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return t if t.tzinfo else t.replace(tzinfo=UTC)

    return cluster(
        ClusterItem(
            r["id"], r["title"], r["text"] or "", r["lang"], when(r["published"]), r["publisher"]
        )
        for r in rows
    )


@pytest.mark.parametrize("name", ["allsides-roundups-2021", "giveme5w1h-newscluster"])
def test_real_gold_sets_reach_the_quality_goal(name):
    """B-cubed F1 >= 0.85 on AllSides and Giveme5W1H (bench/stories.py has the full table)."""
    rows = gold_set(name)
    result = score([r["story"] for r in rows], stream(rows))
    assert result.f1 >= 0.85 and result.precision >= 0.8


def test_uci_headlines_tune_part_reaches_the_goal():
    """UCI's tune part (headlines only, the part the thresholds were chosen on; bench/stories.py
    reports the check part): B-cubed F1 >= 0.75, the goal. A bar of 0.16 (before issue 18's
    second pass) and ranking by cosine alone split its big stories: F1 0.68."""
    bench = load_bench("stories")
    rows = [r for r in gold_set("uci-news-first6k") if bench.part_of(r["story"]) == "tune"]
    result = score([r["story"] for r in rows], stream(rows))
    assert result.f1 >= 0.75 and result.precision >= 0.85


def test_state_is_bounded_by_time_not_by_the_archive():
    c = StoryClusterer(window_hours=24, follow_up_days=30)
    for i in range(120):
        c.add(
            item(
                f"a{i}",
                f"Event number {i} in town {i}",
                24 * 10 * i,
                f"Report {i}: something happened in place{i} to person{i}.",
            )
        )
    assert len(c.stories) <= 4 and len(c.open_stories()) == len(c.stories)


def test_a_quiet_story_is_found_by_a_foreign_report_through_its_names():
    # A day and more later, a French report names the English story's man, place and sum
    # only in its last sentence, under its own heavier words: the quiet story is looked up
    # by those names and numbers too, not by the heaviest features alone.
    t = datetime(2026, 3, 2, 8, tzinfo=UTC)
    english = ClusterItem(
        "en",
        "Zorvan Kessling arrested in Valparaiso over 4.2 million fraud",
        "Police in Valparaiso arrested Zorvan Kessling on Monday over a 4.2 million fraud at "
        "the Brakenridge fund, prosecutors said.",
        "en",
        t,
        "Wire EN",
    )
    french = ClusterItem(
        "fr",
        "Chili : la justice examine une fraude à la caisse de retraite",
        "Le gouvernement a annoncé mardi une réforme des retraites, des syndicats, des "
        "transports et des hôpitaux publics dans plusieurs régions du pays. Selon les "
        "procureurs, Zorvan Kessling, arrêté à Valparaiso pour une fraude de 4,2 millions au "
        "fonds Brakenridge, sera entendu.",
        "fr",
        t + timedelta(hours=30),
        "Agence FR",
    )
    clusterer = StoryClusterer()
    assert [clusterer.add(english), clusterer.add(french)] == ["en", "en"]
