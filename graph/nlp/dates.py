"""Explicit calendar dates in text ("Rabu (4/2/2026)", "4 Februari 2026", "February 4, 2026")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from graph.resources import languages, lexicon_path, read_lexicon_lines


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    iso: str  # YYYY-MM-DD


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    names: dict[str, int] = {}
    for lang in languages():
        for line in read_lexicon_lines(lexicon_path(lang, "months.tsv")):
            number, words = line.split("\t")[:2]
            names.update({w.strip().lower(): int(number) for w in words.split("|") if w.strip()})
    return names


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    months = "|".join(sorted(map(re.escape, month_numbers()), key=len, reverse=True))
    return (
        re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/])"),
        re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s+(?P<mn>{months})\.?\s+(?P<y>(?:19|20)\d{{2}})(?!\d)", re.IGNORECASE),
        re.compile(rf"\b(?P<mn>{months})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d{{2}})(?!\d)", re.IGNORECASE),
        re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])"),
    )


_YEAR = re.compile(r"(?:19|20)\d\d")  # in every full date


def explicit_dates(text: str) -> list[DateMention]:
    """Every full calendar date written out in the text, in order; impossible dates are skipped."""
    found: dict[int, DateMention] = {}
    for pattern in _patterns() if _YEAR.search(text) else ():
        for match in pattern.finditer(text):
            month = int(match["m"]) if "m" in match.groupdict() and match["m"] else month_numbers()[match["mn"].lower()]
            try:
                day = date(int(match["y"]), month, int(match["d"]))
            except ValueError:
                continue
            found.setdefault(match.start(), DateMention(match.start(), match.end(), day.isoformat()))
    return [found[k] for k in sorted(found)]


def reference_date(published: str | None, text: str) -> str | None:
    """The day an article speaks from: its publication date, else its latest explicit date."""
    if published:
        return published[:10]
    dates = explicit_dates(text)
    return max(d.iso for d in dates) if dates else None
