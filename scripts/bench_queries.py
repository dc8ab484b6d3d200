#!/usr/bin/env python3
"""Median latency of each ready question (ontology/queries/) on the sample store and on a synthetic store.

    python scripts/bench_queries.py                      # samples + 1,400,000 synthetic quads (over 1M distinct triples)
    python scripts/bench_queries.py --triples 100000     # a quick check
    python scripts/bench_queries.py --repeat 9 --tmp /var/tmp

Both stores are on disk, as `poros ingest` makes them. The sample store holds the bundled articles
and the knowledge base. The synthetic store holds the knowledge base (dated offices and
memberships) and the poros-shaped news graph of scripts/bench_store.py (its generator, imported):
about 5,000 actors with Zipf-like popularity, articles of about 25 triples, events dated 2000-2026.

Each question runs once to warm up, then --repeat times; a run is what `poros query --name` does
after opening the store: check and bind the parameters (an actor is looked up by name with a
SPARQL query of its own), run the query and read every row. The table gives the median in
milliseconds and the number of rows. On the samples the parameters are each query's examples; on
the synthetic store, actors are the generator's (its two most popular actors for a pair, a mid-rank
one for neighbourhood and search), dates and types are in its range, and the knowledge-base
questions keep their examples.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]  # poros, and the generator of scripts/bench_store.py

import bench_store

from graph.ingest import ingest
from graph.kb import load_knowledge_base
from graph.queries import ReadyQuery, list_queries, run_query
from graph.store import Store, open_store

BATCH = 2000  # articles per insert


def sample_store(path: Path) -> Store:
    store = open_store(path)
    report = ingest(store, [ROOT / "samples"], load_knowledge_base())
    if report.problems:
        raise SystemExit(f"samples: {report.problems[0]}")
    return store


def synthetic_store(path: Path, triples: int, seed: int) -> Store:
    kb = load_knowledge_base()
    store = open_store(path)
    store.sync_knowledge_base(list(kb.triples), kb.fingerprint)
    terms = bench_store.OxTerms(seed)
    batch: list = []
    for number, article in enumerate(bench_store.generate(triples, seed), 1):
        batch.extend(terms.quads(article))
        if number % BATCH == 0:
            store.backend.extend(batch)
            batch = []
    store.backend.extend(batch)
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
    }


def measure(store: Store, query: ReadyQuery, values: dict[str, str], repeat: int) -> tuple[float, int]:
    """Median seconds of binding, running and reading every row; and the number of rows."""
    rows = len(list(run_query(store, query, values)))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        list(run_query(store, query, values))
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def size(store: Store) -> tuple[int, int]:
    """Quads, and distinct triples of the union graph."""
    distinct = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")))
    return len(store.backend), int(distinct["n"].value)


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

    questions = list_queries()
    overrides = synthetic_values(opts.seed)
    with tempfile.TemporaryDirectory(dir=opts.tmp) as tmp:
        started = time.perf_counter()
        with sample_store(Path(tmp) / "samples") as samples:
            print(f"samples: loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            on_samples = {q.name: measure(samples, q, q.examples(), opts.repeat) for q in questions}
            sample_size = size(samples)
        started = time.perf_counter()
        with synthetic_store(Path(tmp) / "synthetic", opts.triples, opts.seed) as synthetic:
            print(f"synthetic: loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            on_synthetic = {q.name: measure(synthetic, q, q.examples() | overrides.get(q.name, {}), opts.repeat)
                            for q in questions}
            synthetic_size = size(synthetic)
    header = ["question", "samples ms", "rows", "synthetic ms", "rows"]
    rows = [[q.name, f"{on_samples[q.name][0] * 1000:.1f}", str(on_samples[q.name][1]),
             f"{on_synthetic[q.name][0] * 1000:.1f}", str(on_synthetic[q.name][1])] for q in questions]
    print(f"samples: {sample_size[0]:,} quads, {sample_size[1]:,} distinct triples; "
          f"synthetic: {synthetic_size[0]:,} quads, {synthetic_size[1]:,} distinct triples; "
          f"median of {opts.repeat} runs after a warm-up\n")
    print(table(header, rows))


if __name__ == "__main__":
    main()
