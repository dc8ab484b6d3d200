"""The page in a real headless Chromium (Debian's, driven by Playwright): it loads offline with no
console error, shows what the graph holds, filters, explains an edge, and runs nothing from articles."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from graph.cli import main
from graph.view import Narrowing, ViewStyle, make_view
from tests.conftest import SAMPLES
from tests.view.graphs import FRIENDLY, HOSTILE, PAYLOADS, store_with

CHROMIUM = os.environ.get("POROS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                                reason="Chromium is not installed (make browser installs it)")
# A payload that ran would set this; the page's own code never touches it.
TRAP = "Object.defineProperty(window, '__pwned', {set(v) { window.__ran = (window.__ran || []).concat([v]); }});"


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Page:
    """One loaded page with everything it logged and asked the network for."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.add_init_script(TRAP)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']", timeout=60_000)

    def counts(self) -> tuple[int, int]:
        return int(self.page.inner_text("#count-nodes")), int(self.page.inner_text("#count-edges"))

    def drawn(self) -> tuple[int, int]:
        """What vis-network itself holds as visible nodes and edges."""
        return tuple(self.page.evaluate(
            "() => [porosView.nodes.get({filter: n => !n.hidden}).length, porosView.edges.length]"))

    def click_edge(self, edge_id: str) -> None:
        """Click the middle of an edge on the canvas, as a user would."""
        self.page.evaluate("() => porosView.network.setOptions({edges: {smooth: false}})")
        x, y = self.page.evaluate("""(id) => {
            const net = porosView.network, edge = porosView.edges.get(id);
            const p = net.getPositions([edge.from, edge.to]);
            const mid = {x: (p[edge.from].x + p[edge.to].x) / 2, y: (p[edge.from].y + p[edge.to].y) / 2};
            const dom = net.canvasToDOM(mid), box = document.querySelector('#network canvas').getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y]; }""", edge_id)
        self.page.mouse.click(x, y)

    def ran(self):
        return self.page.evaluate("() => window.__ran || null")

    def close(self):
        self.page.close()


def write_page(tmp_path: Path, turtle: str, article: str = "d1", narrowing: Narrowing = Narrowing(), **style) -> Path:
    html = make_view(store_with(turtle, article).query, narrowing, ViewStyle(**style)).html
    path = tmp_path / f"{article}.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_the_page_loads_offline_without_errors_and_shows_the_whole_graph(browser, tmp_path):
    page = Page(browser, write_page(tmp_path, FRIENDLY))
    assert page.errors == []
    assert all(url.startswith(("file:", "data:", "about:")) for url in page.requests), page.requests
    assert page.counts() == (5, 4) and page.drawn() == (5, 4)
    page.close()


def test_filters_in_the_page_change_what_is_shown(browser, tmp_path):
    page = Page(browser, write_page(tmp_path, FRIENDLY))
    page.page.click("#types-none")
    assert page.counts() == (0, 0) and page.drawn() == (0, 0)
    page.page.click("#types-all")
    page.page.fill("#date-from", "2023-01-01")
    page.page.dispatch_event("#date-from", "change")
    assert page.counts()[1] == 2  # the 2023 sanction, and the undated assault
    page.page.uncheck("#undated")
    assert page.counts() == (2, 1) and page.drawn() == (2, 1)
    page.page.fill("#date-from", "")
    page.page.dispatch_event("#date-from", "change")
    page.page.check("#undated")
    page.page.uncheck(".type-filter[value=CONSULT]")
    assert page.counts() == (4, 3)
    page.page.check(".type-filter[value=CONSULT]")
    page.page.fill("#actor-search", "Alfa")
    page.page.dispatch_event("#actor-search", "change")
    assert page.counts() == (2, 1) and "Alpha Leader" in page.page.inner_text("#details")
    page.page.select_option("#depth", "2")
    assert page.counts() == (3, 2)
    page.page.click("#clear-focus")
    page.page.check("input[name=mode][value=aggregate]")
    assert page.counts() == (5, 4)
    assert page.errors == []
    page.close()


def test_many_events_of_one_pair_aggregate_into_one_edge_with_count_and_dates(browser, tmp_path):
    more = FRIENDLY + """
event:agree2 a poros:Event ; poros:ploverType "AGREE" ; poros:source ent:borduria ; poros:target ent:statia ;
    poros:date "2022-09-01"^^xsd:date ; poros:evidence "They agreed again." ; prov:wasDerivedFrom doc:d1 ."""
    page = Page(browser, write_page(tmp_path, more))
    assert page.counts() == (5, 5)
    page.page.check("input[name=mode][value=aggregate]")
    assert page.counts() == (5, 4)
    labels = page.page.evaluate("() => porosView.edges.get().map(e => e.label)")
    assert "AGREE ×2 2022-06…2022-09-01" in labels
    page.close()
    opened_aggregated = Page(browser, write_page(tmp_path, more, edges="aggregate"))
    assert opened_aggregated.counts() == (5, 4)
    opened_aggregated.close()


