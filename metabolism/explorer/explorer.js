// The book's explorer front-end: one ES module, no imports, its CSS inside.
//
// `render({model, el})` draws an explorer from its state and keeps one source of truth: the model's
// "value" (a dict control name -> grid value). Controls only ever call set("value", ...); a single
// sync() listening to change:value moves every control, the preset <select> and the URL fragment, and
// a change:frame shows the figure, readout, sentence, table and download links.
//
// Two hosts give it a model:
// - a kernel, through anywidget (live mode): Python observes "value" and sends back a new "frame";
// - the static page (frames mode): the inline loader passes framesModel(state), a browser-only model
//   over the state saved in the page, which looks the frame up in the precomputed table.
// The build also writes a classic-script twin of this file (its `export default` turned into a global)
// for pages opened from file://, where browsers refuse module imports. Keep exactly one default export.

const CSS = `
.mx-root{--mx-bg:var(--pst-color-surface,var(--jp-layout-color1,#f6f7f9));
  --mx-fg:var(--pst-color-text-base,var(--jp-ui-font-color1,#222));
  --mx-muted:var(--pst-color-text-muted,var(--jp-ui-font-color2,#555));
  --mx-border:var(--pst-color-border,var(--jp-border-color1,#ccc));
  --mx-accent:var(--pst-color-primary,var(--jp-brand-color1,#0a5fa8));
  --mx-page:var(--pst-color-background,var(--jp-layout-color0,#fff));
  box-sizing:border-box;max-width:100%;margin:1em 0;padding:.75em;border:1px solid var(--mx-border);
  border-radius:.4em;background:var(--mx-bg);color:var(--mx-fg);font-size:.95rem;line-height:1.4}
.mx-root *,.mx-root *::before,.mx-root *::after{box-sizing:border-box}
.mx-title{font-weight:600;margin:0 0 .5em 0;font-size:1rem}
.mx-figs{display:flex;flex-wrap:wrap;gap:.75em;align-items:flex-start}
.mx-fig{flex:1 1 18em;min-width:0;margin:0;max-width:100%}
.mx-fig img{display:block;width:100%;height:auto;border-radius:.3em;background:#fff}
.mx-fig figcaption{font-size:.85rem;color:var(--mx-muted);margin-top:.25em;text-align:left}
.mx-pinned[hidden]{display:none}
.mx-pinned img{opacity:.92}
.mx-texts{margin:.5em 0}
.mx-readout{font-weight:600;margin:.25em 0}
.mx-sentence{margin:.25em 0}
.mx-error{color:#b00020;font-weight:600}
html[data-theme=dark] .mx-error{color:#ff8a80}
.mx-table{border-collapse:collapse;margin:.5em 0;font-size:.9rem;max-width:100%;display:block;overflow-x:auto}
.mx-table th,.mx-table td{border:1px solid var(--mx-border);padding:.2em .5em;text-align:left}
.mx-controls{display:grid;grid-template-columns:repeat(auto-fit,minmax(14em,1fr));gap:.5em 1.25em;margin:.75em 0}
.mx-control{min-width:0}
.mx-label{display:flex;justify-content:space-between;gap:.5em;flex-wrap:wrap;font-weight:600}
.mx-label output{font-weight:400;font-variant-numeric:tabular-nums}
.mx-root input[type=range]{width:100%;min-height:28px;margin:.15em 0;accent-color:var(--mx-accent);
  background:transparent}
.mx-ends{display:flex;justify-content:space-between;font-size:.8rem;color:var(--mx-muted)}
.mx-options{display:flex;flex-wrap:wrap;gap:.25em .9em;margin-top:.2em}
.mx-options label,.mx-switch{display:inline-flex;align-items:center;gap:.35em;min-height:28px;cursor:pointer;
  font-weight:400}
.mx-root input[type=radio],.mx-root input[type=checkbox]{width:1.15em;height:1.15em;margin:0;
  accent-color:var(--mx-accent)}
.mx-bar{display:flex;flex-wrap:wrap;gap:.5em;align-items:center;margin-top:.5em}
.mx-bar label{font-weight:600}
.mx-root select,.mx-root button,.mx-bar a{min-height:32px;font:inherit;font-size:.9rem;border-radius:.3em;
  border:1px solid var(--mx-border);background:var(--mx-page);color:var(--mx-fg);padding:.2em .6em;max-width:100%}
.mx-root button{cursor:pointer}
.mx-bar a{display:inline-flex;align-items:center;text-decoration:none;color:var(--mx-accent)}
.mx-root button:focus-visible,.mx-root select:focus-visible,.mx-root a:focus-visible,
.mx-root input:focus-visible{outline:2px solid var(--mx-accent);outline-offset:2px}
.mx-root details{margin-top:.5em;font-size:.9rem}
.mx-root details dl{margin:.25em 0}.mx-root details dd{margin-left:1em}
.mx-root .mx-fig img{padding:0!important;background:#fff!important;border-radius:.3em}
html[data-theme=dark] .mx-root .mx-fig img,body[data-jp-theme-light=false] .mx-root .mx-fig img{
  filter:invert(.88) hue-rotate(180deg)!important}
html[data-theme=dark] .cell_output .text_html:has(> .mx-host),html[data-theme=dark] .cell_output .text_html:has(.mx-root){
  background:transparent!important;padding:0!important;color:inherit!important}
`;

