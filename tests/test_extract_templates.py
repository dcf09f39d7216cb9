"""A site's template learned from several pages removes the chrome they share."""

import json

from wiredesk.extract import SiteTemplate, extract_page, learn_template

BOILERPLATE = (
    "Coastline Media is an independent publisher of regional news founded in 1998, "
    "with offices in 12 towns along the coast and a staff of 140 journalists."
)


def _page(n: int, story: str) -> str:
    return (
        f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
        f"<p>{story}</p><p>{story.replace('The', 'Then the')}</p>"
        f"<p>{BOILERPLATE.replace('12', str(10 + n))}</p></article></body></html>"
    )


STORIES = [
    "The ferry line to the island will start in June and run four times a day for commuters.",
    "The new school on the hill opened its doors to three hundred pupils on Monday morning.",
    "The fishing fleet returned early because of the storm that hit the northern coast.",
    "The museum will show maps of the old harbour drawn by sailors in the seventeenth century.",
]


def test_learned_template_removes_repeated_blocks() -> None:
    pages = [_page(n, s) for n, s in enumerate(STORIES)]
    template = learn_template(pages[:3], site="coastline.example")
    assert template.pages == 3 and template.blocks
    article = extract_page(pages[3], template=template)
    assert "independent publisher" not in article.body
    assert "museum will show maps" in article.body
    assert "independent publisher" in extract_page(pages[3]).body


def test_template_round_trips_through_json() -> None:
    template = SiteTemplate.learn([["a block of boilerplate text, long enough"]] * 2, site="x")
    data = json.loads(json.dumps(template.to_json()))
    assert SiteTemplate.from_json(data) == template


def test_story_blocks_seen_once_are_not_learned() -> None:
    template = SiteTemplate.learn([[s] for s in STORIES])
    assert not template.blocks
