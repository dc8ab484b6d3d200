"""Events: who did what to whom, when and where, read from each sentence's cue and actors.

For each event cue in a sentence (graph/nlp/cues.py) the actors are read by the cue's voice:
- active: the nearest actor before the cue acts on the actors after it ("X mengecam Y");
  a passive form is read as "receive" by the cue matcher ("Y dikecam oleh X", "Y was condemned by X");
- mutual: the actors on either side meet as equals ("X bertemu dengan Y", "X dan Y bertemu",
  "pertemuan antara X dan Y"); a list of parties gives one event per pair;
- receive: the subject is the one acted upon or visited ("Y menerima kunjungan X");
- noun: the actors after a nominal cue ("sanksi AS terhadap Rusia", "kunjungan X ke Y").
"Kedua pemimpin", "both leaders", "ia", "he" stand for the actors named before ("bahwa dia", "that
he": the person leading the sentence). Negated, hypothetical and modal cues give no event, nor do
what a request, threat or invitation asks for ("mendesak X untuk menarik pasukan"), a summit named
as the setting of a meeting ("bertemu di sela-sela KTT G20") or an event noun whose agent is no actor.
The date is the time expression of the cue's own clause nearest the cue (a time in a relative or
subordinate clause dates that clause); a cue without one takes the story's time, an event told again
the date it was first told with, and an undated lead the first day the story names just after it.
A state beside its own leader in an event of the same kind and date is that event told again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations

from graph.kb import KnowledgeBase
from graph.model import Mention, Sentence, by_sentence
from graph.nlp.cues import Cue, find_cues
from graph.nlp.present import Present
from graph.nlp.timex import find_times
from graph.resources import lexicon_path, lexicon_words, read_lexicon_lines

ACTORS = ("Person", "State", "Organization")
MUTUAL = frozenset({"CONSULT", "COOPERATE", "AGREE"})
ASKING = frozenset({"REQUEST", "THREATEN"})  # what these ask for or threaten is not (yet) an event
MAX_LIST = 6
_WORD = re.compile(r"[\w']+")
_CLAUSE_MARK = re.compile(r"[,;:]")
_CLAUSE_TOKEN = re.compile(r"[\w']+|[\"“”]")
_BRACKET_NEXT = re.compile(r"\s*\(")


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
    carried: bool = False  # dated by the story's time, not by its own sentence


@dataclass(frozen=True)
class Actor:
    """An actor in a sentence: an entity at a span (a reference such as "kedua pemimpin" may stand for two)."""

    entities: tuple[str, ...]
    start: int
    end: int
    reference: bool = False


def words(lang: str, name: str) -> frozenset[str]:
    return lexicon_words(name, lang)


@lru_cache(maxsize=None)
def phrases(lang: str, name: str) -> re.Pattern[str]:
    """Any entry of a word list as a whole word or phrase, in one pattern."""
    listed = sorted(words(lang, name), key=len, reverse=True)
    return re.compile(rf"(?<![\w'])(?:{'|'.join(map(re.escape, listed)) or '(?!)'})(?![\w'])")


@lru_cache(maxsize=None)
def references(lang: str) -> tuple[tuple[re.Pattern[str], str, str], ...]:
    """(the regex of a phrase that refers to actors named before, what it refers to, the phrase in lower case)."""
    found = []
    for line in read_lexicon_lines(lexicon_path(lang, "references.tsv")):
        phrase, what = line.split("\t")[:2]
        found.append((re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.IGNORECASE), what, phrase.lower()))
    return tuple(found)


@lru_cache(maxsize=None)
def _reference_words(lang: str) -> Present:
    return Present(phrase for _, _, phrase in references(lang))


@lru_cache(maxsize=None)
def syntax(lang: str) -> dict[str, str]:
    return dict(line.split("\t")[:2] for line in read_lexicon_lines(lexicon_path(lang, "syntax.tsv")))


@lru_cache(maxsize=None)
def syntax_words(lang: str, name: str) -> frozenset[str]:
    """A |-separated word class of syntax.tsv ("subordinators", "demonstratives"), empty when absent."""
    return frozenset(w for w in syntax(lang).get(name, "").split("|") if w)


def find_events(text: str, sentences: list[Sentence], mentions: list[Mention], qualifiers: frozenset[int],
                lang: str, day: str | None, kb: KnowledgeBase,
                affiliations: dict[str, set[str]] | None = None, titled: dict[int, int] | None = None) -> list[Event]:
    """Every event the sentences report, in order. `affiliations` maps a person to the states and
    organisations they serve on the article's date: a person and their own state are never a pair."""
    affiliations, titled = affiliations or {}, titled or {}
    events: list[Event] = []
    memory = _Memory(kb)
    narrative = None  # the time the story is at: the last full date a sentence gave
    opening = None  # the first such date and the index of its sentence
    mentions_of = by_sentence(mentions)
    for sentence in sentences:
        in_sentence = mentions_of.get(sentence.index, [])
        named = _drop_repeats(text, [m for m in in_sentence if m.kind in ACTORS and m.start not in qualifiers
                                     and not _named_as_place(text, m, lang, in_sentence, kb)])
        named, spans = _without_affiliations(text, named, lang)
        times = [t for t in find_times(text, sentence.start, sentence.end, day) if _event_time(text, t, lang)]
        cues = find_cues(text, sentence.start, sentence.end, lang)
        if cues:  # a sentence without one reports no event: its actors need not be read
            actors = _outside_appositives(text, sentence, _with_references(text, sentence, named, memory, lang, titled),
                                          lang)
            actors = [replace(a, end=spans[a.end]) if a.end in spans else a for a in actors]
            context = _Context(text, sentence, in_sentence, actors, times, lang, day, kb, _carried(narrative))
            for event in _sentence_events(context, cues):
                if not _same_side(event, affiliations):
                    events.append(event)
                    memory.remember_pair(event.source, event.target)
        memory.remember(named)
        narrative = _story_time([t for t in times if not _reporting_time(text, sentence, t, lang)], narrative)
        if narrative is not None and opening is None:
            opening = (sentence.index, narrative)
    events = _dated_lead(events, opening)
    return _most_precise_dates(_prefer_people(_told_again(_symmetric(events)), affiliations))


