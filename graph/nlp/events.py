"""Events: who did what to whom, when and where, read from each sentence's cue and actors.

For each event cue in a sentence (graph/nlp/cues.py) the actors are read by the cue's voice:
- active: the nearest actor before the cue acts on the actors after it ("X mengecam Y");
  a passive form is read as "receive" by the cue matcher ("Y dikecam oleh X", "Y was condemned by X");
- mutual: the actors on either side meet as equals ("X bertemu dengan Y", "X dan Y bertemu",
  "pertemuan antara X dan Y"); a list of parties gives one event per pair;
- receive: the subject is the one acted upon or visited ("Y menerima kunjungan X");
- noun: the actors after a nominal cue ("sanksi AS terhadap Rusia", "kunjungan X ke Y").
"Kedua pemimpin", "both leaders", "ia", "he" stand for the actors named before. Negated and
hypothetical cues give no event. The date is the time expression of the sentence nearest the cue.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations

from graph.kb import KnowledgeBase
from graph.model import Mention, Sentence
from graph.nlp.cues import Cue, find_cues
from graph.nlp.timex import find_times
from graph.resources import lexicon_path, lexicon_words, read_lexicon_lines

ACTORS = ("Person", "State", "Organization")
MUTUAL = frozenset({"CONSULT", "COOPERATE", "AGREE"})
MAX_LIST = 6


@dataclass(frozen=True)
class Event:
    type: str
    mode: str | None
    source: str
    target: str
    date: str | None
    raw_date: str | None
    location: str | None
    sentence: Sentence
    cue: str


@dataclass(frozen=True)
class Actor:
    """An actor in a sentence: an entity at a span (a reference such as "kedua pemimpin" may stand for two)."""

    entities: tuple[str, ...]
    start: int
    end: int


def words(lang: str, name: str) -> frozenset[str]:
    return lexicon_words(name, lang)


@lru_cache(maxsize=None)
def phrases(lang: str, name: str) -> re.Pattern[str]:
    """Any entry of a word list as a whole word or phrase, in one pattern."""
    listed = sorted(words(lang, name), key=len, reverse=True)
    return re.compile(rf"(?<![\w'])(?:{'|'.join(map(re.escape, listed)) or '(?!)'})(?![\w'])")


@lru_cache(maxsize=None)
def references(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    found = []
    for line in read_lexicon_lines(lexicon_path(lang, "references.tsv")):
        phrase, what = line.split("\t")[:2]
        found.append((re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.IGNORECASE), what))
    return tuple(found)


@lru_cache(maxsize=None)
def syntax(lang: str) -> dict[str, str]:
    return dict(line.split("\t")[:2] for line in read_lexicon_lines(lexicon_path(lang, "syntax.tsv")))


def find_events(text: str, sentences: list[Sentence], mentions: list[Mention], qualifiers: frozenset[int],
                lang: str, day: str | None, kb: KnowledgeBase,
                affiliations: dict[str, set[str]] | None = None, titled: dict[int, int] | None = None) -> list[Event]:
    """Every event the sentences report, in order. `affiliations` maps a person to the states and
    organisations they serve on the article's date: a person and their own state are never a pair."""
    affiliations, titled = affiliations or {}, titled or {}
    events: list[Event] = []
    memory = _Memory(kb)
    narrative = None  # the time the story is at: the last full date a sentence gave
    for sentence in sentences:
        in_sentence = [m for m in mentions if sentence.start <= m.start < sentence.end]
        named = _drop_repeats(text, [m for m in in_sentence if m.kind in ACTORS and m.start not in qualifiers])
        actors = _outside_appositives(text, sentence, _with_references(text, sentence, named, memory, lang, titled), lang)
        times = [t for t in find_times(text, sentence.start, sentence.end, day) if _event_time(text, t, lang)]
        context = _Context(text, sentence, in_sentence, actors, times or _carried(narrative), lang, day, kb)
        for event in _sentence_events(context, find_cues(text, sentence.start, sentence.end, lang)):
            if event.target in affiliations.get(event.source, ()) or event.source in affiliations.get(event.target, ()):
                continue
            events.append(event)
            memory.remember_pair(event.source, event.target)
        memory.remember(named)
        narrative = _story_time(times, narrative)
    return _most_precise_dates(_prefer_people(_symmetric(events), affiliations))


