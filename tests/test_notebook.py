"""The quickstart notebook runs top to bottom in a real kernel, and its outputs say what they should."""
from __future__ import annotations

import pytest

from tests.conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"


@pytest.fixture(scope="module")
def executed():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def text_of(cell) -> str:
    parts = []
    for output in cell.outputs:
        parts.append(output.get("text", ""))
        parts.extend(str(v) for k, v in output.get("data", {}).items() if k in ("text/plain", "text/html"))
    return "\n".join(parts)


def kinds_of(cell) -> set[str]:
    return {kind for output in cell.outputs for kind in output.get("data", {})}


def test_no_cell_fails(executed):
    errors = [o for cell in executed for o in cell.outputs if o.output_type == "error"]
    assert errors == []


def test_the_sample_articles_go_in(executed):
    assert "ingested 15 articles" in text_of(executed[0])
    assert "15 articles" in text_of(executed[1]) and "CONSULT" in text_of(executed[1])


def test_the_ready_questions_are_listed_and_answer(executed):
    listed = text_of(executed[2])
    for name in ("timeline", "top_pairs", "office_holders", "forum_members"):
        assert name in listed
    assert "text/html" in kinds_of(executed[3]) and "text/html" in kinds_of(executed[4])  # tables
    assert "<td>" in text_of(executed[4])  # the busiest pair has a timeline
    assert "Joko Widodo" in text_of(executed[5])  # Indonesia's head of state on 2022-06-29
    members = text_of(executed[6])
    assert "Brazil" in members and "Egypt" in members  # a founding member, and one of 2024


def test_the_timeline_is_plotted(executed):
    assert "image/png" in kinds_of(executed[7])


def test_the_view_shows_inline(executed):
    html = text_of(executed[8])
    assert '<iframe sandbox="allow-scripts allow-popups"' in html and "actors" in text_of(executed[8])
