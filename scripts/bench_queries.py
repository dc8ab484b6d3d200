#!/usr/bin/env python3
"""Median latency of each ready question (ontology/queries/) on the sample store and on a synthetic store.

    python scripts/bench_queries.py                      # samples + 1,400,000 synthetic quads (over 1M distinct triples)
    python scripts/bench_queries.py --triples 100000     # a quick check
    python scripts/bench_queries.py --triples 13400000   # about 10M distinct triples (a few minutes to build)
    python scripts/bench_queries.py --repeat 9 --tmp /var/tmp

Both stores are on disk, as `poros ingest` makes them. The sample store holds the bundled articles
and the knowledge base. The synthetic store holds the knowledge base (dated offices and
memberships) and the poros-shaped news graph of scripts/bench_store.py (its generator, imported):
about 5,000 actors with Zipf-like popularity, articles of about 25 triples, events dated 2000-2026,
30% of an article's events being ones that earlier articles reported (so many events are in several
article graphs, as in the news).
It is written as N-Quads to a temporary file and loaded with Store.bulk_load, two chunks at a time
(about twice as fast as one transaction per batch of articles, and memory stays flat while generating).

Each question runs once to warm up, then --repeat times; a run is what `poros query --name` does
after opening the store: check and bind the parameters (an actor is looked up by name with a
SPARQL query of its own), run the question's own query and read every row. The table gives the
median in milliseconds and the number of rows; for a question with '# keep:' (graph/kept.py) also
the median of `run_query` once its first ask has kept the answer. On the samples the parameters are each query's examples; on
the synthetic store, actors are the generator's (its two most popular actors for a pair, a mid-rank
one for neighbourhood and search), dates and types are in its range, and the knowledge-base
questions keep their examples. An extra row, two_hop, is the 2-hop neighbourhood: every actor
linked through an event to an actor that has an event with the given one.

Other scripts import `synthetic_store`, `synthetic_values`, `measure_questions`, `index_build`
and `TWO_HOP` from here.
"""
from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]  # poros, and the generator of scripts/bench_store.py

import bench_store

from graph import event_index
from graph.ingest import ingest
from graph.kb import load_knowledge_base
from graph.queries import ReadyQuery, bind, list_queries, parse_query, run_query
from graph.rdf.terms import KB_GRAPH, OWL
from graph.store import Store, open_store

TWO_HOP = parse_query('''# title: Two hops from an actor
# answers: every actor linked through an event to an actor that had an event with the given one
# param: actor actor "Xi Jinping" -- the actor at the centre (label, alias or IRI)
# The second hop joins the partners with every event's two ends, read whole and joined by hash:
# a partner may be one of the busiest actors, whose events one by one would cost more.
SELECT DISTINCT ?other ?actor
WHERE {
  { SELECT DISTINCT ?partner ?actor WHERE {
      { ?e1 poros:source ?actor ; poros:target ?partner } UNION { ?e1 poros:target ?actor ; poros:source ?partner } } }
  { SELECT DISTINCT ?partner ?other WHERE {
      { SELECT ?e2 ?partner WHERE { ?e2 poros:source ?partner } } { SELECT ?e2 ?other WHERE { ?e2 poros:target ?other } } } }
  UNION
  { SELECT DISTINCT ?partner ?other WHERE {
      { SELECT ?e2 ?partner WHERE { ?e2 poros:target ?partner } } { SELECT ?e2 ?other WHERE { ?e2 poros:source ?other } } } }
  FILTER(?other != ?actor)
}
''', Path("two_hop.rq"))


@dataclass(frozen=True)
class Row:
    name: str
    median_s: float  # the question's own query
    rows: int
    kept_s: float | None = None  # answered from its kept answer ('# keep:', graph/kept.py) or the event index ('# index:')


def sample_store(path: Path) -> Store:
    store = open_store(path)
    report = ingest(store, [ROOT / "samples"], load_knowledge_base())
    if report.problems:
        raise SystemExit(f"samples: {report.problems[0]}")
    return store


def nquads_chunks(triples: int, seed: int, chunk_chars: int = 64 * 1024 * 1024) -> Iterator[str]:
    """The synthetic data as N-Quads text (the same for the same triples and seed) in pieces of
    whole lines, each about `chunk_chars` long: the knowledge base (in its graph, stamped as
    Store.sync_knowledge_base does), then the articles; written as text, which is faster than
    through pyoxigraph's terms and serialiser."""
    kb = load_knowledge_base()
    graph = f"<{KB_GRAPH}>"
    text = NQuadsText(seed)
    pieces = [f"{t.subject} {t.predicate} {t.object} {graph} .\n" for t in kb.triples]
    pieces.append(f"{graph} <{OWL}versionInfo> {ox.Literal(kb.fingerprint)} {graph} .\n")
    size = sum(map(len, pieces))
    for article in bench_store.generate(triples, seed):
        pieces.append(text.article(article))
        size += len(pieces[-1])
        if size >= chunk_chars:
            yield "".join(pieces)
            pieces, size = [], 0
    if pieces:
        yield "".join(pieces)


