"""Practice tools: the generated flashcard deck, and progress kept in the browser."""

import csv
import dataclasses
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from conftest import build, project_copy

import content
import flashcards

GLOSSARY = """---
title: Glossary
description: Terms.
---

# Glossary

## Models

### Two-tower model

Two encoders, one for users and one for items, whose [dot product](x.md) scores a pair.

### Calibration

Predicted probabilities match observed frequencies.

### Empty term
"""
QUESTIONS = """---
title: Questions
description: Questions.
---

# Questions

??? question "Why rank in stages?"
    Because scoring a billion items with a heavy model per request is too slow.

    - Retrieval narrows to thousands.

???+ question "What is position bias?"
    Users click higher positions more, whatever the relevance.
"""


def deck_notes(path):
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        collection = next(n for n in names if n.startswith("collection.anki2"))
        data = archive.read(collection)
    db_path = path.parent / "collection.sqlite"
    db_path.write_bytes(data)
    with sqlite3.connect(db_path) as db:
        return db.execute("select flds from notes").fetchall()


def test_deck_and_csv_match_their_sources(tmp_path):
    root = project_copy(tmp_path / "copy")
    (root / "docs" / "concepts" / "glossary.md").write_text(GLOSSARY)
    (root / "docs" / "practice" / "questions.md").write_text(QUESTIONS)
    pages = content.iter_pages(root / "docs")
    cards = flashcards.cards(pages)
    assert [c.front for c in cards if c.deck == "Glossary"] == ["Two-tower model", "Calibration"]
    # Other practice pages (the real question bank) add their own cards to the deck.
    assert [c.front for c in cards if c.source == "practice/questions.md"] == [
        "Why rank in stages?", "What is position bias?"]
    assert all(c.deck == "Questions" for c in cards if c.source.startswith("practice/question"))
    assert all(c.deck == "Mock prompts" for c in cards if c.source.startswith("practice/mock"))
    assert "dot product scores a pair" in next(c.back for c in cards if c.deck == "Glossary")
    deck, table, _ = flashcards.build(pages, tmp_path / "out").values()
    notes = deck_notes(deck)
    assert len(notes) == len(cards)
    assert any("Why rank in stages?" in fields for (fields,) in notes)
    with table.open() as handle:
        assert len(list(csv.DictReader(handle))) == len(cards)


def test_site_publishes_a_deck_with_every_card(site):
    pages = content.iter_pages()
    expected = len(flashcards.cards(pages))
    deck = site.directory / flashcards.ASSET_DIR / flashcards.DECK_FILE
    assert len(deck_notes(deck)) == expected
    with (site.directory / flashcards.ASSET_DIR / flashcards.CSV_FILE).open() as handle:
        assert len(list(csv.DictReader(handle))) == expected


@pytest.mark.browser
def test_progress_is_kept_across_reloads(site, tab):
    url = site.url + "practice/flashcards/"
    tab.page.goto(url, wait_until="networkidle")
    button = tab.page.locator(".progress-toggle")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    tab.page.reload(wait_until="networkidle")
    assert tab.page.locator(".progress-toggle").get_attribute("aria-pressed") == "true"
    stored = tab.page.evaluate("localStorage.getItem('mlsd-progress-v1')")
    assert "page:/practice/flashcards/" in stored
    assert tab.errors == [] and tab.foreign_requests() == []


def test_card_ids_do_not_depend_on_position():
    pages = content.iter_pages()
    before = {card.front: card.guid for card in flashcards.cards(pages)}
    bank = next(p for p in pages if p.src_uri == "practice/question-bank.md")
    first = bank.body.index('??? question "')
    inserted = '??? question "A new first question?"\n    Its answer.\n\n'
    moved = dataclasses.replace(bank, body=bank.body[:first] + inserted + bank.body[first:])
    after = {card.front: card.guid for card in
             flashcards.cards([moved if p is bank else p for p in pages])}
    assert len(after) == len(before) + 1 == len(set(after.values()))
    assert {front: after[front] for front in before} == before


