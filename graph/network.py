"""The actor network: the graph projected onto actors for network tools (Gephi, Cytoscape,
spreadsheets), through networkx.

Nodes are actors (persons, states, organisations) with their label, kind, Wikidata id and counts;
edges are events, one per event from source to target, with a label, event_type, mode, date, place, the number
of reporting articles as weight, and the first and last day the date covers (so Gephi's timeline
can play them). What the projection drops: places as nodes, roles and memberships, evidence
sentences and source articles (the RDF export keeps them all). In the CSV, text that a spreadsheet
would run as a formula (starting with = + - @) gets a leading apostrophe.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable

import networkx as nx

from graph.view.collect import read_view_graph
from graph.view.model import ViewGraph

NETWORK_FORMATS = ("graphml", "gexf", "csv")
CSV_COLUMNS = ("event", "source", "source_label", "source_kind", "target", "target_label", "target_kind",
               "event_type", "mode", "date", "start", "end", "place", "weight")


def actor_network(query: Callable[[str], Iterable], lang: str = "en") -> nx.MultiDiGraph:
    """Every actor and every event of a store (given as its query function), as a multigraph."""
    return project(read_view_graph(query, lang), lang)


def project(graph: ViewGraph, lang: str = "en") -> nx.MultiDiGraph:
    network = nx.MultiDiGraph(name="poros actor network")
    activity = {iri: 0 for iri in graph.actors}
    for edge in graph.edges:
        activity[edge.source] += 1
        activity[edge.target] += 1
    for iri in sorted(graph.actors):
        actor = graph.actors[iri]
        network.add_node(iri, label=actor.label(lang), kind=actor.kind, wikidata=actor.wikidata,
                         mentions=actor.mentions, events=activity[iri])
    for edge in sorted(graph.edges, key=lambda e: e.id):
        start, end = edge.period
        network.add_edge(edge.source, edge.target, key=edge.id, label=f"{edge.type} {edge.date}".strip(),
                         event_type=edge.type, mode=edge.mode, date=edge.date, start=start, end=end, place=edge.place,
                         weight=max(len(edge.sources), 1))
    return network


def write_network(network: nx.MultiDiGraph, fmt: str) -> bytes:
    """The network as GraphML, GEXF or a CSV edge list; the same network gives the same bytes."""
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(network, prettyprint=True)).encode("utf-8") + b"\n"
    if fmt == "gexf":
        text = "\n".join(nx.generate_gexf(_for_gexf(network), prettyprint=True))
        return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1).encode("utf-8") + b"\n"
    if fmt == "csv":
        return _csv(network).encode("utf-8")
    raise ValueError(f"unknown network format {fmt!r}")


def _for_gexf(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GEXF knows dynamic edges: dated events get start and end; undated ones carry none."""
    copy = nx.MultiDiGraph(mode="dynamic", timeformat="date", name=network.graph.get("name", ""))
    copy.add_nodes_from(network.nodes(data=True))
    for source, target, key, data in network.edges(keys=True, data=True):
        attributes = {k: v for k, v in data.items() if k not in ("start", "end") or v}
        copy.add_edge(source, target, key=key, id=key, **attributes)
    return copy


def _cell(value) -> str | int:
    """A spreadsheet runs a cell that starts with = + - @ as a formula; such text gets a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(network: nx.MultiDiGraph) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    nodes = network.nodes
    for source, target, key, data in network.edges(keys=True, data=True):
        writer.writerow(map(_cell, [key, source, nodes[source]["label"], nodes[source]["kind"], target,
                                    nodes[target]["label"], nodes[target]["kind"], data["event_type"], data["mode"],
                                    data["date"], data["start"], data["end"], data["place"], data["weight"]]))
    return out.getvalue()
