"""Extraction on a Dask cluster: article files in, one N-Quads shard per partition out.

The client plans the run. It expands folders into article files (a .jsonl file is one unit of
work), looks every text or HTML file up in its folder's manifest, and splits the files, in their
order, into contiguous partitions of about equal size in bytes, so the same inputs and partition
count always give the same partitions. Each partition is one task: its worker process loads the
knowledge base once (cached for the next tasks), extracts every article of its files and writes
the shard `part-00000.nq`, ... itself, through a temporary name then renamed, so a failed task
never leaves half a shard. Only a small summary goes back to the client, never the triples.

Workers read the inputs and write the shards themselves: on a cluster of several machines the
inputs and the output directory must be on storage that the client and every worker see under
the same path, and every worker needs the same poros installed (a worker whose knowledge base
differs from the client's refuses to work).

The union of the shards holds exactly the quads of `poros extract` of the same inputs into one
file: each article's named graph once (a later article with the same id replaces an earlier one,
so an earlier shard holding it is rewritten without it), plus a `kb.nq` shard, written by the
client, with the graphs that are not extracted: the user's entity files, the graphs of backups
among the inputs and, when asked, the knowledge base the articles were read with.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import ClusterError, InputError, PorosError, first_line
from graph.files import write_atomically
from graph.ingest import (
    ENTITY_SUFFIXES,
    KEPT_PROBLEMS,
    RunReport,
    prepare_knowledge_base,
)
from graph.kb import KnowledgeBase, extended, load_knowledge_base, turtle_files
from graph.model import Article, Extraction, Problem
from graph.parallel import extract_quads
from graph.read import READERS, article_files, read_file
from graph.read.manifest import ManifestCache
from graph.restore import DATASET_FORMATS, restore
from graph.store import open_store

LOCAL = "local"  # the scheduler "address" of a LocalCluster started (and closed) for the run
CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler and to see its first worker
KB_SHARD = "kb.nq"
INSTALL_HINT = "pip install 'poros[dask]'"
_SHARD_NAME = r"(?:part-\d{5,}|kb)\.nq"
_OURS = re.compile(rf"{_SHARD_NAME}|\.{_SHARD_NAME}\.[0-9a-f]{{32}}\.tmp")
_DIGEST_SIZE = 16
_NQUADS = ox.RdfFormat.N_QUADS
# no dashboard, and the scheduler's small web server on any free port (not 8787, maybe taken)
_NO_DASHBOARD: dict[str, Any] = {"dashboard_address": ":0", "scheduler_kwargs": {"dashboard": False}}

Progress = Callable[[int, int], None]  # (partitions done, partitions)


@dataclass(frozen=True)
class Unit:
    """One article file: where workers read it (absolute), how messages name it (as given), its
    manifest record, and its size (to balance the partitions)."""

    path: str
    shown: str
    metadata: dict | None = None
    size: int = 1


@dataclass
class Plan:
    """What the client makes of the inputs before any task runs."""

    units: list[Unit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # inputs refused at once (missing, unknown format)
    entity_files: list[Path] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)


@dataclass
class PartResult:
    """What a partition task sends back: its shard (None when no article went in), its counts and
    first problems, and a digest of each article graph the shard holds."""

    shard: str | None
    tally: RunReport
    graphs: bytes = b""


@dataclass
class ShardReport:
    """What one distributed extraction did."""

    articles: int = 0
    entity_files: int = 0
    restored: int = 0  # article graphs put back from backups among the inputs
    refused: int = 0
    problems: list[Problem] = field(default_factory=list)  # the first KEPT_PROBLEMS of them
    actors: int = 0
    places: int = 0
    events: int = 0
    shards: list[Path] = field(default_factory=list)
    partitions: int = 0
    seconds: float = 0.0

    def summary(self, verb: str = "extracted") -> str:
        refused = f", {self.refused} refused" if self.refused else ""
        files = f", {self.entity_files} entity file{'s' * (self.entity_files != 1)}" if self.entity_files else ""
        files += f", {self.restored} restored from backup" if self.restored else ""
        return (f"{verb} {self.articles} article{'s' * (self.articles != 1)}{files}{refused}: "
                f"{self.actors} actors, {self.places} places, {self.events} events "
                f"into {len(self.shards)} shard{'s' * (len(self.shards) != 1)} in {self.seconds:.2f} s")


# the run ---------------------------------------------------------------------------------------

def extract_to_shards(paths: Iterable[str | Path], out_dir: str | Path, scheduler: str,
                      partitions: int | None = None, kb_paths: Iterable[str | Path] = (),
                      with_kb: bool = False, progress: Progress | None = None,
                      debug: bool = False) -> ShardReport:
    """Extract every article under `paths` on the Dask cluster at `scheduler` (`tcp://host:8786`,
    or `local` for a cluster of this machine's cores, one single-threaded process each) into
    N-Quads shards in `out_dir`: `part-00000.nq`, ... one per partition of the input files, and
    `kb.nq` for the entity files of `kb_paths` (and the knowledge base itself with `with_kb`).

    `out_dir` is created; one holding anything but shards is refused, and the shards of an
    earlier run in it are replaced. On a cluster of several machines the inputs and `out_dir` must
    be on storage shared by the client and all workers. `partitions` defaults to twice the
    cluster's worker threads (at most one per file).
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    _dask()  # fail before reading anything when Dask is missing
    plan = plan_inputs(paths, kb_paths)
    earlier = check_output(out_dir)
    where = out_dir.absolute()  # workers need not share the client's working directory
    with connect(scheduler) as client:
        _clear(out_dir, earlier)
        base, entities, fingerprint = write_base_shard(plan, where, with_kb)
        parts = assign(plan.units, partitions or default_partitions(client, len(plan.units)))
        results = run_partitions(client, parts, where, entities, fingerprint, progress, debug)
        shards = drop_superseded(client, [base, *results])
    _clear(out_dir, [p for p in out_dir.glob(".*.tmp") if _OURS.fullmatch(p.name)])  # of a task retried elsewhere
    report = _report(plan, base, results)
    report.shards, report.partitions = [out_dir / shard.name for shard in shards], len(parts)
    report.seconds = time.perf_counter() - started
    return report


def _report(plan: Plan, base: PartResult, results: list[PartResult]) -> ShardReport:
    """The counts of the client's own shard and of every partition together."""
    tallies = [base.tally, *(r.tally for r in results)]
    problems = [*plan.problems, *(p for t in tallies for p in t.problems)]
    return ShardReport(articles=sum(t.articles for t in tallies), entity_files=base.tally.entity_files,
                       restored=base.tally.restored, refused=len(plan.problems) + sum(t.refused for t in tallies),
                       problems=problems[:KEPT_PROBLEMS], actors=len(set().union(*(t.actors for t in tallies))),
                       places=len(set().union(*(t.places for t in tallies))), events=sum(t.events for t in tallies))


# planning (on the client) ----------------------------------------------------------------------

def plan_inputs(paths: Iterable[str | Path], kb_paths: Iterable[str | Path] = ()) -> Plan:
    """Sort the inputs as `poros ingest` does (backups, entity files, articles) and expand the
    article inputs into units of work, in the order `graph.read.read_paths` reads them; an input
    it would refuse at once (missing, unknown format, a folder without articles) is a problem."""
    paths = [Path(p) for p in paths]
    plan = Plan(backups=[p for p in paths if p.suffix.lower() in DATASET_FORMATS],
                entity_files=[*turtle_files(kb_paths), *(p for p in paths if p.suffix.lower() in ENTITY_SUFFIXES)])
    manifests = ManifestCache()
    for path in (p for p in paths if p.suffix.lower() not in (*ENTITY_SUFFIXES, *DATASET_FORMATS)):
        if not path.exists():
            plan.problems.append(Problem(str(path), "no such file or directory"))
        elif path.is_dir():
            files = article_files(path)
            if not files:
                plan.problems.append(Problem(str(path), "no articles (.txt, .html, .jsonl) in this folder"))
            for file in files:
                _add_unit(plan, file, manifests)
        elif path.suffix.lower() not in READERS:
            known = ", ".join(sorted(READERS))
            plan.problems.append(Problem(str(path), f"unknown format '{path.suffix or path.name}' (poros reads {known})"))
        else:
            _add_unit(plan, path, manifests)
    return plan


def _add_unit(plan: Plan, path: Path, manifests: ManifestCache) -> None:
    """The file as a unit, with its manifest record looked up here, once per folder."""
    try:
        metadata = manifests.lookup(path) if READERS[path.suffix.lower()] != "jsonl" else None
        size = max(path.stat().st_size, 1)
    except OSError as err:
        plan.problems.append(Problem(str(path), f"cannot read: {err.strerror or err}"))
        return
    plan.units.append(Unit(str(path.absolute()), str(path), metadata, size))


def assign(units: Sequence[Unit], count: int) -> list[list[Unit]]:
    """Split the units, in order, into `count` (at most one per unit) contiguous, non-empty
    partitions of about equal size; it depends on nothing but the units and the count."""
    count = max(1, min(count, len(units)))
    total = sum(u.size for u in units)
    parts: list[list[Unit]] = [[] for _ in range(count if units else 0)]
    done, previous = 0, -1
    for i, unit in enumerate(units):
        by_size = min(count - 1, (done + unit.size // 2) * count // total)
        k = max(min(by_size, previous + 1), count - (len(units) - i))  # no gap, none left empty
        parts[k].append(unit)
        done, previous = done + unit.size, k
    return parts


def default_partitions(client: Any, units: int) -> int:
    """Two partitions per worker thread, so a slow one does not hold the run up; one per file at most."""
    threads = sum(client.nthreads().values())
    return max(1, min(units, 2 * threads))


# the output directory --------------------------------------------------------------------------

def shard_name(index: int) -> str:
    return f"part-{index:05d}.nq"


def check_output(out_dir: Path) -> list[Path]:
    """The files of an earlier run in the output directory (to be replaced); a directory holding
    anything else, or a file in its place, is refused."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: not a directory (the dask engine writes a directory of shards)")
    if not out_dir.exists():
        return []
    entries = sorted(out_dir.iterdir())
    foreign = [p.name for p in entries if not (p.is_file() and _OURS.fullmatch(p.name))]
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise InputError(f"{out_dir}: holds other files than shards ({foreign[0]}{more}); "
                         "give a new or empty directory")
    return entries


def _clear(out_dir: Path, earlier: list[Path]) -> None:
    try:
        for path in earlier:
            path.unlink(missing_ok=True)
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"{out_dir}: cannot write: {err.strerror or err}") from None


# the client's own shard ------------------------------------------------------------------------

def write_base_shard(plan: Plan, out_dir: Path, with_kb: bool) -> tuple[PartResult, str, str]:
    """Read the entity files and backups into a memory store as `poros extract` does and write
    what that store holds (the knowledge base only `with_kb`) as `kb.nq`. Returns that shard, the
    user's entities as N-Triples for the workers, and the fingerprint of the knowledge base the
    workers must build."""
    tally = RunReport()
    with open_store("memory") as store:
        for backup in plan.backups:
            try:
                tally.restored += restore(store, backup).articles
            except PorosError as err:
                tally.refuse(Problem(str(backup), str(err).removeprefix(f"{backup}: ")))
        kb = prepare_knowledge_base(store, load_knowledge_base(), plan.entity_files, tally)
        entities = ox.serialize(store.user_entities(), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        quads = store.quads(with_kb)
    target = out_dir / KB_SHARD
    if quads:
        _write_atomically(target, lambda out: ox.serialize(quads, output=out, format=_NQUADS))
    graphs = b"".join(_digest(g) for g in dict.fromkeys(q.graph_name.value for q in quads))
    return PartResult(str(target) if quads else None, tally, graphs), entities, kb.fingerprint


def _write_atomically(target: Path, write: Callable[[Any], None]) -> None:
    try:
        write_atomically(target, write)
    except OSError as err:
        raise ClusterError(f"{target}: cannot write: {err.strerror or err}") from None


def _digest(graph: str) -> bytes:
    return hashlib.blake2b(graph.encode("utf-8"), digest_size=_DIGEST_SIZE).digest()


def _digests(packed: bytes) -> list[bytes]:
    return [packed[i:i + _DIGEST_SIZE] for i in range(0, len(packed), _DIGEST_SIZE)]


# the cluster -----------------------------------------------------------------------------------

def _dask() -> tuple[Any, Any, Any]:
    """Client, LocalCluster and as_completed of dask.distributed, or a clear error without it."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ClusterError(f"the dask engine needs Dask, which is not installed: {INSTALL_HINT}") from None
    return Client, LocalCluster, as_completed


@contextmanager
def connect(scheduler: str) -> Iterator[Any]:
    """A client of the scheduler at the address, or of a LocalCluster started for the run and
    closed after it; an unreachable scheduler (or one without workers) fails within CONNECT_TIMEOUT."""
    Client, LocalCluster, _ = _dask()
    if scheduler == LOCAL:
        with LocalCluster(n_workers=_cores(), threads_per_worker=1, processes=True, host="127.0.0.1",
                          **_NO_DASHBOARD, silence_logs=logging.ERROR) as cluster, \
                Client(cluster, set_as_default=False) as client:
            yield client
        return
    _check_address(scheduler)
    with _quiet("distributed"):
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, ValueError, TypeError, TimeoutError) as err:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {first_line(err)}") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError):
            raise ClusterError(f"the Dask scheduler at {scheduler} has no workers "
                               f"(none joined within {CONNECT_TIMEOUT:g} s)") from None
        yield client


def _check_address(scheduler: str) -> None:
    """Refuse what is no scheduler address before a client tries it (a client given one would
    hang on closing)."""
    from distributed.comm import get_address_host_port

    try:
        get_address_host_port(scheduler)
    except ValueError as err:
        raise ClusterError(f"not a Dask scheduler address: {scheduler!r} ({first_line(err)}); "
                           f"give tcp://HOST:PORT, or '{LOCAL}'") from None


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def _quiet(logger: str) -> Iterator[None]:
    """Keep a library's log lines off stderr meanwhile: the failure is reported as one line."""
    log = logging.getLogger(logger)
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)




def run_partitions(client: Any, parts: list[list[Unit]], out_dir: Path, entities: str, fingerprint: str,
                   progress: Progress | None = None, debug: bool = False) -> list[PartResult]:
    """One task per partition; the results in partition order. A failed task fails the run."""
    _, _, as_completed = _dask()
    if not parts:
        return []
    shared = client.scatter(entities, broadcast=True) if entities else ""
    futures = [client.submit(extract_partition, i, part, str(out_dir), shared, fingerprint, debug,
                             key=f"poros-extract-{i:05d}-{uuid.uuid4().hex}") for i, part in enumerate(parts)]
    order = {future.key: i for i, future in enumerate(futures)}
    results: list[PartResult | None] = [None] * len(futures)
    try:
        for done, future in enumerate(as_completed(futures, loop=client.loop), 1):
            results[order[future.key]] = _outcome(future)
            if progress:
                progress(done, len(futures))
    finally:
        client.cancel(futures)
    return [result for result in results if result is not None]  # each slot is filled by now


def _outcome(future: Any) -> Any:
    """A task's result; its failure as a domain error (one line), never a traceback."""
    try:
        return future.result()
    except PorosError:
        raise
    except Exception as err:
        raise ClusterError(f"a task failed on the cluster: {type(err).__name__}: {first_line(err)}") from None


def drop_superseded(client: Any, results: Sequence[PartResult]) -> list[Path]:
    """Rewrite each shard without the article graphs a later shard holds too (the later article
    replaces the earlier one, as in a single run); returns the shards that remain."""
    last = {d: i for i, r in enumerate(results) for d in _digests(r.graphs)}
    jobs: dict[str, Any] = {}
    for i, result in enumerate(results):
        gone = {d for d in _digests(result.graphs) if last[d] != i}
        if gone and result.shard:
            jobs[result.shard] = client.submit(drop_graphs, result.shard, gone, pure=False)
    kept = {shard: _outcome(job) for shard, job in jobs.items()}
    return [Path(r.shard) for r in results if r.shard and kept.get(r.shard, True)]


# on the workers --------------------------------------------------------------------------------

@lru_cache(maxsize=2)
def worker_knowledge_base(entities: str, fingerprint: str) -> KnowledgeBase:
    """The shipped knowledge base with the user's entities (N-Triples), built once per worker process."""
    kb = load_knowledge_base()
    if entities:
        parsed = ox.parse(entities, format=ox.RdfFormat.N_TRIPLES)
        kb = extended(kb, [ox.Triple(q.subject, q.predicate, q.object) for q in parsed])
    if kb.fingerprint != fingerprint:
        raise ClusterError("a worker's knowledge base differs from the client's: install the same poros "
                           "version on the client and every worker")
    return kb


def extract_partition(index: int, units: list[Unit], out_dir: str, entities: str, fingerprint: str,
                      debug: bool = False) -> PartResult:
    """Extract every article of the units and write them to the partition's shard; each article's
    quads sorted, the articles in reading order, a repeated article id keeping only the last."""
    kb = worker_knowledge_base(entities, fingerprint)
    tally = RunReport()
    shard = _ShardWriter(Path(out_dir) / shard_name(index))
    with shard:
        for unit in units:
            for item in read_file(Path(unit.path), unit.metadata):
                outcome = extract_quads(item, kb, debug) if isinstance(item, Article) else item
                if isinstance(outcome, Problem):
                    tally.refuse(_as_given(outcome, unit))
                else:
                    _tally(tally, outcome[0])
                    shard.add(outcome[1])
    return PartResult(shard.written, tally, b"".join(shard.blocks))


def _tally(tally: RunReport, extraction: Extraction) -> None:
    tally.articles += 1
    tally.events += len(extraction.events)
    for mention in extraction.mentions:
        (tally.places if mention.kind == "Place" else tally.actors).add(mention.entity)


def _as_given(problem: Problem, unit: Unit) -> Problem:
    """The problem naming the file as the user gave it, not as the worker read it."""
    return Problem(problem.location.replace(unit.path, unit.shown), problem.message.replace(unit.path, unit.shown))


def _quad_key(quad: ox.Quad) -> tuple[str, str, str]:
    return str(quad.subject), str(quad.predicate), str(quad.object)


class _ShardWriter:
    """Writes article graphs to a temporary file, renamed to the shard when all went well (and
    removed when not). An article seen again replaces its earlier block."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        self.blocks: dict[bytes, tuple[int, int]] = {}  # graph digest -> byte range in the file
        self.stale: list[tuple[int, int]] = []
        self.written: str | None = None
        self._out: Any = None

    def __enter__(self) -> _ShardWriter:
        return self

    def add(self, quads: list[ox.Quad]) -> None:
        if not quads:
            return
        if self._out is None:
            self._out = self._open()
        start = self._out.tell()
        self._out.write(ox.serialize(sorted(quads, key=_quad_key), format=_NQUADS))
        digest = _digest(quads[0].graph_name.value)
        if digest in self.blocks:
            self.stale.append(self.blocks[digest])
        self.blocks[digest] = (start, self._out.tell())

    def _open(self) -> Any:
        try:
            return self.tmp.open("wb")
        except OSError as err:
            raise ClusterError(f"{self.target}: cannot write: {err.strerror or err}") from None

    def __exit__(self, kind, error, tb) -> None:
        if self._out is None:
            return
        self._out.close()
        if kind is not None:
            self.tmp.unlink(missing_ok=True)
            return
        try:
            if self.stale:
                _write_atomically(self.target, self._copy_without_stale)
            else:
                self.tmp.replace(self.target)
        except OSError as err:
            raise ClusterError(f"{self.target}: cannot write: {err.strerror or err}") from None
        finally:
            self.tmp.unlink(missing_ok=True)
        self.written = str(self.target)

    def _copy_without_stale(self, out: Any) -> None:
        """The temporary file's blocks, less those of an article read again later."""
        with self.tmp.open("rb") as source:
            for start, end in sorted(self.stale):
                _copy(source, out, start - source.tell())
                source.seek(end)
            _copy(source, out, None)


def _copy(source: Any, out: Any, size: int | None, chunk: int = 1 << 20) -> None:
    """Copy `size` bytes (all that is left, with None) from one open file to another, a chunk at a time."""
    while size is None or size > 0:
        data = source.read(chunk if size is None else min(chunk, size))
        if not data:
            return
        out.write(data)
        if size is not None:
            size -= len(data)


def drop_graphs(shard: str, gone: set[bytes]) -> bool:
    """Rewrite a shard without the named graphs whose digests are given, keeping the order of the
    rest; False (and the shard removed) when nothing remains."""
    path, kept = Path(shard), 0
    digests: dict[str, bool] = {}  # graph -> kept

    def keep(quad: ox.Quad) -> bool:
        nonlocal kept
        graph = quad.graph_name.value
        if graph not in digests:
            digests[graph] = _digest(graph) not in gone
        kept += digests[graph]
        return digests[graph]

    quads = (q for q in ox.parse(path=shard, format=_NQUADS) if keep(q))
    _write_atomically(path, lambda out: ox.serialize(quads, output=out, format=_NQUADS))
    if not kept:
        path.unlink()
    return kept > 0
