#!/usr/bin/env python3
"""Benchmark store back ends for poros on a synthetic, poros-shaped news graph.

    python scripts/bench_store.py                          # 1,000,000 quads, every back end
    python scripts/bench_store.py --triples 50000          # a quick check (a few seconds)
    python scripts/bench_store.py --only oxigraph,rdflib --seed 7 --json bench.json --tmp /var/tmp

Back ends, each measured in a fresh subprocess of its own (so that peak RSS and caches do not
interfere):

  oxigraph   pyoxigraph.Store on disk. Loaded with Store.extend, one transaction per article
             (one named graph per article, as poros writes); and, in a second subprocess,
             Store.bulk_load of the same data written out as N-Quads (load only).
  oxrdflib   rdflib.Dataset(store="Oxigraph") opened on a temporary directory, quads added
             through rdflib (Dataset.addN, one call per article).
  rdflib     rdflib.Dataset() with rdflib's in-memory "Memory" store, Dataset.addN per article.

Per back end it reports the load time (time spent inside the store's insert calls only; building
the terms is not counted) and quads per second, peak RSS of the subprocess
(resource.getrusage(RUSAGE_SELF).ru_maxrss, right after the load and at the end of the run), the
size of the store on disk, the median latency of five query runs (after one warm-up run) and the
time to write the union graph as Turtle to a temporary file. Queries run over the union of the
named graphs (pyoxigraph: use_default_graph_as_union=True; rdflib: Dataset(default_union=True)):

  a. pair timeline     events between two given actors (bound by IRI with VALUES), either
                       direction, ordered by date
  b. type × year       events per PLOVER type per year (GROUP BY, SUBSTR(STR(?date), 1, 4))
  c. top pairs         the 20 most active unordered actor pairs (GROUP BY, ORDER BY DESC, LIMIT)
  d. 2-hop             DISTINCT actors linked through events to an actor linked to a given one
  e. count triples     distinct triples of the union graph (as `poros stats` counts them)

Turtle export writes the union graph to a temporary file: pyoxigraph.serialize of a CONSTRUCT over
the distinct union triples; rdflib's own Turtle serializer (Dataset.serialize) for both rdflib
back ends (over oxrdflib the union yields a triple once per article graph holding it, and plain
literals come back typed as xsd:string, hence the larger file).

A single query execution that exceeds --timeout seconds (signal timer in the subprocess) is
reported as "> N s". When the warm-up run shows that five timed runs would exceed --budget
seconds, fewer runs are made and the cell says so, e.g. "14.2 s (n=2)".

The synthetic data is deterministic for a given --seed: about 5,000 actors (states, organisations
and people, Zipf-like popularity so a few pairs are busy), articles of about 25 triples each
(document metadata, mentions, the class and English label of every actor mentioned, events with
PLOVER type, source, target, date, evidence sentence and prov:wasDerivedFrom), dated 2000-2026.
As in the news, many events are reported by several articles: an event of an article is, with
probability REREPORT, one already reported (the same IRI, type, actors and date in the new
article's graph, with a sentence of its own), picked by report among the last REPORT_WINDOW
reports, so that a story reported often is likely to be reported again (most events are in one
article, a few in some dozens: up to 32 at 1.4M quads).

Needs only the standard library plus pyoxigraph, rdflib and oxrdflib.
"""
from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any, NamedTuple

# --- vocabulary (mirrors graph/rdf/terms.py; the script does not import poros) ------------------
BASE = "https://w3id.org/poros/"
POROS = BASE + "ontology#"
ENT = BASE + "entity/"
DOC = BASE + "doc/"
EVENT = BASE + "event/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
PREFIXES = {"poros": POROS, "ent": ENT, "doc": DOC, "event": EVENT, "rdf": RDF, "rdfs": RDFS,
            "xsd": XSD, "prov": PROV, "dcterms": DCTERMS}
SPARQL_PREFIXES = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DEMAND",
                "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE",
                "ASSAULT")
