"""Which of a fixed set of words occur in a text, in one Aho-Corasick pass.

Lexicon rules often hold a word that every match contains ("tahun" for "tahun lalu"): a text
without it cannot match and the rule need not run. Asking `word in text` for each of a hundred
rules reads the text a hundred times; `Present` reads it once. `regex_starts` and `regex_needs` read
off a regex itself the letters its matches begin with and the characters they all hold, for rules
whose lexicon gives no such word.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from re import _constants, _parser  # type: ignore[attr-defined]

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

    def word_starts(self, text: str) -> bool:
        """Whether a word of the set occurs at the start of a word of the text (after no letter,
        digit or underscore)."""
        if self._empty:
            return False
        for last, word in self._automaton.iter(text):
            start = last - len(word) + 1
            if start == 0 or not word_char(text[start - 1]):
                return True
        return False


def word_char(char: str) -> bool:
    """Whether a regex's \\w matches the character (a letter, a digit or an underscore)."""
    return char.isalnum() or char == "_"


def merged(starts: Iterable[list[int]]) -> list[int]:
    """Lists of positions as one, in order."""
    lists = [found for found in starts if found]
    return lists[0] if len(lists) == 1 else sorted(set().union(*lists))


def matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(text)` gives when every match must start at one of `starts` (in order)."""
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)):
            end = match.end()
            yield match


MAX_STARTS = 64  # beginnings a regex may have before only their shorter common parts are kept


def regex_starts(regex: str) -> tuple[str, ...]:
    """Lowercased letters that every match of a case-insensitive regex begins with, one string per way
    it can begin ("(?:Special )?[Ee]nvoy" -> "envoy", "special "); empty when a match could begin
    otherwise (with a class of several letters, a repeat, anything but letters and spaces)."""
    starts, _ = _starts(list(_parser.parse(regex)))
    if not starts or "" in starts:
        return ()
    return tuple(sorted(s for s in starts if not any(s != t and s.startswith(t) for t in starts)))


def _starts(items: list, at: int = 0) -> tuple[set[str], bool]:
    """The beginnings of what items[at:] match, and whether they are all of it (every item a literal)."""
    if at == len(items):
        return {""}, True
    op, arg = items[at]
    if op in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):  # zero-width: begins nothing
        return _starts(items, at + 1)
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and arg[0] == 0:  # optional: begins it or what follows
        return _starts(list(arg[2]))[0] | _starts(items, at + 1)[0], False
    head, complete = _item_starts(op, arg)
    if not complete:
        return head, False
    rest, rest_complete = _starts(items, at + 1)
    if len(head) * len(rest) > MAX_STARTS:
        return head, False
    return {h + r for h in head for r in rest}, rest_complete


def _item_starts(op, arg) -> tuple[set[str], bool]:
    if op is _constants.LITERAL:
        char = chr(arg).lower()
        return ({char}, True) if char.isascii() and (char.isalpha() or char == " ") else ({""}, False)
    if op is _constants.IN:
        chars = {chr(value).lower() for kind, value in arg if kind is _constants.LITERAL}
        if len(chars) == 1 and all(kind is _constants.LITERAL for kind, _ in arg):
            return _item_starts(_constants.LITERAL, ord(chars.pop()))
        return {""}, False
    if op is _constants.SUBPATTERN:
        return _starts(list(arg[-1]))
    if op is _constants.BRANCH:
        found = [_starts(list(branch)) for branch in arg[1]]
        return set().union(*(s for s, _ in found)), all(c for _, c in found)
    if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and arg[0] >= 1:
        return _starts(list(arg[2]))[0], False
    return {""}, False


def regex_needs(regex: str) -> frozenset[str]:
    """Characters without case that every match of the regex holds (the literals of its top level:
    "\\s*\\(.*/.*\\)$" -> "(", "/", ")"): a text without one of them has no match."""
    return frozenset(chr(arg) for op, arg in _parser.parse(regex)
                     if op is _constants.LITERAL and chr(arg).lower() == chr(arg).upper())
