/* Zicht op Focuswijken — the browser side, one module under one namespace:
   window.dash_clientside.zof (the functions Dash's clientside callbacks name, plus `maps` for tests).

   - config   what the server tells the page (#app-config data-config: the page table of the registry,
              the map payload prefix, the view table, indicators per line, areas, the MapLibre URL)
   - maps     MapLibre GL JS maps (vendored ES module, imported when a map is first shown)
   - charts   plotly.js for dcc.Graph, loaded only when a chart first comes near the screen
   - fastPath a control change starts the map's fetch at once, before Dash settles the controls
   - keys     projector-mode keys
   - chrome   which page and controls show, following the URL (no server round trip)
   - tables   tables filled from {header, rows}
   No private fields of any library are read, nothing polls. */
(function () {
  "use strict";

  var cfg = null;
  function config() {
    if (!cfg) {
      var el = document.getElementById("app-config");
      try { cfg = el ? JSON.parse(el.getAttribute("data-config")) : null; } catch (e) { cfg = null; }
    }
    return cfg;
  }
  function noUpdate() { return window.dash_clientside.no_update; }
  function el(parent, tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    parent.appendChild(e);
    return e;
  }
  function mark(name, detail) { if (window.performance && performance.mark) { performance.mark(name, { detail: detail }); } }
  function lang() { return document.documentElement.lang === "en" ? "en" : "nl"; }

  /* ------------------------------------------------------------------ maps
     Geometry comes from versioned, cached GeoJSON URLs; a change of area, indicator, year or level
     fetches one map payload (dashboard/figures.py: map_payload — a number and a status digit per
     feature, the colour range and the legend; cached by the browser) and paints it as feature state:
     no re-tessellation, no re-render. After MapLibre's next 'idle' the map's box gets
     data-zof-drawn=<token> and fires 'zof:drawn' (what benchmarks and browser tests wait for). A
     failed fetch keeps the last map and says so in the legend. */
  var maps = (function () {
    var SRC = "zof-units", FILL = "zof-fill", LINE = "zof-line";
    var REST_SRC = "zof-rest", REST = "zof-rest-fill", OUT_SRC = "zof-outline", OUTLINE = "zof-outline-line", CASING = "zof-outline-casing";
    var LABEL_SRC = "zof-labels", LABELS = "zof-labels-text", FONT = ["DejaVu Sans Bold"];
    var EMPTY = { type: "FeatureCollection", features: [] };
    var STYLE = { version: 8, sources: {}, transition: { duration: 0, delay: 0 },
                  layers: [{ id: "zof-bg", type: "background", paint: { "background-color": "#ffffff" } }] };
    var S = {};          // map id -> {map, loaded, urls, payload, wanted, token, fit…}
    var WORDS = { nl: { "Map.Title": "Kaart", "NavigationControl.ZoomIn": "Inzoomen",
                        "NavigationControl.ZoomOut": "Uitzoomen" },
                  en: { "Map.Title": "Map", "NavigationControl.ZoomIn": "Zoom in", "NavigationControl.ZoomOut": "Zoom out" } };
    var library = null;  // the MapLibre module, once imported

    // imported (and its workers started) as soon as the page knows where it is, not when the
    // first map shows: evaluating it then would delay the first paint
    function lib() {
      if (!library) {
        var link = document.querySelector('link[rel="modulepreload"][href*="maplibre"]');
        var url = link ? link.getAttribute("href") : (config() || {}).maplibre;
        if (!url) return Promise.reject(new Error("MapLibre is not configured"));
        library = import(url).then(function (ml) { ml.prewarm(); return ml; });
      }
      return library;
    }
    function state(id) { return S[id] || (S[id] = { urls: {}, loaded: false }); }
    function box(id) { return document.getElementById(id); }

    // the label font's first range, asked for while the map starts: MapLibre asks for it only
    // after its worker has cut the label tiles, and would then wait for it (same URL: HTTP cache)
    var glyphsAsked = false;
    function prefetchGlyphs() {
      var url = (config() || {}).glyphs;
      if (glyphsAsked || !url || !window.fetch) return;
      glyphsAsked = true;
      fetch(url.replace("{fontstack}", encodeURIComponent(FONT[0])).replace("{range}", "0-255")).catch(function () {});
    }

    function create(id) {
      var s = state(id);
      if (s.creating) return s.creating;
      prefetchGlyphs();
      s.creating = lib().then(function (ml) {
        var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
        var style = STYLE;
        if (config().glyphs) {   // label glyphs from our own server (offline; no font server)
          style = Object.assign({}, STYLE, { glyphs: new URL(config().glyphs, location.href).href.replace(/%7B/g, "{").replace(/%7D/g, "}") });
        }
        var map = new ml.Map({ container: box(id), style: style, center: [5.3, 52.15], zoom: 6.2,
                               attributionControl: false, fadeDuration: 0, dragRotate: false, pitchWithRotate: false,
                               touchPitch: false, scrollZoom: false, renderWorldCopies: false,
                               // on touch screens a one-finger drag scrolls the page (no scroll trap)
                               dragPan: !coarse, locale: WORDS[lang()] });
        map.addControl(new ml.NavigationControl({ showCompass: false }), "top-right");
        map.touchZoomRotate.disableRotation();
        s.map = map;
        s.frames = 0;   // frames MapLibre rendered (each one a GPU readback on a machine without GPU)
        map.on("render", function () { s.frames++; });
        map.on("movestart", function (e) { if (e.originalEvent) { s.userMoved = true; } });
        map.on("resize", function () { if (s.payload) { fit(id); } });
        return new Promise(function (resolve) {
          map.once("load", function () { s.loaded = true; mark("zof:created:" + id); resolve(map); sync(id); });
        });
      });
      return s.creating;
    }

    // a GeoJSON source whose data follows the payload (a new URL replaces the data and its states)
    function source(s, name, url) {
      var src = s.map.getSource(name);
      if (!src) {
        s.map.addSource(name, { type: "geojson", data: url || EMPTY, generateId: true });
      } else if (s.urls[name] !== url) {
        if (name === SRC) { s.map.removeFeatureState({ source: SRC }); s.token = null; }
        src.setData(url || EMPTY);
      }
      s.urls[name] = url;
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

    function layers(s, v) {
      var b = v.base, map = s.map;
      source(s, REST_SRC, b.rest);
      source(s, SRC, v.geo);
      source(s, OUT_SRC, b.outline);
      if (!map.getLayer(REST)) {
        map.addLayer({ id: REST, type: "fill", source: REST_SRC,
                       paint: { "fill-color": b.rest_color, "fill-outline-color": "#c8c8c8" } });
        map.addLayer({ id: FILL, type: "fill", source: SRC, paint: { "fill-color": fillColor(v), "fill-opacity": 0.95 } });
        map.addLayer({ id: LINE, type: "line", source: SRC, paint: { "line-color": "#ffffff", "line-width": 0.8 } });
        // a light casing under the dark outline: the outline shows on any fill, dark or light
        map.addLayer({ id: CASING, type: "line", source: OUT_SRC, paint: { "line-color": "#ffffff", "line-width": 6, "line-opacity": 0.9 } });
        map.addLayer({ id: OUTLINE, type: "line", source: OUT_SRC, paint: { "line-color": "#111111", "line-width": 3 } });
        if (config().glyphs) {
          source(s, LABEL_SRC, b.labels);
          // names where they fit: MapLibre drops a label that would collide, larger places first
          map.addLayer({ id: LABELS, type: "symbol", source: LABEL_SRC,
                         layout: { "text-field": ["get", "name"], "text-font": FONT, "symbol-sort-key": ["get", "rank"],
                                   "text-size": ["interpolate", ["linear"], ["zoom"], 6, 10, 10, 13, 14, 15],
                                   "text-max-width": 8, "text-padding": 6 },
                         paint: { "text-color": "#1a1a1a", "text-halo-color": "#ffffff", "text-halo-width": 1.6 } });
        }
      } else if (config().glyphs) {
        source(s, LABEL_SRC, b.labels);
      }
      // a change view brings its own (diverging) colour scale
      var colours = JSON.stringify(v.palette) + JSON.stringify(v.greys);
      if (s.colours !== colours) {
        if (s.colours) { map.setPaintProperty(FILL, "fill-color", fillColor(v)); }
        s.colours = colours;
      }
      // only on a change: even an unchanged setPaintProperty makes MapLibre draw a new frame
      var widths = b.line_width + "|" + b.outline_width;
      if (s.widths !== widths) {
        s.widths = widths;
        map.setLayoutProperty(LINE, "visibility", b.line_width ? "visible" : "none");
        if (b.line_width) { map.setPaintProperty(LINE, "line-width", b.line_width); }
        map.setPaintProperty(OUTLINE, "line-width", b.outline_width);
        map.setPaintProperty(CASING, "line-width", b.outline_width + 3);
      }
    }

    function formatter(v) {
      if (!v.fmt) {
        v.fmt = new Intl.NumberFormat(v.lang === "en" ? "en-GB" : "nl-NL",
                                      { minimumFractionDigits: v.dec, maximumFractionDigits: v.dec });
      }
      return v.fmt;
    }

    // our own tooltip: name, value and unit, status, how the value was obtained
    function hover(id, s) {
      if (s.tip) return;
      var tip = s.tip = document.createElement("div");
      tip.className = "map-tip";
      tip.setAttribute("aria-hidden", "true");   // the same facts are in the table under the map
      tip.hidden = true;
      s.map.getContainer().appendChild(tip);
      s.map.on("mousemove", FILL, function (e) {
        var f = e.features && e.features[0], v = s.payload;
        if (!f || !v || v.geo !== s.urls[SRC] || f.id == null || f.id >= v.s.length) { tip.hidden = true; return; }
        var code = String(v.s.charCodeAt(f.id) - 48);
        tip.replaceChildren();
        el(tip, "strong", (f.properties && f.properties.name) || "");
        if (code === "0" || code === "1") { el(tip, "div", v.labels.value + ": " + formatter(v).format(v.v[f.id]) + " " + v.unit); }
        el(tip, "div", v.labels.status + ": " + v.labels[code]);
        var note = v.m && v.ml ? v.ml[v.m[f.id]] : "";
        if (note) { el(tip, "em", note); }
        tip.hidden = false;
        var rect = s.map.getContainer().getBoundingClientRect();
        var x = e.point.x + 14, y = e.point.y + 14;
        if (x + tip.offsetWidth > rect.width) { x = Math.max(0, e.point.x - 14 - tip.offsetWidth); }
        if (y + tip.offsetHeight > rect.height) { y = Math.max(0, e.point.y - 14 - tip.offsetHeight); }
        tip.style.left = x + "px";
        tip.style.top = y + "px";
      });
      s.map.on("mouseleave", FILL, function () { tip.hidden = true; });
    }

    // the legend in HTML (its text scales with the page, e.g. in projector mode)
    function legend(id, v, error) {
      var out = document.getElementById(id + "-legend");
      if (!out) return;
      out.replaceChildren();
      if (error) { el(out, "div", error, "legend-error").setAttribute("role", "alert"); return; }
      var L = v.legend;
      if (L.caption) { el(out, "div", L.caption, "legend-caption"); }
      if (L.has_values) {
        var item = el(out, "div", null, "legend-ramp-item");
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
        if (L.ref && L.hi > L.lo) {   // where the Netherlands lies on the scale
          var at = Math.min(1, Math.max(0, (L.ref.value - L.lo) / (L.hi - L.lo)));
          var mark = el(ramp, "span", null, "legend-ref");
          mark.style.left = (at * 100).toFixed(1) + "%";
          var lab = el(item, "span", "▲ " + L.ref.label, "legend-ref-label");
          lab.style.paddingLeft = "calc(" + (at * 100).toFixed(1) + "% - 0.5em)";
          ramp.setAttribute("aria-label", ramp.getAttribute("aria-label") + "; " + L.ref.label);
        }
        if (L.direction) { el(item, "span", L.direction, "legend-direction"); }
      }
      L.greys.forEach(function (g) {
        var row = el(out, "div", null, "legend-item");
        el(row, "span", null, "legend-swatch").style.backgroundColor = g[1];
        el(row, "span", g[0], "legend-label");
      });
    }

    // Fit the map to its area once per area (payload base.fitkey) and map size — again after
    // entering or leaving projector mode or a resize — unless the user has moved the map since.
    function fit(id) {
      var s = state(id), v = s.payload, map = s.map;
      if (!map || !v) return;
      var c = map.getContainer(), w = c.clientWidth, h = c.clientHeight;
      if (w < 100 || h < 100) return;   // not laid out yet
      var area = v.base.fitkey, key = area + "|" + w + "x" + h;
      if (s.fitArea === area && s.userMoved) return;   // the user's view wins
      if (s.fitKey === key) return;
      var legendBox = document.getElementById(id + "-legend");
      var below = Math.min(h / 3, legendBox ? legendBox.offsetHeight + 16 : 24);   // keep the legend clear
      var b = v.base.fit;
      map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { animate: false,
                    padding: { top: 24, left: 24, right: 48, bottom: Math.max(24, below) } });
      s.fitKey = key;
      s.fitArea = area;
      s.userMoved = false;
    }

    function drawn(id, s, token) {
      mark("zof:painted:" + id);
      s.map.once("idle", function () {
        var b = box(id);
        mark("zof:drawn:" + id, { frames: s.frames });
        b.setAttribute("data-zof-drawn", token);
        b.parentElement.classList.add("map-ready");
        if (s.wanted === null || s.token === token) { b.parentElement.classList.remove("map-busy"); }
        b.dispatchEvent(new CustomEvent("zof:drawn", { detail: token }));
        charts.settle();   // the page has its first paint: charts may load
      });
      s.map.triggerRepaint();
    }

    // idempotent: called when a payload arrives and when the map has loaded
    function sync(id) {
      var s = state(id), v = s.payload;
      if (!s.loaded || !v) return;
      layers(s, v);
      hover(id, s);
      fit(id);
      if (s.token === v.token) { box(id).parentElement.classList.remove("map-busy"); return; }   // already painted
      var st = v.s, vals = v.v, n = st.length, lo = v.lo, span = (v.hi - v.lo) || 1;
      for (var i = 0; i < n; i++) {
        var x = vals[i];
        var t = x == null ? null : Math.min(1, Math.max(0, (x - lo) / span));
        s.map.setFeatureState({ source: SRC, id: i }, { t: t, s: st.charCodeAt(i) - 48 });
      }
      s.token = v.token;
      drawn(id, s, v.token);
    }

    function payloadUrl(scope, indicator, year, lng, scale) {
      return config().values + "/" + encodeURIComponent(scope) + "/" + encodeURIComponent(indicator) + "/" +
             (year ? encodeURIComponent(year) : "-") + ".json?taal=" + encodeURIComponent(lng || "nl") +
             (scale && scale !== "nl" ? "&schaal=" + encodeURIComponent(scale) : "");
    }

    function load(id, url, lng) {
      var s = state(id);
      if (s.wanted === url) return;   // asked for already (by the fast path or by Dash)
      s.wanted = url;
      if (box(id)) { box(id).parentElement.classList.add("map-busy"); }   // a sign of loading until painted
      fetch(url).then(function (r) {
        if (!r.ok) { return r.text().then(function (t) { throw new Error(t.trim() || r.statusText); }); }
        return r.json();
      }).then(function (v) {
        if (s.wanted !== url) return;   // a later switch overtook this one
        mark("zof:values:" + id);
        s.payload = v;
        legend(id, v);
        sync(id);
      }).catch(function (err) {
        if (s.wanted !== url) return;
        s.wanted = null;
        var msg = (lng === "en" ? "The map could not be updated: " : "De kaart kon niet worden bijgewerkt: ") + err.message;
        legend(id, null, msg);
        box(id).setAttribute("data-zof-error", err.message);
        box(id).parentElement.classList.remove("map-busy");
        charts.settle();
      });
    }

    return {
      lib: lib,
      // a map's view changed (Dash's clientside callbacks): create the map when its page first
      // shows, and fetch the payload of the new view
      show: function (id, hidden, scope, indicator, year, lng, scale) {
        if (hidden || !indicator || !config() || !box(id)) return;
        create(id);
        load(id, payloadUrl(scope, indicator, year, lng, scale), lng);
      },
      load: load,
      payloadUrl: payloadUrl,
      // what a map holds now, read back from MapLibre's feature state (for tests and benchmarks)
      painted: function (id) {
        var s = S[id], v = s && s.payload;
        if (!s || !s.map || !v || s.token !== v.token) return null;
        var counts = {};
        for (var i = 0; i < v.s.length; i++) {
          var fs = s.map.getFeatureState({ source: SRC, id: i });
          var k = fs && fs.s != null ? String(fs.s) : "none";
          counts[k] = (counts[k] || 0) + 1;
        }
        return { token: s.token, geo: s.urls[SRC], n: v.s.length, counts: counts };
      },
      // the MapLibre map itself (tests sample its canvas)
      get: function (id) { return S[id] && S[id].map; },
    };
  })();

  /* ------------------------------------------------------------------ charts
     plotly.js (the vendored basic bundle, named in <meta name="zof-plotly">) is kept off the
     critical path: its evaluation alone is a long task of 150–300 ms. dcc.Graph's lazy loader asks
     for window.Plotly when a graph mounts; until a chart panel (.chart-panel) of the page shown
     comes within CHART_MARGIN of the screen, or the page is printed, that is a promise the loader
     waits on. The panels are watched only once the page has settled (its first map drawn or
     failed; without a map, SETTLE_MS after the load event): before that, empty panels above them
     let them seem near.
     The bundle's own `window.Plotly = …` resolves the promise. Without the <meta> (the naive
     baseline), Dash loads its own bundle as usual. */
  var charts = (function () {
    var meta = document.querySelector('meta[name="zof-plotly"]');
    var CHART_MARGIN = "300px", SETTLE_MS = 3000;
    if (!meta || window.Plotly) return { watch: function () {}, settle: function () {} };
    var url = meta.getAttribute("content"), started = false, settled = false, resolve;
    var pending = new Promise(function (r) { resolve = r; });
    Object.defineProperty(window, "Plotly", {
      configurable: true,
      get: function () { return pending; },
      set: function (real) {
        Object.defineProperty(window, "Plotly", { value: real, writable: true, configurable: true });
        mark("zof:charts-ready");
        resolve(real);
      },
    });
    function load() {
      if (started) return;
      started = true;
      if (observer) { observer.disconnect(); }
      mark("zof:charts-load");
      var s = document.createElement("script");
      s.src = url;
      s.async = true;
      document.head.appendChild(s);
    }
    var observer = window.IntersectionObserver ? new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { load(); }
    }, { rootMargin: CHART_MARGIN }) : null;
    window.addEventListener("beforeprint", load);
    // a page without a map has settled soon after loading (one with a map: when it is drawn or failed)
    window.addEventListener("load", function () {
      setTimeout(function () { if (!document.querySelector(".page:not([hidden]) .zof-map")) { charts.settle(); } }, SETTLE_MS);
    });
    return {
      // observe the chart panels in the layout (called when the page or its URL changes and when
      // the page has settled); a hidden page's panels never intersect
      watch: function () {
        if (started || !settled) return;
        if (!observer) { load(); return; }
        document.querySelectorAll(".chart-panel").forEach(function (e) {
          if (!e.hasAttribute("data-zof-watched")) { e.setAttribute("data-zof-watched", ""); observer.observe(e); }
        });
      },
      settle: function () {
        if (settled) return;
        settled = true;
        charts.watch();
      },
    };
  })();

  /* ------------------------------------------------------------------ fast path
     A change of a control starts the map's fetch at once, predicting what Dash will settle the
     controls on (dashboard/state.py: resolve_view, table config().view). Dash's own call (maps.show)
     follows with the settled values: the same URL is not fetched twice, and a different one (a wrong
     prediction) simply replaces it. */
  function checked(name) {
    var e = document.querySelector('input[name="' + name + '"]:checked');
    return e ? e.value : null;
  }
  function visible(id) {
    var e = document.getElementById(id);
    return e && !e.hidden;
  }
  document.addEventListener("change", function (ev) {
    var t = ev.target, c = config();
    if (!t || !c || !c.view) return;
    var which = t.id === "area" || t.id === "indicator" || t.id === "year" ? t.id :
                (t.name === "lijn" ? "line" : (t.name === "niveau" ? "level" : null));
    if (!which) return;
    var table = c.view;
    var area = (document.getElementById("area") || {}).value;
    var indicator = (document.getElementById("indicator") || {}).value;
    var year = (document.getElementById("year") || {}).value;
    var line = checked("lijn"), level = checked("niveau") || "gemeente";
    if (which === "line" && table.line_of[indicator] !== line) {
      indicator = table.defaults[line];
      year = null;   // a new line starts at its latest year
    }
    var periods = (table.periods[indicator] || []).map(String);
    if (periods.indexOf(String(year)) < 0) { year = periods.length ? periods[periods.length - 1] : null; }
    if (visible("page-focus")) {
      var scale = (document.getElementById("map-scale") || {}).value;
      maps.load("focus-map", maps.payloadUrl("focus-" + area, indicator, year, lang(), scale), lang());
    } else if (visible("page-national") && (document.getElementById("nat-mode") || {}).value !== "verandering") {
      maps.load("nat-map", maps.payloadUrl("nl-" + level, indicator, year, lang()), lang());
    }
  }, true);

  /* ------------------------------------------------------------------ projector keys
     ← → step through the indicators of the action line, N / P to the next or previous focus area,
     Esc leaves. Only in projector mode and when no form field has focus, so the keys never trap. */
  function step(list, current, by) {
    if (!list || !list.length) return null;
    var i = list.indexOf(current);
    return list[(i < 0 ? 0 : i + by + list.length) % list.length];
  }
  document.addEventListener("keydown", function (ev) {
    var root = document.getElementById("app-root"), c = config();
    if (!root || !c || !root.classList.contains("presenting") || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var tag = (ev.target && ev.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    var q = new URLSearchParams(window.location.search);
    var set = window.dash_clientside && window.dash_clientside.set_props;
    if (!set) return;
    var k = ev.key;
    if (k === "ArrowRight" || k === "ArrowLeft") {
      var next = step((c.lines || {})[q.get("lijn")], q.get("indicator"), k === "ArrowRight" ? 1 : -1);
      if (next) { set("indicator", { value: next }); ev.preventDefault(); }
    } else if (k === "n" || k === "N" || k === "p" || k === "P" || k === "PageDown" || k === "PageUp") {
      var area = step(c.areas, q.get("gebied"), (k === "p" || k === "P" || k === "PageUp") ? -1 : 1);
      if (area) { set("area", { value: area }); ev.preventDefault(); }
    } else if (k === "Escape") {
      var exit = document.querySelector(".present-exit");
      if (exit) { exit.click(); ev.preventDefault(); }
    }
  });

  /* ------------------------------------------------------------------ page chrome
     Outputs in the order dashboard/callbacks.py: chrome_callbacks derives from the same registry
     table: every page's hidden flag, every control's style, the controls' hidden flag, the language
     link, the root class, every nav link's href, then its class, then the view links (ALL). */
  function pageChrome(pathname, search, rootNow) {
    var c = config(), NO = noUpdate();
    setTimeout(charts.watch, 0);   // after Dash has applied the pages' hidden flags
    var hiddenNow = Array.prototype.slice.call(arguments, 3);
    var byPath = {};
    Object.keys(c.paths).forEach(function (k) { byPath[c.paths[k]] = k; });
    var path = (pathname || "/").replace(/\/+$/, "") || "/";
    var page = byPath[path] || "focus";
    var params = new URLSearchParams(search || "");
    var present = c.presentable.indexOf(page) >= 0 && params.get("presentatie") === "1";
    // the query of a link to page `target` (default: this page): a page's own parameters stay
    // with it (/landelijk's weergave=verandering means something else on /voortgang)
    function query(changes, target) {
      var q = new URLSearchParams(search || "");
      if (target && target !== page) {
        Object.keys(c.params || {}).forEach(function (k) { c.params[k].forEach(function (name) { q.delete(name); }); });
      }
      Object.keys(changes).forEach(function (k) { if (changes[k] === null) { q.delete(k); } else { q.set(k, changes[k]); } });
      var text = q.toString();
      return text ? "?" + text : "";
    }
    var shows = c.controls[page] || [];
    var out = c.pages.map(function (p, i) { var h = page !== p; return h === hiddenNow[i] ? NO : h; });
    c.all_controls.forEach(function (name) { out.push(shows.indexOf(name) >= 0 ? {} : { display: "none" }); });
    out.push(shows.length === 0);
    out.push(path + query({ taal: params.get("taal") === "en" ? null : "en" }));
    var rootClass = present ? "app presenting" : "app";
    out.push(rootClass === rootNow ? NO : rootClass);
    c.nav.forEach(function (p) { out.push(c.paths[p] + query({ presentatie: null }, p)); });
    c.nav.forEach(function (p) { out.push(page === p ? "nav-link active" : "nav-link"); });
    var links = window.dash_clientside.callback_context.outputs_list;
    links = links[links.length - 1] || [];
    out.push(links.map(function (o) {
      return c.paths[o.id.page] + query({ presentatie: o.id.present ? "1" : null }, o.id.page);
    }));
    return out;
  }

  /* ------------------------------------------------------------------ tables
     Plain DOM, built in a few milliseconds, instead of hundreds of Dash components re-created on
     every switch (dashboard/components.py: table_slot). */
  function renderTable(data, id) {
    var out = document.getElementById(id);
    if (!out) return noUpdate();
    if (!data || !data.header) { out.replaceChildren(); return noUpdate(); }
    var table = document.createElement("table");
    table.className = "data-table";
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
      r.forEach(function (cell) { row.insertCell().textContent = cell; });
    });
    out.replaceChildren(table);
    return noUpdate();
  }

  // a large read-only table as one string of static HTML (dashboard/markup.py: escaped on the
  // server, built from plain html components only): put in place in one step
  function setHtml(markup, id) {
    var out = document.getElementById(id);
    if (out) { out.innerHTML = markup || ""; }
    return noUpdate();
  }

  maps.lib();   // start loading the map library while Dash fetches the layout

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.zof = {
    pageChrome: pageChrome,
    renderTable: renderTable,
    setHtml: setHtml,
    setLang: function (lng) { document.documentElement.lang = lng || "nl"; return noUpdate(); },
    // the URL the page was opened with: the server builds the page for it (never from the Referer)
    openedUrl: function () { return window.location.pathname + window.location.search; },
    // a page's URL parameters, from its own store (dashboard/callbacks.py: page_param_callbacks)
    copySearch: function (search) { return search == null ? noUpdate() : search; },
    print: function (n) { if (n) { window.print(); } return noUpdate(); },
    focusMap: function (area, indicator, year, hidden, lng, scale) {
      maps.show("focus-map", hidden, "focus-" + area, indicator, year, lng, scale);
      return noUpdate();
    },
    nationalMap: function (indicator, year, level, hidden, lng, mode, span) {
      // the change view: the map of the difference between two years (span "2014-2020", resolved
      // by the server); until it is known the map keeps what it shows
      if (mode === "verandering") {
        var parts = String(span || "").split("|");   // "indicator|2014-2020": only for the indicator it was resolved for
        if (parts[0] === indicator && parts[1]) { maps.show("nat-map", hidden, "nl-" + level, indicator, parts[1], lng); }
        return noUpdate();
      }
      maps.show("nat-map", hidden, "nl-" + level, indicator, year, lng);
      return noUpdate();
    },
    maps: maps,
  };
})();
