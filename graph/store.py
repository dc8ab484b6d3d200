"""The embedded store: one named graph per article on Oxigraph, on disk or in memory.

Writes are transactional: an article's graph is replaced by one SPARQL update (drop the old
graph, insert the new one), which Oxigraph applies whole or not at all.
"""
from __future__ import annotations

import io
import json
import os
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, unquote

import pyoxigraph as ox

from graph import __version__
from graph.errors import QueryError, StoreError, first_line
from graph.files import write_atomically
from graph.rdf.terms import DOC, KB_GRAPH, OWL, PREFIXES, RDF, USER_KB_GRAPH, document_iri
from graph import writes
from graph.writes import WriteLog

STORE_FORMAT = 1
MARKER = "poros-store.json"
JOURNAL = "poros-pending-{}.json"  # graphs a bulk load is adding; dropped when the store opens after a crash
ANSWERS = "poros-answers"  # kept answers of ready questions (graph/kept.py)
MEMORY = "memory"
DEFAULT_STORE = "poros-data"
READ_RETRY_DELAYS = (0.02, 0.04, 0.08, 0.16, 0.32, None)  # opening read-only beside a writer

EXPORT_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
DATASET_FORMATS = {"nquads", "trig", "jsonld"}
_TYPE = RDF + "type"


@dataclass
class Stats:
    documents: int = 0
    actors: dict[str, int] = field(default_factory=dict)
    places: int = 0
    events: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    quads: int = 0


