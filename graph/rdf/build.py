"""From an extraction to the quads of the article's named graph."""
from __future__ import annotations

import pyoxigraph as ox

from graph.model import Entity, Extraction
from graph.rdf.terms import DCTERMS, OWL, POROS, RDF, RDFS, SKOS, XSD, document_iri

_TYPE = ox.NamedNode(RDF + "type")


def article_quads(extraction: Extraction) -> list[ox.Quad]:
    """Every triple one article supports, in the named graph of its document IRI."""
    doc = ox.NamedNode(document_iri(extraction.article.id))
    triples = [*document_triples(doc, extraction)]
    for entity in extraction.entities:
        triples.extend(entity_triples(entity))
    for role in extraction.roles:
        triples.append(ox.Triple(ox.NamedNode(role.subject), ox.NamedNode(role.property), ox.NamedNode(role.object)))
    return [ox.Quad(t.subject, t.predicate, t.object, doc) for t in dict.fromkeys(triples)]


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


def _url_term(url: str) -> ox.NamedNode | ox.Literal:
    try:
        return ox.NamedNode(url) if url.startswith(("http://", "https://")) else ox.Literal(url)
    except ValueError:
        return ox.Literal(url)
