"""One source's run of posts on its beat is not one event; its update of a report is.

A blog or a wire files post after post on one country or topic: the posts share the beat's
vocabulary (names, places, rare words of the topic), so body words alone join them. A
source's update of its own report names the event again in its headline; its next post on
the beat names another. The posts below are written for these tests in the shape of the
demo's Global Voices posts (texts over the clusterer's `short_chars`).
"""

import pytest

from test_stories_precision import background, brief
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
    assert min(len(GOVERNORS), len(VIOLENCE), len(CLASHES)) > StoryClusterer().short_chars


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
