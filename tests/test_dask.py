"""`poros extract --engine dask`: shards on a Dask cluster (loopback only) that hold exactly what the
single-process extraction writes, the same bytes run after run, and load with `poros ingest`."""
from __future__ import annotations

import json
import socket
import sys
import time
from pathlib import Path

import pytest
import rdflib
from conftest import ROOT, SAMPLES, one_line_error, run, write
from rdflib.compare import isomorphic

sys.path.insert(0, str(ROOT / "scripts"))
from make_corpus import articles  # noqa: E402

distributed = pytest.importorskip("distributed")
NO_DASHBOARD = {"dashboard_address": ":0", "scheduler_kwargs": {"dashboard": False}}  # nor port 8787

PEOPLE = """@prefix poros: <https://w3id.org/poros/ontology#> .
@prefix ent: <https://w3id.org/poros/entity/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ent:ratna-sari a poros:Person ; rdfs:label "Ratna Sari"@id ; skos:altLabel "Bu Ratna" .
"""


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes on loopback, shared by the tests of this file."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  silence_logs=40, **NO_DASHBOARD) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def feeds(tmp_path_factory) -> Path:
    """Two generated JSON-lines feeds in a folder."""
    folder = tmp_path_factory.mktemp("feeds")
    for seed in (3, 4):
        lines = [json.dumps(a, ensure_ascii=False) for a in articles(6, seed=seed)]
        write(folder / f"feed-{seed}.jsonl", "\n".join(lines) + "\n")
    return folder


def lines(*files: Path) -> set[str]:
    return {line for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()}