const FRAGMENT_PREFIX = "x-";

function addStyle(doc) {
  if (doc.getElementById("mx-style")) return;
  const s = doc.createElement("style");
  s.id = "mx-style";
  s.textContent = CSS;
  (doc.head || doc.documentElement).appendChild(s);
}

let counter = 0;

function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") e.textContent = v;
    else if (k === "class") e.className = v;
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c) e.append(c);
  // JupyterLab swallows keys (arrows, Home/End) on focused inputs unless they opt out one by one
  if (["INPUT", "BUTTON", "SELECT", "A", "TEXTAREA"].includes(e.tagName)) e.setAttribute("data-lm-suppress-shortcuts", "");
  return e;
}

function same(a, b) {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return a === b;
}

function indexOf(values, v) {
  for (let i = 0; i < values.length; i++) if (same(values[i], v)) return i;
  return -1;
}

function frameKey(spec, value) {
  return spec.controls.map((c) => indexOf(c.values, value[c.name])).join(",");
}

// ------------------------------------------------------------------ URL fragment: #x-<slug>=name:value,...

function readFragment(slug) {
  const parts = (location.hash || "").replace(/^#/, "").split("&");
  for (const p of parts) {
    if (p.startsWith(FRAGMENT_PREFIX + slug + "=")) return p.slice(FRAGMENT_PREFIX.length + slug.length + 1);
  }
  return null;
}

function parseSetting(spec, text) {
  const out = {};
  for (const item of text.split(",")) {
    const k = item.indexOf(":");
    if (k < 0) continue;
    const name = decodeURIComponent(item.slice(0, k));
    const raw = decodeURIComponent(item.slice(k + 1));
    const c = spec.controls.find((x) => x.name === name);
    if (!c) continue;
    const i = c.values.findIndex((v) => String(v) === raw);
    if (i >= 0) out[name] = c.values[i];
  }
  return out;
}

function writeFragment(slug, spec, value) {
  const own = FRAGMENT_PREFIX + slug + "=";
  const setting = spec.controls.map((c) => encodeURIComponent(c.name) + ":" + encodeURIComponent(String(value[c.name]))).join(",");
  const parts = (location.hash || "").replace(/^#/, "").split("&").filter((p) => p && !p.startsWith(own));
  parts.push(own + setting);
  try {
    history.replaceState(history.state, "", "#" + parts.join("&"));
  } catch (e) { /* a sandboxed frame may refuse; the setting still works */ }
}

// ------------------------------------------------------------------ the view

function render({ model, el }) {
  addStyle(document);
  const spec = model.get("spec");
  const uid = "mx" + ++counter + "-" + Math.random().toString(36).slice(2, 7);
  const slug = spec.name;
  const useUrl = spec.mode === "frames";
  const listeners = [];
  let started = false;
  const on = (event, fn) => { model.on(event, fn); listeners.push([event, fn]); };

  const root = h("div", { class: "mx-root", role: "group", "aria-labelledby": uid + "-title", "data-explorer": slug });
  const title = h("p", { class: "mx-title", id: uid + "-title", text: spec.title });

  // figure (and the pinned copy beside it)
  const img = h("img", { alt: "", width: spec.width, height: spec.height, decoding: "async",
    loading: spec.mode === "frames" ? "lazy" : null, class: "mx-current" });
  // never wider than the figure's own CSS size: its text stays the size it was designed at
  // side by side with the pinned copy where each gets >= 0.58 of that width (the book column), else stacked
  const figStyle = "max-width:" + spec.width + "px;flex-basis:" + Math.round(0.58 * spec.width) + "px";
  const liveFig = h("figure", { class: "mx-fig mx-live", style: figStyle }, img);
  const pinImg = h("img", { alt: "", width: spec.width, height: spec.height });
  const pinCaption = h("figcaption", {});
  const pinFig = h("figure", { class: "mx-fig mx-pinned", hidden: true, style: figStyle }, pinImg, pinCaption);
  const figs = h("div", { class: "mx-figs" }, liveFig, pinFig);

  // text: readout, sentence, table (HTML, announced when it changes)
  const readout = h("p", { class: "mx-readout" });
  const sentence = h("p", { class: "mx-sentence" });
  const table = h("table", { class: "mx-table", hidden: true });
  const error = h("p", { class: "mx-error", role: "alert", hidden: true });
  const texts = h("div", { class: "mx-texts", "aria-live": "polite", "aria-atomic": "true" }, readout, sentence);

  // controls by kind
  const controls = h("div", { class: "mx-controls" });
  const inputs = {};
  for (const c of spec.controls) {
    const id = uid + "-" + c.name;
    if (c.kind === "range") {
      const out = h("output", { for: id, id: id + "-out" });
      const input = h("input", { type: "range", id, min: 0, max: c.values.length - 1, step: 1,
        list: c.values.length <= 40 ? id + "-ticks" : null });
      const ticks = h("datalist", { id: id + "-ticks" });
      for (let i = 0; i < c.values.length; i++) ticks.append(h("option", { value: i }));
      input.addEventListener("input", () => change(c.name, c.values[+input.value]));
      const ends = h("div", { class: "mx-ends", "aria-hidden": "true" },
        h("span", { text: c.display[0] }), h("span", { text: c.display[c.values.length - 1] }));
      controls.append(h("div", { class: "mx-control" },
        h("label", { class: "mx-label", for: id }, c.label, out), input, ticks, ends));
      inputs[c.name] = { c, input, out };
    } else if (c.kind === "choice") {
      const group = h("div", { class: "mx-options", role: "radiogroup", "aria-labelledby": id + "-label" });
      const radios = c.values.map((v, i) => {
        const r = h("input", { type: "radio", name: id, id: id + "-" + i, value: i });
        r.addEventListener("change", () => r.checked && change(c.name, c.values[i]));
        group.append(h("label", { for: id + "-" + i }, r, c.display[i]));
        return r;
      });
      controls.append(h("div", { class: "mx-control" }, h("div", { class: "mx-label", id: id + "-label", text: c.label }), group));
      inputs[c.name] = { c, radios };
    } else if (c.kind === "switch") {
      const box = h("input", { type: "checkbox", role: "switch", id });
      box.addEventListener("change", () => change(c.name, c.values[box.checked ? 1 : 0]));
      controls.append(h("div", { class: "mx-control" }, h("label", { class: "mx-switch", for: id }, box, c.label)));
      inputs[c.name] = { c, box };
    }
  }

  // preset, reset, pin, downloads
  const bar = h("div", { class: "mx-bar" });
  let select = null;
  if (spec.presets && spec.presets.length) {
    select = h("select", { id: uid + "-preset" });
    select.append(h("option", { value: "", text: "your settings" }));
    spec.presets.forEach((p, i) => select.append(h("option", { value: i, text: p.name })));
    select.addEventListener("change", () => {
      if (select.value !== "") setValue({ ...model.get("value"), ...spec.presets[+select.value].value });
    });
    bar.append(h("label", { for: uid + "-preset", text: "Preset" }), select);
  }
  const reset = h("button", { type: "button", text: "Reset", title: "Back to the reference setting" });
  reset.addEventListener("click", () => setValue({ ...spec.reference }));
  const pin = h("button", { type: "button", text: "Pin", title: "Keep this figure beside the live one to compare" });
  const unpin = h("button", { type: "button", text: "Unpin", hidden: true });
  pin.addEventListener("click", () => {
    const f = model.get("frame") || {};
    pinImg.src = img.getAttribute("src");
    pinImg.alt = "Pinned for comparison: " + img.alt;
    pinCaption.textContent = "Pinned: " + settingsText(model.get("value")) + (f.readout ? " · " + f.readout : "");
    pinFig.hidden = false;
    unpin.hidden = false;
  });
  unpin.addEventListener("click", () => { pinFig.hidden = true; unpin.hidden = true; pinImg.removeAttribute("src"); });
  const png = h("a", { download: "", href: "#", text: "Figure (PNG)" });
  const csv = h("a", { download: "", href: "#", text: "Data (CSV)", hidden: true });
  bar.append(reset, pin, unpin, png, csv);

  root.append(title, figs, texts, table, error, controls, bar);
  if (spec.card && spec.card.length) {
    const dl = h("dl");
    for (const [k, v] of spec.card) dl.append(h("dt", { text: k }), h("dd", { text: v }));
    root.append(h("details", {}, h("summary", { text: "Model card" }), dl));
  }
  el.append(root);

  function settingsText(value) {
    return spec.controls.map((c) => c.label + " " + c.display[indexOf(c.values, value[c.name])]).join("; ");
  }

  // the alt text as plotting.alt_text composes it: what it shows, the settings, what changed
  function composeAlt(f, value) {
    const clean = (s) => String(s).trim().replace(/\.+$/, "");
    const settings = spec.controls.map((c) => c.label + " " + c.text[indexOf(c.values, value[c.name])]).join("; ");
    const parts = [clean(f.what || spec.what || "Chart")];
    if (settings) parts.push("Settings: " + clean(settings));
    if (f.readout) parts.push("Versus the reference: " + clean(f.readout));
    return parts.join(". ") + ".";
  }

  function fileStem(value) {
    const s = spec.controls.map((c) => c.name + "-" + String(value[c.name])).join("_");
    return (slug + "_" + s).replace(/[^A-Za-z0-9.]+/g, "-");
  }

  function setValue(v) {
    model.set("value", v);
    model.save_changes();
  }

  function change(name, v) {
    setValue({ ...model.get("value"), [name]: v });
  }

  // the one place controls follow the value
  function sync() {
    const value = model.get("value");
    for (const { c, input, out, radios, box } of Object.values(inputs)) {
      const i = indexOf(c.values, value[c.name]);
      if (input) {
        if (+input.value !== i) input.value = String(i);
        input.setAttribute("aria-valuetext", c.text[i]);
        out.textContent = c.display[i];
      } else if (radios) {
        radios.forEach((r, k) => { r.checked = k === i; });
      } else if (box) {
        box.checked = i === 1;
      }
    }
    if (select) {
      const k = spec.presets.findIndex((p) => Object.entries(p.value).every(([n, v]) => same(value[n], v)));
      select.value = k >= 0 ? String(k) : "";
    }
    if (useUrl && started) writeFragment(slug, spec, value);
    if (spec.mode === "live" && started) root.setAttribute("aria-busy", "true");
  }

  function show() {
    const f = model.get("frame");
    if (!f || !f.png) return;
    root.removeAttribute("aria-busy");
    if (img.getAttribute("src") !== f.png) img.src = f.png;
    img.alt = f.alt || composeAlt(f, model.get("value"));
    readout.textContent = f.readout || "";
    sentence.textContent = f.sentence || "";
    table.replaceChildren();
    if (f.table && f.table.columns) {
      const head = h("tr");
      f.table.columns.forEach((c) => head.append(h("th", { scope: "col", text: c })));
      table.append(h("thead", {}, head));
      const body = h("tbody");
      for (const row of f.table.rows) {
        const tr = h("tr");
        row.forEach((cell) => tr.append(h("td", { text: cell })));
        body.append(tr);
      }
      table.append(body);
    }
    table.hidden = !(f.table && f.table.columns);
    const stem = fileStem(model.get("value"));
    png.href = f.png;
    png.setAttribute("download", stem + ".png");
    csv.hidden = !f.csv;
    if (f.csv) {
      csv.href = f.csv;
      csv.setAttribute("download", stem + ".csv");
    }
  }

  function showError() {
    const msg = model.get("error") || "";
    error.textContent = msg;
    error.hidden = !msg;
    if (msg) root.removeAttribute("aria-busy");
  }

  on("change:value", sync);
  on("change:frame", show);
  on("change:error", showError);

  if (useUrl) {
    const text = readFragment(slug);
    const wanted = text ? parseSetting(spec, text) : {};
    if (Object.keys(wanted).length) model.set("value", { ...model.get("value"), ...wanted });
  }
  sync();
  show();
  showError();
  started = true;

  return () => {
    for (const [event, fn] of listeners) model.off(event, fn);
  };
}

// ------------------------------------------------------------------ the static page's model

// A browser-only model over the state saved in the page: {spec, value, frames: {key: frame}}.
// set("value") looks the frame up and fires change:value and change:frame; neighbours of the shown
// frame (one step along each control) are prefetched once the figure has loaded.
function framesModel(state) {
  const data = { spec: state.spec, value: { ...state.value }, error: "" };
  const handlers = {};
  const fetched = new Set();
  data.frame = state.frames[frameKey(state.spec, data.value)];
  const emit = (name) => (handlers["change:" + name] || []).slice().forEach((fn) => fn());

  function prefetch() {
    const spec = state.spec;
    const idx = spec.controls.map((c) => indexOf(c.values, data.value[c.name]));
    spec.controls.forEach((c, k) => {
      for (const d of [-1, 1]) {
        const j = idx[k] + d;
        if (j < 0 || j >= c.values.length) continue;
        const key = idx.map((x, m) => (m === k ? j : x)).join(",");
        const f = state.frames[key];
        if (f && f.png && !fetched.has(f.png) && !f.png.startsWith("data:")) {
          fetched.add(f.png);
          const im = new Image();
          im.decoding = "async";
          im.src = f.png;
        }
      }
    });
  }

  return {
    get: (name) => data[name],
    set(name, v) {
      if (name !== "value") { data[name] = v; emit(name); return; }
      const key = frameKey(state.spec, v);
      const f = state.frames[key];
      if (!f) { data.error = "No precomputed figure for this setting."; emit("error"); return; }
      data.value = { ...v };
      data.error = "";
      emit("value");
      if (f !== data.frame) { data.frame = f; emit("frame"); }
      emit("error");
    },
    on(event, fn) { (handlers[event] = handlers[event] || []).push(fn); },
    off(event, fn) {
      if (!handlers[event]) return;
      handlers[event] = fn ? handlers[event].filter((g) => g !== fn) : [];
    },
    save_changes() {},
    send() {},
    prefetch,
  };
}

// Mount every explorer host of the page that is not mounted yet (the loader calls this).
function mount(host) {
  if (host.dataset.mxMounted) return;
  host.dataset.mxMounted = "1";
  const raw = host.querySelector("script[data-mx-state]");
  const model = framesModel(JSON.parse(raw.textContent));
  const el = document.createElement("div");
  host.append(el);
  render({ model, el });
  const img = el.querySelector("img.mx-current");
  img.addEventListener("load", () => model.prefetch());
  const fallback = host.querySelector(".mx-fallback");
  if (fallback) fallback.remove();
}

export default { render, framesModel, mount };