class NQuadsText:
    """N-Quads lines of generated articles, with the text of each IRI built once."""

    ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"}

    def __init__(self, seed: int):
        self.iris = {iri: f"<{iri}>" for iri in bench_store.known_iris(seed)}

    def term(self, t: bench_store.Term) -> str:
        if isinstance(t, bench_store.Lit):
            value = '"' + t.value.translate(self.ESCAPES) + '"'
            if t.lang:
                return f"{value}@{t.lang}"
            return f"{value}^^<{bench_store.XSD_DATE}>" if t.datatype else value
        return self.iris.get(t) or f"<{t}>"

    def article(self, article: bench_store.Article) -> str:
        graph = f"<{article.graph}>"
        return "".join(f"{self.term(s)} {self.term(p)} {self.term(o)} {graph} .\n" for s, p, o in article.triples)


def synthetic_store(path: Path, triples: int, seed: int, nquads: Path | None = None) -> Store:
    """A store at `path` bulk-loaded with the synthetic data and compacted, as `poros ingest --bulk`
    leaves it; `nquads` keeps the file it was loaded from. Each piece of the text is loaded (outside
    the GIL) while the next is generated, two at a time."""
    store = open_store(path)
    loading: list[Future] = []
    with ThreadPoolExecutor(2) as pool, contextlib.ExitStack() as keep:
        out = keep.enter_context(nquads.open("w", encoding="utf-8")) if nquads else None
        for chunk in nquads_chunks(triples, seed):
            if out is not None:
                out.write(chunk)
            if len(loading) >= 2:
                loading.pop(0).result()
            loading.append(pool.submit(store.backend.bulk_load, input=chunk.encode("utf-8"),
                                       format=ox.RdfFormat.N_QUADS, lenient=True))
        for load in loading:
            load.result()
    store.compact()
    return store


def synthetic_values(seed: int) -> dict[str, dict[str, str]]:
    """Parameters that meet the synthetic data: its actors, its dates."""
    actors = bench_store.make_actors(random.Random(seed))
    first, second = (actors[rank].label for rank in bench_store.PAIR_RANKS)
    hub = actors[bench_store.HOP_RANK].label
    return {
        "timeline": {"a": first, "b": second},
        "meetings": {"leader": first, "from": "2010-01-01", "to": "2010-12-31"},
        "neighbourhood": {"actor": hub},
        "search": {"text": hub},
        TWO_HOP.name: {"actor": hub},
    }


def measure(store: Store, query: ReadyQuery, values: dict[str, str], repeat: int,
            budget: float = float("inf")) -> tuple[float, int]:
    """Median seconds of binding, running the question's own query and reading every row; and the
    number of rows. Fewer than `repeat` timed runs (at least one) once they have taken `budget`
    seconds; a question whose warm-up run took longer than `budget` is timed by that run alone."""
    def ask() -> int:
        return len(list(store.query(query.sparql, substitutions=bind(store, query, values))))

    return _median(ask, repeat, budget)


def index_build(store: Store) -> float:
    """Seconds until the event index (graph/event_index.py) answers for the store's data: built on a
    store new to it, brought up to date after a write the store's log names."""
    start = time.perf_counter()
    with event_index.opened(store):
        pass
    return time.perf_counter() - start


def measure_kept(store: Store, query: ReadyQuery, values: dict[str, str], repeat: int) -> float:
    """Median seconds of `run_query` once the first ask has worked out and kept the answer (or the
    event index is built)."""
    return _median(lambda: len(list(run_query(store, query, values))), repeat)[0]


def _median(ask, repeat: int, budget: float = float("inf")) -> tuple[float, int]:
    first, rows = _timed(ask)
    times: list[float] = [first] if first > budget else []  # so slow that it is not run again
    while len(times) < repeat and (not times or sum(times) < budget):
        times.append(_timed(ask)[0])
    return statistics.median(times), rows


