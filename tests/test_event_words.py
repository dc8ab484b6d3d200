"""Every entry of the event-reading word lists does its job in a sentence of its own."""
from __future__ import annotations

import pytest

from graph import extract_article, load_knowledge_base
from graph.model import Article
from graph.rdf.terms import ENT
from graph.resources import lexicon_path, read_lexicon_lines


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def entries(lang: str, name: str) -> list[str]:
    return [line.split("\t")[0] for line in read_lexicon_lines(lexicon_path(lang, name))]


def typed(kb, text: str, lang: str) -> set[tuple[str, str, str]]:
    extraction = extract_article(Article(id="t", text=text, published="2024-03-15", lang=lang), kb)
    return {(e.type, e.source.removeprefix(ENT), e.target.removeprefix(ENT)) for e in extraction.events}


NEGATED = {"id": "Kanada {} mengecam China atas penahanan itu.", "en": "Canada {} condemn China over the detentions."}
ASSERTED = {"id": "Kanada mengecam China atas penahanan itu.", "en": "Canada condemned China over the detentions."}


@pytest.mark.parametrize("lang,word", [(lang, w) for lang in ("id", "en") for w in entries(lang, "negation.txt")])
def test_each_negation_word_denies_the_cue_after_it(kb, lang, word):
    assert ("ACCUSE", "canada", "china") in typed(kb, ASSERTED[lang], lang)
    assert ("ACCUSE", "canada", "china") not in typed(kb, NEGATED[lang].format(word), lang)


@pytest.mark.parametrize("lang,word", [(lang, w) for lang in ("id", "en") for w in entries(lang, "hypothetical.txt")])
def test_each_hypothetical_word_makes_the_cue_no_event(kb, lang, word):
    text = {"id": f"{word.capitalize()} perlu, Kanada mengecam China.", "en": f"{word.capitalize()} needed, Canada condemned China."}
    assert not typed(kb, text[lang], lang)


@pytest.mark.parametrize("lang,word", [(lang, w) for lang in ("id", "en") for w in entries(lang, "clause_breaks.txt")])
def test_each_clause_break_keeps_the_speaker_out(kb, lang, word):
    text = {"id": f"Menurut Jepang, {word} Kanada mengecam China.", "en": f"Japan spoke, {word} Canada condemned China."}
    found = typed(kb, text[lang], lang)
    assert ("ACCUSE", "canada", "china") in found and not any("japan" in pair for pair in found)


PAIR_REFERENCE = {"id": "Presiden Kenya William Ruto bertemu Presiden Ghana John Mahama. {} sepakat memperluas perdagangan.",
                  "en": "Kenyan President William Ruto met Ghanaian President John Mahama. {} agreed to expand trade."}
PERSON_REFERENCE = {"id": "Presiden Kenya William Ruto tiba di Accra. {} bertemu Presiden Ghana John Mahama.",
                    "en": "Kenyan President William Ruto arrived in Accra. {} met Ghanaian President John Mahama."}
STATE_REFERENCE = {"id": "Kenya dan Ghana bertemu di Accra. {} sepakat memperluas perdagangan.",
                   "en": "Kenya and Ghana met in Accra. {} agreed to expand trade."}


@pytest.mark.parametrize("lang,phrase,what", [(lang, *line.split("\t")[:2]) for lang in ("id", "en")
                                              for line in read_lexicon_lines(lexicon_path(lang, "references.tsv"))])
def test_each_reference_stands_for_the_actors_named_before(kb, lang, phrase, what):
    template = {"person": PERSON_REFERENCE, "states": STATE_REFERENCE}.get(what, PAIR_REFERENCE)[lang]
    found = typed(kb, template.format(phrase[0].upper() + phrase[1:]), lang)
    people = {"william-ruto", "john-mahama"}
    states = {"kenya", "ghana"}
    wanted = states if what == "states" else people
    assert any({s, t} == wanted for _, s, t in found), found


@pytest.mark.parametrize("lang,word", [(lang, w) for lang in ("id", "en") for w in entries(lang, "not_event_time.txt")])
def test_each_word_that_dates_something_else(kb, lang, word):
    text = {"id": f"Kanada mengecam China, mitranya {word} Juli 2000.", "en": f"Canada condemned China, its partner {word} July 2000."}
    extraction = extract_article(Article(id="t", text=text[lang], published="2024-03-15", lang=lang), kb)
    assert [e.date for e in extraction.events if e.type == "ACCUSE"] == [None]


@pytest.mark.parametrize("lang,word", [(lang, w) for lang in ("id", "en") for w in entries(lang, "appositive.txt")])
def test_each_appositive_opener_keeps_its_actors_out(kb, lang, word):
    text = {"id": f"Kanada, {word} bersekutu dengan Jepang, mengecam China.",
            "en": f"Canada, {word} is allied with Japan, condemned China."}
    found = typed(kb, text[lang], lang)
    assert ("ACCUSE", "canada", "china") in found and not any("japan" in pair for pair in found)


@pytest.mark.parametrize("lang,word", [(lang, w) for lang in ("id", "en") for w in entries(lang, "topic_markers.txt")])
def test_each_topic_marker_makes_the_event_noun_a_topic(kb, lang, word):
    text = {"id": f"Kanada dan China berbicara {word} gencatan senjata.",
            "en": f"Canada and China spoke {word} a ceasefire."}
    assert not any(kind == "RETREAT" for kind, _, _ in typed(kb, text[lang], lang))
    bare = {"id": "Kanada dan China menyepakati gencatan senjata.", "en": "Canada and China agreed a ceasefire."}
    assert any(kind == "RETREAT" for kind, _, _ in typed(kb, bare[lang], lang))


@pytest.mark.parametrize("lang,word", [(lang, w) for lang in ("id", "en") for w in entries(lang, "future.txt")])
def test_each_future_marker_makes_a_meeting_an_announcement(kb, lang, word):
    text = {"id": f"Presiden Kenya William Ruto {word} bertemu Presiden Ghana John Mahama.",
            "en": f"Kenyan President William Ruto {word} meet Ghanaian President John Mahama."}
    found = typed(kb, text[lang], lang)
    assert any(kind == "AGREE" for kind, _, _ in found) and not any(kind == "CONSULT" for kind, _, _ in found)


@pytest.mark.parametrize("lang,word", [(lang, w) for lang in ("id", "en") for w in entries(lang, "attribution.txt")])
def test_each_attribution_verb_makes_the_speaker_the_subject(kb, lang, word):
    text = {"id": f'"Kami mengecam China," {word} Kanada.', "en": f'"We condemn China," {word} Canada.'}
    assert ("ACCUSE", "canada", "china") in typed(kb, text[lang], lang)
