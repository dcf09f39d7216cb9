"""The faults issue 17 found in the demo and, in its second pass, in the held-out Reuters
errors (company names, capitals headlines, datelines, regions, markets), each fixed in
general form, on stories written here.

Each story is our own text, written to exercise one rule (none is copied from the demo's
Global Voices stories or from Reuters). "About" means a score at or over the editions'
default threshold (geo.scoring.ABOUT).
"""

from __future__ import annotations

import pytest

from wiredesk.geo import tag
from wiredesk.geo.scoring import ABOUT
from wiredesk.geo.tagger import read_story


def about(text: str, title: str = "", dateline: str = "") -> set[str]:
    return {c for c, s in tag(text, title=title, dateline=dateline).scores.items() if s >= ABOUT}


def named(text: str, title: str = "") -> set[str]:
    return set(tag(text, title=title).countries)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Carnival season opened in Trinidad & Tobago on Monday with steel bands.", "TT"),
        ("Voters in St. Vincent & the Grenadines chose a new parliament.", "VC"),
        ("Antigua & Barbuda announced a new tourism levy on cruise passengers.", "AG"),
        ("Trinidad&Tobago beat Jamaica at cricket.", "TT"),
    ],
)
def test_names_with_an_ampersand(text: str, country: str) -> None:
    r = tag(text)
    assert r.main == country
    assert country in about(text)


def test_an_ampersand_between_other_words_names_nothing() -> None:
    assert named("Shoppers queued at Marks & Spencer while Simon & Garfunkel played.") == set()


@pytest.mark.parametrize(
    "text",
    [
        "The Zambian court said the airline owed K14 billion, or US$2.5 million, to Zambia.",
        "A Zambian minister earned 505,240 U.S. dollars last year, Zambia's papers said.",
        "Zambia sold copper worth $US 40 million to traders in Lusaka.",
        "Zambia's kwacha fell against the US dollar for a third week.",
    ],
)
def test_a_currency_is_not_the_country(text: str) -> None:
    r = tag(text)
    assert r.main == "ZM"
    assert "US" not in r.countries
    assert all(p.country != "US" for p in r.places)


def test_a_currency_beside_other_mentions_is_not_counted() -> None:
    story, _ = read_story("Canada's central bank bought Australian dollars. Canada said so.")
    au = [e for e in story.evidence if e.country == "AU"]
    assert au and all(e.currency and not e.counts for e in au)


def test_verbs_after_a_country_are_not_currencies() -> None:
    story, _ = read_story("Russia pounds the city of Kharkiv as Brazil won the final.")
    assert not any(e.currency for e in story.evidence)


@pytest.mark.parametrize(
    ("text", "town"),
    [
        (
            "The Democratic National Alliance won no seat in the Bahamas, American observers "
            "in Nassau said.",
            "Alliance",
        ),
        (
            "La Defensoría del Pueblo said Peru's decrees broke the law; Americans in Lima "
            "watched the vote.",
            "Pueblo",
        ),
        (
            "A speaker in Athens quoted the poem about Ithaca to Greek students and to visitors "
            "from the United States.",
            "Ithaca",
        ),
        (
            "The Speakers' Corner in London's Hyde Park inspired Zambian bloggers; the United "
            "States embassy in Lusaka said nothing.",
            "Hyde Park",
        ),
        (
            "Films by producer Tyler Perry are rarely shown in Martinique, critics from the "
            "United States said.",
            "Tyler",
        ),
        (
            "Readers in Russia picked Moby Dick by Herman Melville, and American readers agreed.",
            "Melville",
        ),
        (
            "Malawi will host the African Union Summit in July, Malawi's president said; a team "
            "from the United States will attend.",
            "Summit",
        ),
        (
            "Swiss voters will decide on a Basic Income; the United States watches the vote in "
            "Switzerland.",
            "Basic",
        ),
    ],
)
def test_common_words_and_surnames_are_not_small_towns(text: str, town: str) -> None:
    r = tag(text)
    assert town not in {p.name for p in r.places}, f"{town} was read as a town"
    assert all(town not in p.name for p in r.places)


