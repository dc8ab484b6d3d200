#!/usr/bin/env python3
"""How fast poros is, side by side in one run, with ratios that compare across machines.

    python scripts/bench.py                                    # 10,000 articles; questions at 1M and 10M triples
    python scripts/bench.py --articles 1000 --sizes 100000     # a quick check (about a minute)
    python scripts/bench.py --json bench.json --tmp /var/tmp

On a generated corpus of Indonesian and English news articles (scripts/make_corpus.py, long form:
about 1.2 KB of text each, half in each language) it measures:

  1. the floor: reading the corpus file and one Aho-Corasick pass of the full gazetteer over each
     article's text (what no extraction can do without);
  2. `poros extract` in one process (`--jobs 1`): articles/s, MB/s, and the ratio to the floor;
  3. the same with `--jobs N` (a process pool; N is every core by default);
  4. `poros ingest` into the persistent store (articles/s, quads/s); and, on the quads that extract
     wrote, writing them into the store as ingest does (article by article from N-Triples text,
     new articles gathered into batches of the bulk loader), loading them as shards (`poros ingest
     shards/`), and adding them to rdflib's in-memory Dataset, the baseline the design card's
     library gives (rdflib parses each article's N-Quads, as Oxigraph parses each batch);
  5. every ready question (ontology/queries/) and a 2-hop neighbourhood, median latency, on
     synthetic stores of each --sizes (scripts/bench_queries.py), against rdflib's engine over the
     same data where the size is at most --rdflib-up-to;
  6. peak memory (the largest process of each step, from wait4) and `poros export` to Turtle.

Memory flatness: ingest runs on the whole corpus and on a tenth of it; 10x the articles should not
need 10x the memory. Every step runs in a subprocess of its own, so its peak memory is its own.
The targets (ratios in this one run) are printed with each result: extraction within 15x of the
floor per article, writes at least 10x faster than rdflib, questions at least 10x faster than rdflib
at 1M triples and under 100 ms at 10M.
"""
from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
sys.path[:0] = [str(ROOT), str(SCRIPTS)]

MB = 1024 * 1024
CUT_RATIO = 10.5  # rdflib's cut is at least this many times Oxigraph's time: a cut question is still over 10x
QUESTION_BUDGET = 2.0  # seconds of timed runs per question, after which fewer runs make the median


# measuring a command ---------------------------------------------------------------------------

def timed_command(args: list[str]) -> dict:
    """Run a command; wall seconds, the peak RSS (MB) of its largest process, what it printed."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            message = err.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(args)} failed ({process.returncode}): {message}")
        return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "stdout": out.read().decode(errors="replace")}


def step(name: str, *args: str) -> dict:
    """Run one step of this script in a fresh interpreter; its JSON result and peak RSS."""
    result = timed_command([sys.executable, __file__, "--step", name, *args])
    answer = json.loads(result["stdout"].strip().splitlines()[-1])
    answer["peak_mb"] = result["peak_mb"]
    return answer


def poros(*args: str) -> dict:
    return timed_command([str(Path(sys.executable).with_name("poros")), "-q", *args])


# the steps (each runs in its own interpreter) ----------------------------------------------------

def step_floor(corpus: str) -> dict:
    """Read the feed and run the gazetteer's automaton over each text, nothing else."""
    from graph.kb import load_knowledge_base
    from graph.pipeline import gazetteer_for

    automaton = gazetteer_for(load_knowledge_base())._automaton
    started = time.perf_counter()
    articles = hits = 0
    with open(corpus, encoding="utf-8") as feed:
        for line in feed:
            text = json.loads(line)["text"]
            hits += sum(1 for _ in automaton.iter(text.lower()))
            articles += 1
    return {"seconds": time.perf_counter() - started, "articles": articles, "hits": hits}


def step_write_store(nquads: str, folder: str, mode: str) -> dict:
    """Write each article's graph as `poros ingest` does (graph/writer.py), from the N-Triples text
    a worker hands over, up to the data on disk: a transaction per article, or (mode "bulk", as
    `poros ingest --bulk`) by batches of the bulk loader."""
    from graph.ingest import compact_store
    from graph.model import Article
    from graph.parallel import Extracted
    from graph.store import open_store
    from graph.writer import ArticleWriter

    graphs = _graphs_as_ntriples(nquads)
    items = [Extracted(Article(iri.rsplit("/", 1)[1], ""), text, 0, frozenset(), frozenset()) for iri, text in graphs]
    with open_store(folder) as store:
        started = time.perf_counter()
        writer = ArticleWriter(store, bulk=mode == "bulk")
        for item in items:
            writer.put(item)
        writer.finish()
        store.flush()
        seconds = time.perf_counter() - started
        compact = compact_store(store) if mode == "bulk" else None
    return {"seconds": seconds, "compact_seconds": compact, "graphs": len(graphs),
            "quads": sum(t.count("\n") for _, t in graphs)}


