/* Zicht op Focuswijken — a map's legend and its numbers (part of the browser side; assets/app.js
   has the overview): the colour ramp with its range, where the Netherlands lies on it and the greys
   of the statuses without a value, in HTML (its text scales with the page, e.g. in projector mode).
   Loaded before maps.js (Dash loads assets in name order), which draws it for each payload. */
(function () {
  "use strict";
  var zof = window.dash_clientside.zof, el = zof.util.el;

  // a number as Intl.NumberFormat (nl-NL or en-GB, v.dec decimals) writes it, without making one:
  // the page's first Intl.NumberFormat costs ~20 ms of main thread (~75 ms on a loaded machine), on
  // the way to the first paint (the legend); the tooltip makes one when it first shows
  function number(v, x) {
    // rounded half away from zero on the shortest decimal form, as Intl does (0.245 → 0,25;
    // toFixed rounds the binary value, 0.24499…, to 0,24)
    var abs = Math.abs(x), text = String(abs);
    var rounded = text.indexOf("e") < 0 ? Number(Math.round(Number(text + "e" + v.dec)) + "e-" + v.dec) : abs;
    var en = v.lang === "en", parts = rounded.toFixed(v.dec).split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, en ? "," : ".");
    var negative = x < 0 || (x === 0 && 1 / x < 0);
    return (negative ? "-" : "") + whole + (parts[1] ? (en ? "." : ",") + parts[1] : "");
  }

  function formatter(v) {
    if (!v.fmt) {
      v.fmt = new Intl.NumberFormat(v.lang === "en" ? "en-GB" : "nl-NL",
                                    { minimumFractionDigits: v.dec, maximumFractionDigits: v.dec });
    }
    return v.fmt;
  }

  // the legend of payload v (or an error) into element outId; false when that is not in the page
  function draw(outId, v, error) {
    var out = document.getElementById(outId);
    if (!out) return false;
    out.replaceChildren();
    if (error) { el(out, "div", error, "legend-error").setAttribute("role", "alert"); return true; }
    var L = v.legend;
    if (L.caption) { el(out, "div", L.caption, "legend-caption"); }
    if (L.has_values) {
      var item = el(out, "div", null, "legend-ramp-item");
      var lo = (L.clip_lo ? "≤ " : "") + number(v, L.lo);
      var hi = (L.clip_hi ? "≥ " : "") + number(v, L.hi);
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
    return true;
  }

  zof.legend = { draw: draw, number: number, formatter: formatter };
})();
