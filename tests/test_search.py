"""Real concept queries in the built site's search: the defining page is in the top 3.

Every query in search_queries.yml names the page that must answer it. Queries whose page
is still a draft (`status: draft`) are not yet a promise, so they are checked from the
moment the page is finished: the test grows with the guide, and a finished page that
search cannot find fails it.
"""

from pathlib import Path

import pytest
import yaml

import content

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text())
PAGES = {page.url: page for page in content.iter_pages()}
FINISHED = {query: url for query, url in QUERIES.items() if not PAGES[url].draft}

# Material fills `.md-search-result__meta` with "Initializing search" until its worker has
# built the index, then with "Type to start searching" for an empty box and "N matching
# documents" (or "No matching documents") for a query. Waiting for the prompt between
# queries means the index is ready and the results read next belong to the new query:
# waiting only for "not matching" let the first query run against an index still loading
# on a slow machine, and it found nothing.
RESULTS_SHOWN = """
() => /matching/i.test(document.querySelector('.md-search-result__meta').textContent)
"""
RESULTS_CLEARED = """
() => /type to start/i.test(document.querySelector('.md-search-result__meta').textContent)
"""


def test_query_list_is_large_enough_and_names_real_pages():
    assert len(QUERIES) >= 40
    assert [url for url in QUERIES.values() if url not in PAGES] == []
    assert len(FINISHED) >= 20, "most concept pages should be finished"


def test_concept_queries_find_their_page_in_top_3(site, tab):
    tab.page.goto(site.url, wait_until="networkidle")
    box = tab.page.locator(".md-search__input")
    box.click()
    misses = []
    for query, expected in FINISHED.items():
        box.fill("")
        box.press("End")
        tab.page.wait_for_function(RESULTS_CLEARED, timeout=30000)  # the first waits for the index
        box.fill(query)
        box.press("End")  # Material searches on key events, so send a real one
        tab.page.wait_for_function(RESULTS_SHOWN, timeout=5000)
        # One result item per page (its matching sections are nested inside it), so the
        # top 3 are the first three items, as a reader sees them.
        top = tab.page.eval_on_selector_all(
            ".md-search-result__item",
            "items => items.slice(0, 3).map(li => new URL(li.querySelector('a').href).pathname)")
        if "/" + expected not in top:
            misses.append(f"{query!r}: expected /{expected}, got {top}")
    assert not misses, "\n".join(misses)
    assert tab.errors == [] and tab.foreign_requests() == []
