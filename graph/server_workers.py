"""The worker processes of `poros serve`: each runs SPARQL on the store and can be killed.

`graph.server` explains the design. A worker is a fresh Python process (`main`) that talks to
the server over a socket pair: it gets a `Job`, answers with an `Answer` (status, bytes, media
type). It reads the store through a read-only handle, reopened when the store's files change, and
opens it for writing only to apply an update. Where the kernel allows it, the worker first moves
into its own empty network namespace, so that no query can make it reach any other server.
"""
from __future__ import annotations

import ctypes
import resource
import signal
import socket
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from graph.errors import PorosError, QueryError, StoreError
from graph.rdf.terms import PREFIXES
from graph.store import files_stamp, open_read_only, open_store

TEXT = "text/plain; charset=utf-8"
RESULT_FORMATS = {  # media type -> format, preferred first
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
GRAPH_FORMATS = {
    "text/turtle": "TURTLE", "application/x-turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES",
    "application/ld+json": "JSON_LD", "application/rdf+xml": "RDF_XML",
}
STARTUP_SECONDS = 60.0
NO_MEMORY = 3  # a worker's exit status when a query ran out of memory
RETRY_PAUSES = (0.02, 0.05, 0.1, 0.2, 0.4)  # seconds before each retry on a changing store
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000


@dataclass(frozen=True)
class Settings:
    store: str
    max_results: int
    max_memory: int = 0  # bytes of address space a worker may use (0: no limit)


@dataclass(frozen=True)
class Job:
    kind: str  # "query", "update" or "view"
    text: str = ""  # the SPARQL
    accept: str = ""  # the request's Accept header
    view: tuple = ()  # (Narrowing, ViewStyle) for "view"


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    media_type: str = TEXT
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str, **headers: str) -> Answer:
        return cls(status, (" ".join(message.split()) + "\n").encode("utf-8"), TEXT, headers)


class WorkerGone(Exception):
    """The worker process ended (`timed_out` False) or took too long and was killed."""

    def __init__(self, message: str, timed_out: bool, exit_code: int | None = None):
        super().__init__(message)
        self.timed_out = timed_out
        self.exit_code = exit_code


# the server's side ----------------------------------------------------------------------------

class Worker:
    """One worker process, started and stopped from the server."""

    def __init__(self, settings: Settings):
        ours, theirs = socket.socketpair()
        code = "import sys; from graph.server_workers import main; main(int(sys.argv[1]))"
        self.process = subprocess.Popen([sys.executable, "-c", code, str(theirs.fileno())],
                                        pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        theirs.close()
        self.connection = Connection(ours.detach())
        self.connection.send(settings)
        self.sandboxed, problem = self._receive(STARTUP_SECONDS)
        if problem:
            self.kill()
            raise StoreError(problem)

    def ask(self, job: Job, timeout: float) -> Answer:
        """The worker's answer; WorkerGone (and the worker killed) when it takes over `timeout`."""
        try:
            self.connection.send(job)
        except OSError:
            self.kill()
            raise WorkerGone("the query worker stopped", timed_out=False) from None
        return self._receive(timeout)

    def _receive(self, timeout: float):
        try:
            ready = self.connection.poll(timeout)
            if ready:
                return self.connection.recv()
        except (EOFError, OSError):
            ready = True
        self.kill()
        if ready:
            raise WorkerGone("the query worker stopped", timed_out=False, exit_code=self.process.returncode)
        raise WorkerGone(f"no answer within {timeout:g} s", timed_out=True)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.connection.close()


# the worker's side ----------------------------------------------------------------------------

def main(fd: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops the workers
    sandboxed = _isolate_network()
    connection = Connection(fd)
    settings: Settings = connection.recv()
    if settings.max_memory:
        resource.setrlimit(resource.RLIMIT_AS, (settings.max_memory, settings.max_memory))
    reader = _Reader(settings.store)
    try:
        reader.store()
        connection.send((sandboxed, ""))
    except PorosError as err:
        connection.send((sandboxed, str(err)))
        return
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer = run(job, reader, settings)
        except MemoryError:
            raise SystemExit(NO_MEMORY) from None
        except Exception as err:  # noqa: BLE001 (a bug: answer it rather than leave the server waiting)
            traceback.print_exc()
            answer = Answer.error(500, f"the query failed: {type(err).__name__}")
        connection.send(answer)


def _isolate_network() -> bool:
    """Move this (single-threaded) process into new user and network namespaces: it then has no
    network at all. False where the kernel or a container forbids it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0
    except (OSError, AttributeError):
        return False


class _Reader:
    """A read-only handle on the store, reopened when the store's files have changed."""

    def __init__(self, location: str):
        self.location = location
        self._store = None
        self._stamp: tuple = ()

    def store(self, fresh: bool = False):
        stamp = self._files()
        if fresh or self._store is None or stamp != self._stamp:
            self._store = None
            try:
                self._store, self._stamp = open_read_only(self.location), stamp
            except RuntimeError as err:  # RocksDB: a table removed by a writer's compaction meanwhile
                raise _StaleStore(str(err).splitlines()[0]) from None
        return self._store

    def _files(self) -> tuple:
        return files_stamp(Path(self.location)) or (time.monotonic(),)  # unreadable: reopen


def run(job: Job, reader: _Reader, settings: Settings) -> Answer:
    """Run one job; a failure on a stale handle (a table removed under it by a writer's compaction)
    is retried with a fresh handle a few times."""
    fresh = False
    try:
        for pause in RETRY_PAUSES:
            try:
                return _run(job, reader.store(fresh), settings)
            except _StaleStore:
                time.sleep(pause)
                fresh = True
        return _run(job, reader.store(fresh), settings)
    except _StaleStore as err:
        return Answer.error(503, f"the store changed while reading it; try again ({err})", **{"Retry-After": "1"})
    except PorosError as err:
        return Answer.error(400, str(err))


class _StaleStore(Exception):
    pass


def _run(job: Job, store, settings: Settings) -> Answer:
    try:
        if job.kind == "update":
            return _update(job.text, settings.store)
        if job.kind == "view":
            return _view(store, *job.view)
        return _query(store, job, settings.max_results)
    except (OSError, RuntimeError) as err:
        _raise_if_stale(err)
        return Answer.error(500, f"the store failed: {str(err).splitlines()[0] if str(err) else err}")


def _raise_if_stale(err: Exception) -> None:
    """RocksDB's complaint about a table a writer's compaction removed under a read-only handle."""
    if "No such file" in str(err) or "Corruption" in str(err):
        raise _StaleStore(str(err).splitlines()[0]) from None


def _query(store, job: Job, limit: int) -> Answer:
    try:
        result = store.query(job.text)
        if isinstance(result, ox.QueryBoolean):
            return _boolean(result, job.accept)
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, job.accept, limit)
        return _triples(result, job.accept, limit)
    except QueryError as err:
        _raise_if_stale(err)
        raise


def _boolean(result: ox.QueryBoolean, accept: str) -> Answer:
    media_type = negotiate(accept, RESULT_FORMATS)
    if media_type is None:
        return _not_acceptable(RESULT_FORMATS)
    return Answer(200, result.serialize(format=_result_format(media_type)), _with_charset(media_type))


def _solutions(result: ox.QuerySolutions, accept: str, limit: int) -> Answer:
    media_type = negotiate(accept, RESULT_FORMATS)
    if media_type is None:
        return _not_acceptable(RESULT_FORMATS)
    names = [v.value for v in result.variables]
    rows = _take(result, limit, "rows")
    if isinstance(rows, Answer):
        return rows
    # QuerySolutions has no constructor: write the kept rows as TSV (terms in N-Triples syntax) and
    # let pyoxigraph read them back and write the wanted format.
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join(_tsv_term(row[n]) for n in names) for row in rows]
    kept = ox.parse_query_results("\n".join(lines) + "\n", format=ox.QueryResultsFormat.TSV)
    return Answer(200, kept.serialize(format=_result_format(media_type)), _with_charset(media_type))


