"""Small hand-made graphs for the view's tests: a friendly one and a hostile one."""
from __future__ import annotations

import json

import pyoxigraph as ox

from graph.rdf.terms import PREFIXES
from graph.store import Store, open_store

HEADER = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in PREFIXES.items())

FRIENDLY = """
ent:alpha a poros:Person ; rdfs:label "Alpha Leader"@en , "Pemimpin Alfa"@id ; skos:altLabel "Alfa" ;
    owl:sameAs wd:Q42 ; poros:leaderOf ent:statia .
ent:statia a poros:State ; rdfs:label "Statia"@en , "Statia"@id .
ent:borduria a poros:State ; rdfs:label "Borduria"@en , "Borduria"@id .
ent:forum a poros:Organization ; rdfs:label "Northern Forum"@en , "Forum Utara"@id .
ent:syldavia a poros:State ; rdfs:label "Syldavia"@en .
doc:d1 a poros:Document ; dcterms:identifier "d1" ; dcterms:title "Leaders meet" ; dcterms:source "https://example.org/d1" ;
    dcterms:issued "2022-07-01"^^xsd:date ; poros:mentions ent:alpha , ent:statia , ent:borduria , ent:forum , ent:syldavia .
event:consult a poros:Event ; poros:ploverType "CONSULT" ; poros:ploverMode "visit" ; poros:source ent:alpha ;
    poros:target ent:borduria ; poros:date "2022-06-29"^^xsd:date ; poros:evidence "Alpha visited Borduria on Wednesday." ;
    prov:wasDerivedFrom doc:d1 ; poros:cue "visited" .
event:agree a poros:Event ; poros:ploverType "AGREE" ; poros:source ent:statia ; poros:target ent:borduria ;
    poros:date "2022-06"^^xsd:gYearMonth ; poros:evidence "Statia and Borduria agreed on a trade pact in June." ;
    prov:wasDerivedFrom doc:d1 .
event:sanction a poros:Event ; poros:ploverType "SANCTION" ; poros:source ent:forum ; poros:target ent:syldavia ;
    poros:date "2023"^^xsd:gYear ; poros:evidence "The forum sanctioned Syldavia in 2023." ; prov:wasDerivedFrom doc:d1 .
event:assault a poros:Event ; poros:ploverType "ASSAULT" ; poros:source ent:syldavia ; poros:target ent:statia ;
    poros:evidence "Syldavia shelled a Statian border post." ; prov:wasDerivedFrom doc:d1 .
"""

PAYLOADS = {
    "label": """<img src=x onerror="window.__pwned='label'">""",
    "alias": """<svg onload="window.__pwned='alias'"></svg>""",
    "evidence": """</script><script>window.__pwned='evidence'</script>""",
    "title": """<script>window.__pwned='title'</script>""",
    "url": """javascript:window.__pwned='url'""",
    "cue": """<iframe srcdoc="<script>parent.__pwned='cue'</script>">""",
}
_LIT = {name: json.dumps(value, ensure_ascii=False) for name, value in PAYLOADS.items()}

HOSTILE = f"""
ent:mallory a poros:Person ; rdfs:label {_LIT['label']}@en ; skos:altLabel {_LIT['alias']} .
ent:statia a poros:State ; rdfs:label "Statia"@en .
doc:evil a poros:Document ; dcterms:identifier "evil" ; dcterms:title {_LIT['title']} ;
    dcterms:source {_LIT['url']} ; poros:mentions ent:mallory , ent:statia .
event:evil a poros:Event ; poros:ploverType "ACCUSE" ; poros:source ent:mallory ; poros:target ent:statia ;
    poros:evidence {_LIT['evidence']} ; poros:cue {_LIT['cue']} ; prov:wasDerivedFrom doc:evil .
"""


def article_quads(turtle: str, article_id: str = "d1") -> list[ox.Quad]:
    """The Turtle's triples in the named graph of an article."""
    graph = ox.NamedNode(PREFIXES["doc"] + article_id)
    return [ox.Quad(t.subject, t.predicate, t.object, graph)
            for t in ox.parse(HEADER + turtle, format=ox.RdfFormat.TURTLE)]


def store_with(turtle: str, article_id: str = "d1", location: str = "memory") -> Store:
    store = open_store(location)
    store.put_article(article_id, article_quads(turtle, article_id))
    return store
