"""Label matching: word boundaries, case rules, longest match, metonymy of capitals."""
from __future__ import annotations

from graph.kb import KnowledgeBase
from graph.model import Entity, Span
from graph.nlp.gazetteer import Gazetteer
from graph.nlp.mentions import find_mentions
from graph.nlp.sentences import split_sentences

E = "https://w3id.org/poros/entity/"
ENTITIES = [
    Entity(E + "united-states", "State", (("United States", "en"), ("Amerika Serikat", "id")),
           (("AS", ""), ("US", ""), ("Amerika", "id"))),
    Entity(E + "south-korea", "State", (("South Korea", "en"), ("Korea Selatan", "id")), (("Korsel", "id"),)),
    Entity(E + "north-korea", "State", (("North Korea", "en"), ("Korea Utara", "id")), ()),
    Entity(E + "turkey", "State", (("Turkey", "en"), ("Turki", "id")), ()),
    Entity(E + "russia", "State", (("Russia", "en"), ("Rusia", "id")), ()),
    Entity(E + "china", "State", (("China", "en"), ("Tiongkok", "id")), ()),
    Entity(E + "moscow", "Place", (("Moscow", "en"), ("Moskow", "id")), (), stands_for=E + "russia"),
    Entity(E + "beijing", "Place", (("Beijing", "en"),), (), stands_for=E + "china"),
    Entity(E + "kremlin", "Place", (("Kremlin", "en"),), (), stands_for=E + "russia"),
    Entity(E + "asean", "Organization", (("Association of Southeast Asian Nations", "en"),), (("ASEAN", ""),)),
]
KB = KnowledgeBase(entities={e.iri: e for e in ENTITIES})
GAZ = Gazetteer(ENTITIES)


def surfaces(text: str) -> list[str]:
    return [h.surface for h in GAZ.find(text)]


def denoted(text: str) -> list[tuple[str, str]]:
    sentences = split_sentences(text, [Span(0, len(text))])
    return [(m.surface, m.entity.removeprefix(E)) for m in find_mentions(text, sentences, GAZ, KB)]


def test_acronyms_match_only_in_capitals():
    assert surfaces("Presiden AS bertemu pejabat ASEAN.") == ["AS", "ASEAN"]
    assert surfaces("Ia datang as usual, as we know.") == []


def test_capitalised_labels_need_a_capital_in_the_text():
    assert surfaces("Turki dan Rusia") == ["Turki", "Rusia"]
    assert surfaces("daging turkey dan china tea") == []


def test_word_boundaries():
    assert surfaces("Rusia-China dan Amerikanisasi, ASEANs") == ["Rusia", "China"]


def test_longest_match_wins():
    assert surfaces("Korea Selatan dan Korea Utara") == ["Korea Selatan", "Korea Utara"]
    assert surfaces("Amerika Serikat") == ["Amerika Serikat"]


def test_offsets_point_into_the_original_text():
    text = "Delegasi “Korsel” tiba – lalu ke AS."
    for hit in GAZ.find(text):
        assert text[hit.start:hit.end] == hit.surface


def test_capital_is_the_state_when_it_acts_and_the_place_when_it_is_where():
    assert denoted("Moskow dan Beijing sepakat memperkuat kerja sama.") == [("Moskow", "russia"), ("Beijing", "china")]
    assert denoted("Xi tiba di Moskow pada Senin.") == [("Moskow", "moscow")]
    assert denoted("The Kremlin said talks in Beijing went well.") == [("Kremlin", "russia"), ("Beijing", "beijing")]
    assert denoted("Putin berbicara dari Moskow, Rusia.") == [("Moskow", "moscow"), ("Rusia", "russia")]


def test_blocking_phrases_keep_a_shorter_label_from_matching():
    gazetteer = Gazetteer(ENTITIES, blockers=["Amerika Latin", "bahasa Turki"])
    assert [h.surface for h in gazetteer.find("Negara Amerika Latin dan Amerika, dalam bahasa Turki di Turki")] == [
        "Amerika", "Turki"]


def test_last_word_is_what_a_regex_for_it_finds():
    import random
    import re

    from graph.nlp.mentions import _last_word

    rng = random.Random(5)
    pieces = ["di", "kota", " ", ",", "(", "é", "_x", "2024", "—", "'", "."]
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        found = re.search(r"(\w+)\W*$", text)
        assert _last_word(text, 0, len(text)) == (found.group(1) if found else "")
    assert _last_word("pertemuan di Kazan", 0, 13) == "di"
