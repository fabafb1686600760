/* Zicht op Focuswijken — the maps (part of the browser side; assets/app.js has the overview).
   Loaded after app.js and charts.js (Dash loads assets in name order). */
(function () {
  "use strict";
  var zof = window.dash_clientside.zof, u = zof.util;
  var config = u.config, el = u.el, mark = u.mark, lang = u.lang;

  /* ------------------------------------------------------------------ maps
     Geometry comes from versioned, cached GeoJSON URLs; a change of area, indicator, year or level
     fetches one map payload (dashboard/figures.py: map_payload — a number and a status digit per
     feature, the colour range and the legend; cached by the browser) and paints it as feature state:
     no re-tessellation, no re-render. After MapLibre's next 'idle' the map's box gets
     data-zof-drawn=<token> and fires 'zof:drawn' (what benchmarks and browser tests wait for). A
     failed fetch keeps the last map and says so in the legend. */
  var maps = zof.maps = (function () {
    var SRC = "zof-units", FILL = "zof-fill", LINE = "zof-line";
    var REST_SRC = "zof-rest", REST = "zof-rest-fill", OUT_SRC = "zof-outline", OUTLINE = "zof-outline-line", CASING = "zof-outline-casing";
    var EMPTY = { type: "FeatureCollection", features: [] };
    // no background layer: the box is white (style.css), one full-canvas pass less in every frame
    var STYLE = { version: 8, sources: {}, transition: { duration: 0, delay: 0 }, layers: [] };
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

    // Created with its payload in hand (maps.open), the map's first style holds the sources and
    // layers already: MapLibre's worker fetches and tiles the geometry while the map is still
    // being built, instead of after its 'load' (~0.2 s later on /landelijk without a GPU).
    function create(id) {
      var s = state(id);
      if (s.creating) return s.creating;
      s.creating = lib().then(function (ml) {
        var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
        var v = s.payload, c = box(id);
        // with the payload: its geometry, already at the view fit() will fit (no tiles for another)
        var view = v && c.clientWidth >= 100 && c.clientHeight >= 100 ?
          { bounds: bounds(v), fitBoundsOptions: { padding: fitPadding(id, c.clientHeight) } } : { center: [5.3, 52.15], zoom: 6.2 };
        var map = new ml.Map(Object.assign(view, { container: c, style: v ? fullStyle(s, v) : STYLE,
                               attributionControl: false, fadeDuration: 0, dragRotate: false, pitchWithRotate: false,
                               touchPitch: false, scrollZoom: false, renderWorldCopies: false,
                               // on touch screens a one-finger drag scrolls the page (no scroll trap)
                               dragPan: !coarse, locale: WORDS[lang()] }));
        map.addControl(new ml.NavigationControl({ showCompass: false }), "top-right");
        map.touchZoomRotate.disableRotation();
        s.map = map;
        if (v) { zof.frames.hold(map, [REST_SRC, SRC, OUT_SRC]); }   // assets/frames.js
        zof.labels.attach(s);
        s.frames = 0;   // frames MapLibre rendered (each one a GPU readback on a machine without GPU)
        map.on("render", function () { s.frames++; });
        map.on("movestart", function (e) { if (e.originalEvent) { s.userMoved = true; } });
        map.on("resize", function () { if (s.payload) { fit(id); } });
        // the style is in place (not 'load', which waits for the geometry's first full render):
        // the values go into feature state now, so the geometry's first frame shows them
        return new Promise(function (resolve) {
          map.once("style.load", function () { s.loaded = true; mark("zof:created:" + id); resolve(map); sync(id); });
        });
      });
      return s.creating;
    }

    // A GeoJSON source whose data follows the payload (a new URL replaces the data and its states).
    // Tiles with a 16 px buffer (MapLibre's default: 128, i.e. each 512 px tile drawn 2.25 times its
    // area, clipped) and simplified to 1 px (default 0.375): the first frame of /landelijk drew in
    // ~60 ms of blocked main thread instead of ~165 on a machine without GPU (README: Opening a page)
    var TILING = { buffer: 16, tolerance: 1 };
    function sourceSpec(url) { return Object.assign({ type: "geojson", data: url || EMPTY, generateId: true }, TILING); }
    function source(s, name, url) {
      var src = s.map.getSource(name);
      if (!src) {
        s.map.addSource(name, sourceSpec(url));
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

    // the map's layers for payload v, bottom to top
    function layerSpecs(v) {
      var b = v.base;
      return [
        { id: REST, type: "fill", source: REST_SRC, paint: { "fill-color": b.rest_color, "fill-outline-color": "#c8c8c8" } },
        // the unit borders, where drawn, cover the fill's edges: no anti-aliasing pass (a shader less)
        { id: FILL, type: "fill", source: SRC,
          paint: { "fill-color": fillColor(v), "fill-opacity": 0.95, "fill-antialias": !b.line_width } },
        { id: LINE, type: "line", source: SRC, layout: { visibility: b.line_width ? "visible" : "none" },
          paint: { "line-color": "#ffffff", "line-width": b.line_width || 0.8 } },
        // a light casing under the dark outline: the outline shows on any fill, dark or light
        { id: CASING, type: "line", source: OUT_SRC,
          paint: { "line-color": "#ffffff", "line-width": b.outline_width + 3, "line-opacity": 0.9 } },
        { id: OUTLINE, type: "line", source: OUT_SRC, paint: { "line-color": "#111111", "line-width": b.outline_width } },
      ];
    }
    function colourKey(v) { return JSON.stringify(v.palette) + JSON.stringify(v.greys); }
    function widthKey(v) { return v.base.line_width + "|" + v.base.outline_width; }

    // the whole style for payload v: what layers() would add after 'load', given to the map at once
    function fullStyle(s, v) {
      var b = v.base, sources = {};
      sources[REST_SRC] = sourceSpec(b.rest);
      sources[SRC] = sourceSpec(v.geo);
      sources[OUT_SRC] = sourceSpec(b.outline);
      s.urls[REST_SRC] = b.rest;
      s.urls[SRC] = v.geo;
      s.urls[OUT_SRC] = b.outline;
      s.colours = colourKey(v);
      s.widths = widthKey(v);
      return Object.assign({}, STYLE, { sources: sources, layers: STYLE.layers.concat(layerSpecs(v)) });
    }

    function layers(s, v) {
      var b = v.base, map = s.map;
      source(s, REST_SRC, b.rest);
      source(s, SRC, v.geo);
      source(s, OUT_SRC, b.outline);
      if (!map.getLayer(REST)) {
        layerSpecs(v).forEach(function (spec) { map.addLayer(spec); });
        s.colours = colourKey(v);
        s.widths = widthKey(v);
      }
      zof.labels.show(s, b.labels);   // names over the map (assets/labels.js)
      // a change view brings its own (diverging) colour scale
      var colours = colourKey(v);
      if (s.colours !== colours) {
        map.setPaintProperty(FILL, "fill-color", fillColor(v));
        s.colours = colours;
      }
      // only on a change: even an unchanged setPaintProperty makes MapLibre draw a new frame
      var widths = widthKey(v);
      if (s.widths !== widths) {
        s.widths = widths;
        map.setLayoutProperty(LINE, "visibility", b.line_width ? "visible" : "none");
        if (b.line_width) { map.setPaintProperty(LINE, "line-width", b.line_width); }
        map.setPaintProperty(FILL, "fill-antialias", !b.line_width);
        map.setPaintProperty(OUTLINE, "line-width", b.outline_width);
        map.setPaintProperty(CASING, "line-width", b.outline_width + 3);
      }
    }

    var formatter = zof.legend.formatter;

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

    // the legend (assets/legend.js), once its element is in the page: fetched before, it is drawn
    // when the box comes (open)
    function legend(id, v, error) {
      if (zof.legend.draw(id + "-legend", v, error)) { state(id).legendOf = v; }
    }

    function bounds(v) { var b = v.base.fit; return [[b[0], b[1]], [b[2], b[3]]]; }
    function fitPadding(id, h) {
      var legendBox = document.getElementById(id + "-legend");
      var below = Math.min(h / 3, legendBox ? legendBox.offsetHeight + 16 : 24);   // keep the legend clear
      return { top: 24, left: 24, right: 48, bottom: Math.max(24, below) };
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
      map.fitBounds(bounds(v), { animate: false, padding: fitPadding(id, h) });
      s.fitKey = key;
      s.fitArea = area;
      s.userMoved = false;
    }

    function drawn(id, s, token) {
      mark("zof:painted:" + id);
      s.map.once("idle", function () {
        var b = box(id);
        zof.frames.reveal(s.map);
        mark("zof:drawn:" + id, { frames: s.frames });
        b.setAttribute("data-zof-drawn", token);
        b.parentElement.classList.add("map-ready");
        if (s.wanted === null || s.token === token) { b.parentElement.classList.remove("map-busy"); }
        b.dispatchEvent(new CustomEvent("zof:drawn", { detail: token }));
        zof.charts.settle();   // the page has its first paint: charts may load
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

    // fetch and paint payload ``url`` (s.fetching: the fetch until it has settled)
    function load(id, url, lng) {
      var s = state(id);
      if (s.wanted === url) return;   // asked for already (by the fast path or by Dash)
      s.wanted = url;
      if (box(id)) { box(id).parentElement.classList.add("map-busy"); }   // a sign of loading until painted
      var fetching = s.fetching = fetch(url).then(function (r) {
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
        zof.charts.settle();
      }).then(function () { if (s.fetching === fetching) { s.fetching = null; } });
    }

    // Create the map once the payload asked for is there (or has failed), so that its geometry
    // is in the map's first style (fullStyle), in a task of its own so that Dash's callbacks are
    // not held up (created in the same task, first render was no faster and Lighthouse's TBT
    // ~40 ms worse)
    function createSoon(id) {
      var s = state(id);
      if (s.creating) return;
      var later = function () { setTimeout(function () { if (box(id)) { create(id); } }, 0); };
      if (s.fetching) { s.fetching.then(later); } else { later(); }
    }

    return {
      lib: lib,
      // a map's view changed (Dash's clientside callbacks): create the map when its page first
      // shows, and fetch the payload of the new view
      show: function (id, hidden, scope, indicator, year, lng, scale) {
        if (hidden || !indicator || !config() || !box(id)) return;
        load(id, payloadUrl(scope, indicator, year, lng, scale), lng);
        createSoon(id);
      },
      // a map box has come into the page (openBoxes): its payload is fetched at once, before
      // Dash's first rounds of callbacks have settled the controls and called show
      open: function (id, scope, indicator, year, lng, scale) {
        if (!indicator || !config() || !box(id)) return;
        var s = state(id);
        load(id, payloadUrl(scope, indicator, year, lng, scale), lng);
        if (s.payload && s.legendOf !== s.payload) { legend(id, s.payload); }   // fetched before the box came
        if (s.fetching || s.token !== (s.payload && s.payload.token)) { box(id).parentElement.classList.add("map-busy"); }
        createSoon(id);
      },
      // the values of a map of the page built into the index, fetched before Dash has its layout
      prefetch: function (id, scope, indicator, year, lng, scale) {
        if (indicator && config()) { load(id, payloadUrl(scope, indicator, year, lng, scale), lng); }
      },
      load: load,
      payloadUrl: payloadUrl,
      number: zof.legend.number,
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
      // the place names shown on a map now (tests)
      names: function (id) { return zof.labels.names(S[id]); },
    };
  })();

  maps.lib();   // start loading the map library while Dash fetches the layout
  // the values of the maps of the page built into the index (assets/app.js: openedPage), at once
  u.components(u.openedPage(), function (p) { return p["data-zof-open"]; }).forEach(function (p) {
    var view;
    try { view = JSON.parse(p["data-zof-open"]); } catch (e) { return; }
    maps.prefetch.apply(null, [p.id].concat(view));
  });

  /* A map box built with data-zof-open (dashboard/components.py: map_frame) is created and its
     payload fetched as soon as it is in the page, with the view the page was built for: Dash's
     clientside call comes only after its first rounds of callbacks (~200–300 ms later) and then
     finds the same URL asked for already. Boxes on a hidden page wait for Dash. */
  var opened = new WeakSet();
  function openBoxes(root) {
    var boxes = root.matches && root.matches("[data-zof-open]") ? [root] : [];
    if (root.querySelectorAll) { boxes = boxes.concat(Array.prototype.slice.call(root.querySelectorAll("[data-zof-open]"))); }
    boxes.forEach(function (b) {
      if (opened.has(b) || b.closest("[hidden]")) return;
      opened.add(b);   // once per box
      var view;
      try { view = JSON.parse(b.getAttribute("data-zof-open")); } catch (e) { return; }
      maps.open.apply(null, [b.id].concat(view));
    });
  }
  new MutationObserver(function (records) {
    records.forEach(function (r) { r.addedNodes.forEach(function (n) { if (n.nodeType === 1) { openBoxes(n); } }); });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
