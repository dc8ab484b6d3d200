"""Validating the metadata of one article record."""
from __future__ import annotations

import re

from graph.errors import InputError
from graph.model import Article

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$",
                           re.ASCII)
KNOWN_LANGS = {"id", "en"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def article_from_record(record: dict, origin: str) -> Article:
    """An `Article` from a dict with `text` and `id` (or `url`); other keys optional."""
    record = {key: _unicode(value) for key, value in record.items()}
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("no 'text' (a non-empty string)")
    ident = record.get("id") or record.get("url")
    if ident is None or not str(ident).strip():
        raise InputError("no 'id' (or 'url') to name the article")
    ident = str(ident).strip()
    if len(ident) > 300 or any(ord(c) < 32 for c in ident):
        raise InputError("the article id is over 300 characters or holds control characters")
    return Article(
        id=ident,
        text=text,
        title=_optional_str(record.get("title")),
        url=_optional_str(record.get("url")),
        published=normalise_published(record.get("published") or record.get("date")),
        lang=normalise_lang(record.get("lang") or record.get("language")),
        outlet=_optional_str(record.get("outlet")),
        origin=origin,
    )


def normalise_published(value: object) -> str | None:
    """An ISO date or dateTime (seconds added when missing), or None when not recognisable."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if _ISO_DATE.match(value):
        return value if _valid_date(value) else None
    match = _ISO_DATETIME.match(value)
    if not match or not _valid_date(match.group(1)):
        return None
    clock = match.group(2) if match.group(2).count(":") == 2 else match.group(2) + ":00"
    zone = match.group(3) or ""
    if zone and zone != "Z" and ":" not in zone:
        zone = zone[:3] + ":" + zone[3:]
    if not _valid_clock(clock) or not _valid_zone(zone):
        return None
    return f"{match.group(1)}T{clock}{zone}"


def normalise_lang(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    if code == "in":  # the old ISO 639 code for Indonesian
        code = "id"
    return code if code in KNOWN_LANGS else None


def _valid_date(text: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _valid_clock(clock: str) -> bool:
    hours, minutes, seconds = clock.split(":")
    return int(hours) < 24 and int(minutes) < 60 and float(seconds) < 60


def _valid_zone(zone: str) -> bool:
    """No zone, Z, or an offset of at most 14:00 (the range of xsd:dateTime)."""
    if zone in ("", "Z"):
        return True
    hours, minutes = int(zone[1:3]), int(zone[4:6])
    return minutes < 60 and hours * 60 + minutes <= 14 * 60


def _optional_str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _unicode(value: object) -> object:
    """A string with its lone surrogates (JSON escapes like "\\ud800" that are no character, and
    that UTF-8 cannot encode) replaced by U+FFFD; anything else as it is."""
    if isinstance(value, str) and _SURROGATE.search(value):
        return _SURROGATE.sub("\ufffd", value)
    return value
