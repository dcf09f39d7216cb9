"""Date lines, numeric day order and the reference date, on small synthetic texts and pages."""

from datetime import UTC, date, datetime

import pytest
from lxml import html as lxml_html

from wiredesk.extract.dates import headline_date, page_dates, read_date_line
from wiredesk.extract.structured import read_structured

NOW = datetime(2024, 6, 1, tzinfo=UTC)
PROSE = "<p>" + "The council met on Monday and approved the plan for the new bridge. " * 4 + "</p>"


@pytest.mark.parametrize(
    ("text", "day", "updated"),
    [
        ("13 Jan 2020, 22:11 GMT+10", date(2020, 1, 13), False),
        ("Written: 2023-11-07 15:03:30", date(2023, 11, 7), False),
        ("Published on Monday, 6 January 2020", date(2020, 1, 6), False),
        ("Updated Mar 12, 2020 @ 10:42 am", date(2020, 3, 12), True),
        ("Updated 2010 GMT (0410 HKT) March 14, 2021", date(2021, 3, 14), True),
        ("Last updated 04 Jun 2020, originally created 17 Jun 2019", date(2020, 6, 4), True),
        ("January 19, 2020 / 12:25 PM / Updated 8 hours ago", date(2020, 1, 19), False),
        ("22:57 GMT 28.04.2020", date(2020, 4, 28), False),
    ],
)
def test_date_lines_are_read(text: str, day: date, updated: bool) -> None:
    shown = read_date_line(text)
    assert shown is not None
    assert (shown.day, shown.updated) == (day, updated)


@pytest.mark.parametrize(
    "text",
    [
        "On July 31, 2019, the senators wrote to the agency",
        "Version 3, 29 June 2007",
        "Member since May 11, 2017 and still posting every day",
        "Tickets on sale",
    ],
)
def test_prose_and_labels_that_are_not_publication_lines(text: str) -> None:
    assert read_date_line(text) is None


@pytest.mark.parametrize(
    ("text", "month_first", "day"),
    [
        ("08/11/2023 | 20:26 PM", False, date(2023, 11, 8)),  # British order
        ("11/8/2023 10:46 PM", True, date(2023, 11, 8)),  # American order
        ("25/03/2024", True, date(2024, 3, 25)),  # 25 can only be the day
        ("03/25/2024", False, date(2024, 3, 25)),  # 25 can only be the day
        ("03.04.2024", True, date(2024, 4, 3)),  # dotted dates are day first everywhere
    ],
)
def test_numeric_day_order(text: str, month_first: bool, day: date) -> None:
    shown = read_date_line(text, month_first=month_first)
    assert shown is not None and shown.day == day


def _tree(body: str, head: str = "", lang: str = "") -> lxml_html.HtmlElement:
    lang_attr = f' lang="{lang}"' if lang else ""
    return lxml_html.fromstring(f"<html{lang_attr}><head>{head}</head><body>{body}</body></html>")


def test_headline_date_skips_chrome_and_prose() -> None:
    body = (
        '<div class="topbar"><span>Tuesday, 14 Jan 2020</span></div>'
        "<nav><ul><li>12 Jan 2020</li></ul></nav>"
        "<h1>Bridge plan approved</h1>"
        "<p>On January 2, 2020, the council met again to look at the plan.</p>"
        "<p>By Jane Roe<br>13 Jan 2020, 22:11 GMT+10</p>"
        + PROSE
        + '<div class="comments"><p>15 Jan 2020</p></div>'
    )
    shown = headline_date(_tree(body), NOW)
    assert shown is not None and shown.day == date(2020, 1, 13)


def test_headline_date_never_in_the_future_of_the_reference() -> None:
    body = "<p>Posted 3 March 2031</p><p>Posted 3 March 2024</p>" + PROSE
    shown = headline_date(_tree(body), NOW)
    assert shown is not None and shown.day == date(2024, 3, 3)


def _dates(
    body: str, head: str = "", url: str = "", lang: str = "", reference: datetime = NOW
) -> tuple[datetime | None, datetime | None]:
    tree = _tree(body, head, lang)
    return page_dates(tree, read_structured(tree), url, guess=False, reference=reference)


def test_declared_dates_after_the_reference_are_ignored() -> None:
    head = (
        '<meta property="article:published_time" content="2024-05-30T10:00:00Z">'
        '<meta property="article:modified_time" content="2024-05-31T10:00:00Z">'
    )
    published, updated = _dates(PROSE, head, reference=datetime(2023, 1, 1, tzinfo=UTC))
    assert (published, updated) == (None, None)
    published, updated = _dates(PROSE, head, reference=NOW)
    assert published == datetime(2024, 5, 30, 10, tzinfo=UTC)
    assert updated == datetime(2024, 5, 31, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("marked", "day"),
    [
        ("2024-05-19T22:00:00Z", date(2024, 5, 19)),  # hours earlier: the earliest is original
        ("2024-05-14T08:00:00Z", date(2024, 5, 20)),  # days away: another story's card
    ],
)
def test_marked_date_far_from_the_declared_one_belongs_to_something_else(
    marked: str, day: date
) -> None:
    head = '<meta property="article:published_time" content="2024-05-20T10:00:00Z">'
    card = f'<div class="related"><span itemprop="datePublished" content="{marked}"></span></div>'
    published, _ = _dates(PROSE + card, head)
    assert published is not None and published.date() == day


def test_numeric_date_line_follows_the_page_locale() -> None:
    body = "<h1>Bridge plan approved</h1><p>02/11/2023 02:00pm GMT</p>" + PROSE
    british, _ = _dates(body, lang="en-GB")
    american, _ = _dates(body, lang="en-US")
    bare_english_uk_host, _ = _dates(body, url="https://news.example.co.uk/a", lang="en")
    assert british is not None and british.date() == date(2023, 11, 2)
    assert american is not None and american.date() == date(2023, 2, 11)
    assert bare_english_uk_host is not None and bare_english_uk_host.date() == date(2023, 11, 2)


def test_feed_and_page_dates_read_one_month_table():
    from wiredesk.extract.dates import written
    from wiredesk.ingest.feeds import dates as feed_dates
    from wiredesk.months import MONTHS

    assert feed_dates.MONTHS is MONTHS and written.MONTHS is MONTHS
    assert MONTHS["sept"] == MONTHS["sep"] == MONTHS["september"] == 9
