/* Zicht op Focuswijken — small client-side helpers (no external code). */
window.dash_clientside = Object.assign({}, window.dash_clientside, { zof: {} });

(function () {
  "use strict";
  // Fit a map to its area once per area (layout.meta.fitkey), whatever the size of its panel.
  // Later recolourings keep the user's zoom and pan (plotly's uirevision).
  function fit(gd) {
    var meta = gd.layout && gd.layout.meta;
    var sub = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    if (!meta || !meta.fit || !sub || gd._zofFitted === meta.fitkey) return;
    var b = meta.fit;
    gd._zofFitted = meta.fitkey;
    sub.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 24, animate: false });
  }
  function attach() {
    document.querySelectorAll(".map-graph .js-plotly-plot").forEach(function (gd) {
      if (gd._zofAttached || typeof gd.on !== "function") return;
      gd._zofAttached = true;
      gd.on("plotly_afterplot", function () { fit(gd); });
      fit(gd);
    });
  }
  setInterval(attach, 400);
})();
