"""Numbers you can re-derive: named, unit-checked estimates that pages cite by name.

A page declares its numbers in one fenced block whose info string is `numbers`; the
block renders as the page's "Numbers" table with a calculator. Each line is one name:

    ```numbers
    # Traffic                                       ← a line starting with '#' is a group
    daily_users = 1e9                # assumption: a large social app
    requests_per_user = 10 / day     # feed opens a day
    qps = daily_users * requests_per_user -> QPS   # mean over the day
    ```

`name = formula [-> display unit]  # reason or source`. A formula with no names in it
is an assumption (the reader can change it in the calculator); any other formula is
derived. Units come from pint (`GB`, `TB/s`, `ms`, `day`, `FLOP`, `MAC`, `USD`, `QPS`,
`percent`), so GB and GB/s, or a day and a second, cannot mix silently; 1 MAC = 2 FLOP.
Shared constants (hardware, bytes per value, bandwidths) live in
`includes/constants.numbers` with the same syntax, and every page uses them by their bare
name. Another page's name is `slug.name`, the slug with `_` for `-`
(`ad_click_prediction.peak_qps`).

Text cites a value as `{{name}}`, `{{name:unit}}` or `{{name:unit:digits}}`, e.g.
`{{peak_qps:QPS}}` → "250 k QPS", `{{index_memory:TB:2}}` → "2.6 TB". The build evaluates
everything with simpleeval over pint quantities (never Python's eval) and fails with
`file:line` on an unknown name, a unit mismatch, a cycle, a division by zero, a name
defined twice or a citation of a name that does not exist.

The expansion is a Python-Markdown extension (`makeExtension`), so it runs under MkDocs and
under any other host of Python-Markdown; `problems()` gives the linter and the build hook
the same errors before anything is written.
"""

from __future__ import annotations

import ast
import functools
import html
import json
import math
import operator
import re
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

import pint
import simpleeval
from markdown import Extension
from markdown.preprocessors import Preprocessor

sys.path.insert(0, str(Path(__file__).resolve().parent))
import content  # noqa: E402

# MkDocs imports this file as `scripts.estimates` (markdown_extensions) and the hooks and
# scripts import it as `estimates`: one module either way, so one unit registry and cache.
sys.modules.setdefault("estimates", sys.modules[__name__])
sys.modules.setdefault("scripts.estimates", sys.modules[__name__])

CONSTANTS = Path("includes") / "constants.numbers"  # relative to the project root
BLOCK_INFO = "numbers"
SHARED_INFO = "numbers-shared"  # an empty block of this name shows the shared constants
CALCULATOR_JS = "assets/javascripts/numbers.js"

# --- units -------------------------------------------------------------------------------

# A registry of only the units estimates need. pint's default registry makes `bit`
# dimensionless (so GB would mix with plain counts) and knows hundreds of units a typo
# could hit (`k` is Boltzmann's constant, `M` a molar); here information is a dimension
# of its own and any other name is an unknown-name error.
UNITS = pint.UnitRegistry(None)
for _definition in """
kilo- = 1e3 = k-
mega- = 1e6 = M-
giga- = 1e9 = G-
tera- = 1e12 = T-
peta- = 1e15 = P-
exa- = 1e18 = E-
milli- = 1e-3 = m-
micro- = 1e-6 = u- = µ-
nano- = 1e-9 = n-
kibi- = 2**10 = Ki-
mebi- = 2**20 = Mi-
gibi- = 2**30 = Gi-
tebi- = 2**40 = Ti-
pebi- = 2**50 = Pi-
second = [time] = s = sec
minute = 60 * second = min
hour = 60 * minute = h = hr
day = 24 * hour = d
week = 7 * day
year = 365.25 * day = a = yr
month = year / 12
bit = [information] = b
byte = 8 * bit = B
FLOP = [compute] = FLOP = flop
MAC = 2 * FLOP = MAC = multiply_accumulate
USD = [currency] = USD = dollar
QPS = 1 / second
percent = 0.01 = %
meter = [length] = m
joule = [energy] = J
watt = joule / second = W
watt_hour = watt * hour = Wh
hertz = 1 / second = Hz
""".strip().splitlines():
    UNITS.define(_definition)
UNIT_ROOTS = {"second", "minute", "hour", "day", "week", "month", "year", "byte", "bit",
              "FLOP", "MAC", "USD", "QPS", "percent", "watt", "watt_hour", "joule", "meter",
              "hertz"}
# Units whose values read best with a scale word (250 k QPS, 1.8 B, $3.2 M), not a prefix.
TIME_WORDS = ("second", "minute", "hour", "day", "week", "month", "year")
PER_TIME_WORDS = [(UNITS.parse_units("1/" + unit), ("an " if unit == "hour" else "a ") + unit)
                  for unit in TIME_WORDS]
# (from, divisor, word): 5,000 stays as it is; 12,000 is 12 k.
SCALE_WORDS = [(1e9, 1e9, "B"), (1e6, 1e6, "M"), (1e4, 1e3, "k")]
# From here up a value is written as a power of ten: 10¹² for counts, 10¹⁵ for units.
SCIENTIFIC_FROM = {True: 1e12, False: 1e15}
# Families shown with an automatic SI prefix when no display unit is given.
AUTO_PREFIX = {"byte": "B", "bit": "bit", "FLOP": "FLOP", "byte/second": "B/s",
               "FLOP/second": "FLOP/s", "bit/second": "bit/s"}
PREFIXES = [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1, "")]
DEFAULT_DIGITS = 3
FUNCTIONS = ("min", "max", "ceil", "floor", "round", "sqrt", "log", "log2", "log10", "exp")

