"""Turning raw bytes into text, refusing what is not text."""
from __future__ import annotations

from pathlib import Path

from graph.errors import InputError

MAX_ARTICLE_BYTES = 5 * 1024 * 1024  # a news article is rarely over 200 KB


def read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size == 0:
        raise InputError("empty file")
    if size > MAX_ARTICLE_BYTES:
        raise InputError(f"too large for one article ({size // (1024 * 1024)} MB; the limit is "
                         f"{MAX_ARTICLE_BYTES // (1024 * 1024)} MB)")
    return path.read_bytes()


def decode_text(data: bytes) -> str:
    """UTF-8 text (a BOM is tolerated); binary data and invalid UTF-8 are refused."""
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"not valid UTF-8 (byte {err.start}: {data[err.start:err.start + 1]!r}); "
                         "convert it to UTF-8 first") from None
    if not text.strip():
        raise InputError("no text in file")
    return text


def decode_html(data: bytes) -> str:
    """An HTML page's text: UTF-8, or the charset its <meta> declares."""
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not HTML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    charset = _declared_charset(data[:4096])
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    raise InputError("HTML is neither UTF-8 nor in the charset its <meta> declares")


def _declared_charset(head: bytes) -> str | None:
    import re

    match = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", head, re.IGNORECASE)
    return match.group(1).decode("ascii") if match else None
