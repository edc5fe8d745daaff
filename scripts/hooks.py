"""MkDocs hooks: thin wrappers that call the page model and the diagram module.

Diagram mode, from the environment variable DIAGRAMS:
  auto     (default, `make serve`) pre-rendered SVG where it is fresh; a diagram
           without one is rendered live in the browser by the site's own Mermaid,
           and the build log says which.
  require  (`make test`, deploy) every diagram must have a fresh SVG, else the build fails.
  live     every diagram is rendered in the browser (used by the browser tests).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
import content  # noqa: E402
import diagrams  # noqa: E402

log = logging.getLogger("mkdocs.hooks.diagrams")
MERMAID_JS = "assets/javascripts/mermaid.min.js"
MODES = ("auto", "require", "live")

_state: dict = {}


def on_config(config):
    mode = os.environ.get("DIAGRAMS", "auto")
    if mode not in MODES:
        raise PluginError(f"DIAGRAMS={mode!r} is not a diagram mode: use one of {', '.join(MODES)}")
    try:
        pages = content.iter_pages(Path(config.docs_dir))
    except content.ContentError as error:
        raise PluginError(str(error)) from None
    site = diagrams.Site.load(pages, live=(mode == "live"))
    used = [ref.target for page in pages for ref in page.diagrams if ref.target in site.diagrams]
    stale = site.stale(used)
    if stale and mode == "require":
        listing = "\n".join(f"  {content.display_path(site.diagrams[name].source)}" for name in stale)
        raise PluginError(f"{len(stale)} diagram(s) have no fresh pre-rendered SVG "
                          f"(DIAGRAMS=require):\n{listing}\nRun 'make diagrams' to render them.")
    if stale:
        log.info("%d diagram(s) rendered live in the browser (no fresh SVG): %s. "
                 "Run 'make diagrams' to pre-render them.", len(stale), ", ".join(stale))
        config.extra_javascript.append(MERMAID_JS)
    _state.update(pages={page.src_uri: page for page in pages}, site=site, stale=set(stale))
    return config


def on_files(files, config):
    site = _state["site"]
    for name in site.diagrams:
        rendered = site.rendered(name)
        for theme, image in (rendered or {}).items():
            files.append(File.generated(config, site.asset_path(name, theme),
                                        abs_src_path=str(image.path)))
    if not _state["stale"]:
        mermaid = files.get_file_from_path(MERMAID_JS)
        if mermaid:
            files.remove(mermaid)  # nothing renders live: do not publish 3.5 MB of Mermaid
    return files


def on_page_markdown(markdown, page, config, files):
    model = _state["pages"].get(page.file.src_uri)
    if model is None or not model.diagrams:
        return markdown
    site = _state["site"]
    lines = model.body.split("\n")
    anchors: set[str] = set()
    for number, ref in reversed(list(enumerate(model.diagrams, start=1))):
        if ref.target not in site.diagrams:
            raise PluginError(f"{content.display_path(model.path)}:{ref.line}: diagram "
                              f"'{ref.target}' does not exist — create diagrams/{ref.target} "
                              f"or fix the path")
        anchor = _anchor(ref.target, anchors)
        urls = None
        if site.rendered(ref.target):
            urls = {theme: get_relative_url(site.asset_path(ref.target, theme), page.url)
                    for theme in diagrams.THEMES}
        start, end = ref.line - model.body_line, ref.end_line - model.body_line
        lines[start:end + 1] = ["", diagrams.figure_html(site, ref.target, number, anchor, urls), ""]
    return "\n".join(lines)


def _anchor(target: str, taken: set[str]) -> str:
    base = "figure-" + Path(target).stem
    anchor, suffix = base, 2
    while anchor in taken:
        anchor, suffix = f"{base}-{suffix}", suffix + 1
    taken.add(anchor)
    return anchor