_NAME = r"[a-z_][a-z0-9_]*"
_ENTRY = re.compile(rf"^(?P<name>{_NAME})\s*=\s*(?P<rest>.+)$")
_CITATION = re.compile(rf"\{{\{{\s*(?P<name>{_NAME}(?:\.{_NAME})?)\s*(?P<options>(?::[^:{{}}]*)*)\}}\}}")
_INLINE_CODE = re.compile(r"(`+).+?\1")


class NumbersError(content.ContentError):
    """A problem in a numbers block, a constants file or a citation."""


@dataclass
class Entry:
    name: str  # qualified: "slug.name", or the bare name for a shared constant
    local: str  # as written
    formula: str
    unit: str | None  # display unit, as written after '->'
    reason: str
    group: str
    path: Path
    line: int
    owner: str  # qualifier of the block that defines it ("" for constants)
    tree: ast.AST | None = None
    refs: list[str] = field(default_factory=list)  # qualified names it uses
    value: pint.Quantity | None = None

    @property
    def assumption(self) -> bool:
        return not self.refs


@dataclass(frozen=True)
class Citation:
    """`{{name}}`, `{{name:TB}}`, `{{name:TB:2}}`, `{{name:1/day:bare}}`: options after the
    name are a display unit, a number of significant figures, and `bare` (no unit shown)."""
    name: str
    unit: str | None
    digits: int
    bare: bool
    line: int
    start: int  # offsets in the line
    end: int


def _citation(match: re.Match, line: int) -> Citation:
    unit, digits, bare = None, DEFAULT_DIGITS, False
    for option in (o.strip() for o in match["options"].split(":")[1:]):
        if option.isdigit():
            digits = int(option)
        elif option == "bare":
            bare = True
        elif option:
            unit = option
    return Citation(match["name"], unit, digits, bare, line, match.start(), match.end())


def qualifier(page: content.Page) -> str:
    return page.slug.replace("-", "_")


def block_of(page: content.Page) -> content.CodeBlock | None:
    blocks = [b for b in page.code_blocks if b.info.split()[:1] == [BLOCK_INFO]]
    if len(blocks) > 1:
        raise NumbersError(page.path, blocks[1].line, "a page has one ```numbers block — "
                           "merge this one into the block on line " f"{blocks[0].line}")
    return blocks[0] if blocks else None


def block_lines(page: content.Page, block: content.CodeBlock) -> list[tuple[int, str]]:
    lines = page.body.split("\n")
    first = block.line - page.body_line + 1
    return [(page.body_line + i, lines[i]) for i in range(first, block.end_line - page.body_line)]


# --- parsing -----------------------------------------------------------------------------

def parse_lines(numbered: list[tuple[int, str]], path: Path, owner: str) -> list[Entry]:
    entries: list[Entry] = []
    group = ""
    for number, raw in numbered:
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            if line.startswith((" ", "\t")) and entries:  # an indented comment continues a reason
                entries[-1].reason += " " + line.strip().lstrip("#").strip()
            else:
                group = line.lstrip("# ").strip()
            continue
        match = _ENTRY.match(line.strip())
        if not match:
            raise NumbersError(path, number, f"cannot read '{line.strip()}' — write "
                               "'name = formula  # reason', with a lower-case name such as "
                               "'daily_users = 1e9  # assumption'")
        rest, reason = _split_comment(match["rest"])
        formula, _, unit = rest.partition("->")
        entries.append(Entry(_qualify(owner, match["name"]), match["name"], formula.strip(),
                             unit.strip() or None, reason, group, path, number, owner))
    return entries


def _split_comment(text: str) -> tuple[str, str]:
    """'formula  # reason' → ('formula', 'reason'). A formula holds no '#', so the first
    one starts the reason; any later '#' (in a link's address) stays in it."""
    index = text.find("#")
    if index < 0:
        return text.strip(), ""
    return text[:index].strip(), text[index + 1:].strip()


def _qualify(owner: str, name: str) -> str:
    return f"{owner}.{name}" if owner else name


# --- the model: every name of the site ------------------------------------------------

@dataclass
class Model:
    entries: dict[str, Entry]
    owners: dict[str, content.Page]  # qualifier → page
    _rows: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def entries_of(self, owner: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.owner == owner]

    def rows_on(self, page: content.Page) -> set[str]:
        """The names that have a row in the page's own Numbers tables."""
        if page.src_uri not in self._rows:
            names = set()
            if block_of(page) is not None:
                names = {e.name for e in self.closure(qualifier(page))}
            if any(b.info.strip() == SHARED_INFO for b in page.code_blocks):
                names |= {e.name for e in self.closure("")}
            self._rows[page.src_uri] = names
        return self._rows[page.src_uri]

    def closure(self, owner: str) -> list[Entry]:
        """The page's own entries and, after them, everything they depend on."""
        seen, order = set(), []

        def visit(name):
            if name in seen:
                return
            seen.add(name)
            for ref in self.entries[name].refs:
                visit(ref)
            order.append(name)

        own = self.entries_of(owner)
        for entry in own:
            visit(entry.name)
        own_names = {e.name for e in own}
        return own + [self.entries[n] for n in order if n not in own_names]


def analyse(pages: list[content.Page], root: Path = content.ROOT
            ) -> tuple[Model | None, list[NumbersError]]:
    """Parse, check and evaluate every numbers block and citation of the site, once: the
    evaluated model (None when a block cannot be evaluated) and every problem found."""
    found = _collect(pages, root)
    if isinstance(found, list):
        return None, found
    return found, [error for page in pages for error in check_citations(found, page)]


