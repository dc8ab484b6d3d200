"""The shipped knowledge base is checkable data: well-formed, consistent, and valid against the shapes."""
from __future__ import annotations

import re
from collections import defaultdict

import pytest

from graph.kb import load_knowledge_base
from graph.rdf.terms import ENT

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def first_day(value: str) -> str:
    return value + "-01-01"[len(value) - 4:]


def last_day(value: str) -> str:
    return value + "-12-31"[len(value) - 4:]


def test_every_office_term_is_well_formed(kb):
    assert len(kb.tenures) > 800
    for term in kb.tenures:
        assert term.subject in kb.entities and kb.entities[term.subject].kind == "Person", term
        assert term.object in kb.entities and kb.entities[term.object].kind in ("State", "Organization"), term
        assert term.start and DATE.match(term.start), term
        assert term.end is None or (DATE.match(term.end) and first_day(term.start) <= last_day(term.end)), term


def test_office_terms_do_not_overlap_per_office(kb):
    by_office = defaultdict(list)
    for term in kb.tenures:
        by_office[(term.object, term.kind)].append(term)
    for office, terms in by_office.items():
        terms.sort(key=lambda t: first_day(t.start))
        for before, after in zip(terms, terms[1:]):
            assert before.end is not None, (office, before.subject, "open term followed by", after.subject)
            # a handover day may end one term and start the next; partial dates may share a month or year
            assert first_day(before.end) <= first_day(after.start) or before.end[:7] == after.start[:7] \
                or before.end[:4] == after.start[:4], (office, before, after)


def test_every_membership_links_known_parties_with_well_formed_dates(kb):
    assert len(kb.memberships) > 600
    for m in kb.memberships:
        assert kb.entities[m.object].kind == "Organization", m
        assert kb.entities[m.subject].kind in ("State", "Organization"), m
        assert m.kind in {"member", "observer", "partner", "dialogue-partner", "candidate"}, m
        for value in (m.start, m.end):
            assert value is None or DATE.match(value), m


def test_every_state_has_an_english_and_an_indonesian_label_and_a_capital(kb):
    states = kb.of_kind("State")
    assert len(states) == 197
    for state in states:
        assert {lang for _, lang in state.labels} >= {"en", "id"}, state.iri
    capitals = {e.stands_for for e in kb.of_kind("Place") if e.stands_for}
    assert {s.iri for s in states} <= capitals


def test_well_known_facts(kb):
    def holders(state, office, day):
        return {t.subject.removeprefix(ENT) for t in kb.holders(ENT + state, (office,), day)}

    assert holders("russia", "head_of_state", "2022-02-24") == {"vladimir-putin"}
    assert holders("russia", "head_of_state", "2010-01-01") == {"dmitry-medvedev"}
    assert holders("indonesia", "head_of_state", "2024-10-21") == {"prabowo-subianto"}
    members = {m.subject.removeprefix(ENT) for m in kb.memberships
               if m.object == ENT + "asean" and m.kind == "member" and m.holds_on("2023-09-05")}
    assert len(members) == 10 and "timor-leste" not in members


def test_the_shipped_knowledge_base_conforms_to_the_shapes(kb):
    import rdflib

    from graph.validate import validate_graph

    graph = rdflib.Graph()
    for path in kb.files:
        graph.parse(path, format="turtle")
    assert validate_graph(graph) == []
