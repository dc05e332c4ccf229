// Actor network: who acts on whom (Cytoscape.js). Edge width = events; cooperation solid green, conflict
// dashed red, mixed dotted grey (told apart by line style as well as colour). Hover or focus shows a
// tooltip; a node opens the actor's profile; an edge lists that pair's events below; "find" centres a node.
"use strict";

(function () {
  const form = document.getElementById("chart-filters");
  const box = document.getElementById("network");
  const tip = document.getElementById("network-tip");
  const status = document.getElementById("chart-status");
  const title = document.getElementById("network-events-title");
  const results = document.getElementById("results");
  const names = document.getElementById("network-names");
  const COLOURS = { coop: "#1b9e77", conflict: "#d7191c", mixed: "#9e9e9e" };
  const STYLES = { coop: "solid", conflict: "dashed", mixed: "dotted" };
  const CHART_ONLY = ["min_count", "limit", "by", "generic", "find", "from", "to"];
  const dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
  let cy = null;
  let by = "name";

  function elements(pairs) {
    const nodes = new Map();
    const most = Math.max(...pairs.map((p) => p.count));
    const edges = pairs.map((p) => {
      for (const [name, country] of [[p.actor, p.actor_country], [p.recipient, p.recipient_country]]) {
        const label = country && by === "name" && name !== country ? `${name} (${country})` : name;
        const node = nodes.get(name) || { id: name, country: country || null, label, events: 0 };
        node.events += p.count;
        nodes.set(name, node);
      }
      const tone = p.cooperation > p.conflict ? "coop" : p.conflict > p.cooperation ? "conflict" : "mixed";
      return {
        data: {
          id: `${p.actor}\u2192${p.recipient}`, source: p.actor, target: p.recipient, count: p.count,
          cooperation: p.cooperation, conflict: p.conflict,
          width: 1.5 + 9 * Math.sqrt(p.count / most), colour: COLOURS[tone], line: STYLES[tone], tone,
        },
      };
    });
    const busiest = Math.max(...Array.from(nodes.values(), (n) => n.events));
    const sized = Array.from(nodes.values(), (n) => ({ data: { ...n, size: 18 + 42 * Math.sqrt(n.events / busiest) } }));
    return [...sized, ...edges];
  }

  function eventFilters() {
    const params = wirecoder.params(form);
    for (const key of CHART_ONLY) params.delete(key);
    return params;
  }

  function setSelection(from, to) {
    for (const [name, value] of [["from", from], ["to", to]]) {
      let field = form.querySelector(`input[name=${name}][data-selection]`);
      if (!field) {
        field = Object.assign(document.createElement("input"), { type: "hidden", name });
        field.dataset.selection = "";
        form.append(field);
      }
      field.value = value || "";
    }
  }

  // The events of one pair, listed below the graph (and named in the URL, so a link shows them too).
  function showPair(from, to, push) {
    const params = eventFilters();
    params.set(by === "dyad" ? "actor_dyad" : "actor_name", from);
    params.set(by === "dyad" ? "recipient_dyad" : "recipient_name", to);
    params.set("facets", "false");
    title.textContent = `Events: ${from} → ${to}`;
    htmx.ajax("GET", "/fragments/events?" + params, { target: "#results" });
    setSelection(from, to);
    wirecoder.syncUrl("/network?" + wirecoder.params(form), push);
    cy?.elements().unselect();
    cy?.$id(`${from}\u2192${to}`).select();
  }

  function showTip(target, text) {
    const p = target.isNode() ? target.renderedPosition() : target.renderedMidpoint();
    tip.textContent = text;
    tip.hidden = false;
    tip.style.left = `${Math.min(p.x + 12, box.clientWidth - 220)}px`;
    tip.style.top = `${p.y + 12}px`;
  }

  function describe(el) {
    if (el.isNode()) return `${el.data("label")}: ${el.data("events")} events in these pairs`;
    const d = el.data();
    return `${d.source} → ${d.target}: ${d.count} events (${d.cooperation} cooperation, ${d.conflict} conflict)`;
  }

  function find(name) {
    if (!cy || !name) return;
    const needle = name.toLowerCase();
    const node = cy.nodes().filter((n) => n.id().toLowerCase().includes(needle))[0];
    cy.nodes().removeClass("found");
    if (!node) { status.textContent += ` No actor matching “${name}” is shown.`; return; }
    node.addClass("found");
    cy.zoom(Math.max(cy.zoom(), 1.2));
    cy.center(node);
    showTip(node, describe(node)); // after the viewport moved, which hides any tooltip
  }

  async function draw(push) {
    const params = wirecoder.params(form);
    by = params.get("by") || "name";
    const changedFilters = push && form.dataset.lastFilters !== String(eventFilters()) + by;
    if (changedFilters) { setSelection("", ""); results.replaceChildren(); title.textContent = "Click a line to list that pair's events"; }
    form.dataset.lastFilters = String(eventFilters()) + by;
    wirecoder.syncUrl("/network?" + wirecoder.params(form), push);
    const query = new URLSearchParams(params);
    for (const key of ["find", "from", "to"]) query.delete(key);
    const data = await wirecoder.loading(status, () => wirecoder.getJSON("/api/aggregates/pairs?" + query), box);
    if (!data) return;
    if (cy) cy.destroy();
    cy = null;
    window.wirecoderNetwork = null;
    tip.hidden = true;
    if (!data.items.length) {
      status.textContent = "No actor–recipient pairs match these filters.";
      return;
    }
    cy = cytoscape({
      container: box,
      elements: elements(data.items),
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: {
          label: "data(label)", width: "data(size)", height: "data(size)", "background-color": dark ? "#8ab4f8" : "#23395d",
          color: dark ? "#e6e6e6" : "#1d1d1d", "font-size": 12, "text-valign": "bottom", "text-margin-y": 4,
          "text-background-color": dark ? "#1f2228" : "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 2,
          "text-wrap": "wrap", "text-max-width": 150, "min-zoomed-font-size": 7 } },
        { selector: "edge", style: {
          width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
          "line-style": "data(line)", "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.8,
          "overlay-padding": 4 } },
        { selector: "edge:selected", style: { opacity: 1, "underlay-color": "#e07b00", "underlay-opacity": 0.5, "underlay-padding": 4 } },
        { selector: "node:active, node:selected, node.found", style: { "background-color": "#e07b00" } },
      ],
      // Labels count as part of a node, so names do not overlap, and the layout fills the
      // box's own shape, so the fitted graph is drawn at a readable size.
      layout: { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
                boundingBox: { x1: 0, y1: 0, w: box.clientWidth, h: box.clientHeight },
                nodeRepulsion: () => 9000, idealEdgeLength: () => 80, componentSpacing: 40, padding: 24 },
    });
    box.append(tip); // cytoscape fills the box; the tooltip stays on top
    cy.on("tap", "node", (event) => { location.href = "/actors/" + encodeURIComponent(event.target.id()); });
    cy.on("tap", "edge", (event) => showPair(event.target.data("source"), event.target.data("target"), true));
    cy.on("mouseover", "node, edge", (event) => showTip(event.target, describe(event.target)));
    cy.on("mouseout", "node, edge", () => { tip.hidden = true; });
    cy.on("viewport", () => { tip.hidden = true; });
    names.replaceChildren(...cy.nodes().map((n) => Object.assign(document.createElement("option"), { value: n.id() })));
    window.wirecoderNetwork = cy; // for the browser tests and the console
    status.textContent = `${cy.nodes().length} actors, ${cy.edges().length} pairs` +
      (data.items.length === data.limit ? ` (the top ${data.limit}; raise "Top" or "At least" to change)` : "") +
      (data.generic ? "." : "; generic actors hidden.");
    const from = params.get("from");
    const to = params.get("to");
    if (from && to) showPair(from, to, false);
    find(params.get("find"));
  }

  wirecoder.onFormChange(form, draw);
})();