def load(pages: list[content.Page], root: Path = content.ROOT) -> Model:
    """The evaluated model; the first problem is raised as a NumbersError."""
    model, errors = analyse(pages, root)
    if errors:
        raise errors[0]
    return model


def problems(pages: list[content.Page], root: Path = content.ROOT) -> list[NumbersError]:
    """Every problem in the numbers blocks and citations, for the linter."""
    return analyse(pages, root)[1]


def _collect(pages, root):
    errors: list[NumbersError] = []
    entries: dict[str, Entry] = {}
    owners: dict[str, content.Page] = {}
    sources = []
    constants = Path(root) / CONSTANTS
    if constants.is_file():
        numbered = list(enumerate(constants.read_text(encoding="utf-8").split("\n"), start=1))
        sources.append((numbered, constants, ""))
    for page in pages:
        try:
            block = block_of(page)
        except NumbersError as error:
            errors.append(error)
            continue
        if block is None:
            continue
        owners[qualifier(page)] = page
        sources.append((block_lines(page, block), page.path, qualifier(page)))
    for numbered, path, owner in sources:
        try:
            parsed = parse_lines(numbered, path, owner)
        except NumbersError as error:
            errors.append(error)
            continue
        for entry in parsed:
            if entry.name in entries:
                first = entries[entry.name]
                errors.append(NumbersError(path, entry.line, f"'{entry.local}' is defined twice "
                              f"(first at {content.display_path(first.path)}:{first.line}) — "
                              "keep one definition and cite it"))
                continue
            entries[entry.name] = entry
    shared = {e.name for e in entries.values() if not e.owner}
    for entry in entries.values():
        if entry.owner and entry.local in shared:
            errors.append(NumbersError(entry.path, entry.line, f"'{entry.local}' is already a "
                          f"shared constant in {CONSTANTS} — use it, or pick another name"))
        elif _unit_root(entry.local):
            errors.append(NumbersError(entry.path, entry.line, f"'{entry.local}' is the name of "
                          "a unit — pick a name that says what it counts"))
    for entry in entries.values():
        try:
            _parse_formula(entry, entries, owners)
        except NumbersError as error:
            errors.append(error)
    if errors:
        return errors
    errors += _evaluate_all(entries)
    return errors or Model(entries, owners)


def _unit_root(name: str) -> str | None:
    """The allowed unit root `name` spells (`GB` → 'byte'), or None if it is no such unit."""
    try:
        parsed = UNITS.parse_unit_name(name)
    except (pint.errors.PintError, ValueError, AttributeError):
        return None
    for _prefix, root, _suffix in parsed:
        if root in UNIT_ROOTS:
            return root
    return None


_ALLOWED_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load,
                  ast.Attribute, ast.Call, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow,
                  ast.USub, ast.UAdd)


def _parse_formula(entry: Entry, entries: dict[str, Entry], owners) -> None:
    where = (entry.path, entry.line)
    try:
        tree = ast.parse(entry.formula, mode="eval")
    except SyntaxError as error:
        raise NumbersError(*where, f"formula of '{entry.local}' is not valid ({error.msg}): "
                           f"'{entry.formula}' — use numbers, names, units, + - * / ** "
                           f"and {', '.join(FUNCTIONS)}()") from None
    refs = []
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise NumbersError(*where, f"'{entry.formula}' uses {type(node).__name__}, which a "
                               "formula cannot — use numbers, names, units, + - * / ** and "
                               f"{', '.join(FUNCTIONS)}()")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise NumbersError(*where, f"'{entry.formula}' holds {node.value!r}, not a number")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or \
                    node.keywords:
                raise NumbersError(*where, f"'{ast.unparse(node)}' is not an allowed function "
                                   f"call — use {', '.join(FUNCTIONS)}()")
    for node in _names(tree):
        name = _resolve(node, entry.owner, entries, owners)
        if name is None:
            spelled = ast.unparse(node)
            raise NumbersError(*where, f"unknown name '{spelled}' in the formula of "
                               f"'{entry.local}' — define it in this block, in {CONSTANTS}, "
                               "or write another page's name as slug.name")
        if name is not _UNIT:
            refs.append(name)
    entry.tree, entry.refs = tree, list(dict.fromkeys(refs))


_UNIT = object()


def _names(tree: ast.AST):
    """The Name and slug.name nodes of a formula (not function names)."""
    calls = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            yield node
        elif isinstance(node, ast.Name) and id(node) not in calls | inner:
            yield node


def _resolve(node, owner, entries, owners):
    """Qualified name for a formula's name node, _UNIT for a unit, None when unknown."""
    if isinstance(node, ast.Attribute):
        if not isinstance(node.value, ast.Name):
            return None
        name = f"{node.value.id}.{node.attr}"
        return name if name in entries else None
    if owner and f"{owner}.{node.id}" in entries:
        return f"{owner}.{node.id}"
    if node.id in entries and not entries[node.id].owner:
        return node.id
    if _unit_root(node.id):
        return _UNIT
    return None


def _evaluate_all(entries: dict[str, Entry]) -> list[NumbersError]:
    errors, state = [], {}  # name → "visiting" | "done"

    def visit(name, chain):
        if state.get(name) == "done":
            return True
        entry = entries[name]
        if state.get(name) == "visiting":
            cycle = " → ".join(chain[chain.index(name):] + [name])
            errors.append(NumbersError(entry.path, entry.line, f"cycle: {cycle} — one of these "
                                       "must be an assumption, not a formula"))
            return False
        state[name] = "visiting"
        ok = all(visit(ref, chain + [name]) for ref in entry.refs)
        if ok:
            try:
                entry.value = evaluate(entry, {n: entries[n].value for n in entry.refs})
                check_display_unit(entry)
            except NumbersError as error:
                errors.append(error)
                ok = False
        state[name] = "done"
        return ok

    for name in entries:
        visit(name, [])
    return errors


