/* Diagrams on small screens. A figure's images scroll sideways in .diagram__scroll
 * (scripts/diagrams.py); one that is cut off gets "diagram--overflows" (a fade and a hint,
 * diagram-viewer.css). A tap, click or Enter on an image opens the palette's SVG in a modal
 * <dialog> with pan and zoom by @panzoom/panzoom (published by scripts/hooks.py, loaded on
 * the first opening only). Without JavaScript the link opens the SVG itself. */
(function () {
  "use strict";
  var PANZOOM_JS = "assets/javascripts/panzoom.min.js";  // scripts/hooks.py PANZOOM_JS
  var library = null;  // the promise of window.Panzoom, once asked for
  var viewer = null;   // { dialog, stage, image, caption, trigger, panzoom }

  function root() {  // the site's root, from Material's __md_scope (works offline too)
    return typeof window.__md_scope !== "undefined" ? String(window.__md_scope) : location.href;
  }

  function loadLibrary() {
    if (!library) {
      library = new Promise(function (resolve, reject) {
        if (window.Panzoom) return resolve(window.Panzoom);
        var tag = document.createElement("script");
        tag.src = new URL(PANZOOM_JS, root()).href;
        tag.onload = function () { resolve(window.Panzoom); };
        tag.onerror = function () { library = null; reject(new Error("cannot load " + tag.src)); };
        document.head.appendChild(tag);
      });
    }
    return library;
  }

  // --- The cue on figures wider than their column ------------------------------------

  function measure(box) {
    var over = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("diagram--overflows", over);
    box.classList.toggle("diagram--end", over && box.scrollLeft + box.clientWidth >= box.scrollWidth - 2);
  }

  var resized = typeof ResizeObserver === "function" &&
    new ResizeObserver(function (entries) { entries.forEach(function (e) { measure(e.target); }); });

  function mount() {
    document.querySelectorAll(".diagram__scroll").forEach(function (box) {
      if (box.dataset.measured) return;
      box.dataset.measured = "true";
      box.querySelectorAll("a.diagram__image").forEach(function (a) { a.setAttribute("aria-haspopup", "dialog"); });
      box.addEventListener("scroll", function () { measure(box); }, { passive: true });
      if (resized) resized.observe(box); else measure(box);  // observe() also measures now
    });
  }

  // --- The viewer ---------------------------------------------------------------------

  function button(label, text, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "diagram-viewer__button";
    b.setAttribute("aria-label", label);
    b.title = label;
    b.textContent = text;
    b.addEventListener("click", action);
    return b;
  }

  function build() {
    var dialog = document.createElement("dialog");
    dialog.className = "diagram-viewer";
    dialog.setAttribute("aria-labelledby", "diagram-viewer-caption");
    dialog.setAttribute("aria-describedby", "diagram-viewer-help");
    var bar = document.createElement("div");
    bar.className = "diagram-viewer__bar";
    var help = document.createElement("p");
    help.id = "diagram-viewer-help";
    help.className = "diagram-viewer__help";
    help.textContent = window.matchMedia("(pointer: coarse)").matches
      ? "Pinch or double-tap to zoom, drag to move."
      : "Scroll or press + and − to zoom, drag or use the arrow keys to move, 0 to fit.";
    // Never animated: Panzoom's "contain" measures the element mid-transition and would
    // then keep a wrong scale (pressing 0 during a zoom left it zoomed).
    var now = { animate: false };
    var zoom = function (how) { return function () { if (viewer.panzoom) viewer.panzoom[how](now); }; };
    var close = button("Close the diagram", "×", function () { dialog.close(); });
    close.autofocus = true;
    bar.append(help, button("Zoom out", "−", zoom("zoomOut")), button("Zoom in", "+", zoom("zoomIn")),
               button("Fit to screen", "Fit", zoom("reset")), close);
    var stage = document.createElement("div");
    stage.className = "diagram-viewer__stage";
    var image = document.createElement("img");
    image.className = "diagram-viewer__image";
    image.decoding = "async";
    stage.appendChild(image);
    var caption = document.createElement("p");
    caption.id = "diagram-viewer-caption";
    caption.className = "diagram-viewer__caption";
    dialog.append(bar, stage, caption);
    document.body.appendChild(dialog);

    dialog.addEventListener("keydown", function (event) {
      var pz = viewer.panzoom, step = 60;
      event.stopPropagation();  // keep Material's shortcuts (n, p, s, /) off the page behind
      if (!pz || event.altKey || event.ctrlKey || event.metaKey) return;
      var keys = {
        "+": function () { pz.zoomIn(now); }, "=": function () { pz.zoomIn(now); },
        "-": function () { pz.zoomOut(now); }, "_": function () { pz.zoomOut(now); },
        "0": function () { pz.reset(now); },
        ArrowLeft: function () { pz.pan(step, 0, { relative: true }); },
        ArrowRight: function () { pz.pan(-step, 0, { relative: true }); },
        ArrowUp: function () { pz.pan(0, step, { relative: true }); },
        ArrowDown: function () { pz.pan(0, -step, { relative: true }); },
      };
      if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
    });
    stage.addEventListener("wheel", function (event) {
      if (viewer.panzoom) viewer.panzoom.zoomWithWheel(event);
    }, { passive: false });
    stage.addEventListener("dblclick", function (event) {
      if (viewer.panzoom) viewer.panzoom.zoomToPoint(viewer.panzoom.getScale() * 2, event, now);
    });
    dialog.addEventListener("close", function () {
      if (viewer.panzoom) { viewer.panzoom.destroy(); viewer.panzoom = null; }
      image.removeAttribute("style");
      if (viewer.trigger && viewer.trigger.isConnected) viewer.trigger.focus();
    });
    window.addEventListener("popstate", function () { if (dialog.open) dialog.close(); });
    return { dialog: dialog, stage: stage, image: image, caption: caption };
  }

  /** The figure's link shown in the current palette (the other one is display: none). */
  function shownLink(figure, fallback) {
    var links = figure.querySelectorAll("a.diagram__image");
    for (var i = 0; i < links.length; i++) if (links[i].getClientRects().length) return links[i];
    return fallback;
  }

  function open(link) {
    var figure = link.closest("figure.diagram");
    var shown = shownLink(figure, link);
    var img = shown.querySelector("img");
    var caption = figure.querySelector("figcaption");
    return loadLibrary().then(function (Panzoom) {
      if (!viewer || !viewer.dialog.isConnected) viewer = build();
      viewer.trigger = shown;
      viewer.image.src = shown.href;
      viewer.image.alt = img ? img.alt : "";
      viewer.caption.textContent = caption ? caption.textContent : "";
      viewer.dialog.showModal();
      var size = function (name) { return img && Number(img.getAttribute(name)) || 1; };
      var fit = Math.min(viewer.stage.clientWidth / size("width"), viewer.stage.clientHeight / size("height"), 1);
      // At scale 1 the diagram fits the screen; zoom in up to three times its natural size.
      viewer.panzoom = Panzoom(viewer.image, {
        canvas: true, contain: "outside", minScale: 1, maxScale: Math.max(4, 3 / fit), step: 0.4,
      });
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("figure.diagram a.diagram__image");
    // A click with a modifier (new tab, download) keeps the link's own behaviour.
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    open(link).catch(function () { location.href = link.href; });  // the SVG by itself
  }, true);

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
