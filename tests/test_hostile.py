"""Hostile and broken input: every input either goes in or is refused with one clear line; nothing
raises, hangs or leaves the store failing `poros validate`.

Property tests (hypothesis, derandomized so every run tries the same cases) drive random text
through the extraction pipeline and random bytes and JSON lines through the readers; a folder of
nasty files goes through `poros ingest`. The very big inputs are in tests/slow/test_big_inputs.py.
"""
from __future__ import annotations

import json
import random
import re
import tempfile
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.cli import main, one_line
from graph.errors import InputError
from graph.model import Article, Problem
from graph.read import read_paths
from graph.read.html import check_markup
from graph.read.metadata import article_from_record, normalise_published

PROPERTY = settings(deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])

GOOD_ARTICLE = "Presiden Rusia Vladimir Putin bertemu Presiden China Xi Jinping di Beijing. Rusia dan China sepakat."
BODY = ("<p>Indonesia and Japan signed an agreement on critical minerals in Tokyo on Monday, officials said "
        "after the talks between the two foreign ministers.</p>")

# words the pipeline reacts to, and the dates and characters that have broken date and text handling
WORDS = [
    "Indonesia", "China", "Rusia", "Russia", "Jepang", "Japan", "ASEAN", "PBB", "Presiden", "President",
    "Joko Widodo", "Xi Jinping", "Vladimir Putin", "Menteri Luar Negeri", "Prime Minister", "bertemu", "met",
    "menandatangani", "signed", "agreement", "sepakat", "mengecam", "condemned", "sanksi", "sanctions",
    "kunjungan", "visit", "telepon", "di", "in", "Beijing", "Jakarta", "Moskow", "pada", "on", "Senin",
    "Monday", "kemarin", "yesterday", "said", "kata", "tidak", "not", "will", "akan",
    "31/2/2026", "(99/99)", "99/99/9999", "29/2/2025", "0/0/0", "2026-02-31", "31 Februari 2026",
    "February 30, 2026", "(4/2)", "1/13/2026", "9999", "10.000", "2026", "tahun 0",
    ".", ",", "!", "?", "...", "(", ")", '"', "'", "\u201c", "\u201d", "-", "\n", "\n\n", "\t",
    "\u202e", "\u202c", "\u200f", "\u2066", "\u2069", "\u0645\u0635\u0631",
    "\u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd",
    "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\ufeff", "\u2028", "\u00a0", "\ufffd", "\ud800", "\udfff",
    "\U0001f600", "e\u0301", "\u0130stanbul", "ﬁ", "Ⅻ",
]
DATE_TEXTS = ["31/2/2026", "(99/99)", "2026-02-31", "2026-02-28", "2026-02-28T25:61:61Z", "2026-02-28T10:00+99:99",
              "2026-02-28T10:00:00.123456789+14:00", "0000-01-01", "9999-12-31T23:59:59Z", "2026-02-04T\u0661\u0660:00",
              "2026-13-01", " 2026-01-01 ", "2026-01-01T00:00:60"]

text_strategy = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=50).map(" ".join)


@pytest.fixture(scope="module")
def kb():
    from graph.kb import load_knowledge_base

    return load_knowledge_base()


def check_article(article: Article) -> None:
    """What a reader promises of every article it yields, however broken the input was."""
    for value in (article.id, article.text, article.title, article.url, article.published, article.lang,
                  article.outlet):
        assert value is None or isinstance(value, str)
        if value is not None:
            value.encode("utf-8")  # no lone surrogate: UTF-8 and the store can hold it
    assert article.text.strip()
    assert article.id.strip() and len(article.id) <= 300 and not any(ord(c) < 32 for c in article.id)
    assert article.lang in (None, "id", "en")
    assert article.published is None or is_xsd_date(article.published), article.published