def _as_plain(x, what):
    q = x if isinstance(x, UNITS.Quantity) else UNITS.Quantity(x)
    if not q.dimensionless:
        raise ValueError(f"{what}() needs a plain number, not {q.units:~}")
    return q.to("dimensionless").magnitude


_FUNCTION_IMPL = {
    "min": min, "max": max,
    "ceil": lambda x: math.ceil(_as_plain(x, "ceil")),
    "floor": lambda x: math.floor(_as_plain(x, "floor")),
    "round": lambda x: round(_as_plain(x, "round")),
    "sqrt": lambda x: x ** 0.5,
    "log": lambda x: math.log(_as_plain(x, "log")),
    "log2": lambda x: math.log2(_as_plain(x, "log2")),
    "log10": lambda x: math.log10(_as_plain(x, "log10")),
    "exp": lambda x: math.exp(_as_plain(x, "exp")),
}


class _Scope:
    """`slug.name` in a formula: an object whose attributes are that page's values."""

    def __init__(self, values):
        self.__dict__.update(values)


def evaluate(entry: Entry, values: dict[str, pint.Quantity]) -> pint.Quantity:
    """Evaluate one formula with simpleeval, names bound to already-evaluated values."""
    names: dict = {}
    for qualified, value in values.items():
        owner, _, local = qualified.rpartition(".")
        if owner == entry.owner or not owner:
            names.setdefault(local, value)
        if owner:
            names.setdefault(owner, {})[local] = value
    names = {k: _Scope(v) if isinstance(v, dict) else v for k, v in names.items()}

    def lookup(node):
        if node.id in names:
            return names[node.id]
        return UNITS.Quantity(1, node.id)

    evaluator = simpleeval.SimpleEval(functions=_FUNCTION_IMPL, names=lookup)
    # simpleeval's guards against huge strings call len(), which a pint scalar refuses;
    # formulas hold only numbers (checked in _parse_formula), so plain arithmetic is safe.
    evaluator.operators.update({ast.Add: operator.add, ast.Mult: operator.mul})
    try:
        result = evaluator.eval(entry.formula)
    except ZeroDivisionError:
        raise NumbersError(entry.path, entry.line, f"division by zero in '{entry.local} = "
                           f"{entry.formula}' — check the divisor's value") from None
    except pint.errors.DimensionalityError as error:
        raise NumbersError(entry.path, entry.line, f"unit mismatch in '{entry.local} = "
                           f"{entry.formula}': cannot combine {_dims(error.units1)} with "
                           f"{_dims(error.units2)} — convert one side (e.g. divide by day "
                           "or multiply by a unit)") from None
    except (ValueError, TypeError, OverflowError, simpleeval.InvalidExpression) as error:
        raise NumbersError(entry.path, entry.line, f"cannot evaluate '{entry.local} = "
                           f"{entry.formula}': {error}") from None
    result = result if isinstance(result, UNITS.Quantity) else UNITS.Quantity(result)
    if not math.isfinite(result.magnitude):
        raise NumbersError(entry.path, entry.line, f"'{entry.local}' is not a finite number")
    return result


def recompute(model: Model, overrides: dict[str, pint.Quantity]) -> dict[str, pint.Quantity]:
    """Every value again, with some assumptions changed (what the calculator does)."""
    values: dict[str, pint.Quantity] = {}

    def value(name):
        if name not in values:
            entry = model.entries[name]
            values[name] = overrides[name] if name in overrides else entry.value \
                if entry.assumption else evaluate(entry, {r: value(r) for r in entry.refs})
        return values[name]

    for name in model.entries:
        value(name)
    return values


def _dims(units) -> str:
    text = f"{UNITS.Unit(units):~}" if units else ""
    return text or "a plain number"


def check_display_unit(entry: Entry) -> None:
    if entry.unit is None:
        return
    try:
        display_factor(entry.value, entry.unit)
    except NumbersError as error:
        raise NumbersError(entry.path, entry.line, f"'{entry.local}' cannot be shown in "
                           f"'{entry.unit}': {error.message}") from None


# --- display -----------------------------------------------------------------------------

def _unit_of(spec: str) -> pint.Unit:
    spec = spec.strip()
    if spec == "%":
        return UNITS.percent
    try:
        unit = UNITS.parse_units(spec)
    except (pint.errors.PintError, ValueError, AttributeError, SyntaxError, TypeError):
        raise NumbersError("", 0, f"'{spec}' is not a unit — write e.g. TB, GB/s, ms, QPS, "
                           "USD, %, 1/day") from None
    return unit


@functools.lru_cache(maxsize=None)
def _display_unit(spec: str) -> tuple:
    """A display unit's dimensions and size in base units (a few dozen specs, asked for
    thousands of times a build)."""
    one = UNITS.Quantity(1, _unit_of(spec))
    return one.dimensionality, one.to_base_units().magnitude


def display_factor(value: pint.Quantity, spec: str) -> float:
    """How many base units one display unit holds; fails when the dimensions differ."""
    dimensionality, factor = _display_unit(spec)
    if dimensionality != value.dimensionality:
        have = display_plan(value, None)["label"] or "a plain number"
        raise NumbersError("", 0, f"it is in {have}, which cannot be shown as {spec} — use a "
                           "unit of the same kind")
    return factor


