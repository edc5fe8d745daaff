"""The built site in a real browser: pages, diagrams, palettes, instant navigation, search.

`site` is the production build (pre-rendered SVG diagrams); `live_site` is the
development fallback where Material renders Mermaid with the site's own copy.
"""

import shutil

import pytest

from conftest import Site, Tab, axe_violations, free_port, with_axe
from test_a11y import EVERY_PAGE_VIEWS

import content
import diagrams

pytestmark = pytest.mark.browser

# A figure inside a collapsed block (the 45-minute version's sketch) is opened first, as
# a reader opens it; otherwise neither of its palette variants would be shown.
FIGURE_IMAGES_LOADED = """
async () => {
  for (const block of document.querySelectorAll('details:not(.diagram__source)')) {
    if (block.querySelector('figure.diagram')) block.open = true;
  }
  const images = [...document.querySelectorAll('figure.diagram img')];
  for (const img of images) img.loading = 'eager';
  await Promise.all(images.map(img => img.decode().catch(() => null)));
  return images.map(img => ({
    src: img.getAttribute('src'),
    loaded: img.complete && img.naturalWidth > 0,
    shown: img.offsetWidth > 0,
    dark: img.closest('a').classList.contains('diagram__image--dark'),
  }));
}
"""

LIVE_DIAGRAMS = """
() => [...document.querySelectorAll('.mermaid')].map(el => {
  const svg = el.shadowRoot && el.shadowRoot.querySelector('svg');
  const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
  return { rendered: !!svg && box.width > 0 && box.height > 0,
           error: !!(svg && svg.getAttribute('aria-roledescription') === 'error') };
})
"""


def figures(tab):
    return tab.page.evaluate(FIGURE_IMAGES_LOADED)


def set_scheme(tab, scheme):
    """Click the palette toggle until the page shows `scheme` ('default' or 'slate')."""
    for _ in range(3):
        if tab.page.evaluate("document.body.dataset.mdColorScheme") == scheme:
            return
        tab.page.locator("form[data-md-component=palette] label:visible").first.click()
        tab.page.wait_for_timeout(150)
    assert tab.page.evaluate("document.body.dataset.mdColorScheme") == scheme


PARTS = 4  # the pass is split so that both test workers share it


@pytest.mark.parametrize("part", range(PARTS))
def test_every_page_loads_clean_renders_its_figures_and_passes_axe(site, tab, part):
    """One pass over every page (a quarter of them per part): no page or console error,
    every figure loaded in the palette shown, nothing asked of another host, and zero
    axe-core violations in the light palette at 1280 px and the dark one at 390 px
    (test_a11y.py has the rest)."""
    with_axe(tab)
    pages = site.pages()
    assert len(pages) >= 7
    seen_figures, violations = 0, []
    for url in pages[part::PARTS]:
        tab.page.set_viewport_size({"width": 1280, "height": 900})
        # "load", not "networkidle": every request a page starts is still recorded while the
        # next one loads, and figures() waits for every image; the last page waits for idle.
        tab.page.goto(site.url + url, wait_until="load")
        for figure in figures(tab):
            seen_figures += 1
            assert figure["loaded"], f"{url}: {figure['src']} did not load"
            assert figure["shown"] != figure["dark"], f"{url}: wrong palette variant shown"
        violations += axe_violations(tab, url, EVERY_PAGE_VIEWS)
    assert seen_figures >= 3
    tab.page.wait_for_load_state("networkidle")
    assert tab.errors == []
    assert tab.foreign_requests() == []
    assert not violations, f"{len(violations)} axe-core violation(s):\n" + "\n".join(violations)


def test_palette_toggle_switches_diagrams_to_dark(site, tab):
    tab.page.goto(site.url, wait_until="networkidle")
    set_scheme(tab, "slate")
    shown = [f for f in figures(tab) if f["shown"]]
    assert shown and all(f["dark"] and f["loaded"] for f in shown)
    set_scheme(tab, "default")
    shown = [f for f in figures(tab) if f["shown"]]
    assert shown and not any(f["dark"] for f in shown)
    assert tab.errors == [] and tab.foreign_requests() == []


SKETCH = """
() => {
  const block = [...document.querySelectorAll('details')]
    .find(d => d.querySelector(':scope > summary').textContent.trim() === 'The 45-minute version');
  return block && {
    open: block.open,
    captions: [...document.querySelectorAll('figure.diagram figcaption a')].map(a => a.textContent),
    shown: [...block.querySelectorAll('figure.diagram img')].filter(img => img.checkVisibility())
      .map(img => ({ loaded: img.complete && img.naturalWidth > 0,
                     dark: img.closest('a').classList.contains('diagram__image--dark') })),
  };
}
"""


