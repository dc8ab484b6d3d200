"""The event index (graph/event_index.py): the questions it answers give what their SPARQL gives,
on the samples, on the benchmark's synthetic news, on events that many articles report and on
statements made awkward on purpose; it is built once per state of the store and never answers for
other data."""
from __future__ import annotations

import random
import shutil
import sqlite3
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES, run, samples_store, shared_events, write

from graph import event_index, writes
from graph.api import Poros
from graph.queries import (
    ReadyQueryError,
    bind,
    list_queries,
    load_query,
    parse_query,
    resolve_actor,
    run_query,
)
from graph.rdf.terms import DCTERMS, DOC, ENT, EVENT, POROS, PROV, RDF, XSD
from graph.store import ANSWERS, open_read_only, open_store

sys.path.insert(0, str(ROOT / "scripts"))
import bench_queries  # the benchmark's synthetic store
import bench_store  # its generator

INDEXED = ["events_per_type_year", "evidence", "meetings", "search", "timeline", "top_pairs"]
# each question's ORDER BY, and its GROUP_CONCAT columns (parts in no fixed order) with their separators
ORDER = {"timeline": ("date", "type", "event"), "meetings": ("date", "with", "event"),
         "search": ("date", "event", "article", "evidence"), "evidence": ("date", "event", "article"),
         "top_pairs": ("events", "actor1", "actor2"), "events_per_type_year": ("year", "type")}
CONCAT = {"timeline": {"mode": ", ", "evidence": " | "}, "meetings": {"mode": ", ", "evidence": " | "},
          "top_pairs": {"types": ", "}}
SAMPLED = ("timeline", "meetings")  # their ?place is a SAMPLE


def index_file(path: Path) -> Path:
    return path / ANSWERS / event_index.FILE


def own_answer(store, name: str, values: dict[str, str]):
    query = load_query(name)
    return store.query(query.sparql, substitutions=bind(store, query, values))


def normal(name: str, result) -> tuple[list[str], list[tuple], list[tuple]]:
    """The columns, the rows (a GROUP_CONCAT as its parts, sorted; a SAMPLE as whether it is bound)
    sorted, and the ORDER BY columns of the rows in the order given."""
    columns = [v.value for v in result.variables]
    rows, order = [], []
    for row in result:
        cells = {}
        for column in columns:
            term = row[column]
            if term is not None and column in CONCAT.get(name, {}):
                cells[column] = (tuple(sorted(term.value.split(CONCAT[name][column]))), term.language)
            elif column == "place" and name in SAMPLED:
                cells[column] = term is not None
            else:
                cells[column] = None if term is None else str(term)
        rows.append(tuple(cells.items()))
        order.append(tuple(cells[c] for c in ORDER[name]))
    return columns, sorted(rows, key=repr), order


def assert_same(store, name: str, values: dict[str, str]) -> int:
    """The index's answer (run_query) is the SPARQL's; the number of rows."""
    indexed = normal(name, run_query(store, name, values))
    assert indexed == normal(name, own_answer(store, name, values)), (name, values)
    return len(indexed[1])


def places_are_samples(store, name: str, values: dict[str, str]) -> None:
    """The index's SAMPLE(?place) is one of the event's places."""
    for row in run_query(store, name, values):
        if row["place"] is not None:
            places = {r["p"] for r in store.query("SELECT ?e ?p WHERE { ?e poros:location ?p }",
                                                  substitutions={ox.Variable("e"): row["event"]})}
            assert row["place"] in places


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    return samples_store(tmp_path_factory.mktemp("index") / "store")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("index-synthetic") / "store"
    with bench_queries.synthetic_store(path, 60_000, seed=11) as store:
        store.backend.extend(shared_events(300, reports=25))
    return path


def test_the_shipped_questions_the_index_answers() -> None:
    assert sorted(q.name for q in list_queries() if q.index) == INDEXED
    assert load_query("timeline").variables == ("date", "type", "mode", "source", "target", "place", "evidence",
                                                "articles", "event", "a", "b")


