"""Content linter: the rules of docs/contribute/style-guide.md, checked.

    python scripts/lint.py [PATH ...]      (default: every page under docs/)

Errors are always listed; warnings are listed when PATHs are named, and counted per
file otherwise.

Every message reads `path:line: error|warning: what is wrong — how to fix it (rule)`,
where `rule` is the style guide section that explains it. Errors exit 1; warnings
(TODO markers and unfinished parts of draft pages) do not. Spelling (codespell) and
Markdown style (pymarkdown) run over the same files.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import concepts  # noqa: E402
import content  # noqa: E402
import diagrams  # noqa: E402
import estimates  # noqa: E402
import flashcards  # noqa: E402
import links  # noqa: E402

ROOT = content.ROOT
GUIDE = "docs/contribute/style-guide.md"
VENV_BIN = Path(sys.executable).parent

CASE_STUDY_SECTIONS = [
    "1. Clarify requirements", "2. Frame as an ML task", "3. Data preparation",
    "4. Model development", "5. Evaluation", "6. Deployment and serving",
    "7. Monitoring and iteration", "Trade-offs", "Interviewer follow-ups",
    "Common pitfalls", "Going deeper", "References",
]
MIN_DIAGRAMS = {"case study": 8, "framework step": 3, "concept": 1}
KNOWN_KEYS = {"title", "description", "tags", "difficulty", "concepts", "status", "search",
              "hide", "icon", "generative_sections"}
DIFFICULTIES = {"intermediate", "advanced"}
_URL = re.compile(r"https?://\S+")
_TODO = re.compile(r"\bTODO\b")
_INLINE_CODE = re.compile(r"`[^`]*`")
_FIGURE = re.compile(r"\bFigures? (\d+)((?:(?:,| and| or|–)\s*\d+)*)")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")
_FIGURE_SHOWS = re.compile(r"(?:^|[.!?]\s+)Figure \d+ shows\b")
MAX_FIGURE_SHOWS = 3  # sentences a page may open with "Figure N shows"
INTERVIEW_SLOTS = [f"{start}–{start + 5}" for start in range(0, 45, 5)]
INTERVIEW_NUMBERS = (5, 6)  # bullets under "Numbers worth saying"
INTERVIEW_FOLLOW_UPS = 3


# The style guide sections a message can point to (each is a heading there).
RULES = ("front-matter", "page-structure", "the-45-minute-version", "diagrams", "numbers", "references", "abbreviations",
         "links-and-navigation", "writing-style", "drafts", "spelling-and-markdown-style")


@dataclass(frozen=True)
class Message:
    path: str
    line: int
    severity: str  # "error" or "warning"
    text: str
    rule: str  # style guide anchor, one of RULES

    def __post_init__(self):
        if self.rule not in RULES:
            raise ValueError(f"unknown style guide rule {self.rule!r}")

    def __str__(self):
        return f"{self.path}:{self.line}: {self.severity}: {self.text} ({GUIDE}#{self.rule})"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its !ENV and !!python tags."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def plugin_config(name: str, config_path: Path = ROOT / "mkdocs.yml") -> dict:
    """A plugin's settings in mkdocs.yml ({} when it has none)."""
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and name in plugin:
            return plugin[name] or {}
    return {}


def allowed_tags(config_path: Path = ROOT / "mkdocs.yml") -> set[str]:
    return set(plugin_config("tags", config_path).get("tags_allowed", []))


