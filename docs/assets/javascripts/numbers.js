/* The numbers calculator: change an assumption in a page's Numbers table and every value
 * derived from it, in the table and in the text, is recomputed.
 *
 * The build (scripts/estimates.py) has already checked every unit, so the browser works
 * in base SI magnitudes only: each assumption is a number, each derived value a formula
 * tree over names and unit factors. Display follows the same rules as the build
 * (format_number in estimates.py): significant figures, scale words, thousands separators.
 *
 * Loaded only by pages with a Numbers table, from a <script> inside the page's content, so
 * it runs again after Material's instant navigation; calculators already set up are skipped.
 */
(function () {
  "use strict";

  var WORDS = [[1e9, 1e9, "B"], [1e6, 1e6, "M"], [1e4, 1e3, "k"]];  // [from, divisor, word]
  var FUNCTIONS = {
    min: Math.min, max: Math.max, ceil: Math.ceil, floor: Math.floor,
    round: function (x) { return roundHalfEven(x); }, sqrt: Math.sqrt, log: Math.log,
    log2: Math.log2, log10: Math.log10, exp: Math.exp
  };

  // Python's round() rounds half to even.
  function roundHalfEven(x) {
    var r = Math.round(x);
    return (Math.abs(x % 1) === 0.5 && r % 2 !== 0) ? r - 1 : r;
  }

  function evaluate(tree, lookup) {
    if (typeof tree === "number") return tree;
    var op = tree[0];
    if (op === "name") return lookup(tree[1]);
    if (op === "neg") return -evaluate(tree[1], lookup);
    if (op === "call") {
      var args = tree.slice(2).map(function (t) { return evaluate(t, lookup); });
      return FUNCTIONS[tree[1]].apply(null, args);
    }
    var a = evaluate(tree[1], lookup), b = evaluate(tree[2], lookup);
    switch (op) {
      case "+": return a + b;
      case "-": return a - b;
      case "*": return a * b;
      case "/": return a / b;
      case "**": return Math.pow(a, b);
    }
    throw new Error("unknown operation " + op);
  }

  // Every name's base magnitude; `inputs` overrides assumptions (the build rules out cycles).
  function compute(model, inputs) {
    var values = {};
    function value(name) {
      if (!(name in values)) {
        var entry = model[name];
        values[name] = name in inputs ? inputs[name] : "v" in entry ? entry.v : evaluate(entry.t, value);
      }
      return values[name];
    }
    Object.keys(model).forEach(value);
    return values;
  }

  // Significant figures, half away from zero, trailing zeros dropped (estimates._round).
  function round(x, digits, scientificFrom) {
    if (x === 0) return "0";
    if (Math.abs(Number(x.toPrecision(digits))) >= scientificFrom) {
      var parts = x.toExponential(digits - 1).split("e+");
      return parts[0].replace(/\.?0+$/, "") + "e" + parts[1];
    }
    var fixed = Number(x.toPrecision(digits));
    var places = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(fixed))));
    return fixed.toFixed(Math.min(places, 20)).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  }

  function group(text) {
    if (/e/.test(text)) return text;
    var sign = text.charAt(0) === "-" ? "-" : "";
    var parts = text.replace("-", "").split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return sign + parts.join(".");
  }

  function superscript(n) {
    var map = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
    return String(n).split("").map(function (c) { return map[c]; }).join("");
  }

  // Time units written as words take a plural: "10 minutes", "1 hour", "3.5 days".
  var PLURAL = ["second", "minute", "hour", "day", "week", "month", "year"];
  function suffix(label, plural) {
    if (!label || label.indexOf("USD") === 0) return "";
    if (plural && PLURAL.indexOf(label) >= 0) label += "s";
    return label === "%" ? label : " " + label;
  }

  function format(magnitude, factor, label, words, digits) {
    var x = magnitude / factor, word = "";
    if (!isFinite(x)) return "—";
    var text = round(x, digits, words ? 1e12 : 1e15);
    if (/e/.test(text)) {
      var parts = text.split("e");
      return (parts[0] === "1" ? "" : parts[0] + " × ") + "10" + superscript(parseInt(parts[1], 10)) + suffix(label, true);
    }
    if (words) {
      for (var i = 0; i < WORDS.length; i++) {
        if (Math.abs(x) >= WORDS[i][0] * 0.9995) { x = x / WORDS[i][1]; word = " " + WORDS[i][2]; break; }
      }
    }
    // A whole number below 10,000 is shown whole: 8,192 tokens, 1,422 GPUs.
    // Nearly whole counts as whole (floating-point noise), exactly as in Python.
    var whole = Math.abs(x) < 1e4 && Math.abs(x - Math.round(x)) < 1e-9 * Math.max(1, Math.abs(x));
    text = group(whole ? String(Math.round(x)) : round(x, digits, Infinity));
    if (label.indexOf("USD") === 0) {  // -$10.5, not $-10.5
      var sign = text.charAt(0) === "-" ? "-" : "";
      return sign + "$" + text.slice(sign.length) + word + label.slice(3);
    }
    return text + word + suffix(label, text + word !== "1");
  }

  // What a reader may type: 3,000,000,000 or 3e9 or 3 B; 250 k; 1.5 × 10¹³; 0.05.
  var SUPERSCRIPT = { "⁰": 0, "¹": 1, "²": 2, "³": 3, "⁴": 4, "⁵": 5, "⁶": 6, "⁷": 7, "⁸": 8, "⁹": 9, "⁻": "-" };
  var SCALE = { k: 1e3, M: 1e6, B: 1e9 };
  function parseInput(text) {
    var cleaned = String(text).replace(/[,\s_]/g, "")
      .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]/g, function (c) { return SUPERSCRIPT[c]; })
      .replace(/^10(?=[-\d])/, "1×10").replace(/[×x*]10\^?/, "e");
    var match = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)([kMB]?)$/.exec(cleaned);
    if (!match) return NaN;
    return parseFloat(match[1]) * (match[2] ? SCALE[match[2]] : 1);
  }

  // One calculator per page: a page can hold several Numbers tables (its own and the
  // shared constants), and a value in one may depend on an input in another.
  function setUp(article) {
    var calcs = article.querySelectorAll(".nb-calc[data-model]");
    if (!calcs.length || article.dataset.nbReady) return;
    article.dataset.nbReady = "1";
    var model = {};
    calcs.forEach(function (calc) {
      var part = JSON.parse(calc.dataset.model);
      Object.keys(part).forEach(function (name) { model[name] = part[name]; });
      calc.dataset.ready = "1";
    });
    var inputs = article.querySelectorAll(".nb-calc input[data-n]");
    var resets = article.querySelectorAll(".nb-reset");

    function update() {
      var overrides = {}, changed = false;
      inputs.forEach(function (input) {
        var shown = parseInput(input.value);
        var valid = !isNaN(shown);
        input.setAttribute("aria-invalid", valid ? "false" : "true");
        if (valid && shown !== parseInput(input.defaultValue)) {
          overrides[input.dataset.n] = shown * parseFloat(input.dataset.f);
          changed = true;
        }
      });
      var values = compute(model, overrides);
      article.querySelectorAll(".nb[data-n]").forEach(function (el) {
        if (!(el.dataset.n in values)) return;
        if (el.dataset.original === undefined) el.dataset.original = el.textContent;
        // With nothing changed, show the build's own text: recomputing in another order
        // could round a value that sits on a tie the other way.
        var text = !changed ? el.dataset.original :
          format(values[el.dataset.n], parseFloat(el.dataset.f), el.dataset.l,
                 el.dataset.w === "1", parseInt(el.dataset.d, 10));
        el.textContent = text;
        el.classList.toggle("nb-changed", text !== el.dataset.original);
      });
      resets.forEach(function (reset) { reset.hidden = !changed; });
    }

    function mirror(source) {  // the same name can have an input in two tables
      inputs.forEach(function (input) {
        if (input !== source && input.dataset.n === source.dataset.n) input.value = source.value;
      });
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", function () { mirror(input); update(); });
      input.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { input.value = input.defaultValue; mirror(input); update(); }
      });
    });
    // A value in the text, or a link to a row, opens the table at that row.
    function show(row, smooth) {
      var details = row.closest("details");
      if (details) details.open = true;
      row.scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "center" });
      row.classList.add("nb-target");
      setTimeout(function () { row.classList.remove("nb-target"); }, 2000);
    }
    article.addEventListener("click", function (event) {
      var cited = event.target.closest && event.target.closest(".nb[data-row]");
      var row = cited && document.getElementById(cited.dataset.row);
      if (row) show(row, true);
    });
    var target = /^#n-/.test(location.hash) && document.getElementById(location.hash.slice(1));
    if (target) show(target, false);
    resets.forEach(function (reset) {
      reset.addEventListener("click", function () {
        inputs.forEach(function (input) { input.value = input.defaultValue; });
        update();
      });
    });
  }

  function run() {
    var calc = document.querySelector(".nb-calc[data-model]");
    if (calc) setUp(calc.closest("article") || document.body);
  }

  window.mlsdNumbers = { format: format, compute: compute, run: run };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
