"""A store on a SPARQL server: the same interface as the embedded `Store`, spoken over HTTP.

A location of the form ``sparql+http://HOST:PORT/PATH`` (or ``sparql+https://``) names a dataset
on a SPARQL server; ``HTTP://HOST:PORT/PATH`` is its base. By default the endpoints are those of
Oxigraph server (``oxigraph serve``): ``BASE/query``, ``BASE/update`` and ``BASE/store``. Other
servers name theirs in the URL's query string, as absolute paths (``/ds/sparql``) or relative to
the base (``sparql``)::

    sparql+http://127.0.0.1:7878                                       Oxigraph server
    sparql+http://localhost:3030/ds?query=/ds/sparql&update=/ds/update&store=/ds/data   Fuseki
    sparql+http://localhost:7200/repositories/poros?query=/repositories/poros&update=/repositories/poros/statements&store=/repositories/poros/rdf-graphs/service   GraphDB

Parameters: ``query``, ``update``, ``store`` (the endpoints), ``union`` and ``timeout`` (seconds
to wait for a read or a write of the connection, default 120).

Which protocol does what:

- Queries go to the query endpoint (SPARQL 1.1 Protocol, ``POST application/sparql-query``), with
  the poros prefixes declared in front. poros reads the default graph as the union of all named
  graphs: with ``union=param`` (the default with Oxigraph's endpoints) the request carries
  Oxigraph's ``union-default-graph`` parameter; with ``union=server`` (the default once ``query=``
  is given) the server must be configured so (Oxigraph ``--union-default-graph``, Fuseki
  ``tdb2:unionDefaultGraph true``; GraphDB and Virtuoso read every graph when a query names
  none). SELECT and ASK come back as SPARQL JSON results, CONSTRUCT and
  DESCRIBE as N-Triples; both are parsed by pyoxigraph into its own result objects, so every
  caller works as on the embedded store. Substitutions are a ``VALUES`` block put at the start of
  the query's outer ``WHERE`` group, its terms written by pyoxigraph.
- Writes go to the update endpoint (SPARQL 1.1 Update): an article's graph is replaced by one
  request, ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }``, which the server applies
  whole or not at all.
- Reading one graph (a user's entity file) uses the Graph Store Protocol (``GET store?graph=``).

One HTTP connection is kept alive and opened again when the server has closed it. Every failure
(no server, a refusal, an HTTP error, an unreadable answer) is a `StoreError` (a `QueryError` for
bad SPARQL) with one line that says what happened.
"""
from __future__ import annotations

import http.client
import re
import socket
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

import pyoxigraph as ox

from graph.errors import QueryError, StoreError, first_line
from graph.rdf.terms import (
    DOC,
    KB_GRAPH,
    OWL,
    USER_KB_GRAPH,
    document_iri,
    sparql_prefixes,
)
from graph.store import Store, _triple_key

SCHEMES = ("sparql+http://", "sparql+https://")
DEFAULT_TIMEOUT = 120.0
PARAMETERS = ("query", "update", "store", "union", "timeout")
UNION_MODES = ("param", "server")

RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
N_TRIPLES = "application/n-triples"
ACCEPT = f"{RESULTS_JSON}, {RESULTS_XML};q=0.8, {N_TRIPLES};q=0.9, text/turtle;q=0.7"
_RESULT_FORMATS = {RESULTS_JSON: ox.QueryResultsFormat.JSON, RESULTS_XML: ox.QueryResultsFormat.XML}
_GRAPH_FORMATS = {N_TRIPLES: ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
                  "text/turtle": ox.RdfFormat.TURTLE}

# The poros prefixes on one line of their own: a server's "error at LINE:COLUMN" is one line off.
_PRELUDE = sparql_prefixes().replace("\n", " ").rstrip() + "\n"
_ERROR_AT = re.compile(r"\b(at|line) (\d+)(?=[:, ])")


def is_remote(location: str) -> bool:
    """Whether a store location names a SPARQL server rather than a folder."""
    return str(location).startswith(SCHEMES)


@dataclass(frozen=True)
class Endpoints:
    """Where a remote dataset answers: host, port and the path of each endpoint."""

    secure: bool
    host: str
    port: int
    query: str
    update: str
    store: str
    union_param: bool
    timeout: float

    @property
    def server(self) -> str:
        return f"{'https' if self.secure else 'http'}://{self.host}:{self.port}"


