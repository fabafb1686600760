/* Zicht op Focuswijken — small client-side helpers (no external code). */

/* Maps: plotly draws a blank MapLibre map (dashboard/figures.py: base_map); the units, the rest
   of the municipality and the outlines are our own GeoJSON layers in it, each fetched once from a
   versioned, cached URL. A change of area, indicator, year or level fetches one map payload
   (figures.py: map_payload — one number and one status digit per feature, the colour range and
   the legend; also cached by the browser) and paints it as MapLibre feature state: no
   re-tessellation, no plotly re-plot, no Dash re-render. After the map's next 'idle' the graph
   div gets data-zof-drawn=<token> and fires 'zof:drawn' (what benchmarks and browser tests wait
   for). A failed fetch keeps the last map and says so in the legend. */
window.zofMaps = (function () {
  "use strict";
  var GRAPHS = ["focus-map", "nat-map"];
  var SRC = "zof-units", FILL = "zof-fill", LINE = "zof-line";
  var REST_SRC = "zof-rest", REST = "zof-rest-fill", OUT_SRC = "zof-outline", OUTLINE = "zof-outline-line";
  var EMPTY = { type: "FeatureCollection", features: [] };
  var values = {};    // graph id -> the payload to show
  var wanted = {};    // graph id -> URL of the payload last asked for

  function graphDiv(id) {
    var el = document.getElementById(id);
    return el && el.querySelector(".js-plotly-plot");
  }
  function mapOf(gd) {
    var sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    return sub && sub.map;
  }
  function ours(gd) {
    var meta = gd && gd.layout && gd.layout.meta;
    return !!(meta && meta.zof);
  }

  // a GeoJSON source whose data follows the payload (a new URL replaces the data and its states)
  function source(map, id, url) {
    map._zofUrl = map._zofUrl || {};
    var src = map.getSource(id);
    if (!src) {
      map.addSource(id, { type: "geojson", data: url || EMPTY, generateId: true });
    } else if (map._zofUrl[id] !== url) {
      if (id === SRC) { map.removeFeatureState({ source: id }); map._zofToken = null; }
      src.setData(url || EMPTY);
    }
    map._zofUrl[id] = url;
  }

  // Colour from feature state alone: t = the value's place in the colour range (0–1), s = status
  // digit. The expression never changes, so a switch updates feature state only (one frame).
  function fillColor(v) {
    var ramp = ["interpolate", ["linear"], ["to-number", ["feature-state", "t"], 0]];
    v.palette.forEach(function (p) { ramp.push(p[0], p[1]); });
    var status = ["to-number", ["coalesce", ["feature-state", "s"], 9]];
    var expr = ["case", ["<=", status, 1], ramp];
    Object.keys(v.greys).forEach(function (k) { expr.push(["==", status, Number(k)], v.greys[k]); });
    expr.push("rgba(0,0,0,0)");   // not painted yet
    return expr;
  }

  function layers(map, v) {
    var b = v.base;
    // A new colour range shows at once: MapLibre would otherwise fade every paint property of a
    // changed layer for 300 ms, re-rendering (in software WebGL: ~30 ms a frame) all the while.
    var sheet = map.style && map.style.stylesheet;
    if (sheet && !(sheet.transition && sheet.transition.duration === 0)) { sheet.transition = { duration: 0, delay: 0 }; }
    source(map, REST_SRC, b.rest);
    source(map, SRC, v.geo);
    source(map, OUT_SRC, b.outline);
    if (!map.getLayer(REST)) {
      map.addLayer({ id: REST, type: "fill", source: REST_SRC,
                     paint: { "fill-color": b.rest_color, "fill-outline-color": "#c8c8c8" } });
    }
    if (!map.getLayer(FILL)) {
      map.addLayer({ id: FILL, type: "fill", source: SRC, paint: { "fill-color": fillColor(v), "fill-opacity": 0.95 } });
    }
    if (!map.getLayer(LINE)) {
      map.addLayer({ id: LINE, type: "line", source: SRC, paint: { "line-color": "#ffffff", "line-width": 0.8 } });
    }
    if (!map.getLayer(OUTLINE)) {
      map.addLayer({ id: OUTLINE, type: "line", source: OUT_SRC, paint: { "line-color": "#111111", "line-width": 3 } });
    }
    // only on a change: even an unchanged setPaintProperty makes MapLibre draw a new frame
    var widths = b.line_width + "|" + b.outline_width;
    if (map._zofWidths !== widths) {
      map._zofWidths = widths;
      map.setLayoutProperty(LINE, "visibility", b.line_width ? "visible" : "none");
      if (b.line_width) { map.setPaintProperty(LINE, "line-width", b.line_width); }
      map.setPaintProperty(OUTLINE, "line-width", b.outline_width);
    }
  }

  function formatter(v) {
    if (!v._fmt) {
      v._fmt = new Intl.NumberFormat(v.lang === "en" ? "en-GB" : "nl-NL",
                                     { minimumFractionDigits: v.dec, maximumFractionDigits: v.dec });
    }
    return v._fmt;
  }

  function el(parent, tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    parent.appendChild(e);
    return e;
  }

  // our own tooltip (the units are not a plotly trace): name, value and unit, status, mapping note
  function hover(gd, map) {
    if (map._zofHover) return;
    map._zofHover = true;
    var tip = document.createElement("div");
    tip.className = "map-tip";
    tip.setAttribute("aria-hidden", "true");   // the same facts are in the table under the map
    tip.hidden = true;
    map.getContainer().appendChild(tip);
    map.on("mousemove", FILL, function (e) {
      var f = e.features && e.features[0];
      var v = values[gd._zofId];
      if (!f || !v || v.geo !== map._zofUrl[SRC] || f.id == null || f.id >= v.s.length) { tip.hidden = true; return; }
      var code = String(v.s.charCodeAt(f.id) - 48);
      tip.replaceChildren();
      el(tip, "strong", (f.properties && f.properties.name) || "");
      if (code === "0" || code === "1") { el(tip, "div", v.labels.value + ": " + formatter(v).format(v.v[f.id]) + " " + v.unit); }
      el(tip, "div", v.labels.status + ": " + v.labels[code]);
      var note = v.m && v.ml ? v.ml[v.m[f.id]] : "";
      if (note) { el(tip, "em", note); }
      tip.hidden = false;
      var box = map.getContainer().getBoundingClientRect();
      var x = e.point.x + 14, y = e.point.y + 14;
      if (x + tip.offsetWidth > box.width) { x = Math.max(0, e.point.x - 14 - tip.offsetWidth); }
      if (y + tip.offsetHeight > box.height) { y = Math.max(0, e.point.y - 14 - tip.offsetHeight); }
      tip.style.left = x + "px";
      tip.style.top = y + "px";
    });
    map.on("mouseleave", FILL, function () { tip.hidden = true; });
  }

  // the legend in HTML (its text scales with the page, e.g. in projector mode)
  function legend(id, v, error) {
    var box = document.getElementById(id + "-legend");
    if (!box) return;
    box.replaceChildren();
    if (error) { el(box, "div", error, "legend-error").setAttribute("role", "alert"); return; }
    var L = v.legend;
    if (L.has_values) {
      var item = el(box, "div", null, "legend-ramp-item");
      var lo = (L.clip_lo ? "≤ " : "") + formatter(v).format(L.lo);
      var hi = (L.clip_hi ? "≥ " : "") + formatter(v).format(L.hi);
      el(item, "span", L.unit, "legend-unit");
      var ramp = el(item, "span", null, "legend-ramp");
      ramp.style.backgroundImage = "linear-gradient(to right, " + L.ramp.join(", ") + ")";
      ramp.setAttribute("role", "img");
      ramp.setAttribute("aria-label", L.ramp_label.replace("{lo}", lo).replace("{hi}", hi));
      var ends = el(item, "span", null, "legend-ends");
      ends.setAttribute("aria-hidden", "true");
      el(ends, "span", lo);
      el(ends, "span", hi);
    }
    L.greys.forEach(function (g) {
      var item = el(box, "div", null, "legend-item");
      el(item, "span", null, "legend-swatch").style.backgroundColor = g[1];
      el(item, "span", g[0], "legend-label");
    });
  }

  function mark(name) {
    if (window.performance && performance.mark) { performance.mark(name); }
  }

  function fitted(gd, map) {
    return gd._zofUserMoved || viewOf(map) === gd._zofFitView;
  }

  function drawn(gd, map, token) {
    mark("zof:painted:" + gd._zofId);
    var tries = 0;
    map.once("idle", function settle() {
      if (!fitted(gd, map) && tries++ < 5) {   // moved away from the fit meanwhile: fit again
        var v = values[gd._zofId];
        if (v) { fit(gd, map, v); }
        map.once("idle", settle);
        map.triggerRepaint();
        return;
      }
      mark("zof:drawn:" + gd._zofId);
      gd.setAttribute("data-zof-drawn", token);
      gd.dispatchEvent(new CustomEvent("zof:drawn", { detail: token }));
    });
    map.triggerRepaint();
  }

  // Fit the map to its area once per area (payload base.fitkey) and panel size — again after
  // entering or leaving projector mode or a resize — unless the user has moved the map since;
  // later switches keep the user's zoom and pan. Again if anything but the user moved the map away
  // from the fit (plotly's first plot may still set its initial view after ours).
  function viewOf(map) {
    var c = map.getCenter();
    return c.lng.toFixed(5) + "," + c.lat.toFixed(5) + "," + map.getZoom().toFixed(3);
  }
  function fit(gd, map, v) {
    var box = map.getContainer();
    var w = box.clientWidth, h = box.clientHeight;
    if (w < 100 || h < 100 || !window.Plotly) return;   // not laid out yet
    if (!map._zofWatch) {
      map._zofWatch = true;
      map.on("movestart", function (e) { if (e.originalEvent) { gd._zofUserMoved = true; } });
    }
    var area = v.base.fitkey, key = area + "|" + w + "x" + h;
    var sameArea = gd._zofFitted && gd._zofFitted.split("|")[0] === area;
    if (sameArea && gd._zofUserMoved) { return; }                       // the user's view wins
    if (gd._zofFitted === key && viewOf(map) === gd._zofFitView) { return; }
    var b = v.base.fit;
    var legendBox = document.getElementById(gd._zofId + "-legend");
    var below = Math.min(h / 3, legendBox ? legendBox.offsetHeight + 16 : 24);   // keep the legend clear
    var cam = map.cameraForBounds([[b[0], b[1]], [b[2], b[3]]],
                                  { padding: { top: 24, left: 24, right: 24, bottom: Math.max(24, below) } });
    if (!cam) return;
    var c = maplibreCenter(cam.center);
    // move now, and tell plotly, so its layout knows the view and a later redraw keeps it
    map.jumpTo({ center: c, zoom: cam.zoom });
    gd._zofFitted = key;
    gd._zofFitView = viewOf(map);
    gd._zofUserMoved = false;
    window.Plotly.relayout(gd, { "map.center.lon": c[0], "map.center.lat": c[1], "map.zoom": cam.zoom });
  }
  function maplibreCenter(c) {
    return Array.isArray(c) ? c : [c.lng, c.lat];
  }

  // idempotent: called when a payload arrives, after every plotly redraw and on a timer
  function sync(gd) {
    var map = mapOf(gd), v = values[gd._zofId];
    if (!map || !v || !ours(gd)) return;
    if (!(map.style && map.style._loaded)) {
      if (!map._zofWaiting) {
        map._zofWaiting = true;
        map.once("load", function () { map._zofWaiting = false; sync(gd); });
      }
      return;
    }
    if (!map.getLayer(FILL)) { mark("zof:layers:" + gd._zofId); }
    layers(map, v);
    hover(gd, map);
    fit(gd, map, v);
    if (map._zofToken === v.token) return;   // already painted
    var s = v.s, vals = v.v, n = s.length, lo = v.lo, span = (v.hi - v.lo) || 1;
    for (var i = 0; i < n; i++) {
      var x = vals[i];
      var t = x == null ? null : Math.min(1, Math.max(0, (x - lo) / span));
      map.setFeatureState({ source: SRC, id: i }, { t: t, s: s.charCodeAt(i) - 48 });
    }
    map._zofToken = v.token;
    drawn(gd, map, v.token);
  }

  function attach() {
    GRAPHS.forEach(function (id) {
      var gd = graphDiv(id);
      if (!gd || typeof gd.on !== "function") return;
      if (!gd._zofAttached) {
        gd._zofAttached = true;
        gd._zofId = id;
        gd.on("plotly_afterplot", function () { sync(gd); });
        // on touch screens a one-finger drag scrolls the page instead of panning the map (no scroll
        // trap); the map still zooms with its buttons
        if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches && window.Plotly) {
          window.Plotly.relayout(gd, { dragmode: false });
        }
      }
      sync(gd);
    });
  }
  setInterval(attach, 300);

  var api = {
    // what a map holds now, read back from MapLibre's feature state (for tests and benchmarks):
    // the painted token, the source URL and how many features carry each status digit
    painted: function (id) {
      var gd = graphDiv(id), map = mapOf(gd), v = values[id];
      if (!map || !v || map._zofToken !== v.token) return null;
      var counts = {};
      for (var i = 0; i < v.s.length; i++) {
        var st = map.getFeatureState({ source: SRC, id: i });
        var key = st && st.s != null ? String(st.s) : "none";
        counts[key] = (counts[key] || 0) + 1;
      }
      return { token: map._zofToken, geo: map._zofUrl[SRC], n: v.s.length, counts: counts };
    },
    // called by the clientside callbacks (dashboard/callbacks.py) when the view changes
    // Returns [figure, sink]: the blank base map the first time the map's page is shown.
    show: function (id, hidden, config, figure, scope, indicator, year, lang) {
      var NO = window.dash_clientside.no_update;
      if (hidden || !config || !config.values || !indicator) return [NO, NO];
      var isOurs = figure && figure.layout && figure.layout.meta && figure.layout.meta.zof;
      load(id, payloadUrl(config.values, scope, indicator, year, lang), lang);
      return [isOurs ? NO : config.base, NO];
    },
    load: load,
    payloadUrl: payloadUrl,
  };
  return api;

  function payloadUrl(prefix, scope, indicator, year, lang) {
    return prefix + "/" + encodeURIComponent(scope) + "/" + encodeURIComponent(indicator) + "/" +
           (year ? encodeURIComponent(year) : "-") + ".json?taal=" + encodeURIComponent(lang || "nl");
  }

  function load(id, url, lang) {
    if (wanted[id] === url) return;   // asked for already (by the fast path or by Dash)
    wanted[id] = url;
    fetch(url).then(function (r) {
      if (!r.ok) { return r.text().then(function (t) { throw new Error(t.trim() || r.statusText); }); }
      return r.json();
    }).then(function (v) {
      if (wanted[id] !== url) return;   // a later switch overtook this one
      mark("zof:values:" + id);
      values[id] = v;
      legend(id, v);
      var gd = graphDiv(id);
      if (gd) { gd._zofId = id; sync(gd); }
    }).catch(function (err) {
      if (wanted[id] !== url) return;
      wanted[id] = null;
      var msg = (lang === "en" ? "The map could not be updated: " : "De kaart kon niet worden bijgewerkt: ") + err.message;
      legend(id, null, msg);
      var gd = graphDiv(id);
      if (gd) { gd.setAttribute("data-zof-error", err.message); }
    });
  }
})();

