"""Flashcards from the glossary and the question bank: an Anki deck and a CSV.

    python scripts/flashcards.py OUT_DIR      (make flashcards writes into .cache/flashcards/)

Cards: one per glossary term (### heading in docs/concepts/glossary.md) and one per
practice question (`??? question "…"` block in docs/practice/). The build publishes
both files under assets/flashcards/ (scripts/hooks.py), so readers download them from
the Practice section. Note ids are derived from the card's front, so re-importing an
updated deck updates cards instead of duplicating them.
"""

from __future__ import annotations

import csv
import hashlib
import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import content  # noqa: E402
import estimates  # noqa: E402

GLOSSARY = "concepts/glossary.md"
PRACTICE = "practice/"
DECK_FILE = "ml-system-design-flashcards.apkg"
CSV_FILE = "ml-system-design-flashcards.csv"
ASSET_DIR = "assets/flashcards"
DECK_ID = 1_733_406_201  # fixed, so imports update the same deck
MODEL_ID = 1_733_406_202
SITE = "ML System Design Study Guide"


@dataclass(frozen=True)
class Card:
    front: str
    back: str  # plain text
    source: str  # page path under docs/, with the anchor where there is one
    deck: str  # "Glossary" or "Questions"

    @property
    def guid(self) -> str:
        return hashlib.sha256(f"{self.deck}:{self.front}".encode()).hexdigest()[:20]


def plain(markdown: str) -> str:
    """Markdown to readable plain text: links keep their words, markup goes."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|_)(\S[^*_]*?)\1", r"\2", text)
    text = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "• ", text, flags=re.M)
    text = re.sub(r"\{[#.][^}]*\}", "", text)
    return "\n".join(line.strip() for line in text.strip().split("\n") if line.strip())


def anchor(title: str) -> str:
    return re.sub(r"[^\w]+", "-", title.lower()).strip("-")


def cards(pages: list[content.Page], model=None) -> list[Card]:
    """Every card; `model` is the site's numbers model when the caller has it (the build)."""
    found = []
    for page in pages:
        if page.src_uri != GLOSSARY and not page.src_uri.startswith(PRACTICE):
            continue
        if model is None:  # a card shows a cited value as the page's text does
            model = estimates.load(pages)

        def text(markdown: str, page=page) -> str:
            return plain(estimates.cite_as_text(model, page, markdown))

        if page.src_uri == GLOSSARY:
            found += [Card(term.title, text(term.text), f"{page.src_uri}#{anchor(term.title)}",
                           "Glossary") for term in page.terms(3) if term.text]
        else:
            found += [Card(q.title, text(q.text), page.src_uri, "Questions")
                      for q in page.questions() if q.text]
    return found


def write_csv(all_cards: list[Card], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["deck", "front", "back", "source"])
        for card in all_cards:
            writer.writerow([card.deck, card.front, card.back, card.source])


def write_deck(all_cards: list[Card], path: Path) -> None:
    import genanki

    model = genanki.Model(
        MODEL_ID, f"{SITE} card",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[{
            "name": "Card",
            "qfmt": "{{Front}}",
            "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<p class=source>{{Source}}</p>",
        }],
        css=".card{font-family:Arial,sans-serif;font-size:18px;text-align:left;}"
            ".source{font-size:12px;color:#666;}")
    deck = genanki.Deck(DECK_ID, SITE)
    for card in all_cards:
        back = html.escape(card.back).replace("\n", "<br>")
        deck.add_note(genanki.Note(model=model, guid=card.guid, tags=[card.deck.lower()],
                                   fields=[html.escape(card.front), back, html.escape(card.source)]))
    genanki.Package(deck).write_to_file(str(path))


def build(pages: list[content.Page], out_dir: Path, model=None) -> list[Path]:
    """Write the deck and the CSV into `out_dir`; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    all_cards = cards(pages, model)
    deck, table = out_dir / DECK_FILE, out_dir / CSV_FILE
    write_deck(all_cards, deck)
    write_csv(all_cards, table)
    return [deck, table]


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else content.ROOT / ".cache" / "flashcards"
    pages = content.iter_pages()
    for path in build(pages, out):
        print(f"wrote {content.display_path(path)}")
    print(f"flashcards: {len(cards(pages))} cards")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