def samples_values(store) -> list[tuple[str, dict[str, str]]]:
    """Parameters that meet the samples' data: every pair and leader with events, phrases, types, periods."""
    ends = store.query("SELECT DISTINCT ?a ?b WHERE { ?e poros:source ?a ; poros:target ?b }")
    pairs = sorted({(str(r["a"].value), str(r["b"].value)) for r in ends})
    values = [("timeline", {"a": a, "b": b}) for a, b in pairs]
    values += [("meetings", {"leader": a, "from": f, "to": t}) for a in sorted({a for p in pairs for a in p})
               for f, t in (("1900", "2100"), ("2023", "2023-06"), ("2024-02-01", "2024-12"))]
    values += [("search", {"text": t}) for t in ("Kremlin", "a", "ZZZ no such phrase", " ", "kerja sama", "PRESIDEN",
                                                 '"', "ab", "di")]
    types = [r["t"].value for r in store.query("SELECT DISTINCT ?t WHERE { ?e poros:ploverType ?t }")]
    values += [("evidence", {"type": t, **period}) for t in sorted(types)
               for period in ({}, {"from": "2023"}, {"to": "2023-03"}, {"from": "2022-11-02", "to": "2024"})]
    values += [("top_pairs", {"min": m}) for m in ("1", "2", "3", "7")] + [("events_per_type_year", {})]
    return values


def test_actors_are_found_by_name_as_the_store_finds_them(samples: Path) -> None:
    with open_read_only(samples) as store, event_index.opened(store) as index:
        names = sorted({r["l"].value for r in store.query(
            "SELECT DISTINCT ?l WHERE { ?a rdfs:label|skos:altLabel ?l }")})
        assert len(names) > 300
        found = 0
        # a case-insensitive match is a scan of every label for the store: a sample of those
        for name in [*names[::12], *(n.upper() for n in names[1::150]), *(n.lower() for n in names[2::150]), "Nobody At All"]:
            try:
                expected = resolve_actor(store, name)
            except ReadyQueryError:
                expected = None
            by_index = index.actor(name.strip())
            assert by_index == expected, name
            found += by_index is not None
        assert found > 50


def test_the_samples_answers_are_the_queries(samples: Path) -> None:
    with open_read_only(samples) as store:
        values = samples_values(store)
        counts = {name: 0 for name in INDEXED}
        for name, given in values:
            counts[name] += assert_same(store, name, given)
            if name in ("timeline", "meetings"):
                places_are_samples(store, name, given)
    assert all(counts.values()), counts  # each question gave rows somewhere
    assert index_file(samples).is_file()


def test_the_synthetic_answers_are_the_queries(synthetic: Path) -> None:
    pick = random.Random(3)
    actors = [a.label for a in bench_store.make_actors(random.Random(11))][:40]
    with open_read_only(synthetic) as store:
        labels = {r["l"].value for r in store.query("SELECT DISTINCT ?l WHERE { ?a rdfs:label ?l }")}
        actors = [a for a in actors if a in labels]
        assert len(actors) > 10
        rows = 0
        for _ in range(12):
            a, b = pick.sample(actors, 2)
            rows += assert_same(store, "timeline", {"a": a, "b": b})
            year = pick.randrange(2000, 2026)
            rows += assert_same(store, "meetings", {"leader": a, "from": str(year), "to": f"{year + 2}-06"})
            rows += assert_same(store, "search", {"text": b})
        for kind in ("CONSULT", "ASSAULT", "AGREE", "COERCE"):
            for period in ({}, {"from": "2010-05"}, {"from": "2003", "to": "2004-02-15"}, {"to": "2001"}):
                rows += assert_same(store, "evidence", {"type": kind, **period})
        for a in ("shared-a0", "shared-a2"):  # events stated in up to 7 graphs
            rows += assert_same(store, "timeline", {"a": a, "b": "shared-b1"})
            rows += assert_same(store, "meetings", {"leader": a, "from": "2020-02", "to": "2020-05"})
        rows += assert_same(store, "search", {"text": "reports shared event 1"})
        for least in ("1", "3", "12", "40"):
            rows += assert_same(store, "top_pairs", {"min": least})
        rows += assert_same(store, "events_per_type_year", {})
    assert rows > 1000


