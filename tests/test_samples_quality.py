"""Events on the bundled sample articles, which the rules were not tuned on, against samples/expected.tsv."""
from __future__ import annotations

import importlib.util

from conftest import ROOT


def test_sample_articles_keep_their_event_scores():
    spec = importlib.util.spec_from_file_location("score_samples", ROOT / "scripts" / "score_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.score()
    assert result["events_typed.r"] >= 0.40, result
    assert result["events_typed.f1"] >= 0.32, result
