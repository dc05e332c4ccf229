// Map: countries from world-atlas drawn with D3 (no tile server); places as circles sized by count, with a
// size legend. Towns are solid, regions and countries (their centre only) hollow; places that overlap on
// screen merge into one cluster until zoomed apart. Every mark is reachable by Tab, shows its tooltip on
// focus or hover, and opens on Enter or a click; the selected place is in the URL (?at=).
"use strict";

(function () {
  const form = document.getElementById("chart-filters");
  const box = document.getElementById("map");
  const tip = document.getElementById("map-tip");
  const status = document.getElementById("chart-status");
  const title = document.getElementById("map-events-title");
  const EVENT_FILTERS = ["actor", "recipient", "type", "quad", "cameo_root", "country", "since", "until",
                         "min_confidence", "location_country", "participant_country", "source", "precision"];
  const AREAS = new Set(["country", "region", "admin1", "admin2"]);
  let world = null;

  function placeKey(place) { return place.geonameid !== null ? String(place.geonameid) : place.name; }

  function eventParams(place) {
    const all = wirecoder.params(form);
    const params = new URLSearchParams();
    for (const key of EVENT_FILTERS) if (all.has(key)) params.set(key, all.get(key));
    if (place.geonameid !== null) params.set("geonameid", place.geonameid);
    else params.set("place", place.name);
    params.set("facets", "false");
    return params;
  }

  function setSelection(value) {
    let field = form.querySelector("input[name=at]");
    if (!field) {
      field = Object.assign(document.createElement("input"), { type: "hidden", name: "at" });
      field.dataset.selection = "";
      form.append(field);
    }
    field.value = value || "";
  }

  function showEvents(place, push) {
    title.textContent = `Events at ${place.name}`;
    htmx.ajax("GET", "/fragments/events?" + eventParams(place), { target: "#results" });
    setSelection(placeKey(place));
    wirecoder.syncUrl("/map?" + wirecoder.params(form), push);
    box.querySelectorAll(".selected").forEach((el) => el.classList.remove("selected"));
    box.querySelector(`[data-key="${CSS.escape(placeKey(place))}"]`)?.classList.add("selected");
  }

  function describe(mark) {
    if (mark.places.length === 1) {
      const p = mark.places[0];
      const where = p.precision && p.precision !== "point" ? ` — ${p.precision === "country" ? "the whole country (its centre)" : "a " + p.precision + " area"}` : "";
      return `${p.name}${p.country ? " (" + p.country + ")" : ""}: ${p.events} events, ${p.mentions} mentions${where}`;
    }
    const names = mark.places.slice(0, 5).map((p) => p.name).join(", ");
    return `${mark.places.length} places here (${names}${mark.places.length > 5 ? ", …" : ""}): ${mark.value} in all; zoom in or press Enter`;
  }

  function showTip(event, mark) {
    const rect = box.getBoundingClientRect();
    const at = event && event.clientX !== undefined && event.clientX !== 0 ? [event.clientX, event.clientY]
      : (() => { const r = event.target.getBoundingClientRect(); return [r.right, r.bottom]; })();
    tip.textContent = describe(mark);
    tip.hidden = false;
    tip.style.left = `${Math.min(at[0] - rect.left + 10, rect.width - 240)}px`;
    tip.style.top = `${at[1] - rect.top + 10}px`;
  }

  // Greedy clustering on screen: the biggest place takes in every smaller one its circle overlaps.
  function clusters(shown, xy, r, k) {
    const marks = [];
    for (const place of shown) {
      const [x, y] = xy(place);
      const near = marks.find((m) => Math.hypot((m.x - x) * k, (m.y - y) * k) < (m.r + r(place)) * 0.7);
      if (near) { near.places.push(place); near.value += place.size; continue; }
      marks.push({ x, y, r: r(place), places: [place], value: place.size });
    }
    return marks;
  }

  async function draw(push) {
    const params = wirecoder.params(form);
    const selected = params.get("at");
    title.textContent = "Click a place to list its events";
    document.getElementById("results").replaceChildren();
    if (push) setSelection("");
    wirecoder.syncUrl("/map?" + wirecoder.params(form), push);
    const places = await wirecoder.loading(status, async () => {
      world = world || await wirecoder.getJSON("/static/vendor/countries-110m.json");
      const query = new URLSearchParams(params);
      for (const key of ["size", "at"]) query.delete(key);
      query.set("limit", "1000");
      return (await wirecoder.getJSON("/api/places?" + query)).items;
    }, box);
    if (!places) return;
    let size = params.get("size") || "events";
    const located = places.filter((p) => p.lat !== null && p.lon !== null);
    if (size === "events" && !located.some((p) => p.events > 0)) size = "mentions";
    const shown = located.filter((p) => p[size] > 0).map((p) => ({ ...p, size: p[size] }))
      .sort((a, b) => b.size - a.size);

    const width = Math.max(box.clientWidth - 16, 320);
    const height = Math.round(width * 0.52);
    const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
    const path = d3.geoPath(projection);
    const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]).attr("class", "world")
      .attr("role", "group").attr("aria-label", "World map of places");
    const layer = svg.append("g");
    layer.append("path").datum({ type: "Sphere" }).attr("class", "sphere").attr("d", path);
    layer.append("path").datum(d3.geoGraticule10()).attr("class", "graticule").attr("d", path);
    layer.append("g").selectAll("path")
      .data(topojson.feature(world, world.objects.countries).features)
      .join("path").attr("class", "country").attr("d", path)
      .append("title").text((d) => d.properties.name);
    layer.append("path").datum(topojson.mesh(world, world.objects.countries, (a, b) => a !== b))
      .attr("class", "border").attr("d", path);
    const most = d3.max(shown, (p) => p.size) || 1;
    const radius = d3.scaleSqrt().domain([0, most]).range([0, 22]);
    const r = (p) => Math.max(3, radius(p.size));
    const xy = (p) => projection([p.lon, p.lat]);
    const marksLayer = layer.append("g");
    let k = 1;

    function render() {
      const marks = clusters(shown, xy, r, k);
      marksLayer.selectAll("circle").data(marks, (m) => m.places.map(placeKey).join("|")).join("circle")
        .attr("class", (m) => "place" + (m.places.length > 1 ? " cluster"
          : AREAS.has(m.places[0].precision) ? " area" : ""))
        .attr("data-name", (m) => m.places[0].name)
        .attr("data-key", (m) => m.places.length === 1 ? placeKey(m.places[0]) : null)
        .attr("data-count", (m) => m.places.length)
        .attr("transform", (m) => `translate(${m.x},${m.y})`)
        .attr("r", (m) => Math.max(3, radius(m.value)) / k)
        .attr("tabindex", 0).attr("role", "button")
        .attr("aria-label", (m) => describe(m))
        .on("click", (event, m) => open(m))
        .on("keydown", (event, m) => { if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(m); } })
        .on("mouseenter focus", (event, m) => showTip(event, m))
        .on("mouseleave blur", () => { tip.hidden = true; });
    }

    const zoom = d3.zoom().scaleExtent([1, 60]).on("zoom", ({ transform }) => {
      layer.attr("transform", transform);
      marksLayer.selectAll("circle").attr("r", (m) => Math.max(3, radius(m.value)) / transform.k);
    }).on("end", ({ transform }) => { if (transform.k !== k) { k = transform.k; render(); } });

    function open(mark) {
      if (mark.places.length === 1) { showEvents(mark.places[0], true); return; }
      svg.transition().duration(0).call(zoom.transform, d3.zoomIdentity.translate(width / 2, height / 2)
        .scale(Math.min(60, k * 4)).translate(-mark.x, -mark.y));
    }

    svg.call(zoom);
    render();
    // Start zoomed onto the places when they sit in one region of the world.
    if (shown.length) {
      const all = shown.map(xy);
      const [x0, x1] = d3.extent(all, (d) => d[0]);
      const [y0, y1] = d3.extent(all, (d) => d[1]);
      const fit = Math.min(12, 0.5 / Math.max((x1 - x0 + 20) / width, (y1 - y0 + 20) / height));
      if (fit > 1.5) {
        svg.call(zoom.transform, d3.zoomIdentity.translate(width / 2, height / 2).scale(fit)
          .translate(-(x0 + x1) / 2, -(y0 + y1) / 2));
        k = fit;
        render();
      }
    }
    // The size legend: three circles at round values.
    const legend = svg.append("g").attr("class", "size-legend").attr("transform", `translate(${width - 90},${height - 16})`);
    const steps = [...new Set([most, Math.round(most / 4), Math.max(1, Math.round(most / 20))])].filter((v) => v > 0);
    legend.append("text").attr("x", -4).attr("y", -2 * radius(most) - 8).text(size);
    for (const v of steps) {
      legend.append("circle").attr("cx", 0).attr("cy", -radius(v)).attr("r", Math.max(1, radius(v)));
      legend.append("text").attr("x", radius(most) + 6).attr("y", -2 * radius(v) + 4).text(v);
    }
    box.replaceChildren(svg.node(), tip);
    window.wirecoderMap = { places: shown, open: (key) => { const p = shown.find((q) => placeKey(q) === key); if (p) showEvents(p, true); } };
    status.textContent = `${shown.length} place${shown.length === 1 ? "" : "s"}, sized by ${size}` +
      (located.length < places.length ? `; ${places.length - located.length} without coordinates not shown` : "") + ".";
    if (selected) {
      const place = shown.find((p) => placeKey(p) === selected);
      if (place) showEvents(place, false);
    }
  }

  wirecoder.onFormChange(form, draw);
})();
