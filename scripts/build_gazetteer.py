#!/usr/bin/env python3
"""Generate the gazetteer: ontology/kb/states.ttl, places.ttl and organizations.ttl.

    python scripts/build_gazetteer.py

States come from ISO 3166-1 (pycountry: codes, official names, the Indonesian translation of
the iso3166-1 domain) and CLDR territory names in English and Indonesian (Babel), for the states
listed in ontology/kb/sources/un_members.tsv (193 UN members, 2 observers, Taiwan, Kosovo), plus
the curated news names in state_variants.tsv. Capitals and seats of power come from
capitals.tsv, organisations from organizations.tsv. The output is sorted: the same inputs give
byte-identical files. The build fails (exit 1) when the data break a guard rail: a state without
exactly one English and one Indonesian label or without a capital, a curated label that is an
ordinary word, or a label shared by two entities other than a state and its own capital or seat.
"""
from __future__ import annotations

import csv
import gettext
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import pycountry
import pyoxigraph as ox
from babel import Locale
from babel.core import get_cldr_version

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.rdf.terms import ENT, OWL, POROS, PREFIXES, RDF, RDFS, SKOS, WD, XSD  # noqa: E402,F401

KB = ROOT / "ontology" / "kb"
SOURCES = KB / "sources"
LEXICON = ROOT / "ontology" / "lexicon"
OUTPUT_PREFIXES = ("ent", "poros", "rdfs", "skos", "owl", "wd", "xsd")

# Kosovo is in CLDR ("XK") but not in ISO 3166-1, so not in pycountry.
EXTRA_CODES = {"XKX": ("XK", None)}

# The English label is CLDR's, made plain ("&" -> "and", "St." -> "Saint"), except where news
# uses another name (the CLDR name then stays an altLabel).
EN_LABEL = {
    "BIH": "Bosnia and Herzegovina",
    "CIV": "Ivory Coast",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "CZE": "Czech Republic",
    "MMR": "Myanmar",
    "PSE": "Palestine",
    "TUR": "Turkey",
    "VCT": "Saint Vincent and the Grenadines",
}
# The Indonesian label is CLDR's, except where Indonesian news uses another name.
ID_LABEL = {
    "CIV": "Pantai Gading",
    "COD": "Republik Demokratik Kongo",
    "COG": "Republik Kongo",
    "GBR": "Inggris",
    "MMR": "Myanmar",
    "PSE": "Palestina",
    "SWZ": "Eswatini",
}
# Names from pycountry/CLDR that are not used: ambiguous between two states ("Congo"), or
# mistranslations in the iso3166-1 Indonesian catalogue.
DERIVED_NOT_USED = {
    "Congo", "Kongo", "Chili", "Repulik Finlandia", "Kepemimpinan Andorra", "Kepemimpinan Liechtenstein",
    "Kepemimpinan Monako", "Negara-negara Bersatu Meksiko", "Congo - Brazzaville", "Congo - Kinshasa",
    "Kongo - Brazzaville", "Kongo - Kinshasa", "Wilayah Palestina", "Palestinian Territories",
}
# Words that, as a label, would match ordinary text when capitalised at the start of a sentence
# or in a headline (Indonesian "Lima" = five, English "Male"), besides the stopwords of
# ontology/lexicon/*/stopwords.txt; and capitalised words that must not be acronyms, since
# acronyms match only in capitals ("IN", "TO", "AU" = TNI AU, the Indonesian air force).
ORDINARY_WORDS = {
    "lima", "male", "victoria", "satu", "dua", "tiga", "empat", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "jalan", "kota", "negara", "pulau", "timur", "barat", "utara", "selatan", "raya", "baru",
    "union", "republic", "kingdom", "state", "states", "city", "capital", "palace",
    "istana", "house", "council", "group", "forum", "bank", "court", "summit", "america", "arab",
    "korea", "congo", "kongo", "presidential complex", "istana kepresidenan", "istana negara",
}
NOT_ACRONYMS = {
    "IN", "ID", "TO", "DI", "IS", "IT", "AN", "AT", "BE", "BY", "DO", "GO", "HE", "ME", "MY", "NO", "OF",
    "ON", "OR", "SO", "UP", "WE", "AM", "AD", "AL", "AU", "GB", "SA", "PA", "EC", "PIF", "CAR", "ONE",
    "ALL", "AND", "THE", "FOR", "NOT", "BUT", "MAY", "CAN", "NEW", "YANG", "DAN", "KE", "INI", "ITU",
}


