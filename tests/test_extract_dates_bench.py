"""The metadata benchmark's date scorer, and the day accuracy target on ../shared's dates."""

import pytest

from conftest import SHARED, load_bench

DATES = SHARED / "data" / "dates"
TARGET_DAY_ACCURACY = 0.95  # issue 4


bench = load_bench("metadata")


def test_day_figures_count_no_output_as_wrong() -> None:
    figures = bench.date_figures(
        [
            ("2020-01-13T22:11:00+10:00", "2020-01-13"),
            ("", "2020-01-14"),
            ("2020-01-16", "2020-01-15"),
        ]
    )
    assert figures["day_accuracy"] == pytest.approx(1 / 3)
    assert figures["day_precision"] == pytest.approx(1 / 2)
    assert figures["day_coverage"] == pytest.approx(2 / 3)


@pytest.mark.skipif(not DATES.exists(), reason="../shared/data/dates is not present")
def test_day_accuracy_target_on_the_dates_pages() -> None:
    pages = bench.load(DATES)
    system = bench.SYSTEMS["wiredesk"][0]
    found = [system(page.html, page.url) for page in pages]
    figures = bench.date_figures(
        [(m.date, p.gold["date"]) for m, p in zip(found, pages, strict=True)]
    )
    assert figures["day_accuracy"] >= TARGET_DAY_ACCURACY
