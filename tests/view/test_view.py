"""The view without a browser: what it reads, how it narrows, what the page file holds."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from html import unescape

import pytest

from graph.cli import main
from graph.view import Narrowing, ViewError, ViewStyle, make_view, view_graph
from graph.view.model import date_period
from graph.view.narrow import find_actor, narrow, neighbourhood
from graph.view.render import event_types, safe_json
from tests.view.graphs import FRIENDLY, HOSTILE, PAYLOADS, store_with

ENT = "https://w3id.org/poros/entity/"


@pytest.fixture(scope="module")
def friendly():
    store = store_with(FRIENDLY)
    yield store
    store.close()


def page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="poros-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_the_graph_read_holds_every_mentioned_actor_and_every_event(friendly):
    graph = view_graph(friendly.query, "en")
    assert set(graph.actors) == {ENT + n for n in ("alpha", "statia", "borduria", "forum", "syldavia")}
    assert sorted(e.type for e in graph.edges) == ["AGREE", "ASSAULT", "CONSULT", "SANCTION"]
    consult = next(e for e in graph.edges if e.type == "CONSULT")
    assert (consult.mode, consult.date, consult.cue) == ("visit", "2022-06-29", "visited")
    assert consult.evidence == ["Alpha visited Borduria on Wednesday."]
    assert [(s.id, s.title, s.url) for s in consult.sources] == [("d1", "Leaders meet", "https://example.org/d1")]


def test_actors_carry_labels_in_each_language_aliases_wikidata_and_roles(friendly):
    alpha = view_graph(friendly.query, "id").actors[ENT + "alpha"]
    assert (alpha.label("id"), alpha.label("en")) == ("Pemimpin Alfa", "Alpha Leader")
    assert alpha.aliases == ["Alfa"] and alpha.wikidata == "Q42"
    assert alpha.roles == ["leader of Statia"] and alpha.mentions == 1
    assert view_graph(friendly.query, "id").actors[ENT + "syldavia"].label("id") == "Syldavia"  # English fallback


@pytest.mark.parametrize("value, period", [("2023", ("2023-01-01", "2023-12-31")),
                                           ("2022-06", ("2022-06-01", "2022-06-30")), ("2024-02", ("2024-02-01", "2024-02-29")),
                                           ("2022-06-29", ("2022-06-29", "2022-06-29"))])
def test_a_date_covers_the_days_of_its_precision(value, period):
    assert date_period(value) == period


def test_a_date_range_keeps_events_whose_date_overlaps_it_and_drops_undated_ones(friendly):
    graph = view_graph(friendly.query, "en")
    june = narrow(graph, Narrowing(date_from="2022-06-15", date_to="2022-06-30"))
    assert sorted(e.type for e in june.edges) == ["AGREE", "CONSULT"]  # the month overlaps; the day is inside
    assert ENT + "syldavia" not in june.actors  # only touched actors stay once a filter is on
    assert "undated events left out" in june.notes[0]
    later = narrow(graph, Narrowing(date_from="2023-03"))
    assert [e.type for e in later.edges] == ["SANCTION"]


def test_types_filter_the_edges(friendly):
    shown = narrow(view_graph(friendly.query, "en"), Narrowing(types=frozenset({"ASSAULT", "SANCTION"})))
    assert sorted(e.type for e in shown.edges) == ["ASSAULT", "SANCTION"]
    assert set(shown.actors) == {ENT + "forum", ENT + "syldavia", ENT + "statia"}


def test_an_actor_is_found_by_label_alias_or_iri_and_its_neighbourhood_by_depth(friendly):
    graph = view_graph(friendly.query, "en")
    assert find_actor(graph.actors, "alfa").iri == ENT + "alpha"
    assert find_actor(graph.actors, "Forum Utara").iri == ENT + "forum"
    assert find_actor(graph.actors, ENT + "statia").iri == ENT + "statia"
    with pytest.raises(ViewError, match="no actor named 'Atlantis'"):
        find_actor(graph.actors, "Atlantis")
    assert neighbourhood(graph.edges, {ENT + "alpha"}, 1) == {ENT + "alpha", ENT + "borduria"}
    assert neighbourhood(graph.edges, {ENT + "alpha"}, 2) == {ENT + "alpha", ENT + "borduria", ENT + "statia"}
    focused = narrow(graph, Narrowing(actors=("Alpha Leader",), depth=2))
    assert sorted(e.type for e in focused.edges) == ["AGREE", "CONSULT"]


def test_past_the_node_cap_the_most_active_actors_stay_and_the_page_says_so(friendly):
    shown = narrow(view_graph(friendly.query, "en"), Narrowing(max_nodes=2))
    assert set(shown.actors) == {ENT + "statia", ENT + "borduria"}  # two events each
    assert [e.type for e in shown.edges] == ["AGREE"]
    assert "Showing the 2 most active of 5 actors; 3 actors and 3 edges left out" in shown.notes[0]


def test_the_page_holds_one_node_per_actor_and_one_edge_per_event_styled_by_class_and_type(friendly):
    html = make_view(friendly.query, Narrowing(), ViewStyle()).html
    data = page_data(html)
    assert len(data["nodes"]) == 5 and len(data["edges"]) == 4
    shapes = {n["label"]: n["shape"] for n in data["nodes"]}
    assert shapes == {"Alpha Leader": "dot", "Statia": "square", "Borduria": "square", "Northern Forum": "triangle",
                      "Syldavia": "square"}
    sizes = {n["label"]: n["value"] for n in data["nodes"]}
    assert sizes["Statia"] == 3 and sizes["Alpha Leader"] == 2  # 1 + the events it takes part in
    colours = {data["events"][e["id"]]["type"]: e["color"] for e in data["edges"]}
    types = event_types("en")
    assert colours["AGREE"] == types["AGREE"].color and colours["ASSAULT"] == types["ASSAULT"].color
    assert {e["label"] for e in data["edges"]} >= {"CONSULT 2022-06-29", "ASSAULT"}


def test_cooperative_and_conflictual_families_have_their_own_colours():
    types = event_types("en")
    assert len(types) == 16
    cooperative = {t.color for t in types.values() if "Cooperation" in t.family}
    conflictual = {t.color for t in types.values() if "Conflict" in t.family}
    assert not cooperative & conflictual
    assert types["CONSULT"].family_label == "verbal cooperation"
    assert event_types("id")["CONSULT"].family_label == "kerja sama verbal"


def test_labels_follow_the_chosen_language(friendly):
    data = page_data(make_view(friendly.query, Narrowing(), ViewStyle(lang="id")).html)
    assert "Pemimpin Alfa" in {n["label"] for n in data["nodes"]} and data["lang"] == "id"


def test_the_page_is_self_contained_and_forbids_network_requests(friendly):
    html = make_view(friendly.query, Narrowing(), ViewStyle()).html
    assert not re.search(r"<(script|link|img|iframe)[^>]*\b(src|href)=", html, re.I)
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    inline = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(inline) == 2  # vis-network and the page's own script, each allowed by its hash
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_the_same_graph_and_options_give_the_same_bytes(friendly):
    first = make_view(friendly.query, Narrowing(types=frozenset({"CONSULT"})), ViewStyle()).html
    again = make_view(store_with(FRIENDLY).query, Narrowing(types=frozenset({"CONSULT"})), ViewStyle()).html
    assert first == again


def test_untrusted_text_cannot_leave_the_data_block():
    store = store_with(HOSTILE, "evil")
    html = make_view(store.query, Narrowing(), ViewStyle()).html
    data_block = re.search(r'id="poros-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in data_block and ">" not in data_block and "&" not in data_block
    for payload in PAYLOADS.values():
        assert payload not in html.replace(data_block, "")
    data = page_data(html)
    event = next(iter(data["events"].values()))
    assert event["evidence"] == [PAYLOADS["evidence"]] and event["sources"][0]["url"] == PAYLOADS["url"]


def test_safe_json_escapes_what_could_close_a_script():
    assert safe_json({"a": "</script>&\u2028"}) == '{"a":"\\u003c/script\\u003e\\u0026\\u2028"}'
    assert json.loads(safe_json({"a": "</script>&"})) == {"a": "</script>&"}


# the command -------------------------------------------------------------------------------------

@pytest.fixture
def store_folder(tmp_path):
    folder = tmp_path / "store"
    store_with(FRIENDLY, location=str(folder)).close()
    return folder


def test_view_writes_the_page_and_says_what_it_drew(runner, store_folder, tmp_path):
    out = tmp_path / "g.html"
    result = runner.invoke(main, ["view", "--store", str(store_folder), "-o", str(out), "--type", "consult,agree",
                                  "--from", "2022", "--to", "2022-12-31", "--actor", "Borduria", "--depth", "1"])
    assert result.exit_code == 0, result.output
    assert "3 actors, 2 edges" in result.output and "note: Showing 2 of 4 edges" in result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 3 and len(data["edges"]) == 2


def test_view_draws_a_select_of_pairs(runner, store_folder, tmp_path):
    query = tmp_path / "pairs.rq"
    query.write_text("SELECT ?a ?b (COUNT(?e) AS ?count) WHERE { ?e poros:source ?a ; poros:target ?b } GROUP BY ?a ?b")
    out = tmp_path / "pairs.html"
    result = runner.invoke(main, ["view", "--store", str(store_folder), "-o", str(out), "--query", str(query)])
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert len(data["edges"]) == 4 and {e["type"] for e in data["events"].values()} == {"pair"}


def test_view_draws_a_construct(runner, store_folder, tmp_path):
    query = tmp_path / "roles.rq"
    query.write_text("CONSTRUCT { ?p poros:leaderOf ?s . ?e ?x ?y } WHERE { { ?p poros:leaderOf ?s } UNION "
                     "{ ?e a poros:Event ; poros:ploverType \"SANCTION\" ; ?x ?y } }")
    out = tmp_path / "roles.html"
    result = runner.invoke(main, ["view", "--store", str(store_folder), "-o", str(out), "--query", str(query)])
    assert result.exit_code == 0, result.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert sorted(e["type"] for e in data["events"].values()) == ["SANCTION", "leaderOf"]
    assert len(data["nodes"]) == 4


@pytest.mark.parametrize("args, message", [
    (["--type", "HUG"], "unknown event type HUG"),
    (["--from", "June"], "--from must be a date like 2022"),
    (["--actor", "Atlantis"], "no actor named 'Atlantis'"),
    (["--query", "ASK"], "not an ASK"),
    (["--query", "BAD"], "bad SPARQL"),
])
def test_bad_view_options_give_one_clear_line(runner, store_folder, tmp_path, args, message):
    if args[0] == "--query":
        query = tmp_path / "q.rq"
        query.write_text("ASK { ?s ?p ?o }" if args[1] == "ASK" else "SELECT WHERE {")
        args = ["--query", str(query)]
    out = tmp_path / "x.html"
    result = runner.invoke(main, ["view", "--store", str(store_folder), "-o", str(out), *args])
    assert result.exit_code != 0 and message in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_view_of_a_missing_store_is_refused(runner, tmp_path):
    result = runner.invoke(main, ["view", "--store", str(tmp_path / "nothing"), "-o", str(tmp_path / "x.html")])
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_the_page_speaks_the_language_of_its_labels(friendly):
    import json as _json

    from graph.view.render import HERE

    words = _json.loads((HERE / "words.json").read_text(encoding="utf-8"))
    assert set(words["id"]) == set(words["en"])
    english = make_view(friendly.query, Narrowing(), ViewStyle(lang="en")).html
    indonesian = make_view(friendly.query, Narrowing(), ViewStyle(lang="id")).html
    assert "<h2>Find an actor</h2>" in english and "<h2>Cari aktor</h2>" in indonesian
    assert page_data(indonesian)["words"]["date"] == "tanggal"
