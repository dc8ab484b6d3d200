"""Render the view of the sample articles and take the README's screenshot in headless Chromium.

    python scripts/screenshot_view.py            # writes docs/view.png
    python scripts/screenshot_view.py -o shot.png --lang en
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.ingest import ingest  # noqa: E402
from graph.kb import load_knowledge_base  # noqa: E402
from graph.store import open_store  # noqa: E402
from graph.view import Narrowing, ViewStyle, make_view  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Select the busiest pair's first meeting, so the picture shows an edge's details.
SELECT_EDGE = """() => {
  const view = porosView, degree = {};
  for (const e of view.edges.get()) { degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1; }
  const score = (e) => degree[e.from] + degree[e.to] + (view.data.events[e.id].type === "CONSULT" ? 100 : 0);
  const edge = view.edges.get().sort((a, b) => score(b) - score(a) || (a.id < b.id ? -1 : 1))[0];
  view.network.selectEdges([edge.id]);
  view.network.body.emitter.emit("click", {nodes: [], edges: [edge.id]});
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "view.png")
    parser.add_argument("--lang", default="id", choices=["id", "en"])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    store = open_store("memory")
    ingest(store, [ROOT / "samples"], load_knowledge_base())
    html = make_view(store.query, Narrowing(), ViewStyle(lang=args.lang, title="poros — sample articles")).html
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_path = Path(folder) / "view.html"
        page_path.write_text(html, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=args.chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=120_000)
        page.evaluate(SELECT_EDGE)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.output))
        browser.close()
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
