"""Ingesting is idempotent and order-free: twice, in another order, in pieces, or after removing
and re-adding an article, the store exports the same bytes."""
from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from graph.ingest import ingest
from graph.kb import load_knowledge_base
from graph.store import open_store
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


@pytest.fixture(scope="module")
def pieces(tmp_path_factory) -> list[Path]:
    """The sample articles, one file or feed line per piece, each in a folder with its manifest."""
    folder = tmp_path_factory.mktemp("pieces")
    found = []
    manifest = {json.loads(line)["id"]: line for line in (SAMPLES / "articles" / "manifest.jsonl").read_text().splitlines()
                if line.strip()}
    for path in sorted((SAMPLES / "articles").glob("*.txt")):
        piece = folder / path.stem
        piece.mkdir()
        shutil.copy(path, piece / path.name)
        if path.stem in manifest:
            (piece / "manifest.jsonl").write_text(manifest[path.stem] + "\n", encoding="utf-8")
        found.append(piece)
    for index, line in enumerate(l for f in sorted((SAMPLES / "jsonl").glob("*.jsonl"))
                                 for l in f.read_text(encoding="utf-8").splitlines() if l.strip()):
        feed = folder / f"feed-{index}.jsonl"
        feed.write_text(line + "\n", encoding="utf-8")
        found.append(feed)
    found.extend(sorted((SAMPLES / "html").glob("*.html")))
    return found


def exported(kb, *runs: list[Path]) -> bytes:
    with open_store("memory") as store:
        for run in runs:
            report = ingest(store, run, kb)
            assert not report.problems, report.problems
        return store.export("nquads")


@pytest.fixture(scope="module")
def once(kb, pieces) -> bytes:
    return exported(kb, pieces)


def test_the_pieces_are_the_whole_sample_set(kb, pieces, once):
    assert exported(kb, [SAMPLES]) == once


def test_ingesting_twice_changes_nothing(kb, pieces, once):
    assert exported(kb, pieces, pieces) == once


def test_the_order_of_articles_does_not_matter(kb, pieces, once):
    shuffled = list(pieces)
    random.Random(3).shuffle(shuffled)
    assert exported(kb, list(reversed(pieces))) == once
    assert exported(kb, shuffled) == once


def test_ingesting_in_pieces_gives_the_same_store(kb, pieces, once):
    assert exported(kb, *([piece] for piece in pieces)) == once
    assert exported(kb, pieces[::2], pieces[1::2]) == once


def ids_of(kb, piece: Path) -> list[str]:
    with open_store("memory") as alone:
        ingest(alone, [piece], kb)
        return alone.article_ids()


def test_removing_and_re_adding_an_article_gives_the_same_store(kb, pieces, once):
    with open_store("memory") as store:
        ingest(store, pieces, kb)
        for piece in (pieces[0], pieces[-2]):  # a text article and a feed line
            (article_id,) = ids_of(kb, piece)
            assert store.remove_article(article_id)
            assert store.export("nquads") != once
            ingest(store, [piece], kb)
            assert store.export("nquads") == once
