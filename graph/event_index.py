"""The event index: the store's events in SQLite tables, for the ready questions that take a pair,
an actor, a type or a phrase (timeline, meetings, evidence, search).

Those questions read every event statement of an actor, of a type or of all the evidence, and at
ten million statements that costs the store a second or more whatever the query. The index holds the
same statements arranged the way the questions look them up: the events of each pair, each actor's
dated events by type and day, each type's events in date order, each event's summary (types, dates,
ends, modes, place, sentences, number of articles) in one row, a trigram index of the sentences
and the actors' names with the number of articles that mention each. A
question opts in with `# index: NAME` in its header, NAME being one of `ANSWERS`; its rows are the
ones its SPARQL gives (tests/test_event_index.py compares them), a GROUP_CONCAT's parts in the
index's fixed order and a SAMPLE the smallest value. Two questions over every event that keep
their answer (top_pairs, events_per_type_year; graph/kept.py) have it worked out here too: from the
events' summaries, in a second where their queries take many at ten million statements.

The index is built on the first ask from one read of each property the questions use, and saved in
the store folder (`poros-answers/events.sqlite`) with the stamp of the store's files
(`Store.data_stamp`): any write to the store changes the stamp. The next ask brings the index up to
date in place (`refresh`) when the store's write log (graph/writes.py) says which graphs were
written since, and builds it again when it cannot say. A store in memory or on a SPARQL server has
no stamp, and its questions run their SPARQL.

Terms are kept as SPARQL TSV results write them (`<iri>`, `"text"@id`, `"2022"^^<...#gYear>`):
Oxigraph writes them, each is one string, and an answer is handed back as TSV for Oxigraph to read.
"""
from __future__ import annotations

import heapq
import io
import itertools
import json
import os
import sqlite3
import tempfile
import threading
import uuid
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph import writes
from graph.rdf.terms import DCTERMS, POROS, PROV, RDFS, SKOS
from graph.store import Store, graph_terms

VERSION = 1  # of the tables below: an index of another version is built again
FILE = "events.sqlite"
LIST = "\t"  # between the terms of a list in one column (TSV escapes a tab inside a term)
Terms = Mapping[ox.Variable, ox.NamedNode | ox.Literal]

_STATEMENTS = ("ends_source", "ends_target", "modes", "places")  # each (s, o) statement once, whatever its graphs
_DOC_PROPERTIES = {"article": DCTERMS + "identifier", "issued": DCTERMS + "issued",
                   "outlet": POROS + "outlet", "url": DCTERMS + "source"}
