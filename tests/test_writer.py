"""Writing extracted articles: new ones by batches of the bulk loader, held ones replaced in a
transaction, outcomes in input order; a bulk load a crash interrupts is dropped on the next open."""
from __future__ import annotations

import json
import subprocess
import sys

import pyoxigraph as ox
import pytest

from graph.errors import StoreError
from graph.model import Article, Problem
from graph.parallel import Extracted
from graph.rdf.terms import DCTERMS, POROS, RDF, document_iri
from graph.store import JOURNAL, open_store
from graph.writer import ArticleWriter
from tests.conftest import ROOT


def extracted(article_id: str, *mentions: str) -> Extracted:
    doc = ox.NamedNode(document_iri(article_id))
    triples = [ox.Triple(doc, ox.NamedNode(RDF + "type"), ox.NamedNode(POROS + "Document")),
               ox.Triple(doc, ox.NamedNode(DCTERMS + "title"), ox.Literal(f"two\nlines . of {article_id}"))]
    triples += [ox.Triple(doc, ox.NamedNode(POROS + "mentions"), ox.NamedNode(POROS + name)) for name in mentions]
    text = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
    return Extracted(Article(article_id, "text"), text, 0, frozenset(mentions), frozenset())


def graph_of(store, article_id: str) -> set[ox.Triple]:
    graph = ox.NamedNode(document_iri(article_id))
    return {ox.Triple(q.subject, q.predicate, q.object) for q in store.backend.quads_for_pattern(None, None, None, graph)}


def expected_graph(item: Extracted) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(input=item.ntriples, format=ox.RdfFormat.N_TRIPLES)}


def write_all(store, outcomes, batch_quads: int, bulk: bool = True) -> list:
    writer = ArticleWriter(store, bulk, batch_quads=batch_quads)
    written = [w for outcome in outcomes for w in writer.put(outcome)]
    return written + writer.finish()


def test_outcomes_come_back_in_input_order_once_written(tmp_path):
    outcomes = [extracted("a", "x"), Problem("feed.jsonl:2", "not JSON"), extracted("b"), extracted("c", "y", "z")]
    with open_store(tmp_path / "store") as store:
        writer = ArticleWriter(store, bulk=True, batch_quads=100)
        assert writer.put(outcomes[0]) == []  # waits for its batch
        assert writer.put(outcomes[1]) == []  # a refusal waits behind it, keeping its place
        assert writer.put(outcomes[2]) == [] and not store.holds_graph(document_iri("a"))
        assert writer.finish() == outcomes[:3]
        assert writer.put(outcomes[3]) == [] and writer.finish() == outcomes[3:]
        for item in (outcomes[0], outcomes[2], outcomes[3]):
            assert graph_of(store, item.article.id) == expected_graph(item)


def test_a_refusal_with_nothing_waiting_comes_back_at_once(tmp_path):
    with open_store(tmp_path / "store") as store:
        problem = Problem("x.html", "empty")
        assert ArticleWriter(store, bulk=True).put(problem) == [problem]


def test_batches_grow_to_their_limit_and_hold_whole_articles(tmp_path, monkeypatch):
    loads = []
    with open_store(tmp_path / "store") as store:
        real = store.add_new_graphs
        monkeypatch.setattr(store, "add_new_graphs", lambda iris, data: (loads.append(iris), real(iris, data)))
        items = [extracted(f"a{i}", *(f"m{j}" for j in range(i % 5))) for i in range(60)]
        assert write_all(store, items, batch_quads=40) == items
        assert sorted(i for batch in loads for i in batch) == sorted(document_iri(f"a{i}") for i in range(60))
        assert len(loads) > 5 and all(graph_of(store, item.article.id) == expected_graph(item) for item in items)


def test_an_article_the_store_holds_is_replaced_and_a_repeat_in_the_batch_wins(tmp_path):
    with open_store(tmp_path / "store") as store:
        store.put_article_ntriples("a", extracted("a", "old").ntriples)
        newer, first_b, second_b = extracted("a", "new"), extracted("b", "one"), extracted("b", "two")
        assert write_all(store, [first_b, newer, second_b], batch_quads=1000) == [first_b, newer, second_b]
        assert graph_of(store, "a") == expected_graph(newer)
        assert graph_of(store, "b") == expected_graph(second_b)


def test_a_failing_bulk_load_falls_back_to_one_article_at_a_time(tmp_path, monkeypatch):
    def refuse(iris, data):
        raise StoreError("could not write: disk full")

    with open_store(tmp_path / "store") as store:
        monkeypatch.setattr(store, "add_new_graphs", refuse)
        real = store.put_article_ntriples

        def second_fails(article_id, text):
            if article_id == "b":
                raise StoreError("could not write article 'b': disk full")
            real(article_id, text)

        monkeypatch.setattr(store, "put_article_ntriples", second_fails)
        items = [extracted("a"), extracted("b"), extracted("c")]
        written = write_all(store, items, batch_quads=1000)
        assert written[0] is items[0] and written[2] is items[2]
        assert written[1] == Problem("b", "could not write article 'b': disk full")
        assert store.article_ids() == ["a", "c"]


