using System.Net;
using System.Text.Json;

namespace Broker.Bench.Load.Reporting;

/// <summary>
/// One self-contained HTML file (no network: styles, data and the chart script are inline): summary, per-step
/// statistics, thresholds, and SVG charts drawn by the inline script from the embedded JSON result: throughput
/// over time, latency percentiles over time and the latency distribution of every step, with the run's phases
/// shaded. When the script finished it sets <c>data-rendered</c> (charts drawn) on <c>body</c>; a script error
/// sets <c>data-error</c>, which the browser test checks.
/// </summary>
internal static class HtmlReport
{
    public static string Format(LoadResult result)
    {
        // The default encoder escapes < > & ' so the JSON cannot end the script element.
        var json = JsonSerializer.Serialize(result, LoadJsonContext.Default.LoadResult);
        var title = WebUtility.HtmlEncode($"{result.Scenario} against {result.Target} — {result.StartedUtc:yyyy-MM-dd HH:mm} UTC");
        return Template.Replace("__TITLE__", title, StringComparison.Ordinal).Replace("__DATA__", json, StringComparison.Ordinal);
    }

    public static Task WriteAsync(string path, LoadResult result, CancellationToken ct) =>
        File.WriteAllTextAsync(ReportWriter.CreateFolderFor(path), Format(result), ct);

