/* Strike Atlas time-lapse: plays the map's events day by day in the browser (dashboard/app/timelapse.py).
   Per frame only the markers' opacities change (in the trace's MapLibre source, or with Plotly.restyle): no new
   figure, no server round trip.
   An external file: the page's Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
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

  // The fast path: the events of every trace go once into a MapLibre source of our own, each with its day's
  // bucket (at most BUCKETS spans of the period), drawn by one circle layer per bucket in place of plotly's
  // layers. A frame then sets one constant opacity per bucket: a uniform, with no data copied to MapLibre's
  // worker and no tile laid out again. Writing 10k opacities per frame (setData) cost ~600 ms a frame on two
  // cores in software GL, an opacity expression of the map's global state ~250 ms, the buckets ~the bare
  // repaint (README, "Time-lapse").
  var BUCKETS = 64, SOURCE = "atlas-timelapse";

  function attachFast(s) {
    var subplot = s.gd._fullLayout.map && s.gd._fullLayout.map._subplot;
    var map = subplot && subplot.map;
    if (!map || typeof map.addLayer !== "function") { return Promise.resolve(); }
    var span = Math.max(1, s.last - s.first + 1);
    var count = Math.max(1, Math.min(BUCKETS, Math.ceil(span)));
    var width = span / count;
    var features = [], hidden = [], paint = null;
    return Promise.all(s.traces.map(function (t) {
      var gl = s.gd._fullData[t.index] && s.gd._fullData[t.index]._glTrace;
      var source = gl && gl.sourceIds && map.getSource(gl.sourceIds.circle);
      var layer = gl && gl.layerIds && gl.layerIds.circle;
      if (!source || !layer || !map.getLayer(layer) || typeof source.getData !== "function") { return null; }
      return source.getData().then(function (geojson) {
        var fs = geojson && geojson.features;
        if (!fs || fs.length !== t.days.length || fs.length === 0) { return; }
        for (var i = 0; i < fs.length; i++) {
          var props = Object.assign({}, fs[i].properties);
          props.b = Math.min(count - 1, Math.floor((t.days[i] - s.first) / width));
          features.push({ type: "Feature", geometry: fs[i].geometry, properties: props });
        }
        t.fast = { layer: layer };
        hidden.push(layer);
        paint = paint || { "circle-color": map.getPaintProperty(layer, "circle-color"),
                           "circle-radius": map.getPaintProperty(layer, "circle-radius") };
      }).catch(function () { return null; });
    })).then(function () {
      if (!features.length) { return; }
      detach({ map: map, hidden: [], buckets: [] }); // a time-lapse left on this map (a figure changed under it)
      var before = hidden[0];
      map.addSource(SOURCE, { type: "geojson", data: { type: "FeatureCollection", features: features } });
      s.buckets = [];
      for (var k = 0; k < count; k++) {
        var id = SOURCE + "-" + k;
        // No transition: MapLibre would ease each new opacity over 300 ms (its default), so a frame drawn or
        // captured right after a change showed the events half-way (and every change cost 300 ms of redraws).
        map.addLayer({ id: id, type: "circle", source: SOURCE, filter: ["==", ["get", "b"], k],
                       paint: Object.assign({}, paint, { "circle-opacity": 0,
                                                         "circle-opacity-transition": { duration: 0, delay: 0 } }) },
                     before);
        s.buckets.push({ id: id, lo: s.first + k * width, hi: s.first + (k + 1) * width, opacity: 0 });
      }
      hidden.forEach(function (layer) { map.setLayoutProperty(layer, "visibility", "none"); });
      s.map = map;
      s.hidden = hidden;
    });
  }

  function detach(s) {
    var map = s.map;
    if (!map || !map.getStyle()) { return; }
    (s.hidden || []).forEach(function (layer) {
      if (map.getLayer(layer)) { map.setLayoutProperty(layer, "visibility", "visible"); }
    });
    for (var k = 0; k < BUCKETS; k++) {
      if (map.getLayer(SOURCE + "-" + k)) { map.removeLayer(SOURCE + "-" + k); }
    }
    if (map.getSource(SOURCE)) { map.removeSource(SOURCE); }
  }

  function opacityAt(age, windowDays, rest) {
    if (age < 0) { return 0; }
    if (age <= windowDays) { return 1.0 - 0.55 * (age / Math.max(1, windowDays)); }
    return rest;
  }

  // The events of `day` (days since 1970, fractional) bright, older ones fading: one frame of the time-lapse.
  function showDay(s, day, windowDays, cumulative) {
    var rest = cumulative ? 0.22 : 0;
    (s.buckets || []).forEach(function (b) {
      var op = day < b.lo ? 0 : opacityAt(Math.max(0, day - (b.lo + b.hi) / 2), windowDays, rest);
      op = Math.round(op * 100) / 100;
      if (op !== b.opacity) { s.map.setPaintProperty(b.id, "circle-opacity", op); b.opacity = op; }
    });
    var slow = [], slowIdx = [];
    s.traces.forEach(function (t) {
      if (t.fast) { return; }
      var op = new Array(t.days.length);
      for (var i = 0; i < t.days.length; i++) { op[i] = opacityAt(day - t.days[i], windowDays, rest); }
      slow.push(op); slowIdx.push(t.index);
    });
    if (slowIdx.length) { window.Plotly.restyle(s.gd, { "marker.opacity": slow }, slowIdx); }
  }

  function windowFor(s) { return Math.max(7, Math.round(Math.max(s.last - s.first, 1) / 12)); }

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
    if (!s || !s.timer) { return; }
    if (graph() !== s.gd || s.gd.data !== s.data) { reset(false); return; } // a new figure: filters changed
    var span = Math.max(s.last - s.first, 1);
    var seconds = Number((el("tl-speed") || {}).value || 20);
    var cumulative = ((el("tl-mode") || {}).value || "cumulative") === "cumulative";
    showDay(s, s.day, windowFor(s), cumulative);
    var label = el("tl-date");
    var text = dateText(s.day);
    if (label && label.textContent !== text) { label.textContent = text; }
    if (label) { label.classList.add("on"); }
    s.data = s.gd.data;
    if (s.day >= s.last) { pause(); note("end: " + dateText(s.last)); return; }
    // Time, not frames, moves the date: on a slow machine there are fewer frames, never a longer show.
    var now = window.performance.now();
    s.day = Math.min(s.last, s.day + (span * (now - s.tick)) / (seconds * 1000));
    s.tick = now;
    s.timer = window.requestAnimationFrame(frame);
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
      state.timer = window.requestAnimationFrame(frame);
      el("tl-play").textContent = "❚❚ Pause";
      el("tl-stop").disabled = false;
    }).catch(function (err) { note(String(err)); });
  }

  function pause() {
    if (state && state.timer) { window.cancelAnimationFrame(state.timer); state.timer = null; }
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
    if (s) { detach(s); }
    if (restore && s && graph() === s.gd && s.gd.data === s.data) {
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
  // For `python -m dashboard render --out FILE.mp4` (dashboard/video.py): the same frames, one day at a time.
  function prepareGraph(gd) {
    return loadDays().then(function (days) {
      var s = prepare(gd, days);
      if (!s) { throw new Error("no single events on the map"); }
      if (s.rings.length) {
        window.Plotly.restyle(gd, { "marker.opacity": s.rings.map(function () { return 0; }) }, s.rings);
      }
      return attachFast(s).then(function () {
        return { first: s.first, last: s.last, window: windowFor(s), fast: s.traces.every(function (t) { return !!t.fast; }),
                 show: function (day, windowDays, cumulative) { showDay(s, day, windowDays, cumulative); } };
      });
    });
  }

  window.atlasTimelapse = { play: play, pause: pause, stop: function () { reset(true); }, prepareGraph: prepareGraph,
                            dateText: dateText };
})();