def is_xsd_date(value: str) -> bool:
    """An xsd:date or xsd:dateTime lexical form that names a real day and time."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value, re.ASCII):
        return date.fromisoformat(value).year > 0
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)(Z|[+-](\d{2}):(\d{2}))?", value,
                         re.ASCII)
    if not match:
        return False
    date.fromisoformat(match.group(1))
    hours, minutes, seconds = int(match.group(2)), int(match.group(3)), float(match.group(4))
    zone_ok = match.group(6) is None or int(match.group(6)) * 60 + int(match.group(7)) <= 14 * 60
    return hours < 24 and minutes < 60 and seconds < 60 and zone_ok


def violations_of(quads: list[ox.Quad]) -> list:
    from graph.validate import graph_from_ntriples, validate_graph

    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return validate_graph(graph_from_ntriples(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)))


# the extraction pipeline -------------------------------------------------------------------------

@settings(PROPERTY, max_examples=150)
@given(text=text_strategy, title=st.one_of(st.none(), st.sampled_from(WORDS), st.text(max_size=20)),
       published=st.one_of(st.none(), st.sampled_from(DATE_TEXTS), st.text(max_size=25)),
       lang=st.sampled_from([None, "id", "en", "in", "EN-us", "xx", ""]),
       ident=st.one_of(st.sampled_from(["a", "x y", "../../etc", "\u202eevil", "\ud800", "Ω" * 300]),
                       st.text(max_size=20)))
def test_any_text_extracts_to_a_graph_that_passes_the_shapes(kb, text, title, published, lang, ident):
    from graph.pipeline import extract_article
    from graph.rdf.build import article_quads

    record = {"id": ident, "text": text, "title": title, "published": published, "lang": lang,
              "url": "https://example.org/" + ident}
    try:
        article = article_from_record(record, origin="hypothesis")
    except InputError as err:  # refused, and for a reason the record shows
        assert not text.strip() or not ident.strip() or len(ident.strip()) > 300 or any(ord(c) < 32 for c in ident), err
        return
    check_article(article)
    extraction = extract_article(article, kb)
    quads = article_quads(extraction)
    assert quads
    for event in extraction.events:
        assert 0 <= event.sentence.start < event.sentence.end <= len(article.text)
    assert violations_of(quads) == []


def test_the_refusals_of_a_record_are_the_documented_ones():
    for record, expected in [({"id": "a", "text": " \n\t"}, "no 'text'"), ({"id": "a", "text": 5}, "no 'text'"),
                             ({"text": "x"}, "no 'id'"), ({"id": " ", "text": "x"}, "no 'id'"),
                             ({"id": "a\nb", "text": "x"}, "control characters"),
                             ({"id": "a" * 301, "text": "x"}, "over 300 characters")]:
        with pytest.raises(InputError, match=expected):
            article_from_record(record, origin="test")


def test_lone_surrogates_from_json_escapes_become_replacement_characters():
    [record] = [json.loads('{"id": "\\ud800x", "text": "Jokowi \\udfff ke Tokyo", "title": "\\ud83d"}')]
    article = article_from_record(record, origin="feed.jsonl:1")
    assert (article.id, article.text, article.title) == ("\ufffdx", "Jokowi \ufffd ke Tokyo", "\ufffd")
    paired = article_from_record(json.loads('{"id": "e", "text": "\\ud83d\\ude00 ok"}'), origin="feed.jsonl:2")
    assert paired.text == "\U0001f600 ok"  # an escaped pair is one real character and stays


@settings(PROPERTY, max_examples=300)
@given(value=st.one_of(st.sampled_from(DATE_TEXTS), st.text(max_size=40),
                       st.from_regex(r"\A\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?\Z"),
                       st.integers(), st.none()))
def test_a_published_date_is_a_real_xsd_date_or_nothing(value):
    result = normalise_published(value)
    assert result is None or is_xsd_date(result), (value, result)


def test_impossible_dates_and_times_are_dropped():
    for value in ["31/2/2026", "(99/99)", "2026-02-31", "2026-02-28T25:00", "2026-02-28T10:61", "2026-02-28T10:00:60",
                  "2026-02-28T10:00+99:99", "2026-02-28T10:00+14:30", "2026-02-04T\u0661\u0660:00"]:
        assert normalise_published(value) is None, value
    assert normalise_published("2026-02-28T23:59:59.5-1400") == "2026-02-28T23:59:59.5-14:00"


# the readers -------------------------------------------------------------------------------------

def truncated_utf8(text: str) -> st.SearchStrategy[bytes]:
    data = text.encode("utf-8")
    return st.integers(0, len(data)).map(lambda cut: data[:cut])


file_bytes = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=500).map(lambda s: s.encode("utf-8")),
    st.text(min_size=1, max_size=200).flatmap(truncated_utf8),
    st.lists(st.sampled_from([w for w in WORDS if w not in ("\ud800", "\udfff")]), max_size=80).map(
        lambda w: " ".join(w).encode("utf-8")),
    st.tuples(st.text(max_size=100), st.text(alphabet="äöüßçéèñþÿ", max_size=20)).map(
        lambda t: t[0].encode("utf-8") + t[1].encode("latin-1")),
)


@settings(PROPERTY, max_examples=250)
@given(data=file_bytes, suffix=st.sampled_from([".txt", ".html", ".jsonl"]))
def test_random_bytes_are_read_as_articles_or_refused_in_one_line(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_paths([path]))
    assert items
    for item in items:
        assert isinstance(item, (Article, Problem)), item
        if isinstance(item, Problem):
            assert item.location.startswith(str(path)) and item.message and "\n" not in item.message
        else:
            check_article(item)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8)
records = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.text(max_size=30), json_values),
    "text": st.one_of(text_strategy, json_values),
    "title": st.one_of(st.text(max_size=30), json_values),
    "url": st.one_of(st.sampled_from(["https://example.org/a b", "javascript:alert(1)", "http://[::1"]), json_values),
    "published": st.one_of(st.sampled_from(DATE_TEXTS), json_values),
    "date": st.one_of(st.sampled_from(DATE_TEXTS), json_values),
    "lang": st.one_of(st.sampled_from(["id", "en", "in", "ID_id", "xx"]), json_values),
    "outlet": json_values,
})
json_lines = st.one_of(
    records.map(json.dumps),
    records.map(lambda r: json.dumps(r, ensure_ascii=False)),
    json_values.map(json.dumps),
    records.map(json.dumps).flatmap(lambda line: st.integers(0, len(line)).map(lambda cut: line[:cut])),
    st.text(max_size=40),
    st.sampled_from(["", "   ", "[" * 5000, '{"id": "n", "text": "x", "n": ' + "9" * 5000 + "}", "\ufeff{}",
                     '{"id": "s", "text": "\\ud800"}', "NaN", '{"id": 1e999, "text": "x"}']),
)


@settings(PROPERTY, max_examples=250)
@given(lines=st.lists(json_lines, max_size=12), crlf=st.booleans())
def test_random_json_lines_give_one_article_or_one_problem_per_line(lines, crlf):
    content = ("\r\n" if crlf else "\n").join(lines).encode("utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        path.write_bytes(content)
        items = list(read_paths([path]))
    found = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert len(found) + len(problems) == len(items)
    nonblank = [line for line in content.split(b"\n") if line.strip()]
    assert len(items) == len(nonblank) + (0 if found else 1)
    for article in found:
        check_article(article)
    for problem in problems:
        assert problem.location.startswith(str(path)) and "\n" not in problem.message


def test_a_number_past_pythons_digit_limit_is_a_refused_line_not_a_crash(tmp_path):
    feed = write(tmp_path / "feed.jsonl", '{"id": "big", "text": "x", "n": ' + "1" * 5000 + '}\n'
                                          '{"id": "ok", "text": "Indonesia bertemu China."}\n')
    [problem, article] = list(read_paths([feed]))
    assert problem.location == f"{feed}:1" and "unreadable JSON" in problem.message
    assert article.id == "ok"
    write(tmp_path / "in" / "a.txt", "Indonesia bertemu China.")
    write(tmp_path / "in" / "manifest.jsonl", '{"id": "a", "n": ' + "1" * 5000 + '}\n'
                                              '{"id": "a", "published": "2026-02-04"}\n')
    [article] = list(read_paths([tmp_path / "in"]))
    assert article.published == "2026-02-04"


def test_a_tag_with_thousands_of_attributes_is_refused_before_parsing():
    attributes = " ".join(f'a{i}="{i} > {i}"' for i in range(5000))
    with pytest.raises(InputError, match="5,000 attributes"):
        check_markup(f"<html><body><article {attributes}>{BODY}</article></body></html>")
    check_markup(f'<html><body><img src="data:image/png;base64,{"A" * 100_000}" alt="a b c">{BODY}</body></html>')
    check_markup("<html><body><div " + " ".join(f"data-x{i}=1" for i in range(300)) + f">{BODY}</div></body></html>")


def test_messages_are_printed_as_one_line():
    assert one_line("in/a\nb.txt: bad\r\x1b[31m\u202e\udcff") == "in/a\\nb.txt: bad\\r\\x1b[31m\\u202e\\udcff"
    assert one_line("Türkiye \u0645\u0635\u0631 ok") == "Türkiye \u0645\u0635\u0631 ok"


# the CLI on a folder of nasty files ------------------------------------------------------------

def billion_laughs(levels: int = 10) -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE html [\n{chr(10).join(entities)}\n]>\n'
            f"<html><head><title>&lol{levels - 1};</title></head><body><article><p>&lol{levels - 1};</p>{BODY}"
            "</article></body></html>")


def nasty_files(folder: Path) -> tuple[dict[str, str], list[Path]]:
    """Write the nasty inputs; return what each should give ('ok', 'either', or a fragment of the
    one line that refuses it; a JSON-lines file maps each line), and the .ttl and .nq files, which
    are named on the command line (folders are read for articles only)."""
    rng = random.Random(2026)
    expect: dict[str, str] = {}

    def put(name: str, content: str | bytes, outcome: str) -> None:
        write(folder / name, content)
        expect[name] = outcome

    put("random.txt", bytes(rng.randrange(256) for _ in range(4000)), "binary file")
    put("random-no-nul.txt", bytes(rng.randrange(1, 256) for _ in range(4000)), "not valid UTF-8")
    put("random.html", bytes(rng.randrange(256) for _ in range(4000)), "binary file")
    put("random-no-nul.html", bytes(rng.randrange(128, 256) for _ in range(4000)), "neither UTF-8")
    put("truncated-utf8.txt", "Presiden Erdoğan bertemu Jokowi di Ankara ğ".encode("utf-8")[:-1], "not valid UTF-8")
    put("mixed-encodings.txt", "Jokowi bertemu Erdoğan di Türkiye. ".encode("utf-8") +
        "Kunjungan ke Türkiye".encode("latin-1"), "not valid UTF-8")
    put("utf16.txt", GOOD_ARTICLE.encode("utf-16"), "binary file")
    put("bom-only.txt", b"\xef\xbb\xbf", "no text in file")
    put("empty.txt", b"", "empty file")
    put("control-characters.txt", "Indonesia\x01 bertemu\x07 China\x1b[31m di Beijing\x0b\x0c pada 31/2/2026 "
        "(99/99).\x7f\x85\u2028\u2029 Rusia dan China sepakat.\x1b[0m", "ok")
    put("right-to-left.txt", "\u202eIndonesia met China\u202c in Jakarta \u200f\u0627\u0644\u0631\u064a\u0627\u0636 "
        "\u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd on 99/99/9999. \u2067Japan signed an agreement\u2069.", "ok")
    put("long-sentence.txt", "Indonesia said " + "very " * 12_000 + "much, and China agreed.", "ok")
    put("impossible-dates.txt", "Presiden Jokowi bertemu Xi Jinping di Beijing pada 31/2/2026. Pada (99/99) Rusia "
        "mengecam Jepang. On February 30, 2026, Japan met China. Pada 99/99/9999 Indonesia sepakat dengan "
        "Malaysia.", "ok")
    latin1 = (f'<html><head><meta charset="iso-8859-1"><title>Türkiye</title></head><body><article>{BODY}'
              "<p>Erdoğan was not there; Türkiye sent a note.</p></article></body></html>")
    put("latin1-declared.html", latin1.encode("latin-1", "replace"), "ok")
    put("scripts.html", "<html><head><script>document.write('Russia invaded France');</script></head><body>"
        f"<script>{'var x = 1; ' * 5000}alert('Russia condemned Japan')</script><article>{BODY}"
        "<noscript>Russia sanctioned Japan</noscript></article><style>p{color:red}</style></body></html>", "ok")
    put("deep-nesting.html", "<html><body>" + "<div>" * 5000 + BODY + "</div>" * 5000 + "</body></html>", "either")
    put("unclosed-tags.html", "<html><body>" + "<p><b><i>" * 3000 + BODY, "either")
    put("billion-laughs.html", billion_laughs(), "either")
    put("external-entity.html", '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        '<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
        f"<html><body><article><p>&xxe;</p>{BODY}</article></body></html>", "either")
    put("many-attributes.html", "<html><body><article " + " ".join(f'a{i}="{i}"' for i in range(3000)) +
        f">{BODY}</article></body></html>", "3,000 attributes")
    put("no-text.html", "<html><head><title>x</title></head><body><script>var a;</script></body></html>",
        "no article text")
    put("a\nnewline.txt", GOOD_ARTICLE, "control characters")
    put("a\x1b[31mred.txt", GOOD_ARTICLE, "control characters")
    write(folder / "meta" / "m.txt", "Indonesia bertemu China di Jakarta pada 31/2/2026.")
    write(folder / "meta" / "manifest.jsonl", '{"id": "m", "published": "31/2/2026", "lang": "xx", "title": "\\ud800", '
          '"url": "javascript:alert(1)"}\n{"id": "m", "n": ' + "9" * 5000 + "}\n[[[[\n" + "\ufffe\n" * 3)
    with (folder / "meta" / "manifest.jsonl").open("ab") as manifest:
        manifest.write(b"\xff\xfe{}\n" + "Türkiye".encode("latin-1") + b"\x00\n")
    expect["meta/m.txt"] = "ok"

    feed_lines = {
        json.dumps({"id": "feed-ok", "text": GOOD_ARTICLE, "published": "31/2/2026"}): "ok",
        json.dumps({"id": "feed-bad-time", "text": GOOD_ARTICLE, "published": "2026-02-28T25:61:61Z"}): "ok",
        json.dumps({"id": "feed-bad-zone", "text": GOOD_ARTICLE, "published": "2026-02-28T10:00+99:99"}): "ok",
        '{"id": "feed-surrogate", "text": "Indonesia bertemu China \\ud800 di Jakarta.", "title": "\\udfff"}': "ok",
        '{"id": "feed-nul", "text": "Indonesia\\u0000 bertemu China.\\u001b[2J"}': "ok",
        json.dumps({"id": 7, "text": GOOD_ARTICLE, "title": 5, "url": {"a": 1}, "lang": ["en"], "outlet": None}): "ok",
        '{"id": "big", "text": "x", "n": ' + "1" * 5000 + "}": "unreadable JSON",
        "[" * 50_000: "nested too deeply",
        '{"id": "cut", "text": "Indonesia ber': "malformed JSON",
        "[1, 2]": "a JSON object is expected",
        json.dumps({"id": "no-text"}): "no 'text'",
        json.dumps({"text": "no id"}): "no 'id'",
        json.dumps({"id": "x" * 400, "text": "x"}): "over 300 characters",
    }
    feed = "\n".join(feed_lines) + "\n"
    raw = feed.encode("utf-8") + "Türkiye".encode("latin-1") + b"\n" + b"\x00\x01{}\n" + b"\n\n   \n"
    write(folder / "feed.jsonl", raw)
    for number, outcome in enumerate([*feed_lines.values(), "not valid UTF-8", "binary data"], start=1):
        expect[f"feed.jsonl:{number}"] = outcome
    put("garbage.jsonl", bytes(rng.randrange(1, 256) for _ in range(300)).replace(b"\n", b""), "no article records")
    expect["garbage.jsonl:1"] = "not valid UTF-8"

    extra = folder.parent / "named"
    named = [
        write(extra / "random.ttl", bytes(rng.randrange(256) for _ in range(2000))),
        write(extra / "empty-label.ttl", '@prefix poros: <https://w3id.org/poros/ontology#> .\n'
              '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
              '<https://w3id.org/poros/entity/nobody> a poros:Person ; rdfs:label "" .\n'),
        write(extra / "second-class.ttl", '@prefix poros: <https://w3id.org/poros/ontology#> .\n'
              '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
              '<https://w3id.org/poros/entity/indonesia> a poros:Person ; rdfs:label "Indonesia"@en .\n'),
        write(extra / "random.nq", bytes(rng.randrange(256) for _ in range(2000))),
        write(extra / "truncated.nq", '<https://w3id.org/poros/doc/x> '
              '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "unterminated'),
        write(extra / "random.trig", "GRAPH <x> { " * 1000),
        write(extra / "directional.nq", '<https://w3id.org/poros/entity/x> '
              '<http://www.w3.org/2000/01/rdf-schema#label> "x"@en--rtl <https://w3id.org/poros/doc/x> .\n'),
        write(extra / "triple-term.ttl", '@prefix poros: <https://w3id.org/poros/ontology#> .\n'
              '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
              '<https://w3id.org/poros/entity/zed> a poros:Person ; rdfs:label "Zed" ;'
              ' rdfs:comment <<( <http://a> <http://b> <http://c> )>> .\n'),
    ]
    outcomes = ["cannot read as a Turtle file", "breaks the poros shapes", "breaks the poros shapes",
                "not a valid .nq backup", "not a valid .nq backup", "not a valid .trig backup", "RDF 1.2", "RDF 1.2"]
    for path, outcome in zip(named, outcomes, strict=True):
        expect[str(path)] = outcome
    return expect, named


def test_the_cli_ingests_or_refuses_every_nasty_file_in_one_line_and_keeps_the_store_valid(runner, store_dir, tmp_path):
    from graph.rdf.terms import document_iri
    from graph.store import open_store

    good = write(tmp_path / "good" / "putin_xi.txt", GOOD_ARTICLE)
    good_graph = ox.NamedNode(document_iri("putin_xi"))
    result = runner.invoke(main, ["ingest", "--store", str(store_dir), str(good)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with open_store(store_dir) as store:
        before = sorted(map(str, store.backend.quads_for_pattern(None, None, None, good_graph)))
    assert before

    nasty = tmp_path / "nasty"
    expect, named = nasty_files(nasty)
    result = runner.invoke(main, ["ingest", "--store", str(store_dir), str(nasty), *map(str, named)],
                           catch_exceptions=False)
    output = result.output
    assert result.exit_code == 1, output
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.strip()]
    summary = [line for line in lines if not line.startswith("Error: ")]
    assert len(summary) == 1 and summary[0].startswith("ingested "), output
    errors = [line for line in lines if line.startswith("Error: ")]

    refused = 0
    for name, outcome in expect.items():
        where = one_line(name if name.startswith("/") else str(nasty / name))
        found = [line for line in errors if line.startswith(f"Error: {where}: ")]
        if outcome == "ok":
            assert not found, (name, found)
        elif outcome == "either":
            assert len(found) <= 1, (name, found)
            refused += len(found)
        else:
            assert len(found) == 1 and outcome in found[0], (name, outcome, found)
            refused += 1
    assert len(errors) == refused, "\n".join(errors)

    with open_store(store_dir) as store:
        ids = set(store.article_ids())
        after = sorted(map(str, store.backend.quads_for_pattern(None, None, None, good_graph)))
        text = store.export("nquads", with_kb=False).decode("utf-8")
    assert after == before, "the article ingested first changed"
    assert {"putin_xi", "control-characters", "right-to-left", "long-sentence", "impossible-dates", "latin1-declared",
            "scripts", "m", "feed-ok", "feed-bad-time", "feed-bad-zone", "feed-surrogate", "feed-nul", "7"} <= ids
    assert "lollol" not in text and "root:" not in text  # no entity was expanded, no local file read
    assert "alert('" not in text and "var x" not in text and "invaded" not in text  # script text is no article text
    assert "nobody" not in text and "zed" not in text and "en--rtl" not in text

    result = runner.invoke(main, ["validate", "--store", str(store_dir)], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_extract_writes_only_what_it_read_and_the_file_passes_the_shapes(runner, tmp_path):
    nasty = tmp_path / "nasty"
    expect, named = nasty_files(nasty)
    out = tmp_path / "out.nq"
    result = runner.invoke(main, ["extract", str(nasty), *map(str, named), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    refusals = [outcome for outcome in expect.values() if outcome not in ("ok", "either")]
    assert len(refusals) <= len(errors) <= len(refusals) + list(expect.values()).count("either")
    assert result.output.splitlines()[-1].startswith("extracted ")
    dataset = ox.Dataset(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value.rsplit("/", 1)[-1] for q in dataset}
    assert {"control-characters", "right-to-left", "feed-surrogate", "m"} <= graphs and "nobody" not in out.read_text()
    result = runner.invoke(main, ["validate", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_one_endless_sentence_is_read_in_pieces_of_bounded_length(kb):
    """A run-on sentence (a flattened table, a list of thousands of names) is cut into pieces no
    longer than MAX_SENTENCE_CHARS, so the per-sentence stages stay linear in the article's length."""
    from graph.nlp.sentences import MAX_SENTENCE_CHARS
    from graph.pipeline import extract_article

    article = article_from_record({"id": "long", "text": "Indonesia met China and " * 4000 + "Japan."}, origin="test")
    extraction = extract_article(article, kb)
    assert len(extraction.sentences) > 4000 * 24 // MAX_SENTENCE_CHARS
    assert max(s.end - s.start for s in extraction.sentences) <= MAX_SENTENCE_CHARS
    assert "".join(s.text for s in extraction.sentences).replace(" ", "") == article.text.replace(" ", "")
    assert len(extraction.events) >= 4000


def test_a_manifest_keeps_only_the_records_of_the_files_beside_it(tmp_path):
    from graph.read.manifest import ManifestCache

    write(tmp_path / "a.txt", "Indonesia bertemu China.")
    write(tmp_path / "manifest.jsonl", "".join(json.dumps({"id": f"other-{n}", "title": "x"}) + "\n" for n in range(500))
          + json.dumps({"id": "a", "title": "Judul"}) + "\n")
    cache = ManifestCache()
    assert cache.lookup(tmp_path / "a.txt") == {"id": "a", "title": "Judul"}
    assert list(cache._by_folder[tmp_path]) == ["a"]