PLOVER_WEIGHTS = (10, 22, 8, 2, 12, 4, 1, 6, 9, 4, 4, 5, 3, 3, 3, 4)
OUTLETS = ("antara", "kompas", "tempo", "detik", "cnbcindonesia", "jakartapost", "reuters", "scmp")
N_ACTORS = 5000
N_STATES = 200
ZIPF_S = 1.0
MENTIONS = ((2, 30), (3, 30), (4, 20), (5, 10), (6, 10))   # (actors mentioned, weight)
EVENTS = ((0, 20), (1, 35), (2, 30), (3, 15))               # (events per article, weight)
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2026, 12, 31)
REREPORT = 0.3           # share of an article's events that earlier articles reported already
REPORT_WINDOW = 20_000   # the reports a re-reported event is drawn from (the latest)
PAIR_RANKS = (0, 1)       # actors of the pair timeline: the two most popular
HOP_RANK = 100            # actor at the centre of the 2-hop neighbourhood

BACKENDS = ("oxigraph", "oxrdflib", "rdflib")
CHILD_MODES = ("oxigraph", "oxigraph-bulk", "oxrdflib", "rdflib")
COLUMN_TITLES = {"oxigraph": "pyoxigraph (disk)", "oxrdflib": "rdflib+oxrdflib (disk)",
                 "rdflib": "rdflib Memory"}
RESULT_FILE = "result-{mode}.json"
NQUADS_FILE = "data.nq"


# --- synthetic data ----------------------------------------------------------------------------
class Iri(str):
    """An IRI (a plain str marks nothing; literals are `Lit`)."""


class Lit(NamedTuple):
    value: str
    datatype: str | None = None
    lang: str | None = None


Term = Iri | Lit
Triple = tuple[Iri, Iri, Term]


@dataclass(frozen=True)
class Actor:
    iri: Iri
    kind: str
    label: str


@dataclass(frozen=True)
class Story:
    """An event as every article that reports it states it."""
    event: Iri
    kind: str
    source: Actor
    target: Actor
    day: date


@dataclass(frozen=True)
class Article:
    graph: Iri
    triples: list[Triple]
    events: int
    stories: list[Story]


TYPE = Iri(RDF + "type")
P = {name: Iri(POROS + name) for name in ("mentions", "ploverType", "source", "target", "date", "evidence")}
C = {name: Iri(POROS + name) for name in ("Document", "Event", "Person", "State", "Organization")}
DC = {name: Iri(DCTERMS + name) for name in ("identifier", "issued", "language", "title")}
LABEL = Iri(RDFS + "label")
DERIVED = Iri(PROV + "wasDerivedFrom")
XSD_DATE = XSD + "date"
VOCABULARY = [TYPE, LABEL, DERIVED, *P.values(), *C.values(), *DC.values()]

SYLLABLES = ("ka", "ri", "ma", "to", "sen", "da", "lo", "vi", "ar", "nu", "bel", "sa", "gor", "in",
             "te", "ya", "mon", "ze", "pra", "wi", "lan", "do", "ku", "es")
WORDS = ("talks", "on", "the", "border", "trade", "agreement", "security", "minister", "said",
         "visit", "summit", "joint", "statement", "maritime", "cooperation", "sanctions", "over",
         "after", "meeting", "in", "with", "officials", "regional", "tensions", "investment",
         "defence", "exercise", "delegation", "announced", "week", "fisheries", "energy", "port")
VERBS = {"AGREE": "agreed with", "CONSULT": "met", "SUPPORT": "backed", "CONCEDE": "yielded to",
         "COOPERATE": "worked with", "AID": "sent aid to", "RETREAT": "withdrew from",
         "DEMAND": "demanded that", "DISAPPROVE": "criticised", "REJECT": "rejected",
         "THREATEN": "warned", "PROTEST": "protested against", "MOBILIZE": "mobilised near",
         "SANCTION": "sanctioned", "COERCE": "pressured", "ASSAULT": "attacked"}


def make_actors(rng: random.Random) -> list[Actor]:
    """Actors by popularity rank: states first, then organisations and people mixed."""
    actors: list[Actor] = []
    seen: set[str] = set()
    for rank in range(N_ACTORS):
        kind = "State" if rank < N_STATES else rng.choices(("Organization", "Person"), (1, 3))[0]
        label = _name(rng, kind)
        slug = label.lower().replace(" ", "-")
        if slug in seen:
            slug = f"{slug}-{rank}"
        seen.add(slug)
        actors.append(Actor(Iri(ENT + slug), kind, label))
    return actors