def step_load_shards(nquads: str, folder: str) -> dict:
    """Load the quads as a shard, as `poros ingest --bulk shards/` does (batches of whole new graphs)."""
    from graph.ingest import compact_store
    from graph.restore import restore
    from graph.store import open_store

    with open_store(folder) as store:
        started = time.perf_counter()
        done = restore(store, Path(nquads), bulk=True)
        store.flush()
        seconds = time.perf_counter() - started
        compact = compact_store(store)  # as `poros ingest --bulk` ends, timed apart
    return {"seconds": seconds, "compact_seconds": compact, "graphs": done.articles}


def step_write_rdflib(nquads: str) -> dict:
    """Add each article's N-Quads to rdflib's in-memory Dataset (parsing included, as above)."""
    import rdflib

    graphs = _graphs_as_nquads(nquads)
    dataset = rdflib.Dataset()
    started = time.perf_counter()
    for text in graphs:
        dataset.parse(data=text, format="nquads")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "graphs": len(graphs), "quads": len(dataset)}


def _graphs_as_ntriples(nquads: str) -> list[tuple[str, str]]:
    """Each graph's IRI and its triples as N-Triples, from N-Quads that poros wrote (one quad a line,
    the graph's IRI last: no literal comes after it)."""
    return [(graph[1:graph.index(">")], "".join(line[:line.rindex("<")] + ".\n" for line in lines))
            for graph, lines in _graph_lines(nquads).items()]


def _graphs_as_nquads(nquads: str) -> list[str]:
    return ["".join(lines) for lines in _graph_lines(nquads).values()]


def _graph_lines(nquads: str) -> dict[str, list[str]]:
    graphs: dict[str, list[str]] = {}
    with open(nquads, encoding="utf-8") as lines:
        for line in lines:
            graphs.setdefault(line[line.rindex("<"):], []).append(line)
    return graphs


def step_questions_oxigraph(size: str, folder: str, nquads: str, repeat: str) -> dict:
    """Build the synthetic store of this size, run every ready question; the bindings used."""
    import bench_queries

    from graph.queries import bind, list_queries

    started = time.perf_counter()
    store = bench_queries.synthetic_store(Path(folder), int(size), 42, nquads=Path(nquads))
    built = time.perf_counter() - started
    values = bench_queries.synthetic_values(42)
    index_s = bench_queries.index_build(store)
    rows = bench_queries.measure_questions(store, values, int(repeat), budget=QUESTION_BUDGET)
    bindings = {q.name: {str(k.value): str(v) for k, v in bind(store, q, q.examples() | values.get(q.name, {})).items()}
                for q in [*list_queries(), bench_queries.TWO_HOP]}
    floor = bench_queries.store_floor(store, values["meetings"]["leader"])
    quads, triples = bench_queries.size(store)
    store.close()
    return {"build_seconds": built, "quads": quads, "triples": triples, "floor": floor, "index_seconds": index_s,
            "rows": [{"name": r.name, "median_s": r.median_s, "rows": r.rows, "kept_s": r.kept_s} for r in rows],
            "bindings": bindings}


def step_questions_rdflib(nquads: str, bindings_file: str, repeat: str, timeout: str) -> dict:
    """The same questions with the same bindings on rdflib's in-memory engine over the same quads."""
    import bench_queries
    import rdflib
    from rdflib.util import from_n3

    from graph.queries import list_queries
    from graph.rdf.terms import PREFIXES

    started = time.perf_counter()
    dataset = _rdflib_dataset(nquads)
    loaded = time.perf_counter() - started
    given = json.loads(Path(bindings_file).read_text(encoding="utf-8"))
    bindings, ours = given["bindings"], given["medians"]
    rows = []
    for query in [*list_queries(), bench_queries.TWO_HOP]:
        init = {rdflib.Variable(k): from_n3(v) for k, v in bindings[query.name].items()}
        cut = max(float(timeout), CUT_RATIO * ours[query.name])  # a cut still tells whether the target holds
        rows.append({"name": query.name, **_rdflib_median(dataset, query.sparql, init, PREFIXES, int(repeat), cut)})
    return {"load_seconds": loaded, "rows": rows}