def _triples(result: ox.QueryTriples, accept: str, limit: int) -> Answer:
    media_type = negotiate(accept, GRAPH_FORMATS)
    if media_type is None:
        return _not_acceptable(GRAPH_FORMATS)
    triples = _take(result, limit, "triples")
    if isinstance(triples, Answer):
        return triples
    rdf_format = getattr(ox.RdfFormat, GRAPH_FORMATS[media_type])
    prefixes = PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None
    body = ox.serialize(triples, format=rdf_format, prefixes=prefixes)
    return Answer(200, body, _with_charset(rdf_format.media_type))


def _take(items, limit: int, what: str) -> list | Answer:
    kept = []
    for item in items:
        if len(kept) == limit:
            return Answer.error(422, f"the result has more than {limit:,} {what} (the server's --max-results); "
                                     "add a LIMIT or narrow the query")
        kept.append(item)
    return kept


def _tsv_term(term) -> str:
    return "" if term is None else str(term).replace("\t", "\\t")


def _update(text: str, location: str) -> Answer:
    try:
        store = open_store(location, create=False)
    except StoreError as err:
        return Answer.error(503, str(err), **{"Retry-After": "5"})
    with store:
        try:
            store.backend.update(text, prefixes=PREFIXES)
        except SyntaxError as err:
            return Answer.error(400, f"bad SPARQL update: {err}")
    return Answer(204, b"")


def _view(store, narrowing, style) -> Answer:
    from graph.view import make_view

    page = make_view(store.query, narrowing, style)
    return Answer(200, page.html.encode("utf-8"), "text/html; charset=utf-8")


def _not_acceptable(offers: dict[str, str]) -> Answer:
    return Answer.error(406, f"no acceptable format for this result; ask for one of {', '.join(offers)}")


def _result_format(media_type: str) -> ox.QueryResultsFormat:
    return getattr(ox.QueryResultsFormat, RESULT_FORMATS[media_type])


def _with_charset(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def negotiate(accept: str, offers: dict[str, str]) -> str | None:
    """The offered media type the Accept header likes best (the first offer when it says nothing);
    None when it accepts none of them."""
    ranges = _accept_ranges(accept)
    if not ranges:
        return next(iter(offers))
    best, best_q = None, 0.0
    for offer in offers:
        q = _quality(offer, ranges)
        if q > best_q:
            best, best_q = offer, q
    return best


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        if not media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def _quality(offer: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range that matches the offer."""
    kind = offer.split("/")[0]
    for pattern in (offer, f"{kind}/*", "*/*"):
        matching = [q for media, q in ranges if media == pattern]
        if matching:
            return max(matching)
    return 0.0
