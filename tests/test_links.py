"""No broken link (LinkChecker) or anchor (one pass over the built pages) in the built site,
internal links only."""

import posixpath
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import ROOT, Site, free_port

LINKCHECKER = Path(sys.executable).parent / "linkchecker"
CONFIG = ROOT / "tests" / "linkcheckerrc"


def linkcheck(url: str, *options: str, config: Path = CONFIG) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINKCHECKER), "-f", str(config), "--no-robots", *options, url],
                          capture_output=True, text=True, timeout=600)


class _Page(HTMLParser):
    """The ids of a built page and the targets of its links."""

    def __init__(self):
        super().__init__()
        self.ids, self.hrefs = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def broken_anchors(site_dir: Path) -> list[str]:
    """Every internal link whose #anchor is missing from its target page, as
    'page: href'. Each page is parsed once."""
    pages = {}
    for html in sorted(site_dir.rglob("*.html")):
        parsed = _Page()
        parsed.feed(html.read_text(encoding="utf-8"))
        pages[html.relative_to(site_dir).as_posix()] = parsed
    broken = []
    for name, parsed in pages.items():
        for href in parsed.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.fragment:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), parts.path)) \
                if parts.path else name
            if not target.endswith(".html"):
                target = posixpath.join(target, "index.html").lstrip("./")
            if target in pages and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{name}: {href}")
    return broken


def test_site_has_no_broken_links_or_anchors(site):
    result = linkcheck(site.url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors found" in result.stdout
    assert broken_anchors(site.directory) == []


def test_broken_link_and_anchor_in_raw_html_are_caught(site, tmp_path):
    """The strict build cannot see links in raw HTML (a page's Markdown passes them through
    as written); LinkChecker and the anchor pass must. The links are put into a copy of the
    built page, as a raw-HTML paragraph of its Markdown would arrive, instead of building
    the whole site again."""
    shutil.copytree(site.directory, tmp_path / "out")
    practice = tmp_path / "out" / "practice" / "index.html"
    practice.write_text(practice.read_text(encoding="utf-8").replace("</article>",
                        '<p><a href="../concepts/diagram-legend/#no-such-anchor">legend</a></p>\n'
                        '<p><a href="../no-such-page/">nowhere</a></p>\n</article>', 1),
                        encoding="utf-8")
    port = free_port()
    served = Site(tmp_path / "out", port)
    # Check only the page with the injected links and the pages it links to: crawling the
    # whole site again would repeat the test above and cost over two minutes. Starting
    # below the root makes LinkChecker treat the rest of the site as external, so the
    # whole server is declared internal.
    config = tmp_path / "linkcheckerrc"
    config.write_text(CONFIG.read_text(encoding="utf-8").replace(
        "[filtering]\n", f"[filtering]\ninternlinks=^{re.escape(served.url)}\n"), encoding="utf-8")
    assert "internlinks=" in config.read_text(encoding="utf-8"), f"{CONFIG} has no [filtering] section"
    try:
        result = linkcheck(served.url + "practice/", "--recursion-level=1", config=config)
    finally:
        served.stop()
    assert result.returncode != 0
    assert "no-such-page" in result.stdout
    assert broken_anchors(tmp_path / "out") == [
        "practice/index.html: ../concepts/diagram-legend/#no-such-anchor"]
