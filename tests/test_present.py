"""The one-pass word filter (graph/nlp/present.py) and the rules that use it give what asking each
word and running each regex over the whole text gives."""
from __future__ import annotations

import random
from pathlib import Path

import re

from graph.nlp.people import _title_hits, titles
from graph.nlp.present import Present, matches_at, regex_needs, regex_starts

ROOT = Path(__file__).resolve().parents[1]


def test_present_finds_the_words_a_text_contains_as_substrings():
    present = Present(["tahun", "tahun lalu", "pekan", "un", ""])
    assert present("dua tahun lalu") == {"tahun", "tahun lalu", "un", ""}
    assert present("kemarin") == {""}
    assert Present([])("anything") == set()


def test_starts_lists_every_occurrence_in_text_order():
    starts = Present(["aa", "ab"]).starts("aaab aa")
    assert starts == {"aa": [0, 1, 5], "ab": [2]}
    assert Present([""]).starts("text") == {}


def test_matches_at_starts_skips_starts_inside_a_match_as_finditer_does():
    pattern = re.compile(r"ab(?:ab)*")
    text = "ababab xab ab"
    starts = Present(["ab"]).starts(text)["ab"]
    assert [m.span() for m in matches_at(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]
    assert [m.span() for m in pattern.finditer(text)] == [(0, 6), (8, 10), (11, 13)]


def test_title_hits_are_the_matches_of_every_title_regex():
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples" / "articles").glob("*.txt"))]
    rng = random.Random(7)
    words = ["Presiden", "presiden", "President", "Menteri Luar Negeri", "Foreign Minister", "Wakil", "PM",
             "Perdana Menteri", "Prime", "Minister", "Sekjen", "-Presiden", "xPresiden", "İ", "Secretary", ", ",
             "Special", "Envoy", "envoy", "Spokesperson", "spokeswoman", "Aide", "adviser", "Energy", "Homeland",
             "Security", "Trade", "Juru Bicara", "Kemlu", "Koordinator", "Bidang", "Negotiator"]
    texts += [" ".join(rng.choice(words) for _ in range(40)) for _ in range(200)]
    assert texts
    for text in texts:
        expected = sorted(((m.start(), m.end(), t) for t in titles() for m in t.pattern.finditer(text)),
                          key=lambda h: (h[0], -(h[1] - h[0])))
        assert _title_hits(text) == expected


def test_regex_starts_are_the_letters_every_match_begins_with():
    assert regex_starts("[Nn]egotiator") == ("negotiator",)
    assert regex_starts("(?:Special )?[Ee]nvoy") == ("envoy", "special ")
    assert regex_starts("(?:[Aa]ide|[Aa]dvis[eo]r)") == ("advis", "aide")
    assert regex_starts("Juru Bicara(?: Kemlu)?") == ("juru bicara",)  # a longer beginning adds nothing
    assert regex_starts("a*b") == ("a", "b")
    assert regex_starts(r"(?<![\w-])Presiden\b") == ("presiden",)
    for unknown in ("a*", "[A-Z]+ Minister", r"\w+", "(?:Presiden|.)", ""):
        assert regex_starts(unknown) == ()


def test_regex_starts_gate_finds_every_match():
    rng = random.Random(3)
    regexes = ["(?:Special )?[Ee]nvoy", "(?:Trade|Energy) (?:Minister|Secretary)", "Menteri(?: Koordinator)?(?: Bidang)?"]
    pieces = ["Special", "special", "Envoy", "Trade", "Energy", "Minister", "Secretary", "Menteri", "Koordinator",
              "Bidang", "x", "-", "  "]
    for regex in regexes:
        pattern = re.compile(rf"(?<![\w-])(?:{regex})(?![\w-])", re.IGNORECASE)
        present = Present(regex_starts(regex))
        for _ in range(200):
            text = " ".join(rng.choice(pieces) for _ in range(12))
            starts = sorted(i for found in present.starts(text.lower()).values() for i in found)
            assert [m.span() for m in matches_at(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]


def test_regex_needs_are_the_characters_every_match_holds():
    assert regex_needs(r"\s*\((?=[^()]*[A-Za-z])[^()]*/[^()]*\)\s*$") == {"(", "/", ")"}
    assert regex_needs(r"(?<=\S)\s*(?:photo|credit)\s*:\s*[^.:]{1,80}$") == {":"}
    assert regex_needs(r"a(?:,|;)b(?:\.)?") == frozenset()  # letters have a case; the rest is not in every match
    for regex, text in ((r"\s*\([^()]*/[^()]*\)\s*$", "Foto (Reuters/Pool)"), (r"[^.:]+:\s*\w+$", "Photo: AP")):
        assert re.search(regex, text) and all(char in text for char in regex_needs(regex))


def test_word_starts_asks_for_a_word_at_the_start_of_a_word():
    months = Present(["jan", "mei"])
    assert months.word_starts("pada jan. 2024") and months.word_starts("jan") and months.word_starts("(mei)")
    assert not months.word_starts("perjanjian dan mendesak") and not months.word_starts("_jan")
    assert not Present([]).word_starts("jan")
