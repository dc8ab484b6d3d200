"""Crash safety: an ingest killed with SIGKILL at random moments, then run again, leaves the same
store as a clean ingest: no half article, no duplicate, no lost article."""
from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow
sys.path.insert(0, str(ROOT / "scripts"))
from make_corpus import articles  # noqa: E402

POROS = [sys.executable, "-m", "graph.cli"]
ARTICLES = 2000
TRIALS = 20


def poros(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([*POROS, "-q", *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def backup(store: Path, out: Path) -> bytes:
    result = poros("export", "--store", str(store), "--format", "nquads", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash")
    path = folder / "feed.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for article in articles(ARTICLES, seed=11):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> tuple[bytes, float]:
    """The store a clean ingest gives (as a sorted N-Quads backup), and how long the ingest took."""
    folder = tmp_path_factory.mktemp("clean")
    started = time.monotonic()
    result = poros("ingest", "--store", str(folder / "store"), str(corpus))
    assert result.returncode == 0, result.stderr
    return backup(folder / "store", folder / "clean.nq"), time.monotonic() - started


def test_an_ingest_killed_at_random_moments_and_run_again_gives_the_clean_store(corpus, clean, tmp_path):
    expected, seconds = clean
    rng = random.Random(2026)
    survived = 0
    store = tmp_path / "store"
    for trial in range(TRIALS):
        if trial % 4 == 0 and store.exists():  # now and then start from nothing: kills during the first writes
            subprocess.run(["rm", "-rf", str(store)], check=True)
        process = subprocess.Popen([*POROS, "-q", "ingest", "--store", str(store), str(corpus)], cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.8 * seconds))  # from the knowledge-base sync to late in the run
        process.send_signal(signal.SIGKILL)
        process.wait()
        again = poros("ingest", "--store", str(store), str(corpus))
        assert again.returncode == 0, f"trial {trial}: {again.stderr}"
        assert backup(store, tmp_path / "after.nq") == expected, f"trial {trial} differs from the clean ingest"
        survived += 1
    assert survived == TRIALS


def graphs_of(nquads: bytes) -> dict[str, set[bytes]]:
    graphs: dict[str, set[bytes]] = {}
    for line in nquads.splitlines():
        graphs.setdefault(line[line.rindex(b"<"):].decode(), set()).add(line)
    return graphs


BULK_TRIALS = 10


def test_a_bulk_ingest_killed_at_random_moments_leaves_whole_articles_and_completes_when_run_again(
        corpus, clean, tmp_path):
    expected, seconds = clean
    whole = graphs_of(expected)
    rng = random.Random(2027)
    store = tmp_path / "store"
    for trial in range(BULK_TRIALS):
        if trial % 3 == 0 and store.exists():
            subprocess.run(["rm", "-rf", str(store)], check=True)
        process = subprocess.Popen([*POROS, "-q", "ingest", "--bulk", "--store", str(store), str(corpus)], cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.6 * seconds))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if (store / "poros-store.json").exists():  # read as it was left: each graph whole or absent
            left = graphs_of(backup(store, tmp_path / "left.nq"))
            assert all(lines == whole[graph] for graph, lines in left.items()), f"trial {trial}: a half graph"
        again = poros("ingest", "--bulk", "--store", str(store), str(corpus))
        assert again.returncode == 0, f"trial {trial}: {again.stderr}"
        assert backup(store, tmp_path / "after.nq") == expected, f"trial {trial} differs from the clean ingest"
