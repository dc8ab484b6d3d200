"""`poros serve`: the store as a SPARQL 1.1 Protocol endpoint, with a query page and the graph view.

Routes: `/sparql` (GET ?query=, POST form query=/update=, POST application/sparql-query and
application/sparql-update), `/` (a page to type a query and see the table), `/view` (the
interactive graph page of graph.view). Everything else is 404; no route reads a file.

Design: queries run in worker processes (graph.server_workers), never in the server.
- A timeout has to stop any query. pyoxigraph evaluates inside Rust without the GIL or a cancel
  hook: one `next()` on an aggregate (`SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }`)
  runs to the end of the whole computation, and no Python thread can interrupt it. So each query
  goes to a worker process, the server waits up to --timeout for its answer, and on timeout kills
  it (SIGKILL) and starts another. A request waits up to --timeout for a free worker, else 503.
- Workers read the store through `pyoxigraph.Store.read_only`, which does not take the store's
  lock: `poros ingest` (or `poros remove`) can write while the server answers. A worker keeps its
  handle and reopens it when the store's files (write-ahead log, manifest, tables) change, so each
  query sees the last committed data. Oxigraph calls reading beside a writer "undefined
  behaviour"; measured with a writer committing ten times a second and compacting, against three
  readers reopening for every query (20 s): no crash and no wrong count, but about one open in ten
  failed ("IO error: No such file") when a compaction removed a table the manifest still named. A
  worker retries such a failure with a fresh handle five times (0.02 to 0.4 s apart), then answers
  503. A reopen replays the write-ahead log, so under that heavy writer one took seconds; during
  `poros ingest` of the samples it is unnoticeable (below).
- An update (only with --allow-update) opens the store for writing in a worker, applies the
  update in one transaction and closes it; while `poros ingest` holds the store it gets 503.
- The result cap (--max-results) is applied while reading rows or triples: past it the worker
  stops and answers 422, whatever the query costs. Each worker's address space is capped too
  (4 GiB): a query that sorts a cross product fails its allocation and gets 503, not the machine.
- SERVICE and LOAD are refused before a query runs (403): Oxigraph would fetch the IRI. As a
  second wall, on Linux each worker moves into its own empty network namespace at start (where
  the kernel allows unprivileged user namespaces), so even a missed SERVICE reaches nothing.
- The server binds 127.0.0.1 unless told otherwise. A browser request from another origin (an
  Origin header other than the server's own) and, on loopback, a Host header that is not a
  loopback name (DNS rebinding) are refused, so a web page cannot drive a local endpoint.

Measured on the 15 sample articles (42,732 quads; two cores; scripts/bench_server.py): a simple
SELECT over HTTP takes 0.7 to 1.2 ms (median) on a kept-alive connection and 1.2 to 4 ms on a new
one (urllib, SPARQLWrapper); 0.8 ms median and 4 to 5 ms p95 while `poros ingest` rewrites the
samples, with no failed request in about 13,600; a worker starts in about 0.2 s; the
cross-product above answers 503 0.03 s after a 2 s timeout.
"""
from __future__ import annotations

import base64
import hashlib
import html
import ipaddress
import os
import queue
import re
import signal
import socket
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import parse_qs, urlsplit

from graph.errors import PorosError, StoreError
from graph.server_workers import NO_MEMORY, Answer, Job, Settings, Worker, WorkerGone

MAX_BODY = 1 << 20  # bytes of a POSTed query or update
UNSUPPORTED_PARAMETERS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
OUT_OF_MEMORY = {NO_MEMORY, -signal.SIGABRT}  # a worker's exits on MemoryError and on Rust's failed allocation


class ServerError(PorosError):
    """The server cannot start: a bad address, a store it cannot read."""


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 7878
    allow_update: bool = False
    timeout: float = 30.0  # seconds per query, and to wait for a free worker
    max_results: int = 10_000  # rows of a SELECT, triples of a CONSTRUCT or DESCRIBE
    workers: int = max(2, min(4, os.cpu_count() or 1))
    max_memory: int = 4 << 30  # bytes of address space per worker; a query needing more is stopped
    log: bool = False  # one line per request on stderr


# refusing SERVICE and LOAD ---------------------------------------------------------------------

