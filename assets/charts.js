/* Zicht op Focuswijken — charts loaded off the critical path (part of the browser side; assets/app.js
   has the overview). Loaded after app.js (Dash loads assets in name order). */
(function () {
  "use strict";
  var zof = window.dash_clientside.zof, u = zof.util;
  var mark = u.mark;

  /* ------------------------------------------------------------------ charts
     plotly.js (the vendored basic bundle, named in <meta name="zof-plotly">) is kept off the
     critical path: its evaluation alone is a long task of 150–300 ms. dcc.Graph's lazy loader asks
     for window.Plotly when a graph mounts; until a chart panel (.chart-panel) of the page shown
     comes within CHART_MARGIN of the screen, or the page is printed, that is a promise the loader
     waits on. The panels are watched only once the page has settled (its first map drawn or
     failed; without a map, SETTLE_MS after the load event): before that, empty panels above them
     let them seem near; nor while Dash still has callbacks pending (the map may be drawn before
     the panels above the charts are filled).
     The bundle's own `window.Plotly = …` resolves the promise. Without the <meta> (the naive
     baseline), Dash loads its own bundle as usual. */
  var charts = zof.charts = (function () {
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
      if (added) { added.disconnect(); }
      mark("zof:charts-load");
      var s = document.createElement("script");
      s.src = url;
      s.async = true;
      document.head.appendChild(s);
    }
    var observer = window.IntersectionObserver ? new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { load(); }
    }, { rootMargin: CHART_MARGIN }) : null;
    // a page built later (dashboard/pagebuild.py: the pages not opened are built when first shown)
    // brings its chart panels after the chrome asked to watch: new panels are watched as they come
    var queued = false;
    var added = window.MutationObserver ? new MutationObserver(function () {
      if (queued) return;
      queued = true;
      setTimeout(function () { queued = false; charts.watch(); }, 50);
    }) : null;
    window.addEventListener("beforeprint", load);
    var settling = false, dashIdle = u.dashIdle;
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
        if (settled || settling) return;
        settling = true;
        dashIdle(function () {
          settled = true;
          if (added) { added.observe(document.getElementById("react-entry-point") || document.body, { childList: true, subtree: true }); }
          charts.watch();
        });
      },
    };
  })();
})();
