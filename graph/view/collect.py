"""Read what the view draws out of a store: actors with their details, events with their evidence.

Everything is read through SPARQL over the union graph, so a view of the store and a view of a
query's result share one reader.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

import pyoxigraph as ox

from graph.errors import QueryError
from graph.rdf.terms import PREFIXES, WD
from graph.view.model import ACTOR_KINDS, Actor, Edge, Source, ViewGraph, local_name, pick_label

Query = Callable[[str], Iterable]
_CHUNK = 400
_QID = re.compile(r"Q[1-9][0-9]*")
_ROLE_WORDS = {"leaderOf": "leader of", "officialOf": "official of", "memberOf": "member of"}

# An event that several articles report is stated in each one's graph, and a pattern over the
# union of the graphs matches each copy: the rows are made distinct after each property is joined,
# and each of the other properties is read on its own, distinct.
EVENTS = """SELECT DISTINCT ?e ?type ?s ?t WHERE {
  { SELECT DISTINCT ?e ?type ?s WHERE {
      { SELECT DISTINCT ?e ?type WHERE { ?e a poros:Event ; poros:ploverType ?type } }
      ?e poros:source ?s } }
  ?e poros:target ?t }"""
DETAILS = {"date": "poros:date", "mode": "poros:ploverMode", "place": "poros:location", "cue": "poros:cue"}
DETAIL = "SELECT DISTINCT ?e ?x WHERE {{ ?e {} ?x }}"
EVIDENCE = "SELECT DISTINCT ?e ?x WHERE { ?e poros:evidence ?x }"
DERIVED = "SELECT DISTINCT ?e ?d WHERE { ?e prov:wasDerivedFrom ?d }"
DOCUMENTS = """SELECT ?d ?id ?title ?url ?issued WHERE { ?d a poros:Document .
  OPTIONAL { ?d dcterms:identifier ?id } OPTIONAL { ?d dcterms:title ?title }
  OPTIONAL { ?d dcterms:source ?url } OPTIONAL { ?d dcterms:issued ?issued } }"""
MENTIONED = "SELECT ?a (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d poros:mentions ?a } GROUP BY ?a"  # places drop out later


def read_view_graph(query: Query, lang: str = "en") -> ViewGraph:
    """Every mentioned actor and every event of a store (given as its query function)."""
    edges = read_events(query, lang)
    mentions = {row["a"].value: int(row["n"].value) for row in query(MENTIONED)}
    iris = set(mentions) | {e.source for e in edges} | {e.target for e in edges}
    actors = read_actors(query, iris, lang)
    for iri, count in mentions.items():
        if iri in actors:
            actors[iri].mentions = count
    return ViewGraph(actors, [e for e in edges if e.source in actors and e.target in actors])


def read_events(query: Query, lang: str = "en") -> list[Edge]:
    edges: dict[str, Edge] = {}
    for row in sorted(query(EVENTS), key=lambda r: (r["e"].value, r["type"].value, r["s"].value, r["t"].value)):
        iri = row["e"].value
        if iri in edges or row["s"].value == row["t"].value:
            continue
        edges[iri] = Edge(id=iri, kind="event", type=row["type"].value, source=row["s"].value, target=row["t"].value)
    for name, prop in DETAILS.items():
        values: dict[str, str] = {}
        for row in query(DETAIL.format(prop)):
            iri, value = row["e"].value, row["x"].value
            if iri in edges and (iri not in values or value < values[iri]):  # of two, the first in order
                values[iri] = value
        for iri, value in values.items():
            setattr(edges[iri], name, value)
    for row in query(EVIDENCE):
        if row["e"].value in edges:
            edges[row["e"].value].evidence.append(row["x"].value)
    documents = read_documents(query)
    for row in query(DERIVED):
        if row["e"].value in edges and row["d"].value in documents:
            edges[row["e"].value].sources.append(documents[row["d"].value])
    places = labels_of(query, {edge.place for edge in edges.values() if edge.place}, lang)
    for edge in edges.values():
        edge.evidence.sort()
        edge.sources.sort(key=lambda s: s.id)
        edge.place = places.get(edge.place, "")
    return sorted(edges.values(), key=lambda e: e.id)


def read_documents(query: Query) -> dict[str, Source]:
    documents = {}
    for row in query(DOCUMENTS):
        iri = row["d"].value
        documents[iri] = Source(id=term_text(row, "id") or local_name(iri), title=term_text(row, "title"),
                                url=term_text(row, "url"), issued=term_text(row, "issued"))
    return documents


def read_actors(query: Query, iris: Iterable[str], lang: str = "en") -> dict[str, Actor]:
    """The actors among `iris`, with labels, aliases, Wikidata id and roles."""
    iris = sorted(iris)
    actors: dict[str, Actor] = {}
    for chunk in _chunks(iris):
        values = _values(chunk)
        for row in query(f"SELECT ?a ?k WHERE {{ {values} ?a a ?k }}"):
            kind = row["k"].value.rsplit("#", 1)[-1]
            if kind in ACTOR_KINDS and row["a"].value not in actors:
                actors[row["a"].value] = Actor(iri=row["a"].value, kind=kind)
    for chunk in _chunks(sorted(actors)):
        _read_names(query, _values(chunk), actors)
        _read_roles(query, _values(chunk), actors, lang)
    return actors


def _read_names(query: Query, values: str, actors: dict[str, Actor]) -> None:
    for row in query(f"SELECT ?a ?l WHERE {{ {values} ?a rdfs:label ?l }}"):
        label, actor = row["l"], actors[row["a"].value]
        language = label.language or ""
        if label.value and (language not in actor.labels or label.value < actor.labels[language]):
            actor.labels[language] = label.value
    for row in query(f"SELECT ?a ?l WHERE {{ {values} ?a skos:altLabel ?l }}"):
        actors[row["a"].value].aliases.append(row["l"].value)
    for row in query(f"SELECT ?a ?w WHERE {{ {values} ?a owl:sameAs ?w FILTER(STRSTARTS(STR(?w), STR(wd:))) }}"):
        qid = row["w"].value[len(WD):]
        if _QID.fullmatch(qid):
            actors[row["a"].value].wikidata = min(filter(None, (actors[row["a"].value].wikidata, qid)))
    for actor in actors.values():
        actor.aliases = sorted(set(actor.aliases))


def _read_roles(query: Query, values: str, actors: dict[str, Actor], lang: str) -> None:
    roles: dict[str, set[str]] = defaultdict(set)
    plain = f"""SELECT ?a ?p ?x WHERE {{ {values} ?a ?p ?x
      FILTER(?p IN (poros:leaderOf, poros:officialOf, poros:memberOf)) }}"""
    dated = f"""SELECT ?a ?office ?x ?start ?end WHERE {{ {values} ?t a poros:Tenure ; poros:holder ?a ;
      poros:office ?office ; poros:ofState ?x . OPTIONAL {{ ?t poros:startDate ?start }}
      OPTIONAL {{ ?t poros:endDate ?end }} }}"""
    plain_rows, dated_rows = list(query(plain)), list(query(dated))
    names = labels_of(query, {row["x"].value for row in (*plain_rows, *dated_rows)}, lang)
    for row in plain_rows:
        word = _ROLE_WORDS[row["p"].value.rsplit("#", 1)[-1]]
        roles[row["a"].value].add(f"{word} {names[row['x'].value]}")
    for row in dated_rows:
        text = f"{row['office'].value.replace('_', ' ')}, {names[row['x'].value]}"
        start, end = term_text(row, "start"), term_text(row, "end")
        roles[row["a"].value].add(f"{text} ({start} – {end})".replace(" – )", " –)") if start or end else text)
    for iri, found in roles.items():
        actors[iri].roles = sorted(found)


def labels_of(query: Query, iris: set[str], lang: str) -> dict[str, str]:
    """The label of each IRI in the view's language (else English, else any), else its last segment."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for chunk in _chunks(sorted(iris)):
        for row in query(f"SELECT ?a ?l WHERE {{ {_values(chunk)} ?a rdfs:label ?l }}"):
            by_lang, language = found[row["a"].value], row["l"].language or ""
            if language not in by_lang or row["l"].value < by_lang[language]:
                by_lang[language] = row["l"].value
    return {iri: pick_label(found.get(iri, {}), lang) or local_name(iri) for iri in iris}


def term_text(row, name: str) -> str:
    """The value of a solution's variable; "" when it is unbound or not projected."""
    try:
        term = row[name]
    except (KeyError, IndexError, TypeError):
        return ""
    return term.value if term is not None else ""


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _values(iris: list[str]) -> str:
    return "VALUES ?a { " + " ".join(f"<{iri}>" for iri in iris) + " }"


def memory_query(triples: Iterable[ox.Triple]) -> Query:
    """A query function over a handful of triples (the result of a CONSTRUCT)."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)

    def run(sparql: str):
        try:
            return store.query(sparql, prefixes=PREFIXES)
        except (SyntaxError, OSError, ValueError, RuntimeError) as err:
            raise QueryError(f"query failed: {err}") from None
    return run
