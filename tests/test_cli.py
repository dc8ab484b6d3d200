"""Every command through click's CliRunner, and every bad input: one clear line, non-zero exit."""
from __future__ import annotations

import json

import pytest
import rdflib
from conftest import SAMPLES, one_line_error, run, write


ARTICLE_ID = "Presiden Rusia Vladimir Putin bertemu Presiden China Xi Jinping di Beijing. Rusia dan China sepakat."
ARTICLE_EN = "Indonesia and Japan signed an agreement in Tokyo. ASEAN welcomed the deal, the United States said."


@pytest.fixture
def corpus(tmp_path):
    write(tmp_path / "in" / "putin_xi.txt", ARTICLE_ID)
    write(tmp_path / "in" / "japan.txt", ARTICLE_EN)
    return tmp_path / "in"


def test_version_and_help(runner):
    assert run(runner, "--version").output.startswith("poros, version ")
    for command in ("ingest", "extract", "query", "export", "remove", "validate", "stats"):
        assert "Example:" in run(runner, command, "--help").output, command


def test_ingest_query_export_stats_remove(runner, corpus, store_dir, tmp_path):
    result = run(runner, "ingest", "--store", store_dir, corpus)
    assert "ingested 2 articles" in result.output
    rows = run(runner, "query", "--store", store_dir, "--format", "json",
               "SELECT ?d ?x WHERE { ?d dcterms:identifier 'putin_xi' ; poros:mentions ?x }").output
    found = {b["x"]["value"].rsplit("/", 1)[-1] for b in json.loads(rows)["results"]["bindings"]}
    assert {"russia", "china", "beijing"} <= found
    table = run(runner, "query", "--store", store_dir, "SELECT ?id WHERE { ?d dcterms:identifier ?id } ORDER BY ?id").output
    assert table.splitlines()[2:4] == ["japan", "putin_xi"] and "(2 rows)" in table
    csv = run(runner, "query", "--store", store_dir, "--format", "csv", "SELECT ?id WHERE { ?d dcterms:identifier ?id } ORDER BY ?id").output
    assert csv.split() == ["id", "japan", "putin_xi"]
    assert run(runner, "query", "--store", store_dir, "ASK { ?x a poros:State }").output == "true\n"
    out = tmp_path / "g.ttl"
    run(runner, "export", "--store", store_dir, "-o", out)
    graph = rdflib.Graph().parse(out)
    assert len(graph) > 10
    stats = json.loads(run(runner, "stats", "--store", store_dir, "--json").output)
    assert stats["documents"] == 2 and stats["actors"]["State"] >= 4
    run(runner, "remove", "--store", store_dir, "japan")
    stats = json.loads(run(runner, "stats", "--store", store_dir, "--json").output)
    assert stats["documents"] == 1


def test_query_from_file_and_tsv(runner, corpus, store_dir, tmp_path):
    run(runner, "ingest", "--store", store_dir, corpus)
    rq = write(tmp_path / "q.rq", "SELECT (COUNT(*) AS ?n) WHERE { ?d a poros:Document }")
    assert run(runner, "query", "--store", store_dir, "-f", rq, "--format", "tsv").output.split() == ["?n", "2"]


def test_construct_gives_turtle(runner, corpus, store_dir):
    run(runner, "ingest", "--store", store_dir, corpus)
    out = run(runner, "query", "--store", store_dir, "CONSTRUCT { ?d a poros:Document } WHERE { ?d a poros:Document }").output
    assert len(rdflib.Graph().parse(data=out, format="turtle")) == 2


@pytest.mark.parametrize("suffix,fmt", [(".ttl", "turtle"), (".nt", "nt"), (".nq", "nquads"),
                                        (".trig", "trig"), (".jsonld", "json-ld")])
def test_extract_writes_the_format_of_the_extension(runner, corpus, tmp_path, suffix, fmt):
    out = tmp_path / f"out{suffix}"
    run(runner, "extract", corpus, "-o", out)
    dataset = rdflib.Dataset()
    dataset.parse(out, format=fmt)
    assert len(list(dataset.quads((None, None, None, None)))) > 10


def test_extract_is_byte_identical_and_matches_the_store_export(runner, corpus, store_dir, tmp_path):
    run(runner, "extract", corpus, "-o", tmp_path / "a.ttl")
    run(runner, "extract", corpus, "-o", tmp_path / "b.ttl")
    run(runner, "ingest", "--store", store_dir, corpus)
    run(runner, "export", "--store", store_dir, "--no-kb", "-o", tmp_path / "c.ttl")
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes() == (tmp_path / "c.ttl").read_bytes()


