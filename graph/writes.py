"""The store's write log: which graphs were written between two states of the store's files.

The event index kept in the store folder (graph/event_index.py) is made from the data as the
store's files stamp it (`store.files_stamp`). A handle that writes appends a line to
`poros-answers/writes.jsonl` each time its files' stamp is asked for and when it closes: the stamp
it started from, the stamp now, the graphs it wrote in between (or began to write) and the terms
(subjects and IRI objects) those graphs held before. A kept answer of stamp A is then brought to
stamp B by redoing only what those graphs touch, when the lines link A to B with nothing between
them left out. A write that no line names (another program, a crash, statements written through
`Store.backend` or into the default graph) breaks the links or marks its line `all`, and the index
is made again from all the data.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from graph.files import write_atomically

LOG = "writes.jsonl"
LOCK = "writes.lock"
MAX_BYTES = 4 * 1024 * 1024  # the log is cut to its newer half beyond this
MAX_TERMS = 200_000  # a line naming more terms or graphs says `all` instead


def stamp_text(stamp: tuple) -> str:
    """A files stamp as the event index keeps it (and as JSON gives it back: lists for tuples)."""
    return json.dumps([list(f) for f in stamp])


def stamp_key(stamp: tuple) -> str:
    """A short name of a files stamp."""
    return hashlib.sha256(stamp_text(stamp).encode("utf-8")).hexdigest()[:32]


@dataclass
class Changes:
    """What was written between two stamps: the graphs, the terms they held before, or `all`."""

    graphs: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    all: bool = False

    def add(self, line: dict) -> None:
        self.all = self.all or bool(line.get("all"))
        self.graphs.update(line.get("graphs", ()))
        self.terms.update(line.get("terms", ()))


class WriteLog:
    """The lines a writing handle appends to the log of the store folder's answers."""

    def __init__(self, answers: Path, stamp: tuple | None):
        self.path = answers / LOG
        self._last = stamp_key(stamp) if stamp is not None else None
        self._lock = threading.Lock()
        self._writing: Counter[str] = Counter()  # graphs being written now
        self._done = Changes()  # written since the last line

    @contextmanager
    def writing(self, graphs: Iterable[str], terms_before: Iterable[str] = (), everything: bool = False) -> Iterator[None]:
        """Around a write of these graphs: a line made meanwhile names them, and so does the next."""
        graphs, terms_before = list(graphs), set(terms_before)
        with self._lock:
            self._writing.update(graphs)
            self._note(terms_before, everything)
        try:
            yield
        finally:
            with self._lock:
                self._writing.subtract(graphs)
                self._writing += Counter()  # drops the graphs no longer written
                self._done.graphs.update(graphs)
                self._note(terms_before, everything)  # a data snapshot taken meanwhile may be from before

    def _note(self, terms: set[str], everything: bool) -> None:
        self._done.terms.update(terms)
        self._done.all = self._done.all or everything

    def record(self, stamp: tuple | None) -> None:
        """Append the line that leads to `stamp`; without a stamp (unreadable files) the next line
        cannot link, and nothing leads on."""
        with self._lock:
            key = stamp_key(stamp) if stamp is not None else None
            if key == self._last and key is not None:
                return  # the files as they were: what was written meanwhile goes in the next line
            done = self._done
            graphs = done.graphs | set(self._writing)
            line = {"before": self._last, "after": key, "graphs": sorted(graphs), "terms": sorted(done.terms),
                    "all": done.all or len(graphs) + len(done.terms) > MAX_TERMS}
            if line["all"]:
                line["graphs"], line["terms"] = [], []
            self._done, self._last = Changes(), key
            if line["before"] is not None and key is not None:
                self._append(json.dumps(line, ensure_ascii=False) + "\n")

    def _append(self, text: str) -> None:
        try:
            self.path.parent.mkdir(exist_ok=True)
            if self.path.is_file() and self.path.stat().st_size > MAX_BYTES:
                kept = self.path.read_bytes()[-MAX_BYTES // 2:]
                kept = kept[kept.find(b"\n") + 1:]
                write_atomically(self.path, lambda out: out.write(kept))
            with self.path.open("a", encoding="utf-8") as out:
                out.write(text)
        except OSError:
            pass  # no log: the index is made again from all the data


@contextmanager
def turn(answers: Path) -> Iterator[None]:
    """Hold the log's lock: a writer takes its first stamp and opens the store in one turn, and
    closes the store and writes its last line in another, so that no writer starts from files that
    another is still changing. Where the lock cannot be had the log cannot be written either."""
    try:
        import fcntl
        answers.mkdir(exist_ok=True)
        handle = os.open(answers / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def changes_between(answers: Path, start: tuple, end: tuple) -> Changes | None:
    """What the log says was written from stamp `start` to stamp `end`, or None when its lines do
    not link the two."""
    try:
        text = (answers / LOG).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    following: dict[str, dict] = {}
    for raw in text.splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if isinstance(line, dict) and isinstance(line.get("before"), str) and line.get("before") != line.get("after"):
            if line["before"] in following:  # two writers cannot start from the same files: not to be trusted
                following[line["before"]] = {"before": line["before"], "after": None}
            else:
                following[line["before"]] = line
    here, goal, changes = stamp_key(start), stamp_key(end), Changes()
    for _ in range(len(following) + 1):
        if here == goal:
            return changes
        line = following.pop(here, None)
        if line is None:
            return None
        changes.add(line)
        here = line.get("after")
    return None
