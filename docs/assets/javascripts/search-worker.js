/* The site's search worker: Material's own worker (Lunr.js), with the reader's query
 * rewritten before Lunr sees it. Material lets a site provide its own worker; the build
 * (scripts/hooks.py) publishes this file next to Material's, prefixed with
 *   GUIDE_SEARCH = { worker: "<Material's worker file>", abbreviations: {...} }
 * and points every page's search configuration at it.
 *
 * Material appends a prefix wildcard to every term, so "to" finds "tombstone", "for"
 * finds "forecasting" and "in" is highlighted inside "training". Here, before that:
 *   - stop words are dropped (Lunr's own list), so they neither match nor highlight;
 *   - words of three letters or fewer match whole ("ann" is not "annotation"), with
 *     their plural ("llm" finds "LLMs");
 *   - an American spelling also searches the British one the guide uses
 *     ("personalization" finds "personalisation");
 *   - an expansion also searches its abbreviation ("click-through rate" adds "CTR"),
 *     from the site's one list of abbreviations.
 * A query with Lunr syntax (quotes, +, -, ~, ^, field:) is left to Material as typed.
 *
 * It runs in a Web Worker, or inside the iframe that iframe-worker uses for the offline
 * copy, where importScripts returns a promise: messages wait until Material is loaded.
 */
