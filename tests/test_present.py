"""The one-pass word filter (graph/nlp/present.py) and the rules that use it give what asking each
word and running each regex over the whole text gives."""
from __future__ import annotations

import random
from pathlib import Path

import re

from graph.nlp.people import _matches_at, _title_hits, titles
from graph.nlp.present import Present

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
    assert [m.span() for m in _matches_at(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]
    assert [m.span() for m in pattern.finditer(text)] == [(0, 6), (8, 10), (11, 13)]


def test_title_hits_are_the_matches_of_every_title_regex():
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples" / "articles").glob("*.txt"))]
    rng = random.Random(7)
    words = ["Presiden", "presiden", "President", "Menteri Luar Negeri", "Foreign Minister", "Wakil", "PM",
             "Perdana Menteri", "Prime", "Minister", "Sekjen", "-Presiden", "xPresiden", "İ", "Secretary", ", "]
    texts += [" ".join(rng.choice(words) for _ in range(40)) for _ in range(200)]
    assert texts
    for text in texts:
        expected = sorted(((m.start(), m.end(), t) for t in titles() for m in t.pattern.finditer(text)),
                          key=lambda h: (h[0], -(h[1] - h[0])))
        assert _title_hits(text) == expected