def test_cards_have_tracks_topics_and_clean_text():
    cards = flashcards.cards(content.iter_pages())
    decks = {deck: [c for c in cards if c.deck == deck] for deck in flashcards.DECKS}
    assert len(decks["Questions"]) >= 150 and len(decks["Mock prompts"]) >= 20
    assert len(decks["Glossary"]) >= 300
    for deck in decks.values():  # each deck has both tracks, and every card a topic
        assert {c.track for c in deck} == set(content.TRACKS)
        assert all(c.topic for c in deck)
    # A line that stops mid-sentence, followed by one that starts in lower case, is the
    # source's hard wrap, not a break a reader should see.
    wrapped = [c.front for c in cards if any(
        line[-1] not in ".:;?!)" and following[:1].islower()
        for line, following in zip(c.back.split("\n"), c.back.split("\n")[1:]))]
    assert wrapped == [], f"backs still broken at the source's line ends: {wrapped[:5]}"


def _self_test_data(site):
    text = (site.directory / flashcards.SELF_TEST_JS).read_text(encoding="utf-8")
    assert text.startswith(flashcards.SELF_TEST_GLOBAL + " = ")
    return json.loads(text[len(flashcards.SELF_TEST_GLOBAL) + 3:].rstrip().rstrip(";"))


def _resolves(site, page_dir: Path, href: str) -> bool:
    path, _, fragment = href.partition("#")
    target = (page_dir / path).resolve()
    target = target / "index.html" if target.is_dir() else target
    if not target.is_file():
        return False
    return not fragment or f'id="{fragment}"' in target.read_text(encoding="utf-8")


def _page_path(site, docs_path: str) -> str:
    """A page's path under docs/ (with its anchor), as the site serves it."""
    path, _, fragment = docs_path.partition("#")
    return content.url_of(path) + (f"#{fragment}" if fragment else "")


def test_every_card_source_and_link_resolves(site):
    """The self-test's sources and links (paths under docs/, which self-test.js turns into
    addresses) and the CSV's addresses reach pages and anchors that exist."""
    data = _self_test_data(site)
    bad = [(card["front"], card["source"]) for card in data["cards"]
           if not _resolves(site, site.directory, _page_path(site, card["source"]))]
    links = {href for card in data["cards"] for part in ("prompt", "back")
             for href in re.findall(r'href="([^"]+)"', card[part]) if not href.startswith("http")}
    assert links and all(".md" in href for href in links)
    bad += [("link", href) for href in sorted(links)
            if not _resolves(site, site.directory, _page_path(site, href))]
    with (site.directory / flashcards.ASSET_DIR / flashcards.CSV_FILE).open() as handle:
        rows = list(csv.DictReader(handle))
    bad += [(row["front"], row["source"]) for row in rows
            if not _resolves(site, site.directory, row["source"].removeprefix(flashcards.SITE_URL))]
    assert len(rows) == len(data["cards"])
    assert bad == []


def _open_self_test(site, tab):
    tab.page.goto(site.url + "practice/self-test/", wait_until="networkidle")
    tab.page.wait_for_selector('#self-test-app[data-ready="true"]', timeout=15000)


