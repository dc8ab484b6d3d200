"""Plain data passed between the pipeline stages."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One news article as read from a file or record, before any processing."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date or dateTime
    lang: str | None = None
    outlet: str | None = None
    origin: str = ""  # where it was read from, for messages


@dataclass(frozen=True)
class Problem:
    """An input that was refused, with where and why (one line for the user)."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) in an article's text."""

    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A known actor or place of the knowledge base."""

    iri: str
    kind: str  # "Person", "State", "Organization" or "Place"
    labels: tuple[tuple[str, str], ...]  # (text, language tag or "")
    alt_labels: tuple[tuple[str, str], ...] = ()
    same_as: tuple[str, ...] = ()
    stands_for: str | None = None  # a capital or seat of power: the state it can stand for
    country: str | None = None  # the state a place lies in
    locative_only: bool = False  # a name that is a place only where the text uses it as one ("di Kazan")

    def label(self, lang: str = "en") -> str:
        for text, tag in self.labels:
            if tag == lang:
                return text
        return self.labels[0][0] if self.labels else self.iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Mention:
    """An entity named in an article's text."""

    entity: str  # IRI
    kind: str
    start: int
    end: int
    surface: str
    sentence: int


@dataclass(frozen=True)
class Role:
    """A role true on the article's date: (person, poros:leaderOf, state), (state, poros:memberOf, org)."""

    subject: str
    property: str  # full IRI
    object: str


@dataclass(frozen=True)
class Extraction:
    """What the pipeline read from one article."""

    article: Article
    lang: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    entities: tuple[Entity, ...] = field(default=())  # every entity the graph needs to describe
    roles: tuple[Role, ...] = field(default=())
    day: str | None = None  # the date the article speaks from
    events: tuple = field(default=())  # graph.nlp.events.Event


def by_sentence(mentions: Iterable[Mention]) -> dict[int, list[Mention]]:
    """Mentions grouped by the index of their sentence, each group in the order given."""
    groups: dict[int, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(mention.sentence, []).append(mention)
    return groups
