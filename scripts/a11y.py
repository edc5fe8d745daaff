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
_NAV = re.compile(r'<nav class="md-nav" data-md-level="(?P<level>\d+)" '
                  r'aria-labelledby="[^"]+"(?P<rest>[^>]*)>(?P<title>\s*<label class="md-nav__title"'
                  r'[^>]*>\s*<span class="md-nav__icon md-icon"></span>\s*(?P<text>[^<]*?)\s*</label>)')


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
        title = " ".join(html.unescape(match["text"]).split())
        level = int(match["level"])
        if level == 1:
            top = title
        label = title if level <= 1 or not top else f"{top}: {title}"
        return (f'<nav class="md-nav" data-md-level="{match["level"]}" '
                f'aria-label="{html.escape(label, quote=True)}"{match["rest"]}>{match["title"]}')

    page = _NAV.sub(name, page)
    return page.replace('<nav class="md-tags" >', '<nav class="md-tags" aria-label="Tags">')