# The tables a build or a refresh fills from the store's answers, and drops when the connection closes.
_READ_TABLES = "".join(f"CREATE TEMP TABLE {table}(s TEXT, o TEXT);\n" for table in _STATEMENTS) + """
-- a type's order key (see _order_key); a date's lexical form
CREATE TEMP TABLE types(s TEXT, o TEXT, key TEXT);
CREATE TEMP TABLE dates(s TEXT, o TEXT, day TEXT);
-- the actors (persons, states, organisations), their labels and aliases, and in how many articles each is mentioned
CREATE TEMP TABLE actors(s TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TEMP TABLE labels(s TEXT, o TEXT, folded TEXT);
CREATE TEMP TABLE mentioned(s TEXT, n INTEGER);
-- in how many articles an event is reported
CREATE TEMP TABLE derived(s TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;
"""
_SCHEMA = "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);\n" + _READ_TABLES + """
-- evidence sentences by graph ('' for the default graph); folded: the sentence's value in lower case
CREATE TABLE said(event TEXT, doc TEXT, value TEXT, folded TEXT);
-- its trigrams (without positions: a phrase is found by its trigrams, then checked in full)
CREATE VIRTUAL TABLE said_text USING fts5(folded, content='said', tokenize='trigram', detail=none);
-- an article's identifier, date, outlet and URL; copies: in how many graphs the statement is
CREATE TABLE docs(doc TEXT, property TEXT, value TEXT, copies INTEGER, PRIMARY KEY(doc, property, value)) WITHOUT ROWID;
-- an event's types, dates, sources and targets (lists of terms), its GROUP_CONCATs, SAMPLE and COUNT
CREATE TABLE summary(event TEXT PRIMARY KEY, types TEXT, dates TEXT, sources TEXT, targets TEXT, mode TEXT, place TEXT,
                     evidence TEXT, articles INTEGER) WITHOUT ROWID;
"""
# Tables built as soon as the reads they need are in, while the store answers the next ones. A key
# is a term's place in SPARQL's ORDER BY as one string: '1' blank node, '2' IRI, '3' literal, then its value.
_TEXT_INDEX = "INSERT INTO said_text(said_text) VALUES ('rebuild'); CREATE INDEX said_event ON said(event, doc);"
_ENDS_TABLE = "CREATE TABLE ends(event TEXT, side INTEGER, actor TEXT, PRIMARY KEY(event, side, actor)) WITHOUT ROWID;"
_ENDS = """
-- in key order: a B-tree filled from one end is three times faster to build than one filled at random
INSERT OR IGNORE INTO ends SELECT s, 0, o FROM ends_source UNION ALL SELECT s, 1, o FROM ends_target ORDER BY 1, 2, 3;
CREATE TEMP TABLE pairs(source TEXT, target TEXT, event TEXT, PRIMARY KEY(source, target, event)) WITHOUT ROWID;
INSERT INTO pairs SELECT a.o, b.o, a.s FROM ends_source a JOIN ends_target b ON b.s = a.s;
"""
_READ_INDEXES = """
CREATE INDEX temp.types_event ON types(s, o);
CREATE INDEX temp.dates_event ON dates(s, o);
CREATE INDEX temp.modes_event ON modes(s, o);
CREATE INDEX temp.places_event ON places(s, o);
"""
_DATED_TABLES = """
CREATE TABLE dated(actor TEXT, type TEXT, day TEXT, side INTEGER, event TEXT, date TEXT);
CREATE TABLE typed(type TEXT, undated INTEGER, day TEXT, type_key TEXT, key TEXT, event TEXT, date TEXT);
"""
_DATED = """
INSERT INTO dated SELECT e.actor, t.o, d.day, e.side, e.event, d.o
                  FROM ends e JOIN types t ON t.s = e.event JOIN dates d ON d.s = e.event;
INSERT INTO typed SELECT t.o, d.o IS NULL, COALESCE(d.day, ''), t.key,
                         CASE WHEN t.s LIKE '<%' THEN '2' || substr(t.s, 2, length(t.s) - 2) ELSE '1' || substr(t.s, 3) END,
                         t.s, d.o
                  FROM types t LEFT JOIN dates d ON d.s = t.s;
"""
_DATED_INDEXES = """
CREATE INDEX dated_order ON dated(actor, type, day);
CREATE INDEX typed_order ON typed(type, undated, day, key);
CREATE INDEX typed_event ON typed(event);
"""
_NAMES_TABLES = """
CREATE TABLE doc_articles(doc TEXT PRIMARY KEY, articles TEXT) WITHOUT ROWID;
CREATE TABLE names(label TEXT, folded TEXT, actor TEXT, key TEXT, mentions INTEGER);
"""
_NAMES = """
INSERT INTO names SELECT DISTINCT l.o, l.folded, l.s, '2' || substr(l.s, 2, length(l.s) - 2), COALESCE(m.n, 0)
                  FROM labels l JOIN actors a ON a.s = l.s LEFT JOIN mentioned m ON m.s = l.s WHERE l.s LIKE '<%';
"""
_NAMES_INDEXES = """
CREATE INDEX names_label ON names(label);
CREATE INDEX names_folded ON names(folded);
"""
# Each event's lists, one look-up in each table's index.
_LISTS = """SELECT e.event,
  (SELECT group_concat(o, char(9)) FROM types WHERE s = e.event), (SELECT group_concat(o, char(9)) FROM dates WHERE s = e.event),
  (SELECT group_concat(actor, char(9)) FROM ends WHERE event = e.event AND side = 0),
  (SELECT group_concat(actor, char(9)) FROM ends WHERE event = e.event AND side = 1),
  (SELECT group_concat(o, char(9)) FROM modes WHERE s = e.event), (SELECT min(o) FROM places WHERE s = e.event),
  (SELECT group_concat(value, char(9)) FROM said WHERE event = e.event), (SELECT n FROM derived WHERE s = e.event)
FROM ({events}) e"""
_ALL_EVENTS = "SELECT event FROM ends UNION SELECT event FROM said UNION SELECT s FROM types UNION SELECT s FROM dates"


def _summary(event: str, types: str | None, dates: str | None, sources: str | None, targets: str | None,
             modes: str | None, place: str | None, texts: str | None, articles: int | None) -> tuple:
    """A row of the summary table from an event's lists."""
    return (event, types, dates, sources, targets, _concat(_split(modes), ", "), place,
            _concat(sorted(set(_split(texts))), " | "), articles or 0)


def _rows(store: Store, sparql: str, substitutions: Terms | None = None, union: bool = True) -> list[list[str]]:
    """The answer's rows as TSV terms ('' for unbound), over the union of the graphs or the
    default graph alone."""
    return list(_tsv_rows(_tsv(store, sparql, substitutions, union)))


def _tsv(store: Store, sparql: str, substitutions: Terms | None = None, union: bool = True) -> str:
    return store.backend.query(sparql, substitutions=substitutions, use_default_graph_as_union=union).serialize(
        format=ox.QueryResultsFormat.TSV).decode("utf-8")


def _tsv_rows(text: str) -> Iterator[list[str]]:
    lines = io.StringIO(text, newline="\n")
    next(lines, None)  # the header
    return (line.rstrip("\n").split("\t") for line in lines)


def _key(store: Store, term: ox.NamedNode | ox.Literal) -> str:
    """The term as the index keeps it."""
    return _rows(store, "SELECT ?x WHERE {}", {ox.Variable("x"): term})[0][0]


