// The Nabla playground page: plain JavaScript, no build step. The server trains; this draws its frames.
"use strict";

const FEATURES = ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"];
const FEATURE_LABELS = {x1: "X\u2081", x2: "X\u2082", x1sq: "X\u2081\u00B2", x2sq: "X\u2082\u00B2", x1x2: "X\u2081X\u2082",
  sinx1: "sin(X\u2081)", sinx2: "sin(X\u2082)"};
const DATASETS = {classification: ["circle", "xor", "gauss", "spiral", "blobs"], regression: ["plane", "multigauss"]};
const RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const CLASS_COLOURS = [[8, 119, 189], [245, 147, 34], [58, 160, 90], [170, 70, 170], [200, 60, 60], [100, 100, 100],
  [0, 170, 170], [150, 110, 40], [90, 90, 200], [220, 180, 0]];
const VIEW_KEYS = ["showTest", "discretize", "activation"];

const playground = {id: null, settings: null, view: {showTest: false, discretize: false, activation: "tanh"},
  frame: null, points: null, options: null, events: null, frames: 0};
window.playground = playground;

const $ = id => document.getElementById(id);

function showMessage(text) {
  const m = $("message");
  m.textContent = text;
  m.hidden = !text;
}

async function api(path, options = {}) {
  const response = await fetch(`/api/session/${playground.id}${path}`, options);
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch (e) { body = {error: text || `HTTP ${response.status}`}; }
  if (!response.ok) {
    if (response.status === 404 && body.error && playground.id) showMessage(body.error);
    throw new Error(body.error || `HTTP ${response.status}`);
  }
  return body;
}

// ---- the state in the URL --------------------------------------------------------------------------------

function toHash(s, view) {
  const p = new URLSearchParams();
  for (const k of ["dataset", "problem", "noise", "trainRatio", "batchSize", "seed", "learningRate", "optimizer", "schedule",
    "regularization", "regRate"]) p.set(k, s[k]);
  p.set("features", s.features.join(","));
  p.set("layers", s.layers.map(l => `${l.units}:${l.activation}:${l.dropout}`).join(","));
  if (s.dataset === "csv") { p.set("csvLabel", s.csvLabel || ""); p.set("csvX", s.csvX); p.set("csvY", s.csvY); }
  for (const k of VIEW_KEYS) p.set(k, view[k]);
  return "#" + p.toString();
}

// Reads the URL's state; throws with a message naming the part that is not understood.
function fromHash(hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  const s = {}, view = {};
  for (const [k, v] of p.entries()) {
    if (["noise", "trainRatio", "batchSize", "seed", "learningRate", "regRate", "csvX", "csvY"].includes(k)) {
      if (v.trim() === "" || isNaN(Number(v))) throw new Error(`'${k}' should be a number, not '${v}'`);
      s[k] = Number(v);
    } else if (k === "features") {
      s.features = v === "" ? [] : v.split(",");
    } else if (k === "layers") {
      s.layers = v === "" ? [] : v.split(",").map(part => {
        const [units, activation, dropout] = part.split(":");
        if (!/^\d+$/.test(units || "")) throw new Error(`'layers' should read units:activation:dropout, not '${part}'`);
        return {units: Number(units), activation: activation || "tanh", dropout: Number(dropout || 0)};
      });
    } else if (k === "showTest" || k === "discretize") {
      view[k] = v === "true";
    } else if (k === "activation") {
      view[k] = v;
    } else if (["dataset", "problem", "optimizer", "schedule", "regularization", "csvLabel"].includes(k)) {
      s[k] = v;
    } else {
      throw new Error(`unknown setting '${k}'`);
    }
  }
  if (Object.keys(s).length === 0) throw new Error("no settings found");
  return {settings: s, view};
}

function writeHash() {
  history.replaceState(null, "", toHash(playground.settings, playground.view));
}

// ---- talking to the server -------------------------------------------------------------------------------

