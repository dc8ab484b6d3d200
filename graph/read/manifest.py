"""`manifest.jsonl` beside text files: metadata (url, published, lang, title) by article id."""
from __future__ import annotations

import json
from pathlib import Path

MANIFEST_NAME = "manifest.jsonl"


class ManifestCache:
    """Reads each folder's manifest once."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, dict[str, dict]] = {}

    def lookup(self, path: Path) -> dict | None:
        folder = path.parent
        if folder not in self._by_folder:
            self._by_folder[folder] = load_manifest(folder / MANIFEST_NAME)
        return self._by_folder[folder].get(path.stem)


def load_manifest(path: Path) -> dict[str, dict]:
    """Records by id; unreadable lines are skipped (a manifest only adds metadata)."""
    records: dict[str, dict] = {}
    if not path.is_file():
        return records
    with path.open("rb") as handle:
        for raw in handle:
            try:
                record = json.loads(raw.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                continue
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                records[record["id"]] = record
    return records