def parse_location(location: str) -> Endpoints:
    """The endpoints a `sparql+http(s)://` location names (see the module's docstring)."""
    if not is_remote(location):
        raise StoreError(f"{location!r} is not a SPARQL store URL (sparql+http://HOST:PORT/PATH)")
    url = urlsplit(location[len("sparql+"):])
    try:
        host, port = url.hostname, url.port
    except ValueError:
        raise StoreError(f"store URL {location!r} has a bad port") from None
    if not host:
        raise StoreError(f"store URL {location!r} names no host")
    if url.username is not None or url.fragment:
        raise StoreError(f"store URL {location!r}: user names, passwords and #fragments are not supported")
    options = _options(location, url.query)
    base = url.path.rstrip("/")
    union = options.get("union", "server" if "query" in options else "param")
    if union not in UNION_MODES:
        raise StoreError(f"store URL {location!r}: union must be {' or '.join(UNION_MODES)}, not {union!r}")
    return Endpoints(secure=url.scheme == "https", host=host, port=port or (443 if url.scheme == "https" else 80),
                     query=_path(base, options.get("query", "query")),
                     update=_path(base, options.get("update", "update")),
                     store=_path(base, options.get("store", "store")),
                     union_param=union == "param", timeout=_timeout(location, options.get("timeout")))


def _options(location: str, query_string: str) -> dict[str, str]:
    options = dict(parse_qsl(query_string, keep_blank_values=True))
    unknown = sorted(set(options) - set(PARAMETERS))
    if unknown:
        raise StoreError(f"store URL {location!r}: unknown parameter {', '.join(unknown)} "
                         f"(known: {', '.join(PARAMETERS)})")
    return options


def _path(base: str, endpoint: str) -> str:
    """An endpoint's path: as given when absolute, else under the dataset's base path."""
    path = endpoint if endpoint.startswith("/") else f"{base}/{endpoint}"
    return quote(path, safe="/%?&=:;@+$,~-._")


def _timeout(location: str, value: str | None) -> float:
    if value is None:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise StoreError(f"store URL {location!r}: timeout must be a positive number of seconds, not {value!r}")
    return seconds


def open_remote(location: str, read_only: bool = False) -> RemoteStore:
    """A store on the SPARQL server the location names; checks at once that the server answers."""
    store = RemoteStore(parse_location(location), location, read_only=read_only)
    try:
        store.query("ASK {}")
    except QueryError as err:
        store.close()
        raise StoreError(f"{location}: the query endpoint does not answer SPARQL: {err}") from None
    except StoreError:
        store.close()
        raise
    return store


# HTTP ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str  # without parameters, lower case
    body: bytes

    def message(self) -> str:
        """The first line of the server's text, cut short: enough to say what went wrong."""
        text = self.body.decode("utf-8", "replace").strip()
        line = text.splitlines()[0] if text else "(no message)"
        return line if len(line) <= 300 else line[:299] + "…"