def lint_page(page: content.Page, tags: set[str], known_concepts: set[str]) -> list[Message]:
    where = content.display_path(page.path)
    draft = page.draft
    kind = page.kind
    found: list[Message] = []
    figure_shows: list[int] = []  # lines with a sentence opening "Figure N shows"

    def report(line, text, rule, unfinished=False):
        severity = "warning" if unfinished and draft else "error"
        found.append(Message(where, line, severity, text, rule))

    # Front matter.
    for key in ("title", "description"):
        if not page.meta.get(key):
            report(1, f"front matter has no '{key}' — add '{key}: …' between the '---' lines",
                   "front-matter")
    description = str(page.meta.get("description") or "")
    if len(description) > 160:
        report(page.line_of("description"), f"description is {len(description)} characters — "
               "shorten it to 160 or fewer (search engines cut the rest)", "front-matter")
    for key in page.meta:
        if key not in KNOWN_KEYS:
            report(page.line_of(key), f"unknown front-matter key '{key}' — use only "
                   f"{', '.join(sorted(KNOWN_KEYS))}", "front-matter")
    sections = {h.text for h in page.headings if h.level == 2}
    for name in page.meta_list("generative_sections"):
        if name not in sections:
            report(page.line_of("generative_sections", name), f"generative section '{name}' is "
                   "not a '##' heading of this page — use a heading's exact text (it puts that "
                   "section's cards in the self-test's Generative AI track)", "front-matter")
    for tag in page.meta_list("tags"):
        if tag not in tags:
            report(page.line_of("tags", tag), f"unknown tag '{tag}' — use one of the tags in "
                   "mkdocs.yml (plugins → tags → tags_allowed), or propose a new one there",
                   "front-matter")
    if kind == "case study":
        if page.meta.get("difficulty") not in DIFFICULTIES:
            report(page.line_of("difficulty"), "case study needs 'difficulty: intermediate' or "
                   "'difficulty: advanced'", "front-matter", True)
        if not page.meta_list("concepts"):
            report(page.line_of("concepts"), "case study needs a 'concepts:' list of the concept "
                   "pages it relies on (file names in docs/concepts/)", "front-matter", True)
        linked = {_concept_slug(link.target) for link in page.links}
        for slug in page.meta_list("concepts"):
            if slug not in known_concepts:
                report(page.line_of("concepts", slug), f"unknown concept '{slug}' — use a file "
                       "name from docs/concepts/ without '.md', or create that page", "front-matter")
            elif slug not in linked:
                report(page.line_of("concepts", slug), f"concept '{slug}' is listed but the text "
                       f"never links it — link its first mention: [...](../concepts/{slug}.md)",
                       "front-matter", True)

    for number, line in enumerate(page.meta_source, start=2):
        if _TODO.search(line):
            report(number, "TODO left in the front matter — fill in the value", "drafts", True)

    # Structure.
    first = page.headings[0] if page.headings else None
    included = page.body.lstrip().startswith("--8<--")  # the whole page is a snippet include
    if not included and (not first or first.level != 1):
        report(first.line if first else page.body_line, "the page must start with '# <title>' — "
               "add the title as a level-1 heading", "page-structure")
    if kind == "case study":
        _check_case_study_sections(page, report)
        _check_interview(page, report)

    # Diagrams.
    minimum = MIN_DIAGRAMS.get(kind, 0)
    if len(page.figures) < minimum:
        report(page.body_line, f"{len(page.figures)} figure(s); a {kind} page has at least "
               f"{minimum} (the whiteboard sketch does not count) — add ```diagram references "
               "to files under diagrams/", "diagrams", True)
    for block in page.code_blocks:
        if block.info.split()[:1] == ["mermaid"]:
            report(block.line, "Mermaid pasted into the page — move it to a file under diagrams/ "
                   "and reference it with a ```diagram block", "diagrams")
    for number, line in enumerate(page.body.split("\n"), start=page.body_line):
        stripped = line.strip()
        if _in_code_block(page, number):
            continue
        if stripped.startswith("*[") and "]:" in stripped:
            report(number, "abbreviation defined in a page — define it once in "
                   "includes/abbreviations.md, which every page shares", "abbreviations")
        for match in _FIGURE.finditer(_INLINE_CODE.sub("", line)):
            for figure in map(int, re.findall(r"\d+", match[0])):
                if not 1 <= figure <= len(page.figures):
                    report(number, f"Figure {figure} does not exist: the page has "
                           f"{len(page.figures)} — renumber the figure references after "
                           "adding or removing a diagram", "diagrams")
        if _FIGURE_SHOWS.search(line):
            figure_shows.append(number)
        if _TODO.search(_INLINE_CODE.sub("", line)):
            found.append(Message(where, number, "warning" if draft else "error",
                                 "TODO left in the page — finish it, or keep 'status: draft' "
                                 "in the front matter until it is done", "drafts"))
    if len(figure_shows) > MAX_FIGURE_SHOWS:
        report(figure_shows[MAX_FIGURE_SHOWS], f"{len(figure_shows)} sentences open with "
               f"'Figure N shows' (lines {', '.join(map(str, figure_shows))}); at most "
               f"{MAX_FIGURE_SHOWS} may — refer to the figure inside the sentence that needs "
               "it, e.g. 'the cascade in Figure 3 cuts 5,000 ads to 500'", "diagrams")

    # Tables: a header row with an empty cell leaves a column without a name.
    lines = page.body.split("\n")
    for index, line in enumerate(lines[:-1]):
        number = page.body_line + index
        if line.lstrip().startswith("|") and _TABLE_RULE.match(lines[index + 1].strip()) \
                and not _in_code_block(page, number):
            cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            if "" in cells:
                report(number, f"table header cell {cells.index('') + 1} is empty — name the "
                       "column, e.g. 'Post' or 'Quantity' for a column of row labels (a screen "
                       "reader announces it with every cell)", "writing-style")

    # References (in content pages; elsewhere "References" may be an ordinary section).
    if kind in ("case study", "framework step", "concept", "reference"):
        _check_references(page, report)
    return found


