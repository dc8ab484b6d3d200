"""Concurrent use: a second writer is refused with one clear line and corrupts nothing; readers
keep answering, consistently, while an ingest runs."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.store import open_for_reading
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from make_corpus import articles  # noqa: E402

POROS = [sys.executable, "-m", "graph.cli", "-q"]
ORPHANS = """SELECT (COUNT(*) AS ?n) WHERE { ?e a poros:Event ; prov:wasDerivedFrom ?d
  FILTER NOT EXISTS { ?d a poros:Document } }"""
DOCUMENTS = "SELECT (COUNT(*) AS ?n) WHERE { ?d a poros:Document }"
BIG = 1200  # articles: an ingest of them lasts long enough for several readings beside it


def feed(path: Path, count: int, seed: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for article in articles(count, seed=seed):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


def start_ingest(store: Path, corpus: Path) -> subprocess.Popen:
    return subprocess.Popen([*POROS, "ingest", "--store", str(store), str(corpus)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_store(store: Path, process: subprocess.Popen) -> None:
    """Until the first writer has made the store and written an article."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with open_for_reading(store) as reader:
                if int(next(iter(reader.query(DOCUMENTS)))["n"].value) > 0:
                    return
        except Exception:  # not made yet
            pass
        time.sleep(0.1)
    pytest.fail("the first ingest wrote nothing")


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    folder = tmp_path_factory.mktemp("concurrency")
    return feed(folder / "big.jsonl", BIG, seed=21), feed(folder / "small.jsonl", 20, seed=22)


def test_a_second_writer_is_refused_in_one_line_and_the_first_finishes(corpora, tmp_path):
    big, small = corpora
    store = tmp_path / "store"
    first = start_ingest(store, big)
    wait_for_store(store, first)
    second = subprocess.run([*POROS, "ingest", "--store", str(store), str(small)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert second.returncode == 1
    assert second.stderr.strip().splitlines() == [
        f"Error: store {store} is in use by another poros process; try again when it has finished"]
    assert first.wait(timeout=600) == 0, first.stderr
    with open_for_reading(store) as reader:
        assert len(reader.article_ids()) == BIG
    retry = subprocess.run([*POROS, "ingest", "--store", str(store), str(small)], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert retry.returncode == 0, retry.stderr


def test_readers_answer_consistently_while_an_ingest_runs(corpora, tmp_path):
    big, _ = corpora
    store = tmp_path / "store"
    writer = start_ingest(store, big)
    wait_for_store(store, writer)
    # the CLI reads too, while the writer holds the store; it runs beside the readings below, so
    # that a fast ingest still gets several of them
    query = subprocess.Popen([*POROS, "query", "--store", str(store), "--format", "json", DOCUMENTS], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    while writer.poll() is None:
        with open_for_reading(store) as reader:
            documents = int(next(iter(reader.query(DOCUMENTS)))["n"].value)
            orphans = int(next(iter(reader.query(ORPHANS)))["n"].value)
            graphs = len(reader.article_ids())
        assert orphans == 0  # no event whose article is half written
        assert documents == graphs  # each article graph holds its document, whole
        seen.append(documents)
    out, err = query.communicate(timeout=120)
    assert query.returncode == 0, err
    assert 1 <= int(json.loads(out)["results"]["bindings"][0]["n"]["value"]) <= BIG
    assert writer.returncode == 0, writer.stderr.read() if writer.stderr else ""
    assert len(seen) >= 2 and seen == sorted(seen)  # the readers saw the store grow, never shrink
    assert seen[0] < BIG
    with open_for_reading(store) as reader:
        assert len(reader.article_ids()) == BIG
