/* Two repairs to what Material builds in the browser (axe-core clean; scripts/a11y.py
   does the ones that can be made in the HTML):
   - a table wider than its column scrolls sideways inside Material's wrapper, which a
     keyboard cannot reach: each wrapper that overflows becomes a focusable, named
     group (scrollable-region-focusable; a group, as a region would be one more landmark);
   - the copy button of each code block sits in an unnamed <nav>, one landmark per
     block, all with the same empty name (landmark-unique): it is a group of buttons,
     not navigation.
   Run on every page, after instant navigation, when a collapsed block opens and when
   the window is resized. */
(function () {
  "use strict";
  var WRAPPERS = ".md-typeset__scrollwrap, .md-typeset .nb-scroll";

  function mark() {
    document.querySelectorAll("nav.md-code__nav:not([role])").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
    document.querySelectorAll(WRAPPERS).forEach(function (wrapper) {
      var scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
      if (scrolls && !wrapper.hasAttribute("tabindex")) {
        wrapper.setAttribute("tabindex", "0");
        wrapper.setAttribute("role", "group");
        wrapper.setAttribute("aria-label", "Table (scrolls sideways)");
      } else if (!scrolls && wrapper.getAttribute("role") === "group") {
        wrapper.removeAttribute("tabindex");
        wrapper.removeAttribute("role");
        wrapper.removeAttribute("aria-label");
      }
    });
  }

  var timer = null;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(mark, 150);
  }
  // After Material has wrapped the new page's tables (its own subscription runs first).
  if (window.document$) window.document$.subscribe(later);
  else document.addEventListener("DOMContentLoaded", later);
  window.addEventListener("resize", later);
  document.addEventListener("toggle", later, true);  // a table inside a block just opened
})();