def _concept_slug(target: str) -> str | None:
    """`../concepts/calibration.md#x` → `calibration`; None for any other link."""
    path = target.split("#")[0]
    if "/concepts/" not in "/" + path or not path.endswith(".md"):
        return None
    return path.rsplit("/", 1)[-1][:-3]


def _in_code_block(page: content.Page, line: int) -> bool:
    """Whether a line sits inside a code block (examples are not checked as content)."""
    return any(block.line <= line <= block.end_line for block in page.code_blocks)


def _check_interview(page: content.Page, report) -> None:
    """The 45-minute version: where it sits and the parts a candidate rehearses."""
    block = page.interview
    title = content.INTERVIEW_TITLE
    if block is None:
        first = next((h.line for h in page.headings if h.level == 2), page.body_line)
        report(first, f"no '??? abstract \"{title}\"' block — add it after the At a glance box "
               "(a minute-by-minute plan, the whiteboard sketch, the numbers worth saying, "
               "three follow-ups)", "the-45-minute-version", True)
        return
    step_one = next((h.line for h in page.headings if h.text == CASE_STUDY_SECTIONS[0]), None)
    if step_one is not None and block.line > step_one:
        report(block.line, f"'{title}' comes after '## {CASE_STUDY_SECTIONS[0]}' — move it "
               "above, right after the At a glance box", "the-45-minute-version")
    lines = block.text.split("\n")
    slots = [m[1] for line in lines if (m := re.match(r"^\|\s*(\d[\d–-]*)\s*\|", line))]
    if slots != INTERVIEW_SLOTS:
        report(block.line, f"its minute table has rows {slots or 'none'}; it needs exactly "
               f"{', '.join(INTERVIEW_SLOTS)} (en dashes), one row each", "the-45-minute-version",
               True)
    sketches = [ref for ref in page.diagrams if ref.sketch]
    if len(sketches) != 1:
        report(block.line, f"{len(sketches)} diagram(s) inside '{title}'; it holds exactly one, "
               f"the whiteboard sketch (diagrams/case-studies/{page.slug}/whiteboard.mmd)",
               "the-45-minute-version", True)
    numbers = _items_after(lines, "**Numbers worth saying.**", r"[-*] ")
    low, high = INTERVIEW_NUMBERS
    if not low <= len(numbers) <= high or not all("{{" in item for item in numbers):
        report(block.line, f"'**Numbers worth saying.**' has {len(numbers)} bullet(s) "
               f"({sum('{{' in item for item in numbers)} citing a named value); it needs "
               f"{low} or {high}, each citing the page's values as {{{{name}}}}",
               "the-45-minute-version", True)
    follow_ups = _items_after(lines, "**Follow-ups to expect.**", r"\d+\. ")
    if len(follow_ups) != INTERVIEW_FOLLOW_UPS:
        report(block.line, f"'**Follow-ups to expect.**' has {len(follow_ups)} numbered "
               f"question(s); it needs {INTERVIEW_FOLLOW_UPS}, each answered in two lines",
               "the-45-minute-version", True)


