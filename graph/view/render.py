"""Draw a view graph as one self-contained HTML page: pyvis builds the network, the page inlines
vis-network and a small script for filters and details, and nothing from an article ever runs.

Article text reaches the page only as JSON inside a `<script type="application/json">` block with
`<`, `>` and `&` escaped, and the script writes it into the page as text (never as HTML). A
Content-Security-Policy allows only the page's own scripts (by hash) and no network request.
"""
from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from graph.rdf.terms import PLOVER, SKOS
from graph.resources import ontology_dir
from graph.view.model import Edge, ViewGraph
from graph.view.narrow import activity

HERE = Path(__file__).parent
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
EDGE_MODES = ("each", "aggregate")
FAMILY_SHADES = {
    "VerbalCooperation": ("#2b6cb0", "#3182ce", "#63b3ed", "#90cdf4"),
    "MaterialCooperation": ("#276749", "#38a169", "#9ae6b4"),
    "VerbalConflict": ("#b7791f", "#dd6b20", "#ed8936", "#c05621"),
    "MaterialConflict": ("#e53e3e", "#c53030", "#9b2c2c", "#742a2a", "#4a0f0f"),
}
RELATION_COLOR = "#718096"
KIND_STYLE = {
    "Person": {"shape": "dot", "color": "#4a90d9"},
    "State": {"shape": "square", "color": "#2f855a"},
    "Organization": {"shape": "triangle", "color": "#d69e2e"},
}
LARGE = 800  # nodes past which the layout trades polish for speed


@dataclass(frozen=True)
class ViewStyle:
    lang: str = "en"
    edges: str = "each"  # or "aggregate"
    title: str = "poros graph"


@dataclass(frozen=True)
class EventType:
    name: str
    label: str
    family: str
    family_label: str
    color: str


def render_html(graph: ViewGraph, style: ViewStyle) -> str:
    """The page for `graph`; the same graph and style give the same bytes."""
    types = event_types(style.lang)
    network = build_network(graph, style, types)
    nodes, edges, _, _, _, options = network.get_network_data()
    data = {
        "title": style.title, "lang": style.lang, "mode": style.edges, "notes": graph.notes,
        "nodes": nodes, "edges": edges, "options": json.loads(options),
        "types": [vars(t) for t in types.values()] + _relation_types(graph, types),
        "kinds": {kind: {**look, "label": kind} for kind, look in KIND_STYLE.items()},
        "actors": {_node_id(i): _actor_data(graph, iri, style.lang) for i, iri in enumerate(sorted(graph.actors))},
        "events": {edge["id"]: _edge_data(e, graph) for edge, e in zip(edges, graph.edges)},
        "words": page_words(style.lang),
    }
    scripts = {"vis": _read(VIS_DIR / "vis-network.min.js"), "app": _read(HERE / "view.js")}
    page = _template().render(title=style.title, lang=style.lang, w=page_words(style.lang), data=safe_json(data), scripts=scripts,
                              styles=_read(VIS_DIR / "vis-network.css") + _read(HERE / "view.css"),
                              csp=_csp(scripts.values()))
    return page


def build_network(graph: ViewGraph, style: ViewStyle, types: dict[str, EventType]) -> Network:
    """The pyvis network: actors as nodes sized by activity, one edge per event."""
    network = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    ids = {iri: _node_id(i) for i, iri in enumerate(sorted(graph.actors))}
    counts = activity(graph.edges)
    for iri in sorted(graph.actors):
        actor = graph.actors[iri]
        look = KIND_STYLE[actor.kind]
        network.add_node(ids[iri], label=actor.label(style.lang), title=f"{actor.label(style.lang)} ({actor.kind})",
                         shape=look["shape"], color=look["color"], value=1 + counts[iri])
    for index, edge in enumerate(graph.edges):
        color = types[edge.type].color if edge.type in types else RELATION_COLOR
        network.add_edge(ids[edge.source], ids[edge.target], id=f"e{index}", label=_edge_label(edge),
                         title=_edge_title(edge, graph, style.lang), color=color, arrows="to")
    network.set_options(json.dumps(_options(len(graph.actors))))
    return network