(function () {
  "use strict";
  var SETUP = 0, QUERY = 2, RESULT = 3;  // Material's message types
  var config = self.GUIDE_SEARCH || { worker: "", abbreviations: {}, demoted: [] };
  var separator = /[\s\u200b\-,:;!=\[\]()"`]+|\.(?!\d)/;  // replaced from the index's config
  var handlers = [], queued = [], loaded = false;
  var added = {};  // the terms the last rewrite added, which the reader did not type
  var typed = "";  // the last query as typed

  // US spellings whose British form the guide uses (suffix rules cover -ize, -yze, -or).
  var WORDS = {
    center: "centre", catalog: "catalogue", modeling: "modelling", modeled: "modelled",
    labeling: "labelling", labeled: "labelled", traveling: "travelling", canceled: "cancelled",
    gray: "grey", program: "programme", defense: "defence", license: "licence"
  };
  function british(word) {
    var found = [];
    if (WORDS[word]) found.push(WORDS[word]);
    var match = /^(.{3,})(iz|yz)(e|es|ed|ing|er|ers|ation|ations)$/.exec(word);
    if (match) {
      found.push(match[1] + match[2].replace("z", "s") + match[3]);
      found.push(match[1] + match[2], match[1] + match[2].replace("z", "s"));  // as prefixes
    }
    match = /^(.{3,}[^aeiou])or(s?)$/.exec(word);  // behavior, neighbor, color (not "vendor")
    if (match && /(behavi|neighb|col|fav|hon|lab|rum|flav|harb)$/.test(match[1])) {
      found.push(match[1] + "our" + match[2]);
    }
    return found;
  }

  var phrases = Object.keys(config.abbreviations).map(function (short) {
    var words = config.abbreviations[short].toLowerCase().split(separator).filter(Boolean);
    return { words: words, short: short.toLowerCase() };
  });

  function isStopWord(word) {
    return !!self.lunr && typeof self.lunr.stopWordFilter === "function" &&
      self.lunr.stopWordFilter(word) === undefined;
  }

  function stem(word) {
    if (!self.lunr || typeof self.lunr.stemmer !== "function") return word;
    return self.lunr.stemmer(new self.lunr.Token(word, {})).toString();
  }

  /** A plural's singular ("questions" → "question"), or null. */
  function singular(word) {
    if (word.length < 5 || /(ss|us|is)$/.test(word)) return null;
    if (/ies$/.test(word)) return word.slice(0, -3) + "y";
    if (/(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
    return /s$/.test(word) ? word.slice(0, -1) : null;
  }

  /** One word the reader means as Lunr terms: the word (a prefix, or whole when short)
   *  and its singular, weighted 10; and its stem as a prefix weighted 1 when the stem only
   *  trims an ending ("propensity" → "propens", which finds "propensities"), so another
   *  form of the word is found without outranking the word itself. */
  function terms(word) {
    if (isStopWord(word)) return [];
    if (word.length <= 3 && /^[a-z0-9]+$/.test(word)) return [word + "^10", word + "s^10"];
    var found = [word + "*^10"], one = singular(word), root = stem(word);
    if (one) found.push(one + "*^10");
    if (root !== word && root.length >= 4 && word.indexOf(root) === 0 &&
        word.length - root.length <= 3 && /^[a-z]+$/.test(root)) found.push(root + "*^1");
    return found;
  }

  function rewrite(query) {
    added = {};
    typed = String(query);
    if (typeof query !== "string" || /["+~^*]|(^|\s)-|\w:/.test(query)) return query;
    var words = query.toLowerCase().split(separator).filter(Boolean);
    var out = [];
    words.forEach(function (word) {
      out = out.concat(terms(word));
      british(word).forEach(function (variant) { out = out.concat(terms(variant)); });
    });
    var text = " " + words.join(" ") + " ";
    phrases.forEach(function (phrase) {
      if (phrase.words.length > 1 && text.indexOf(" " + phrase.words.join(" ") + " ") >= 0) {
        out = out.concat(terms(phrase.short));
      }
    });
    var seen = {};
    out = out.filter(function (term) { return !seen[term] && (seen[term] = true); });
    out.forEach(function (term) {
      var bare = term.replace(/\^1?0?$/, "").replace(/\*$/, "");
      if (words.indexOf(bare) < 0) added[bare] = true;
    });
    return out.join(" ");
  }

  /** The glossary defines every term once, so for most terms its entry matches best;
   *  but the page whose subject the term is should lead. The glossary's entry is never
   *  first, then, unless the query names the glossary; it stays second. */
  function demote(items, query) {
    var bare = function (location) { return location.split("#")[0].replace(/(\.html|\/)$/, ""); };
    var first = items[0] && items[0][0];
    var page = first ? bare(first.location) : "";  // "concepts/glossary", also offline
    if (items.length > 1 && config.demoted.map(bare).indexOf(page) >= 0 &&
        query.toLowerCase().indexOf(page.split("/").pop()) < 0) {
      items.splice(1, 0, items.shift());
    }
  }

  /** Material lists query terms a result lacks as "Missing"; not the ones added here. */
  function tidy(message) {
    if (message && message.type === RESULT && message.data && message.data.items) {
      demote(message.data.items, typed);
      message.data.items.forEach(function (group) {
        group.forEach(function (item) {
          Object.keys(item.terms || {}).forEach(function (term) {
            if (added[term] && item.terms[term] === false) delete item.terms[term];
          });
        });
      });
    }
    return message;
  }

  function deliver(data) {
    if (data && data.type === SETUP && data.data && data.data.config) {
      separator = new RegExp(data.data.config.separator);
    } else if (data && data.type === QUERY) {
      data = { type: QUERY, data: rewrite(data.data) };
    }
    handlers.forEach(function (handler) { handler({ data: data }); });
  }

  // Material's worker registers its message listener when it loads: collect it, so that
  // every message passes through deliver() first.
  var listen = self.addEventListener.bind(self);
  self.addEventListener = function (type, handler, options) {
    if (type === "message") handlers.push(handler);
    else listen(type, handler, options);
  };
  var post = self.postMessage;
  self.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    args[0] = tidy(message);
    return post.apply(self, args);
  };
  listen("message", function (event) {
    if (loaded) deliver(event.data);
    else queued.push(event.data);
  });

  var here = self.document && self.document.currentScript
    ? self.document.currentScript.src : self.location.href;
  Promise.resolve(importScripts(new URL(config.worker, here).href)).then(function () {
    loaded = true;
    queued.splice(0).forEach(deliver);
  });
})();
