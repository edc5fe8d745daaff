"""Generated lists inside pages: a marker line that the build replaces.

    <!-- generated: case-study-catalogue -->   table of every case study
    <!-- generated: concept-index -->          list of every concept page

Both are built from the pages themselves (front matter and each case study's
'At a glance' box), so adding a page updates them; nobody edits them by hand.
"""

from __future__ import annotations

import re

import content

MARKER = re.compile(r"^<!-- generated: (?P<name>[\w-]+) -->\s*$")


def _link(from_page: content.Page, to_page: content.Page) -> str:
    depth = from_page.src_uri.count("/")
    return f"[{to_page.title}]({'../' * depth}{to_page.src_uri})"


def case_study_catalogue(page: content.Page, pages: list[content.Page]) -> str:
    studies = sorted((p for p in pages if p.kind == "case study"), key=lambda p: p.title)
    rows = ["| Case study | ML framing | Core techniques | Difficulty |", "|---|---|---|---|"]
    for study in studies:
        glance = study.glance()
        if study.draft:
            rows.append(f"| {_link(page, study)} | *being written* | | |")
            continue
        rows.append(f"| {_link(page, study)} | {glance.get('ML framing', '')} | "
                    f"{glance.get('Core models', '')} | {study.meta.get('difficulty', '')} |")
    return "\n".join(rows) + "\n"


def concept_index(page: content.Page, pages: list[content.Page]) -> str:
    concepts = sorted((p for p in pages if p.kind == "concept"), key=lambda p: p.title)
    return "\n".join(f"- {_link(page, c)} — {c.meta.get('description', '')}"
                     + (" *(being written)*" if c.draft else "")
                     for c in concepts) + "\n"


GENERATORS = {"case-study-catalogue": case_study_catalogue, "concept-index": concept_index}


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