class Connection:
    """One kept-alive HTTP connection to a server, opened again when the server closed it."""

    def __init__(self, endpoints: Endpoints):
        self.endpoints = endpoints
        self._http: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: Mapping[str, str] | None = None) -> Answer:
        """Send one request and read the whole answer. A kept-alive connection the server closed
        meanwhile is opened again and the request sent once more (every poros request can be
        repeated: a query, or an update that replaces a graph)."""
        for may_retry in (True, False):
            reused = self._http is not None
            try:
                return self._exchange(method, path, body, dict(headers or {}))
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError,
                    http.client.CannotSendRequest, http.client.BadStatusLine) as err:
                self.close()
                if not (reused and may_retry):
                    raise StoreError(self._failure(err)) from None
            except (OSError, http.client.HTTPException) as err:
                self.close()
                raise StoreError(self._failure(err)) from None
        raise AssertionError("unreachable")

    def _exchange(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Answer:
        if self._http is None:
            kind = http.client.HTTPSConnection if self.endpoints.secure else http.client.HTTPConnection
            self._http = kind(self.endpoints.host, self.endpoints.port, timeout=self.endpoints.timeout)
        self._http.request(method, path, body=body, headers=headers)
        response = self._http.getresponse()
        data = response.read()
        if response.will_close:
            self.close()
        media_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        return Answer(response.status, media_type, data)

    def _failure(self, err: Exception) -> str:
        where = f"the SPARQL server at {self.endpoints.server}"
        if isinstance(err, (socket.timeout, TimeoutError)):
            return f"{where} did not answer within {self.endpoints.timeout:g} s"
        if isinstance(err, ConnectionRefusedError):
            return f"cannot reach {where}: connection refused (is it running?)"
        if isinstance(err, socket.gaierror):
            return f"cannot reach {where}: unknown host {self.endpoints.host!r}"
        if isinstance(err, (http.client.HTTPException, ConnectionResetError)):
            return f"{where} broke off the exchange ({type(err).__name__}: {err or 'no answer'})"
        return f"cannot reach {where}: {getattr(err, 'strerror', None) or err}"


# the store -------------------------------------------------------------------------------------

class RemoteStore(Store):
    """A poros store on a SPARQL server. Use `open_store("sparql+http://...")` to get one.

    Writing, reading and exporting work as on the embedded store; export, triples, quads and
    stats are Store's own code over this store's queries, so they give the same bytes and numbers.
    """

    loads_in_threads = False  # one HTTP connection, one request at a time

    def __init__(self, endpoints: Endpoints, location: str, read_only: bool = False):
        super().__init__(None, location, read_only)
        self.endpoints = endpoints
        self._connection: Connection | None = Connection(endpoints)

    def flush(self) -> None:
        """Nothing to do: the server keeps what it was sent."""

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = None

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise StoreError("the store is closed")
        return self._connection

    @property
    def backend(self) -> _ServerDataset:
        """What Store's shared code asks of its backend (how many quads it holds), from the server."""
        return _ServerDataset(self)

    def data_stamp(self) -> None:
        """None: other clients may change the server's data unseen, so no answer is kept."""

    def answers_dir(self) -> None:
        return None

    # writing -------------------------------------------------------------------------------
    def _replace_graph(self, graph_iri: str, statements: Iterable, what: str, drop: bool = True) -> None:
        body = " ".join(f"{t.subject} {t.predicate} {t.object} ." for t in statements)
        self._update_graph(graph_iri, body, what, drop)

    def _update_graph(self, graph_iri: str, ntriples: str, what: str, drop: bool = True) -> None:
        """Drop the graph and insert the triples (N-Triples written by pyoxigraph) in one update
        request: the server applies it whole or not at all."""
        graph = ox.NamedNode(graph_iri)
        first = f"DROP SILENT GRAPH {graph} ; " if drop else ""
        self._update(f"{first}INSERT DATA {{ GRAPH {graph} {{ {ntriples} }} }}", what)

    def add_quads(self, quads: list[ox.Quad]) -> None:
        """Add quads to their graphs in one update request (a bulk load of new graphs)."""
        if not quads:
            return
        groups = " ".join(f"GRAPH {graph} {{ {' '.join(f'{q.subject} {q.predicate} {q.object} .' for q in group)} }}"
                          for graph, group in groupby(quads, key=lambda q: q.graph_name))
        self._update(f"INSERT DATA {{ {groups} }}", f"{len(quads)} statements")

    def add_new_graphs(self, graph_iris: list[str], data: bytes | list[ox.Quad]) -> None:
        """Add whole new graphs in one update request, which the server applies whole or not at all."""
        if isinstance(data, bytes):
            data = list(ox.parse(input=data, format=ox.RdfFormat.N_QUADS))
        self.add_quads(data)

    def compact(self) -> None:
        """A server keeps its own files in order: nothing to do from here."""

    def holds_graph(self, graph_iri: str) -> bool:
        return self._ask(f"ASK {{ GRAPH {ox.NamedNode(graph_iri)} {{ }} }}")

    def sync_knowledge_base(self, triples: list[ox.Triple], fingerprint: str) -> bool:
        """Put the shipped knowledge base into its graph unless the store already has this version."""
        graph, version = ox.NamedNode(KB_GRAPH), ox.NamedNode(OWL + "versionInfo")
        stamp = ox.Triple(graph, version, ox.Literal(fingerprint))
        if self._ask(f"ASK {{ GRAPH {graph} {{ {graph} {version} {stamp.object} }} }}"):
            return False
        self.put_graph(KB_GRAPH, [*triples, stamp])
        return True

    def user_entities(self) -> list[ox.Triple]:
        """Every triple of the users' entity files kept in the store, graph by graph (by name)."""
        return [triple for graph in self._graphs() if graph.startswith(USER_KB_GRAPH)
                for triple in sorted(self._read_graph(graph), key=str)]

    def remove_article(self, article_id: str) -> bool:
        """Take an article's graph out; False when the store has no such article."""
        graph = ox.NamedNode(document_iri(self._writable(article_id)))
        if not self._ask(f"ASK {{ GRAPH {graph} {{ }} }}"):
            return False
        self._update(f"DROP SILENT GRAPH {graph}", f"article {article_id!r}")
        return True

    def article_ids(self) -> list[str]:
        return sorted(unquote(g[len(DOC):]) for g in self._graphs() if g.startswith(DOC))

    # reading -------------------------------------------------------------------------------
    def query(self, sparql: str, substitutions: dict | None = None):
        """Run a SPARQL query over the union of all graphs, on the server; `substitutions` binds
        variables to terms (in a VALUES block, never pasted text). A pyoxigraph result, as
        Store.query gives."""
        text = _PRELUDE + (bind_values(sparql, substitutions) if substitutions else sparql)
        answer = self._post_query(text)
        if answer.status == 400:
            raise QueryError(f"bad SPARQL: {_shift_lines(answer.message())}")
        self._check(answer, "a query", self.endpoints.query)
        return self._result(answer)

    def _ordered_quads(self, with_kb: bool) -> Iterator[ox.Quad]:
        """All quads, sorted as the embedded store sorts them (read in one answer, sorted here)."""
        return iter(sorted(self._quads(with_kb), key=lambda q: (str(q.graph_name), *_triple_key(q))))

    def _ordered_triples(self, with_kb: bool) -> Iterator[ox.Triple]:
        unique = {ox.Triple(q.subject, q.predicate, q.object) for q in self._quads(with_kb)}
        return iter(sorted(unique, key=_triple_key))

    def _quads(self, with_kb: bool) -> Iterator[ox.Quad]:
        """Every quad of the named graphs (the knowledge base's too, unless told not to)."""
        skip = "" if with_kb else f"FILTER(?g != {ox.NamedNode(KB_GRAPH)})"
        for row in self._select(f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {skip} }}"):
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    def quad_count(self) -> int:
        rows = list(self._select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(rows[0]["n"].value)

    # HTTP exchanges ------------------------------------------------------------------------
    def _post_query(self, text: str) -> Answer:
        path = self.endpoints.query
        if self.endpoints.union_param:
            path += ("&" if "?" in path else "?") + "union-default-graph"
        return self.connection.request("POST", path, text.encode("utf-8"), {
            "Content-Type": "application/sparql-query; charset=utf-8", "Accept": ACCEPT})

    def _update(self, sparql: str, what: str) -> None:
        self._writable(what)
        answer = self.connection.request("POST", self.endpoints.update, sparql.encode("utf-8"), {
            "Content-Type": "application/sparql-update; charset=utf-8"})
        if answer.status >= 300:
            raise StoreError(f"could not write {what}: {self._refusal(answer, 'the update', self.endpoints.update)}")

    def _read_graph(self, graph_iri: str) -> list[ox.Triple]:
        """One named graph, through the Graph Store Protocol (empty when it is gone)."""
        path = self.endpoints.store + ("&" if "?" in self.endpoints.store else "?") + urlencode({"graph": graph_iri})
        answer = self.connection.request("GET", path, None, {"Accept": N_TRIPLES})
        if answer.status == 404:
            return []
        self._check(answer, f"a read of graph <{graph_iri}>", self.endpoints.store)
        return self._parse_triples(answer)

    def _graphs(self) -> list[str]:
        """The names of every named graph, sorted."""
        return sorted(row["g"].value for row in self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
                      if isinstance(row["g"], ox.NamedNode))

    def _select(self, sparql: str) -> Iterator[ox.QuerySolution]:
        """The rows of a SELECT of poros's own, read once as they come (Store.query reads a user's
        result through once more before handing it over)."""
        answer = self._post_query(_PRELUDE + sparql)
        self._check(answer, "a query", self.endpoints.query)
        if answer.media_type not in _RESULT_FORMATS:
            raise StoreError(f"the SPARQL server at {self.endpoints.server} answered a SELECT with {answer.media_type!r}")
        try:
            yield from ox.parse_query_results(answer.body, format=_RESULT_FORMATS[answer.media_type])
        except (SyntaxError, ValueError, TypeError) as err:
            raise StoreError(self._unreadable(err)) from None

    def _ask(self, sparql: str) -> bool:
        result = self.query(sparql)
        if not isinstance(result, ox.QueryBoolean):
            raise StoreError(f"the SPARQL server at {self.endpoints.server} answered an ASK with something else")
        return bool(result)

    def _check(self, answer: Answer, what: str, path: str) -> None:
        if answer.status != 200:
            raise StoreError(self._refusal(answer, what, path))

    def _refusal(self, answer: Answer, what: str, path: str) -> str:
        return (f"the SPARQL server at {self.endpoints.server} answered {what} ({path}) with "
                f"{answer.status}: {answer.message()}")

    def _writable(self, what: str) -> str:
        if self.read_only:
            raise StoreError(f"store {self.location} is open for reading only; cannot change {what}")
        return what

    # answers into pyoxigraph results -------------------------------------------------------
    def _result(self, answer: Answer):
        if answer.media_type in _RESULT_FORMATS:
            return self._parse_solutions(answer)
        if answer.media_type in _GRAPH_FORMATS:
            return as_query_triples(self._parse_triples(answer))
        raise StoreError(f"the SPARQL server at {self.endpoints.server} answered in an unexpected format "
                         f"({answer.media_type or 'no Content-Type'})")

    def _parse_solutions(self, answer: Answer) -> ox.QuerySolutions | ox.QueryBoolean:
        """Solutions or a boolean; the whole answer is read once first, so that a broken one is an
        error here and not in the middle of a caller's loop."""
        fmt = _RESULT_FORMATS[answer.media_type]
        try:
            result = ox.parse_query_results(answer.body, format=fmt)
            if isinstance(result, ox.QueryBoolean):
                return result
            for _ in result:
                pass
            return ox.parse_query_results(answer.body, format=fmt)
        except (SyntaxError, ValueError) as err:
            raise StoreError(self._unreadable(err)) from None

    def _parse_triples(self, answer: Answer) -> list[ox.Triple]:
        try:
            return [ox.Triple(q.subject, q.predicate, q.object)
                    for q in ox.parse(answer.body, format=_GRAPH_FORMATS.get(answer.media_type, ox.RdfFormat.N_TRIPLES))]
        except (SyntaxError, ValueError) as err:
            raise StoreError(self._unreadable(err)) from None

    def _unreadable(self, err: Exception) -> str:
        return f"the SPARQL server at {self.endpoints.server} sent an unreadable answer: {first_line(err)}"


class _ServerDataset:
    """Stands for the pyoxigraph backend in Store's shared code: its size is the server's count."""

    def __init__(self, store: RemoteStore):
        self._store = store

    def __len__(self) -> int:
        return self._store.quad_count()


# queries ---------------------------------------------------------------------------------------

def as_query_triples(triples: list[ox.Triple]) -> ox.QueryTriples:
    """Triples as a pyoxigraph QueryTriples (it has no constructor): kept in a throwaway
    in-memory store and read back with a CONSTRUCT."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return store.query("CONSTRUCT WHERE { ?s ?p ?o }")


_TOKENS = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<word>[?$]?[\w:.\-]+)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


def bind_values(sparql: str, substitutions: Mapping) -> str:
    """The query with a VALUES block binding each variable to its term (written by pyoxigraph) at
    the start of its outer WHERE group: what Oxigraph's substitutions do, in standard SPARQL."""
    names, terms = [], []
    for variable, term in substitutions.items():
        name = variable.value if isinstance(variable, ox.Variable) else str(variable).lstrip("?$")
        try:
            names.append(str(ox.Variable(name)))
        except ValueError:
            raise QueryError(f"cannot bind {name!r}: not a SPARQL variable name") from None
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise QueryError(f"cannot bind ?{name} to {term!r}: only an IRI or a literal can be bound")
        terms.append(str(term))
    at = _outer_group(sparql)
    return f"{sparql[:at + 1]} VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }} {sparql[at + 1:]}"


def _outer_group(sparql: str) -> int:
    """Where the outer WHERE group's "{" is (skipping strings, IRIs, comments and a CONSTRUCT
    template); the first top-level "{" of a query without the keyword WHERE."""
    depth, previous, first = 0, "", None
    after_where = False
    for token in _TOKENS.finditer(sparql):
        kind, text = token.lastgroup, token.group()
        if kind == "open":
            if depth == 0 and text == "{":
                if after_where:
                    return token.start()
                first = token.start() if first is None else first
            previous = text if depth == 0 else previous
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0:
            if text.upper() == "WHERE":
                if previous == "CONSTRUCT":
                    raise QueryError("a CONSTRUCT WHERE { … } query cannot take parameters; "
                                     "write CONSTRUCT { … } WHERE { … }")
                after_where = True
            previous = text.upper()
    if first is None:
        raise QueryError("bad SPARQL: no WHERE group to bind the parameters in")
    return first


def _shift_lines(message: str) -> str:
    """A server's error position, counted in the user's query (the prefixes took one line)."""
    return _ERROR_AT.sub(lambda m: f"{m.group(1)} {max(int(m.group(2)) - 1, 1)}", message, count=1)