def test_a_small_town_with_its_place_still_counts() -> None:
    r = tag("Students protested in Ithaca on Monday, and New York state police watched.")
    assert "Ithaca" in {p.name for p in r.places}
    r = tag("Floods hit Pueblo, Colorado, after a week of rain in the United States.")
    assert {"Pueblo", "Colorado"} <= {p.name for p in r.places}


def test_a_town_in_a_title_case_headline_needs_support() -> None:
    r = tag("A comedy opens in cinemas in Martinique this week.", title="Think Like A Man")
    assert "CI" not in r.countries  # Man, Côte d'Ivoire


def test_common_nouns_of_other_languages_are_not_places() -> None:
    text = (
        "Students in Caracas, Venezuela, shared colonial paintings online. The works are "
        "from the archive of the university, and they were shown to the public for the first "
        "time this year, said the curator, who has studied them for a decade.\n\n"
        "Los estudiantes de la Universidad Central de Venezuela estudian el arte de la "
        "Nueva España y lo publican en la red.\n\n"
        "Students of the Central University of Venezuela study the art of New Spain."
    )
    r = tag(text, title="Venezuela: Colonial Art Online")
    assert r.main == "VE"
    assert "ES" not in r.countries


def test_a_quote_repeated_in_translation_counts_once() -> None:
    text = (
        "Argentina's senate passed a law on dying with dignity on Wednesday. Families in "
        "Buenos Aires welcomed it.\n\n"
        "The law lets patients with terminal illnesses, or their families, refuse treatment "
        "that only prolongs their lives. Argentine doctors had asked for it for years.\n\n"
        "The debate began with the case of a girl in a vegetative state in Argentina, whose "
        "mother asked the courts of Buenos Aires to withdraw life support.\n\n"
        "Bloggers across Argentina discussed the vote, and the hashtag of the campaign was "
        "trending for a day in the country.\n\n"
        "The daily paper listed where such laws exist:\n\n"
        "Holanda y Bélgica fueron los primeros países en reglamentarla. También Suiza, y la "
        "ley es muy importante para las familias de la Argentina.\n\n"
        "Holland and Belgium were the first countries to allow it. Switzerland too, and the "
        "law matters a lot for families in Argentina."
    )
    story, _ = read_story(text, "Argentina Approves Death with Dignity Law")
    swiss = [e for e in story.evidence if e.country == "CH"]
    assert len(swiss) == 2 and sum(e.counts for e in swiss) == 1
    r = tag(text, title="Argentina Approves Death with Dignity Law")
    assert r.main == "AR"
    assert not {"CH", "NL", "BE"} & about(text, "Argentina Approves Death with Dignity Law")


def test_a_list_of_rallies_abroad_is_not_about_each_place() -> None:
    text = (
        "Malaysians abroad rallied on Saturday for clean elections in Malaysia, joining the "
        "crowds in Kuala Lumpur.\n\n"
        "In Auckland, New Zealand:\n\nIn London, UK:\n\nIn Dublin, Ireland:\n\n"
        "In Zurich, Switzerland:\n\nIn Paris, France:\n\nAnd in Moscow, Russia, students "
        "joined too.\n\nMalaysian organisers said the rallies were peaceful."
    )
    title = "Malaysia: Rallies for Clean Elections Around the World"
    r = tag(text, title=title)
    assert r.main == "MY"
    assert about(text, title) == {"MY"}
    assert {"NZ", "GB", "IE", "CH", "FR", "RU"} <= set(r.countries)  # still named


def test_a_headline_in_capitals_keeps_short_country_names() -> None:
    r = tag("The president spoke on Tuesday.", title="U.S. SAYS IRAN MUST STOP TANKER ATTACKS")
    assert {"US", "IR"} <= set(r.countries)
    assert "OAS" not in {p.name for p in tag("Talks at the OAS resumed.").places}