def _items_after(lines: list[str], label: str, marker: str) -> list[str]:
    """The list items (first lines) that follow a bold label line, up to the next label."""
    if label not in [line.strip() for line in lines]:
        return []
    start = [line.strip() for line in lines].index(label) + 1
    items = []
    for line in lines[start:]:
        if line.startswith("**") and line.strip().endswith(".**"):
            break
        if re.match(marker, line):
            items.append(line)
        elif items and line.startswith("  "):
            items[-1] += " " + line.strip()  # an item's continuation line
    return items


def _check_case_study_sections(page: content.Page, report) -> None:
    texts = [h.text for h in page.headings if h.level == 2]
    missing = [name for name in CASE_STUDY_SECTIONS if name not in texts]
    if missing:
        report(page.body_line, "missing section(s) " + ", ".join(f"'## {m}'" for m in missing)
               + " — add them with this exact wording", "page-structure", True)
    present = [h for h in page.headings if h.level == 2 and h.text in CASE_STUDY_SECTIONS]
    for before, after in zip(present, present[1:]):
        if CASE_STUDY_SECTIONS.index(after.text) < CASE_STUDY_SECTIONS.index(before.text):
            report(after.line, f"section '## {after.text}' comes after '## {before.text}' — "
                   f"the order is: {'; '.join(CASE_STUDY_SECTIONS)}", "page-structure", True)
    if "!!! abstract \"At a glance\"" not in page.body:
        report(page.body_line, "case study has no 'At a glance' box — add "
               "'!!! abstract \"At a glance\"' before section 1", "page-structure", True)


def _check_references(page: content.Page, report) -> None:
    lines = page.body.split("\n")
    heading = next((h for h in page.headings if h.level == 2 and h.text == "References"), None)
    if heading is None:
        return
    start = heading.line - page.body_line + 1
    for offset, line in enumerate(lines[start:], start=start):
        if line.startswith("#"):
            break
        item = re.match(r"^\s*(?:\d+\.|[-*])\s+(?P<text>.+)$", line)
        if item and not _URL.search(item["text"]):
            report(page.body_line + offset, "reference without an address — add a working "
                   "link (DOI, arXiv, the engineering post) or remove the reference", "references")


_PROSE_LINE = re.compile(r"^\s*(?:accTitle|accDescr|title|x-axis|y-axis|Note|note|%%)\b")
_MESSAGE = re.compile(r"^\s*[\w-]+\s*(?:-->>|->>|--\)|-\)|--x|-x|-->|->)[+-]?\s*[\w-]+\s*:(?P<text>.*)$")
_PARTICIPANT = re.compile(r"^\s*(?:participant|actor)\s+[\w-]+\s+as\s+(?P<text>.*)$")
_OPEN, _CLOSE = "[({<|", "])}>|"


