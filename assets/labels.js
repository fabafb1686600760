/* Zicht op Focuswijken — place names on the maps, as HTML over the map (part of the browser side;
   assets/app.js has the overview). Not MapLibre's text layer: on a machine without a GPU its glyph
   atlas, text shader and placement cost three more frames and ~0.4 s of blocked main thread before
   a map is first drawn. Here the names of the map's label points (GeoJSON, rank = larger places
   first) are placed where they fit, larger places first, and placed again after every move; they
   take no pointer events, so the map's tooltip works through them. */
(function () {
  "use strict";
  var zof = window.dash_clientside.zof;
  var PADDING = 6;          // px kept free around a name (as MapLibre's text-padding)
  var measure = null;       // a 2D canvas context to measure names with the labels' own font

  // px per zoom level, as the text layer had it: 10 px at zoom 6, 13 at 10, 15 at 14
  function sizeAt(zoom) {
    if (zoom <= 6) return 10;
    if (zoom <= 10) return 10 + (zoom - 6) * 0.75;
    return Math.min(15, 13 + (zoom - 10) * 0.5);
  }

  function width(text, font) {
    measure = measure || document.createElement("canvas").getContext("2d");
    measure.font = font;
    return measure.measureText(text).width;
  }

  // the names that fit, greedily in rank order: [{name, x, y}] (x, y: the name's centre in px)
  function fit(points, project, w, h, size, font) {
    var placed = [], boxes = [];
    for (var i = 0; i < points.length; i++) {
      var p = project(points[i].at), half = width(points[i].name, font) / 2 + PADDING, up = size * 0.6 + PADDING;
      var b = [p.x - half, p.y - up, p.x + half, p.y + up];
      if (b[0] < 0 || b[1] < 0 || b[2] > w || b[3] > h) continue;
      var free = true;
      for (var j = 0; j < boxes.length && free; j++) {
        var o = boxes[j];
        free = b[2] <= o[0] || b[0] >= o[2] || b[3] <= o[1] || b[1] >= o[3];
      }
      if (free) { boxes.push(b); placed.push({ name: points[i].name, x: p.x, y: p.y }); }
    }
    return placed;
  }

  function place(s) {
    var layer = s.labelLayer, map = s.map;
    if (!layer || !map) return;
    if (!s.labelPoints) { layer.replaceChildren(); return; }
    var scale = parseFloat(getComputedStyle(layer).getPropertyValue("--label-scale")) || 1;
    var size = sizeAt(map.getZoom()) * scale;
    var style = getComputedStyle(layer), font = style.fontWeight + " " + size + "px " + style.fontFamily;
    var shown = fit(s.labelPoints, function (at) { return map.project(at); }, layer.clientWidth, layer.clientHeight, size, font);
    var spans = layer.children;
    shown.forEach(function (l, i) {
      var e = spans[i] || layer.appendChild(document.createElement("span"));
      if (e.textContent !== l.name) { e.textContent = l.name; }
      e.style.cssText = "left:" + l.x.toFixed(1) + "px;top:" + l.y.toFixed(1) + "px;font-size:" + size.toFixed(1) + "px";
    });
    while (spans.length > shown.length) { layer.removeChild(layer.lastChild); }
    layer.setAttribute("data-zof-labels", String(shown.length));
  }

  zof.labels = {
    // the layer of names over map `s.map` (once), placed again after each move and resize
    attach: function (s) {
      if (s.labelLayer) return;
      var layer = document.createElement("div");
      layer.className = "map-labels";
      layer.setAttribute("aria-hidden", "true");   // the names are in the map's table too
      s.map.getContainer().appendChild(layer);
      s.labelLayer = layer;
      var pending = false;
      s.map.on("move", function () {
        if (pending) return;
        pending = true;
        requestAnimationFrame(function () { pending = false; place(s); });
      });
      s.map.on("resize", function () { place(s); });
    },
    // the label points of the map's current view (a versioned, cached GeoJSON URL, or none)
    show: function (s, url) {
      if (s.labelUrl === url) return;   // a switch of values: the names stay where they are
      s.labelUrl = url;
      s.labelPoints = null;
      place(s);
      if (!url) return;
      fetch(url).then(function (r) { return r.ok ? r.json() : null; }).then(function (gj) {
        if (!gj || s.labelUrl !== url) return;
        s.labelPoints = gj.features
          .map(function (f) { return { name: f.properties.name, rank: f.properties.rank || 0, at: f.geometry.coordinates }; })
          .sort(function (a, b) { return a.rank - b.rank; });
        place(s);
      }).catch(function () {});
    },
    place: place,
    // what is shown now (for tests): the names in the layer of map `s`
    names: function (s) {
      return s && s.labelLayer ? Array.prototype.map.call(s.labelLayer.children, function (e) { return e.textContent; }) : [];
    },
  };
})();
