"""Kept answers (graph/kept.py): a `# keep:` question answers from one answer worked out per state
of the store, gives exactly what its query gives at every threshold, and never answers from a kept
answer of other data."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import (
    ROOT,
    SAMPLES,
    one_line_error,
    run,
    samples_store,
    shared_events,
    write,
)

from graph.api import Poros
from graph.cli import main
from graph.kept import Keep, parse_keep
from graph.queries import (
    ReadyQueryError,
    bind,
    list_queries,
    load_query,
    parse_query,
    run_query,
)
from graph.store import ANSWERS, open_read_only, open_store

sys.path.insert(0, str(ROOT / "scripts"))
import bench_queries  # the benchmark's synthetic store

KEPT = ["events_per_type_year", "several_sources", "top_pairs"]


def kept_names() -> list[str]:
    return sorted(q.name for q in list_queries() if q.keep is not None)


def rows(result) -> list[tuple]:
    """The rows in their order; top_pairs's ?types (a GROUP_CONCAT) as its parts, sorted."""
    names = [v.value for v in result.variables]
    return [tuple(_parts(row[n]) if n == "types" else row[n] for n in names) for row in result]


def _parts(term):
    return None if term is None else (tuple(sorted(term.value.split(", "))), term.language)


def own_answer(store, name: str, values: dict[str, str]) -> list[tuple]:
    """What the question's query gives when run as it is, with no kept answer."""
    query = load_query(name)
    return rows(store.query(query.sparql, substitutions=bind(store, query, values)))


def thresholds(answer: list[tuple], column: int) -> list[int]:
    counts = sorted({int(row[column].value) for row in answer})
    return sorted({-3, 0, 1, 2, *counts, *(c + 1 for c in counts)})


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    return samples_store(tmp_path_factory.mktemp("kept") / "store")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """The benchmark's synthetic news (thousands of pairs: top_pairs is cut by its LIMIT), plus
    events that many articles report (several_sources is cut by its LIMIT at several thresholds)."""
    path = tmp_path_factory.mktemp("kept-synthetic") / "store"
    with bench_queries.synthetic_store(path, 60_000, seed=7) as store:
        store.backend.extend(shared_events(2000, reports=40))
    return path


def test_the_shipped_questions_that_keep_their_answers() -> None:
    assert kept_names() == KEPT
    assert load_query("top_pairs").keep == Keep("events", "min", 1)
    assert load_query("several_sources").keep == Keep("articles", "min", 1)
    assert load_query("events_per_type_year").keep == Keep()


@pytest.mark.parametrize("store_fixture", ["samples", "synthetic"])
def test_kept_answers_equal_the_query_at_every_threshold(store_fixture: str, request) -> None:
    path = request.getfixturevalue(store_fixture)
    with open_read_only(path) as store:
        assert store.data_stamp() is not None
        for name, column in (("top_pairs", 2), ("several_sources", 5)):
            at_one = own_answer(store, name, {"min": "1"})
            assert at_one, name
            for least in thresholds(at_one, column):
                assert rows(run_query(store, name, {"min": str(least)})) == own_answer(store, name, {"min": str(least)}), \
                    (name, least)
        assert rows(run_query(store, "events_per_type_year")) == own_answer(store, "events_per_type_year", {})
    assert sorted(p.stem for p in (path / ANSWERS).glob("*.json")) == KEPT


def test_the_synthetic_lists_are_cut_by_their_limits(synthetic: Path) -> None:
    # else the threshold test above would not show that filtering the kept rows equals the LIMIT's cut
    with open_read_only(synthetic) as store:
        assert len(own_answer(store, "top_pairs", {"min": "1"})) == 100
        assert len(own_answer(store, "several_sources", {"min": "1"})) == 500
        assert len(own_answer(store, "several_sources", {"min": "5"})) == 500
        assert 0 < len(own_answer(store, "several_sources", {"min": "7"})) < 500