def test_the_45_minute_version_opens_and_its_sketch_shows_in_both_palettes(site, tab):
    page = next(p for p in content.iter_pages() if p.kind == "case study" and p.interview)
    tab.page.goto(site.url + page.url, wait_until="networkidle")
    closed = tab.page.evaluate(SKETCH)
    assert closed["open"] is False and closed["shown"] == []  # collapsed by default
    # The sketch is captioned as such and does not take a figure number.
    assert closed["captions"][0] == "Whiteboard sketch."
    assert closed["captions"][1:] == [f"Figure {n}." for n in range(1, len(page.figures) + 1)]
    tab.page.get_by_text("The 45-minute version", exact=True).click()
    for scheme, dark in (("default", False), ("slate", True)):
        set_scheme(tab, scheme)
        tab.page.wait_for_function(
            "() => [...document.querySelectorAll('details[open] figure.diagram img')]"
            ".some(img => img.checkVisibility() && img.complete && img.naturalWidth > 0)")
        opened = tab.page.evaluate(SKETCH)
        assert opened["open"] and opened["shown"] == [{"loaded": True, "dark": dark}], opened
    assert tab.errors == [] and tab.foreign_requests() == []


def test_system_dark_preference_is_followed(site, chromium):
    dark = Tab(chromium, color_scheme="dark")
    try:
        dark.page.goto(site.url, wait_until="networkidle")
        assert dark.page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        shown = [f for f in figures(dark) if f["shown"]]
        assert shown and all(f["dark"] for f in shown)
    finally:
        dark.close()


def navigate_instantly(tab, served, start, target_url):
    """Open `start`, then follow a link to `target_url` without a full page load."""
    tab.page.goto(served.url + start, wait_until="networkidle")
    tab.page.evaluate("window.__noReload = true; document.querySelector('article').dataset.old = 1")
    tab.page.locator(f'.md-content a[href$="{target_url}"]').first.click()
    tab.page.wait_for_url(served.url + target_url.lstrip("./"))
    # The address changes before the new content is in place: wait for the swap.
    tab.page.wait_for_function("() => document.querySelector('article:not([data-old])')")
    tab.page.wait_for_load_state("networkidle")
    assert tab.page.evaluate("window.__noReload === true"), "instant navigation did not happen"


def test_instant_navigation_to_a_diagram_page_renders_its_diagrams(site, tab):
    navigate_instantly(tab, site, "concepts/", "concepts/diagram-legend/")
    shown = figures(tab)
    assert shown and all(f["loaded"] for f in shown)
    assert tab.errors == [] and tab.foreign_requests() == []


def test_search_returns_the_page_that_has_the_word(site, tab):
    tab.page.goto(site.url, wait_until="networkidle")
    search = tab.page.locator(".md-search__input")
    search.click()
    search.press_sequentially("legend", delay=30)  # Material reacts to key events
    tab.page.wait_for_selector(".md-search-result__item")
    links = tab.page.eval_on_selector_all(".md-search-result__item a", "els => els.map(a => a.href)")
    assert any("concepts/diagram-legend/" in href for href in links), links
    assert tab.errors == [] and tab.foreign_requests() == []


# --- The offline copy (make offline), opened from the file system -----------------------

# (the `offline_copy` fixture is in conftest.py: the diagram viewer's tests use it too)

def file_system_only(tab):
    return [url for url in tab.requests if not url.startswith(("file:", "data:", "blob:"))]


@pytest.mark.xdist_group("offline-copy")
def test_offline_copy_works_from_the_file_system(offline_copy, tab):
    tab.page.goto((offline_copy / "case-studies" / "index.html").as_uri(), wait_until="load")
    assert file_system_only(tab) == []
    tab.page.locator('.md-content a[href$="visual-search.html"]').first.click()
    tab.page.wait_for_load_state("load")
    assert tab.page.url == (offline_copy / "case-studies" / "visual-search.html").as_uri()
    shown = figures(tab)
    assert len(shown) >= 8 and all(f["loaded"] for f in shown), shown
    search = tab.page.locator(".md-search__input")
    search.click()
    search.press_sequentially("legend", delay=30)
    tab.page.wait_for_selector(".md-search-result__item")
    links = tab.page.eval_on_selector_all(".md-search-result__item a", "els => els.map(a => a.href)")
    assert any("concepts/diagram-legend.html" in href for href in links), links
    # The numbers calculator runs from disk too.
    tab.page.goto((offline_copy / "concepts" / "numbers-to-know.html").as_uri() +
                  "#n-numbers-to-know-peak-factor", wait_until="load")  # opens the table there
    tab.page.locator('input[data-n="numbers_to_know.peak_factor"]').fill("6")
    assert tab.page.locator('.nb[data-n="numbers_to_know.peak_qps"]').first.inner_text() == \
        "69.4 k QPS"
    # The self-test loads its cards and scheduler from disk, and its links open files.
    tab.page.goto((offline_copy / "practice" / "self-test.html").as_uri(), wait_until="load")
    tab.page.wait_for_selector('#self-test-app[data-ready="true"]', timeout=15000)
    tab.page.keyboard.press("Space")
    source = tab.page.locator(".self-test__source a").get_attribute("href")
    assert source.startswith((offline_copy / "practice" / "question-bank.html").as_uri() + "#"), source
    tab.page.keyboard.press("3")
    assert "1 scheduled later" in tab.page.locator(".self-test__status").inner_text()
    assert tab.errors == [] and file_system_only(tab) == []


