"""Time expressions in Indonesian and English text, normalised to xsd:date, gYearMonth or gYear.

Explicit dates ("Rabu (4/2/2026)", "4 Februari 2026", "February 4, 2026", "2026-02-04"), dates
without a year ("(30/12)", "4 Februari lalu"), day ranges ("26-28 Juni 2022"), months ("Februari
2022", "September lalu", "Mei tahun lalu", "last September"), years ("pada 2024", "tahun 2024",
"awal 2026"), day names ("Rabu", "on Wednesday") and relative words ("kemarin", "pekan lalu",
"25 tahun penandatanganan"). Every word comes from ontology/lexicon/<lang>/time.tsv (relative
words, day names, number words, qualifiers, prepositions) and months.tsv (month names); the
columns are described at the top of time.tsv.

Relative expressions are resolved against an anchor date and skipped without one. A day name,
a month name, or a day and month without a year are the latest such on or before the anchor
(news reports what happened); "lalu"/"last" makes it strictly before, "depan"/"next" after.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from graph.nlp.dates import explicit_dates, month_numbers
from graph.nlp.present import Present
from graph.resources import languages, lexicon_path, read_lexicon_lines


@dataclass(frozen=True)
class TimeExpr:
    start: int  # offsets into the text passed in
    end: int
    raw: str  # the text of the expression
    value: str  # "2026-02-04" | "2026-02" | "2026" (xsd:date / gYearMonth / gYear lexical form)
    # every acceptable value when the text is honestly ambiguous: the two days of "akhir pekan lalu"
    # (value is the first); the seven days of "pekan lalu", the days so far of "pekan ini" (value:
    # the month of its Monday); the days of "26-28 Juni" (value: the month)
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Row:
    lang: str
    words: tuple[str, ...]
    unit: str
    arg: str


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    value: str  # "" for an impossible date, which hides the words it covers
    alternatives: tuple[str, ...] = ()
    rank: int = 0  # between candidates of the same length, the lower rank wins


OFFSET_UNITS = ("day", "week", "weekend", "month", "year")
ARGUMENTS: dict[str, str] = {
    **{unit: r"[+-]?\d+|[+-]n" for unit in OFFSET_UNITS},
    "weekday": "[1-7]",
    "number": r"\d+",
    "last": "before|after",
    "next": "before|after",
    "qualifier": "-?",
    "preposition": "-?",
    "yearword": "-?",
    "monthword": "-?",
    "range": "-?",
    "ignore": "-?",
}
YEAR = r"(?:19|20)\d\d"
END = r"(?!\w)"


# ---------------------------------------------------------------- lexicon

@lru_cache(maxsize=1)
def _rows() -> tuple[_Row, ...]:
    rows: list[_Row] = []
    for lang in languages():
        path = lexicon_path(lang, "time.tsv")
        for line in read_lexicon_lines(path):
            rows.append(_parse_row(lang, line, str(path)))
    return tuple(rows)


def _parse_row(lang: str, line: str, where: str) -> _Row:
    cells = [cell.strip() for cell in line.split("\t")]
    unit, arg = (cells + ["", ""])[1:3]
    if unit not in ARGUMENTS or not re.fullmatch(ARGUMENTS[unit], arg):
        raise ValueError(f"{where}: cannot read time word line {line!r}")
    words = tuple(_norm(w) for w in cells[0].split("|") if w.strip())
    return _Row(lang, words, unit, arg)


def _norm(words: str) -> str:
    return " ".join(words.lower().split())


def _words(unit: str, arg: str | None = None) -> list[str]:
    return [w for row in _rows() if row.unit == unit and arg in (None, row.arg) for w in row.words]


def _arg(unit: str, word: str) -> str:
    key = _norm(word)
    return next(row.arg for row in _rows() if row.unit == unit and key in row.words)


def _words_regex(words: str) -> str:
    return r"\s+".join(re.escape(w) for w in words.split())


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of word sequences, longest first; never matches when empty."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(_words_regex(w) for w in ordered) if ordered else "(?!)"


def _number_regex() -> str:
    return rf"\d{{1,3}}(?:st|nd|rd|th)?|{_alt(_words('number'))}"


def _phrase_regex(variant: str) -> str:
    """A time.tsv variant as a regex; `{n}` becomes the group `n`."""
    parts = re.split(r"(\{n\}|\s+)", variant)
    pieces = [rf"(?P<n>{_number_regex()})" if p == "{n}" else r"\s+" if p.isspace() else re.escape(p)
              for p in parts if p]
    if parts[0] and parts[0] != "{n}":  # the same, quicker to look for: its first word, then what stands before it
        return pieces[0] + rf"(?<![\w$€£.,]{pieces[0]})" + "".join(pieces[1:]) + END
    return r"(?<![\w$€£.,])" + "".join(pieces) + END


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, re.Pattern[str], str, str], ...]:
    """(a word every match holds, lowercased; the regex; unit; argument) per time.tsv variant."""
    return tuple((_required_word(w), re.compile(_phrase_regex(w), re.IGNORECASE), row.unit, row.arg)
                 for row in _rows() if row.unit in (*OFFSET_UNITS, "ignore") for w in row.words)


@lru_cache(maxsize=1)
def _phrase_words() -> Present:
    return Present(word for word, *_ in _phrases())


@lru_cache(maxsize=1)
def _phrases_by_word() -> dict[str, list[int]]:
    """The places in `_phrases()` of the variants that need each word."""
    found: dict[str, list[int]] = {}
    for index, (word, *_) in enumerate(_phrases()):
        found.setdefault(word, []).append(index)
    return found


def _required_word(variant: str) -> str:
    """The longest literal word of a variant: a text without it cannot match, so its regex need not run."""
    return max((p for p in re.split(r"\{n\}|\s+", variant) if p), key=len, default="").lower()


def _fixed(unit: str) -> list[str]:
    return [w for w in _words(unit) if "{n}" not in w]


@lru_cache(maxsize=1)
def _regexes() -> dict[str, re.Pattern[str]]:
    months, days = _alt(month_numbers()), _alt(_words("weekday"))
    before = _alt(_words("last", "before") + _words("next", "before"))
    after = _alt(_words("last", "after") + _words("next", "after"))
    markers = _alt(_words("qualifier") + _words("preposition") + _words("monthword"))
    year_markers = _alt(_words("qualifier") + _words("preposition") + _words("yearword"))
    joins = _alt(_words("range"))
    year_or_mod = rf"(?:\s+(?:(?P<rel>{_alt(_fixed('year'))})|(?P<suf>{after})){END})?"
    sources = {
        "day_month_numeric": r"\((?P<d>\d{1,2})/(?P<m>\d{1,2})\)",
        "day_month": rf"(?<![\w./,-])(?P<d>\d{{1,2}})\s+(?P<mn>{months}){END}(?![\s,]*\d){year_or_mod}",
        "month_day": rf"(?<!\w)(?P<mn>{months})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{END}(?![\s,]*\d)"
                     rf"{year_or_mod}",
        "month_year": rf"(?<!\w)(?P<mn>{months})\.?\s+(?P<y>{YEAR}){END}(?![-/.,]\d)",
        "month_rel_year": rf"(?<!\w)(?P<mn>{months})\.?\s+(?P<rel>{_alt(_fixed('year'))}){END}",
        "month_named": rf"(?<!\w)(?:(?P<marker>{markers})(?:\s+|-))?(?:(?P<pre>{before})\s+)?"
                       rf"(?P<mn>{months})(?!-\w|\.?[\s,]*\d)\.?(?:\s+(?P<suf>{after}))?{END}",
        "day_range": rf"(?<![\w./,-])(?P<d1>\d{{1,2}})\s*(?:{joins})\s*(?P<d2>\d{{1,2}})\s+(?P<mn>{months})"
                     rf"(?:\s+(?P<y>{YEAR}))?{END}(?![-/.,]\d)",
        "month_range": rf"(?<!\w)(?P<mn>{months})\.?\s+(?P<d1>\d{{1,2}})\s*(?:{joins})\s*(?P<d2>\d{{1,2}})"
                       rf"(?:,?\s+(?P<y>{YEAR}))?{END}(?![-/.,]\d)",
        "year": rf"(?<!\w)(?P<marker>{year_markers})(?:\s+|-)(?P<y>{YEAR}){END}(?![-/.,]\d)",
        "weekday": rf"(?<!\w)(?:(?P<pre>{before})\s+)?(?P<wd>{days})"
                   rf"(?:\s+(?:(?P<week>{_alt(_fixed('week'))})|(?P<suf>{after})))?{END}",
        "weekday_before": rf"(?<!\w)(?P<wd>{days})\s*,?\s*\Z",
        "qualifier_before": rf"(?<!\w)(?:{_alt(_words('qualifier'))})(?:\s+|-)\Z",
    }
    return {name: re.compile(source, re.IGNORECASE) for name, source in sources.items()}


def _number(text: str) -> int:
    digits = re.match(r"\d+", text)
    return int(digits.group()) if digits else int(_arg("number", text))


def _offset(arg: str, match: re.Match[str]) -> int:
    if arg.endswith("n"):
        n = _number(match["n"])
        return -n if arg.startswith("-") else n
    return int(arg)


# ---------------------------------------------------------------- calendar arithmetic

def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _year_value(year: int) -> str | None:
    return f"{year:04d}" if 1 <= year <= 9999 else None


def _add_months(day: date, months: int) -> tuple[int, int]:
    total = day.year * 12 + day.month - 1 + months
    return total // 12, total % 12 + 1


def _monday(day: date, weeks: int = 0) -> date:
    return day - timedelta(days=day.weekday()) + timedelta(weeks=weeks)


def _relative(unit: str, offset: int, anchor: date) -> tuple[str | None, tuple[str, ...]]:
    """The value (and alternatives) of `unit` moved by `offset` from the anchor."""
    if unit == "day":
        return (anchor + timedelta(days=offset)).isoformat(), ()
    if unit == "week":
        monday = _monday(anchor, offset)
        count = anchor.weekday() + 1 if offset == 0 else 7  # "pekan ini": its days so far
        return _month_value(monday.year, monday.month), _days(monday, count)
    if unit == "weekend":
        weekend = _days(_monday(anchor, offset) + timedelta(days=5), 2)
        return weekend[0], weekend
    if unit == "month":
        return _month_value(*_add_months(anchor, offset)), ()
    return _year_value(anchor.year + offset), ()


def _days(first: date, count: int) -> tuple[str, ...]:
    return tuple((first + timedelta(days=i)).isoformat() for i in range(count))


def _named_month(anchor: date, month: int, mode: str) -> tuple[int, int]:
    """The year-month of a month name: "on" the latest on or before the anchor's month, "past"
    strictly before it, "future" strictly after it."""
    if mode == "on":
        return (anchor.year, month) if month <= anchor.month else (anchor.year - 1, month)
    if mode == "past":
        return (anchor.year, month) if month < anchor.month else (anchor.year - 1, month)
    return (anchor.year, month) if month > anchor.month else (anchor.year + 1, month)


def _day_month(anchor: date, day: int, month: int, mode: str) -> date | None:
    """A day and month without a year: "past" the latest on or before the anchor, "future" the first
    after it. None when neither the anchor's year nor the one before/after makes it a real date."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _valid(y, month, day))]
    if mode == "past":
        return max((d for d in options if d <= anchor), default=None)
    return min((d for d in options if d > anchor), default=None)


