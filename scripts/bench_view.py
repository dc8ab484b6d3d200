"""Time `poros view` on the sample articles and on a synthetic graph, and the page's load in Chromium.

    python scripts/bench_view.py                      # samples + 5,000 actors / 20,000 events
    python scripts/bench_view.py --actors 1000 --events 4000 --no-browser

For each graph it prints the page size, the time to read, narrow and render it (what `poros view`
spends), and, unless --no-browser, the time headless Chromium takes to load the page and settle
its layout. The synthetic graph is drawn once with the default node cap and once with every actor.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.ingest import ingest  # noqa: E402
from graph.kb import load_knowledge_base  # noqa: E402
from graph.rdf.terms import DCTERMS, DOC, ENT, EVENT, POROS, PROV, RDF, RDFS, XSD  # noqa: E402
from graph.store import open_store  # noqa: E402
from graph.view import Narrowing, ViewStyle, make_view  # noqa: E402

TYPES = ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
         "SANCTION", "ASSAULT"]
KINDS = ["Person", "State", "Organization"]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def synthetic_store(actors: int, events: int, per_article: int = 20, seed: int = 7):
    """A memory store of `actors` actors and `events` events, `per_article` events per article."""
    rng = random.Random(seed)
    store = open_store("memory")
    n = lambda iri: ox.NamedNode(iri)  # noqa: E731
    lit = lambda value, kind=None: ox.Literal(value, datatype=n(XSD + kind) if kind else None)  # noqa: E731
    weights = [1 / (i + 1) for i in range(actors)]  # a few very active actors, a long tail
    for article in range(0, events, per_article):
        doc = n(f"{DOC}synthetic-{article:06d}")
        triples = [(doc, n(RDF + "type"), n(POROS + "Document")), (doc, n(DCTERMS + "identifier"), lit(f"synthetic-{article:06d}"))]
        for index in range(article, min(article + per_article, events)):
            a, b = rng.choices(range(actors), weights=weights, k=2)
            a = index if index < actors else a  # every actor takes part at least once
            if a == b:
                b = (a + 1) % actors
            event = n(f"{EVENT}synthetic-{index:07d}")
            date = f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            triples += [(event, n(RDF + "type"), n(POROS + "Event")), (event, n(POROS + "ploverType"), lit(rng.choice(TYPES))),
                        (event, n(POROS + "source"), n(f"{ENT}actor-{a}")), (event, n(POROS + "target"), n(f"{ENT}actor-{b}")),
                        (event, n(POROS + "date"), lit(date, "date")), (event, n(PROV + "wasDerivedFrom"), doc),
                        (event, n(POROS + "evidence"), lit(f"Actor {a} and actor {b} met on {date} to talk about trade."))]
            for x in (a, b):
                triples += [(doc, n(POROS + "mentions"), n(f"{ENT}actor-{x}")),
                            (n(f"{ENT}actor-{x}"), n(RDF + "type"), n(POROS + KINDS[x % 3])),
                            (n(f"{ENT}actor-{x}"), n(RDFS + "label"), lit(f"Actor {x}"))]
        store.put_article(f"synthetic-{article:06d}", [ox.Quad(s, p, o, doc) for s, p, o in dict.fromkeys(triples)])
    return store


def render(store, narrowing: Narrowing, path: Path) -> tuple[float, int, int, int]:
    started = time.perf_counter()
    view = make_view(store.query, narrowing, ViewStyle())
    seconds = time.perf_counter() - started
    path.write_text(view.html, encoding="utf-8")
    return seconds, len(view.html.encode()), len(view.graph.actors), len(view.graph.edges)


def load_in_browser(path: Path, chromium: str) -> float:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        started = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=600_000)
        seconds = time.perf_counter() - started
        browser.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actors", type=int, default=5000)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    browser = not args.no_browser and Path(args.chromium).exists()
    folder = Path(tempfile.mkdtemp(prefix="poros-bench-view-"))
    samples = open_store("memory")
    ingest(samples, [ROOT / "samples"], load_knowledge_base())
    started = time.perf_counter()
    synthetic = synthetic_store(args.actors, args.events)
    print(f"built the synthetic store in {time.perf_counter() - started:.1f} s")
    cases = [("samples", samples, Narrowing()),
             (f"synthetic {args.actors:,}/{args.events:,}, default cap", synthetic, Narrowing()),
             (f"synthetic {args.actors:,}/{args.events:,}, every actor", synthetic, Narrowing(max_nodes=args.actors))]
    print(f"{'graph':44} {'actors':>7} {'edges':>7} {'MB':>6} {'render s':>9} {'browser s':>10}")
    for index, (name, store, narrowing) in enumerate(cases):
        path = folder / f"view-{index}.html"
        seconds, size, actors, edges = render(store, narrowing, path)
        loaded = f"{load_in_browser(path, args.chromium):10.1f}" if browser else f"{'-':>10}"
        print(f"{name:44} {actors:7,} {edges:7,} {size / 1e6:6.2f} {seconds:9.2f} {loaded}")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
