"""Feed content as the story: the same rules as pages, on an HTML fragment."""

import pytest
from lxml import html as lxml_html

from wiredesk.errors import ExtractError
from wiredesk.extract.fragment import extract_fragment, fragment_blocks, is_full_story

LONG = "Words of the story that go on for a while. " * 40


def test_teasers_are_not_full_stories():
    assert not is_full_story("<p>Read the full story on our site.</p>")
    assert is_full_story(f"<p>{LONG}</p>")


def test_loose_text_lists_and_inline_markup_become_blocks():
    root = lxml_html.fragment_fromstring(
        'Loose <b>lead</b> text<p>A <a href="http://x.test/">link</a></p><ul><li>one</li>'
        "<li>two</li></ul><blockquote><p>quoted</p></blockquote>",
        create_parent="div",
    )
    blocks = fragment_blocks(root)
    assert [(b.kind, b.text) for b in blocks] == [
        ("p", "Loose lead text"),
        ("p", "A link"),
        ("li", "one"),
        ("li", "two"),
        ("p", "quoted"),
    ]
    assert blocks[0].html == "Loose <b>lead</b> text"
    assert blocks[1].link_chars == len("link")
    assert blocks[2].list_id == blocks[3].list_id != -1


def test_pictures_captions_and_promos_leave_the_body():
    story = extract_fragment(
        f"<figure><img src='http://x.test/a.jpg'><figcaption>Photo: AFP</figcaption></figure>"
        f"<p>{LONG}</p><p>SEE ALSO: Something else entirely</p>"
        "<p>Copyright 2026 Wire. Republished with the permission of Wire.</p>"
        "<p>More Switzerland News</p>"
    )
    assert story.body == LONG.strip()
    assert "img" not in story.body_html and "Photo" not in story.body
    assert story.rights.startswith("Copyright 2026 Wire")


def test_hostile_markup_is_sanitized():
    story = extract_fragment(
        f'<p onclick="x()">{LONG}<a href="javascript:alert(1)">x</a><script>alert(1)</script></p>'
    )
    assert "onclick" not in story.body_html
    assert "javascript" not in story.body_html and "script" not in story.body_html


def test_no_text_is_a_clear_error():
    with pytest.raises(ExtractError):
        extract_fragment("<script>only()</script><p>   </p>", "http://x.test/1")


@pytest.mark.parametrize(
    ("content", "summary", "full"),
    [
        ("<p>A short brief that is the whole story.</p>", "<p>A short brief.</p>", True),
        ("<p>The same excerpt.</p>", "The same excerpt.", False),
        ("<p>First lines of it. <a href='http://x.test/'>Read more</a></p>", "", False),
        ("<p>First lines of it [&#8230;]</p>", "", False),
        ("<p>Lines.</p><p>The post Lines appeared first on Wire.</p>", "", False),
        ("", "<p>Only a summary.</p>", False),
    ],
)
def test_short_content_is_the_story_unless_it_reads_as_a_teaser(content, summary, full):
    assert is_full_story(content, summary) is full


def test_adjacent_lists_stay_two_lists():
    # Lists were named by id() of their element, which lxml frees and reuses: two lists in a
    # row then shared one name and were rendered as one <ul>.
    lists = "".join(f"<ul><li>list {n} item a</li><li>list {n} item b</li></ul>" for n in range(6))
    root = lxml_html.fragment_fromstring(lists, create_parent="div")
    ids = [b.list_id for b in fragment_blocks(root)]
    assert len(set(ids)) == 6
    assert ids == sorted(ids)