def _weekday(anchor: date, weekday: int, mode: str, weeks: int = 0) -> date:
    """A day name: "on" the latest on or before the anchor, "past" strictly before, "future" strictly
    after, "week" the one in the week moved by `weeks`."""
    back = (anchor.isoweekday() - weekday) % 7
    if mode == "on":
        return anchor - timedelta(days=back)
    if mode == "past":
        return anchor - timedelta(days=back or 7)
    if mode == "future":
        return anchor + timedelta(days=(weekday - anchor.isoweekday()) % 7 or 7)
    return _monday(anchor, weeks) + timedelta(days=weekday - 1)


def _mode(modifier: str | None, default: str) -> str:
    """"past" or "future" for a `last`/`next` word, else the default."""
    if not modifier:
        return default
    return "past" if _norm(modifier) in _words("last") else "future"


# ---------------------------------------------------------------- text helpers

def _capitalised(text: str, index: int) -> bool:
    return text[index].isupper()


def _sentence_initial(text: str, index: int) -> bool:
    """Whether only quotes or brackets stand between `index` and the end of a sentence or line."""
    j = index - 1
    while j >= 0 and text[j] != "\n" and (text[j].isspace() or text[j] in "\"'“‘([«"):
        j -= 1
    return j < 0 or text[j] in ".!?:;\n"


