"""Restore a backup: an N-Quads or TriG file (what `poros export --format nquads|trig` writes) put
back graph by graph. A named graph the store holds is replaced in one transaction; new graphs go in
by batches, a transaction each or (bulk) by the bulk loader, whose batch a crash interrupts is
dropped when the store opens again. So an interrupted restore leaves whole graphs, and running it
again completes it.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import pyoxigraph as ox

from graph.errors import InputError, first_line
from graph.rdf.terms import DOC
from graph.store import Store

DATASET_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}


@dataclass
class Restored:
    articles: int = 0
    other_graphs: int = 0
    default_graph_triples: int = 0  # a backup of poros never has any; they are left out


BATCH_QUADS = 50_000  # quads of new graphs written per batch (a transaction or a bulk load)


def restore(store: Store, path: Path, bulk: bool = False) -> Restored:
    """Put every named graph of the dataset file into the store, replacing graphs of the same name.

    Graphs the store does not hold yet (a fresh store, shards of `poros extract --engine dask`) go
    in by batches of whole graphs, one transaction each or, with `bulk`, through the bulk loader
    (`Store.add_new_graphs`: faster; a crash drops the batch it interrupted); a graph the store
    holds is replaced on its own, in one transaction."""
    done = Restored()
    seen: set[str] = set()
    held: set[str] = set()  # graphs the store held before: replaced in a transaction, not bulk-loaded
    batch: dict[str, list[ox.Quad]] = {}
    size = 0
    for graph, quads in groupby(_quads(path), key=lambda q: q.graph_name):
        if not isinstance(graph, ox.NamedNode):
            done.default_graph_triples += sum(1 for _ in quads)
            continue
        iri, first = graph.value, graph.value not in seen
        if first and store.holds_graph(iri) or iri in held:
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
            store.put_graph(iri, triples) if first else store.add_to_graph(iri, triples)
            held.add(iri)
        else:  # new to the store, or more of a new graph this file began
            group = batch.setdefault(iri, [])
            before = len(group)
            group.extend(quads)
            size += len(group) - before
        if first:
            seen.add(iri)
            done.articles += iri.startswith(DOC)
            done.other_graphs += not iri.startswith(DOC)
        if size >= BATCH_QUADS:
            _add_new(store, batch, bulk)
            batch, size = {}, 0
    _add_new(store, batch, bulk)
    return done


def _add_new(store: Store, batch: dict[str, list[ox.Quad]], bulk: bool) -> None:
    quads = [quad for group in batch.values() for quad in group]
    if bulk:
        store.add_new_graphs(list(batch), quads)
    else:
        store.add_quads(quads)
        store.flush()  # keeps memory flat over a long file (see Store.flush)


def rdf_1_2(statement: ox.Quad | ox.Triple) -> bool:
    """Whether a statement uses what RDF 1.2 adds (a triple term, a directional language string):
    poros never writes them, and the SHACL check (rdflib) cannot read them."""
    return any(isinstance(term, ox.Triple) or (isinstance(term, ox.Literal) and term.direction is not None)
               for term in (statement.subject, statement.object))


def _quads(path: Path) -> Iterator[ox.Quad]:
    try:
        for quad in ox.parse(path=str(path), format=DATASET_FORMATS[path.suffix.lower()]):
            if rdf_1_2(quad):
                raise InputError(f"{path}: not a poros backup: it holds an RDF 1.2 triple term or directional "
                                 f"language string (in a statement about {quad.subject})")
            yield quad
    except (SyntaxError, ValueError) as err:
        raise InputError(f"{path}: not a valid {path.suffix} backup: {first_line(err)}") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
