"""The store: replace, remove, atomic writes, format marker, locking."""
from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
from conftest import SAMPLES

from graph.errors import QueryError, StoreError
from graph.ingest import ingest
from graph.rdf.terms import DCTERMS, KB_GRAPH, POROS, PREFIXES, RDF, document_iri
from graph.store import MARKER, STORE_FORMAT, open_store


def doc_quads(article_id: str, *mentions: str) -> list[ox.Quad]:
    doc = ox.NamedNode(document_iri(article_id))
    quads = [ox.Quad(doc, ox.NamedNode(RDF + "type"), ox.NamedNode(POROS + "Document"), doc),
             ox.Quad(doc, ox.NamedNode(DCTERMS + "identifier"), ox.Literal(article_id), doc)]
    for name in mentions:
        actor = ox.NamedNode("https://w3id.org/poros/entity/" + name)
        quads += [ox.Quad(doc, ox.NamedNode(POROS + "mentions"), actor, doc),
                  ox.Quad(actor, ox.NamedNode(RDF + "type"), ox.NamedNode(POROS + "State"), doc)]
    return quads


def mentioned(store) -> set[str]:
    return {r["x"].value.rsplit("/", 1)[-1] for r in store.query("SELECT DISTINCT ?x WHERE { ?d poros:mentions ?x }")}


def test_putting_an_article_again_replaces_it(store_dir):
    with open_store(store_dir) as store:
        store.put_article("a", doc_quads("a", "russia", "china"))
        store.put_article("a", doc_quads("a", "india"))
        assert mentioned(store) == {"india"}
        assert store.article_ids() == ["a"]


def test_removing_an_article_keeps_what_others_support(store_dir):
    with open_store(store_dir) as store:
        store.put_article("a", doc_quads("a", "russia", "china"))
        store.put_article("b", doc_quads("b", "russia"))
        assert store.remove_article("a") is True
        assert mentioned(store) == {"russia"}
        assert store.stats().actors["State"] == 1
        assert store.remove_article("a") is False


def test_a_failing_write_leaves_the_store_as_it_was(store_dir):
    with open_store(store_dir) as store:
        store.put_article("a", doc_quads("a", "russia"))
        before = store.export("nquads")

        class Broken:
            subject = ox.NamedNode("http://example.org/s")
            predicate = ox.NamedNode("http://example.org/p")
            object = "<unterminated"

        with pytest.raises(StoreError):
            store.put_article("a", [*doc_quads("a", "china"), Broken()])
        assert store.export("nquads") == before


def test_the_store_persists_and_records_its_format(store_dir):
    with open_store(store_dir) as store:
        store.put_article("a", doc_quads("a", "russia"))
    assert json.loads((store_dir / MARKER).read_text())["format"] == STORE_FORMAT
    with open_store(store_dir, create=False) as store:
        assert store.article_ids() == ["a"]


def test_a_newer_store_format_is_refused(store_dir):
    with open_store(store_dir):
        pass
    (store_dir / MARKER).write_text(json.dumps({"format": STORE_FORMAT + 1}))
    with pytest.raises(StoreError, match="newer than this poros understands"):
        open_store(store_dir)


