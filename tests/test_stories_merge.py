"""Two stories of one event merge: in the clusterer, the command, ingest's linker, re-linking.

One event often grows as two stories side by side before a report bridges them (UCI's
headlines: a TV finale as 54 + 51). The headlines below are written for these tests: one
event (a telecom chief's threat of a price war) reported in two wordings, after a dozen
unrelated headlines so that idf has something to stand on.
"""

import io
import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from wiredesk.articles.models import Article
from wiredesk.sources.models import Licence, Source
from wiredesk.stories import linking, relink
from wiredesk.stories.cluster import ClusterItem, OpenStory, StoryClusterer, cluster
from wiredesk.stories.evaluate import score
from wiredesk.stories.management.commands.cluster import run
from wiredesk.stories.models import Story

T0 = datetime(2014, 3, 11, 8, tzinfo=UTC)
BACKGROUND = [
    "Apple shares rise after iPhone sales beat forecasts",
    "Storm closes schools across the Midwest",
    "Oscar winner to star in new Broadway musical",
    "Oil prices fall as Chinese exports slump",
    "Fed official says weak data caused by weather",
    "Measles outbreak spreads in California county",
    "Lakers lose to Clippers in overtime thriller",
    "Toyota recalls hybrid cars over brake fault",
    "New study links coffee to longer life",
    "Gold edges higher as dollar weakens",
    "Airline cancels flights as pilots strike",
    "Museum returns stolen painting to owners",
]
PRICE_WAR = [
    "Softbank chief plans price war if Sprint buys T-Mobile",
    "Masayoshi Son promises price war with T-Mobile deal",
    "Softbank's Son: Sprint and T-Mobile merger would start a price war",
]
FAIR_FIGHT = [
    "Masayoshi Son wants a fair fight with Verizon",
    "Son says Verizon and AT&T are too big for a fair fight",
    "Masayoshi Son slams Verizon and AT&T, wants a Softbank price war",
]
BRIDGE = "Masayoshi Son vows Sprint price war on Verizon and AT&T"


def stream(bridge_hours: float = 3.0) -> list[ClusterItem]:
    """Background, then the two wordings interleaved, then the bridging report."""
    items = [
        ClusterItem(f"bg{i}", t, "", "en", T0 + timedelta(hours=0.1 * i - 3))
        for i, t in enumerate(BACKGROUND)
    ]
    for i, (a, b) in enumerate(zip(PRICE_WAR, FAIR_FIGHT, strict=True)):
        items.append(ClusterItem(f"war{i}", a, "", "en", T0 + timedelta(hours=0.5 * i)))
        items.append(ClusterItem(f"fight{i}", b, "", "en", T0 + timedelta(hours=0.5 * i + 0.2)))
    items.append(ClusterItem("bridge", BRIDGE, "", "en", T0 + timedelta(hours=bridge_hours)))
    return items


def event_stories(labels: list[str], items: list[ClusterItem]) -> set[str]:
    """The stories the event's reports are in (the background left out)."""
    return {
        label for label, item in zip(labels, items, strict=False) if not item.id.startswith("bg")
    }


def test_two_fragments_of_one_event_merge_when_a_report_bridges_them():
    items = stream()
    c = StoryClusterer()
    labels = [c.add(item) for item in items[:-1]]
    assert len(event_stories(labels, items)) == 2, "two wordings, two stories"
    c.add(items[-1])
    merged = c.drain_merged()
    assert merged == [("fight0", "war0")], "the older of two equal stories keeps its id"
    story = c.stories["war0"]
    assert Counter(m[:3] for m in story.members) == {"war": 3, "fig": 3, "bri": 1}
    assert "fight0" not in c.stories and c.drain_merged() == []
    assert len(event_stories(cluster(items), items)) == 1, "cluster() gives final stories"


def test_without_the_merge_step_the_event_stays_split():
    items = stream()
    assert len(event_stories(cluster(items, merge_threshold=1.0), items)) == 2


def test_a_story_quiet_past_the_window_does_not_merge():
    """Two rounds of one negotiation weeks apart are two events: only active stories merge."""
    items = stream()
    late = [*items[:-1]]
    late += [
        ClusterItem("war9", PRICE_WAR[2], "", "en", T0 + timedelta(hours=40)),
        ClusterItem("bridge", BRIDGE, "", "en", T0 + timedelta(hours=41)),
    ]
    c = StoryClusterer()
    for item in late:
        c.add(item)
    assert c.drain_merged() == []


