"""One source's run of posts on its beat is not one event; its update of a report is.

A blog or a wire files post after post on one country or topic: the posts share the beat's
vocabulary (names, places, rare words of the topic), so body words alone join them. A
source's update of its own report names the event again in its headline; its next post on
the beat names another. The posts below are written for these tests in the shape of the
demo's Global Voices posts (texts over the clusterer's `short_chars`).
"""

import pytest

from test_stories_precision import FIREBOMBING, background, brief, show_background
from wiredesk.stories.cluster import StoryClusterer

BEAT = (
    " Opposition leaders Navalny and Udaltsov met on Bolotnaya square in Moscow, where "
    "protesters have gathered since the disputed December vote, and bloggers argued on "
    "LiveJournal over Putin's return to the Kremlin and what the opposition should do next. "
    "Echo of Moscow radio and the Novaya Gazeta newspaper followed the arguments all week. "
)
GOVERNORS = (
    "Three regional governors resigned on Friday, days before a law restoring direct "
    "governor elections takes effect, so the Kremlin can appoint their successors."
    + BEAT
    + "Analysts in Kommersant called the resignations a way around the new election law."
)
VIOLENCE = (
    "Clashes between riot police and marchers left dozens injured on Sunday, and hundreds "
    "were detained as the march reached the embankment."
    + BEAT
    + "Some activists now call for peaceful tactics, others for a tent camp in the city."
)
CLASHES = (
    "Riot police detained more activists on Monday as the debate about tactics went on, "
    "after the clashes that left dozens injured on Sunday."
    + BEAT
    + "The tent camp idea split the opposition further, bloggers wrote."
)


def run(own_source_members: int, second_source: str) -> tuple[str, str]:
    c = StoryClusterer(own_source_members=own_source_members)
    background(c)
    a = c.add(brief(1, "Russia: Surprise Resignations Threaten New Governor Elections",
                    GOVERNORS, 0, source="blog"))  # fmt: skip
    b = c.add(brief(2, "Russia: Violence Plunges Opposition into Debate About Tactics",
                    VIOLENCE, 9, source=second_source))  # fmt: skip
    return a, b


def test_texts_are_long_enough_to_count_as_full_reports():
    texts = (GOVERNORS, VIOLENCE, CLASHES, BAIL)
    assert min(len(t) for t in texts) > StoryClusterer().short_chars


@pytest.mark.parametrize("own_source_members, apart", [(0, False), (1, True)])
def test_one_sources_next_post_on_its_beat_is_another_story(own_source_members, apart):
    a, b = run(own_source_members, "blog")
    assert (a != b) is apart


def test_another_sources_report_is_judged_as_before():
    """The rule binds a source's own run only: other sources word one event differently."""
    a, b = run(1, "wire")
    assert a == b


def test_a_sources_update_that_names_its_event_joins_it():
    c = StoryClusterer()
    background(c)
    c.add(brief(1, "Russia: Surprise Resignations Threaten New Governor Elections",
                GOVERNORS, 0, source="blog"))  # fmt: skip
    b = c.add(brief(2, "Russia: Violence Plunges Opposition into Debate About Tactics",
                    VIOLENCE, 9, source="blog"))  # fmt: skip
    update = brief(3, "Russia: More Detentions as Opposition Debates Tactics", CLASHES, 20,
                   source="blog")  # fmt: skip
    assert c.add(update) == b


BAIL = (
    "Two young men charged over the arson attack on D.I.Y., the gay-friendly bar in Yerevan, "
    "were freed on Tuesday after two members of parliament from the Dashnaktsutyun party "
    "paid their bail. The deputies told journalists the men had defended national values, "
    "and a court set a hearing for June. Human rights groups said the deputies' statements "
    "encourage hate crimes against the bar's customers, and asked the prosecutor general to "
    "review the release; the ruling party did not comment on the case on Tuesday night."
)
BAIL_TITLE = "Armenia: Bar Arson Suspects Released on Bail"


def firebombing_then_bail(names: int, source: str) -> tuple[set[str], str]:
    """The event's three reports over 60 hours, then the bail report three days later."""
    c = StoryClusterer(own_update_names=names)
    show_background(c)  # enough other news that the event's words stay specific
    background(c)
    stories = {
        c.add(brief(i, f"Armenia: {title}", text, hours, source="blog"))
        for i, (hours, title, text) in enumerate(FIREBOMBING)
    }
    return stories, c.add(brief(10, BAIL_TITLE, BAIL, 60 + 24 * 3, source=source))


@pytest.mark.parametrize("names, joins", [(99, False), (2, True)])
def test_a_sources_report_days_later_that_names_its_event_rejoins_it(names, joins):
    """The source's own follow-up three days on names two of the event's specific words
    (the bar, the arson) in its headline: quiet days do not raise its bar, the story's age
    still does (0.37 here, where the follow-up bar is 0.5; its cosine is about 0.49)."""
    stories, later = firebombing_then_bail(names, "blog")
    assert len(stories) == 1
    assert (later in stories) is joins


def test_another_sources_report_days_later_needs_the_follow_up_bar():
    stories, later = firebombing_then_bail(2, "wire")
    assert later not in stories