def _name(rng: random.Random, kind: str) -> str:
    word = lambda n: "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()  # noqa: E731
    if kind == "State":
        return word(rng.randint(2, 3))
    if kind == "Organization":
        return f"{word(2)} {rng.choice(('Council', 'Forum', 'Ministry', 'Alliance', 'Agency', 'Bank'))}"
    return f"{word(2)} {word(rng.randint(2, 3))}"


class Sampler:
    """Draws from a fixed weighted population with cumulative weights (Zipf-like or table)."""

    def __init__(self, rng: random.Random, items: list[Any], weights: list[float]):
        self.rng, self.items = rng, items
        self.cum: list[float] = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)

    def draw(self) -> Any:
        return self.items[bisect.bisect_right(self.cum, self.rng.random() * self.cum[-1])]

    def distinct(self, k: int) -> list[Any]:
        chosen: dict[int, Any] = {}
        while len(chosen) < k:
            item = self.draw()
            chosen[id(item)] = item
        return list(chosen.values())


def generate(total_triples: int, seed: int) -> Iterator[Article]:
    """Articles, each with its named-graph triples, until `total_triples` quads are reached."""
    rng = random.Random(seed)
    actors = make_actors(rng)
    popularity = Sampler(rng, actors, [1 / (rank + 1) ** ZIPF_S for rank in range(N_ACTORS)])
    mentions = Sampler(rng, *map(list, zip(*MENTIONS)))
    events = Sampler(rng, *map(list, zip(*EVENTS)))
    plover = Sampler(rng, list(PLOVER_TYPES), list(PLOVER_WEIGHTS))
    reports: list[Story] = []  # the latest reports, one entry each: a story is drawn by how often it was reported
    span = (LAST_DAY - FIRST_DAY).days
    produced = number = 0
    while produced < total_triples:
        number += 1
        issued = FIRST_DAY + timedelta(days=rng.randint(0, span))
        n_events = events.draw()
        retold = [rng.choice(reports) for _ in range(n_events) if reports and rng.random() < REREPORT]
        mentioned = popularity.distinct(mentions.draw())
        mentioned += [a for a in dict.fromkeys(a for story in retold for a in (story.source, story.target))
                      if a not in mentioned]
        article = _article(rng, number, issued, mentioned, n_events - len(retold), plover, retold)
        reports += article.stories
        if len(reports) > 2 * REPORT_WINDOW:
            del reports[:-REPORT_WINDOW]
        produced += len(article.triples)
        yield article


def _article(rng: random.Random, number: int, issued: date, mentioned: list[Actor], n_new: int,
             plover: Sampler, retold: list[Story]) -> Article:
    article_id = f"{rng.choice(OUTLETS)}-{issued:%Y%m%d}-{number:06d}"
    doc = Iri(DOC + article_id)
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 11))).capitalize()
    triples: list[Triple] = [
        (doc, TYPE, C["Document"]),
        (doc, DC["identifier"], Lit(article_id)),
        (doc, DC["issued"], Lit(issued.isoformat(), XSD_DATE)),
        (doc, DC["language"], Lit(rng.choices(("id", "en"), (3, 2))[0])),
        (doc, DC["title"], Lit(title)),
    ]
    triples += [(doc, P["mentions"], actor.iri) for actor in mentioned]
    for actor in mentioned:
        triples += [(actor.iri, TYPE, C[actor.kind]), (actor.iri, LABEL, Lit(actor.label, lang="en"))]
    stories = [_story(rng, article_id, index, issued, mentioned, plover.draw()) for index in range(n_new)]
    stories += list(dict.fromkeys(retold))
    for story in stories:
        triples += _event_triples(rng, story, doc)
    return Article(doc, triples, len(stories), stories)


def _story(rng: random.Random, article_id: str, index: int, issued: date, mentioned: list[Actor],
           kind: str) -> Story:
    source, target = rng.sample(mentioned, 2)
    digest = hashlib.sha1(f"{article_id}|{index}|{source.iri}|{kind}|{target.iri}".encode()).hexdigest()
    day = max(FIRST_DAY, issued - timedelta(days=rng.randint(0, 3)))
    return Story(Iri(EVENT + digest[:16]), kind, source, target, day)