async function configure(settings) {
  const body = await api("/config", {method: "POST", body: JSON.stringify(settings)});
  playground.settings = body.settings;
  showMessage("");
  writeHash();
  syncControls();
  buildNetwork();
}

// Applies a change to the settings; on refusal the message shows and the page keeps the settings it had.
async function change(patch) {
  const next = Object.assign({}, playground.settings, patch);
  try {
    await configure(next);
  } catch (e) {
    showMessage(e.message);
    syncControls();
  }
}

async function control(action) {
  try { await api(`/control?action=${action}`, {method: "POST"}); } catch (e) { showMessage(e.message); }
}

function openEvents() {
  if (playground.events) playground.events.close();
  const es = new EventSource(`/api/session/${playground.id}/events`);
  es.addEventListener("frame", ev => onFrame(JSON.parse(ev.data)));
  es.addEventListener("failure", ev => { showMessage(JSON.parse(ev.data).error); es.close(); });
  playground.events = es;
}

// ---- controls --------------------------------------------------------------------------------------------

function fillSelect(sel, values, label = v => v) {
  sel.innerHTML = "";
  for (const v of values) {
    const o = document.createElement("option");
    o.value = v;
    o.textContent = label(v);
    sel.appendChild(o);
  }
}

function setupControls() {
  const o = playground.options;
  fillSelect($("learningRate"), RATES);
  fillSelect($("regRate"), REG_RATES);
  fillSelect($("activation"), o.activations);
  fillSelect($("optimizer"), o.optimizers);
  fillSelect($("schedule"), o.schedules);
  $("learningRate").onchange = e => change({learningRate: Number(e.target.value)});
  $("regRate").onchange = e => change({regRate: Number(e.target.value)});
  $("regularization").onchange = e => change({regularization: e.target.value});
  $("optimizer").onchange = e => change({optimizer: e.target.value});
  $("schedule").onchange = e => change({schedule: e.target.value});
  $("activation").onchange = e => {
    playground.view.activation = e.target.value;
    change({layers: playground.settings.layers.map(l => Object.assign({}, l, {activation: e.target.value}))});
  };
  $("problem").onchange = e => {
    const problem = e.target.value;
    change({problem, dataset: DATASETS[problem][0]});
  };
  for (const k of ["trainRatio", "noise", "batchSize"]) {
    $(k).oninput = e => { $(k + "Value").textContent = e.target.value; };
    $(k).onchange = e => change({[k]: Number(e.target.value)});
  }
  $("seed").onchange = e => change({seed: Number(e.target.value)});
  $("regenerate").onclick = () => change({seed: Math.floor(Math.random() * 1e6)});
  $("play").onclick = () => control(playground.frame && playground.frame.running ? "pause" : "play");
  $("step").onclick = () => control("step");
  $("reset").onclick = () => control("reset");
  $("addLayer").onclick = () => {
    const layers = playground.settings.layers.concat([{units: 2, activation: playground.view.activation, dropout: 0}]);
    change({layers});
  };
  $("removeLayer").onclick = () => change({layers: playground.settings.layers.slice(0, -1)});
  $("showTest").onchange = e => { playground.view.showTest = e.target.checked; writeHash(); drawOutput(); };
  $("discretize").onchange = e => { playground.view.discretize = e.target.checked; writeHash(); drawOutput(); };
  $("csvFile").onchange = e => upload(e.target.files[0]);
  $("importFile").onchange = e => importModel(e.target.files[0]);
  $("csvLabel").onchange = e => upload(playground.csvFile, e.target.value);
  $("csvX").onchange = e => change({csvX: Number(e.target.value)});
  $("csvY").onchange = e => change({csvY: Number(e.target.value)});
  $("showCode").onclick = showCode;
  $("vanishingDemo").onclick = vanishingDemo;
  $("showPaths").onclick = showPaths;
  $("weightCancel").onclick = () => { $("weightEditor").hidden = true; };
  $("export").href = `/api/session/${playground.id}/model`;
  $("downloadData").href = `/api/session/${playground.id}/data.csv`;
  const l = o.limits;
  $("limits").textContent = `Caps per tab: ${l.maxLayers} hidden layers of up to ${l.maxUnits} neurons, ` +
    `${l.maxParameters} weights in all, ${l.maxStepsPerSecond} updates per second; uploads up to ` +
    `${l.maxUploadBytes / 1048576} MiB, ${l.maxRows} rows and ${l.maxColumns} columns. A tab's session ends ` +
    `${l.idleSeconds} s after it is closed. Frames: ${l.framesPerSecond} per second.`;
  buildDatasetButtons();
}

