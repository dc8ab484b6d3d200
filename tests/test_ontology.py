"""The ontology, the PLOVER scheme and the SHACL shapes (ontology/*.ttl) and their examples.

- ontology/poros.ttl declares every term of the public contract (SCHEMA.md), with labels
  and definitions in English and Indonesian;
- ontology/plover.ttl holds exactly the 16 PLOVER types (notation = the ploverType string),
  each in one of four families, and the four CONSULT modes;
- ontology/shapes.ttl: every example in tests/shapes/valid/ conforms, every example in
  tests/shapes/invalid/<Shape>__<case>.ttl breaks exactly the shape its name names, and every
  shape has at least one such example;
- ontology/checks/*.rq ("must return zero rows") return nothing on the valid examples and
  rows on the invalid examples of the shapes they guard.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, Literal, Namespace, URIRef

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
CHECKS = ONTOLOGY / "checks"
EXAMPLES = Path(__file__).resolve().parent / "shapes"
SCHEMA_MD = ROOT.parent / "shared" / "SCHEMA.md"

POROS = Namespace("https://w3id.org/poros/ontology#")
PLOVER = Namespace("https://w3id.org/poros/plover#")
SH = Namespace("http://www.w3.org/ns/shacl#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

PLOVER_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
FAMILIES = {
    "VerbalCooperation": {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"},
    "MaterialCooperation": {"COOPERATE", "AID", "RETREAT"},
    "VerbalConflict": {"REQUEST", "ACCUSE", "REJECT", "THREATEN"},
    "MaterialConflict": {"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"},
}
CONSULT_MODES = {"visit", "third-party", "multilateral", "phone"}

# The poros: terms of the public contract (SCHEMA.md) ...
SCHEMA_CLASSES = ["Document", "Actor", "Person", "State", "Organization", "Place", "Event"]
SCHEMA_PROPERTIES = ["mentions", "leaderOf", "officialOf", "memberOf", "ploverType", "ploverMode",
                     "source", "target", "date", "location", "evidence"]
# ... and the project's extensions.
EXTENSION_CLASSES = ["Membership", "Tenure", "Mention"]
EXTENSION_PROPERTIES = [
    "member", "organization", "membershipKind", "startDate", "endDate",
    "holder", "ofState", "office", "roleProperty",
    "inDocument", "denotes", "charStart", "charEnd", "surface",
    "ploverConcept", "cue", "rawDate", "evidenceStart", "evidenceEnd",
    "isoAlpha2", "isoAlpha3", "isoNumeric", "unStatus", "capital", "capitalOf", "seatOf", "outlet",
]
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}


# --------------------------------------------------------------------------- loading

@cache
def load(name: str) -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY / name, format="turtle")


@cache
def ontology_graph() -> rdflib.Graph:
    """poros.ttl + plover.ttl: the ontology graph pyshacl mixes into the data."""
    graph = rdflib.Graph()
    for name in ("poros.ttl", "plover.ttl"):
        graph.parse(ONTOLOGY / name, format="turtle")
    return graph


def shape_names() -> list[str]:
    shapes = load("shapes.ttl")
    named = {s for cls in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, cls)
             if isinstance(s, URIRef)}
    return sorted(str(s).removeprefix(str(POROS)) for s in named)


def examples(kind: str) -> list[Path]:
    return sorted((EXAMPLES / kind).glob("*.ttl"))


def expected_shape(path: Path) -> str:
    return path.stem.split("__")[0]


def validate(path: Path) -> tuple[bool, rdflib.Graph, str]:
    import pyshacl

    data = rdflib.Graph().parse(path, format="turtle")
    conforms, report, text = pyshacl.validate(data, shacl_graph=load("shapes.ttl"), ont_graph=ontology_graph(),
                                              inference="none", advanced=True)
    return conforms, report, text


def source_shapes(report: rdflib.Graph) -> set[str]:
    """The named shapes behind the report's results (a nested shape counts for its parent)."""
    shapes = load("shapes.ttl")
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        while isinstance(shape, rdflib.BNode):  # a blank property shape: name its owner
            shape = next(shapes.subjects(SH.property, shape), None)
        found.add(str(shape).removeprefix(str(POROS)))
    return found


def lang_values(graph: rdflib.Graph, subject, predicate) -> set[str]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language}


# --------------------------------------------------------------------------- the three files parse

