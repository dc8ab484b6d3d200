"""Putting extracted articles into a store, in input order.

Each article replaces its graph in a transaction of its own. In bulk mode, articles the store
does not hold yet gather into batches that Oxigraph's bulk loader writes instead (see
`Store.add_new_graphs`: several times faster); an article the store holds is still replaced in
its own transaction. Outcomes come back in input order once written, so what a run reports as
ingested is in the store.

Bulk mode is for big loads: the bulk loader makes the store compact often, and a reader opened
meanwhile (`poros query`, `poros serve`) can find a table file gone and has to try again.
"""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import pyoxigraph as ox

from graph.errors import PorosError
from graph.model import Problem
from graph.parallel import Extracted, Outcome
from graph.rdf.terms import document_iri
from graph.store import Store

BATCH_QUADS = 50_000  # statements of new articles per bulk load
FIRST_BATCH_QUADS = 1_000  # the first batches are smaller, doubling: a run shows its first articles soon
LOADERS = min(4, max(2, os.cpu_count() or 2))  # bulk loads at once: each runs outside the GIL
FLUSH_BYTES = 32 * 1024 * 1024  # N-Triples written by transactions between flushes of the store's buffers


@dataclass
class _Loading:
    """A batch handed to a loader thread, and the outcomes that wait for it, in input order."""

    future: Future
    graphs: list[str]
    outcomes: list[Outcome]


class ArticleWriter:
    """Writes the outcomes of extraction into a store; `put`, `finish` and `close` give back the
    outcomes now written, in input order, with a Problem in place of an article the store refused."""

    def __init__(self, store: Store, bulk: bool = False, batch_quads: int = BATCH_QUADS):
        self.store = store
        self.bulk = bulk
        self.batch_quads = batch_quads
        self._limit = min(FIRST_BATCH_QUADS, batch_quads)
        self._waiting: list[Outcome] = []  # in input order, behind the batches being loaded
        self._batch: dict[str, bytes] = {}  # graph IRI -> the article's N-Quads
        self._batch_quads = 0
        self._loading: deque[_Loading] = deque()
        self._pending: set[str] = set()  # graphs of the batch and of the batches being loaded
        self._loaders: ThreadPoolExecutor | None = None
        self._unflushed = 0
        self.bulk_loaded = 0  # graphs written by the bulk loader

    def put(self, outcome: Outcome) -> list[Outcome]:
        released: list[Outcome] = []
        if isinstance(outcome, Extracted):
            graph = document_iri(outcome.article.id)
            if not self.bulk or graph in self._pending or self.store.holds_graph(graph):
                return [*self.finish(), self._replace(outcome)]
            self._batch[graph] = _as_nquads(outcome.ntriples, graph)
            self._batch_quads += outcome.ntriples.count("\n")
            self._pending.add(graph)
        self._waiting.append(outcome)
        if self._batch_quads >= self._limit:
            released = self._submit()
        return released + self._collect()

    def finish(self) -> list[Outcome]:
        """Write the batch and wait for every load; everything waiting is given back."""
        released = self._submit() if self._batch else []
        return released + self._collect(wait=True)

    def close(self) -> list[Outcome]:
        """Finish, and stop the loader threads."""
        released = self.finish()
        if self._loaders:
            self._loaders.shutdown()
            self._loaders = None
        return released

    def _submit(self) -> list[Outcome]:
        """Hand the batch to a loader thread (waiting for the oldest load when all are busy)."""
        released = self._settle(self._loading.popleft()) if len(self._loading) >= LOADERS else []
        graphs = list(self._batch)
        future = self._load(graphs, b"".join(self._batch.values()))
        self._loading.append(_Loading(future, graphs, self._waiting))
        self._waiting, self._batch, self._batch_quads = [], {}, 0
        self._limit = min(2 * self._limit, self.batch_quads)
        return released

    def _load(self, graphs: list[str], data: bytes) -> Future:
        """Start the bulk load in a loader thread, or (a store that takes one request at a time)
        run it here."""
        if self.store.loads_in_threads:
            if self._loaders is None:
                self._loaders = ThreadPoolExecutor(LOADERS, thread_name_prefix="poros-bulk-load")
            return self._loaders.submit(self.store.add_new_graphs, graphs, data)
        done: Future = Future()
        try:
            self.store.add_new_graphs(graphs, data)
            done.set_result(None)
        except PorosError as err:
            done.set_exception(err)
        return done

    def _collect(self, wait: bool = False) -> list[Outcome]:
        """The outcomes of the loads done (of all, with `wait`), in order; then what waits behind
        them when nothing is left to load."""
        released: list[Outcome] = []
        while self._loading and (wait or self._loading[0].future.done()):
            released += self._settle(self._loading.popleft())
        if not self._loading and not self._batch:
            released += self._waiting
            self._waiting = []
        return released

    def _settle(self, loading: _Loading) -> list[Outcome]:
        self._pending.difference_update(loading.graphs)
        try:
            loading.future.result()
            self.bulk_loaded += len(loading.graphs)
            return loading.outcomes
        except PorosError:  # the bulk load wrote nothing: one by one, each failure on its own article
            return [self._replace(o) if isinstance(o, Extracted) else o for o in loading.outcomes]

    def _replace(self, extracted: Extracted) -> Outcome:
        article = extracted.article
        try:
            self.store.put_article_ntriples(article.id, extracted.ntriples)
        except PorosError as err:
            return Problem(article.origin or article.id, str(err))
        self._unflushed += len(extracted.ntriples)
        if self._unflushed > FLUSH_BYTES:
            self.store.flush()  # keeps memory flat over a long run (see Store.flush)
            self._unflushed = 0
        return extracted


def _as_nquads(ntriples: str, graph_iri: str) -> bytes:
    """N-Triples text as N-Quads in the graph; a line of N-Triples ends with " .\\n" and holds no
    other line break (literals escape theirs)."""
    return ntriples.replace(" .\n", f" {ox.NamedNode(graph_iri)} .\n").encode("utf-8")
