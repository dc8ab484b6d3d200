"""Readers: text, HTML, JSON lines, manifests and folders."""
from __future__ import annotations

import json

from conftest import write

from graph.model import Article, Problem
from graph.read import read_paths


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def problems(items):
    return [i for i in items if isinstance(i, Problem)]


def test_text_file_id_is_the_file_name_and_bom_is_dropped(tmp_path):
    path = write(tmp_path / "03_visit.txt", "\ufeffPresiden Jokowi tiba di Kyiv.".encode("utf-8"))
    [article] = list(read_paths([path]))
    assert article.id == "03_visit"
    assert article.text == "Presiden Jokowi tiba di Kyiv."


def test_manifest_beside_text_files_supplies_metadata(tmp_path):
    write(tmp_path / "a.txt", "Teks berita.")
    write(tmp_path / "manifest.jsonl", json.dumps({"id": "a", "url": "https://example.org/a", "lang": "id",
                                                   "published": "2022-06-30", "title": "Judul"}) + "\n")
    [article] = list(read_paths([tmp_path]))
    assert (article.url, article.lang, article.published, article.title) == (
        "https://example.org/a", "id", "2022-06-30", "Judul")


def test_jsonl_reports_the_bad_line_and_keeps_the_good_ones(tmp_path):
    lines = [json.dumps({"id": "one", "text": "First story."}), "{not json", json.dumps({"id": "three"}),
             json.dumps({"id": "four", "text": "Fourth story.", "lang": "en", "published": "2023-03-10T08:00Z"})]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    items = list(read_paths([path]))
    assert [a.id for a in articles(items)] == ["one", "four"]
    assert articles(items)[1].published == "2023-03-10T08:00:00Z"
    assert [p.location for p in problems(items)] == [f"{path}:2", f"{path}:3"]
    assert "malformed JSON" in problems(items)[0].message
    assert "no 'text'" in problems(items)[1].message


def test_jsonl_record_without_id_uses_its_url(tmp_path):
    path = write(tmp_path / "feed.jsonl", json.dumps({"url": "https://example.org/x", "text": "Story."}) + "\n")
    [article] = list(read_paths([path]))
    assert article.id == "https://example.org/x"


def test_html_main_text_title_date_and_url(tmp_path):
    page = """<html><head><title>Leaders meet | Example News</title>
    <meta property="og:title" content="Leaders meet in Jakarta">
    <meta name="article:published_time" content="2023-09-06">
    <link rel="canonical" href="https://example.org/news/leaders-meet"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Leaders meet in Jakarta</h1>
    <p>President Joko Widodo met Prime Minister Anthony Albanese in Jakarta on Wednesday to discuss trade.</p>
    <p>The two leaders agreed to deepen cooperation on climate and energy, officials said after the talks.</p>
    <p>Australia and Indonesia signed three agreements on critical minerals and electric vehicles.</p>
    </article><footer>Copyright Example News. All rights reserved.</footer></body></html>"""
    [article] = list(read_paths([write(tmp_path / "leaders.html", page)]))
    assert article.id == "leaders"
    assert "Anthony Albanese" in article.text and "Copyright" not in article.text
    assert article.title == "Leaders meet in Jakarta"
    assert article.published == "2023-09-06"
    assert article.url == "https://example.org/news/leaders-meet"


def test_folders_are_read_recursively_in_order_skipping_hidden_and_unknown(tmp_path):
    write(tmp_path / "b" / "2.txt", "Two.")
    write(tmp_path / "a.txt", "One.")
    write(tmp_path / ".hidden" / "x.txt", "Hidden.")
    write(tmp_path / "notes.pdf", b"%PDF")
    assert [a.id for a in read_paths([tmp_path])] == ["a", "2"]


def test_empty_folder_is_a_problem(tmp_path):
    (tmp_path / "empty").mkdir()
    [problem] = list(read_paths([tmp_path / "empty"]))
    assert "no articles" in problem.message


def test_unknown_extension_missing_path_empty_binary_and_bad_utf8_are_problems(tmp_path):
    cases = {
        write(tmp_path / "doc.pdf", b"%PDF-1.4"): "unknown format",
        tmp_path / "missing.txt": "no such file",
        write(tmp_path / "empty.txt", b""): "empty file",
        write(tmp_path / "blob.txt", b"\x89PNG\r\n\x00\x00\x00"): "binary",
        write(tmp_path / "latin1.txt", "Kunjungan ke Türkiye".encode("latin-1")): "not valid UTF-8",
        write(tmp_path / "blank.txt", "  \n\n "): "no text",
    }
    for path, expected in cases.items():
        [problem] = list(read_paths([path]))
        assert isinstance(problem, Problem) and expected in problem.message, (path, problem)


def test_published_dates_are_validated(tmp_path):
    path = write(tmp_path / "feed.jsonl", "\n".join(json.dumps({"id": str(i), "text": "x", "published": p})
                                                     for i, p in enumerate(["2026-02-31", "4/2/2026", "2026-02-04"])))
    assert [a.published for a in read_paths([path])] == [None, None, "2026-02-04"]
