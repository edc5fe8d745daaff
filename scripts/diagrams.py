"""Diagrams: assemble, validate and pre-render every Mermaid diagram.

    python scripts/diagrams.py check     conventions + render every stale diagram (CI)
    python scripts/diagrams.py list      every diagram, where it is used, and whether it is fresh
    python scripts/diagrams.py fit [FONT…]  labels that overflow their shapes when drawn with
                                         each FONT (a CSS font-family; default DejaVu Sans and
                                         Liberation Sans) and with the SVGs' own fonts

Every diagram is one `.mmd` file under diagrams/ (or a generated one, see
`scripts/overview.py`). Assembling appends the shared class definitions of
diagrams/classes.yml for a palette ("light" or "dark"). Rendering runs the
locally installed Mermaid in one headless Chromium, one page per palette, and
caches each SVG under .cache/diagrams/ by a hash of everything that shapes it
(assembled source, Mermaid configuration, Mermaid version), so only diagrams
that changed are rendered again. Source files are only ever read.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import content  # noqa: E402
import overview  # noqa: E402

ROOT = content.ROOT
DIAGRAMS_DIR = ROOT / "diagrams"
CLASSES_FILE = DIAGRAMS_DIR / "classes.yml"
CACHE_DIR = Path(os.environ.get("DIAGRAM_CACHE", ROOT / ".cache" / "diagrams"))
MERMAID_DIR = ROOT / "node_modules" / "mermaid"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
THEMES = ("light", "dark")
MAX_NODES = 25
SKETCH_MAX_NODES = 12  # a case study's whiteboard sketch: what a candidate draws in minutes
# Widest natural rendering (px) that stays legible: the content column is about 690 px,
# so a 1,200 px diagram is shown at 57% and its 15 px labels at about 9 px.
COLUMN = 690
MAX_WIDTH = 1200
# Never shown smaller than the widest allowed diagram is in the column: anything wider
# (a phone, or a justified max-width exception) scrolls sideways in its figure instead.
MIN_SCALE = COLUMN / MAX_WIDTH
# About one phone screen of prose: a figure after fewer words than this is loaded eagerly.
FIRST_SCREEN_WORDS = 100
# Labels are drawn by the reader's browser with the reader's fonts (the SVG is an <img>),
# but Mermaid sizes every box by the text widths it measures here. So the layout is
# measured with DejaVu Sans, the widest common sans-serif (about 13% wider than Arial),
# and the SVG then names the display list, every font of which is no wider: each label
# fits with any of them and is a little roomy with the narrower ones. `diagrams.py fit`
# and tests/test_diagrams.py measure that claim. (Needs fonts-dejavu-core at build time.)
MEASURE_FONT = "'DejaVu Sans'"
FONT = "Arial, 'Liberation Sans', Helvetica, 'DejaVu Sans', sans-serif"
BACKGROUND = {"light": "#ffffff", "dark": "#1e2129"}  # Material's default and slate
# Subgraphs: a quiet panel a shade off the page background, in each palette.
CLUSTER = {"light": {"clusterBkg": "#f6f7f9", "clusterBorder": "#c3c9d1"},
           "dark": {"clusterBkg": "#262a33", "clusterBorder": "#5b6472"}}
# Charts (xychart-beta): the page background, and series colours taken from the strokes
# of the shared classes (online, model, actor, monitor), legible in each palette.
def _chart(background: str, ink: str, series: str) -> dict:
    parts = ("title", "xAxisLabel", "xAxisTitle", "xAxisTick", "xAxisLine",
             "yAxisLabel", "yAxisTitle", "yAxisTick", "yAxisLine")
    return {"backgroundColor": background, "plotColorPalette": series,
            **{f"{part}Color": ink for part in parts}}


CHART = {"light": _chart(BACKGROUND["light"], "#1f2933", "#1f5fbf, #2e7d45, #b35c00, #c0392b"),
         "dark": _chart(BACKGROUND["dark"], "#eef1f4", "#7ab3ff, #72d08f, #ffb366, #ff8a80")}
GUIDE = "docs/contribute/style-guide.md#diagrams"

# Diagram types whose nodes take classes; the others get no classDef lines.
CLASSED_KINDS = {"flowchart", "graph", "stateDiagram", "stateDiagram-v2"}

_ACC_TITLE = re.compile(r"^[ \t]*accTitle[ \t]*:[ \t]*(?P<value>.+?)[ \t]*$", re.M)
_ACC_DESCR = re.compile(r"^[ \t]*accDescr[ \t]*(?::[ \t]*(?P<line>.+?)[ \t]*$|\{(?P<block>[^}]*)\})", re.M)
# "%% max-nodes: 30 — reason" / "%% max-width: 1600 — reason": a justified exception.
_ALLOWANCE = re.compile(r"^[ \t]*%%[ \t]*max-(?P<what>nodes|width)[ \t]*:[ \t]*(?P<n>\d+)[ \t]*(?P<why>.*)$", re.M)
_CLASS_USE = re.compile(r":::(?P<name>[\w-]+)|^[ \t]*class[ \t]+[^\n]*?[ \t](?P<name2>[\w-]+)[ \t]*;?[ \t]*$", re.M)
_CLASS_DEF = re.compile(r"^[ \t]*classDef\s", re.M)
_ERROR_LINE = re.compile(r"(?:error|Error) on line (\d+)")


class DiagramError(content.ContentError):
    """A problem with a diagram, reported as `path:line: message`."""


def load_classes() -> dict:
    return yaml.safe_load(CLASSES_FILE.read_text(encoding="utf-8"))


def mermaid_version() -> str:
    package = MERMAID_DIR / "package.json"
    if not package.exists():
        raise SystemExit("Mermaid is not installed: run 'make setup' (npm ci) first.")
    return json.loads(package.read_text())["version"]


def _style(spec: str) -> dict[str, str]:
    """'fill:#e3f0ff,stroke:#1f5fbf,color:#0b2447' → {'fill': '#e3f0ff', …}."""
    return dict(part.split(":", 1) for part in spec.split(",") if ":" in part)


def sequence_colours(theme: str, classes: dict) -> dict[str, str]:
    """Sequence diagrams take no classes, so they borrow the legend's colours: every
    participant is a step of the online request path, and notes are neutral (the
    default yellow note would read as a data store)."""
    online, note = _style(classes["online"][theme]), _style(classes["data"][theme])
    return {"actorBkg": online["fill"], "actorBorder": online["stroke"],
            "actorTextColor": online["color"], "actorLineColor": CLUSTER[theme]["clusterBorder"],
            "noteBkgColor": note["fill"], "noteBorderColor": note["stroke"],
            "noteTextColor": note["color"]}


def mermaid_config(theme: str, classes: dict) -> dict:
    """The configuration a palette renders with (part of every cache key)."""
    return {
        "startOnLoad": False,
        "securityLevel": "strict",
        "theme": "default" if theme == "light" else "dark",
        "fontFamily": MEASURE_FONT,
        "themeVariables": {"fontFamily": MEASURE_FONT, "fontSize": "15px", **CLUSTER[theme],
                           **sequence_colours(theme, classes),
                           "xyChart": CHART[theme]},
        "htmlLabels": False,
        # Mermaid draws edge labels on a half-transparent box, so the edge shows through
        # the words; an opaque box in the subgraph colour interrupts the line instead.
        "themeCSS": f".edgeLabel rect {{ opacity: 1; fill: {CLUSTER[theme]['clusterBkg']}; }}",
        "flowchart": {"htmlLabels": False, "useMaxWidth": False, "curve": "basis"},
        # Long messages and notes wrap instead of pushing the lifelines apart.
        "sequence": {"useMaxWidth": False, "mirrorActors": False, "wrap": True, "width": 150,
                     "actorMargin": 30},
        "state": {"useMaxWidth": False},
    }


@dataclass
class Diagram:
    """One diagram: a file under diagrams/ or a generated one."""

    name: str  # path under diagrams/, e.g. "case-studies/x/serving.mmd"
    text: str
    source: Path  # the file a person edits to change it

    @property
    def generated(self) -> bool:
        return self.name.startswith(overview.PREFIX)

    @cached_property
    def kind(self) -> str:
        body = re.sub(r"\A---\n.*?\n---\n", "", self.text, flags=re.S)
        for line in body.split("\n"):
            line = line.strip()
            if line and not line.startswith("%%"):
                return line.split()[0]
        return ""

    @cached_property
    def title(self) -> str:
        match = _ACC_TITLE.search(self.text)
        return match["value"] if match else ""

    @cached_property
    def description(self) -> str:
        match = _ACC_DESCR.search(self.text)
        if not match:
            return ""
        return " ".join((match["line"] or match["block"] or "").split())

    def assemble(self, theme: str, classes: dict) -> str:
        """The Mermaid text to render: the source plus the shared class definitions."""
        if self.kind not in CLASSED_KINDS:
            return self.text
        defs = [f"classDef {name} {spec[theme]}" for name, spec in classes.items()]
        return self.text.rstrip("\n") + "\n" + "\n".join(defs) + "\n"

    def digest(self, theme: str, classes: dict, version: str) -> str:
        key = json.dumps([self.assemble(theme, classes), mermaid_config(theme, classes), version,
                          FONT, RENDER_REVISION])
        return hashlib.sha256(key.encode()).hexdigest()[:20]

    def line_of(self, needle: str) -> int:
        for number, line in enumerate(self.text.split("\n"), start=1):
            if needle in line:
                return number
        return 1


@dataclass
class Rendered:
    """A cached SVG and what the renderer measured of it."""

    path: Path
    width: int
    height: int
    nodes: int


def load_diagrams(pages: list[content.Page], classes: dict) -> dict[str, Diagram]:
    """Every diagram file under diagrams/, plus the generated ones, by name."""
    found = {}
    for path in sorted(DIAGRAMS_DIR.rglob("*.mmd")):
        name = path.relative_to(DIAGRAMS_DIR).as_posix()
        found[name] = Diagram(name, path.read_text(encoding="utf-8"), path)
    for name, text in overview.generate(pages, classes).items():
        found[name] = Diagram(name, text, overview.SOURCE)
    return found


def cached(diagram: Diagram, theme: str, classes: dict, version: str) -> Rendered | None:
    digest = diagram.digest(theme, classes, version)
    svg, info = CACHE_DIR / f"{digest}.svg", CACHE_DIR / f"{digest}.json"
    if not (svg.exists() and info.exists()):
        return None
    meta = json.loads(info.read_text())
    return Rendered(svg, meta["width"], meta["height"], meta["nodes"])


# --- Conventions --------------------------------------------------------------------

def convention_problems(diagrams: dict[str, Diagram], pages: list[content.Page],
                        classes: dict) -> list[str]:
    """Everything wrong with the diagrams and their references that needs no browser."""
    problems = []
    used = set()
    for page in pages:
        for ref in page.diagrams:
            used.add(ref.target)
            if ref.target not in diagrams:
                problems.append(f"{content.display_path(page.path)}:{ref.line}: diagram "
                                f"'{ref.target}' does not exist — create "
                                f"diagrams/{ref.target} or fix the path")
    for name, diagram in diagrams.items():
        where = content.display_path(diagram.source)
        if name not in used and not diagram.generated:
            problems.append(f"{where}:1: diagram is not used by any page — reference it "
                            f"from a page with a ```diagram block, or delete it")
        if not diagram.title:
            problems.append(f"{where}:1: missing 'accTitle: <title>' — add one after the "
                            f"diagram type line (see {GUIDE})")
        if not diagram.description:
            problems.append(f"{where}:1: missing 'accDescr: <one-sentence description>' — "
                            f"add one after accTitle (see {GUIDE})")
        for match in _CLASS_DEF.finditer(diagram.text):
            line = diagram.text.count("\n", 0, match.start()) + 1
            problems.append(f"{where}:{line}: classDef is not allowed in a diagram file — use "
                            f"the shared classes ({', '.join(classes)}) from diagrams/classes.yml")
        for match in _CLASS_USE.finditer(diagram.text):
            used_class = match["name"] or match["name2"]
            if used_class not in classes:
                line = diagram.text.count("\n", 0, match.start()) + 1
                problems.append(f"{where}:{line}: unknown class '{used_class}' — use one of "
                                f"{', '.join(classes)} (diagrams/classes.yml)")
        for allowance in _ALLOWANCE.finditer(diagram.text):
            if not allowance["why"].strip(" -—:"):
                line = diagram.text.count("\n", 0, allowance.start()) + 1
                problems.append(f"{where}:{line}: 'max-{allowance['what']}' needs a reason, e.g. "
                                f"'%% max-{allowance['what']}: {allowance['n']} — the full pipeline is the point'")
    return problems


def allowance(diagram: Diagram, what: str, default: int) -> int:
    """The limit for 'nodes' or 'width': the default, or the file's justified exception."""
    for match in _ALLOWANCE.finditer(diagram.text):
        if match["what"] == what:
            return int(match["n"])
    return default