function buildDatasetButtons() {
  const box = $("datasets");
  box.innerHTML = "";
  for (const name of DATASETS[playground.settings ? playground.settings.problem : "classification"]) {
    const c = document.createElement("canvas");
    c.width = 44; c.height = 44;
    c.id = "dataset-" + name;
    c.title = name;
    c.dataset.dataset = name;
    c.onclick = () => change({dataset: name});
    drawThumbnail(c, name);
    box.appendChild(c);
  }
}

// A small picture of each set, computed here so that choosing one needs no request.
function drawThumbnail(c, name) {
  const g = c.getContext("2d");
  g.fillStyle = "#fff"; g.fillRect(0, 0, 44, 44);
  for (let i = 0; i < 196; i++) {
    const x = (i % 14 + 0.5) / 14 * 12 - 6, y = (Math.floor(i / 14) + 0.5) / 14 * 12 - 6;
    let v;
    if (name === "circle") v = Math.hypot(x, y) < 3 ? 1 : -1;
    else if (name === "xor") v = x * y >= 0 ? 1 : -1;
    else if (name === "gauss") v = x + y > 0 ? 1 : -1;
    else if (name === "spiral") v = Math.sin(Math.hypot(x, y) * 1.3 - Math.atan2(y, x)) > 0 ? 1 : -1;
    else if (name === "blobs") v = y > 1 ? 1 : (x < 0 ? -1 : 0);
    else if (name === "plane") v = (x + y) / 12;
    else v = Math.sin(x) * Math.cos(y);
    g.fillStyle = colour(v);
    g.fillRect((x + 6) / 12 * 44 - 1.5, (6 - y) / 12 * 44 - 1.5, 3, 3);
  }
}

function syncControls() {
  const s = playground.settings;
  $("learningRate").value = s.learningRate;
  if ($("learningRate").value === "") { fillSelect($("learningRate"), RATES.concat([s.learningRate])); $("learningRate").value = s.learningRate; }
  $("regRate").value = s.regRate;
  if ($("regRate").value === "") { fillSelect($("regRate"), REG_RATES.concat([s.regRate])); $("regRate").value = s.regRate; }
  $("regularization").value = s.regularization;
  $("optimizer").value = s.optimizer;
  $("schedule").value = s.schedule;
  $("problem").value = s.problem;
  $("activation").value = playground.view.activation;
  for (const k of ["trainRatio", "noise", "batchSize"]) { $(k).value = s[k]; $(k + "Value").textContent = s[k]; }
  $("seed").value = s.seed;
  $("showTest").checked = playground.view.showTest;
  $("discretize").checked = playground.view.discretize;
  buildDatasetButtons();
  for (const c of $("datasets").children) c.classList.toggle("selected", c.dataset.dataset === s.dataset);
  $("csvColumns").hidden = s.dataset !== "csv";
}

// ---- the network picture ---------------------------------------------------------------------------------

// Orange for negative, white at zero, blue for positive (TensorFlow Playground's colours).
function colour(v, alpha = 1) {
  const t = Math.max(-1, Math.min(1, v));
  const [r, g, b] = t >= 0 ? mix([255, 255, 255], [8, 119, 189], t) : mix([255, 255, 255], [245, 147, 34], -t);
  return `rgba(${r},${g},${b},${alpha})`;
}

