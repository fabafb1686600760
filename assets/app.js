/* Zicht op Focuswijken — the browser side, under one namespace: window.dash_clientside.zof (the
   functions Dash's clientside callbacks name, `maps` and `charts`, and `util`, what they share).
   Six files, which Dash loads in name order: this one (config, fast path, keys, chrome, tables,
   the callbacks' functions), charts.js (zof.charts), frames.js (zof.frames: a new map drawn out of
   sight until complete), labels.js (zof.labels: place names on the maps), legend.js (zof.legend: a
   map's legend and its numbers) and maps.js (zof.maps).

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

  // what the server tells the page: #app-config in Dash's shell, or (before Dash has its layout)
  // the same beside the page built into the index (app.py: PageDash; dashboard/ids.py CONFIG_JSON)
  var cfg = null;
  function config() {
    if (!cfg) {
      var el = document.getElementById("app-config"), early = document.getElementById("app-config-json");
      try {
        cfg = el ? JSON.parse(el.getAttribute("data-config")) : (early ? JSON.parse(early.textContent) : null);
      } catch (e) { cfg = null; }
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

  // Call ``done`` once Dash has had no callbacks pending (its store's isLoading, as dash.testing
  // reads it) for IDLE_MS; at the latest after MAX_WAIT_MS (a slow callback does not hold it back)
  var IDLE_MS = 100, MAX_WAIT_MS = 5000;
  function dashIdle(done) {
    var store = window.store, timer = null, cap = null, finished = false, stop = null;
    if (!store || !store.getState || !store.subscribe) { done(); return; }
    function finish() {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(cap);
      if (stop) { stop(); }
      done();
    }
    function check() {
      if (store.getState().isLoading) { clearTimeout(timer); timer = null; return; }
      if (!timer) { timer = setTimeout(function () { timer = null; if (!store.getState().isLoading) { finish(); } }, IDLE_MS); }
    }
    cap = setTimeout(finish, MAX_WAIT_MS);
    stop = store.subscribe(check);
    check();
  }

  // The page built into the index HTML (app.py: PageDash; dashboard/pagebuild.py: embedded), read
  // once as the scripts run, before Dash starts: embedPage puts it into Dash's shell, and maps.js
  // fetches the values of its maps at once, while Dash is still fetching its layout.
  var openedPage = (function () {
    var script = document.getElementById("app-page-json");   // dashboard/ids.py PAGE_JSON
    if (!script) return null;
    script.remove();
    try { return JSON.parse(script.textContent); } catch (e) { return null; }
  })();
  // the props of every component in a layout (as Dash sends it) for which test(props) holds
  function components(node, test, out) {
    out = out || [];
    if (Array.isArray(node)) {
      node.forEach(function (n) { components(n, test, out); });
    } else if (node && typeof node === "object" && node.props) {
      if (test(node.props)) { out.push(node.props); }
      components(node.props.children, test, out);
    }
    return out;
  }

  window.dash_clientside = window.dash_clientside || {};
  var zof = (window.dash_clientside.zof = window.dash_clientside.zof || {});
  zof.util = { config: config, noUpdate: noUpdate, el: el, mark: mark, lang: lang, dashIdle: dashIdle,
               components: components, openedPage: function () { return openedPage; } };

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
      zof.maps.load("focus-map", zof.maps.payloadUrl("focus-" + area, indicator, year, lang(), scale), lang());
    } else if (visible("page-national") && (document.getElementById("nat-mode") || {}).value !== "verandering") {
      zof.maps.load("nat-map", zof.maps.payloadUrl("nl-" + level, indicator, year, lang()), lang());
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
    setTimeout(function () { if (zof.charts) { zof.charts.watch(); } }, 0);   // after Dash has applied the pages' hidden flags
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

  // The page built into the index HTML goes into the shell that Dash has fetched, before Dash
  // renders it (its layout_post hook): the page's first callbacks go out at once, with no
  // render_page round trip (openedUrl then asks for nothing). Without it (any other URL than an
  // empty or canonical one) the page comes from render_page.
  var embedded = false;
  function embedPage(layout) {
    if (!openedPage || embedded) return;
    var slot = components(layout, function (p) { return p.id === "app-page"; })[0];   // dashboard/ids.py PAGE
    if (!slot) return;
    slot.children = openedPage;
    embedded = true;
  }

  Object.assign(zof, {
    embedPage: embedPage,
    pageChrome: pageChrome,
    renderTable: renderTable,
    setHtml: setHtml,
    setLang: function (lng) { document.documentElement.lang = lng || "nl"; return noUpdate(); },
    // the URL the page was opened with: the server builds the page for it (never from the Referer),
    // unless the index brought the page along (embedPage)
    openedUrl: function () { return embedded ? noUpdate() : window.location.pathname + window.location.search; },
    // the search the page was built for (dashboard/callbacks.py: sync_state) goes to the address
    // bar when it differs (a bad or missing parameter shows as what is shown) — once Dash is idle:
    // written at once, it would run sync_state and hold every panel back one round trip. Not
    // when the visitor has changed the view meanwhile (the controls wrote the URL then).
    canonicalSearch: function (canonical, search) {
      var opened = window.location.search;
      if (canonical == null || canonical === (search || "")) return noUpdate();
      dashIdle(function () {
        // "url": dashboard/ids.py URL
        if (window.location.search === opened) { window.dash_clientside.set_props("url", { search: canonical }); }
      });
      return noUpdate();
    },
    // a page's URL parameters, from its own store (dashboard/callbacks.py: page_param_callbacks)
    copySearch: function (search) { return search == null ? noUpdate() : search; },
    print: function (n) { if (n) { window.print(); } return noUpdate(); },
    focusMap: function (area, indicator, year, hidden, lng, scale) {
      zof.maps.show("focus-map", hidden, "focus-" + area, indicator, year, lng, scale);
      return noUpdate();
    },
    nationalMap: function (indicator, year, level, hidden, lng, mode, span) {
      // the change view: the map of the difference between two years (span "2014-2020", resolved
      // by the server); until it is known the map keeps what it shows
      if (mode === "verandering") {
        var parts = String(span || "").split("|");   // "indicator|2014-2020": only for the indicator it was resolved for
        if (parts[0] === indicator && parts[1]) { zof.maps.show("nat-map", hidden, "nl-" + level, indicator, parts[1], lng); }
        return noUpdate();
      }
      zof.maps.show("nat-map", hidden, "nl-" + level, indicator, year, lng);
      return noUpdate();
    },
  });
})();