def test_a_capped_page_says_what_it_left_out(browser, tmp_path):
    page = Page(browser, write_page(tmp_path, FRIENDLY, narrowing=Narrowing(max_nodes=2)))
    assert page.counts() == (2, 1)
    assert "Showing the 2 most active of 5 actors" in page.page.inner_text("#notes")
    page.close()


def test_clicking_an_edge_shows_its_evidence_and_sources(browser, tmp_path):
    page = Page(browser, write_page(tmp_path, FRIENDLY))
    edge_id = page.page.evaluate("() => porosView.edges.get().find(e => e.label.startsWith('CONSULT')).id")
    page.click_edge(edge_id)
    details = page.page.inner_text("#details")
    assert "Alpha visited Borduria on Wednesday." in details
    assert "visit" in details and "2022-06-29" in details and "Leaders meet" in details
    assert page.page.get_attribute("#details .sources a", "href") == "https://example.org/d1"
    page.close()


def test_a_hostile_graph_runs_nothing_and_shows_its_text_as_text(browser, tmp_path):
    page = Page(browser, write_page(tmp_path, HOSTILE, "evil"))
    edge_id = page.page.evaluate("() => porosView.edges.get()[0].id")
    page.click_edge(edge_id)
    details = page.page.inner_text("#details")
    for name in ("evidence", "title", "cue", "label"):
        assert PAYLOADS[name] in details, name
    assert page.page.query_selector("#details a") is None  # a javascript: URL is never a link
    page.page.fill("#actor-search", PAYLOADS["label"])
    page.page.dispatch_event("#actor-search", "change")
    assert PAYLOADS["alias"] in page.page.inner_text("#details")
    page.page.hover("#network canvas")
    assert page.ran() is None and page.errors == []
    assert page.page.query_selector("#details img, #details script, #details svg, #details iframe") is None
    page.close()


def test_an_ingested_hostile_article_runs_nothing(browser, runner, tmp_path):
    article = tmp_path / "articles" / "evil.txt"
    article.parent.mkdir()
    article.write_text(
        "<script>window.__pwned='headline'</script>\n\n"
        "Presiden Statia Joko Widodo bertemu Presiden Rusia Vladimir Putin di Moskow, Rabu (29/6/2022). "
        "<img src=x onerror=\"window.__pwned='body'\"> Keduanya membahas pasokan pangan.\n", encoding="utf-8")
    store, out = tmp_path / "store", tmp_path / "evil.html"
    assert runner.invoke(main, ["ingest", "--store", str(store), str(article.parent)]).exit_code == 0
    result = runner.invoke(main, ["view", "--store", str(store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = Page(browser, out)
    edges = page.page.evaluate("() => porosView.edges.get().map(e => e.id)")
    assert edges, "the article's meeting should be drawn"
    for edge_id in edges:
        page.page.evaluate("(id) => porosView.network.selectEdges([id])", edge_id)
        page.click_edge(edge_id)
    assert page.ran() is None and page.errors == []
    page.close()


def test_the_sample_graph_matches_the_store(browser, runner, tmp_path):
    store, out = tmp_path / "store", tmp_path / "samples.html"
    assert runner.invoke(main, ["ingest", "--store", str(store), str(SAMPLES)]).exit_code == 0
    assert runner.invoke(main, ["view", "--store", str(store), "-o", str(out), "--lang", "id"]).exit_code == 0
    from graph.store import open_store
    with open_store(store, create=False) as opened:
        actors = opened._count("?d poros:mentions ?x . ?x a ?k FILTER(?k IN (poros:Person, poros:State, poros:Organization))")
        events = opened._count("?x a poros:Event ; poros:source ?s ; poros:target ?t FILTER(?s != ?t)")
    page = Page(browser, out)
    assert page.counts() == (actors, events) and page.drawn() == (actors, events)
    assert page.errors == [] and all(url.startswith("file:") for url in page.requests)
    page.close()


def test_an_indonesian_page_explains_an_edge_in_indonesian(browser, tmp_path):
    page = Page(browser, write_page(tmp_path, FRIENDLY, lang="id"))
    edge_id = page.page.evaluate("() => porosView.edges.get().find(e => e.label.startsWith('CONSULT')).id")
    page.click_edge(edge_id)
    details = page.page.inner_text("#details")
    assert "tanggal" in details and "Pemimpin Alfa" in details and "Alpha visited Borduria" in details
    assert "cari aktor" in page.page.inner_text("#controls").lower()
    page.close()