_NOT_CODE = re.compile(r"""
      \#[^\n\r]*                                        # a comment
    | '''(?:(?:''|')?+(?:[^'\\]|\\.))*+'''              # long strings
    | \"\"\"(?:(?:\"\"|\")?+(?:[^"\\]|\\.))*+\"\"\"
    | '(?:[^'\\\n\r]|\\.)*+'                            # short strings
    | "(?:[^"\\\n\r]|\\.)*+"
    | <(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+>   # an IRI
    | \\.                                               # an escape in a prefixed name
""", re.VERBOSE | re.DOTALL)
_FORBIDDEN = re.compile(r"(?<![\w:?$@])(SERVICE|LOAD)(?![\w:])", re.IGNORECASE)
REFUSALS = {
    "SERVICE": "SERVICE (a federated query) is refused: this endpoint makes no requests to other servers",
    "LOAD": "LOAD is refused: this endpoint reads no remote or local files",
}


def forbidden_operation(sparql: str) -> str | None:
    """"SERVICE" or "LOAD" when the query or update uses one (outside strings, IRIs, comments)."""
    found = _FORBIDDEN.search(_NOT_CODE.sub(" ", sparql))
    return found.group(1).upper() if found else None


# the worker pool -------------------------------------------------------------------------------

class WorkerPool:
    """Worker processes, each running one job at a time; a job that runs too long loses its worker."""

    def __init__(self, settings: Settings, size: int):
        self.settings = settings
        self.size = size
        self._idle: queue.LifoQueue[Worker | None] = queue.LifoQueue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.sandboxed = False
        try:
            for _ in range(size):
                self._idle.put(self._start())
        except (StoreError, WorkerGone, OSError) as err:
            self.close()
            raise ServerError(f"cannot start the query workers: {err}") from None
        self.sandboxed = all(w.sandboxed for w in self._all)

    def _start(self) -> Worker:
        worker = Worker(self.settings)
        with self._lock:
            if not self._closed:
                self._all.add(worker)
                return worker
        worker.kill()
        raise WorkerGone("the server is stopping", timed_out=False)

    def run(self, job: Job, timeout: float) -> Answer:
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return Answer.error(503, f"all {self.size} query workers are busy; try again", **{"Retry-After": "1"})
        try:
            worker = worker or self._start()
        except (StoreError, WorkerGone, OSError) as err:
            self._idle.put(None)
            return Answer.error(500, f"cannot start a query worker: {err}")
        try:
            return worker.ask(job, timeout)
        except WorkerGone as gone:
            self._forget(worker)
            worker = None
            threading.Thread(target=self._replace, daemon=True).start()
            return self._lost(gone, job, timeout)
        finally:
            if worker is not None:
                self._idle.put(worker)

    def _lost(self, gone: WorkerGone, job: Job, timeout: float) -> Answer:
        """The answer for a job whose worker was killed or died."""
        if gone.exit_code in OUT_OF_MEMORY:
            return Answer.error(503, f"the query needed more than {self.settings.max_memory >> 20:,} MiB of memory "
                                     "and was stopped; narrow it or add a LIMIT")
        if not gone.timed_out:
            return Answer.error(500, "the query worker stopped unexpectedly; the server log may say why")
        what = "the page took" if job.kind == "view" else "the query ran"
        return Answer.error(503, f"{what} over {timeout:g} s (the server's --timeout) and was stopped; "
                                 "narrow it or add a LIMIT")

    def _replace(self) -> None:
        """Start a worker for one that was killed (None, to start on demand, when that fails)."""
        try:
            self._idle.put(self._start())
        except (StoreError, WorkerGone, OSError):
            self._idle.put(None)

    def _forget(self, worker: Worker | None) -> None:
        with self._lock:
            self._all.discard(worker)

    def close(self) -> None:
        with self._lock:
            workers, self._all, self._closed = list(self._all), set(), True
        for worker in workers:
            worker.kill()


# the HTTP side ---------------------------------------------------------------------------------