def size_problems(diagram: Diagram, rendered: Rendered, sketch: bool = False) -> list[str]:
    where, problems = content.display_path(diagram.source), []
    if sketch and rendered.nodes > SKETCH_MAX_NODES:
        problems.append(f"{where}:1: {rendered.nodes} nodes, more than {SKETCH_MAX_NODES} for a "
                        f"whiteboard sketch — keep what a candidate draws in five minutes; the "
                        f"page's numbered figures carry the detail")
    limit = allowance(diagram, "nodes", MAX_NODES)
    if rendered.nodes > limit:
        problems.append(f"{where}:1: {rendered.nodes} nodes, more than {limit} — split the "
                        f"diagram, or add '%% max-nodes: N — reason' if it must stay whole")
    limit = allowance(diagram, "width", MAX_WIDTH)
    if rendered.width > limit:
        shown = round(100 * COLUMN / rendered.width)
        problems.append(f"{where}:1: {rendered.width} px wide, more than {limit} — on the page it "
                        f"would be shown at {shown}% and its labels would be hard to read; lay it "
                        f"out top to bottom ('flowchart TB'), shorten labels or split it, or add "
                        f"'%% max-width: N — reason'")
    return problems


# --- Rendering ------------------------------------------------------------------------

_RENDER_JS = """
async (items) => {
  const out = [];
  for (const [i, text] of items.entries()) {
    const id = 'mmd' + i;
    try {
      const { svg } = await mermaid.render(id, text);
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      const nodes = Math.max(doc.querySelectorAll('g.node').length,
                             doc.querySelectorAll('.actor-top').length);
      out.push({ svg, nodes });
    } catch (error) {
      out.push({ error: String((error && error.message) || error) });
    }
    for (const stray of document.querySelectorAll(`#${id}, #d${id}, #i${id}`)) stray.remove();
  }
  return out;
}
"""


