"""Time expressions: explicit, relative and anniversary dates in Indonesian and English."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from graph.nlp.timex import TimeExpr, find_times
from graph.resources import languages, lexicon_path, read_lexicon_lines

THU = "2026-02-05"  # a Thursday; Monday 2 February starts its week


def days(first: str, count: int) -> tuple[str, ...]:
    start = date.fromisoformat(first)
    return tuple((start + timedelta(days=i)).isoformat() for i in range(count))


LAST_WEEK = ("2026-01", days("2026-01-26", 7))
THIS_WEEK = ("2026-02", days("2026-02-02", 4))  # up to the anchor
NEXT_WEEK = ("2026-02", days("2026-02-09", 7))
TWO_WEEKS_AGO = ("2026-01", days("2026-01-19", 7))
THREE_WEEKS_AGO = ("2026-01", days("2026-01-12", 7))
LAST_WEEKEND = ("2026-01-31", days("2026-01-31", 2))
THIS_WEEKEND = ("2026-02-07", days("2026-02-07", 2))
NEXT_WEEKEND = ("2026-02-14", days("2026-02-14", 2))


def case(lang: str, text: str, *expected: tuple, anchor: str | None = THU, id: str | None = None):
    """One sentence and the expressions it must yield: (raw, value) or (raw, (value, alternatives))."""
    want = [(raw, *(v if isinstance(v, tuple) else (v, ()))) for raw, v in expected]
    return pytest.param(lang, text, anchor, want, id=id or f"{lang}: {text[:60]}")


ID_CASES = [
    # explicit dates
    case("id", "Menlu Sugiono menerima mitranya dari Kairo pada Rabu (4/2/2026) di Pejambon.",
         ("Rabu (4/2/2026)", "2026-02-04")),
    case("id", "Kesepakatan itu diteken pada 4 Februari 2026 di Ankara.", ("4 Februari 2026", "2026-02-04")),
    case("id", "Nota itu bertanggal Februari 4, 2026 menurut arsip kedutaan.", ("Februari 4, 2026", "2026-02-04")),
    case("id", "Dokumen bertanggal 2026-02-04 itu bocor ke media.", ("2026-02-04", "2026-02-04")),
    case("id", "Pertemuan digelar Rabu, 4 Februari 2026, di Wellington.", ("Rabu, 4 Februari 2026", "2026-02-04")),
    case("id", "Keputusan itu berlaku sejak (4/2/2026) menurut surat edaran.", ("(4/2/2026)", "2026-02-04")),
    # a day and month in parentheses, the year from the anchor
    case("id", "Surabaya (30/12) - Delegasi dagang Vietnam tiba di Tanjung Perak.", ("(30/12)", "2025-12-30")),
    case("id", "Medan, Senin (2/2) - Konsul Malaysia membuka pameran.", ("Senin (2/2)", "2026-02-02")),
    case("id", "Bandung (6/2) - Pameran itu dibuka.", ("(6/2)", "2025-02-06")),
    case("id", "Ambon (30/12) - Kapal patroli Australia merapat.", ("(30/12)", "2025-12-30"), anchor="2026-01-02"),
    # a day and month by name, without a year
    case("id", "Kedua menteri berbicara pada 3 Februari lalu.", ("3 Februari lalu", "2026-02-03")),
    case("id", "Kunjungan dijadwalkan pada 12 Maret mendatang.", ("12 Maret mendatang", "2026-03-12")),
    case("id", "Perjanjian itu diteken pada 10 Mei tahun lalu di Hanoi.", ("10 Mei tahun lalu", "2025-05-10")),
    case("id", "Rapat kabinet pada 28 Desember membahas tarif.", ("28 Desember", "2025-12-28")),
    # months
    case("id", "Perang pecah pada Februari 2022 dan belum usai.", ("Februari 2022", "2022-02")),
    case("id", "Kedua pemimpin bertemu di Kazan September lalu.", ("September lalu", "2025-09")),
    case("id", "Kedua pemimpin bertemu di Kazan September lalu.", ("September lalu", "2025-09"), anchor="2026-01-10",
         id="id: September lalu across a new year"),
    case("id", "Latihan bersama itu digelar Februari lalu.", ("Februari lalu", "2025-02"),
         id="id: a month lalu in the anchor's month is last year's"),
    case("id", "Ia terakhir ke Seoul pada Mei tahun lalu.", ("Mei tahun lalu", "2025-05")),
    case("id", "Forum itu digelar pada September 2025 di Vladivostok.", ("September 2025", "2025-09")),
    case("id", "Menurut dia, Agustus yang lalu ekspor naik.", ("Agustus yang lalu", "2025-08")),
    case("id", "Januari kemarin kedua negara menambah kuota.", ("Januari kemarin", "2026-01")),
    case("id", "KTT berikutnya dijadwalkan Maret mendatang.", ("Maret mendatang", "2026-03")),
    case("id", "Ia akan kembali Februari depan.", ("Februari depan", "2027-02")),
    case("id", "Pemilu digelar Januari tahun depan dan Mei tahun ini.",
         ("Januari tahun depan", "2027-01"), ("Mei tahun ini", "2026-05")),
    case("id", "Ia menjabat sejak bulan Desember.", ("bulan Desember", "2025-12")),
    case("id", "Perundingan dimulai pada Januari.", ("Januari", "2026-01")),
    case("id", "Perundingan dilanjutkan pada Maret.", ("Maret", "2025-03"),
         id="id: a bare month after the anchor's month is last year's"),
    case("id", "Kedua negara bersepakat pada akhir Januari.", ("akhir Januari", "2026-01")),
    # years
    case("id", "Kerja sama itu dimulai pada 2024 dengan dana kecil.", ("2024", "2024")),
    case("id", "Kedua negara meneken pakta pertahanan tahun 2023.", ("tahun 2023", "2023")),
    case("id", "Ia memimpin sejak 2019 dan sepanjang 2025 berkeliling.", ("2019", "2019"), ("2025", "2025")),
    case("id", "Target itu dipasang menjelang 2030.", ("2030", "2030")),
    case("id", "Pabrik baru dibuka awal 2026 dan yang lama ditutup akhir 2025.",
         ("awal 2026", "2026"), ("akhir 2025", "2025")),
    case("id", "Proyek itu molor sejak pertengahan 2024 hingga medio 2023 berikutnya.",
         ("pertengahan 2024", "2024"), ("medio 2023", "2023")),
    case("id", "Harga iPhone 17 naik menjadi US$2024 dan 2024 unit terjual.", ),
    case("id", "Pada tahun 2024 pula kerja sama diperluas.", ("tahun 2024", "2024"),
         id="id: preposition then tahun"),
    # relative days
    case("id", "Menlu Retno tiba di Doha kemarin.", ("kemarin", "2026-02-04")),
    case("id", "Pernyataan itu disampaikan hari ini di Istana.", ("hari ini", "2026-02-05")),
    case("id", "Ia dijadwalkan terbang besok dan kembali lusa.", ("besok", "2026-02-06"), ("lusa", "2026-02-07")),
    case("id", "Kapal itu berlabuh kemarin lusa.", ("kemarin lusa", "2026-02-03")),
    case("id", "Insiden terjadi 5 hari lalu dan dua hari yang lalu.",
         ("5 hari lalu", "2026-01-31"), ("dua hari yang lalu", "2026-02-03")),
    # weeks and weekends
    case("id", "Kedua menteri bertemu pekan lalu di Canberra.", ("pekan lalu", LAST_WEEK)),
    case("id", "Sanksi baru diumumkan minggu lalu.", ("minggu lalu", LAST_WEEK)),
    case("id", "Ia bertolak pekan kemarin dan kembali minggu kemarin juga.",
         ("pekan kemarin", LAST_WEEK), ("minggu kemarin", LAST_WEEK)),
    case("id", "Kontrak diteken sepekan lalu, dan seminggu lalu pula ada protes.",
         ("sepekan lalu", LAST_WEEK), ("seminggu lalu", LAST_WEEK)),
    case("id", "Ia datang sepekan yang lalu, atau seminggu yang lalu menurut ajudannya.",
         ("sepekan yang lalu", LAST_WEEK), ("seminggu yang lalu", LAST_WEEK)),
    case("id", "Rapat digelar pekan ini; laporannya keluar minggu ini juga.",
         ("pekan ini", THIS_WEEK), ("minggu ini", THIS_WEEK)),
    case("id", "Ia ke Tokyo pekan depan, lalu ke Seoul minggu depan.",
         ("pekan depan", NEXT_WEEK), ("minggu depan", NEXT_WEEK)),
    case("id", "Protes meletus dua pekan lalu dan 2 minggu lalu di kota lain.",
         ("dua pekan lalu", TWO_WEEKS_AGO), ("2 minggu lalu", TWO_WEEKS_AGO)),
    case("id", "Insiden pertama terjadi tiga pekan yang lalu, yang kedua 2 minggu yang lalu.",
         ("tiga pekan yang lalu", THREE_WEEKS_AGO), ("2 minggu yang lalu", TWO_WEEKS_AGO)),
    case("id", "Kedua presiden bertemu akhir pekan lalu di Bali.", ("akhir pekan lalu", LAST_WEEKEND)),
    case("id", "Ia tiba akhir minggu lalu.", ("akhir minggu lalu", LAST_WEEKEND)),
    case("id", "Ia tiba akhir pekan lalu.", ("akhir pekan lalu", LAST_WEEKEND), anchor="2026-02-02",
         id="id: akhir pekan lalu read on a Monday is the two days before"),
    case("id", "Pawai digelar akhir pekan ini dan diulang akhir minggu ini di Solo.",
         ("akhir pekan ini", THIS_WEEKEND), ("akhir minggu ini", THIS_WEEKEND)),
    case("id", "Kapal induk tiba akhir pekan depan atau akhir minggu depan.",
         ("akhir pekan depan", NEXT_WEEKEND), ("akhir minggu depan", NEXT_WEEKEND)),
    case("id", "Rapat terakhir digelar pekan lalu.", ("pekan lalu", ("2026-02", days("2026-02-23", 7))),
         anchor="2026-03-03", id="id: pekan lalu takes the month of its Monday"),
    # months and years
    case("id", "Ekspor turun bulan lalu, juga bulan kemarin menurut BPS.",
         ("bulan lalu", "2026-01"), ("bulan kemarin", "2026-01")),
    case("id", "Ia dilantik sebulan lalu, atau sebulan yang lalu tepatnya.",
         ("sebulan lalu", "2026-01"), ("sebulan yang lalu", "2026-01")),
    case("id", "Kunjungan bulan ini menyusul rapat bulan depan.", ("bulan ini", "2026-02"), ("bulan depan", "2026-03")),
    case("id", "Tarif naik 3 bulan lalu, lalu turun empat bulan yang lalu.",
         ("3 bulan lalu", "2025-11"), ("empat bulan yang lalu", "2025-10")),
    case("id", "Volume dagang naik tahun lalu dan juga tahun kemarin.", ("tahun lalu", "2025"),
         ("tahun kemarin", "2025")),
    case("id", "Ia dipilih setahun lalu, setahun yang lalu tepatnya.",
         ("setahun lalu", "2025"), ("setahun yang lalu", "2025")),
    case("id", "Target tahun ini lebih tinggi dari tahun depan.", ("tahun ini", "2026"), ("tahun depan", "2027")),
    case("id", "Krisis itu terjadi lima tahun lalu dan 10 tahun yang lalu.",
         ("lima tahun lalu", "2021"), ("10 tahun yang lalu", "2016")),
    case("id", "Kedua negara baru merayakan awal bulan ini.", ("awal bulan ini", "2026-02")),
    case("id", "Pabrik itu ditutup akhir tahun lalu.", ("akhir tahun lalu", "2025")),
    # anniversaries
    case("id", "Acara itu menandai 25 tahun penandatanganan Traktat Persahabatan.",
         ("25 tahun penandatanganan", "2001")),
    case("id", "Kedua negara merayakan 75 tahun hubungan diplomatik.", ("75 tahun hubungan diplomatik", "1951")),
    case("id", "Resepsi itu bagian dari peringatan 30 tahun kemitraan strategis.", ("peringatan 30 tahun", "1996")),
    case("id", "Kedutaan merayakan ulang tahun ke-60 berdirinya perhimpunan.", ("ulang tahun ke-60", "1966")),
    case("id", "Upacara HUT ke-80 digelar di kedutaan.", ("HUT ke-80", "1946")),
    # day names
    case("id", "Presiden bertolak Senin, menteri menyusul Selasa.", ("Senin", "2026-02-02"), ("Selasa", "2026-02-03")),
    case("id", "Kesepakatan diumumkan Rabu dan diteken Kamis.", ("Rabu", "2026-02-04"), ("Kamis", "2026-02-05")),
    case("id", "Mereka salat Jumat lalu, bukan Jum'at ini.", ("Jumat lalu", "2026-01-30"), ("Jum'at", "2026-01-30")),
    case("id", "Pawai digelar Jum’at dan Sabtu.", ("Jum’at", "2026-01-30"), ("Sabtu", "2026-01-31")),
    case("id", "Ia pulang hari Minggu, sehari setelah Ahad pagi ditunda.", ("Minggu", "2026-02-01"),
         ("Ahad", "2026-02-01")),
    case("id", "Kapal itu tiba Rabu lalu dan berangkat Kamis lalu.", ("Rabu lalu", "2026-02-04"),
         ("Kamis lalu", "2026-01-29")),
    case("id", "Ia akan tiba Senin depan atau Selasa mendatang.", ("Senin depan", "2026-02-09"),
         ("Selasa mendatang", "2026-02-10")),
    case("id", "Kedua menteri bertemu Rabu pekan lalu.", ("Rabu pekan lalu", "2026-01-28")),
    case("id", "Kedua menteri bertemu pada Minggu lalu di Jenewa.", ("Minggu lalu", "2026-02-01"),
         id="id: Minggu lalu mid-sentence is Sunday"),
    case("id", "Minggu lalu, kedua menteri bertemu di Jenewa.", ("Minggu lalu", LAST_WEEK),
         id="id: Minggu lalu opening a sentence is last week"),
    case("id", "Anggaran minggu ini disahkan.", ("minggu ini", THIS_WEEK), id="id: lowercase minggu is a week"),
    # day ranges within a month
    case("id", "KTT G7 digelar 26-28 Juni 2022 di Elmau.", ("26-28 Juni 2022", ("2022-06", days("2022-06-26", 3)))),
    case("id", "Pameran berlangsung 2 sampai 4 Februari di Jakarta.",
         ("2 sampai 4 Februari", ("2026-02", days("2026-02-02", 3)))),
    case("id", "Latihan digelar 10 hingga 12 Januari, lalu 20 – 21 Januari.",
         ("10 hingga 12 Januari", ("2026-01", days("2026-01-10", 3))), ("20 – 21 Januari",
         ("2026-01", days("2026-01-20", 2)))),
    case("id", "Sidang digelar 27 s.d. 29 Januari serta 3 dan 4 Februari.",
         ("27 s.d. 29 Januari", ("2026-01", days("2026-01-27", 3))), ("3 dan 4 Februari",
         ("2026-02", days("2026-02-03", 2)))),
    case("id", "Forum itu digelar 30-31 Desember.", ("30-31 Desember", ("2025-12", days("2025-12-30", 2)))),
    case("id", "Jadwalnya 30-31 Februari 2026, katanya.", ),
    # words that only look like dates
    case("id", "Harga naik beberapa hari ini, beberapa pekan ini, beberapa minggu ini, beberapa bulan ini, "
               "bahkan beberapa tahun ini; hari-hari ini pasar sepi.", ),
    case("id", "Laporan itu terbit 2 Minggu setelah rapat.", id="id: a number before Minggu makes it weeks"),
    # impossible dates
    case("id", "Surat itu bertanggal 31/2/2026 dan (99/99) serta 30 Februari 2026.", ),
    case("id", "Katanya 29 Februari tahun lalu, juga (31/4) di Jakarta.", ),
]

EN_CASES = [
    # explicit dates
    case("en", "The envoys met on Wednesday (4/2/2026) in Muscat.", ("Wednesday (4/2/2026)", "2026-02-04")),
    case("en", "The memorandum was signed on February 4, 2026 in Rabat.", ("February 4, 2026", "2026-02-04")),
    case("en", "The memorandum was signed on 4 February 2026 in Rabat.", ("4 February 2026", "2026-02-04")),
    case("en", "A cable dated 2026-02-04 was leaked.", ("2026-02-04", "2026-02-04")),
    case("en", "Talks opened Wednesday, February 4, 2026, in Oslo.", ("Wednesday, February 4, 2026", "2026-02-04")),
    case("en", "Quito (30/12) - A trade mission arrived.", ("(30/12)", "2025-12-30")),
    case("en", "Lima, Monday (2/2) - The consul opened a fair.", ("Monday (2/2)", "2026-02-02")),
    case("en", "The ministers spoke on February 3 last year.", ("February 3 last year", "2025-02-03")),
    case("en", "The ministers spoke on Feb. 3 after first meeting on January 10.",
         ("Feb. 3", "2026-02-03"), ("January 10", "2026-01-10")),
    case("en", "The accord was initialled on March 10.", ("March 10", "2025-03-10"),
         id="en: a day and month after the anchor are last year's"),
    # months
    case("en", "The war began in February 2022 and goes on.", ("February 2022", "2022-02")),
    case("en", "The leaders last met in Kazan last September.", ("last September", "2025-09")),
    case("en", "Exports grew this past August, officials said.", ("this past August", "2025-08")),
    case("en", "He visited Seoul in May last year.", ("May last year", "2025-05")),
    case("en", "The forum was held in September 2025 in Vladivostok.", ("September 2025", "2025-09")),
    case("en", "The summit is due next March or this coming April.",
         ("next March", "2026-03"), ("this coming April", "2026-04")),
    case("en", "Elections are set for January next year and May this year.",
         ("January next year", "2027-01"), ("May this year", "2026-05")),
    case("en", "Talks resumed in November and went on in January.", ("November", "2025-11"), ("January", "2026-01")),
    case("en", "The deal was reached in early January.", ("early January", "2026-01")),
    # years
    case("en", "Cooperation began in 2024 with a small fund.", ("2024", "2024")),
    case("en", "The pact has applied since 2019 and during 2023 it was extended.", ("2019", "2019"), ("2023", "2023")),
    case("en", "Patrols continued throughout 2025 and will run until 2030.", ("2025", "2025"), ("2030", "2030")),
    case("en", "Nothing changed before 2020 or after 2021.", ("2020", "2020"), ("2021", "2021")),
    case("en", "They set the year 2028 as a target.", ("year 2028", "2028")),
    case("en", "The plant opens early 2026; the old one closed late 2025.", ("early 2026", "2026"),
         ("late 2025", "2025")),
    case("en", "Construction slipped to mid-2024 and again by the end of 2025.",
         ("mid-2024", "2024"), ("the end of 2025", "2025")),
    case("en", "The fund was set up at the beginning of 2024.", ("the beginning of 2024", "2024")),
    case("en", "The new iPhone 17 costs US$2024 and 2024 units were sold.", ),
    # relative days
    case("en", "The foreign minister arrived in Doha yesterday.", ("yesterday", "2026-02-04")),
    case("en", "The statement was issued today at the palace.", ("today", "2026-02-05")),
    case("en", "She flies tomorrow and returned from Lima the day before yesterday.",
         ("tomorrow", "2026-02-06"), ("the day before yesterday", "2026-02-03")),
    case("en", "The incident happened three days ago and 1 day ago a second one followed.",
         ("three days ago", "2026-02-02"), ("1 day ago", "2026-02-04")),
    # weeks and weekends
    case("en", "The ministers met last week in Canberra.", ("last week", LAST_WEEK)),
    case("en", "The contract was signed a week ago.", ("a week ago", LAST_WEEK)),
    case("en", "Talks are held this week and resume next week.", ("this week", THIS_WEEK), ("next week", NEXT_WEEK)),
    case("en", "Protests broke out two weeks ago and one week ago elsewhere.",
         ("two weeks ago", TWO_WEEKS_AGO), ("one week ago", LAST_WEEK)),
    case("en", "The presidents met last weekend in Bali.", ("last weekend", LAST_WEEKEND)),
    case("en", "A parade is set for this weekend and another for next weekend.",
         ("this weekend", THIS_WEEKEND), ("next weekend", NEXT_WEEKEND)),
    # months and years
    case("en", "Exports fell last month, a month ago to the day.", ("last month", "2026-01"),
         ("a month ago", "2026-01")),
    case("en", "The visit this month precedes a summit next month.", ("this month", "2026-02"),
         ("next month", "2026-03")),
    case("en", "Tariffs rose four months ago and fell 1 month ago.", ("four months ago", "2025-10"),
         ("1 month ago", "2026-01")),
    case("en", "Trade grew last year, as it did a year ago.", ("last year", "2025"), ("a year ago", "2025")),
    case("en", "This year's target beats next year's.", ("This year", "2026"), ("next year", "2027")),
    case("en", "The crisis began five years ago and one year ago it ended.", ("five years ago", "2021"),
         ("one year ago", "2025")),
    case("en", "The ministers met earlier this month.", ("earlier this month", "2026-02")),
    case("en", "The plant closed late last year and reopens later this year.",
         ("late last year", "2025"), ("later this year", "2026")),
    case("en", "Rates were cut at the start of this year and again in the middle of next month.",
         ("the start of this year", "2026"), ("the middle of next month", "2026-03")),
    # anniversaries
    case("en", "The event marked the 25th anniversary of the friendship treaty.", ("25th anniversary", "2001")),
    case("en", "Both states celebrated 75 years of diplomatic relations.",
         ("75 years of diplomatic relations", "1951")),
    # day names
    case("en", "The president left on Monday and the minister followed on Tuesday.",
         ("Monday", "2026-02-02"), ("Tuesday", "2026-02-03")),
    case("en", "The deal was announced on Wednesday and signed on Thursday.",
         ("Wednesday", "2026-02-04"), ("Thursday", "2026-02-05")),
    case("en", "Crowds gathered on Friday, Saturday and Sunday.",
         ("Friday", "2026-01-30"), ("Saturday", "2026-01-31"), ("Sunday", "2026-02-01")),
    case("en", "The ship docked last Wednesday and left this past Monday.",
         ("last Wednesday", "2026-02-04"), ("this past Monday", "2026-02-02")),
    case("en", "He arrives next Tuesday or this coming Sunday.",
         ("next Tuesday", "2026-02-10"), ("this coming Sunday", "2026-02-08")),
    case("en", "The two met Wednesday last week.", ("Wednesday last week", "2026-01-28")),
    # day ranges within a month
    case("en", "The summit ran June 26-28, 2022 in Elmau.", ("June 26-28, 2022", ("2022-06", days("2022-06-26", 3)))),
    case("en", "Drills ran January 12 to 14 and January 20 through 22.",
         ("January 12 to 14", ("2026-01", days("2026-01-12", 3))), ("January 20 through 22",
         ("2026-01", days("2026-01-20", 3)))),
    case("en", "Talks were held on 3 and 4 February and on January 26–28.",
         ("3 and 4 February", ("2026-02", days("2026-02-03", 2))), ("January 26–28",
         ("2026-01", days("2026-01-26", 3)))),
    # impossible dates
    case("en", "The letter is dated 31/2/2026, (99/99) and February 30, 2026.", ),
]

ID_NUMBERS = ["satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh"]
EN_NUMBERS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
EN_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
NUMBER_CASES = [
    *(case("id", f"Kedua negara membuka kedutaan {w} tahun lalu di ibu kota.", (f"{w} tahun lalu", str(2026 - n)))
      for n, w in enumerate(ID_NUMBERS, 1)),
    *(case("en", f"The embassy opened {w} {unit} ago in the capital.", (f"{w} {unit} ago", str(2026 - n)))
      for n, w in enumerate(EN_NUMBERS, 1) for unit in ["year" if n == 1 else "years"]),
    *(case("en", f"Both sides marked the {w} anniversary of the accord.", (f"{w} anniversary", str(2026 - n)))
      for n, w in enumerate(EN_ORDINALS, 1)),
]

CASES = ID_CASES + EN_CASES + NUMBER_CASES


@pytest.mark.parametrize(("lang", "text", "anchor", "expected"), CASES)
def test_time_expressions(lang: str, text: str, anchor: str | None, expected: list[tuple]):
    found = find_times(text, 0, len(text), anchor)
    assert [(t.raw, t.value, t.alternatives) for t in found] == expected
    for t in found:
        assert t.raw == text[t.start:t.end]


def test_expressions_are_sorted_and_do_not_overlap():
    text = "Pada Rabu (4/2/2026), sepekan setelah akhir pekan lalu, ia bertemu lagi pekan ini pada 2024."
    found = find_times(text, 0, len(text), THU)
    assert [t.start for t in found] == sorted(t.start for t in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_without_an_anchor_only_explicit_expressions_are_read():
    text = ("Rabu (4/2/2026) kemarin, pada 2024, September lalu, Mei 2023, (30/12), pekan lalu, Kamis, "
            "25 tahun penandatanganan; on February 4, 2026 and yesterday, in March 2021, last September.")
    found = find_times(text, 0, len(text), None)
    assert [(t.raw, t.value) for t in found] == [
        ("Rabu (4/2/2026)", "2026-02-04"), ("2024", "2024"), ("Mei 2023", "2023-05"),
        ("February 4, 2026", "2026-02-04"), ("March 2021", "2021-03")]


def test_an_unreadable_anchor_counts_as_none():
    assert find_times("kemarin", 0, 7, "not a date") == []


def test_an_anchor_with_a_time_of_day_is_read_as_its_date():
    assert find_times("kemarin", 0, 7, "2026-02-05T08:30:00+07:00")[0].value == "2026-02-04"


def test_offsets_point_into_the_whole_text():
    text = "Judul. Menlu tiba kemarin di Hanoi. Ia pulang pada 2024."
    start = text.index("Menlu")
    end = text.index("Ia")
    found = find_times(text, start, end, THU)
    assert found == [TimeExpr(18, 25, "kemarin", "2026-02-04")]
    assert text[found[0].start:found[0].end] == "kemarin"


# ---------------------------------------------------------------- every time.tsv entry is tested

def lexicon_entries() -> list[tuple[str, str]]:
    entries = []
    for lang in languages():
        for line in read_lexicon_lines(lexicon_path(lang, "time.tsv")):
            entries += [(lang, w.strip()) for w in line.split("\t")[0].split("|") if w.strip()]
    return entries


def entry_regex(entry: str) -> re.Pattern[str]:
    parts = [r"[\w-]+" if p == "{n}" else r"\s+" if p.isspace() else re.escape(p)
             for p in re.split(r"(\{n\}|\s+)", entry) if p]
    before = r"(?<!\w)" if re.match(r"\w|\{", entry) else ""
    after = r"(?!\w)" if re.search(r"[\w}]$", entry) else ""
    return re.compile(before + "".join(parts) + after, re.IGNORECASE)


def exercised_windows(lang: str) -> list[str]:
    """Each expected expression with the two words before it (where prepositions stand), and the
    whole of each sentence that must yield nothing."""
    windows = []
    for param in CASES:
        case_lang, text, _anchor, expected = param.values
        if case_lang != lang:
            continue
        if not expected:  # a sentence that must yield nothing exercises all its words
            windows.append(text)
        for raw, *_ in expected:
            at = text.index(raw)
            before = re.search(r"(?:\S+\s+){0,2}\Z", text[:at])
            windows.append(text[before.start():at + len(raw)])
    return windows


def test_every_time_word_is_exercised():
    windows = {lang: exercised_windows(lang) for lang in languages()}
    missing = [(lang, entry) for lang, entry in lexicon_entries()
               if not any(entry_regex(entry).search(w) for w in windows[lang])]
    assert not missing, f"time.tsv entries without a test sentence: {missing}"


def test_both_languages_have_time_words():
    assert {lang for lang, _ in lexicon_entries()} >= {"id", "en"}


def test_generators_skipped_by_the_quick_checks_find_nothing(monkeypatch):
    """A month or day name only inside another word ("perjanjian", "desak", "Senin" in "Seninya"), no
    year, no digit: the rules skipped for it find what running every rule finds."""
    import random

    from graph.nlp import dates, timex

    pieces = ["perjanjian", "mendesak", "Januari", "Jan.", "12", "2024", "pada", "Senin", "Seninnya", "lalu",
              "March", "marching", "tahun", "(4/2/2026)", "2026-02-04", "Mei", "may", "5", "Agustus", "ke-3", "akhir"]
    rng = random.Random(11)
    texts = [" ".join(rng.choice(pieces) for _ in range(8)) for _ in range(400)]
    quick = [find_times(text, 0, len(text), "2026-02-10") for text in texts]
    monkeypatch.setattr(timex, "_generators", lambda segment: list(timex.GENERATORS))
    monkeypatch.setattr(dates, "_YEAR", re.compile(""))
    assert quick == [find_times(text, 0, len(text), "2026-02-10") for text in texts]
    assert sum(map(len, quick)) > 200
