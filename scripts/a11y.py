"""Accessibility repairs to what Python-Markdown and Material produce (axe-core clean).

- A Python-Markdown extension (`scripts.a11y` in mkdocs.yml): a task list's checkbox
  (pymdownx.tasklist) is an <input> inside an empty <label>, so it has no accessible
  name; it gets its item's text as aria-label.
- `name_navigation(html)`, for the hook on every built page: Material labels each
  navigation section by the element that holds its toggle, which is empty for a
  section with an index page, so several <nav> landmarks share the name "" (and two
  sections called "Generative AI" share theirs). Each section's <nav> is named by its
  own title, qualified by its top-level section when it is nested; the page's tag list
  (another unnamed <nav>) is named "Tags".
"""

from __future__ import annotations

import html
import re

from markdown import Extension
from markdown.postprocessors import Postprocessor

_TASK = re.compile(r'(<li class="task-list-item"><label class="task-list-control">'
                   r'<input type="checkbox")([^>]*/>.*?</label>)(.*?)(?=<ul|<ol|</li>)', re.S)
_TAGS = re.compile(r"<[^>]+>")
# A section's <nav> and the title label that opens it; attributes in any order (mermaid2
# re-serialises a page that renders a diagram live, and sorts them).
_NAV = re.compile(r'<nav\b(?P<attrs>[^>]*)>(?P<title>\s*<label class="md-nav__title"[^>]*>\s*'
                  r'<span class="md-nav__icon md-icon"></span>\s*(?P<text>[^<]*?)\s*</label>)')
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub("", fragment)).split())


class _TaskLabels(Postprocessor):
    def run(self, text: str) -> str:
        return _TASK.sub(lambda m: f'{m[1]} aria-label="{html.escape(_plain(m[3])[:150], quote=True)}"'
                         f'{m[2]}{m[3]}', text)


class A11yExtension(Extension):
    def extendMarkdown(self, md):
        # After the raw-HTML postprocessor (30) has put the stashed checkbox back.
        md.postprocessors.register(_TaskLabels(md), "a11y-task-labels", 20)


def makeExtension(**kwargs):
    return A11yExtension(**kwargs)


def name_navigation(page: str) -> str:
    top = ""

    def name(match):
        nonlocal top
        attrs = dict(_ATTR.findall(match["attrs"]))
        if attrs.get("class") != "md-nav" or "aria-labelledby" not in attrs:
            return match[0]
        title = " ".join(html.unescape(match["text"]).split())
        level = int(attrs.get("data-md-level", "1"))
        if level == 1:
            top = title
        del attrs["aria-labelledby"]
        attrs["aria-label"] = title if level <= 1 or not top else f"{top}: {title}"
        rendered = " ".join(f'{key}="{html.escape(html.unescape(value), quote=True)}"'
                            for key, value in attrs.items())
        return f"<nav {rendered}>{match['title']}"

    page = _NAV.sub(name, page)
    return re.sub(r'<nav class="md-tags"\s*>', '<nav class="md-tags" aria-label="Tags">', page)
