"""Events: actor slots, negation and hypotheticals, references, dates, and one node per real event."""
from __future__ import annotations

import json

import pytest
from conftest import write

from graph import extract_article, load_knowledge_base
from graph.cli import main
from graph.model import Article
from graph.rdf.terms import ENT


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def events(kb, text: str, published: str = "2024-03-15", lang: str | None = None) -> set[tuple]:
    extraction = extract_article(Article(id="t", text=text, published=published, lang=lang), kb)
    return {(e.type, e.source.removeprefix(ENT), e.target.removeprefix(ENT), e.date) for e in extraction.events}


def typed(found: set[tuple]) -> set[tuple]:
    return {(kind, source, target) for kind, source, target, _ in found}


def test_a_meeting_with_dengan(kb):
    found = typed(events(kb, "Presiden Prancis Emmanuel Macron bertemu dengan Perdana Menteri India Narendra Modi."))
    assert ("CONSULT", "emmanuel-macron", "narendra-modi") in found


def test_title_states_are_not_separate_actors(kb):
    found = typed(events(kb, "Presiden Prancis Emmanuel Macron bertemu dengan Perdana Menteri India Narendra Modi."))
    assert not any("france" in (s, t) or "india" in (s, t) for _, s, t in found)


def test_active_voice_source_and_target(kb):
    assert ("ACCUSE", "canada", "china") in typed(events(kb, "Kanada mengecam China atas penahanan itu."))
    assert ("ACCUSE", "canada", "china") in typed(events(kb, "Canada condemned China over the detentions."))


def test_passive_voice_turns_the_slots_round(kb):
    assert ("ACCUSE", "canada", "china") in typed(events(kb, "China dikecam oleh Kanada atas penahanan itu."))
    assert ("ACCUSE", "canada", "china") in typed(events(kb, "China was condemned by Canada over the detentions."))


def test_negation_and_hypotheticals_give_no_event(kb):
    assert not typed(events(kb, "Brasil tidak mengecam Rusia dalam pernyataannya."))
    assert not typed(events(kb, "Brazil did not condemn Russia in its statement."))
    assert not any(kind == "ASSAULT" for kind, _, _ in typed(events(kb, "Jika diserang, Iran akan menyerang Israel.")))


def test_three_parties_give_one_event_per_pair(kb):
    found = typed(events(kb, "Jepang, Korea Selatan, dan Amerika Serikat menggelar pertemuan trilateral."))
    pairs = {frozenset((s, t)) for kind, s, t in found if kind == "CONSULT"}
    assert pairs == {frozenset(p) for p in [("japan", "south-korea"), ("japan", "united-states"),
                                             ("south-korea", "united-states")]}


def test_both_leaders_refers_to_the_last_named_pair(kb):
    text = ("Presiden Prancis Emmanuel Macron tiba di New Delhi. Perdana Menteri India Narendra Modi menyambutnya. "
            "Kedua pemimpin sepakat memperluas kerja sama pertahanan.")
    found = typed(events(kb, text))
    assert any(kind == "AGREE" and {s, t} == {"emmanuel-macron", "narendra-modi"} for kind, s, t in found)


def test_receiving_a_visit(kb):
    found = typed(events(kb, "Presiden Kenya William Ruto menerima kunjungan Presiden Indonesia Joko Widodo."))
    assert any(kind == "CONSULT" and {s, t} == {"william-ruto", "joko-widodo"} for kind, s, t in found)


def test_the_date_comes_from_the_sentence_or_its_narrative_never_the_publication(kb):
    found = events(kb, "Kanada mengecam China pada Senin (11/3/2024). China menolak tuduhan Kanada.",
                   published="2024-03-15")
    assert ("ACCUSE", "canada", "china", "2024-03-11") in found
    assert ("REJECT", "china", "canada", "2024-03-11") in found  # the story is still on that day
    alone = events(kb, "China menolak tuduhan Kanada.", published="2024-03-15")
    assert ("REJECT", "china", "canada", None) in alone and all(date is None for *_, date in alone)