def diagram_prose(text: str) -> str:
    """The words a reader sees in a Mermaid file, at their original line and column.

    Node ids, keywords and class names are blanked, so an id such as 'te' or 'recal' is
    not reported as a misspelling; labels, notes, messages and titles are kept.
    """
    out = []
    for line in text.split("\n"):
        if _PROSE_LINE.match(line):
            out.append(line)
            continue
        kept = _MESSAGE.match(line) or _PARTICIPANT.match(line)
        if kept:
            out.append(" " * kept.start("text") + kept["text"])
            continue
        chars, depth, quoted = [], 0, False
        for char in line:
            if char == '"':
                quoted = not quoted
            elif not quoted and char in _OPEN and not (char == "|" and depth):
                depth += 1
            elif not quoted and char in _CLOSE and depth:
                depth -= 1
            inside = quoted or depth > 0
            chars.append(char if inside or not (char.isalnum() or char == "_") else " ")
        out.append("".join(chars))
    return "\n".join(out)


def run_codespell(paths: list[Path]) -> list[Message]:
    """Spell-check pages as written and diagrams as read (see diagram_prose)."""
    with tempfile.TemporaryDirectory() as tmp:
        targets, origin = [], {}
        for path in paths:
            for file in sorted(path.rglob("*.mmd")) if path.is_dir() else [path]:
                if file.suffix == ".mmd":
                    masked = Path(tmp) / f"{len(targets)}.mmd"
                    masked.write_text(diagram_prose(file.read_text(encoding="utf-8")))
                    origin[str(masked)] = file
                    targets.append(masked)
                else:
                    targets.append(file)
        if not targets:
            return []
        result = subprocess.run([str(VENV_BIN / "codespell"), "--ignore-words",
                                 str(ROOT / "tests" / "codespell-ignore.txt"), *map(str, targets)],
                                capture_output=True, text=True, cwd=ROOT)
    if result.returncode not in (0, 65):  # 65: misspellings found; anything else: it broke
        raise SystemExit(f"lint: codespell failed to run: {result.stderr.strip()[-300:]} — "
                         "try 'make setup'")
    found = []
    for line in result.stdout.splitlines():
        match = re.match(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<word>.+?) ==> (?P<fix>.+)$", line)
        if match:
            source = origin.get(match["path"], Path(match["path"]))
            found.append(Message(content.display_path(source), int(match["line"]),
                                 "error", f"possible misspelling '{match['word']}' — did you "
                                 f"mean '{match['fix']}'? (add real words to "
                                 "tests/codespell-ignore.txt)", "spelling-and-markdown-style"))
    return found


PYMARKDOWN_CACHE = ROOT / ".cache" / "pymarkdown"
_PYMARKDOWN_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):\d+: (?P<rule>\S+): (?P<text>.+)$")


def _pymarkdown_key(path: Path, settings: str) -> str:
    return hashlib.sha256((settings + "\0" + path.read_text(encoding="utf-8")).encode()).hexdigest()[:24]


