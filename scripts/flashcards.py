"""Cards from the glossary, the question bank and the mock prompts: the site's self-test,
an Anki deck and a CSV.

    python scripts/flashcards.py OUT_DIR      (make flashcards writes into .cache/flashcards/)

Cards: one per glossary term (### heading in docs/concepts/glossary.md), one per
practice question (`??? question "…"` block in docs/practice/) and one per mock prompt
(a `## N. Title` section of docs/practice/mock-interviews.md with its outline). The
build publishes the deck and the CSV under assets/flashcards/ and the self-test's cards
as assets/self-test/cards.js (scripts/hooks.py). A card's id is derived from its deck
and front, never from its position, so a card keeps its progress in the self-test (and
its note in Anki) when others are inserted or reordered.

A card's topic is the `##` section it sits under, and its track is "generative" when
that section is listed in the page's `generative_sections:` front matter.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import markdown as markdown_lib

sys.path.insert(0, str(Path(__file__).resolve().parent))
import content  # noqa: E402
import estimates  # noqa: E402

GLOSSARY = "concepts/glossary.md"
PRACTICE = "practice/"
MOCKS = "practice/mock-interviews.md"
MOCK_OUTLINE = re.compile(r'^\?\?\?\+?\s+abstract\s+"Outline of a strong answer"\s*$')
SELF_TEST = "practice/self-test.md"  # the page that studies the cards
SELF_TEST_JS = "assets/self-test/cards.js"
SELF_TEST_GLOBAL = "window.SELF_TEST"  # cards.js is this assignment of one JSON object
SITE_URL = "https://mlsd-guide.github.io/ml-system-design/"  # mkdocs.yml's default site_url
GENERATIVE_KEY = "generative_sections"
DECKS = ("Questions", "Mock prompts", "Glossary")
DECK_FILE = "ml-system-design-flashcards.apkg"
CSV_FILE = "ml-system-design-flashcards.csv"
ASSET_DIR = "assets/flashcards"
PUBLISHED = (f"{ASSET_DIR}/{DECK_FILE}", f"{ASSET_DIR}/{CSV_FILE}", SELF_TEST_JS)  # in the site
DECK_ID = 1_733_406_201  # fixed, so imports update the same deck
MODEL_ID = 1_733_406_202
SITE = "ML System Design Study Guide"


@dataclass(frozen=True)
class Card:
    front: str  # plain text: the question, the term or the mock prompt's title
    back: str  # plain text
    source: str  # page path under docs/, with the anchor where there is one
    deck: str  # one of DECKS
    topic: str = ""  # the `##` section it sits under
    track: str = "classic"  # a key of content.TRACKS
    prompt_md: str = ""  # Markdown shown under the front (a mock's task), values as text
    back_md: str = ""  # the back as Markdown, values as text (the self-test renders it)

    @property
    def guid(self) -> str:
        return hashlib.sha256(f"{self.deck}:{self.front}".encode()).hexdigest()[:20]

    @property
    def url(self) -> str:
        """The source as an address on the published site."""
        path, _, fragment = self.source.partition("#")
        return SITE_URL + content.url_of(path) + (f"#{fragment}" if fragment else "")


def plain(markdown: str) -> str:
    """Markdown to readable plain text: links keep their words, markup goes, and the
    source's hard line breaks are joined (a paragraph is one line; a list item its own)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|_)(\S[^*_]*?)\1", r"\2", text)
    text = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "• ", text, flags=re.M)
    text = re.sub(r"\{[#.][^}]*\}", "", text)
    lines = []
    for line in text.strip().split("\n"):
        stripped = line.strip()
        if not stripped:
            lines.append("")
        elif lines and lines[-1] and not stripped.startswith(("•", "|")) \
                and not lines[-1].startswith("|"):
            lines[-1] += " " + stripped  # a wrapped line of the same paragraph or item
        else:
            lines.append(stripped)
    return "\n".join(line for line in lines if line)


def anchor(title: str) -> str:
    """The id MkDocs gives a heading (the page model's heading_id)."""
    return content.heading_id(title)


def _sections(page: content.Page) -> list[tuple[content.Heading, int]]:
    """Each `##` heading with the line where its section ends."""
    tops = [h for h in page.headings if h.level <= 2]
    end = page.body_line + page.body.count("\n") + 1
    return [(h, next((n.line for n in tops if n.line > h.line), end))
            for h in tops if h.level == 2]


def _section_of(page: content.Page, line: int) -> content.Heading | None:
    return next((h for h, end in _sections(page) if h.line < line < end), None)


def _track(page: content.Page, section: content.Heading | None) -> str:
    generative = page.meta_list(GENERATIVE_KEY)
    return "generative" if section is not None and section.text in generative else "classic"


def _mock_cards(page: content.Page, text) -> list[Card]:
    """One card per `## N. Title` section: its task and questions in front, its outline behind."""
    lines = page.body.split("\n")
    found = []
    for heading, end in _sections(page):
        body = lines[heading.line - page.body_line + 1:end - page.body_line]
        outline = next((i for i, line in enumerate(body) if MOCK_OUTLINE.match(line)), None)
        if outline is None:
            continue
        task = "\n".join(body[:outline]).strip()
        answer = "\n".join(line[4:] for line in body[outline + 1:]).strip()
        title = re.sub(r"^\d+\.\s*", "", heading.text)
        found.append(Card(title, text(task + "\n\n" + answer), f"{page.src_uri}#{anchor(heading.text)}",
                          "Mock prompts", heading.text, _track(page, heading),
                          _as_text(text, task), _as_text(text, answer)))
    return found


