"""Ready questions: named, parameterised SPARQL queries shipped as .rq files in ontology/queries/.

Each file starts with comment lines that name what it answers and declare its parameters
(see ontology/queries/README.md)::

    # title: Timeline of a pair
    # answers: every event between two actors, ...
    # param: a actor "Vladimir Putin" -- first actor (label, alias or IRI)
    # option: from date "2022-01" -- first day of the period (none: from the oldest)

A `param` must be given; an `option` may be left out, and its variable is then unbound.
A parameter is bound through the store's variable substitutions, never pasted into the text.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from graph import event_index, kept
from graph.errors import PorosError
from graph.kept import Keep, parse_keep
from graph.rdf.terms import ENT, XSD
from graph.store import Store

KINDS = ("actor", "date", "type", "string", "integer")
_HEADER = re.compile(r"#\s*(title|answers|param|option|keep|index):\s*(.*)")
_PARAM = re.compile(r'([A-Za-z_]\w*)\s+(\w+)\s+"([^"]*)"\s*(?:--\s*(.*))?')
_SELECT = re.compile(r"^SELECT\s+(?:DISTINCT\s+)?((?:\?\w+[ \t]*)+)$", re.MULTILINE)
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DATE_TYPES = {1: "gYear", 2: "gYearMonth", 3: "date"}

# Actors whose label or alias is the name (case-insensitively), the most mentioned first. Each
# article graph repeats its actors' labels: the nested SELECTs make the candidates distinct and
# check their class before mentions are counted (else Oxigraph joins every copy with every mention).
_ACTOR_CLASS = "FILTER EXISTS { ?actor a ?class . VALUES ?class { poros:Person poros:State poros:Organization } }"
_MOST_MENTIONED = """SELECT ?actor (COUNT(DISTINCT ?doc) AS ?mentions) %(vars)s WHERE {
  { SELECT ?actor %(vars)s WHERE { { SELECT DISTINCT ?actor %(vars)s WHERE { %(match)s } } %(class)s } }
  OPTIONAL { ?doc poros:mentions ?actor }
} GROUP BY ?actor %(vars)s ORDER BY DESC(?mentions) STR(?actor) LIMIT 1"""
# The candidates alone: when only one actor has the name, no mentions need counting.
_CANDIDATES = """SELECT DISTINCT ?actor %(vars)s WHERE {
  { SELECT DISTINCT ?actor %(vars)s WHERE { %(match)s } } %(class)s
} LIMIT 2"""
_BY_NAME = {"vars": "?name", "class": _ACTOR_CLASS, "match": (
    "?actor rdfs:label|skos:altLabel ?label . FILTER(LCASE(STR(?label)) = LCASE(?name))")}
# The same for a name given exactly, in English, Indonesian or without a language: index look-ups.
_BY_LABEL = {"vars": "?en ?id ?plain", "class": _ACTOR_CLASS, "match": (
    "{ ?actor rdfs:label|skos:altLabel ?en } UNION { ?actor rdfs:label|skos:altLabel ?id } "
    "UNION { ?actor rdfs:label|skos:altLabel ?plain }")}
_IS_ACTOR = """SELECT ?actor WHERE {
  ?actor a ?class . VALUES ?class { poros:Person poros:State poros:Organization }
} LIMIT 1"""


class ReadyQueryError(PorosError):
    """A ready question that does not exist, is malformed, or got a bad parameter."""


@dataclass(frozen=True)
class Param:
    name: str  # the SPARQL variable it binds, without "?"
    kind: str  # one of KINDS
    example: str
    description: str = ""
    optional: bool = False  # declared with "# option:": may be left out, then it stays unbound


@dataclass(frozen=True)
class ReadyQuery:
    name: str  # the file's stem
    title: str
    answers: str
    params: tuple[Param, ...]
    sparql: str
    path: Path
    keep: Keep | None = None  # how its answers come from one kept answer (graph/kept.py), if they can
    index: str | None = None  # its answer in the event index (graph/event_index.py), if it has one
    variables: tuple[str, ...] = ()  # the columns of its answer, for the event index to give

    def examples(self) -> dict[str, str]:
        return {p.name: p.example for p in self.params}


# finding and reading ---------------------------------------------------------------------------

def queries_dir() -> Path:
    from graph.resources import ontology_dir

    return ontology_dir() / "queries"


def list_queries(folder: Path | None = None) -> list[ReadyQuery]:
    """Every ready question of the folder (default: the shipped ones), by name."""
    return [read_query(path) for path in sorted((folder or queries_dir()).glob("*.rq"))]


def load_query(name: str, folder: Path | None = None) -> ReadyQuery:
    folder = folder or queries_dir()
    path = folder / f"{name}.rq"
    if not re.fullmatch(r"[\w-]+", name) or not path.is_file():
        known = ", ".join(p.stem for p in sorted(folder.glob("*.rq")))
        raise ReadyQueryError(f"no ready query named {name!r} (known: {known})")
    return read_query(path)


def read_query(path: Path) -> ReadyQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ReadyQueryError(f"cannot read {path}: {err}") from None
    return parse_query(text, path)


def parse_query(text: str, path: Path) -> ReadyQuery:
    """The header of a .rq file (its leading comment lines) and its SPARQL."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in _leading_comments(text):
        match = _HEADER.fullmatch(line.strip())
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key in ("param", "option"):
            params.append(_parse_param(value, path, optional=key == "option"))
        else:
            fields[key] = value
    missing = [key for key in ("title", "answers") if not fields.get(key)]
    if missing:
        raise ReadyQueryError(f"{path}: the header has no '# {missing[0]}:' line")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise ReadyQueryError(f"{path}: a parameter is declared twice")
    try:
        keep = parse_keep(fields["keep"], {p.name: p.kind for p in params}) if "keep" in fields else None
    except ValueError as err:
        raise ReadyQueryError(f"{path}: {err}") from None
    index, variables = _parse_index(fields.get("index"), text, path)
    return ReadyQuery(path.stem, fields["title"], fields["answers"], tuple(params), text, path, keep, index, variables)