def test_a_later_reader_answers_from_the_kept_file(samples: Path) -> None:
    with open_read_only(samples) as store:
        truth = rows(run_query(store, "top_pairs", {"min": "2"}))
    kept_file = samples / ANSWERS / "top_pairs.json"
    kept = json.loads(kept_file.read_text())
    kept["answer"]["results"]["bindings"] = kept["answer"]["results"]["bindings"][:1]
    kept_file.write_text(json.dumps(kept))  # a kept answer made to differ shows which one is read
    with open_read_only(samples) as store:
        assert rows(run_query(store, "top_pairs", {"min": "2"})) == truth[:1]
    kept_file.unlink()


def test_a_write_makes_the_next_ask_work_the_answer_out_again(tmp_path: Path) -> None:
    path = tmp_path / "store"
    first, *rest = sorted((SAMPLES / "articles").glob("*.txt"))
    run(CliRunner(), "--quiet", "ingest", "--store", str(path), *map(str, rest))
    with open_read_only(path) as store:
        before = rows(run_query(store, "top_pairs", {"min": "1"}))
    run(CliRunner(), "--quiet", "ingest", "--store", str(path), str(first))
    with open_read_only(path) as store:
        after = rows(run_query(store, "top_pairs", {"min": "1"}))
        assert after == own_answer(store, "top_pairs", {"min": "1"})
    assert after != before
    with open_store(path, create=False) as store:
        store.remove_article(first.stem)
    with open_read_only(path) as store:
        assert rows(run_query(store, "top_pairs", {"min": "1"})) == before


def test_the_writing_handle_keeps_answers_until_it_writes(tmp_path: Path) -> None:
    first, *rest = sorted((SAMPLES / "articles").glob("*.txt"))
    with Poros(tmp_path / "store") as db:
        db.ingest(*rest)
        before = db.ask("events_per_type_year")
        assert db.ask("events_per_type_year") == before
        assert (tmp_path / "store" / ANSWERS / "events_per_type_year.json").is_file()
        db.ingest(first)
        after = db.ask("events_per_type_year")
        assert after != before
        assert rows(run_query(db.store, "events_per_type_year")) == own_answer(db.store, "events_per_type_year", {})


def test_a_read_only_handle_answers_for_its_own_snapshot(tmp_path: Path) -> None:
    first, *rest = sorted((SAMPLES / "articles").glob("*.txt"))
    path = tmp_path / "store"
    run(CliRunner(), "--quiet", "ingest", "--store", str(path), *map(str, rest))
    with open_read_only(path) as old:
        run(CliRunner(), "--quiet", "ingest", "--store", str(path), str(first))
        assert rows(run_query(old, "events_per_type_year")) == own_answer(old, "events_per_type_year", {})
        with open_read_only(path) as new:
            assert rows(run_query(new, "events_per_type_year")) == own_answer(new, "events_per_type_year", {})
            assert own_answer(new, "events_per_type_year", {}) != own_answer(old, "events_per_type_year", {})


def test_memory_and_unwritable_folders_keep_nothing_and_answer_right(samples: Path, tmp_path: Path) -> None:
    with Poros() as db:
        db.ingest(*sorted((SAMPLES / "articles").glob("*.txt"))[:3])
        assert db.store.data_stamp() is None
        assert db.ask("top_pairs", min=1)
    copy = tmp_path / "copy"
    run(CliRunner(), "--quiet", "ingest", "--store", str(copy), str(SAMPLES))
    shutil.rmtree(copy / ANSWERS)  # the write log of the ingest
    write(copy / ANSWERS, "not a folder")
    with open_read_only(copy) as store:
        assert rows(run_query(store, "top_pairs", {"min": "2"})) == own_answer(store, "top_pairs", {"min": "2"})
    assert (copy / ANSWERS).read_text() == "not a folder"


