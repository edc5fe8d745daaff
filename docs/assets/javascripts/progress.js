/* Reading progress, kept only in this browser's localStorage: no server, no tracking.
 *
 * - Every guide page (framework, case study, concept, practice) gets a "Mark page as
 *   done" toggle under its title.
 * - Every practice question (a collapsible `??? question` block) gets a checkbox.
 * - An element with id="progress-summary" is filled with a count of what is done.
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
  function pageKey() {
    return location.pathname.replace(/\/index\.html$/, "/");
  }
  function toggle(id, done) {
    var state = load();
    if (done) { state[id] = Date.now(); } else { delete state[id]; }
    save(state);
    summarise();
  }

  function pageToggle(article) {
    var title = article.querySelector("h1");
    if (!title || !SECTIONS.test(location.pathname) || article.querySelector(".progress-toggle")) return;
    var id = "page:" + pageKey();
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

  function questionBoxes(article) {
    var questions = article.querySelectorAll("details.question > summary");
    questions.forEach(function (summary, index) {
      if (summary.querySelector(".progress-check")) return;
      var details = summary.parentElement;
      var id = "question:" + pageKey() + "#" + (details.id || index);
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "progress-check";
      box.setAttribute("aria-label", "Mark this question as practised");
      box.checked = !!load()[id];
      box.addEventListener("click", function (event) { event.stopPropagation(); });
      box.addEventListener("change", function () { toggle(id, box.checked); });
      summary.insertBefore(box, summary.firstChild);
    });
  }

  function summarise() {
    var target = document.getElementById("progress-summary");
    if (!target) return;
    var ids = Object.keys(load());
    var pages = ids.filter(function (id) { return id.indexOf("page:") === 0; }).length;
    var questions = ids.length - pages;
    target.textContent = "In this browser you have marked " + pages + " page" +
      (pages === 1 ? "" : "s") + " as done and practised " + questions + " question" +
      (questions === 1 ? "" : "s") + ".";
  }

  function mount() {
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    pageToggle(article);
    questionBoxes(article);
    summarise();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mount);
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
})();