@dataclass
class Entity:
    iri: str
    kind: str  # State | Place | Organization
    code: str = ""  # ISO 3166-1 alpha-3 of a state
    labels: dict[str, str] = field(default_factory=dict)  # lang -> label
    alts: list[tuple[str, str, bool]] = field(default_factory=list)  # (text, lang, curated)
    same_as: str = ""
    extra: list[tuple[str, ox.NamedNode | ox.Literal]] = field(default_factory=list)  # (predicate, object)
    stands_for: str = ""  # the state a capital or seat stands for


# --- reading -------------------------------------------------------------------------------

def read_tsv(path: Path, width: int) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    rows = [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return [row + [""] * (width - len(row)) for row in rows]


def split_names(text: str) -> list[str]:
    return [name.strip() for name in text.split("|") if name.strip()]


def clean(name: str) -> str:
    name = " ".join(name.replace("’", "'").replace("‘", "'").split())
    return re.sub(r"^the (?=[A-Z])", "", name)


def iri_slug(name: str) -> str:
    """'Washington, D.C.' -> 'washington-dc', "Côte d'Ivoire" -> 'cote-divoire'."""
    plain = unicodedata.normalize("NFKD", name.replace(".", "").replace("'", "").replace("’", ""))
    plain = plain.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def is_acronym(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def stopwords() -> set[str]:
    words = set()
    for path in sorted(LEXICON.glob("*/stopwords.txt")):
        words.update(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))
    return words


# --- states --------------------------------------------------------------------------------

def cldr_plain(name: str) -> str:
    return re.sub(r"\bSt\. ", "Saint ", name.replace(" & ", " and "))


def cldr_alternatives(territories: dict[str, str], alpha2: str) -> list[str]:
    """CLDR's -alt-short / -alt-variant names, in Babel versions that keep them."""
    return [name for key, name in sorted(territories.items()) if key.startswith(alpha2 + "-alt-")]


def build_states() -> list[Entity]:
    en_names, id_names = Locale.parse("en").territories, Locale.parse("id").territories
    try:
        iso_id = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"]).gettext
    except OSError:
        iso_id = None
    variants: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, name, lang in read_tsv(SOURCES / "state_variants.tsv", 3):
        variants[code].append((name, "" if lang == "-" else lang))
    states = []
    for code, status, qid, _name in read_tsv(SOURCES / "un_members.tsv", 4):
        country = pycountry.countries.get(alpha_3=code)
        alpha2, numeric = (country.alpha_2, country.numeric) if country else EXTRA_CODES[code]
        en_cldr, id_cldr = en_names[alpha2], id_names[alpha2]
        en_label = EN_LABEL.get(code, cldr_plain(en_cldr))
        id_label = ID_LABEL.get(code, id_cldr)
        state = Entity(ENT + iri_slug(en_label), "State", code, labels={"en": en_label, "id": id_label},
                       same_as=qid)
        derived = [(en_cldr, "en"), (cldr_plain(en_cldr), "en"), (id_cldr, "id")]
        derived += [(name, "en") for name in cldr_alternatives(en_names, alpha2)]
        derived += [(name, "id") for name in cldr_alternatives(id_names, alpha2)]
        if country:
            names = [getattr(country, attr, "") for attr in ("name", "official_name", "common_name")]
            derived += [(name, "en") for name in names if name]
            if iso_id:
                derived += [(iso_id(name), "id") for name in names if name and iso_id(name) != name]
        state.alts = [(clean(n), lang, False) for n, lang in derived
                      if n and "," not in n and "(" not in n and clean(n) not in DERIVED_NOT_USED]
        state.alts += [(clean(n), lang, True) for n, lang in variants.pop(code, [])]
        state.extra = [(POROS + "isoAlpha2", ox.Literal(alpha2)), (POROS + "isoAlpha3", ox.Literal(code)),
                       (POROS + "unStatus", ox.Literal(status))]
        if numeric:
            state.extra.append((POROS + "isoNumeric", ox.Literal(numeric)))
        states.append(state)
    if variants:
        raise BuildError(f"state_variants.tsv: codes not in un_members.tsv: {sorted(variants)}")
    return states


# --- places and organisations ----------------------------------------------------------------

def build_places(states: dict[str, Entity]) -> list[Entity]:
    state_iris = {state.iri for state in states.values()}
    places: dict[str, Entity] = {}
    for code, kind, en_name, id_name, others, *_ in read_tsv(SOURCES / "capitals.tsv", 5):
        if code not in states or kind not in ("capital", "seat") or not en_name:
            raise BuildError(f"capitals.tsv: bad row {[code, kind, en_name]}")
        iri = ENT + iri_slug(en_name)
        if iri in state_iris:
            iri += "-city"
        if iri in places:
            raise BuildError(f"capitals.tsv: {en_name} twice ({iri})")
        state = states[code]
        place = Entity(iri, "Place", labels={"en": clean(en_name), "id": clean(id_name or en_name)},
                       stands_for=state.iri)
        place.alts = [(clean(name), "", True) for name in split_names(others)]
        predicate = POROS + ("capitalOf" if kind == "capital" else "seatOf")
        place.extra = [(predicate, ox.NamedNode(state.iri))]
        if kind == "capital":
            state.extra.append((POROS + "capital", ox.NamedNode(iri)))
        places[iri] = place
    return list(places.values())


def build_organizations() -> list[Entity]:
    orgs: dict[str, Entity] = {}
    for slug, en_name, id_name, others, qid, *_ in read_tsv(SOURCES / "organizations.tsv", 5):
        if not slug or slug != iri_slug(slug) or not en_name or ENT + slug in orgs:
            raise BuildError(f"organizations.tsv: bad row {[slug, en_name]}")
        org = Entity(ENT + slug, "Organization", labels={"en": clean(en_name), "id": clean(id_name or en_name)},
                     same_as=qid)
        org.alts = [(clean(name), "", True) for name in split_names(others)]
        orgs[org.iri] = org
    return list(orgs.values())


# --- guard rails -----------------------------------------------------------------------------

class BuildError(Exception):
    pass


def fold(label: str) -> str:
    return " ".join(label.casefold().split())


def ordinary(text: str, common: set[str]) -> bool:
    if is_acronym(text):
        return text.replace(".", "") in NOT_ACRONYMS
    return fold(text) in common


def settle_alt_labels(entity: Entity, common: set[str], notes: list[str]) -> None:
    """One altLabel per text (untagged when two languages share it), none equal to a label and
    none an ordinary word: a curated ordinary word stops the build, a derived one is dropped."""
    label_keys = {fold(text) for text in entity.labels.values()}
    langs: dict[str, set[str]] = defaultdict(set)
    curated: dict[str, bool] = defaultdict(bool)
    for text, lang, is_curated in entity.alts:
        if not text or fold(text) in label_keys:
            continue
        if ordinary(text, common):
            if is_curated:
                raise BuildError(f"{entity.iri}: {text!r} is an ordinary word")
            notes.append(f"{entity.iri}: dropped ordinary word {text!r}")
            continue
        langs[text].add(lang)
        curated[text] |= is_curated
    entity.alts = [(text, next(iter(langs[text])) if len(langs[text]) == 1 else "", curated[text])
                   for text in sorted(langs)]


def check(entities: list[Entity], notes: list[str]) -> None:
    common = stopwords() | ORDINARY_WORDS
    for entity in entities:
        if set(entity.labels) != {"en", "id"} or not all(entity.labels.values()):
            raise BuildError(f"{entity.iri}: needs one English and one Indonesian label")
        for text in entity.labels.values():
            if ordinary(text, common):
                raise BuildError(f"{entity.iri}: label {text!r} is an ordinary word")
        settle_alt_labels(entity, common, notes)
        if entity.kind == "State" and sum(p == POROS + "capital" for p, _ in entity.extra) != 1:
            raise BuildError(f"{entity.iri}: needs exactly one capital")
    by_iri = {entity.iri: entity for entity in entities}
    owners: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for text in [*entity.labels.values(), *(alt[0] for alt in entity.alts)]:
            owners[fold(text)].add(entity.iri)
    for key, iris in sorted(owners.items()):
        if len(iris) < 2:
            continue
        states = {iri for iri in iris if by_iri[iri].kind == "State"}
        if len(states) == 1 and len(iris) == 2 and by_iri[min(iris - states)].stands_for in states:
            continue  # a state and its own capital or seat: "Singapore", "Vatikan"
        derived = {iri for iri in iris if key not in {fold(t) for t in by_iri[iri].labels.values()}
                   and not any(fold(text) == key and is_curated for text, _, is_curated in by_iri[iri].alts)}
        if len(iris - derived) != 1:
            raise BuildError(f"label {key!r} is shared by {sorted(iris)}")
        for iri in sorted(derived):  # a pycountry/CLDR name of another entity: not a name of this one
            by_iri[iri].alts = [alt for alt in by_iri[iri].alts if fold(alt[0]) != key]
            notes.append(f"{iri}: dropped {key!r}, a name of {sorted(iris - derived)[0]}")


# --- writing ---------------------------------------------------------------------------------

def triples(entity: Entity) -> list[ox.Triple]:
    s = ox.NamedNode(entity.iri)
    out = [ox.Triple(s, ox.NamedNode(RDF + "type"), ox.NamedNode(POROS + entity.kind))]
    out += [ox.Triple(s, ox.NamedNode(RDFS + "label"), ox.Literal(text, language=lang))
            for lang, text in entity.labels.items()]
    out += [ox.Triple(s, ox.NamedNode(SKOS + "altLabel"),
                      ox.Literal(text, language=lang) if lang else ox.Literal(text))
            for text, lang, _ in entity.alts]
    out += [ox.Triple(s, ox.NamedNode(p), o) for p, o in entity.extra]
    if entity.same_as:
        out.append(ox.Triple(s, ox.NamedNode(OWL + "sameAs"), ox.NamedNode(WD + entity.same_as)))
    return out


def header(what: str, sources: str) -> str:
    return (f"# GENERATED by scripts/build_gazetteer.py; do not edit by hand.\n"
            f"# {what}, from {sources}.\n"
            f"# Regenerate: python scripts/build_gazetteer.py\n")


def write(path: Path, head: str, entities: list[Entity]) -> int:
    ordered = sorted({t for e in entities for t in triples(e)},
                     key=lambda t: (t.subject.value, t.predicate.value != RDF + "type", t.predicate.value,
                                    str(t.object)))
    prefixes = {name: PREFIXES[name] for name in OUTPUT_PREFIXES}
    body = ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
    # the serializer's own prefix block is in no promised order: write it in OUTPUT_PREFIXES order
    lines = body.splitlines(keepends=True)
    while lines and lines[0].startswith("@prefix "):
        lines.pop(0)
    block = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in prefixes.items())
    path.write_text(head + block + "".join(lines), encoding="utf-8")
    return len(ordered)


def main() -> int:
    notes: list[str] = []
    try:
        states = build_states()
        places = build_places({state.code: state for state in states})
        orgs = build_organizations()
        check([*states, *places, *orgs], notes)
    except BuildError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    libs = (f"pycountry {version('pycountry')} (ISO 3166-1), Babel {version('babel')} "
            f"(CLDR {get_cldr_version()}: territory names in en and id)")
    counts = [
        write(KB / "states.ttl", header(f"{len(states)} states", f"{libs}, and ontology/kb/sources/"
                                        "un_members.tsv, state_variants.tsv, capitals.tsv"), states),
        write(KB / "places.ttl", header(f"{len(places)} capitals and seats of power",
                                        "ontology/kb/sources/capitals.tsv"), places),
        write(KB / "organizations.ttl", header(f"{len(orgs)} international organisations and forums",
                                               "ontology/kb/sources/organizations.tsv"), orgs),
    ]
    for note in notes:
        print(note, file=sys.stderr)
    print(f"states.ttl: {len(states)} states, {counts[0]} triples; places.ttl: {len(places)} places, "
          f"{counts[1]} triples; organizations.ttl: {len(orgs)} organisations, {counts[2]} triples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