class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, options: ServeOptions, pool: WorkerPool):
        self.options = options
        self.pool = pool
        if ":" in options.host:
            self.address_family = socket.AF_INET6
        super().__init__((options.host, options.port), _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds an idle connection is kept
    server_version = "poros"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no 40 ms wait on keep-alive

    def do_GET(self) -> None:
        self._route("GET")

    def do_HEAD(self) -> None:
        self._route("HEAD")

    def do_POST(self) -> None:
        self._route("POST")

    def _route(self, method: str) -> None:
        url = urlsplit(self.path)
        started = time.perf_counter()
        try:
            answer = self._refuse_foreign() or self._dispatch(method, url)
        except _Refused as refused:
            answer = refused.answer
        except Exception:  # noqa: BLE001 (a bug: answer, and keep the trace for the log)
            traceback.print_exc()
            answer = Answer.error(500, "internal error; the server log has the details")
        if method == "POST" and answer.status >= 400:
            self.close_connection = True  # the body may be unread
        self._send(answer, method == "HEAD")
        if self.server.options.log:
            sys.stderr.write(f"{self.address_string()} {method} {url.path} {answer.status} "
                             f"{len(answer.body)} {1000 * (time.perf_counter() - started):.0f} ms\n")

    def _dispatch(self, method: str, url) -> Answer:
        if url.path == "/sparql":
            return self._sparql(method, url.query)
        if url.path == "/" and method != "POST":
            return Answer(200, PAGE.encode("utf-8"), "text/html; charset=utf-8", {"Content-Security-Policy": PAGE_CSP})
        if url.path == "/view" and method != "POST":
            return self._view(url.query)
        if url.path in ("/", "/view"):
            return Answer.error(405, f"{url.path} takes GET", Allow="GET, HEAD")
        return Answer.error(404, "no such page; the endpoint is /sparql, the query page /, the graph /view")

    def _refuse_foreign(self) -> Answer | None:
        """Requests a web page elsewhere could make: another Origin, or a rebound host name."""
        host = (self.headers.get("Host") or "").strip().lower()
        origin = (self.headers.get("Origin") or "").strip().lower()
        if origin and urlsplit(origin).netloc != host:
            return Answer.error(403, "cross-origin requests are refused")
        name = re.sub(r":\d+$", "", host)
        if _is_loopback(self.server.options.host) and host and name not in LOOPBACK_NAMES:
            return Answer.error(403, f"host {name!r} is not a loopback name; use http://127.0.0.1")
        return None

    # /sparql -----------------------------------------------------------------------------------
    def _sparql(self, method: str, query_string: str) -> Answer:
        kind, text = self._operation(method, query_string)
        if kind == "update" and not self.server.options.allow_update:
            return Answer.error(403, "this endpoint is read-only; start `poros serve` with --allow-update to accept updates")
        forbidden = forbidden_operation(text)
        if forbidden:
            return Answer.error(403, REFUSALS[forbidden])
        job = Job(kind, text, self.headers.get("Accept", ""))
        return self.server.pool.run(job, self.server.options.timeout)

    def _operation(self, method: str, query_string: str) -> tuple[str, str]:
        """("query" or "update", its text) from the request, as the SPARQL 1.1 Protocol sends it."""
        params = _parameters(query_string)
        if method == "POST":
            media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            body = self._body()
            if media == "application/x-www-form-urlencoded":
                params = {**params, **_parameters(body)}
            elif media in ("application/sparql-query", "application/sparql-update"):
                return media.rsplit("-", 1)[1], body
            else:
                raise _Refused(415, "POST a form (query= or update=), application/sparql-query or application/sparql-update")
        unsupported = [p for p in UNSUPPORTED_PARAMETERS if p in params]
        if unsupported:
            raise _Refused(400, f"{unsupported[0]} is not supported: the default graph is the union of all "
                                "article graphs; use GRAPH in the query")
        given = [k for k in ("query", "update") if k in params]
        if len(given) != 1 or len(params[given[0]]) != 1:
            raise _Refused(400, "give exactly one query= (or, by POST, one update=)")
        if given[0] == "update" and method != "POST":
            raise _Refused(400, "an update must be POSTed")
        return given[0], params[given[0]][0]

    def _body(self) -> str:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise _Refused(411, "a POST needs a Content-Length")
        if int(length) > MAX_BODY:
            raise _Refused(413, f"the request body is over {MAX_BODY:,} bytes")
        try:
            return self.rfile.read(int(length)).decode("utf-8")
        except UnicodeDecodeError:
            raise _Refused(400, "the request body is not UTF-8") from None

    # /view -------------------------------------------------------------------------------------
    def _view(self, query_string: str) -> Answer:
        try:
            narrowing, style = view_options(_parameters(query_string))
        except PorosError as err:
            return Answer.error(400, str(err))
        answer = self.server.pool.run(Job("view", view=(narrowing, style)), self.server.options.timeout)
        if answer.status == 200:
            answer.headers["Content-Security-Policy"] = _page_csp(answer.body)
        return answer

    # writing -----------------------------------------------------------------------------------
    def _send(self, answer: Answer, head_only: bool) -> None:
        self.send_response(answer.status)
        headers = {"Content-Type": answer.media_type, "Content-Length": str(len(answer.body)),
                   "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                   "Cache-Control": "no-store", "Content-Security-Policy": "default-src 'none'; sandbox",
                   **answer.headers}
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head_only:
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args) -> None:
        pass  # requests are logged by _route when asked


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.answer = Answer.error(status, message)


