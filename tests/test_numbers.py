"""The numbers engine: units, formatting, every kind of bad input, and the calculator in a
real browser compared with Python's own computation."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT, build, project_copy

sys.path.insert(0, str(ROOT / "scripts"))
import content  # noqa: E402
import estimates  # noqa: E402

PAGE = "docs/concepts/numbers-to-know.md"


# --- the model of the real site ---------------------------------------------------------

@pytest.fixture(scope="module")
def model():
    return estimates.load(content.iter_pages())


def test_the_site_has_no_numbers_problems():
    assert [str(e) for e in estimates.problems(content.iter_pages())] == []


def test_mac_is_two_flop_and_bytes_are_not_plain_numbers(model):
    units = estimates.UNITS
    assert (1 * units.MAC).to("FLOP").magnitude == 2
    assert (1 * units.GB).dimensionality != (1 * units.dimensionless).dimensionality
    kv = model.entries["numbers_to_know.kv_bytes_per_token"]
    assert kv.value.to("byte").magnitude == 2 * 32 * 8 * 128 * 2  # KV heads, not attention heads


def test_values_are_shown_as_the_style_guide_says(model):
    def shown(name, unit=None, digits=3):
        return estimates.show(model.entries[name], unit, digits)

    assert shown("numbers_to_know.mean_qps", "QPS") == "11.6 k QPS"
    assert shown("numbers_to_know.daily_users") == "100 M"
    assert shown("numbers_to_know.events_per_day", "1/day") == "20 B a day"
    assert shown("numbers_to_know.embedding_table", "GB") == "256 GB"
    assert shown("numbers_to_know.training_flop", "FLOP", 2) == "7.2 × 10²³ FLOP"
    assert shown("numbers_to_know.context_tokens") == "8,192"
    assert shown("h100_bf16_flops") == "989 TFLOP/s"
    assert shown("numbers_to_know.log_per_day", "GB") == "10,000 GB"
    plan = {"factor": 1.0, "words": True}
    assert estimates.format_number(-10.5, {**plan, "label": "USD"}) == "-$10.5"
    assert estimates.format_number(1, {**plan, "label": "minute"}) == "1 minute"
    assert estimates.format_number(10, {**plan, "label": "minute"}) == "10 minutes"
    assert estimates.format_number(6335.9999999, {**plan, "label": ""}) == "6,336"


# --- bad input: each fails the linter and the strict build with file:line ---------------

def _insert(text: str, block_line: str, prose: str = "") -> str:
    """Add lines to the end of the page's numbers block, and a sentence to its prose."""
    start = text.index("```numbers\n")
    end = text.index("\n```", start + 3)
    text = text[:end] + "\n" + block_line + text[end:]
    if prose:
        text = text.replace("## Shared constants", prose + "\n\n## Shared constants", 1)
    return text


CASES = {
    "unknown name": ("bad_value = missing_name * 2", "", "unknown name 'missing_name'"),
    "unit mismatch": ("bad_sum = log_per_day + peak_egress", "", "cannot combine"),
    "cycle": ("cycle_a = cycle_b * 2\ncycle_b = cycle_a + 1", "", "cycle: "),
    "division by zero": ("nothing = 0\nbad_ratio = daily_users / nothing", "",
                         "division by zero"),
    "defined twice": ("daily_users = 5", "", "'daily_users' is defined twice"),
    "unknown citation": ("", "We cite {{no_such_value:TB}} here.",
                         "'{{no_such_value}}' cites a name that does not exist"),
    "wrong display unit": ("", "We cite {{log_per_day:GB/s}} here.",
                           "it is in TB, which cannot be shown as GB/s"),
    "unreadable line": ("this is not a definition", "", "cannot read 'this is not a definition'"),
}


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    return project_copy(tmp_path_factory.mktemp("numbers-project"))


@pytest.mark.parametrize("case", CASES)
def test_bad_numbers_fail_lint_and_build_with_file_and_line(case, copy, tmp_path):
    block_line, prose, message = CASES[case]
    page = copy / PAGE
    original = page.read_text(encoding="utf-8")
    try:
        changed = _insert(original, block_line, prose) if block_line else \
            original.replace("## Shared constants", prose + "\n\n## Shared constants", 1)
        page.write_text(changed, encoding="utf-8")
        bad_text = (block_line.split("\n")[-1] or prose) if case != "defined twice" else block_line
        line = changed.split("\n").index(bad_text) + 1
        if case == "cycle":  # reported at whichever member of the cycle is met first
            line = None
        lint = subprocess.run([sys.executable, str(copy / "scripts" / "lint.py"), str(page)],
                              capture_output=True, text=True, cwd=copy)
        assert lint.returncode == 1, lint.stdout + lint.stderr
        where = f"{PAGE}:{line}:" if line else f"{PAGE}:"
        assert any(where in row and message in row for row in lint.stderr.splitlines()), \
            lint.stderr

        out = tmp_path / "site"
        out.mkdir()
        (out / "last-good.html").write_text("previous build")
        result = build(copy, out, check=False)
        assert result.returncode != 0
        assert where in result.stderr and message in result.stderr, result.stderr[-2000:]
        assert (out / "last-good.html").read_text() == "previous build"  # output left alone
    finally:
        page.write_text(original, encoding="utf-8")


