"""`poros serve` over loopback, driven by SPARQLWrapper, rdflib's SPARQLStore and plain HTTP."""
from __future__ import annotations

import base64
import csv
import hashlib
import html
import http.client
import http.server
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib
from conftest import SAMPLES, write
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    POST,
    POSTDIRECTLY,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)

import graph
from graph.cli import main
from graph.ingest import ingest
from graph.kb import load_knowledge_base
from graph.server import ServeOptions, ServerError, forbidden_operation, start_server
from graph.server_workers import Job, Settings, Worker
from graph.store import open_store

IDS = "SELECT ?id WHERE { ?d dcterms:identifier ?id } ORDER BY ?id"
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT = 2.0
CAP = 500


# fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("served") / "store"
    with open_store(path) as store:
        ingest(store, [SAMPLES], load_knowledge_base())
    return path


@pytest.fixture(scope="module")
def article_ids(sample_store) -> list[str]:
    with open_store(sample_store, create=False) as store:
        return store.article_ids()


@pytest.fixture(scope="module")
def server(sample_store):
    with start_server(str(sample_store), ServeOptions(port=0, timeout=TIMEOUT, max_results=CAP)) as running:
        yield running


@pytest.fixture
def writable(sample_store, tmp_path):
    """A server with --allow-update on a copy of the sample store."""
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    with start_server(str(copy), ServeOptions(port=0, timeout=TIMEOUT, allow_update=True, workers=2)) as running:
        yield running


@pytest.fixture
def probe():
    """A local HTTP server that records every request: it must never be reached."""
    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.end_headers()
            self.wfile.write(b"<http://ex/s> <http://ex/p> <http://ex/o> .\n")

        do_POST = do_GET

        def log_message(self, *args) -> None:
            pass

    recorder = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=recorder.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{recorder.server_address[1]}/data.ttl", hits
    recorder.shutdown()
    recorder.server_close()


def endpoint(running) -> str:
    return running.url + "sparql"


def request(running, path: str, data: bytes | None = None, headers: dict | None = None,
            method: str | None = None) -> tuple[int, dict, bytes]:
    """Status, headers and body of one request, sent with the path exactly as given."""
    host, port = urllib.parse.urlsplit(running.url).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method or ("POST" if data is not None else "GET"), path, body=data, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def get_query(running, sparql: str, accept: str = "") -> tuple[int, dict, bytes]:
    return request(running, "/sparql?" + urllib.parse.urlencode({"query": sparql}), headers={"Accept": accept})


def post_update(running, sparql: str) -> tuple[int, dict, bytes]:
    return request(running, "/sparql", urllib.parse.urlencode({"update": sparql}).encode(),
                   {"Content-Type": "application/x-www-form-urlencoded"})


def one_line(body: bytes) -> str:
    text = body.decode("utf-8")
    assert text.endswith("\n") and text.count("\n") == 1, text
    return text.strip()


def wrapper(running, sparql: str, fmt: str = JSON) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint(running))
    client.setQuery(sparql)
    client.setReturnFormat(fmt)
    return client


# queries -------------------------------------------------------------------------------------

def test_select_in_every_format(server, article_ids):
    rows = wrapper(server, IDS, JSON).query().convert()["results"]["bindings"]
    assert [r["id"]["value"] for r in rows] == article_ids and len(article_ids) == 15
    document = wrapper(server, IDS, XML).query().convert()
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")] == article_ids
    table = list(csv.reader(io.StringIO(wrapper(server, IDS, CSV).query().convert().decode())))
    assert table == [["id"], *([i] for i in article_ids)]
    lines = wrapper(server, IDS, TSV).query().convert().decode().splitlines()
    assert lines == ["?id", *(f'"{i}"' for i in article_ids)]


def test_get_form_post_and_direct_post_agree(server, article_ids):
    answers = []
    for method in ("GET", POST, POSTDIRECTLY):
        client = wrapper(server, IDS)
        if method == POSTDIRECTLY:
            client.setMethod(POST)
            client.setRequestMethod(POSTDIRECTLY)
        elif method == POST:
            client.setMethod(POST)
        answers.append([r["id"]["value"] for r in client.query().convert()["results"]["bindings"]])
    assert answers == [article_ids] * 3
    status, headers, body = request(server, "/sparql", IDS.encode(), {"Content-Type": "application/sparql-query",
                                                                      "Accept": "text/csv"})
    assert status == 200 and headers["content-type"].startswith("text/csv") and body.decode().split() == ["id", *article_ids]


def test_ask(server):
    assert wrapper(server, "ASK { ?x a poros:State }").query().convert()["boolean"] is True
    assert wrapper(server, "ASK { ?x a poros:NoSuchClass }").query().convert()["boolean"] is False
    status, _, body = get_query(server, "ASK { ?x a poros:State }", "application/sparql-results+xml")
    assert status == 200 and b"<boolean>true</boolean>" in body


