"""English month names -> numbers: the one table for reading dates.

Feed dates (`ingest.feeds.dates`, an RFC 822 quick path) and page dates (`extract.dates`,
dates as people write them) both read it, so it sits below both stages and imports nothing.
Keys are lower-case: full names, three-letter abbreviations, and "sept".
"""

_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTHS: dict[str, int] = {name: number for number, name in enumerate(_NAMES, start=1)}
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9
