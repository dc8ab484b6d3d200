"""Extraction in worker processes (--jobs) and the bulk load of shards and backups."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import ROOT, SAMPLES, run

sys.path.insert(0, str(ROOT / "scripts"))
from make_corpus import articles  # noqa: E402

import graph.ingest as ingest_module  # noqa: E402
import graph.restore as restore_module  # noqa: E402
from graph.ingest import INLINE_FIRST, ingest  # noqa: E402
from graph.parallel import extract_one  # noqa: E402
from graph.store import open_store  # noqa: E402

COUNT = INLINE_FIRST + 90  # past the articles extracted before the pool starts


@pytest.fixture(scope="module")
def feed(tmp_path_factory) -> Path:
    """A generated feed with two broken lines among its articles, one in the part workers extract."""
    lines = [json.dumps(a, ensure_ascii=False) for a in articles(COUNT, seed=11)]
    lines.insert(10, "{not json")
    lines.insert(INLINE_FIRST + 40, '{"id": "no-text"}')
    path = tmp_path_factory.mktemp("feed") / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_ingest(paths, jobs: int, bulk: bool = False, location: str = "memory"):
    with open_store(location) as store:
        report = ingest(store, paths, jobs=jobs, bulk=bulk)
        return report, store.export("nquads")


def test_workers_give_the_same_graph_and_report_as_one_process(feed):
    one, one_bytes = run_ingest([feed, SAMPLES], jobs=1)
    two, two_bytes = run_ingest([feed, SAMPLES], jobs=2)
    assert one_bytes == two_bytes
    assert (two.articles, two.events, two.actors, two.places) == (one.articles, one.events, one.actors, one.places)
    assert two.articles == COUNT + 15
    assert [p.location for p in two.problems] == [p.location for p in one.problems]
    assert [p.location.rsplit(":", 1)[1] for p in two.problems] == ["11", str(INLINE_FIRST + 41)]


def test_a_bulk_ingest_gives_the_same_store_report_and_progress(feed, tmp_path):
    one, one_bytes = run_ingest([feed, SAMPLES], jobs=1)
    bulk, bulk_bytes = run_ingest([feed, SAMPLES], jobs=2, bulk=True, location=str(tmp_path / "store"))
    assert bulk_bytes == one_bytes
    assert (bulk.articles, bulk.events, bulk.actors, bulk.places) == (one.articles, one.events, one.actors, one.places)
    assert [(p.location, p.message) for p in bulk.problems] == [(p.location, p.message) for p in one.problems]
    again, again_bytes = run_ingest([feed], jobs=1, bulk=True, location=str(tmp_path / "store"))  # held: replaced
    assert again_bytes == one_bytes and again.articles == COUNT


def test_a_bulk_ingest_ends_by_compacting_the_store(feed, tmp_path, monkeypatch):
    table_files: list[tuple[int, int]] = []  # before and after each compaction
    compact = ingest_module.Store.compact

    def counting(self):
        before = len(list(Path(self.location).glob("*.sst")))
        compact(self)
        table_files.append((before, len(list(Path(self.location).glob("*.sst")))))

    monkeypatch.setattr(ingest_module.Store, "compact", counting)
    bulk, _ = run_ingest([feed, SAMPLES], jobs=1, bulk=True, location=str(tmp_path / "store"))
    assert bulk.compact_seconds is not None and "compacting the store took" in bulk.summary("ingested")
    assert len(table_files) == 1 and table_files[0][1] < table_files[0][0]
    held, _ = run_ingest([SAMPLES], jobs=1, bulk=True, location=str(tmp_path / "store"))  # transactions only
    plain, _ = run_ingest([SAMPLES], jobs=1, location=str(tmp_path / "plain"))
    assert held.compact_seconds is None and plain.compact_seconds is None and len(table_files) == 1
    assert "compacting" not in held.summary("ingested")
    in_memory, _ = run_ingest([SAMPLES], jobs=1, bulk=True)  # as `poros extract` writes: nothing to compact
    assert in_memory.compact_seconds is None and "compacting" not in in_memory.summary("extracted")
    assert in_memory.articles == 15 and len(table_files) == 1


@pytest.mark.parametrize("bulk", [False, True])
def test_progress_sees_every_input_in_order(feed, bulk):
    seen: list[str] = []
    with open_store("memory") as store:
        ingest(store, [feed], jobs=2, bulk=bulk,
               progress=lambda item: seen.append(getattr(item, "id", None) or item.location))
    ids = [s for s in seen if s.startswith("gen-")]
    assert ids == sorted(ids) and len(ids) == COUNT and len(seen) == COUNT + 2


def test_a_failing_article_becomes_a_problem_not_a_lost_run(monkeypatch):
    import graph.parallel as parallel_module
    from graph.kb import load_knowledge_base
    from graph.model import Article, Problem

    def broken(article, kb=None):
        raise KeyError("slot")

    monkeypatch.setattr(parallel_module, "extract_article", broken)
    outcome = extract_one(Article(id="x", text="Rusia mengecam Ukraina.", origin="in/x.txt"), load_knowledge_base())
    assert isinstance(outcome, Problem)
    assert outcome.location == "in/x.txt" and "internal error while extracting (KeyError: 'slot')" in outcome.message


def test_cli_jobs_option(runner, tmp_path, feed):
    store = tmp_path / "s"
    result = run(runner, "ingest", "--store", store, "--jobs", "2", feed, ok=False)
    assert result.exit_code == 1  # the two broken lines are refused, the rest goes in
    assert f"ingested {COUNT} articles" in result.output
    out = tmp_path / "x.nq"
    run(runner, "extract", "-j", "2", SAMPLES, "-o", out)
    assert out.read_bytes() == run_extract_single(runner, tmp_path)


def run_extract_single(runner, tmp_path) -> bytes:
    out = tmp_path / "single.nq"
    run(runner, "extract", "--jobs", "1", SAMPLES, "-o", out)
    return out.read_bytes()


def test_workers_end_when_the_ingest_is_killed(tmp_path):
    feed = tmp_path / "big.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in articles(3000, seed=3)), encoding="utf-8")
    poros = Path(sys.executable).with_name("poros")
    process = subprocess.Popen([str(poros), "ingest", "--store", str(tmp_path / "s"), "--jobs", "2", str(feed)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers = _wait_for_children(process.pid, 2, timeout=60)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if _alive(pid)]
    finally:
        if process.poll() is None:
            process.kill()


def _wait_for_children(pid: int, count: int, timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = _children(pid)
        if len(children) >= count:
            return children
        time.sleep(0.05)
    pytest.fail(f"the ingest started no {count} workers in {timeout} s")


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"


# bulk load of shards and backups -----------------------------------------------------------------

@pytest.mark.parametrize("bulk", [False, True])
def test_a_folder_of_shards_loads_in_batches_as_the_articles_would(tmp_path, feed, monkeypatch, bulk):
    reference, exported = run_ingest([feed], jobs=1)
    shards = tmp_path / "shards"
    shards.mkdir()
    quads = list(ox.parse(exported, format=ox.RdfFormat.N_QUADS))
    graphs = sorted({str(q.graph_name) for q in quads})
    first = set(graphs[:len(graphs) // 2])  # a graph lies in one shard, as the Dask engine writes them
    for name, part in (("part-00000.nq", True), ("part-00001.nq", False)):
        chosen = [q for q in quads if (str(q.graph_name) in first) == part]
        (shards / name).write_bytes(ox.serialize(chosen, format=ox.RdfFormat.N_QUADS))
    monkeypatch.setattr(restore_module, "BATCH_QUADS", 500)  # many batches
    writes = []
    transaction, bulk_load = ingest_module.Store.add_quads, ingest_module.Store.add_new_graphs
    monkeypatch.setattr(ingest_module.Store, "add_quads", lambda self, q: (
        writes.append(("transaction", sorted({x.graph_name.value for x in q}), len(q))), transaction(self, q)))
    monkeypatch.setattr(ingest_module.Store, "add_new_graphs", lambda self, iris, q: (
        writes.append(("bulk", sorted(iris), len(q))), bulk_load(self, iris, q)))
    with open_store(tmp_path / "store") as store:
        report = ingest(store, [shards], bulk=bulk)
        assert store.export("nquads") == exported
    assert report.restored == reference.articles and report.refused == 0
    assert {how for how, _, _ in writes} == {"bulk" if bulk else "transaction"}
    # whole graphs per batch: a few hundred quads each, but the knowledge base's graph goes in whole
    sizes = [size for _, _, size in writes if size]
    assert len(sizes) > 10 and sorted(sizes)[-2] < 500 + 200 and max(sizes) > 30_000
    loaded = [iri for _, iris, _ in writes for iri in iris]
    assert sorted(loaded) == sorted(g[1:-1] for g in graphs)  # each graph in exactly one batch


def test_a_shard_replaces_graphs_the_store_already_holds(tmp_path):
    doc = "https://w3id.org/poros/doc/a1"
    mention = ox.NamedNode("https://w3id.org/poros/ontology#mentions")
    old = ox.Quad(ox.NamedNode(doc), mention, ox.NamedNode("https://w3id.org/poros/entity/state/IDN"), ox.NamedNode(doc))
    new = ox.Quad(ox.NamedNode(doc), mention, ox.NamedNode("https://w3id.org/poros/entity/state/RUS"), ox.NamedNode(doc))
    shard = tmp_path / "part-00000.nq"
    shard.write_bytes(ox.serialize([new], format=ox.RdfFormat.N_QUADS))
    with open_store(tmp_path / "store") as store:
        store.add_quads([old])
        ingest(store, [shard])
        held = {str(q.object) for q in store.backend.quads_for_pattern(None, mention, None, ox.NamedNode(doc))}
    assert held == {str(new.object)}


def test_a_workers_ntriples_text_is_the_articles_triples():
    """The text a worker hands over (made from the terms, not from ox.Triple) parses to the same
    triples, in the same order, as `article_triples` and `article_quads` give."""
    from graph.kb import load_knowledge_base
    from graph.model import Article
    from graph.pipeline import extract_article
    from graph.rdf.build import article_quads, article_triples
    from graph.rdf.terms import document_iri
    from graph.read import read_paths

    kb = load_knowledge_base()
    hostile = Article("h1", 'Presiden Joko Widodo bertemu "Xi Jinping" di Beijing pada 2 Mei 2024.\n\\ <b>\u2028 \t',
                      title='Judul "kutip" \\ \r\n', url="http://example.org/a b", outlet="<x>")
    found = [item for item in read_paths([SAMPLES]) if isinstance(item, Article)][:20] + [hostile]
    for article in found:
        done = extract_one(article, kb)
        extraction = extract_article(article, kb)
        parsed = [quad.triple for quad in ox.parse(done.ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
        assert parsed == article_triples(extraction)
        graph = ox.NamedNode(document_iri(article.id))
        assert article_quads(extraction) == [ox.Quad(t.subject, t.predicate, t.object, graph) for t in parsed]
    assert len(found) > 10
