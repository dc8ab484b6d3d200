"""Running the pipeline over many inputs into a store."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

import pyoxigraph as ox

from graph.errors import InputError, PorosError
from graph.kb import KnowledgeBase, extended, load_knowledge_base, read_kb_file, turtle_files
from graph.model import Article, Problem
from graph.parallel import Extracted, Outcome, extract_in_order, extract_one
from graph.read import article_files, read_paths
from graph.restore import DATASET_FORMATS, rdf_1_2, restore
from graph.store import Store
from graph.writer import ArticleWriter

KEPT_PROBLEMS = 1000
INLINE_FIRST = 64  # articles extracted in the main process before a pool of workers starts


@dataclass
class RunReport:
    """What one ingest or extract run did."""

    articles: int = 0
    entity_files: int = 0
    restored: int = 0  # article graphs put back from backups
    restored_other: int = 0  # other graphs put back (the knowledge base, entity files)
    refused: int = 0  # inputs refused (files, JSON lines, articles)
    problems: list[Problem] = field(default_factory=list)  # the first KEPT_PROBLEMS of them
    actors: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    events: int = 0
    seconds: float = 0.0
    compact_seconds: float | None = None  # the compaction after a bulk run, when there was one

    def refuse(self, problem: Problem) -> None:
        """Count a refused input; keep only the first few, so a feed of a million bad lines runs in
        bounded memory (each was reported as it came)."""
        self.refused += 1
        if len(self.problems) < KEPT_PROBLEMS:
            self.problems.append(problem)

    def summary(self, verb: str) -> str:
        refused = f", {self.refused} refused" if self.refused else ""
        files = f", {self.entity_files} entity file{'s' * (self.entity_files != 1)}" if self.entity_files else ""
        if (self.restored or self.restored_other) and not self.articles:
            others = f" and {self.restored_other} other graph{'s' * (self.restored_other != 1)}" if self.restored_other else ""
            return (f"restored {self.restored} article{'s' * (self.restored != 1)}{others} from backup{files}{refused} "
                    f"in {self.seconds:.2f} s{self._compacted()}")
        files += f", {self.restored} restored from backup" if self.restored else ""
        return (f"{verb} {self.articles} article{'s' * (self.articles != 1)}{files}{refused}: "
                f"{len(self.actors)} actors, {len(self.places)} places, {self.events} events "
                f"in {self.seconds:.2f} s{self._compacted()}")

    def _compacted(self) -> str:
        return "" if self.compact_seconds is None else f" (compacting the store took {self.compact_seconds:.2f} s)"


Progress = Callable[[Article | Problem], None]


ENTITY_SUFFIXES = (".ttl",)


def ingest(store: Store, paths: Iterable[str | Path], kb: KnowledgeBase | None = None,
           entity_paths: Iterable[str | Path] = (), progress: Progress | None = None,
           debug: bool = False, jobs: int = 1, bulk: bool = False) -> RunReport:
    """Read every article under `paths`, extract it and put its graph into the store.

    N-Quads and TriG files (given, or inside the folders) are backups (`poros export --format
    nquads`) or shards (`poros extract --engine dask`): their graphs go back in as they were.
    Turtle files among the paths (and `entity_paths`, files or folders) are the user's own
    entities: the store keeps them and every extraction uses them. Each article is written in its own
    transaction: a failing article leaves the store as it was before it, and the run goes on. With
    `bulk`, articles and graphs new to the store go in by batches of the bulk loader instead
    (graph/writer.py), several times faster, for big loads, and the store is compacted at the end
    (Store.compact) so that it answers as fast as one written by transactions.

    With `jobs` > 1, articles after the first few are extracted by that many worker processes;
    the store gets the same graphs in the same order.
    """
    report = RunReport()
    started = time.perf_counter()
    paths = [Path(p) for p in paths]
    backups = dataset_files(paths)
    for backup in backups:
        _restore_one(store, backup, report, progress, bulk)
    articles = [p for p in paths if p.suffix.lower() not in (*ENTITY_SUFFIXES, *DATASET_FORMATS)
                and not _only_shards(p, backups)]
    entity_files = [*turtle_files(entity_paths), *(p for p in paths if p.suffix.lower() in ENTITY_SUFFIXES)]
    kb = prepare_knowledge_base(store, kb or load_knowledge_base(), entity_files, report, progress)
    writer = ArticleWriter(store, bulk)
    try:
        for outcome in _outcomes(read_paths(articles) if articles else iter(()), kb, jobs, debug):
            _record(writer.put(outcome), report, progress)
    finally:  # an interrupted run still writes the articles it extracted
        _record(writer.close(), report, progress)
    if bulk and not store.in_memory and (writer.bulk_loaded or report.restored or report.restored_other):
        report.compact_seconds = compact_store(store)
    report.seconds = time.perf_counter() - started
    return report


def compact_store(store: Store) -> float:
    """Compact the store, as after bulk loads (see Store.compact); the seconds it took."""
    started = time.perf_counter()
    store.compact()
    return time.perf_counter() - started


def dataset_files(paths: list[Path]) -> list[Path]:
    """The backups and shards among the paths: .nq and .trig files, also those inside folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.suffix.lower() in DATASET_FORMATS and p.is_file()
                         and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.suffix.lower() in DATASET_FORMATS:
            found.append(path)
    return found


