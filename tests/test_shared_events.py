"""Questions and the view over events that several articles report. Each article's graph states
the event again, and a pattern over the union of the graphs matches every copy; the answers still
give each event once, with each of its articles, sentences and sources once."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import ROOT, samples_store, shared_events

from graph.queries import run_query
from graph.rdf.terms import ENT, EVENT, POROS, PROV
from graph.store import open_read_only, open_store
from graph.view.collect import read_events

COUNT, REPORTS = 300, 40
QUADS = shared_events(COUNT, REPORTS)


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("shared") / "store"
    with open_store(path) as store:
        store.backend.extend(QUADS)
    return path


def facts(predicate: str) -> dict[str, set[str]]:
    """Each event's values of a property, from the quads themselves."""
    values = defaultdict(set)
    for quad in QUADS:
        if quad.predicate.value == predicate and quad.subject.value.startswith(EVENT):
            values[quad.subject.value].add(quad.object.value)
    return values


def values(result) -> list[dict[str, str]]:
    names = [v.value for v in result.variables]
    return [{n: row[n].value if row[n] is not None else "" for n in names} for row in result]


def test_the_fixture_shares_events_between_articles() -> None:
    docs = facts(PROV + "wasDerivedFrom")
    assert len(docs) == COUNT and max(map(len, docs.values())) == 7


def test_several_sources_gives_the_most_reported_events_once_each(shared: Path) -> None:
    docs, dates = facts(PROV + "wasDerivedFrom"), facts(POROS + "date")
    with open_read_only(shared) as store:
        for least in (1, 3, 6):
            wanted = sorted((e for e in docs if len(docs[e]) >= least),
                            key=lambda e: (-len(docs[e]), min(dates.get(e, {""})), e))[:500]
            rows = values(run_query(store, "several_sources", {"min": str(least)}))
            assert [r["event"] for r in rows] == wanted
            assert [int(r["articles"]) for r in rows] == [len(docs[e]) for e in wanted]
            assert [set(r["ids"].split(", ")) for r in rows] == [{d.rsplit("/", 1)[1] for d in docs[e]} for e in wanted]


def test_timeline_gives_each_event_once_with_each_article_and_sentence(shared: Path) -> None:
    docs, evidence = facts(PROV + "wasDerivedFrom"), facts(POROS + "evidence")
    pair = {e for e in docs if int(e.rsplit("-", 1)[1]) % 15 == 0}  # a0 and b0
    with open_read_only(shared) as store:
        rows = values(run_query(store, "timeline", {"a": ENT + "shared-a0", "b": ENT + "shared-b0"}))
    assert sorted(r["event"] for r in rows) == sorted(pair)
    for row in rows:
        assert int(row["articles"]) == len(docs[row["event"]])
        assert set(row["evidence"].split(" | ")) == evidence[row["event"]]
        assert len(row["evidence"].split(" | ")) == len(docs[row["event"]])


def test_meetings_and_neighbourhood_count_each_event_once(shared: Path) -> None:
    docs, dates = facts(PROV + "wasDerivedFrom"), facts(POROS + "date")
    mine = [e for e in docs if int(e.rsplit("-", 1)[1]) % 3 == 0]  # a0 as source
    with open_read_only(shared) as store:
        meetings = values(run_query(store, "meetings", {"leader": ENT + "shared-a0", "from": "2020", "to": "2020"}))
        partners = values(run_query(store, "neighbourhood", {"actor": ENT + "shared-a0"}))
    assert sorted(r["event"] for r in meetings) == sorted(e for e in mine if e in dates)
    assert sum(int(r["events"]) for r in partners) == len(mine)
    assert all(r["as_source"] == r["events"] and r["as_target"] == "0" for r in partners)


def test_search_gives_each_sentence_once(shared: Path) -> None:
    with open_read_only(shared) as store:
        rows = values(run_query(store, "search", {"text": "shared event 1"}))
    sentences = {(e, s) for e, texts in facts(POROS + "evidence").items() for s in texts if "shared event 1" in s}
    assert len(rows) == len(sentences) == len({(r["event"], r["evidence"]) for r in rows})


def test_top_pairs_and_events_per_type_year_count_each_event_once(shared: Path) -> None:
    with open_read_only(shared) as store:
        pairs = values(run_query(store, "top_pairs", {"min": "1"}))
        years = values(run_query(store, "events_per_type_year"))
    assert len(pairs) == 15 and sum(int(r["events"]) for r in pairs) == COUNT
    assert sum(int(r["events"]) for r in years) == COUNT
    assert {r["year"]: int(r["events"]) for r in years} == {"2020": COUNT * 3 // 4, "undated": COUNT // 4}


def test_the_view_lists_each_sentence_and_source_once(shared: Path) -> None:
    docs, evidence = facts(PROV + "wasDerivedFrom"), facts(POROS + "evidence")
    with open_read_only(shared) as store:
        edges = read_events(store.query)
    assert len(edges) == COUNT
    for edge in edges:
        assert sorted(s.id for s in edge.sources) == sorted(d.rsplit("/", 1)[1] for d in docs[edge.id])
        assert sorted(edge.evidence) == sorted(evidence[edge.id])


def readme_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### SPARQL examples"):text.index("## Events")]
    return re.findall(r"```sparql\n(.*?)```", section, re.DOTALL)


def test_the_readme_examples_give_each_actor_and_event_once(tmp_path: Path) -> None:
    path = samples_store(tmp_path / "samples")
    examples = readme_examples()
    assert len(examples) == 4
    with open_read_only(path) as store:
        answers = [list(store.query(sparql)) for sparql in examples]
        events = int(next(iter(store.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a poros:Event }")))["n"].value)
    assert all(answers)
    for row in answers[0]:
        names = row["actors"].value.split(", ")
        assert len(names) == len(set(names)), row["id"]
    assert sum(int(row["n"].value) for row in answers[3]) == events
