// Map: countries from world-atlas drawn with D3 (no tile server); places as circles sized by count.
// Clicking a place lists its events below (HTMX fragment of the events table).
"use strict";

(function () {
  const form = document.getElementById("chart-filters");
  const box = document.getElementById("map");
  const status = document.getElementById("chart-status");
  const title = document.getElementById("map-events-title");
  const EVENT_FILTERS = ["actor", "recipient", "type", "quad", "cameo_root", "country", "since", "until"];
  let world = null;

  function eventParams(place) {
    const all = wirecoder.params(form);
    const params = new URLSearchParams();
    for (const key of EVENT_FILTERS) if (all.has(key)) params.set(key, all.get(key));
    if (place.geonameid !== null) params.set("geonameid", place.geonameid);
    else params.set("place", place.name);
    return params;
  }

  function showEvents(place) {
    title.textContent = `Events at ${place.name}`;
    htmx.ajax("GET", "/fragments/events?" + eventParams(place), { target: "#results" });
  }

  async function draw() {
    const params = wirecoder.params(form);
    title.textContent = "Click a place to list its events";
    document.getElementById("results").replaceChildren();
    wirecoder.syncUrl("/map?" + params);
    const places = await wirecoder.loading(status, async () => {
      world = world || await wirecoder.getJSON("/static/vendor/countries-110m.json");
      const query = new URLSearchParams(params);
      query.delete("size");
      query.set("limit", "1000");
      return (await wirecoder.getJSON("/api/places?" + query)).items;
    });
    if (!places) return;
    let size = params.get("size") || "events";
    const located = places.filter((p) => p.lat !== null && p.lon !== null);
    if (size === "events" && !located.some((p) => p.events > 0)) size = "mentions";
    const shown = located.filter((p) => p[size] > 0);

    const width = Math.max(box.clientWidth, 480);
    const height = Math.round(width * 0.52);
    const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
    const path = d3.geoPath(projection);
    const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]).attr("class", "world")
      .attr("role", "img").attr("aria-label", "World map of places");
    const layer = svg.append("g");
    layer.append("path").datum({ type: "Sphere" }).attr("class", "sphere").attr("d", path);
    layer.append("path").datum(d3.geoGraticule10()).attr("class", "graticule").attr("d", path);
    layer.append("g").selectAll("path")
      .data(topojson.feature(world, world.objects.countries).features)
      .join("path").attr("class", "country").attr("d", path)
      .append("title").text((d) => d.properties.name);
    layer.append("path").datum(topojson.mesh(world, world.objects.countries, (a, b) => a !== b))
      .attr("class", "border").attr("d", path);
    const radius = d3.scaleSqrt().domain([0, d3.max(shown, (p) => p[size]) || 1]).range([0, 22]);
    const r = (p) => Math.max(3, radius(p[size]));
    const circles = layer.append("g").selectAll("circle")
      .data(shown.sort((a, b) => b[size] - a[size]))
      .join("circle")
      .attr("class", "place")
      .attr("data-name", (p) => p.name)
      .attr("transform", (p) => `translate(${projection([p.lon, p.lat])})`)
      .attr("r", r)
      .on("click", (event, p) => showEvents(p));
    circles.append("title").text((p) => `${p.name}${p.country ? " (" + p.country + ")" : ""}: ${p.events} events, ${p.mentions} mentions`);

    // Wheel or drag to zoom and pan; circles keep their size on screen.
    const zoom = d3.zoom().scaleExtent([1, 60]).on("zoom", ({ transform }) => {
      layer.attr("transform", transform);
      circles.attr("r", (p) => r(p) / transform.k);
    });
    svg.call(zoom);
    // Start zoomed onto the places when they sit in one region of the world.
    if (shown.length) {
      const xy = shown.map((p) => projection([p.lon, p.lat]));
      const [x0, x1] = d3.extent(xy, (d) => d[0]);
      const [y0, y1] = d3.extent(xy, (d) => d[1]);
      const k = Math.min(12, 0.5 / Math.max((x1 - x0 + 20) / width, (y1 - y0 + 20) / height));
      if (k > 1.5) {
        svg.call(zoom.transform, d3.zoomIdentity.translate(width / 2, height / 2).scale(k)
          .translate(-(x0 + x1) / 2, -(y0 + y1) / 2));
      }
    }
    box.replaceChildren(svg.node());
    status.textContent = `${shown.length} place${shown.length === 1 ? "" : "s"}, sized by ${size}` +
      (located.length < places.length ? `; ${places.length - located.length} without coordinates not shown` : "") + ".";
  }

  wirecoder.onFormChange(form, draw);
})();
