"""Plain-text articles: the file name is the id, a manifest may add metadata."""
from __future__ import annotations

from pathlib import Path

from graph.model import Article
from graph.read.decode import decode_text, read_bytes
from graph.read.metadata import article_from_record


def read_text(path: Path, metadata: dict | None) -> Article:
    text = decode_text(read_bytes(path))
    record = {**(metadata or {}), "id": path.stem, "text": text}
    return article_from_record(record, origin=str(path))
