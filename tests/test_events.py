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


def test_a_summit_named_as_the_setting_of_a_meeting_is_no_party(kb):
    found = typed(events(kb, "Presiden Kenya William Ruto dan Presiden Ghana Nana Akufo-Addo bertemu di sela-sela KTT G20 di Roma."))
    assert found == {("CONSULT", "nana-akufo-addo", "william-ruto")}
    found = typed(events(kb, "Kenyan President William Ruto met Ghanaian President Nana Akufo-Addo on the sidelines "
                             "of the G20 summit in Rome.", lang="en"))
    assert not any("g20" in (s, t) for _, s, t in found)


def test_a_bracket_inside_a_list_keeps_the_list(kb):
    found = typed(events(kb, "Presiden Kenya William Ruto (kiri), Presiden Ghana Nana Akufo-Addo (tengah), dan "
                             "Presiden Prancis Emmanuel Macron duduk dalam pertemuan tiga pihak di Nairobi."))
    assert {("CONSULT", "emmanuel-macron", "william-ruto"), ("CONSULT", "emmanuel-macron", "nana-akufo-addo"),
            ("CONSULT", "nana-akufo-addo", "william-ruto")} <= found


def test_what_a_request_asks_for_is_not_an_event(kb):
    found = typed(events(kb, "Kanada mendesak China untuk membebaskan dua warganya dan mencapai kesepakatan dengan Jepang."))
    assert found == {("REQUEST", "canada", "china")}
    found = typed(events(kb, "Canada urged China to release its citizens.", lang="en"))
    assert found == {("REQUEST", "canada", "china")}


def test_the_object_of_a_following_verb_is_not_a_party_to_the_first(kb):
    found = typed(events(kb, "Kanada dan Jepang bertemu. Kedua negara sepakat mendesak Sudan menghentikan pertempuran."))
    assert ("REQUEST", "canada", "sudan") in found
    assert not any(kind == "AGREE" and "sudan" in (s, t) for kind, s, t in found)


def test_an_actor_after_a_clause_break_is_not_the_object(kb):
    found = typed(events(kb, "Kanada meminta audiensi, tetapi Presiden China Xi Jinping belum menjawab."))
    assert ("REQUEST", "canada", "xi-jinping") not in found
    found = typed(events(kb, "President Joe Biden signed a bill that sends weapons to Ukraine.", lang="en"))
    assert ("SUPPORT", "joe-biden", "ukraine") in found


def test_a_state_beside_its_leader_in_the_same_event_is_dropped(kb):
    found = events(kb, "Presiden Kenya William Ruto bertemu Presiden Ghana Nana Akufo-Addo pada 5 Maret 2024. "
                       "Pertemuan Kenya dan Ghana pada 5 Maret 2024 itu berlangsung hangat.")
    assert {(k, s, t) for k, s, t, _ in found} == {("CONSULT", "nana-akufo-addo", "william-ruto")}
    found = events(kb, "Presiden Kenya William Ruto bertemu Presiden Ghana Nana Akufo-Addo pada 5 Maret 2024. "
                       "Kenya dan Ghana sebelumnya sepakat membuka kedutaan pada Mei 2019. "
                       "Ruto dan Akufo-Addo sepakat memperluas dagang pada 5 Maret 2024.")
    assert ("AGREE", "ghana", "kenya", "2019-05") in found


def test_a_time_in_a_relative_or_since_clause_dates_that_clause(kb):
    text = ("Presiden Kenya William Ruto bertemu Presiden Ghana Nana Akufo-Addo pada 5 Maret 2024. "
            "Ruto memuji Ghana, yang merdeka pada tahun 1957, atas kepemimpinannya. "
            "Ruto juga mengecam Rusia, terutama sejak Rusia menyerang Ukraina pada 2022.")
    found = events(kb, text)
    assert ("SUPPORT", "william-ruto", "ghana", "2024-03-05") in found
    assert ("ACCUSE", "william-ruto", "russia", "2024-03-05") in found
    assert ("ASSAULT", "russia", "ukraine", "2022") in found
    found = events(kb, "Pertemuan Kenya dan Ghana yang berlangsung pada 5 Maret 2024 membahas perdagangan.")
    assert ("CONSULT", "ghana", "kenya", "2024-03-05") in found


def test_their_after_a_mutual_noun_is_no_new_party(kb):
    found = typed(events(kb, "Presiden Kenya William Ruto meminta Presiden Ghana Nana Akufo-Addo datang. Sementara itu, "
                             "Presiden Prancis Emmanuel Macron dan Perdana Menteri India Narendra Modi melanjutkan "
                             "pembicaraan mereka soal iklim."))
    assert ("CONSULT", "emmanuel-macron", "narendra-modi") in found
    assert not any(k == "CONSULT" and "william-ruto" in (s, t) for k, s, t in found)


def test_a_summit_of_listed_parties_is_a_meeting_of_every_pair(kb):
    found = typed(events(kb, "The summit of Kenya, Ghana and Togo opened in Nairobi on Monday.", lang="en"))
    assert {("CONSULT", "ghana", "kenya"), ("CONSULT", "kenya", "togo"), ("CONSULT", "ghana", "togo")} <= found