function mix(a, b, t) {
  return [0, 1, 2].map(i => Math.round(a[i] + (b[i] - a[i]) * t));
}

function decode(b64) {
  const raw = atob(b64), out = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) { const b = raw.charCodeAt(i); out[i] = (b > 127 ? b - 256 : b) / 127; }
  return out;
}

function decodeBytes(b64) {
  const raw = atob(b64), out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function inputNames() {
  const s = playground.settings;
  if (s.dataset === "csv") return playground.points ? playground.points.features : [];
  return FEATURES;
}

function buildNetwork() {
  const s = playground.settings, box = $("layers");
  box.innerHTML = "";
  const inputs = document.createElement("div");
  inputs.className = "layer";
  inputs.innerHTML = `<div class="head">${s.dataset === "csv" ? "Columns" : "Features"}<br>` +
    `<small>click to switch on/off</small></div>`;
  for (const f of inputNames()) {
    const on = s.dataset === "csv" || s.features.includes(f);
    const n = node(inputs, "input-" + f, "input" + (on ? "" : " off"));
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = FEATURE_LABELS[f] || f;
    n.appendChild(name);
    if (s.dataset !== "csv") {
      drawFeature(n.firstChild, f);
      n.onclick = () => {
        const features = on ? s.features.filter(x => x !== f) : s.features.concat([f]);
        change({features});
      };
    }
  }
  box.appendChild(inputs);
  s.layers.forEach((layer, li) => {
    const col = document.createElement("div");
    col.className = "layer";
    col.id = "layer-" + li;
    const head = document.createElement("div");
    head.className = "head";
    head.innerHTML = `<button class="addNeuron" id="addNeuron-${li}">+</button>` +
      `<button class="removeNeuron" id="removeNeuron-${li}">&minus;</button><br>${layer.units} neurons<br>`;
    const act = document.createElement("select");
    act.id = "activation-" + li;
    fillSelect(act, playground.options.activations);
    act.value = layer.activation;
    act.onchange = () => setLayer(li, {activation: act.value});
    const drop = document.createElement("input");
    drop.id = "dropout-" + li;
    drop.type = "number"; drop.min = 0; drop.max = 0.9; drop.step = 0.1; drop.value = layer.dropout;
    drop.title = "Dropout rate";
    drop.onchange = () => setLayer(li, {dropout: Number(drop.value)});
    head.appendChild(act);
    head.appendChild(drop);
    col.appendChild(head);
    head.querySelector(".addNeuron").onclick = () => setLayer(li, {units: layer.units + 1});
    head.querySelector(".removeNeuron").onclick = () => { if (layer.units > 1) setLayer(li, {units: layer.units - 1}); };
    for (let u = 0; u < layer.units; u++) node(col, `neuron-${li}-${u}`, "hidden");
    box.appendChild(col);
  });
  const out = document.createElement("div");
  out.className = "layer";
  out.innerHTML = `<div class="head">Output</div>`;
  const outputs = s.problem === "regression" ? 1 : Math.max(2, playground.frame ? playground.frame.classes : 2);
  for (let u = 0; u < outputs; u++) node(out, `output-${u}`, "outputnode");
  box.appendChild(out);
  $("layerCount").textContent = `${s.layers.length} hidden layer${s.layers.length === 1 ? "" : "s"}`;
  drawLinks();
}

function setLayer(li, patch) {
  const layers = playground.settings.layers.map((l, i) => i === li ? Object.assign({}, l, patch) : l);
  change({layers});
}

function node(parent, id, cls) {
  const n = document.createElement("div");
  n.className = "node " + cls;
  n.id = id;
  const c = document.createElement("canvas");
  c.width = 16; c.height = 16;
  n.appendChild(c);
  parent.appendChild(n);
  return n;
}

function drawFeature(canvas, f) {
  const g = canvas.getContext("2d"), img = g.createImageData(16, 16);
  for (let r = 0; r < 16; r++) for (let c = 0; c < 16; c++) {
    const a = -6 + 12 * (c + 0.5) / 16, b = 6 - 12 * (r + 0.5) / 16;
    const v = {x1: a / 6, x2: b / 6, x1sq: a * a / 18 - 1, x2sq: b * b / 18 - 1, x1x2: a * b / 18, sinx1: Math.sin(a),
      sinx2: Math.sin(b)}[f];
    put(img, r * 16 + c, colour(v));
  }
  g.putImageData(img, 0, 0);
}

function put(img, i, css) {
  const m = css.match(/[\d.]+/g).map(Number);
  img.data[i * 4] = m[0]; img.data[i * 4 + 1] = m[1]; img.data[i * 4 + 2] = m[2]; img.data[i * 4 + 3] = 255;
}

// The nodes feeding each Dense layer: the switched-on inputs, then each hidden layer's neurons.
function columns() {
  const s = playground.settings, cols = [];
  cols.push(s.dataset === "csv" ? inputNames().map(f => $("input-" + f)) : s.features.map(f => $("input-" + f)));
  s.layers.forEach((l, li) => cols.push([...Array(l.units).keys()].map(u => $(`neuron-${li}-${u}`))));
  const outs = [];
  for (let u = 0; $(`output-${u}`); u++) outs.push($(`output-${u}`));
  cols.push(outs);
  return cols;
}

function drawLinks() {
  const svg = $("links"), net = $("network").getBoundingClientRect();
  svg.innerHTML = "";
  const frame = playground.frame, cols = columns();
  for (let li = 0; li + 1 < cols.length; li++) {
    const w = frame && frame.network[li] ? frame.network[li].weights : null;
    cols[li + 1].forEach((to, t) => cols[li].forEach((from, f) => {
      if (!to || !from) return;
      const a = from.getBoundingClientRect(), b = to.getBoundingClientRect();
      const x1 = a.right - net.left, y1 = a.top + a.height / 2 - net.top, x2 = b.left - net.left, y2 = b.top + b.height / 2 - net.top;
      const d = `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`;
      const value = w && w[t] ? w[t][f] : 0;
      const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
      path.setAttribute("d", d);
      path.setAttribute("class", "link");
      path.id = `link-${li}-${f}-${t}`;
      path.setAttribute("stroke", colour(value));
      path.setAttribute("stroke-width", Math.min(6, 0.5 + Math.abs(value) * 2));
      const hit = document.createElementNS("http://www.w3.org/2000/svg", "path");
      hit.setAttribute("d", d);
      hit.setAttribute("class", "link-hit");
      hit.id = `hit-${li}-${f}-${t}`;
      hit.onclick = () => editWeight(li, f, t);
      const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
      title.textContent = `weight ${value}`;
      hit.appendChild(title);
      svg.appendChild(path);
      svg.appendChild(hit);
    }));
  }
}

function updateLinks() {
  const frame = playground.frame;
  frame.network.forEach((layer, li) => layer.weights.forEach((row, t) => row.forEach((value, f) => {
    const p = $(`link-${li}-${f}-${t}`);
    if (p) {
      p.setAttribute("stroke", colour(value));
      p.setAttribute("stroke-width", Math.min(6, 0.5 + Math.abs(value) * 2));
    }
  })));
}

function editWeight(layer, from, to) {
  const w = playground.frame.network[layer].weights[to][from];
  $("weightEditor").hidden = false;
  $("weightLabel").textContent = `Weight of layer ${layer + 1}, from node ${from + 1} to node ${to + 1}:`;
  $("weightValue").value = w;
  $("weightSet").onclick = async () => {
    const value = Number($("weightValue").value);
    if ($("weightValue").value.trim() === "" || !isFinite(value)) {
      showMessage(`Weight: expected a number, got '${$("weightValue").value}'`);
      return;
    }
    try {
      await api("/weight", {method: "POST", body: JSON.stringify({layer, from, to, value})});
      $("weightEditor").hidden = true;
      showMessage("");
    } catch (e) { showMessage(e.message); }
  };
}

// ---- frames ----------------------------------------------------------------------------------------------

function onFrame(frame) {
  const structureChanged = !playground.frame || JSON.stringify(shape(playground.frame)) !== JSON.stringify(shape(frame));
  if (frame.points) playground.points = frame.points;
  playground.frame = frame;
  playground.frames++;
  $("epoch").textContent = String(frame.epoch).padStart(6, "0").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  $("play").innerHTML = frame.running ? "&#x23F8;" : "&#x25B6;";
  $("testLoss").textContent = frame.testLoss == null ? "NaN" : frame.testLoss.toFixed(3);
  $("trainLoss").textContent = frame.trainLoss == null ? "NaN" : frame.trainLoss.toFixed(3);
  if (structureChanged || frame.points) buildNetwork(); else updateLinks();
  frame.neurons.forEach((maps, li) => maps.forEach((b64, u) => {
    const n = $(`neuron-${li}-${u}`);
    if (n) drawMap(n.firstChild, decode(b64), 16);
  }));
  drawOutput();
  drawCurve();
  drawGradients(frame.gradients);
}

// ---- files -----------------------------------------------------------------------------------------------

// Sends the file; a chosen label column re-reads the same file with that column as the label.
async function upload(file, label) {
  if (!file) return;
  try {
    const body = await api("/upload" + (label ? `?label=${encodeURIComponent(label)}` : ""), {method: "POST", body: file});
    playground.csvFile = file;
    const cols = body.columns;
    fillSelect($("csvLabel"), body.columns.concat([body.label]).sort((a, b) => a === body.label ? -1 : b === body.label ? 1 : 0));
    $("csvLabel").value = body.label;
    fillSelect($("csvX"), cols.map((_, i) => i), i => cols[i]);
    fillSelect($("csvY"), cols.map((_, i) => i), i => cols[i]);
    await configure(Object.assign({}, playground.settings, {dataset: "csv", problem: body.problem, csvLabel: body.label,
      csvX: 0, csvY: Math.min(1, cols.length - 1)}));
    $("csvX").value = 0;
    $("csvY").value = Math.min(1, cols.length - 1);
  } catch (e) {
    showMessage(e.message);
  }
  $("csvFile").value = "";
}

async function importModel(file) {
  if (!file) return;
  try {
    const body = await api("/import", {method: "POST", body: file});
    playground.settings = body.settings;
    showMessage("");
    writeHash();
    syncControls();
    buildNetwork();
  } catch (e) {
    showMessage(e.message);
  }
  $("importFile").value = "";
}

async function showCode() {
  try {
    const body = await api("/code");
    $("javaCode").textContent = body.java;
    $("specJson").textContent = JSON.stringify(body.spec, null, 2);
    $("code").hidden = false;
  } catch (e) { showMessage(e.message); }
}

// ---- start -----------------------------------------------------------------------------------------------

async function start() {
  const response = await fetch("/api/session", {method: "POST"});
  const welcome = await response.json();
  if (!response.ok) { showMessage(welcome.error); return; }
  playground.id = welcome.id;
  playground.options = welcome;
  playground.settings = welcome.settings;
  setupControls();
  let fromUrl = null, problem = null;
  if (location.hash.length > 1) {
    try { fromUrl = fromHash(location.hash); } catch (e) { problem = "The state in the URL could not be read (" + e.message + "); showing the defaults instead."; }
  }
  if (fromUrl) {
    Object.assign(playground.view, fromUrl.view);
    try {
      await configure(Object.assign({}, welcome.settings, fromUrl.settings));
    } catch (e) {
      problem = "The state in the URL was refused (" + e.message + "); showing the defaults instead.";
    }
  }
  if (!fromUrl || problem) await configure(welcome.settings);
  if (problem) showMessage(problem);
  openEvents();
  window.addEventListener("pagehide", () => navigator.sendBeacon(`/api/session/${playground.id}/close`));
  window.addEventListener("resize", drawLinks);
}

start();