def test_a_time_that_dates_something_else_is_not_the_event_date(kb):
    found = events(kb, "Kanada mengecam China, mitra dagangnya sejak Juli 2000.", published="2024-03-15")
    assert ("ACCUSE", "canada", "china", None) in found


def test_a_person_and_their_own_state_are_never_a_pair(kb):
    found = typed(events(kb, "Presiden Rusia Vladimir Putin memuji Rusia dan China.", published="2024-03-15"))
    assert ("SUPPORT", "vladimir-putin", "russia") not in found
    assert ("SUPPORT", "vladimir-putin", "china") in found


def test_a_speaker_is_not_a_party_to_what_they_report(kb):
    found = typed(events(kb, "Lavrov mengatakan bahwa Kanada mengecam China.", published="2024-03-15"))
    assert found == {("ACCUSE", "canada", "china")}


ONE = "Presiden Brasil Lula bertemu dengan Presiden Argentina Javier Milei di Brasilia pada 5 Juni 2024."
TWO = "Brazilian President Lula met Argentine President Javier Milei in Brasilia on June 5, 2024."


def test_the_same_event_from_two_articles_is_one_node_and_survives_removal(tmp_path, runner):
    import rdflib

    store = tmp_path / "store"
    write(tmp_path / "a" / "one.txt", ONE)
    write(tmp_path / "b" / "two.txt", TWO)
    assert runner.invoke(main, ["ingest", "--store", str(store), str(tmp_path / "a")]).exit_code == 0
    assert runner.invoke(main, ["ingest", "--store", str(store), str(tmp_path / "b")]).exit_code == 0
    query = ("SELECT ?e (COUNT(DISTINCT ?d) AS ?n) WHERE { ?e poros:ploverType 'CONSULT' ; "
             "prov:wasDerivedFrom ?d ; poros:date ?date } GROUP BY ?e")

    def rows():
        result = runner.invoke(main, ["query", "--store", str(store), "--format", "json", query])
        return [(b["e"]["value"], int(b["n"]["value"])) for b in json.loads(result.output)["results"]["bindings"]]

    [(iri, n)] = rows()
    assert n == 2 and "2024-06-05" in iri
    assert runner.invoke(main, ["remove", "--store", str(store), "one"]).exit_code == 0
    assert rows() == [(iri, 1)]
    export = runner.invoke(main, ["export", "--store", str(store), "--no-kb", "--format", "nt"]).output
    graph = rdflib.Graph().parse(data=export, format="nt")
    assert len(set(graph.objects(rdflib.URIRef(iri), rdflib.URIRef("https://w3id.org/poros/ontology#evidence")))) == 1


def test_a_visit_to_a_capital_is_a_meeting_with_its_state(kb):
    found = events(kb, "Presiden Kenya William Ruto berkunjung ke Beijing pada 5 Maret 2024.")
    assert ("CONSULT", "china", "william-ruto", "2024-03-05") in found
    assert ("CONSULT", "china", "william-ruto", "2024-03-05") in events(
        kb, "Kenyan President William Ruto visited Beijing on March 5, 2024.", lang="en")


def test_an_intended_act_after_untuk_is_an_event(kb):
    found = typed(events(kb, "Kedua negara sepakat untuk mendesak Myanmar menghentikan kekerasan. Kanada dan Jepang bertemu.",
                         published="2024-03-15"))
    found |= typed(events(kb, "Kanada dan Jepang bertemu. Kedua negara sepakat untuk mendesak Myanmar menghentikan kekerasan."))
    assert ("REQUEST", "canada", "myanmar") in found or ("REQUEST", "japan", "myanmar") in found


def test_the_speaker_of_a_quotation_is_its_subject(kb):
    found = typed(events(kb, '"Kami siap bekerja sama dengan Ghana," kata Presiden Kenya William Ruto.'))
    assert ("AGREE", "ghana", "william-ruto") in found or ("AGREE", "william-ruto", "ghana") in found
    found = typed(events(kb, '"We will work with Ghana," said Kenyan President William Ruto.', lang="en"))
    assert not any("william-ruto" == t for _, _, t in found)