def test_a_state_after_di_is_where_not_who(kb):
    found = typed(events(kb, "Togo dan Kenya menggelar pembicaraan di Ghana pada Senin."))
    assert not any("ghana" in (s, t) for _, s, t in found)
    found = typed(events(kb, "Togo and Kenya held talks in Ghana on Monday.", lang="en"))
    assert not any("ghana" in (s, t) for _, s, t in found)


def test_between_names_the_two_sides(kb):
    found = typed(events(kb, "Kenya memantau pertukaran tahanan antara Ghana dan Togo."))
    assert ("RETREAT", "ghana", "togo") in found or ("RETREAT", "togo", "ghana") in found
    assert not any(k == "RETREAT" and "kenya" in (s, t) for k, s, t in found)


def test_a_reference_followed_by_names_in_brackets_is_those_names(kb):
    found = typed(events(kb, "Kenya dan Ghana bertemu. Togo memantau gencatan senjata antara kedua pihak (Mali dan Niger)."))
    assert ("RETREAT", "mali", "niger") in found or ("RETREAT", "niger", "mali") in found
    assert not any(k == "RETREAT" and "kenya" in (s, t) for k, s, t in found)


def test_an_event_noun_whose_agent_is_no_actor_gives_no_event(kb):
    found = typed(events(kb, "Menurut Kenya, dukungan Barat terhadap Ghana terus bertambah."))
    assert not any(k == "SUPPORT" for k, _, _ in found)


def test_he_after_that_is_the_person_who_leads_the_sentence(kb):
    found = typed(events(kb, "Presiden Kenya William Ruto mengatakan kepada Presiden Ghana Nana Akufo-Addo bahwa dia "
                             "ingin bekerja sama membangun pelabuhan bersama Ghana."))
    assert ("CONSULT", "nana-akufo-addo", "william-ruto") in found
    assert ("AGREE", "ghana", "william-ruto") in found or ("AGREE", "william-ruto", "ghana") in found


def test_a_partnership_declared_is_an_agreement(kb):
    found = events(kb, "Aliansi dagang Kenya dan Ghana resmi dideklarasikan pada Maret 2019.")
    assert ("AGREE", "ghana", "kenya", "2019-03") in found


def test_an_event_told_again_without_a_date_of_its_own_keeps_its_first_date(kb):
    text = ("Presiden Kenya William Ruto bertemu Presiden Ghana Nana Akufo-Addo pada Senin (4/3/2024). "
            "Keduanya lalu menghadiri jamuan makan malam pada Selasa (5/3/2024). "
            "Dalam pertemuan itu, Ruto dan Akufo-Addo membahas jalur perdagangan.")
    found = events(kb, text, published="2024-03-06")
    assert {d for k, s, t, d in found if k == "CONSULT" and {s, t} == {"william-ruto", "nana-akufo-addo"}} == {"2024-03-04"}


def test_the_time_of_what_an_invitation_asks_for_is_not_the_invitations(kb):
    text = ("Presiden Kenya William Ruto bertemu Presiden Ghana Nana Akufo-Addo pada 5 Maret 2024. "
            "Ruto juga mengundang Akufo-Addo untuk berkunjung ke Nairobi pada tahun 2025.")
    found = events(kb, text)
    assert ("AGREE", "nana-akufo-addo", "william-ruto", "2024-03-05") in found


def test_a_time_of_quoting_does_not_move_the_story(kb):
    text = ("Presiden Kenya William Ruto menelepon Presiden Ghana Nana Akufo-Addo pada Senin (4/3/2024). "
            '"Kita harus maju bersama," kata Ruto, seperti dikutip dari kantor berita, Selasa (5/3/2024). '
            "Ruto juga mengundang Akufo-Addo ke Nairobi.")
    found = events(kb, text, published="2024-03-06")
    assert ("AGREE", "nana-akufo-addo", "william-ruto", "2024-03-04") in found


def test_a_day_after_before_or_after_dates_the_other_event(kb):
    text = ("Presiden Kenya William Ruto bertemu Presiden Ghana Nana Akufo-Addo pada Senin (4/3/2024). "
            "Keduanya bertemu lagi sehari sebelum KTT dibuka pada Rabu (6/3/2024).")
    found = events(kb, text, published="2024-03-07")
    assert {d for k, _, _, d in found if k == "CONSULT"} == {"2024-03-04"}


def test_the_actor_a_specifier_names_is_the_party(kb):
    found = typed(events(kb, "Presiden Kenya William Ruto menemui pejabat Ghana, yaitu Presiden Ghana Nana Akufo-Addo."))
    assert ("CONSULT", "nana-akufo-addo", "william-ruto") in found or ("CONSULT", "william-ruto", "nana-akufo-addo") in found
    assert not any("ghana" in (s, t) for _, s, t in found)


