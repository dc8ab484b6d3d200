"""Telling the language of an article from its function words."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from graph.resources import languages, lexicon_words

_WORD = re.compile(r"[^\W\d_]+")
DEFAULT_LANGUAGE = "id"


@lru_cache(maxsize=1)
def stopwords() -> dict[str, frozenset[str]]:
    return {lang: lexicon_words("stopwords.txt", lang) for lang in languages()}


def detect_language(text: str, sample: int = 20000) -> str:
    """The language whose function words are most frequent in the text (ties: Indonesian)."""
    words = Counter(w.lower() for w in _WORD.findall(text[:sample]))
    scores = {lang: sum(words[w] for w in vocab) for lang, vocab in stopwords().items()}
    best = max(sorted(scores), key=lambda lang: (scores[lang], lang == DEFAULT_LANGUAGE))
    return best if scores[best] > 0 else DEFAULT_LANGUAGE
