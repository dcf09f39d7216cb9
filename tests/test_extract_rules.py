"""Credit, rights, promo and date rules on single lines."""

from datetime import UTC, date, datetime

import pytest

from wiredesk.extract.chrome import is_promo
from wiredesk.extract.credits import credit_names, initials, is_rights_line, others_credits
from wiredesk.extract.dates import has_date_gap, parse_datetime, text_dates


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("With reporting by AFP, Reuters, and dpa", ["AFP", "Reuters", "dpa"]),
        ("Reporting by Jane Roe; editing by John Doe", ["Jane Roe", "John Doe"]),
        (
            "Associated Press writers Alan Fram and Zeke Miller contributed to this report.",
            ["Alan Fram", "Zeke Miller"],
        ),
        ("Contributing: Kristine Phillips", ["Kristine Phillips"]),
        ("With Post wires", ["Post wires"]),
        ("The company contributed to the fund.", None),
        (
            "Reporting by the council found that the bridge was unsafe for lorries and buses, "
            "and engineers said it would have to close for at least a year while repairs were "
            "made to the piers and the deck, which had been damaged by the floods of the "
            "previous winter and by decades of heavy traffic.",
            None,
        ),
    ],
)
def test_credit_names(line: str, names: list[str] | None) -> None:
    assert credit_names(line) == names


@pytest.mark.parametrize(
    ("name", "letters"),
    [
        ("Radio Free Europe/Radio Liberty", "RFE/RL"),
        ("Agence France-Presse", "AFP"),
        ("Global Voices", "GV"),
        ("Reuters", ""),  # one word has no initials to speak of
        ("dpa", ""),
        ("Free Europe/radio", ""),  # a part without a capitalised word
    ],
)
def test_initials(name: str, letters: str) -> None:
    assert initials(name) == letters


def test_a_source_is_not_credited_with_its_own_story() -> None:
    credits = ["AFP", "Reuters", "dpa", "RFE/RL"]
    assert others_credits(credits, "Radio Free Europe/Radio Liberty") == ["AFP", "Reuters", "dpa"]
    assert others_credits(credits, "Reuters") == ["AFP", "dpa", "RFE/RL"]
    assert others_credits(["DPA", "AFP"], "Deutsche Presse-Agentur") == ["AFP"]
    assert others_credits(credits, "Global Voices") == credits


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Copyright (c) 2018. RFE/RL, Inc. Republished with the permission of RFE/RL", True),
        ("© 2019 Reuters. All rights reserved.", True),
        ("The copyright lawsuit was filed on Monday by the studio.", False),
    ],
)
def test_rights_lines(line: str, expected: bool) -> None:
    assert is_rights_line(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("SEE ALSO: U.S. Says NATO Allies 'United' Ahead Of Talks With Russia", True),
        ("More Switzerland News", True),
        ("Access More", True),
        ("Sign up for Switzerland News", True),
        ("Read more: Alibaba poised to launch record listing", True),
        ("More than 100 people were killed, the agency said on Tuesday.", False),
        ("Related talks in Geneva ended without agreement after seven hours.", False),
    ],
)
def test_promos(line: str, expected: bool) -> None:
    assert is_promo(line) is expected


def test_parse_datetime() -> None:
    assert parse_datetime("2024-03-05T09:30:00Z") == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert parse_datetime("Thu, 07 Jul 2022 10:00:00 GMT").date() == date(2022, 7, 7)
    assert parse_datetime("2019-11-19").tzinfo is not None
    assert parse_datetime("not a date") is None
    assert parse_datetime("1890-01-01") is None


def test_date_gap() -> None:
    stated = date(2022, 7, 7)
    mentions = text_dates("talks on January 10 and on Jan. 11 went nowhere", stated)
    assert mentions == [date(2022, 1, 10), date(2022, 1, 11)]
    assert has_date_gap(mentions, stated)
    assert not has_date_gap(text_dates("on July 5 and July 6", stated), stated)
    assert not has_date_gap(text_dates("only on January 10", stated), stated)