def test_a_modal_reaches_only_its_own_clause(kb):
    found = typed(events(kb, "Kenya and Ghana should trade more, Kenyan President William Ruto said as he began a "
                             "summit with Ghanaian President Nana Akufo-Addo.", lang="en"))
    assert ("CONSULT", "nana-akufo-addo", "william-ruto") in found
    assert not typed(events(kb, "Kenya could attack Ghana.", lang="en"))


def test_a_title_that_names_nobody_leaves_its_state_a_party(kb):
    found = typed(events(kb, "Negosiator Kenya, Ghana, dan Togo memulai babak baru pembicaraan di Nairobi."))
    assert {("CONSULT", "ghana", "kenya"), ("CONSULT", "kenya", "togo"), ("CONSULT", "ghana", "togo")} <= found


def test_the_state_a_listed_person_is_from_is_no_party(kb):
    found = typed(events(kb, "Presiden Prancis Emmanuel Macron dijadwalkan menggelar sejumlah pembicaraan, termasuk "
                             "pembicaraan dengan Cyril Ramaphosa dari Afrika Selatan, Anwar Ibrahim dari Malaysia, dan "
                             "Presiden Ghana Nana Akufo-Addo."))
    assert {("AGREE", "cyril-ramaphosa", "emmanuel-macron"), ("AGREE", "anwar-ibrahim", "emmanuel-macron"),
            ("AGREE", "emmanuel-macron", "nana-akufo-addo")} <= found
    assert not any(k == "CONSULT" or "south-africa" in (s, t) or "malaysia" in (s, t) for k, s, t in found)


def test_announced_cooperation_is_an_agreement(kb):
    found = typed(events(kb, "Kenya, Ghana dan Togo akan bekerja sama membangun jalan lintas batas mulai tahun depan."))
    assert {("AGREE", "ghana", "kenya"), ("AGREE", "kenya", "togo"), ("AGREE", "ghana", "togo")} <= found


def test_an_undated_lead_takes_the_day_the_story_names_next(kb):
    text = ("Kenyan President William Ruto met Ghanaian President Nana Akufo-Addo in Nairobi. "
            "The two leaders spoke to reporters on Wednesday.")
    found = events(kb, text, published="2024-03-15", lang="en")
    assert ("CONSULT", "nana-akufo-addo", "william-ruto", "2024-03-13") in found
    far = ("Kenyan President William Ruto met Ghanaian President Nana Akufo-Addo in Nairobi. Trade was discussed. "
           "Fishing was discussed. Roads were discussed. The two leaders spoke to reporters on Wednesday.")
    assert ("CONSULT", "nana-akufo-addo", "william-ruto", None) in events(kb, far, published="2024-03-15", lang="en")


def test_both_countries_after_two_leaders_met_are_their_states(kb):
    text = ("Presiden China Xi Jinping dan Presiden Rusia Vladimir Putin bertemu pada 5 Maret 2024. "
            "Menteri Luar Negeri India Subrahmanyam Jaishankar memuji Jepang. "
            "Kedua negara sepakat memperluas perdagangan.")
    found = typed(events(kb, text))
    assert ("AGREE", "china", "russia") in found
    assert not any(k == "AGREE" and "japan" in (s, t) for k, s, t in found)


def test_what_is_hoped_for_is_not_an_event(kb):
    assert not typed(events(kb, "Kenya berharap Presiden Ghana Nana Akufo-Addo dapat berkunjung ke Nairobi tahun depan."))
    assert not typed(events(kb, "Kenya hopes Ghana will sign the treaty.", lang="en"))


def test_they_after_that_are_the_actors_who_lead_the_sentence(kb):
    found = typed(events(kb, "Kenya dan Ghana menyatakan bahwa mereka sudah menyetujui rancangan perjanjian dagang."))
    assert ("AGREE", "ghana", "kenya") in found


def test_the_state_after_one_of_its_cities_is_where_not_who(kb):
    assert not typed(events(kb, "Kenya mengecam ledakan di kota Agadir, Maroko, pada Selasa."))


def test_an_event_noun_of_a_possessor_who_is_no_actor_gives_no_event(kb):
    found = typed(events(kb, "Kenyan President William Ruto called the envoy's visit to Moscow a mistake.", lang="en"))
    assert not any(k == "CONSULT" for k, _, _ in found)
    found = typed(events(kb, "Ghana's President Nana Akufo-Addo praised Kenya's visit to Accra.", lang="en"))
    assert ("CONSULT", "ghana", "kenya") in found


def test_a_negation_does_not_reach_into_an_adjunct(kb):
    found = typed(events(kb, "Kenya never mentioned the air strikes during its talks with Ghana.", lang="en"))
    assert ("CONSULT", "ghana", "kenya") in found
    assert not any(k == "ASSAULT" for k, _, _ in found)


def test_the_actors_right_after_a_mutual_noun_are_its_sides(kb):
    found = typed(events(kb, "Isu pangan dan forum G20 menjadi bahan pembahasan Kenya dan Ghana."))
    assert found == {("CONSULT", "ghana", "kenya")}
