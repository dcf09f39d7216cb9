"""Hostile nesting: a block element opened inside a paragraph loses none of the text after it.

Each page is a short story whose middle paragraph holds one element that HTML does not allow
inside a paragraph (or that the parser reads as a container); the sentence after it must be
in the body, and no script or handler may reach the stored HTML.
"""

import pytest

from wiredesk.extract import extract_page

LEAD = (
    "<p>Officials in the capital said on {day} that the new budget would be debated next week "
    "by the full parliament, with a vote expected before the end of the month.</p>"
)
AFTER = "and the sentence after the element must survive here"
HOSTILE = {
    "form": '<form action="/x"><input name="q"><button>Go</button></form>',
    "details": "<details><summary>More</summary>a hidden note</details>",
    "embed": '<embed src="x.swf">',
    "div": '<div class="ad">Advertisement</div>',
    "body": '<body onload="alert(1)">',
    "table": "<table><tr><td>a cell</td></tr></table>",
    "list": "<ul><li>an item</li></ul>",
    "script": "<script>alert(1)</script>",
    "iframe": '<iframe src="http://evil.example/"></iframe>',
    "object": '<object data="x.swf"><param name="a" value="b"></object>',
    "svg": '<svg onload="alert(1)"><circle r="1"/></svg>',
    # elements HTML's parser (or libxml2) also ends a paragraph at, or keeps inside one
    "center": "<center>centred</center>",
    "listing": "<listing>a listing</listing>",
    "xmp": "<xmp>raw <b>text</b></xmp>",
    "dir": "<dir><li>an item</li></dir>",
    "hgroup": "<hgroup><h2>A heading</h2></hgroup>",
    "summary": "<summary>a summary</summary>",
    "figcaption": "<figcaption>a caption</figcaption>",
    "search": "<search>a search box</search>",
    "title": "<title>a second title</title>",
    "head": "<head><title>a head</title></head>",
    "frameset": "<frameset></frameset>",
    "template": "<template><p>an inert paragraph</p></template>",
}


def page(element: str) -> str:
    return (
        "<html><head><title>Budget debate set</title></head><body><article>"
        "<h1>Budget debate set</h1>"
        + LEAD.format(day="Monday")
        + f"<p>The minister spoke first {element} {AFTER}.</p>"
        + LEAD.format(day="Tuesday")
        + "</article></body></html>"
    )


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_text_after_a_block_inside_a_paragraph_is_kept(name):
    story = extract_page(page(HOSTILE[name]), "http://news.example/budget")
    assert AFTER in story.body
    assert "The minister spoke first" in story.body
    assert "Tuesday" in story.body
    for bad in ("<script", "alert(", "onload", "<form", "<iframe", "<embed"):
        assert bad not in story.body_html


def test_a_lead_left_loose_beside_a_block_is_kept_with_the_rest():
    html = (
        "<html><body><div class='story'>The first sentence of the story stands loose in its "
        "container, as some sites write it.<div class='spacer'></div>The second sentence "
        "follows the spacer and belongs to the same story as the first one does.<br>"
        "</div></body></html>"
    )
    story = extract_page(html, "http://news.example/loose")
    assert "The first sentence" in story.body
    assert "The second sentence" in story.body


def test_a_paragraph_with_inline_code_keeps_its_own_text():
    sentence = "The backend is different from the front end and needs its own tests"
    html = (
        "<html><body><article><h1>Compilers</h1>"
        + LEAD.format(day="Monday")
        + f"<p>{sentence}, and <code>rustc_codegen_gcc</code> is the crate name of it.</p>"
        + LEAD.format(day="Friday")
        + "</article></body></html>"
    )
    story = extract_page(html, "http://blog.example/gcc")
    assert sentence in story.body
    assert "rustc_codegen_gcc is the crate name" in story.body


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_feed_content_keeps_the_text_after_a_block_inside_a_paragraph(name):
    from wiredesk.extract.fragment import extract_fragment

    content = (
        LEAD.format(day="Monday")
        + f"<p>The minister spoke first {HOSTILE[name]} {AFTER}.</p>"
        + LEAD.format(day="Tuesday")
    )
    story = extract_fragment(content, "http://news.example/budget", title="Budget debate set")
    assert AFTER in story.body and "Tuesday" in story.body
    for bad in ("<script", "alert(", "onload", "<form", "<iframe", "<embed"):
        assert bad not in story.body_html
