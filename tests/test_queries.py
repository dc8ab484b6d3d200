"""Ready questions: each one answers what the sample articles (and the knowledge base) must give,
binds its parameters safely, and runs from the CLI."""
from __future__ import annotations

import json
from contextlib import nullcontext
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import samples_store, SAMPLES, one_line_error, run, write

from graph import event_index
from graph.cli import main
from graph.errors import PorosError
from graph.queries import (
    KINDS,
    ReadyQueryError,
    bind,
    date_literal,
    list_queries,
    load_query,
    parse_query,
    queries_dir,
    resolve_actor,
    run_query,
)
from graph.rdf.terms import DOC, ENT, EVENT, POROS, PREFIXES, RDF, RDFS, SKOS, XSD
from graph.store import open_store

HOSTILE = ['x" } ; DROP ALL ; #', "<http://evil>", "ent:x> } ; DROP ALL ; #", "x') || true || ('", "?a", "\\u0022 . } #"]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    return samples_store(tmp_path_factory.mktemp("queries") / "store")


@pytest.fixture
def store(sample_store):
    with open_store(sample_store, create=False) as opened:
        yield opened


def rows(store, name: str, **values: str) -> list[dict[str, str]]:
    """The answer as dicts of plain values (an IRI's local name for entities and events)."""
    result = run_query(store, name, values)
    names = [v.value for v in result.variables]
    return [{n: _plain(row[n]) for n in names} for row in result]


def _plain(term) -> str:
    if term is None:
        return ""
    value = term.value
    for prefix in (ENT, EVENT):
        if isinstance(term, ox.NamedNode) and value.startswith(prefix):
            return value[len(prefix):]
    return value


def pair(row: dict[str, str], *keys: str) -> frozenset[str]:
    return frozenset(row[k] for k in keys)


# each ready question on the samples --------------------------------------------------------------

def test_timeline_has_the_astana_meeting_oldest_first(store):
    found = rows(store, "timeline", a="Vladimir Putin", b="Xi Jinping")
    assert any(r["type"] == "CONSULT" and r["date"] == "2024-07-03" for r in found)
    assert all(pair(r, "source", "target") == {"vladimir-putin", "xi-jinping"} for r in found)
    dated = [r["date"] for r in found if r["date"]]
    assert dated == sorted(dated) and found[: len(dated)] == [r for r in found if r["date"]]
    assert [r["event"] for r in rows(store, "timeline", a="xi", b="PUTIN")] == [r["event"] for r in found]


def test_meetings_of_jokowi_in_june_2022(store):
    found = rows(store, "meetings", leader="Jokowi", **{"from": "2022-06", "to": "2022-06"})
    met = {(r["with"], r["date"]) for r in found}
    assert {("vladimir-putin", "2022-06-30"), ("volodymyr-zelensky", "2022-06-29")} <= met
    later = rows(store, "meetings", leader="Joko Widodo", **{"from": "2022-07-01", "to": "2022"})
    assert not any(r["with"] == "vladimir-putin" and r["date"] == "2022-06-30" for r in later)


