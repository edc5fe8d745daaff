"""Links between case studies and concept pages, generated from front matter.

A case study lists the concept pages it relies on (`concepts: [two-tower-retrieval, …]`).
From that one list the build adds a "Concepts used" box to the case study and a "Used
in case studies" section to each concept page; nobody maintains either by hand.
"""

from __future__ import annotations

import content

def concept_pages(pages: list[content.Page]) -> dict[str, content.Page]:
    """Concept pages by slug (the file name under docs/concepts/)."""
    return {page.slug: page for page in pages if page.kind == "concept"}


def problems(pages: list[content.Page]) -> list[str]:
    """Every `concepts:` slug that has no page, as `path:line: message`."""
    known = concept_pages(pages)
    found = []
    for page in pages:
        for slug in page.meta_list("concepts"):
            if slug not in known:
                found.append(f"{content.display_path(page.path)}:{page.line_of('concepts', slug)}: "
                             f"concept '{slug}' has no page — create docs/concepts/{slug}.md "
                             f"or use an existing slug (the file names in docs/concepts/)")
    return found


def _link(from_page: content.Page, to_page: content.Page) -> str:
    depth = from_page.src_uri.count("/")
    return f"[{to_page.title}]({'../' * depth}{to_page.src_uri})"


def concepts_box(page: content.Page, pages: list[content.Page]) -> str:
    """The admonition a case study shows before its first section."""
    known = concept_pages(pages)
    links = [_link(page, known[slug]) for slug in page.meta_list("concepts") if slug in known]
    if not links:
        return ""
    return ('!!! info "Concepts used in this case study"\n    ' + " · ".join(links) + "\n")


def used_in_section(page: content.Page, pages: list[content.Page]) -> str:
    """The section a concept page shows with every case study that uses it."""
    users = sorted((p for p in pages if page.slug in p.meta_list("concepts")),
                   key=lambda p: p.title)
    lines = ["## Used in case studies", ""]
    if users:
        lines += [f"- {_link(page, user)}" for user in users]
    else:
        lines.append("No case study relies on this concept yet.")
    return "\n".join(lines) + "\n"


def decorate(page: content.Page, pages: list[content.Page], markdown: str) -> str:
    """Insert the generated box or section into a page's Markdown."""
    lines = markdown.split("\n")
    if page.meta_list("concepts"):
        box = concepts_box(page, pages)
        first_section = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
        lines[first_section:first_section] = [box, ""]
    if page.slug in concept_pages(pages):
        section = used_in_section(page, pages)
        references = next((i for i, line in enumerate(lines) if line.strip() == "## References"),
                          len(lines))
        lines[references:references] = ["", section]
    return "\n".join(lines)
