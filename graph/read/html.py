"""HTML pages: main text, title, date and URL through trafilatura."""
from __future__ import annotations

import re
from pathlib import Path

from graph.errors import InputError
from graph.model import Article
from graph.read.decode import decode_html, read_bytes
from graph.read.metadata import article_from_record

MAX_ATTRIBUTES = 1000  # per tag; a real page has a few dozen at most

_TAG = re.compile(r"""<[A-Za-z](?:[^<>"']++|"[^"]*+"|'[^']*+')*+""")
_ATTRIBUTE = re.compile(r"""[^\s=<>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def read_html(path: Path, metadata: dict | None) -> Article:
    page = decode_html(read_bytes(path))
    check_markup(page)
    found = extract_main_text(page)
    record = {key: value for key, value in found.items() if value}
    record.update({key: value for key, value in (metadata or {}).items() if value})
    record["id"] = path.stem
    return article_from_record(record, origin=str(path))


def check_markup(page: str) -> None:
    """Refuse markup that would take the HTML parser hours: a tag with thousands of attributes
    (libxml2 compares each attribute with all those before it)."""
    for tag in _TAG.finditer(page):
        if tag.end() - tag.start() < 4 * MAX_ATTRIBUTES:
            continue
        count = sum(1 for _ in _ATTRIBUTE.finditer(tag.group(), 1)) - 1  # less the tag's name
        if count > MAX_ATTRIBUTES:
            raise InputError(f"a tag with {count:,} attributes (over {MAX_ATTRIBUTES:,}); not a news page")


def extract_main_text(page: str) -> dict:
    """The article body and its metadata; boilerplate (menus, footers, sidebars) left out."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception as err:  # trafilatura raises many kinds on broken markup
        raise InputError(f"cannot parse HTML ({type(err).__name__})") from None
    if doc is None:
        raise InputError("no article text found in this HTML page")
    data = doc if isinstance(doc, dict) else doc.as_dict()
    text = data.get("text") or ""
    if not text.strip():
        raise InputError("no article text found in this HTML page")
    return {"text": text, "title": data.get("title"), "published": data.get("date"),
            "url": data.get("url"), "lang": data.get("language"), "outlet": data.get("sitename")}