def value(term: str) -> str:
    """The lexical value of a kept term (an IRI's, a literal's)."""
    if term.startswith('"'):
        end = term.rindex('"')
        inner = term[1:end]
        return json.loads(term[:end + 1], strict=False) if "\\" in inner else inner
    return term[1:-1] if term.startswith("<") else term


def language(term: str) -> str | None:
    tail = term[term.rindex('"') + 1:] if term.startswith('"') else ""
    return tail[1:] if tail.startswith("@") else None


def literal(text: str, lang: str | None = None) -> str:
    """A literal as TSV writes it (JSON's string escapes are Turtle's)."""
    return json.dumps(text, ensure_ascii=False) + (f"@{lang}" if lang else "")


# building ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Read:
    """A query of the store whose rows (TSV terms) fill a table, and the stage (of `_BUILD` and
    `_REFRESH`) that the tables read so far make ready; ?s is the subject the rows are about."""

    sparql: str
    insert: str
    row: Callable[[list[str]], tuple] = tuple
    union: bool = True  # over the union of the graphs; else the default graph alone
    then: str = ""

    def about(self, subjects: str) -> str:
        """The query for these subjects alone (IRIs, as SPARQL writes them)."""
        return self.sparql.replace("WHERE {", f"WHERE {{ VALUES ?s {{ {subjects} }}", 1)


def _reads() -> list[_Read]:
    statements = "SELECT DISTINCT ?s ?o WHERE {{ ?s <{}> ?o }}"
    evidence = f"<{POROS}evidence>"
    copies = "SELECT ?s ?o (COUNT(*) AS ?n) WHERE {{ ?s <{}> ?o }} GROUP BY ?s ?o"
    # a union of the classes: VALUES ?class beside VALUES ?s (a refresh's) reads every typed subject
    classes = " UNION ".join(f"{{ ?s a <{POROS}{name}> }}" for name in ("Person", "State", "Organization"))
    # In the order that lets this thread build a table while the store answers the next reads.
    return [
        _Read(statements.format(POROS + "source"), "INSERT INTO ends_source VALUES (?, ?)"),
        _Read(statements.format(POROS + "target"), "INSERT INTO ends_target VALUES (?, ?)", then="ends"),
        _Read(statements.format(POROS + "ploverType"), "INSERT INTO types VALUES (?, ?, ?)",
              lambda r: (*r, _order_key(r[1]))),
        _Read(statements.format(POROS + "date"), "INSERT INTO dates VALUES (?, ?, ?)", lambda r: (*r, value(r[1])),
              then="dated"),
        # each sentence of a named graph with its graph, and with '' those of the default graph
        _Read(f"SELECT DISTINCT ?s ?g ?o WHERE {{ GRAPH ?g {{ ?s {evidence} ?o }} }}",
              "INSERT INTO said VALUES (?, ?, ?, ?)", lambda r: (*r, value(r[2]).lower())),
        _Read(f"SELECT DISTINCT ?s ?o WHERE {{ ?s {evidence} ?o }}", "INSERT INTO said VALUES (?, '', ?, ?)",
              lambda r: (*r, value(r[1]).lower()), union=False, then="text"),
        _Read(statements.format(POROS + "ploverMode"), "INSERT INTO modes VALUES (?, ?)"),
        _Read(statements.format(POROS + "location"), "INSERT INTO places VALUES (?, ?)"),
        _Read(f"SELECT ?s (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?s <{PROV}wasDerivedFrom> ?d }} GROUP BY ?s",
              "INSERT INTO derived VALUES (?, ?)", lambda r: (r[0], int(r[1])), then="summaries"),
        *(_Read(copies.format(predicate), f"INSERT INTO docs VALUES (?, '{name}', ?, ?)", lambda r: (r[0], r[1], int(r[2])))
          for name, predicate in _DOC_PROPERTIES.items()),
        _Read(f"SELECT DISTINCT ?s WHERE {{ {classes} }}", "INSERT INTO actors VALUES (?)"),
        _Read(f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{RDFS}label>|<{SKOS}altLabel> ?o }}",
              "INSERT INTO labels VALUES (?, ?, ?)", lambda r: (*r, value(r[1]).lower())),
        _Read(f"SELECT ?s (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d <{POROS}mentions> ?s }} GROUP BY ?s",
              "INSERT INTO mentioned VALUES (?, ?)", lambda r: (r[0], int(r[1])), then="names"),
    ]


def _run(db: sqlite3.Connection, sql: str) -> None:
    """Each statement of the script, in the transaction open (executescript would commit it)."""
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


def _doc_articles(db: sqlite3.Connection, where: str = "") -> None:
    """Each article's identifiers (once for each graph that states one) in one row."""
    found = db.execute(f"SELECT doc, value, copies FROM docs WHERE property = 'article' {where} ORDER BY doc")
    db.executemany("INSERT INTO doc_articles VALUES (?, ?)", (
        (doc, LIST.join(v for _, v, copies in rows for _ in range(copies)))
        for doc, rows in itertools.groupby(found, key=lambda row: row[0])))