def test_a_bulk_load_of_bad_data_writes_nothing_and_says_so_in_one_line(tmp_path):
    with open_store(tmp_path / "store") as store:
        store.put_article_ntriples("kept", extracted("kept").ntriples)
        good = f"<{document_iri('new')}> <{RDF}type> <{POROS}Document> <{document_iri('new')}> .\n"
        with pytest.raises(StoreError) as err:
            store.add_new_graphs([document_iri("new")], (good * 3 + "<broken\n").encode())
        assert str(err.value).startswith("could not write 1 graph: ") and "\n" not in str(err.value)
        assert store.article_ids() == ["kept"] and not list((tmp_path / "store").glob(JOURNAL.format("*")))


CRASH_IN_BULK_LOAD = """
import os, sys
import pyoxigraph as ox
from graph.store import open_store
from graph.rdf.terms import document_iri

class Crashing:
    def __init__(self, backend):
        self.backend = backend
    def bulk_extend(self, quads):
        self.backend.bulk_extend(quads[:len(quads) // 2])  # half of the batch is on disk
        self.backend.flush()
        os._exit(9)
    def __getattr__(self, name):
        return getattr(self.backend, name)

store = open_store(sys.argv[1])
kept = ox.NamedNode(document_iri("kept"))
store.put_article("kept", [ox.Quad(kept, ox.NamedNode("https://w3id.org/poros/ontology#p"), ox.Literal("1"), kept)])
store.flush()
store._backend = Crashing(store._backend)
graphs = [document_iri(f"new{i}") for i in range(10)]
quads = [ox.Quad(ox.NamedNode(g), ox.NamedNode("https://w3id.org/poros/ontology#p"), ox.Literal(str(j)), ox.NamedNode(g))
         for g in graphs for j in range(20)]
store.add_new_graphs(graphs, quads)
"""


def test_a_bulk_load_killed_half_way_is_dropped_when_the_store_opens_again(tmp_path):
    crash = subprocess.run([sys.executable, "-c", CRASH_IN_BULK_LOAD, str(tmp_path / "store")], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert crash.returncode == 9, crash.stderr
    [journal] = (tmp_path / "store").glob(JOURNAL.format("*"))
    assert len(json.loads(journal.read_text(encoding="utf-8"))) == 10
    with open_store(tmp_path / "store") as store:
        assert store.article_ids() == ["kept"]  # not half of the new ones
        assert len(store.backend) == 1
    assert not journal.exists()


def test_an_unreadable_journal_is_a_one_line_error(tmp_path):
    open_store(tmp_path / "store").close()
    (tmp_path / "store" / JOURNAL.format("x")).write_text("{half", encoding="utf-8")
    with pytest.raises(StoreError, match=f"has an unreadable {JOURNAL.format('x')}"):
        open_store(tmp_path / "store")


def test_without_bulk_each_article_is_written_at_once_in_a_transaction(tmp_path, monkeypatch):
    with open_store(tmp_path / "store") as store:
        monkeypatch.setattr(store, "add_new_graphs", lambda iris, data: pytest.fail("bulk load without bulk"))
        writer = ArticleWriter(store)
        first = extracted("a", "x")
        assert writer.put(first) == [first] and graph_of(store, "a") == expected_graph(first)
        problem = Problem("feed.jsonl:2", "not JSON")
        assert writer.put(problem) == [problem] and writer.finish() == []


def test_a_reader_after_a_crash_in_a_bulk_load_sees_no_half_batch(tmp_path):
    from graph.store import open_read_only

    crash = subprocess.run([sys.executable, "-c", CRASH_IN_BULK_LOAD, str(tmp_path / "store")], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert crash.returncode == 9, crash.stderr
    with open_read_only(tmp_path / "store") as reader:
        assert reader.article_ids() == ["kept"]
    assert not list((tmp_path / "store").glob(JOURNAL.format("*")))


def test_a_reader_beside_a_writer_leaves_its_journals_alone(tmp_path):
    from graph.store import open_read_only

    with open_store(tmp_path / "store") as writer:
        writer.put_article_ntriples("kept", extracted("kept").ntriples)
        writer.flush()
        journal = tmp_path / "store" / JOURNAL.format("in-progress")
        journal.write_text(json.dumps([document_iri("kept")]), encoding="utf-8")
        with open_read_only(tmp_path / "store") as reader:
            assert reader.article_ids() == ["kept"]
        assert journal.exists()


def test_a_store_of_one_request_at_a_time_loads_in_the_calling_thread(tmp_path, monkeypatch):
    import threading

    with open_store(tmp_path / "store") as store:
        store.loads_in_threads = False
        threads = []
        real = store.add_new_graphs
        monkeypatch.setattr(store, "add_new_graphs",
                            lambda iris, data: (threads.append(threading.current_thread()), real(iris, data)))
        items = [extracted(f"a{i}", "x", "y") for i in range(30)]
        assert write_all(store, items, batch_quads=20) == items
        assert len(threads) > 3 and set(threads) == {threading.main_thread()}
        assert store.article_ids() == sorted(f"a{i}" for i in range(30))