def measure_questions(store: Store, values: dict[str, dict[str, str]], repeat: int,
                      budget: float = float("inf")) -> list[Row]:
    """Every ready question, then two_hop, with its examples overridden by `values` (by question name);
    a question with '# keep:' is also timed answered from its kept answer, one with '# index:' from
    the event index (build it first with `index_build`, or its first ask is the build)."""
    rows = []
    for query in [*list_queries(), TWO_HOP]:
        given = query.examples() | values.get(query.name, {})
        first = _timed(lambda: len(list(run_query(store, query, given)))) if query.keep is not None else None
        kept = measure_kept(store, query, given, repeat) if query.keep is not None or query.index else None
        # a kept question's first ask runs its query with the same values (and keeps the answer), unless
        # the index works it out: one that takes longer than the budget is timed by that run alone, as
        # `measure` would time it
        by_query = first is not None and query.index is None
        own = first if by_query and first[0] > budget else measure(store, query, given, repeat, budget)
        rows.append(Row(query.name, *own, kept))
    return rows


def _timed(ask) -> tuple[float, int]:
    start = time.perf_counter()
    rows = ask()
    return time.perf_counter() - start, rows


def store_floor(store: Store, actor: str, repeat: int = 3) -> dict:
    """Two measures of the store itself: the median seconds of reading one property of every
    event (a scan), and of looking up the date of each of `actor`'s events (a label); with the
    counts. A question that reads a property of every event of the actor does one or the other."""
    scan = "SELECT (COUNT(*) AS ?n) WHERE { ?event poros:date ?date }"
    lookups = ("SELECT (COUNT(*) AS ?n) ?actor WHERE { { ?event poros:source ?actor } UNION { ?event poros:target ?actor } "
               "OPTIONAL { ?event poros:date ?date } } GROUP BY ?actor")
    actor_term = bind(store, TWO_HOP, {"actor": actor})[ox.Variable("actor")]  # a label to its IRI

    def timed(sparql: str, substitutions: dict | None = None) -> tuple[float, int]:
        times, count = [], 0
        for _ in range(repeat + 1):  # the first run warms up
            start = time.perf_counter()
            count = int(next(iter(store.query(sparql, substitutions)))["n"].value)
            times.append(time.perf_counter() - start)
        return statistics.median(times[1:]), count

    scan_s, dates = timed(scan)
    lookup_s, events = timed(lookups, {ox.Variable("actor"): actor_term})
    return {"scan_s": scan_s, "dated_events": dates, "lookup_s": lookup_s, "actor_events": events}


def size(store: Store) -> tuple[int, int]:
    """Quads, and distinct triples of the union graph (counted a predicate at a time, two at once:
    the store answers outside the GIL)."""
    def distinct(predicate: ox.NamedNode) -> int:
        sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ ?s {predicate} ?o }} }}"
        return int(next(iter(store.query(sparql)))["n"].value)

    predicates = [row["p"] for row in store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")]
    with ThreadPoolExecutor(2) as pool:
        return len(store.backend), sum(pool.map(distinct, predicates))


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_400_000, help="synthetic quads to generate (default 1,400,000)")
    parser.add_argument("--seed", type=int, default=42, help="seed of the synthetic data (default 42)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per question after the warm-up (default 5)")
    parser.add_argument("--tmp", help="directory for the temporary stores (default: the system temp dir)")
    opts = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=opts.tmp) as tmp:
        started = time.perf_counter()
        with sample_store(Path(tmp) / "samples") as samples:
            print(f"samples: loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            on_samples = measure_questions(samples, {}, opts.repeat)
            sample_size = size(samples)
        started = time.perf_counter()
        with synthetic_store(Path(tmp) / "synthetic", opts.triples, opts.seed) as synthetic:
            print(f"synthetic: loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            indexed_in = index_build(synthetic)
            on_synthetic = measure_questions(synthetic, synthetic_values(opts.seed), opts.repeat)
            synthetic_size = size(synthetic)
    header = ["question", "samples ms", "rows", "synthetic ms", "rows", "kept answer or index ms (samples / synthetic)"]
    rows = [[mine.name, f"{mine.median_s * 1000:.1f}", str(mine.rows), f"{big.median_s * 1000:.1f}", str(big.rows),
             f"{mine.kept_s * 1000:.1f} / {big.kept_s * 1000:.1f}" if big.kept_s is not None else "-"]
            for mine, big in zip(on_samples, on_synthetic)]
    print(f"samples: {sample_size[0]:,} quads, {sample_size[1]:,} distinct triples; "
          f"synthetic: {synthetic_size[0]:,} quads, {synthetic_size[1]:,} distinct triples; "
          f"median of {opts.repeat} runs after a warm-up; the synthetic store's event index built in {indexed_in:.1f} s\n")
    print(table(header, rows))


if __name__ == "__main__":
    main()
