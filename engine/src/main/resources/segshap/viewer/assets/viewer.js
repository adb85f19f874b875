// segshap viewer: one job's explanation in the browser. Reads only the job API of the server that served it
// (same origin; the segshap_token cookie authenticates): GET /v1/jobs/{id}, …/events (SSE), …/report,
// …/files/{name}, …/inputs/ct. Text from the report is set with textContent only, never parsed as HTML.
"use strict";
(() => {
  const jobId = decodeURIComponent(location.pathname.split("/").pop());
  const api = "/v1/jobs/" + encodeURIComponent(jobId);
  const LABELS = { tp: "TP", fp: "FP", dice: "Dice", softdice: "Soft Dice" };
  const PREFERRED_VALUE = "dice";
  const PHASES = { load: "loading the inputs, predicting the ROI", baseline: "baseline", coalitions: "coalitions",
    curves: "MoRF / LeRF curves" };
  // abdomen soft-tissue window (level 40 HU, width 400 HU), as radiologists read CT
  const CT_WINDOW_HU = [-160, 240];
  // the report figures' colour map (figures.DivergingColourMap): grey-white → salmon → dark red, mirrored to blue.
  // NiiVue makes overlay voxels opaque or not (colormap alpha is binarised), so the figures' opacity ramp is
  // NiiVue's alpha threshold instead: alpha (|φ| / (ALPHA_RAMP·max|φ|))², full from half the scale on, times
  // the layer opacity ALPHA_MAX; φ = 0 exactly (index 0, alpha 0) stays transparent
  const PHI_POS = { R: [247, 244, 190], G: [247, 165, 20], B: [247, 130, 40], A: [0, 255, 255], I: [0, 128, 255] };
  const PHI_NEG = { R: [247, 130, 40], G: [247, 165, 20], B: [247, 244, 190], A: [0, 255, 255], I: [0, 128, 255] };
  const ALPHA_MAX = 0.85;
  const ALPHA_RAMP = 0.5;
  const ZERO_TO_MAX_ALPHA_THRESHOLD = 1; // NiiVue colormapType: colours from 0, alpha ramps up to cal_min
  const ROI_OUTLINE = { R: [255, 255], G: [215, 215], B: [0, 0], A: [0, 255], I: [0, 255] };

  const $ = (id) => document.getElementById(id);
  const view = { nv: null, report: null, units: null, phiByValue: new Map(), phi: null, roi: null, value: null };

  function setPhase(phase) {
    document.body.dataset.phase = phase;
  }

  async function fetchJson(url) {
    const r = await fetch(url, { credentials: "same-origin" });
    if (!r.ok) throw new Error(url + ": HTTP " + r.status + " " + (await r.text()).trim());
    return r.json();
  }

  function fail(message) {
    setPhase("error");
    const e = $("error");
    e.textContent = message;
    e.hidden = false;
  }

  function showState(state) {
    const s = $("state");
    s.textContent = state;
    s.className = "state " + state;
  }

  function num(x, digits = 4) {
    if (x === null || x === undefined) return "—";
    if (x === 0) return "0";
    const a = Math.abs(x);
    return a >= 1e5 || a < 1e-3 ? x.toExponential(digits - 1) : x.toPrecision(digits);
  }

  function seconds(s) {
    if (s === null || s === undefined) return "?";
    return s < 90 ? s.toFixed(0) + " s" : (s / 60).toFixed(1) + " min";
  }

  function cell(row, text, cls) {
    const td = row.insertCell();
    td.textContent = text;
    if (cls) td.className = cls;
    return td;
  }

  // ---- live progress (queued / running) ------------------------------------------------------------------

  function renderProgress(p) {
    $("progress").hidden = false;
    $("progress-phase").textContent = PHASES[p.phase] || p.phase;
    const bar = $("progress-bar");
    bar.max = Math.max(1, p.coalitionsPlanned);
    bar.value = p.coalitionsDone;
    const hitRatio = p.tileRequests > 0 ? (100 * p.hits / p.tileRequests).toFixed(0) + " % cache hits" : "no tile requests yet";
    // the engine counts each phase's own steps in coalitionsDone/Planned (tiles while loading, points of the curves)
    const steps = p.phase === "coalitions" ? " coalitions" : " steps";
    $("progress-text").textContent = p.coalitionsDone + " / " + p.coalitionsPlanned + steps + " · tiles forwarded "
      + p.forwards + " · " + hitRatio + " · elapsed " + seconds(p.elapsedSeconds) + " · eta " + seconds(p.etaSeconds);
    $("progress-top-value").textContent = p.topUnitsValue ? LABELS[p.topUnitsValue] || p.topUnitsValue : "not known yet";
    const body = $("progress-top").tBodies[0];
    body.replaceChildren();
    for (const u of p.topUnits) {
      const row = body.insertRow();
      cell(row, u.unitId, "num");
      cell(row, u.name || "");
      cell(row, num(u.phi), "num");
    }
    document.body.dataset.progressEvents = String(Number(document.body.dataset.progressEvents || 0) + 1);
  }

  function watch(job) {
    setPhase("progress");
    $("progress").hidden = false;
    if (job.progress) renderProgress(job.progress);
    const events = new EventSource(api + "/events");
    events.addEventListener("progress", (e) => renderProgress(JSON.parse(e.data)));
    events.addEventListener("done", () => {
      events.close();
      showState("done");
      showResult().catch((e) => fail(e.message));
    });
    for (const end of ["failed", "cancelled"]) {
      events.addEventListener(end, () => {
        events.close();
        fetchJson(api).then(showEnded, (e) => fail(e.message));
      });
    }
    // EventSource reconnects by itself after a dropped connection; say so instead of looking frozen
    events.onerror = () => { $("progress-text").textContent += " · connection lost, reconnecting…"; };
  }

  function showEnded(job) {
    showState(job.state);
    fail("job " + job.state + (job.error ? ": " + job.error : ""));
  }

  // ---- the result --------------------------------------------------------------------------------------------

  function unitName(u) {
    return u.organName || (u.organLabel ? "label " + u.organLabel : u.kind + " unit");
  }

  function maxAbs(xs) {
    return xs.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  }

  function renderUnits(value) {
    const a = view.report.values[value];
    const order = view.report.units.map((u, i) => i)
      .sort((i, j) => (view.report.units[i].excluded - view.report.units[j].excluded)
        || Math.abs(a.phi[j]) - Math.abs(a.phi[i]) || view.report.units[i].id - view.report.units[j].id);
    const body = $("units").tBodies[0];
    body.replaceChildren();
    order.forEach((i, rank) => {
      const u = view.report.units[i];
      const row = body.insertRow();
      row.dataset.unitId = String(u.id);
      row.className = u.excluded ? "excluded" : a.phi[i] > 0 ? "pos" : a.phi[i] < 0 ? "neg" : "";
      if (u.excluded) row.title = "excluded: " + (u.exclusionReason || "");
      cell(row, String(rank + 1), "num");
      cell(row, String(u.id), "num");
      cell(row, unitName(u));
      cell(row, String(u.voxels), "num");
      cell(row, num(a.phi[i]), "num phi");
      cell(row, num(a.stderr[i], 2), "num");
      row.addEventListener("click", () => goToUnit(u, row));
    });
    $("units-value").textContent = LABELS[value] || value;
  }

  function goToUnit(u, row) {
    for (const r of $("units").tBodies[0].rows) r.classList.toggle("selected", r === row);
    const nv = view.nv;
    if (!u.centroidMm) return;
    nv.scene.crosshairPos = nv.mm2frac(u.centroidMm);
    nv.drawScene();
    nv.createOnLocationChange();
  }

  function renderCurves(value) {
    const svg = $("curves-plot");
    svg.replaceChildren();
    $("curves-value").textContent = LABELS[value] || value;
    const m = view.report.metrics && view.report.metrics[value];
    if (!m) {
      $("curves-metrics").textContent = "no curves yet: they come with segshap evaluate";
      return;
    }
    // the legend sits above the plot area (top margin), so no curve runs through it
    const W = 440, H = 270, left = 56, right = 12, top = 24, bottom = 36;
    const all = m.morf.concat(m.lerf);
    let lo = Math.min(...all), hi = Math.max(...all);
    if (hi === lo) { hi += 1; lo -= 1; }
    const K = m.morf.length - 1;
    const x = (k) => left + (W - left - right) * (K > 0 ? k / K : 0);
    const y = (s) => top + (H - top - bottom) * (1 - (s - lo) / (hi - lo));
    const NS = "http://www.w3.org/2000/svg";
    const add = (name, attrs, text) => {
      const el = document.createElementNS(NS, name);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      if (text !== undefined) el.textContent = text;
      svg.appendChild(el);
      return el;
    };
    add("line", { x1: left, y1: y(lo), x2: W - right, y2: y(lo), class: "axis" });
    add("line", { x1: left, y1: top, x2: left, y2: y(lo), class: "axis" });
    add("text", { x: left - 6, y: y(hi) + 4, class: "tick end" }, num(hi, 3));
    add("text", { x: left - 6, y: y(lo), class: "tick end" }, num(lo, 3));
    add("text", { x: left, y: H - 18, class: "tick" }, "0");
    add("text", { x: W - right, y: H - 18, class: "tick end" }, String(K));
    add("text", { x: (left + W - right) / 2, y: H - 4, class: "tick middle" }, "units removed (k)");
    for (const [name, curve] of [["morf", m.morf], ["lerf", m.lerf]]) {
      add("polyline", { points: curve.map((s, k) => x(k) + "," + y(s)).join(" "), class: "curve " + name });
    }
    add("text", { x: left + 6, y: 14, class: "tick morf" }, "— MoRF (most relevant first)");
    add("text", { x: W - right, y: 14, class: "tick end lerf" }, "— LeRF (least relevant first)");
    const normalised = m.naopc === null ? "normalised " + (m.normalisedUndefined || "undefined")
      : "nAOPC " + num(m.naopc, 3) + " · nABPC " + num(m.nabpc, 3);
    $("curves-metrics").textContent = "AOPC " + num(m.aopc, 3) + " · ABPC " + num(m.abpc, 3) + " · " + normalised;
  }

  // φ map of one value function, loaded once and kept for switching back
  async function phiImage(value) {
    if (!view.phiByValue.has(value)) {
      const img = await niivue.NVImage.loadFromUrl({
        url: api + "/files/shap_" + value + ".nii.gz", name: "shap_" + value + ".nii.gz",
        colormap: "segshap_phi_pos", colormapNegative: "segshap_phi_neg",
      });
      // symmetric scale ±max|φ|, each value function on its own
      const m = maxAbs(view.report.values[value].phi) || 1;
      img.colormapType = ZERO_TO_MAX_ALPHA_THRESHOLD;
      img.opacity = ALPHA_MAX;
      img.cal_min = ALPHA_RAMP * m;
      img.cal_max = m;
      img.cal_minNeg = -m;
      img.cal_maxNeg = -ALPHA_RAMP * m;
      img.colorbarVisible = false;
      view.phiByValue.set(value, img);
    }
    return view.phiByValue.get(value);
  }

  // roi.nii.gz (0/1 on the CT grid) reduced to its surface: voxels inside with a face neighbour outside. In a
  // slice this draws the ROI's outline (filled only where the ROI's surface lies in the slice plane).
  async function roiOutline() {
    const img = await niivue.NVImage.loadFromUrl({ url: api + "/files/roi.nii.gz", name: "roi.nii.gz", colormap: "segshap_roi" });
    const [, nx, ny, nz] = img.hdr.dims;
    const inside = Uint8Array.from(img.img, (v) => (v > 0 ? 1 : 0));
    const at = (x, y, z) => (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz ? 0 : inside[x + nx * (y + ny * z)]);
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const i = x + nx * (y + ny * z);
          img.img[i] = inside[i] && !(at(x - 1, y, z) && at(x + 1, y, z) && at(x, y - 1, z) && at(x, y + 1, z)
            && at(x, y, z - 1) && at(x, y, z + 1)) ? 1 : 0;
        }
    img.cal_min = 0;
    img.cal_max = 1;
    img.colorbarVisible = false;
    return img;
  }

  async function showValue(value) {
    const nv = view.nv;
    const phi = await phiImage(value);
    if (view.phi !== phi) {
      // layers: CT, unit ids (invisible, read for the location line), φ, ROI outline on top
      if (view.phi) nv.removeVolume(view.phi);
      if (view.roi) nv.removeVolume(view.roi);
      nv.addVolume(phi);
      if (view.roi) nv.addVolume(view.roi);
      view.phi = phi;
    }
    view.value = value;
    const m = maxAbs(view.report.values[value].phi);
    $("scale-neg").textContent = "−" + num(m, 3);
    $("scale-pos").textContent = "+" + num(m, 3);
    $("legend").hidden = false;
    renderUnits(value);
    renderCurves(value);
    nv.drawScene();
    nv.createOnLocationChange(); // the location line shows the new value's φ
    $("volume").dataset.value = value;
  }

  function describeLocation(data) {
    if (!data || !data.values || !view.report) return;
    const id = Math.round(data.values[1] ? data.values[1].value : 0);
    const i = view.report.units.findIndex((u) => u.id === id);
    const hu = data.values[0] ? num(data.values[0].value, 4) + " HU" : "";
    const mm = data.mm ? "(" + Array.from(data.mm).slice(0, 3).map((c) => c.toFixed(1)).join(", ") + ") mm" : "";
    const unit = i < 0 ? "no unit" : "unit " + id + " " + unitName(view.report.units[i]) + " · φ "
      + num(view.report.values[view.value].phi[i]) + " ± " + num(view.report.values[view.value].stderr[i], 2);
    $("location").textContent = mm + " · " + hu + " · " + unit;
  }

  async function showResult() {
    setPhase("loading");
    $("progress").hidden = true;
    view.report = await fetchJson(api + "/report");
    const values = Object.keys(view.report.values);
    const asked = new URLSearchParams(location.search).get("value");
    const first = values.includes(asked) ? asked : values.includes(PREFERRED_VALUE) ? PREFERRED_VALUE : values[0];
    const select = $("value");
    select.replaceChildren(...values.map((v) => new Option(LABELS[v] || v, v, v === first, v === first)));
    $("value-choice").hidden = false;
    $("result").hidden = false;

    const nv = new niivue.Niivue({
      backColor: [0, 0, 0, 1], isColorbar: false, show3Dcrosshair: false, crosshairColor: [0.3, 0.9, 0.3, 1],
      dragAndDropEnabled: false, multiplanarShowRender: niivue.SHOW_RENDER.NEVER, isOrientCube: false,
    });
    view.nv = nv;
    await nv.attachToCanvas($("volume"));
    nv.addColormap("segshap_phi_pos", PHI_POS);
    nv.addColormap("segshap_phi_neg", PHI_NEG);
    nv.addColormap("segshap_roi", ROI_OUTLINE);
    nv.setSliceType(nv.sliceTypeMultiplanar);
    // φ is constant over each unit: nearest neighbour shows unit borders and the ROI outline where they are
    nv.setInterpolation(true);
    nv.onLocationChange = describeLocation;
    // NiiVue picks the reader by the name's extension; the CT route has none, the job's input path has
    const ctName = view.report.job.inputs.ct.split(/[\\/]/).pop();
    await nv.loadVolumes([{ url: api + "/inputs/ct", name: ctName, colormap: "gray",
      cal_min: CT_WINDOW_HU[0], cal_max: CT_WINDOW_HU[1], trustCalMinMax: true }]);
    nv.volumes[0].cal_min = CT_WINDOW_HU[0];
    nv.volumes[0].cal_max = CT_WINDOW_HU[1];
    nv.volumes[0].colorbarVisible = false;
    view.units = await niivue.NVImage.loadFromUrl({ url: api + "/files/units.nii.gz", name: "units.nii.gz" });
    view.units.opacity = 0;
    view.units.colorbarVisible = false;
    nv.addVolume(view.units);
    try {
      view.roi = await roiOutline();
      nv.addVolume(view.roi);
    } catch (e) {
      // results written before roi.nii.gz existed still show, without the outline
      $("notes").textContent = "no ROI outline: roi.nii.gz could not be loaded (" + e.message + ")";
    }
    nv.updateGLVolume();
    await showValue(first);
    select.addEventListener("change", () => {
      setPhase("loading");
      showValue(select.value).then(() => setPhase("ready"), (e) => fail(e.message));
    });
    nv.createOnLocationChange();
    setPhase("ready");
  }

  async function start() {
    $("job-id").textContent = jobId;
    document.title = "segshap " + jobId;
    const job = await fetchJson(api);
    showState(job.state);
    if (job.state === "done") return showResult();
    if (job.state === "failed" || job.state === "cancelled") return showEnded(job);
    watch(job);
  }

  start().catch((e) => fail(e.message));
})();