@pytest.mark.parametrize(
    "dateline", ["OAK BROOK, Ill., March 3", "PALM BEACH, Fla, Oct 19", "PROVIDENCE, R.I."]
)
def test_a_dateline_names_a_place_however_small(dateline: str) -> None:
    r = tag("The company said it would buy back its shares.", dateline=dateline)
    assert r.main == "US"
    assert "US" in about("The company said it would buy back its shares.", dateline=dateline)


def test_the_largest_town_of_a_name_is_its_sense() -> None:
    (place,) = tag("Shares rose.", dateline="CLEVELAND, March 3").places
    assert place.country == "US" and place.geonameid == 5150529  # Cleveland, Ohio


@pytest.mark.parametrize(
    ("dateline", "country"),
    [
        ("HANOVER, West Germany, May 4", "DE"),  # not Hanover, New Hampshire
        ("KINSHASA, Zaire, May 4", "CD"),  # a country's former name
        ("HORSHAM, Penn., May 4", "US"),  # not Horsham, England
    ],
)
def test_a_dateline_town_is_in_the_country_or_state_it_names(dateline: str, country: str) -> None:
    r = tag("The group said output rose four percent in the quarter.", dateline=dateline)
    assert r.main == country
    assert {p.country for p in r.places} == {country}


@pytest.mark.parametrize(
    "title",
    ["JAPAN TO HELP U.S. ON MISSILE DEFENCES", "ISRAEL IN SECOND AIR RAID OVER LEBANON"],
)
def test_a_word_in_a_capitals_headline_is_not_a_state_abbreviation(title: str) -> None:
    r = tag("Officials confirmed the plans on Sunday.", title=title)
    assert "CA" not in r.countries and not any(p.kind == "admin" for p in r.places)
    # written after a town, the same abbreviation still names its region
    assert tag("The plant in Nelson BC closed.").places[-1].country == "CA"


@pytest.mark.parametrize(
    ("text", "title", "country"),
    [
        (
            "Delta Air Lines said traffic rose. Moody's affirmed Delta's debt rating.",
            "DELTA <DAL> TRAFFIC RISES",
            "NG",  # Delta State, Nigeria
        ),
        ("Santa Fe Southern Pacific Corp said its railroad unit earned more.", "", "AR"),
        ("Shares of San Miguel Corp led the market higher in Manila.", "", "SV"),
    ],
)
def test_a_company_named_after_a_place_is_not_that_place(
    text: str, title: str, country: str
) -> None:
    assert country not in named(text, title)


def test_a_company_town_in_a_country_the_story_names_keeps_that_sense() -> None:
    r = tag(
        "McDonnell Douglas Corp said it won an order for jets.",
        title="MCDONNELL DOUGLAS <MD> GETS ORDER",
        dateline="LONG BEACH, Calif., May 4",
    )
    assert set(r.countries) == {"US"}  # not Douglas, Isle of Man
    assert "BR" in named("The port of Santos handled more coffee, Brazil's exporters said.")


def test_a_small_capital_before_a_surname_is_a_given_name() -> None:
    assert named("The company's chairman, Stanley Emerling, said sales rose.") == set()
    assert named("The ship sailed from Stanley, the Falklands' capital.") == {"FK"}


def test_a_sea_named_in_a_headline_in_capitals_is_not_the_country() -> None:
    assert "MX" not in named(
        "Drilling rigs at work fell by four.", "GULF OF MEXICO RIG COUNT FALLS"
    )
    assert "CN" not in named("Patrols went on.", "TENSION RISES IN THE SOUTH CHINA SEA")


@pytest.mark.parametrize(
    "sentence",
    [
        "The six finance ministers agreed in Paris last month to hold their currencies steady.",
        "The rescheduling was signed in Paris on Thursday by creditor governments.",
        "The statement issued after the Paris meeting said the six would cooperate.",
    ],
)
def test_a_city_where_an_agreement_was_reached_is_a_venue(sentence: str) -> None:
    story, _ = read_story(sentence)
    (paris,) = [e for e in story.evidence if e.country == "FR"]
    assert paris.venue


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Gas was found off Trinidad's east coast on Monday.", "TT"),
        ("The ferry from Antigua reached the harbour late.", "AG"),
        ("Separatists in Catalonia called a strike.", "ES"),
        ("Fires spread across Sicily and Sardinia.", "IT"),
        ("Monks in Tibet marked the anniversary.", "CN"),
        ("Tourists returned to Bali after the eruption.", "ID"),
        ("Korean Air ordered four jets.", "KR"),
    ],
)
def test_islands_and_regions_by_their_english_names(text: str, country: str) -> None:
    assert tag(text).main == country


