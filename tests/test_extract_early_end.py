"""A page whose template closes the document before its story (`parse.early_end`)."""

from wiredesk.extract import extract_page
from wiredesk.extract.parse import early_end

SAID = (
    "<p>{} said on Monday that the plan would change how the city pays for its roads, "
    "bridges and buses over the next ten years.</p>"
)
STORY = "".join(SAID.format(n) for n in ("The mayor", "A council member", "The treasurer"))
HEADER = (
    "<html><head><title>Roads plan</title></head><body><header><nav><a href='/'>Home</a>"
    "</nav></header>"
)


def test_story_after_an_early_html_end_is_read():
    page = f"{HEADER}</body></html>\n<div class='post'><h1>Roads plan</h1>{STORY * 6}</div>"
    story = extract_page(page, "http://news.example/roads")
    assert story.body.startswith("The mayor said on Monday")
    assert "The treasurer said" in story.body


def test_a_document_ending_where_it_should_is_left_alone():
    page = f"{HEADER}<div>{STORY}</div></body></html>\n<script>var x = 1;</script>"
    assert early_end(page) == page
    tail = "<!-- " + "x" * 3000 + " -->"  # no paragraph after the end: nothing to put back
    assert early_end(page + tail) == page + tail