def test_events_per_type_and_year_count_every_event_once(store):
    found = rows(store, "events_per_type_year")
    counts = {(r["year"], r["type"]): int(r["events"]) for r in found}
    assert counts.get(("2022", "CONSULT"), 0) >= 2 and counts.get(("2024", "CONSULT"), 0) >= 2
    total = next(iter(store.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a poros:Event }")))["n"].value
    assert sum(counts.values()) == int(total)


def test_most_active_pairs_are_sorted_and_hold_jokowi_and_putin(store):
    found = rows(store, "top_pairs", min="2")
    assert all(int(r["events"]) >= 2 for r in found)
    assert [int(r["events"]) for r in found] == sorted((int(r["events"]) for r in found), reverse=True)
    assert {"joko-widodo", "vladimir-putin"} in [pair(r, "actor1", "actor2") for r in found]
    assert len(rows(store, "top_pairs", min="1")) >= len(found)


def test_who_led_russia_on_the_day_of_the_invasion(store):
    held = {(r["office"], r["holder"]) for r in rows(store, "office_holders", state="Russia", on="2022-02-24")}
    assert {("head_of_state", "vladimir-putin"), ("head_of_government", "mikhail-mishustin"),
            ("foreign_minister", "sergey-lavrov")} <= held
    assert not any(office == "head_of_state" and who != "vladimir-putin" for office, who in held)


def test_office_holders_read_years_and_handover_days_generously(store):
    year = {r["holder"] for r in rows(store, "office_holders", state="ent:russia", on="2008") if r["office"] == "head_of_state"}
    assert year == {"vladimir-putin", "dmitry-medvedev"}
    handover = {r["holder"] for r in rows(store, "office_holders", state="Rusia", on="2012-05-07") if r["office"] == "head_of_state"}
    assert handover == {"vladimir-putin", "dmitry-medvedev"}


def test_belarus_joins_the_sco_on_2024_07_04(store):
    after = {r["member"]: r["kind"] for r in rows(store, "forum_members", forum="SCO", on="2024-07-05")}
    assert after["belarus"] == "member" and after["china"] == "member" and after["russia"] == "member"
    before = {r["member"]: r["kind"] for r in rows(store, "forum_members", forum="Shanghai Cooperation Organisation", on="2024-07-01")}
    assert before["belarus"] == "observer"
    month = rows(store, "forum_members", forum="SCO", on="2024-07")
    assert {r["kind"] for r in month if r["member"] == "belarus"} == {"member", "observer"}


def test_xi_jinping_neighbourhood(store):
    found = {r["partner"]: r for r in rows(store, "neighbourhood", actor="Xi Jinping")}
    assert {"vladimir-putin", "joe-biden", "anthony-albanese", "volodymyr-zelensky"} <= set(found)
    assert "CONSULT" in found["joe-biden"]["types"]
    assert all(int(r["events"]) == int(r["as_source"]) + int(r["as_target"]) for r in found.values())


def test_events_reported_by_several_sources(store):
    everything = rows(store, "several_sources", min="1")
    assert any(pair(r, "source", "target") == {"joko-widodo", "vladimir-putin"} and r["date"] == "2022-06-30"
               and "01_jokowi_putin_kremlin" in r["ids"] for r in everything)
    assert all(int(r["articles"]) >= 2 for r in rows(store, "several_sources", min="2"))


def test_one_meeting_told_by_two_articles_is_one_event_with_two_sources(runner, tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("first", "second"):
        shutil.copy(SAMPLES / "articles" / "01_jokowi_putin_kremlin.txt", tmp_path / "in" / f"{name}.txt")
    assert runner.invoke(main, ["--quiet", "ingest", "--store", str(tmp_path / "s"), str(tmp_path / "in")]).exit_code == 0
    with open_store(tmp_path / "s", create=False) as two:
        found = rows(two, "several_sources", min="2")
    meeting = [r for r in found if pair(r, "source", "target") == {"joko-widodo", "vladimir-putin"} and r["date"] == "2022-06-30"]
    assert meeting and set(meeting[0]["ids"].split(", ")) == {"first", "second"}


def test_events_with_their_evidence_and_sources(store):
    found = rows(store, "evidence", type="consult")
    assert found and all(r["type"] == "CONSULT" for r in found)
    kremlin = [r for r in found if r["article"] == "01_jokowi_putin_kremlin" and r["date"] == "2022-06-30"
               and pair(r, "source", "target") == {"joko-widodo", "vladimir-putin"}]
    assert kremlin and all(r["issued"] == "2022-06-30" and r["evidence"] for r in kremlin)
    assert any("Putin" in r["evidence"] for r in kremlin)


def test_evidence_narrows_to_a_period_when_asked(store):
    everything = rows(store, "evidence", type="CONSULT")
    june = rows(store, "evidence", type="CONSULT", **{"from": "2022-06", "to": "2022-06-30"})
    assert june and all(r["date"].startswith("2022-06") for r in june)
    assert {r["event"] for r in june} < {r["event"] for r in everything}
    since = rows(store, "evidence", type="CONSULT", **{"from": "2024"})
    assert since and all(r["date"] >= "2024" for r in since) and all(r["to"] == "" for r in since)


def test_search_finds_the_kremlin_sentence_whatever_the_case(store):
    found = rows(store, "search", text="kremlin")
    assert any(r["article"] == "01_jokowi_putin_kremlin" and "Kremlin" in r["evidence"] for r in found)
    assert all("kremlin" in r["evidence"].lower() for r in found)


# parameters ------------------------------------------------------------------------------------

def test_actors_resolve_by_label_alias_iri_and_prefixed_name(store):
    putin = ox.NamedNode(ENT + "vladimir-putin")
    for name in ("Vladimir Putin", "putin", "  Presiden Putin ", "ent:vladimir-putin", ENT + "vladimir-putin",
                 f"<{ENT}vladimir-putin>"):
        assert resolve_actor(store, name) == putin, name
    assert resolve_actor(store, "Rusia") == ox.NamedNode(ENT + "russia")


def test_an_unknown_actor_is_named_in_the_error(store):
    with pytest.raises(ReadyQueryError, match=r"parameter b: no actor named 'Nobody Atall'"):
        rows(store, "timeline", a="Putin", b="Nobody Atall")
    with pytest.raises(ReadyQueryError, match="no actor named"):
        resolve_actor(store, "ent:moscow")  # a place, not an actor


def test_an_ambiguous_name_goes_to_the_most_mentioned_actor():
    with open_store("memory") as mem:
        quads = []
        for slug, mentions in (("ana-one", 1), ("ana-two", 3)):
            actor = ox.NamedNode(ENT + slug)
            for n in range(mentions):
                doc = ox.NamedNode(f"{DOC}{slug}-{n}")
                quads += [ox.Quad(doc, ox.NamedNode(POROS + "mentions"), actor, doc)]
            quads += [ox.Quad(actor, ox.NamedNode(RDF + "type"), ox.NamedNode(POROS + "Person")),
                      ox.Quad(actor, ox.NamedNode(SKOS + "altLabel"), ox.Literal("Ana"))]
        mem.backend.extend(quads)
        assert resolve_actor(mem, "ana") == ox.NamedNode(ENT + "ana-two")


@pytest.mark.parametrize("value,datatype", [("2022", "gYear"), ("2022-06", "gYearMonth"), ("2022-06-30", "date")])
def test_dates_become_typed_literals(value, datatype):
    assert date_literal(value) == ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


@pytest.mark.parametrize("value", ["2022-13", "2022-02-30", "22", "2022/06/30", "June 2022", "", "2022-06-30T00:00"])
def test_bad_dates_are_refused(value):
    with pytest.raises(ReadyQueryError, match="is not a date"):
        date_literal(value, "from")


def test_a_period_keeps_events_whose_year_or_month_overlaps_it():
    with open_store("memory") as mem:
        a, b = ox.NamedNode(ENT + "a"), ox.NamedNode(ENT + "b")
        quads = [ox.Quad(a, ox.NamedNode(RDF + "type"), ox.NamedNode(POROS + "State")),
                 ox.Quad(a, ox.NamedNode(RDFS + "label"), ox.Literal("Alpha", language="en"))]
        for value, datatype in (("2022", "gYear"), ("2022-06", "gYearMonth"), ("2022-06-15", "date"), ("2023-01-02", "date")):
            event = ox.NamedNode(EVENT + value)
            quads += [ox.Quad(event, ox.NamedNode(RDF + "type"), ox.NamedNode(POROS + "Event")),
                      ox.Quad(event, ox.NamedNode(POROS + "ploverType"), ox.Literal("CONSULT")),
                      ox.Quad(event, ox.NamedNode(POROS + "source"), a),
                      ox.Quad(event, ox.NamedNode(POROS + "target"), b),
                      ox.Quad(event, ox.NamedNode(POROS + "date"), ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)))]
        mem.backend.extend(quads)

        def dates(start: str, end: str) -> list[str]:
            return [r["date"] for r in rows(mem, "meetings", leader="Alpha", **{"from": start, "to": end})]

        assert dates("2022-06-10", "2022-06-20") == ["2022", "2022-06", "2022-06-15"]
        assert dates("2022-07", "2022-12-31") == ["2022"]
        assert dates("2022-06-16", "2022-06") == ["2022", "2022-06"]
        assert dates("2023", "2023") == ["2023-01-02"]
        assert dates("2021", "2021-12-31") == []


