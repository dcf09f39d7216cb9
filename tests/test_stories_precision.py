"""A story is one event: templated briefs, short briefs, one author's runs, split events.

The briefs below are written for these tests in the shapes wire services and blogs use; the
last test runs the Reuters development stream itself (skipped without ../shared).
"""

import gzip
import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from conftest import shared_path
from wiredesk.stories.cluster import ClusterItem, OpenStory, StoryClusterer
from wiredesk.stories.evidence import identifiers
from wiredesk.stories.joining import _outranks

T0 = datetime(1987, 3, 2, 9, tzinfo=UTC)
COMPANIES = [
    ("CMS ENERGY CORP", "CMS"), ("LOTUS DEVELOPMENT CORP", "LOTS.O"), ("GATX CORP", "GMT"),
    ("CRANE CO", "CR"), ("PHELPS DODGE CORP", "PD"), ("LINDBERG CO", "LIND.O"),
    ("PLY GEM INDUSTRIES INC", "PGI"), ("SOUTHWEST BANCORP", "SWB"), ("HUMANA INC", "HUM"),
    ("OWENS AND MINOR INC", "OBOD.O"), ("JUNO LIGHTING INC", "JUNO"), ("LESCO INC", "LSCO"),
]  # fmt: skip
PLACES = ["BAHRAIN", "ONTARIO", "FRANCE", "CANADA", "SINGAPORE", "KENYA", "SWEDEN", "NORWAY"]


def brief(n: int, title: str, text: str, hours: float, source: str = "wire") -> ClusterItem:
    return ClusterItem(f"{n}", title, text, "en", T0 + timedelta(hours=hours), source)


def results(i: int, name: str, ticker: str, hours: float) -> ClusterItem:
    shr, net = 10 + 3 * i, 1200 + 97 * i
    text = (
        f"Shr {shr} cts vs {shr - 4} cts\nNet {net},000 vs {net - 150},000\n"
        f"Revs {40 + i}.{i} mln vs {38 + i}.1 mln\nNine mths\nShr {3 * shr} cts vs {shr} cts"
    )
    return brief(i, f"{name} <{ticker}> 3RD QTR NET", text, hours)


def test_results_briefs_of_different_companies_stay_apart():
    c = StoryClusterer()
    stories = [c.add(results(i, n, t, i * 0.3)) for i, (n, t) in enumerate(COMPANIES)]
    assert len(set(stories)) == len(COMPANIES), "one template, twelve companies, twelve stories"
    follow = brief(
        99,
        "GATX <GMT> SEES HIGHER 4TH QTR NET AFTER RESULTS",
        "GATX Corp said fourth quarter net should rise after third quarter net of 1,394,000 "
        "dlrs, helped by its railcar leasing unit.",
        5,
    )
    assert c.add(follow) == stories[2], "the same company's follow-up joins its own story"


def yields(n: int, place: str, hours: float) -> ClusterItem:
    offered, taken, rate = 200 + 37 * n, 100 + 11 * n, 5 + (n % 17) / 10
    text = (
        f"The average yield on {place.title()} 91-day treasury bills fell to {rate:.2f} pct "
        f"at this week's tender from {rate + 0.3:.2f} pct, the central bank said. Bids "
        f"totalled {offered} mln and {taken} mln were accepted."
    )
    return brief(n, f"{place} TREASURY BILL YIELDS FALL", text, hours)


def test_yields_of_different_places_stay_apart():
    """Once the brief's shape has recurred in the stream, places must agree to join."""
    c = StoryClusterer()
    for day, place in enumerate(["JAPAN", "ITALY", "SPAIN", "BRAZIL", "INDIA", "EGYPT"] * 2):
        c.add(yields(100 + day, place, 24 * (day - 12)))  # the weeks before
    stories = [c.add(yields(i, place, i * 0.5)) for i, place in enumerate(PLACES)]
    assert len(set(stories)) == len(PLACES)


def test_identifiers_are_read_from_headlines():
    assert identifiers("CHRYSLER <C> IN DEAL TO BUY AMC <AMO>") == {"C", "AMO"}
    assert identifiers("<FRANKLIN  GOLD FUND> CUTS DIVIDEND") == {"FRANKLIN GOLD FUND"}
    assert identifiers("Apple (NASDAQ: AAPL) shares rise") == {"AAPL"}


