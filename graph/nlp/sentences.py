"""Sentence splitting that knows Indonesian and English abbreviations and quotes."""
from __future__ import annotations

import re
from functools import lru_cache

from graph.model import Sentence, Span
from graph.resources import lexicon_words

# a full stop, ! or ?, then closing quotes or brackets, then space, then what can open a sentence
_BOUNDARY = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9\u00C0-\u024F])""")
# "...sekutu".Hubungan — a missing space after a full stop between two words
_GLUED = re.compile(r"""(?<=[a-z]{2})["'”’]?[.!?]["'”’]?(?=[A-Z][a-z]{2})""")
_GLUED_MARK = re.compile(r"""[.!?]["'”’]?[A-Z]""")  # in every glued stop; quick to look for
MAX_SENTENCE_CHARS = 1500


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    return frozenset(word.rstrip(".") for word in lexicon_words("abbreviations.txt"))


def split_sentences(text: str, spans: list[Span]) -> list[Sentence]:
    """Sentences inside the given spans, with offsets into `text`."""
    sentences: list[Sentence] = []
    for span in spans:
        for start, end in _split_span(text, span.start, span.end):
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    return sentences


def _split_span(text: str, start: int, end: int):
    chunk = text[start:end]
    cuts = sorted({m.end() for m in _BOUNDARY.finditer(chunk) if not _is_abbreviation(chunk, m.start())}
                  | ({m.end() for m in _GLUED.finditer(chunk)} if _GLUED_MARK.search(chunk) else set()))
    begin = 0
    for cut in [*cuts, len(chunk)]:
        for piece_begin, piece_cut in _bounded(chunk, begin, cut):
            piece_start, piece_end = _strip(chunk, piece_begin, piece_cut)
            if piece_end > piece_start:
                yield start + piece_start, start + piece_end
        begin = cut


def _bounded(chunk: str, begin: int, end: int):
    """A sentence longer than any a newspaper prints (a run-on list, a table flattened to text) is cut
    into pieces at its last clause mark or space before the limit, so no stage works on it whole."""
    while end - begin > MAX_SENTENCE_CHARS:
        limit = begin + MAX_SENTENCE_CHARS
        found = (chunk.rfind(mark, begin + MAX_SENTENCE_CHARS // 2, limit) for mark in ("; ", ", ", " "))
        cut = next((at + 1 for at in found if at > begin), limit)
        yield begin, cut
        begin = cut
    yield begin, end


def _is_abbreviation(chunk: str, dot: int) -> bool:
    if chunk[dot] != ".":
        return False
    begin = dot
    while begin > max(0, dot - 100) and (chunk[begin - 1].isalnum() or chunk[begin - 1] in "._"):
        begin -= 1  # back over the word and dots before it (\w and "."); no abbreviation is that long
    if begin == dot:
        return False
    word = chunk[begin:dot].lower().strip(".")
    if len(word) == 1 and word.isalpha():  # an initial: "J. Biden", "Joko W."
        return True
    return word in abbreviations()


def _strip(chunk: str, begin: int, end: int) -> tuple[int, int]:
    while begin < end and chunk[begin].isspace():
        begin += 1
    while end > begin and chunk[end - 1].isspace():
        end -= 1
    return begin, end
