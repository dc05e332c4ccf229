// Actor network: who acts on whom (Cytoscape.js). Edge width = events, colour = cooperation or conflict.
"use strict";

(function () {
  const form = document.getElementById("chart-filters");
  const box = document.getElementById("network");
  const status = document.getElementById("chart-status");
  const COLOURS = { coop: "#1b9e77", conflict: "#d7191c", mixed: "#9e9e9e" };
  let cy = null;

  function elements(pairs) {
    const nodes = new Map();
    const most = Math.max(...pairs.map((p) => p.count));
    const edges = pairs.map((p) => {
      for (const [name, country] of [[p.actor, p.actor_country], [p.recipient, p.recipient_country]]) {
        const node = nodes.get(name) || { id: name, country: country || null, label: country ? `${name} (${country})` : name, events: 0 };
        node.events += p.count;
        nodes.set(name, node);
      }
      const tone = p.cooperation > p.conflict ? "coop" : p.conflict > p.cooperation ? "conflict" : "mixed";
      return {
        data: {
          id: `${p.actor}\u2192${p.recipient}`, source: p.actor, target: p.recipient, count: p.count,
          width: 1 + 9 * Math.sqrt(p.count / most), colour: COLOURS[tone], tone,
        },
      };
    });
    const busiest = Math.max(...Array.from(nodes.values(), (n) => n.events));
    const sized = Array.from(nodes.values(), (n) => ({ data: { ...n, size: 18 + 42 * Math.sqrt(n.events / busiest) } }));
    return [...sized, ...edges];
  }

  async function draw() {
    const params = wirecoder.params(form);
    wirecoder.syncUrl("/network?" + params);
    const data = await wirecoder.loading(status, () => wirecoder.getJSON("/api/aggregates/pairs?" + params));
    if (!data) return;
    if (cy) cy.destroy();
    cy = null;
    window.wirecoderNetwork = null;
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
          label: "data(label)", width: "data(size)", height: "data(size)", "background-color": "#23395d",
          color: "#1d1d1d", "font-size": 12, "text-valign": "bottom", "text-margin-y": 4,
          "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 2,
          "text-wrap": "wrap", "text-max-width": 150 } },
        { selector: "edge", style: {
          width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
          "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.8 } },
        { selector: "node:active, node:selected", style: { "background-color": "#e07b00" } },
      ],
      // Labels count as part of a node, so names do not overlap, and the layout fills the
      // box's own shape, so the fitted graph is drawn at a readable size.
      layout: { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
                boundingBox: { x1: 0, y1: 0, w: box.clientWidth, h: box.clientHeight },
                nodeRepulsion: () => 6000, idealEdgeLength: () => 60, componentSpacing: 40, padding: 24 },
    });
    cy.on("tap", "node", (event) => { location.href = "/actors/" + encodeURIComponent(event.target.id()); });
    window.wirecoderNetwork = cy; // for the browser tests and the console
    status.textContent = `${cy.nodes().length} actors, ${cy.edges().length} pairs.`;
  }

  wirecoder.onFormChange(form, draw);
})();