@dataclass(frozen=True)
class _Context:
    """What the events of one sentence are read from."""

    text: str
    sentence: Sentence
    mentions: list[Mention]
    actors: list[Actor]
    times: list
    lang: str
    day: str | None
    kb: KnowledgeBase


def _sentence_events(c: _Context, cues: list[Cue]) -> list[Event]:
    """The events of one sentence's cues: not denied, not a topic, with their pairs."""
    if not cues or not c.actors:
        return []
    place = _location(c.mentions)
    remote = any(cue.type == "CONSULT" and cue.mode == "phone" for cue in cues)
    found, denied_at = [], None
    for cue in cues:
        if _denied(c.text, c.sentence, cue, c.lang) or _shares_negation(c.text, denied_at, cue, c.lang):
            denied_at = cue.end
            continue
        if _is_topic(c.text, c.sentence, cue, c.lang):
            continue
        cue = _announced(c.text, c.sentence, cue, c.lang)
        actors = _quoted_actors(c, cue) or c.actors
        pairs = _pairs(c.text, cue, actors, c.lang) or _visited(c.text, cue, actors, c.mentions, c.kb, c.lang)
        found.extend(_event(cue, s, t, c.times, place, c.sentence, c.kb, c.day, remote) for s, t in pairs)
    return found


def _quoted_actors(c: _Context, cue: Cue) -> list[Actor]:
    """In '"...," kata Prabowo', the speaker is the subject of what the quotation says."""
    closing = None
    verbs = "|".join(map(re.escape, words(c.lang, "attribution.txt")))
    for match in re.finditer(rf"[\"”]\s*,?\s*(?:{verbs})\b", c.text[c.sentence.start:c.sentence.end], re.IGNORECASE):
        closing = c.sentence.start + match.start()
    if closing is None or cue.start > closing:
        return []
    speaker = next((a for a in c.actors if a.start >= closing), None)
    if speaker is None:
        return []
    inside = [a for a in c.actors if a.end <= closing and a.entities != speaker.entities]
    before = [a for a in inside if _clause_start(c.text, cue, c.sentence.start, c.lang) <= a.start and a.end <= cue.start]
    floor = _clause_start(c.text, cue, c.sentence.start, c.lang)
    subject = Actor(speaker.entities, floor, floor)  # stands where the quoted clause begins
    return [subject] + [a for a in inside if a.start >= cue.end] if not before else []


def _symmetric(events: list[Event]) -> list[Event]:
    """Mutual events in one order, so that "X met Y" and "Y met X" are one."""
    return [replace(e, source=min(e.source, e.target), target=max(e.source, e.target)) if e.type in MUTUAL else e
            for e in events]


def _most_precise_dates(events: list[Event]) -> list[Event]:
    """The same event told twice in one article, once to the month and once to the day, is dated
    to the day: "awal Februari 2026" and "Rabu (4/2/2026)" are one meeting."""
    dates: dict[tuple, set[str]] = {}
    for e in events:
        if e.date:
            dates.setdefault(_key(e), set()).add(e.date)
    out = []
    for e in events:
        finer = {d for d in dates.get(_key(e), ()) if e.date and d != e.date and d.startswith(e.date)}
        out.append(replace(e, date=finer.pop()) if len(finer) == 1 else e)
    return out


def _key(e: Event) -> tuple:
    pair = tuple(sorted((e.source, e.target))) if e.type in MUTUAL else (e.source, e.target)
    return (e.type, *pair)


def _announced(text: str, sentence: Sentence, cue: Cue, lang: str) -> Cue:
    """A meeting or visit announced for the future ("akan berkunjung", "will visit") is AGREE."""
    if cue.type != "CONSULT":
        return cue
    clause = re.split(r"[,;:]", text[_clause_start(text, cue, sentence.start, lang):cue.start].lower())[-1]
    before = " ".join(re.findall(r"[\w']+", clause))
    if phrases(lang, "future.txt").search(before):
            return replace(cue, type="AGREE", mode=None)
    return cue


