"""The interactive HTML view of a graph: read (collect), narrow, draw (render)."""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph.errors import QueryError
from graph.view.collect import Query, memory_query, read_actors, read_events, read_view_graph, term_text
from graph.view.model import Edge, ViewGraph, local_name
from graph.view.narrow import Narrowing, ViewError, check_date, narrow
from graph.view.render import EDGE_MODES, ViewStyle, render_html

__all__ = ["EDGE_MODES", "Narrowing", "ViewError", "ViewStyle", "check_date", "view_graph", "render_html", "make_view"]


@dataclass(frozen=True)
class View:
    html: str
    graph: ViewGraph


def make_view(query: Query, narrowing: Narrowing, style: ViewStyle, sparql: str | None = None) -> View:
    """The page for a store (given as its query function), or for the result of `sparql` on it."""
    graph = view_graph(query, style.lang, sparql)
    shown = narrow(graph, narrowing)
    return View(render_html(shown, style), shown)


def view_graph(query: Query, lang: str, sparql: str | None = None) -> ViewGraph:
    if sparql is None:
        return read_view_graph(query, lang)
    result = query(sparql)
    if isinstance(result, ox.QueryTriples):
        return _construct_graph(query, list(result), lang)
    if isinstance(result, ox.QuerySolutions):
        return _select_graph(query, result, lang)
    raise QueryError("a view query must be a CONSTRUCT (or DESCRIBE) or a SELECT of pairs, not an ASK")


def _construct_graph(query: Query, triples: list[ox.Triple], lang: str) -> ViewGraph:
    """Events the result names (with their details from the store), and every other link between two
    actors as a relation edge."""
    stored = {e.id: e for e in read_events(query, lang)}
    events = [stored.get(e.id, e) for e in read_events(memory_query(triples), lang)]
    in_events = {e.id for e in events}
    iris = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)} | \
        {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)}
    actors = read_actors(query, iris, lang)
    relations = [Edge(id=f"{t.subject.value} {t.predicate.value} {t.object.value}", kind="relation",
                      type=local_name(t.predicate.value), source=t.subject.value, target=t.object.value)
                 for t in triples
                 if t.subject.value in actors and isinstance(t.object, ox.NamedNode) and t.object.value in actors
                 and t.subject.value != t.object.value and t.subject.value not in in_events]
    edges = [e for e in events if e.source in actors and e.target in actors] + relations
    return ViewGraph(actors, sorted(edges, key=lambda e: e.id))


def _select_graph(query: Query, solutions: ox.QuerySolutions, lang: str) -> ViewGraph:
    """Each row's first two IRIs are a pair; optional ?type, ?date and ?weight (or ?count) describe it."""
    names = [v.value for v in solutions.variables]
    rows = []
    for row in solutions:
        iris = [row[n].value for n in names if isinstance(row[n], ox.NamedNode)]
        if len(iris) >= 2 and iris[0] != iris[1]:
            rows.append((iris[0], iris[1], term_text(row, "type") or "pair", term_text(row, "date"),
                         _number(term_text(row, "weight") or term_text(row, "count"))))
    if not rows and not names:
        raise ViewError("the query returned no columns")
    actors = read_actors(query, {r[0] for r in rows} | {r[1] for r in rows}, lang)
    edges = [Edge(id=f"row{index}", kind="relation", type=kind, source=a, target=b, date=date, weight=weight)
             for index, (a, b, kind, date, weight) in enumerate(rows) if a in actors and b in actors]
    return ViewGraph(actors, edges)


def _number(text: str) -> int:
    try:
        return max(int(float(text)), 1)
    except ValueError:
        return 1
