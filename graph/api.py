"""The Python API for notebooks and scripts: the CLI's commands as methods of one object.

    from graph import Poros

    with Poros("news-store") as db:          # or Poros() for a throwaway in-memory store
        db.ingest("articles/")
        rows = db.query("SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e poros:ploverType ?t } GROUP BY ?t")
        frame = db.dataframe("SELECT ...")    # needs pandas
        db.export("graph.ttl")
        db.view(actor="Xi Jinping").save("xi.html")   # or just `db.view()` as a cell's last line
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pyoxigraph as ox

from graph.errors import PorosError
from graph.formats import format_of
from graph.rdf.terms import ENT, XSD
from graph.store import MEMORY, Stats, Store, open_store

_NUMBERS = {XSD + name: int for name in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_NUMBERS.update({XSD + "decimal": float, XSD + "double": float, XSD + "float": float})


@dataclass(frozen=True)
class ViewPage:
    """The interactive view; shown inline in a notebook (in a sandboxed frame), or saved."""
    html: str
    actors: int
    edges: int
    notes: tuple[str, ...] = ()

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.html, encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        # An opaque-origin frame: the page's scripts run, but cannot reach the notebook.
        return (f'<iframe sandbox="allow-scripts allow-popups" style="width:100%;height:640px;border:0" '
                f'title="poros view: {self.actors} actors, {self.edges} edges" srcdoc="{escape(self.html)}"></iframe>')


class Poros:
    """One store and what the CLI does with it."""

    def __init__(self, store: str | Path = MEMORY, create: bool = True):
        self.store: Store = open_store(store, create=create)

    def __enter__(self) -> Poros:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # writing -----------------------------------------------------------------------------------
    def ingest(self, *paths: str | Path, kb: tuple[str | Path, ...] = (), bulk: bool = False):
        """Read articles (files or folders; .txt, .html, .jsonl; .ttl entity files) into the store;
        `bulk` writes new ones by the bulk loader (see `poros ingest --bulk`)."""
        from graph.ingest import ingest
        return ingest(self.store, paths, entity_paths=kb, bulk=bulk)

    def remove(self, *article_ids: str) -> list[str]:
        """Take articles out; returns the ids that were not in the store."""
        return [i for i in article_ids if not self.store.remove_article(i)]

    # reading -----------------------------------------------------------------------------------
    def query(self, sparql: str) -> list[dict] | bool | list[tuple]:
        """SELECT rows as dicts of Python values; ASK as a bool; CONSTRUCT as (s, p, o) tuples."""
        return python_result(self.store.query(sparql))

    def dataframe(self, sparql: str):
        """A SELECT's rows as a pandas DataFrame (pandas must be installed)."""
        pandas = _pandas()
        result = self.store.query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise PorosError("dataframe() takes a SELECT query")
        columns = [v.value for v in result.variables]
        return pandas.DataFrame([_row(row, columns) for row in result], columns=columns)

    def questions(self):
        """The ready questions (ontology/queries), each with its name, title, answers and params."""
        from graph.queries import list_queries
        return list_queries()

    def ask(self, name: str, lang: str | None = "en", **params) -> list[dict]:
        """A ready question's rows, e.g. `db.ask("timeline", a="Vladimir Putin", b="Xi Jinping")`;
        actors and places come as their labels in `lang` (as IRIs with lang=None)."""
        return self._ask(name, lang, params)[1]

    def ask_frame(self, name: str, lang: str | None = "en", **params):
        """A ready question's rows as a pandas DataFrame (pandas must be installed)."""
        pandas = _pandas()
        columns, rows = self._ask(name, lang, params)
        return pandas.DataFrame(rows, columns=columns)

    def _ask(self, name: str, lang: str | None, params: dict) -> tuple[list[str], list[dict]]:
        from graph.queries import run_query
        result = run_query(self.store, name, {k: str(v) for k, v in params.items()})
        columns = [v.value for v in result.variables]
        rows = [_row(row, columns) for row in result]
        return columns, self._labelled(rows, lang) if lang else rows

    def _labelled(self, rows: list[dict], lang: str) -> list[dict]:
        from graph.view.collect import labels_of
        iris = {v for row in rows for v in row.values() if isinstance(v, str) and v.startswith(ENT)}
        names = labels_of(self.store.query, iris, lang) if iris else {}
        return [{k: names.get(v, v) if isinstance(v, str) else v for k, v in row.items()} for row in rows]

    def stats(self) -> Stats:
        return self.store.stats()

    def articles(self) -> list[str]:
        return self.store.article_ids()

    # writing out -------------------------------------------------------------------------------
    def export(self, path: str | Path | None = None, fmt: str | None = None, with_kb: bool = True,
               lang: str = "en") -> bytes:
        """The graph as RDF (turtle, nt, nquads, trig, jsonld) or the actor network (graphml, gexf, csv);
        written to `path` when given (its extension names the format unless `fmt` does)."""
        from graph.network import NETWORK_FORMATS, actor_network, write_network

        fmt = fmt or (format_of(path) if path else "turtle")
        if fmt is None:
            raise PorosError(f"cannot tell the format of {path} from its extension; give fmt=")
        data = (write_network(actor_network(self.store.query, lang), fmt) if fmt in NETWORK_FORMATS
                else self.store.export(fmt, with_kb=with_kb))
        if path is not None:
            Path(path).write_bytes(data)
        return data

    def network(self, lang: str = "en"):
        """The actor network as a networkx MultiDiGraph."""
        from graph.network import actor_network
        return actor_network(self.store.query, lang)

    def view(self, lang: str = "en", date_from: str = "", date_to: str = "", types: tuple[str, ...] = (),
             actor: str | tuple[str, ...] = (), depth: int = 1, edges: str = "each", max_nodes: int = 1500,
             query: str | None = None, title: str = "poros graph") -> ViewPage:
        """The interactive view, with the CLI's options (`poros view --help`)."""
        from graph.view import Narrowing, ViewStyle, check_date, make_view

        actors = (actor,) if isinstance(actor, str) else tuple(actor)
        narrowing = Narrowing(date_from=check_date(date_from, "date_from"), date_to=check_date(date_to, "date_to"),
                              types=frozenset(t.upper() for t in types), actors=actors, depth=depth,
                              max_nodes=max_nodes, lang=lang)
        page = make_view(self.store.query, narrowing, ViewStyle(lang=lang, edges=edges, title=title), query)
        return ViewPage(page.html, len(page.graph.actors), len(page.graph.edges), tuple(page.graph.notes))


def _pandas():
    try:
        import pandas
    except ImportError:
        raise PorosError("a DataFrame needs pandas: pip install pandas") from None
    return pandas


def python_result(result):
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return [(python_value(t.subject), python_value(t.predicate), python_value(t.object)) for t in result]
    columns = [v.value for v in result.variables]
    return [_row(row, columns) for row in result]


def _row(row, columns: list[str]) -> dict:
    return {name: python_value(row[name]) for name in columns}


def python_value(term):
    """An RDF term as Python: IRIs as strings, numbers as int/float, booleans, xsd:date as a date,
    other literals (gYear, gYearMonth, text) as their text."""
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return term.value
    kind = term.datatype.value
    try:
        if kind in _NUMBERS:
            return _NUMBERS[kind](term.value)
        if kind == XSD + "boolean":
            return term.value in ("true", "1")
        if kind == XSD + "date":
            return dt.date.fromisoformat(term.value)
    except ValueError:
        return term.value
    return term.value
