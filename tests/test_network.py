"""The actor network exports: GraphML, GEXF and CSV read back by networkx and csv."""
from __future__ import annotations

import csv
import io

import networkx as nx
import pytest

from graph.cli import main
from graph.network import actor_network, write_network
from tests.view.graphs import FRIENDLY, store_with

ENT = "https://w3id.org/poros/entity/"


@pytest.fixture(scope="module")
def network():
    store = store_with(FRIENDLY)
    yield actor_network(store.query)
    store.close()


def test_actors_are_nodes_and_events_are_edges_with_their_attributes(network):
    assert network.number_of_nodes() == 5 and network.number_of_edges() == 4
    assert network.nodes[ENT + "alpha"] == {"label": "Alpha Leader", "kind": "Person", "wikidata": "Q42",
                                            "mentions": 1, "events": 1}
    (key, data), = network.get_edge_data(ENT + "alpha", ENT + "borduria").items()
    assert key.endswith("/event/consult")
    assert data == {"label": "CONSULT 2022-06-29", "event_type": "CONSULT", "mode": "visit", "date": "2022-06-29",
                    "start": "2022-06-29", "end": "2022-06-29", "place": "", "weight": 1}


SECOND_AGREEMENT = """
event:agree2 a poros:Event ; poros:ploverType "AGREE" ; poros:source ent:statia ; poros:target ent:borduria ;
    poros:date "2022-09-01"^^xsd:date ; prov:wasDerivedFrom doc:d1 ."""


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back_with_the_same_counts_and_attributes(tmp_path, fmt, read):
    network = actor_network(store_with(FRIENDLY + SECOND_AGREEMENT).query)
    path = tmp_path / f"net.{fmt}"
    path.write_bytes(write_network(network, fmt))
    back = read(path)
    assert back.is_directed() and back.is_multigraph()  # two agreements of one pair stay two edges
    assert back.number_of_nodes() == 5 and back.number_of_edges() == 5
    assert back.nodes[ENT + "statia"]["kind"] == "State"
    types = sorted(d["event_type"] for _, _, d in back.edges(data=True))
    assert types == ["AGREE", "AGREE", "ASSAULT", "CONSULT", "SANCTION"]


def test_gexf_gives_dated_edges_a_time_span_and_keeps_the_edge_type_attribute_valid(network):
    text = write_network(network, "gexf").decode()
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    assert 'start="2022-06-01" end="2022-06-30"' in text  # a month spans its real days
    assert 'start="2023-01-01" end="2023-12-31"' in text
    assert 'type="CONSULT"' not in text and "lastmodifieddate" not in text


def test_the_csv_is_an_edge_list_with_labels_and_kinds(network):
    rows = list(csv.DictReader(io.StringIO(write_network(network, "csv").decode())))
    assert len(rows) == 4
    sanction = next(r for r in rows if r["event_type"] == "SANCTION")
    assert (sanction["source_label"], sanction["source_kind"], sanction["target_label"]) == \
        ("Northern Forum", "Organization", "Syldavia")
    assert (sanction["date"], sanction["start"], sanction["end"]) == ("2023", "2023-01-01", "2023-12-31")


def test_csv_text_that_a_spreadsheet_would_run_is_quoted():
    store = store_with(FRIENDLY.replace('"Syldavia"@en', '"=HYPERLINK(\\"http://x\\")"@en'))
    rows = list(csv.DictReader(io.StringIO(write_network(actor_network(store.query), "csv").decode())))
    labels = {r["target_label"] for r in rows} | {r["source_label"] for r in rows}
    assert "'=HYPERLINK(\"http://x\")" in labels and not any(label.startswith("=") for label in labels)


def test_every_format_is_byte_identical_for_the_same_store(network):
    again = actor_network(store_with(FRIENDLY).query)
    for fmt in ("graphml", "gexf", "csv"):
        assert write_network(network, fmt) == write_network(again, fmt)


def test_export_picks_the_network_format_from_the_extension(runner, tmp_path):
    folder = tmp_path / "store"
    store_with(FRIENDLY, location=str(folder)).close()
    for name in ("net.graphml", "net.gexf", "net.csv"):
        result = runner.invoke(main, ["export", "--store", str(folder), "-o", str(tmp_path / name), "--lang", "id"])
        assert result.exit_code == 0, result.output
    assert nx.read_graphml(tmp_path / "net.graphml").nodes[ENT + "alpha"]["label"] == "Pemimpin Alfa"
    assert nx.read_gexf(tmp_path / "net.gexf").number_of_edges() == 4
