"""From an extraction to the quads of the article's named graph."""
from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox

from graph.model import Entity, Extraction
from graph.rdf.terms import DCTERMS, EVENT, OWL, PLOVER, POROS, PROV, RDF, RDFS, SKOS, XSD, document_iri

MUTUAL = frozenset({"CONSULT", "COOPERATE", "AGREE"})
DATE_TYPES = {10: "date", 7: "gYearMonth", 4: "gYear"}

_TYPE = ox.NamedNode(RDF + "type")


@lru_cache(maxsize=None)
def _vocabulary(iri: str) -> ox.NamedNode:
    """A node of the vocabulary (a class, property or datatype): made once, then reused."""
    return ox.NamedNode(iri)


Statement = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]
"""A triple as its three terms: quicker to make than an ox.Triple, which is made only when asked for."""


def article_quads(extraction: Extraction) -> list[ox.Quad]:
    """Every triple one article supports, in the named graph of its document IRI."""
    doc = ox.NamedNode(document_iri(extraction.article.id))
    return [ox.Quad(*statement, doc) for statement in article_statements(extraction)]


def article_triples(extraction: Extraction) -> list[ox.Triple]:
    """Every triple one article supports, once each, in the order `article_quads` gives them."""
    return [ox.Triple(*statement) for statement in article_statements(extraction)]


def article_ntriples(extraction: Extraction) -> str:
    """`article_triples` as N-Triples text, a line each."""
    return "".join(f"{s} {p} {o} .\n" for s, p, o in article_statements(extraction))


def article_statements(extraction: Extraction) -> list[Statement]:
    """Every triple one article supports, once each, as its three terms."""
    doc = ox.NamedNode(document_iri(extraction.article.id))
    statements = document_triples(doc, extraction)
    for entity in extraction.entities:
        statements.extend(entity_triples(entity))
    for role in extraction.roles:
        statements.append((ox.NamedNode(role.subject), _vocabulary(role.property), ox.NamedNode(role.object)))
    statements.extend(event_triples(doc, extraction))
    return list(dict.fromkeys(statements))


def document_triples(doc: ox.NamedNode, extraction: Extraction) -> list[Statement]:
    article = extraction.article
    triples: list[Statement] = [
        (doc, _TYPE, _vocabulary(POROS + "Document")),
        (doc, _vocabulary(DCTERMS + "identifier"), ox.Literal(article.id)),
        (doc, _vocabulary(DCTERMS + "language"), ox.Literal(extraction.lang)),
    ]
    if article.title:
        triples.append((doc, _vocabulary(DCTERMS + "title"), ox.Literal(article.title)))
    if article.published:
        kind = "dateTime" if "T" in article.published else "date"
        issued = ox.Literal(article.published, datatype=_vocabulary(XSD + kind))
        triples.append((doc, _vocabulary(DCTERMS + "issued"), issued))
    if article.url:
        triples.append((doc, _vocabulary(DCTERMS + "source"), _url_term(article.url)))
    if article.outlet:
        triples.append((doc, _vocabulary(POROS + "outlet"), ox.Literal(article.outlet)))
    mentions = _vocabulary(POROS + "mentions")
    for iri in sorted({m.entity for m in extraction.mentions}):
        triples.append((doc, mentions, ox.NamedNode(iri)))
    return triples


@lru_cache(maxsize=8192)
def entity_triples(entity: Entity) -> tuple[Statement, ...]:
    """What a graph needs to show an entity on its own: class, labels, Wikidata id (made once for
    an entity that many articles mention)."""
    node = ox.NamedNode(entity.iri)
    triples: list[Statement] = [(node, _TYPE, _vocabulary(POROS + entity.kind))]
    for predicate, labels in ((RDFS + "label", entity.labels), (SKOS + "altLabel", entity.alt_labels)):
        for text, lang in labels:
            literal = ox.Literal(text, language=lang) if lang else ox.Literal(text)
            triples.append((node, _vocabulary(predicate), literal))
    for same in entity.same_as:
        triples.append((node, _vocabulary(OWL + "sameAs"), ox.NamedNode(same)))
    return tuple(triples)


def event_iri(kind: str, source: str, target: str, date: str | None, article_id: str) -> str:
    """An event's IRI from what makes it the same real event: type, pair (unordered for mutual
    types) and date. Reported by several articles, it is one node; undated, it stays in its article."""
    import hashlib

    pair = f"{_local(source)}--{_local(target)}"
    when = date or "undated-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:10]
    return f"{EVENT}{kind.lower()}-{when}-{pair}"


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def event_triples(doc: ox.NamedNode, extraction: Extraction) -> list[Statement]:
    """The events of an article; one node per (type, pair, date), with all its evidence sentences."""
    triples: list[Statement] = []
    seen: dict[str, set[str]] = {}
    for event in extraction.events:
        source, target = event.source, event.target
        if event.type in MUTUAL:
            source, target = sorted((source, target))
        iri = event_iri(event.type, source, target, event.date, extraction.article.id)
        node = ox.NamedNode(iri)
        first = iri not in seen
        fields = seen.setdefault(iri, set())

        def add(predicate: str, value, once: bool = True) -> None:
            if once and predicate in fields:
                return
            fields.add(predicate)
            triples.append((node, _vocabulary(predicate), value))

        if first:
            add(RDF + "type", _vocabulary(POROS + "Event"))
            add(POROS + "ploverType", ox.Literal(event.type))
            add(POROS + "ploverConcept", _vocabulary(PLOVER + event.type))
            add(POROS + "source", ox.NamedNode(source))
            add(POROS + "target", ox.NamedNode(target))
            add(PROV + "wasDerivedFrom", doc)
            add(POROS + "cue", ox.Literal(event.cue))
            add(POROS + "evidenceStart", ox.Literal(str(event.sentence.start), datatype=_vocabulary(XSD + "integer")))
            add(POROS + "evidenceEnd", ox.Literal(str(event.sentence.end), datatype=_vocabulary(XSD + "integer")))
        if event.date:
            add(POROS + "date", ox.Literal(event.date, datatype=_vocabulary(XSD + DATE_TYPES[len(event.date)])))
            add(POROS + "rawDate", ox.Literal(event.raw_date or event.date))
        if event.mode:
            add(POROS + "ploverMode", ox.Literal(event.mode))
        if event.location:
            add(POROS + "location", ox.NamedNode(event.location))
        add(POROS + "evidence", ox.Literal(event.sentence.text, language=extraction.lang), once=False)
    return list(dict.fromkeys(triples))


def _url_term(url: str) -> ox.NamedNode | ox.Literal:
    try:
        return ox.NamedNode(url) if url.startswith(("http://", "https://")) else ox.Literal(url)
    except ValueError:
        return ox.Literal(url)