def _event_triples(rng: random.Random, story: Story, doc: Iri) -> list[Triple]:
    """The event's triples as one reporting article states them."""
    return [
        (story.event, TYPE, C["Event"]),
        (story.event, P["ploverType"], Lit(story.kind)),
        (story.event, P["source"], story.source.iri),
        (story.event, P["target"], story.target.iri),
        (story.event, P["date"], Lit(story.day.isoformat(), XSD_DATE)),
        (story.event, P["evidence"], Lit(_sentence(rng, story.source, story.target, story.kind))),
        (story.event, DERIVED, doc),
    ]


def _sentence(rng: random.Random, source: Actor, target: Actor, kind: str) -> str:
    words = [source.label, VERBS[kind], target.label]
    length = sum(map(len, words)) + 2
    goal = rng.randint(120, 180)
    while length < goal:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return " ".join(words) + "."


def key_actors(seed: int) -> tuple[Iri, Iri, Iri]:
    """The two actors of the pair timeline and the centre of the 2-hop query."""
    actors = make_actors(random.Random(seed))
    return actors[PAIR_RANKS[0]].iri, actors[PAIR_RANKS[1]].iri, actors[HOP_RANK].iri


# --- queries -----------------------------------------------------------------------------------
def queries(seed: int) -> dict[str, str]:
    a, b, hub = (f"<{iri}>" for iri in key_actors(seed))
    bodies = {
        "a. pair timeline": f"""
SELECT ?e ?date ?type ?source ?target ?evidence WHERE {{
  VALUES (?source ?target) {{ ({a} {b}) ({b} {a}) }}
  ?e poros:source ?source ; poros:target ?target ; a poros:Event ; poros:date ?date ;
     poros:ploverType ?type ; poros:evidence ?evidence .
}} ORDER BY ?date ?e""",
        "b. type x year": """
SELECT ?type ?year (COUNT(?e) AS ?n) WHERE {
  ?e a poros:Event ; poros:ploverType ?type ; poros:date ?date .
  BIND(SUBSTR(STR(?date), 1, 4) AS ?year)
} GROUP BY ?type ?year ORDER BY ?year ?type""",
        "c. top 20 pairs": """
SELECT ?x ?y (COUNT(?e) AS ?n) WHERE {
  ?e a poros:Event ; poros:source ?s ; poros:target ?t .
  BIND(IF(STR(?s) < STR(?t), ?s, ?t) AS ?x)
  BIND(IF(STR(?s) < STR(?t), ?t, ?s) AS ?y)
} GROUP BY ?x ?y ORDER BY DESC(?n) ?x ?y LIMIT 20""",
        "d. 2-hop actors": f"""
SELECT DISTINCT ?y WHERE {{
  {{ ?e1 poros:source {hub} ; poros:target ?x }} UNION {{ ?e1 poros:target {hub} ; poros:source ?x }}
  {{ ?e2 poros:source ?x ; poros:target ?y }} UNION {{ ?e2 poros:target ?x ; poros:source ?y }}
  FILTER(?y != {hub})
}}""",
        "e. count triples": """
SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }""",
    }
    return {name: SPARQL_PREFIXES + body.strip() for name, body in bodies.items()}