def test_a_folder_that_is_not_a_store_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a poros store"):
        open_store(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_missing_store_is_not_created_for_reading(store_dir):
    with pytest.raises(StoreError, match="no store at"):
        open_store(store_dir, create=False)
    assert not store_dir.exists()


def test_a_locked_store_is_refused_clearly(store_dir):
    with open_store(store_dir):
        with pytest.raises(StoreError, match="in use by another poros process"):
            open_store(store_dir)


def test_bad_sparql_says_where(store_dir):
    with open_store("memory") as store:
        with pytest.raises(QueryError, match=r"bad SPARQL: error at 1:\d+"):
            store.query("SELEC ?x WHERE { ?x ?p ?o }")


def test_export_is_sorted_and_byte_identical(store_dir):
    with open_store("memory") as one, open_store("memory") as two:
        one.put_article("a", doc_quads("a", "russia"))
        one.put_article("b", doc_quads("b", "china"))
        two.put_article("b", doc_quads("b", "china"))
        two.put_article("a", doc_quads("a", "russia"))
        for fmt in ("turtle", "nt", "nquads", "trig", "jsonld"):
            assert one.export(fmt) == two.export(fmt), fmt
        assert one.export("turtle").startswith(b"@prefix")


def test_an_article_that_fails_is_reported_and_the_others_go_in(store_dir, tmp_path, monkeypatch):
    import graph.ingest as ingest_module
    import graph.parallel as parallel_module
    from graph.model import Article

    (tmp_path / "in").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / "in" / f"{name}.txt").write_text(f"Kanada mengecam China. Artikel {name}.", encoding="utf-8")
    real = parallel_module.extract_article

    def failing(article: Article, kb=None):
        if article.id == "b":
            raise RuntimeError("boom")
        return real(article, kb)

    with open_store(store_dir) as store:
        store.put_article("b", doc_quads("b", "india"))
        monkeypatch.setattr(parallel_module, "extract_article", failing)
        report = ingest_module.ingest(store, [tmp_path / "in"])
        assert report.articles == 2 and [p.location for p in report.problems] == [str(tmp_path / "in" / "b.txt")]
        assert "internal error while extracting (RuntimeError: boom)" in report.problems[0].message
        assert store.article_ids() == ["a", "b", "c"]
        assert "india" in mentioned(store)  # b as it was before the failing run


def test_opening_read_only_retries_when_a_writer_just_removed_a_table(store_dir, monkeypatch):
    import types

    import graph.store as module

    with open_store(store_dir):
        pass
    calls = []

    def flaky(path):
        calls.append(path)
        if len(calls) == 1:
            raise OSError("IO error: No such file or directory: While open a file for random read: 000012.sst")
        if len(calls) == 2:  # as RocksDB words it when the manifest names a table just removed
            raise RuntimeError("Corruption: IO error: No such file or directory: While open a file for random "
                               "read: 000074.sst  The file MANIFEST-000005 may be corrupted.")
        return ox.Store()

    monkeypatch.setattr(module, "ox", types.SimpleNamespace(**{**vars(ox), "Store": types.SimpleNamespace(read_only=flaky)}))
    monkeypatch.setattr(module, "READ_RETRY_DELAYS", (0, 0, 0, None))
    assert module.open_read_only(store_dir).read_only and len(calls) == 3
    calls.clear()
    monkeypatch.setattr(module, "READ_RETRY_DELAYS", (0, None))
    with pytest.raises(StoreError, match="cannot read store .*No such file"):
        module.open_read_only(store_dir)


def test_export_streams_the_same_order_as_sorting_everything(store_dir):
    from graph.store import _triple_key

    with open_store(store_dir) as store:
        ingest(store, [SAMPLES])
        for with_kb in (True, False):
            quads = [q for q in store.backend.quads_for_pattern(None, None, None)
                     if with_kb or q.graph_name != ox.NamedNode(KB_GRAPH)]
            expected_quads = sorted(quads, key=lambda q: (str(q.graph_name), *_triple_key(q)))
            assert store.quads(with_kb) == expected_quads
            expected_triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=_triple_key)
            assert store.triples(with_kb) == expected_triples
            stream = io.BytesIO()
            store.write_export(stream, "turtle", with_kb)
            assert stream.getvalue() == ox.serialize(expected_triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def test_compacting_keeps_every_statement_and_a_failure_is_one_line(store_dir):
    with open_store(store_dir) as store:
        store.add_new_graphs([document_iri("a")], doc_quads("a", "russia"))
        store.add_new_graphs([document_iri("b")], doc_quads("b", "china"))
        before = store.export("nquads")
        store.compact()
        assert store.export("nquads") == before

        class Failing:
            def optimize(self):
                raise OSError("IO error: No space left on device\ndetails")

        store._backend = Failing()
        with pytest.raises(StoreError, match=r"^could not compact the store: IO error: No space left on device$"):
            store.compact()
        store._backend = None
