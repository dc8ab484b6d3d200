"""Where the shipped data (ontology, knowledge base, lexicons) lives."""
from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def ontology_dir() -> Path:
    """The `ontology/` folder: the source tree's, else the installed copy, else $POROS_ONTOLOGY."""
    candidates = [
        os.environ.get("POROS_ONTOLOGY"),
        Path(__file__).resolve().parent.parent / "ontology",
        Path(sys.prefix) / "share" / "poros" / "ontology",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "poros.ttl").is_file():
            return Path(candidate)
    raise FileNotFoundError("poros cannot find its ontology folder; set POROS_ONTOLOGY")


def lexicon_path(lang: str, name: str) -> Path:
    return ontology_dir() / "lexicon" / lang / name


def read_lexicon_lines(path: Path) -> list[str]:
    """Non-empty lines of a lexicon file, without `#` comment lines."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.rstrip("\n") for line in lines if line.strip() and not line.lstrip().startswith("#")]


def languages() -> list[str]:
    """Languages that have a lexicon folder."""
    root = ontology_dir() / "lexicon"
    return sorted(p.name for p in root.iterdir() if p.is_dir())


@lru_cache(maxsize=None)
def lexicon_words(name: str, lang: str | None = None) -> frozenset[str]:
    """The lowercased entries of a word list, of one language or (lang None) of every language."""
    langs = [lang] if lang else languages()
    return frozenset(line.split("\t")[0].strip().lower() for code in langs
                     for line in read_lexicon_lines(lexicon_path(code, name)))