# --- The live-rendering fallback (make serve with an edited diagram) --------------------

def live_diagrams(tab):
    tab.page.wait_for_function(
        "() => [...document.querySelectorAll('.mermaid')].every(el => el.shadowRoot)", timeout=15000)
    return tab.page.evaluate(LIVE_DIAGRAMS)


def live_sample(pages):
    """The fewest pages that together show every diagram kind, page type and generated diagram.

    `make diagrams` already renders every diagram with the same Mermaid in Chromium; what the
    live fallback adds is the site's own loading and configuration of Mermaid, which differs
    by diagram kind (flowchart, sequence, state, chart…) and by page, not by diagram. Greedy
    set cover keeps this test's cost flat as the guide grows.
    """
    found = diagrams.load_diagrams(pages, diagrams.load_classes())
    features = {}
    for page in pages:
        used = [found[ref.target] for ref in page.diagrams if ref.target in found]
        if used:
            features[page.url] = ({d.kind for d in used} | {"page: " + page.kind}
                                  | ({"generated"} if any(d.generated for d in used) else set()))
    wanted, chosen = set().union(*features.values()), []
    while wanted:
        url = max(sorted(features), key=lambda u: len(features[u] & wanted))
        chosen.append(url)
        wanted -= features.pop(url)
    return chosen


def test_live_sample_covers_every_diagram_kind():
    pages = content.iter_pages()
    chosen = live_sample(pages)
    found = diagrams.load_diagrams(pages, diagrams.load_classes())
    kinds = {d.kind for d in found.values()}
    assert {"flowchart", "sequenceDiagram", "stateDiagram-v2", "xychart-beta"} <= kinds
    by_url = {page.url: page for page in pages}
    shown = {found[ref.target].kind for url in chosen for ref in by_url[url].diagrams}
    assert shown == kinds and len(chosen) < len({p.url for p in pages if p.diagrams})


@pytest.mark.xdist_group("live-site")
def test_live_fallback_renders_every_diagram_kind(live_site, tab):
    pages = live_sample(content.iter_pages())
    assert pages
    for url in pages:
        tab.page.goto(live_site.url + url, wait_until="networkidle")
        rendered = live_diagrams(tab)
        assert rendered and all(d["rendered"] and not d["error"] for d in rendered), url
    assert tab.errors == [] and tab.foreign_requests() == []


@pytest.mark.xdist_group("live-site")
def test_live_fallback_after_instant_navigation_and_in_dark(live_site, tab):
    navigate_instantly(tab, live_site, "concepts/", "concepts/diagram-legend/")
    assert all(d["rendered"] for d in live_diagrams(tab))
    set_scheme(tab, "slate")
    tab.page.wait_for_timeout(500)
    assert all(d["rendered"] and not d["error"] for d in live_diagrams(tab))
    assert tab.errors == [] and tab.foreign_requests() == []


@pytest.mark.xdist_group("live-site")
def test_live_fallback_catches_a_broken_diagram(live_site, tmp_path, tab):
    # The live build already puts each diagram's source in its page (the tests above render
    # it); break the home page's diagram in a copy of that output instead of building again.
    out = tmp_path / "out"
    shutil.copytree(live_site.directory, out)
    home = out / "index.html"
    line = "s7 -. new data and questions .-&gt; s1"
    assert line in home.read_text(encoding="utf-8")
    broken = home.read_text(encoding="utf-8").replace(line, line + "\n    s7 --&gt;&gt; ]] broken", 1)
    home.write_text(broken, encoding="utf-8")
    served = Site(out, free_port())
    try:
        tab.page.goto(served.url, wait_until="networkidle")
        error_svg = 0
        for _ in range(60):  # up to 15 s: live rendering is slow on a busy machine
            error_svg = tab.page.locator('svg[aria-roledescription="error"]').count()
            if tab.errors or error_svg:
                break
            tab.page.wait_for_timeout(250)
        assert tab.errors or error_svg, "a broken diagram went unnoticed"
    finally:
        served.stop()


def test_foreign_request_detector_sees_other_hosts(site, tab):
    """Guard for the guards above: a request to another host must be noticed."""
    tab.page.goto(site.url, wait_until="networkidle")
    tab.page.evaluate("fetch('https://example.invalid/x.js').catch(() => null)")
    tab.page.wait_for_timeout(200)
    assert tab.foreign_requests() == ["https://example.invalid/x.js"]
