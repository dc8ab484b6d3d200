"""Keeping the event index up to date (graph/event_index.py `refresh`, graph/writes.py): after a
write the store's log names, the kept index is brought up to date in place, table for table what a
build from all the data gives; after a write the log cannot name, it is built again."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import SAMPLES, run, shared_events, write

from graph import event_index, writes
from graph.api import Poros
from graph.rdf.terms import ENT, EVENT, POROS, RDFS, document_iri
from graph.store import ANSWERS, files_stamp, open_read_only, open_store
from test_event_index import assert_same, awkward_quads

# every table a question reads, in full (said's rowids and the text index's own tables aside)
TABLES = {"ends": "*", "dated": "*", "typed": "*", "said": "event, doc, value, folded", "docs": "*", "summary": "*",
          "pair_rows": "*", "names": "*", "doc_articles": "*"}
ARTICLES = sorted((SAMPLES / "articles").glob("*.txt"))


def kept(path: Path) -> Path:
    return path / ANSWERS / event_index.FILE


def tables(index: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(index) as db:
        # the text index holds each sentence's trigrams, and no sentence's that is gone (else this raises)
        db.execute("INSERT INTO said_text(said_text, rank) VALUES ('integrity-check', 1)")
        found = {t: sorted(db.execute(f"SELECT {c} FROM {t}").fetchall(), key=repr) for t, c in TABLES.items()}
        found["said_text"] = sorted(db.execute(  # the text index finds each sentence by its trigrams
            "SELECT s.event, s.doc FROM said s WHERE s.rowid IN "
            "(SELECT rowid FROM said_text WHERE said_text MATCH '\"the\" OR \"ada\" OR \"ing\"')").fetchall())
    return found


def ask(path: Path, a: str = "Joko Widodo", b: str = "Vladimir Putin") -> bool:
    """Ask the four questions the index answers, check their answers, and say whether the kept
    index was brought up to date in place (else it was built anew)."""
    before = kept(path).stat().st_ino if kept(path).is_file() else None
    with open_read_only(path) as store:
        assert_same(store, "search", {"text": "a"})
        assert_same(store, "timeline", {"a": a, "b": b})
        assert_same(store, "meetings", {"leader": a, "from": "2000", "to": "2030"})
        assert_same(store, "evidence", {"type": "CONSULT"})
    return kept(path).stat().st_ino == before


def built_anew(path: Path, tmp_path: Path) -> dict[str, list[tuple]]:
    fresh = tmp_path / "fresh.sqlite"
    fresh.unlink(missing_ok=True)
    with open_read_only(path) as store:
        event_index.build(store, fresh, store.data_stamp())
    return tables(fresh)


def assert_as_built(path: Path, tmp_path: Path) -> None:
    refreshed, fresh = tables(kept(path)), built_anew(path, tmp_path)
    for table in refreshed:
        assert refreshed[table] == fresh[table], table
    assert all(refreshed[t] for t in ("ends", "said", "summary", "names", "said_text"))


def ingest(path: Path, *args) -> None:
    run(CliRunner(), "--quiet", "ingest", "--store", str(path), *map(str, args))


@pytest.fixture
def indexed(tmp_path: Path) -> Path:
    """A store of the samples but the first two, whose index is built."""
    path = tmp_path / "store"
    ingest(path, *ARTICLES[2:])
    assert not ask(path)
    return path


def test_new_articles_are_added_in_place(indexed: Path, tmp_path: Path) -> None:
    ingest(indexed, ARTICLES[0])
    assert ask(indexed)
    assert_as_built(indexed, tmp_path)
    ingest(indexed, "--bulk", ARTICLES[1])  # the bulk loader, and the compaction after it
    assert ask(indexed)
    assert_as_built(indexed, tmp_path)


def test_a_removed_article_takes_its_rows_away(indexed: Path, tmp_path: Path) -> None:
    with open_read_only(indexed) as store:
        events = len(list(store.query(f"SELECT DISTINCT ?e WHERE {{ GRAPH <{document_iri(ARTICLES[3].stem)}> "
                                      "{ ?e poros:ploverType ?t } }")))
    assert events > 0
    run(CliRunner(), "--quiet", "remove", "--store", str(indexed), ARTICLES[3].stem)
    assert ask(indexed)
    assert_as_built(indexed, tmp_path)


def test_an_article_written_again_loses_what_it_said_before(indexed: Path, tmp_path: Path) -> None:
    """The article's new text says other things: the events only its old text had are gone."""
    renamed = write(tmp_path / "again" / ARTICLES[3].name, ARTICLES[0].read_text(encoding="utf-8"))
    before = tables(kept(indexed))
    ingest(indexed, renamed)
    assert ask(indexed)
    assert_as_built(indexed, tmp_path)
    assert tables(kept(indexed))["summary"] != before["summary"]


