"""Benchmark: build and diagram times, page weights and Lighthouse scores.

    make bench        (runs this after set-up; not part of make test)

Prints a report and writes bench-results/report.json. Pages are served by
scripts/serve_site.py, which gzips text like a static host would.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import content  # noqa: E402
import diagrams  # noqa: E402
import estimates  # noqa: E402
import serve_site  # noqa: E402

ROOT = content.ROOT
OUT = ROOT / "bench-results"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PORT = 8799
LIGHTHOUSE_RUNS = 5

TRANSFER_JS = """
async (scroll) => {
  if (scroll) {
    for (let y = 0; y < document.body.scrollHeight; y += 600) {
      window.scrollTo(0, y);
      await new Promise(r => setTimeout(r, 30));
    }
    await new Promise(r => setTimeout(r, 300));
  }
  const entries = [...performance.getEntriesByType('navigation'),
                   ...performance.getEntriesByType('resource')];
  return entries.reduce((sum, e) => sum + (e.transferSize || 0), 0);
}
"""


def timed(command: list[str], env: dict | None = None, cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                            env=dict(os.environ, **(env or {})))
    if result.returncode:
        raise SystemExit(f"bench: '{' '.join(command)}' failed in {cwd}:\n"
                         f"{(result.stdout + result.stderr)[-2000:]}")
    return time.perf_counter() - start


def _copy_project(dest: Path) -> Path:
    for folder in ("docs", "diagrams", "scripts", "includes"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


def _synthetic_diagrams(root: Path, count: int = 250) -> None:
    """`count` flowcharts of 8–19 nodes using every shared class, referenced by one page.

    Top to bottom, like the guide's own diagrams: a left-to-right chain this long would
    break the width rule (scripts/diagrams.py MAX_WIDTH) and fail the check.
    """
    shapes = {"online": "[{}]", "offline": "[{}]", "model": "{{{{{}}}}}", "store": "[({})]",
              "stream": "[[{}]]", "data": "[/{}/]", "monitor": "({})", "actor": "([{}])"}
    classes = list(shapes)
    folder = root / "diagrams" / "bench"
    folder.mkdir(parents=True)
    refs = []
    for i in range(count):
        nodes = 8 + i % 12
        lines = ["flowchart TB", f"    accTitle: Synthetic diagram {i}",
                 "    accDescr: A generated chain of steps for the benchmark."]
        for k in range(nodes):
            name = classes[(i + k) % len(classes)]
            lines.append(f"    n{k}" + shapes[name].format(f"Step {k} of {i}") + f":::{name}")
        lines += [f"    n{k} --> n{k + 1}" for k in range(nodes - 1)]
        (folder / f"d{i}.mmd").write_text("\n".join(lines) + "\n")
        refs.append(f"```diagram\nbench/d{i}.mmd\n```\n")
    page = root / "docs" / "practice" / "index.md"
    page.write_text(page.read_text() + "\n" + "\n".join(refs))


def _cold_and_warm(root: Path, cache: Path, touch: Path) -> dict:
    check = [sys.executable, "scripts/diagrams.py", "check"]
    env = {"DIAGRAM_CACHE": str(cache)}
    cold = timed(check, env=env, cwd=root)
    touch.write_text(touch.read_text() + "    %% touched by the benchmark\n")
    warm = timed(check, env=env, cwd=root)
    return {"cold_seconds": round(cold, 1), "warm_seconds_one_edited": round(warm, 1)}


def diagram_times() -> dict:
    """Cold validate+render of every diagram, then warm after editing one; the same at 250."""
    pages = content.iter_pages()
    report = {"diagrams": len(diagrams.load_diagrams(pages, diagrams.load_classes()))}
    with tempfile.TemporaryDirectory() as tmp:
        real = _copy_project(Path(tmp) / "real")
        report.update(_cold_and_warm(real, Path(tmp) / "cache-real",
                                     real / "diagrams" / "home" / "seven-steps.mmd"))
        synthetic = _copy_project(Path(tmp) / "synthetic")
        _synthetic_diagrams(synthetic)
        stress = _cold_and_warm(synthetic, Path(tmp) / "cache-synthetic",
                                synthetic / "diagrams" / "bench" / "d7.mmd")
        report["synthetic_250_plus_real"] = stress
    return report


def numbers_times(runs: int = 5) -> dict:
    """What the numbers add to a build, median of `runs`: parsing, checking and evaluating
    every page's numbers (done once per build and per lint), and expanding every page's
    citations and tables (the Markdown extension's work, once per page)."""
    pages = content.iter_pages()
    evaluate, expand = [], []
    for _ in range(runs):
        start = time.perf_counter()
        model = estimates.load(pages)  # parses, evaluates and checks every citation
        evaluate.append(time.perf_counter() - start)
        start = time.perf_counter()
        for page in pages:
            estimates.expand(model, page, page.body)
        expand.append(time.perf_counter() - start)
    return {"names": len(model.entries),
            "pages_with_numbers": len(model.owners),
            "citations": sum(len(estimates.citations(page)) for page in pages),
            "evaluate_and_check_seconds": round(statistics.median(evaluate), 3),
            "expand_all_pages_seconds": round(statistics.median(expand), 3)}


def build_site(out: Path) -> float:
    return timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                 env={"NO_MKDOCS_2_WARNING": "1", "DIAGRAMS": "require",
                      "SITE_URL": f"http://127.0.0.1:{PORT}/"})