def awkward_quads() -> list[ox.Quad]:
    """Events whose statements differ between the graphs that report them, sentences with quotes,
    tabs, newlines, backslashes, languages and letters whose case is not ASCII's, and statements in
    the default graph."""
    node, lit = ox.NamedNode, ox.Literal
    p = {name: node(POROS + name) for name in ("source", "target", "ploverType", "ploverMode", "date", "location",
                                               "evidence")}
    actors = [node(f"{ENT}odd-{i}") for i in range(3)]
    docs = [node(f"{DOC}odd-{i}") for i in range(4)]
    sentences = ['He said "yes" \\ no', "Tab\there\nand a new line", "İstanbul talks at the ÉLYSÉE",
                 "Σίσυφος met ΣΊΣΥΦΟΣ", "plain"]
    quads = [ox.Quad(actor, node(RDF + "type"), node(POROS + "State"), docs[0]) for actor in actors]
    for i in range(12):
        event = node(f"{EVENT}odd-{i}")
        for k, doc in enumerate(docs[: 1 + i % 4]):
            quads += [ox.Quad(event, p["source"], actors[(i + k) % 3 if i % 5 == 0 else 0], doc),
                      ox.Quad(event, p["target"], actors[1 + i % 2], doc),
                      ox.Quad(event, p["ploverType"], lit("CONSULT" if (i + k) % 3 else "AGREE"), doc),
                      ox.Quad(event, node(PROV + "wasDerivedFrom"), doc, doc),
                      ox.Quad(event, p["evidence"], lit(sentences[(i + k) % 5], language=("en", "id", None)[k % 3])
                              if k % 3 < 2 else lit(sentences[(i + k) % 5]), doc),
                      ox.Quad(doc, node(DCTERMS + "identifier"), lit(f"odd-{k}"), doc)]
            if i % 3:
                quads.append(ox.Quad(event, p["date"], lit(f"2021-0{1 + (i + k) % 3}-1{k}", datatype=node(XSD + "date"))
                                     if k % 2 else lit("2021", datatype=node(XSD + "gYear")), doc))
            if i % 2:
                quads += [ox.Quad(event, p["ploverMode"], lit(("visit", "call", "summit")[(i + k) % 3]), doc),
                          ox.Quad(event, p["location"], node(f"{ENT}place-{(i + k) % 2}"), doc)]
        if i % 4 == 0:
            quads.append(ox.Quad(event, p["evidence"], lit("only in the default graph, Kremlin"), ox.DefaultGraph()))
    quads.append(ox.Quad(docs[0], node(DCTERMS + "identifier"), lit("odd-0"), node(f"{DOC}odd-elsewhere")))
    untyped = node(f"{EVENT}odd-untyped")  # no type, no ends: search still finds its sentence
    quads += [ox.Quad(untyped, p["evidence"], lit("plain and untyped"), docs[1]),
              ox.Quad(untyped, p["date"], lit("2021-02-11", datatype=node(XSD + "date")), docs[1])]
    lone = node(f"{EVENT}odd-no-target")  # top_pairs groups it under a pair of unbound ends
    quads += [ox.Quad(lone, p["source"], actors[0], docs[2]), ox.Quad(lone, p["ploverType"], lit("ASSAULT"), docs[2])]
    kindless = node(f"{EVENT}odd-no-type")
    quads += [ox.Quad(kindless, p["source"], actors[2], docs[3]), ox.Quad(kindless, p["target"], actors[1], docs[3]),
              ox.Quad(kindless, p["date"], lit("2020-05-01", datatype=node(XSD + "date")), docs[3])]
    return quads