# Bump when the post-processing of rendered SVGs changes, so every SVG renders again.
RENDER_REVISION = 2
# The measuring font as Mermaid writes it: in its <style> and in style attributes.
_MEASURED_FONT = re.compile(r"font-family:\s*(?:'DejaVu Sans'|&quot;DejaVu Sans&quot;|\"DejaVu Sans\")")


def _display_font(svg: str) -> str:
    """Name the display font list wherever Mermaid wrote the measuring font."""
    return _MEASURED_FONT.sub(lambda m: "font-family: " + FONT, svg)


_GEOMETRY = re.compile(r'(\s(?:d|points|transform|x|y|x1|x2|y1|y2|cx|cy|r|rx|ry|width|height)=")([^"]*)"')
_LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}(?:e-?\d+)?")


def _round_geometry(svg: str) -> str:
    """Round coordinates to 2 decimals: Mermaid's sampled paths are mostly float noise."""
    def shorten(match):
        return f"{float(match[0]):.2f}".rstrip("0").rstrip(".")
    return _GEOMETRY.sub(lambda m: m[1] + _LONG_NUMBER.sub(shorten, m[2]) + '"', svg)


def _finish_svg(svg: str, theme: str) -> tuple[str, int, int]:
    """Give the SVG fixed pixel dimensions and the palette's background colour."""
    svg = _display_font(_round_geometry(svg))
    box = re.search(r'viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"', svg)
    width, height = (round(float(box[3])), round(float(box[4]))) if box else (800, 600)
    head_end = svg.index(">")
    head = svg[:head_end]
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    head = re.sub(r'\sstyle="[^"]*"', "", head)
    head += f' width="{width}" height="{height}" style="background-color: {BACKGROUND[theme]}"'
    return head + svg[head_end:], width, height


