"""Internal links, anchors and navigation, checked from the page model in about a second.

The strict build finds the same problems, minutes later and without a line number;
`make lint` runs this so a contributor never needs the build for them. A link is
checked when its target is relative: the page (or file under docs/) must exist, and a
`#anchor` must be a heading of that page (Python-Markdown's toc ids, with the
sections the build generates), an `{#id}` or `id="…"` written in it, or one of its
figures. Every page must be in mkdocs.yml's `nav`, and every nav entry must exist.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from pathlib import Path

import catalogue
import concepts
import content

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_EXPLICIT_ID = re.compile(r"\{[^}]*#(?P<id>[\w-]+)[^}]*\}|\bid=\"(?P<html>[^\"]+)\"")
_NAV_ENTRY = re.compile(r"^\s*-\s+(?:[^:]+:\s+)?(?P<path>[\w./-]+\.md)\s*$")


def anchors(page: content.Page, pages: list[content.Page]) -> set[str]:
    """Every id a link can point to on the built page: read from the page as the build
    expands it, by the page model's own scanner (so code blocks are skipped alike)."""
    body = concepts.decorate(page, pages, catalogue.expand(page, pages, page.body))
    built = dataclasses.replace(page, body=body, headings=[], diagrams=[], links=[],
                                code_blocks=[])
    content.scan_body(built)
    taken: set[str] = set()
    for heading in built.headings:
        content.heading_id(heading.text, taken)
    fenced = [(block.line, block.end_line) for block in built.code_blocks + built.diagrams]
    for number, line in enumerate(body.split("\n"), start=built.body_line):
        if not any(start <= number <= end for start, end in fenced):
            taken.update(match["id"] or match["html"] for match in _EXPLICIT_ID.finditer(line))
    taken |= {"figure-" + Path(ref.target).stem for ref in page.diagrams}
    return taken


def nav_entries(config_path: Path = content.ROOT / "mkdocs.yml") -> dict[str, int]:
    """Each page listed in mkdocs.yml's nav, with its line there."""
    found, inside = {}, False
    for number, line in enumerate(config_path.read_text(encoding="utf-8").split("\n"), start=1):
        if re.match(r"^\S", line):
            inside = line.startswith("nav:")
            continue
        match = _NAV_ENTRY.match(line) if inside else None
        if match:
            found.setdefault(match["path"], number)
    return found


def problems(pages: list[content.Page], checked: list[content.Page] | None = None,
             generated: tuple[str, ...] = (), config_path: Path = content.ROOT / "mkdocs.yml",
             ) -> list[content.ContentError]:
    """Broken links and anchors in `checked` (default: every page), pages missing from
    the nav, and nav entries with no page. `generated`: files the build adds under docs/
    paths (the flashcard decks), which links may point to."""
    by_uri = {page.src_uri: page for page in pages}
    docs_dir = pages[0].path.parents[len(Path(pages[0].src_uri).parts) - 1] if pages else None
    ids: dict[str, set[str]] = {}
    found = []

    def ids_of(page):
        if page.src_uri not in ids:
            ids[page.src_uri] = anchors(page, pages)
        return ids[page.src_uri]

    for page in checked if checked is not None else pages:
        where = page.path
        for link in page.links:
            target = link.target
            if _SCHEME.match(target) or target.startswith("/"):
                continue
            path, _, fragment = target.partition("#")
            uri = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), path)) \
                if path else page.src_uri
            if path and uri.endswith(".md"):
                if uri not in by_uri:
                    found.append(content.ContentError(where, link.line, f"link to '{target}': "
                        f"no page docs/{uri} — fix the path (relative to this page's folder) "
                        "or create the page"))
                    continue
            elif path:
                if uri.endswith("/") or (docs_dir / uri).is_dir() or uri + ".md" in by_uri:
                    found.append(content.ContentError(where, link.line, f"link to '{target}': "
                        "link to the page's .md file (e.g. 'index.md' or 'name.md'), which the "
                        "build turns into the right address online and offline"))
                elif uri not in generated and not (docs_dir / uri).is_file():
                    found.append(content.ContentError(where, link.line, f"link to '{target}': "
                        f"no file docs/{uri} — fix the path or add the file"))
                continue
            if fragment and fragment not in ids_of(by_uri[uri]):
                headings = sorted(ids_of(by_uri[uri]))
                close = [h for h in headings if fragment in h or h in fragment][:3]
                hint = f" (did you mean #{', #'.join(close)}?)" if close else ""
                found.append(content.ContentError(where, link.line, f"link to '{target}': "
                    f"docs/{uri} has no heading or id '#{fragment}'{hint} — the anchor is the "
                    "heading in lower case with spaces as hyphens; link an existing one"))
    nav = nav_entries(config_path)
    for page in checked if checked is not None else pages:
        if page.src_uri not in nav and page.src_uri != "tags.md":
            found.append(content.ContentError(page.path, 1, f"docs/{page.src_uri} is not in "
                "the navigation — add it under its section in mkdocs.yml's 'nav:' (new "
                "classic pages at the end of their section's list)"))
    if checked is None:
        for uri, line in nav.items():
            if uri not in by_uri:
                found.append(content.ContentError(config_path, line, f"nav lists '{uri}', "
                    f"which does not exist — create docs/{uri} or remove the entry"))
    return found