def test_an_unreadable_kept_file_is_worked_out_again(samples: Path) -> None:
    with open_read_only(samples) as store:
        run_query(store, "several_sources", {"min": "1"})
    kept_file = samples / ANSWERS / "several_sources.json"
    for junk in ("{", "[]", '{"query": 1}', "\x00\xff"):
        kept_file.write_text(junk, encoding="latin-1")
        with open_read_only(samples) as store:
            assert rows(run_query(store, "several_sources", {"min": "2"})) == own_answer(store, "several_sources", {"min": "2"})
        assert json.loads(kept_file.read_text())["answer"]["head"]["vars"][0] == "event"


def test_the_cli_answers_from_the_kept_answer(samples: Path) -> None:
    args = ["query", "--store", str(samples), "--name", "top_pairs", "--param", "min=2", "--format", "json"]
    first = run(CliRunner(), *args).output
    assert run(CliRunner(), *args).output == first
    assert '"min"' in first and '"value":"2"' in first.replace(" ", "")


def test_keep_lines_are_checked() -> None:
    assert parse_keep("all", {}) == Keep()
    assert parse_keep("events >= min from 1", {"min": "integer"}) == Keep("events", "min", 1)
    for bad, params in (("all", {"min": "integer"}), ("sometimes", {}), ("events >= min", {"min": "integer"}),
                        ("events >= min from 1", {"min": "string"}), ("events >= n from 1", {"min": "integer"}),
                        ("events >= min from 1", {"min": "integer", "type": "type"})):
        with pytest.raises(ValueError):
            parse_keep(bad, params)
    header = '# title: t\n# answers: a\n# param: min integer "2"\n# keep: all\nSELECT ?min WHERE {}\n'
    with pytest.raises(ReadyQueryError, match="without parameters"):
        parse_query(header, Path("x.rq"))


def test_a_threshold_below_the_kept_value_runs_the_query(samples: Path) -> None:
    keep = Keep("events", "min", 1)
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    assert keep.covers({ox.Variable("min"): ox.Literal("1", datatype=integer)})
    assert not keep.covers({ox.Variable("min"): ox.Literal("0", datatype=integer)})
    assert not keep.covers({})
    assert Keep().covers({}) and not Keep().covers({ox.Variable("x"): ox.Literal("1")})


def test_an_answer_is_kept_at_the_lowest_value_asked(synthetic: Path, tmp_path: Path) -> None:
    # a first ask works its answer out at its own value (what the query costs), and an ask below the
    # kept value works out and keeps a new one; asks at or above it read it, rewriting nothing
    path = tmp_path / "store"
    shutil.copytree(synthetic, path, ignore=shutil.ignore_patterns(ANSWERS))
    kept_file = path / ANSWERS / "several_sources.json"
    with open_read_only(path) as store:
        for least, kept_at in ((7, 7), (9, 7), (5, 5), (7, 5), (1, 1), (6, 1), (0, 1)):
            assert rows(run_query(store, "several_sources", {"min": str(least)})) == \
                own_answer(store, "several_sources", {"min": str(least)}), least
            assert json.loads(kept_file.read_text())["at"] == kept_at, least
        kept = json.loads(kept_file.read_text())
        kept["answer"]["results"]["bindings"] = []
        kept_file.write_text(json.dumps(kept))  # an emptied kept answer shows when it is read
        assert rows(run_query(store, "several_sources", {"min": "3"})) == []
        del kept["at"]
        kept_file.write_text(json.dumps(kept))  # a kept file that does not say its value is not read
        assert rows(run_query(store, "several_sources", {"min": "3"})) == own_answer(store, "several_sources", {"min": "3"})
        assert json.loads(kept_file.read_text())["at"] == 3


def test_a_bad_value_is_still_one_line(samples: Path) -> None:
    result = CliRunner().invoke(main, ["query", "--store", str(samples), "--name", "top_pairs", "--param", "min=lots"])
    assert result.exit_code != 0
    assert "not a whole number" in one_line_error(result)
