"""Sentence splitting in Indonesian and English."""
from __future__ import annotations

from graph.model import Span
from graph.nlp.sentences import split_sentences


def split(text: str) -> list[str]:
    return [s.text for s in split_sentences(text, [Span(0, len(text))])]


def test_simple_indonesian_sentences():
    assert split("Jokowi tiba di Kyiv. Ia bertemu Zelensky! Apa hasilnya? Belum jelas.") == [
        "Jokowi tiba di Kyiv.", "Ia bertemu Zelensky!", "Apa hasilnya?", "Belum jelas."]


def test_abbreviations_and_initials_do_not_end_a_sentence():
    assert split("Prof. Dr. Hikmahanto Juwana menilai hal itu wajar. Kata dia, U.S. President J. Biden setuju.") == [
        "Prof. Dr. Hikmahanto Juwana menilai hal itu wajar.", "Kata dia, U.S. President J. Biden setuju."]
    assert split("Mr. Albanese met Gen. Prabowo on Nov. 12. They spoke.") == [
        "Mr. Albanese met Gen. Prabowo on Nov. 12.", "They spoke."]


def test_quotes_stay_with_their_sentence():
    text = '"Kami siap bekerja sama," kata Putin. "Ini penting." Xi setuju.'
    assert split(text) == ['"Kami siap bekerja sama," kata Putin.', '"Ini penting."', "Xi setuju."]


def test_numbers_and_dates_do_not_split():
    assert split("Nilai dagang mencapai US$245,5 miliar atau 3.5 persen pada 4.2.2026 lalu. Itu rekor.") == [
        "Nilai dagang mencapai US$245,5 miliar atau 3.5 persen pada 4.2.2026 lalu.", "Itu rekor."]


def test_a_missing_space_after_a_full_stop_still_splits():
    assert split('Putin menyebut China sebagai "sekutu".Hubungan ini erat.') == [
        'Putin menyebut China sebagai "sekutu".', "Hubungan ini erat."]


def test_offsets_point_into_the_text():
    text = "Satu. Dua.  Tiga."
    for sentence in split_sentences(text, [Span(0, len(text))]):
        assert text[sentence.start:sentence.end] == sentence.text


def test_a_run_on_sentence_is_cut_at_clause_marks_within_the_limit():
    from graph.nlp.sentences import MAX_SENTENCE_CHARS

    text = "Para delegasi datang dari " + ", ".join(f"kota nomor {n}" for n in range(400)) + "."
    pieces = split(text)
    assert len(pieces) > 1 and all(len(p) <= MAX_SENTENCE_CHARS for p in pieces)
    assert all(p.endswith((",", ".")) for p in pieces)  # cut after a comma, never inside a word
    assert " ".join(pieces) == text


def test_a_run_on_sentence_without_spaces_is_cut_at_the_limit():
    from graph.nlp.sentences import MAX_SENTENCE_CHARS

    text = "x" * (2 * MAX_SENTENCE_CHARS + 10)
    assert [len(p) for p in split(text)] == [MAX_SENTENCE_CHARS, MAX_SENTENCE_CHARS, 10]
