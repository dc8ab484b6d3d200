"""Shared fixtures: paths, a fresh store folder, a CLI runner."""
from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.rdf.terms import DCTERMS, ENT, EVENT, POROS, PROV, XSD, document_iri

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture(autouse=True)
def _no_store_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POROS_STORE", raising=False)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not (SHARED / "corpus" / "dev").is_dir() and not os.environ.get("CI"),
                              reason="../shared is not beside the project")


def run(runner: CliRunner, *args, ok: bool = True):
    """Invoke the CLI with these arguments; with `ok`, insist it succeeded."""
    from graph.cli import main

    result = runner.invoke(main, list(map(str, args)), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def one_line_error(result) -> str:
    """The one line a failed command printed (and that it printed only one, with no traceback)."""
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def samples_store(path: Path) -> Path:
    """A store at `path` holding the bundled sample articles, ingested as `poros ingest` does."""
    from graph.cli import main

    result = CliRunner().invoke(main, ["--quiet", "ingest", "--store", str(path), str(SAMPLES)])
    assert result.exit_code == 0, result.output
    return path


def shared_events(count: int, reports: int) -> list[ox.Quad]:
    """Poros-shaped graphs of `reports` articles and `count` CONSULT events between states a0-a2 and
    b0-b4: event i is reported by 1 + i % 7 articles (shared-report-(i + k) % reports), each of whose
    graphs states the event again with a sentence of its own; three events in four are dated (ties in
    count and date abound)."""
    node, lit = ox.NamedNode, ox.Literal
    rdf_type, label = node("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), node("http://www.w3.org/2000/01/rdf-schema#label")
    quads = []
    for i in range(count):
        event = node(f"{EVENT}shared-{i}")
        source, target = node(f"{ENT}shared-a{i % 3}"), node(f"{ENT}shared-b{i % 5}")
        for k in range(1 + i % 7):
            name = f"shared-report-{(i + k) % reports}"
            doc = node(document_iri(name))
            quads += [ox.Quad(doc, rdf_type, node(POROS + "Document"), doc),
                      ox.Quad(doc, node(DCTERMS + "identifier"), lit(name), doc),
                      ox.Quad(event, rdf_type, node(POROS + "Event"), doc),
                      ox.Quad(event, node(PROV + "wasDerivedFrom"), doc, doc),
                      ox.Quad(event, node(POROS + "ploverType"), lit("CONSULT"), doc),
                      ox.Quad(event, node(POROS + "source"), source, doc),
                      ox.Quad(event, node(POROS + "target"), target, doc),
                      ox.Quad(event, node(POROS + "evidence"), lit(f"{name} reports shared event {i}."), doc)]
            for actor in (source, target):
                quads += [ox.Quad(actor, rdf_type, node(POROS + "State"), doc),
                          ox.Quad(actor, label, lit(actor.value.rsplit("/", 1)[1], language="en"), doc)]
            if i % 4:
                quads.append(ox.Quad(event, node(POROS + "date"), lit(f"2020-0{1 + i % 9}", datatype=node(
                    XSD + "gYearMonth")), doc))
    return quads
