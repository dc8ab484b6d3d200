#!/usr/bin/env python3
"""How long the first ask after a write waits for the event index: brought up to date in place
from the store's write log, against built whole.

    python scripts/bench_refresh.py                                  # 1,400,000 synthetic quads; 100 then 1,000 articles
    python scripts/bench_refresh.py --triples 13400000 --articles 100 1000 10000
    python scripts/bench_refresh.py --tmp /var/tmp

The store is the synthetic one of scripts/bench_queries.py (bulk-loaded and compacted), and its
event index is built once. Then, for each number of articles, that many generated news articles
(scripts/make_corpus.py, a seed of their own each time) are ingested as `poros ingest` does, the
store is opened for reading as `poros query` does, and the first ask's wait for the index is timed:
the refresh in place (graph/event_index.py `refresh`), and a build of the whole index of the same
data beside it. A refresh that finds too much written builds the index whole, and says so.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_queries  # noqa: E402  (the synthetic store)
from make_corpus import articles  # noqa: E402

from graph import event_index  # noqa: E402
from graph.ingest import ingest  # noqa: E402
from graph.store import ANSWERS, open_read_only, open_store  # noqa: E402


def first_ask(path: Path) -> tuple[float, bool]:
    """Seconds until the index answers for the store's data, and whether it was brought up to date
    in place (else built)."""
    kept = path / ANSWERS / event_index.FILE
    before = kept.stat().st_ino if kept.is_file() else None
    with open_read_only(path) as store:
        seconds = bench_queries.index_build(store)
    assert kept.is_file(), "the event index could not be made"
    return seconds, kept.stat().st_ino == before


def whole_build(path: Path, target: Path) -> float:
    with open_read_only(path) as store:
        started = time.perf_counter()
        event_index.build(store, target, store.data_stamp())
        seconds = time.perf_counter() - started
    target.unlink()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_400_000, help="synthetic quads (default 1,400,000)")
    parser.add_argument("--articles", type=int, nargs="+", default=[100, 1000],
                        help="articles written before each ask (default: 100 1000)")
    parser.add_argument("--seed", type=int, default=42, help="seed of the synthetic data (default 42)")
    parser.add_argument("--tmp", help="directory for the temporary store (default: the system temp dir)")
    opts = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=opts.tmp) as tmp:
        path = Path(tmp) / "store"
        started = time.perf_counter()
        bench_queries.synthetic_store(path, opts.triples, opts.seed).close()
        print(f"synthetic store of {opts.triples:,} quads loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        built, _ = first_ask(path)
        print(f"index built in {built:.1f} s\n")
        print("| articles written | ingest s | first ask: index ready s | how | whole build s |")
        print("|---:|---:|---:|---|---:|")
        for round_number, count in enumerate(opts.articles):
            corpus = Path(tmp) / f"articles-{round_number}.jsonl"
            with corpus.open("w", encoding="utf-8") as out:
                out.writelines(json.dumps(a, ensure_ascii=False) + "\n"
                               for a in articles(count, seed=1000 + round_number, long=True))
            started = time.perf_counter()
            with open_store(path, create=False) as store:
                report = ingest(store, [corpus])
            ingested = time.perf_counter() - started
            assert report.articles == count, report.summary("ingested")
            ready, in_place = first_ask(path)
            build = whole_build(path, Path(tmp) / "whole.sqlite")
            print(f"| {count:,} | {ingested:.1f} | {ready:.2f} | {'refreshed' if in_place else 'built'} | {build:.1f} |")


if __name__ == "__main__":
    main()