def _is_topic(text: str, sentence: Sentence, cue: Cue, lang: str) -> bool:
    """An event noun after "untuk", "tentang", "for", "about" is what something else is about
    (a verb there, "untuk mendesak", is an intended act and stays)."""
    prefixes = tuple(p for p in syntax(lang).get("verb_prefixes", "").split("|") if p)
    if prefixes and cue.text.lower().startswith(prefixes):
        return False
    before = re.findall(r"[\w']+", text[sentence.start:cue.start].lower())
    determiners = set(syntax(lang).get("determiners", "").split("|"))
    while before and before[-1] in determiners:
        before.pop()
    return bool(before) and before[-1] in words(lang, "topic_markers.txt")


def _shares_negation(text: str, denied_at: int | None, cue: Cue, lang: str) -> bool:
    """A cue joined to a denied one ("tidak pernah mengecam ... maupun menyerukan") is denied too."""
    if denied_at is None:
        return False
    between = re.findall(r"[\w']+|[,;:]", text[denied_at:cue.start].lower())
    return not (set(between) & (words(lang, "clause_breaks.txt") | {";", ":"})) and len(between) <= 12


class _Memory:
    """The people and states named most recently, for "kedua pemimpin", "both countries", "ia"."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.people: list[str] = []
        self.states: list[str] = []
        self.any: list[str] = []
        self.pairs: dict[str, tuple[str, str]] = {}  # the last pair that did something, by kind

    def remember_pair(self, source: str, target: str) -> None:
        kinds = {self.kb.entities[x].kind if x in self.kb.entities else "Person" for x in (source, target)}
        self.pairs["pair"] = (source, target)
        if kinds == {"Person"}:
            self.pairs["people"] = (source, target)
        elif kinds == {"State"}:
            self.pairs["states"] = (source, target)

    def remember(self, named: list[Mention]) -> None:
        for mention in named:
            for recent, kinds in ((self.people, ("Person",)), (self.states, ("State",)), (self.any, ACTORS)):
                if mention.kind in kinds:
                    if mention.entity in recent:
                        recent.remove(mention.entity)
                    recent.append(mention.entity)

    def recall(self, what: str) -> tuple[str, ...]:
        if what in self.pairs:
            return self.pairs[what]
        recent = {"people": self.people, "states": self.states, "pair": self.any, "person": self.people}[what]
        wanted = 1 if what == "person" else 2
        return tuple(recent[-wanted:]) if len(recent) >= wanted else ()


def _with_references(text, sentence, named, memory, lang, titled) -> list[Actor]:
    """The sentence's actors (a titled person spans the title: "Presiden Rusia Vladimir Putin") and
    the references to actors named before."""
    actors = [Actor((m.entity,), max(sentence.start, titled.get(m.start, m.start)), m.end) for m in named]
    taken = [(m.start, m.end) for m in named]
    for pattern, what in references(lang):
        for match in pattern.finditer(text, sentence.start, sentence.end):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            recalled = memory.recall(what)
            if recalled and (what != "person" or match.start() == sentence.start):
                actors.append(Actor(recalled, match.start(), match.end()))
                taken.append((match.start(), match.end()))
    return sorted(actors, key=lambda a: a.start)


def _outside_appositives(text: str, sentence: Sentence, actors: list[Actor], lang: str) -> list[Actor]:
    """Actors inside ", yang ... ," / ", who ... ," describe someone; they are not parties."""
    openers = "|".join(map(re.escape, words(lang, "appositive.txt")))
    if not openers:
        return actors
    spans = [m.span() for m in re.finditer(rf",\s*(?:{openers})\b[^,]*,", text[sentence.start:sentence.end], re.IGNORECASE)]
    return [a for a in actors if not any(sentence.start + x <= a.start < sentence.start + y for x, y in spans)]


def _denied(text: str, sentence: Sentence, cue: Cue, lang: str) -> bool:
    before = text[sentence.start:cue.start].lower()
    near = " ".join(re.findall(r"[\w']+", re.split(r"[,;:]", before)[-1])[-5:])
    if phrases(lang, "negation.txt").search(near):
        return True
    tokens = set(re.findall(r"[\w']+", before))
    return bool(tokens & words(lang, "hypothetical.txt"))


def _drop_repeats(text: str, named: list[Mention]) -> list[Mention]:
    """A mention right after one of the same entity, in brackets ("Amerika Serikat (AS)"), is the same actor."""
    kept: list[Mention] = []
    for mention in named:
        if kept and kept[-1].entity == mention.entity and text[kept[-1].end:mention.start].strip() in ("(", "", "/"):
            continue
        kept.append(mention)
    return kept


def _clause_start(text: str, cue: Cue, floor: int, lang: str) -> int:
    """Where the clause of a cue starts: after the last "bahwa"/"that" or quotation mark before it."""
    breaks = words(lang, "clause_breaks.txt")
    start = floor
    for match in re.finditer(r"[\w']+|[\"“”]", text[floor:cue.start]):
        if match.group().lower() in breaks or match.group() in '"“”':
            start = floor + match.end()
    return start


def _pairs(text: str, cue: Cue, actors: list[Actor], lang: str) -> list[tuple[str, str]]:
    floor = _clause_start(text, cue, actors[0].start if actors else cue.start, lang)
    before = [a for a in actors if floor <= a.start and a.end <= cue.start]
    after = [a for a in actors if a.start >= cue.end]
    first_after = _group(text, after, lang)
    last_before = _group_back(text, before, lang)
    if cue.voice == "mutual":
        if last_before and first_after and _introduces_partner(text, cue, after, lang):
            return _cross(last_before, first_after)
        if len(_flat(last_before)) >= 2:
            return list(combinations(_flat(last_before), 2))
        if len(_flat(first_after)) >= 2 and not last_before:
            return list(combinations(_flat(first_after), 2))
        if not last_before and len(_flat(after)) >= 2:  # "Dalam pertemuan itu, X ... kepada Y"
            return [tuple(_flat(after)[:2])]
        return _cross(last_before, first_after)
    if cue.voice == "receive":
        return _cross(first_after, last_before)
    if cue.mode == "multilateral" and after and not text[cue.end:after[0].start].strip():
        # "menghadiri KTT G7": the subject meets the forum; "menjelang KTT G20" names a summit only
        return _cross(_group(text, before, lang), after[:1]) if _attends(text, cue, lang) else []
    if cue.voice == "noun" and after and not text[cue.end:after[0].start].strip() \
            and syntax(lang).get("noun_agent") == "after":
        # "sanksi AS terhadap Rusia", "tuduhan Kanada": the actor right after the noun is its agent
        agent, rest = after[0], _group(text, after[1:], lang)
        return _cross([agent], rest) if rest else _cross([agent], last_before)
    if cue.voice == "noun" and not last_before:
        return _cross(first_after[:1], first_after[1:]) if len(first_after) > 1 else _cross(
            first_after[:1], _group(text, after[len(first_after):], lang))
    return _cross(last_before, first_after)


def _visited(text: str, cue: Cue, actors: list[Actor], mentions: list[Mention], kb: KnowledgeBase,
             lang: str) -> list[tuple[str, str]]:
    """"X berkunjung ke Beijing", "X visited Moscow": a visit to a state's city is a meeting with the state."""
    if cue.type != "CONSULT" or cue.mode != "visit":
        return []
    place = next((m for m in mentions if m.kind == "Place" and m.start >= cue.end), None)
    if place is None or len(re.findall(r"[\w']+", text[cue.end:place.start])) > 2:
        return []
    entity = kb.entities.get(place.entity)
    host = entity.stands_for or entity.country if entity else None
    visitors = _group_back(text, [a for a in actors if a.end <= cue.start], lang)
    return _cross(visitors, [Actor((host,), place.start, place.end)]) if host else []


