"""Print and `make pdf`: a page prints light, whole and without controls; the whole guide
is one PDF with every page and figure, asking no other host for anything."""

import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from conftest import ROOT, Tab

import content
import lint

pytestmark = pytest.mark.browser


def _outline(items, depth=0):
    for item in items:
        if isinstance(item, list):
            yield from _outline(item, depth + 1)
        else:
            yield depth, item.title


def test_make_pdf_prints_the_whole_guide(pdf_job):
    job, out = pdf_job
    log = (out / "make.log").read_text()
    assert job.returncode == 0, log[-3000:]
    reader = PdfReader(out / "guide.pdf")
    assert len(reader.pages) > 300
    titles = {title.strip() for depth, title in _outline(reader.outline) if depth == 0}
    pages = content.iter_pages()
    excluded = set(lint.plugin_config("print-site")["exclude"])  # pages only the site has
    printed = [p for p in pages if p.src_uri not in excluded]
    missing = [p.title for p in printed if p.title not in titles]
    assert not missing, f"pages without a bookmark in the PDF: {missing}"
    # scripts/pdf.py counts the figures on the printed page, after every image loaded.
    figures = sum(len(p.diagrams) for p in printed)
    reported = re.search(r"pdf: .* (\d+) pages of the guide, (\d+) figures", log)
    assert reported and int(reported[2]) == figures, log[-2000:]
    # The figures are drawn, not linked: the home page's first caption is text on a page.
    assert any("Figure 1. The seven steps" in reader.pages[n].extract_text() for n in range(12))


def test_pdf_refuses_a_page_that_asks_another_host(tmp_path):
    page = tmp_path / "site" / "print_page" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html><body><script>window.guidePrint={prepare(){}}</script>'
                    '<img src="https://example.org/x.png"></body></html>')
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "pdf.py"),
                             str(tmp_path / "site"), str(tmp_path / "out.pdf")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "requests to other hosts: https://example.org/x.png" in result.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_a_page_prints_light_open_and_without_controls(site, chromium):
    tab = Tab(chromium, color_scheme="dark")
    try:
        tab.page.goto(site.url + "case-studies/video-search/")
        tab.page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
        tab.page.emulate_media(media="print")
        tab.page.wait_for_timeout(200)
        tab.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        state = tab.page.evaluate("""() => {
          const shown = el => !!el && getComputedStyle(el).display !== 'none';
          const details = [...document.querySelectorAll('article details')];
          return {
            scheme: document.body.dataset.mdColorScheme,
            light: [...document.querySelectorAll('.diagram__image--light')].every(shown),
            dark: [...document.querySelectorAll('.diagram__image--dark')].some(shown),
            closedAnswers: details.filter(d => !d.matches('.diagram__source, .nb-calc details')
                                               && !d.open).length,
            valuesShown: [...document.querySelectorAll('.nb-details > :not(summary)')].some(shown),
            sourcesShown: [...document.querySelectorAll('details.diagram__source')].some(shown),
            doneButton: shown(document.querySelector('.progress-toggle')),
            tags: shown(document.querySelector('.md-tags')),
            minWidth: getComputedStyle(document.querySelector('.diagram__image img')).minWidth,
          };
        }""")
        assert state == {"scheme": "default", "light": True, "dark": False, "closedAnswers": 0,
                         "valuesShown": False, "sourcesShown": False, "doneButton": False,
                         "tags": False, "minWidth": "0px"}, state
        tab.page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        assert tab.page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    finally:
        tab.close()
