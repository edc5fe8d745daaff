"""LinkChecker finds no broken link or anchor in the built site (internal links only)."""

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, Site, build, free_port, project_copy

LINKCHECKER = Path(sys.executable).parent / "linkchecker"
CONFIG = ROOT / "tests" / "linkcheckerrc"


def linkcheck(url: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINKCHECKER), "-f", str(CONFIG), "--no-robots", url],
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
    try:
        result = linkcheck(served.url)
    finally:
        served.stop()
    assert result.returncode != 0
    assert "no-such-page" in result.stdout
    assert "no-such-anchor" in result.stdout