async def _render_theme(browser, theme: str, jobs: list, classes: dict) -> list:
    context = await browser.new_context()
    page = await context.new_page()
    await page.set_content("<!doctype html><html><body></body></html>")
    await page.add_script_tag(path=str(MERMAID_DIR / "dist" / "mermaid.min.js"))
    await page.evaluate("config => mermaid.initialize(config)", mermaid_config(theme, classes))
    results = await page.evaluate(_RENDER_JS, [text for _, text, _ in jobs])
    await context.close()
    return results


# A font the browser lacks falls back silently: measured against monospace, a missing
# DejaVu Sans measures exactly as monospace does.
_HAS_FONT_JS = """
font => {
  const context = document.createElement('canvas').getContext('2d');
  const width = f => { context.font = f; return context.measureText('Feature store, 42 ms').width; };
  return width(`15px ${font}, monospace`) !== width('15px monospace');
}
"""


async def _check_measuring_font(browser) -> None:
    page = await browser.new_page()
    present = await page.evaluate(_HAS_FONT_JS, MEASURE_FONT)
    await page.close()
    if not present:
        raise SystemExit(f"Chromium has no {MEASURE_FONT}, which diagrams are measured with: run "
                         "'sudo apt-get install -y fonts-dejavu-core' (or 'make setup' as root).")