def test_north_korea_keeps_its_own_demonym() -> None:
    assert named("North Korean troops moved to the border.") == {"KP"}


def test_a_country_named_as_a_market_is_marked() -> None:
    story, _ = read_story(
        "The bank's bonds sold well to Japanese investors and in the Tokyo market, while "
        "Japan's finance ministry said nothing."
    )
    market = [e.market for e in story.evidence if e.country == "JP"]
    assert market == [True, True, False]


def test_a_story_naming_a_country_only_as_a_market_is_not_about_it() -> None:
    text = (
        "Danish shipping group Maersk is issuing a 100 million dollar bond, the lead manager "
        "said. Demand came mostly from Swiss investors and Japanese buyers, dealers said. "
        "Denmark's largest shipper will use the money to buy three vessels."
    )
    assert about(text) == {"DK"}


@pytest.mark.parametrize(
    ("text", "not_named"),
    [
        ("Retail sales rose in the weeks before Christmas, the chain said.", "CX"),
        ("Salomon Brothers Inc said it raised the size of the bond issue.", "SB"),
        ("The utility said its Three Mile Island plant ran at half power.", "IS"),
    ],
)
def test_another_languages_country_name_that_english_spells_otherwise_is_no_country(
    text: str, not_named: str
) -> None:
    """ "Christmas, Île" and "Salomon, Îles" (French) are islands only with their word for
    islands; "Island" (German for Iceland) is an English word (gazetteer._short_form)."""
    assert not_named not in named(text)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Christmas Island is an Australian territory in the Indian Ocean.", "CX"),
        ("Voters in the Solomon Islands went to the polls on Wednesday.", "SB"),
        ("Iceland's central bank raised its main rate on Wednesday.", "IS"),
        ("Die Regierung von Bolivien hat am Montag neue Steuern angekündigt.", "BO"),
    ],
)
def test_those_countries_keep_their_own_names(text: str, country: str) -> None:
    assert country in named(text)


# Session 8: mention faults read on the Reuters development stories (our own sentences).


@pytest.mark.parametrize(
    ("text", "not_named"),
    [
        ("The retailer's chairman David Stanley told analysts that sales would rise.", "FK"),
        ("Chief executive officer Leon Ruchlamer has joined the board of the bank.", "MX"),
        ("Thousands marched to demand that leader Nelson Mandela be freed.", "NZ"),
        ("Trade minister Alejandro Martinez Cuenca flew home on Monday.", "EC"),
        ("Bank governor Chang Chi-cheng said the rate would stay.", "CN"),
        ("The brewer's finance officer Ramon del Rosario said the board met.", "AR"),
    ],
)
def test_a_name_after_a_title_is_a_person(text: str, not_named: str) -> None:
    assert not_named not in named(text)


def test_a_title_makes_later_bare_uses_of_the_name_a_person_too() -> None:
    text = "The company named chairman David Stanley. Stanley said profits would double."
    assert named(text) == set()


@pytest.mark.parametrize(
    ("text", "not_named"),
    [
        ("The young pianists were chosen by Barry Douglas for the summer course.", "IM"),
        ("The report was written by David Stanley for the trade group.", "FK"),
    ],
)
def test_two_minor_places_side_by_side_are_a_persons_name(text: str, not_named: str) -> None:
    assert not_named not in named(text)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Wool prices fell in Stanley, the capital of the Falkland Islands.", "FK"),
        ("Ferries from Douglas to Liverpool were cancelled, the Isle of Man said.", "IM"),
        ("The Detroit Edison utility said its Michigan plant was shut.", "US"),
    ],
)
def test_places_and_companies_stay_places(text: str, country: str) -> None:
    assert country in named(text)


