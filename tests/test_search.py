"""The built site's search in headless Chromium: the page that answers a query is in the
top 3, the query is read as a reader means it, and the index loads only when used.

Every query in search_queries.yml names the page that must answer it. Queries whose page
is still a draft (`status: draft`) are not yet a promise, so they are checked from the
moment the page is finished: the test grows with the guide, and a finished page that
search cannot find fails it.
"""

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

import content

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text())
PAGES = {page.url: page for page in content.iter_pages()}
FINISHED = {query: url for query, url in QUERIES.items() if not PAGES[url].draft}
GLOSSARY = "concepts/glossary/"

# Material fills `.md-search-result__meta` with "Initializing search" until its worker has
# built the index, then with "Type to start searching" for an empty box and "N matching
# documents" (or "No matching documents") for a query. Waiting for the prompt between
# queries means the index is ready and the results read next belong to the new query:
# waiting only for "not matching" let the first query run against an index still loading
# on a slow machine, and it found nothing.
#
# The queries run in the page, one after another, as typed: the box's value, then the
# key event Material listens for. Each result item is one page (its matching sections are
# nested inside it), so the top 3 are the first three items, as a reader sees them.
RUN_QUERIES = """
async (queries) => {
  const box = document.querySelector('.md-search__input');
  const meta = document.querySelector('.md-search-result__meta');
  const until = (pattern) => new Promise((resolve, reject) => {
    const start = performance.now();
    (function poll() {
      if (pattern.test(meta.textContent)) return resolve();
      if (performance.now() - start > 30000) return reject(new Error('timed out: ' + pattern));
      requestAnimationFrame(poll);
    })();
  });
  const type = (value) => {
    box.value = value;
    box.dispatchEvent(new KeyboardEvent('keyup', { key: 'End', bubbles: true }));
  };
  const found = {};
  for (const query of queries) {
    type('');
    await until(/type to start/i);
    type(query);
    await until(/matching/i);
    found[query] = [...document.querySelectorAll('.md-search-result__item')].slice(0, 3)
      .map(li => li.querySelector('a').href);
  }
  return found;
}
"""


def search(tab, site, queries: list[str]) -> dict[str, list[str]]:
    """Each query's top 3 result links, typed into the real search box of the home page."""
    tab.page.goto(site.url, wait_until="networkidle")
    tab.page.locator(".md-search__input").click()
    return tab.page.evaluate(RUN_QUERIES, queries)


def path(href: str) -> str:
    return urlparse(href).path.lstrip("/")


def test_query_list_is_large_enough_and_names_real_pages():
    assert len(QUERIES) >= 200
    assert [url for url in QUERIES.values() if url not in PAGES] == []
    finished = {url for url, page in PAGES.items() if not page.draft
                and page.kind not in ("other",) and page.src_uri != "tags.md"}
    per_page = {url: sum(1 for target in QUERIES.values() if target == url) for url in finished}
    assert [url for url, count in per_page.items() if count < 2] == [], \
        "every page needs at least two queries that find it"
    assert {PAGES[url].track for url in QUERIES.values()} == set(content.TRACKS)


def test_queries_find_their_page_in_top_3(site, tab):
    found = search(tab, site, list(FINISHED))
    misses = [f"{query!r}: expected /{url}, got {[path(h) for h in found[query]]}"
              for query, url in FINISHED.items() if url not in [path(h) for h in found[query]]]
    assert not misses, f"{len(misses)} of {len(FINISHED)} queries missed:\n" + "\n".join(misses)
    # The glossary defines every term once; a page whose subject the term is comes first.
    first = [query for query, url in FINISHED.items()
             if url != GLOSSARY and path(found[query][0]) == GLOSSARY]
    assert first == [], f"the glossary came first for: {first}"
    assert tab.errors == [] and tab.foreign_requests() == []


def test_queries_are_read_as_a_reader_means_them(site, tab):
    found = search(tab, site, ["to", "the for", "feature store point in time", "ann",
                               "personalization", "CTR", "click-through rate"])
    assert found["to"] == [] and found["the for"] == []  # stop words alone find nothing
    highlighted = parse_qs(urlparse(found["feature store point in time"][0]).query)["h"][0]
    assert "in" not in highlighted.split() and "point" in highlighted.split()
    # A short word matches whole words: "ann" is the index, not "annotation".
    assert path(found["ann"][0]) == "concepts/approximate-nearest-neighbour-search/"
    assert not any("annot" in parse_qs(urlparse(h).query).get("h", [""])[0] for h in found["ann"])
    # US spelling finds the UK one (the news feed; text-to-image personalises models too).
    assert "case-studies/news-feed/" in map(path, found["personalization"][:3])
    assert set(map(path, found["CTR"])) & set(map(path, found["click-through rate"]))
    assert tab.errors == []


def test_a_glossary_hit_shows_its_definition(site, tab):
    """A term with no page of its own still finds the glossary (second at most, as it never
    leads), and its result shows the term's definition."""
    glossary = next(p for p in PAGES.values() if p.url == GLOSSARY)
    term = next(t for t in glossary.terms(3) if t.title == "Tombstone")
    found = search(tab, site, ["tombstone"])["tombstone"]
    assert [path(h) for h in found].index(GLOSSARY) == 1, found
    item = tab.page.locator(".md-search-result__item").nth(1)
    definition = " ".join(term.text.split("\n\n")[0].split()[:6])
    assert definition in " ".join(item.inner_text().split()), item.inner_text()


def test_the_index_loads_only_when_search_is_used(site, tab):
    index = lambda: [url for url in tab.requests if url.endswith("/search/search_index.json")]
    tab.page.goto(site.url + "concepts/", wait_until="networkidle")
    tab.page.locator('.md-content a[href$="feature-stores/"]').first.click()  # instantly
    tab.page.wait_for_url("**/concepts/feature-stores/")
    tab.page.wait_for_load_state("networkidle")
    assert index() == [], "the search index was fetched before the reader used search"
    tab.page.keyboard.press("/")  # Material's shortcut focuses the search box
    tab.page.wait_for_function(
        "() => /type to start/i.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=30000)
    assert len(index()) == 1
    box = tab.page.locator(".md-search__input")
    box.fill("calibration")
    box.press("End")
    tab.page.wait_for_selector(".md-search-result__item", state="attached")
    assert "concepts/calibration/" in tab.page.locator(".md-search-result__item a").first.get_attribute("href")
    assert tab.errors == [] and tab.foreign_requests() == []


def test_the_home_page_fetches_only_the_diagram_it_shows(site, chromium):
    from conftest import Tab

    for scheme, shown, hidden in (("light", "-light.svg", "-dark.svg"),
                                  ("dark", "-dark.svg", "-light.svg")):
        opened = Tab(chromium, color_scheme=scheme)
        try:
            opened.page.goto(site.url, wait_until="networkidle")
            svgs = [url for url in opened.requests if "/assets/diagrams/" in url]
            assert svgs and all(url.endswith(shown) for url in svgs), (scheme, svgs)
            assert not any(url.endswith(hidden) for url in svgs)
        finally:
            opened.close()