async def _render_all(jobs_by_theme: dict, classes: dict) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await _check_measuring_font(browser)
        themes = [theme for theme in THEMES if jobs_by_theme.get(theme)]
        results = await asyncio.gather(*(_render_theme(browser, theme, jobs_by_theme[theme], classes)
                                         for theme in themes))
        await browser.close()
    return dict(zip(themes, results))


def error_problem(diagram: Diagram, message: str) -> str:
    match = _ERROR_LINE.search(message)
    line = int(match[1]) if match else 1
    if diagram.generated:
        line = 1
    text = " ".join(message.split())
    return f"{content.display_path(diagram.source)}:{line}: Mermaid: {text}\n  hint: {mermaid_hint(text)}"


# Mermaid's parser names the token it did not expect; each common cause, in words.
_HINTS = (
    (re.compile(r"No diagram type detected"), "the first line names the diagram type, spelt "
     "exactly: 'flowchart TB', 'flowchart LR' or 'sequenceDiagram'"),
    (re.compile(r"got '(?:PS|PE|SQS|SQE|DIAMOND_START|DIAMOND_STOP|STR|QUOTE)'"),
     "a label holding brackets, parentheses, braces or quotes must be quoted: "
     "a[\"Score (p)\"]; write a quote inside it as #quot;"),
    (re.compile(r"got '(?:CLASSDEF|EOF|NEWLINE|SEMI)'"), "a line ends before it is complete, "
     "usually an arrow with no node after it: finish it, e.g. 'a --> b[B]'"),
    (re.compile(r"Expecting .*'(?:NODE_STRING|ARROW)"), "check the arrows and brackets on that "
     "line: arrows are -->, -.-> or ==>, with the label as -->|text|; node shapes are [..], "
     "(..), [(..)], {..}"),
)


def mermaid_hint(message: str) -> str:
    """One line on what a Mermaid parse error usually means, and what to do."""
    for pattern, hint in _HINTS:
        if pattern.search(message):
            return hint
    return ("compare the line with a working diagram in the same folder; the syntax is in "
            "docs/contribute/style-guide.md#diagrams")


def render_stale(diagrams: dict[str, Diagram], classes: dict, version: str) -> tuple[int, list[str]]:
    """Render every diagram whose SVG is not cached; return (count rendered, problems)."""
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM}: run "
                         "'sudo apt-get install -y chromium fonts-liberation fonts-dejavu-core' (or 'make test' as root).")
    jobs_by_theme: dict[str, list] = {theme: [] for theme in THEMES}
    for diagram in diagrams.values():
        for theme in THEMES:
            if cached(diagram, theme, classes, version) is None:
                digest = diagram.digest(theme, classes, version)
                jobs_by_theme[theme].append((diagram, diagram.assemble(theme, classes), digest))
    if not any(jobs_by_theme.values()):
        return 0, []
    results = asyncio.run(_render_all(jobs_by_theme, classes))
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    problems, rendered = [], 0
    for theme, outcomes in results.items():
        for (diagram, _, digest), outcome in zip(jobs_by_theme[theme], outcomes):
            if "error" in outcome:
                if theme == "light":  # the same error would be reported twice
                    problems.append(error_problem(diagram, outcome["error"]))
                continue
            svg, width, height = _finish_svg(outcome["svg"], theme)
            (CACHE_DIR / f"{digest}.svg").write_text(svg, encoding="utf-8")
            meta = {"width": width, "height": height, "nodes": outcome["nodes"],
                    "name": diagram.name, "theme": theme}
            (CACHE_DIR / f"{digest}.json").write_text(json.dumps(meta), encoding="utf-8")
            rendered += 1
    return rendered, problems


