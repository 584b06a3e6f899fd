// The see-inside views of the Nabla playground: live gradients, the vanishing-gradient demo, optimizer paths.
"use strict";

// ---- see inside ------------------------------------------------------------------------------------------

const LINE_COLOURS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

// Bars of log10 of each layer's weight-gradient norm: the vanishing-gradient view of this network.
function drawGradients(layers) {
  const box = $("gradients");
  if (!layers || layers.length === 0) return;
  if (box.children.length !== layers.length) {
    box.innerHTML = "";
    layers.forEach((_, i) => {
      const f = document.createElement("figure");
      f.innerHTML = `<canvas width="96" height="40" id="gradient-${i}"></canvas><figcaption></figcaption>`;
      box.appendChild(f);
    });
  }
  layers.forEach((l, i) => {
    const c = $(`gradient-${i}`), g = c.getContext("2d");
    g.clearRect(0, 0, c.width, c.height);
    const counts = l.counts || [], max = Math.max(1, ...counts);
    counts.forEach((n, b) => {
      const h = n / max * (c.height - 2);
      g.fillStyle = "#0877bd";
      g.fillRect(b * c.width / counts.length, c.height - h, c.width / counts.length - 1, h);
    });
    c.nextSibling.textContent = `${i + 1 === layers.length ? "output" : "layer " + (i + 1)}: |g| ${l.norm == null ? "NaN" : l.norm.toExponential(1)}`;
  });
  const norms = layers.map(l => Math.log10(Math.max(1e-30, l.norm || 1e-30)));
  barChart($("gradientNorms"), [{name: "this network", values: norms}]);
}

// Lines of log10 values per layer, one per series, with a decade grid.
function barChart(canvas, series) {
  const g = canvas.getContext("2d"), w = canvas.width, h = canvas.height;
  g.clearRect(0, 0, w, h);
  const all = series.flatMap(s => s.values).filter(v => isFinite(v));
  if (all.length === 0) return;
  const lo = Math.floor(Math.min(...all)), hi = Math.ceil(Math.max(...all)) + (Math.min(...all) === Math.max(...all) ? 1 : 0);
  const n = Math.max(...series.map(s => s.values.length));
  const x = i => 30 + (n === 1 ? 0 : i / (n - 1)) * (w - 40), y = v => h - 12 - (v - lo) / (hi - lo || 1) * (h - 20);
  g.strokeStyle = "#eee"; g.fillStyle = "#888"; g.font = "9px sans-serif";
  for (let d = lo; d <= hi; d++) { g.beginPath(); g.moveTo(28, y(d)); g.lineTo(w, y(d)); g.stroke(); g.fillText(`1e${d}`, 0, y(d) + 3); }
  g.fillText("first layer → output", 30, h - 1);
  series.forEach((s, k) => {
    g.strokeStyle = LINE_COLOURS[k % LINE_COLOURS.length];
    g.fillStyle = g.strokeStyle;
    g.beginPath();
    s.values.forEach((v, i) => { if (i === 0) g.moveTo(x(i), y(v)); else g.lineTo(x(i), y(v)); });
    g.stroke();
    s.values.forEach((v, i) => g.fillRect(x(i) - 2, y(v) - 2, 4, 4));
  });
}

async function vanishingDemo() {
  try {
    const r = await fetch("/api/insight/vanishing"), body = await r.json();
    if (!r.ok) throw new Error(body.error);
    barChart($("vanishing"), body.runs.map(run => ({name: run.name, values: run.layers.map(l => Math.log10(Math.max(1e-30, l.norm)))})));
    $("vanishingLegend").innerHTML = body.runs.map((run, k) => `<span style="color:${LINE_COLOURS[k]}">■</span> ` +
      `${run.name}: first layer / output ${run.ratio.toExponential(1)}`).join("<br>");
  } catch (e) { showMessage(e.message); }
}