def _as_text(text, markdown: str) -> str:
    return text(markdown, keep_markdown=True)


def cards(pages: list[content.Page], model=None) -> list[Card]:
    """Every card; `model` is the site's numbers model when the caller has it (the build)."""
    found = []
    for page in pages:
        if page.src_uri != GLOSSARY and not page.src_uri.startswith(PRACTICE):
            continue
        if model is None:  # a card shows a cited value as the page's text does
            model = estimates.load(pages)

        def text(markdown: str, page=page, keep_markdown=False) -> str:
            cited = estimates.cite_as_text(model, page, markdown)
            return cited if keep_markdown else plain(cited)

        if page.src_uri == GLOSSARY:
            for term in page.terms(3):
                if term.text:
                    section = _section_of(page, term.line)
                    found.append(Card(term.title, text(term.text), f"{page.src_uri}#{anchor(term.title)}",
                                      "Glossary", section.text if section else "",
                                      _track(page, section), "", _as_text(text, term.text)))
        elif page.src_uri == MOCKS:
            found += _mock_cards(page, text)
        else:
            for question in page.questions():
                if question.text:
                    section = _section_of(page, question.line)
                    source = f"{page.src_uri}#{anchor(section.text)}" if section else page.src_uri
                    found.append(Card(question.title, text(question.text), source, "Questions",
                                      section.text if section else "", _track(page, section),
                                      "", _as_text(text, question.text)))
    return sorted(found, key=lambda card: DECKS.index(card.deck))  # stable: page order kept


# --- the self-test's cards --------------------------------------------------------------

_MD_LINK = re.compile(r"(\]\()([^)\s]+)(\))")
_HTML_EXTENSIONS = ["tables", "attr_list", "def_list", "sane_lists", "pymdownx.superfences"]


def _relink(card: Card, markdown: str) -> str:
    """Links to pages of the guide as paths under docs/ (`practice/rubric.md#scores`): the
    self-test turns them into addresses, which differ between the site (directory URLs)
    and the offline copy (`.html` files)."""
    source_page = card.source.split("#")[0]

    def replace(match):
        target = match[2]
        if re.match(r"^[a-z]+:", target):
            return match[0]
        path, _, fragment = target.partition("#")
        src = posixpath.normpath(posixpath.join(posixpath.dirname(source_page), path)) \
            if path else source_page
        return f"{match[1]}{src}{'#' + fragment if fragment else ''}{match[3]}"

    return _MD_LINK.sub(replace, markdown)


def html_of(card: Card, markdown: str) -> str:
    return markdown_lib.markdown(_relink(card, markdown), extensions=_HTML_EXTENSIONS)


def self_test_js(all_cards: list[Card]) -> str:
    """The self-test's cards as a script (a script, not JSON, so file:// copies load it).
    `source` and every link are paths under docs/, as `_relink` explains."""
    items = [{
        "id": card.guid, "deck": card.deck, "topic": card.topic, "track": card.track,
        "front": html.escape(card.front),
        "prompt": html_of(card, card.prompt_md) if card.prompt_md else "",
        "back": html_of(card, card.back_md),
        "source": card.source,
    } for card in all_cards]
    data = {"tracks": content.TRACKS, "decks": DECKS, "cards": items}
    return f"{SELF_TEST_GLOBAL} = {json.dumps(data, ensure_ascii=False, indent=0)};\n"


def write_csv(all_cards: list[Card], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "deck", "topic", "track", "front", "back", "source"])
        for card in all_cards:
            writer.writerow([card.guid, card.deck, card.topic, content.TRACKS[card.track],
                             card.front, card.back, card.url])


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
        source = f'<a href="{html.escape(card.url)}">{html.escape(card.url)}</a>'
        tags = [re.sub(r"\W+", "-", card.deck.lower()), card.track]
        deck.add_note(genanki.Note(model=model, guid=card.guid, tags=tags,
                                   fields=[html.escape(card.front), back, source]))
    genanki.Package(deck).write_to_file(str(path))


def build(pages: list[content.Page], out_dir: Path, model=None) -> dict[str, Path]:
    """Write the deck, the CSV and the self-test's cards into `out_dir`; return each file
    by the path it is published at in the site."""
    out_dir.mkdir(parents=True, exist_ok=True)
    all_cards = cards(pages, model)
    deck, table = out_dir / DECK_FILE, out_dir / CSV_FILE
    write_deck(all_cards, deck)
    write_csv(all_cards, table)
    script = out_dir / Path(SELF_TEST_JS).name
    script.write_text(self_test_js(all_cards), encoding="utf-8")
    return dict(zip(PUBLISHED, (deck, table, script)))


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else content.ROOT / ".cache" / "flashcards"
    pages = content.iter_pages()
    for path in build(pages, out).values():
        print(f"wrote {content.display_path(path)}")
    print(f"flashcards: {len(cards(pages))} cards")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