def _only_shards(path: Path, backups: list[Path]) -> bool:
    """A folder that holds backups or shards and no article: nothing to read as articles."""
    return path.is_dir() and any(b.is_relative_to(path) for b in backups) and not article_files(path)


def prepare_knowledge_base(store: Store, kb: KnowledgeBase, entity_files: list[Path],
                           report: RunReport, progress: Progress | None = None) -> KnowledgeBase:
    """Keep the shipped knowledge base and the user's entity files in the store; the union of them
    all is what extraction uses."""
    for path in entity_files:
        try:
            triples = read_kb_file(path)
            check_entities(path, triples, kb)
            store.put_user_entities(path.stem, triples)
            report.entity_files += 1
        except PorosError as err:
            problem = Problem(str(path), str(err).removeprefix(f"{path}: "))
            report.refuse(problem)
            if progress:
                progress(problem)
    store.sync_knowledge_base(list(kb.triples), kb.fingerprint)
    return extended(kb, store.user_entities())


def check_entities(path: Path, triples: list[ox.Triple], kb: KnowledgeBase) -> None:
    """Refuse an entity file that breaks the poros shapes (an empty label, a second class for a
    known entity, ...): kept in the store, it would make every later `poros validate` fail. It is
    checked with what the knowledge base says of the same entities."""
    from graph.validate import graph_from_ntriples, validate_graph

    if any(rdf_1_2(t) for t in triples):
        raise InputError(f"{path}: holds an RDF 1.2 triple term or directional language string, "
                         "which poros does not use")
    subjects = {t.subject for t in triples}
    known = [t for t in kb.triples if t.subject in subjects]
    violations = validate_graph(graph_from_ntriples(ox.serialize([*triples, *known], format=ox.RdfFormat.N_TRIPLES)))
    if violations:
        more = f" (and {len(violations) - 1} more)" if len(violations) > 1 else ""
        raise InputError(f"{path}: breaks the poros shapes: {violations[0]}{more}")


def _restore_one(store: Store, path: Path, report: RunReport, progress: Progress | None, bulk: bool) -> None:
    try:
        done = restore(store, path, bulk)
        report.restored += done.articles
        report.restored_other += done.other_graphs
    except PorosError as err:
        problem = Problem(str(path), str(err).removeprefix(f"{path}: "))
        report.refuse(problem)
        if progress:
            progress(problem)


def _outcomes(items: Iterator[Article | Problem], kb: KnowledgeBase, jobs: int, debug: bool) -> Iterator[Outcome]:
    """Each input's outcome in order: the first few extracted here (a small run starts no pool),
    the rest by `jobs` worker processes when there are more."""
    for item in islice(items, INLINE_FIRST if jobs > 1 else None):
        yield extract_one(item, kb, debug) if isinstance(item, Article) else item
    following = next(items, None)
    if following is not None:
        yield from extract_in_order(chain([following], items), kb, jobs, debug)


def _record(written: list[Outcome], report: RunReport, progress: Progress | None) -> None:
    for outcome in written:
        if isinstance(outcome, Extracted):
            report.articles += 1
            report.events += outcome.events
            report.actors.update(outcome.actors)
            report.places.update(outcome.places)
        else:
            report.refuse(outcome)
        if progress:
            progress(outcome.article if isinstance(outcome, Extracted) else outcome)
