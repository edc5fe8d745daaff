"""Practice tools: the generated flashcard deck, and progress kept in the browser."""

import csv
import sqlite3
import zipfile

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
    assert all(c.deck == "Questions" for c in cards if c.source.startswith("practice/"))
    assert "dot product scores a pair" in cards[0].back
    deck, table = flashcards.build(pages, tmp_path / "out")
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


@pytest.mark.browser
def test_question_ticks_are_kept_across_reloads(site, tab):
    bank = next(p for p in content.iter_pages() if p.src_uri == "practice/question-bank.md")
    if bank.draft:
        pytest.skip("the question bank is still a draft (status: draft); this runs once it lands")
    url = site.url + "practice/question-bank/"
    tab.page.goto(url, wait_until="networkidle")
    boxes = tab.page.locator("details.question > summary .progress-check")
    assert boxes.count() >= 100
    boxes.nth(2).check()
    tab.page.reload(wait_until="networkidle")
    boxes = tab.page.locator("details.question > summary .progress-check")
    assert [boxes.nth(i).is_checked() for i in range(4)] == [False, False, True, False]
    summary_text = tab.page.evaluate("localStorage.getItem('mlsd-progress-v1')")
    assert "question:/practice/question-bank/#2" in summary_text
    assert tab.errors == [] and tab.foreign_requests() == []
