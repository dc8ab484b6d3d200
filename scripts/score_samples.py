#!/usr/bin/env python3
"""Score the bundled sample articles against samples/expected.tsv: a check on articles the rules
were not tuned on.

    python scripts/score_samples.py [--verbose]

expected.tsv lists, per article, the interactions an analyst reads (actor A, actor B, PLOVER type,
date). Pairs are unordered (the samples' table does not fix direction); a person and the state they
lead count as the same party, as in the shared scorer.
"""
from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph import extract_article, load_knowledge_base, read_paths  # noqa: E402
from graph.model import Article  # noqa: E402
from graph.rdf.terms import entity_iri  # noqa: E402


def norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    print(" ".join(f"{k}={v:.3f}" for k, v in score(verbose=args.verbose).items()))
    return 0


def score(verbose: bool = False) -> dict[str, float]:
    kb = load_knowledge_base()
    names = {norm(text): e.iri for e in kb.entities.values() for text, _ in (*e.labels, *e.alt_labels)}
    gold: dict[str, set[tuple]] = {}
    with (ROOT / "samples" / "expected.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            a = names.get(norm(row["actor_a"])) or entity_iri(row["actor_a"])
            b = names.get(norm(row["actor_b"])) or entity_iri(row["actor_b"])
            gold.setdefault(row["article"], set()).add((row["plover"], frozenset((a, b)), row["date"] or None))
    found: dict[str, set[tuple]] = {}
    leads: set[tuple[str, str]] = set()
    for item in read_paths([ROOT / "samples"]):
        if isinstance(item, Article):
            extraction = extract_article(item, kb)
            found[item.id] = {(e.type, frozenset((e.source, e.target)), e.date) for e in extraction.events}
            leads |= {(r.subject, r.object) for r in extraction.roles if r.property.endswith("leaderOf")}
    same = lambda x, y: x == y or (x, y) in leads or (y, x) in leads  # noqa: E731

    def match(p, g, dated):
        return p[0] == g[0] and (not dated or p[2] == g[2]) and len(p[1]) == len(g[1]) == 2 and (
            any(all(same(a, b) for a, b in zip(sorted(p[1]), order)) for order in (sorted(g[1]), sorted(g[1])[::-1])))

    result = {}
    for level, dated in (("events_typed", False), ("events_dated", True)):
        tp = n_pred = n_gold = 0
        for article, want in gold.items():
            pred = set(found.get(article, set()))
            n_pred += len({(p[0], p[1]) for p in pred}) if not dated else len(pred)
            n_gold += len({(g[0], g[1]) for g in want}) if not dated else len(want)
            left = sorted(pred, key=str)
            for g in sorted(want, key=str) if dated else sorted({(g[0], g[1], None) for g in want}, key=str):
                hit = next((p for p in left if match(p, g, dated)), None)
                if hit:
                    tp += 1
                    left.remove(hit)
                elif verbose:
                    print(f"  {article} {level} MISSED {g[0]} {sorted(x.rsplit('/', 1)[-1] for x in g[1])} {g[2]}")
        p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
        result[f"{level}.p"], result[f"{level}.r"] = p, r
        result[f"{level}.f1"] = 2 * p * r / (p + r) if p + r else 0.0
    return result


if __name__ == "__main__":
    sys.exit(main())