def _widen_date(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in the parentheses around a date and a day name before it: "Rabu (4/2/2026)"."""
    if start > 0 and text[start - 1] == "(" and text[end:end + 1] == ")":
        start, end = start - 1, end + 1
    window = max(0, start - 30)
    day = _regexes()["weekday_before"].search(text[window:start])
    if day and _capitalised(text, window + day.start("wd")):
        start = window + day.start("wd")
    return start, end


def _month(match: re.Match[str], text: str) -> int | None:
    """The month number of group `mn`, which must be capitalised."""
    return month_numbers()[match["mn"].lower()] if _capitalised(text, match.start("mn")) else None


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """Month names that shorten another name of the same month ("Jan", "Sept", "Agt")."""
    names = month_numbers()
    return frozenset(n for n in names if any(
        names[o] == names[n] and o != n and (o.startswith(n) or len(n) <= 3 < len(o)) for o in names))


def _after_number(text: str, index: int) -> bool:
    """Whether a number stands right before `index`: the day of "31 Februari 2026" makes the rest no month."""
    return bool(re.search(r"\d\s*\Z", text[max(0, index - 3):index]))


def _is_kept_marker(word: str) -> bool:
    key = _norm(word)
    return key in _words("qualifier") or key in _words("monthword") or key in _words("yearword")


# ---------------------------------------------------------------- candidates

Generator = Callable[[str, date | None], Iterator[_Candidate]]


def _explicit(text: str, anchor: date | None) -> Iterator[_Candidate]:
    for mention in explicit_dates(text):
        start, end = _widen_date(text, mention.start, mention.end)
        yield _Candidate(start, end, mention.iso)


def _day_month_numeric(text: str, anchor: date | None) -> Iterator[_Candidate]:
    if anchor is None:
        return
    for m in _regexes()["day_month_numeric"].finditer(text):
        day = _day_month(anchor, int(m["d"]), int(m["m"]), "past") if 1 <= int(m["m"]) <= 12 else None
        yield _Candidate(*_widen_date(text, m.start(), m.end()), day.isoformat() if day else "")


def _day_month_named(text: str, anchor: date | None) -> Iterator[_Candidate]:
    if anchor is None:
        return
    for name in ("day_month", "month_day"):
        for m in _regexes()[name].finditer(text):
            month = _month(m, text)
            if month:  # an impossible date still covers its words, then is dropped
                day = _dated(anchor, int(m["d"]), month, m["rel"], m["suf"])
                yield _Candidate(*_widen_date(text, m.start(), m.end()), day.isoformat() if day else "")


def _dated(anchor: date, day: int, month: int, year_words: str | None, modifier: str | None) -> date | None:
    """A day and month, in the year of "tahun lalu"/"last year" when given, else placed by the modifier."""
    if not year_words:
        return _day_month(anchor, day, month, _mode(modifier, "past"))
    return _valid(anchor.year + int(_arg("year", year_words)), month, day)


def _day_ranges(text: str, anchor: date | None) -> Iterator[_Candidate]:
    """"26-28 Juni 2022", "26 sampai 28 Juni", "June 26 to 28": the month, and each day."""
    for name in ("day_range", "month_range"):
        for m in _regexes()[name].finditer(text):
            month = _month(m, text)
            if month and (m["y"] or anchor):
                yield _range(m.start(), m.end(), int(m["d1"]), int(m["d2"]), month, m["y"], anchor)


def _range(start: int, end: int, first: int, last: int, month: int, year: str | None,
           anchor: date | None) -> _Candidate:
    """A range within a month; an impossible one covers its words with no value."""
    if year:
        final = _valid(int(year), month, last)
    else:
        final = _day_month(anchor, last, month, "past") if anchor else None
    if not final or not 1 <= first < last:
        return _Candidate(start, end, "")
    first_day = final - timedelta(days=last - first)
    return _Candidate(start, end, _month_value(final.year, month), _days(first_day, last - first + 1))


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_year(text: str, anchor: date | None) -> Iterator[_Candidate]:
    for m in _regexes()["month_year"].finditer(text):
        month = _month(m, text)
        if month and not _after_number(text, m.start()):
            yield _Candidate(m.start(), m.end(), _month_value(int(m["y"]), month))


def _month_relative_year(text: str, anchor: date | None) -> Iterator[_Candidate]:
    if anchor is None:
        return
    for m in _regexes()["month_rel_year"].finditer(text):
        month = _month(m, text)
        if month and not _after_number(text, m.start()):
            year = anchor.year + int(_arg("year", m["rel"]))
            yield _Candidate(m.start(), m.end(), _month_value(year, month))


def _month_named(text: str, anchor: date | None) -> Iterator[_Candidate]:
    """"September lalu", "last September", "pada September", "awal September"."""
    if anchor is None:
        return
    for m in _regexes()["month_named"].finditer(text):
        month = _month(m, text)
        short = m["mn"].lower() in _abbreviations() and not text.startswith(".", m.end("mn"))
        if not month or short or _after_number(text, m.start()) or not (m["marker"] or m["pre"] or m["suf"]):
            continue
        kept = m["marker"] and _is_kept_marker(m["marker"])
        start = m.start() if kept else m.start("pre") if m["pre"] else m.start("mn")
        end = m.end() if m["suf"] else m.end("mn")
        value = _month_value(*_named_month(anchor, month, _mode(m["pre"] or m["suf"], "on")))
        yield _Candidate(start, end, value)


def _years(text: str, anchor: date | None) -> Iterator[_Candidate]:
    """A bare year after a preposition, qualifier or "tahun": "pada 2024", "awal 2026"."""
    for m in _regexes()["year"].finditer(text):
        start = m.start() if _is_kept_marker(m["marker"]) else m.start("y")
        yield _Candidate(start, m.end(), m["y"])


def _weekdays(text: str, anchor: date | None) -> Iterator[_Candidate]:
    """"Rabu", "on Wednesday", "Rabu lalu", "last Wednesday", "Rabu pekan lalu"."""
    if anchor is None:
        return
    for m in _regexes()["weekday"].finditer(text):
        if not _capitalised(text, m.start("wd")) or _after_number(text, m.start()):
            continue  # "2 Minggu" is two weeks
        weekday = int(_arg("weekday", m["wd"]))
        if m["week"]:
            day = _weekday(anchor, weekday, "week", int(_arg("week", m["week"])))
        else:
            day = _weekday(anchor, weekday, _mode(m["pre"] or m["suf"], "on"))
        # "Minggu lalu" mid-sentence is last Sunday; at the start of a sentence, last week
        rank = 1 if _sentence_initial(text, m.start()) else -1
        yield _Candidate(m.start(), m.end(), day.isoformat(), rank=rank)


def _relatives(text: str, anchor: date | None) -> Iterator[_Candidate]:
    """The words of time.tsv: "kemarin", "pekan lalu", "tahun ini", "25 tahun penandatanganan"."""
    if anchor is None:
        return
    phrases, by_word = _phrases(), _phrases_by_word()
    for index in sorted(i for word in _phrase_words()(text.lower()) for i in by_word[word]):
        _, pattern, unit, arg = phrases[index]
        for m in pattern.finditer(text):
            if "n" not in arg and _after_number(text, m.start()):
                continue  # "2.000 tahun lalu" is no "tahun lalu"
            if unit == "ignore":
                yield _Candidate(m.start(), m.end(), "")  # hides the words it covers
                continue
            value, alternatives = _relative(unit, _offset(arg, m), anchor)
            if value:
                yield _Candidate(m.start(), m.end(), value, alternatives)


GENERATORS: tuple[Generator, ...] = (
    _explicit, _day_month_numeric, _day_month_named, _day_ranges, _month_year, _month_relative_year,
    _month_named, _years, _weekdays, _relatives,
)
WORD_GENERATORS = (_month_relative_year, _month_named, _weekdays, _relatives)  # the rest need a digit
MONTH_GENERATORS = frozenset({_day_month_named, _day_ranges, _month_year, _month_relative_year, _month_named})
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _month_names() -> Present:
    return Present(name.split()[0].lower() for name in month_numbers() if name.strip())


@lru_cache(maxsize=1)
def _weekday_names() -> Present:
    return Present(name.split()[0].lower() for name in _words("weekday") if name.strip())


def _generators(segment: str) -> list[Generator]:
    """The generators that can find something in the segment: those of `MONTH_GENERATORS` need the
    first word of a month's name, `_weekdays` that of a day's, all but `WORD_GENERATORS` a digit."""
    lowered = segment.lower()
    if len(lowered) == len(segment):  # every regex has the name start a word
        months, weekdays = _month_names().word_starts(lowered), _weekday_names().word_starts(lowered)
    else:
        months, weekdays = bool(_month_names()(lowered)), bool(_weekday_names()(lowered))
    return [g for g in (GENERATORS if _DIGIT.search(segment) else WORD_GENERATORS)
            if (months or g not in MONTH_GENERATORS) and (weekdays or g is not _weekdays)]


def _qualified(text: str, candidate: _Candidate) -> _Candidate:
    """Take in a qualifier before the expression ("awal bulan ini", "late last year")."""
    window = max(0, candidate.start - 30)
    qualifier = _regexes()["qualifier_before"].search(text[window:candidate.start])
    if not qualifier:
        return candidate
    return replace(candidate, start=window + qualifier.start(), rank=candidate.rank + 1)


def _select(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, longest first, in text order."""
    chosen: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.rank, c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _anchor_date(anchor: str | None) -> date | None:
    try:
        return date.fromisoformat(anchor[:10]) if anchor else None
    except ValueError:
        return None


def find_times(text: str, start: int, end: int, anchor: str | None) -> list[TimeExpr]:
    """Every time expression in text[start:end], normalised at the precision the text gives,
    relative ones resolved against `anchor` (an ISO date: the publication date or the article's
    latest explicit date). Without an anchor, relative expressions are skipped (never guessed)."""
    segment, day = text[start:end], _anchor_date(anchor)
    candidates = [_qualified(segment, c) for generate in _generators(segment) for c in generate(segment, day)]
    return [TimeExpr(start + c.start, start + c.end, segment[c.start:c.end], c.value, c.alternatives)
            for c in _select(candidates) if c.value]
