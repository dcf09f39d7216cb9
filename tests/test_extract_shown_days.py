"""The days a page shows in its date elements (`dates.shown.shown_days`)."""

from datetime import date

from wiredesk.extract.dates.shown import shown_days
from wiredesk.extract.parse import parse_page


def _days(body: str) -> list[date]:
    return shown_days(parse_page(f"<html><body>{body}</body></html>"))


def test_article_days_come_in_page_order_across_articles():
    body = (
        "<header><span class='date'>Saturday, 6 December 2026</span></header>"
        "<article><p class='post-date'>March 3, 2024</p><p>Text of the story.</p></article>"
        "<div>between</div>"
        "<article><time>March 1, 2024</time><p class='date'>March 3, 2024</p></article>"
    )
    assert _days(body) == [date(2024, 3, 3), date(2024, 3, 1)]


def test_the_page_days_count_only_when_no_article_shows_one():
    body = (
        "<div class='published'>4 May 2023</div>"
        "<article><p>No date in here.</p></article>"
        "<nav><span class='date'>5 May 2023</span></nav>"
        "<li><span class='date'>6 May 2023</span></li>"
    )
    assert _days(body) == [date(2023, 5, 4)]


def test_an_update_is_not_a_shown_day_and_long_texts_are_not_date_elements():
    body = (
        "<article><div class='date'>January 19, 2020 / Updated January 21, 2020</div>"
        "<div class='timeline'>" + "A long container of text. " * 10 + "April 2, 2021</div>"
        "</article>"
    )
    assert _days(body) == [date(2020, 1, 19)]


def test_at_most_eight_days():
    days = "".join(f"<time>March {d}, 2024</time>" for d in range(1, 12))
    assert _days(f"<main>{days}</main>") == [date(2024, 3, d) for d in range(1, 9)]
