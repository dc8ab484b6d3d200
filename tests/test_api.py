"""The Python API: the CLI's commands as methods, results as Python values."""
from __future__ import annotations

import datetime as dt
from html import unescape

import networkx as nx
import pytest

from graph import Poros, PorosError
from tests.view.graphs import FRIENDLY, article_quads


@pytest.fixture
def db():
    with Poros() as opened:
        opened.store.put_article("d1", article_quads(FRIENDLY))
        yield opened


def test_select_rows_come_back_as_dicts_of_python_values(db):
    rows = db.query("SELECT ?t ?d WHERE { ?e poros:ploverType ?t . OPTIONAL { ?e poros:date ?d } } ORDER BY ?t")
    assert rows == [{"t": "AGREE", "d": "2022-06"}, {"t": "ASSAULT", "d": None},
                    {"t": "CONSULT", "d": dt.date(2022, 6, 29)}, {"t": "SANCTION", "d": "2023"}]
    assert db.query("SELECT (COUNT(*) AS ?n) WHERE { ?e a poros:Event }") == [{"n": 4}]
    assert db.query("ASK { ent:alpha poros:leaderOf ent:statia }") is True
    triples = db.query("CONSTRUCT { ?p poros:leaderOf ?s } WHERE { ?p poros:leaderOf ?s }")
    assert triples == [("https://w3id.org/poros/entity/alpha", "https://w3id.org/poros/ontology#leaderOf",
                        "https://w3id.org/poros/entity/statia")]


def test_a_dataframe_has_one_column_per_variable(db):
    pandas = pytest.importorskip("pandas")
    frame = db.dataframe("SELECT ?t (COUNT(*) AS ?n) WHERE { ?e poros:ploverType ?t } GROUP BY ?t ORDER BY ?t")
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["t", "n"] and frame["n"].sum() == 4
    with pytest.raises(PorosError, match="takes a SELECT"):
        db.dataframe("ASK { ?s ?p ?o }")


def test_bad_sparql_is_a_poros_error(db):
    with pytest.raises(PorosError, match="bad SPARQL"):
        db.query("SELECT WHERE {")


def test_ingest_reads_articles_and_remove_takes_them_out(tmp_path):
    text = tmp_path / "a1.txt"
    text.write_text("Presiden Joko Widodo bertemu Presiden Vladimir Putin di Moskow, Rabu (29/6/2022).\n", encoding="utf-8")
    with Poros(tmp_path / "store") as db:
        report = db.ingest(tmp_path / "a1.txt")
        assert report.articles == 1 and db.articles() == ["a1"]
        assert db.stats().documents == 1
        assert db.remove("a1", "a2") == ["a2"] and db.articles() == []


def test_export_writes_rdf_or_the_network_by_extension(db, tmp_path):
    turtle = db.export(tmp_path / "g.ttl")
    assert (tmp_path / "g.ttl").read_bytes() == turtle and b"poros:ploverType" in turtle
    db.export(tmp_path / "g.graphml")
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_edges() == 4
    assert db.export(fmt="csv").startswith(b"event,source")
    with pytest.raises(PorosError, match="cannot tell the format"):
        db.export(tmp_path / "g.xyz")


def test_network_is_a_networkx_multigraph(db):
    network = db.network(lang="id")
    assert isinstance(network, nx.MultiDiGraph) and network.number_of_nodes() == 5
    assert network.nodes["https://w3id.org/poros/entity/alpha"]["label"] == "Pemimpin Alfa"


def test_the_view_shows_inline_in_a_sandboxed_frame_and_saves(db, tmp_path):
    page = db.view(actor="Alpha Leader", types=("consult",))
    assert (page.actors, page.edges) == (2, 1)
    frame = page._repr_html_()
    assert frame.startswith('<iframe sandbox="allow-scripts allow-popups"') and "allow-same-origin" not in frame
    assert unescape(frame.split('srcdoc="', 1)[1].rsplit('"', 1)[0]) == page.html
    assert page.save(tmp_path / "v.html").read_text(encoding="utf-8") == page.html
    with pytest.raises(PorosError, match="no actor named"):
        db.view(actor="Atlantis")


def test_ready_questions_answer_with_labels_or_iris(db):
    names = [q.name for q in db.questions()]
    assert "timeline" in names and "office_holders" in names
    rows = db.ask("timeline", a="Alpha Leader", b="Borduria")
    assert [(r["type"], r["source"], r["target"]) for r in rows] == [("CONSULT", "Alpha Leader", "Borduria")]
    assert db.ask("timeline", lang="id", a="Alfa", b="Borduria")[0]["source"] == "Pemimpin Alfa"
    assert db.ask("timeline", lang=None, a="Alfa", b="Borduria")[0]["source"] == "https://w3id.org/poros/entity/alpha"
    with pytest.raises(PorosError, match="no actor named 'Atlantis'"):
        db.ask("timeline", a="Atlantis", b="Borduria")


def test_an_empty_answer_still_has_its_columns(db):
    pytest.importorskip("pandas")
    frame = db.ask_frame("timeline", a="Syldavia", b="Alpha Leader")
    assert frame.empty and list(frame.columns)[:3] == ["date", "type", "mode"]
