"""Generate a corpus of realistic short Indonesian and English news articles, as JSON lines.

    python scripts/make_corpus.py -n 10000 -o corpus.jsonl [--seed 7] [--long]

Each article reports a few interactions between states and their leaders (meetings, calls,
agreements, condemnations, sanctions) with dates in the forms the news uses. The text is made
from templates, so the benchmarks and the crash tests have as many articles as they need.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

# (Indonesian name, English name, head of state or government, title id, title en)
ACTORS = [
    ("Indonesia", "Indonesia", "Prabowo Subianto", "Presiden", "President"),
    ("Rusia", "Russia", "Vladimir Putin", "Presiden", "President"),
    ("China", "China", "Xi Jinping", "Presiden", "President"),
    ("Amerika Serikat", "the United States", "Joe Biden", "Presiden", "President"),
    ("India", "India", "Narendra Modi", "Perdana Menteri", "Prime Minister"),
    ("Jepang", "Japan", "Fumio Kishida", "Perdana Menteri", "Prime Minister"),
    ("Brasil", "Brazil", "Luiz Inacio Lula da Silva", "Presiden", "President"),
    ("Turki", "Turkey", "Recep Tayyip Erdogan", "Presiden", "President"),
    ("Prancis", "France", "Emmanuel Macron", "Presiden", "President"),
    ("Afrika Selatan", "South Africa", "Cyril Ramaphosa", "Presiden", "President"),
    ("Malaysia", "Malaysia", "Anwar Ibrahim", "Perdana Menteri", "Prime Minister"),
    ("Australia", "Australia", "Anthony Albanese", "Perdana Menteri", "Prime Minister"),
]
CITIES = [("Jakarta", "Jakarta"), ("Beijing", "Beijing"), ("Moskow", "Moscow"), ("New Delhi", "New Delhi"),
          ("Tokyo", "Tokyo"), ("Brasilia", "Brasilia"), ("Ankara", "Ankara"), ("Paris", "Paris")]
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
DAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]

ID_SENTENCES = [
    "{ta} {sa} {a} bertemu dengan {tb} {sb} {b} di {city}, {day} ({d}/{m}/{y}).",
    "{ta} {a} menerima kunjungan {tb} {sb} {b} di {city} pada {d} {month} {y}.",
    "{a} dan {b} menggelar pembicaraan melalui telepon pada {d} {month} {y}.",
    "Kedua pemimpin sepakat memperkuat kerja sama perdagangan dan energi.",
    "Pemerintah {sa} mengecam serangan yang dilakukan {sb} pekan lalu.",
    "{sa} menjatuhkan sanksi terhadap sejumlah perusahaan {sb} pada {month} {y}.",
    "{a} menyatakan dukungan terhadap rencana perdamaian yang diajukan {sb}.",
    "Menurut pengamat, hubungan kedua negara terus membaik dalam beberapa tahun terakhir.",
]
EN_SENTENCES = [
    "{ta_en} {a} met {tb_en} {b} in {city_en} on {month_en} {d}, {y}.",
    "{a} hosted {b} for talks in {city_en} on {month_en} {d}, {y}.",
    "{a} and {b} held a phone call on {month_en} {d}, {y}.",
    "The two leaders agreed to expand cooperation on trade and energy.",
    "{sa_en} condemned the strikes carried out by {sb_en} last week.",
    "{sa_en} imposed sanctions on several {sb_en} companies in {month_en} {y}.",
    "{a} said he supported the peace plan put forward by {sb_en}.",
    "Analysts say relations between the two countries have improved in recent years.",
]


ID_BACKGROUND = [
    "Pertemuan itu berlangsung sekitar dua jam dan membahas isu keamanan kawasan serta rantai pasok.",
    "Juru bicara Kementerian Luar Negeri {sa} mengatakan kedua pihak juga membahas rencana kunjungan balasan.",
    "Kedua negara menandatangani nota kesepahaman di bidang pendidikan, kesehatan dan transisi energi.",
    "Nilai perdagangan kedua negara tahun lalu mencapai lebih dari 20 miliar dolar AS, naik dibanding tahun sebelumnya.",
    "{a} menyebut hubungan dengan {sb} sebagai kemitraan strategis yang saling menguntungkan.",
    "Para menteri dari kedua pihak dijadwalkan bertemu lagi untuk menindaklanjuti hasil pembicaraan tersebut.",
    "Sejumlah pengusaha turut hadir dalam forum bisnis yang digelar di sela kunjungan itu.",
    "Di luar gedung, puluhan warga berkumpul untuk menyambut rombongan tamu negara.",
    "Pengamat hubungan internasional menilai pertemuan tersebut penting di tengah ketegangan global.",
    "{b} mengundang {a} untuk menghadiri pertemuan berikutnya di {city} tahun depan.",
]
EN_BACKGROUND = [
    "The meeting lasted about two hours and covered regional security and supply chains.",
    "A spokesperson for the foreign ministry of {sa_en} said both sides also discussed a return visit.",
    "The two countries signed memoranda of understanding on education, health and the energy transition.",
    "Trade between the two countries exceeded 20 billion dollars last year, up from the year before.",
    "{a} described relations with {sb_en} as a strategic partnership that benefits both sides.",
    "Ministers from both sides are expected to meet again to follow up on the talks.",
    "Business leaders attended a forum held on the sidelines of the visit.",
    "Outside the building, dozens of residents gathered to greet the visiting delegation.",
    "Analysts of international relations said the meeting mattered amid global tensions.",
    "{b} invited {a} to attend the next meeting in {city_en} next year.",
]


def articles(count: int, seed: int = 7, long: bool = False) -> Iterator[dict]:
    """`count` articles, alternating Indonesian and English, the same for the same seed; `long`
    ones add 6-10 background sentences (about 1.5 KB of text, as a short news story has)."""
    rng = random.Random(seed)
    for index in range(count):
        lang = "id" if index % 2 == 0 else "en"
        first, second = rng.sample(ACTORS, 2)
        year, month, day = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
        slots = {"sa": first[0], "sb": second[0], "sa_en": first[1], "sb_en": second[1], "a": first[2],
                 "b": second[2], "ta": first[3], "tb": second[3], "ta_en": first[4], "tb_en": second[4],
                 "city": rng.choice(CITIES)[0], "city_en": rng.choice(CITIES)[1], "d": day, "m": month,
                 "y": year, "month": MONTHS_ID[month - 1], "month_en": MONTHS_EN[month - 1],
                 "day": rng.choice(DAYS_ID)}
        templates = ID_SENTENCES if lang == "id" else EN_SENTENCES
        body = [templates[rng.randint(0, 2)]] + rng.sample(templates[3:], rng.randint(2, 4))
        if long:
            background = ID_BACKGROUND if lang == "id" else EN_BACKGROUND
            body += rng.sample(background, rng.randint(6, 10))
        text = " ".join(sentence.format(**slots) for sentence in body)
        title = f"{first[2]} dan {second[2]} bertemu" if lang == "id" else f"{first[2]} and {second[2]} meet"
        yield {"id": f"gen-{seed}-{index:07d}", "title": title, "lang": lang,
               "published": f"{year}-{month:02d}-{min(day + 1, 28):02d}", "text": text}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--count", type=int, default=10000)
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--long", action="store_true", help="longer articles, with background sentences")
    args = parser.parse_args()
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    for article in articles(args.count, args.seed, args.long):
        out.write(json.dumps(article, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
