"""`manifest.jsonl` beside text files: metadata (url, published, lang, title) by article id."""
from __future__ import annotations

import json
from pathlib import Path

from graph.read.jsonl import bounded_lines

MANIFEST_NAME = "manifest.jsonl"


class ManifestCache:
    """Reads each folder's manifest once."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, dict[str, dict]] = {}

    def lookup(self, path: Path) -> dict | None:
        folder = path.parent
        if folder not in self._by_folder:
            manifest = folder / MANIFEST_NAME
            ids = {p.stem for p in folder.iterdir() if p.is_file()} if manifest.is_file() else set()
            self._by_folder[folder] = load_manifest(manifest, ids)
        return self._by_folder[folder].get(path.stem)


def load_manifest(path: Path, ids: set[str] | None = None) -> dict[str, dict]:
    """Records by id (only those of `ids`, when given: a huge manifest is not held in memory);
    unreadable lines are skipped (a manifest only adds metadata)."""
    records: dict[str, dict] = {}
    if not path.is_file():
        return records
    with path.open("rb") as handle:
        for raw in bounded_lines(handle):
            if raw is None:  # a line over the limit, skipped without holding it
                continue
            try:
                record = json.loads(raw.decode("utf-8-sig"))
            except (ValueError, RecursionError):  # bad UTF-8, bad JSON, a number too long
                continue
            if isinstance(record, dict) and isinstance(record.get("id"), str) and (ids is None or record["id"] in ids):
                records[record["id"]] = record
    return records
