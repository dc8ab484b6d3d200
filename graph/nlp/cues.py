"""Event cues: the words that report a PLOVER event ("mengecam", "bertemu", "imposed sanctions").

The cues of a language are the lemmas of `ontology/lexicon/<lang>/events.tsv` and every form
graph/nlp/morph.py makes of them, compiled once into one Aho-Corasick automaton. Matching is
case-insensitive and on whole words (a hyphen inside a word joins it: "undang-undang" is not
"undang"); overlapping matches are settled longest first ("gencatan senjata" over "senjata",
"menjatuhkan sanksi" over "sanksi", "strike a deal" over "strike").

A cue's `voice` is the voice of the form that matched, read from the lexicon voice and the kind of
form: a nominal form of an active cue is `noun` ("kunjungan X ke Y", "kecaman AS terhadap..."), a
verb form of a nominal cue is `active` ("AS menyanksi Rusia"), and a passive form ("Rusia dikecam
AS", "Iran was sanctioned by...") turns `active` into `receive` (its subject is the target) and
`receive` into `active` ("Prabowo disambut Erdogan": the subject is the visitor).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from graph.nlp.gazetteer import fold
from graph.nlp.morph import inflections
from graph.resources import lexicon_path, read_lexicon_lines

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODES = ("visit", "phone", "third-party", "multilateral")
VOICES = ("active", "mutual", "receive", "noun")
_SPACES = re.compile(r"\s")
_BE_BEFORE = re.compile(r"(?<![\w'])(?:is|are|was|were|be|been|being|get|gets|got|gotten)\s+(?:\w+ly\s+)?$",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    text: str
    lemma: str
    type: str
    mode: str | None
    voice: str
    lang: str
    form: str = ""  # the kind of form that matched: lemma, base, verb, passive, participle, noun


@dataclass(frozen=True)
class Entry:
    """One line of events.tsv."""

    lemma: str
    type: str
    mode: str | None
    voice: str
    note: str


@lru_cache(maxsize=None)
def entries(lang: str) -> tuple[Entry, ...]:
    """The cues of a language's events.tsv, in file order."""
    path = lexicon_path(lang, "events.tsv")
    found = []
    for line in read_lexicon_lines(path):
        row = [field.strip() for field in line.split("\t")]
        if len(row) < 4:
            raise ValueError(f"{path}: expected lemma, type, mode, voice, note: {line!r}")
        lemma, kind, mode, voice = row[:4]
        note = row[4] if len(row) > 4 else ""
        if kind not in TYPES:
            raise ValueError(f"{path}: {lemma!r} has no PLOVER type ({kind!r})")
        if mode != "-" and (mode not in MODES or kind != "CONSULT"):
            raise ValueError(f"{path}: {lemma!r} has mode {mode!r}; modes are for CONSULT only")
        if voice not in VOICES:
            raise ValueError(f"{path}: {lemma!r} has voice {voice!r}")
        found.append(Entry(" ".join(lemma.split()), kind, None if mode == "-" else mode, voice, note))
    return tuple(found)


def find_cues(text: str, start: int, end: int, lang: str) -> list[Cue]:
    """Every cue in text[start:end] (offsets into text), longest first, not overlapping, in text order."""
    automaton = _automaton(lang)
    if automaton is None or end <= start:
        return []
    lo, hi = max(0, start - 2), min(len(text), end + 2)  # two characters around, for the word-boundary checks
    folded = _fold(text[lo:hi])
    candidates = []
    for last, (length, entry, kind) in automaton.iter(folded, start - lo, end - lo):
        if _whole_word(folded, last - length + 1, last + 1):
            candidates.append((lo + last - length + 1, lo + last + 1, entry, kind))
    chosen: list[tuple[int, int, Entry, str]] = []
    for candidate in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(candidate[1] <= c[0] or c[1] <= candidate[0] for c in chosen):
            chosen.append(candidate)
    return [Cue(first, stop, text[first:stop], entry.lemma, entry.type, entry.mode,
                _voice(entry.voice, kind, text, first, lang), lang, kind)
            for first, stop, entry, kind in sorted(chosen, key=lambda c: c[0])]


def _fold(text: str) -> str:
    """Lowercase, quotes and dashes unified, every space a plain space; offsets kept."""
    return _SPACES.sub(" ", fold(text))


def _whole_word(folded: str, first: int, stop: int) -> bool:
    """Whether folded[first:stop] is no part of a longer word: the characters beside it are no letter
    or digit, nor a hyphen before one."""
    if first > 0:
        before = folded[first - 1]
        if before.isalnum() or (before == "-" and first > 1 and folded[first - 2].isalnum()):
            return False
    if stop < len(folded):
        after = folded[stop]
        if after.isalnum() or (after == "-" and stop + 1 < len(folded) and folded[stop + 1].isalnum()):
            return False
    return True


def _voice(voice: str, kind: str, text: str, start: int, lang: str) -> str:
    passive = kind == "passive" or (kind == "participle" and lang == "en"
                                    and bool(_BE_BEFORE.search(text[max(0, start - 40):start])))
    if passive:
        return {"active": "receive", "noun": "receive", "receive": "active"}.get(voice, voice)
    if kind == "noun":
        return "noun" if voice == "active" else voice
    if kind in ("verb", "participle"):
        return "active" if voice == "noun" else voice
    return voice


@lru_cache(maxsize=None)
def _automaton(lang: str) -> ahocorasick.Automaton | None:
    table = surface_table(lang)
    if not table:
        return None
    automaton = ahocorasick.Automaton()
    for key, (entry, kind) in table.items():
        automaton.add_word(key, (len(key), entry, kind))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=None)
def surface_table(lang: str) -> dict[str, tuple[Entry, str]]:
    """Every surface form of the language's cues (folded) with the entry it reads as and its kind.
    A form that is itself a lemma reads as that lemma; otherwise the first entry in the file wins."""
    table: dict[str, tuple[tuple[int, int], Entry, str]] = {}
    for order, entry in enumerate(entries(lang)):
        for form, kind in inflections(entry.lemma, lang).items():
            key = _fold(" ".join(form.split()))
            rank = (0 if kind == "lemma" else 1, order)
            if key not in table or rank < table[key][0]:
                table[key] = (rank, entry, kind)
    return {key: (entry, kind) for key, (_, entry, kind) in table.items()}
