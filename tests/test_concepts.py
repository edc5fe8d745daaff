"""Concept links are generated from case studies' front matter, and bad slugs fail the build."""

import pytest
from conftest import build, project_copy

import catalogue
import concepts
import content

CASE = """---
title: Toy case
description: A case study for the test.
tags: [retrieval]
difficulty: intermediate
concepts:
  - two-tower-retrieval
  - {second}
---

# Toy case

## 1. Clarify requirements

Text.
"""


def test_unknown_concept_slug_fails_with_file_and_line(tmp_path):
    root = project_copy(tmp_path / "copy")
    (root / "docs" / "case-studies" / "toy.md").write_text(CASE.format(second="no-such-concept"))
    result = build(root, tmp_path / "out", diagrams="auto", check=False)
    assert result.returncode != 0
    assert "docs/case-studies/toy.md:8: concept 'no-such-concept' has no page" in result.stderr


def test_every_real_concept_slug_has_a_page():
    assert concepts.problems(content.iter_pages()) == []


GLANCE_CASE = CASE.format(second="calibration").replace("# Toy case\n", """# Toy case

!!! abstract "At a glance"
    | | |
    |---|---|
    | **Problem** | Rank toys |
    | **ML framing** | Pointwise ranking of toys |
    | **Core models** | GBDT ranker |
""")


@pytest.fixture(scope="module")
def toy_site(tmp_path_factory):
    """One build of the project with a toy case study (glance box, two concepts) in the nav."""
    tmp = tmp_path_factory.mktemp("toy")
    root = project_copy(tmp / "copy")
    (root / "docs" / "case-studies" / "toy.md").write_text(GLANCE_CASE)
    nav = root / "mkdocs.yml"
    nav.write_text(nav.read_text().replace("      - case-studies/index.md\n",
                                           "      - case-studies/index.md\n      - case-studies/toy.md\n"))
    build(root, tmp / "out", diagrams="auto")
    return tmp / "out"


def test_case_study_and_concept_pages_link_each_other(toy_site):
    toy = (toy_site / "case-studies" / "toy" / "index.html").read_text()
    assert "Concepts used in this case study" in toy
    assert 'href="../../concepts/calibration/"' in toy
    calibration = (toy_site / "concepts" / "calibration" / "index.html").read_text()
    assert "Used in case studies" in calibration
    assert 'href="../../case-studies/toy/"' in calibration


def test_catalogue_lists_case_studies_from_their_glance_boxes(toy_site):
    index = (toy_site / "case-studies" / "index.html").read_text()
    assert '<a href="toy/">Toy case</a>' in index
    assert "Pointwise ranking of toys" in index and "GBDT</abbr> ranker" in index  # with its tooltip


def test_unknown_generated_block_fails_with_file_and_line(tmp_path):
    root = project_copy(tmp_path / "copy")
    index = root / "docs" / "concepts" / "index.md"
    index.write_text(index.read_text() + "\n<!-- generated: no-such-list -->\n")
    result = build(root, tmp_path / "out", diagrams="auto", check=False)
    assert result.returncode != 0
    assert "docs/concepts/index.md:" in result.stderr and "unknown generated block 'no-such-list'" in result.stderr


def test_catalogue_and_concept_index_group_pages_by_track():
    pages = content.iter_pages()
    index = next(p for p in pages if p.src_uri == "case-studies/index.md")
    table = catalogue.case_study_catalogue(index, pages)
    assert table.startswith('<div class="progress-links" markdown>')  # done marks (progress.js)
    classic, _, generative = table.partition("### Generative AI systems")
    assert classic.split("\n\n", 1)[1].startswith("### Classic ML systems") and generative
    for page in pages:
        if page.kind == "case study":
            row = f"[{page.title}](../{page.src_uri})"
            assert row in (generative if page.track == "generative" else classic), page.src_uri
    concept_list = catalogue.concept_index(index, [p for p in pages if p.kind == "concept"])
    assert concept_list.index("**Classic ML**") < concept_list.index("**Generative AI**")