def base_magnitude(value: pint.Quantity) -> float:
    return float(value.to_base_units().magnitude)


def display_plan(value: pint.Quantity, spec: str | None) -> dict:
    """How to show a value: its unit label, the factor to divide base magnitudes by, and
    whether to use scale words. The browser's calculator receives the same plan.

    Without a display unit, bytes, bits and FLOP get an SI prefix (2.56 TB), a plain
    number gets scale words (1.8 B), anything else keeps the unit it was computed in."""
    if not spec:
        if value.units == UNITS.percent:
            return display_plan(value, "%")
        if value.dimensionless:
            return {"label": "", "factor": 1.0, "words": True}
        for family, symbol in AUTO_PREFIX.items():
            unit = UNITS.parse_units(family)
            if value.dimensionality == UNITS.Quantity(1, unit).dimensionality:
                magnitude = abs(value.to(unit).magnitude)
                prefix = next((p for limit, p in PREFIXES if magnitude >= limit), "")
                return display_plan(value, prefix + symbol)
        return display_plan(value, f"{value.units:~}".replace(" ", ""))
    spec = spec.strip()
    factor = display_factor(value, spec)
    unit = _unit_of(spec)
    per_time = next((words for per, words in PER_TIME_WORDS if unit == per), None)
    if spec.startswith("USD/"):  # dollars per hour, day or month: "$2.5 an hour"
        rate = _unit_of("1/" + spec[4:])
        per_time = "USD " + next((w for per, w in PER_TIME_WORDS if rate == per), "/" + spec[4:])
    words = per_time is not None or spec in ("QPS", "USD") or (
        UNITS.Quantity(1, unit).dimensionless and spec != "%")
    return {"label": per_time or spec, "factor": factor, "words": words}


def format_number(magnitude: float, plan: dict, digits: int = DEFAULT_DIGITS) -> str:
    """'250 k QPS', '2.56 TB', '86,400 s', '$3.2 M', '12%', '3 × 10¹⁵'. Mirrored by numbers.js."""
    x = magnitude / plan["factor"]
    word = ""
    text = _round(x, digits, SCIENTIFIC_FROM[plan["words"]])
    if "e" in text:
        mantissa, exponent = text.split("e")
        head = "" if mantissa == "1" else f"{mantissa} × "
        return f"{head}10{_superscript(int(exponent))}" + _suffix(plan, plural=True)
    if plan["words"]:
        for limit, divisor, name in SCALE_WORDS:
            if abs(x) >= limit * 0.9995:
                x, word = x / divisor, " " + name
                break
    # A whole number below 10,000 is shown whole: 8,192 tokens, 1,422 GPUs.
    # Nearly whole counts as whole, so floating-point noise (6335.999…) cannot turn 6,336
    # into 6,340 in one evaluator and not the other.
    whole = abs(x) < 1e4 and abs(x - round(x)) < 1e-9 * max(1.0, abs(x))
    text = _group(str(int(round(x))) if whole else _round(x, digits))
    if plan["label"].startswith("USD"):  # -$10.5, not $-10.5
        sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
        return f"{sign}${text}{word}{plan['label'][3:]}"
    return text + word + _suffix(plan, plural=text + word != "1")


def _suffix(plan: dict, plural: bool) -> str:
    label = plan["label"]
    if not label or label.startswith("USD"):
        return ""
    if label in TIME_WORDS and plural:  # "10 minutes", "1 hour", "3.5 days"
        label += "s"
    return label if label == "%" else " " + label


def _round(x: float, digits: int, scientific_from: float = 1e15) -> str:
    """x to `digits` significant figures, half away from zero, no trailing zeros;
    '3e15' style from `scientific_from` up."""
    if x == 0:
        return "0"
    exponent = math.floor(math.log10(abs(x)))
    rounded = Decimal(x).quantize(Decimal(1).scaleb(exponent - digits + 1), rounding=ROUND_HALF_UP)
    if abs(rounded) >= Decimal(scientific_from):
        mantissa, power = f"{rounded:.{digits - 1}e}".split("e+")
        return (mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa) + f"e{int(power)}"
    text = f"{rounded:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _group(text: str) -> str:
    """Thousands separators on the integer part: '86400' → '86,400'."""
    if "e" in text:
        return text
    sign = "-" if text.startswith("-") else ""
    whole, dot, fraction = text.lstrip("-").partition(".")
    return sign + f"{int(whole):,}" + dot + fraction


def _superscript(n: int) -> str:
    return str(n).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def show(entry: Entry, spec: str | None = None, digits: int = DEFAULT_DIGITS) -> str:
    plan = display_plan(entry.value, spec if spec is not None else entry.unit)
    return format_number(base_magnitude(entry.value), plan, digits)


def readable(entry: Entry) -> str:
    """The formula as maths: `daily_users × requests_per_user ÷ day`."""
    return _readable(entry.tree.body) if entry.tree else entry.formula


_OPS = {ast.Add: ("+", 1), ast.Sub: ("−", 1), ast.Mult: ("×", 2), ast.Div: ("÷", 2),
        ast.Pow: ("^", 3)}