def test_a_company_legal_form_is_no_region_abbreviation() -> None:
    text = "The loan was arranged by Algemene Bank Nederland NV for the Dutch utility."
    assert named(text) == {"NL"}
    title = "BERKSHIRE GAS CO <BGAS> NET"
    assert named("Berkshire Gas Co said profits rose.", title=title) == set()


def test_a_town_before_a_region_abbreviation_still_reads() -> None:
    assert named("The mill in Nelson BC closed on Friday.") == {"CA"}


@pytest.mark.parametrize(
    ("title", "not_named"),
    [("GAO SAYS AGENCY FACES DEFICIT", "ML"), ("VAN OMMEREN BUYS GAS SHIPPER", "TR")],
)
def test_an_acronym_opening_a_capitals_headline_is_no_place(title: str, not_named: str) -> None:
    assert not_named not in named("The agency said on Tuesday that it needed money.", title)


@pytest.mark.parametrize(
    ("title", "country"),
    [
        ("IRAN SAYS IT HIT TANKER", "IR"),
        ("OHIO UTILITY RAISES DIVIDEND", "US"),
        ("UK BANKS CUT BASE RATES", "GB"),
        ("ROME SAYS RATES WILL FALL", "IT"),
    ],
)
def test_a_country_opening_a_capitals_headline_still_reads(title: str, country: str) -> None:
    assert country in named("The announcement came on Tuesday.", title)


def test_a_dateline_opening_the_text_still_reads() -> None:
    assert named("ROME (Reuters) - The central bank cut its discount rate.") == {"IT"}


@pytest.mark.parametrize(
    "text",
    [
        "Atlanta-based Acme Corp of Georgia said U.S. sales rose last year.",
        "Timber group Georgia-Pacific Corp said U.S. housing starts helped.",
    ],
)
def test_georgia_in_an_american_story_is_the_state(text: str) -> None:
    assert named(text) == {"US"}


@pytest.mark.parametrize(
    "text",
    [
        "Georgia's president met Russian officials in Tbilisi.",
        "Georgia's president met U.S. officials on Monday.",
        "Georgia and Armenia signed a border accord.",
    ],
)
def test_georgia_the_country_stays_the_country(text: str) -> None:
    assert "GE" in named(text)


def test_a_towns_alternate_spelling_of_two_words_counts_only_as_a_place() -> None:
    """ "Chang Chi" is an alternate spelling of Changzhi (GeoNames), and a Chinese name."""
    assert named("Chang Chi-cheng said the central bank would keep its rate.") == set()


@pytest.mark.parametrize(
    ("text", "title", "not_named"),
    [
        ("Scott Paper said it would pay a dividend.", "SCOTT <SCOT> DECLARES PAYOUT", "GB"),
        ("The chemicals group <UK.N> sold a unit.", "", "GB"),
    ],
)
def test_a_wire_ticker_is_no_place(text: str, title: str, not_named: str) -> None:
    assert not_named not in named(text, title)


def test_new_england_is_american() -> None:
    assert named("Banks in New England raised their prime rates.") == {"US"}
    assert named("Utilities said demand was high.", "BANK OF NEW ENGLAND RAISES RATE") == {"US"}


def test_a_region_named_after_its_sea_is_the_sea() -> None:
    assert "SD" not in named("Tankers crossed the Red Sea to the port of Jeddah.")


def test_a_small_capital_in_a_capitals_headline_needs_its_country() -> None:
    text = "The aircraft maker said the Navy ordered 12 jets."
    assert "IM" not in named(text, "MCDONNELL DOUGLAS GETS NAVY CONTRACT")
    assert "IM" in named(
        "Ferries to Liverpool were cancelled, the Isle of Man said.", "DOUGLAS PORT SHUT"
    )


@pytest.mark.parametrize(
    ("text", "not_named"),
    [
        ("Pubco Corp said Maurice Saltzman had resigned as chairman.", "MU"),
        ("The utility's spokesman Maurice Hebert said demand rose.", "MU"),
    ],
)
def test_another_languages_country_name_can_be_a_persons_name(text: str, not_named: str) -> None:
    assert not_named not in named(text)


