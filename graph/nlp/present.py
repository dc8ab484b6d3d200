"""Which of a fixed set of words occur in a text, in one Aho-Corasick pass.

Lexicon rules often hold a word that every match contains ("tahun" for "tahun lalu"): a text
without it cannot match and the rule need not run. Asking `word in text` for each of a hundred
rules reads the text a hundred times; `Present` reads it once.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import ahocorasick


class Present:
    """The words of a fixed set that a text contains (as substrings, like `word in text`)."""

    def __init__(self, words: Iterable[str]):
        wanted = set(words)
        self._always = frozenset({""} & wanted)  # the empty word is in every text
        self._automaton = ahocorasick.Automaton()
        for word in wanted - {""}:
            self._automaton.add_word(word, word)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def __call__(self, text: str) -> frozenset[str]:
        if self._empty:
            return self._always
        return self._always | {word for _, word in self._automaton.iter(text)}

    def starts(self, text: str) -> dict[str, list[int]]:
        """Where each word of the set that the text contains starts in it, in text order (the empty
        word is left out)."""
        found: dict[str, list[int]] = defaultdict(list)
        if not self._empty:
            for last, word in self._automaton.iter(text):
                found[word].append(last - len(word) + 1)
        return found
