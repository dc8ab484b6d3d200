// The page's behaviour: filters, focus, edge modes and the details panel.
// Every string from the graph is untrusted: it is written with textContent, never as HTML,
// and a link is made only from an http(s) URL.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("poros-data").textContent);
  const byId = (id) => document.getElementById(id);
  const typeInfo = Object.fromEntries(data.types.map((t) => [t.name, t]));
  const endpoints = Object.fromEntries(data.edges.map((e) => [e.id, e]));
  const labelOf = (id) => (data.actors[id] ? data.actors[id].label : id);
  const t = (key) => data.words[key] || key;
  const state = {
    from: "", to: "", undated: true, mode: data.mode,
    types: new Set(data.types.map((t) => t.name)), focus: null, depth: 1,
  };

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet([]);
  const network = new vis.Network(byId("network"), { nodes: nodes, edges: edges }, data.options);

  // ---- helpers -------------------------------------------------------------------------------
  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    return node;
  }

  function safeUrl(url) {
    try {
      const parsed = new URL(String(url));
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (err) {
      return null;
    }
  }

  function link(text, url) {
    const href = safeUrl(url);
    if (!href) return el("span", text);
    return el("a", text, { href: href, target: "_blank", rel: "noopener noreferrer" });
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // ---- which events and actors are shown -----------------------------------------------------
  function eventShown(id) {
    const event = data.events[id];
    if (!state.types.has(event.type)) return false;
    if (!event.start) return state.undated;
    if (state.to && event.start > state.to) return false;
    if (state.from && event.end < state.from) return false;
    return true;
  }

  function reach(edgeIds) {
    const adjacent = {};
    for (const id of edgeIds) {
      const e = endpoints[id];
      (adjacent[e.from] = adjacent[e.from] || []).push(e.to);
      (adjacent[e.to] = adjacent[e.to] || []).push(e.from);
    }
    const reached = new Set([state.focus]);
    let frontier = [state.focus];
    for (let step = 0; step < state.depth; step += 1) {
      const next = [];
      for (const id of frontier) {
        for (const other of adjacent[id] || []) {
          if (!reached.has(other)) { reached.add(other); next.push(other); }
        }
      }
      frontier = next;
    }
    return reached;
  }

  function filtersActive() {
    return Boolean(state.from || state.to || !state.undated || state.focus ||
      state.types.size !== data.types.length);
  }

  function aggregate(edgeIds) {
    const groups = new Map();
    for (const id of edgeIds) {
      const e = endpoints[id];
      const pair = e.from < e.to ? [e.from, e.to] : [e.to, e.from];
      const key = pair.join("|") + "|" + data.events[id].type;
      if (!groups.has(key)) groups.set(key, { pair: pair, type: data.events[id].type, members: [] });
      groups.get(key).members.push(id);
    }
    return Array.from(groups.values()).map((g, index) => {
      const dates = g.members.map((id) => data.events[id].date).filter(Boolean).sort();
      const span = dates.length ? (dates[0] === dates[dates.length - 1] ? dates[0] : dates[0] + "…" + dates[dates.length - 1]) : "";
      const count = g.members.reduce((n, id) => n + (data.events[id].weight || 1), 0);
      return {
        id: "g" + index, from: g.pair[0], to: g.pair[1], members: g.members,
        label: (g.type + " ×" + count + " " + span).trim(),
        title: g.type + " ×" + count + "\n" + labelOf(g.pair[0]) + " – " + labelOf(g.pair[1]) + (span ? "\n" + span : ""),
        color: endpoints[g.members[0]].color, width: Math.min(1.5 + count, 8), arrows: "",
      };
    });
  }

  function apply() {
    let shown = data.edges.map((e) => e.id).filter(eventShown);
    let visibleNodes = null;
    if (state.focus) {
      const reached = reach(shown);
      shown = shown.filter((id) => reached.has(endpoints[id].from) && reached.has(endpoints[id].to));
      visibleNodes = reached;
    } else if (filtersActive()) {
      visibleNodes = new Set();
      for (const id of shown) { visibleNodes.add(endpoints[id].from); visibleNodes.add(endpoints[id].to); }
    }
    const items = state.mode === "aggregate" ? aggregate(shown) : shown.map((id) => endpoints[id]);
    edges.clear();
    edges.add(items);
    nodes.update(data.nodes.map((n) => ({ id: n.id, hidden: visibleNodes !== null && !visibleNodes.has(n.id) })));
    const nodeCount = visibleNodes === null ? data.nodes.length : visibleNodes.size;
    byId("count-nodes").textContent = String(nodeCount);
    byId("count-edges").textContent = String(items.length);
    byId("focus-status").textContent = state.focus ? t("around") + " " + labelOf(state.focus) : "";
  }

  // ---- details panel ---------------------------------------------------------------------------
  function facts(pairs) {
    const list = el("dl");
    for (const [name, value] of pairs) {
      if (value === "" || value === null || value === undefined) continue;
      list.appendChild(el("dt", name));
      const dd = el("dd");
      if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
      list.appendChild(dd);
    }
    return list;
  }

  function showActor(id) {
    const actor = data.actors[id];
    const panel = byId("details");
    clear(panel);
    panel.appendChild(el("h2", actor.label));
    const wikidata = /^Q[1-9][0-9]*$/.test(actor.wikidata)
      ? link(actor.wikidata, "https://www.wikidata.org/wiki/" + actor.wikidata) : "";
    panel.appendChild(facts([[t("kind"), t(actor.kind)], [t("also"), actor.aliases.join(", ")], ["Wikidata", wikidata],
      [t("articles"), actor.mentions], ["IRI", actor.iri]]));
    if (actor.roles.length) {
      panel.appendChild(el("h3", t("Roles")));
      const list = el("ul");
      for (const role of actor.roles) list.appendChild(el("li", role));
      panel.appendChild(list);
    }
    const focus = el("button", t("focus on") + " " + actor.label, { type: "button", id: "focus-button" });
    focus.addEventListener("click", () => { state.focus = id; apply(); });
    panel.appendChild(focus);
  }

  function eventBlock(id) {
    const event = data.events[id];
    const e = endpoints[id];
    const block = el("div", null, { class: "event" });
    const info = typeInfo[event.type];
    block.appendChild(el("h3", event.type + (info && info.label !== event.type ? " — " + info.label : "")));
    block.appendChild(facts([[t("from"), labelOf(e.from)], [t("to"), labelOf(e.to)], [t("mode"), event.mode],
      [t("date"), event.date || t("undated")], [t("place"), event.place], [t("cue"), event.cue],
      [t("family"), info ? info.family_label : ""]]));
    for (const sentence of event.evidence) block.appendChild(el("blockquote", sentence, { class: "evidence" }));
    if (event.sources.length) {
      const list = el("ul", null, { class: "sources" });
      for (const source of event.sources) {
        const item = el("li");
        item.appendChild(link(source.title || source.id, source.url));
        item.appendChild(el("span", " (" + [source.id, source.issued].filter(Boolean).join(", ") + ")"));
        list.appendChild(item);
      }
      block.appendChild(list);
    }
    return block;
  }

  function showEdge(id) {
    const panel = byId("details");
    clear(panel);
    const edge = edges.get(id);
    const members = edge && edge.members ? edge.members : [id];
    panel.appendChild(el("h2", labelOf(edge ? edge.from : endpoints[id].from) + " – " +
      labelOf(edge ? edge.to : endpoints[id].to)));
    if (members.length > 1) panel.appendChild(el("p", members.length + " " + t("events")));
    for (const member of members) panel.appendChild(eventBlock(member));
  }

  function showNothing() {
    const panel = byId("details");
    clear(panel);
    panel.appendChild(el("p", t("hint"), { class: "hint" }));
  }

  network.on("click", (params) => {
    if (params.nodes.length) showActor(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else showNothing();
  });

  // ---- controls --------------------------------------------------------------------------------
  function buildControls() {
    for (const note of data.notes) byId("notes").appendChild(el("li", note));
    const names = byId("actor-names");
    const sorted = Object.keys(data.actors).sort((a, b) => labelOf(a).localeCompare(labelOf(b)));
    for (const id of sorted) names.appendChild(el("option", null, { value: data.actors[id].label }));
    byId("actor-search").addEventListener("change", (event) => {
      const wanted = event.target.value.trim().toLowerCase();
      const found = sorted.find((id) => data.actors[id].label.toLowerCase() === wanted ||
        data.actors[id].aliases.some((a) => a.toLowerCase() === wanted));
      if (!found) { byId("focus-status").textContent = wanted ? t("no actor of that name") : ""; return; }
      state.focus = found;
      apply();
      network.selectNodes([found]);
      showActor(found);
    });
    byId("depth").addEventListener("change", (event) => { state.depth = Number(event.target.value); apply(); });
    byId("clear-focus").addEventListener("click", () => { state.focus = null; byId("actor-search").value = ""; apply(); });
    const dates = Object.values(data.events).map((e) => e.start).filter(Boolean).sort();
    for (const id of ["date-from", "date-to"]) {
      const input = byId(id);
      if (dates.length) { input.min = dates[0]; input.max = dates[dates.length - 1]; }
      input.addEventListener("change", () => { state.from = byId("date-from").value; state.to = byId("date-to").value; apply(); });
    }
    byId("undated").addEventListener("change", (event) => { state.undated = event.target.checked; apply(); });
    for (const radio of document.querySelectorAll("input[name=mode]")) {
      radio.checked = radio.value === state.mode;
      radio.addEventListener("change", (event) => { state.mode = event.target.value; apply(); });
    }
    buildTypes();
    buildKinds();
  }

  function buildTypes() {
    const box = byId("types");
    const used = new Set(Object.values(data.events).map((e) => e.type));
    let family = null;
    for (const type of data.types) {
      if (type.family_label !== family) { family = type.family_label; box.appendChild(el("div", family, { class: "family" })); }
      const label = el("label", null, { title: type.label });
      const box2 = el("input", null, { type: "checkbox", value: type.name, class: "type-filter" });
      box2.checked = true;
      box2.addEventListener("change", () => {
        if (box2.checked) state.types.add(type.name); else state.types.delete(type.name);
        apply();
      });
      label.appendChild(box2);
      const swatch = el("span", null, { class: "swatch" });
      swatch.style.background = type.color;
      label.appendChild(swatch);
      label.appendChild(document.createTextNode(type.name + (used.has(type.name) ? "" : " (" + t("no event") + ")")));
      box.appendChild(label);
    }
    const setAll = (on) => {
      for (const input of document.querySelectorAll(".type-filter")) input.checked = on;
      state.types = new Set(on ? data.types.map((t) => t.name) : []);
      apply();
    };
    byId("types-all").addEventListener("click", () => setAll(true));
    byId("types-none").addEventListener("click", () => setAll(false));
  }

  function buildKinds() {
    const marks = { dot: "●", square: "■", triangle: "▲" };
    for (const [kind, look] of Object.entries(data.kinds)) {
      const row = el("div");
      const mark = el("span", marks[look.shape] || "●", { class: "shape" });
      mark.style.color = look.color;
      row.appendChild(mark);
      row.appendChild(document.createTextNode(t(kind)));
      byId("kinds").appendChild(row);
    }
  }

  buildControls();
  apply();
  const ready = () => {
    network.setOptions({ physics: { enabled: false } });
    document.body.dataset.ready = "1";
  };
  if (data.nodes.length) network.once("stabilizationIterationsDone", ready); else ready();
  window.porosView = { network: network, nodes: nodes, edges: edges, state: state, apply: apply, data: data };
})();
