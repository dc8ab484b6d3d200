"""JSON-lines feeds: one article per line; a bad line is reported and skipped."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO
from pathlib import Path

from graph.errors import InputError
from graph.model import Article, Problem
from graph.read.metadata import article_from_record

MAX_LINE_BYTES = 5 * 1024 * 1024  # a news article is rarely over 200 KB


def read_jsonl(path: Path) -> Iterator[Article | Problem]:
    """Stream the records of a .jsonl file, naming the line of each one that is refused."""
    if path.stat().st_size == 0:
        raise InputError("empty file")
    found_any = False
    with path.open("rb") as handle:
        for number, raw in enumerate(bounded_lines(handle), start=1):
            if raw is not None and not raw.strip():
                continue
            where = f"{path}:{number}"
            try:
                article = article_from_record(_parse_line(raw), origin=where)
            except InputError as err:
                yield Problem(where, str(err))
                continue
            found_any = True
            yield article
    if not found_any:
        yield Problem(str(path), "no article records in this file")


def bounded_lines(handle: BinaryIO) -> Iterator[bytes | None]:
    """Each line, or None for a line longer than the limit (skipped without holding it in memory)."""
    while True:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(1024 * 1024)
            yield None
            continue
        yield line


def _parse_line(raw: bytes | None) -> dict:
    if raw is None or len(raw) > MAX_LINE_BYTES:
        raise InputError(f"line longer than {MAX_LINE_BYTES // (1024 * 1024)} MB")
    if b"\x00" in raw:
        raise InputError("binary data, not JSON")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"not valid UTF-8 (byte {err.start} of the line)") from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"malformed JSON ({err.msg} at column {err.colno})") from None
    except RecursionError:
        raise InputError("malformed JSON (nested too deeply)") from None
    except ValueError as err:  # an integer of thousands of digits, past Python's limit
        raise InputError(f"unreadable JSON ({str(err).split(':')[0]})") from None
    if not isinstance(record, dict):
        raise InputError("a JSON object is expected on each line")
    return record
