"""readability's second opinion over a parsed tree, without its javascript pass."""

import gzip
from pathlib import Path

import pytest
from lxml import html as lxml_html
from readability import Document

from wiredesk.extract.page import second_opinion
from wiredesk.extract.parse import parse_page
from wiredesk.extract.readable import ReadableTree

PAGES = sorted(
    (Path(__file__).parents[1] / "src/wiredesk/demo/corpus/globalvoices/html").glob("*.html.gz")
)


def _text(summary: str) -> str:
    return " ".join(lxml_html.document_fromstring(summary).text_content().split())


@pytest.mark.parametrize("path", PAGES[:6], ids=lambda p: p.name)
def test_same_story_text_as_readability_itself(path):
    tree = parse_page(gzip.decompress(path.read_bytes()))
    ours = ReadableTree(tree).summary(html_partial=True)
    theirs = Document(lxml_html.tostring(tree, encoding="unicode")).summary(html_partial=True)
    assert _text(ours) == _text(theirs)
    assert len(_text(ours)) > 500


def test_the_page_tree_is_left_as_it_was():
    tree = parse_page(gzip.decompress(PAGES[0].read_bytes()))
    before = lxml_html.tostring(tree)
    assert second_opinion(tree)
    assert lxml_html.tostring(tree) == before


def test_hidden_parts_leave_the_story_and_stay_in_the_page():
    story = "".join(
        f"<p>Paragraph {i} of the council's long report on the river.</p>" for i in range(12)
    )
    page = (
        "<html><body><div id='story'>" + story + "<p hidden>Hidden panel text</p>"
        "<p style='display: none'>Folded text</p></div></body></html>"
    )
    tree = parse_page(page)
    before = lxml_html.tostring(tree)
    summary = _text(ReadableTree(tree).summary(html_partial=True))
    assert "Paragraph 11" in summary
    assert "Hidden panel" not in summary and "Folded" not in summary
    assert lxml_html.tostring(tree) == before


def test_a_second_pass_reads_the_whole_page_again():
    # the story sits in a box named like a remark: readability's first (ruthless) pass drops
    # it, finds too little, and reads the page again without dropping such boxes
    notes = "".join(
        f"<p>Note {i}: a short note about the river, its banks and the bridge.</p>"
        for i in range(6)
    )
    page = f"<html><body><div class='remark'>{notes}</div></body></html>"
    tree = parse_page(page)
    before = lxml_html.tostring(tree)
    assert "Note 5: a short note" in _text(ReadableTree(tree).summary(html_partial=True))
    assert lxml_html.tostring(tree) == before