def test_another_languages_country_name_still_names_the_country() -> None:
    assert named("Les élections à Maurice ont eu lieu dimanche.") == {"MU"}
    assert named("Die Schweiz hat am Sonntag gewählt.") == {"CH"}


def test_a_country_before_a_company_word_is_no_given_name() -> None:
    assert "DE" in named("Computer maker IBM Deutschland GmbH said sales rose.")


@pytest.mark.parametrize(
    ("text", "not_named"),
    [
        ("An unmanned Delta rocket carrying a weather satellite lifted off on Thursday.", "NG"),
        ("The oil minister, Sheikh Ali al-Sabah, was quoted by the local daily.", "MY"),
        ("The bank sold its stake in Credit du Nord to a French insurer.", "BF"),
    ],
)
def test_a_region_outside_the_us_needs_its_country_or_to_stand_as_a_place(
    text: str, not_named: str
) -> None:
    assert not_named not in named(text)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Oil spilled near the creeks of Delta, Nigerian officials said.", "NG"),
        ("Logging was halted in Sabah after the floods.", "MY"),
        ("Voters in Ontario went to the polls on Thursday.", "CA"),
        ("Bavaria's premier met German industry leaders.", "DE"),
    ],
)
def test_a_region_with_its_country_or_standing_as_a_place_still_reads(
    text: str, country: str
) -> None:
    assert country in named(text)


# Session 10: misreadings found on modern web text (WCXB pages of 2025-2026), each story
# written here for the rule.


@pytest.mark.parametrize(
    "text",
    [
        "The app teaches English, French, Italian, Russian, Turkish and Arabic to beginners.",
        "The voice service supports English, Brazilian Portuguese, Danish, Japanese, Korean,"
        " Mandarin Chinese, and Spanish among others.",
        "Lessons are given in Spanish, German, French and English.",
    ],
)
def test_a_list_of_languages_names_no_country(text: str) -> None:
    assert named(text) == set()


def test_a_list_of_nationalities_before_a_noun_still_counts() -> None:
    assert {"FR", "DE", "IT"} <= named("French, German and Italian troops arrived in Kabul.")
    assert {"NL", "ES"} <= named("The English, Dutch and Spanish settlers built farms.")


@pytest.mark.parametrize(
    "text",
    [
        "Breakfast: Greek-style yogurt with honey, then Indian-spiced eggs on toast.",
        "The bar serves Portuguese-inspired seafood and Belgian-style waffles.",
    ],
)
def test_a_manner_of_cooking_is_no_country(text: str) -> None:
    assert named(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Plant Swiss chard and Brussels sprouts in spring; serve French toast on Sundays.",
        "The fridge with French doors, a French press and a Dutch oven for the kitchen.",
    ],
)
def test_a_dish_or_household_thing_named_after_a_country_is_no_country(text: str) -> None:
    assert named(text) == set()


def test_american_indian_is_no_reading_of_india() -> None:
    r = tag("Rates were highest among American Indian and Alaska Native adolescents.")
    assert "IN" not in r.countries
    assert r.main == "US"


def test_man_the_word_is_no_town() -> None:
    assert "CI" not in named("Movers such as Man With A Van and Basic Man serve Ohio.")


@pytest.mark.parametrize(
    ("text", "abroad"),
    [
        (
            "The road trip runs from Atlanta to Charleston, South Carolina, and on to Miami."
            " You will stroll along River Street in Savannah before flying home.",
            "GH",
        ),
        (
            "The tour of the Southwest visits Phoenix, Tucson and Albuquerque, New Mexico,"
            " then the old mining town of Durango before ending in Denver.",
            "MX",
        ),
    ],
)
def test_a_region_abroad_gives_way_to_a_home_town_of_its_name(text: str, abroad: str) -> None:
    assert abroad not in named(text)
    assert tag(text).main == "US"


