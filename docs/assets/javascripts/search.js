/* The search index is requested when the reader turns to search, not on page load.
 *
 * Material fetches the index (about a third of the bytes a first visit costs) as soon
 * as any page opens, except from file://, where it waits for the search dialog. This
 * gives a served site the same: the index request Material makes is held back until
 * the reader focuses the search box (the search icon and the / and s shortcuts focus
 * it) or opens the search dialog, and is sent at once when the address asks for search
 * (?q=, a shared search) or for highlighting (?h=, arriving from a result).
 *
 * It wraps XMLHttpRequest, the only way Material requests the index; should a Material
 * release use another, the index simply loads early again, and the browser test that
 * counts requests on page load says so.
 */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(\?|#|$)/;
  var held = [], wanted = false;
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;

  XMLHttpRequest.prototype.open = function (method, url) {
    this.guideSearchIndex = INDEX.test(new URL(String(url), location.href).pathname);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.guideSearchIndex && !wanted) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }

  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.classList && event.target.classList.contains("md-search__input")) want();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) want();
  }, true);
  var params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) want();
})();
