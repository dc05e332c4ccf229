// Timeline page: stacked event counts per period, coloured by PLOVER type or quad class (Observable Plot).
"use strict";

(function () {
  const form = document.getElementById("chart-filters");
  const chart = document.getElementById("timeline-chart");
  const status = document.getElementById("chart-status");
  const QUADS = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict", "unknown"];
  const QUAD_COLOURS = ["#7fc97f", "#1b9e77", "#fdae61", "#d7191c", "#aaaaaa"];
  const PARSE = { day: "%Y-%m-%d", week: "%Y-%m-%d", month: "%Y-%m", year: "%Y" };
  const INTERVAL = { day: "day", week: d3.utcMonday, month: "month", year: "year" };

  async function draw() {
    const params = wirecoder.params(form);
    wirecoder.syncUrl("/timeline?" + params);
    const data = await wirecoder.loading(status, () => wirecoder.getJSON("/api/aggregates/timeline?" + params));
    if (!data) return;
    chart.replaceChildren();
    const undated = data.undated ? ` (${data.undated} more have no date this precise)` : "";
    if (!data.series.length) {
      status.textContent = "No dated events match these filters" + undated + ".";
      return;
    }
    const parse = d3.utcParse(PARSE[data.interval]);
    const rows = data.series.map((d) => ({ ...d, date: parse(d.period) }));
    const colour = data.by === "quad"
      ? { domain: QUADS, range: QUAD_COLOURS, legend: true }
      : { legend: true, scheme: "observable10" };
    chart.append(Plot.plot({
      width: Math.max(chart.clientWidth, 480),
      height: 420,
      marginLeft: 48,
      x: { type: "utc", label: null },
      y: { grid: true, label: "events" },
      color: colour,
      marks: [
        Plot.rectY(rows, { x: "date", y: "count", fill: "key", interval: INTERVAL[data.interval], tip: true }),
        Plot.ruleY([0]),
      ],
    }));
    status.textContent = `${data.total - data.undated} events per ${data.interval}` + undated + ".";
  }

  wirecoder.onFormChange(form, draw);
})();