# --- measuring inside a child ------------------------------------------------------------------
class Timeout(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise Timeout


def timed(action: Callable[[], Any], timeout: float) -> tuple[float, Any]:
    """Run `action` under a signal timer; (seconds, result) or Timeout."""
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        start = time.perf_counter()
        result = action()
        return time.perf_counter() - start, result
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def bench_query(run: Callable[[], list], opts: argparse.Namespace) -> dict[str, Any]:
    """One warm-up, then up to --repeat timed runs within --budget seconds; the median."""
    try:
        warm, rows = timed(run, opts.timeout)
        runs = max(1, min(opts.repeat, int(opts.budget // max(warm, 1e-9))))
        times = [timed(run, opts.timeout)[0] for _ in range(runs)]
    except Timeout:
        return {"timeout": opts.timeout}
    return {"median_s": statistics.median(times), "runs": len(times), "rows": len(rows),
            "first": _first_value(rows)}


def _first_value(rows: list) -> str | None:
    """The first cell of the first row, to check that back ends agree (e.g. the triple count)."""
    if not rows:
        return None
    cell = rows[0][0]
    return str(getattr(cell, "value", cell))


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def disk_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def known_iris(seed: int) -> list[Iri]:
    """The IRIs worth building once: vocabulary and actors."""
    return [*VOCABULARY, *(actor.iri for actor in make_actors(random.Random(seed)))]


class OxTerms:
    """Builds pyoxigraph terms, reusing the vocabulary and actor IRIs."""

    def __init__(self, seed: int):
        import pyoxigraph as ox

        self.ox = ox
        self.iris = {iri: ox.NamedNode(iri) for iri in known_iris(seed)}
        self.date = ox.NamedNode(XSD_DATE)

    def term(self, t: Term) -> Any:
        if isinstance(t, Lit):
            if t.lang:
                return self.ox.Literal(t.value, language=t.lang)
            return self.ox.Literal(t.value, datatype=self.date) if t.datatype else self.ox.Literal(t.value)
        return self.iris.get(t) or self.ox.NamedNode(t)

    def quads(self, article: Article) -> list[Any]:
        g = self.ox.NamedNode(article.graph)
        return [self.ox.Quad(self.term(s), self.term(p), self.term(o), g) for s, p, o in article.triples]


class RdflibTerms:
    """Builds rdflib terms, reusing the vocabulary and actor IRIs."""

    def __init__(self, seed: int):
        from rdflib import Literal, URIRef

        self.URIRef, self.Literal = URIRef, Literal
        self.iris = {iri: URIRef(iri) for iri in known_iris(seed)}
        self.date = URIRef(XSD_DATE)

    def term(self, t: Term) -> Any:
        if isinstance(t, Lit):
            if t.lang:
                return self.Literal(t.value, lang=t.lang)
            return self.Literal(t.value, datatype=self.date) if t.datatype else self.Literal(t.value)
        return self.iris.get(t) or self.URIRef(t)

    def quads(self, article: Article) -> list[tuple]:
        g = self.URIRef(article.graph)
        return [(self.term(s), self.term(p), self.term(o), g) for s, p, o in article.triples]


def load_articles(opts: argparse.Namespace, to_quads: Callable[[Article], list],
                  add: Callable[[list], None]) -> dict[str, Any]:
    """Feed every article to `add` as one batch; only the time inside `add` is counted."""
    spent = 0.0
    quads = articles = events = 0
    for article in generate(opts.triples, opts.seed):
        batch = to_quads(article)
        start = time.perf_counter()
        add(batch)
        spent += time.perf_counter() - start
        quads += len(batch)
        articles += 1
        events += article.events
    return {"load_s": spent, "quads": quads, "articles": articles, "events": events,
            "rss_load_mib": peak_rss_mib()}


def child_oxigraph(opts: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    terms = OxTerms(opts.seed)
    path = workdir / "oxigraph-extend"
    result: dict[str, Any] = {"rss_base_mib": peak_rss_mib()}
    store = ox.Store(str(path))
    result |= load_articles(opts, terms.quads, store.extend)
    result["disk_mib"] = disk_mib(path)
    result["queries"] = {
        name: bench_query(lambda q=q: list(store.query(q, use_default_graph_as_union=True)), opts)
        for name, q in queries(opts.seed).items()}
    out = workdir / "oxigraph.ttl"

    def export() -> None:
        union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
                            use_default_graph_as_union=True)
        ox.serialize(union, output=str(out), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)

    result["export"] = bench_export(export, out, opts)
    result["rss_end_mib"] = peak_rss_mib()
    return result


def child_oxigraph_bulk(opts: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    path, data = workdir / "oxigraph-bulk", workdir / NQUADS_FILE
    result: dict[str, Any] = {"rss_base_mib": peak_rss_mib()}
    store = ox.Store(str(path))
    start = time.perf_counter()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    result["load_s"] = time.perf_counter() - start
    result["rss_load_mib"] = peak_rss_mib()
    result["quads"] = len(store)
    result["disk_mib"] = disk_mib(path)
    result["nquads_mib"] = data.stat().st_size / 2**20
    return result


def child_rdflib(opts: argparse.Namespace, workdir: Path, on_disk: bool) -> dict[str, Any]:
    import rdflib

    terms = RdflibTerms(opts.seed)
    path = workdir / "oxrdflib"
    result: dict[str, Any] = {"rss_base_mib": peak_rss_mib()}
    ds = rdflib.Dataset(store="Oxigraph" if on_disk else "Memory", default_union=True)
    if on_disk:
        ds.open(str(path))
    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri)
    result |= load_articles(opts, terms.quads, ds.addN)
    if on_disk:
        result["disk_mib"] = disk_mib(path)
    result["queries"] = {name: bench_query(lambda q=q: list(ds.query(q)), opts)
                         for name, q in queries(opts.seed).items()}
    out = workdir / ("oxrdflib.ttl" if on_disk else "rdflib.ttl")
    result["export"] = bench_export(lambda: ds.serialize(destination=str(out), format="turtle"), out, opts)
    result["rss_end_mib"] = peak_rss_mib()
    return result


def bench_export(action: Callable[[], Any], out: Path, opts: argparse.Namespace) -> dict[str, Any]:
    try:
        seconds, _ = timed(action, opts.export_timeout)
    except Timeout:
        return {"timeout": opts.export_timeout}
    size = out.stat().st_size / 2**20
    out.unlink()
    return {"seconds": seconds, "mib": size}


def run_child(opts: argparse.Namespace) -> None:
    workdir = Path(opts.workdir)
    mode = opts.child
    if mode == "oxigraph":
        result = child_oxigraph(opts, workdir)
    elif mode == "oxigraph-bulk":
        result = child_oxigraph_bulk(opts, workdir)
    else:
        result = child_rdflib(opts, workdir, on_disk=mode == "oxrdflib")
    (workdir / RESULT_FILE.format(mode=mode)).write_text(json.dumps(result), encoding="utf-8")


# --- the parent: subprocesses, table ----------------------------------------------------------
def write_nquads(opts: argparse.Namespace, path: Path) -> None:
    import pyoxigraph as ox

    terms = OxTerms(opts.seed)
    quads = (q for article in generate(opts.triples, opts.seed) for q in terms.quads(article))
    ox.serialize(quads, output=str(path), format=ox.RdfFormat.N_QUADS)


def spawn(mode: str, opts: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--workdir", str(workdir),
               "--triples", str(opts.triples), "--seed", str(opts.seed), "--timeout", str(opts.timeout),
               "--export-timeout", str(opts.export_timeout), "--repeat", str(opts.repeat),
               "--budget", str(opts.budget)]
    log(f"running {mode} ...")
    start = time.perf_counter()
    try:
        done = subprocess.run(command, timeout=opts.child_timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"subprocess killed after {opts.child_timeout:.0f} s"}
    log(f"  {mode} done in {time.perf_counter() - start:.1f} s (exit {done.returncode})")
    result_file = workdir / RESULT_FILE.format(mode=mode)
    if done.returncode != 0 or not result_file.exists():
        return {"error": f"subprocess exited with {done.returncode}"}
    return json.loads(result_file.read_text(encoding="utf-8"))


def machine_info(tmp: Path) -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in _read_lines("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor() or "?")
    mem = next((int(line.split()[1]) / 2**20 for line in _read_lines("/proc/meminfo")
                if line.startswith("MemTotal")), 0.0)
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "cpu": cpu, "ram_gib": round(mem, 1), "tmp": str(tmp), "tmp_fs": _fs_type(tmp),
            **{lib: version(lib) for lib in ("pyoxigraph", "oxrdflib", "rdflib")}}


def _read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def _fs_type(path: Path) -> str:
    """The file system of the longest /proc/mounts mount point containing `path`."""
    best, kind = "", "?"
    for line in _read_lines("/proc/mounts"):
        parts = line.split()
        if len(parts) > 2 and str(path.resolve()).startswith(parts[1]) and len(parts[1]) > len(best):
            best, kind = parts[1], parts[2]
    return kind


def fmt_seconds(s: float) -> str:
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def fmt_query(q: dict[str, Any] | None) -> str:
    if not q:
        return "—"
    if "timeout" in q:
        return f"> {q['timeout']:g} s"
    cell = fmt_seconds(q["median_s"])
    return cell if q["runs"] >= 5 else f"{cell} (n={q['runs']})"


def metric_rows(results: dict[str, dict[str, Any]], names: list[str]) -> list[tuple[str, list[str]]]:
    def col(fn: Callable[[dict[str, Any]], str]) -> list[str]:
        return [("failed: " + r["error"]) if "error" in r else fn(r) for r in results.values()]

    def get(key: str, fmt: Callable[[Any], str]) -> Callable[[dict[str, Any]], str]:
        return lambda r: fmt(r[key]) if key in r else "—"

    mib = lambda v: f"{v:,.0f} MiB" if v >= 10 else f"{v:.1f} MiB"  # noqa: E731
    bulk = lambda key, fmt: lambda r: fmt(r["bulk"][key]) if "bulk" in r and key in r["bulk"] else "—"  # noqa: E731
    rows = [
        ("quads loaded", col(get("quads", lambda v: f"{v:,}"))),
        ("load, one txn per article", col(get("load_s", fmt_seconds))),
        ("  rate", col(_rate)),
        ("  peak RSS after load", col(get("rss_load_mib", mib))),
        ("  (RSS before load)", col(get("rss_base_mib", mib))),
        ("  store on disk", col(get("disk_mib", mib))),
        ("bulk_load N-Quads", col(bulk("load_s", fmt_seconds))),
        ("  rate", col(lambda r: _rate(r.get("bulk", {})))),
        ("  peak RSS after load", col(bulk("rss_load_mib", mib))),
        ("  store on disk", col(bulk("disk_mib", mib))),
    ]
    for name in names:
        cells = col(lambda r, n=name: fmt_query(r.get("queries", {}).get(n)))
        rows.append((f"{name} ({_rows_label(results, name)})", cells))
    rows += [
        ("Turtle export of union", col(lambda r: _fmt_export(r.get("export")))),
        ("peak RSS whole run", col(get("rss_end_mib", mib))),
    ]
    return rows


def _rate(r: dict[str, Any]) -> str:
    return f"{r['quads'] / r['load_s']:,.0f} quads/s" if "load_s" in r and "quads" in r else "—"


def _rows_label(results: dict[str, dict[str, Any]], name: str) -> str:
    """How many rows the query returned, or every back end's count if they disagree."""
    counts = {}
    for backend, r in results.items():
        q = r.get("queries", {}).get(name, {})
        if "rows" in q:
            counts[backend] = q["rows"] if not name.startswith("e.") else q["first"]
    if len(set(counts.values())) <= 1:
        count = next(iter(counts.values()), None)
        if count is None:
            return "?"
        return f"{int(count):,} triples" if name.startswith("e.") else f"{int(count):,} rows"
    return "MISMATCH " + ", ".join(f"{b}={c}" for b, c in counts.items())


def _fmt_export(e: dict[str, Any] | None) -> str:
    if not e:
        return "—"
    if "timeout" in e:
        return f"> {e['timeout']:g} s"
    return f"{fmt_seconds(e['seconds'])} ({e['mib']:,.1f} MiB)"


def ratio_rows(results: dict[str, dict[str, Any]], names: list[str]) -> list[tuple[str, list[str]]]:
    base = results.get("oxigraph", {})
    others = [b for b in ("rdflib", "oxrdflib") if b in results]

    def ratio(mine: float | None, theirs: dict[str, Any] | None, field: str) -> str:
        if mine is None or not theirs:
            return "—"
        if "timeout" in theirs:
            return f"> {theirs['timeout'] / mine:,.0f}×"
        return f"{theirs[field] / mine:,.1f}×" if field in theirs else "—"

    rows = [("load", [ratio(base.get("load_s"), results[b], "load_s") for b in others])]
    for name in names:
        mine = base.get("queries", {}).get(name, {}).get("median_s")
        rows.append((name, [ratio(mine, results[b].get("queries", {}).get(name), "median_s") for b in others]))
    mine = base.get("export", {}).get("seconds")
    rows.append(("Turtle export", [ratio(mine, results[b].get("export"), "seconds") for b in others]))
    return rows


def render(header: list[str], rows: list[tuple[str, list[str]]]) -> str:
    widths = [max(len(header[0]), *(len(r[0]) for r in rows))]
    widths += [max(len(header[i + 1]), *(len(r[1][i]) for r in rows)) for i in range(len(header) - 1)]
    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line([r[0], *r[1]]) for r in rows)])


def report(results: dict[str, dict[str, Any]], info: dict[str, Any], opts: argparse.Namespace) -> str:
    names = list(queries(opts.seed))
    sizes = next((r for r in results.values() if "articles" in r), {})
    lines = [
        f"poros store benchmark: {opts.triples:,} quads requested, seed {opts.seed}; "
        f"{sizes.get('articles', 0):,} articles, {N_ACTORS:,} actors, {sizes.get('events', 0):,} events",
        f"machine: Python {info['python']} | {info['platform']} | {info['cpus']} CPUs ({info['cpu']}) | "
        f"{info['ram_gib']} GiB RAM | pyoxigraph {info['pyoxigraph']} | oxrdflib {info['oxrdflib']} | "
        f"rdflib {info['rdflib']} | temp dir {info['tmp']} ({info['tmp_fs']})",
        f"queries: median of {opts.repeat} after 1 warm-up (fewer runs, shown as n=, if {opts.repeat} "
        f"would exceed {opts.budget:.0f} s), timeout {opts.timeout:.0f} s per run; rows in brackets",
        "",
        render(["metric", *(COLUMN_TITLES[b] for b in results)], metric_rows(results, names)),
    ]
    if "oxigraph" in results and len(results) > 1:
        others = [b for b in ("rdflib", "oxrdflib") if b in results]
        lines += ["", render(["time ÷ pyoxigraph time (>1: pyoxigraph faster)", *(COLUMN_TITLES[b] for b in others)],
                             ratio_rows(results, names))]
    return "\n".join(lines)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_parent(opts: argparse.Namespace) -> None:
    chosen = [b.strip() for b in opts.only.split(",") if b.strip()]
    unknown = sorted(set(chosen) - set(BACKENDS))
    if unknown:
        sys.exit(f"unknown back end(s) {', '.join(unknown)}; choose from {', '.join(BACKENDS)}")
    tmp_root = Path(opts.tmp) if opts.tmp else Path(tempfile.gettempdir())
    workdir = Path(tempfile.mkdtemp(prefix="bench-store-", dir=tmp_root))
    info = machine_info(workdir)
    results: dict[str, dict[str, Any]] = {}
    try:
        for backend in (b for b in BACKENDS if b in chosen):
            results[backend] = spawn(backend, opts, workdir)
            if backend == "oxigraph":
                log("writing N-Quads for bulk_load ...")
                write_nquads(opts, workdir / NQUADS_FILE)
                results[backend]["bulk"] = spawn("oxigraph-bulk", opts, workdir)
                (workdir / NQUADS_FILE).unlink()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(report(results, info, opts))
    if opts.json:
        payload = {"machine": info, "options": {k: v for k, v in vars(opts).items() if k not in ("child", "workdir")},
                   "queries": queries(opts.seed), "results": results}
        Path(opts.json).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000, help="quads to generate (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=42, help="seed of the synthetic data (default 42)")
    parser.add_argument("--only", default=",".join(BACKENDS), help="comma-separated subset of " + ",".join(BACKENDS))
    parser.add_argument("--json", help="also write the results to this JSON file")
    parser.add_argument("--tmp", help="directory for the temporary stores (default: the system temp dir)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query after the warm-up (default 5)")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="seconds of timed runs per query before --repeat is cut (default 60)")
    parser.add_argument("--timeout", type=float, default=120.0, help="per query execution, seconds (default 120)")
    parser.add_argument("--export-timeout", type=float, default=300.0, help="Turtle export, seconds (default 300)")
    parser.add_argument("--child-timeout", type=float, default=3600.0, help="per back-end subprocess (default 3600)")
    parser.add_argument("--child", choices=CHILD_MODES, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main() -> None:
    opts = parse_args()
    if opts.child:
        run_child(opts)
    else:
        run_parent(opts)


if __name__ == "__main__":
    main()
