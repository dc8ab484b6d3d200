"""SHACL validation of a graph against the poros shapes (ontology/shapes.ttl)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import rdflib

from graph.errors import PorosError, first_line
from graph.resources import ontology_dir

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    shape: str
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.focus}{where}: {self.message} [{self.shape}]"


@lru_cache(maxsize=1)
def _shapes_and_ontology() -> tuple[rdflib.Graph, rdflib.Graph]:
    folder = ontology_dir()
    shapes = rdflib.Graph().parse(folder / "shapes.ttl", format="turtle")
    ontology = rdflib.Graph()
    for name in ("poros.ttl", "plover.ttl"):
        ontology.parse(folder / name, format="turtle")
    return shapes, ontology


def validate_graph(data: rdflib.Graph) -> list[Violation]:
    """Every violation of the poros shapes in `data` (empty when it conforms)."""
    import pyshacl

    shapes, ontology = _shapes_and_ontology()
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology,
                                           inference="none", advanced=True, allow_warnings=True)
    if conforms:
        return []
    return sorted(_violations(report), key=str)


def _violations(report: rdflib.Graph) -> list[Violation]:
    found = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        found.append(Violation(
            shape=_short(report.value(result, SH.sourceShape)),
            focus=_short(report.value(result, SH.focusNode)),
            path=_short(report.value(result, SH.resultPath)),
            message=str(report.value(result, SH.resultMessage) or "violates a shape"),
        ))
    return found


def _short(term) -> str:
    if term is None:
        return ""
    from graph.rdf.terms import PREFIXES

    text = str(term)
    for name, iri in PREFIXES.items():
        if text.startswith(iri):
            return f"{name}:{text[len(iri):]}"
    return text


GRAPH_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld",
                 ".json": "json-ld", ".rdf": "xml", ".owl": "xml"}


def load_graph_file(path: Path) -> rdflib.Graph:
    """A graph file (any RDF format by extension) as one graph: the union of its named graphs."""
    fmt = GRAPH_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PorosError(f"{path}: unknown graph format '{path.suffix}' (known: {', '.join(sorted(GRAPH_FORMATS))})")
    dataset = rdflib.Dataset(default_union=True)
    try:
        dataset.parse(path, format=fmt)
    except FileNotFoundError:
        raise PorosError(f"{path}: no such file") from None
    except Exception as err:  # rdflib's parsers raise many kinds
        raise PorosError(f"{path}: not valid {fmt}: {first_line(err)}") from None
    union = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def graph_from_ntriples(data: bytes) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=data, format="nt")
    return graph