def event_types(lang: str) -> dict[str, EventType]:
    """The PLOVER types with their family and colour, in the order of the ontology's families."""
    found = {}
    for name, label, family, family_label in _plover_rows(lang):
        shades = FAMILY_SHADES[family]
        same_family = sum(1 for t in found.values() if t.family == family)
        found[name] = EventType(name, label, family, family_label, shades[same_family % len(shades)])
    return found


@lru_cache(maxsize=4)
def _plover_rows(lang: str) -> tuple[tuple[str, str, str, str], ...]:
    store = ox.Store()
    store.load(path=str(ontology_dir() / "plover.ttl"), format=ox.RdfFormat.TURTLE)
    sparql = f"""PREFIX skos: <{SKOS}>
    SELECT ?name ?label ?family ?familyLabel WHERE {{
      ?t skos:notation ?name ; skos:broader ?family ; skos:prefLabel ?label .
      ?family skos:prefLabel ?familyLabel
      FILTER(lang(?label) = "{lang}" && lang(?familyLabel) = "{lang}") }}"""
    order = list(FAMILY_SHADES)
    rows = [(r["name"].value, r["label"].value, r["family"].value[len(PLOVER):], r["familyLabel"].value)
            for r in store.query(sparql)]
    return tuple(sorted(rows, key=lambda r: (order.index(r[2]), r[0])))


def page_words(lang: str) -> dict[str, str]:
    """The page's own words (headings, buttons, field names) in the view's language."""
    words = json.loads(_read(HERE / "words.json"))
    return {**words["en"], **words.get(lang, {})}


def safe_json(value) -> str:
    """JSON that can sit inside a <script> block: no '<', '>' or '&' can end or open a tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _options(size: int) -> dict:
    large = size > LARGE
    return {
        "layout": {"randomSeed": 7, "improvedLayout": not large},
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 150 if large else 400},
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "navigationButtons": False},
        "nodes": {"scaling": {"min": 8, "max": 40}, "font": {"size": 14}},
        "edges": {"smooth": {"type": "dynamic"} if not large else False, "font": {"size": 10, "align": "middle"},
                  "width": 1.5},
    }


def _relation_types(graph: ViewGraph, types: dict[str, EventType]) -> list[dict]:
    names = sorted({e.type for e in graph.edges if e.type not in types})
    return [vars(EventType(n, n, "relation", "relation", RELATION_COLOR)) for n in names]


def _actor_data(graph: ViewGraph, iri: str, lang: str) -> dict:
    actor = graph.actors[iri]
    return {"iri": iri, "kind": actor.kind, "label": actor.label(lang), "aliases": actor.aliases,
            "wikidata": actor.wikidata, "roles": actor.roles, "mentions": actor.mentions}


def _edge_data(edge: Edge, graph: ViewGraph) -> dict:
    start, end = edge.period
    return {"iri": edge.id, "kind": edge.kind, "type": edge.type, "date": edge.date, "start": start, "end": end,
            "mode": edge.mode, "place": edge.place, "cue": edge.cue, "evidence": edge.evidence, "weight": edge.weight,
            "sources": [vars(s) for s in edge.sources]}


def _edge_label(edge: Edge) -> str:
    return f"{edge.type} {edge.date}".strip()


def _edge_title(edge: Edge, graph: ViewGraph, lang: str) -> str:
    """The hover text (vis-network shows a string title as text, not HTML)."""
    head = f"{edge.type}{f' ({edge.mode})' if edge.mode else ''} {edge.date or 'undated'}"
    pair = f"{graph.actors[edge.source].label(lang)} → {graph.actors[edge.target].label(lang)}"
    evidence = edge.evidence[0] if edge.evidence else ""
    return "\n".join(filter(None, (head, pair, evidence[:300])))


def _node_id(index: int) -> str:
    return f"a{index}"


def _csp(scripts) -> str:
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
            "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")


@lru_cache(maxsize=None)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _template():
    environment = Environment(loader=FileSystemLoader(str(HERE)), autoescape=select_autoescape(["html"]),
                              keep_trailing_newline=True)
    return environment.get_template("view.html")
