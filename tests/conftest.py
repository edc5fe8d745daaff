"""Shared fixtures: project copies, builds, a local server and the browser.

Builds happen once per session. Anything that needs bad input works on a temporary
copy of the project (`project_copy`), never on docs/ or diagrams/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import serve_site  # noqa: E402
from diagrams import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def project_copy(dest: Path) -> Path:
    """A throw-away copy of the sources, sharing the installed Mermaid and the SVG cache."""
    dest.mkdir(parents=True, exist_ok=True)
    # CONTRIBUTING.md is a snippet of a page; the linter reads its two configuration files.
    for name in ("mkdocs.yml", "Makefile", "CONTRIBUTING.md", ".pymarkdown.json",
                 "tests/codespell-ignore.txt"):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    for folder in ("docs", "diagrams", "scripts", "overrides", "includes"):
        shutil.copytree(ROOT / folder, dest / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    (dest / ".venv").symlink_to(ROOT / ".venv")  # so `make` verbs run in the copy
    if (ROOT / ".cache").exists():
        shutil.copytree(ROOT / ".cache", dest / ".cache")
    return dest


def build(root: Path, out: Path, *, diagrams: str = "require", site_url: str | None = None,
          check: bool = True, offline: bool = False) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project at `root` into `out` (`offline`: `make offline`)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DIAGRAMS=diagrams)
    env["OFFLINE"] = "true" if offline else "false"
    if site_url:
        env["SITE_URL"] = site_url
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
         "-d", str(out)], env=env, capture_output=True, text=True,
        cwd=root)  # as a person runs it: mkdocs.yml's `scripts.estimates` imports from here
    if check and result.returncode != 0:
        pytest.fail(f"strict build failed:\n{result.stdout}\n{result.stderr}")
    return result


class Site:
    """A built site served on 127.0.0.1."""

    def __init__(self, directory: Path, port: int):
        self.directory = directory
        self.server = serve_site.start(directory, port)
        self.url = f"http://127.0.0.1:{port}/"

    def pages(self) -> list[str]:
        """Every page's URL path, e.g. 'case-studies/' (404.html excluded)."""
        found = []
        for html in sorted(self.directory.rglob("index.html")):
            rel = html.parent.relative_to(self.directory).as_posix()
            found.append("" if rel == "." else rel + "/")
        return found

    def stop(self):
        self.server.shutdown()


def _serve(tmp_path_factory, name: str, root: Path = ROOT, diagrams: str = "require"):
    port = free_port()
    out = tmp_path_factory.mktemp(name)
    build(root, out, diagrams=diagrams, site_url=f"http://127.0.0.1:{port}/")
    return Site(out, port)


def make(root: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    """`make ARGS` in `root`, as a person runs it: not as a sub-make of `make test`
    (its MAKEFLAGS and jobserver would leak in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    return subprocess.run(["make", *args], cwd=root, env=env, **kwargs)


@pytest.fixture(scope="session")
def pdf_job(tmp_path_factory):
    """`make pdf` into a temporary folder: (the finished process, the folder)."""
    out = tmp_path_factory.mktemp("pdf")
    with open(out / "make.log", "w") as log:
        job = make(ROOT, "-o", "diagrams", "pdf", f"PDF={out}/guide.pdf", f"PDF_SITE={out}/site",
                   stdout=log, stderr=subprocess.STDOUT, timeout=900)
    return job, out


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The production build: every diagram pre-rendered (DIAGRAMS=require)."""
    served = _serve(tmp_path_factory, "site")
    yield served
    served.stop()


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """The development fallback: every diagram rendered live by the site's own Mermaid."""
    served = _serve(tmp_path_factory, "live-site", diagrams="live")
    yield served
    served.stop()


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory):
    """`make offline`: a copy of the site that opens from the file system (file://)."""
    out = tmp_path_factory.mktemp("offline")
    build(ROOT, out, offline=True)
    return out


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium driven by Playwright, or a visible skip outside CI."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing in CI: 'make test' installs it (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} not installed: run 'sudo apt-get install -y chromium fonts-liberation'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Tab:
    """A browser page that records page errors, console errors and every requested host."""

    FORCE_OPEN_SHADOW = """
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (init) {
        return attach.call(this, Object.assign({}, init, { mode: 'open' }));
      };
    """

    def __init__(self, browser, color_scheme: str = "light", **options):
        """`options` go to the browser context (a phone: viewport, has_touch, is_mobile)."""
        options.setdefault("viewport", {"width": 1280, "height": 900})
        self.context = browser.new_context(color_scheme=color_scheme, **options)
        self.context.add_init_script(self.FORCE_OPEN_SHADOW)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.on("console", lambda msg: msg.type == "error"
                     and self.errors.append(f"console: {msg.text}"))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def foreign_requests(self) -> list[str]:
        allowed = ("http://127.0.0.1:", "data:", "blob:", "about:")
        return [url for url in self.requests if not url.startswith(allowed)]

    def close(self):
        self.context.close()


@pytest.fixture
def tab(chromium):
    opened = Tab(chromium)
    yield opened
    opened.close()


# axe-core (npm), injected into a tab; views by palette and width. Used by the every-page
# pass (test_browser.py) and the accessibility tests (test_a11y.py).
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWS = {"light desktop": ("default", 1280), "dark phone": ("slate", 390),
         "dark desktop": ("slate", 1280), "light phone": ("default", 390)}
# What a change of palette or width can change; the first view of a page runs every rule.
LAYOUT_AND_COLOUR_RULES = ["color-contrast", "link-in-text-block", "scrollable-region-focusable",
                           "target-size", "region", "landmark-unique", "landmark-one-main"]
_AXE_RUN = """async ([settle, only]) => {
  await new Promise(done => setTimeout(done, settle));  // a11y.js runs after Material's mounts
  const options = {resultTypes: ['violations']};
  if (only) options.runOnly = only;
  const result = await axe.run(document, options);
  return result.violations.map(v => ({
    rule: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def with_axe(tab: "Tab") -> "Tab":
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run 'make setup' (npm ci)")
    tab.context.add_init_script(path=str(AXE))
    return tab


def axe_violations(tab: "Tab", path: str, views) -> list[str]:
    """Check the loaded page in each view in turn (palette switched as Material's toggle
    does, the window resized), without reloading: every rule in the first view, the rules
    a palette or width can change in the others; one line per violation."""
    found, width_now = [], tab.page.viewport_size["width"]
    for index, view in enumerate(views):
        scheme, width = VIEWS[view]
        if width != width_now:
            tab.page.set_viewport_size({"width": width, "height": 900})
        tab.page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        # Time for a11y.js and the figure cues to catch up with a load or a resize.
        settle = 250 if index == 0 or width != width_now else 0
        width_now = width
        only = None if index == 0 else LAYOUT_AND_COLOUR_RULES
        for v in tab.page.evaluate(_AXE_RUN, [settle, only]):
            found.append(f"/{path} ({view}): {v['rule']} — {v['help']} — {', '.join(v['nodes'])}")
    return found
