#!/usr/bin/env python3
"""Extract a corpus with poros and score it against gold, overall and per language.

    python scripts/score_by_language.py --corpus ../shared/corpus/dev --gold ../shared/eval/gold/dev \\
        [--scorer ../shared/eval/score.py] [--graph existing.ttl]

The scorer is the shared one (its path is an argument, so the product does not depend on it).
Gold files carry their language ("lang"); each language is scored on its own articles.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

LEVELS = ("actors", "places", "roles", "relations", "events_typed", "events_dated")


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("poros_shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_subsets(gold: Path) -> dict[str, list[Path]]:
    subsets: dict[str, list[Path]] = {"all": []}
    for path in sorted(gold.glob("*.json")):
        lang = json.loads(path.read_text(encoding="utf-8")).get("lang") or "?"
        subsets["all"].append(path)
        subsets.setdefault(lang, []).append(path)
    return subsets


def score_subset(scorer, graph, files: list[Path]) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        for path in files:
            (Path(folder) / path.name).write_bytes(path.read_bytes())
        return scorer.score(graph, scorer.load_gold(folder), verbose=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, help="articles to extract (skipped with --graph)")
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--scorer", type=Path, default=Path("../shared/eval/score.py"))
    ap.add_argument("--graph", type=Path, help="score this graph instead of extracting")
    args = ap.parse_args()
    scorer = load_scorer(args.scorer)
    with tempfile.TemporaryDirectory() as folder:
        graph_path = args.graph or Path(folder) / "graph.ttl"
        if args.graph is None:
            if args.corpus is None:
                ap.error("give --corpus or --graph")
            poros = Path(sys.executable).with_name("poros")
            subprocess.run([str(poros), "--quiet", "extract", str(args.corpus), "-o", str(graph_path)], check=True)
        graph = scorer.load_graph([str(graph_path)])
        print(f"{'subset':8} {'articles':>8} " + " ".join(f"{level:>13}" for level in LEVELS) + "   dedup")
        for name, files in gold_subsets(args.gold).items():
            result = score_subset(scorer, graph, files)
            cells = " ".join(f"{result[level]['f1']:13.3f}" for level in LEVELS)
            dedup = result["dedup"]
            print(f"{name:8} {len(files):8} {cells}   {dedup['merged']}/{dedup['groups']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