def _readable(node, parent=0) -> str:
    if isinstance(node, ast.BinOp):
        symbol, rank = _OPS[type(node.op)]
        left = _readable(node.left, rank)
        right = _readable(node.right, rank + (0 if isinstance(node.op, ast.Pow) else 0.5))
        text = f"{left}{symbol}{right}" if symbol == "^" else f"{left} {symbol} {right}"
        return f"({text})" if rank < parent else text
    if isinstance(node, ast.UnaryOp):
        return ("−" if isinstance(node.op, ast.USub) else "") + _readable(node.operand, 3)
    if isinstance(node, ast.Call):
        return f"{node.func.id}(" + ", ".join(_readable(a) for a in node.args) + ")"
    if isinstance(node, ast.Constant):
        return _literal(node.value)
    return ast.unparse(node)


def _literal(value) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1e4:
        exponent = int(math.floor(math.log10(abs(value))))
        mantissa = value / 10 ** exponent
        if mantissa == int(mantissa):
            head = "" if mantissa == 1 else f"{int(mantissa)} × "
            return f"{head}10{_superscript(exponent)}"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return repr(value)


# --- citations ---------------------------------------------------------------------------

def citations(page: content.Page) -> list[Citation]:
    """Every `{{name…}}` in the page's prose (code blocks and inline code excepted)."""
    found = []
    in_code = [(b.line, b.end_line) for b in page.code_blocks] + \
        [(d.line, d.end_line) for d in page.diagrams]
    for number, line in enumerate(page.body.split("\n"), start=page.body_line):
        if any(start <= number <= end for start, end in in_code):
            continue
        masked = _INLINE_CODE.sub(lambda m: " " * len(m[0]), line)
        found += [_citation(match, number) for match in _CITATION.finditer(masked)]
    return found


def resolve_citation(model: Model, page: content.Page, name: str) -> Entry | None:
    own = f"{qualifier(page)}.{name}"
    if own in model.entries:
        return model.entries[own]
    entry = model.entries.get(name)
    return entry


def check_citations(model: Model, page: content.Page) -> list[NumbersError]:
    errors = []
    for cite in citations(page):
        entry = resolve_citation(model, page, cite.name)
        if entry is None:
            errors.append(NumbersError(page.path, cite.line, f"'{{{{{cite.name}}}}}' cites a "
                          "name that does not exist — define it in this page's ```numbers "
                          f"block, in {CONSTANTS}, or cite another page's name as slug.name"))
            continue
        if not 1 <= cite.digits <= 6:
            errors.append(NumbersError(page.path, cite.line, f"'{{{{{cite.name}}}}}' asks for "
                          f"{cite.digits} significant figures — use 1 to 6"))
        if cite.unit:
            try:
                display_factor(entry.value, cite.unit)
            except NumbersError as error:
                errors.append(NumbersError(page.path, cite.line, f"'{{{{{cite.name}:"
                              f"{cite.unit}}}}}': {error.message}"))
    return errors


# --- rendering ---------------------------------------------------------------------------

def _anchor(entry: Entry) -> str:
    return "n-" + entry.name.replace(".", "-").replace("_", "-")


def directory_urls(from_uri: str):
    """Relative addresses from a page to a page (`x.md`) or a file, for directory URLs
    (`a/b.md` is served as `a/b/`). Under MkDocs the extension uses MkDocs' own URLs."""
    depth = len([part for part in content.url_of(from_uri).split("/") if part])
    return lambda target: "../" * depth + (content.url_of(target) if target.endswith(".md")
                                           else target)


def _cited(model: Model, page: content.Page, cite: Citation) -> tuple[Entry, dict, str]:
    entry = resolve_citation(model, page, cite.name)
    plan = display_plan(entry.value, cite.unit if cite.unit is not None else entry.unit)
    if cite.bare:
        plan = dict(plan, label="")
    return entry, plan, format_number(base_magnitude(entry.value), plan, cite.digits)


def citation_text(model: Model, page: content.Page, cite: Citation) -> str:
    return _cited(model, page, cite)[2]


def cite_as_text(model: Model, page: content.Page, markdown: str) -> str:
    """Markdown with each citation replaced by its value as plain text (for copies of a
    page's text outside the site, such as flashcards)."""
    def replace(match):
        cite = _citation(match, 0)
        known = resolve_citation(model, page, cite.name) is not None
        return citation_text(model, page, cite) if known else match[0]
    return _CITATION.sub(replace, markdown)


def citation_html(model: Model, page: content.Page, cite: Citation, rel) -> str:
    """A value in the text. When the page's own Numbers table has its row, a span that the
    calculator updates and that scrolls to the row when clicked; otherwise a link to the
    row on the page that defines it. (Thousands of in-page links would make LinkChecker
    parse each page again for every one of them.)"""
    entry, plan, text = _cited(model, page, cite)
    title = f"{entry.local} = {readable(entry)}" if entry.refs else f"{entry.local}: assumption"
    data = (f' data-n="{entry.name}" data-f="{plan["factor"]!r}" data-l="{html.escape(plan["label"])}"'
            f' data-w="{int(plan["words"])}" data-d="{cite.digits}"')
    # The formula shows on hover from a data attribute (CSS), not a title: Material builds
    # a tooltip component for every [title] in the page, and a page cites hundreds.
    data += f' data-formula="{html.escape(title)}"'
    if entry.name in model.rows_on(page):
        return f'<span class="nb" data-row="{_anchor(entry)}"{data}>{html.escape(text)}</span>'
    owner = model.owners[entry.owner].src_uri if entry.owner else NUMBERS_PAGE
    return f'<a class="nb" href="{rel(owner)}#{_anchor(entry)}"{data}>{html.escape(text)}</a>'


NUMBERS_PAGE = "concepts/numbers-to-know.md"


