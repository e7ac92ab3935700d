/* Strike Atlas: "Export image" and "Export video" (dashboard/app/export_media.py). The page's URL query (its
   filters, and presentation mode's theme and title) goes to the server, which renders the file in a job of its
   own; the page polls the job, shows its progress and downloads the file at the end. No Dash callback: nothing
   runs until a button is pressed. An external file: the page's Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var POLL_MS = 700;
  var busy = false;

  function el(id) { return document.getElementById(id); }

  function show(text, fraction, failed) {
    var box = el("export-status");
    if (!box) { return; }
    box.hidden = false;
    box.classList.toggle("failed", !!failed);
    box.setAttribute("role", failed ? "alert" : "status");
    el("export-text").textContent = text;
    var bar = el("export-progress");
    bar.hidden = !!failed || fraction === 1;
    if (fraction === null || fraction === undefined) { bar.removeAttribute("value"); } else { bar.value = fraction; }
  }

  function buttons(disabled) {
    ["export-image", "export-video"].forEach(function (id) { var b = el(id); if (b) { b.disabled = disabled; } });
  }

  function finish() { busy = false; buttons(false); }

  function download(url, name) {
    var link = el("export-link");
    link.href = url;
    link.setAttribute("download", name);
    link.textContent = "Download " + name;
    link.hidden = false;
    link.click();
  }

  function poll(job, what) {
    fetch("/_atlas/export/" + job, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.state === "running") {
          var fraction = s.total ? s.done / s.total : null;
          show(what + ": " + (s.message || "working…"), fraction, false);
          window.setTimeout(function () { poll(job, what); }, POLL_MS);
        } else if (s.state === "done") {
          show(what + " " + (s.message || "ready"), 1, false);
          download("/_atlas/export/" + job + "/file", s.file);
          finish();
        } else {
          show(what + " failed: " + (s.message || "unknown error"), null, true);
          finish();
        }
      })
      .catch(function (err) { show(what + " failed: " + err, null, true); finish(); });
  }

  function start(kind) {
    if (busy) { return; }
    busy = true;
    buttons(true);
    var format = kind === "video" ? "mp4" : ((el("export-format") || {}).value || "png");
    var what = kind === "video" ? "Video" : format.toUpperCase();
    el("export-link").hidden = true;
    show(what + ": starting…", null, false);
    fetch("/_atlas/export", {
      method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ kind: kind, format: format, search: window.location.search }),
    }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok || !body.job) { throw new Error(body.error || ("HTTP " + r.status)); }
        poll(body.job, what);
      });
    }).catch(function (err) {
      show(what + " failed: " + (err && err.message ? err.message : err), null, true);
      finish();
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    if (target.closest("#export-image")) { start("image"); }
    else if (target.closest("#export-video")) { start("video"); }
  });
})();
