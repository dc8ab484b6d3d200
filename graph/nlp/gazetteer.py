"""Finding every label of the knowledge base in a text in one Aho-Corasick pass.

Case rules: a label written in capitals ("AS", "UEA", "PBB") matches only in capitals; any other
label matches in any case, but a capitalised label must start with a capital in the text too
("Turki", not "turki"; "Chad" the state, not the word "chad"). Matches respect word boundaries and
the longest leftmost match wins ("Korea Selatan" over "Korea").
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from graph.model import Entity

_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-", "\u00a0": " "})


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    surface: str
    entities: tuple[str, ...]  # IRIs of every entity with this label


def fold(text: str) -> str:
    """Lowercase and unify quotes and dashes, keeping every character at its offset."""
    folded = text.translate(_FOLD).lower()
    if len(folded) == len(text):
        return folded
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text.translate(_FOLD))


def is_acronym(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class Gazetteer:
    """All labels of a set of entities, ready to be found in text."""

    def __init__(self, entities: Iterable[Entity], blockers: Iterable[str] = ()):
        """`blockers` are phrases that name no entity but contain a label ("Amerika Latin",
        "bahasa Inggris"): matched like labels, they keep the shorter label from matching."""
        table: dict[str, dict[str, set[str]]] = {}
        for phrase in blockers:
            table.setdefault(fold(" ".join(phrase.split())), {}).setdefault("", set())
        for entity in entities:
            for label, _lang in (*entity.labels, *entity.alt_labels):
                label = " ".join(label.split())
                if len(label) < 2:
                    continue
                table.setdefault(fold(label), {}).setdefault(label, set()).add(entity.iri)
        self._automaton = ahocorasick.Automaton()
        for key, variants in table.items():
            self._automaton.add_word(key, (len(key), _Key.of(variants)))
        self._empty = not table
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Non-overlapping label matches in text[start:end], leftmost-longest, with offsets into text."""
        end = len(text) if end is None else end
        if self._empty or end <= start:
            return []
        folded = fold(text[start:end])
        candidates = []
        for last, (length, key) in self._automaton.iter(folded):
            first, stop = last - length + 1, last + 1
            if not _at_word_boundaries(folded, first, stop):
                continue
            surface = text[start + first:start + stop]
            iris = key.entities(surface)
            if iris or key.blocker:
                candidates.append((start + first, start + stop, surface, iris))
        return [Hit(*hit) for hit in _leftmost_longest(candidates) if hit[3]]


def _at_word_boundaries(text: str, first: int, stop: int) -> bool:
    before = text[first - 1] if first > 0 else " "
    after = text[stop] if stop < len(text) else " "
    return not (before.isalnum() or after.isalnum())


@dataclass(frozen=True)
class _Key:
    """The labels that fold to one key of the automaton, and which of them a surface form can be.
    `exact` holds the acronyms (the surface must be the label), `capital` the capitalised labels (the
    surface must start with a capital too), `always` the entities of every other label."""

    exact: tuple[tuple[str, frozenset[str]], ...]
    capital: frozenset[str]
    always: frozenset[str]
    blocker: bool  # a phrase that names no entity but keeps shorter labels from matching

    @classmethod
    def of(cls, variants: dict[str, set[str]]) -> _Key:
        exact, capital, always = [], set(), set()
        for label, iris in variants.items():
            if not label:
                continue
            if is_acronym(label):
                exact.append((label, frozenset(iris)))
            elif label[0].isupper():
                capital.update(iris)
            else:
                always.update(iris)
        return cls(tuple(exact), frozenset(capital), frozenset(always), "" in variants)

    def entities(self, surface: str) -> tuple[str, ...]:
        """The IRIs of every label this surface form can be, sorted."""
        found = set(self.always)
        if self.capital and surface[0].isupper():
            found.update(self.capital)
        for label, iris in self.exact:
            if surface == label:
                found.update(iris)
        return tuple(sorted(found))


def _leftmost_longest(hits: list[tuple[int, int, str, tuple[str, ...]]]) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """(start, end, ...) candidates: the leftmost of those that do not overlap, the longest of those that start together."""
    chosen: list[tuple[int, int, str, tuple[str, ...]]] = []
    for hit in sorted(hits, key=lambda h: (h[0], h[0] - h[1])):
        if not chosen or hit[0] >= chosen[-1][1]:
            chosen.append(hit)
    return chosen