def _rdflib_dataset(nquads: str):
    """rdflib's in-memory Dataset (the union as default graph) holding the N-Quads file: parsed by
    pyoxigraph and added as rdflib terms, the same terms rdflib's own parser makes, a fifth faster."""
    import pyoxigraph as ox
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    graphs: dict[str, rdflib.Graph] = {}
    string = "http://www.w3.org/2001/XMLSchema#string"

    def term(t):
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        return rdflib.Literal(t.value, datatype=None if t.datatype.value == string else rdflib.URIRef(t.datatype.value))

    def graph(name) -> rdflib.Graph:
        key = str(name)
        if key not in graphs:
            graphs[key] = dataset.graph(term(name)) if isinstance(name, ox.NamedNode) else dataset.default_context
        return graphs[key]

    dataset.addN((term(q.subject), term(q.predicate), term(q.object), graph(q.graph_name))
                 for q in ox.parse(path=nquads, format=ox.RdfFormat.N_QUADS))
    return dataset


def _rdflib_median(dataset, sparql: str, init: dict, prefixes: dict, repeat: int, timeout: float) -> dict:
    def expire(*_):
        raise TimeoutError

    signal.signal(signal.SIGALRM, expire)
    times = []
    rows = 0
    for _ in range(repeat + 1):  # the first run warms up
        signal.setitimer(signal.ITIMER_REAL, timeout)
        started = time.perf_counter()
        try:
            rows = len(list(dataset.query(sparql, initBindings=init, initNs=prefixes)))
        except TimeoutError:
            return {"median_s": None, "rows": None, "timeout_s": timeout}
        except Exception as err:  # rdflib's engine fails on some valid queries: say which, go on
            return {"median_s": None, "rows": None, "error": f"{type(err).__name__}: {err}".splitlines()[0][:80]}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append(time.perf_counter() - started)
        if sum(times) > timeout:  # slow: fewer runs
            break
    return {"median_s": statistics.median(times[1:] or times), "rows": rows, "runs": max(1, len(times) - 1)}


STEPS = {"floor": step_floor, "write-store": step_write_store, "load-shards": step_load_shards,
         "write-rdflib": step_write_rdflib,
         "questions-oxigraph": step_questions_oxigraph, "questions-rdflib": step_questions_rdflib}


# the run ---------------------------------------------------------------------------------------

def write_corpus(path: Path, count: int, seed: int) -> int:
    from make_corpus import articles

    with path.open("w", encoding="utf-8") as out:
        for article in articles(count, seed, long=True):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path.stat().st_size


def count_lines(path: Path) -> int:
    with path.open("rb") as data:
        return sum(1 for _ in data)


