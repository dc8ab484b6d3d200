"""Narrow a view graph: a date range, event types, an actor's neighbourhood, a size cap."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from graph.errors import PorosError
from graph.view.model import Actor, Edge, ViewGraph, date_period

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class ViewError(PorosError):
    """A view option that cannot be met (an unknown actor, a malformed date)."""


@dataclass(frozen=True)
class Narrowing:
    date_from: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD
    date_to: str = ""
    types: frozenset[str] = frozenset()  # PLOVER types (or relation names); empty: all
    actors: tuple[str, ...] = ()  # names, aliases or IRIs to centre on
    depth: int = 1
    max_nodes: int = 1500
    lang: str = "en"


def narrow(graph: ViewGraph, how: Narrowing) -> ViewGraph:
    """The part of the graph the options ask for; `notes` says what was left out and why."""
    edges = [e for e in graph.edges if _in_range(e, how) and (not how.types or e.type in how.types)]
    actors = dict(graph.actors)
    notes = list(graph.notes)
    filtered = bool(how.date_from or how.date_to or how.types)
    if filtered:
        notes.append(_filter_note(graph, edges, how))
        touched = {e.source for e in edges} | {e.target for e in edges}
        actors = {iri: a for iri, a in actors.items() if iri in touched}
    if how.actors:
        centres = [find_actor(graph.actors, name) for name in how.actors]
        keep = neighbourhood(edges, {a.iri for a in centres}, how.depth)
        actors = {iri: a for iri, a in actors.items() if iri in keep}
        edges = [e for e in edges if e.source in keep and e.target in keep]
        names = ", ".join(a.label(how.lang) for a in centres)
        notes.append(f"Showing the neighbourhood of {names} to depth {how.depth}.")
    if len(actors) > how.max_nodes:
        actors, edges = _cap(actors, edges, how.max_nodes, notes)
    return ViewGraph(actors, edges, notes)


def find_actor(actors: dict[str, Actor], name: str) -> Actor:
    wanted = name.strip().casefold()
    found = [a for a in actors.values()
             if wanted in a.names() or a.iri.casefold() == wanted or a.iri.rsplit("/", 1)[-1].casefold() == wanted]
    if not found:
        raise ViewError(f"no actor named {name!r} in the graph (try a label, an alias or an IRI)")
    return min(found, key=lambda a: (-a.mentions, a.iri))


def neighbourhood(edges: list[Edge], centres: set[str], depth: int) -> set[str]:
    """The actors within `depth` edges of the centres."""
    adjacent: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        adjacent[edge.source].add(edge.target)
        adjacent[edge.target].add(edge.source)
    reached, frontier = set(centres), set(centres)
    for _ in range(max(depth, 0)):
        frontier = {n for iri in frontier for n in adjacent[iri]} - reached
        reached |= frontier
    return reached


def check_date(value: str, name: str) -> str:
    if value and not _DATE.fullmatch(value):
        raise ViewError(f"{name} must be a date like 2022, 2022-06 or 2022-06-29, not {value!r}")
    return value


def activity(edges: list[Edge]) -> Counter:
    counts: Counter = Counter()
    for edge in edges:
        counts[edge.source] += edge.weight
        counts[edge.target] += edge.weight
    return counts


def _in_range(edge: Edge, how: Narrowing) -> bool:
    if not (how.date_from or how.date_to):
        return True
    if not edge.date:
        return False
    start, end = edge.period
    return (not how.date_to or start <= date_period(how.date_to)[1]) and \
        (not how.date_from or end >= date_period(how.date_from)[0])


def _filter_note(graph: ViewGraph, edges: list[Edge], how: Narrowing) -> str:
    parts = []
    if how.date_from or how.date_to:
        parts.append(f"dated {how.date_from or '…'} to {how.date_to or '…'} (undated events left out)")
    if how.types:
        parts.append("of type " + ", ".join(sorted(how.types)))
    return f"Showing {len(edges):,} of {len(graph.edges):,} edges: those {' and '.join(parts)}."


def _cap(actors: dict[str, Actor], edges: list[Edge], limit: int, notes: list[str]):
    counts = activity(edges)
    ranked = sorted(actors.values(), key=lambda a: (-counts[a.iri], -a.mentions, a.iri))
    kept = {a.iri: a for a in ranked[:limit]}
    kept_edges = [e for e in edges if e.source in kept and e.target in kept]
    notes.append(f"Showing the {limit:,} most active of {len(actors):,} actors; {len(actors) - limit:,} actors and "
                 f"{len(edges) - len(kept_edges):,} edges left out to keep the page responsive "
                 f"(narrow with --actor, --from/--to or --type, or raise --max-nodes).")
    return kept, kept_edges


