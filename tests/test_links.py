"""LinkChecker finds no broken link or anchor in the built site (internal links only)."""

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, Site, build, free_port, project_copy

LINKCHECKER = Path(sys.executable).parent / "linkchecker"
CONFIG = ROOT / "tests" / "linkcheckerrc"


def linkcheck(url: str, *options: str, config: Path = CONFIG) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINKCHECKER), "-f", str(config), "--no-robots", *options, url],
                          capture_output=True, text=True, timeout=600)


def test_site_has_no_broken_links_or_anchors(site):
    result = linkcheck(site.url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors found" in result.stdout


def test_linkchecker_catches_a_broken_anchor_in_raw_html(tmp_path):
    """The strict build cannot see links in raw HTML; LinkChecker must."""
    root = project_copy(tmp_path / "copy")
    practice = root / "docs" / "practice" / "index.md"
    practice.write_text(practice.read_text() + "\n"
                        '<p><a href="../concepts/diagram-legend/#no-such-anchor">legend</a></p>\n'
                        '<p><a href="../no-such-page/">nowhere</a></p>\n', encoding="utf-8")
    port = free_port()
    build(root, tmp_path / "out", diagrams="auto", site_url=f"http://127.0.0.1:{port}/")
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
    assert "no-such-anchor" in result.stdout
