"""Cleaning keeps the article's own words and drops page furniture, without moving offsets."""
from __future__ import annotations

from graph.nlp.clean import clean, cleaned_text

PAGE = """Putin dan Xi Bertemu

cnbcindonesia.com
7 jam lalu
Foto: Presiden Rusia Vladimir Putin menerima Presiden China Xi Jinping di Moskow, Rusia. (Sputnik/Pool via REUTERS)

Jakarta, CNBC Indonesia - Presiden Rusia Vladimir Putin bertemu Presiden China Xi Jinping.
ADVERTISEMENT
SCROLL TO CONTINUE WITH CONTENT
Baca juga: Jokowi Bertemu Albanese di Sydney
Kedua pemimpin sepakat memperkuat kerja sama.
Baca Juga:
Trump Bertemu Kim di Singapura
Bagikan: Facebook Twitter WhatsApp
(luc/luc)
Video: Sekjen PBB Kunjungi Gaza
"""


def test_boilerplate_is_dropped_and_the_article_kept():
    text = cleaned_text(PAGE)
    for gone in ("cnbcindonesia.com", "7 jam lalu", "ADVERTISEMENT", "SCROLL", "Albanese", "Trump",
                 "Facebook", "luc/luc", "Sekjen", "Sputnik", "CNBC Indonesia -"):
        assert gone not in text, gone
    assert text.startswith("Putin dan Xi Bertemu")
    assert "Presiden Rusia Vladimir Putin menerima Presiden China Xi Jinping di Moskow, Rusia." in text
    assert "Presiden Rusia Vladimir Putin bertemu Presiden China Xi Jinping." in text
    assert "Kedua pemimpin sepakat memperkuat kerja sama." in text


def test_photo_caption_kept_without_its_label_and_credit():
    caption = [PAGE[s.start:s.end] for s in clean(PAGE) if "menerima" in PAGE[s.start:s.end]]
    assert caption == ["Presiden Rusia Vladimir Putin menerima Presiden China Xi Jinping di Moskow, Rusia."]


def test_spans_point_into_the_original_text():
    for span in clean(PAGE):
        piece = PAGE[span.start:span.end]
        assert piece and piece == piece.strip()


def test_english_datelines_and_links():
    page = ("BEIJING, Nov 9 (Poros) - President Xi Jinping met Indonesian President Prabowo Subianto.\n"
            "Read more:\nBiden and Xi meet in Woodside\nWASHINGTON (AP) — The White House said talks went well.\n"
            "Advertisement\nReporting by A. Writer; Editing by B. Editor\n")
    text = cleaned_text(page)
    assert text.splitlines() == ["President Xi Jinping met Indonesian President Prabowo Subianto.",
                                 "The White House said talks went well."]


def test_a_dateline_of_several_cities_is_dropped():
    page = "Lima/Quito : Talks between Peru and Ecuador began on Monday.\nThe talks went well.\n"
    assert cleaned_text(page).splitlines() == ["Talks between Peru and Ecuador began on Monday.", "The talks went well."]


def test_ordinary_sentences_with_dashes_and_parentheses_survive():
    page = ("Hubungan Rusia-China (yang disebut tanpa batas) terus menguat - kata analis.\n"
            "Presiden Joko Widodo tiba pada Rabu (29/6/2022).\n")
    assert cleaned_text(page) == page.strip()