@pytest.mark.parametrize("name", ["poros.ttl", "plover.ttl", "shapes.ttl"])
def test_file_parses(name: str) -> None:
    assert len(load(name)) > 0


# --------------------------------------------------------------------------- poros.ttl

def test_ontology_header() -> None:
    graph = load("poros.ttl")
    onts = list(graph.subjects(RDF.type, OWL.Ontology))
    assert onts == [URIRef("https://w3id.org/poros/ontology")]
    ont = onts[0]
    assert graph.value(ont, OWL.versionInfo) is not None
    assert graph.value(ont, OWL.versionIRI) is not None
    assert {"en", "id"} <= lang_values(graph, ont, DCTERMS.title)
    assert {"en", "id"} <= lang_values(graph, ont, DCTERMS.description)
    assert graph.value(ont, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")


@pytest.mark.parametrize("name", SCHEMA_CLASSES + EXTENSION_CLASSES)
def test_class_declared(name: str) -> None:
    assert (POROS[name], RDF.type, OWL.Class) in load("poros.ttl"), f"poros:{name} is not an owl:Class"


@pytest.mark.parametrize("name", SCHEMA_PROPERTIES + EXTENSION_PROPERTIES)
def test_property_declared(name: str) -> None:
    types = set(load("poros.ttl").objects(POROS[name], RDF.type))
    assert types & PROPERTY_TYPES, f"poros:{name} is not declared as a property"


def test_every_poros_term_of_schema_md_is_declared() -> None:
    if not SCHEMA_MD.is_file():
        pytest.skip("../shared/SCHEMA.md is not beside the project")
    used = set(re.findall(r"\bporos:([A-Za-z][A-Za-z0-9]*)", SCHEMA_MD.read_text(encoding="utf-8")))
    assert used >= set(SCHEMA_CLASSES) | set(SCHEMA_PROPERTIES)
    declared = {str(s).removeprefix(str(POROS)) for s in load("poros.ttl").subjects(RDF.type, None)
                if str(s).startswith(str(POROS))}
    assert used - declared == set()


def test_actor_subclasses() -> None:
    graph = load("poros.ttl")
    for name in ("Person", "State", "Organization"):
        assert (POROS[name], RDFS.subClassOf, POROS.Actor) in graph
    assert (POROS.Place, RDFS.subClassOf, POROS.Actor) not in graph


def test_domains_and_ranges_of_the_core() -> None:
    graph = load("poros.ttl")
    expected = {
        "leaderOf": (POROS.Person, POROS.State),
        "memberOf": (POROS.State, POROS.Organization),
        "source": (POROS.Event, POROS.Actor),
        "target": (POROS.Event, POROS.Actor),
        "location": (POROS.Event, POROS.Place),
        "mentions": (POROS.Document, None),
        "ploverConcept": (POROS.Event, SKOS.Concept),
        "evidenceStart": (POROS.Event, rdflib.XSD.integer),
        "seatOf": (POROS.Place, POROS.State),
    }
    for name, (domain, range_) in expected.items():
        assert graph.value(POROS[name], RDFS.domain) == domain, name
        assert graph.value(POROS[name], RDFS.range) == range_, name
    assert (POROS.capital, OWL.inverseOf, POROS.capitalOf) in graph


def poros_terms() -> list[str]:
    graph = load("poros.ttl")
    kinds = {OWL.Class} | PROPERTY_TYPES
    return sorted({str(s).removeprefix(str(POROS)) for kind in kinds for s in graph.subjects(RDF.type, kind)
                   if str(s).startswith(str(POROS))})


@pytest.mark.parametrize("name", poros_terms())
def test_term_has_labels_and_definitions(name: str) -> None:
    graph = load("poros.ttl")
    assert {"en", "id"} <= lang_values(graph, POROS[name], RDFS.label), f"poros:{name} needs rdfs:label @en and @id"
    assert {"en", "id"} <= lang_values(graph, POROS[name], RDFS.comment), f"poros:{name} needs rdfs:comment @en and @id"


def test_date_comment_names_the_three_datatypes() -> None:
    comment = str(load("poros.ttl").value(POROS.date, RDFS.comment))
    for datatype in ("xsd:date", "xsd:gYearMonth", "xsd:gYear"):
        assert datatype in comment


# --------------------------------------------------------------------------- plover.ttl

def plover_types(graph: rdflib.Graph) -> dict[str, URIRef]:
    return {str(graph.value(c, SKOS.notation)): c for c in graph.subjects(SKOS.inScheme, PLOVER.scheme)
            if graph.value(c, SKOS.broader) is not None}


def test_plover_scheme_has_exactly_the_16_types() -> None:
    graph = load("plover.ttl")
    assert (PLOVER.scheme, RDF.type, SKOS.ConceptScheme) in graph
    types = plover_types(graph)
    assert sorted(types) == sorted(PLOVER_TYPES)
    for notation, concept in types.items():
        assert concept == PLOVER[notation], "a type's IRI is plover: + its notation"
        assert (concept, RDF.type, SKOS.Concept) in graph


def test_plover_notations_match_schema_md() -> None:
    if not SCHEMA_MD.is_file():
        pytest.skip("../shared/SCHEMA.md is not beside the project")
    text = SCHEMA_MD.read_text(encoding="utf-8")
    section = text[text.index("poros:ploverType"):text.index("poros:ploverMode")]
    assert re.findall(r'`"([A-Z]+)"`', section) == PLOVER_TYPES


@pytest.mark.parametrize("notation", PLOVER_TYPES)
def test_plover_type_labels_and_family(notation: str) -> None:
    graph = load("plover.ttl")
    concept = PLOVER[notation]
    assert {"en", "id"} <= lang_values(graph, concept, SKOS.prefLabel)
    assert {"en", "id"} <= lang_values(graph, concept, SKOS.definition)
    families = list(graph.objects(concept, SKOS.broader))
    assert len(families) == 1
    family = families[0]
    assert notation in FAMILIES[str(family).removeprefix(str(PLOVER))]
    assert (family, SKOS.topConceptOf, PLOVER.scheme) in graph
    assert (family, RDF.type, SKOS.Concept) in graph
    assert (family, SKOS.inScheme, PLOVER.scheme) in graph


def test_plover_families() -> None:
    graph = load("plover.ttl")
    tops = {str(c).removeprefix(str(PLOVER)) for c in graph.subjects(SKOS.topConceptOf, PLOVER.scheme)}
    assert tops == set(FAMILIES)
    for family in FAMILIES:
        assert {"en", "id"} <= lang_values(graph, PLOVER[family], SKOS.prefLabel)
        assert {"en", "id"} <= lang_values(graph, PLOVER[family], SKOS.definition)


def test_consult_modes_scheme() -> None:
    graph = load("plover.ttl")
    assert (PLOVER.modes, RDF.type, SKOS.ConceptScheme) in graph
    modes = {str(graph.value(c, SKOS.notation)): c for c in graph.subjects(SKOS.inScheme, PLOVER.modes)}
    assert set(modes) == CONSULT_MODES
    for concept in modes.values():
        assert (concept, RDF.type, SKOS.Concept) in graph
        assert {"en", "id"} <= lang_values(graph, concept, SKOS.prefLabel)
        assert {"en", "id"} <= lang_values(graph, concept, SKOS.definition)


def test_shapes_accept_exactly_the_scheme_strings() -> None:
    """The closed lists in shapes.ttl agree with the notations of plover.ttl."""
    shapes, plover = load("shapes.ttl"), load("plover.ttl")
    type_pattern = re.compile(str(shapes.value(POROS.EventTypeShape, SH.pattern)))
    mode_pattern = re.compile(str(shapes.value(POROS.EventModeShape, SH.pattern)))
    types = set(plover_types(plover))
    modes = {str(plover.value(c, SKOS.notation)) for c in plover.subjects(SKOS.inScheme, PLOVER.modes)}
    assert all(type_pattern.search(t) for t in types)
    assert all(mode_pattern.search(m) for m in modes)
    for wrong in ("consult", "MEET", "CONSULT ", "AGREES", *modes):
        assert not type_pattern.search(wrong)
    for wrong in ("Phone", "email", "phone call", *types):
        assert not mode_pattern.search(wrong)


# --------------------------------------------------------------------------- shapes.ttl

@pytest.mark.parametrize("name", shape_names())
def test_shape_has_message_and_comment(name: str) -> None:
    shapes = load("shapes.ttl")
    assert "en" in lang_values(shapes, POROS[name], SH.message), f"poros:{name} needs an sh:message @en"
    assert "en" in lang_values(shapes, POROS[name], RDFS.comment), f"poros:{name} needs an rdfs:comment @en"
    targets = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
    assert any(shapes.value(POROS[name], t) is not None for t in targets), f"poros:{name} has no target"


def test_shapes_use_only_declared_terms() -> None:
    shapes = load("shapes.ttl")
    declared = set(poros_terms())
    used = {str(o).removeprefix(str(POROS)) for o in shapes.objects() if isinstance(o, URIRef)
            and str(o).startswith(str(POROS))}
    assert used - declared - set(shape_names()) == set()


def test_every_shape_has_an_invalid_example() -> None:
    covered = {expected_shape(p) for p in examples("invalid")}
    assert set(shape_names()) - covered == set()


def test_invalid_examples_name_existing_shapes() -> None:
    assert {expected_shape(p) for p in examples("invalid")} - set(shape_names()) == set()
    assert all("__" in p.stem for p in examples("invalid"))


def test_there_are_valid_examples() -> None:
    assert len(examples("valid")) >= 3


@pytest.mark.parametrize("path", examples("valid"), ids=lambda p: p.stem)
def test_valid_example_conforms(path: Path) -> None:
    conforms, _report, text = validate(path)
    assert conforms, text


@pytest.mark.parametrize("path", examples("valid"), ids=lambda p: p.stem)
def test_valid_example_uses_only_declared_poros_terms(path: Path) -> None:
    data = rdflib.Graph().parse(path, format="turtle")
    used = {str(t).removeprefix(str(POROS)) for triple in data for t in triple
            if isinstance(t, URIRef) and str(t).startswith(str(POROS))}
    assert used - set(poros_terms()) == set()


@pytest.mark.parametrize("path", examples("invalid"), ids=lambda p: p.stem)
def test_invalid_example_breaks_its_shape(path: Path) -> None:
    conforms, report, text = validate(path)
    assert not conforms, f"{path.name} conforms, but should break poros:{expected_shape(path)}"
    # It breaks exactly the shape its name names, and nothing else.
    assert source_shapes(report) == {expected_shape(path)}, text


# --------------------------------------------------------------------------- checks/*.rq

def checks() -> list[Path]:
    return sorted(CHECKS.glob("*.rq"))


def check_header(path: Path, key: str) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"# {key}:"):
            return line.split(":", 1)[1].strip()
    return ""