def table_html(model: Model, page: content.Page, rel, owner: str | None = None) -> str:
    """The Numbers table and its calculator data. `owner` "" renders the shared constants."""
    owner = qualifier(page) if owner is None else owner
    own = model.entries_of(owner)
    used = model.closure(owner)
    rows, group = [], None
    for entry in own:
        if entry.group != group:
            group = entry.group
            if group:
                rows.append(f'<tr class="nb-group"><th colspan="4" scope="colgroup">'
                            f'{html.escape(group)}</th></tr>')
        rows.append(_row(model, page, entry))
    outside = [e for e in used if e.owner != owner]
    if outside:
        rows.append('<tr class="nb-group"><th colspan="4" scope="colgroup">'
                    'Used from other pages and the shared constants</th></tr>')
        rows += [_row(model, page, e) for e in outside]
    data = {e.name: _calc_entry(e) for e in used}
    payload = html.escape(json.dumps(data, separators=(",", ":")))
    script = rel(CALCULATOR_JS)
    label = "Shared constants" if not owner else f"Numbers of {page.title}"
    return "\n".join([
        # Out of the search index: the values stay searchable in the text, and the table's
        # names and formulas would only add weight to the index every reader downloads.
        f'<div class="nb-calc" data-owner="{owner}" data-model="{payload}" data-search-exclude>',
        # Closed until the reader asks (or follows a link to a row): a closed table costs
        # the page no layout, and a case study has a hundred rows.
        f'<details class="nb-details"><summary>All {len(used)} values, with their formulas '
        'and sources: change any assumption and the page follows</summary>',
        '<p class="nb-help">Change any value in an input box: every number derived from it, '
        'in this table and in the text, follows. '
        '<button type="button" class="md-button nb-reset" hidden>Reset to the guide\'s '
        'values</button></p>',
        f'<div class="nb-scroll" tabindex="0" role="region" aria-label="{label}">',
        '<table class="nb-table"><thead><tr><th scope="col">Name</th><th scope="col">Formula'
        '</th><th scope="col">Value</th><th scope="col">Reason or source</th></tr></thead>',
        "<tbody>", *rows, "</tbody></table></div></details>",
        # Inside the content, so Material's instant navigation runs it too.
        f'<script src="{script}" defer></script>',
        "</div>",
    ])


def _row(model: Model, page: content.Page, entry: Entry) -> str:
    """One row, with as few elements as will do: LinkChecker parses a page once for every
    anchor pointing at it, so each tag here costs the link check dozens of times over."""
    plan = display_plan(entry.value, entry.unit)
    text = format_number(base_magnitude(entry.value), plan)
    name = entry.name if entry.owner != qualifier(page) else entry.local
    if entry.assumption:
        value = (f'<td class="nb-input"><input type="text" inputmode="decimal" '
                 f'data-n="{entry.name}" data-f="{plan["factor"]!r}" '
                 f'value="{format_number(base_magnitude(entry.value), dict(plan, label=""), 6)}" '
                 f'aria-label="{html.escape(entry.local)} in {html.escape(plan["label"] or "units")}"'
                 f'> {html.escape(plan["label"])}</td>')
        formula = '<td class="nb-kind">' + ("assumption" if entry.owner == qualifier(page)
                                             else "shared constant" if not entry.owner
                                             else "assumption of another page") + "</td>"
    else:
        value = (f'<td><output class="nb" data-n="{entry.name}" data-f="{plan["factor"]!r}" '
                 f'data-l="{html.escape(plan["label"])}" data-w="{int(plan["words"])}" '
                 f'data-d="{DEFAULT_DIGITS}">{html.escape(text)}</output></td>')
        formula = f'<td class="nb-formula">{html.escape(readable(entry))}</td>'
    return (f'<tr id="{_anchor(entry)}"><td class="nb-name">{html.escape(name)}</td>'
            f'{formula}{value}<td>{_inline(entry.reason)}</td></tr>')


_MD_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)")


def _inline(text: str) -> str:
    """A reason as HTML: escaped, with [text](https://…) links."""
    out, last = [], 0
    for match in _MD_LINK.finditer(text):
        out.append(html.escape(text[last:match.start()]))
        out.append(f'<a href="{html.escape(match["url"])}">{html.escape(match["text"])}</a>')
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _calc_entry(entry: Entry) -> dict:
    """What the browser needs: a literal's base magnitude, or the formula as a tree."""
    if entry.assumption:
        return {"v": base_magnitude(entry.value)}
    return {"t": _tree(entry.tree.body, entry)}


def _tree(node, entry: Entry):
    if isinstance(node, ast.BinOp):
        op = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
        return [op[type(node.op)], _tree(node.left, entry), _tree(node.right, entry)]
    if isinstance(node, ast.UnaryOp):
        return ["neg", _tree(node.operand, entry)] if isinstance(node.op, ast.USub) \
            else _tree(node.operand, entry)
    if isinstance(node, ast.Call):
        return ["call", node.func.id, *[_tree(a, entry) for a in node.args]]
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Attribute):  # another page's name, slug.name
        return ["name", f"{node.value.id}.{node.attr}"]
    for qualified in (_qualify(entry.owner, node.id), node.id):  # this page's, then shared
        if qualified in entry.refs:
            return ["name", qualified]
    return float(UNITS.Quantity(1, node.id).to_base_units().magnitude)  # a unit