def test_ingest_twice_gives_the_same_graph(runner, corpus, store_dir, tmp_path):
    run(runner, "ingest", "--store", store_dir, corpus)
    run(runner, "export", "--store", store_dir, "-o", tmp_path / "once.nq")
    run(runner, "ingest", "--store", store_dir, corpus)
    run(runner, "export", "--store", store_dir, "-o", tmp_path / "twice.nq")
    assert (tmp_path / "once.nq").read_bytes() == (tmp_path / "twice.nq").read_bytes()


def test_round_trip_through_turtle_is_isomorphic(runner, corpus, tmp_path):
    from rdflib.compare import isomorphic

    run(runner, "extract", corpus, "-o", tmp_path / "a.ttl")
    first = rdflib.Graph().parse(tmp_path / "a.ttl")
    again = rdflib.Graph().parse(data=first.serialize(format="nt"), format="nt")
    assert isomorphic(first, again)
    write(tmp_path / "b.nt", first.serialize(format="nt"))
    assert isomorphic(first, rdflib.Graph().parse(tmp_path / "b.nt"))


def test_validate_a_file_and_the_store(runner, corpus, store_dir, tmp_path):
    run(runner, "extract", corpus, "-o", tmp_path / "a.ttl")
    assert "valid" in run(runner, "validate", tmp_path / "a.ttl").output
    run(runner, "ingest", "--store", store_dir, corpus)
    assert "valid" in run(runner, "validate", "--store", store_dir).output


def test_validate_reports_violations(runner, tmp_path):
    bad = write(tmp_path / "bad.ttl", "@prefix poros: <https://w3id.org/poros/ontology#> .\n"
                                      "<http://example.org/d> a poros:Document .\n")
    result = run(runner, "validate", bad, ok=False)
    assert result.exit_code == 1 and "violation" in result.output


# bad input ---------------------------------------------------------------------------------

def test_bad_inputs_are_refused_in_one_line_and_the_store_keeps_its_data(runner, corpus, store_dir, tmp_path):
    run(runner, "ingest", "--store", store_dir, corpus)
    before = run(runner, "export", "--store", store_dir, "--format", "nquads").output
    cases = [
        tmp_path / "missing.txt",
        write(tmp_path / "empty.txt", b""),
        write(tmp_path / "binary.txt", bytes(range(256)) * 4),
        write(tmp_path / "latin1.txt", "Erdoğan dan Putin".encode("iso-8859-9")),
        write(tmp_path / "doc.pdf", b"%PDF-1.7"),
    ]
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    cases.append(empty_dir)
    for path in cases:
        line = one_line_error(run(runner, "ingest", "--store", store_dir, path, ok=False))
        assert line.startswith(f"Error: {path}: "), line
    after = run(runner, "export", "--store", store_dir, "--format", "nquads").output
    assert after == before


def test_a_malformed_jsonl_line_is_named_and_the_good_lines_go_in(runner, store_dir, tmp_path):
    feed = write(tmp_path / "feed.jsonl", "\n".join([
        json.dumps({"id": "ok-1", "text": ARTICLE_EN}), '{"id": "broken", "text": ', json.dumps({"id": "ok-2", "text": ARTICLE_ID})]))
    result = run(runner, "ingest", "--store", store_dir, feed, ok=False)
    assert result.exit_code == 1
    assert f"{feed}:2: malformed JSON" in result.output
    stats = json.loads(run(runner, "stats", "--store", store_dir, "--json").output)
    assert stats["documents"] == 2


def test_bad_sparql_says_where(runner, corpus, store_dir):
    run(runner, "ingest", "--store", store_dir, corpus)
    line = one_line_error(run(runner, "query", "--store", store_dir, "SELECT ?x WHERE { ?x ?p }", ok=False))
    assert "bad SPARQL: error at 1:" in line


def test_locked_store_and_newer_format(runner, corpus, store_dir):
    from graph.store import MARKER, open_store

    run(runner, "ingest", "--store", store_dir, corpus)
    with open_store(store_dir):  # a writer holds the store: a second writer is refused, readers go on
        line = one_line_error(run(runner, "ingest", "--store", store_dir, corpus, ok=False))
        assert "in use by another poros process" in line
        assert json.loads(run(runner, "stats", "--store", store_dir, "--json").output)["documents"] > 0
    (store_dir / MARKER).write_text('{"format": 99}')
    assert "newer than this poros" in one_line_error(run(runner, "ingest", "--store", store_dir, corpus, ok=False))


def test_unknown_output_format_missing_store_and_unknown_id(runner, corpus, store_dir, tmp_path):
    assert "cannot tell the format" in one_line_error(run(runner, "extract", corpus, "-o", tmp_path / "x.docx", ok=False))
    assert "no store at" in one_line_error(run(runner, "stats", "--store", store_dir, ok=False))
    run(runner, "ingest", "--store", store_dir, corpus)
    assert "no article with id" in one_line_error(run(runner, "remove", "--store", store_dir, "nope", ok=False))
    assert "not valid turtle" in one_line_error(run(runner, "validate", write(tmp_path / "bad.ttl", "@prefix :"), ok=False))