def _attends(text: str, cue: Cue, lang: str) -> bool:
    before = " ".join(re.findall(r"[\w']+", text[max(0, cue.start - 40):cue.start].lower())[-3:])
    return any(before.endswith(phrase) or before.endswith(phrase + " the") for phrase in words(lang, "attendance.txt"))


def _prefer_people(events: list[Event], affiliations: dict[str, set[str]]) -> list[Event]:
    """Drop "Russia met Xi" where the same sentence has "Putin met Xi": the person is the most specific actor."""
    keys = {(e.sentence.index, e.type, e.source, e.target) for e in events}
    people_of: dict[str, list[str]] = {}
    for person, holders in affiliations.items():
        for holder in holders:
            people_of.setdefault(holder, []).append(person)

    def has_person_version(e: Event) -> bool:
        n = e.sentence.index
        return any((n, e.type, p, e.target) in keys or (n, e.type, e.target, p) in keys
                   for p in people_of.get(e.source, ())) \
            or any((n, e.type, e.source, p) in keys or (n, e.type, p, e.source) in keys
                   for p in people_of.get(e.target, ()))

    return [e for e in events if not has_person_version(e)]


def _group(text: str, actors: list[Actor], lang: str) -> list[Actor]:
    """The first actor and those listed with it ("Rusia, China, dan India")."""
    return _listed(text, actors[:MAX_LIST], lang)


