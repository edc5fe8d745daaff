"""Search: Material's search, with the reader's query rewritten and its index loaded late.

Material lets a site provide its own search worker. The build publishes
`assets/javascripts/workers/guide-search.js`: `docs/assets/javascripts/search-worker.js`
(which loads Material's own worker and rewrites each query before Lunr sees it) with
Material's worker file name and the site's abbreviations prefixed, and points every
page's search configuration (`<script id="__config">`, key "search") at it. Nothing of
Material's is copied or edited, so a Material patch release, whose worker has a new
hashed name, needs no change here.

`docs/assets/javascripts/search.js` runs in the page: it holds back the index request
until the reader turns to search (see there).
"""

from __future__ import annotations

import json
import re

import content

WORKER_SOURCE = "assets/javascripts/search-worker.js"  # under docs/
WORKER = "assets/javascripts/workers/guide-search.js"  # next to Material's worker
_MATERIAL_WORKER = re.compile(r"^assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
_CONFIG_WORKER = re.compile(r'("search":\s*")([^"]*/)?(search\.[0-9a-f]+\.min\.js)(")')


class SearchError(Exception):
    pass


def material_worker(uris) -> str:
    """The file name of Material's search worker among the site's files."""
    found = [uri for uri in uris if _MATERIAL_WORKER.match(uri)]
    if len(found) != 1:
        raise SearchError(f"expected one Material search worker under assets/javascripts/"
                          f"workers/, found {found or 'none'} — is the theme 'material'?")
    return found[0].rsplit("/", 1)[1]


# Pages that never lead a result list (the worker puts them second): the glossary
# defines every term, so it would otherwise come first for most terms, ahead of the
# page whose subject the term is.
DEMOTED = ["concepts/glossary/"]


def worker_script(source: str, material: str, abbreviations: dict[str, str]) -> str:
    """The published worker: its settings, then the hand-written source."""
    settings = {"worker": material, "abbreviations": abbreviations, "demoted": DEMOTED}
    return f"self.GUIDE_SEARCH = {json.dumps(settings, ensure_ascii=False)};\n{source}"


def use_worker(html: str) -> str:
    """A page whose search configuration names the site's worker instead of Material's."""
    changed, count = _CONFIG_WORKER.subn(
        lambda m: f"{m[1]}{m[2] or ''}{WORKER.rsplit('/', 1)[1]}{m[4]}", html, count=1)
    if count != 1 and 'id="__config"' in html:
        raise SearchError("the page's __config names no Material search worker — "
                          "Material's template changed; update scripts/search.py")
    return changed


def build(uris, docs_dir=content.DOCS_DIR) -> str:
    source = (docs_dir / WORKER_SOURCE).read_text(encoding="utf-8")
    return worker_script(source, material_worker(uris), content.abbreviations())
