"""Formatting SPARQL results for people (a table) and for programs (CSV, TSV, JSON)."""
from __future__ import annotations

import pyoxigraph as ox

from graph.rdf.terms import PREFIXES

_RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                   "json": ox.QueryResultsFormat.JSON}


def format_result(result, fmt: str) -> bytes:
    """SELECT rows as a table, CSV, TSV or SPARQL JSON; ASK as true/false; graphs as Turtle."""
    if isinstance(result, ox.QueryBoolean):
        if fmt == "json":
            return f'{{"head": {{}}, "boolean": {str(bool(result)).lower()}}}\n'.encode()
        return f"{str(bool(result)).lower()}\n".encode()
    if isinstance(result, ox.QueryTriples):
        triples = sorted(result, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    if fmt in _RESULT_FORMATS:
        return result.serialize(format=_RESULT_FORMATS[fmt])
    return table(result).encode("utf-8")


def table(solutions) -> str:
    names = [v.value for v in solutions.variables]
    rows = [[compact(row[name]) for name in names] for row in solutions]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    widths = [min(w, 80) for w in widths]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    for r in rows:
        out.append("  ".join(_cut(v, w).ljust(w) for v, w in zip(r, widths)).rstrip())
    out.append(f"({len(rows)} row{'s' * (len(rows) != 1)})")
    return "\n".join(out) + "\n"


def compact(term) -> str:
    """A term as a person reads it: prefixed IRIs, bare literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for name, iri in PREFIXES.items():
            if term.value.startswith(iri):
                return f"{name}:{term.value[len(iri):]}"
        return term.value
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())
    return str(term)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
