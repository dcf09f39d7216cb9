"""The demo network: editions, partner sources, licences and feeds. Idempotent."""

from datetime import timedelta

from django.db import transaction

from wiredesk.demo.partner_site import GV_FEATURE_FEED, GV_HOST, RFERL_FEED, gv_feed_urls
from wiredesk.editions.models import Edition
from wiredesk.newsletter.models import EditionNewsletter
from wiredesk.sources.models import Feed, Licence, Source

LATIN_AMERICA = [
    "AR",
    "BO",
    "BR",
    "CL",
    "CO",
    "CR",
    "CU",
    "DO",
    "EC",
    "GT",
    "HN",
    "HT",
    "MX",
    "NI",
    "PA",
    "PE",
    "PR",
    "PY",
    "SV",
    "UY",
    "VE",
]
EUROPE = [
    "AL",
    "AT",
    "BA",
    "BE",
    "BG",
    "BY",
    "CH",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GB",
    "GR",
    "HR",
    "HU",
    "IE",
    "IS",
    "IT",
    "LT",
    "LU",
    "LV",
    "MD",
    "ME",
    "MK",
    "MT",
    "NL",
    "NO",
    "PL",
    "PT",
    "RO",
    "RS",
    "SE",
    "SI",
    "SK",
    "UA",
]

EDITIONS = [
    # name, slug, countries, language, time zone, threshold
    ("Switzerland News", "switzerland", ["CH"], "en", "Europe/Zurich", 0.2),
    ("Russia News", "russia", ["RU"], "en", "Europe/Moscow", 0.2),
    ("China News", "china", ["CN"], "en", "Asia/Shanghai", 0.2),
    ("United States News", "united-states", ["US"], "en", "America/New_York", 0.2),
    ("India News", "india", ["IN"], "en", "Asia/Kolkata", 0.2),
    ("Brazil News", "brazil", ["BR"], "en", "America/Sao_Paulo", 0.2),
    ("Latin America News", "latin-america", LATIN_AMERICA, "en", "America/Bogota", 0.3),
    ("Europe News", "europe", EUROPE, "en", "Europe/Brussels", 0.3),
]

GV_ATTRIBUTION = (
    'This story by {author} originally appeared on Global Voices on {date}: "{title}", {url}. '
    "Licensed under Creative Commons Attribution 3.0 "
    "(https://creativecommons.org/licenses/by/3.0/). "
    "Changes: converted to plain text; images, captions and embedded media removed."
)
RFERL_ATTRIBUTION = (
    "Republished with the permission of Radio Free Europe/Radio Liberty, Washington DC 20036."
)
RFERL_RIGHTS = (
    "Copyright (c) {year}. RFE/RL, Inc. Republished with the permission of "
    "Radio Free Europe/Radio Liberty, Washington DC 20036"
)
# The permission covers these editions only: the demo shows a licence keeping a
# story out of an edition (Switzerland) that its countries alone would not decide.
RFERL_EDITIONS = ["russia", "europe", "united-states"]


@transaction.atomic
def create_network() -> None:
    editions = {
        slug: _edition(name, slug, countries, lang, tz, threshold)
        for name, slug, countries, lang, tz, threshold in EDITIONS
    }
    gv_licence, _ = Licence.objects.update_or_create(
        name="Creative Commons Attribution 3.0 (Global Voices)",
        defaults={
            "kind": Licence.Kind.OPEN,
            "url": "https://creativecommons.org/licenses/by/3.0/",
            "attribution_template": GV_ATTRIBUTION,
            "all_editions": True,
            "rights_template": "",
        },
    )
    gv = _source("Global Voices", "global-voices", f"http://{GV_HOST}/", gv_licence)
    for url in [*gv_feed_urls(), GV_FEATURE_FEED]:
        Feed.objects.get_or_create(
            url=url, defaults={"source": gv, "poll_interval": timedelta(hours=1)}
        )
    rferl_licence, _ = Licence.objects.update_or_create(
        name="RFE/RL republication permission",
        defaults={
            "kind": Licence.Kind.PERMISSION,
            "attribution_template": RFERL_ATTRIBUTION,
            "rights_template": RFERL_RIGHTS,
            "all_editions": False,
        },
    )
    rferl_licence.editions.set([editions[s] for s in RFERL_EDITIONS])
    EditionNewsletter.objects.update_or_create(
        edition=editions["switzerland"], defaults={"languages": ["de", "fr", "it", "en"]}
    )
    rferl = _source(
        "Radio Free Europe/Radio Liberty", "rferl", "http://rferl.example/", rferl_licence
    )
    Feed.objects.get_or_create(url=RFERL_FEED, defaults={"source": rferl})


def _edition(
    name: str, slug: str, countries: list[str], language: str, time_zone: str, threshold: float
) -> Edition:
    edition, _ = Edition.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "countries": countries,
            "language": language,
            "time_zone": time_zone,
            "threshold": threshold,
            "host": f"{slug}.localhost",
        },
    )
    return edition


def _source(name: str, slug: str, homepage: str, licence: Licence) -> Source:
    source, _ = Source.objects.update_or_create(
        slug=slug, defaults={"name": name, "homepage": homepage, "licence": licence}
    )
    return source