async function showPaths() {
  try {
    const r = await fetch(`/api/insight/paths?surface=${encodeURIComponent($("surface").value)}`), body = await r.json();
    if (!r.ok) throw new Error(body.error);
    const c = $("paths"), g = c.getContext("2d"), n = body.res, [x0, x1, y0, y1] = body.box;
    const max = Math.max(...body.grid), img = g.createImageData(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const v = body.grid[i * n + j] / (max || 1), k = ((n - 1 - i) * n + j) * 4, shade = Math.round(255 - 150 * v);
      img.data.set([shade, shade, 255 - Math.round(60 * v), 255], k);
    }
    const off = document.createElement("canvas");
    off.width = n; off.height = n;
    off.getContext("2d").putImageData(img, 0, 0);
    g.drawImage(off, 0, 0, c.width, c.height);
    const px = x => (x - x0) / (x1 - x0) * c.width, py = y => (y1 - y) / (y1 - y0) * c.height;
    body.paths.forEach((p, k) => {
      g.strokeStyle = LINE_COLOURS[k % LINE_COLOURS.length];
      g.lineWidth = 1.5;
      g.beginPath();
      p.points.forEach(([x, y], i) => { if (i === 0) g.moveTo(px(x), py(y)); else g.lineTo(px(x), py(y)); });
      g.stroke();
    });
    $("pathsLegend").innerHTML = body.paths.map((p, k) => `<span style="color:${LINE_COLOURS[k % LINE_COLOURS.length]}">■</span> ` +
      `${p.label}${p.diverged ? " (diverged)" : ""}`).join("<br>") + `<br>${body.steps} steps on ${body.surface}`;
  } catch (e) { showMessage(e.message); }
}

function shape(frame) {
  return [frame.classes, frame.network.map(l => [l.weights.length, l.weights[0] ? l.weights[0].length : 0])];
}

function drawMap(canvas, values, res, classes) {
  const g = canvas.getContext("2d"), img = g.createImageData(res, res);
  for (let i = 0; i < values.length; i++) {
    let v = values[i];
    if (classes) {
      const c = CLASS_COLOURS[classes[i] % CLASS_COLOURS.length], t = playground.view.discretize ? 1 : v * 0.8;
      const m = mix([255, 255, 255], c, Math.max(0, t));
      img.data.set([m[0], m[1], m[2], 255], i * 4);
    } else {
      if (playground.view.discretize) v = v >= 0 ? 1 : -1;
      put(img, i, colour(v * 0.8));
    }
  }
  canvas.width = res; canvas.height = res;
  g.putImageData(img, 0, 0);
}

function drawOutput() {
  const frame = playground.frame, canvas = $("output");
  if (!frame) return;
  const res = frame.outputRes, off = document.createElement("canvas");
  const multi = frame.classes > 2;
  drawMap(off, decode(frame.output), res, multi ? decodeBytes(frame.outputClass) : null);
  const g = canvas.getContext("2d");
  g.imageSmoothingEnabled = true;
  g.clearRect(0, 0, canvas.width, canvas.height);
  g.drawImage(off, 0, 0, canvas.width, canvas.height);
  const pts = playground.points;
  if (!pts) return;
  const [x0, x1, y0, y1] = pts.range;
  const px = x => (x - x0) / (x1 - x0) * canvas.width, py = y => (y1 - y) / (y1 - y0) * canvas.height;
  const dot = (p, stroke) => {
    g.beginPath();
    g.arc(px(p[0]), py(p[1]), 3, 0, 2 * Math.PI);
    if (frame.classes > 0) {
      const c = frame.classes === 2 ? (p[2] === 1 ? CLASS_COLOURS[0] : CLASS_COLOURS[1]) : CLASS_COLOURS[p[2] % CLASS_COLOURS.length];
      g.fillStyle = `rgb(${c[0]},${c[1]},${c[2]})`;
    } else {
      g.fillStyle = colour(p[2]);
    }
    g.fill();
    g.strokeStyle = stroke;
    g.stroke();
  };
  pts.train.forEach(p => dot(p, "#fff"));
  if (playground.view.showTest) pts.test.forEach(p => dot(p, "#000"));
  const n = frame.network.length;
  frame.network[n - 1].weights.forEach((_, u) => {
    const o = $(`output-${u}`);
    if (o) { o.firstChild.width = 16; o.firstChild.getContext("2d").drawImage(off, 0, 0, 16, 16); }
  });
  $("legend").textContent = frame.classes > 2
    ? "Colour: the predicted class, deeper where the network is surer. Dots: training points (white rim), test points (black rim)."
    : "Blue: positive / class 1; orange: negative / class 0. Dots: training points (white rim), test points (black rim).";
}

function drawCurve() {
  const h = playground.frame.history, canvas = $("lossCurve"), g = canvas.getContext("2d");
  g.clearRect(0, 0, canvas.width, canvas.height);
  if (h.length < 2) return;
  const maxE = h[h.length - 1][0] || 1;
  let maxL = 0;
  h.forEach(p => { maxL = Math.max(maxL, p[1] || 0, p[2] || 0); });
  maxL = maxL || 1;
  for (const [idx, colourName] of [[1, "#999"], [2, "#000"]]) {
    g.beginPath();
    h.forEach((p, i) => {
      const x = p[0] / maxE * canvas.width, y = canvas.height - (p[idx] || 0) / maxL * (canvas.height - 2);
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.strokeStyle = colourName;
    g.stroke();
  }
}

