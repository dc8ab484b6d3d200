"""Backup and restore: an N-Quads or TriG export ingested into an empty store gives the same store."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.cli import main
from graph.store import open_store
from tests.conftest import SAMPLES
from tests.view.graphs import FRIENDLY, store_with


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    from click.testing import CliRunner
    folder = tmp_path_factory.mktemp("backup") / "store"
    result = CliRunner().invoke(main, ["ingest", "--store", str(folder), str(SAMPLES)])
    assert result.exit_code == 0, result.output
    return folder


def export(store, fmt="nquads") -> bytes:
    with open_store(store, create=False) as opened:
        return opened.export(fmt)


@pytest.mark.parametrize("suffix, fmt", [(".nq", "nquads"), (".trig", "trig")])
def test_a_backup_restored_into_an_empty_store_gives_the_same_store(runner, sample_store, tmp_path, suffix, fmt):
    backup = tmp_path / f"backup{suffix}"
    assert runner.invoke(main, ["export", "--store", str(sample_store), "-o", str(backup)]).exit_code == 0
    restored = tmp_path / "restored"
    result = runner.invoke(main, ["ingest", "--store", str(restored), str(backup)])
    assert result.exit_code == 0, result.output
    assert "restored 15 articles and 1 other graph from backup" in result.output  # the knowledge base
    assert export(restored) == export(sample_store)
    with open_store(restored, create=False) as opened, open_store(sample_store, create=False) as original:
        assert opened.article_ids() == original.article_ids() and len(opened.article_ids()) == 15


def test_restoring_replaces_graphs_of_the_same_name_and_keeps_the_others(runner, tmp_path):
    old = store_with(FRIENDLY.replace("Alpha visited", "Alpha toured"), "d1", str(tmp_path / "target"))
    old.put_article("other", [ox.Quad(ox.NamedNode("https://w3id.org/poros/doc/other"),
                                      ox.NamedNode("http://purl.org/dc/terms/identifier"), ox.Literal("other"),
                                      ox.NamedNode("https://w3id.org/poros/doc/other"))])
    old.close()
    source = store_with(FRIENDLY)
    backup = tmp_path / "d1.nq"
    backup.write_bytes(source.export("nquads", with_kb=False))
    assert runner.invoke(main, ["ingest", "--store", str(tmp_path / "target"), str(backup)]).exit_code == 0
    with open_store(tmp_path / "target", create=False) as target:
        assert target.article_ids() == ["d1", "other"]
        evidence = {row["x"].value for row in target.query("SELECT ?x WHERE { ?e poros:evidence ?x }")}
        assert "Alpha visited Borduria on Wednesday." in evidence
        assert not any("toured" in text for text in evidence)


def test_a_broken_backup_is_refused_in_one_line_and_the_store_keeps_its_articles(runner, sample_store, tmp_path):
    backup = tmp_path / "broken.nq"
    good = export(sample_store).decode().splitlines()
    backup.write_text("\n".join(good[:50]) + "\n<https://x> <https://y> \"unterminated .\n", encoding="utf-8")
    before = export(sample_store)
    result = runner.invoke(main, ["ingest", "--store", str(sample_store), str(backup)])
    assert result.exit_code == 1
    assert "not a valid .nq backup" in result.output and "Traceback" not in result.output
    assert export(sample_store) == before


def test_a_backup_of_entity_graphs_alone_is_restored_without_complaint(runner, tmp_path):
    from graph.rdf.terms import USER_KB_GRAPH

    backup = tmp_path / "people.nq"
    backup.write_text(f"<https://w3id.org/poros/entity/ada> <http://www.w3.org/2000/01/rdf-schema#label> "
                      f"\"Ada\"@en <{USER_KB_GRAPH}people> .\n", encoding="utf-8")
    result = runner.invoke(main, ["ingest", "--store", str(tmp_path / "store"), str(backup)])
    assert result.exit_code == 0, result.output
    assert "restored 0 articles and 1 other graph from backup" in result.output
