"""From an extraction to the quads of the article's named graph."""
from __future__ import annotations

import pyoxigraph as ox

from graph.model import Entity, Extraction
from graph.rdf.terms import DCTERMS, EVENT, OWL, PLOVER, POROS, PROV, RDF, RDFS, SKOS, XSD, document_iri

MUTUAL = frozenset({"CONSULT", "COOPERATE", "AGREE"})
DATE_TYPES = {10: "date", 7: "gYearMonth", 4: "gYear"}

_TYPE = ox.NamedNode(RDF + "type")


def article_quads(extraction: Extraction) -> list[ox.Quad]:
    """Every triple one article supports, in the named graph of its document IRI."""
    doc = ox.NamedNode(document_iri(extraction.article.id))
    return [ox.Quad(t.subject, t.predicate, t.object, doc) for t in article_triples(extraction)]


def article_triples(extraction: Extraction) -> list[ox.Triple]:
    """Every triple one article supports, once each, in the order `article_quads` gives them."""
    doc = ox.NamedNode(document_iri(extraction.article.id))
    triples = [*document_triples(doc, extraction)]
    for entity in extraction.entities:
        triples.extend(entity_triples(entity))
    for role in extraction.roles:
        triples.append(ox.Triple(ox.NamedNode(role.subject), ox.NamedNode(role.property), ox.NamedNode(role.object)))
    triples.extend(event_triples(doc, extraction))
    return list(dict.fromkeys(triples))


def document_triples(doc: ox.NamedNode, extraction: Extraction) -> list[ox.Triple]:
    article = extraction.article
    triples = [
        ox.Triple(doc, _TYPE, ox.NamedNode(POROS + "Document")),
        ox.Triple(doc, ox.NamedNode(DCTERMS + "identifier"), ox.Literal(article.id)),
        ox.Triple(doc, ox.NamedNode(DCTERMS + "language"), ox.Literal(extraction.lang)),
    ]
    if article.title:
        triples.append(ox.Triple(doc, ox.NamedNode(DCTERMS + "title"), ox.Literal(article.title)))
    if article.published:
        kind = "dateTime" if "T" in article.published else "date"
        triples.append(ox.Triple(doc, ox.NamedNode(DCTERMS + "issued"),
                                 ox.Literal(article.published, datatype=ox.NamedNode(XSD + kind))))
    if article.url:
        triples.append(ox.Triple(doc, ox.NamedNode(DCTERMS + "source"), _url_term(article.url)))
    if article.outlet:
        triples.append(ox.Triple(doc, ox.NamedNode(POROS + "outlet"), ox.Literal(article.outlet)))
    mentions = ox.NamedNode(POROS + "mentions")
    for iri in sorted({m.entity for m in extraction.mentions}):
        triples.append(ox.Triple(doc, mentions, ox.NamedNode(iri)))
    return triples


def entity_triples(entity: Entity) -> list[ox.Triple]:
    """What a graph needs to show an entity on its own: class, labels, Wikidata id."""
    node = ox.NamedNode(entity.iri)
    triples = [ox.Triple(node, _TYPE, ox.NamedNode(POROS + entity.kind))]
    for predicate, labels in ((RDFS + "label", entity.labels), (SKOS + "altLabel", entity.alt_labels)):
        for text, lang in labels:
            literal = ox.Literal(text, language=lang) if lang else ox.Literal(text)
            triples.append(ox.Triple(node, ox.NamedNode(predicate), literal))
    for same in entity.same_as:
        triples.append(ox.Triple(node, ox.NamedNode(OWL + "sameAs"), ox.NamedNode(same)))
    return triples


def event_iri(kind: str, source: str, target: str, date: str | None, article_id: str) -> str:
    """An event's IRI from what makes it the same real event: type, pair (unordered for mutual
    types) and date. Reported by several articles, it is one node; undated, it stays in its article."""
    import hashlib

    pair = f"{_local(source)}--{_local(target)}"
    when = date or "undated-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:10]
    return f"{EVENT}{kind.lower()}-{when}-{pair}"


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def event_triples(doc: ox.NamedNode, extraction: Extraction) -> list[ox.Triple]:
    """The events of an article; one node per (type, pair, date), with all its evidence sentences."""
    triples: list[ox.Triple] = []
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
            triples.append(ox.Triple(node, ox.NamedNode(predicate), value))

        if first:
            add(RDF + "type", ox.NamedNode(POROS + "Event"))
            add(POROS + "ploverType", ox.Literal(event.type))
            add(POROS + "ploverConcept", ox.NamedNode(PLOVER + event.type))
            add(POROS + "source", ox.NamedNode(source))
            add(POROS + "target", ox.NamedNode(target))
            add(PROV + "wasDerivedFrom", doc)
            add(POROS + "cue", ox.Literal(event.cue))
            add(POROS + "evidenceStart", ox.Literal(str(event.sentence.start), datatype=ox.NamedNode(XSD + "integer")))
            add(POROS + "evidenceEnd", ox.Literal(str(event.sentence.end), datatype=ox.NamedNode(XSD + "integer")))
        if event.date:
            add(POROS + "date", ox.Literal(event.date, datatype=ox.NamedNode(XSD + DATE_TYPES[len(event.date)])))
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
