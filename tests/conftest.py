"""Shared fixtures: paths, a fresh store folder, a CLI runner."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

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

