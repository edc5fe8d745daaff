/* Printing, from the browser's menu or by `make pdf` (scripts/pdf.py): the page prints
   in the light palette with every collapsed block open (answer sketches, the 45-minute
   version) except each diagram's Mermaid source and the table of named values (both
   long, and the values are in the text), and with every image asked for at once rather
   than when scrolled to. Material opens every block on "beforeprint"; this runs after
   it. "afterprint" puts the page back as it was. */
(function () {
  "use strict";
  var changed = [];
  var scheme = null;
  var SKIP = "details.diagram__source, .nb-calc details";

  function prepare() {
    document.querySelectorAll("details").forEach(function (block) {
      var wanted = !block.matches(SKIP);
      if (block.open !== wanted) {
        changed.push([block, block.open]);
        block.open = wanted;
      }
    });
    document.querySelectorAll('img[loading="lazy"]').forEach(function (image) {
      image.loading = "eager";
    });
    var current = document.body.getAttribute("data-md-color-scheme");
    if (current && current !== "default") {
      scheme = current;
      document.body.setAttribute("data-md-color-scheme", "default");
    }
  }

  function restore() {
    changed.forEach(function (entry) { entry[0].open = entry[1]; });
    changed = [];
    if (scheme) document.body.setAttribute("data-md-color-scheme", scheme);
    scheme = null;
  }

  window.addEventListener("beforeprint", prepare);
  window.addEventListener("afterprint", restore);
  window.guidePrint = { prepare: prepare, restore: restore };
})();
