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
            spellings = tuple((label, tuple(sorted(iris))) for label, iris in sorted(variants.items()))
            self._automaton.add_word(key, (len(key), spellings))
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
        for last, (length, spellings) in self._automaton.iter(folded):
            first = last - length + 1
            if not _at_word_boundaries(folded, first, last + 1):
                continue
            surface = text[start + first:start + last + 1]
            iris = _entities_for_surface(surface, spellings)
            if iris or _is_blocker(spellings):
                candidates.append(Hit(start + first, start + last + 1, surface, iris))
        return [hit for hit in _leftmost_longest(candidates) if hit.entities]


def _at_word_boundaries(text: str, first: int, stop: int) -> bool:
    before = text[first - 1] if first > 0 else " "
    after = text[stop] if stop < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def _entities_for_surface(surface: str, spellings: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[str, ...]:
    found: set[str] = set()
    for label, iris in spellings:
        if not label:
            continue
        if is_acronym(label):
            if surface == label:
                found.update(iris)
        elif not label[0].isupper() or surface[0].isupper():
            found.update(iris)
    return tuple(sorted(found))


def _is_blocker(spellings: tuple[tuple[str, tuple[str, ...]], ...]) -> bool:
    return any(not label for label, _ in spellings)


def _leftmost_longest(hits: list[Hit]) -> list[Hit]:
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if not chosen or hit.start >= chosen[-1].end:
            chosen.append(hit)
    return chosen