def _summaries(db: sqlite3.Connection, events: str) -> None:
    db.executemany("INSERT INTO summary VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (_summary(*lists) for lists in db.execute(_LISTS.format(events=events))))


# timeline's rows of each pair, one way round, in its order: a range of the primary key
_PAIR_ROWS_TABLE = """
CREATE TABLE pair_rows(source TEXT, target TEXT, undated INTEGER, day TEXT, type_key TEXT, key TEXT, date TEXT, type TEXT,
                       mode TEXT, place TEXT, evidence TEXT, articles INTEGER, event TEXT,
                       PRIMARY KEY(source, target, undated, day, type_key, key, date, type)) WITHOUT ROWID;
"""
_PAIR_ROWS = """
INSERT OR IGNORE INTO pair_rows
  SELECT p.source, p.target, t.undated, t.day, t.type_key, t.key, COALESCE(t.date, ''), t.type, s.mode, s.place, s.evidence,
         s.articles, p.event
  FROM pairs p JOIN typed t ON t.event = p.event JOIN summary s ON s.event = p.event;
"""

# What a build does once a stage's reads are in: make the tables and fill them from all the reads.
_BUILD: dict[str, Callable[[sqlite3.Connection], object]] = {
    "ends": lambda db: db.executescript(_ENDS_TABLE + _ENDS),
    "dated": lambda db: db.executescript(_READ_INDEXES + _DATED_TABLES + _DATED + _DATED_INDEXES),
    "text": lambda db: db.executescript(_TEXT_INDEX),
    "summaries": lambda db: (_summaries(db, _ALL_EVENTS), db.executescript(_PAIR_ROWS_TABLE + _PAIR_ROWS)),
    "names": lambda db: (db.executescript(_NAMES_TABLES + _NAMES + _NAMES_INDEXES), _doc_articles(db)),
    "": lambda db: None,
}


def build(store: Store, path: Path, stamp: tuple) -> None:
    """Write the index of the store's statements as they are now (`stamp` names that data) to a new
    SQLite file at `path`.
    A thread asks the store (it answers outside the GIL), up to five answers ahead, while this one
    fills the tables (two asking threads are slower: they contend in the store)."""
    reads = _reads()
    ahead = 5
    with closing(sqlite3.connect(path)) as db, ThreadPoolExecutor(1) as pool:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;" + _SCHEMA)
        asked = deque(pool.submit(_tsv, store, r.sparql, None, r.union) for r in reads[:ahead])
        for i, read in enumerate(reads):
            text = asked.popleft().result()
            if i + ahead < len(reads):
                coming = reads[i + ahead]
                asked.append(pool.submit(_tsv, store, coming.sparql, None, coming.union))
            db.executemany(read.insert, map(read.row, _tsv_rows(text)))
            del text
            _BUILD[read.then](db)
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("version", str(VERSION)), ("stamp", writes.stamp_text(stamp))])
        db.commit()


# bringing a kept index up to date -----------------------------------------------------------------

REFRESH_SHARE = 5  # a refresh redoes the rows of at most a fifth of the events (or REFRESH_MIN subjects)
REFRESH_MIN = 20_000
_CHUNK = 1_000  # subjects per query

_AFFECTED = "CREATE TEMP TABLE affected(s TEXT PRIMARY KEY) WITHOUT ROWID;"
_FORGET = """
INSERT INTO said_text(said_text, rowid, folded) SELECT 'delete', rowid, folded FROM said WHERE event IN (SELECT s FROM affected);
DELETE FROM said WHERE event IN (SELECT s FROM affected);
DELETE FROM ends WHERE event IN (SELECT s FROM affected);
DELETE FROM dated WHERE event IN (SELECT s FROM affected);
DELETE FROM typed WHERE event IN (SELECT s FROM affected);
DELETE FROM summary WHERE event IN (SELECT s FROM affected);
DELETE FROM pair_rows WHERE event IN (SELECT s FROM affected);
DELETE FROM docs WHERE doc IN (SELECT s FROM affected);
DELETE FROM doc_articles WHERE doc IN (SELECT s FROM affected);
DELETE FROM names WHERE actor IN (SELECT s FROM affected);
"""
_AFFECTED_EVENTS = """SELECT a.s AS event FROM affected a
  WHERE EXISTS (SELECT 1 FROM ends WHERE event = a.s) OR EXISTS (SELECT 1 FROM said WHERE event = a.s)
     OR EXISTS (SELECT 1 FROM types WHERE s = a.s) OR EXISTS (SELECT 1 FROM dates WHERE s = a.s)"""

# What a refresh does once a stage's reads are in: fill the tables with the rows of the subjects read
# (the reads hold no others); the number is the last sentence's row before the refresh.
_REFRESH: dict[str, Callable[[sqlite3.Connection, int], object]] = {
    "ends": lambda db, said: _run(db, _ENDS),
    "dated": lambda db, said: _run(db, _READ_INDEXES + _DATED),
    "text": lambda db, said: db.execute("INSERT INTO said_text(rowid, folded) SELECT rowid, folded FROM said "
                                        "WHERE rowid > ?", (said,)),
    "summaries": lambda db, said: (_summaries(db, _AFFECTED_EVENTS), _run(db, _PAIR_ROWS)),
    "names": lambda db, said: (_run(db, _NAMES), _doc_articles(db, "AND doc IN (SELECT s FROM affected)")),
    "": lambda db, said: None,
}