def _parameters(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise _Refused(400, "the parameters are not UTF-8") from None


def view_options(params: dict[str, list[str]]):
    """The graph view's Narrowing and ViewStyle from /view's parameters (lang, from, to, type, actor, depth)."""
    from graph.view import Narrowing, ViewError, ViewStyle, check_date
    from graph.view.render import event_types

    def one(name: str, default: str = "") -> str:
        return params.get(name, [default])[-1]

    lang = one("lang", "en")
    if lang not in ("en", "id"):
        raise ViewError("lang must be en or id")
    depth = one("depth", "1")
    if not depth.isdigit() or int(depth) > 5:
        raise ViewError("depth must be a whole number from 0 to 5")
    types = frozenset(t.strip().upper() for value in params.get("type", []) for t in value.split(",") if t.strip())
    unknown = sorted(types - set(event_types(lang)))
    if unknown:
        raise ViewError(f"unknown event type {', '.join(unknown)} (known: {', '.join(event_types(lang))})")
    narrowing = Narrowing(date_from=check_date(one("from"), "from"), date_to=check_date(one("to"), "to"),
                          types=types, actors=tuple(a for a in params.get("actor", []) if a.strip()),
                          depth=int(depth), lang=lang)
    return narrowing, ViewStyle(lang=lang)


def _page_csp(page: bytes) -> str:
    """The view page's own Content-Security-Policy (its meta tag), sent as a header too."""
    found = re.search(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    policy = html.unescape(found.group(1).decode()) if found else "default-src 'none'"
    return f"{policy}; frame-ancestors 'none'"


def _is_loopback(host: str) -> bool:
    if host.strip("[]") in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# starting and stopping -------------------------------------------------------------------------

class RunningServer:
    """A server answering in a background thread; `stop()` ends it and its workers."""

    def __init__(self, server: _Server):
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="poros-serve", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    @property
    def sandboxed(self) -> bool:
        return self._server.pool.sandboxed

    def wait(self) -> None:
        while self._thread.is_alive():
            self._thread.join(0.5)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._server.pool.close()
        self._thread.join()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_server(store_path: str, options: ServeOptions = ServeOptions()) -> RunningServer:
    """Start serving the store in a background thread (port 0 picks a free port; see `.url`)."""
    if str(store_path) == "memory":
        raise ServerError("serve needs a store folder; a 'memory' store would be empty")
    from graph.remote import is_remote

    if is_remote(str(store_path)):
        raise ServerError("poros serve needs a local store folder; a remote store is already served by its SPARQL server")
    if options.timeout <= 0 or options.max_results < 1:
        raise ServerError("--timeout and --max-results must be positive")
    from graph.store import open_read_only

    open_read_only(store_path)  # a clear error now for a missing or foreign folder
    pool = WorkerPool(Settings(str(store_path), options.max_results, options.max_memory), options.workers)
    try:
        server = _Server(options, pool)
    except OSError as err:
        pool.close()
        raise ServerError(f"cannot listen on {options.host}:{options.port}: {err.strerror or err}") from None
    return RunningServer(server)


def serve(store_path: str, options: ServeOptions, say=print) -> None:
    """Serve until interrupted (Ctrl-C), then stop the workers."""
    running = start_server(store_path, options)
    mode = "read-write" if options.allow_update else "read-only"
    say(f"serving {store_path} ({mode}) at {running.url}sparql; the query page is {running.url}; Ctrl-C stops")
    if not _is_loopback(options.host):
        say(f"warning: listening on {options.host}: anyone who can reach this machine can query the store")
    if not running.sandboxed:
        say("note: the query workers could not be cut off from the network here; SERVICE and LOAD are still refused")
    try:
        running.wait()
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()


# the query page --------------------------------------------------------------------------------

_STYLE = """
body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1a202c; }
textarea { width: 100%; height: 11em; font: 14px/1.4 ui-monospace, monospace; box-sizing: border-box; }
button { margin: .5em 0; padding: .3em 1.2em; }
#status { margin-left: 1em; color: #4a5568; }
#status.error { color: #c53030; }
table { border-collapse: collapse; margin-top: .5em; }
th, td { border: 1px solid #cbd5e0; padding: .2em .5em; text-align: left; vertical-align: top; }
th { background: #edf2f7; }
pre { background: #f7fafc; padding: .5em; overflow: auto; }
"""

_SCRIPT = """
"use strict";
const form = document.getElementById("form");
const query = document.getElementById("query");
const out = document.getElementById("out");
const status = document.getElementById("status");

function say(text, error) {
  status.textContent = text;
  status.className = error ? "error" : "";
}

function term(t) {
  if (!t) return "";
  if (t.type === "uri") return "<" + t.value + ">";
  if (t.type === "bnode") return "_:" + t.value;
  if (t.type === "triple") return "<< " + term(t.value.subject) + " " + term(t.value.predicate) + " " + term(t.value.object) + " >>";
  if (t["xml:lang"]) return t.value + " @" + t["xml:lang"];
  return t.value;
}

function showResults(data) {
  if ("boolean" in data) {
    const p = document.createElement("p");
    p.textContent = String(data.boolean);
    out.append(p);
    return 0;
  }
  const vars = data.head.vars;
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const name of vars) {
    const th = document.createElement("th");
    th.textContent = name;
    head.append(th);
  }
  const body = table.createTBody();
  for (const binding of data.results.bindings) {
    const row = body.insertRow();
    for (const name of vars) row.insertCell().textContent = term(binding[name]);
  }
  out.append(table);
  return data.results.bindings.length;
}

async function run(event) {
  event.preventDefault();
  out.replaceChildren();
  say("running…", false);
  const started = performance.now();
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: {"Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
      body: query.value,
    });
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      say(response.status + ": " + (await response.text()), true);
      return;
    }
    let count;
    if (type.startsWith("application/sparql-results+json")) {
      count = showResults(await response.json()) + " rows";
    } else {
      const pre = document.createElement("pre");
      pre.textContent = await response.text();
      out.append(pre);
      count = "graph";
    }
    say(count + " in " + Math.round(performance.now() - started) + " ms", false);
  } catch (error) {
    say(String(error), true);
  }
}

form.addEventListener("submit", run);
query.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
});
"""

_EXAMPLE = """SELECT ?id ?title WHERE {
  ?d dcterms:identifier ?id .
  OPTIONAL { ?d dcterms:title ?title }
} ORDER BY ?id LIMIT 50"""

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>poros SPARQL</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>poros SPARQL</h1>
<p>Prefixes poros:, ent:, doc:, event:, plover:, rdf:, rdfs:, skos:, owl:, xsd:, prov:, dcterms: and wd: are
predeclared. Ctrl+Enter runs the query. The endpoint is <code>/sparql</code>; the graph is at <code>/view</code>.</p>
<form id="form">
<textarea id="query" spellcheck="false" aria-label="SPARQL query">{_EXAMPLE}</textarea>
<button type="submit">Run</button><span id="status" role="status"></span>
</form>
<div id="out"></div>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


PAGE_CSP = (f"default-src 'none'; script-src {_hash(_SCRIPT)}; style-src {_hash(_STYLE)}; connect-src 'self'; "
            "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
