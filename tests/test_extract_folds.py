"""A story's folded panels (FAQ answers, accordions, `<details>`) come back (`folds`)."""

from wiredesk.extract import extract_page
from wiredesk.extract.blocks import Block
from wiredesk.extract.folds import _merge

SAID = (
    "<p>{} said on Monday that the plan would change how the city pays for its roads, "
    "bridges and buses over the next ten years.</p>"
)
STORY = "".join(
    SAID.format(n) for n in ("The mayor", "A council member", "The treasurer", "A planner")
)


def page(faq: str) -> str:
    return (
        "<html><head><title>Roads plan</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Roads plan</h1>{STORY}<h2>Questions and answers</h2>{faq}</article>"
        "<footer>Footer</footer></body></html>"
    )


ANSWER = (
    "The tolls on the two main bridges rise from next spring, and the money goes to the "
    "repair of the ring road and its tunnels."
)


def test_a_hidden_faq_answer_comes_back():
    faq = (
        "<div class='faq-item'><h3>When do the tolls rise?</h3>"
        f"<div class='answer' style='display:none' aria-hidden='true'><p>{ANSWER}</p></div>"
        "</div>"
    )
    story = extract_page(page(faq), "http://news.example/roads")
    assert ANSWER in story.body
    assert story.body.index("A planner said") < story.body.index(ANSWER)
    assert "Footer" not in story.body and "Home" not in story.body


def test_a_hidden_panel_outside_any_fold_stays_out():
    hidden = f"<div style='display:none' aria-hidden='true'><p>{ANSWER}</p></div>"
    story = extract_page(page(hidden), "http://news.example/roads")
    assert ANSWER not in story.body


def test_merge_puts_folded_blocks_where_the_container_has_them():
    a, b, c = (Block("p", t, t) for t in ("first", "second", "third"))
    x, y = Block("p", "folded", "folded"), Block("p", "other", "other")
    merged = _merge([a, c], [b, a, x, y, c], {"folded"})
    assert [blk.text for blk in merged] == ["first", "folded", "third"]
    assert _merge([a, c], [a, y, c], {"folded"}) is None


def test_a_put_back_that_keeps_less_text_is_not_taken():
    from wiredesk.extract.body import StoryParts
    from wiredesk.extract.page import _unfolded

    long, short = Block("p", "a longer story text", ""), Block("p", "shorter", "")
    first = StoryParts(blocks=[long])
    assert _unfolded(first, StoryParts(blocks=[short])) is first
    fuller = StoryParts(blocks=[long, short])
    assert _unfolded(first, fuller) is fuller