class Store:
    """An Oxigraph store holding poros graphs. Use `open_store` to get one."""

    loads_in_threads = True  # `add_new_graphs` may run in other threads beside this one's reads

    def __init__(self, backend: ox.Store, location: str, read_only: bool = False):
        self._backend = backend
        self.location = location
        self.read_only = read_only
        self.opened_stamp: tuple | None = None  # a read-only handle: `files_stamp` of the data it reads
        self.log: WriteLog | None = None  # a handle writing to a folder: the log of what it writes (graph/writes.py)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.flush()
        if self.log is None:
            self._backend = None
            return
        with writes.turn(Path(self.location) / ANSWERS):
            self._backend = None  # closes the store's files, unless something else still holds them
            self.log.record(files_stamp(Path(self.location)))
            self.log = None

    def flush(self) -> None:
        """Move what was written from memory to the store's files. Oxigraph keeps writes in memory
        buffers until then, so a long ingest flushes now and then to stay in flat memory."""
        if self._backend is not None and self.location != MEMORY and not self.read_only:
            self._backend.flush()

    @property
    def backend(self) -> ox.Store:
        """The Oxigraph store. Of a handle that keeps a write log, its writes are logged as writes
        of anything (the log cannot tell which graphs they touch)."""
        if self.log is not None:
            return _Watched(self._raw, self.log)
        return self._raw

    @property
    def _raw(self) -> ox.Store:
        if self._backend is None:
            raise StoreError("the store is closed")
        return self._backend

    def data_stamp(self) -> tuple | None:
        """What identifies the data this handle reads, or None where nothing does: for a read-only
        handle, the store's files when it opened (its snapshot); for the writing one (the only
        writer), the files as they are now; None for a store in memory."""
        if self.in_memory:
            return None
        if self.read_only:
            return self.opened_stamp
        stamp = files_stamp(Path(self.location))
        if self.log is not None:
            self.log.record(stamp)
        return stamp

    @property
    def in_memory(self) -> bool:
        return self.location == MEMORY

    def answers_dir(self) -> Path | None:
        """The folder of kept answers, or None for a store in memory."""
        return None if self.in_memory else Path(self.location) / ANSWERS

    # writing -------------------------------------------------------------------------------
    def put_article(self, article_id: str, quads: Iterable[ox.Quad]) -> None:
        """Replace the article's named graph with these quads, atomically."""
        self._replace_graph(document_iri(article_id), quads, f"article {article_id!r}")

    def put_article_ntriples(self, article_id: str, ntriples: str) -> None:
        """Replace the article's named graph with these triples (N-Triples text), atomically."""
        self._update_graph(document_iri(article_id), ntriples, f"article {article_id!r}")

    def put_graph(self, graph_iri: str, triples: Iterable[ox.Triple]) -> None:
        """Replace one named graph with these triples, atomically."""
        self._replace_graph(graph_iri, triples, f"graph <{graph_iri}>")

    def add_to_graph(self, graph_iri: str, triples: Iterable[ox.Triple]) -> None:
        """Add triples to a named graph (keeping what it holds), atomically."""
        self._replace_graph(graph_iri, triples, f"graph <{graph_iri}>", drop=False)

    def _replace_graph(self, graph_iri: str, statements: Iterable, what: str, drop: bool = True) -> None:
        """Drop the graph and insert the statements in one SPARQL update: Oxigraph applies it whole
        or not at all, so a failure leaves the graph as it was."""
        body = " ".join(f"{t.subject} {t.predicate} {t.object} ." for t in statements)
        self._update_graph(graph_iri, body, what, drop)

    def _update_graph(self, graph_iri: str, ntriples: str, what: str, drop: bool = True) -> None:
        graph = ox.NamedNode(graph_iri)
        first = f"DROP SILENT GRAPH {graph} ; " if drop else ""
        try:
            with self._writing([graph_iri], drops=drop):
                self._raw.update(f"{first}INSERT DATA {{ GRAPH {graph} {{ {ntriples} }} }}")
        except (SyntaxError, OSError, ValueError) as err:
            raise StoreError(f"could not write {what}: {err}") from None

    @contextmanager
    def _writing(self, graph_iris: list[str], drops: bool = True, everything: bool = False) -> Iterator[None]:
        """Around a write of these graphs: the write log names them, and (when the write `drops`
        what they hold) the terms they hold now."""
        if self.log is None:
            yield
            return
        terms, blank = self._terms_of(graph_iris) if drops else ((), False)
        with self.log.writing(graph_iris, terms, everything or blank):
            yield

    def _terms_of(self, graph_iris: list[str]) -> tuple[set[str], bool]:
        """The IRIs that the graphs (those the store holds) have as subjects and objects, and
        whether they have blank nodes (which a later query cannot name)."""
        held = [g for g in graph_iris if self._raw.contains_named_graph(ox.NamedNode(g))]
        terms = graph_terms(self._raw, held)
        return (set(), True) if terms is None else (terms, False)

    def add_new_graphs(self, graph_iris: list[str], data: bytes | list[ox.Quad]) -> None:
        """Add whole graphs the store does not hold (N-Quads bytes or quads) by Oxigraph's bulk
        loader, several times faster than a transaction. The loader is not atomic: the graphs are
        listed in a journal first, and a store opened after a crash in the middle drops them all
        (they were not there before); a failure drops them at once and raises StoreError."""
        if not graph_iris:
            return
        journal = self._journal(uuid.uuid4().hex)
        if journal:
            write_atomically(journal, lambda out: out.write(json.dumps(graph_iris).encode("utf-8")))
        try:
            with self._writing(graph_iris):
                if isinstance(data, bytes):  # N-Quads that pyoxigraph wrote: valid, no need to check IRIs again
                    self._raw.bulk_load(input=data, format=ox.RdfFormat.N_QUADS, lenient=True)
                else:
                    self._raw.bulk_extend(data)
        except (SyntaxError, OSError, ValueError, RuntimeError) as err:
            self._drop_graphs(graph_iris)  # should this fail too, the journal stays for the next open
            if journal:
                journal.unlink(missing_ok=True)
            count = len(graph_iris)
            raise StoreError(f"could not write {count} graph{'s' * (count != 1)}: {first_line(err)}") from None
        if journal:
            journal.unlink(missing_ok=True)

    def compact(self) -> None:
        """Merge the store's index files into sorted levels (RocksDB's full compaction). Each bulk
        load adds files of its own, and a lookup reads through all of them until they are merged:
        a bulk-loaded store answers lookup-heavy questions 2-3 times faster once compacted."""
        if self.in_memory or self.read_only:
            return
        try:
            self._raw.optimize()
        except OSError as err:
            raise StoreError(f"could not compact the store: {first_line(err)}") from None

    def _journal(self, name: str) -> Path | None:
        return None if self.in_memory else Path(self.location) / JOURNAL.format(name)

    def _drop_graphs(self, graph_iris: list[str]) -> None:
        with self._writing(graph_iris):
            self._raw.update(" ; ".join(f"DROP SILENT GRAPH {ox.NamedNode(iri)}" for iri in graph_iris))

    def recover(self) -> int:
        """Drop the graphs of bulk loads that a crash interrupted (see `add_new_graphs`); how many."""
        pattern = self._journal("*")
        dropped = 0
        for journal in sorted(pattern.parent.glob(pattern.name)) if pattern else ():
            try:
                graph_iris = [str(iri) for iri in json.loads(journal.read_text(encoding="utf-8"))]
            except (ValueError, TypeError, OSError):
                raise StoreError(f"store {self.location} has an unreadable {journal.name}") from None
            if graph_iris:
                self._drop_graphs(graph_iris)
            journal.unlink()
            dropped += len(graph_iris)
        return dropped

    def add_quads(self, quads: list[ox.Quad]) -> None:
        """Add quads to their graphs in one transaction (a bulk load of new graphs)."""
        if not quads:
            return
        graphs = {q.graph_name for q in quads}
        named = sorted(g.value for g in graphs if isinstance(g, ox.NamedNode))
        try:
            with self._writing(named, drops=False, everything=len(named) < len(graphs)):
                self._raw.extend(quads)
        except (OSError, ValueError) as err:
            raise StoreError(f"could not write {len(quads)} statements: {err}") from None

    def holds_graph(self, graph_iri: str) -> bool:
        return self.backend.contains_named_graph(ox.NamedNode(graph_iri))

    def sync_knowledge_base(self, triples: list[ox.Triple], fingerprint: str) -> bool:
        """Put the shipped knowledge base into its graph unless the store already has this version."""
        graph, version = ox.NamedNode(KB_GRAPH), ox.NamedNode(OWL + "versionInfo")
        stamp = ox.Triple(graph, version, ox.Literal(fingerprint))
        if any(True for _ in self.backend.quads_for_pattern(graph, version, stamp.object, graph)):
            return False
        self.put_graph(KB_GRAPH, [*triples, stamp])
        return True

    def put_user_entities(self, name: str, triples: list[ox.Triple]) -> None:
        """Keep a user's own entities (a Turtle file) in the store, under a name; again replaces."""
        self.put_graph(USER_KB_GRAPH + quote(name, safe="-._~"), triples)

    def user_entities(self) -> list[ox.Triple]:
        """Every triple of the users' entity files kept in the store."""
        triples = []
        for graph in self.backend.named_graphs():
            if isinstance(graph, ox.NamedNode) and graph.value.startswith(USER_KB_GRAPH):
                triples.extend(ox.Triple(q.subject, q.predicate, q.object)
                               for q in self.backend.quads_for_pattern(None, None, None, graph))
        return triples

    def remove_article(self, article_id: str) -> bool:
        """Take an article's graph out; False when the store has no such article."""
        graph = ox.NamedNode(document_iri(article_id))
        if not self._raw.contains_named_graph(graph):
            return False
        with self._writing([graph.value]):
            self._raw.remove_graph(graph)
        return True

    def article_ids(self) -> list[str]:
        return sorted(unquote(g.value[len(DOC):]) for g in self.backend.named_graphs()
                      if isinstance(g, ox.NamedNode) and g.value.startswith(DOC))

    # reading -------------------------------------------------------------------------------
    def query(self, sparql: str, substitutions: dict | None = None):
        """Run a SPARQL query over the union of all article graphs; `substitutions` binds variables
        to terms (never pasted into the text)."""
        try:
            return self.backend.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES,
                                      substitutions=substitutions)
        except SyntaxError as err:
            raise QueryError(f"bad SPARQL: {err}") from None
        except (OSError, ValueError, RuntimeError) as err:
            raise QueryError(f"query failed: {err}") from None

    def _quads(self, with_kb: bool):
        for quad in self.backend.quads_for_pattern(None, None, None):
            if with_kb or str(quad.graph_name) != f"<{KB_GRAPH}>":
                yield quad

    def triples(self, with_kb: bool = True) -> list[ox.Triple]:
        """Every distinct triple of the union graph, in a stable order."""
        return list(self._ordered_triples(with_kb))

    def quads(self, with_kb: bool = True) -> list[ox.Quad]:
        """Every quad, by graph, in a stable order."""
        return list(self._ordered_quads(with_kb))

    def _ordered_quads(self, with_kb: bool) -> Iterator[ox.Quad]:
        """The quads sorted by graph, then as `_triple_key` orders triples; one graph in memory at a time."""
        graphs = [*self.backend.named_graphs(), ox.DefaultGraph()]
        for graph in sorted(graphs, key=str):
            if with_kb or str(graph) != f"<{KB_GRAPH}>":
                yield from sorted(self.backend.quads_for_pattern(None, None, None, graph), key=_triple_key)

    def _ordered_triples(self, with_kb: bool) -> Iterator[ox.Triple]:
        """The distinct triples of the union graph sorted by `_triple_key`; one subject in memory at a time."""
        kb = ox.NamedNode(KB_GRAPH)
        subjects = self._subjects()
        for name in sorted(subjects):
            triples = {q.triple for q in self.backend.quads_for_pattern(subjects[name], None, None)
                       if with_kb or q.graph_name != kb}
            yield from sorted(triples, key=_triple_key)

    def _subjects(self) -> dict[str, ox.NamedNode | ox.BlankNode]:
        return {str(row["s"]): row["s"] for row in self.backend.query(
            "SELECT DISTINCT ?s WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")}

    def export(self, fmt: str, with_kb: bool = True) -> bytes:
        """The whole store serialised (the knowledge-base graphs too, unless told not to);
        byte-identical for the same content."""
        buffer = io.BytesIO()
        self.write_export(buffer, fmt, with_kb)
        return buffer.getvalue()

    def write_export(self, output: BinaryIO, fmt: str, with_kb: bool = True) -> None:
        """Write the export to a binary file as it is made: memory holds one graph (N-Quads, TriG,
        JSON-LD) or one subject's triples (Turtle, N-Triples) at a time, not the store."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r} (known: {', '.join(EXPORT_FORMATS)})")
        data = self._ordered_quads(with_kb) if fmt in DATASET_FORMATS else self._ordered_triples(with_kb)
        prefixes = PREFIXES if fmt in ("turtle", "trig") else None
        ox.serialize(data, output, format=EXPORT_FORMATS[fmt], prefixes=prefixes)

    def stats(self) -> Stats:
        stats = Stats()
        stats.documents = self._count("?x a poros:Document")
        stats.actors = {kind: self._count(f"?x a poros:{kind} . ?d poros:mentions ?x")
                        for kind in ("Person", "State", "Organization")}
        stats.places = self._count("?x a poros:Place . ?d poros:mentions ?x")
        for row in self.query("SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a poros:Event ; poros:ploverType ?t } "
                              "GROUP BY ?t ORDER BY ?t"):
            stats.events[row["t"].value] = int(row["n"].value)
        stats.triples = self._count("?s ?p ?o", "?s ?p ?o")
        stats.quads = len(self.backend)
        return stats

    def _count(self, pattern: str, variables: str = "?x") -> int:
        """How many distinct bindings of the variables the pattern has over the union graph."""
        rows = list(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT {variables} WHERE {{ {pattern} }} }}"))
        return int(rows[0]["n"].value)


def graph_terms(backend: ox.Store, graph_iris: Iterable[str]) -> set[str] | None:
    """The IRIs the named graphs have as subjects or objects; None when they have a blank node."""
    names = [str(ox.NamedNode(g)) for g in graph_iris]
    terms: set[str] = set()
    for start in range(0, len(names), 500):
        found = backend.query(f"SELECT DISTINCT ?t WHERE {{ VALUES ?g {{ {' '.join(names[start:start + 500])} }} "
                              "GRAPH ?g { { ?t ?p ?o } UNION { ?s ?p ?t FILTER(!isLiteral(?t)) } } }")
        for row in found:
            if isinstance(row[0], ox.BlankNode):
                return None
            terms.add(row[0].value)
    return terms


def _triple_key(t) -> tuple[str, bool, str, str]:
    return (str(t.subject), t.predicate.value != _TYPE, str(t.predicate), str(t.object))


def open_store(location: str | os.PathLike | None = None, create: bool = True) -> Store:
    """Open (or, with `create`, make) a store directory; "memory" gives a throwaway store, and a
    `sparql+http(s)://` URL a store on a SPARQL server (graph/remote.py)."""
    from graph import remote  # it builds on this module

    location = str(location or os.environ.get("POROS_STORE") or DEFAULT_STORE)
    if remote.is_remote(location):
        return remote.open_remote(location)
    if location == MEMORY:
        return Store(ox.Store(), MEMORY)
    path = Path(location)
    _check_marker(path, create)
    try:
        path.mkdir(parents=True, exist_ok=True)
        with writes.turn(path / ANSWERS):
            stamp = files_stamp(path)  # the data as the last writer left it
            backend = ox.Store(str(path))
    except OSError as err:
        message = str(err)
        if "lock" in message.lower():
            raise StoreError(f"store {path} is in use by another poros process; try again when it has finished") from None
        raise StoreError(f"cannot open store {path}: {message.splitlines()[0] if message else err}") from None
    _write_marker(path)
    store = Store(backend, str(path))
    store.log = WriteLog(path / ANSWERS, stamp)
    try:
        store.recover()
    except StoreError:
        store.close()
        raise
    return store


def open_for_reading(location: str | os.PathLike | None = None) -> Store:
    """A store to read: a snapshot that works while another process writes to it ("memory" is empty)."""
    location = str(location or os.environ.get("POROS_STORE") or DEFAULT_STORE)
    return open_store(MEMORY) if location == MEMORY else open_read_only(location)


def open_read_only(location: str | os.PathLike) -> Store:
    """Open an existing store folder for reading only. Another process may have it open for
    writing (`poros ingest`); this handle sees the data as it was when opened. A
    `sparql+http(s)://` URL gives a store on a SPARQL server that refuses writes."""
    from graph import remote  # it builds on this module

    if remote.is_remote(str(location)):
        return remote.open_remote(str(location), read_only=True)
    path = Path(str(location))
    _check_marker(path, create=False)
    _recover_if_no_writer(path)
    for delay in READ_RETRY_DELAYS:
        try:
            before = files_stamp(path)
            store = Store(ox.Store.read_only(str(path)), str(path), read_only=True)
            # the snapshot is of the data these files hold only if no writer changed them meanwhile
            store.opened_stamp = before if before is not None and files_stamp(path) == before else None
            return store
        except (OSError, RuntimeError) as err:
            # a writer's compaction or bulk load can remove a table file between reading the
            # manifest and opening the table (RocksDB then says "Corruption"); a fresh open a moment
            # later finds the new one
            message = first_line(err)
            if delay is None or "No such file" not in message:
                raise StoreError(f"cannot read store {path}: {message}") from None
            time.sleep(delay)


def files_stamp(path: Path) -> tuple | None:
    """Names, sizes and times of the files RocksDB writes on a commit (logs, manifests, tables):
    any change to the store's data changes them. None when the folder cannot be read."""
    try:
        entries = [e for e in os.scandir(path)
                   if e.name.endswith((".log", ".sst")) or e.name.startswith(("MANIFEST", "CURRENT"))]
        return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries))
    except OSError:
        return None


