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


def test_case_study_and_concept_pages_link_each_other(site):
    """On the real build (no toy build: it cost a whole site): a case study lists the
    concepts of its front matter, and each concept page lists it back."""
    study = next(p for p in content.iter_pages() if p.src_uri == "case-studies/ad-click-prediction.md")
    assert "calibration" in study.meta_list("concepts")
    page = (site.directory / "case-studies" / "ad-click-prediction" / "index.html").read_text()
    assert "Concepts used in this case study" in page
    assert 'href="../../concepts/calibration/"' in page
    calibration = (site.directory / "concepts" / "calibration" / "index.html").read_text()
    assert "Used in case studies" in calibration
    assert 'href="../../case-studies/ad-click-prediction/"' in calibration


def test_catalogue_lists_case_studies_from_their_glance_boxes(site):
    index = (site.directory / "case-studies" / "index.html").read_text()
    for study in (p for p in content.iter_pages() if p.kind == "case study"):
        assert f'<a href="{study.slug}/">' in index, study.slug
    framing = "Binary classification with calibrated output"  # ad click prediction's glance box
    assert framing in content.read_page(content.DOCS_DIR / "case-studies" / "ad-click-prediction.md").glance()["ML framing"]
    assert framing in index and "DCN</abbr>/<abbr" in index  # its core models, with tooltips


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
