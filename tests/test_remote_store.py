"""The remote store (graph/remote.py) against a real Oxigraph server on loopback: the same commands
give the same bytes and numbers as on a local store, and every failure is one line."""
from __future__ import annotations

import http.client
import http.server
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import SAMPLES, one_line_error, run

from graph.errors import QueryError, StoreError
from graph.remote import bind_values, parse_location
from graph.store import open_read_only, open_store

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
pytestmark = pytest.mark.skipif(not OXIGRAPH.is_file(), reason="the oxigraph server (test extra) is not installed")
FEW = ("01_jokowi_putin_kremlin", "03_biden_xi_bali", "09_xi_zelensky_phone_call")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def oxigraph_server(location: Path, port: int | None = None) -> Iterator[tuple[str, int]]:
    """An Oxigraph server on loopback, stopped at the end; yields its store URL and port."""
    port = port or free_port()
    process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                                "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_until_it_answers(process, port)
        yield f"sparql+http://127.0.0.1:{port}", port
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()


def _wait_until_it_answers(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph server exited: {process.stderr.read().decode(errors='replace')}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("oxigraph server did not answer within 15 s")


def post_update(port: int, sparql: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", "/update", sparql.encode(), {"Content-Type": "application/sparql-update"})
    assert connection.getresponse().status == 204


def few_articles(folder: Path) -> Path:
    """Three of the sample articles, with their manifest lines."""
    folder.mkdir()
    lines = (SAMPLES / "articles" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    (folder / "manifest.jsonl").write_text("\n".join(l for l in lines if json.loads(l)["id"] in FEW) + "\n",
                                           encoding="utf-8")
    for name in FEW:
        shutil.copy(SAMPLES / "articles" / f"{name}.txt", folder)
    return folder


@pytest.fixture(scope="module")
def samples_remote(tmp_path_factory) -> Iterator[str]:
    """A server holding the sample articles, ingested through the CLI."""
    from click.testing import CliRunner

    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-samples")) as (url, _):
        result = run(CliRunner(), "ingest", "--store", url, SAMPLES)
        assert "ingested 15 articles" in result.output
        yield url


@pytest.fixture(scope="module")
def samples_local(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    store = tmp_path_factory.mktemp("local") / "store"
    run(CliRunner(), "ingest", "--store", store, SAMPLES)
    return store


@pytest.fixture(scope="module")
def scratch_server(tmp_path_factory) -> Iterator[tuple[str, int]]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-scratch")) as served:
        yield served


@pytest.fixture
def empty_remote(scratch_server) -> str:
    url, port = scratch_server
    post_update(port, "DROP ALL")
    return url


def output_of(runner, *args) -> bytes:
    return run(runner, *args).stdout_bytes


# the same store, remote or local -------------------------------------------------------------

def test_ingest_gives_what_a_local_store_gives(runner, samples_remote, samples_local):
    for fmt in ("turtle", "nquads"):
        remote = output_of(runner, "export", "--store", samples_remote, "--format", fmt)
        assert remote == output_of(runner, "export", "--store", samples_local, "--format", fmt)
    assert remote.count(b"<https://w3id.org/poros/doc/") > 15
    stats = json.loads(output_of(runner, "stats", "--json", "--store", samples_remote))
    assert stats == json.loads(output_of(runner, "stats", "--json", "--store", samples_local))
    assert stats["documents"] == 15 and stats["quads"] > stats["triples"] > 40_000
    with open_read_only(samples_remote) as remote, open_read_only(samples_local) as local:
        assert remote.article_ids() == local.article_ids()
        assert len(remote.article_ids()) == 15


QUERIES = [  # the arguments, and something the answer must hold
    (("SELECT ?id ?title WHERE { ?d dcterms:identifier ?id ; dcterms:title ?title } ORDER BY ?id", "--format", "json"),
     b'"value":"03_biden_xi_bali"'),
    (("SELECT ?s (COUNT(*) AS ?n) WHERE { ?e poros:source ?s } GROUP BY ?s ORDER BY DESC(?n) ?s",), b"ent:xi-jinping"),
    (("CONSTRUCT { ?s poros:leaderOf ?o } WHERE { ?s poros:leaderOf ?o }",), b"poros:leaderOf ent:russia"),
    (("ASK { ?s a poros:State }",), b"true"),
    (("--name", "timeline", "--param", "a=Vladimir Putin", "--param", "b=Xi Jinping", "--format", "csv"),
     b"2023-04-26,CONSULT,visit,https://w3id.org/poros/entity/vladimir-putin"),
    (("--name", "top_pairs", "--param", "min=2", "--format", "tsv"), b"<https://w3id.org/poros/entity/russia>\t"),
    (("--name", "office_holders", "--param", "state=Rusia", "--param", "on=2022-02-24"), b"ent:vladimir-putin"),
]


@pytest.mark.parametrize(("args", "holds"), QUERIES, ids=lambda a: (a[1] if a[0] == "--name" else a[0].split()[0])
                         if isinstance(a, tuple) else "")
def test_queries_answer_as_on_a_local_store(runner, samples_remote, samples_local, args, holds):
    remote = output_of(runner, "query", "--store", samples_remote, *args)
    local = output_of(runner, "query", "--store", samples_local, *args)
    assert holds in remote
    if "top_pairs" in args:  # the local store's event index puts a GROUP_CONCAT's parts in an order of its own
        remote, local = concat_parts_sorted(remote, "?types"), concat_parts_sorted(local, "?types")
    assert remote == local


def concat_parts_sorted(tsv: bytes, column: str) -> list[list]:
    lines = [line.split("\t") for line in tsv.decode("utf-8").splitlines()]
    at = lines[0].index(column)
    return [lines[0]] + [[*line[:at], sorted(line[at].strip('"').split(", ")), *line[at + 1:]] for line in lines[1:]]


def test_construct_prints_its_triples_as_turtle(runner, samples_remote):
    turtle = output_of(runner, "query", "--store", samples_remote,
                       "CONSTRUCT { ?s poros:leaderOf ?o } WHERE { ?s poros:leaderOf ?o }")
    triples = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    assert triples and all(t.predicate.value.endswith("#leaderOf") for t in triples)


def test_view_and_network_are_the_same_as_from_a_local_store(runner, samples_remote, samples_local, tmp_path):
    said = []
    for name, store in (("remote", samples_remote), ("local", samples_local)):
        said.append(run(runner, "view", "--store", store, "-o", tmp_path / f"{name}.html").output)
        run(runner, "export", "--store", store, "-o", tmp_path / f"{name}.gexf")
    counts = [re.search(r"(\d+) actors, (\d+) edges", line).groups() for line in said]
    assert counts[0] == counts[1] and int(counts[0][0]) > 50 and int(counts[0][1]) > 50
    assert (tmp_path / "remote.html").read_bytes() == (tmp_path / "local.html").read_bytes()
    assert (tmp_path / "remote.gexf").read_bytes() == (tmp_path / "local.gexf").read_bytes()


def test_the_python_api_works_on_a_remote_store(samples_remote, samples_local):
    from graph import Poros

    with Poros(samples_remote, create=False) as remote, Poros(samples_local, create=False) as local:
        rows = remote.ask("timeline", a="Vladimir Putin", b="Xi Jinping")
        assert rows and rows == local.ask("timeline", a="Vladimir Putin", b="Xi Jinping")
        assert remote.query("ASK { ?s a poros:Person }") is True
        sparql = "SELECT ?id WHERE { ?d dcterms:identifier ?id } ORDER BY ?id"
        assert remote.query(sparql) == local.query(sparql)
        assert remote.stats() == local.stats()


# substitutions ---------------------------------------------------------------------------------

def test_substitutions_are_bound_as_terms_never_pasted(samples_remote, samples_local):
    sparql = "SELECT ?d ?id WHERE { ?d dcterms:identifier ?id }"
    with open_read_only(samples_remote) as remote, open_read_only(samples_local) as local:
        hostile = {ox.Variable("id"): ox.Literal('x" } ; DROP ALL ; #')}
        assert list(remote.query(sparql, hostile)) == []
        real = {ox.Variable("id"): ox.Literal("03_biden_xi_bali")}
        rows = [str(row["d"]) for row in remote.query(sparql, real)]
        assert rows == ["<https://w3id.org/poros/doc/03_biden_xi_bali>"]
        assert rows == [str(row["d"]) for row in local.query(sparql, real)]
        assert len(remote.article_ids()) == 15
        with pytest.raises(QueryError, match="only an IRI or a literal"):
            remote.query(sparql, {ox.Variable("id"): ox.BlankNode()})


def test_the_values_block_goes_into_the_outer_where_group():
    term = {ox.Variable("a"): ox.NamedNode("http://example.com/a")}
    tricky = ('PREFIX ex: <http://example.com/{x}> # WHERE { not here\n'
              'SELECT ?a (EXISTS { ?a ?p "WHERE {" } AS ?e) WHERE { { SELECT ?a WHERE { ?a ?p ?o } } }')
    bound = bind_values(tricky, term)
    assert bound.startswith(tricky[:tricky.index("AS ?e) WHERE {") + len("AS ?e) WHERE {")] + " VALUES (?a)")
    construct = "CONSTRUCT { ?a ?p ?o } WHERE { ?a ?p ?o }"
    assert bind_values(construct, term) == "CONSTRUCT { ?a ?p ?o } WHERE { VALUES (?a) { (<http://example.com/a>) }  ?a ?p ?o }"
    with pytest.raises(QueryError, match="CONSTRUCT WHERE"):
        bind_values("CONSTRUCT WHERE { ?a ?p ?o }", term)
    with pytest.raises(QueryError, match="not a SPARQL variable"):
        bind_values("SELECT * { ?a ?p ?o }", {"a }": ox.Literal("x")})


# writing ---------------------------------------------------------------------------------------

def test_remove_and_ingest_again_as_on_a_local_store(runner, empty_remote, tmp_path):
    articles = few_articles(tmp_path / "few")
    local = tmp_path / "local"
    for store in (empty_remote, local):
        run(runner, "ingest", "--store", store, articles)
    whole = output_of(runner, "export", "--store", empty_remote, "--format", "nquads")
    assert whole == output_of(runner, "export", "--store", local, "--format", "nquads")

    for store in (empty_remote, local):
        assert "removed 1 article" in run(runner, "remove", "--store", store, FEW[1]).output
    after = output_of(runner, "export", "--store", empty_remote, "--format", "nquads")
    assert after == output_of(runner, "export", "--store", local, "--format", "nquads")
    assert f"doc/{FEW[1]}>".encode() not in after and f"doc/{FEW[0]}>".encode() in after
    with open_read_only(empty_remote) as store:
        assert store.article_ids() == [FEW[0], FEW[2]]

    for _ in range(2):  # ingesting again replaces each article's graph: nothing doubles
        run(runner, "ingest", "--store", empty_remote, articles)
        assert output_of(runner, "export", "--store", empty_remote, "--format", "nquads") == whole
    line = one_line_error(run(runner, "remove", "--store", empty_remote, "no-such-article", ok=False))
    assert "no article with id 'no-such-article'" in line


def test_a_bulk_ingest_into_a_remote_store_gives_what_a_local_store_gives(runner, empty_remote, samples_local):
    run(runner, "ingest", "--bulk", "--store", empty_remote, SAMPLES)
    assert output_of(runner, "export", "--store", empty_remote, "--format", "nquads") == output_of(
        runner, "export", "--store", samples_local, "--format", "nquads")


@pytest.mark.parametrize("bulk", [[], ["--bulk"]], ids=["transactions", "bulk"])
def test_a_backup_loads_into_a_remote_store_as_into_a_local_one(runner, empty_remote, samples_local, tmp_path, bulk):
    backup = tmp_path / "backup.nq"
    run(runner, "export", "--store", samples_local, "-o", backup)
    run(runner, "ingest", *bulk, "--store", empty_remote, backup)
    assert output_of(runner, "export", "--store", empty_remote, "--format", "nquads") == backup.read_bytes()
    run(runner, "ingest", "--store", empty_remote, backup)  # the graphs it holds now are replaced
    assert output_of(runner, "export", "--store", empty_remote, "--format", "nquads") == backup.read_bytes()


def test_user_entities_are_kept_and_read_back(empty_remote, tmp_path):
    person = ox.NamedNode("https://w3id.org/poros/entity/ada-example")
    triples = [ox.Triple(person, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Ada", language="en")),
               ox.Triple(person, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                         ox.NamedNode("https://w3id.org/poros/ontology#Person"))]
    with open_store(empty_remote) as store:
        store.put_user_entities("my people", triples)
        store.put_user_entities("my people", triples[:1])  # again: replaces
        assert store.user_entities() == triples[:1]
        assert store.sync_knowledge_base([triples[1]], "v1") is True
        assert store.sync_knowledge_base([triples[1]], "v1") is False
        assert store.article_ids() == []


def test_a_read_only_handle_refuses_writes(samples_remote):
    with open_read_only(samples_remote) as store:
        with pytest.raises(StoreError, match="reading only"):
            store.remove_article(FEW[0])
        with pytest.raises(StoreError, match="reading only"):
            store.put_graph("https://example.com/g", [])
        assert len(store.article_ids()) == 15


def test_the_connection_is_opened_again_when_the_server_comes_back(tmp_path):
    port = free_port()
    with oxigraph_server(tmp_path / "db", port) as (url, _):
        store = open_store(url)
        store.put_graph("https://example.com/g", [ox.Triple(ox.NamedNode("https://example.com/s"),
                                                            ox.NamedNode("https://example.com/p"), ox.Literal("o"))])
    with pytest.raises(StoreError, match="cannot reach the SPARQL server at http://127.0.0.1"):
        store.query("ASK { ?s ?p ?o }")
    with oxigraph_server(tmp_path / "db", port):
        assert bool(store.query("ASK { <https://example.com/s> ?p 'o' }"))
    store.close()


# failures: one line each -----------------------------------------------------------------------

def test_failures_are_one_line(runner, samples_remote, tmp_path):
    down = f"sparql+http://127.0.0.1:{free_port()}"
    cases = [
        (("stats", "--store", down), "cannot reach the SPARQL server at http://127.0.0.1:"),
        (("ingest", "--store", down, SAMPLES / "html"), "connection refused"),
        (("query", "--store", samples_remote + "/nowhere", "ASK {}"), "answered a query (/nowhere/query) with 404"),
        (("query", "--store", samples_remote, "SELECT * WHERE {\n ?s ?p }"), "bad SPARQL: error at 2:"),
        (("query", "--store", samples_remote + "?quer=/x", "ASK {}"), "unknown parameter quer"),
        (("serve", "--store", samples_remote, "--port", "0"), "poros serve needs a local store folder"),
    ]
    for args, expected in cases:
        line = one_line_error(run(runner, *args, ok=False))
        assert line.startswith("Error: ") and expected in line, (args, line)


class _Garbage(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        body = b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": ' if "results" in self.path else b"<html>"
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json" if "results" in self.path else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_a_garbled_answer_is_a_store_error(runner):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"sparql+http://127.0.0.1:{server.server_address[1]}"
        line = one_line_error(run(runner, "stats", "--store", base + "?query=/results", ok=False))
        assert "sent an unreadable answer" in line
        line = one_line_error(run(runner, "stats", "--store", base, ok=False))
        assert "unexpected format (text/html)" in line
    finally:
        server.shutdown()
        server.server_close()


def test_store_urls():
    oxigraph = parse_location("sparql+http://127.0.0.1:7878")
    assert (oxigraph.query, oxigraph.update, oxigraph.store, oxigraph.union_param) == ("/query", "/update", "/store", True)
    fuseki = parse_location("sparql+https://example.org/ds?query=/ds/sparql&update=/ds/update&store=data&timeout=5")
    assert (fuseki.secure, fuseki.host, fuseki.port) == (True, "example.org", 443)
    assert (fuseki.query, fuseki.update, fuseki.store, fuseki.union_param, fuseki.timeout) == \
        ("/ds/sparql", "/ds/update", "/ds/data", False, 5.0)
    for bad in ("sparql+http://:80/x", "sparql+http://a:b@h:1/", "sparql+http://h:1/?timeout=0",
                "sparql+http://h:1/?union=maybe", "sparql+http://h:99999/"):
        with pytest.raises(StoreError, match="store URL"):
            parse_location(bad)