def test_stories_whose_headlines_name_different_countries_or_tickers_never_merge():
    from wiredesk.stories.merging import _groups_conflict

    def story(slots: dict[str, int], ids: dict[str, int], members: int) -> OpenStory:
        s = OpenStory("s", None, None, members=[str(i) for i in range(members)])
        s.slots.update(slots)
        s.ids.update(ids)
        return s

    kenya = story({"c:KE": 3, "w:en:tender": 3}, {}, 3)
    uganda = story({"c:UG": 2, "w:en:tender": 2}, {}, 2)
    assert _groups_conflict(kenya, uganda)
    assert not _groups_conflict(kenya, story({"c:KE": 2}, {}, 2))
    assert _groups_conflict(story({}, {"CMS": 3}, 3), story({}, {"LOTS.O": 2}, 2))
    # a few briefs of one template, each naming another fund: none is common, all count
    funds = story({}, {"FRANKLIN GOLD FUND": 1, "FRANKLIN UTILITIES FUND": 1}, 2)
    assert _groups_conflict(funds, story({}, {"FRANKLIN INCOME FUND": 1}, 1))
    assert not _groups_conflict(funds, story({}, {"FRANKLIN GOLD FUND": 1}, 1))
    assert not _groups_conflict(story({}, {"CMS": 3}, 3), story({"c:US": 1}, {}, 3))


def test_cluster_command_names_the_stories_a_line_merged():
    lines = [
        json.dumps(
            {"id": i.id, "title": i.title, "lang": "en", "published": f"{i.published:%FT%T}Z"}
        )
        for i in stream()
        if i.published is not None
    ]
    out = io.StringIO()
    run(iter(lines), out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rows[-1] == {"id": "bridge", "story": "war0", "merged": ["fight0"]}
    assert all("merged" not in row for row in rows[:-1])


# -- through the database ------------------------------------------------------------------
@pytest.fixture
def archive(db) -> list[Article]:
    licence = Licence.objects.create(name="open", attribution_template="{s}", all_editions=True)
    source = Source.objects.create(name="wire", slug="wire", licence=licence)
    return [
        Article.objects.create(
            source=source,
            guid=item.id,
            url=f"http://wire.test/{item.id}",
            headline=item.title,
            body_html="",
            body_text="",
            language="en",
            published_at=item.published,
            republished_at=timezone.now(),
        )
        for item in stream()
    ]


def test_the_linker_moves_a_merged_storys_articles_and_deletes_it(archive):
    linking._desk = None  # a fresh process
    linking.link_new_articles()
    event = [Article.objects.get(pk=a.pk) for a in archive[len(BACKGROUND) :]]
    assert len({a.story_id for a in event}) == 1
    story = Story.objects.get(pk=event[0].story_id)
    assert story.first_seen == T0
    assert Story.objects.count() == len(BACKGROUND) + 1, "the merged story's row is gone"


def test_relinking_merges_the_same_way_and_resumes(archive):
    Article.objects.update(linked_at=timezone.now())
    relink.relink(size=7, limit=2)  # stops before the bridge
    cursor = relink.relink(size=7)  # a new process resumes
    assert cursor.finished_at is not None
    event = [Article.objects.get(pk=a.pk) for a in archive[len(BACKGROUND) :]]
    assert len({a.story_id for a in event}) == 1
    assert Story.objects.count() == len(BACKGROUND) + 1
    out = io.StringIO()
    call_command("relink_stories", "--batch", "50", stdout=out)  # a second full run
    event = [Article.objects.get(pk=a.pk) for a in archive[len(BACKGROUND) :]]
    assert len({a.story_id for a in event}) == 1


def test_uci_tune_part_gains_recall_from_merges():
    """UCI's tune part (what the merge bars were chosen on; bench/stories.py reports the
    check part): its big events no longer stay split in two or three stories."""
    from conftest import load_bench
    from test_stories_cluster import gold_set

    bench = load_bench("stories")
    rows = [r for r in gold_set("uci-news-first6k") if bench.part_of(r["story"]) == "tune"]
    items = [
        ClusterItem(r["id"], r["title"], "", "en", bench.parse_time(r["published"])) for r in rows
    ]
    gold = [r["story"] for r in rows]
    merged = score(gold, cluster(items))
    split = score(gold, cluster(items, merge_threshold=1.0))
    assert merged.recall >= split.recall + 0.04 and merged.precision >= 0.9
    assert merged.f1 >= 0.81
    print(f"with merges {merged}, without {split}")