def run_check(query: Path, data: Path) -> list:
    graph = rdflib.Graph().parse(data, format="turtle")
    rows = list(graph.query(query.read_text(encoding="utf-8")))
    try:
        import pyoxigraph as ox
    except ImportError:  # pragma: no cover - rdflib alone still runs the check
        return rows
    store = ox.Store()
    store.load(path=str(data), format=ox.RdfFormat.TURTLE)
    ox_rows = list(store.query(query.read_text(encoding="utf-8")))
    assert bool(ox_rows) == bool(rows), f"{query.name} on {data.name}: rdflib and Oxigraph disagree"
    return rows


def test_there_are_checks() -> None:
    assert len(checks()) >= 5


@pytest.mark.parametrize("query", checks(), ids=lambda p: p.stem)
def test_check_says_what_it_guards(query: Path) -> None:
    assert check_header(query, "guards"), f"{query.name} needs a '# guards: …' line"
    named = check_header(query, "shapes").split()
    assert named and set(named) <= set(shape_names()), f"{query.name} needs a '# shapes: …' line naming shapes"


@pytest.mark.parametrize("query", checks(), ids=lambda p: p.stem)
@pytest.mark.parametrize("data", examples("valid"), ids=lambda p: p.stem)
def test_check_returns_nothing_on_valid_example(query: Path, data: Path) -> None:
    rows = run_check(query, data)
    assert rows == [], f"{query.name} found {len(rows)} row(s) in {data.name}: {rows[:3]}"


@pytest.mark.parametrize("query", checks(), ids=lambda p: p.stem)
def test_check_catches_the_invalid_examples_of_its_shapes(query: Path) -> None:
    for shape in check_header(query, "shapes").split():
        broken = [p for p in examples("invalid") if expected_shape(p) == shape]
        assert broken, f"no invalid example for {shape}"
        assert any(run_check(query, p) for p in broken), f"{query.name} finds nothing in the {shape} examples"
