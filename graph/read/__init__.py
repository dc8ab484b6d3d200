"""Readers: files and folders in, `Article`s (or `Problem`s) out, one at a time."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.errors import InputError
from graph.model import Article, Problem
from graph.read.html import read_html
from graph.read.jsonl import read_jsonl
from graph.read.manifest import MANIFEST_NAME, ManifestCache
from graph.read.text import read_text

READERS = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


def read_paths(paths: Iterable[str | Path]) -> Iterator[Article | Problem]:
    """Every article under the given files and folders (recursively), in a stable order.

    Unreadable inputs are yielded as `Problem`s so the good ones still go through.
    """
    manifests = ManifestCache()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield Problem(str(path), "no such file or directory")
        elif path.is_dir():
            yield from _read_folder(path, manifests)
        elif path.suffix.lower() not in READERS:
            known = ", ".join(sorted(READERS))
            yield Problem(str(path), f"unknown format '{path.suffix or path.name}' (poros reads {known})")
        else:
            yield from _read_file(path, manifests)


def article_files(folder: Path) -> list[Path]:
    """The readable article files under a folder, sorted, skipping hidden files and manifests."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if any(part.startswith(".") for part in relative) or path.name == MANIFEST_NAME:
            continue
        if path.is_file() and path.suffix.lower() in READERS:
            found.append(path)
    return found


def _read_folder(folder: Path, manifests: ManifestCache) -> Iterator[Article | Problem]:
    files = article_files(folder)
    if not files:
        yield Problem(str(folder), "no articles (.txt, .html, .jsonl) in this folder")
    for path in files:
        yield from _read_file(path, manifests)


def read_file(path: Path, metadata: dict | None = None) -> Iterator[Article | Problem]:
    """The articles of one file of a known extension, with `metadata` as its manifest record (a
    text or HTML file): what `read_paths` gives for it, for a caller that looked the record up
    beforehand (a task of a distributed run)."""
    return _read_file(path, metadata=metadata)


def _read_file(path: Path, manifests: ManifestCache | None = None,
               metadata: dict | None = None) -> Iterator[Article | Problem]:
    kind = READERS[path.suffix.lower()]
    try:
        if kind == "jsonl":
            yield from read_jsonl(path)
            return
        if manifests is not None:
            metadata = manifests.lookup(path)
        yield read_text(path, metadata) if kind == "text" else read_html(path, metadata)
    except InputError as err:
        yield Problem(str(path), str(err))
    except OSError as err:
        yield Problem(str(path), f"cannot read: {err.strerror or err}")
