"""Diagrams on a phone: the cut-off cue and the full-screen viewer, in a real browser.

At 390 px a case study's wide figures scroll sideways in their box; such a box must say
so, and every figure must open full screen (docs/assets/javascripts/diagram-viewer.js,
with @panzoom/panzoom from npm, fetched only when a reader first opens a figure).
"""

import pytest
from playwright.sync_api import TimeoutError

from conftest import Tab

pytestmark = pytest.mark.browser

PAGE = "case-studies/visual-search/"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
LIBRARY = "assets/javascripts/panzoom.min.js"

FIGURES = """
() => [...document.querySelectorAll('figure.diagram')].map(figure => {
  const box = figure.querySelector('.diagram__scroll');
  const style = getComputedStyle(box);
  return {
    id: figure.id,
    shown: box.clientWidth > 0,
    wider: box.scrollWidth > box.clientWidth + 1,   // what the reader's screen cuts off
    cue: box.classList.contains('diagram--overflows'),
    fade: (style.maskImage || style.webkitMaskImage || 'none') !== 'none',
    hint: getComputedStyle(figure.querySelector('figcaption'), '::before').content,
  };
})
"""

VIEWER = """
() => {
  const dialog = document.querySelector('dialog.diagram-viewer');
  if (!dialog) return null;
  const img = dialog.querySelector('img');
  const label = document.getElementById(dialog.getAttribute('aria-labelledby'));
  return {
    open: dialog.open,
    modal: dialog.matches(':modal'),
    src: img.src,
    loaded: img.complete && img.naturalWidth > 0,
    scale: new DOMMatrix(getComputedStyle(img).transform).a,
    label: label ? label.textContent : null,
  };
}
"""


def figures(tab):
    return {f["id"]: f for f in tab.page.evaluate(FIGURES)}


def wide_and_narrow(tab):
    """A figure wider than the 390 px column, and one that fits it."""
    shown = [f for f in figures(tab).values() if f["shown"]]
    wide = next(f for f in shown if f["wider"])
    narrow = next(f for f in shown if not f["wider"])
    return wide, narrow


def link(tab, figure_id):
    """The figure's link in the palette shown."""
    return tab.page.locator(f"#{figure_id} a.diagram__image:visible")


def viewer(tab):
    return tab.page.evaluate(VIEWER)


def wait_scale(tab, test):
    """The viewer's image scale once it passes `test` (e.g. "> 1.2"), or the last one seen."""
    try:
        tab.page.wait_for_function(f"() => ({VIEWER})().scale {test}", timeout=3000)
    except TimeoutError:
        pass
    return viewer(tab)["scale"]


def wait_open(tab):
    """The viewer's state once it is open and its image has loaded."""
    tab.page.wait_for_function(f"() => {{ const v = ({VIEWER})(); return v && v.open && v.loaded; }}",
                               timeout=5000)
    return viewer(tab)


def library_requests(tab):
    return [url for url in tab.requests if url.endswith(LIBRARY)]


def pinch(tab, x, y):
    """Two fingers moving apart around (x, y), through Chromium's touch input."""
    cdp = tab.context.new_cdp_session(tab.page)

    def fingers(apart):
        return [{"x": x - apart, "y": y, "id": 0}, {"x": x + apart, "y": y, "id": 1}]

    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": fingers(20)})
    for apart in range(30, 150, 10):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": fingers(apart)})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


@pytest.fixture
def phone(chromium):
    opened = Tab(chromium, **PHONE)
    yield opened
    opened.close()


@pytest.fixture
def dark_phone(chromium):
    opened = Tab(chromium, color_scheme="dark", **PHONE)
    yield opened
    opened.close()


def test_only_figures_wider_than_the_column_show_the_cue(site, phone, tab):
    phone.page.goto(site.url + PAGE, wait_until="networkidle")
    wide, narrow = wide_and_narrow(phone)
    assert wide["cue"] and wide["fade"] and "tap" in wide["hint"], wide
    assert not narrow["cue"] and not narrow["fade"] and narrow["hint"] == "none", narrow
    # Scrolled to its end, the box fades its other edge: the cut is now on the left.
    box = phone.page.locator(f"#{wide['id']} .diagram__scroll")
    box.evaluate("box => box.scrollTo(box.scrollWidth, 0)")
    phone.page.wait_for_function(
        f"() => document.querySelector('#{wide['id']} .diagram__scroll').classList.contains('diagram--end')")
    # Measured, not assumed: on a desktop column the same figure fits, and has no cue.
    tab.page.goto(site.url + PAGE, wait_until="networkidle")
    desktop = figures(tab)[wide["id"]]
    assert not desktop["wider"] and not desktop["cue"] and desktop["hint"] == "none", desktop
    assert phone.errors == [] and tab.errors == []


