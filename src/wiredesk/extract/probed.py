"""A regular expression's `findall` and `finditer`, the same matches found faster.

A pattern that begins with `\\D` or `\\b` gives the regular expression engine no first
character to skip to: it starts a match at every character of the text. When every match of
the pattern has a `probe` (a second expression that begins with a character class, which
the engine skips to in a tight loop) matching `offset` characters after its start, the
pattern need only be tried where the probe matches: `Probed` tries it there, in order, and
resumes each search where `findall` and `finditer` would, so the matches are the same.
"""

import re
from collections.abc import Iterator


class Probed:
    """`pattern` searched through `probe` (see the module docstring); the pattern must never
    match empty text."""

    def __init__(self, pattern: re.Pattern[str], probe: str, offset: int = 0) -> None:
        self.pattern, self.probe, self.offset = pattern, re.compile(probe, pattern.flags), offset

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        start = self.offset  # where the next probe may begin
        while (probe := self.probe.search(text, start)) is not None:
            match = self.pattern.match(text, probe.start() - self.offset)
            if match is None:
                start = probe.start() + 1
            else:
                yield match
                start = match.end() + self.offset

    def findall(self, text: str) -> list[str]:
        """`findall` of a pattern with one group."""
        return [match[1] for match in self.finditer(text)]