@pytest.mark.browser
def test_self_test_grades_a_card_and_keeps_its_schedule(site, tab, tmp_path):
    _open_self_test(site, tab)
    status = tab.page.locator(".self-test__status")
    total = len(_self_test_data(site)["cards"])
    assert status.inner_text() == f"0 cards due now, {total} not yet studied."
    first = tab.page.locator(".self-test__front").inner_text()
    tab.page.keyboard.press("Space")  # reveal
    assert tab.page.locator(".self-test__answer").inner_text().strip()
    assert tab.page.locator(".self-test__grades button").count() == 4
    tab.page.keyboard.press("1")  # again: back within minutes, so due today
    assert status.inner_text() == f"0 cards due now, {total - 1} not yet studied, 1 scheduled later."
    assert tab.page.locator(".self-test__front").inner_text() != first
    tab.page.reload(wait_until="networkidle")
    tab.page.wait_for_selector('#self-test-app[data-ready="true"]')
    assert status.inner_text().endswith("1 scheduled later.")
    tab.page.goto(site.url + "practice/", wait_until="networkidle")
    assert tab.page.locator("#self-test-due").inner_text() == "1 card due today, of 1 you have studied."

    # Export, forget, import: the schedule comes back.
    _open_self_test(site, tab)
    with tab.page.expect_download() as download:
        tab.page.get_by_role("button", name="Export progress").click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    assert json.loads(saved.read_text())["format"] == "mlsd-self-test"
    tab.page.evaluate("localStorage.removeItem('mlsd-self-test-v1')")
    tab.page.reload(wait_until="networkidle")
    tab.page.wait_for_selector('#self-test-app[data-ready="true"]')
    assert status.inner_text() == f"0 cards due now, {total} not yet studied."
    tab.page.locator(".self-test__import input").set_input_files(str(saved))
    tab.page.wait_for_function("() => /Imported 1 card/.test(document.querySelector('.self-test__message').textContent)")
    assert status.inner_text().endswith("1 scheduled later.")
    (tmp_path / "other.json").write_text('{"cards": {}}')
    tab.page.locator(".self-test__import input").set_input_files(str(tmp_path / "other.json"))
    tab.page.wait_for_function("() => /not a self-test export/.test(document.querySelector('.self-test__message').textContent)")
    assert tab.errors == [] and tab.foreign_requests() == []


@pytest.mark.browser
def test_self_test_filters_by_deck_track_and_topic(site, tab):
    _open_self_test(site, tab)
    data = _self_test_data(site)
    tab.page.locator('input[name="deck"][value="Glossary"]').uncheck()
    tab.page.locator('input[name="deck"][value="Questions"]').uncheck()
    tab.page.locator('select[name="track"]').select_option("generative")
    mocks = [c for c in data["cards"] if c["deck"] == "Mock prompts" and c["track"] == "generative"]
    assert tab.page.locator(".self-test__status").inner_text() == \
        f"0 cards due now, {len(mocks)} not yet studied."
    assert tab.page.locator(".self-test__meta").inner_text().startswith("Mock prompts · ")
    topics = tab.page.locator('select[name="topic"] option').all_inner_texts()
    assert topics == ["All topics"] + [c["topic"] for c in mocks]
    tab.page.locator('select[name="topic"]').select_option(mocks[-1]["topic"])
    assert tab.page.locator(".self-test__front").inner_text() == mocks[-1]["front"]
    assert tab.errors == []


@pytest.mark.browser
def test_done_pages_are_marked_in_the_navigation_and_the_indexes(site, tab):
    tab.page.goto(site.url + "case-studies/visual-search/", wait_until="networkidle")
    nav = tab.page.locator('.md-nav--primary a.md-nav__link[href$="visual-search/"]').first
    assert nav.locator(".progress-mark").count() == 0
    tab.page.locator(".progress-toggle").click()
    assert nav.locator(".progress-mark").count() == 1
    assert "(done)" in nav.inner_text()
    tab.page.locator('.md-nav--primary a.md-nav__link[href$="case-studies/"]').first.click()
    # Instant navigation: wait for the new page's catalogue, then for its tick.
    tab.page.wait_for_selector('.progress-links a[href$="visual-search/"] .progress-mark',
                               timeout=5000)
    assert tab.page.locator('.progress-links .progress-mark').count() == 1
    tab.page.goto(site.url + "practice/", wait_until="networkidle")
    summary = tab.page.locator("#progress-summary").inner_text()
    studies = sum(1 for p in content.iter_pages() if p.kind == "case study" and not p.draft)
    assert f"1 of {studies} case studies" in summary
    # The next page is the case study after it in the navigation.
    listed = tab.page.eval_on_selector_all(
        ".md-nav--primary a.md-nav__link[href*='case-studies/']",
        "links => [...new Set(links.map(a => a.textContent.trim()))]")
    after = listed[listed.index(next(t for t in listed if t.startswith("Visual search"))) + 1]
    assert f"Suggested next: {after}" in summary, (summary, listed)
    assert tab.errors == [] and tab.foreign_requests() == []