    private const string Template = """
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
table { border-collapse: collapse; margin: 8px 0; } td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
td:first-child, th:first-child, td.text { text-align: left; }
.pass { color: #197a2e; font-weight: 600; } .fail { color: #b3261e; font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
svg.chart { border: 1px solid #ddd; background: #fff; }
svg text { font: 11px system-ui, sans-serif; fill: #333; }
.muted { color: #666; }
</style>
</head>
<body>
<h1>__TITLE__</h1>
<div id="summary"></div>
<h2>Steps</h2><div id="steps"></div>
<h2>Thresholds</h2><div id="thresholds"></div>
<h2>Throughput</h2><div class="charts" id="throughput"></div>
<h2>Latency percentiles over time</h2><div class="charts" id="latency"></div>
<h2>Latency distribution</h2><div class="charts" id="distribution"></div>
<h2>Phases</h2><div id="phases"></div>
<script type="application/json" id="data">__DATA__</script>
<script>
"use strict";
window.addEventListener("error", function (e) { document.body.setAttribute("data-error", String(e.message)); });
(function () {
  var NS = "http://www.w3.org/2000/svg";
  var COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
  var r = JSON.parse(document.getElementById("data").textContent);
  var drawn = 0;

  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function text(parent, x, y, s, anchor) { var t = el("text", { x: x, y: y, "text-anchor": anchor || "start" }, parent); t.textContent = s; return t; }
  function fmt(v) { return v === null || v === undefined ? "–" : (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)); }
  function niceMax(v) { if (!(v > 0)) { return 1; } var p = Math.pow(10, Math.floor(Math.log10(v))); var m = v / p; return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p; }
  function table(rows, header) {
    var h = "<table><tr>" + header.map(function (c) { return "<th>" + c + "</th>"; }).join("") + "</tr>";
    rows.forEach(function (row) { h += "<tr>" + row.map(function (c) { return "<td>" + c + "</td>"; }).join("") + "</tr>"; });
    return h + "</table>";
  }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c]; }); }

  // A line chart: series = [{ name, points: [[x, y], ...] }], phases shaded behind.
  function lineChart(parent, kind, step, title, unit, series) {
    var W = 560, H = 280, L = 56, R = 12, T = 28, B = 40;
    var svg = el("svg", { "class": "chart", "data-chart": kind, "data-step": step, width: W, height: H, viewBox: "0 0 " + W + " " + H }, parent);
    text(svg, L, 16, title);
    var xs = [], ys = [];
    series.forEach(function (s) { s.points.forEach(function (p) { xs.push(p[0]); if (p[1] !== null) { ys.push(p[1]); } }); });
    var xmax = Math.max.apply(null, xs.concat((r.phases || []).map(function (p) { return p.end; }), [1]));
    var ymax = niceMax(Math.max.apply(null, ys.concat([0])));
    function X(v) { return L + (W - L - R) * v / xmax; }
    function Y(v) { return H - B - (H - T - B) * v / ymax; }
    (r.phases || []).forEach(function (p, i) {
      var rect = el("rect", { x: X(p.start), y: T, width: Math.max(X(p.end) - X(p.start), 0), height: H - T - B, fill: i % 2 ? "#f4f4f4" : "#eaf1fb", "class": "phase" }, svg);
      el("title", {}, rect).textContent = p.name;
    });
    for (var i = 0; i <= 4; i++) {
      var v = ymax * i / 4;
      el("line", { x1: L, x2: W - R, y1: Y(v), y2: Y(v), stroke: "#ddd" }, svg);
      text(svg, L - 4, Y(v) + 4, fmt(v), "end");
    }
    for (var j = 0; j <= 5; j++) { var xv = xmax * j / 5; text(svg, X(xv), H - B + 14, xv.toFixed(xmax < 10 ? 1 : 0) + "s", "middle"); }
    text(svg, 8, T - 8, unit);
    series.forEach(function (s, k) {
      var pts = s.points.filter(function (p) { return p[1] !== null; }).map(function (p) { return X(p[0]).toFixed(1) + "," + Y(p[1]).toFixed(1); });
      if (pts.length === 1) { pts.push(pts[0]); }
      el("polyline", { points: pts.join(" "), fill: "none", stroke: COLORS[k % COLORS.length], "stroke-width": 1.8, "class": "series", "data-series": s.name }, svg);
      el("rect", { x: L + 8 + k * 110, y: H - 16, width: 10, height: 10, fill: COLORS[k % COLORS.length] }, svg);
      text(svg, L + 22 + k * 110, H - 7, s.name);
    });
    drawn++;
  }

  // A bar chart of the latency distribution (log-spaced buckets).
  function barChart(parent, step, buckets) {
    var W = 560, H = 260, L = 56, R = 12, T = 28, B = 44;
    var svg = el("svg", { "class": "chart", "data-chart": "distribution", "data-step": step, width: W, height: H, viewBox: "0 0 " + W + " " + H }, parent);
    text(svg, L, 16, step + ": operations by latency (ms, upper bound of bucket)");
    var ymax = niceMax(Math.max.apply(null, buckets.map(function (b) { return b.count; }).concat([1])));
    var bw = (W - L - R) / Math.max(buckets.length, 1);
    for (var i = 0; i <= 4; i++) {
      var v = ymax * i / 4, y = H - B - (H - T - B) * v / ymax;
      el("line", { x1: L, x2: W - R, y1: y, y2: y, stroke: "#ddd" }, svg);
      text(svg, L - 4, y + 4, fmt(v), "end");
    }
    var every = Math.ceil(buckets.length / 8);
    buckets.forEach(function (b, k) {
      var h = (H - T - B) * b.count / ymax;
      var bar = el("rect", { x: L + k * bw + 1, y: H - B - h, width: Math.max(bw - 2, 1), height: h, fill: "#1f77b4", "class": "bar" }, svg);
      el("title", {}, bar).textContent = "≤ " + b.upToMs + " ms: " + b.count;
      if (k % every === 0) { text(svg, L + k * bw + bw / 2, H - B + 14, fmt(b.upToMs), "middle"); }
    });
    drawn++;
  }

  var steps = r.steps || [];
  var verdict = (r.failures || []).length > 0 ? "<span class=fail>FAIL</span>: " + esc(r.failures.join("; "))
    : (r.thresholds || []).some(function (t) { return !t.passed; }) ? "<span class=fail>FAIL</span>: thresholds not met" : "<span class=pass>PASS</span>";
  document.getElementById("summary").innerHTML =
    "<p>" + esc(r.parameters) + " · " + r.sessions + " sessions · measured " + fmt(r.measuredSeconds) + " s · run " + esc(r.runId) +
    (r.label ? " · " + esc(r.label) : "") + "</p><p>Result: " + verdict + "</p>";
  document.getElementById("steps").innerHTML = steps.length === 0 ? "<p class=muted>no steps</p>" : table(steps.map(function (s) {
    var l = s.latency || {};
    return [esc(s.name), s.ok, s.fail, fmt(s.okPerSec), fmt(s.failPercent), fmt(l.p50), fmt(l.p75), fmt(l.p95), fmt(l.p99), fmt(l.p999), fmt(l.max), fmt(l.mean),
      esc(Object.keys(s.failStatuses || {}).map(function (k) { return k + ": " + s.failStatuses[k]; }).join(", "))];
  }), ["step", "ok", "fail", "ok/s", "fail %", "p50 ms", "p75", "p95", "p99", "p99.9", "max", "mean", "failures"]);
  var th = r.thresholds || [];
  document.getElementById("thresholds").innerHTML = th.length === 0 ? "<p class=muted>none</p>" : table(th.map(function (t) {
    return [esc(t.step), esc(t.description), t.passed ? "<span class=pass>met</span>" : "<span class=fail>failed</span>", esc(t.actual)];
  }), ["step", "criterion", "result", "measured"]);
  document.getElementById("phases").innerHTML = table((r.phases || []).map(function (p) { return [esc(p.name), fmt(p.start), fmt(p.end)]; }), ["phase", "from s", "to s"]);

  var throughput = [];
  steps.forEach(function (s) {
    throughput.push({ name: s.name + " ok/s", points: s.timeline.map(function (p) { return [p.t, p.okPerSec]; }) });
    if (s.timeline.some(function (p) { return p.fail > 0; })) {
      throughput.push({ name: s.name + " fail/s", points: s.timeline.map(function (p) { return [p.t, p.failPerSec]; }) });
    }
  });
  lineChart(document.getElementById("throughput"), "throughput", "all", "operations per second", "op/s", throughput);
  steps.forEach(function (s) {
    var tl = s.timeline;
    function pick(f) { return tl.map(function (p) { return [p.t, p[f] === undefined ? null : p[f]]; }); }
    lineChart(document.getElementById("latency"), "latency", s.name, s.name + ": latency percentiles per interval", "ms",
      [{ name: "p50", points: pick("p50") }, { name: "p75", points: pick("p75") }, { name: "p95", points: pick("p95") }, { name: "p99", points: pick("p99") }]);
    barChart(document.getElementById("distribution"), s.name, s.distribution || []);
  });
  document.body.setAttribute("data-rendered", String(drawn));
})();
</script>
</body>
</html>
""";
}
