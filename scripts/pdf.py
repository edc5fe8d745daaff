"""`make pdf`: the whole guide as one PDF, printed by the site's own Chromium.

    python scripts/pdf.py SITE_DIR OUT.pdf

SITE_DIR is a build with the print-site plugin on (PRINT_SITE=true): its print_page/
holds every page in navigation order behind a cover and a table of contents. The page
is served on 127.0.0.1, prepared as for printing (assets/javascripts/print.js: light
palette, collapsed blocks open, every image loaded) and printed to A4 with page numbers
and the headings as PDF bookmarks. Fails, leaving no PDF, if the page asks another host
for anything or an image does not load.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

from playwright.async_api import async_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
import serve_site  # noqa: E402
from diagrams import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PRINT_PAGE = "print_page/"
_PENDING = "() => [...document.images].filter(i => !i.complete).length"
_BROKEN = "() => [...document.images].filter(i => !i.naturalWidth).map(i => i.getAttribute('src'))"


_BLANK_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'


class PdfError(Exception):
    pass


async def _print(url: str, out: Path) -> dict:
    foreign, failed = [], []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1100, "height": 1400})

        async def route(request_route):
            if urlparse(request_route.request.url).hostname not in ("127.0.0.1", None):
                foreign.append(request_route.request.url)
                await request_route.abort()
            else:
                await request_route.continue_()

        await page.route("**/*", route)

        async def blank(request_route):  # the dark palette's variant of a figure never prints
            await request_route.fulfill(status=200, content_type="image/svg+xml", body=_BLANK_SVG)

        await page.route("**/assets/diagrams/**/*-dark.svg", blank)
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        started = time.monotonic()
        await page.goto(url, wait_until="load", timeout=180_000)
        # Print media first: Material opens every collapsed block when it sees it, and
        # print.js then closes the ones that should stay closed.
        await page.emulate_media(media="print", color_scheme="light")
        await page.wait_for_timeout(200)
        await page.evaluate("() => window.guidePrint.prepare()")
        deadline = time.monotonic() + 120  # every image loaded or failed
        while await page.evaluate(_PENDING) and time.monotonic() < deadline:
            await page.wait_for_timeout(250)
        missing = await page.evaluate(_BROKEN)
        facts = await page.evaluate("""() => ({
            titles: [...document.querySelectorAll('section.print-page h1')].map(h => h.textContent.trim()),
            figures: [...document.querySelectorAll('figure.diagram figcaption')].length })""")
        if foreign or missing or failed:
            await browser.close()
            raise PdfError("; ".join(
                ([f"requests to other hosts: {', '.join(foreign[:5])}"] if foreign else []) +
                ([f"{len(missing)} image(s) did not load: {', '.join(missing[:5])}"] if missing else []) +
                ([f"failed requests: {', '.join(failed[:5])}"] if failed else [])))
        partial = out.with_suffix(".partial.pdf")
        # Page numbers come from the print-site plugin's stylesheet (an @page margin box).
        loaded = time.monotonic()
        # At 80% the text is a book's 10 pt and a line holds 870 CSS pixels.
        await page.pdf(path=str(partial), format="A4", print_background=True, scale=0.8,
                       outline=True, tagged=True,
                       margin={"top": "14mm", "bottom": "16mm", "left": "13mm", "right": "13mm"})
        facts["seconds"] = {"load": round(loaded - started), "print": round(time.monotonic() - loaded)}
        await browser.close()
    partial.replace(out)
    return facts


def build(site_dir: Path, out: Path) -> dict:
    if not (site_dir / PRINT_PAGE / "index.html").is_file():
        raise PdfError(f"{site_dir}/{PRINT_PAGE}index.html is missing — build with "
                       "PRINT_SITE=true (make pdf does)")
    out.parent.mkdir(parents=True, exist_ok=True)
    server = serve_site.start(site_dir)
    try:
        return asyncio.run(_print(f"http://127.0.0.1:{server.server_port}/{PRINT_PAGE}", out))
    finally:
        server.shutdown()


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        facts = build(Path(argv[1]), Path(argv[2]))
    except PdfError as error:
        print(f"pdf: {error}", file=sys.stderr)
        return 1
    size = Path(argv[2]).stat().st_size / 1e6
    print(f"pdf: {argv[2]} ({size:.1f} MB): {len(facts['titles'])} pages of the guide, "
          f"{facts['figures']} figures, {time.monotonic() - started:.0f} s "
          f"(load {facts['seconds']['load']} s, print {facts['seconds']['print']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
