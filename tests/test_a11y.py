"""Zero axe-core violations (axe-core from npm, injected into the served site).

Every page, whole (header, tabs, navigation, table of contents, footer and content), is
checked with every rule in the light palette at 1280 px and then, in the same tab, in
the dark palette at 390 px with the rules a palette or width can change (contrast,
scrolling regions, target size, landmarks), by the every-page pass in test_browser.py.
Here one page of each kind and the 404 page are also checked in the other two views
(dark desktop, light phone), a page with known faults must fail, and the repairs of
scripts/a11y.py are pinned down. A failure names the page, the view, the rule and the
first elements.
"""

import pytest

from conftest import VIEWS, Tab, axe_violations, with_axe

pytestmark = pytest.mark.browser

EVERY_PAGE_VIEWS = ("light desktop", "dark phone")
KINDS = ["", "framework/clarify-requirements/", "case-studies/video-search/",
         "concepts/glossary/", "concepts/numbers-to-know/", "practice/self-test/",
         "practice/question-bank/", "contribute/style-guide/", "tags/"]


def audit(chromium, url, jobs):
    tab = with_axe(Tab(chromium))
    try:
        found = []
        for path, views in jobs:
            tab.page.set_viewport_size({"width": 1280, "height": 900})
            tab.page.goto(url + path, wait_until="load")
            found += axe_violations(tab, path, views)
        return found
    finally:
        tab.close()


def test_each_kind_of_page_passes_axe_in_every_view(site, chromium):
    pages = site.pages()
    missing = [path for path in KINDS if path not in pages]
    assert not missing, f"pages to check in every view no longer exist: {missing}"
    other = tuple(view for view in VIEWS if view not in EVERY_PAGE_VIEWS)
    jobs = [(path, other) for path in KINDS] + [("404.html", tuple(VIEWS))]
    found = audit(chromium, site.url, jobs)
    assert not found, f"{len(found)} axe-core violation(s):\n" + "\n".join(found)


def test_axe_check_can_fail(site, chromium):
    """The same audit on a page with known faults reports them by rule and view."""
    bad = site.directory / "a11y-probe" / "index.html"
    bad.parent.mkdir(exist_ok=True)
    bad.write_text('<html lang="en"><body><main><h1>Probe</h1><img src="x.png">'
                   '<p style="color:#777;background:#888">low</p><input type="checkbox">'
                   '</main></body></html>')
    try:
        found = audit(chromium, site.url, [("a11y-probe/", EVERY_PAGE_VIEWS)])
    finally:
        bad.unlink()
        bad.parent.rmdir()
    rules = {(line.split(" (")[1].split(")")[0], line.split(": ", 1)[1].split(" — ")[0])
             for line in found}
    first, second = EVERY_PAGE_VIEWS  # every rule in the first view, colour and layout after
    assert {(first, "image-alt"), (first, "color-contrast"), (first, "label")} <= rules, found
    assert (second, "color-contrast") in rules and (second, "label") not in rules, found


@pytest.mark.parametrize("nav", [
    '<nav class="md-nav" data-md-level="2" aria-labelledby="__nav_4_2_label" aria-expanded="false">',
    '<nav aria-expanded="false" aria-labelledby="__nav_4_2_label" class="md-nav" data-md-level="2">',
])
def test_navigation_sections_are_named_whatever_the_attribute_order(nav):
    import a11y

    title = '\n<label class="md-nav__title" for="x">\n<span class="md-nav__icon md-icon"></span>\n {}\n</label>'
    page = ('<nav class="md-nav" data-md-level="1" aria-labelledby="__nav_4_label">' +
            title.format("Concepts") + nav + title.format("Generative AI") + '<nav class="md-tags" >')
    named = a11y.name_navigation(page)
    assert 'aria-labelledby' not in named
    assert 'aria-label="Concepts"' in named and 'aria-label="Concepts: Generative AI"' in named
    assert '<nav class="md-tags" aria-label="Tags">' in named