def _parse_index(name: str | None, text: str, path: Path) -> tuple[str | None, tuple[str, ...]]:
    """The event index's answer a `# index:` line names, and the columns it must give (those of
    the query's first SELECT, which has to name them)."""
    if name is None:
        return None, ()
    if name not in event_index.ANSWERS:
        raise ReadyQueryError(f"{path}: '# index: {name}' names no answer of the event index "
                              f"(it has: {', '.join(sorted(event_index.ANSWERS))})")
    select = _SELECT.search(text)
    if select is None:
        raise ReadyQueryError(f"{path}: '# index:' needs the query to start with SELECT and its ?variables")
    return name, tuple(v.lstrip("?") for v in select.group(1).split())


def _leading_comments(text: str) -> Iterable[str]:
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return
        yield line


def _parse_param(value: str, path: Path, optional: bool = False) -> Param:
    match = _PARAM.fullmatch(value)
    if not match:
        key = "option" if optional else "param"
        raise ReadyQueryError(f'{path}: cannot read "# {key}: {value}" (want: NAME KIND "EXAMPLE" -- WHAT)')
    name, kind, example, description = match.groups()
    if kind not in KINDS:
        raise ReadyQueryError(f"{path}: parameter {name} has unknown kind {kind!r} (known: {', '.join(KINDS)})")
    return Param(name, kind, example, (description or "").strip(), optional)


# binding ---------------------------------------------------------------------------------------