def test_a_region_abroad_stays_where_its_country_is_named() -> None:
    text = "Mexico's miners struck in Durango, where Monterrey firms and Houston buyers wait."
    assert "MX" in named(text)
    assert any(p.name == "Durango" and p.country == "MX" for p in tag(text).places)


@pytest.mark.parametrize(
    "text",
    [
        "The best Mexican restaurant in Phoenix also serves Indian and Sri Lankan cuisine.",
        "A chain of Korean restaurants in Denver added Yemeni dishes to its menu.",
    ],
)
def test_a_kind_of_cooking_is_no_country(text: str) -> None:
    assert named(text) == {"US"}


def test_a_demonym_before_other_nouns_still_counts() -> None:
    assert "MX" in named("Mexican officials met Phoenix police about the border.")


# Session 12: readings of the ../extraction news texts (2019-2020), read by hand.


@pytest.mark.parametrize(
    "text",
    [
        "Rail tickets carry no tax, said Van Boxtel of the transport ministry.",
        "The dancer gave her place in the final to Van Der Beek on Sunday.",
        "The light show was inspired by Van Gogh and his starry skies.",
    ],
)
def test_a_capitalised_particle_of_a_surname_is_no_place(text: str) -> None:
    assert "TR" not in named(text)  # Van, the Turkish province


def test_the_province_of_van_still_counts() -> None:
    assert "TR" in named("Floods hit the eastern province of Van, where roads were cut.")


@pytest.mark.parametrize(
    "text",
    [
        "Maroon helped his home team to a Stanley Cup title in St. Louis, Missouri.",
        "Canada beat the United States in the Davis Cup finals in Toronto.",
    ],
)
def test_a_trophy_named_after_a_person_is_no_place(text: str) -> None:
    places = {p.name for p in tag(text).places}
    assert not places & {"Stanley", "Davis"}


def test_a_role_before_a_name_makes_it_a_person() -> None:
    assert "MX" not in named("The payout was blasted by investor Leon Cooperman in New York.")


def test_a_capital_abroad_gives_way_to_a_larger_home_city() -> None:
    text = "The group owns the Denver Post, the San Jose Mercury News and papers in Colorado."
    assert named(text) == {"US"}
    paris = "Tourists from Denver, Colorado, flock to Paris in the spring."
    assert "FR" in named(paris)  # Paris, Texas is no match for the capital's size


@pytest.mark.parametrize(
    "text",
    [
        "The menu at the new Denver bistro is by chef Jordan Anderson.",
        "The Tigers, led by coach Chad Morris, won in Denver.",
    ],
)
def test_a_country_spelled_by_a_given_name_after_a_role_is_a_person(text: str) -> None:
    assert named(text) == {"US"}


def test_a_country_after_a_role_without_a_surname_stays() -> None:
    assert "JO" in named("The team, led by coach Chad Morris, beat Jordan in Denver.")


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Iran, which is close to Hamas, promised to help with the talks in Doha.", "DE"),
        ('The record reads {"Name": "Matthew Davis", "Gender": "Male"} in the export.', "MV"),
    ],
)
def test_words_that_spell_a_town_but_mean_something_else(text: str, wrong: str) -> None:
    assert wrong not in named(text)


def test_the_maldives_capital_written_with_its_country_counts() -> None:
    assert any(p.name == "Male" for p in tag("Protests in Male, Maldives, drew thousands.").places)


@pytest.mark.parametrize(
    "text",
    [
        "The malt comes from a small maltster in Lebanon, Indiana.",
        "The plant in Poland, Ohio, closed on Friday after 40 years.",
        "A fire in Mexico, Missouri, destroyed a barn on Route 15.",
    ],
)
def test_a_us_town_named_after_a_country(text: str) -> None:
    assert named(text) == {"US"}


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Trade with Mexico, Texas officials said, is booming.", "MX"),
        ("Flights to Mexico, Texas and Florida were cut.", "MX"),
    ],
)
def test_a_country_before_a_state_that_goes_on_stays_the_country(text: str, country: str) -> None:
    assert country in named(text)
