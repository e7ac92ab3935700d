/* Strike Atlas time-lapse: plays the map's events day by day in the browser (dashboard/app/timelapse.py).
   Per frame only the markers' opacities change (in the trace's MapLibre source, or with Plotly.restyle): no new
   figure, no server round trip.
   An external file: the page's Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var FPS = 12;
  var state = null; // {gd, data, traces, days, first, last, day, timer, saved}
  var daysCache = null; // {etag, days: Int32Array}

  function graph() { return document.querySelector("#map .js-plotly-plot"); }
  function el(id) { return document.getElementById(id); }
  function note(text) { var n = el("tl-note"); if (n) { n.textContent = text || ""; } }
  function dateText(day) {
    var d = new Date(day * 86400000);
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  }

  function loadDays() {
    var headers = daysCache ? { "If-None-Match": daysCache.etag } : {};
    return fetch("/_atlas/event-days", { headers: headers, credentials: "same-origin" }).then(function (r) {
      if (r.status === 304 && daysCache) { return daysCache.days; }
      if (!r.ok) { throw new Error("event days: HTTP " + r.status); }
      var etag = r.headers.get("ETag") || "";
      return r.arrayBuffer().then(function (buf) {
        daysCache = { etag: etag, days: new Int32Array(buf) };
        return daysCache.days;
      });
    });
  }

  function positions(trace) {
    var c = trace.customdata;
    if (!c || typeof c.length !== "number") { return null; }
    return c;
  }

  // The fast path: write the opacities straight into the MapLibre source plotly made for each trace (its
  // circles read the "mo" property), skipping plotly's recalculation of 10k points per frame.
  function attachFast(s) {
    var subplot = s.gd._fullLayout.map && s.gd._fullLayout.map._subplot;
    if (!subplot) { return Promise.resolve(); }
    return Promise.all(s.traces.map(function (t) {
      var gl = s.gd._fullData[t.index] && s.gd._fullData[t.index]._glTrace;
      var source = gl && gl.sourceIds && subplot.map.getSource(gl.sourceIds.circle);
      if (!source || typeof source.getData !== "function") { return null; }
      return source.getData().then(function (geojson) {
        var features = geojson && geojson.features;
        if (features && features.length === t.days.length && features.length > 0 &&
            features[0].properties && "mo" in features[0].properties) {
          var copy = { type: "FeatureCollection", features: features.map(function (f) {
            return { type: "Feature", geometry: f.geometry, properties: Object.assign({}, f.properties) };
          }) };
          t.fast = { source: source, geojson: copy, original: geojson };
        }
      }).catch(function () { return null; });
    }));
  }

  function setOpacities(s, arrays) {
    var slow = [], slowIdx = [];
    s.traces.forEach(function (t, k) {
      if (t.fast) {
        var features = t.fast.geojson.features, op = arrays[k];
        for (var i = 0; i < features.length; i++) { features[i].properties.mo = op[i]; }
        t.fast.source.setData(t.fast.geojson);
      } else { slow.push(arrays[k]); slowIdx.push(t.index); }
    });
    if (slowIdx.length) { window.Plotly.restyle(s.gd, { "marker.opacity": slow }, slowIdx); }
  }

  function prepare(gd, allDays) {
    var traces = [], first = Infinity, last = -Infinity, rings = [];
    // _fullData: plotly's decoded copy, so positions sent as typed arrays ({dtype, bdata}) read as arrays too
    gd._fullData.forEach(function (trace) {
      var index = trace.index;
      var pos = positions(trace);
      if (!pos) {
        if (trace.hoverinfo === "skip" && trace.name !== "fit margin") { rings.push(index); }
        return;
      }
      var days = new Int32Array(pos.length);
      for (var i = 0; i < pos.length; i++) {
        var d = allDays[pos[i]];
        days[i] = d;
        if (d < first) { first = d; }
        if (d > last) { last = d; }
      }
      var op = (trace.marker || {}).opacity; // decoded: restored as a plain array on stop
      traces.push({ index: index, days: days, saved: op && op.length !== undefined ? Array.from(op) : op });
    });
    if (!traces.length) { return null; }
    var ringSaved = rings.map(function (i) { return gd.data[i].marker.opacity; });
    return { gd: gd, data: gd.data, traces: traces, rings: rings, ringSaved: ringSaved,
             first: first, last: last, day: first, timer: null };
  }

  function frame() {
    var s = state;
    if (!s) { return; }
    if (graph() !== s.gd || s.gd.data !== s.data) { reset(false); return; } // a new figure: filters changed
    var span = Math.max(s.last - s.first, 1);
    var seconds = Number((el("tl-speed") || {}).value || 20);
    var windowDays = Math.max(7, Math.round(span / 12));
    var cumulative = ((el("tl-mode") || {}).value || "cumulative") === "cumulative";
    var arrays = [];
    s.traces.forEach(function (t) {
      var op = new Array(t.days.length);
      for (var i = 0; i < t.days.length; i++) {
        var age = s.day - t.days[i];
        if (age < 0) { op[i] = 0; }
        else if (age <= windowDays) { op[i] = 1.0 - 0.55 * (age / windowDays); }
        else { op[i] = cumulative ? 0.22 : 0; }
      }
      arrays.push(op);
    });
    setOpacities(s, arrays);
    var label = el("tl-date");
    if (label) { label.textContent = dateText(s.day); label.classList.add("on"); }
    s.data = s.gd.data;
    if (s.day >= s.last) { pause(); note("end: " + dateText(s.last)); return; }
    // Time, not frames, moves the date: on a slow machine there are fewer frames, never a longer show.
    var now = window.performance.now();
    s.day = Math.min(s.last, s.day + (span * (now - s.tick)) / (seconds * 1000));
    s.tick = now;
  }

  function play() {
    var gd = graph();
    if (!gd || !gd.data || !window.Plotly) { return; }
    if (state && state.timer) { pause(); return; }
    if (state && (state.gd !== gd || state.data !== gd.data)) { reset(false); }
    note("");
    var start = state ? Promise.resolve(null) : loadDays().then(function (days) {
      state = prepare(gd, days);
      if (!state) { note("Time-lapse needs single events: zoom in or narrow the filters"); return; }
      if (state.rings.length) {
        window.Plotly.restyle(gd, { "marker.opacity": state.rings.map(function () { return 0; }) }, state.rings);
      }
      state.data = gd.data;
      return attachFast(state);
    });
    start.then(function () {
      if (!state) { return; }
      if (state.day >= state.last) { state.day = state.first; }
      state.tick = window.performance.now();
      state.timer = window.setInterval(frame, 1000 / FPS);
      el("tl-play").textContent = "❚❚ Pause";
      el("tl-stop").disabled = false;
    }).catch(function (err) { note(String(err)); });
  }

  function pause() {
    if (state && state.timer) { window.clearInterval(state.timer); state.timer = null; }
    var b = el("tl-play");
    if (b) { b.textContent = "▶ Play"; }
  }

  function reset(restore) {
    pause();
    var s = state;
    state = null;
    var label = el("tl-date");
    if (label) { label.textContent = ""; label.classList.remove("on"); }
    var stop = el("tl-stop");
    if (stop) { stop.disabled = true; }
    if (restore && s && graph() === s.gd && s.gd.data === s.data) {
      s.traces.forEach(function (t) { if (t.fast) { t.fast.source.setData(t.fast.original); } });
      window.Plotly.restyle(s.gd, { "marker.opacity": s.traces.map(function (t) { return t.saved; }) },
                            s.traces.map(function (t) { return t.index; }));
      if (s.rings.length) { window.Plotly.restyle(s.gd, { "marker.opacity": s.ringSaved }, s.rings); }
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    if (target.closest("#tl-play")) { play(); }
    else if (target.closest("#tl-stop")) { reset(true); note(""); }
  });
  window.atlasTimelapse = { play: play, pause: pause, stop: function () { reset(true); } };
})();
