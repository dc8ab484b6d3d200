"""Mentions: which entity each gazetteer hit denotes in its context.

A capital or seat of power is the state when it acts ("Moskow dan Beijing sepakat", "the Kremlin
said") and the place when it is where something happens ("di Beijing", "in Moscow", "Moskow, Rusia").
"""
from __future__ import annotations

import re

from graph.kb import KnowledgeBase
from graph.model import Mention, Sentence
from graph.nlp.gazetteer import Gazetteer, Hit
from graph.nlp.present import word_char
from graph.resources import lexicon_words

_COMMA_NEXT = re.compile(r"^\s*,\s*$")


def locative_words() -> frozenset[str]:
    return lexicon_words("locative.txt")


def find_mentions(text: str, sentences: list[Sentence], gazetteer: Gazetteer, kb: KnowledgeBase,
                  day: str | None = None) -> list[Mention]:
    mentions: list[Mention] = []
    for sentence in sentences:
        hits = gazetteer.find(text, sentence.start, sentence.end)
        for i, hit in enumerate(hits):
            iri = resolve(text, sentence, hit, hits[i + 1] if i + 1 < len(hits) else None, kb, day)
            if iri is not None:
                kind = kb.entities[iri].kind
                mentions.append(Mention(iri, kind, hit.start, hit.end, hit.surface, sentence.index))
    return mentions


def resolve(text: str, sentence: Sentence, hit: Hit, following: Hit | None, kb: KnowledgeBase,
            day: str | None = None) -> str | None:
    """The entity a hit denotes: actors before places, a place's state unless it is a location,
    and of several people with one name ("Lee"), the one in office on the article's date."""
    entities = [kb.entities[iri] for iri in hit.entities if iri in kb.entities]
    if not entities:
        return None
    located = _is_location(text, sentence, hit, following, kb)
    entities = [e for e in entities if located or not e.locative_only]
    if not entities:
        return None
    places = [e for e in entities if e.kind == "Place"]
    actors = [e for e in entities if e.kind != "Place"]
    if located and places:
        return places[0].iri
    if len(actors) > 1 and day:
        in_office = [a for a in actors if a.kind == "Person" and kb.tenures_of(a.iri, day)]
        actors = in_office or actors
    if actors:
        return actors[0].iri
    place = places[0]
    return place.stands_for if place.stands_for in kb.entities else place.iri


def _is_location(text: str, sentence: Sentence, hit: Hit, following: Hit | None, kb: KnowledgeBase) -> bool:
    before = _last_word(text, sentence.start, hit.start)
    if before and before.lower() in locative_words():
        return True
    if following is not None and _COMMA_NEXT.match(text[hit.end:following.start]):
        return any(kb.entities[i].kind == "State" for i in following.entities if i in kb.entities)
    return False


def _last_word(text: str, start: int, end: int) -> str:
    """The last word (letters, digits, underscores) of text[start:end], "" when it has none."""
    stop = end
    while stop > start and not word_char(text[stop - 1]):
        stop -= 1
    begin = stop
    while begin > start and word_char(text[begin - 1]):
        begin -= 1
    return text[begin:stop]