def _recover_if_no_writer(path: Path) -> None:
    """A bulk load's journal with no writer holding the store is what a crash left: open the store
    for writing, which drops the graphs of that load, so a reader never sees half of them. With a
    writer at work the journals are its loads in progress, and the reader reads as it can."""
    if not any(path.glob(JOURNAL.format("*"))):
        return
    try:
        open_store(path, create=False).close()
    except StoreError:
        pass  # in use by a writer, which owns the journals


def _check_marker(path: Path, create: bool) -> None:
    marker = path / MARKER
    if path.exists() and not path.is_dir():
        raise StoreError(f"store {path} is a file, not a directory")
    if marker.is_file():
        try:
            version = int(json.loads(marker.read_text(encoding="utf-8"))["format"])
        except (ValueError, KeyError, TypeError, OSError):
            raise StoreError(f"store {path} has an unreadable {MARKER}") from None
        if version > STORE_FORMAT:
            raise StoreError(f"store {path} has format {version}, newer than this poros understands "
                             f"({STORE_FORMAT}); upgrade poros")
        return
    if path.is_dir() and any(path.iterdir()):
        raise StoreError(f"{path} is not a poros store (it has no {MARKER}); choose an empty or new directory")
    if not create:
        raise StoreError(f"no store at {path}; create one with `poros ingest --store {path} ARTICLES`")


def _write_marker(path: Path) -> None:
    marker = path / MARKER
    if not marker.exists():
        marker.write_text(json.dumps({"format": STORE_FORMAT, "created_by": f"poros {__version__}"}) + "\n",
                          encoding="utf-8")



class _Watched:
    """An Oxigraph store whose writes the write log records as writes of anything."""

    _WRITES = frozenset({"add", "add_graph", "bulk_extend", "bulk_load", "clear", "clear_graph", "extend", "load",
                         "remove", "remove_graph", "update"})

    def __init__(self, backend: ox.Store, log: WriteLog):
        self._backend, self._log = backend, log

    def __getattr__(self, name: str):
        found = getattr(self._backend, name)
        if name not in self._WRITES:
            return found

        def write(*args, **kwargs):
            with self._log.writing((), everything=True):
                return found(*args, **kwargs)
        return write

    def __len__(self) -> int:  # Store.stats counts the quads
        return len(self._backend)