def expand(model: Model, page: content.Page, markdown: str, rel=None) -> str:
    """Replace citations with values and the numbers block with its table. `rel` gives the
    relative address of a page or file from this page (directory URLs by default)."""
    rel = rel or directory_urls(page.src_uri)
    block = block_of(page)
    lines = markdown.split("\n")
    # The markdown handed to us may differ from the file (hooks expand other blocks), so
    # find the numbers fence by its text rather than by line.
    if block is not None:
        fence = "\n".join(line for _n, line in block_lines(page, block))
        start = next((i for i, line in enumerate(lines) if line.strip().startswith("```")
                      and line.strip()[3:].split()[:1] == [BLOCK_INFO]), None)
        if start is not None:
            end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == "```")
            if "\n".join(lines[start + 1:end]) == fence:
                lines[start:end + 1] = ["", table_html(model, page, rel), ""]
    shared = next((i for i, line in enumerate(lines) if line.strip() == "```" + SHARED_INFO),
                  None)
    if shared is not None:
        lines[shared:shared + 2] = ["", table_html(model, page, rel, owner=""), ""]
    text = "\n".join(lines)
    return _replace_citations(model, page, text, rel)


def _replace_citations(model: Model, page: content.Page, text: str, rel) -> str:
    out, fence = [], None
    for line in text.split("\n"):
        stripped = line.strip()
        if fence:
            out.append(line)
            if stripped.startswith(fence) and stripped.strip("`~") == "":
                fence = None
            continue
        opening = re.match(r"^\s*(`{3,}|~{3,})", line)
        if opening:
            fence = opening[1]
            out.append(line)
            continue
        pieces, last = [], 0
        # A heading or an admonition's quoted title gets the value as plain text: markup
        # there would break the title's quotes or the table of contents.
        plain = stripped.startswith(("#", "!!!", "???"))
        masked = _INLINE_CODE.sub(lambda m: " " * len(m[0]), line)
        for match in _CITATION.finditer(masked):
            cite = _citation(match, 0)
            if resolve_citation(model, page, cite.name) is None:
                continue  # not a citation we know (problems() reports those in the prose)
            pieces.append(line[last:match.start()])
            pieces.append(citation_html(model, page, cite, rel) if not plain else
                          html.escape(citation_text(model, page, cite)))
            last = match.end()
        out.append("".join(pieces) + line[last:])
    return "\n".join(out)


# --- the Markdown extension --------------------------------------------------------------

@lru_cache(maxsize=4)
def _site(docs_dir: str, root: str, stamp: tuple):
    pages = content.iter_pages(Path(docs_dir))
    model, errors = analyse(pages, Path(root))
    return model, {p.src_uri: p for p in pages}, errors


def site_model(docs_dir: Path, root: Path) -> tuple[Model | None, dict, list[NumbersError]]:
    """The whole site's model, its pages by `src_uri` and its problems, evaluated once and
    cached until a page or the constants change: the build hook checks it before anything
    is written, and the extension then renders every page from the same model."""
    files = sorted(Path(docs_dir).rglob("*.md")) + [Path(root) / CONSTANTS]
    stamp = tuple((str(f), f.stat().st_mtime_ns) for f in files if f.exists())
    return _site(str(docs_dir), str(root), stamp)


class _NumbersPreprocessor(Preprocessor):
    def __init__(self, md, extension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines):
        docs_dir, root, src_uri, rel = self.extension.location(self.md)
        if docs_dir is None:
            return lines
        model, pages, errors = site_model(docs_dir, root)
        if errors:  # under MkDocs the hook has already stopped the build with all of them
            raise errors[0]
        page = pages.get(src_uri)
        if page is None:
            return lines
        return expand(model, page, "\n".join(lines), rel).split("\n")


class NumbersExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"docs_dir": ["docs", "the folder of the pages"],
                       "root": [".", "the project root (holds includes/constants.numbers)"]}
        super().__init__(**kwargs)

    def location(self, md):
        """(docs_dir, project root, page's path under docs/) of the page being converted.
        Under MkDocs the page comes from its own link processor; elsewhere set them."""
        relpath = md.treeprocessors["relpath"] if "relpath" in md.treeprocessors else None
        file = getattr(relpath, "file", None)
        config = getattr(relpath, "config", None)
        if file is None:
            return None, None, None, None
        if config is not None:
            docs_dir = Path(config["docs_dir"])
            root = Path(config["config_file_path"]).parent
        else:
            docs_dir, root = Path(self.getConfig("docs_dir")), Path(self.getConfig("root"))
        files = getattr(relpath, "files", None)

        def rel(target: str) -> str:  # MkDocs' own URLs (directory or .html, as configured)
            from mkdocs.utils import get_relative_url
            found = files.get_file_from_path(target) if files and target.endswith(".md") else None
            url = found.url if found else target
            return get_relative_url(url, file.url)

        return docs_dir, root, file.src_uri, rel

    def extendMarkdown(self, md):
        # Before snippets (32) and superfences (25), so the numbers fence is ours.
        md.preprocessors.register(_NumbersPreprocessor(md, self), "numbers", 33)


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    return NumbersExtension(**kwargs)


# --- command line ------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    """`python scripts/estimates.py [PAGE ...]`: every name of those pages (default: the
    shared constants) with its formula and value as the reader sees it; problems first."""
    pages = content.iter_pages()
    found, errors = analyse(pages)
    for error in errors:
        print(error, file=sys.stderr)
    if found is None:
        return 1
    wanted = [content.read_page(Path(arg)) for arg in argv[1:]]
    owners = [qualifier(page) for page in wanted] or [""]
    for owner in owners:
        for entry in found.entries_of(owner):
            formula = "assumption" if entry.assumption else readable(entry)
            print(f"{content.display_path(entry.path)}:{entry.line}: {entry.local} = "
                  f"{show(entry)}    [{formula}]")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
