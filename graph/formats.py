"""File formats by extension: RDF serialisations, and the actor network's."""
from __future__ import annotations

from pathlib import Path

RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld",
                ".json": "jsonld"}
EXPORT_SUFFIXES = {**RDF_SUFFIXES, ".graphml": "graphml", ".gexf": "gexf", ".csv": "csv"}


def format_of(path: str | Path, known: dict[str, str] = EXPORT_SUFFIXES) -> str | None:
    return known.get(Path(path).suffix.lower())