RUN = [  # one author's run of posts, one day, one blog: five different events
    ("Georgia: Beyond Tbilisi", "Beyond Tbilisi says local authorities in Georgia plan to "
     "clean up a river full of garbage in June, outside the capital."),
    ("Georgia: Face Control", "Evolutsia comments on a new policy of face control at the "
     "door of clubs in the Georgian capital, Tbilisi."),
    ("Georgia: Press Freedom Day Protest", "The Young Georgians posts photos of a protest by "
     "journalists to mark World Press Freedom Day in Tbilisi, Georgia."),
    ("Georgia: Five Dead in Flash Flood", "The Young Georgians posts video of this weekend's "
     "flash flood in Tbilisi, Georgia. Five people are reported dead."),
    ("Georgia: No Sex and the City", "A Georgian blogger in Tbilisi asks why the capital's "
     "cinemas will not show the film."),
]  # fmt: skip


def test_one_authors_run_of_short_posts_is_not_a_story():
    """Short posts that share only their country, its capital and its people's name."""
    c = StoryClusterer()
    stories = [c.add(brief(i, t, x, i, source="blog")) for i, (t, x) in enumerate(RUN)]
    assert len(set(stories)) == len(RUN)


OTHER_QUAKE_NEWS = [  # other events that name earthquakes, so that the word is common
    ("Japan to raise earthquake insurance premiums", "Insurers in Japan will raise the price "
     "of earthquake cover by five pct from April, the finance ministry said."),
    ("Turkey builds earthquake-proof schools", "Ankara will spend two billion lira on "
     "earthquake-proof schools in Izmir province over three years."),
    ("Nepal marks earthquake anniversary", "Kathmandu held ceremonies for the victims of the "
     "2015 earthquake; Prime Minister Oli laid a wreath."),
    ("Earthquake museum opens in Kobe", "A museum of the 1995 Hanshin earthquake opened in "
     "Kobe with a simulator and survivors' accounts."),
    ("California tests earthquake warning app", "The ShakeAlert app will warn phone users in "
     "Los Angeles seconds before strong shaking arrives."),
    ("Italian builders convicted after earthquake collapse", "A court in L'Aquila convicted "
     "four builders over a dormitory that fell in the 2009 earthquake."),
    ("Scientists map earthquake fault under Istanbul", "Marine geologists mapped the North "
     "Anatolian fault beneath the Sea of Marmara with seismic sonar."),
    ("Earthquake bonds sold by World Bank", "The World Bank sold 1.4 billion dlrs of catastrophe "
     "bonds that pay out after a major earthquake in Peru or Colombia."),
]  # fmt: skip


def background(c: StoryClusterer) -> None:
    for i, (title, text) in enumerate(OTHER_QUAKE_NEWS):
        c.add(brief(1000 + i, title, text, -24 * (len(OTHER_QUAKE_NEWS) - i), source="other"))


def test_a_topic_word_and_a_country_never_suffice():
    c = StoryClusterer()
    background(c)
    quake = (
        "A magnitude 6.8 earthquake struck off central Chile on Monday, killing 12 people "
        "near Valparaíso, officials said."
    )
    drill = (
        "Schools across Chile held an earthquake drill on Wednesday as part of a national "
        "preparedness week, the education ministry said."
    )
    a = c.add(brief(1, "Earthquake kills 12 near Valparaíso, Chile", quake, 0))
    assert c.add(brief(2, "Chile holds earthquake drill in schools", drill, 6)) != a
    rescue = (
        "Rescue teams searched collapsed houses after the magnitude 6.8 earthquake struck "
        "off central Chile, killing 12 people; hundreds are homeless."
    )
    assert c.add(brief(3, "Rescuers dig after Chile earthquake", rescue, 8)) == a


FIREBOMBING = [  # one developing event over days, in short reports that share its names
    (0, "Bar Targeted By Nationalists In Arson Attack", "At around 5.30am on 8 May, Yerevan's "
     "D.I.Y. bar, known for its gay-friendly policy, was the target of an arson attack by "
     "suspected nationalists."),
    (30, "Campaign in Support of Bar Targeted by Nationalists", "Following the arson attack "
     "on D.I.Y., a bar in Yerevan frequented by activists, a campaign raises funds to repair "
     "the damage."),
    (60, "NGOs Condemn Arson Attack on Gay-Friendly Bar", "A group of NGOs condemned the 8 May "
     "arson attack on D.I.Y., a gay-friendly bar in Yerevan."),
]  # fmt: skip


