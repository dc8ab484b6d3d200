"""The extraction pipeline for one article: clean, sentences, language, mentions, people, roles."""
from __future__ import annotations

from functools import lru_cache

from graph.kb import KnowledgeBase, load_knowledge_base
from graph.model import Article, Extraction, Mention, Role
from graph.nlp.clean import clean
from graph.nlp.dates import reference_date
from graph.nlp.events import find_events
from graph.nlp.gazetteer import Gazetteer
from graph.nlp.language import detect_language
from graph.nlp.mentions import find_mentions
from graph.nlp.people import RoleClaim, find_people
from graph.nlp.sentences import split_sentences
from graph.rdf.terms import POROS
from graph.resources import languages, lexicon_path, read_lexicon_lines

MEMBER_OF = POROS + "memberOf"


@lru_cache(maxsize=4)
def gazetteer_for(kb: KnowledgeBase) -> Gazetteer:
    return Gazetteer(kb.entities.values(), blockers=not_entity_phrases())


@lru_cache(maxsize=1)
def not_entity_phrases() -> tuple[str, ...]:
    """Phrases of every language that contain a label but name no entity ("bahasa Inggris")."""
    return tuple(phrase for lang in languages()
                 for phrase in read_lexicon_lines(lexicon_path(lang, "not_entities.txt")))


def extract_article(article: Article, kb: KnowledgeBase | None = None) -> Extraction:
    """Everything poros reads from one article. Pure: no I/O."""
    kb = kb or load_knowledge_base()
    text = article.text
    spans = clean(text)
    sentences = split_sentences(text, spans)
    body = " ".join(s.text for s in sentences)
    lang = article.lang or detect_language(body)
    day = reference_date(article.published, body)
    mentions = find_mentions(text, sentences, gazetteer_for(kb), kb, day)
    people = find_people(text, sentences, mentions, kb, day)
    mentions = sorted([*mentions, *people.mentions], key=lambda m: (m.start, m.end))
    roles = roles_on(day, mentions, people.claims, kb)
    affiliations = people_affiliations(mentions, roles, kb)
    events = find_events(text, sentences, mentions, people.qualifiers, lang, day, kb, affiliations, people.titled)
    known = {**kb.entities, **{e.iri: e for e in people.entities}}
    needed = ({m.entity for m in mentions} | {r.subject for r in roles} | {r.object for r in roles}
              | {e.location for e in events if e.location})
    entities = tuple(known[iri] for iri in sorted(needed) if iri in known)
    return Extraction(article=article, lang=lang, sentences=tuple(sentences), mentions=tuple(mentions),
                      entities=entities, roles=roles, day=day, events=tuple(events))


def people_affiliations(mentions: list[Mention], roles: tuple[Role, ...], kb: KnowledgeBase) -> dict[str, set[str]]:
    """The states and organisations each person serves in the article or has served in any term."""
    affiliations: dict[str, set[str]] = {}
    for role in roles:
        if role.property != MEMBER_OF:
            affiliations.setdefault(role.subject, set()).add(role.object)
    for person in {m.entity for m in mentions if m.kind == "Person"}:
        affiliations.setdefault(person, set()).update(t.object for t in kb.tenures_of(person, None))
    return affiliations


def roles_on(day: str | None, mentions: list[Mention], claims: tuple[RoleClaim, ...],
             kb: KnowledgeBase) -> tuple[Role, ...]:
    """Roles the text states, plus the knowledge base's offices and memberships on the article's date
    between the people, states and organisations the article mentions."""
    roles = {Role(c.person, c.role, c.holder) for c in claims}
    kinds = {m.entity: m.kind for m in mentions}
    organisations = {iri for iri, kind in kinds.items() if kind == "Organization"}
    if day:
        for iri, kind in kinds.items():
            if kind == "Person":
                roles.update(Role(iri, t.role, t.object) for t in kb.tenures_of(iri, day))
            elif kind == "State":
                roles.update(Role(iri, MEMBER_OF, m.object) for m in kb.memberships_on(iri, day)
                             if m.kind == "member" and m.object in organisations)
    return tuple(sorted(roles, key=lambda r: (r.subject, r.property, r.object)))