def test_every_cited_value_leads_to_its_row(site):
    """A value cited on a page with its own row leads there (a span the calculator scrolls
    from); any other value links to its row on the page that defines it."""
    import posixpath
    import re

    ids: dict[str, set[str]] = {}

    def ids_of(target: str) -> set[str]:
        if target not in ids:
            file = site.directory / target
            ids[target] = set(re.findall(r'id="([^"]+)"', file.read_text(encoding="utf-8"))) \
                if file.exists() else set()
        return ids[target]

    spans, links, broken = 0, 0, []
    for html in sorted(site.directory.rglob("*.html")):
        page = html.relative_to(site.directory).as_posix()
        text = html.read_text(encoding="utf-8")
        for row in re.findall(r'<span class="nb" data-row="([^"]+)"', text):
            spans += 1
            if row not in ids_of(page):
                broken.append(f"{page}: row {row}")
        for href in re.findall(r'<a class="nb" href="([^"]+)"', text):
            links += 1
            path, _, anchor = href.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
            if anchor not in ids_of(target + "/index.html"):
                broken.append(f"{page}: {href}")
    assert spans > 1000 and links > 20 and broken == []


def test_numbers_tables_stay_out_of_the_search_index(site):
    index = (site.directory / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Reason or source" not in index and "kv_bytes_per_token" not in index
    assert "128 KiB" in index  # the value cited in the text is still found


# --- the calculator in the browser -------------------------------------------------------

READ_VALUES = """
() => [...document.querySelectorAll('article .nb[data-n]')].map(el => ({
  name: el.dataset.n, factor: parseFloat(el.dataset.f), label: el.dataset.l,
  words: el.dataset.w === '1', digits: parseInt(el.dataset.d, 10), text: el.textContent,
}))
"""


def _expected(values, shown):
    plan = {"factor": shown["factor"], "label": shown["label"], "words": shown["words"]}
    return estimates.format_number(estimates.base_magnitude(values[shown["name"]]), plan,
                                   shown["digits"])


@pytest.mark.browser
@pytest.mark.parametrize("page_url,name,new", [
    ("concepts/numbers-to-know/", "numbers_to_know.daily_users", "250,000,000"),
    ("concepts/numbers-to-know/", "h100_bf16_flops", "1979"),
    ("case-studies/ad-click-prediction/", "ad_click_prediction.daily_users", "2 B"),
    ("case-studies/video-recommendations/", "video_recommendations.dau", "1.5 B"),
    # 12 minutes becomes 1 minute: time words take a plural only when the value is not 1.
    ("case-studies/customer-support-agent/", "customer_support_agent.aht_after", "1"),
])
def test_changing_an_assumption_recomputes_text_and_table_as_python_does(
        site, tab, model, page_url, name, new):
    tab.page.goto(site.url + page_url)
    tab.page.evaluate("document.querySelectorAll('details.nb-details').forEach(d => d.open = true)")
    before = tab.page.evaluate(READ_VALUES)
    assert before and all(shown["text"] == _expected(
        {n: e.value for n, e in model.entries.items()}, shown) for shown in before)

    field = tab.page.locator(f'input[data-n="{name}"]').last  # the shared table, for a constant
    field.fill(new)
    entry = model.entries[name]
    unit = estimates.display_plan(entry.value, entry.unit)
    typed = float(new.replace(",", "").split()[0]) * {"B": 1e9}.get(new.split()[-1], 1)
    override = estimates.UNITS.Quantity(typed * unit["factor"],
                                        entry.value.to_base_units().units)
    values = estimates.recompute(model, {name: override})
    after = tab.page.evaluate(READ_VALUES)
    mismatches = [(s["name"], s["text"], _expected(values, s)) for s in after
                  if s["text"] != _expected(values, s)]
    assert mismatches == []
    changed = [s for s, b in zip(after, before) if s["text"] != b["text"]]
    assert changed, "changing the assumption changed nothing on the page"
    assert tab.page.locator(".nb-changed").count() >= len(changed)

    tab.page.locator(".nb-reset:visible").first.click()
    assert tab.page.evaluate(READ_VALUES) == before
    assert tab.errors == []


@pytest.mark.browser
def test_calculator_works_after_instant_navigation_and_by_keyboard(site, tab):
    tab.page.goto(site.url + "concepts/glossary/")
    assert tab.page.locator("script[src$='numbers.js']").count() == 0  # no numbers, no script
    tab.page.evaluate("document.querySelector('a[href$=\"numbers-to-know/\"]').click()")
    tab.page.wait_for_selector(".nb-calc[data-ready]", state="attached")
    tab.page.locator("details.nb-details > summary").first.click()  # the table opens
    field = tab.page.locator('input[data-n="numbers_to_know.peak_factor"]')
    field.focus()
    field.press("Control+A")
    field.press_sequentially("6")
    peak = tab.page.locator('span.nb[data-n="numbers_to_know.peak_qps"]').first  # in the text
    assert peak.inner_text() == "69.4 k QPS"
    field.press("Escape")
    assert peak.inner_text() == "34.7 k QPS"
    field.fill("not a number")
    assert field.get_attribute("aria-invalid") == "true"
    tab.page.evaluate("document.querySelector('details.nb-details').open = false")
    peak.click()  # a value in the text opens the table at its row
    assert "nb-target" in tab.page.locator("#n-numbers-to-know-peak-qps").get_attribute("class")
    assert tab.page.locator("#n-numbers-to-know-peak-qps").is_visible()
    assert tab.errors == []


def test_flashcards_show_cited_values_as_text():
    import dataclasses

    import flashcards

    pages = content.iter_pages()
    bank = next(p for p in pages if p.src_uri == "practice/question-bank.md")
    question = '??? question "How many QPS?"\n    About {{numbers_to_know.peak_qps:QPS}} at peak.\n'
    cited = dataclasses.replace(bank, body=bank.body + "\n" + question)
    cards = flashcards.cards([cited if p is bank else p for p in pages])
    card = next(c for c in cards if c.front == "How many QPS?")
    assert card.back == "About 34.7 k QPS at peak."