def page_weights(site: Path, base: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    urls = [""] + sorted(p.parent.relative_to(site).as_posix() + "/"
                         for p in site.rglob("index.html") if p.parent != site)
    weights = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=diagrams.CHROMIUM,
                                             args=diagrams.CHROMIUM_ARGS)
        for url in urls:
            for scroll in (False, True):
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + url, wait_until="networkidle")
                size = page.evaluate(TRANSFER_JS, scroll)
                context.close()
                if scroll:
                    weights[-1]["scrolled_bytes"] = size
                else:
                    weights.append({"page": url or "/", "initial_bytes": size})
        browser.close()
    return sorted(weights, key=lambda w: w["scrolled_bytes"], reverse=True)


SEARCH_READY = "() => /type to start/i.test(document.querySelector('.md-search-result__meta').textContent)"
SEARCH_SHOWN = "() => /matching/i.test(document.querySelector('.md-search-result__meta').textContent)"


def search_latency(base: str, runs: int = 3) -> dict:
    """From focusing the search box on a fresh home page to the index being ready (it is
    only requested then), and from typing a query to its results; medians in ms."""
    from playwright.sync_api import sync_playwright

    ready, results = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=diagrams.CHROMIUM,
                                             args=diagrams.CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context()
            page = context.new_page()
            page.goto(base, wait_until="networkidle")
            box = page.locator(".md-search__input")
            start = time.perf_counter()
            box.click()
            page.wait_for_function(SEARCH_READY, timeout=60000)
            ready.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            box.fill("feature store")
            box.press("End")
            page.wait_for_function(SEARCH_SHOWN, timeout=60000)
            results.append((time.perf_counter() - start) * 1000)
            context.close()
        browser.close()
    return {"focus_to_ready_ms": round(statistics.median(ready)),
            "query_to_results_ms": round(statistics.median(results)), "runs": runs}


def lighthouse(url: str, name: str, runs: int = LIGHTHOUSE_RUNS) -> dict:
    """Median of several runs, with the range: on a 2-core machine one run's performance
    score varies by 15 points or more (measured 80–98 on the same page)."""
    if not LIGHTHOUSE.exists():
        return {"error": "lighthouse not installed (scripts/setup.sh bench)"}
    results = [_lighthouse_once(url, f"{name}-{run}") for run in range(runs)]
    median = {key: statistics.median(r[key] for r in results) for key in results[0]}
    median["performance_range"] = [min(r["performance"] for r in results),
                                   max(r["performance"] for r in results)]
    median["runs"] = runs
    return median


def _lighthouse_once(url: str, name: str) -> dict:
    report = OUT / f"lighthouse-{name}.json"
    flags = " ".join(["--headless=new"] + diagrams.CHROMIUM_ARGS)
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--chrome-flags={flags}",
                    "--only-categories=performance,accessibility,best-practices,seo"],
                   check=True, env=dict(os.environ, CHROME_PATH=diagrams.CHROMIUM))
    data = json.loads(report.read_text())
    scores = {key: round(cat["score"] * 100) for key, cat in data["categories"].items()}
    scores["transferred_bytes"] = data["audits"]["total-byte-weight"]["numericValue"]
    scores["total_blocking_time_ms"] = round(data["audits"]["total-blocking-time"]["numericValue"])
    return scores


def main() -> int:
    OUT.mkdir(exist_ok=True)
    report: dict = {"diagram_pipeline": diagram_times(), "numbers": numbers_times()}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        report["strict_build_seconds"] = round(build_site(site), 2)
        report["pages"] = sum(1 for _ in site.rglob("index.html"))
        index = (site / "search" / "search_index.json").read_bytes()
        report["search_index_bytes"] = {"raw": len(index), "gzip": len(gzip.compress(index))}
        server = serve_site.start(site, PORT)
        base = f"http://127.0.0.1:{PORT}/"
        try:
            weights = page_weights(site, base)
            report["heaviest_pages"] = weights[:3]
            home = next(w for w in weights if w["page"] == "/")
            report["first_load_bytes"] = {  # goals: home <= 150 KB, heaviest page <= 400 KB
                "home": home["initial_bytes"],
                "heaviest": max(weights, key=lambda w: w["initial_bytes"])}
            report["search_latency"] = search_latency(base)
            diagram_pages = [w for w in weights
                             if 'class="diagram"' in (site / w["page"].lstrip("/") / "index.html").read_text()]
            heaviest_diagram_page = diagram_pages[0]["page"] if diagram_pages else "/"
            report["lighthouse"] = {
                "home": lighthouse(base, "home"),
                f"heaviest diagram page ({heaviest_diagram_page})":
                    lighthouse(base + heaviest_diagram_page.lstrip("/"), "heaviest-diagram-page"),
            }
        finally:
            server.shutdown()
    (OUT / "report.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
