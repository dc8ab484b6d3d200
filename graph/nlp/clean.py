"""Cleaning: which parts of an article's text are the article.

Cleaning never rewrites the text: it returns the character spans worth reading, so every later
offset (mentions, evidence) points into the article exactly as it was read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.model import Span
from graph.nlp.present import regex_needs
from graph.resources import languages, lexicon_path, read_lexicon_lines

LEAD_PARAGRAPHS = 4  # datelines are looked for in the first few paragraphs only


@dataclass(frozen=True)
class Rule:
    action: str  # drop, drop+next, strip, lead
    pattern: re.Pattern[str]
    needs: frozenset[str] = frozenset()  # characters every match holds


@lru_cache(maxsize=1)
def boilerplate_rules() -> tuple[Rule, ...]:
    """The boilerplate rules of every language: pages mix languages, so all apply."""
    rules = []
    for lang in languages():
        for line in read_lexicon_lines(lexicon_path(lang, "boilerplate.tsv")):
            action, regex, *_ = line.split("\t")
            flags = 0 if action == "lead" else re.IGNORECASE
            rules.append(Rule(action, re.compile(regex, flags), regex_needs(regex)))
    return tuple(rules)


def clean(text: str) -> list[Span]:
    """The spans (one per kept line, trimmed) that hold the article's own words."""
    rules = boilerplate_rules()
    kept: list[Span] = []
    skip_next = False
    for start, end in _lines(text):
        line = text[start:end]
        if not line.strip():
            continue
        if skip_next:
            skip_next = False
            continue
        action = _line_action(line, rules)
        if action == "drop+next":
            skip_next = True
        if action is None:
            span = _trim(text, start, end, rules, lead=len(kept) < LEAD_PARAGRAPHS)
            if span is not None:
                kept.append(span)
    return kept


def cleaned_text(text: str) -> str:
    """The kept spans joined by newlines (for display and language detection)."""
    return "\n".join(text[s.start:s.end] for s in clean(text))


def _lines(text: str):
    start = 0
    for match in re.finditer(r"\r\n|\n|\r|\u2028|\u2029", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _line_action(line: str, rules: tuple[Rule, ...]) -> str | None:
    for rule in rules:
        if rule.action in ("drop", "drop+next") and rule.pattern.search(line):
            return rule.action
    return None


def _trim(text: str, start: int, end: int, rules: tuple[Rule, ...], lead: bool) -> Span | None:
    """Cut credits off the end and a dateline off the start of one line."""
    for rule in rules:
        line = text[start:end]
        if rule.action == "strip" and all(char in line for char in rule.needs):
            match = rule.pattern.search(line)
            if match and match.start() == 0:
                start += match.end()
            elif match and match.end() == len(line):
                end = start + match.start()
        elif rule.action == "lead" and lead:
            match = rule.pattern.match(line)
            if match and match.end() < len(line):
                start += match.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None
