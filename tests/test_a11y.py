"""Zero axe-core violations (axe-core from npm, injected into the served site).

Every page's content (Material's `.md-content`) is checked in the light palette on a
desktop and in the dark palette on a 390 px phone; one page of each kind is checked
whole (header, tabs, navigation drawer, table of contents, footer) in all four of
light and dark × 1280 and 390 px, the 404 page included. Two browser pages share the
work. A failure names the page, the view, the rule and the first elements.
"""

import asyncio

import pytest

from conftest import ROOT
from diagrams import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWS = {"light desktop": ("light", 1280), "dark desktop": ("dark", 1280),
         "light phone": ("light", 390), "dark phone": ("dark", 390)}
WHOLE = ["", "framework/clarify-requirements/", "case-studies/video-search/",
         "concepts/glossary/", "concepts/numbers-to-know/", "practice/self-test/",
         "practice/question-bank/", "contribute/style-guide/", "tags/", "404.html"]
RUN = """async (scope) => {
  await new Promise(done => setTimeout(done, 250));  // a11y.js runs after Material's mounts
  const scheme = document.body.dataset.mdColorScheme;
  const result = await axe.run(scope ? {include: [[scope]]} : document,
                               {resultTypes: ['violations']});
  return {scheme, violations: result.violations.map(v => ({
    rule: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))};
}"""


async def _audit(url: str, jobs: list[tuple[str, str, str | None]]) -> list[str]:
    from playwright.async_api import async_playwright

    script = AXE.read_text()
    found: list[str] = []
    queue: asyncio.Queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        async def worker():
            pages = {}
            while not queue.empty():
                view, path, scope = queue.get_nowait()
                if view not in pages:
                    scheme, width = VIEWS[view]
                    context = await browser.new_context(color_scheme=scheme,
                                                        viewport={"width": width, "height": 900})
                    await context.add_init_script(script)
                    pages[view] = await context.new_page()
                page = pages[view]
                await page.goto(url + path, wait_until="load")
                result = await page.evaluate(RUN, scope)
                expected = "slate" if view.startswith("dark") else "default"
                if result["scheme"] != expected:
                    found.append(f"/{path} ({view}): shown in palette {result['scheme']}")
                for v in result["violations"]:
                    found.append(f"/{path} ({view}{', content' if scope else ''}): {v['rule']} — "
                                 f"{v['help']} — {', '.join(v['nodes'])}")
            for page in pages.values():
                await page.context.close()

        await asyncio.gather(worker(), worker())
        await browser.close()
    return found


def test_axe_finds_no_violations(site):
    assert AXE.is_file(), "node_modules/axe-core is missing: run 'make setup' (npm ci)"
    pages = site.pages()
    jobs = [(view, path, ".md-content") for view in ("light desktop", "dark phone")
            for path in pages]
    jobs += [(view, path, None) for view in VIEWS for path in WHOLE]
    missing = [path for path in WHOLE if path != "404.html" and path not in pages]
    assert not missing, f"pages to check whole no longer exist: {missing}"
    found = asyncio.run(_audit(site.url, jobs))
    assert not found, f"{len(found)} axe-core violation(s):\n" + "\n".join(found)


def test_axe_check_can_fail(site, tmp_path):
    """The same audit on a page with known faults reports them by rule."""
    bad = site.directory / "a11y-probe" / "index.html"
    bad.parent.mkdir(exist_ok=True)
    bad.write_text('<html lang="en"><body><main class="md-content"><h1>Probe</h1>'
                   '<img src="x.png"><p style="color:#777;background:#888">low</p>'
                   '<input type="checkbox"></main></body></html>')
    try:
        found = asyncio.run(_audit(site.url, [("light desktop", "a11y-probe/", ".md-content")]))
    finally:
        bad.unlink()
        bad.parent.rmdir()
    rules = {line.split(": ", 1)[1].split(" — ")[0] for line in found if " — " in line}
    assert {"image-alt", "color-contrast", "label"} <= rules, found
