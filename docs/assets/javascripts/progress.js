/* Reading progress, kept only in this browser's localStorage: no server, no tracking.
 *
 * - Every guide page (framework, case study, concept, practice) gets a "Mark page as
 *   done" toggle under its title.
 * - Links to done pages get a tick: in the navigation, and in the generated indexes
 *   (elements with class "progress-links": the case-study catalogue, the concept index).
 * - The element id="progress-summary" (generated on the practice page, with every page
 *   of each kind in data-pages) shows totals per kind and suggests the next page.
 *
 * Runs on every page view, including instant navigation (Material's document$).
 */
(function () {
  "use strict";
  var KEY = "mlsd-progress-v1";
  var SECTIONS = /\/(framework|case-studies|concepts|practice)\//;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* storage off */ }
  }
  /** The key of a page: its path, the same whether or not it ends in index.html. */
  function pathKey(path) {
    return "page:" + path.replace(/index\.html$/, "");
  }
  function root() {  // the site's root, from Material's __md_scope (set once per load)
    return typeof window.__md_scope !== "undefined" ? String(window.__md_scope) : location.href;
  }
  function toggle(id, done) {
    var state = load();
    if (done) { state[id] = Date.now(); } else { delete state[id]; }
    save(state);
    refresh();
  }

  function pageToggle(article) {
    var title = article.querySelector("h1");
    if (!title || !SECTIONS.test(location.pathname) || article.querySelector(".progress-toggle")) return;
    var id = pathKey(location.pathname);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button progress-toggle";
    function render() {
      var done = !!load()[id];
      button.setAttribute("aria-pressed", done ? "true" : "false");
      button.textContent = done ? "\u2713 Done \u2014 mark as not done" : "Mark page as done";
    }
    button.addEventListener("click", function () {
      toggle(id, !load()[id]);
      render();
    });
    render();
    title.insertAdjacentElement("afterend", button);
  }

  /** Ticks on the links to done pages, in the navigation and in generated indexes. */
  function markLinks() {
    var state = load();
    var links = document.querySelectorAll(".md-nav--primary a.md-nav__link[href], .progress-links a[href]");
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.getAttribute("href"), location.href);
      var done = url.origin === location.origin && !url.hash && !!state[pathKey(url.pathname)];
      var mark = link.querySelector(".progress-mark");
      if (done && !mark) {
        mark = document.createElement("span");
        mark.className = "progress-mark";
        mark.innerHTML = '<span aria-hidden="true">\u2713</span><span class="progress-sr"> (done)</span>';
        (link.querySelector(".md-ellipsis") || link).appendChild(mark);
      } else if (!done && mark) {
        mark.remove();
      }
    });
  }

  function summarise() {
    var target = document.getElementById("progress-summary");
    if (!target || !target.getAttribute("data-pages")) return;
    var state = load(), base = root();
    var groups = JSON.parse(target.getAttribute("data-pages"));
    var order = navOrder();
    groups.forEach(function (group) {  // in reading order: as the navigation lists them
      group.urls.sort(function (a, b) {
        return (order[new URL(a, base).href] || 1e9) - (order[new URL(b, base).href] || 1e9);
      });
    });
    var lines = [], next = null, latest = null;
    groups.forEach(function (group) {
      var done = 0;
      group.urls.forEach(function (url) {
        var key = pathKey(new URL(url, base).pathname);
        if (state[key]) {
          done += 1;
          if (!latest || state[key] > latest.at) latest = { at: state[key], group: group, url: url };
        }
      });
      lines.push(done + " of " + group.urls.length + " " + group.label);
    });
    // Next: the first page not done after the one finished last, in its own kind (from
    // the top of that kind when the last one was its end); else the first page not done
    // in the order of the guide.
    function firstUndone(urls) {
      return urls.filter(function (url) { return !state[pathKey(new URL(url, base).pathname)]; })[0];
    }
    if (latest) {
      var urls = latest.group.urls, at = urls.indexOf(latest.url) + 1;
      next = firstUndone(urls.slice(at).concat(urls.slice(0, at))) || null;
    }
    groups.forEach(function (group) { next = next || firstUndone(group.urls); });
    target.textContent = "";
    var total = document.createElement("p");
    total.textContent = "Done in this browser: " + lines.join(", ") + ".";
    target.appendChild(total);
    if (next) {
      var suggestion = document.createElement("p");
      var link = document.createElement("a");
      link.href = new URL(next, base).href;
      link.textContent = titleOf(link.href) || next;
      suggestion.appendChild(document.createTextNode("Suggested next: "));
      suggestion.appendChild(link);
      target.appendChild(suggestion);
    }
  }

  /** Each page's position in the navigation, by absolute address. */
  function navOrder() {
    var order = {};
    var links = document.querySelectorAll(".md-nav--primary a.md-nav__link[href]");
    Array.prototype.forEach.call(links, function (link, index) {
      var href = new URL(link.getAttribute("href"), location.href).href;
      if (!(href in order)) order[href] = index + 1;
    });
    return order;
  }

  /** A page's title as the navigation shows it. */
  function titleOf(href) {
    var links = document.querySelectorAll(".md-nav--primary a.md-nav__link[href]");
    for (var i = 0; i < links.length; i++) {
      if (new URL(links[i].getAttribute("href"), location.href).href === href) {
        return links[i].textContent.replace("\u2713", "").replace("(done)", "").trim();
      }
    }
    return "";
  }

  function refresh() {
    markLinks();
    summarise();
  }

  function mount() {
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    pageToggle(article);
    refresh();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mount);
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
})();
