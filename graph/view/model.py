"""What the view draws: actors, the edges between them, and what was left out."""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field

ACTOR_KINDS = ("Person", "State", "Organization")


@dataclass(frozen=True)
class Source:
    """An article an edge was read from."""
    id: str
    title: str = ""
    url: str = ""
    issued: str = ""


@dataclass
class Actor:
    iri: str
    kind: str
    labels: dict[str, str] = field(default_factory=dict)  # language ("" when untagged) -> label
    aliases: list[str] = field(default_factory=list)
    wikidata: str = ""  # a Q-id
    roles: list[str] = field(default_factory=list)
    mentions: int = 0  # how many articles mention it

    def label(self, lang: str) -> str:
        return pick_label(self.labels, lang) or local_name(self.iri)

    def names(self) -> set[str]:
        return {name.casefold() for name in (*self.labels.values(), *self.aliases)}


@dataclass
class Edge:
    """One event between two actors (kind "event"), or any other link a query drew ("relation")."""
    id: str
    kind: str
    type: str
    source: str
    target: str
    date: str = ""  # xsd:date, gYearMonth or gYear lexical form; "" when undated
    mode: str = ""
    place: str = ""
    cue: str = ""
    evidence: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    weight: int = 1

    @property
    def period(self) -> tuple[str, str]:
        """The first and last day the date covers, as ISO dates ("" when undated)."""
        return date_period(self.date)


@dataclass
class ViewGraph:
    actors: dict[str, Actor]
    edges: list[Edge]
    notes: list[str] = field(default_factory=list)  # what was left out, and why


def date_period(value: str) -> tuple[str, str]:
    """'2022' -> ('2022-01-01', '2022-12-31'); '2022-02' -> ('2022-02-01', '2022-02-28'); a day -> itself."""
    value = value[:10]
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        try:
            last = calendar.monthrange(int(value[:4]), int(value[5:]))[1]
        except ValueError:
            last = 31
        return f"{value}-01", f"{value}-{last:02d}"
    return value, value


def pick_label(labels: dict[str, str], lang: str) -> str:
    """The label in `lang`, else English, else Indonesian, else untagged, else any."""
    for key in (lang, "en", "id", ""):
        if labels.get(key):
            return labels[key]
    return labels[min(labels)] if labels else ""


def local_name(iri: str) -> str:
    """The last segment of an IRI (after its last "/" or "#")."""
    return iri.replace("#", "/").rstrip("/").rsplit("/", 1)[-1]
