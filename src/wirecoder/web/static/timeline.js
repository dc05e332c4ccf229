// Timeline page: stacked event counts per period (Observable Plot), at most 8 series with a legend.
// A bar opens its events; a drag across the chart (d3.brushX) sets since and until; events dated far
// outside the articles' dates are counted in "earlier" / "later" links instead of stretching the axis.
"use strict";

(function () {
  const form = document.getElementById("chart-filters");
  const chart = document.getElementById("timeline-chart");
  const status = document.getElementById("chart-status");
  const outside = document.getElementById("timeline-outside");
  const QUADS = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict", "unknown"];
  const QUAD_COLOURS = ["#7fc97f", "#1b9e77", "#fdae61", "#d7191c", "#aaaaaa"];
  const QUAD_NUMBER = { "verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3, "material conflict": 4 };
  const PALETTE = ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5"];
  const PARSE = { day: "%Y-%m-%d", week: "%Y-%m-%d", month: "%Y-%m", year: "%Y" };
  const INTERVAL = { day: d3.utcDay, week: d3.utcMonday, month: d3.utcMonth, year: d3.utcYear };
  const CHART_ONLY = ["by", "interval"];
  const iso = d3.utcFormat("%Y-%m-%d");

  function eventFilters() {
    const params = wirecoder.params(form);
    for (const key of CHART_ONLY) params.delete(key);
    return params;
  }

  // The events behind one bar: its period, and its series unless that is "other" (then the period only).
  function barLink(row, data) {
    const params = eventFilters();
    const end = INTERVAL[data.interval].offset(row.date, 1);
    params.set("since", data.interval === "month" ? row.period : data.interval === "year" ? row.period : iso(row.date));
    params.set("until", data.interval === "month" || data.interval === "year" ? row.period
      : iso(new Date(end.getTime() - 864e5)));
    if (data.by === "quad" && QUAD_NUMBER[row.key]) params.set("quad", QUAD_NUMBER[row.key]);
    else if (data.by === "type" && row.key !== "other") params.set("type", row.key === "unknown" ? "none" : row.key);
    return "/events?" + params;
  }

  function outsideLinks(data) {
    outside.replaceChildren();
    const [first, last] = data.articles_span;
    const parts = [];
    if (data.earlier) parts.push(["earlier", data.earlier, { until: first }, `dated well before the first article (${first})`]);
    if (data.later) parts.push(["later", data.later, { since: last }, `dated well after the last article (${last})`]);
    for (const [name, n, bound, why] of parts) {
      const params = eventFilters();
      for (const [k, v] of Object.entries(bound)) params.set(k, v);
      const link = document.createElement("a");
      link.href = "/events?" + params;
      link.className = "outside-bin";
      link.dataset.bin = name;
      link.textContent = `${name}: ${n} event${n === 1 ? "" : "s"}`;
      outside.append(link, ` ${why}. `);
    }
  }

  function brush(svg, plot, data) {
    const x = plot.scale("x");
    const y = plot.scale("y");
    const [x0, x1] = x.range;
    const [y0, y1] = [Math.min(...y.range), Math.max(...y.range)];
    const layer = d3.select(svg).append("g").attr("class", "brush");
    layer.call(d3.brushX().extent([[x0, y0], [x1, y1]]).on("end", ({ selection }) => {
      if (!selection) return;
      const [from, to] = selection.map((px) => x.invert(px));
      if (to - from < 864e5 / 2) return; // a click, not a drag
      form.elements.since.value = iso(from);
      form.elements.until.value = iso(to);
      draw(true);
    }));
    layer.lower(); // bars stay clickable above the brush area
  }

  async function draw(push) {
    const params = wirecoder.params(form);
    wirecoder.syncUrl("/timeline?" + params, push);
    const data = await wirecoder.loading(status, () => wirecoder.getJSON("/api/aggregates/timeline?" + params), chart);
    if (!data) return;
    chart.replaceChildren();
    outsideLinks(data);
    const undated = data.undated ? ` (${data.undated} more have no date this precise)` : "";
    if (!data.series.length) {
      status.textContent = "No dated events match these filters" + undated + ".";
      return;
    }
    const parse = d3.utcParse(PARSE[data.interval]);
    const rows = data.series.map((d) => ({ ...d, date: parse(d.period) }));
    const colour = data.by === "quad"
      ? { domain: QUADS.filter((q) => data.keys.includes(q)), range: QUAD_COLOURS.filter((_, i) => data.keys.includes(QUADS[i])), legend: true }
      : { domain: data.keys, range: PALETTE.slice(0, data.keys.length), legend: true };
    const [first, last] = data.articles_span.map((d) => d && d3.utcParse("%Y-%m-%d")(d));
    const domain = first && last ? [INTERVAL[data.interval].floor(first), INTERVAL[data.interval].offset(INTERVAL[data.interval].floor(last), 1)] : undefined;
    const plot = Plot.plot({
      width: Math.max(chart.clientWidth - 16, 320),
      height: 420,
      marginLeft: 48,
      x: { type: "utc", label: null, domain },
      y: { grid: true, label: "events" },
      color: colour,
      marks: [
        Plot.rectY(rows, { x: "date", y: "count", fill: "key", interval: INTERVAL[data.interval],
                           title: (d) => `${d.key}, ${d.period}: ${d.count} events` }),
        Plot.ruleY([0]),
      ],
    });
    chart.append(plot);
    const svg = plot.tagName.toLowerCase() === "svg" ? plot : plot.querySelector(":scope > svg");
    const bars = svg.querySelectorAll("g[aria-label=rect] rect");
    bars.forEach((bar) => {
      const row = rows[bar.__data__];
      if (!row) return;
      bar.classList.add("bar");
      bar.dataset.key = row.key;
      bar.dataset.period = row.period;
      bar.style.cursor = "pointer";
    });
    svg.addEventListener("click", (event) => {
      const bar = event.target.closest("rect.bar");
      if (bar) location.href = barLink(rows[bar.__data__], data);
    });
    brush(svg, plot, data);
    window.wirecoderTimeline = { data, rows, link: (i) => barLink(rows[i], data) }; // for tests and the console
    status.textContent = `${data.total - data.undated - data.earlier - data.later} events per ${data.interval}` + undated + ".";
  }

  wirecoder.onFormChange(form, draw);
})();