def test_types_and_integers_are_checked(store):
    with pytest.raises(ReadyQueryError, match="'MEET' is not a PLOVER type"):
        rows(store, "evidence", type="MEET")
    with pytest.raises(ReadyQueryError, match="'two' is not a whole number"):
        rows(store, "top_pairs", min="two")


def test_missing_and_unknown_parameters(store):
    with pytest.raises(ReadyQueryError, match=r"query 'timeline' needs parameter b \(actor"):
        rows(store, "timeline", a="Putin")
    with pytest.raises(ReadyQueryError, match="query 'timeline' has no parameter 'c'"):
        rows(store, "timeline", a="Putin", b="Xi", c="x")
    with pytest.raises(ReadyQueryError, match="no ready query named 'nope'"):
        load_query("nope")
    with pytest.raises(ReadyQueryError, match="no ready query named"):
        load_query("../checks/event_type")
    assert issubclass(ReadyQueryError, PorosError)


# binding safety --------------------------------------------------------------------------------

def _size(store) -> int:
    return len(store.backend)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_string_only_fails_to_match(store, value):
    before = _size(store)
    assert rows(store, "search", text=value) == []
    assert _size(store) == before


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_actor_is_just_an_unknown_actor(store, value):
    with pytest.raises(ReadyQueryError, match="no actor named"):
        rows(store, "timeline", a=value, b="Xi Jinping")