def _same_side(event: Event, affiliations: dict[str, set[str]]) -> bool:
    """Whether one end serves the other (a person and their own state)."""
    return event.target in affiliations.get(event.source, ()) or event.source in affiliations.get(event.target, ())


@dataclass(frozen=True)
class _Context:
    """What the events of one sentence are read from."""

    text: str
    sentence: Sentence
    mentions: list[Mention]
    actors: list[Actor]
    times: list  # the sentence's own time expressions
    lang: str
    day: str | None
    kb: KnowledgeBase
    carried: list  # the story's time, for a cue whose sentence gives none of its own


def _sentence_events(c: _Context, cues: list[Cue]) -> list[Event]:
    """The events of one sentence's cues: not denied, not a topic, with their pairs."""
    if not cues or not c.actors:
        return []
    place = _location(c.mentions)
    remote = any(cue.type == "CONSULT" and cue.mode == "phone" for cue in cues)
    settings = _settings(c.text, c.sentence, cues, c.lang)
    found, denied_at, asked_at = [], None, None
    for cue in cues:
        if cue in settings:
            continue
        if _asked_for(c.text, asked_at, cue, c.lang):
            continue  # "meminta Rusia untuk menarik pasukan": the withdrawal is what is asked, not an event
        if _asks(cue, c.lang):
            asked_at = cue.end
        if _denied(c.text, c.sentence, cue, c.lang) or _shares_negation(c.text, denied_at, cue, c.lang):
            denied_at = cue.end
            continue
        if _is_topic(c.text, c.sentence, cue, c.lang):
            continue
        cue = _announced(c.text, c.sentence, cue, c.lang)
        actors = _quoted_actors(c, cue) or c.actors
        if syntax(c.lang).get("noun_agent") == "before" and _unknown_possessor(c.text, cue, actors):
            continue  # "his counterpart's visit to Moscow": the visitor is no actor named here
        bound = _object_end(c.text, cue, cues, actors, c.sentence.end, c.lang)
        pairs = _pairs(c.text, cue, [a for a in actors if a.start < bound], c.lang) \
            or _visited(c.text, cue, actors, c.mentions, c.kb, c.lang)
        times = [t for t in c.times if _same_clause(c.text, cue, t, cues, c.lang)]
        carried = not times and bool(c.carried)
        times = times or c.carried or c.times
        found.extend(_event(cue, s, t, times, place, c.sentence, c.kb, c.day, remote, carried)
                     for s, t in pairs)
    return found