def test_a_users_entity_file_renames_actors(indexed: Path, tmp_path: Path) -> None:
    entities = write(tmp_path / "mine.ttl", f"""@prefix rdfs: <{RDFS}> . @prefix poros: <{POROS}> .
<{ENT}putin> a poros:Person ; rdfs:label "Pak Putin"@id .
<{ENT}my-new-actor> a poros:State ; rdfs:label "Negeri Contoh"@id .
""")
    ingest(indexed, entities)
    assert ask(indexed)
    assert_as_built(indexed, tmp_path)
    with open_read_only(indexed) as store, event_index.opened(store) as index:
        assert index.actor("Pak Putin") == ox.NamedNode(f"{ENT}putin")
        assert index.actor("negeri contoh") == ox.NamedNode(f"{ENT}my-new-actor")


def test_events_many_articles_report_are_counted_again(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with open_store(path) as store:
        store.add_quads(shared_events(60, reports=9))
        store.add_quads(awkward_quads())
    shared = (f"{ENT}shared-a1", f"{ENT}shared-b3")
    assert not ask(path, *shared)
    with open_store(path, create=False) as store:
        assert store.remove_article("shared-report-4")
        store.add_quads(shared_events(80, reports=11)[-400:])
    assert ask(path, *shared)
    assert_as_built(path, tmp_path)
    with open_read_only(path) as store:
        assert_same(store, "timeline", {"a": f"{ENT}shared-a1", "b": f"{ENT}shared-b3"})
        assert_same(store, "search", {"text": "reports shared event 7"})


def test_the_writing_handle_brings_it_up_to_date(tmp_path: Path) -> None:
    with Poros(tmp_path / "store") as db:
        db.ingest(*ARTICLES[2:])
        first = db.ask("search", text="a")
        inode = kept(tmp_path / "store").stat().st_ino
        db.ingest(*ARTICLES[:2])
        assert db.ask("search", text="a") != first
        assert kept(tmp_path / "store").stat().st_ino == inode
        assert_same(db.store, "search", {"text": "a"})
        db.remove(ARTICLES[0].stem)
        assert_same(db.store, "timeline", {"a": "Joko Widodo", "b": "Vladimir Putin"})
        assert kept(tmp_path / "store").stat().st_ino == inode
    assert_as_built(tmp_path / "store", tmp_path)


def test_writes_the_log_cannot_name_build_it_again(indexed: Path, tmp_path: Path) -> None:
    with open_store(indexed, create=False) as store:  # through the backend: any graph, or none
        store.backend.extend([ox.Quad(ox.NamedNode(f"{EVENT}x"), ox.NamedNode(f"{POROS}evidence"),
                                      ox.Literal("a sentence of nobody's"), ox.NamedNode(document_iri("x")))])
    assert not ask(indexed)
    with open_store(indexed, create=False) as store:  # the default graph is no graph the log names
        store.add_quads([ox.Quad(ox.NamedNode(f"{EVENT}y"), ox.NamedNode(f"{POROS}evidence"), ox.Literal("y"))])
    assert not ask(indexed)
    with open_store(indexed, create=False) as store:  # blank nodes cannot be asked for again
        store.add_quads([ox.Quad(ox.BlankNode(), ox.NamedNode(f"{POROS}evidence"), ox.Literal("z"),
                                 ox.NamedNode(document_iri("z")))])
    assert not ask(indexed)
    ingest(indexed, ARTICLES[0])
    (indexed / ANSWERS / writes.LOG).unlink()  # no log
    assert not ask(indexed)
    ingest(indexed, ARTICLES[1])
    log = indexed / ANSWERS / writes.LOG
    write(log, "not json\n" + log.read_text(encoding="utf-8").splitlines()[-1][:-5] + "\n")  # a line cut short
    assert not ask(indexed)
    assert_as_built(indexed, tmp_path)


def test_a_write_by_another_program_breaks_the_links(indexed: Path, tmp_path: Path) -> None:
    ingest(indexed, ARTICLES[0])
    with open_store(indexed, create=False) as store:
        store.log = None  # writes as a program that keeps no log
        store.put_article_ntriples("other", f"<{EVENT}o> <{POROS}evidence> \"said elsewhere\" .\n")
    ingest(indexed, ARTICLES[1])  # its line starts where the other program left the files
    assert not ask(indexed)
    assert_as_built(indexed, tmp_path)


def test_too_much_changed_builds_it_again(indexed: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(event_index, "REFRESH_MIN", 10)
    monkeypatch.setattr(event_index, "REFRESH_SHARE", 1000)
    ingest(indexed, ARTICLES[0])
    assert not ask(indexed)
    monkeypatch.undo()
    ingest(indexed, ARTICLES[1])
    assert ask(indexed)


def test_a_failed_refresh_leaves_the_index_as_it_was(indexed: Path, tmp_path: Path, monkeypatch) -> None:
    stamp_before = sqlite3.connect(kept(indexed)).execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
    before = tables(kept(indexed))

    def half_then_fail(store, db, changes) -> bool:
        db.execute("DELETE FROM summary")
        raise sqlite3.OperationalError("disk I/O error")

    ingest(indexed, ARTICLES[0])
    monkeypatch.setattr(event_index, "refresh", half_then_fail)
    monkeypatch.setattr(event_index, "build", lambda *args: (_ for _ in ()).throw(sqlite3.OperationalError("full")))
    with open_read_only(indexed) as store:
        assert_same(store, "search", {"text": "a"})  # the question's own query answers
    assert tables(kept(indexed)) == before
    assert sqlite3.connect(kept(indexed)).execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone() == stamp_before


# the log ------------------------------------------------------------------------------------------

def line(before: str, after: str, graphs=(), terms=(), everything: bool = False) -> str:
    return json.dumps({"before": writes.stamp_key(((before, 1, 1),)), "after": writes.stamp_key(((after, 1, 1),)),
                       "graphs": list(graphs), "terms": list(terms), "all": everything}) + "\n"


def stamp(name: str) -> tuple:
    return ((name, 1, 1),)


def test_the_log_links_stamps_through_every_line_between(tmp_path: Path) -> None:
    write(tmp_path / writes.LOG, line("a", "b", ["g1"], ["t1"]) + "garbage\n" + line("b", "c") + line("x", "y", ["gx"])
          + line("c", "d", ["g2"]))
    changes = writes.changes_between(tmp_path, stamp("a"), stamp("d"))
    assert (changes.graphs, changes.terms, changes.all) == ({"g1", "g2"}, {"t1"}, False)
    assert writes.changes_between(tmp_path, stamp("b"), stamp("c")).graphs == set()
    assert writes.changes_between(tmp_path, stamp("d"), stamp("d")).graphs == set()
    assert writes.changes_between(tmp_path, stamp("a"), stamp("y")) is None  # no line leads from d to x
    assert writes.changes_between(tmp_path, stamp("d"), stamp("a")) is None  # nor back
    assert writes.changes_between(tmp_path / "none", stamp("a"), stamp("b")) is None
    write(tmp_path / writes.LOG, line("a", "b") + line("b", "c", everything=True))
    assert writes.changes_between(tmp_path, stamp("a"), stamp("c")).all
    # two lines from the same files: two writers raced, and the links cannot be trusted
    write(tmp_path / writes.LOG, line("a", "b", ["g1"]) + line("b", "c", ["g2"]) + line("b", "d", ["g3"]))
    assert writes.changes_between(tmp_path, stamp("a"), stamp("b")).graphs == {"g1"}
    assert writes.changes_between(tmp_path, stamp("a"), stamp("d")) is None
    assert writes.changes_between(tmp_path, stamp("a"), stamp("c")) is None


def test_a_writer_opens_and_closes_the_store_in_its_own_turn(tmp_path: Path) -> None:
    """While one writer holds the log's lock, another cannot take its first stamp and open."""
    import threading
    path = tmp_path / "store"
    open_store(path).close()
    opened = threading.Event()

    def second_writer() -> None:
        with open_store(path, create=False):
            opened.set()

    with writes.turn(path / ANSWERS):
        other = threading.Thread(target=second_writer)
        other.start()
        assert not opened.wait(0.5)
    other.join(10)
    assert opened.is_set()


def test_a_line_names_what_is_being_written_and_what_was(tmp_path: Path) -> None:
    log = writes.WriteLog(tmp_path, stamp("a"))
    with log.writing(["g1"], ["t1"]):
        log.record(stamp("b"))  # in the middle of the write
        log.record(stamp("b"))  # files unchanged: no line
    log.record(stamp("c"))
    log.record(stamp("d"))
    lines = [json.loads(x) for x in (tmp_path / writes.LOG).read_text(encoding="utf-8").splitlines()]
    assert [(x["graphs"], x["terms"]) for x in lines] == [(["g1"], ["t1"]), (["g1"], ["t1"]), ([], [])]
    assert writes.changes_between(tmp_path, stamp("c"), stamp("d")).graphs == set()


def test_the_log_stays_small(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(writes, "MAX_BYTES", 2000)
    log = writes.WriteLog(tmp_path, stamp("0"))
    for i in range(1, 200):
        with log.writing([f"graph-{i}"]):
            pass
        log.record(stamp(str(i)))
    assert (tmp_path / writes.LOG).stat().st_size < 2500
    assert writes.changes_between(tmp_path, stamp("190"), stamp("199")).graphs == {f"graph-{i}" for i in range(191, 200)}
    assert writes.changes_between(tmp_path, stamp("1"), stamp("199")) is None


def test_a_store_records_the_stamps_it_leaves(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with open_store(path) as store:
        store.put_article_ntriples("one", f"<{EVENT}e> <{POROS}evidence> \"one\" .\n")
    after_first = files_stamp(path)
    with open_store(path, create=False) as store:
        store.put_article_ntriples("one", f"<{EVENT}f> <{POROS}evidence> \"one again\" .\n")
    changes = writes.changes_between(path / ANSWERS, after_first, files_stamp(path))
    assert changes.graphs == {document_iri("one")}
    assert changes.terms == {f"{EVENT}e"}  # what the graph held before it was written again


def test_a_kept_answer_is_worked_out_by_a_kept_index_and_builds_none(tmp_path: Path) -> None:
    path = tmp_path / "store"
    ingest(path, *ARTICLES[2:])
    with open_read_only(path) as store:
        assert_same(store, "top_pairs", {"min": "1"})  # by its query: a build would cost more
    assert not kept(path).exists()
    assert not ask(path)  # the indexed questions build it
    ingest(path, ARTICLES[0])
    inode = kept(path).stat().st_ino
    with open_read_only(path) as store:
        assert_same(store, "top_pairs", {"min": "2"})
        stamp = writes.stamp_text(store.data_stamp())
    with sqlite3.connect(kept(path)) as db:  # brought up to date to work the answer out
        assert db.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone() == (stamp,)
    assert kept(path).stat().st_ino == inode