def run(opts: argparse.Namespace, tmp: Path) -> dict:
    from graph.parallel import default_jobs

    jobs = opts.jobs or default_jobs()
    corpus, tenth = tmp / "corpus.jsonl", tmp / "tenth.jsonl"
    size = write_corpus(corpus, opts.articles, opts.seed)
    write_corpus(tenth, max(1, opts.articles // 10), opts.seed)
    result: dict = {"articles": opts.articles, "corpus_mb": size / MB, "jobs": jobs, "machine": machine()}
    say(f"corpus: {opts.articles:,} articles, {size / MB:.1f} MB; {jobs} jobs")

    result["floor"] = step("floor", str(corpus))
    say(f"floor: {result['floor']['seconds']:.2f} s")
    out = tmp / "out.nq"
    result["extract_1"] = poros("extract", "--jobs", "1", str(corpus), "-o", str(out))
    say(f"extract --jobs 1: {result['extract_1']['seconds']:.1f} s")
    result["extract_n"] = poros("extract", "--jobs", str(jobs), str(corpus), "-o", str(tmp / "out-n.nq"))
    say(f"extract --jobs {jobs}: {result['extract_n']['seconds']:.1f} s")
    result["quads"] = count_lines(out)
    result["same_output"] = filecmp.cmp(tmp / "out-n.nq", out, shallow=False)  # in chunks: this process stays small

    result["ingest"] = poros("ingest", "--store", str(tmp / "store"), "--jobs", str(jobs), str(corpus))
    result["ingest_tenth"] = poros("ingest", "--store", str(tmp / "store-tenth"), "--jobs", str(jobs), str(tenth))
    say(f"ingest: {result['ingest']['seconds']:.1f} s")
    result["export_turtle"] = poros("export", "--store", str(tmp / "store"), "-o", str(tmp / "graph.ttl"))
    result["turtle_mb"] = (tmp / "graph.ttl").stat().st_size / MB
    shutil.rmtree(tmp / "store-tenth")

    result["write_store"] = step("write-store", str(out), str(tmp / "store-writes"), "transaction")
    shutil.rmtree(tmp / "store-writes")
    result["write_bulk"] = step("write-store", str(out), str(tmp / "store-writes"), "bulk")
    shutil.rmtree(tmp / "store-writes")
    result["load_shards"] = step("load-shards", str(out), str(tmp / "store-shards"))
    shutil.rmtree(tmp / "store-shards")
    result["write_rdflib"] = step("write-rdflib", str(out))
    say(f"writes: store {result['write_store']['seconds']:.1f} s, rdflib {result['write_rdflib']['seconds']:.1f} s")
    shutil.rmtree(tmp / "store")

    result["questions"] = [questions_at(size, opts, tmp) for size in opts.sizes]
    return result


def questions_at(size: int, opts: argparse.Namespace, tmp: Path) -> dict:
    folder, nquads = tmp / f"synthetic-{size}", tmp / f"synthetic-{size}.nq"
    ours = step("questions-oxigraph", str(size), str(folder), str(nquads), str(opts.repeat))
    say(f"questions at {ours['triples']:,} triples: built in {ours['build_seconds']:.0f} s")
    shutil.rmtree(folder)
    theirs = None
    if size <= opts.rdflib_up_to:
        bindings = tmp / "bindings.json"
        medians = {row["name"]: row["median_s"] for row in ours["rows"]}
        bindings.write_text(json.dumps({"bindings": ours["bindings"], "medians": medians}), encoding="utf-8")
        theirs = step("questions-rdflib", str(nquads), str(bindings), str(opts.repeat), str(opts.rdflib_timeout))
        say(f"rdflib at {ours['triples']:,} triples: loaded in {theirs['load_seconds']:.0f} s")
    nquads.unlink()
    return {"size": size, "oxigraph": ours, "rdflib": theirs}


def machine() -> dict:
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "system": platform.platform()}


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# the report ------------------------------------------------------------------------------------

def report(r: dict) -> str:
    n, mb = r["articles"], r["corpus_mb"]
    floor = r["floor"]["seconds"] / n
    lines = [f"corpus: {n:,} articles ({mb:.1f} MB, id and en), {r['quads']:,} quads extracted; "
             f"{r['jobs']} jobs; {r['machine']['cpus']} CPUs, Python {r['machine']['python']}", ""]
    rows = [["floor (read + gazetteer pass)", *_rate(r["floor"]["seconds"], n, mb), "1.0x", _mb(r["floor"])]]
    for key, label in (("extract_1", "poros extract --jobs 1"), ("extract_n", f"poros extract --jobs {r['jobs']}"),
                       ("ingest", f"poros ingest --jobs {r['jobs']} (store)")):
        rows.append([label, *_rate(r[key]["seconds"], n, mb), f"{r[key]['seconds'] / n / floor:.0f}x", _mb(r[key])])
    lines += [_table(["step", "articles/s", "MB/s", "ms/article", "vs floor", "peak MB"], rows), ""]
    lines.append(f"same output with --jobs {r['jobs']} as with --jobs 1: {r['same_output']}")
    memory = r["ingest"]["peak_mb"] / r["ingest_tenth"]["peak_mb"]
    lines.append(f"memory: ingest of {n:,} articles peaks at {r['ingest']['peak_mb']:.0f} MB, of {n // 10:,} at "
                 f"{r['ingest_tenth']['peak_mb']:.0f} MB: {memory:.2f}x for 10x the articles (target: far below 10x)")
    extract_ratio = r["extract_1"]["seconds"] / n / floor
    lines.append(f"extraction / floor per article: {extract_ratio:.0f}x (target: at most 15x)")
    quads = r["quads"]
    rdflib_rate = r["write_rdflib"]["quads"] / r["write_rdflib"]["seconds"]
    rows = []
    for key, label in (("write_store", "store, a transaction per article (ingest)"),
                       ("write_bulk", "store, new articles by the bulk loader (ingest --bulk)"),
                       ("load_shards", "store, as shards (poros ingest --bulk shards/)")):
        rate = quads / r[key]["seconds"]
        compact = r[key].get("compact_seconds")
        with_compaction = "-" if compact is None else f"{quads / (r[key]['seconds'] + compact) / rdflib_rate:.1f}x"
        rows.append([label, f"{rate:,.0f}", f"{r[key]['seconds']:.1f}", f"{rate / rdflib_rate:.1f}x",
                     "-" if compact is None else f"{compact:.1f}", with_compaction, _mb(r[key])])
    lines += ["", _table(["write of the extracted quads", "quads/s", "seconds", "vs rdflib", "then compaction s",
                          "vs rdflib with it", "peak MB"], [
        *rows,
        ["rdflib Dataset in memory (baseline)", f"{rdflib_rate:,.0f}", f"{r['write_rdflib']['seconds']:.1f}", "1.0x",
         "-", "-", _mb(r["write_rdflib"])],
    ]), "(target: the store at least 10x faster than rdflib)", ""]
    export = r["export_turtle"]
    lines.append(f"poros export to Turtle: {r['turtle_mb']:.1f} MB in {export['seconds']:.1f} s "
                 f"({r['turtle_mb'] / export['seconds']:.1f} MB/s), peak {export['peak_mb']:.0f} MB")
    for block in r["questions"]:
        lines += ["", *_questions(block)]
    return "\n".join(lines)


def _questions(block: dict) -> list[str]:
    ours, theirs = block["oxigraph"], block["rdflib"]
    head = (f"ready questions at {ours['triples']:,} distinct triples ({ours['quads']:,} quads; built in "
            f"{ours['build_seconds']:.0f} s)")
    if theirs:
        head += f"; rdflib loaded the same quads in {theirs['load_seconds']:.0f} s"
    others = {row["name"]: row for row in theirs["rows"]} if theirs else {}
    rows = []
    for row in ours["rows"]:
        kept = row.get("kept_s")
        cells = [row["name"], str(row["rows"]), f"{row['median_s'] * 1000:.1f}", "-" if kept is None else f"{kept * 1000:.1f}"]
        if theirs:
            other = others[row["name"]]
            if other.get("error"):
                cells += [f"fails ({other['error']})", "-"]
            elif other["median_s"] is None:
                cells += [f"> {other['timeout_s']:.0f} s", f"> {other['timeout_s'] / row['median_s']:.0f}x"]
            else:
                cells += [f"{other['median_s'] * 1000:.1f}", f"{other['median_s'] / row['median_s']:.0f}x"]
        rows.append(cells)
    header = ["question", "rows", "oxigraph ms", "kept / index ms"] + (["rdflib ms", "speed-up"] if theirs else [])
    floor = ours["floor"]
    floor_line = (f"the store's floor at this size: one property of all {floor['dated_events']:,} dated events read in "
                  f"{floor['scan_s'] * 1000:.1f} ms (a scan); the dates of the busiest actor's "
                  f"{floor['actor_events']:,} events in {floor['lookup_s'] * 1000:.1f} ms (a lookup each)")
    kept_line = ("kept / index: a question whose header says '# keep:' answered from the answer its first ask "
                 "worked out and kept (graph/kept.py), one that says '# index:' from the event index "
                 f"(graph/event_index.py, built in {ours['index_seconds']:.1f} s: the first ask on a store new to it; "
                 "after a write it is brought up to date, see scripts/bench_refresh.py); "
                 "oxigraph and rdflib columns: the question's own query")
    return [head, "", _table(header, rows), kept_line, floor_line]


def _rate(seconds: float, articles: int, mb: float) -> list[str]:
    return [f"{articles / seconds:,.0f}", f"{mb / seconds:.2f}", f"{seconds / articles * 1000:.3f}"]


def _mb(result: dict) -> str:
    return f"{result['peak_mb']:.0f}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the generated corpus (10,000)")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes for the --jobs rows (0: every core)")
    parser.add_argument("--sizes", default="1400000,13400000",
                        help="synthetic store sizes for the questions, in quads (1,400,000 and 13,400,000: "
                             "about 1M and 10M distinct triples)")
    parser.add_argument("--rdflib-up-to", type=int, default=1_400_000,
                        help="compare with rdflib's engine at sizes up to this many quads (1,400,000)")
    parser.add_argument("--rdflib-timeout", type=float, default=2.0,
                        help="seconds before an rdflib query is cut (2), or 10.5 times Oxigraph's time if longer: "
                             "a cut question is still 10x slower than Oxigraph")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per question after a warm-up (5)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tmp", help="directory for the corpus and stores (default: the system temp dir)")
    parser.add_argument("--json", type=Path, help="also write every number as JSON")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    opts, rest = parser.parse_known_args()
    if opts.step:
        print(json.dumps(STEPS[opts.step](*rest)))
        return
    opts.sizes = [int(s) for s in opts.sizes.split(",") if s.strip()]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=opts.tmp) as tmp:
        result = run(opts, Path(tmp))
    result["seconds"] = time.perf_counter() - started
    print(report(result))
    print(f"\nthe whole benchmark took {result['seconds'] / 60:.1f} min "
          f"(peak RSS of this script: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    if opts.json:
        opts.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
