"""The knowledge base poros ships with: states, places and organisations (ontology/kb/*.ttl)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from graph.errors import PorosError
from graph.model import Entity
from graph.rdf.terms import OWL, POROS, RDF, RDFS, SKOS

ENTITY_CLASSES = {POROS + kind: kind for kind in ("Person", "State", "Organization", "Place")}
STANDS_FOR = (POROS + "capitalOf", POROS + "seatOf")


@dataclass(eq=False)  # compared and hashed by identity, so it can key caches
class KnowledgeBase:
    entities: dict[str, Entity] = field(default_factory=dict)
    files: tuple[Path, ...] = ()

    def get(self, iri: str) -> Entity | None:
        return self.entities.get(iri)

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == kind]


def kb_files(extra: Iterable[Path] = ()) -> list[Path]:
    from graph.resources import ontology_dir

    shipped = sorted((ontology_dir() / "kb").glob("*.ttl"))
    return [*shipped, *extra]


@lru_cache(maxsize=4)
def load_knowledge_base(extra: tuple[Path, ...] = ()) -> KnowledgeBase:
    """Every entity of the shipped knowledge base plus the given Turtle files."""
    files = kb_files(_expand(extra))
    triples: list[ox.Triple] = []
    for path in files:
        try:
            triples.extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, OSError) as err:
            raise PorosError(f"{path}: cannot read knowledge base file: {err}") from None
    return KnowledgeBase(entities=entities_from_triples(triples), files=tuple(files))


def _expand(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in map(Path, paths):
        found.extend(sorted(path.rglob("*.ttl")) if path.is_dir() else [path])
    return found


def entities_from_triples(triples: Iterable[ox.Triple]) -> dict[str, Entity]:
    kinds: dict[str, str] = {}
    values: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        if not isinstance(t.subject, ox.NamedNode):
            continue
        s, p, o = t.subject.value, t.predicate.value, t.object
        if p == RDF + "type" and isinstance(o, ox.NamedNode) and o.value in ENTITY_CLASSES:
            kinds[s] = ENTITY_CLASSES[o.value]
        elif p in (RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel") and isinstance(o, ox.Literal):
            key = "alt" if p == SKOS + "altLabel" else "label"
            values[s][key].append((o.value, o.language or ""))
        elif p == OWL + "sameAs" and isinstance(o, ox.NamedNode):
            values[s]["same"].append(o.value)
        elif p in STANDS_FOR and isinstance(o, ox.NamedNode):
            values[s]["stands"].append(o.value)
    return {iri: _entity(iri, kind, values[iri]) for iri, kind in sorted(kinds.items())}


def _entity(iri: str, kind: str, v: dict[str, list]) -> Entity:
    labels = tuple(sorted(set(v["label"]), key=lambda x: (x[1] != "en", x[1], x[0])))
    alts = tuple(sorted(set(v["alt"]) - set(labels)))
    stands = sorted(v["stands"])
    return Entity(iri=iri, kind=kind, labels=labels, alt_labels=alts,
                  same_as=tuple(sorted(set(v["same"]))), stands_for=stands[0] if stands else None)
