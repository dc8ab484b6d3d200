"""The knowledge base poros ships with: states, places and organisations (ontology/kb/*.ttl)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from graph.errors import PorosError, first_line
from graph.model import Entity
from graph.rdf.terms import OWL, POROS, RDF, RDFS, SKOS

ENTITY_CLASSES = {POROS + kind: kind for kind in ("Person", "State", "Organization", "Place")}
STANDS_FOR = (POROS + "capitalOf", POROS + "seatOf")


@dataclass(frozen=True)
class Period:
    """A dated relation of the knowledge base: an office term or a membership."""

    subject: str  # the holder or the member
    object: str  # the state (or organisation) of the office; the organisation joined
    kind: str  # the office ("head_of_state") or the membership kind ("member", "observer")
    role: str  # poros:leaderOf, poros:officialOf or poros:memberOf
    start: str | None
    end: str | None

    def holds_on(self, day: str) -> bool:
        """True when the period covers the day (YYYY-MM-DD); partial dates are read generously."""
        start = _pad(self.start, "-01-01") if self.start else "0000-01-01"
        end = _pad(self.end, "-12-31") if self.end else "9999-12-31"
        return start <= day <= end


def _pad(partial: str, tail: str) -> str:
    """'2012' -> '2012-01-01' (or '-12-31'); '2012-05' -> '2012-05-01' (or '-31'): comparable as text."""
    return partial + tail[len(partial) - 4:]


@dataclass(eq=False)  # compared and hashed by identity, so it can key caches
class KnowledgeBase:
    entities: dict[str, Entity] = field(default_factory=dict)
    files: tuple[Path, ...] = ()
    triples: tuple[ox.Triple, ...] = ()
    fingerprint: str = ""
    tenures: tuple[Period, ...] = ()
    memberships: tuple[Period, ...] = ()
    demonyms: dict[str, str] = field(default_factory=dict)  # lowercased demonym -> state IRI
    iso3: dict[str, str] = field(default_factory=dict)  # state IRI -> ISO 3166-1 alpha-3

    def tenures_of(self, person: str, day: str | None) -> list[Period]:
        return [t for t in self._index("tenures", "subject").get(person, ()) if day is None or t.holds_on(day)]

    def holders(self, state: str, offices: tuple[str, ...], day: str) -> list[Period]:
        return [t for t in self._index("tenures", "object").get(state, ()) if t.kind in offices and t.holds_on(day)]

    def memberships_on(self, member: str, day: str | None) -> list[Period]:
        return [m for m in self._index("memberships", "subject").get(member, ()) if day is None or m.holds_on(day)]

    def _index(self, periods: str, key: str) -> dict[str, list[Period]]:
        """The periods of a field grouped by their subject or object, in order; built on first use
        (every article asks for the terms of the people it names)."""
        cache = self.__dict__.setdefault("_period_index", {})
        rows = getattr(self, periods)
        cached = cache.get((periods, key))
        if cached is None or cached[0] is not rows:
            index: dict[str, list[Period]] = {}
            for period in rows:
                index.setdefault(getattr(period, key), []).append(period)
            cached = cache[(periods, key)] = (rows, index)
        return cached[1]

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == kind]


def kb_files(extra: Iterable[Path] = ()) -> list[Path]:
    from graph.resources import ontology_dir

    shipped = sorted((ontology_dir() / "kb").glob("*.ttl"))
    return [*shipped, *extra]


@lru_cache(maxsize=4)
def load_knowledge_base(extra: tuple[Path, ...] = ()) -> KnowledgeBase:
    """Every entity of the shipped knowledge base plus the given Turtle files (or folders of them)."""
    files = kb_files(turtle_files(extra))
    triples: list[ox.Triple] = []
    for path in files:
        triples.extend(read_kb_file(path))
    return build_knowledge_base(triples, tuple(files))


def read_kb_file(path: Path) -> list[ox.Triple]:
    """The triples of one Turtle file of entities, refused with one clear line when it is not Turtle."""
    try:
        return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError) as err:
        raise PorosError(f"{path}: cannot read as a Turtle file of entities: {first_line(err)}") from None


def build_knowledge_base(triples: Iterable[ox.Triple], files: tuple[Path, ...] = ()) -> KnowledgeBase:
    triples = tuple(dict.fromkeys(triples))
    tenures, memberships = periods_from_triples(triples)
    return KnowledgeBase(entities=entities_from_triples(triples), files=files, triples=triples,
                         fingerprint=digest(triples), tenures=tenures, memberships=memberships, demonyms=demonyms_from_triples(triples),
                         iso3={t.subject.value: t.object.value for t in triples
                               if t.predicate.value == POROS + "isoAlpha3"})


def extended(kb: KnowledgeBase, extra: Iterable[ox.Triple]) -> KnowledgeBase:
    """The knowledge base with more triples (a user's own entities); itself when there are none."""
    extra = list(extra)
    return build_knowledge_base([*kb.triples, *extra], kb.files) if extra else kb


def digest(triples: Iterable[ox.Triple]) -> str:
    """A fingerprint of a set of triples, the same whatever their order."""
    import hashlib

    lines = sorted(f"{t.subject} {t.predicate} {t.object}" for t in triples)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def turtle_files(paths: Iterable[str | Path]) -> list[Path]:
    """The given files, and the .ttl files under the given folders (sorted)."""
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
        elif p == POROS + "country" and isinstance(o, ox.NamedNode):
            values[s]["country"].append(o.value)
        elif p == POROS + "matchContext" and isinstance(o, ox.Literal):
            values[s]["context"].append(o.value)
    return {iri: _entity(iri, kind, values[iri]) for iri, kind in sorted(kinds.items())}


def _entity(iri: str, kind: str, v: dict[str, list]) -> Entity:
    labels = tuple(sorted(set(v["label"]), key=lambda x: (x[1] != "en", x[1], x[0])))
    alts = tuple(sorted(set(v["alt"]) - set(labels)))
    stands = sorted(v["stands"])
    return Entity(iri=iri, kind=kind, labels=labels, alt_labels=alts,
                  same_as=tuple(sorted(set(v["same"]))), stands_for=stands[0] if stands else None,
                  country=min(v["country"]) if v["country"] else None,
                  locative_only="locative" in v["context"])


def periods_from_triples(triples: Iterable[ox.Triple]) -> tuple[tuple[Period, ...], tuple[Period, ...]]:
    """Office terms (poros:Tenure) and memberships (poros:Membership) of the knowledge base."""
    fields: dict[str, dict[str, str]] = defaultdict(dict)
    kinds: dict[str, str] = {}
    for t in triples:
        p = t.predicate.value
        if p == RDF + "type" and t.object.value in (POROS + "Tenure", POROS + "Membership"):
            kinds[t.subject.value] = t.object.value.rsplit("#", 1)[-1]
        elif p.startswith(POROS):
            fields[t.subject.value][p[len(POROS):]] = t.object.value
    tenures, memberships = [], []
    for node, kind in sorted(kinds.items()):
        f = fields[node]
        if kind == "Tenure" and {"holder", "ofState", "office", "roleProperty"} <= f.keys():
            tenures.append(Period(f["holder"], f["ofState"], f["office"], f["roleProperty"],
                                  f.get("startDate"), f.get("endDate")))
        elif kind == "Membership" and {"member", "organization", "membershipKind"} <= f.keys():
            memberships.append(Period(f["member"], f["organization"], f["membershipKind"], POROS + "memberOf",
                                      f.get("startDate"), f.get("endDate")))
    return tuple(tenures), tuple(memberships)


def demonyms_from_triples(triples: Iterable[ox.Triple]) -> dict[str, str]:
    return {t.object.value.lower(): t.subject.value for t in triples
            if t.predicate.value == POROS + "demonym" and isinstance(t.object, ox.Literal)}