def test_values_reach_the_store_as_substitutions_never_as_text(store, monkeypatch):
    seen: list[tuple[str, dict]] = []
    query = store.query
    monkeypatch.setattr(store, "query", lambda text, substitutions=None: seen.append((text, substitutions)) or query(text, substitutions))
    value = 'Kremlin" } ; DROP ALL ; #'
    indexed: list[tuple[str, dict]] = []
    tsv = event_index._tsv
    monkeypatch.setattr(event_index, "_tsv", lambda store, text, substitutions=None, union=True: indexed.append(
        (text, substitutions)) or tsv(store, text, substitutions, union))
    assert rows(store, "search", text=value) == []  # from the event index
    assert (ox.Literal(value) in [t for _, subs in indexed for t in (subs or {}).values()])
    assert all("Kremlin" not in text for text, _ in indexed)
    monkeypatch.setattr(event_index, "opened", lambda store, build=True: nullcontext(None))  # as a store without an index does
    rows(store, "search", text=value)
    assert seen[-1][0] == load_query("search").sparql
    assert seen[-1][1] == {ox.Variable("text"): ox.Literal(value)}
    seen.clear()
    with pytest.raises(ReadyQueryError):
        rows(store, "timeline", a='Putin" } #', b="Xi")
    assert all('Putin" }' not in text for text, _ in seen)


# the library itself ----------------------------------------------------------------------------

REQUIRED = {"timeline", "meetings", "events_per_type_year", "top_pairs", "office_holders", "forum_members",
            "neighbourhood", "several_sources", "evidence"}


def test_the_library_has_the_ready_questions_and_the_readme_lists_them():
    names = {q.name for q in list_queries()}
    assert REQUIRED <= names
    readme = (queries_dir() / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in names)
    assert {p.kind for q in list_queries() for p in q.params} == set(KINDS)


@pytest.mark.parametrize("ready", list_queries(), ids=lambda q: q.name)
def test_every_query_parses_and_uses_every_parameter(ready):
    assert ready.title and ready.answers
    body = "\n".join(line for line in ready.sparql.splitlines() if not line.lstrip().startswith("#"))
    projection = re.search(r"SELECT(.*?)WHERE", body, re.DOTALL | re.IGNORECASE).group(1)
    for param in ready.params:
        assert re.search(rf"\?{param.name}\b", body.replace(projection, "")), f"{ready.name}: ?{param.name} unused"
        assert re.search(rf"\?{param.name}\b(?!\s*\))", projection), f"{ready.name}: ?{param.name} not projected"
    ox.Store().query(ready.sparql, prefixes=PREFIXES, use_default_graph_as_union=True)


@pytest.mark.parametrize("ready", list_queries(), ids=lambda q: q.name)
def test_every_example_runs_on_the_samples_and_answers(store, ready):
    found = rows(store, ready.name, **ready.examples())
    if ready.name != "several_sources":  # no two sample articles must report the same event
        assert found, f"{ready.name} gives nothing for its examples"


def test_an_option_may_be_left_out_and_stays_unbound(store, tmp_path):
    ready = parse_query('# title: T\n# answers: A\n# param: a actor "Putin"\n# option: on date "2022" -- a day\n'
                        "SELECT ?a ?on WHERE {}", tmp_path / "x.rq")
    assert [(p.name, p.optional) for p in ready.params] == [("a", False), ("on", True)]
    assert bind(store, ready, {"a": "Putin"}) == {ox.Variable("a"): ox.NamedNode(ENT + "vladimir-putin")}
    assert bind(store, ready, {"a": "Putin", "on": "2022"})[ox.Variable("on")] == date_literal("2022")
    with pytest.raises(ReadyQueryError, match="is not a date"):
        bind(store, ready, {"a": "Putin", "on": "soon"})
    with pytest.raises(ReadyQueryError, match=r"needs parameter a \(actor"):
        bind(store, ready, {"on": "2022"})