def refresh(store: Store, db: sqlite3.Connection, changes: writes.Changes) -> bool:
    """Bring the index (`db`, in a transaction) from the data the changes were made to, to the
    store's: the rows of every subject that the changed graphs held before or hold now are made
    again from all the store's statements about it. False, with the index as it was, when that
    cannot be done (changes the log cannot name, blank nodes) or would be slower than a build."""
    if changes.all:
        return False
    now = graph_terms(store.backend, sorted(changes.graphs))
    if now is None:
        return False
    subjects = sorted(str(ox.NamedNode(term)) for term in now | changes.terms)
    events = db.execute("SELECT count(*) FROM summary").fetchone()[0]
    if len(subjects) > max(REFRESH_MIN, events // REFRESH_SHARE):
        return False
    if not subjects:
        return True
    _run(db, _READ_TABLES + _AFFECTED)
    db.executemany("INSERT INTO affected VALUES (?)", ((s,) for s in subjects))
    _run(db, _FORGET)
    said = db.execute("SELECT coalesce(max(rowid), 0) FROM said").fetchone()[0]
    for read in _reads():
        for start in range(0, len(subjects), _CHUNK):
            text = _tsv(store, read.about(" ".join(subjects[start:start + _CHUNK])), None, read.union)
            db.executemany(read.insert, map(read.row, _tsv_rows(text)))
        _REFRESH[read.then](db, said)
    return True


def _refreshed(store: Store, path: Path, stamp: tuple) -> bool:
    """Whether the kept index at `path` was brought to the data stamped `stamp`: it can be when the
    store's write log links the data it was made from to that data."""
    if not path.is_file():
        return False
    try:
        with closing(sqlite3.connect(path, timeout=60, isolation_level=None)) as db:
            db.execute("PRAGMA temp_store=MEMORY")
            db.execute("BEGIN IMMEDIATE")  # one refresh at a time; the next finds this one's stamp
            done = False
            try:
                meta = dict(db.execute("SELECT key, value FROM meta"))
                if meta.get("version") == str(VERSION) and meta.get("stamp"):
                    changes = writes.changes_between(path.parent, json.loads(meta["stamp"]), stamp)
                    done = changes is not None and refresh(store, db, changes) and store.data_stamp() == stamp
                if done:
                    db.execute("UPDATE meta SET value = ? WHERE key = 'stamp'", (writes.stamp_text(stamp),))
            finally:
                db.execute("COMMIT" if done else "ROLLBACK")
            return done
    except (sqlite3.Error, OSError, ValueError, TypeError):
        return False


# finding or building it --------------------------------------------------------------------------

@dataclass(frozen=True)
class Given:
    """A question's parameters as the index keeps terms, and (for literals) their values in lower
    case (Python's lower() for SPARQL's LCASE, as for the sentences and names the index folds)."""

    keys: dict[str, str]
    folded: dict[str, str]

    def value(self, name: str) -> str | None:
        return value(self.keys[name]) if name in self.keys else None


class Index:
    """An open event index: finds actors by name and answers the questions of `ANSWERS`."""

    def __init__(self, store: Store, db: sqlite3.Connection):
        self.store, self.db = store, db

    def actor(self, text: str) -> ox.NamedNode | None:
        """The actor whose label or alias is the name, as graph.queries.resolve_actor finds it: exactly
        (in English, Indonesian or without a language), else in any case; of several, the one most
        articles mention."""
        exact = [_key(self.store, ox.Literal(text, language=lang)) for lang in ("en", "id")]
        exact.append(_key(self.store, ox.Literal(text)))
        found = self._most_mentioned("label IN (?, ?, ?)", exact)
        return found or self._most_mentioned("folded = ?", [text.lower()])

    def _most_mentioned(self, where: str, values: list[str]) -> ox.NamedNode | None:
        row = self.db.execute(f"SELECT actor FROM names WHERE {where} ORDER BY mentions DESC, key LIMIT 1",
                              values).fetchone()
        return ox.NamedNode(value(row[0])) if row else None

    def answer(self, name: str, bound: Terms, variables: list[str]) -> ox.QuerySolutions:
        """The answer of question `name` for `bound`, as its SPARQL would give it."""
        given = Given({var.value: _key(self.store, t) for var, t in bound.items()},
                      {var.value: t.value.lower() for var, t in bound.items() if isinstance(t, ox.Literal)})
        columns, rows = ANSWERS[name](self.db, given)
        fill = [(given.keys.get(v), columns.index(v) if v in columns else None) for v in variables]
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(fixed or (row[at] if at is not None else None) or "" for fixed, at in fill) for row in rows]
        return ox.parse_query_results("\n".join(lines).encode("utf-8") + b"\n", format=ox.QueryResultsFormat.TSV)