def _pymarkdown_scan(paths: list[Path]) -> dict[str, list[str]] | None:
    """pymarkdown over `paths`, split across the CPUs: its report lines by file, or None if it failed."""
    if not paths:
        return {}
    workers = max(1, min(os.cpu_count() or 1, len(paths)))
    batches = [paths[index::workers] for index in range(workers)]
    runs = [subprocess.Popen([str(VENV_BIN / "pymarkdown"), "--config", str(ROOT / ".pymarkdown.json"),
                              "scan", *map(str, batch)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=ROOT) for batch in batches]
    by_file: dict[str, list[str]] = {str(path): [] for path in paths}
    failed = False
    for run in runs:
        out, _ = run.communicate()
        failed |= run.returncode not in (0, 1)  # 1: problems found; anything else: it broke
        for line in out.splitlines():
            match = _PYMARKDOWN_LINE.match(line)
            if match and match["path"] in by_file:
                by_file[match["path"]].append(line)
    return None if failed else by_file


def run_pymarkdown(paths: list[Path]) -> list[Message]:
    """Markdown style problems. Results are cached by file content (and pymarkdown's
    version and configuration) under .cache/pymarkdown, so only changed pages are scanned
    again; the scan itself runs on every CPU."""
    settings = (ROOT / ".pymarkdown.json").read_text() + subprocess.run(
        [str(VENV_BIN / "pymarkdown"), "version"], capture_output=True, text=True).stdout
    lines: list[str] = []
    missing: dict[Path, str] = {}
    for path in paths:
        key = _pymarkdown_key(path, settings)
        cached = PYMARKDOWN_CACHE / f"{key}.json"
        if cached.exists():
            lines += [line.replace("\0", str(path), 1) for line in json.loads(cached.read_text())]
        else:
            missing[path] = key
    scanned = _pymarkdown_scan(list(missing))
    if scanned is None:
        raise SystemExit("lint: pymarkdown failed to run — try 'make setup', then run it by hand: "
                         f"{VENV_BIN / 'pymarkdown'} --config .pymarkdown.json scan docs")
    PYMARKDOWN_CACHE.mkdir(parents=True, exist_ok=True)
    for path, key in missing.items():
        found = scanned[str(path)]
        (PYMARKDOWN_CACHE / f"{key}.json").write_text(
            json.dumps([line.replace(str(path), "\0", 1) for line in found]))
        lines += found
    messages = []
    for line in lines:
        match = _PYMARKDOWN_LINE.match(line)
        messages.append(Message(content.display_path(Path(match["path"])), int(match["line"]),
                                "error", f"{match['text']} — fix the Markdown "
                                f"({match['rule']})", "spelling-and-markdown-style"))
    return messages


def lint(paths: list[Path] | None = None) -> list[Message]:
    everything = content.iter_pages()
    known = set(concepts.concept_pages(everything))
    if paths:
        wanted = {p.resolve() for p in paths}
        pages = [p for p in everything if p.path in wanted]
        missing = wanted - {p.path for p in pages}
        pages += [content.read_page(p) for p in sorted(missing)]
    else:
        pages = everything
    tags = allowed_tags()
    found = [m for page in pages for m in lint_page(page, tags, known)]
    # Numbers are checked over the whole site (a page may cite another's names); the
    # problems reported are those of the pages asked for, and of the shared constants.
    reported = {page.path for page in pages} | {(ROOT / estimates.CONSTANTS).resolve()}
    found += [Message(content.display_path(error.path), error.line, "error", error.message,
                      "numbers") for error in estimates.problems(everything)
              if error.path.resolve() in reported or not paths]
    found += [Message(content.display_path(error.path), error.line, "error", error.message,
                      "links-and-navigation")
              for error in links.problems(everything, pages if paths else None, flashcards.PUBLISHED)]
    files = [page.path for page in pages]
    if files:
        # Every diagram, or, for named pages, the diagram files those pages embed.
        embedded = {diagrams.DIAGRAMS_DIR / ref.target for page in pages for ref in page.diagrams}
        diagram_files = [diagrams.DIAGRAMS_DIR] if not paths else sorted(
            path for path in embedded if path.is_file())
        found += run_codespell(files + diagram_files)
        found += run_pymarkdown(files)
    return sorted(set(found), key=lambda m: (m.path, m.line, m.text))


def main(argv: list[str]) -> int:
    try:
        found = lint([Path(arg) for arg in argv[1:]] or None)
    except content.ContentError as error:
        print(f"{error}", file=sys.stderr)
        return 1
    explicit = len(argv) > 1
    warned: dict[str, int] = {}
    for message in found:
        if message.severity == "warning" and not explicit:
            warned[message.path] = warned.get(message.path, 0) + 1
        else:
            print(message, file=sys.stderr)
    for path, count in warned.items():
        print(f"{path}: {count} warning(s) — list them with: make lint FILES={path}",
              file=sys.stderr)
    errors = sum(m.severity == "error" for m in found)
    warnings = len(found) - errors
    print(f"lint: {errors} errors, {warnings} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
