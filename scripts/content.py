"""The page model: what every script, hook and test knows about a Markdown page.

A page is read once into a `Page`: its front matter (with the line of every key),
its headings, its diagram references and its links, each with a line number in the
file. Nothing else in the project parses Markdown on its own.

A diagram reference is a fenced block whose info string is `diagram` and whose only
line is a path under `diagrams/`:

    ```diagram
    case-studies/video-recommendations/serving.mmd
    ```

A case study opens with its interview-length version, a collapsed block titled
`??? abstract "The 45-minute version"`. A diagram inside it is the page's whiteboard
sketch: it is captioned as such, not numbered among the page's figures.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml
from markdown.extensions.toc import slugify, unique

ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = ROOT / "docs"

# Page type by the first folder under docs/ (see CONTENT_GUIDE "Page types").
PAGE_TYPES = {
    "framework": "framework step",
    "case-studies": "case study",
    "concepts": "concept",
    "practice": "practice",
    "contribute": "contribute",
}

# Pages inside a section that are references, not pages of the section's type.
REFERENCE_PAGES = {"glossary", "metrics-cheat-sheet", "diagram-legend", "interview-playbook",
                   "numbers-to-know"}

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
# Link text may wrap onto the next lines of its paragraph, but never across a blank line.
_LINK = re.compile(r"(?<!!)\[(?P<text>(?:[^\[\]\n]|\n(?![ \t]*\n))*)\]"
                   r"\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):")
_QUESTION = re.compile(r'^\?\?\?\+?\s+question\s+"(?P<title>[^"]+)"\s*$')
INTERVIEW_TITLE = "The 45-minute version"
_INTERVIEW = re.compile(r'^\?\?\?\+?\s+abstract\s+"(?P<title>' + re.escape(INTERVIEW_TITLE) + r')"\s*$')


class ContentError(Exception):
    """A problem in a source file, reported as `path:line: message`."""

    def __init__(self, path: Path | str, line: int, message: str):
        self.path, self.line, self.message = Path(path), line, message
        super().__init__(f"{display_path(self.path)}:{line}: {message}")


def display_path(path: Path) -> str:
    """A path relative to the project root when it is inside it, as people type it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True)
class DiagramRef:
    target: str  # path under diagrams/, e.g. "case-studies/x/serving.mmd"
    line: int  # line of the opening fence
    end_line: int  # line of the closing fence
    sketch: bool = False  # inside the 45-minute version: the whiteboard sketch, not a figure


@dataclass(frozen=True)
class CodeBlock:
    info: str  # the fence's info string, e.g. "python" or "mermaid"
    line: int  # line of the opening fence
    end_line: int  # line of the closing fence


@dataclass(frozen=True)
class Link:
    text: str
    target: str
    line: int


@dataclass(frozen=True)
class Entry:
    """A titled piece of a page: a glossary term (a heading) or a question block."""

    title: str
    text: str  # the Markdown under it, dedented
    line: int
    end_line: int = 0  # the last line of a block (0 for a heading's entry)


GENERATIVE_TAG = "generative-ai"
TRACKS = {"classic": "Classic ML", "generative": "Generative AI"}  # key: its name for readers


