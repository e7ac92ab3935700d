/* Strike Atlas story mode (dashboard/app/story.py): ?story=ID1,ID2,... or ?story=NAME (data/stories/NAME.csv|json).
   ← and → step through the events: the map flies to each, its details are shown large, the other events are
   dimmed. Every text is set with textContent: event text is data, never markup. Nothing runs (no request, no
   timer) unless the URL names a story. "Add selected event to story" builds one from the table's rows.
   An external file: the page's Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var SOURCE = "atlas-story", STORE_KEY = "atlas-story-ids";
  var story = null; // {value, title, steps, index, panel, timer, gd, data, dimmed}

  function el(id) { return document.getElementById(id); }
  function graph() { return document.querySelector("#map .js-plotly-plot"); }
  function mapOf(gd) {
    var sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    return sub && sub.map;
  }
  function node(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) { n.className = cls; }
    if (text !== undefined && text !== null) { n.textContent = String(text); }
    return n;
  }
  function storyParam() { return new URLSearchParams(window.location.search).get("story"); }

  // --- the panel -------------------------------------------------------------------------------------------
  function buildPanel() {
    var panel = node("section", "story-panel");
    panel.id = "story-panel";
    panel.setAttribute("aria-label", "Story");
    panel.setAttribute("aria-live", "polite");
    var head = node("div", "story-head");
    head.appendChild(node("span", "story-title"));
    head.appendChild(node("span", "story-count"));
    panel.appendChild(head);
    var nav = node("div", "story-nav");
    var prev = node("button", "story-prev", "← Previous");
    prev.id = "story-prev";
    var next = node("button", "story-next", "Next →");
    next.id = "story-next";
    var leave = node("button", "story-leave secondary", "Leave story");
    leave.id = "story-leave";
    nav.appendChild(prev);
    nav.appendChild(next);
    nav.appendChild(leave);
    nav.appendChild(node("span", "story-hint", "← → to step · Esc to leave"));
    panel.appendChild(nav);
    panel.appendChild(node("p", "story-caption"));
    panel.appendChild(node("h2", "story-place"));
    panel.appendChild(node("p", "story-when"));
    panel.appendChild(node("dl", "story-fields"));
    panel.appendChild(node("p", "story-notes"));
    return panel;
  }

  function field(dl, label, value) {
    if (value === null || value === undefined || value === "") { return; }
    dl.appendChild(node("dt", null, label));
    dl.appendChild(node("dd", null, value));
  }

  function fill(panel, s) {
    var e = s.steps[s.index];
    panel.querySelector(".story-title").textContent = s.title || "Story";
    panel.querySelector(".story-count").textContent = (s.index + 1) + " / " + s.steps.length;
    var caption = panel.querySelector(".story-caption");
    caption.textContent = e.caption || "";
    caption.hidden = !e.caption;
    panel.querySelector(".story-place").textContent = e.location || "Unknown place";
    var where = [e.admin1, e.country].filter(function (x) { return !!x; }).join(", ");
    panel.querySelector(".story-when").textContent = [e.event_date, where].filter(function (x) { return !!x; }).join(" · ");
    var dl = panel.querySelector(".story-fields");
    while (dl.firstChild) { dl.removeChild(dl.firstChild); }
    field(dl, "Type", [e.event_type, e.sub_event_type].filter(function (x) { return !!x; }).join(" — "));
    field(dl, "Weapon", e.weapon);
    field(dl, "Killed", e.killed);
    field(dl, "Injured", e.injured);
    field(dl, "Source", e.source);
    panel.querySelector(".story-notes").textContent = e.notes || "";
    el("story-prev").disabled = s.index === 0;
    el("story-next").disabled = s.index === s.steps.length - 1;
  }

  // --- the map ---------------------------------------------------------------------------------------------
  function storyData(s) {
    return { type: "FeatureCollection", features: s.steps.map(function (e, i) {
      return { type: "Feature", geometry: { type: "Point", coordinates: [e.lon, e.lat] },
               properties: { current: i === s.index ? 1 : 0, n: String(i + 1) } };
    }) };
  }

  // Dim plotly's event layers and draw the story's events over them; again whenever a new figure arrives.
  function applyMap(s, fly) {
    var gd = graph();
    var map = mapOf(gd);
    if (!map) { return false; }
    // The camera first, whatever the style's state: isStyleLoaded() is false while any tile of the new view
    // is still loading (right after a flight), and a step taken then must still move the map.
    var e = s.steps[s.index];
    var zoom = Math.max(map.getZoom(), 6.5);
    // the event in the middle of what the panel leaves visible, not under the panel
    var padding = { top: 0, bottom: 0, left: 0, right: s.panel ? s.panel.offsetWidth + 24 : 0 };
    s.target = { center: [e.lon, e.lat], zoom: zoom, padding: padding };
    s.userMoved = false;
    var fresh = s.gd !== gd || s.data !== gd.data || !map.getSource(SOURCE);
    if (fly && !fresh) {
      map.flyTo({ center: [e.lon, e.lat], zoom: zoom, padding: padding, duration: 1400, essential: true });
    } else {
      map.jumpTo({ center: [e.lon, e.lat], zoom: zoom, padding: padding });
    }
    if (!fresh) {
      map.getSource(SOURCE).setData(storyData(s));
      return true;
    }
    if (!map.isStyleLoaded()) { return false; } // layers need a loaded style: watch() adds them then
    dim(gd, map);
    if (!map.__atlasStory) { // a move the user makes (drag, wheel, keys on the map) is theirs to keep
      map.on("movestart", function (ev) { if (story && ev && ev.originalEvent) { story.userMoved = true; } });
      map.__atlasStory = true;
    }
    if (!gd.__atlasStory && typeof gd.on === "function") { // dim again as soon as plotly redraws
      gd.on("plotly_afterplot", function () { var m = mapOf(gd); if (story && m) { dim(gd, m); } });
      gd.__atlasStory = true;
    }
    if (map.getSource(SOURCE)) { removeLayers(map); }
    map.addSource(SOURCE, { type: "geojson", data: storyData(s) });
    map.addLayer({ id: SOURCE + "-others", type: "circle", source: SOURCE, filter: ["==", ["get", "current"], 0],
      paint: { "circle-radius": 7, "circle-color": "#ffffff", "circle-opacity": 0.85,
               "circle-stroke-color": "#b3261e", "circle-stroke-width": 2 } });
    map.addLayer({ id: SOURCE + "-halo", type: "circle", source: SOURCE, filter: ["==", ["get", "current"], 1],
      paint: { "circle-radius": 26, "circle-color": "#d62728", "circle-opacity": 0.18,
               "circle-stroke-color": "#d62728", "circle-stroke-width": 3 } });
    map.addLayer({ id: SOURCE + "-current", type: "circle", source: SOURCE, filter: ["==", ["get", "current"], 1],
      paint: { "circle-radius": 10, "circle-color": "#d62728", "circle-stroke-color": "#ffffff",
               "circle-stroke-width": 3 } });
    s.gd = gd;
    s.data = gd.data;
    return true;
  }

  // Plotly's event layers at a low opacity. Plotly sets their paint again whenever it redraws the subplot
  // (a new figure, a relayout), so the watch below checks and dims again.
  var DIM = 0.16;
  function dim(gd, map) {
    var changed = false;
    (gd._fullData || []).forEach(function (t) {
      var gl = t._glTrace;
      var layer = gl && gl.layerIds && gl.layerIds.circle;
      if (layer && map.getLayer(layer) && map.getPaintProperty(layer, "circle-opacity") !== DIM) {
        map.setPaintProperty(layer, "circle-opacity", DIM);
        changed = true;
      }
    });
    return changed;
  }

  function removeLayers(map) {
    ["-current", "-halo", "-others"].forEach(function (suffix) {
      if (map.getLayer(SOURCE + suffix)) { map.removeLayer(SOURCE + suffix); }
    });
    if (map.getSource(SOURCE)) { map.removeSource(SOURCE); }
  }

  function go(index, fly) {
    var s = story;
    if (!s) { return; }
    s.index = Math.max(0, Math.min(s.steps.length - 1, index));
    fill(s.panel, s);
    history.replaceState(history.state, "", window.location.pathname + window.location.search + "#step-" + (s.index + 1));
    applyMap(s, fly);
  }

  function watch() {
    // The map may not be drawn yet, or a new figure may replace it (filters, a pan the server answers): redo.
    var s = story;
    if (!s) { return; }
    var gd = graph();
    var map = mapOf(gd);
    if (map && map.isStyleLoaded() && (s.gd !== gd || s.data !== gd.data || !map.getSource(SOURCE))) {
      applyMap(s, false);
      return;
    }
    if (map && map.isStyleLoaded()) { dim(gd, map); }
    if (map && s.target && !s.userMoved && !map.isMoving()) {
      // A figure answering an earlier move may set the map's view back (late, on a busy server): go again.
      var c = map.getCenter();
      if (Math.abs(c.lng - s.target.center[0]) > 0.02 || Math.abs(c.lat - s.target.center[1]) > 0.02) {
        map.jumpTo({ center: s.target.center, zoom: s.target.zoom, padding: s.target.padding });
      }
    }
  }

  function start(value, body) {
    var wrap = document.querySelector(".map-wrap");
    if (!wrap) { return; }
    var hash = /#step-(\d+)/.exec(window.location.hash || "");
    story = { value: value, title: body.title, steps: body.steps, index: 0, panel: buildPanel(), gd: null, data: null };
    wrap.appendChild(story.panel);
    document.body.classList.add("story-on"); // not on #app-root: a callback sets its classes
    if (body.missing && body.missing.length) {
      var miss = node("p", "story-missing", "Not in this store: " + body.missing.join(", "));
      story.panel.appendChild(miss);
    }
    story.timer = window.setInterval(watch, 500);
    go(hash ? Number(hash[1]) - 1 : 0, false);
  }

  function fail(message) {
    var wrap = document.querySelector(".map-wrap");
    if (!wrap) { return; }
    var panel = node("section", "story-panel failed", "Story: " + message);
    panel.id = "story-panel";
    panel.setAttribute("role", "alert");
    wrap.appendChild(panel);
  }

  function leave() {
    var params = new URLSearchParams(window.location.search);
    params.delete("story");
    var query = params.toString();
    window.location.assign(window.location.pathname + (query ? "?" + query : ""));
  }

  // Dash renders the page after this script runs: wait (up to 20 s) for the map's section.
  function whenMapWrap(then) {
    (function wait(tries) {
      if (document.querySelector(".map-wrap")) { then(); }
      else if (tries > 0) { window.setTimeout(function () { wait(tries - 1); }, 200); }
    })(100);
  }

  function load() {
    var value = storyParam();
    if (!value || story) { return; }
    fetch("/_atlas/story?story=" + encodeURIComponent(value), { credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { whenMapWrap(function () { fail(res.body.error || "cannot be told"); }); return; }
        whenMapWrap(function () { start(value, res.body); });
      })
      .catch(function (err) { whenMapWrap(function () { fail(String(err)); }); });
  }

  function typing(target) {
    return target instanceof Element &&
      (target.closest("input, textarea, select, [contenteditable=true]") !== null);
  }

  document.addEventListener("keydown", function (event) {
    if (!story || typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var k = event.key;
    if (k === "ArrowRight" || k === "PageDown") { go(story.index + 1, true); }
    else if (k === "ArrowLeft" || k === "PageUp") { go(story.index - 1, true); }
    else if (k === "Home") { go(0, true); }
    else if (k === "End") { go(story.steps.length - 1, true); }
    else if (k === "Escape") { leave(); }
    else { return; }
    event.preventDefault(); // the arrows step the story, not the page or the map (MapLibre pans on them)
    event.stopPropagation();
  }, true); // capture: before the map's own keyboard handler

  // --- making a story from the table -----------------------------------------------------------------------
  function savedIds() {
    try { return JSON.parse(window.sessionStorage.getItem(STORE_KEY) || "[]"); } catch (e) { return []; }
  }
  function saveIds(ids) { window.sessionStorage.setItem(STORE_KEY, JSON.stringify(ids)); showBuilder(); }
  function showBuilder(message) {
    var ids = savedIds();
    var play = el("story-play"), clear = el("story-clear"), note = el("story-note");
    if (!play) { return; }
    var params = new URLSearchParams(window.location.search);
    params.set("story", ids.join(","));
    play.href = window.location.pathname + "?" + params.toString();
    play.textContent = "Play story (" + ids.length + ")";
    play.hidden = ids.length === 0;
    clear.hidden = ids.length === 0;
    note.textContent = message || "";
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    if (target.closest("#story-next") && story) { go(story.index + 1, true); }
    else if (target.closest("#story-prev") && story) { go(story.index - 1, true); }
    else if (target.closest("#story-leave")) { leave(); }
    else if (target.closest("#story-add")) {
      var rows = [];
      try { rows = window.dash_ag_grid.getApi("event-table").getSelectedRows() || []; } catch (e) { rows = []; }
      if (!rows.length) { showBuilder("Select a row in the table first."); return; }
      var ids = savedIds();
      rows.forEach(function (r) { if (r && r.event_id && ids.indexOf(r.event_id) < 0) { ids.push(String(r.event_id)); } });
      saveIds(ids);
      showBuilder("Added " + rows.map(function (r) { return r.event_id; }).join(", ") + ".");
    } else if (target.closest("#story-clear")) { saveIds([]); }
    else if (target.closest("#story-play")) { showBuilder(); } // the link's href, with the latest filters
  }, true);

  function boot() {
    load();
    (function builderReady(tries) { // Dash renders the layout after this script: wait for the builder (15 s)
      if (el("story-play")) { showBuilder(); } else if (tries > 0) { window.setTimeout(function () { builderReady(tries - 1); }, 300); }
    })(50);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", boot); } else { boot(); }
  window.atlasStory = { go: function (i) { go(i, true); }, current: function () { return story ? story.index : -1; } };
})();