def test_a_developing_event_stays_one_story():
    """Reports over two and a half days. (Known limit: a report a week later must reach the
    follow-up bar of 0.5, which the demo's bail and MP reports of this event do not.)"""
    c = StoryClusterer()
    background(c)
    stories = {
        c.add(brief(i, f"Armenia: {title}", text, hours, source="blog"))
        for i, (hours, title, text) in enumerate(FIREBOMBING)
    }
    assert len(stories) == 1


SHOW_OTHER_NEWS = [  # the day before: other events, so the show's names are rare words
    "Colorado collects $2 million in first month of marijuana taxes",
    "Mt. Gox seeks US bankruptcy protection",
    "Google releases kit for wearable computers",
    "Chiquita to buy Fyffes, creating biggest banana supplier",
    "Sprint owner vows price war if it can buy T-Mobile",
    "Congress to hold hearing on GM ignition switch problem",
    "Neil Young to launch hi-fi music player on Kickstarter",
    "First image of Grant Gustin in costume for The Flash",
    "Volcanoes helped species survive past ice ages",
    "Dick's Sporting Goods beats Wall Street expectations",
    "Metro-North worker killed by train in Manhattan",
    "SAC Capital to rename itself Point72 Asset Management",
]
FINALE = [  # headlines only, as a news aggregator lists them
    "Bachelor finale: Juan Pablo picks Nikki Ferrell",
    "Juan Pablo chooses Nikki in The Bachelor finale",
    "Bachelor Juan Pablo gives final rose to Nikki Ferrell, no proposal",
    "Nikki Ferrell wins Juan Pablo's heart on Bachelor finale",
    "No engagement for Juan Pablo and Nikki after Bachelor finale",
    "Juan Pablo Galavis and Nikki Ferrell together after the Bachelor",
]


def show_background(c: StoryClusterer) -> None:
    for i, title in enumerate(SHOW_OTHER_NEWS * 3):
        c.add(brief(500 + i, title, "", i - 48, source=f"s{i}"))


@pytest.mark.parametrize("preference, joins", [(0.0, "fragment"), (0.02, "finale")])
def test_a_near_tie_goes_to_the_established_story(preference, joins):
    """A headline that clears the bar of both the event's story (six headlines) and a
    one-headline fragment of it joins the event's story; ranked by cosine alone (preference
    0), the fragment, whose centroid is one wording, wins and the event splits. (Merges
    left out here: they would also mend the split, see the next test.)"""
    c = StoryClusterer(size_preference=preference, merge_threshold=1.0)
    show_background(c)
    for i, title in enumerate(FINALE):
        c.seed(brief(i, title, "", i / 60, source=f"s{i}"), "finale")
    fragment = brief(10, "Clare Crawley scolds Juan Pablo in Bachelor finale", "", 0.2, "x")
    c.seed(fragment, "fragment")
    title = "Clare Crawley loses as Juan Pablo picks Nikki Ferrell in Bachelor finale"
    assert c.decide(brief(11, title, "", 0.25, source="y")).story_id == joins


def test_a_headline_bridging_a_fragment_and_its_event_merges_them():
    """Even ranked by cosine alone, the bridging headline leaves one story: the fragment
    (one headline) agrees with the event's story and merges into it, the bigger keeping
    its id."""
    c = StoryClusterer(size_preference=0.0)
    show_background(c)
    for i, title in enumerate(FINALE):
        c.seed(brief(i, title, "", i / 60, source=f"s{i}"), "finale")
    c.seed(
        brief(10, "Clare Crawley scolds Juan Pablo in Bachelor finale", "", 0.2, "x"), "fragment"
    )
    title = "Clare Crawley loses as Juan Pablo picks Nikki Ferrell in Bachelor finale"
    decision = c.decide(brief(11, title, "", 0.25, source="y"))
    assert (decision.story_id, decision.merges) == ("finale", ("fragment",))
    c.apply(brief(11, title, "", 0.25, source="y"), decision)
    assert len(c.stories["finale"].members) == 8 and "fragment" not in c.stories


@pytest.mark.parametrize("lone_shared, apart", [(1, False), (2, True)])
def test_two_briefs_sharing_one_word_stay_apart(lone_shared, apart):
    """Against a story of one brief, one shared rare word is chance; two are evidence.
    (Here one shared word of any kind is let through, to see this rule alone.)"""
    c = StoryClusterer(lone_shared=lone_shared, short_any_shared=1)
    show_background(c)
    union = c.add(brief(1, "Europe reaches crunch point on banking union", "", 0, "a"))
    bitcoin = c.add(brief(2, "Banking on Bitcoins", "", 0.1, "b"))
    assert (bitcoin != union) is apart
    again = brief(3, "EU ministers reach banking union deal at crunch talks", "", 0.2, "c")
    assert c.add(again) == union