def test_construct_as_turtle_ntriples_and_jsonld(server):
    sparql = "CONSTRUCT { ?d dcterms:identifier ?id } WHERE { ?d dcterms:identifier ?id }"
    turtle = wrapper(server, sparql, TURTLE).query().convert()
    parsed = rdflib.Graph().parse(data=turtle, format="turtle")
    assert len(parsed) == 15 and b"@prefix" in turtle
    jsonld = wrapper(server, sparql, JSONLD).query().convert()
    assert len(jsonld) == 15
    status, headers, body = get_query(server, sparql, "application/n-triples")
    assert status == 200 and headers["content-type"] == "application/n-triples"
    assert set(rdflib.Graph().parse(data=body, format="nt")) == set(parsed)
    status, _, body = get_query(server, sparql, "application/sparql-results+json")
    assert status == 406 and "text/turtle" in one_line(body)


def test_rdflib_sparqlstore(server, article_ids):
    remote = rdflib.Graph(store=SPARQLStore(endpoint(server)))
    rows = remote.query("SELECT ?id WHERE { ?d <http://purl.org/dc/terms/identifier> ?id } ORDER BY ?id")
    assert [str(r[0]) for r in rows] == article_ids
    identifier = rdflib.URIRef("http://purl.org/dc/terms/identifier")
    assert sorted(str(o) for _, _, o in remote.triples((None, identifier, None))) == article_ids


def test_untrusted_text_comes_back_intact(server):
    """A literal with quotes, tabs, newlines and markup survives every result format."""
    value = 'a "quote"\tand\n<script>alert(1)</script> é'
    sparql = f"SELECT ?v WHERE {{ BIND({json.dumps(value)} AS ?v) }}"
    rows = wrapper(server, sparql, JSON).query().convert()["results"]["bindings"]
    assert rows[0]["v"]["value"] == value
    table = list(csv.reader(io.StringIO(wrapper(server, sparql, CSV).query().convert().decode(), newline="")))
    assert table[1][0].replace("\r\n", "\n") == value


# updates -------------------------------------------------------------------------------------

def test_update_is_refused_by_default(server):
    status, _, body = post_update(server, "INSERT DATA { <http://ex/a> <http://ex/b> 'c' }")
    assert status == 403 and "--allow-update" in one_line(body)
    status, _, body = request(server, "/sparql", b"DROP ALL", {"Content-Type": "application/sparql-update"})
    assert status == 403
    assert wrapper(server, "ASK { <http://ex/a> ?p ?o }").query().convert()["boolean"] is False
    assert wrapper(server, "ASK { ?x a poros:State }").query().convert()["boolean"] is True


def test_update_is_applied_with_allow_update(writable):
    client = wrapper(writable, "INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> rdfs:label 'added' } }")
    client.setMethod(POST)
    assert client.query().response.status == 204
    rows = wrapper(writable, "SELECT ?l WHERE { <http://ex/a> rdfs:label ?l }").query().convert()
    assert [r["l"]["value"] for r in rows["results"]["bindings"]] == ["added"]
    status, _, _ = request(writable, "/sparql", b"DELETE WHERE { GRAPH ?g { <http://ex/a> ?p ?o } }",
                           {"Content-Type": "application/sparql-update"})
    assert status == 204
    assert wrapper(writable, "ASK { <http://ex/a> ?p ?o }").query().convert()["boolean"] is False
    status, _, body = request(writable, "/sparql?update=" + urllib.parse.quote("DROP ALL"))
    assert status == 400 and "POST" in one_line(body)


def test_update_while_another_process_writes_gets_503(writable, tmp_path):
    with open_store(tmp_path / "store", create=False):
        status, headers, body = post_update(writable, "INSERT DATA { <http://ex/a> <http://ex/b> 'c' }")
    assert status == 503 and "in use" in one_line(body) and headers["retry-after"]
    assert post_update(writable, "INSERT DATA { <http://ex/a> <http://ex/b> 'c' }")[0] == 204


def test_ingest_while_serving(server, sample_store, runner, tmp_path):
    """The server holds no lock: `poros ingest` writes while it answers, and the next query sees it."""
    article = write(tmp_path / "in" / "served_live.txt", "Indonesia and Japan signed an agreement in Tokyo.")
    ask = "ASK { ?d dcterms:identifier 'served_live' }"
    assert wrapper(server, ask).query().convert()["boolean"] is False
    try:
        result = runner.invoke(main, ["ingest", "--store", str(sample_store), str(article)])
        assert result.exit_code == 0, result.output
        assert wrapper(server, ask).query().convert()["boolean"] is True
    finally:
        result = runner.invoke(main, ["remove", "--store", str(sample_store), "served_live"])
    assert result.exit_code == 0, result.output
    assert wrapper(server, ask).query().convert()["boolean"] is False


