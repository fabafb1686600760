/* Zicht op Focuswijken — a new map's first frames (part of the browser side; assets/app.js has
   the overview). Loaded before maps.js (Dash loads assets in name order).

   Without a GPU (thin clients, remote desktops: Chromium then draws WebGL in software) every frame
   MapLibre draws is read back whole for the page's compositor, and the main thread waits until the
   GPU process has finished it: 100–250 ms for each of the first frames, in which the shaders are
   compiled. A new map is therefore drawn out of sight, and only in the frames it needs: those that
   ask for tiles (when a source has its data) and the one with every source's tiles in. The canvas
   shows once that one is done (maps.js: drawn calls reveal) — one read-back instead of five or six.
   Never longer than HOLD_MS. triggerRepaint is MapLibre's public method: while held, the map's own
   is shadowed on the instance; released, the map has its own again. (README: Opening a page) */
(function () {
  "use strict";
  var zof = window.dash_clientside.zof;
  var HOLD_MS = 3000;

  // the canvas shows what it drew last: no new frame is needed (style.css: .map-holding hides the
  // canvas and the place names over it)
  function reveal(map) { map.getContainer().classList.remove("map-holding"); }

  // hold the frames of ``map`` until its ``sources`` (ids) have all their tiles
  function hold(map, sources) {
    var paint = map.triggerRepaint, wanted = false, released = false;
    map.getContainer().classList.add("map-holding");
    function release() {
      if (released) return;
      released = true;
      delete map.triggerRepaint;
      if (wanted) { map.triggerRepaint(); }
    }
    map.triggerRepaint = function () { wanted = true; };
    map.on("sourcedata", function (e) {
      if (released) return;
      if (e.sourceDataType === "metadata") { paint.call(map); return; }   // a frame asks for its tiles
      if (sources.every(function (n) { return map.getSource(n) && map.isSourceLoaded(n); })) { release(); }
    });
    map.on("error", release);   // a source that fails: draw what there is
    setTimeout(function () { release(); reveal(map); }, HOLD_MS);
  }

  zof.frames = { hold: hold, reveal: reveal, HOLD_MS: HOLD_MS };
})();
