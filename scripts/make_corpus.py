"""Generate a corpus of realistic short Indonesian and English news articles, as JSON lines.

    python scripts/make_corpus.py -n 10000 -o corpus.jsonl [--seed 7]

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


def articles(count: int, seed: int = 7) -> Iterator[dict]:
    """`count` articles, alternating Indonesian and English, the same for the same seed."""
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
        text = " ".join(sentence.format(**slots) for sentence in body)
        title = f"{first[2]} dan {second[2]} bertemu" if lang == "id" else f"{first[2]} and {second[2]} meet"
        yield {"id": f"gen-{seed}-{index:07d}", "title": title, "lang": lang,
               "published": f"{year}-{month:02d}-{min(day + 1, 28):02d}", "text": text}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--count", type=int, default=10000)
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    for article in articles(args.count, args.seed):
        out.write(json.dumps(article, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