# limits --------------------------------------------------------------------------------------

def test_timeout_stops_a_cross_product(server):
    started = time.perf_counter()
    status, _, body = get_query(server, CROSS_PRODUCT)
    took = time.perf_counter() - started
    assert status == 503 and "--timeout" in one_line(body)
    assert TIMEOUT <= took < TIMEOUT + 1.5
    started = time.perf_counter()
    assert wrapper(server, "ASK { ?x a poros:State }").query().convert()["boolean"] is True
    assert time.perf_counter() - started < 1.0


def test_result_cap(server):
    status, _, body = get_query(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 422 and f"more than {CAP}" in one_line(body)
    status, _, body = get_query(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert status == 422 and "triples" in one_line(body)
    status, _, body = get_query(server, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {CAP}", "text/csv")
    assert status == 200 and len(body.decode().strip().splitlines()) == CAP + 1
    started = time.perf_counter()
    status, _, _ = get_query(server, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }")
    assert status == 422 and time.perf_counter() - started < TIMEOUT


def test_memory_cap_stops_a_sorted_cross_product(sample_store):
    options = ServeOptions(port=0, timeout=30, workers=1, max_memory=1 << 30)
    with start_server(str(sample_store), options) as running:
        started = time.perf_counter()
        status, _, body = get_query(running, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?f LIMIT 1")
        assert status == 503 and "1,024 MiB of memory" in one_line(body)
        assert time.perf_counter() - started < 15
        assert wrapper(running, "ASK { ?x a poros:State }").query().convert()["boolean"] is True


# refusals ------------------------------------------------------------------------------------

@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * {{ ?x ?y ?z .service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    "# a comment\nSELECT * WHERE {{ ?s ?p 'x' . SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ex:a\\' SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p <http://ex/\\u0061#> SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p '''it's''' SERVICE <{url}> {{ ?s ?p ?o }} }}",
    'SELECT * WHERE {{ ?s ?p "a\\"b" SERVICE <{url}> {{ ?s ?p ?o }} }}',
])
def test_service_is_refused(server, probe, template):
    url, hits = probe
    status, _, body = get_query(server, template.format(url=url))
    assert status == 403 and "SERVICE" in one_line(body)
    assert hits == []


def test_service_as_a_word_in_data_is_allowed(server):
    sparql = ("SELECT ?service WHERE { BIND('SERVICE <http://x> { }' AS ?service) "
              "FILTER(?service != <http://ex/service>) } # SERVICE LOAD")
    assert forbidden_operation(sparql) is None
    status, _, body = get_query(server, sparql, "text/csv")
    assert status == 200 and body.split(b"\r\n")[1] == b"SERVICE <http://x> { }"


@pytest.mark.parametrize("template", [
    "LOAD <{url}>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://ex/stolen>",
    "load <file:///etc/hostname>",
    "INSERT {{ GRAPH <http://ex/stolen> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
])
def test_load_and_service_updates_are_refused(writable, probe, template):
    url, hits = probe
    status, _, body = post_update(writable, template.format(url=url))
    assert status == 403 and re.search(r"LOAD|SERVICE", one_line(body))
    assert hits == []
    assert wrapper(writable, "ASK { GRAPH <http://ex/stolen> { ?s ?p ?o } }").query().convert()["boolean"] is False


def test_workers_have_no_network(sample_store, probe):
    """Behind the refusal, a worker asked for SERVICE directly still reaches nothing."""
    url, hits = probe
    worker = Worker(Settings(str(sample_store), 10))
    try:
        if not worker.sandboxed:
            pytest.skip("this kernel does not allow unprivileged network namespaces")
        answer = worker.ask(Job("query", f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"), 10)
    finally:
        worker.kill()
    assert answer.status != 200 and hits == []


def test_bad_requests_get_400_with_one_line(server):
    status, headers, body = get_query(server, "SELEC * WHERE { ?s ?p ?o }")
    assert status == 400 and headers["content-type"].startswith("text/plain")
    assert one_line(body).startswith("bad SPARQL: error at 1:")
    assert request(server, "/sparql")[0] == 400
    status, _, body = request(server, "/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert status == 400 and "exactly one" in one_line(body)
    status, _, body = request(server, "/sparql", b"ASK {}", {"Content-Type": "text/plain"})
    assert status == 415 and "application/sparql-query" in one_line(body)
    status, _, body = request(server, "/sparql?" + urllib.parse.urlencode({"query": "ASK {}", "default-graph-uri": "urn:x"}))
    assert status == 400 and "default-graph-uri" in one_line(body)


def test_unknown_paths_and_escapes_give_404(server, sample_store):
    root = Path(graph.__file__).resolve().parents[1]
    for path in ("/nope", "/sparql/", "/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd",
                 "/view/../../etc/passwd", "/README.md", "/graph/server.py", f"/{root}/README.md",
                 f"{sample_store}/poros-store.json", "/poros-store.json", "/CURRENT", "/file:///etc/passwd"):
        status, _, body = request(server, path)
        assert status == 404, path
        assert one_line(body).startswith("no such page"), path


def test_browser_requests_from_elsewhere_are_refused(server):
    status, _, body = request(server, "/sparql?query=ASK%7B%7D", headers={"Origin": "http://evil.example"})
    assert status == 403 and "cross-origin" in one_line(body)
    port = urllib.parse.urlsplit(server.url).port
    status, _, body = request(server, "/sparql?query=ASK%7B%7D", headers={"Host": f"evil.example:{port}"})
    assert status == 403 and "loopback" in one_line(body)
    same = {"Origin": server.url.rstrip("/")}
    assert request(server, "/sparql?query=ASK%7B%7D", headers=same)[0] == 200


# pages ---------------------------------------------------------------------------------------

def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_query_page_is_self_contained(server):
    status, headers, body = request(server, "/")
    page = body.decode()
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    styles = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    assert len(scripts) == 1 and _sha256(scripts[0]) in policy and _sha256(styles[0]) in policy
    assert not re.search(r"\b(src|href)=", page) and "http" not in scripts[0]
    assert "textContent" in scripts[0] and not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", page)


def test_view_page_with_options(server):
    status, headers, body = request(server, "/view?" + urllib.parse.urlencode(
        {"actor": "Xi Jinping", "depth": "1", "lang": "en", "from": "2022", "to": "2024-12-31", "type": "CONSULT,AGREE"}))
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    meta = html.unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page).group(1))
    assert headers["content-security-policy"].startswith(meta) and "default-src 'none'" in meta
    assert "neighbourhood of Xi Jinping to depth 1" in page and "of type AGREE, CONSULT" in page
    whole = request(server, "/view?lang=id")[2]
    assert len(whole) > len(body) and b'lang="id"' in whole


@pytest.mark.parametrize("query", ["lang=fr", "depth=9", "depth=x", "from=June", "type=HUG", "actor=Nobody%20Atall"])
def test_view_rejects_bad_options(server, query):
    status, _, body = request(server, "/view?" + query)
    assert status == 400 and one_line(body)


# starting ------------------------------------------------------------------------------------

def test_binds_loopback_by_default(sample_store):
    assert ServeOptions().host == "127.0.0.1"
    host = next(p for p in main.commands["serve"].params if p.name == "host")
    assert host.default == "127.0.0.1"
    with start_server(str(sample_store), ServeOptions(port=0, workers=1)) as running:
        assert running._server.server_address[0] == "127.0.0.1"
        assert running.url.startswith("http://127.0.0.1:")


def test_refuses_memory_and_missing_stores(tmp_path):
    with pytest.raises(ServerError, match="store folder"):
        start_server("memory", ServeOptions(port=0))
    with pytest.raises(Exception, match="no store at"):
        start_server(str(tmp_path / "none"), ServeOptions(port=0))


def test_cli_serve_answers_and_stops_on_ctrl_c(sample_store):
    command = [sys.executable, "-m", "graph.cli", "serve", "--store", str(sample_store), "--port", "0", "--timeout", "5"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        url = re.search(r"at (http://127\.0\.0\.1:\d+/sparql)", line).group(1)
        client = SPARQLWrapper(url)
        client.setQuery("ASK { ?x a poros:State }")
        client.setReturnFormat(JSON)
        assert client.query().convert()["boolean"] is True
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# in a browser --------------------------------------------------------------------------------

CHROMIUM = os.environ.get("POROS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
PAYLOAD = "<img src=x onerror=\"window.__ran=1\">&amp; <b>bold</b>"


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"), reason="Chromium is not installed")
def test_query_page_runs_a_query_in_chromium(server):
    """Under its own CSP the page queries /sparql and shows hostile values as text."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server.url)
            page.fill("#query", f"SELECT ?v ?n WHERE {{ VALUES (?v ?n) {{ ({json.dumps(PAYLOAD)} 1) }} }}")
            page.click("button")
            page.wait_for_selector("td")
            assert page.inner_text("td") == PAYLOAD
            assert page.evaluate("window.__ran") is None and page.query_selector("#out img") is None
            assert errors == []
            page.fill("#query", "SELEC nothing")
            page.click("button")
            page.wait_for_selector("#status.error")
            assert page.inner_text("#status").startswith("400: bad SPARQL")
            errors.clear()  # the browser logs the 400 itself
            page.goto(server.url + "view?actor=Xi%20Jinping")
            page.wait_for_function("document.querySelector('canvas') !== null")
            assert errors == []
        finally:
            browser.close()