def shards(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.nq"))


def dask_extract(runner, scheduler: str, out: Path, *args, ok: bool = True):
    return run(runner, "extract", "--engine", "dask", "--scheduler", scheduler, "-o", out, *args, ok=ok)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_local_cluster_writes_what_a_single_process_writes(runner, feeds, tmp_path):
    result = dask_extract(runner, "local", tmp_path / "shards", SAMPLES, feeds, "--partitions", "3")
    single = tmp_path / "single.nq"
    run(runner, "extract", SAMPLES, feeds, "-o", single)
    written = shards(tmp_path / "shards")
    assert [p.name for p in written] == ["part-00000.nq", "part-00001.nq", "part-00002.nq"]
    assert "extracted 27 articles" in result.output and "into 3 shards" in result.output
    assert lines(*written) == lines(single)
    ours, theirs = rdflib.Dataset(), rdflib.Dataset()
    for path in written:
        ours.parse(path, format="nquads")
    theirs.parse(single, format="nquads")
    names = {g.identifier for g in theirs.graphs() if len(g)}
    assert names == {g.identifier for g in ours.graphs() if len(g)} and len(names) == 27
    for name in names:
        assert isomorphic(ours.graph(name), theirs.graph(name)), name
    # the manifest beside the text files gave their titles and dates
    doc = rdflib.URIRef("https://w3id.org/poros/doc/01_jokowi_putin_kremlin")
    title = ours.graph(doc).value(doc, rdflib.DCTERMS.title)
    assert str(title) == "Jokowi Temui Putin di Kremlin, Sampaikan Pesan dari Zelensky"
    assert str(ours.graph(doc).value(doc, rdflib.DCTERMS.issued)) == "2022-06-30"


def test_shards_from_a_running_cluster_ingest_like_the_inputs(runner, cluster, feeds, tmp_path):
    dask_extract(runner, cluster, tmp_path / "shards", SAMPLES, feeds)
    written = shards(tmp_path / "shards")
    assert len(written) == 4  # two partitions for each of the two worker threads
    run(runner, "ingest", "--store", tmp_path / "from-shards", *written)
    run(runner, "ingest", "--store", tmp_path / "from-inputs", SAMPLES, feeds)
    exports = [run(runner, "export", "--store", tmp_path / name, "--format", "nquads").stdout_bytes
               for name in ("from-shards", "from-inputs")]
    assert exports[0] == exports[1] and exports[0].count(b"\n") > 1000


def test_the_same_inputs_give_the_same_bytes(runner, cluster, feeds, tmp_path):
    runs = []
    for name in ("a", "b"):
        dask_extract(runner, cluster, tmp_path / name, SAMPLES, feeds, "--partitions", "5")
        runs.append({p.name: p.read_bytes() for p in shards(tmp_path / name)})
    assert runs[0] == runs[1] and len(runs[0]) == 5


def test_partitions_are_contiguous_balanced_and_never_empty():
    from graph.distributed import Unit, assign

    units = [Unit(f"/f{i}", f"f{i}", None, size) for i, size in enumerate([10, 10, 10, 10, 1000, 10, 10, 10])]
    parts = assign(units, 4)
    assert [u for part in parts for u in part] == units and all(parts) and len(parts) == 4
    assert [len(p) for p in parts] == [4, 1, 1, 2]
    assert assign(units, 4) == parts
    assert len(assign(units[:2], 8)) == 2 and assign([], 3) == []


def test_a_later_article_with_the_same_id_replaces_an_earlier_one(runner, cluster, tmp_path):
    first, second = articles(2, seed=9)
    again = {**second, "id": first["id"]}  # the same id, another text: the last one read wins
    write(tmp_path / "in" / "a.jsonl", json.dumps(first) + "\n" + json.dumps(again) + "\n")
    write(tmp_path / "in" / "b.jsonl", json.dumps({**first, "title": "Updated"}) + "\n")
    dask_extract(runner, cluster, tmp_path / "shards", tmp_path / "in", "--partitions", "2")
    run(runner, "extract", tmp_path / "in", "-o", tmp_path / "single.nq")
    assert lines(*shards(tmp_path / "shards")) == lines(tmp_path / "single.nq")
    assert "Updated" in (tmp_path / "single.nq").read_text()
    # the first shard held only that article, which the second replaced
    assert [p.name for p in shards(tmp_path / "shards")] == ["part-00001.nq"]


def test_entity_files_and_the_knowledge_base_go_into_kb_nq(runner, cluster, tmp_path):
    people = write(tmp_path / "my-people.ttl", PEOPLE)
    write(tmp_path / "in" / "a.txt", "Bu Ratna bertemu delegasi Jepang di Tokyo pada 3 Mei 2023.")
    write(tmp_path / "in" / "b.txt", "Presiden Rusia Vladimir Putin bertemu Presiden China Xi Jinping di Beijing.")
    for extra in ((), ("--with-kb",)):
        out = tmp_path / f"shards{len(extra)}"
        dask_extract(runner, cluster, out, tmp_path / "in", "--kb", people, *extra)
        run(runner, "extract", tmp_path / "in", "--kb", people, *extra, "-o", tmp_path / "single.nq")
        assert (out / "kb.nq").is_file()
        assert lines(*shards(out)) == lines(tmp_path / "single.nq")
        assert ("<https://w3id.org/poros/graph/kb>" in (out / "kb.nq").read_text()) == bool(extra)
    assert "<https://w3id.org/poros/entity/ratna-sari>" in (tmp_path / "shards0" / "part-00000.nq").read_text()


def test_a_bad_input_is_refused_and_named_and_the_rest_goes_in(runner, cluster, tmp_path, monkeypatch):
    write(tmp_path / "in" / "good.txt", "Presiden Rusia Vladimir Putin bertemu Presiden China Xi Jinping di Beijing.")
    write(tmp_path / "in" / "binary.txt", b"\x00\x01\x02\xff" * 50)
    write(tmp_path / "in" / "feed.jsonl", json.dumps({"id": "ok", "text": "Indonesia dan Jepang sepakat."}) + "\n{oops\n")
    monkeypatch.chdir(tmp_path)  # relative inputs are named as given, though workers read them by absolute path
    result = dask_extract(runner, cluster, Path("shards"), Path("in"), Path("gone.txt"), ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Error: gone.txt: no such file or directory" in result.output
    assert "Error: in/binary.txt: " in result.output and "Error: in/feed.jsonl:2: malformed JSON" in result.output
    assert str(tmp_path) not in result.output
    assert "extracted 2 articles, 3 refused" in result.output
    graphs = {line.rsplit(" ", 2)[-2] for line in lines(*shards(tmp_path / "shards"))}
    assert graphs == {"<https://w3id.org/poros/doc/good>", "<https://w3id.org/poros/doc/ok>"}


def test_the_output_directory_holds_only_shards(runner, cluster, tmp_path):
    article = write(tmp_path / "in" / "a.txt", "Presiden Rusia Vladimir Putin bertemu Presiden China Xi Jinping.")
    write(tmp_path / "in" / "b.txt", "Indonesia dan Jepang menandatangani perjanjian di Tokyo.")
    mine = write(tmp_path / "mine" / "notes.txt", "keep me")
    error = one_line_error(dask_extract(runner, cluster, tmp_path / "mine", article, ok=False))
    assert "holds other files than shards (notes.txt)" in error and mine.read_text() == "keep me"
    assert "not a directory" in one_line_error(dask_extract(runner, cluster, mine, article, ok=False))
    out = tmp_path / "shards"
    dask_extract(runner, cluster, out, tmp_path / "in", "--partitions", "2")
    assert [p.name for p in shards(out)] == ["part-00000.nq", "part-00001.nq"]
    dask_extract(runner, cluster, out, tmp_path / "in", "--partitions", "1")  # an earlier run's shards are replaced
    assert sorted(p.name for p in out.iterdir()) == ["part-00000.nq"]
    assert lines(out / "part-00000.nq") == lines(*shards(out)) and len(lines(out / "part-00000.nq")) > 10
    local = run(runner, "extract", article, "-o", out, ok=False)  # the local engine writes a file
    assert local.exit_code == 2 and "is a directory" in local.output
    usage = run(runner, "extract", article, "--engine", "dask", "-o", tmp_path / "x", ok=False)
    assert usage.exit_code == 2 and "needs --scheduler" in usage.output


def test_an_unreachable_scheduler_is_one_line_and_quick(runner, tmp_path, monkeypatch):
    import graph.distributed

    monkeypatch.setattr(graph.distributed, "CONNECT_TIMEOUT", 1.5)
    article = write(tmp_path / "a.txt", "Indonesia dan Jepang sepakat.")
    started = time.monotonic()
    error = one_line_error(dask_extract(runner, f"tcp://127.0.0.1:{closed_port()}", tmp_path / "out", article, ok=False))
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:" in error and time.monotonic() - started < 8
    assert "not a Dask scheduler address" in one_line_error(dask_extract(runner, "nonsense:::", tmp_path / "out", article, ok=False))
    assert not (tmp_path / "out").exists()


def test_a_scheduler_without_workers_is_one_line(runner, tmp_path, monkeypatch):
    import graph.distributed

    monkeypatch.setattr(graph.distributed, "CONNECT_TIMEOUT", 1.0)
    article = write(tmp_path / "a.txt", "Indonesia dan Jepang sepakat.")
    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", silence_logs=40, **NO_DASHBOARD) as empty:
        error = one_line_error(dask_extract(runner, empty.scheduler_address, tmp_path / "out", article, ok=False))
    assert "has no workers" in error


def test_without_dask_the_error_says_how_to_install_it(runner, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    article = write(tmp_path / "a.txt", "Indonesia dan Jepang sepakat.")
    error = one_line_error(dask_extract(runner, "local", tmp_path / "out", article, ok=False))
    assert "pip install 'poros[dask]'" in error and not (tmp_path / "out").exists()