def check(pages: list[content.Page] | None = None) -> tuple[dict[str, Diagram], int, list[str]]:
    """Validate everything and render what is stale; return (diagrams, rendered, problems)."""
    pages = content.iter_pages() if pages is None else pages
    classes, version = load_classes(), mermaid_version()
    diagrams = load_diagrams(pages, classes)
    problems = convention_problems(diagrams, pages, classes)
    rendered, render_problems = render_stale(diagrams, classes, version)
    problems += render_problems
    sketches = {ref.target for page in pages for ref in page.diagrams if ref.sketch}
    for name, diagram in diagrams.items():
        result = cached(diagram, "light", classes, version)
        if result:
            problems += size_problems(diagram, result, name in sketches)
    return diagrams, rendered, problems


# --- Label fit under the reader's fonts ---------------------------------------------------

# Every label's text box against the shape it belongs to, in one page. Each SVG sits in
# its own shadow root (its <style> and ids stay its own), optionally with the label font
# forced to `font`. A box's overflow is how far its text box must shrink on every side for
# all four corners to lie inside the shape's fill (isPointInFill, so diamonds, cylinders
# and stadiums are measured by their outline, not their bounding box).
_FIT_JS = """
async ([svgs, font]) => {
  const holder = document.body;
  holder.replaceChildren();
  const roots = svgs.map(([name, svg]) => {
    const host = document.createElement('div');
    holder.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const force = font ? `<style>text, tspan { font-family: ${font} !important; }</style>` : '';
    root.innerHTML = force + svg;
    return [name, root];
  });
  await document.fonts.ready;
  const shapesOf = (el) => el instanceof SVGGeometryElement ? [el]
      : [...el.querySelectorAll('rect, polygon, path, circle, ellipse')];
  // One box: the shapes whose fill holds the text, and the texts it holds.
  const boxes = (svg) => {
    const found = [];
    for (const node of svg.querySelectorAll('g.node')) {
      const shape = node.querySelector(':scope > .label-container, :scope > .outer-path, :scope > g.label-container');
      const texts = [...node.querySelectorAll('text')];
      if (shape && texts.length) found.push(['node', shapesOf(shape), texts]);
    }
    for (const label of svg.querySelectorAll('g.edgeLabel')) {
      const background = label.querySelector('rect.background');
      const texts = [...label.querySelectorAll('text')];
      if (background && texts.length && background.getBBox().width > 0) found.push(['edge label', [background], texts]);
    }
    for (const cluster of svg.querySelectorAll('g.cluster')) {
      const frame = cluster.querySelector(':scope > rect');
      const texts = [...cluster.querySelectorAll(':scope > .cluster-label text')];
      if (frame && texts.length) found.push(['subgraph', [frame], texts]);
    }
    for (const rect of svg.querySelectorAll('rect.actor, rect.note')) {
      const texts = [...rect.parentNode.querySelectorAll(':scope > text')];
      if (texts.length) found.push([rect.classList.contains('note') ? 'note' : 'participant', [rect], texts]);
    }
    return found;
  };
  const inside = (shapes, points) => points.every(point => shapes.some(shape => {
    const local = point.matrixTransform(shape.getScreenCTM().inverse());
    return shape.isPointInFill(local);
  }));
  const corners = (text, inset) => {
    const b = text.getBBox(), m = text.getScreenCTM();
    const x0 = b.x + inset, x1 = b.x + b.width - inset, y0 = b.y + inset, y1 = b.y + b.height - inset;
    if (x0 > x1 || y0 > y1) return [];
    return [[x0, y0], [x1, y0], [x0, y1], [x1, y1]].map(([x, y]) => new DOMPoint(x, y).matrixTransform(m));
  };
  const out = [];
  let width = 0;
  for (const [name, root] of roots) {
    const svg = root.querySelector('svg');
    for (const [kind, shapes, texts] of boxes(svg)) {
      const label = texts.map(t => t.textContent.trim()).join(' ').replace(/\\s+/g, ' ');
      let overflow = 0;
      for (const text of texts) {
        width += text.getBBox().width;
        if (inside(shapes, corners(text, 0))) continue;
        let lo = 0, hi = text.getBBox().width / 2;   // inset that fits, by bisection
        for (let i = 0; i < 12; i++) {
          const mid = (lo + hi) / 2;
          if (inside(shapes, corners(text, mid))) hi = mid; else lo = mid;
        }
        overflow = Math.max(overflow, hi);
      }
      if (overflow > 0) out.push({ name, kind, label, overflow: Math.round(overflow * 10) / 10 });
    }
  }
  holder.replaceChildren();
  return { overflows: out, width };
}
"""
FIT_TOLERANCE = 1.0  # px a label may overhang its shape (antialiasing, rounding)
FIT_BATCH = 60  # SVGs per set_content: one page, a bounded DOM