@contextmanager
def opened(store: Store, build: bool = True) -> Iterator[Index | None]:
    """The index of the data the handle reads (kept, or built now); None when the store's data
    cannot be told apart (in memory, on a server) or no index can be built (no room, no folder), and
    without `build` when only a build would give it (a kept index is still brought up to date)."""
    stamp = store.data_stamp()
    with ExitStack() as stack:
        try:
            db = stack.enter_context(_open(store, stamp, build)) if stamp is not None else None
        except (sqlite3.Error, OSError):  # no room or no place to build it: the questions' queries answer
            db = None
        yield None if db is None else Index(store, db)


class _open:
    """A connection to the index of the data stamped `stamp`: the kept one, or one built now (kept
    when the folder can be written and nothing was written to the store meanwhile)."""

    def __init__(self, store: Store, stamp: tuple, build: bool = True):
        self.store, self.stamp, self.build = store, stamp, build
        self.kept = store.answers_dir() / FILE
        self.temporary: Path | None = None
        self.db: sqlite3.Connection | None = None

    def __enter__(self) -> sqlite3.Connection | None:
        cached = _cached(self.kept, self.stamp)
        if cached is not None:
            return cached
        self.db = _connect_if_current(self.kept, self.stamp)
        if self.db is None and _refreshed(self.store, self.kept, self.stamp):
            self.db = _connect_if_current(self.kept, self.stamp)
        if self.db is not None:
            _cache(self.kept, self.stamp, self.db)
            self.db = None  # the cache closes it
            return _cached(self.kept, self.stamp)
        if self.build:
            self.db = self._build()
        return self.db

    def _build(self) -> sqlite3.Connection:
        self.temporary = _new_file(self.kept)
        try:
            build(self.store, self.temporary, self.stamp)
        except BaseException:
            self.temporary.unlink(missing_ok=True)
            raise
        if self.temporary.parent == self.kept.parent and self.store.data_stamp() == self.stamp:
            self.temporary.replace(self.kept)
            self.temporary = None
            return _connect(self.kept)
        return _connect(self.temporary)

    def __exit__(self, *exc) -> None:
        if self.db is not None:
            self.db.close()
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)


_open_here = threading.local()  # this thread's connection to a kept index, reused while its file is unchanged


def _file_id(path: Path) -> tuple | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


def _cached(path: Path, stamp: tuple) -> sqlite3.Connection | None:
    held = getattr(_open_here, "held", None)
    if held is not None and held[0] == (str(path), writes.stamp_text(stamp), _file_id(path)):
        return held[1]
    return None


def _cache(path: Path, stamp: tuple, db: sqlite3.Connection) -> None:
    held = getattr(_open_here, "held", None)
    if held is not None:
        held[1].close()
    _open_here.held = ((str(path), writes.stamp_text(stamp), _file_id(path)), db)


def _new_file(beside: Path) -> Path:
    """A path for a new index beside `beside`, or in the system's temporary folder when that
    folder cannot be written to."""
    try:
        beside.parent.mkdir(exist_ok=True)
        path = beside.with_name(f".{beside.name}.{uuid.uuid4().hex}.tmp")
        path.touch()
    except OSError:
        handle, name = tempfile.mkstemp(suffix=".sqlite")
        os.close(handle)
        path = Path(name)
    path.unlink()
    return path


def _connect(path: Path) -> sqlite3.Connection:
    """A read-only connection that maps the file in memory (look-ups then read the system's cache
    of it, with no copy into SQLite's own)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.execute("PRAGMA mmap_size = 17179869184")
    return db


def _connect_if_current(path: Path, stamp: tuple) -> sqlite3.Connection | None:
    """The kept index if it was built from the data stamped `stamp` by this version, else None."""
    if not path.is_file():
        return None
    try:
        db = _connect(path)
    except sqlite3.Error:
        return None
    try:
        meta = dict(db.execute("SELECT key, value FROM meta"))
        if meta.get("version") == str(VERSION) and meta.get("stamp") == writes.stamp_text(stamp):
            return db
    except sqlite3.Error:
        pass
    db.close()
    return None


# reading --------------------------------------------------------------------------------------------

Rows = tuple[tuple[str, ...], list[tuple]]  # the columns, and the rows (a term or None in each)


def _split(terms: str | None) -> list[str]:
    return terms.split(LIST) if terms else []


def _concat(terms: list[str], separator: str) -> str | None:
    """GROUP_CONCAT of these terms as Oxigraph gives it: unbound for none, the language kept when
    every part has the same one."""
    if not terms:
        return None
    languages = {language(t) for t in terms}
    return literal(separator.join(value(t) for t in terms), languages.pop() if len(languages) == 1 else None)


def _order_key(term: str | None) -> str:
    """The term's place in SPARQL's ORDER BY as one string: unbound, blank nodes, IRIs, literals."""
    if not term:
        return "0"
    if term.startswith("<"):
        return "2" + term[1:-1]
    return "1" + term[2:] if term.startswith("_:") else "3" + value(term)


def _lookup(db: sqlite3.Connection, sql: str, keys: Iterable[str], *extra) -> dict[str, list[tuple]]:
    """key: [rest of row] for `sql` (SELECT key, ... WHERE key IN ({}) ...) and the keys given."""
    out: dict[str, list[tuple]] = defaultdict(list)
    wanted = sorted(set(keys))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for key, *rest in db.execute(sql.format(",".join("?" * len(chunk))), [*chunk, *extra]):
            out[key].append(tuple(rest))
    return out


def _ends_of(db: sqlite3.Connection, events: Iterable[str], side: int) -> dict[str, list[str]]:
    """Each event's sources (side 0) or targets (side 1)."""
    found = _lookup(db, "SELECT event, actor FROM ends WHERE event IN ({}) AND side = ?", events, side)
    return {event: [actor for (actor,) in actors] for event, actors in found.items()}


