"""Time `poros serve` on the sample articles: query latency over HTTP, the timeout, ingest alongside.

    python scripts/bench_server.py                 # 300 requests of each kind
    python scripts/bench_server.py --requests 1000

It ingests samples/ into a temporary store, serves it on a free loopback port and prints the
median and 95th percentile of a simple SELECT sent over one kept-alive connection, over a new
connection each time (urllib) and through SPARQLWrapper; how long the cross-product query takes
to be stopped by a 2 s timeout and how long the next query then takes; and the latency of the
same SELECT while `poros ingest` writes the samples into the served store again.
"""
from __future__ import annotations

import argparse
import http.client
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from SPARQLWrapper import JSON, SPARQLWrapper

from graph.ingest import ingest
from graph.kb import load_knowledge_base
from graph.server import ServeOptions, start_server
from graph.store import open_store

SIMPLE = "SELECT ?id ?title WHERE { ?d dcterms:identifier ?id ; dcterms:title ?title } ORDER BY ?id"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def timed(run, count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - started))
    return times


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"{name:<42} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms   (n={len(times)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store_path = Path(tmp) / "store"
        with open_store(store_path) as store:
            ingest(store, [ROOT / "samples"], load_knowledge_base())
        started = time.perf_counter()
        with start_server(str(store_path), ServeOptions(port=0, timeout=2.0)) as running:
            print(f"server with {running._server.pool.size} workers started in {time.perf_counter() - started:.2f} s "
                  f"(network-isolated workers: {running.sandboxed})")
            measure(running, store_path, args.requests)


def measure(running, store_path: Path, count: int) -> None:
    url = urllib.parse.urlsplit(running.url)
    path = "/sparql?" + urllib.parse.urlencode({"query": SIMPLE})
    connection = http.client.HTTPConnection(url.hostname, url.port)

    failures: list[bytes] = []

    def kept_alive() -> None:
        connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            failures.append(body)

    def new_connection() -> None:
        with urllib.request.urlopen(running.url.rstrip("/") + path) as response:
            response.read()

    client = SPARQLWrapper(running.url + "sparql")
    client.setQuery(SIMPLE)
    client.setReturnFormat(JSON)
    report("simple SELECT, kept-alive connection", timed(kept_alive, count))
    report("simple SELECT, new connection (urllib)", timed(new_connection, count))
    report("simple SELECT, SPARQLWrapper", timed(lambda: client.query().convert(), count))

    started = time.perf_counter()
    status = _status(running.url.rstrip("/") + "/sparql?" + urllib.parse.urlencode({"query": CROSS_PRODUCT}))
    print(f"cross-product with --timeout 2: HTTP {status} after {time.perf_counter() - started:.2f} s")
    report("the next simple SELECT", timed(kept_alive, 1))

    writer = threading.Thread(target=subprocess.run, args=(
        [sys.executable, "-m", "graph.cli", "-q", "ingest", "--store", str(store_path), str(ROOT / "samples")],))
    writer.start()
    during = []
    while writer.is_alive():
        during += timed(kept_alive, 1)
    writer.join()
    report("simple SELECT while `poros ingest` writes", during)
    print(f"failed requests: {len(failures)}", *{f.decode().strip() for f in failures}, sep="\n  ")


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


if __name__ == "__main__":
    main()
