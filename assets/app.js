/* Zicht op Focuswijken — small client-side helpers (no external code). */

(function () {
  "use strict";
  // Fit a map to its area once per area (layout.meta.fitkey), whatever the size of its panel.
  // Later recolourings keep the user's zoom and pan (plotly's uirevision).
  function fit(gd) {
    var meta = gd.layout && gd.layout.meta;
    var sub = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    var root = document.getElementById("app-root");
    var key = meta && meta.fitkey + (root && root.classList.contains("presenting") ? "|presenting" : "");
    if (!meta || !meta.fit || !sub || gd._zofFitted === key) return;
    var b = meta.fit;
    gd._zofFitted = key;
    sub.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 24, animate: false });
  }
  function attach() {
    document.querySelectorAll(".map-graph .js-plotly-plot, #nat-map .js-plotly-plot").forEach(function (gd) {
      if (gd._zofAttached || typeof gd.on !== "function") return;
      gd._zofAttached = true;
      gd.on("plotly_afterplot", function () { fit(gd); });
      fit(gd);
      // on touch screens a one-finger drag scrolls the page instead of panning the map (no scroll trap);
      // the map still zooms with its buttons
      if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches && window.Plotly) {
        window.Plotly.relayout(gd, { dragmode: false });
      }
    });
  }
  setInterval(attach, 400);
})();

/* Projector mode keys: ← → step through the indicators of the action line, N / P to the next or
   previous focus area, Esc leaves. Only while the page is in projector mode and no form field has
   focus, so the keys never trap anyone. */
(function () {
  "use strict";
  function meta(name) {
    var el = document.getElementById("present-meta");
    try { return JSON.parse(el.getAttribute("data-" + name)); } catch (e) { return null; }
  }
  function step(list, current, by) {
    if (!list || !list.length) return null;
    var i = list.indexOf(current);
    return list[(i < 0 ? 0 : i + by + list.length) % list.length];
  }
  document.addEventListener("keydown", function (ev) {
    var root = document.getElementById("app-root");
    if (!root || !root.classList.contains("presenting") || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var tag = (ev.target && ev.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    var q = new URLSearchParams(window.location.search);
    var set = window.dash_clientside && window.dash_clientside.set_props;
    if (!set) return;
    if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
      var lines = meta("lines") || {};
      var next = step(lines[q.get("lijn")], q.get("indicator"), ev.key === "ArrowRight" ? 1 : -1);
      if (next) { set("indicator", { value: next }); ev.preventDefault(); }
    } else if (ev.key === "n" || ev.key === "N" || ev.key === "p" || ev.key === "P" ||
               ev.key === "PageDown" || ev.key === "PageUp") {
      var by = (ev.key === "p" || ev.key === "P" || ev.key === "PageUp") ? -1 : 1;
      var area = step(meta("areas"), q.get("gebied"), by);
      if (area) { set("area", { value: area }); ev.preventDefault(); }
    } else if (ev.key === "Escape") {
      var exit = document.getElementById("present-exit");
      if (exit) { exit.click(); ev.preventDefault(); }
    }
  });
})();

/* Page chrome from the URL (mirrors dashboard/state.py: PAGES and the query parameters). */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.zof = {
  pageChrome: function (pathname, search) {
    var NO = window.dash_clientside.no_update;
    var PAGES = { "/": "focus", "/landelijk": "national", "/data": "data", "/toegankelijkheid": "a11y",
                  "/factsheet": "factsheet" };
    var PATHS = { focus: "/", national: "/landelijk", data: "/data", a11y: "/toegankelijkheid",
                  factsheet: "/factsheet" };
    var ORDER = ["focus", "national", "data", "a11y", "factsheet"];
    var NAV = ["focus", "national", "data", "a11y"];
    var states = Array.prototype.slice.call(arguments, 2);   // current hidden flags …, root class
    var rootNow = states[ORDER.length];
    var path = (pathname || "/").replace(/\/+$/, "") || "/";
    var page = PAGES[path] || "focus";
    var params = new URLSearchParams(search || "");
    var present = page === "focus" && params.get("presentatie") === "1";
    function query(changes) {
      var q = new URLSearchParams(search || "");
      Object.keys(changes).forEach(function (k) {
        if (changes[k] === null) { q.delete(k); } else { q.set(k, changes[k]); }
      });
      var text = q.toString();
      return text ? "?" + text : "";
    }
    var hidden = ORDER.map(function (p, i) { var h = page !== p; return h === states[i] ? NO : h; });
    var lang = params.get("taal") === "en" ? "en" : "nl";
    var rootClass = present ? "app presenting" : "app";
    var out = hidden.concat([
      page === "focus" ? {} : { display: "none" },
      page === "national" ? {} : { display: "none" },
      page !== "focus" && page !== "national",
      path + query({ taal: lang === "en" ? null : "en" }),
      rootClass === rootNow ? NO : rootClass,
      "/" + query({ presentatie: "1" }),
      "/" + query({ presentatie: null }),
      "/factsheet" + query({ presentatie: null }),
    ]);
    NAV.forEach(function (p) { out.push(PATHS[p] + query({ presentatie: null })); });
    NAV.forEach(function (p) { out.push(page === p ? "nav-link active" : "nav-link"); });
    return out;
  },
};