/* Fast path: a change of a control starts the map's fetch at once, predicting what Dash will settle
   the controls on (dashboard/state.py: resolve_view, table in #present-meta data-view). Dash's own
   call (zofMaps.show) follows with the settled values: the same URL is not fetched twice, and a
   different one (a wrong prediction) simply replaces it. */
(function () {
  "use strict";
  function checked(name) {
    var el = document.querySelector('input[name="' + name + '"]:checked');
    return el ? el.value : null;
  }
  function visible(id) {
    var el = document.getElementById(id);
    return el && !el.hidden;
  }
  document.addEventListener("change", function (ev) {
    var t = ev.target;
    var meta = document.getElementById("present-meta");
    if (!t || !meta || !window.zofMaps) return;
    var which = t.id === "area" || t.id === "indicator" || t.id === "year" ? t.id :
                (t.name === "lijn" ? "line" : (t.name === "niveau" ? "level" : null));
    if (!which) return;
    var table, prefix = meta.getAttribute("data-values");
    try { table = JSON.parse(meta.getAttribute("data-view")); } catch (e) { return; }
    if (!prefix || !table || !table.periods) return;
    var area = (document.getElementById("area") || {}).value;
    var indicator = (document.getElementById("indicator") || {}).value;
    var year = (document.getElementById("year") || {}).value;
    var line = checked("lijn"), level = checked("niveau") || "gemeente";
    if (which === "line" && table.line_of[indicator] !== line) {
      indicator = table.defaults[line];
      year = null;                                 // a new line starts at its latest year
    }
    var periods = (table.periods[indicator] || []).map(String);
    if (periods.indexOf(String(year)) < 0) { year = periods.length ? periods[periods.length - 1] : null; }
    var lang = document.documentElement.lang === "en" ? "en" : "nl";
    if (visible("page-focus")) {
      window.zofMaps.load("focus-map", window.zofMaps.payloadUrl(prefix, "focus-" + area, indicator, year, lang), lang);
    } else if (visible("page-national")) {
      window.zofMaps.load("nat-map", window.zofMaps.payloadUrl(prefix, "nl-" + level, indicator, year, lang), lang);
    }
  }, true);
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

/* Tables filled from {header, rows} (dashboard/layout.py: table_slot): plain DOM, built in a few
   milliseconds, instead of hundreds of Dash components re-created on every switch. */
window.zofTables = {
  render: function (id, data) {
    var box = document.getElementById(id);
    if (box) {
      var table = document.createElement("table");
      table.className = "data-table";
      if (data && data.header) {
        var tr = table.createTHead().insertRow();
        data.header.forEach(function (h) {
          var th = document.createElement("th");
          th.scope = "col";
          th.textContent = h;
          tr.appendChild(th);
        });
        var body = table.createTBody();
        data.rows.forEach(function (r) {
          var row = body.insertRow();
          r.forEach(function (c) { row.insertCell().textContent = c; });
        });
        box.replaceChildren(table);
      } else {
        box.replaceChildren();
      }
    }
    return window.dash_clientside.no_update;
  },
};
