"""Namespaces and IRIs: fixed prefixes and stable identifiers."""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

BASE = "https://w3id.org/poros/"
POROS = BASE + "ontology#"
ENT = BASE + "entity/"
DOC = BASE + "doc/"
EVENT = BASE + "event/"
PLOVER = BASE + "plover#"
KB_GRAPH = BASE + "graph/kb"  # the shipped knowledge base, in a store or an export
USER_KB_GRAPH = BASE + "graph/kb/user/"  # + a name: entities a user added
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
WD = "http://www.wikidata.org/entity/"

PREFIXES: dict[str, str] = {
    "poros": POROS, "ent": ENT, "doc": DOC, "event": EVENT, "plover": PLOVER,
    "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "owl": OWL, "xsd": XSD, "prov": PROV,
    "dcterms": DCTERMS, "wd": WD,
}


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def document_iri(article_id: str) -> str:
    """A document's IRI (and the name of its named graph) from the article's id."""
    return DOC + quote(article_id, safe="-._~")


def slug(name: str) -> str:
    """A lowercase ASCII slug: 'Wang Yi' -> 'wang-yi', 'Erdoğan' -> 'erdogan'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "x"


def entity_iri(name: str) -> str:
    return ENT + slug(name)