def test_awkward_statements_give_the_queries_answers(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with open_store(path) as store:
        store.backend.extend(awkward_quads())
    with open_read_only(path) as store:
        days = sorted({r["d"].value for r in store.query("SELECT ?d WHERE { ?e poros:date ?d }")})  # each a bound
        for a in ("odd-0", "odd-1", "odd-2"):
            for b in ("odd-0", "odd-1", "odd-2"):
                assert_same(store, "timeline", {"a": f"{ENT}{a}", "b": f"{ENT}{b}"})
            for period in (("2021", "2021"), ("2021-02", "2021-03-10"), ("2022", "2030"), *((d, d) for d in days)):
                assert_same(store, "meetings", {"leader": f"{ENT}{a}", "from": period[0], "to": period[1]})
        for text in ('"yes"', "\\", "\t", "\n", "here\nand", "istanbul", "İSTANBUL", "élysée", "σίσυφος", "Kremlin",
                     "yes\" \\ n", "ΣΊΣΥΦΟΣ MET", "plain", "UNTYPED"):
            assert_same(store, "search", {"text": text})
        for kind in ("CONSULT", "AGREE"):
            for period in ({}, {"from": "2021-02"}, {"to": "2021-01"}, *({"from": d, "to": d} for d in days)):
                assert_same(store, "evidence", {"type": kind, **period})
        for least in ("0", "1", "2", "3", "4", "9"):  # events without targets, types or dates among them
            assert_same(store, "top_pairs", {"min": least})
        assert_same(store, "events_per_type_year", {})
        assert len(list(run_query(store, "search", {"text": "Kremlin"}))) == 0  # the default graph is no article
        assert len(list(run_query(store, "timeline", {"a": f"{ENT}odd-0", "b": f"{ENT}odd-1"}))) > 0


def test_events_reported_many_times_count_once(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with open_store(path) as store:
        store.backend.extend(shared_events(50, reports=9))
    with open_read_only(path) as store:
        found = list(run_query(store, "timeline", {"a": "shared-a1", "b": "shared-b3"}))
        events = [row["event"] for row in found]
        assert len(events) == len(set(events)) > 0
        for row in found:
            i = int(row["event"].value.rsplit("-", 1)[1])
            assert int(row["articles"].value) == 1 + i % 7
            assert len(row["evidence"].value.split(" | ")) == 1 + i % 7


def all_but_the_first_sample(tmp_path: Path) -> tuple[Path, Path]:
    """A store of the sample articles but the first, and that first article."""
    first, *rest = sorted((SAMPLES / "articles").glob("*.txt"))
    run(CliRunner(), "--quiet", "ingest", "--store", str(tmp_path / "store"), *map(str, rest))
    return tmp_path / "store", first


def test_a_write_builds_it_again(tmp_path: Path) -> None:
    path, first = all_but_the_first_sample(tmp_path)
    values = {"type": "CONSULT"}
    with open_read_only(path) as store:
        before = normal("evidence", run_query(store, "evidence", values))
        stamp = sqlite3.connect(index_file(path)).execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
    run(CliRunner(), "--quiet", "ingest", "--store", str(path), str(first))
    with open_read_only(path) as store:
        after = normal("evidence", run_query(store, "evidence", values))
        assert after == normal("evidence", own_answer(store, "evidence", values))
    assert after != before
    assert sqlite3.connect(index_file(path)).execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone() != stamp
    with open_store(path, create=False) as store:
        store.remove_article(first.stem)
    with open_read_only(path) as store:
        assert normal("evidence", run_query(store, "evidence", values)) == before


def test_a_read_only_handle_answers_for_its_own_snapshot(tmp_path: Path) -> None:
    path, first = all_but_the_first_sample(tmp_path)
    values = {"text": "a"}
    with open_read_only(path) as old:
        run(CliRunner(), "--quiet", "ingest", "--store", str(path), str(first))
        with open_read_only(path) as new:
            assert_same(new, "search", values)
            assert_same(old, "search", values)
            assert normal("search", run_query(old, "search", values)) != normal("search", run_query(new, "search", values))


def test_the_writing_handle_uses_it_until_it_writes(tmp_path: Path) -> None:
    first, *rest = sorted((SAMPLES / "articles").glob("*.txt"))
    with Poros(tmp_path / "store") as db:
        db.ingest(*rest)
        before = db.ask("search", text="a")
        built = index_file(tmp_path / "store").stat().st_mtime_ns
        assert db.ask("search", text="a") == before
        assert index_file(tmp_path / "store").stat().st_mtime_ns == built
        db.ingest(first)
        assert db.ask("search", text="a") != before
        assert_same(db.store, "search", {"text": "a"})


def test_memory_stores_and_unwritable_folders_answer_right(tmp_path: Path) -> None:
    with Poros() as db:
        db.ingest(*sorted((SAMPLES / "articles").glob("*.txt"))[:3])
        assert db.store.data_stamp() is None
        assert_same(db.store, "search", {"text": "e"})
    copy = tmp_path / "copy"
    run(CliRunner(), "--quiet", "ingest", "--store", str(copy), str(SAMPLES))
    shutil.rmtree(copy / ANSWERS)  # the write log of the ingest
    write(copy / ANSWERS, "not a folder")
    with open_read_only(copy) as store:
        assert_same(store, "evidence", {"type": "CONSULT"})
    assert (copy / ANSWERS).read_text() == "not a folder"


def test_an_unreadable_or_foreign_index_is_built_again(samples: Path) -> None:
    values = {"a": "Vladimir Putin", "b": "Xi Jinping"}
    with open_read_only(samples) as store:
        truth = normal("timeline", run_query(store, "timeline", values))
    for junk in (b"", b"not sqlite at all", b"\x00\xff" * 100):
        index_file(samples).write_bytes(junk)
        with open_read_only(samples) as store:
            assert normal("timeline", run_query(store, "timeline", values)) == truth
    with sqlite3.connect(index_file(samples)) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'version'")
    with open_read_only(samples) as store:
        assert normal("timeline", run_query(store, "timeline", values)) == truth
    with sqlite3.connect(index_file(samples)) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone() == (str(event_index.VERSION),)


def test_a_later_reader_answers_from_the_kept_index(samples: Path) -> None:
    values = {"text": "Kremlin"}
    with open_read_only(samples) as store:
        assert list(run_query(store, "search", values))
    with sqlite3.connect(index_file(samples)) as db:  # an index made to differ shows which one is read
        db.execute("DELETE FROM said")
    with open_read_only(samples) as store:
        assert list(run_query(store, "search", values)) == []
    index_file(samples).unlink()


def test_the_cli_answers_from_the_index(samples: Path) -> None:
    args = ["query", "--store", str(samples), "--name", "meetings", "--param", "leader=Joko Widodo",
            "--param", "from=2022", "--param", "to=2025", "--format", "csv"]
    first = run(CliRunner(), *args).output
    assert index_file(samples).is_file()
    assert run(CliRunner(), *args).output == first
    assert len(first.splitlines()) > 2


def test_index_lines_are_checked(tmp_path: Path) -> None:
    header = '# title: t\n# answers: a\n# param: a actor "X"\n# param: b actor "Y"\n'
    good = parse_query(header + "# index: timeline\nSELECT ?date ?a\nWHERE { ?e poros:date ?date }\n", tmp_path / "t.rq")
    assert (good.index, good.variables) == ("timeline", ("date", "a"))
    with pytest.raises(ReadyQueryError, match="names no answer"):
        parse_query(header + "# index: nothing\nSELECT ?a WHERE {}\n", tmp_path / "t.rq")
    with pytest.raises(ReadyQueryError, match="SELECT"):
        parse_query(header + "# index: timeline\nSELECT * WHERE {}\n", tmp_path / "t.rq")


def test_an_index_that_cannot_be_built_or_read_leaves_the_query_to_answer(tmp_path: Path, monkeypatch) -> None:
    path = samples_store(tmp_path / "store")
    values = {"leader": "Joko Widodo", "from": "2022", "to": "2025"}

    def no_room(store, target: Path, stamp: tuple) -> None:
        target.write_bytes(b"half an index")
        raise sqlite3.OperationalError("database or disk is full")

    with open_read_only(path) as store:
        truth = normal("meetings", own_answer(store, "meetings", values))
        monkeypatch.setattr(event_index, "build", no_room)
        assert normal("meetings", run_query(store, "meetings", values)) == truth
        assert sorted(p.name for p in (path / ANSWERS).iterdir()) == sorted([writes.LOCK, writes.LOG])  # no half-built file left
        monkeypatch.undo()
        monkeypatch.setattr(event_index.Index, "answer", lambda *args: (_ for _ in ()).throw(
            sqlite3.DatabaseError("database disk image is malformed")))
        assert normal("meetings", run_query(store, "meetings", values)) == truth