@dataclass
class Page:
    path: Path  # absolute path of the Markdown file
    src_uri: str  # path under docs/, with forward slashes
    meta: dict
    meta_lines: dict  # front-matter key -> line number in the file
    meta_source: list[str]  # the front matter's lines; meta_source[0] is line 2 of the file
    body: str  # the Markdown after the front matter
    body_line: int  # line number of the first body line in the file
    headings: list[Heading] = field(default_factory=list)
    diagrams: list[DiagramRef] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)  # every fence but diagram ones
    interview: Entry | None = None  # the `??? abstract "The 45-minute version"` block

    @property
    def figures(self) -> list[DiagramRef]:
        """The numbered figures: every diagram but the whiteboard sketch."""
        return [ref for ref in self.diagrams if not ref.sketch]

    @property
    def page_type(self) -> str:
        return PAGE_TYPES.get(self.src_uri.split("/", 1)[0], "other")

    @property
    def kind(self) -> str:
        """The content guide's page type; section indexes and reference pages have their own."""
        if self.src_uri.endswith("index.md"):
            return "index"
        if self.slug in REFERENCE_PAGES:
            return "reference"
        return self.page_type

    @property
    def draft(self) -> bool:
        """`status: draft` in the front matter: the page is being written."""
        return self.meta.get("status") == "draft"

    @property
    def track(self) -> str:
        """Which study track a page belongs to: 'generative' when tagged generative-ai, else 'classic'."""
        return "generative" if GENERATIVE_TAG in (self.meta.get("tags") or []) else "classic"

    @property
    def url(self) -> str:
        """The page's address relative to the site root, as MkDocs builds it."""
        return url_of(self.src_uri)

    @property
    def slug(self) -> str:
        """The page's name without folder or extension (`index` pages take their folder's)."""
        stem = Path(self.src_uri).stem
        return Path(self.src_uri).parent.name if stem == "index" else stem

    @property
    def title(self) -> str:
        if self.meta.get("title"):
            return str(self.meta["title"])
        first = next((h for h in self.headings if h.level == 1), None)
        return first.text if first else self.slug

    def terms(self, level: int = 3) -> list[Entry]:
        """Each heading of `level` with the text under it (a glossary's terms)."""
        lines = self.body.split("\n")
        found = []
        for index, heading in enumerate(self.headings):
            if heading.level != level:
                continue
            end = next((h.line for h in self.headings[index + 1:] if h.level <= level),
                       self.body_line + len(lines))
            text = "\n".join(lines[heading.line - self.body_line + 1:end - self.body_line])
            found.append(Entry(heading.text, text.strip(), heading.line))
        return found

    def glance(self) -> dict[str, str]:
        """The rows of a case study's 'At a glance' table, e.g. {'ML framing': '…'}."""
        rows, inside = {}, False
        for line in self.body.split("\n"):
            if line.startswith('!!! abstract "At a glance"'):
                inside = True
                continue
            if inside and line.strip() and not line.startswith("    "):
                break
            match = re.match(r"^\s+\|\s*\*\*(?P<key>[^*]+)\*\*\s*\|\s*(?P<value>.*?)\s*\|\s*$", line)
            if inside and match:
                rows[match["key"].strip()] = match["value"]
        return rows

    def questions(self) -> list[Entry]:
        """Each `??? question "…"` block with its indented answer."""
        return _blocks(self, _QUESTION)

    def line_of(self, key: str, value: str | None = None) -> int:
        """The line of a front-matter key (or of one value in its list); 1 when absent."""
        start = self.meta_lines.get(key)
        if start is None:
            return 1
        if value is not None:
            for number in range(start, len(self.meta_source) + 2):
                if str(value) in self.meta_source[number - 2]:
                    return number
        return start

    def meta_list(self, key: str) -> list[str]:
        """A front-matter list as strings ([] when absent or empty)."""
        value = self.meta.get(key) or []
        return [str(item) for item in value] if isinstance(value, list) else [str(value)]


_INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[`*_]|\{\{[^}]*\}\}|\s*\{[^}]*\}\s*$|<[^>]+>")


def heading_id(text: str, taken: set[str] | None = None) -> str:
    """The id the build gives a heading: toc's slugify of its text without markup, made
    unique among `taken` (updated) as toc does down a page."""
    slug = slugify(_MARKUP.sub("", _INLINE_LINK.sub(r"\1", text)), "-")
    return unique(slug, taken) if taken is not None else slug


def url_of(src_uri: str) -> str:
    """A page's address relative to the site root, from its path under docs/ (directory
    URLs: `a/b.md` is served as `a/b/`, `a/index.md` as `a/`)."""
    uri = src_uri[:-3]
    if uri == "index" or uri.endswith("/index"):
        return uri[:-5]
    return uri + "/"


ABBREVIATIONS = ROOT / "includes" / "abbreviations.md"
_ABBREVIATION = re.compile(r"^\*\[(?P<short>[^\]]+)\]:\s*(?P<text>.+?)\s*$")


def abbreviations(path: Path = ABBREVIATIONS) -> dict[str, str]:
    """The site's abbreviations (`*[CTR]: Click-through rate` lines), each with its
    expansion: the text up to the first ':', ';', ',' or '(' when its words' initials
    spell the abbreviation, in order and from the first ("Approximate nearest neighbour"
    for ANN); an abbreviation explained rather than expanded ("A/B") is left out."""
    found = {}
    for line in path.read_text(encoding="utf-8").split("\n"):
        match = _ABBREVIATION.match(line)
        if not match:
            continue
        phrase = re.split(r"[:;,(]", match["text"])[0].strip()
        words = [word for word in re.split(r"[\s-]+", phrase.lower()) if word]
        initials = "".join(word[0] for word in words)
        letters = re.sub(r"[^a-z]", "", match["short"].lower())
        if letters and len(words) <= 7 and initials[:1] == letters[:1] \
                and _in_order(letters, initials):
            found[match["short"]] = phrase
    return found


def _in_order(letters: str, initials: str) -> bool:
    position = 0
    for letter in letters:
        position = initials.find(letter, position) + 1
        if not position:
            return False
    return True


def read_page(path: Path | str, docs_dir: Path = DOCS_DIR) -> Page:
    path = Path(path).resolve()
    text = path.read_text(encoding="utf-8")
    meta, meta_lines, meta_source, body, body_line = _split_front_matter(text, path)
    try:
        src_uri = path.relative_to(Path(docs_dir).resolve()).as_posix()
    except ValueError:
        src_uri = path.name
    page = Page(path, src_uri, meta, meta_lines, meta_source, body, body_line)
    page.interview = next(iter(_blocks(page, _INTERVIEW)), None)
    scan_body(page)
    return page


def _blocks(page: Page, opening: re.Pattern) -> list[Entry]:
    """Each unindented `??? kind "title"` line matching `opening` (its group `title`),
    with its indented body."""
    lines = page.body.split("\n")
    found = []
    for index, line in enumerate(lines):
        match = opening.match(line)
        if not match:
            continue
        body, last = [], index
        for offset, following in enumerate(lines[index + 1:], start=index + 1):
            if following.strip() and not following.startswith("    "):
                break
            body.append(following[4:])
            if following.strip():
                last = offset
        found.append(Entry(match["title"], "\n".join(body).strip(), page.body_line + index,
                           page.body_line + last))
    return found


def iter_pages(docs_dir: Path = DOCS_DIR) -> list[Page]:
    return [read_page(p, docs_dir) for p in sorted(Path(docs_dir).rglob("*.md"))]


def last_changed(docs_dir: Path = DOCS_DIR) -> dict[str, date]:
    """Each page's `src_uri` → author date of the last commit that changed it, from one
    `git log`. Outside git, or for a page never committed, there is no entry: no date is
    better than a wrong one (the build date)."""
    try:
        log = subprocess.run(["git", "-c", "core.quotePath=false", "log", "--format=%x00%as",
                              "--name-only", "--relative", "--", "."],
                             cwd=docs_dir, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, date] = {}
    day = None
    for line in log.splitlines():
        if line.startswith("\0"):
            day = date.fromisoformat(line[1:])
        elif line and day:
            dates.setdefault(line, day)  # newest commit first
    return dates


def yaml_error(exc: yaml.YAMLError, first_line: int = 1) -> tuple[int, str]:
    """The line a YAML error is on, and what it is. PyYAML marks where it gave up, which
    for an unclosed quote or a line without ':' is a later line; the line it was
    scanning when it failed ("while scanning ...") is the one to fix."""
    context = getattr(exc, "context", None) or ""
    mark = getattr(exc, "context_mark", None) if context.startswith("while scanning") else None
    mark = mark or getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    return (mark.line + first_line if mark else first_line), problem


def _split_front_matter(text: str, path: Path):
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, {}, [], text, 1
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise ContentError(path, 1, "front matter opened with '---' is never closed — "
                                    "add a line '---' after the last key") from None
    raw = "\n".join(lines[1:end])
    try:
        meta = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:
        line, problem = yaml_error(exc, first_line=2)
        raise ContentError(path, line, f"front matter is not valid YAML ({problem}) — "
                                       "check quoting and indentation on this line; a value "
                                       "holding ': ', '#', '&' or '*' needs quotes") from None
    if not isinstance(meta, dict):
        raise ContentError(path, 2, "front matter must be a mapping of keys to values, "
                                    "e.g. 'title: Video recommendations'")
    meta_lines = {}
    for number, line in enumerate(lines[1:end], start=2):
        match = _KEY.match(line)
        if match:
            meta_lines.setdefault(match["key"], number)
    return meta, meta_lines, lines[1:end], "\n".join(lines[end + 1:]), end + 2


def scan_body(page: Page) -> None:
    """Collect headings, diagram references and links, skipping code blocks."""
    lines = page.body.split("\n")
    fence = None  # (char, length, info, opening line number, body lines) while inside a fence
    prose = []  # the body with code blocks blanked, so offsets still give line numbers
    for index, line in enumerate(lines):
        number = page.body_line + index
        match = _FENCE.match(line)
        if fence is not None or match:
            prose.append("")
        if fence is None:
            if match:
                marker = match["fence"]
                fence = (marker[0], len(marker), match["info"].strip(), number, [])
                continue
            heading = _HEADING.match(line)
            if heading:
                page.headings.append(Heading(len(heading["hashes"]), heading["text"], number))
            prose.append(line)
            continue
        char, length, info, start, body = fence
        closes = match and match["fence"][0] == char and len(match["fence"]) >= length \
            and not match["info"].strip()
        if not closes:
            body.append(line)
            continue
        if info == "diagram":
            sketch = page.interview is not None and \
                page.interview.line < start <= page.interview.end_line
            page.diagrams.append(_diagram_ref(page, body, start, number, sketch))
        else:
            page.code_blocks.append(CodeBlock(info, start, number))
        fence = None
    if fence is not None:
        raise ContentError(page.path, fence[3], "code fence is never closed — "
                                                f"add a closing line '{fence[0] * fence[1]}'")
    text = "\n".join(prose)
    code = [span.span() for span in _CODE_SPAN.finditer(text)]  # `[shown](as-code.md)`
    for link in _LINK.finditer(text):
        if any(start < link.start() < end for start, end in code):
            continue
        number = page.body_line + text.count("\n", 0, link.start())
        page.links.append(Link(" ".join(link["text"].split()), link["target"], number))


def _diagram_ref(page: Page, body: list[str], start: int, end: int, sketch: bool) -> DiagramRef:
    targets = [line.strip() for line in body if line.strip()]
    if len(targets) != 1 or not targets[0].endswith(".mmd"):
        raise ContentError(page.path, start, "a ```diagram block holds exactly one path "
                                             "under diagrams/ ending in .mmd, e.g. "
                                             "'case-studies/visual-search/serving.mmd'")
    return DiagramRef(targets[0], start, end, sketch)