def test_the_bundled_samples_ingest_cleanly(runner, store_dir):
    result = run(runner, "ingest", "--store", store_dir, SAMPLES)
    assert "refused" not in result.output
    stats = json.loads(run(runner, "stats", "--store", store_dir, "--json").output)
    assert f"{sum(stats['actors'].values())} actors, {stats['places']} places" in result.output
    assert stats["documents"] >= 12
    assert stats["actors"]["State"] >= 10 and stats["actors"]["Organization"] >= 3


def test_quiet_prints_nothing_and_pipes_get_no_progress(runner, corpus, store_dir):
    assert run(runner, "--quiet", "ingest", "--store", store_dir, corpus).output == ""
    output = run(runner, "ingest", "--store", store_dir, corpus).output
    assert output.splitlines() == [output.strip()] and "\r" not in output


WHO_LED = """SELECT DISTINCT ?name WHERE {
  ?t a poros:Tenure ; poros:ofState ent:russia ; poros:roleProperty poros:leaderOf ;
     poros:holder ?p ; poros:startDate ?start .
  OPTIONAL { ?t poros:endDate ?end }
  ?p rdfs:label ?name .
  BIND("2022-02-24" AS ?day)
  FILTER(STR(?start) <= ?day && (!BOUND(?end) || STR(?end) >= SUBSTR(?day, 1, STRLEN(STR(?end)))))
} ORDER BY ?name"""


def test_the_store_answers_who_held_an_office_on_a_date(runner, corpus, store_dir):
    run(runner, "ingest", "--store", store_dir, corpus)
    rows = run(runner, "query", "--store", store_dir, "--format", "csv", WHO_LED).output.splitlines()
    assert rows == ["name", "Mikhail Mishustin", "Vladimir Putin"]


def test_users_add_their_own_entities_with_a_turtle_file(runner, store_dir, tmp_path):
    people = write(tmp_path / "my-people.ttl", """@prefix poros: <https://w3id.org/poros/ontology#> .
@prefix ent: <https://w3id.org/poros/entity/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ent:ratna-sari a poros:Person ; rdfs:label "Ratna Sari"@id ; skos:altLabel "Bu Ratna" .
""")
    article = write(tmp_path / "in" / "a.txt", "Bu Ratna bertemu delegasi Jepang di Tokyo.")
    assert "1 entity file" in run(runner, "ingest", "--store", store_dir, people).output
    run(runner, "ingest", "--store", store_dir, article)
    rows = run(runner, "query", "--store", store_dir, "--format", "csv",
               "SELECT DISTINCT ?x WHERE { ?d dcterms:identifier 'a' ; poros:mentions ?x . ?x a poros:Person }").output.split()
    assert rows == ["x", "https://w3id.org/poros/entity/ratna-sari"]
    bad = write(tmp_path / "bad.ttl", "this is not turtle")
    assert "cannot read as a Turtle file" in one_line_error(run(runner, "ingest", "--store", store_dir, bad, ok=False))


def test_the_progress_line_counts_files_and_articles(tmp_path, capsys):
    from graph.cli import _ProgressLine
    from graph.model import Article, Problem

    write(tmp_path / "a.txt", "One.")
    write(tmp_path / "feed.jsonl", "{}")
    line = _ProgressLine([tmp_path])
    line.update(Article(id="a", text="One.", origin=str(tmp_path / "a.txt")))
    line.update(Article(id="x", text="Two.", origin=f"{tmp_path / 'feed.jsonl'}:1"))
    line.update(Problem(f"{tmp_path / 'feed.jsonl'}:2", "malformed JSON"))
    last = capsys.readouterr().err.split("\r")[-1]
    assert last.startswith("[" + "#" * 30 + "] 2/2 files, 2 articles, ") and last.endswith(" articles/s")


def test_a_store_file_gone_under_a_reader_is_one_line(runner, store_dir, monkeypatch):
    from graph.store import Store

    run(runner, "ingest", "--store", store_dir, SAMPLES / "articles" / "03_biden_xi_bali.txt")

    def gone(self, sparql, substitutions=None):
        raise FileNotFoundError("IO error: No such file or directory: While open a file for random read: "
                                "000079.sst: No such file or directory")

    monkeypatch.setattr(Store, "query", gone)
    line = one_line_error(run(runner, "query", "--store", store_dir, "SELECT * WHERE { ?s ?p ?o }", ok=False))
    assert line.startswith("Error: IO error: No such file or directory") and line.endswith(
        "(if another poros process is writing the store, try again)")
