"""Kept answers: ready questions answered from an answer worked out once for the store's data.

Some ready questions have every answer inside one of their answers, and their header says so::

    # keep: all                          (no parameters: the answer is the same every time)
    # keep: articles >= min from 1       (at min = 1 or more, the rows of a kept answer at a lower
                                          min whose ?articles is at least min)

The second form fits a question that filters on a count and then keeps the first N rows ordered
by that count, busiest first: the rows that pass a higher threshold are a prefix of that order.

The answer is worked out at the value asked (so a first ask costs what the query costs) and saved in
the store folder (`poros-answers/NAME.json`) with that value, the stamp of the store's files
(`Store.data_stamp`) and a hash of the query; it answers every later ask at that value or above, and
an ask below it works out (and keeps) the answer at its own value. Any write to the store changes
its files, so a kept answer is used only while the data it was worked out from is the data the
handle reads; a store in memory or on a server keeps none.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from graph.errors import PorosError
from graph.files import write_atomically
from graph.rdf.terms import XSD
from graph.store import Store

_THRESHOLD = re.compile(r"([A-Za-z_]\w*)\s*>=\s*([A-Za-z_]\w*)\s+from\s+([+-]?\d{1,9})")
_JSON = ox.QueryResultsFormat.JSON
Terms = Mapping[ox.Variable, ox.NamedNode | ox.Literal]


@dataclass(frozen=True)
class Keep:
    """How a question's answers come from one kept answer: all of it, or (with `column`) the rows
    whose `column` is at least the integer parameter `param`, for values from `start` up."""

    column: str | None = None
    param: str | None = None
    start: int = 0

    def covers(self, bound: Terms) -> bool:
        """Whether the answer for these parameters can be read off the kept one."""
        if self.param is None:
            return not bound
        value = bound.get(ox.Variable(self.param))
        return len(bound) == 1 and value is not None and int(value.value) >= self.start

    def value(self, bound: Terms) -> int | None:
        """The threshold asked (None for a question without one)."""
        return None if self.param is None else int(bound[ox.Variable(self.param)].value)

    def answers_from(self, kept_at: int | None, bound: Terms) -> bool:
        """Whether an answer worked out at `kept_at` holds the answer for `bound` (which this covers)."""
        return self.param is None or (kept_at is not None and kept_at <= self.value(bound))


def parse_keep(value: str, params: dict[str, str]) -> Keep:
    """A `# keep:` line's value; `params` maps the question's parameter names to their kinds.
    ValueError says what is wrong."""
    text = value.strip()
    if text == "all":
        if params:
            raise ValueError("'# keep: all' is for a question without parameters")
        return Keep()
    match = _THRESHOLD.fullmatch(text)
    if not match:
        raise ValueError(f"cannot read '# keep: {text}' (want: all, or COLUMN >= PARAM from NUMBER)")
    column, param, start = match.groups()
    if list(params) != [param] or params[param] != "integer":
        raise ValueError(f"'# keep: {text}' needs {param} to be the question's only parameter, an integer")
    return Keep(column, param, int(start))


def answer(store: Store, name: str, sparql: str, keep: Keep, bound: Terms,
           work_out: Callable[[], ox.QuerySolutions] | None = None) -> ox.QuerySolutions:
    """The answer for `bound` (which `keep` covers), read off the kept answer; that is worked out
    (by `work_out`, else by the query, and saved when the store's data can be told apart) if none is
    kept for the data read."""
    stamp = store.data_stamp()
    kept = _load(store, name, sparql, stamp) if stamp is not None else None
    if kept is not None and keep.answers_from(kept[1], bound):
        whole = kept[0]
    else:
        solutions = work_out() if work_out else store.query(sparql, substitutions=bound)
        whole = json.loads(solutions.serialize(format=_JSON))
        if stamp is not None and store.data_stamp() == stamp:  # nothing written meanwhile
            _save(store, name, sparql, stamp, whole, keep.value(bound))
    return ox.parse_query_results(json.dumps(_derive(whole, keep, bound, name)).encode("utf-8"), format=_JSON)


def _derive(whole: dict, keep: Keep, bound: Terms, name: str) -> dict:
    """The SPARQL JSON answer for `bound`: the kept rows that pass the threshold, with the
    parameters' own columns showing the values given."""
    rows = whole["results"]["bindings"]
    if keep.column is not None:
        least = int(bound[ox.Variable(keep.param)].value)
        if any(keep.column not in row for row in rows):
            raise PorosError(f"ready query {name!r}: its '# keep:' line names ?{keep.column}, unbound in a row")
        rows = [row for row in rows if int(row[keep.column]["value"]) >= least]
    columns = set(whole["head"].get("vars", ()))
    given = {var.value: _json_term(term) for var, term in bound.items() if var.value in columns}
    return {"head": whole["head"], "results": {"bindings": [row | given for row in rows]}}


def _json_term(term: ox.NamedNode | ox.Literal) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def _fingerprint(sparql: str, stamp: tuple) -> dict:
    return {"query": hashlib.sha256(sparql.encode("utf-8")).hexdigest(), "stamp": [list(f) for f in stamp]}


def _load(store: Store, name: str, sparql: str, stamp: tuple) -> tuple[dict, int | None] | None:
    """The kept answer of this query for this data and the threshold it was worked out at, or None
    (none kept, kept for other data, or unreadable)."""
    folder = store.answers_dir()
    try:
        kept = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        at = kept.get("at")
        if {k: kept.get(k) for k in ("query", "stamp")} == _fingerprint(sparql, stamp) \
                and (at is None or type(at) is int):
            return kept["answer"], at
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass
    return None


def _save(store: Store, name: str, sparql: str, stamp: tuple, whole: dict, at: int | None) -> None:
    """Keep the answer; a folder that cannot be written to keeps nothing (the next ask works it out again)."""
    folder = store.answers_dir()
    data = json.dumps(_fingerprint(sparql, stamp) | {"at": at, "answer": whole}).encode("utf-8")
    try:
        folder.mkdir(exist_ok=True)
        write_atomically(folder / f"{name}.json", lambda out: out.write(data))
    except OSError:
        pass
