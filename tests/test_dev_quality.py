"""Extraction quality on the shared dev set, through the public CLI and the shared scorer."""
from __future__ import annotations

import importlib.util
import json

import pytest
import rdflib
from conftest import SHARED

from graph.cli import main

DEV = SHARED / "corpus" / "dev"
GOLD = SHARED / "eval" / "gold" / "dev"
pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/corpus/dev is not beside the project")


def scorer():
    spec = importlib.util.spec_from_file_location("poros_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dev_graph(tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("dev") / "dev.ttl"
    result = CliRunner().invoke(main, ["extract", str(DEV), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_states_and_organisations_found_with_f1_at_least_0_6(dev_graph, tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for path in GOLD.glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["entities"] = [e for e in doc["entities"] if e["type"] in ("State", "Organization")]
        (gold_dir / path.name).write_text(json.dumps(doc), encoding="utf-8")
    graph = rdflib.Dataset(default_union=True)
    graph.parse(dev_graph, format="turtle")
    graph.update("PREFIX poros: <https://w3id.org/poros/ontology#> "
                 "DELETE { ?d poros:mentions ?x } WHERE { ?d poros:mentions ?x . ?x a poros:Person }")
    score = scorer()
    result = score.score(graph, score.load_gold(str(gold_dir)), verbose=False)
    assert not result["missing_documents"]
    assert result["actors"]["f1"] >= 0.6, result["actors"]


def test_the_dev_graph_passes_validation(dev_graph):
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["validate", str(dev_graph)])
    assert result.exit_code == 0, result.output


def test_event_quality_does_not_fall_below_what_it_reached(dev_graph):
    """A floor under the dev-set event scores (the targets of the events work are higher)."""
    graph = rdflib.Dataset(default_union=True)
    graph.parse(dev_graph, format="turtle")
    score = scorer()
    result = score.score(graph, score.load_gold(str(GOLD)), verbose=False)
    assert result["relations"]["f1"] >= 0.75, result["relations"]
    assert result["events_typed"]["f1"] >= 0.66, result["events_typed"]
    assert result["events_dated"]["f1"] >= 0.56, result["events_dated"]
    assert result["dedup"]["merged"] >= 3, result["dedup"]
    assert result["actors"]["f1"] >= 0.90 and result["places"]["f1"] >= 0.80 and result["roles"]["f1"] >= 0.85