def _settings(text: str, sentence: Sentence, cues: list[Cue], lang: str) -> set[Cue]:
    """A summit or forum named as where a meeting reported by another cue took place ("bertemu di
    sela-sela KTT G20", "met on the sidelines of the summit") is the setting, not a party to it."""
    marks = phrases(lang, "setting.txt")
    found: set[Cue] = set()
    for cue in cues:
        if cue.type != "CONSULT" or cue.voice != "noun" or cue.mode not in ("third-party", "multilateral"):
            continue
        before = " ".join(re.findall(r"[\w'-]+", text[sentence.start:cue.start].lower())[-4:])
        if marks.match(cue.text.lower()) or any(m.end() == len(before) for m in marks.finditer(before)) \
                or (found and text[max(found, key=lambda f: f.end).end:cue.start].strip() == ""):
            found.add(cue)
    meeting = any(cue.type == "CONSULT" and cue not in found for cue in cues)
    return found if meeting else set()


def _quoted_actors(c: _Context, cue: Cue) -> list[Actor]:
    """In '"...," kata Prabowo', the speaker is the subject of what the quotation says."""
    closing = None
    for match in _attribution(c.lang).finditer(c.text[c.sentence.start:c.sentence.end]):
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


@lru_cache(maxsize=None)
def _attribution(lang: str) -> re.Pattern[str]:
    """A closing quotation mark and a verb of saying: '", kata'."""
    verbs = "|".join(map(re.escape, words(lang, "attribution.txt")))
    return re.compile(rf"[\"”]\s*,?\s*(?:{verbs})\b", re.IGNORECASE)


def _symmetric(events: list[Event]) -> list[Event]:
    """Mutual events in one order, so that "X met Y" and "Y met X" are one."""
    return [replace(e, source=min(e.source, e.target), target=max(e.source, e.target)) if e.type in MUTUAL else e
            for e in events]


LEAD = 2  # sentences


def _dated_lead(events: list[Event], opening) -> list[Event]:
    """A story's opening often names its day a sentence or two after the lead: an undated event of
    the sentences before the first day the story gives (at most LEAD sentences before it) is of that day."""
    if opening is None:
        return events
    index, time = opening
    return [replace(e, date=time.value, raw_date=time.raw, carried=True)
            if e.date is None and 0 < index - e.sentence.index <= LEAD else e for e in events]