def test_a_malformed_header_is_refused(tmp_path):
    with pytest.raises(ReadyQueryError, match="no '# answers:' line"):
        parse_query("# title: T\nSELECT * WHERE {}", tmp_path / "x.rq")
    with pytest.raises(ReadyQueryError, match="unknown kind 'colour'"):
        parse_query('# title: T\n# answers: A\n# param: c colour "red"\nSELECT ?c WHERE {}', tmp_path / "x.rq")
    with pytest.raises(ReadyQueryError, match="cannot read"):
        parse_query("# title: T\n# answers: A\n# param: c string red\nSELECT ?c WHERE {}", tmp_path / "x.rq")
    parsed = parse_query('# title: T\n# answers: A\n# param: c string "red" -- a colour\nSELECT ?c WHERE {}', tmp_path / "x.rq")
    assert parsed.params[0].description == "a colour" and parsed.name == "x"


# the CLI ---------------------------------------------------------------------------------------


def test_cli_lists_the_ready_questions(runner):
    output = run(runner, "query", "--list").output
    for ready in list_queries():
        assert f"{ready.name}  {ready.title}" in output
    assert '--param a="Vladimir Putin"  (actor)' in output


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_cli_runs_a_ready_question_in_every_format(runner, sample_store, fmt):
    output = run(runner, "query", "--store", sample_store, "--name", "timeline", "--param", "a=Vladimir Putin",
                 "--param", "b=Xi Jinping", "--format", fmt).output
    assert "2024-07-03" in output and "xi-jinping" in output
    if fmt == "json":
        bindings = json.loads(output)["results"]["bindings"]
        assert any(b["type"]["value"] == "CONSULT" and b["date"]["value"] == "2024-07-03" for b in bindings)


def test_cli_writes_a_ready_answer_to_a_file(runner, sample_store, tmp_path):
    out = tmp_path / "held.csv"
    run(runner, "query", "--store", sample_store, "--name", "office_holders", "--param", "state=Russia",
        "--param", "on=2022-02-24", "--format", "csv", "-o", out)
    assert "head_of_state,https://w3id.org/poros/entity/vladimir-putin" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("args,message", [
    (["--name", "nope"], "no ready query named 'nope'"),
    (["--name", "timeline", "--param", "a=Putin"], "needs parameter b"),
    (["--name", "timeline", "--param", "a=Putin", "--param", "b=Xi", "--param", "c=1"], "has no parameter 'c'"),
    (["--name", "meetings", "--param", "leader=Jokowi", "--param", "from=2022-13", "--param", "to=2022"],
     "parameter from: '2022-13' is not a date"),
    (["--name", "timeline", "--param", "a=Putin", "--param", "b=Nobody Atall"], "no actor named 'Nobody Atall'"),
    (["--name", "evidence", "--param", "type=MEET"], "is not a PLOVER type"),
    (["--name", "top_pairs", "--param", "min"], "a parameter is NAME=VALUE"),
])
def test_cli_errors_are_one_line(runner, sample_store, args, message):
    line = one_line_error(run(runner, "query", "--store", sample_store, *args, ok=False))
    assert line.startswith("Error: ") and message in line, line


def test_cli_usage_mistakes(runner, sample_store):
    for args in (["--param", "a=1", "ASK {}"], ["--name", "timeline", "ASK {}"], []):
        result = run(runner, "query", "--store", sample_store, *args, ok=False)
        assert result.exit_code == 2 and "Traceback" not in result.output


def test_cli_plain_queries_still_work(runner, sample_store, tmp_path):
    assert run(runner, "query", "--store", sample_store, "ASK { ?x a poros:Event }").output == "true\n"
    rq = write(tmp_path / "q.rq", "SELECT (COUNT(*) AS ?n) WHERE { ?d a poros:Document }")
    assert run(runner, "query", "--store", sample_store, "-f", rq, "--format", "csv").output.split() == ["n", "15"]
