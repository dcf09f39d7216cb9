"""A run of templated briefs is not an event: a story whose headlines name no one thing
again stops taking articles (`run_members`, `run_name_share`).

On a cold stream (a fresh process, a new network) a day's bond issues met as one story:
their texts are one template ("lead manager", "listed in Luxembourg", "fees total"), and
every word of it is still rare, so it counts as specific evidence. The Reuters development
stream started cold made one story of 27 issues by 27 borrowers. An event's reports name the
event again ("VOLCKER"), and the text tells a name from a template word: it writes
"Saab-Scania" capitalised and "eurobond" in lower case. The briefs below are written for
these tests in the shape of such wire copy.
"""

from datetime import UTC, datetime, timedelta

from test_stories_coherence import WASHINGTON_DAY
from wiredesk.stories.cluster import ClusterItem, StoryClusterer
from wiredesk.stories.evidence import headline_names

START = datetime(2026, 3, 2, 7, tzinfo=UTC)
BORROWERS = [
    ("SAAB-SCANIA", "Saab-Scania AB", "Enskilda Securities"),
    ("TESCO", "Tesco Plc", "Warburg Securities"),
    ("CAECL", "Caisse d'Aide a l'Equipement des Collectivites Locales", "Nomura International"),
    ("NEDERLANDSE GASUNIE", "NV Nederlandse Gasunie", "Amro Bank"),
    ("PIRELLI FINANCE", "Pirelli International Finance", "Morgan Guaranty"),
    ("MATSUSHITA TRADING", "Matsushita Electric Trading Co", "Daiwa Europe"),
    ("COMMERZBANK UNIT", "Commerzbank Overseas Finance", "Commerzbank AG"),
    ("SNCF", "Societe Nationale des Chemins de Fer Francais", "Banque Paribas"),
    ("GREAT AMERICAN", "Great American First Savings Bank", "Salomon Brothers"),
    ("HAMBURGISCHE LB", "Hamburgische Landesbank", "Deutsche Bank Capital Markets"),
    ("MONTEDISON UNIT", "Montedison Finance", "Credit Suisse First Boston"),
    ("DEUTSCHE BANK UNIT", "Deutsche Bank Finance NV", "Deutsche Bank Capital Markets"),
]


def bond_issue(i: int) -> ClusterItem:
    slug, name, manager = BORROWERS[i]
    amount = 50 + 25 * i
    text = (
        f"{name} is issuing a {amount} mln dlr eurobond due 1992 paying 7-1/2 pct and "
        f"priced at 101-1/4 pct, lead manager {manager} said. The non-callable bond is "
        "available in denominations of 5,000 dlrs and will be listed in Luxembourg. The "
        "selling concession is 1-1/4 pct, while management and underwriting combined pays "
        "5/8 pct. The payment date is March 25 and the issue will be sold in the eurobond "
        "market through the usual syndicate of underwriting banks."
    )
    return ClusterItem(
        id=f"bond-{i}",
        title=f"{slug} ISSUES {amount} MLN DLR EUROBOND",
        text=text,
        lang="en",
        published=START + timedelta(minutes=40 * i),
    )


VOLCKER_DAY = [
    ("VOLCKER WILL NOT SERVE NEW TERM AT FED", "declined a third term as chairman"),
    ("REAGAN NAMES GREENSPAN TO SUCCEED VOLCKER", "named Alan Greenspan to succeed him"),
    ("VOLCKER DEPARTURE SHOCKS CURRENCY DEALERS", "left currency dealers in shock"),
    ("DOLLAR FALLS ON NEWS OF VOLCKER EXIT", "sent the dollar lower in New York"),
    ("BANKERS SAY VOLCKER LEAVES VOID ON DEBT", "leaves a void on Latin American debt"),
    ("ECONOMISTS DIVIDED ON VOLCKER DECISION", "divided economists on Wall Street"),
    ("VOLCKER LEAVING DESPITE REAGAN REQUESTS", "came despite requests by Reagan to stay"),
    ("JAPAN REGRETS VOLCKER DECISION TO LEAVE", "was regretted by Japanese officials"),
    ("VOLCKER LETTER CITES PERSONAL REASONS", "cited personal reasons in his letter"),
    ("BOND MARKET SLUMPS AFTER VOLCKER NEWS", "sent bond prices sharply lower"),
    ("VOLCKER TO STAY UNTIL GREENSPAN CONFIRMED", "will stay until the Senate acts"),
    ("VOLCKER SAYS FED INDEPENDENCE MUST STAY", "said the Fed must stay independent"),
]


def volcker_report(i: int) -> ClusterItem:
    title, what = VOLCKER_DAY[i]
    text = (
        f"Federal Reserve Board chairman Paul Volcker's decision {what}, officials and "
        "analysts said. Volcker, chairman of the Federal Reserve since 1979, told President "
        "Reagan he would not accept reappointment when his term expires in August, and "
        "Reagan named Alan Greenspan to succeed Volcker at the Federal Reserve."
    )
    return ClusterItem(
        id=f"volcker-{i}",
        title=title,
        text=text,
        lang="en",
        published=START + timedelta(minutes=30 * i),
    )


def stories_of(items: list[ClusterItem], **options: float) -> list[str]:
    clusterer = StoryClusterer(**options)
    return [clusterer.add(item) for item in items]


def largest(labels: list[str]) -> int:
    return max(labels.count(label) for label in set(labels))


def test_the_text_tells_names_from_template_words() -> None:
    item = bond_issue(0)
    assert headline_names(item.title, item.text) == {"saab", "scania"}
    volcker = volcker_report(1)
    assert {"reagan", "greenspan", "volcker"} <= headline_names(volcker.title, volcker.text)
    assert "names" not in headline_names(volcker.title, volcker.text)  # "named" is lower case


def test_a_headline_without_text_names_nothing() -> None:
    assert headline_names("VOLCKER WILL NOT SERVE NEW TERM", "") == frozenset()


def test_a_cold_run_of_bond_issues_stops_growing() -> None:
    issues = [bond_issue(i) for i in range(len(BORROWERS))]
    assert largest(stories_of(issues, run_members=10**6)) >= 10  # the fault
    assert largest(stories_of(issues)) <= StoryClusterer().run_members


def test_an_event_named_again_keeps_growing() -> None:
    """Past `run_members` (4 here), the reports that name Volcker again still join."""
    day_before = [
        ClusterItem(f"dc-{i}", title, text, "en", START - timedelta(hours=20 - i))
        for i, (title, text) in enumerate(WASHINGTON_DAY)
    ]
    bonds = [bond_issue(i) for i in range(len(BORROWERS))]
    bonds = [ClusterItem(b.id, b.title, b.text, "en", START - timedelta(hours=8)) for b in bonds]
    reports = [volcker_report(i) for i in range(8)]
    labels = stories_of([*day_before, *bonds, *reports], run_members=4)
    assert len(set(labels[-8:])) == 1
    every_story_a_run = stories_of([*day_before, *bonds, *reports], run_members=4, run_name_share=2)
    assert len(set(every_story_a_run[-8:])) > 1  # what the test would see without names