def _told_again(events: list[Event]) -> list[Event]:
    """An event that its own sentence does not date ("Dalam pertemuan itu, ...") and that the article
    reported before with a date of its own is that event told again: it takes the first such date."""
    first: dict[tuple, str] = {}
    for e in events:
        if e.date and not e.carried:
            first.setdefault(_key(e), e.date)
    return [replace(e, date=first[_key(e)], raw_date=None) if e.carried and _key(e) in first else e
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
    parts = _CLAUSE_MARK.split(text[_clause_start(text, cue, sentence.start, lang):cue.start].lower())
    clause = parts[-1]
    if len(parts) > 1 and phrases(lang, "specifiers.txt").match(clause.strip()):
        clause = parts[-2] + " " + clause  # "akan mengadakan 20 pertemuan, termasuk pertemuan dengan X"
    before = " ".join(_WORD.findall(clause))
    if phrases(lang, "future.txt").search(before):
            return replace(cue, type="AGREE", mode=None)
    return cue


def _is_topic(text: str, sentence: Sentence, cue: Cue, lang: str) -> bool:
    """An event noun after "untuk", "tentang", "for", "about" is what something else is about
    (a verb there, "untuk mendesak", is an intended act and stays)."""
    prefixes = tuple(p for p in syntax(lang).get("verb_prefixes", "").split("|") if p)
    if prefixes and cue.text.lower().startswith(prefixes):
        return False
    before = _WORD.findall(text[sentence.start:cue.start].lower())
    determiners = set(syntax(lang).get("determiners", "").split("|"))
    while before and before[-1] in determiners:
        before.pop()
    return bool(before) and before[-1] in words(lang, "topic_markers.txt")


def _object_end(text: str, cue: Cue, cues: list[Cue], actors: list[Actor], end: int, lang: str) -> int:
    """Where the actors a cue can act on end: at the next clause ("X bertemu Y, sementara Z ...",
    "bahwa ..."; a clause word right after the cue opens its object: "requested that both countries",
    and one that also opens relative clauses does so until the cue has an object: "signed a package
    that includes aid for Ukraine") or at the next verb cue ("sepakat mendesak Myanmar": Myanmar is
    what is urged, not a party to the accord)."""
    relative, breaks = syntax_words(lang, "relative_breaks"), words(lang, "clause_breaks.txt")
    for n, match in enumerate(_WORD.finditer(text[cue.end:end])):
        at, token = cue.end + match.start(), match.group().lower()
        if n and token in breaks and (
                token not in relative or any(cue.end <= a.start < at for a in actors)):
            end = at
            break
    verbs = [c.start for c in cues if c.start >= cue.end and c.form in ("verb", "passive")]
    return min([end, *verbs])


def _asks(cue: Cue, lang: str) -> bool:
    """Requests, threats, and the cues of a language that invite or offer ("mengundang X untuk ...")."""
    return cue.type in ASKING or cue.lemma in syntax_words(lang, "asking")


def _asked_for(text: str, asked_at: int | None, cue: Cue, lang: str) -> bool:
    """A cue that is the object of a request or threat ("meminta pertemuan", "mendesak X untuk
    mencapai kesepakatan", "urged Y to withdraw") names what is asked for, which has not happened."""
    if asked_at is None or cue.start < asked_at:
        return False
    between = re.findall(r"[\w']+|[,;:]", text[asked_at:cue.start].lower())
    if not between:
        return True
    if set(between) & (words(lang, "clause_breaks.txt") | {";", ":"}) or len(between) > 12:
        return False
    return bool(phrases(lang, "complement.txt").search(" ".join(between)))


def _shares_negation(text: str, denied_at: int | None, cue: Cue, lang: str) -> bool:
    """A cue joined to a denied one ("tidak pernah mengecam ... maupun menyerukan") is denied too; one
    in another clause or in an adjunct ("did not address the strikes during a meeting with ...") is not."""
    if denied_at is None:
        return False
    between = re.findall(r"[\w']+|[,;:]", text[denied_at:cue.start].lower())
    stops = words(lang, "clause_breaks.txt") | syntax_words(lang, "subordinators") | syntax_words(lang, "adjuncts")
    return not (set(between) & (stops | {";", ":"})) and len(between) <= 12


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
            states = [self._state_of(source), self._state_of(target)]
            if all(states) and states[0] != states[1]:  # "Biden dan Xi bertemu ... kedua negara"
                self.pairs["states"] = (states[0], states[1])
        elif kinds == {"State"}:
            self.pairs["states"] = (source, target)

    def _state_of(self, person: str) -> str | None:
        """The one state a person leads or serves in the knowledge base, if there is just one."""
        states = {t.object for t in self.kb.tenures_of(person, None)
                  if t.object in self.kb.entities and self.kb.entities[t.object].kind == "State"}
        return states.pop() if len(states) == 1 else None

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
    present = _reference_words(lang)(text[sentence.start:sentence.end].lower())
    for pattern, what, phrase in references(lang):
        if phrase not in present:
            continue
        for match in pattern.finditer(text, sentence.start, sentence.end):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            recalled = memory.recall(what)
            if _BRACKET_NEXT.match(text, match.end()) and any(
                    0 < m.start - match.end() < 4 for m in named):  # "kedua pihak (Rusia dan Ukraina)"
                continue
            if what == "person" and match.start() != sentence.start:
                recalled = _main_subject(text, sentence, match.start(), named, lang)
            elif what == "pair":
                recalled = _main_subject(text, sentence, match.start(), named, lang, plural=True) or recalled
            if recalled:
                actors.append(Actor(recalled, match.start(), match.end(), reference=True))
                taken.append((match.start(), match.end()))
    return sorted(actors, key=lambda a: a.start)


def _main_subject(text: str, sentence: Sentence, at: int, named: list[Mention], lang: str,
                  plural: bool = False) -> tuple[str, ...]:
    """"Ruto mengatakan kepada Mahama bahwa dia ...", "Ruto said ... as he opened ...": a personal
    pronoun opening a reported or subordinate clause is the person who leads the sentence; a plural
    one ("Kenya dan Ghana mengumumkan bahwa mereka ...") the actors listed first in it."""
    before = _WORD.findall(text[sentence.start:at].lower())
    openers = words(lang, "clause_breaks.txt") | syntax_words(lang, "subordinators")
    if not before or before[-1] not in openers:
        return ()
    if plural:
        leading = _group(text, [Actor((m.entity,), m.start, m.end) for m in named if m.start < at], lang)
        return tuple(_flat(leading)) if len(_flat(leading)) >= 2 else ()
    people = [m for m in named if m.start < at and m.kind == "Person"]
    return (people[0].entity,) if people else ()


def _outside_appositives(text: str, sentence: Sentence, actors: list[Actor], lang: str) -> list[Actor]:
    """Actors inside ", yang ... ," / ", who ... ," describe someone; they are not parties."""
    appositive = _appositive(lang)
    if appositive is None:
        return actors
    spans = [m.span() for m in appositive.finditer(text[sentence.start:sentence.end])]
    return [a for a in actors if not any(sentence.start + x <= a.start < sentence.start + y for x, y in spans)]


@lru_cache(maxsize=None)
def _appositive(lang: str) -> re.Pattern[str] | None:
    openers = "|".join(map(re.escape, words(lang, "appositive.txt")))
    return re.compile(rf",\s*(?:{openers})\b[^,]*,", re.IGNORECASE) if openers else None


def _denied(text: str, sentence: Sentence, cue: Cue, lang: str) -> bool:
    before = text[sentence.start:cue.start].lower()
    near = " ".join(_WORD.findall(_last_part(before))[-5:])
    if phrases(lang, "negation.txt").search(near):
        return True
    tokens = set(_WORD.findall(before))
    if tokens & words(lang, "hypothetical.txt"):
        return True
    clause = _last_part(text[_clause_start(text, cue, sentence.start, lang):cue.start].lower())
    return bool(set(_WORD.findall(clause)) & words(lang, "modal.txt"))


def _last_part(text: str) -> str:
    """What follows the last comma, semicolon or colon (`_CLAUSE_MARK.split(text)[-1]`)."""
    return text[max(text.rfind(","), text.rfind(";"), text.rfind(":")) + 1:]


def _named_as_place(text: str, mention: Mention, lang: str, mentions: list[Mention], kb: KnowledgeBase) -> bool:
    """A state right after "di", "in" is where something happened ("pembicaraan di Arab Saudi"), and so
    is the state that follows one of its own places ("di kota Jeddah, Saudi"): neither is an actor."""
    if mention.kind != "State":
        return False
    before = _WORD.findall(text[max(0, mention.start - 12):mention.start].lower())
    if before and before[-1] in syntax_words(lang, "place_prepositions"):
        return True
    place = next((m for m in mentions if m.kind == "Place" and m.end <= mention.start
                  and text[m.end:mention.start].strip() == ","), None)
    entity = kb.entities.get(place.entity) if place else None
    return bool(entity) and mention.entity in (entity.country, entity.stands_for)


def _without_affiliations(text: str, named: list[Mention], lang: str) -> tuple[list[Mention], dict[int, int]]:
    """"Cyril Ramaphosa dari Afrika Selatan, Anwar Ibrahim dari Malaysia": the state right after a person says whom
    the person serves; it is no party of its own, and the person's span takes it in (end -> new end)."""
    marks = syntax_words(lang, "affiliation")
    kept: list[Mention] = []
    spans: dict[int, int] = {}
    for mention in named:
        if kept and kept[-1].kind == "Person" and mention.kind == "State" \
                and _WORD.findall(text[kept[-1].end:mention.start].lower()) in ([m] for m in marks):
            spans[kept[-1].end] = mention.end
            continue
        kept.append(mention)
    return kept, spans


def _drop_repeats(text: str, named: list[Mention]) -> list[Mention]:
    """A mention right after one of the same entity, in brackets ("Amerika Serikat (AS)"), is the same actor."""
    kept: list[Mention] = []
    for mention in named:
        if kept and kept[-1].entity == mention.entity and text[kept[-1].end:mention.start].strip() in ("(", "", "/"):
            continue
        kept.append(mention)
    return kept


def _clause_start(text: str, cue: Cue, floor: int, lang: str) -> int:
    """Where the clause of a cue starts: after the last "bahwa"/"that" or quotation mark before it, or
    after a subordinating word ("setelah", "after") with its own subject before the cue."""
    breaks = words(lang, "clause_breaks.txt")
    subordinators = syntax_words(lang, "subordinators")
    tokens = list(_CLAUSE_TOKEN.finditer(text, floor, cue.start))
    for n in range(len(tokens) - 1, -1, -1):  # the last word that opens a clause
        token = tokens[n].group()
        word = token.lower()
        if word in breaks or token in '"“”' or (word in subordinators and n + 1 < len(tokens)):
            # "China severed ties after Pelosi visited Taiwan": China does not visit; but in
            # "Putin, setelah bertemu Xi, ..." nothing stands between "setelah" and its verb
            return tokens[n].end()
    return floor


def _pairs(text: str, cue: Cue, actors: list[Actor], lang: str) -> list[tuple[str, str]]:
    floor = _clause_start(text, cue, actors[0].start if actors else cue.start, lang)
    before = [a for a in actors if floor <= a.start and a.end <= cue.start]
    after = _specified(text, [a for a in actors if a.start >= cue.end], lang)
    first_after = _group(text, after, lang)
    last_before = _group_back(text, before, lang)
    if cue.voice == "mutual":
        if first_after and first_after[0].reference and not text[cue.end:first_after[0].start].strip():
            # "Ruto dan Mahama melanjutkan pembicaraan mereka": "mereka" owns the talks, it is no new party
            parties = _flat(last_before) if len(_flat(last_before)) >= 2 else _flat(first_after[:1])
            return list(combinations(parties, 2))
        between = syntax_words(lang, "between")
        gap = _WORD.findall(text[cue.end:first_after[0].start].lower()) if first_after else []
        if len(_flat(first_after)) >= 2 and len(gap) <= 4 and set(gap) & between:
            # "pertukaran tahanan antara Rusia dan Ukraina": the listed sides are the pair
            return list(combinations(_flat(first_after), 2))
        if cue.form == "noun" and syntax(lang).get("noun_agent") == "after" and len(_flat(first_after)) >= 2 \
                and not text[cue.end:first_after[0].start].strip():
            # "pangan jadi pembahasan Ruto dan Mahama": the actors right after the noun are its sides
            return list(combinations(_flat(first_after), 2))
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
    if cue.type == "CONSULT" and cue.mode == "multilateral" and cue.voice == "noun" and not last_before \
            and len(_flat(first_after)) >= 2 and text[cue.end:first_after[0].start].strip():
        # "KTT yang melibatkan ASEAN, China, Jepang dan Korea Selatan": every listed party met every other
        return list(combinations(_flat(first_after), 2))
    if cue.mode == "multilateral" and after and not text[cue.end:after[0].start].strip():
        # "menghadiri KTT G7": the subject meets the forum; "menjelang KTT G20" names a summit only
        return _cross(_group(text, before, lang), after[:1]) if _attends(text, cue, lang) else []
    if cue.voice == "noun" and syntax(lang).get("noun_agent") == "after" and _unknown_agent(text, cue, after):
        return []  # "dukungan Barat terhadap Ukraina": the agent is named but is no actor of the graph
    if cue.voice == "noun" and after and not text[cue.end:after[0].start].strip() \
            and syntax(lang).get("noun_agent") == "after":
        # "sanksi AS terhadap Rusia", "tuduhan Kanada": the actor right after the noun is its agent
        agent, rest = after[0], _group(text, after[1:], lang)
        return _cross([agent], rest) if rest else _cross([agent], last_before)
    if cue.voice == "noun" and not last_before:
        return _cross(first_after[:1], first_after[1:]) if len(first_after) > 1 else _cross(
            first_after[:1], _group(text, after[len(first_after):], lang))
    return _cross(last_before, first_after)


def _unknown_agent(text: str, cue: Cue, after: list[Actor]) -> bool:
    """Whether a capitalised word that is no actor stands right after an event noun, as its agent."""
    word = re.match(r"\s+([A-Z][a-z]{2,})\b", text[cue.end:cue.end + 40])
    return bool(word) and not any(a.start <= cue.end + word.start(1) < a.end for a in after)


def _unknown_possessor(text: str, cue: Cue, actors: list[Actor]) -> bool:
    """Whether the possessor right before an event noun ("the envoy's visit") is no actor."""
    word = re.search(r"(\w+)['’]s?\s+\Z", text[max(0, cue.start - 40):cue.start])
    if not word:
        return False
    at = cue.start - len(word.group())
    return not any(a.start <= at < a.end for a in actors)


def _specified(text: str, after: list[Actor], lang: str) -> list[Actor]:
    """"pejabat Turki lainnya, yaitu Menlu Hakan Fidan": the actor a specifier word names after a
    general one is the party, the most specific actor."""
    marks = phrases(lang, "specifiers.txt")
    if len(after) >= 2 and marks.search(text[after[0].end:after[1].start].lower()):
        return after[1:]
    return after


def _visited(text: str, cue: Cue, actors: list[Actor], mentions: list[Mention], kb: KnowledgeBase,
             lang: str) -> list[tuple[str, str]]:
    """"X berkunjung ke Beijing", "X visited Moscow": a visit to a state's city is a meeting with the state."""
    if cue.type != "CONSULT" or cue.mode != "visit":
        return []
    place = next((m for m in mentions if m.kind == "Place" and m.start >= cue.end), None)
    if place is None or len(_WORD.findall(text[cue.end:place.start])) > 2:
        return []
    entity = kb.entities.get(place.entity)
    host = entity.stands_for or entity.country if entity else None
    visitors = _group_back(text, [a for a in actors if a.end <= cue.start], lang)
    return _cross(visitors, [Actor((host,), place.start, place.end)]) if host else []


def _attends(text: str, cue: Cue, lang: str) -> bool:
    before = " ".join(_WORD.findall(text[max(0, cue.start - 40):cue.start].lower())[-3:])
    return any(before.endswith(phrase) or before.endswith(phrase + " the") for phrase in words(lang, "attendance.txt"))


def _prefer_people(events: list[Event], affiliations: dict[str, set[str]]) -> list[Event]:
    """Drop "Russia met Xi" where the article has "Putin met Xi": the person is the most specific
    actor, and a state beside its own leader or official in an event of the same kind and date is that
    event told again."""
    keys = {(e.type, e.source, e.target, e.date) for e in events}
    people_of: dict[str, list[str]] = {}
    for person, holders in affiliations.items():
        for holder in holders:
            people_of.setdefault(holder, []).append(person)

    def has(kind: str, source: str, target: str, date: str | None) -> bool:
        return (kind, source, target, date) in keys or (kind in MUTUAL and (kind, target, source, date) in keys)

    def has_person_version(e: Event) -> bool:
        """The same event of the same day (or of no day) between the people of its states."""
        sources = [e.source, *people_of.get(e.source, ())]
        targets = [e.target, *people_of.get(e.target, ())]
        return any(has(e.type, s, t, e.date) for s in sources for t in targets if (s, t) != (e.source, e.target))

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
        gap = re.sub(r"\([^()]*\)", " ", text[left.end:right.start]).strip().lower()  # "X (kiri), Y"
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
    gap = _WORD.findall(text[cue.end:after[0].start].lower())
    return len(gap) <= 4 and (not gap or bool(set(gap) & words(lang, "partners.txt")))


def _location(mentions: list[Mention]) -> str | None:
    places = [m.entity for m in mentions if m.kind == "Place"]
    return places[0] if places else None


def _story_time(times, current):
    """The day the story is at: the last full date a sentence gave (a month or year does not move it)."""
    usable = [t for t in times if len(t.value) == 10]
    return usable[-1] if usable else current


def _reporting_time(text: str, sentence: Sentence, time, lang: str) -> bool:
    """When a statement was quoted or reported ("..., kata Xi, seperti dikutip dari Reuters, Kamis"),
    which is not the time the story is at."""
    before = _WORD.findall(text[max(sentence.start, time.start - 60):time.start].lower())[-6:]
    reporting = syntax_words(lang, "reporting")
    return bool(set(before) & reporting)


def _carried(narrative) -> list:
    return [narrative] if narrative is not None else []


def _same_clause(text: str, cue: Cue, time, cues: list[Cue], lang: str) -> bool:
    """Whether a time after a cue is in the cue's clause. One after a subordinate or relative clause
    opener dates that clause ("sejak Rusia menginvasi Ukraina pada 2022", "memuji Korea Utara, yang
    didirikan pada tahun 1948", "said that ... in 2019"), as does a day after a sequence word
    ("bertemu sehari sebelum KTT dibuka pada Selasa") or a time in what a request or invitation asks
    for; a relative clause on an event noun still dates it ("pertemuan yang berlangsung pada Rabu",
    "nilai perdagangan yang ... pada 2024")."""
    if time.start < cue.end:
        return True
    openers = words(lang, "clause_breaks.txt") | words(lang, "not_event_time.txt")
    if len(time.value) == 10:  # "sehari sebelum KTT dibuka pada Selasa (15/11)"; a month still holds
        openers = openers | syntax_words(lang, "sequence")
    if _asks(cue, lang):  # "mengundang Putin untuk berkunjung pada 2026": the time of what is asked
        openers = openers | words(lang, "complement.txt")
    relative = words(lang, "appositive.txt")
    demonstratives = syntax_words(lang, "demonstratives")
    ends = {c.end for c in cues}
    last_word_end = cue.end
    for match in _WORD.finditer(text[cue.end:time.start]):
        token = match.group().lower()
        if token in openers:
            return False
        if token in relative and last_word_end not in ends:
            return False
        if token not in demonstratives:
            last_word_end = cue.end + match.end()
    return True


def _event_time(text: str, time, lang: str) -> bool:
    """A time that dates something else is not the event's: "sejak Juli 2000", "since 2019"."""
    before = _WORD.findall(text[max(0, time.start - 20):time.start].lower())
    return not (before and before[-1] in words(lang, "not_event_time.txt"))


def _event(cue: Cue, source: str, target: str, times, place, sentence, kb: KnowledgeBase, day,
           remote: bool, carried: bool) -> Event:
    """The event of one cue and pair; a CONSULT without a mode of its own is by phone when the
    sentence says so, else a visit or a third-party meeting by where it took place."""
    time = min(times, key=lambda t: abs(t.start - cue.start)) if times else None
    mode = cue.mode if cue.type == "CONSULT" else None
    if cue.type == "CONSULT" and mode is None:
        mode = "phone" if remote else _visit_or_third_party(place, (source, target), kb, day) if place else None
    return Event(cue.type, mode, source, target, time.value if time else None, time.raw if time else None,
                 place, sentence, cue.text, carried)


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