def _group_back(text: str, actors: list[Actor], lang: str) -> list[Actor]:
    """The last actor and those listed before it."""
    return _listed(text, actors[::-1][:MAX_LIST], lang)[::-1]


def _listed(text: str, actors: list[Actor], lang: str) -> list[Actor]:
    """Actors, in the order given, while only list words ("dan", ",", "and") stand between them."""
    if not actors:
        return []
    group = [actors[0]]
    joiners = words(lang, "joiners.txt")
    for nxt in actors[1:]:
        left, right = sorted((group[-1], nxt), key=lambda a: a.start)
        gap = text[left.end:right.start].strip().lower()
        if gap and not all(part in joiners for part in re.findall(r"[\w&]+|,", gap)):
            break
        group.append(nxt)
    return group


def _flat(group: list[Actor]) -> list[str]:
    return list(dict.fromkeys(e for a in group for e in a.entities))


def _cross(sources: list[Actor], targets: list[Actor]) -> list[tuple[str, str]]:
    return [(s, t) for s in _flat(sources) for t in _flat(targets) if s != t]


def _introduces_partner(text: str, cue: Cue, after: list[Actor], lang: str) -> bool:
    if not after:
        return False
    gap = re.findall(r"[\w']+", text[cue.end:after[0].start].lower())
    return len(gap) <= 4 and (not gap or bool(set(gap) & words(lang, "partners.txt")))


def _location(mentions: list[Mention]) -> str | None:
    places = [m.entity for m in mentions if m.kind == "Place"]
    return places[0] if places else None


def _story_time(times, current):
    """The day the story is at: the last full date a sentence gave (a month or year does not move it)."""
    usable = [t for t in times if len(t.value) == 10]
    return usable[-1] if usable else current


def _carried(narrative) -> list:
    return [narrative] if narrative is not None else []


def _event_time(text: str, time, lang: str) -> bool:
    """A time that dates something else is not the event's: "sejak Juli 2000", "since 2019"."""
    before = re.findall(r"[\w']+", text[max(0, time.start - 20):time.start].lower())
    return not (before and before[-1] in words(lang, "not_event_time.txt"))


def _event(cue: Cue, source: str, target: str, times, place, sentence, kb: KnowledgeBase, day,
           remote: bool) -> Event:
    """The event of one cue and pair; a CONSULT without a mode of its own is by phone when the
    sentence says so, else a visit or a third-party meeting by where it took place."""
    time = min(times, key=lambda t: abs(t.start - cue.start)) if times else None
    mode = cue.mode if cue.type == "CONSULT" else None
    if cue.type == "CONSULT" and mode is None:
        mode = "phone" if remote else _visit_or_third_party(place, (source, target), kb, day) if place else None
    return Event(cue.type, mode, source, target, time.value if time else None, time.raw if time else None,
                 place, sentence, cue.text)


def _visit_or_third_party(place: str, parties: tuple[str, str], kb: KnowledgeBase, day: str | None) -> str | None:
    entity = kb.entities.get(place)
    host = entity and (entity.stands_for or entity.country)
    if not host:
        return None
    states = set()
    for party in parties:
        if kb.entities.get(party) and kb.entities[party].kind == "State":
            states.add(party)
        states.update(t.object for t in kb.tenures_of(party, day))
    return "visit" if host in states else "third-party"
