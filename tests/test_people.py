"""People and roles from titles, office-holders on the article's date, short names, metonymy."""
from __future__ import annotations

import pytest

from graph import extract_article, load_knowledge_base
from graph.model import Article
from graph.rdf.terms import ENT, POROS

LEADER, OFFICIAL, MEMBER = POROS + "leaderOf", POROS + "officialOf", POROS + "memberOf"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def read(kb, text: str, published: str | None = "2024-11-10", lang: str | None = None):
    return extract_article(Article(id="t", text=text, published=published, lang=lang), kb)


def people(extraction) -> dict[str, str]:
    """surface -> entity slug of every person mention"""
    return {m.surface: m.entity.removeprefix(ENT) for m in extraction.mentions if m.kind == "Person"}


def roles(extraction) -> set[tuple[str, str, str]]:
    return {(r.subject.removeprefix(ENT), r.property.removeprefix(POROS), r.object.removeprefix(ENT))
            for r in extraction.roles}


@pytest.mark.parametrize("text,surface,person,state,role", [
    ("Presiden Rusia Vladimir Putin menerima tamunya.", "Vladimir Putin", "vladimir-putin", "russia", "leaderOf"),
    ("Menteri Luar Negeri China, Wang Yi, tiba di Jakarta.", "Wang Yi", "wang-yi", "china", "officialOf"),
    ("PM Australia Anthony Albanese berbicara.", "Anthony Albanese", "anthony-albanese", "australia", "leaderOf"),
    ("Chinese President Xi Jinping said so.", "Xi Jinping", "xi-jinping", "china", "leaderOf"),
    ("U.S. Secretary of State Antony Blinken arrived.", "Antony Blinken", "antony-blinken", "united-states", "officialOf"),
])
def test_title_patterns_find_known_people_and_their_roles(kb, text, surface, person, state, role):
    extraction = read(kb, text, published="2023-06-01")
    assert people(extraction)[surface] == person
    assert (person, role, state) in roles(extraction)


def test_a_person_unknown_to_the_knowledge_base_gets_a_node_and_a_role(kb):
    extraction = read(kb, "Kepala Dewan Keamanan Rusia Zakhar Petrovsky bertemu mitranya. "
                          "Petrovsky mengatakan pertemuan itu produktif.")
    assert people(extraction) == {"Zakhar Petrovsky": "zakhar-petrovsky", "Petrovsky": "zakhar-petrovsky"}
    assert ("zakhar-petrovsky", "officialOf", "russia") in roles(extraction)
    [node] = [e for e in extraction.entities if e.iri == ENT + "zakhar-petrovsky"]
    assert node.kind == "Person" and node.label() == "Zakhar Petrovsky"


def test_a_former_office_gives_no_current_role(kb):
    extraction = read(kb, "Mantan Presiden Filipina Gloria Mendoza hadir.")
    assert people(extraction) == {"Gloria Mendoza": "gloria-mendoza"}
    assert not any(r[0] == "gloria-mendoza" for r in roles(extraction))


@pytest.mark.parametrize("published,holder", [("2018-06-12", "donald-trump"), ("2023-03-01", "joe-biden"),
                                              ("2025-06-01", "donald-trump")])
def test_a_title_without_a_name_is_the_office_holder_on_the_article_date(kb, published, holder):
    extraction = read(kb, "Presiden AS menyampaikan ucapan selamat kepada rakyat Indonesia.", published=published)
    assert holder in people(extraction).values()


def test_without_a_publication_date_the_latest_date_in_the_text_anchors_offices(kb):
    extraction = read(kb, "Pada Rabu (4/2/2026), Presiden China menelepon mitranya.", published=None)
    assert extraction.day == "2026-02-04"
    assert "xi-jinping" in people(extraction).values()


def test_short_names_and_people_in_office_on_the_date(kb):
    extraction = read(kb, "Jokowi menerima Putin di Istana.", published="2022-06-30")
    assert people(extraction) == {"Jokowi": "joko-widodo", "Putin": "vladimir-putin"}
    assert {("joko-widodo", "leaderOf", "indonesia"), ("vladimir-putin", "leaderOf", "russia")} <= roles(extraction)
    later = read(kb, "Jokowi menerima Putin di Istana.", published="2025-06-30")
    assert ("joko-widodo", "leaderOf", "indonesia") not in roles(later)


def test_memberships_hold_on_the_article_date_between_mentioned_parties(kb):
    text = "Iran dan Indonesia hadir di KTT BRICS, dan Mongolia datang ke pertemuan SCO."
    early, late = read(kb, text, published="2022-06-01"), read(kb, text, published="2025-03-01")
    assert ("iran", "memberOf", "brics") not in roles(early)
    assert {("iran", "memberOf", "brics"), ("indonesia", "memberOf", "brics")} <= roles(late)
    assert ("mongolia", "memberOf", "sco") not in roles(late)  # an observer, not a member


def test_metonymy_both_ways_with_the_shipped_knowledge_base(kb):
    extraction = read(kb, "Moskow dan Beijing sepakat memperkuat kerja sama. Xi tiba di Moskow pada Senin. "
                          "The Kremlin said talks in Beijing went well.")
    denoted = [(m.surface, m.entity.removeprefix(ENT)) for m in extraction.mentions if m.kind != "Person"]
    assert denoted == [("Moskow", "russia"), ("Beijing", "china"), ("Moskow", "moscow"),
                       ("Kremlin", "russia"), ("Beijing", "beijing")]


def test_acronyms_only_in_capitals_with_the_shipped_knowledge_base(kb):
    extraction = read(kb, "Delegasi AS tiba. Mereka datang as usual ke markas PBB.")
    assert [(m.surface, m.entity.removeprefix(ENT)) for m in extraction.mentions] == [
        ("AS", "united-states"), ("PBB", "un")]


def test_one_word_names_after_the_full_name(kb):
    extraction = read(kb, "Menlu China Wang Yi bertemu Menlu Rusia Sergey Lavrov. Wang menegaskan sikapnya, "
                          "lalu Lavrov menjawab.", published="2024-07-01")
    found = [(m.surface, m.entity.removeprefix(ENT)) for m in extraction.mentions if m.kind == "Person"]
    assert ("Wang", "wang-yi") in found and ("Lavrov", "sergey-lavrov") in found


def test_lowercase_titles_before_a_name(kb):
    extraction = read(kb, "Hal itu disampaikan juru bicara Kremlin Anatoly Berezin kepada wartawan.")
    assert people(extraction) == {"Anatoly Berezin": "anatoly-berezin"}
    assert ("anatoly-berezin", "officialOf", "russia") in roles(extraction)


def test_words_between_a_title_and_a_known_name_are_a_post_not_a_person(kb):
    extraction = read(kb, "Ketua Umum Partai Gerindra Prabowo Subianto hadir bersama para pemimpin Asia.",
                      published="2023-05-01")
    assert people(extraction) == {"Prabowo Subianto": "prabowo-subianto"}


def test_places_that_are_also_words_need_a_location_context(kb):
    located = read(kb, "Para pemimpin berkumpul di Kazan pekan ini.")
    assert "kazan" in {m.entity.removeprefix(ENT) for m in located.mentions}
    mentioned = read(kb, "Menteri Pertahanan Prancis Florence Parly tiba.")
    assert people(mentioned) == {"Florence Parly": "florence-parly"}
    assert not any(m.kind == "Place" for m in mentioned.mentions)