@dataclass
class Overflow:
    name: str  # diagram name (and palette)
    kind: str  # node, edge label, subgraph, participant, note
    label: str
    overflow: float  # px

    def __str__(self) -> str:
        return f"diagrams/{self.name}: {self.kind} '{self.label}' overflows by {self.overflow:g} px"


def label_fit(page, svgs: dict[str, str], font: str | None = None) -> tuple[list[Overflow], float]:
    """Every label overflowing its shape by more than FIT_TOLERANCE px, drawn with the
    SVG's own fonts or with `font` forced (a CSS font-family value); and the total width
    of all label text, which shows that the forced font took effect."""
    page.set_content("<!doctype html><html><body></body></html>")
    items, problems, width = list(svgs.items()), [], 0.0
    for start in range(0, len(items), FIT_BATCH):
        result = page.evaluate(_FIT_JS, [items[start:start + FIT_BATCH], font])
        width += result["width"]
        problems += [Overflow(**item) for item in result["overflows"]
                     if item["overflow"] > FIT_TOLERANCE]
    return problems, width


def rendered_svgs(themes=THEMES) -> dict[str, str]:
    """The cached SVG text of every current diagram, by 'name (palette)'."""
    pages = content.iter_pages()
    site = Site.load(pages)
    found = {}
    for name in site.diagrams:
        rendered = site.rendered(name) or {}
        for theme in themes:
            if theme in rendered:
                found[f"{name} ({theme})"] = rendered[theme].path.read_text(encoding="utf-8")
    return found


def fit_report(fonts: list[str | None], themes=THEMES) -> dict:
    """`diagrams.py fit`: label overflows per forced font, over every cached SVG."""
    from playwright.sync_api import sync_playwright

    svgs = rendered_svgs(themes)
    report = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for font in fonts:
            report[font] = label_fit(page, svgs, font)
        browser.close()
    return {"svgs": len(svgs), "fonts": report}


# --- Embedding in pages (called by scripts/hooks.py) --------------------------------------

@dataclass
class Site:
    """What a build knows about diagrams: every diagram and its cached SVGs."""

    diagrams: dict[str, Diagram]
    classes: dict
    version: str
    live: bool  # render every diagram in the browser, ignoring the cache

    @classmethod
    def load(cls, pages: list[content.Page], live: bool = False) -> "Site":
        classes = load_classes()
        return cls(load_diagrams(pages, classes), classes, mermaid_version(), live)

    def rendered(self, name: str) -> dict[str, Rendered] | None:
        """Both palettes' SVGs of a diagram, or None when it must be rendered live."""
        if self.live:
            return None
        found = {theme: cached(self.diagrams[name], theme, self.classes, self.version)
                 for theme in THEMES}
        return found if all(found.values()) else None

    def stale(self, names) -> list[str]:
        return [name for name in sorted(set(names))
                if name in self.diagrams and self.rendered(name) is None]

    @staticmethod
    def asset_path(name: str, theme: str) -> str:
        """Where a pre-rendered SVG is published in the site."""
        return f"assets/diagrams/{name.removesuffix('.mmd')}-{theme}.svg"