def _or_unbound(values: list | None) -> list:
    """An OPTIONAL's values: each, or unbound for none."""
    return values or [None]


def _pad(day: str, tail: str) -> str:
    """A date's first or last day as SPARQL's CONCAT(?d, SUBSTR(tail, STRLEN(?d) - 3)) makes it."""
    return day + tail[max(len(day) - 4, 0):]


def _in_period(day: str, first: str | None, last: str | None) -> bool:
    return ((first is None or _pad(day, "-12-31") >= _pad(first, "-01-01"))
            and (last is None or _pad(day, "-01-01") <= _pad(last, "-12-31")))


def _days(first: str | None, last: str | None) -> tuple[str, str]:
    """Bounds on a day's lexical form that every day in the period meets (a day in it starts with
    a year from the first's to the last's): a range of the index, checked exactly afterwards."""
    return (first or "")[:4], (last[:4] if last else "") + "\U0010ffff"


def timeline(db: sqlite3.Connection, given: Given) -> Rows:
    """Rows of timeline.rq: the typed events between ?a and ?b, either way round."""
    sql = """SELECT undated, day, type_key, key, NULLIF(date, ''), type, mode, source, target, place, evidence, articles, event
             FROM pair_rows WHERE source = ? AND target = ? ORDER BY undated, day, type_key, key"""
    a, b = given.keys["a"], given.keys["b"]
    ways = [db.execute(sql, (a, b))] + ([db.execute(sql, (b, a))] if a != b else [])
    found = heapq.merge(*ways, key=lambda row: row[:4])
    columns = ("date", "type", "mode", "source", "target", "place", "evidence", "articles", "event")
    return columns, [(*row[4:11], str(row[11]), row[12]) for row in found]


def meetings(db: sqlite3.Connection, given: Given) -> Rows:
    """Rows of meetings.rq: the dated CONSULT events of ?leader in the period."""
    first, last = given.value("from"), given.value("to")
    found = db.execute("""
        SELECT d.day, d.date, w.actor, d.event, s.mode, s.place, s.evidence
        FROM dated d JOIN ends w ON w.event = d.event AND w.side = 1 - d.side JOIN summary s ON s.event = d.event
        WHERE d.actor = ? AND d.type = '"CONSULT"' AND d.day >= ? AND d.day < ?""",
                       (given.keys["leader"], *_days(first, last)))
    rows = {row[1:]: (row[0], _order_key(row[2]), _order_key(row[3])) for row in found if _in_period(row[0], first, last)}
    return ("date", "with", "event", "mode", "place", "evidence"), sorted(rows, key=rows.__getitem__)


def search(db: sqlite3.Connection, given: Given) -> Rows:
    """Rows of search.rq: the events whose evidence (in an article's graph) contains ?text, any case."""
    needle = given.folded["text"]
    sql = """SELECT x.event, x.value, s.types, s.dates, s.sources, s.targets, a.articles
             FROM said x LEFT JOIN summary s ON s.event = x.event LEFT JOIN doc_articles a ON a.doc = x.doc
             WHERE {} AND x.doc != '' AND instr(x.folded, ?) > 0"""
    if len(needle) >= 3:  # the sentences with all its trigrams, then checked in full
        trigrams = sorted({needle[i:i + 3] for i in range(len(needle) - 2)})
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in trigrams)
        found = db.execute(sql.format("x.rowid IN (SELECT rowid FROM said_text WHERE said_text MATCH ?)"), (match, needle))
    else:
        found = db.execute(sql.format("1"), (needle,))
    rows = []
    for event, text, types, dates, sources, targets, articles in found:
        event_key, text_key = _order_key(event), _order_key(text)
        if not any(LIST in (lists or "") for lists in (types, dates, sources, targets, articles)):  # one row
            rows.append(((dates is None, value(dates) if dates else "", event_key, _order_key(articles), text_key),
                         (dates, types, sources, targets, text, articles, event)))
            continue
        rows += [((date is None, value(date) if date else "", event_key, _order_key(article), text_key),
                  (date, kind, source, target, text, article, event))
                 for kind in _or_unbound(_split(types)) for source in _or_unbound(_split(sources))
                 for target in _or_unbound(_split(targets)) for date in _or_unbound(_split(dates))
                 for article in _or_unbound(_split(articles))]
    rows.sort(key=lambda pair: pair[0])
    return ("date", "type", "source", "target", "evidence", "article", "event"), [row for _, row in rows]