def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """NAME=VALUE strings (as given on the command line) as a dict."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ReadyQueryError(f"a parameter is NAME=VALUE, not {pair!r}")
        values[name.strip()] = value
    return values


ActorFinder = Callable[[str], "ox.NamedNode | None"]  # the actor a name names, or None


def bind(store: Store, query: ReadyQuery, values: Mapping[str, str],
         actors: ActorFinder | None = None) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """Check the values against the query's parameters and turn each into an RDF term; an option
    left out is not bound. `actors` finds an actor by name in place of the store's own queries
    (the event index does, with the same answer)."""
    unknown = sorted(set(values) - {p.name for p in query.params})
    if unknown:
        have = ", ".join(p.name for p in query.params) or "none"
        raise ReadyQueryError(f"query {query.name!r} has no parameter {unknown[0]!r} (its parameters: {have})")
    missing = [p for p in query.params if p.name not in values and not p.optional]
    if missing:
        needs = ", ".join(f'{p.name} ({p.kind}, e.g. {p.name}="{p.example}")' for p in missing)
        raise ReadyQueryError(f"query {query.name!r} needs parameter {needs}")
    return {ox.Variable(p.name): term(store, p, values[p.name], actors) for p in query.params if p.name in values}


def term(store: Store, param: Param, value: str, actors: ActorFinder | None = None) -> ox.NamedNode | ox.Literal:
    """The RDF term a parameter's value stands for, by the parameter's kind."""
    if param.kind == "actor":
        return resolve_actor(store, value, param.name, actors)
    if param.kind == "date":
        return date_literal(value, param.name)
    if param.kind == "type":
        return type_literal(value, param.name)
    if param.kind == "integer":
        return integer_literal(value, param.name)
    return ox.Literal(value)


def date_literal(value: str, name: str = "date") -> ox.Literal:
    """YYYY, YYYY-MM or YYYY-MM-DD as an xsd:gYear, xsd:gYearMonth or xsd:date literal."""
    text = value.strip()
    match = _DATE.fullmatch(text)
    parts = [int(p) for p in match.groups() if p is not None] if match else []
    try:
        if not parts:
            raise ValueError
        date(*(parts + [1, 1])[:3])
    except ValueError:
        raise ReadyQueryError(f"parameter {name}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return ox.Literal(text, datatype=ox.NamedNode(XSD + _DATE_TYPES[len(parts)]))


def type_literal(value: str, name: str = "type") -> ox.Literal:
    from graph.nlp.cues import TYPES as PLOVER_TYPES

    kind = value.strip().upper()
    if kind not in PLOVER_TYPES:
        raise ReadyQueryError(f"parameter {name}: {value!r} is not a PLOVER type (known: {', '.join(PLOVER_TYPES)})")
    return ox.Literal(kind)


def integer_literal(value: str, name: str = "number") -> ox.Literal:
    text = value.strip()
    if not re.fullmatch(r"[+-]?\d{1,18}", text):
        raise ReadyQueryError(f"parameter {name}: {value!r} is not a whole number")
    return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))


def resolve_actor(store: Store, value: str, name: str = "actor", actors: ActorFinder | None = None) -> ox.NamedNode:
    """The actor a label, alias or IRI names; of several, the one most articles mention. `actors`,
    if given, finds it by name."""
    text = value.strip()
    found = _actor_by_iri(store, text) if _looks_like_iri(text) else None
    if found is None and actors is not None:
        found = actors(text)
    elif found is None:
        found = _first_actor(store, _BY_LABEL, {
            "en": ox.Literal(text, language="en"), "id": ox.Literal(text, language="id"), "plain": ox.Literal(text)})
        found = found or _first_actor(store, _BY_NAME, {"name": ox.Literal(text)})
    if found is None:
        raise ReadyQueryError(f"parameter {name}: no actor named {value!r} in the store "
                              "(give a label, an alias or an IRI of a person, state or organisation)")
    return found


def _looks_like_iri(text: str) -> bool:
    return text.startswith(("http://", "https://", "ent:", "<"))


def _actor_by_iri(store: Store, text: str) -> ox.NamedNode | None:
    iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    iri = ENT + iri[4:] if iri.startswith("ent:") else iri
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return None
    return _first_actor(store, _IS_ACTOR, {"actor": node})


def _first_actor(store: Store, parts: dict[str, str] | str,
                 values: dict[str, ox.NamedNode | ox.Literal]) -> ox.NamedNode | None:
    """The actor a query finds; for a name (`parts` of _MOST_MENTIONED), mentions are counted
    only when several actors have it."""
    substitutions = {ox.Variable(k): v for k, v in values.items()}
    if isinstance(parts, dict):
        candidates = [row["actor"] for row in store.query(_CANDIDATES % parts, substitutions=substitutions)]
        if len(candidates) < 2:
            return candidates[0] if candidates else None
    sparql = _MOST_MENTIONED % parts if isinstance(parts, dict) else parts
    return next((row["actor"] for row in store.query(sparql, substitutions=substitutions)), None)


# running ---------------------------------------------------------------------------------------

def run_query(store: Store, query: ReadyQuery | str,
              values: Mapping[str, str] | None = None) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a ready question (by name or loaded) with its parameters; a pyoxigraph query result.
    A question whose header has `# keep:` is answered from its kept answer (graph/kept.py), one
    with `# index:` from the event index (graph/event_index.py), in a store on disk; one with both
    has its kept answer worked out by the index when one is kept."""
    ready = load_query(query) if isinstance(query, str) else query
    if ready.keep is not None:
        bound = bind(store, ready, values or {})
        if ready.keep.covers(bound):  # worked out by the index when it has the answer and is at hand
            work_out = (lambda: _indexed(store, ready, values or {}, build=False)) if ready.index else None
            return kept.answer(store, ready.name, ready.sparql, ready.keep, bound, work_out)
    return _indexed(store, ready, values or {}, build=ready.keep is None)


def _indexed(store: Store, ready: ReadyQuery, values: Mapping[str, str], build: bool = True) -> ox.QuerySolutions:
    """The question's answer from the event index, or from its query where there is no index
    (or, without `build`, none kept: a kept answer's query costs less than a build)."""
    if ready.index is not None:
        with event_index.opened(store, build) as index:
            if index is not None:
                try:
                    return index.answer(ready.index, bind(store, ready, values, index.actor), list(ready.variables))
                except sqlite3.Error:
                    pass  # an index file damaged while open: the question's query answers
    return store.query(ready.sparql, substitutions=bind(store, ready, values))


def describe(query: ReadyQuery) -> str:
    """Name, title and parameters, as `poros query --list` prints them."""
    lines = [f"{query.name}  {query.title}", f"    {query.answers}"]
    for p in query.params:
        note = f" -- {p.description}" if p.description else ""
        kind = f"{p.kind}, optional" if p.optional else p.kind
        lines.append(f'    --param {p.name}="{p.example}"  ({kind}){note}')
    return "\n".join(lines)
