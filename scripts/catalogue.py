"""Generated lists inside pages: a marker line that the build replaces.

    <!-- generated: case-study-catalogue -->   table of every case study
    <!-- generated: concept-index -->          list of every concept page
    <!-- generated: progress-summary -->       the reader's progress (filled in the browser)

Both are built from the pages themselves (front matter and each case study's
'At a glance' box), so adding a page updates them; nobody edits them by hand.
"""

from __future__ import annotations

import html
import json
import re

import content

MARKER = re.compile(r"^<!-- generated: (?P<name>[\w-]+) -->\s*$")


def _link(from_page: content.Page, to_page: content.Page) -> str:
    depth = from_page.src_uri.count("/")
    return f"[{to_page.title}]({'../' * depth}{to_page.src_uri})"


def _by_track(pages: list[content.Page], kind: str) -> dict[str, list[content.Page]]:
    """Pages of one kind grouped by study track (classic first), each group by title."""
    chosen = sorted((p for p in pages if p.kind == kind), key=lambda p: p.title)
    return {track: [p for p in chosen if p.track == track] for track in content.TRACKS
            if any(p.track == track for p in chosen)}


# Pages a reader can mark as done, by kind, with the words the progress summary uses.
PROGRESS_KINDS = {"framework step": "framework steps", "case study": "case studies",
                  "concept": "concepts"}


def _progress_links(markdown: str) -> str:
    """A generated list whose links the browser marks when their page is done (progress.js)."""
    return f'<div class="progress-links" markdown>\n\n{markdown}\n</div>\n'


def case_study_catalogue(page: content.Page, pages: list[content.Page]) -> str:
    blocks = []
    for track, studies in _by_track(pages, "case study").items():
        rows = [f"### {content.TRACKS[track]} systems", "",
                "| Case study | ML framing | Core techniques | Difficulty |", "|---|---|---|---|"]
        for study in studies:
            glance = study.glance()
            if study.draft:
                rows.append(f"| {_link(page, study)} | *being written* | | |")
                continue
            rows.append(f"| {_link(page, study)} | {glance.get('ML framing', '')} | "
                        f"{glance.get('Core models', '')} | {study.meta.get('difficulty', '')} |")
        blocks.append("\n".join(rows))
    return _progress_links("\n\n".join(blocks))


def concept_index(page: content.Page, pages: list[content.Page]) -> str:
    groups = _by_track(pages, "concept")
    blocks = []
    for track, concepts in groups.items():
        items = "\n".join(f"- {_link(page, c)} — {c.meta.get('description', '')}"
                          + (" *(being written)*" if c.draft else "") for c in concepts)
        blocks.append(f"**{content.TRACKS[track]}**\n\n{items}"
                      if len(groups) > 1 else items)
    return _progress_links("\n\n".join(blocks))


def progress_summary(page: content.Page, pages: list[content.Page]) -> str:
    """The element progress.js fills: every finished page of each kind, by its address."""
    groups = [{"label": label, "urls": [p.url for p in pages if p.kind == kind and not p.draft]}
              for kind, label in PROGRESS_KINDS.items()]
    data = html.escape(json.dumps(groups), quote=True)
    return (f'<div id="progress-summary" data-pages="{data}" aria-live="polite">\n'
            "Your progress appears here once the page has loaded.\n</div>")


GENERATORS = {"case-study-catalogue": case_study_catalogue, "concept-index": concept_index,
              "progress-summary": progress_summary}


def problems(pages: list[content.Page]) -> list[str]:
    found = []
    for page in pages:
        for number, line in enumerate(page.body.split("\n"), start=page.body_line):
            match = MARKER.match(line)
            if match and match["name"] not in GENERATORS:
                found.append(f"{content.display_path(page.path)}:{number}: unknown generated "
                             f"block '{match['name']}' — use one of {', '.join(GENERATORS)}")
    return found


def expand(page: content.Page, pages: list[content.Page], markdown: str) -> str:
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        match = MARKER.match(line)
        if match and match["name"] in GENERATORS:
            lines[index] = GENERATORS[match["name"]](page, pages)
    return "\n".join(lines)
