"""People and their roles: title patterns, office-holders on the article's date, short names.

"Presiden Rusia Vladimir Putin", "Menteri Luar Negeri China, Wang Yi", "Chinese President Xi Jinping",
"U.S. Secretary of State Antony Blinken": a title, an optional state (or organisation), then a name.
A name the knowledge base does not know becomes a new person. A title and state with no name
("Presiden China mengatakan") is the office-holder on the article's date. A new person's surname,
met again later ("Shoigu"), is the same person.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from graph.kb import KnowledgeBase
from graph.model import Entity, Mention, Sentence, by_sentence
from graph.nlp.present import Present, matches_at, merged, regex_starts
from graph.rdf.terms import POROS, entity_iri
from graph.resources import languages, lexicon_path, lexicon_words, read_lexicon_lines

MAX_NAME_TOKENS = 4
_TOKEN = re.compile(r"\S+")
_TRAILING = ",.;:!?)\"'”’»"
_WORD_BEFORE = re.compile(r"([\w'’.-]+)\s*$")


@dataclass(frozen=True)
class Title:
    pattern: re.Pattern[str]
    role: str  # full IRI of poros:leaderOf or poros:officialOf
    office: str
    words: tuple[str, ...] = ()  # lowercased letters every match starts with, one per way it can start (none: unknown)


@dataclass(frozen=True)
class RoleClaim:
    person: str
    role: str  # full IRI of the property
    holder: str  # the state or organisation


@dataclass(frozen=True)
class People:
    mentions: tuple[Mention, ...]
    entities: tuple[Entity, ...]  # people the knowledge base did not know
    claims: tuple[RoleClaim, ...]
    qualifiers: frozenset[int] = frozenset()  # starts of state mentions that only qualify a title
    titled: dict[int, int] | None = None  # a titled person's mention start -> where the title starts


@lru_cache(maxsize=1)
def titles() -> tuple[Title, ...]:
    found = []
    for lang in languages():
        for line in read_lexicon_lines(lexicon_path(lang, "titles.tsv")):
            regex, role, office = line.split("\t")[:3]
            pattern = re.compile(rf"(?<![\w-])(?:{regex})(?![\w-])", re.IGNORECASE)
            found.append(Title(pattern, POROS + role, office, regex_starts(regex)))
    return tuple(found)


@lru_cache(maxsize=1)
def _title_words() -> Present:
    return Present(word for title in titles() for word in title.words)


@lru_cache(maxsize=1)
def _not_a_name() -> frozenset[str]:
    return lexicon_words("days.txt") | lexicon_words("stopwords.txt") | lexicon_words("not_names.txt") | frozenset(
        w for lang in languages() for line in read_lexicon_lines(lexicon_path(lang, "months.tsv"))
        for w in line.split("\t")[1].split("|"))


def find_people(text: str, sentences: list[Sentence], mentions: list[Mention], kb: KnowledgeBase,
                day: str | None) -> People:
    """Person mentions and role claims the titles and names of the text support."""
    found: list[Mention] = []
    new: dict[str, Entity] = {}
    claims: list[RoleClaim] = []
    qualifiers: set[int] = set()
    titled: dict[int, int] = {}
    mentions_of = by_sentence(mentions)
    hits = _title_hits(text)
    for sentence in sentences:
        local = mentions_of.get(sentence.index, [])
        at = {m.start: m for m in local}  # a title and its name never reach past their sentence
        for match in _title_matches(hits, sentence):
            if any(m.start < match[1] and match[0] < m.end for m in local):
                continue  # the title is part of a known name ("Presiden Jokowi" as a label)
            result = _read_title(text, sentence, match, at, kb, day, titled)
            if result is None:
                continue  # "negosiator Rusia, Ukraina, dan AS": a title that names nobody leaves its state an actor
            qualifiers.update(_qualifier_starts(text, sentence, match, at))
            mention, entity, claim = result
            if mention is not None:
                found.append(mention)
            if entity is not None:
                new.setdefault(entity.iri, entity)
            if claim is not None:
                claims.append(claim)
    named = {m.entity for m in [*mentions, *found] if m.kind == "Person" and " " in m.surface.strip()}
    known = {**kb.entities, **new}
    short = {iri: _short_names(known[iri], kb, claims) for iri in sorted(named) if iri in known}
    found.extend(_short_name_mentions(text, sentences, [*mentions, *found], short))
    return People(tuple(found), tuple(new.values()), tuple(dict.fromkeys(claims)), frozenset(qualifiers), titled)


def _qualifier_starts(text: str, sentence: Sentence, match, by_start: dict[int, Mention]) -> list[int]:
    """The state or organisation mentions that belong to a title ("Presiden *Rusia* Vladimir Putin",
    "*U.S.* President Joe Biden"): they name the office, not a separate actor."""
    start, end, _ = match
    found = [m.start for m in by_start.values() if m.kind in ("State", "Organization") and sentence.start <= m.start
             and re.fullmatch(r"(?:'s|’s)?\s+", text[m.end:start])]
    after = by_start.get(_skip(text, end, " "))
    if after is not None and after.kind in ("State", "Organization"):
        found.append(after.start)
    return found


@lru_cache(maxsize=1)
def family_name_first() -> frozenset[str]:
    from graph.resources import ontology_dir

    return frozenset(line.split("\t")[0] for line in
                     read_lexicon_lines(ontology_dir() / "lexicon" / "family_name_first.tsv"))


def _short_names(person: Entity, kb: KnowledgeBase, claims: list[RoleClaim]) -> set[str]:
    """The one-word names a person named in full may be met by later: the last word, and the first
    where names put the family name first."""
    name = person.label().split()
    if len(name) < 2:
        return set()
    states = {c.holder for c in claims if c.person == person.iri} | {t.object for t in kb.tenures_of(person.iri, None)}
    short = {name[-1]}
    if any(kb.iso3.get(state) in family_name_first() for state in states):
        short.add(name[0])
    return {word for word in short if len(word) >= 2 and word[0].isupper() and word.lower() not in _not_a_name()}


def _title_hits(text: str) -> list[tuple[int, int, Title]]:
    """Every match of every title in the text, in text order. A title's matches start where its
    leading letters do: it is tried there alone."""
    lowered = text.lower()
    starts = _title_words().starts(lowered) if len(lowered) == len(text) else None
    hits = []
    for title in titles():
        if starts is None or not title.words:
            matches = title.pattern.finditer(text)
        elif found := [starts[word] for word in title.words if word in starts]:
            matches = matches_at(title.pattern, text, merged(found))
        else:
            continue
        hits.extend((m.start(), m.end(), title) for m in matches)
    return sorted(hits, key=lambda h: (h[0], -(h[1] - h[0])))


def _title_matches(hits: list[tuple[int, int, Title]], sentence: Sentence):
    """Longest non-overlapping title matches in the sentence: (start, end, Title)."""
    first = bisect_left(hits, sentence.start, key=lambda h: h[0])
    chosen: list[tuple[int, int, Title]] = []
    for hit in hits[first:]:
        if hit[0] >= sentence.end:
            break
        if hit[1] <= sentence.end and (not chosen or hit[0] >= chosen[-1][1]):
            chosen.append(hit)
    return chosen


def _read_title(text, sentence, match, by_start, kb, day, titled: dict[int, int]):
    start, pos, title = match
    former = _preceded_by(text, sentence.start, start, lexicon_words("not_current.txt"))
    holder = _state_before(text, sentence.start, start, by_start, kb)
    pos = _skip(text, pos, " ")
    qualifier = by_start.get(pos)
    if qualifier is not None and qualifier.kind in ("State", "Organization"):
        holder, pos = qualifier.entity, qualifier.end
    elif text.startswith("of ", pos) and by_start.get(pos + 3) and by_start[pos + 3].kind in ("State", "Organization"):
        holder, pos = by_start[pos + 3].entity, by_start[pos + 3].end
    pos = _skip(text, pos, " ,")
    known = by_start.get(pos)
    if known is not None and known.kind == "Person":
        titled[known.start] = start
        return None if former else (None, None, RoleClaim(known.entity, title.role, holder)) if holder else None
    name_end, name = _read_name(text, pos, sentence.end, by_start)
    after = by_start.get(_skip(text, name_end, " ,")) if name else None
    if after is not None and after.kind == "Person":  # "Ketua Umum Partai X Prabowo": the words were a post
        titled[after.start] = start
        return None if former or not holder else (None, None, RoleClaim(after.entity, title.role, holder))
    if name:
        entity = Entity(entity_iri(name), "Person", ((name, ""),))
        if entity.iri in kb.entities:
            entity = kb.entities[entity.iri]
        mention = Mention(entity.iri, "Person", pos, name_end, name, sentence.index)
        titled[pos] = start
        claim = RoleClaim(entity.iri, title.role, holder) if holder and not former else None
        return mention, (None if entity.iri in kb.entities else entity), claim
    if holder and not former and day:
        holders = {t.subject for t in kb.holders(holder, (title.office,), day)}
        if len(holders) == 1:
            person = holders.pop()
            end = qualifier.end if qualifier is not None and qualifier.entity == holder else match[1]
            return Mention(person, "Person", start, end, text[start:end], sentence.index), None, None
    return None


def _state_before(text, floor, start, by_start, kb) -> str | None:
    """The state a demonym or a state name right before the title names ("Russian President")."""
    before = text[floor:start]
    for mention in by_start.values():
        if mention.kind == "State" and floor <= mention.start and re.fullmatch(r"(?:'s|’s)?\s+", text[mention.end:start]):
            return mention.entity
    lowered = before.lower()
    last_word = lowered[:-1].rsplit(" ", 1)[-1] if lowered.endswith(" ") else None
    for demonym, state in _demonyms_by_last_word(kb).get(last_word, ()):
        if lowered.endswith(demonym + " ") and (len(before) == len(demonym) + 1
                                                     or not before[-len(demonym) - 2].isalnum()):
            return state
    return None


@lru_cache(maxsize=4)
def _demonyms_by_last_word(kb: KnowledgeBase) -> dict[str, list[tuple[str, str]]]:
    """The knowledge base's (demonym, state) pairs by the demonym's last word, in their order."""
    found: dict[str, list[tuple[str, str]]] = {}
    for demonym, state in kb.demonyms.items():
        found.setdefault(demonym.rsplit(" ", 1)[-1], []).append((demonym, state))
    return found


def _read_name(text: str, pos: int, limit: int, by_start: dict[int, Mention]) -> tuple[int, str]:
    """Capitalised tokens (and particles such as "bin") from pos: the name and where it ends."""
    particles, stop = lexicon_words("name_particles.txt"), _not_a_name()
    tokens: list[tuple[int, int]] = []
    for token in _TOKEN.finditer(text, pos, limit):
        if token.start() in by_start or len(tokens) >= MAX_NAME_TOKENS:
            break
        word = token.group().rstrip(_TRAILING)
        ends_name = len(word) < len(token.group())
        if not word or word.lower() in stop:
            break
        if not word[0].isupper() and not (word.lower() in particles and tokens):
            break
        tokens.append((token.start(), token.start() + len(word)))
        if ends_name:
            break
    while tokens and text[tokens[-1][0]:tokens[-1][1]].lower() in particles:
        tokens.pop()
    if not tokens or (tokens[0][0] != pos):
        return pos, ""
    name = text[tokens[0][0]:tokens[-1][1]]
    if len(name) < 3 or not any(c.islower() for c in name):
        return pos, ""
    return tokens[-1][1], name


def _short_name_mentions(text, sentences, mentions, short: dict[str, set[str]]) -> list[Mention]:
    """One-word mentions of people named in full in the article ("Shoigu" after "Sergei Shoigu",
    "Wang" after "Wang Yi"); a word two of them share is left alone."""
    owners: dict[str, set[str]] = {}
    for iri, words in short.items():
        for word in words:
            owners.setdefault(word, set()).add(iri)
    taken = {index: [(m.start, m.end) for m in group] for index, group in by_sentence(mentions).items()}
    found = []
    for word, iris in sorted(owners.items()):
        if len(iris) > 1:
            continue
        pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
        places = _occurrences(text, word)
        for sentence in sentences:
            first = bisect_left(places, sentence.start)
            if first == len(places) or places[first] + len(word) > sentence.end:
                continue  # the word is not in the sentence
            spans = taken.setdefault(sentence.index, [])
            for m in pattern.finditer(text, sentence.start, sentence.end):
                if not any(a < m.end() and m.start() < b for a, b in spans):
                    found.append(Mention(next(iter(iris)), "Person", m.start(), m.end(), m.group(), sentence.index))
                    spans.append((m.start(), m.end()))
    return found


def _occurrences(text: str, word: str) -> list[int]:
    """Where the word starts in the text, as a substring, in order."""
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def _preceded_by(text: str, floor: int, start: int, words: frozenset[str]) -> bool:
    before = text[max(floor, start - 40):start].lower().split()
    return bool(before) and (before[-1] in words or " ".join(before[-2:]) in words)


def _skip(text: str, pos: int, chars: str) -> int:
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos
