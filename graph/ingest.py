"""Running the pipeline over many inputs into a store."""
from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import PorosError
from graph.kb import KnowledgeBase, load_knowledge_base
from graph.model import Article, Extraction, Problem
from graph.pipeline import extract_article
from graph.rdf.build import article_quads
from graph.read import read_paths
from graph.store import Store


@dataclass
class RunReport:
    """What one ingest or extract run did."""

    articles: int = 0
    problems: list[Problem] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    events: int = 0
    seconds: float = 0.0

    def summary(self, verb: str) -> str:
        refused = f", {len(self.problems)} refused" if self.problems else ""
        return (f"{verb} {self.articles} article{'s' * (self.articles != 1)}{refused}: "
                f"{len(self.actors)} actors, {len(self.places)} places, {self.events} events "
                f"in {self.seconds:.2f} s")


Progress = Callable[[Article | Problem], None]


def ingest(store: Store, paths: Iterable[str | Path], kb: KnowledgeBase | None = None,
           progress: Progress | None = None, debug: bool = False) -> RunReport:
    """Read every article under `paths`, extract it and put its graph into the store.

    Each article is written in its own transaction: a failing article leaves the store as it was
    before it, and the run goes on with the next one.
    """
    kb = kb or load_knowledge_base()
    report = RunReport()
    started = time.perf_counter()
    for item in read_paths(paths):
        if isinstance(item, Article):
            problem = _ingest_one(store, item, kb, report, debug)
            item = problem or item
        if isinstance(item, Problem):
            report.problems.append(item)
        if progress:
            progress(item)
    report.seconds = time.perf_counter() - started
    return report


def _ingest_one(store: Store, article: Article, kb: KnowledgeBase, report: RunReport, debug: bool) -> Problem | None:
    try:
        extraction = extract_article(article, kb)
        store.put_article(article.id, article_quads(extraction))
    except PorosError as err:
        return Problem(article.origin or article.id, str(err))
    except Exception as err:  # a bug must not lose the other articles of the run
        detail = traceback.format_exc() if debug else f"{type(err).__name__}: {err}"
        return Problem(article.origin or article.id, f"internal error while extracting ({detail.strip()})")
    _tally(report, extraction)
    return None


def _tally(report: RunReport, extraction: Extraction) -> None:
    report.articles += 1
    for entity in extraction.entities:
        (report.places if entity.kind == "Place" else report.actors).add(entity.iri)