def reuters_stream(limit: int) -> list[ClusterItem]:
    path = shared_path("data/aboutness/reuters21578.dev.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    stamp = re.compile(r"\s*(\d+-\w+-\d+)\s+(\d+):(\d+)")

    def when(date: str) -> datetime:
        day, hh, mm = stamp.match(date).groups()  # type: ignore[union-attr]
        base = datetime.strptime(day, "%d-%b-%Y").replace(tzinfo=UTC)
        return base + timedelta(hours=min(int(hh), 23), minutes=int(mm))

    items = [ClusterItem(r["id"], r["title"], r["text"], "en", when(r["date"])) for r in rows]
    return sorted(items, key=lambda i: i.published)[:limit]  # type: ignore[arg-type,return-value]


def test_reuters_stream_links_few_different_companies_and_no_runaway_story():
    """The first 2,500 wire stories of the development stream (bench/stories.py runs all)."""
    items = reuters_stream(2500)
    c = StoryClusterer()
    story_of = {item.id: c.add(item) for item in items}
    members: dict[str, list[str]] = {}
    for item in items:
        members.setdefault(story_of[item.id], []).append(item.title)
    pairs = cross = 0
    for titles in members.values():
        pairs += len(titles) * (len(titles) - 1) // 2
        tickers = Counter(
            t[0] for t in (re.findall(r"<([^<>]+)>", x) for x in titles) if len(t) == 1
        )
        k = sum(tickers.values())
        cross += (k * (k - 1) - sum(v * (v - 1) for v in tickers.values())) // 2
    assert max(len(t) for t in members.values()) <= 30
    assert pairs > 500 and cross / pairs <= 0.01


def test_the_same_occasion_in_two_countries_is_two_stories():
    c = StoryClusterer()
    china = c.add(
        brief(1, "China: Mother's Day", "Netizens in Beijing shared Mother's Day photos of "
              "migrant mothers working far from their children.", 0, source="blog")
    )  # fmt: skip
    ecuador = c.add(
        brief(2, "Ecuador: Being a Mother is Not Easy", "On Mother's Day a Quito blogger "
              "writes about mothers working far from their children.", 2, source="blog")
    )  # fmt: skip
    assert china != ecuador
    again = brief(3, "China: Mother's Day Photos Spread", "More Mother's Day photos of "
                  "migrant mothers in Beijing spread on Weibo.", 4, source="blog")  # fmt: skip
    assert c.add(again) == china


def test_across_languages_a_number_alone_joins_nothing():
    # UCI: "Lohan offered $1m book deal", read as French, joined an English bitcoin story
    # or a banana company's (which one depended on the hash seed) through "1" alone.
    titles = [
        ("en", "Bitcoin Charges Against Florida Man May Proceed, Judge Rules (1)"),
        ("en", "Meet the New $1 Billion Banana Empire"),
        ("fr", "Lohan offered $1m book deal"),
    ]
    clusterer = StoryClusterer()
    stories = [
        clusterer.add(ClusterItem(f"{i}", title, "", lang, T0 + timedelta(hours=i)))
        for i, (lang, title) in enumerate(titles)
    ]
    assert stories == ["0", "1", "2"]


def test_a_tie_goes_to_the_senior_story_in_either_order():
    # The candidate stories come out of sets, whose order changes with the hash seed: of
    # two stories that rank the same, exactly one must outrank the other.
    older = OpenStory("a", T0, T0, members=["1", "2"])
    newer = OpenStory("b", T0 + timedelta(hours=1), T0 + timedelta(hours=1), members=["3", "4"])
    bigger = OpenStory("c", T0 + timedelta(hours=2), T0 + timedelta(hours=2), members=["5"] * 3)
    for x, y in [(older, newer), (newer, bigger), (older, bigger)]:
        assert _outranks(0.4, x, 0.4, y) != _outranks(0.4, y, 0.4, x)
    assert _outranks(0.4, older, 0.4, newer) and _outranks(0.4, bigger, 0.4, older)
    assert _outranks(0.5, newer, 0.4, bigger)  # a higher rank still wins