def in_first_screen(text_before: str) -> bool:
    """Whether a figure starts within about one phone screen of text."""
    return len(re.findall(r"\w+", text_before)) <= FIRST_SCREEN_WORDS


def figure_html(site: Site, name: str, label: str, anchor: str, urls: dict[str, str] | None,
                eager: bool = False) -> str:
    """A figure for a page: pre-rendered images when `urls` are given, else live Mermaid.

    `label` names it in its caption: "Figure 3", or "Whiteboard sketch" for the one in a
    case study's 45-minute version.
    `urls` maps each palette to the SVG's URL relative to the page. Images load lazily,
    so only the palette shown is ever fetched (the other variant is display: none); a
    figure in the first screen (`eager`: the home page's largest element) is fetched at
    high priority as soon as it is laid out.
    """
    diagram = site.diagrams[name]
    title = html.escape(diagram.title)
    alt = html.escape(f"{diagram.title}. {diagram.description}", quote=True)
    source = html.escape(diagram.text.rstrip("\n"))
    parts = [f'<figure class="diagram" id="{anchor}">']
    if urls:
        rendered = site.rendered(name)
        priority = ' fetchpriority="high"' if eager else ""
        # The images scroll sideways in their own box, so a cue can sit at its cut edge
        # (docs/assets/javascripts/diagram-viewer.js marks a box that overflows).
        parts.append('<div class="diagram__scroll">')
        for theme in THEMES:
            image = rendered[theme]
            parts.append(
                f'<a class="diagram__image diagram__image--{theme}" href="{urls[theme]}" '
                f'title="Open the diagram full size">'
                f'<img src="{urls[theme]}" alt="{alt}" width="{image.width}" '
                f'height="{image.height}" style="min-width:{round(image.width * MIN_SCALE)}px" '
                f'loading="lazy"{priority} decoding="async"></a>')
        parts.append("</div>")
    else:
        live = html.escape(diagram.assemble("light", site.classes))
        parts.append(f'<pre class="mermaid" aria-label="{alt}"><code>{live}</code></pre>')
    parts.append(f'<figcaption><a href="#{anchor}">{label}.</a> {title}</figcaption>')
    parts.append(f'<details class="diagram__source" data-search-exclude><summary>Mermaid source '
                 f'of {label[0].lower() + label[1:]} (<code>diagrams/{html.escape(name)}</code>)</summary>'
                 f'<pre><code class="language-text">{source}</code></pre></details>')
    parts.append("</figure>")
    return "".join(parts)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    try:
        pages = content.iter_pages()
    except content.ContentError as error:
        print(error, file=sys.stderr)
        return 1
    if command == "check":
        start = time.perf_counter()
        diagrams, rendered, problems = check(pages)
        for problem in sorted(set(problems)):
            print(problem, file=sys.stderr)
        took = time.perf_counter() - start
        print(f"diagrams: {len(diagrams)} checked, {rendered} SVGs rendered "
              f"({2 * len(diagrams) - rendered} cached), {len(set(problems))} problems, {took:.1f} s")
        return 1 if problems else 0
    if command == "list":
        classes, version = load_classes(), mermaid_version()
        users = {}
        for page in pages:
            for ref in page.diagrams:
                users.setdefault(ref.target, []).append(f"{page.src_uri}:{ref.line}")
        for name, diagram in load_diagrams(pages, classes).items():
            fresh = all(cached(diagram, theme, classes, version) for theme in THEMES)
            print(f"{'fresh' if fresh else 'stale'}  {name}  <- {', '.join(users.get(name, ['(unused)']))}")
        return 0
    if command == "fit":
        fonts = [None] + (argv[2:] or ["'DejaVu Sans'", "'Liberation Sans'"])
        result = fit_report(fonts)
        for font, (problems, width) in result["fonts"].items():
            names = {problem.name for problem in problems}
            print(f"{font or 'as shipped'}: {len(problems)} labels overflow in {len(names)} of "
                  f"{result['svgs']} SVGs (label text {width:,.0f} px in all)")
            for problem in problems:
                print(f"  {problem}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
