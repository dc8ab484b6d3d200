"""Extraction in a pool of worker processes, results back in input order.

The main process reads the inputs and writes the store (the store has one writer); workers only
extract. Each worker builds the knowledge base once, from the triples the main process gives it,
and returns each article's graph as N-Triples text, which the store takes without building terms
again. At most a few chunks per worker are in flight, so memory stays flat however long the input.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

import pyoxigraph as ox

from graph.errors import PorosError
from graph.kb import KnowledgeBase, build_knowledge_base
from graph.model import Article, Extraction, Problem
from graph.pipeline import extract_article
from graph.rdf.build import article_ntriples, article_quads

CHUNK = 16  # articles per task: large enough to pay for the hand-over, small enough to keep order cheap
IN_FLIGHT_PER_WORKER = 4
T = TypeVar("T")


@dataclass(frozen=True)
class Extracted:
    """One article's graph, ready for the store, and what the run summary counts of it."""

    article: Article
    ntriples: str  # the article's triples, one per line, N-Triples
    events: int
    actors: frozenset[str]
    places: frozenset[str]


Outcome = Extracted | Problem


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def extract_quads(article: Article, kb: KnowledgeBase, debug: bool = False) -> tuple[Extraction, list[ox.Quad]] | Problem:
    """An article's extraction and its quads, or the problem that stopped it."""
    return _extracted(article, kb, debug, article_quads)


def _extracted(article: Article, kb: KnowledgeBase, debug: bool,
               statements: Callable[[Extraction], T]) -> tuple[Extraction, T] | Problem:
    try:
        extraction = extract_article(article, kb)
        return extraction, statements(extraction)
    except PorosError as err:
        return Problem(article.origin or article.id, str(err))
    except Exception as err:  # a bug must not lose the other articles of the run
        detail = traceback.format_exc() if debug else f"{type(err).__name__}: {err}"
        return Problem(article.origin or article.id, f"internal error while extracting ({detail.strip()})")


def extract_one(article: Article, kb: KnowledgeBase, debug: bool = False) -> Outcome:
    """Extract an article into N-Triples text, or say why it could not be."""
    done = _extracted(article, kb, debug, article_ntriples)
    if isinstance(done, Problem):
        return done
    extraction, text = done
    places = frozenset(m.entity for m in extraction.mentions if m.kind == "Place")
    actors = frozenset(m.entity for m in extraction.mentions if m.kind != "Place")
    return Extracted(article, text, len(extraction.events), actors, places)


def extract_in_order(items: Iterable[Article | Problem], kb: KnowledgeBase, jobs: int,
                     debug: bool = False) -> Iterator[Outcome]:
    """Every input's outcome, in input order; problems met while reading keep their place."""
    context = multiprocessing.get_context("spawn")  # no fork of a process that holds the open store
    payload = ox.serialize(kb.triples, format=ox.RdfFormat.N_TRIPLES)
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                             initargs=(payload, kb.files, debug)) as pool:
        pending: deque[tuple[list[Article | Problem], Future | None]] = deque()
        try:
            for chunk in _chunks(items):
                articles = [item for item in chunk if isinstance(item, Article)]
                pending.append((chunk, pool.submit(_extract_chunk, articles) if articles else None))
                while len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                    yield from _in_place(*pending.popleft())
            while pending:
                yield from _in_place(*pending.popleft())
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _chunks(items: Iterable[Article | Problem]) -> Iterator[list[Article | Problem]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _in_place(chunk: list[Article | Problem], future: Future | None) -> Iterator[Outcome]:
    """The chunk's outcomes: each article's extraction where the article was, problems as they were."""
    done = iter(future.result() if future is not None else [])
    for item in chunk:
        yield next(done) if isinstance(item, Article) else item


# in the worker process -------------------------------------------------------------------------

_worker_kb: KnowledgeBase | None = None
_worker_debug = False


def _start_worker(payload: bytes, files, debug: bool) -> None:
    global _worker_kb, _worker_debug
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    triples = [ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(payload, format=ox.RdfFormat.N_TRIPLES)]
    _worker_kb = build_knowledge_base(triples, tuple(files))
    _worker_debug = debug


def _extract_chunk(articles: list[Article]) -> list[Outcome]:
    assert _worker_kb is not None, "worker started without a knowledge base"
    return [extract_one(article, _worker_kb, _worker_debug) for article in articles]


def _die_with_parent() -> None:
    """Ask Linux to end this worker when the main process dies (a killed `poros ingest` leaves no
    orphans behind)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)