def _doc_values(db: sqlite3.Connection, docs: Iterable[str], name: str) -> dict[str, list[str]]:
    """Each article's values of a property."""
    found = _lookup(db, "SELECT doc, value FROM docs WHERE doc IN ({}) AND property = ?", docs, name)
    return {doc: [v for (v,) in values] for doc, values in found.items()}


def evidence(db: sqlite3.Connection, given: Given) -> Rows:
    """Rows of evidence.rq: the first 500 events of ?type (in the period), one per sentence and article."""
    first, last = given.value("from"), given.value("to")
    picked: list[tuple[str, str | None]] = []
    query = "SELECT event, date, day FROM typed WHERE type = ? {} ORDER BY undated, day, key"
    if first is None and last is None:
        found = db.execute(query.format(""), (given.keys["type"],))
    else:  # dated events only, from the range of days the period can hold
        found = db.execute(query.format("AND undated = 0 AND day >= ? AND day < ?"),
                           (given.keys["type"], *_days(first, last)))
    for event, date, day in found:
        if (first is None and last is None) or _in_period(day, first, last):
            picked.append((event, date))
            if len(picked) == 500:
                break
    events = [event for event, _ in picked]
    sources, targets = _ends_of(db, events, 0), _ends_of(db, events, 1)
    said = _lookup(db, "SELECT DISTINCT event, doc, value FROM said WHERE event IN ({}) AND doc != ''", events)
    docs = {doc for pairs in said.values() for doc, _ in pairs}
    props = {name: _doc_values(db, docs, name) for name in _DOC_PROPERTIES}
    rows = {(date, source, target, text, article, issued, outlet, url, event):
            (date is None, value(date) if date else "", _order_key(event), _order_key(article))
            for event, date in picked for source in _or_unbound(sources.get(event))
            for target in _or_unbound(targets.get(event)) for doc, text in said.get(event, [])
            for article in _or_unbound(props["article"].get(doc)) for issued in _or_unbound(props["issued"].get(doc))
            for outlet in _or_unbound(props["outlet"].get(doc)) for url in _or_unbound(props["url"].get(doc))}
    columns = ("date", "source", "target", "evidence", "article", "issued", "outlet", "url", "event")
    return columns, sorted(rows, key=rows.__getitem__)


def _pair(source: str, target: str | None) -> tuple[str | None, str | None]:
    """top_pairs.rq's ?actor1 and ?actor2: the two ends, the lesser string first; unbound without a target."""
    if target is None:
        return None, None
    return (source, target) if value(source) < value(target) else (target, source)


def top_pairs(db: sqlite3.Connection, given: Given) -> Rows:
    """Rows of top_pairs.rq: the 100 pairs with the most events (at least ?min), either way round."""
    least = int(given.value("min"))
    events: dict[tuple, int] = defaultdict(int)
    types: dict[tuple, dict[str, None] | None] = defaultdict(dict)  # in the order met, each once; None
    # once an event without a type is among them (GROUP_CONCAT of an unbound value: unbound)
    first: dict[tuple, str] = {}
    last: dict[tuple, str] = {}
    found = db.execute("SELECT types, dates, sources, targets FROM summary WHERE sources IS NOT NULL ORDER BY event")
    for kinds, dates, sources, targets in found:
        days = [value(d) for d in _split(dates)]
        earliest, latest = min(days, default="~"), max(days, default="")
        pairs = {_pair(s, t) for s in _split(sources) for t in _or_unbound(_split(targets))}
        for pair in pairs:
            events[pair] += 1
            if kinds is None or types[pair] is None:
                types[pair] = None
            else:
                types[pair].update(dict.fromkeys(_split(kinds)))
            first[pair] = min(first.get(pair, earliest), earliest)
            last[pair] = max(last.get(pair, latest), latest)
    picked = sorted((pair for pair, n in events.items() if n >= least),
                    key=lambda pair: (-events[pair], _order_key(pair[0]), _order_key(pair[1])))[:100]
    rows = [(*pair, str(events[pair]), _concat(list(types[pair] or ()), ", "),
             literal(first[pair].replace("~", "")), literal(last[pair])) for pair in picked]
    return ("actor1", "actor2", "events", "types", "first", "last"), rows


def events_per_type_year(db: sqlite3.Connection, given: Given) -> Rows:
    """Rows of events_per_type_year.rq: the events of each type in each year ("undated" without a date)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for kind, date, n in db.execute("SELECT type, date, count(DISTINCT event) FROM typed GROUP BY type, date"):
        counts[(value(date)[:4] if date is not None else "undated", kind)] += n
    ordered = sorted(counts, key=lambda key: (key[0], _order_key(key[1])))
    return ("year", "type", "events"), [(literal(year), kind, str(counts[year, kind])) for year, kind in ordered]


ANSWERS: dict[str, Callable[[sqlite3.Connection, Given], Rows]] = {
    "timeline": timeline, "meetings": meetings, "search": search, "evidence": evidence,
    "top_pairs": top_pairs, "events_per_type_year": events_per_type_year,
}