def test_tapping_a_wide_figure_opens_it_full_screen_to_zoom_and_close(site, phone):
    phone.page.goto(site.url + PAGE, wait_until="networkidle")
    wide, _ = wide_and_narrow(phone)
    trigger = link(phone, wide["id"])
    # A real link with a name (the image's text alternative), holding nothing interactive.
    assert trigger.evaluate("a => a.querySelector('img').alt.length > 20 && "
                            "!a.querySelector('a, button, input, [tabindex]')")
    assert trigger.get_attribute("aria-haspopup") == "dialog"
    href = trigger.evaluate("a => a.href")
    assert href.endswith("-light.svg"), href
    trigger.tap()
    shown = wait_open(phone)
    caption = phone.page.locator(f"#{wide['id']} figcaption").inner_text()
    assert shown["modal"] and shown["src"] == href and shown["label"] == caption, shown
    assert wait_scale(phone, "=== 1") == 1
    # Keys zoom in and reset; two fingers zoom in.
    phone.page.keyboard.press("+")
    assert wait_scale(phone, "> 1.2") > 1.2
    phone.page.keyboard.press("0")
    assert wait_scale(phone, "< 1.01") == pytest.approx(1)
    stage = phone.page.locator(".diagram-viewer__stage").bounding_box()
    pinch(phone, stage["x"] + stage["width"] / 2, stage["y"] + stage["height"] / 2)
    assert wait_scale(phone, "> 1.2") > 1.2
    # Esc closes, and focus is back on the figure's link.
    phone.page.keyboard.press("Escape")
    phone.page.wait_for_function("() => !document.querySelector('dialog.diagram-viewer').open")
    assert trigger.evaluate("a => document.activeElement === a")
    # From the keyboard: Enter on the link opens it again; the close button closes it.
    phone.page.keyboard.press("Enter")
    wait_open(phone)
    assert wait_scale(phone, "=== 1") == 1  # a new opening starts fitted
    phone.page.get_by_role("button", name="Close the diagram").click()
    assert trigger.evaluate("a => document.activeElement === a")
    assert phone.errors == [] and phone.foreign_requests() == []


def test_the_viewer_shows_the_dark_diagram_in_the_dark_palette(site, dark_phone):
    dark_phone.page.goto(site.url + PAGE, wait_until="networkidle")
    assert dark_phone.page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    wide, _ = wide_and_narrow(dark_phone)
    trigger = link(dark_phone, wide["id"])
    href = trigger.evaluate("a => a.href")
    assert href.endswith("-dark.svg"), href
    trigger.tap()
    assert wait_open(dark_phone)["src"] == href
    background = dark_phone.page.evaluate(
        "getComputedStyle(document.querySelector('dialog.diagram-viewer')).backgroundColor")
    assert background not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), background
    assert dark_phone.errors == []


def test_desktop_wheel_zooms_and_the_library_loads_only_on_first_open(site, tab):
    tab.page.goto(site.url + PAGE, wait_until="networkidle")
    tab.page.wait_for_timeout(300)
    assert library_requests(tab) == [] and tab.page.evaluate("typeof window.Panzoom") == "undefined"
    first = tab.page.locator("figure.diagram a.diagram__image:visible").first
    first.click()
    wait_open(tab)
    assert len(library_requests(tab)) == 1
    stage = tab.page.locator(".diagram-viewer__stage").bounding_box()
    tab.page.mouse.move(stage["x"] + stage["width"] / 2, stage["y"] + stage["height"] / 2)
    for _ in range(3):
        tab.page.mouse.wheel(0, -100)
    assert wait_scale(tab, "> 1.2") > 1.2
    tab.page.keyboard.press("n")  # Material's "next page" key must not act behind the viewer
    tab.page.wait_for_timeout(300)
    assert tab.page.url == site.url + PAGE
    tab.page.keyboard.press("Escape")
    # After instant navigation (the same document) another page's figures open too.
    tab.page.evaluate("window.sameDocument = true")
    tab.page.locator('.md-sidebar--primary a[href$="video-search/"]').first.click()
    tab.page.wait_for_url("**/case-studies/video-search/")
    tab.page.locator("figure.diagram a.diagram__image:visible").nth(1).click()
    shown = wait_open(tab)
    assert "/video-search/" in shown["src"] and tab.page.evaluate("window.sameDocument")
    assert len(library_requests(tab)) == 1  # fetched once, reused
    assert tab.errors == [] and tab.foreign_requests() == []


@pytest.mark.xdist_group("offline-copy")
def test_the_offline_copy_opens_the_viewer_from_the_file_system(offline_copy, phone):
    phone.page.goto((offline_copy / "case-studies" / "visual-search.html").as_uri(), wait_until="load")
    trigger = phone.page.locator("figure.diagram a.diagram__image:visible").first
    trigger.scroll_into_view_if_needed()
    trigger.tap()
    shown = wait_open(phone)
    assert shown["open"] and shown["src"].startswith("file://") and shown["src"].endswith(".svg")
    phone.page.keyboard.press("+")
    assert wait_scale(phone, "> 1.2") > 1.2
    assert phone.errors == []
    assert [url for url in phone.requests if not url.startswith(("file:", "data:", "blob:"))] == []
