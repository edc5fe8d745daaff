"""The content linter: each rule fires on a bad page (temporary files), with file:line."""

import re
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT, build, project_copy

import content
import lint
import new_page

TAGS = lint.allowed_tags()
KNOWN = {"two-tower-retrieval", "calibration"}
SECTIONS = "".join(f"## {name}\n\nText.\n\n" for name in lint.CASE_STUDY_SECTIONS[:-1])
DIAGRAMS = "".join(f"```diagram\ncase-studies/x/d{i}.mmd\n```\n\n" for i in range(8))
SLOTS = "".join(f"    | {slot} | Say. | Draw. |\n" for slot in lint.INTERVIEW_SLOTS)
NUMBERS = "".join(f"    - {{{{n{i}}}}} said.\n" for i in range(5))
INTERVIEW = f"""??? abstract "The 45-minute version"

    The spine.

    | Minutes | Say | Draw or write |
    |---|---|---|
{SLOTS}
    ```diagram
    case-studies/x/whiteboard.mmd
    ```

    **Numbers worth saying.**

{NUMBERS}
    **Follow-ups to expect.**

    1. **One?** Answer.
    2. **Two?** Answer,
       on two lines.
    3. **Three?** Answer.

"""
GOOD_CASE = f"""---
title: Good case
description: "A case study that keeps every rule."
tags: [retrieval]
difficulty: advanced
concepts: [calibration]
---

# Good case

!!! abstract "At a glance"
    | Aspect | Summary |
    |---|---|
    | **Problem** | P, with [calibrated](../concepts/calibration.md) scores |

{INTERVIEW}{DIAGRAMS}{SECTIONS}## References

1. A. Author. "A paper." Venue 2020. <https://doi.org/10.1000/1>
"""


def messages(tmp_path, text, name="case-studies/page.md"):
    path = tmp_path / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    page = content.read_page(path, docs_dir=tmp_path / "docs")
    return [str(m) for m in lint.lint_page(page, TAGS, KNOWN)]


def only(found, pattern):
    hits = [m for m in found if re.search(pattern, m)]
    assert hits, "\n".join(found)
    return hits[0]


def test_good_case_study_has_no_messages(tmp_path):
    assert messages(tmp_path, GOOD_CASE) == []


@pytest.mark.parametrize("change, pattern", [
    (('description: "A case study that keeps every rule."', "description: " + "x" * 161),
     r"page\.md:3: error: description is 161 characters"),
    (("tags: [retrieval]", "tags: [retrieval, cooking]"), r"page\.md:4: error: unknown tag 'cooking'"),
    (("concepts: [calibration]", "concepts: [calibration, no-such]"),
     r"page\.md:6: error: unknown concept 'no-such'"),
    (("concepts: [calibration]", "concepts: [calibration, two-tower-retrieval]"),
     r"page\.md:6: error: concept 'two-tower-retrieval' is listed but the text never links it"),
    (("difficulty: advanced\n", ""), r"error: case study needs 'difficulty"),
    (("title: Good case\n", "title: Good case\ncolour: blue\n"), r"page\.md:3: error: unknown front-matter key 'colour'"),
    (("## 5. Evaluation\n", "## 5. Evaluations\n"), r"error: missing section\(s\) '## 5. Evaluation'"),
    (("## Trade-offs\n\nText.\n\n## Interviewer follow-ups\n", "## Interviewer follow-ups\n\nText.\n\n## Trade-offs\n"),
     r"error: section '## Trade-offs' comes after '## Interviewer follow-ups'"),
    (('!!! abstract "At a glance"', '!!! note "Summary"'), r"error: case study has no 'At a glance' box"),
    (("```diagram\ncase-studies/x/d0.mmd\n```\n", ""), r"error: 7 figure\(s\); a case study page has at least 8 \(the whiteboard"),
    (('??? abstract "The 45-minute version"', '??? abstract "Short version"'),
     r"page\.md:\d+: error: no '\?\?\? abstract \"The 45-minute version\"' block"),
    (("    | 40–45 | Say. | Draw. |\n", ""), r"page\.md:16: error: its minute table has rows .* it needs exactly"),
    (("    | 5–10 |", "    | 5-10 |"), r"error: its minute table has rows .*'5-10'"),
    (("    - {{n4}} said.\n", ""), r"page\.md:16: error: '\*\*Numbers worth saying\.\*\*' has 4 bullet"),
    (("    - {{n4}} said.\n", "    - 40 said.\n"), r"has 5 bullet\(s\) \(4 citing a named value\)"),
    (("    3. **Three?** Answer.\n", ""), r"'\*\*Follow-ups to expect\.\*\*' has 2 numbered"),
    (("    case-studies/x/whiteboard.mmd\n", "    case-studies/x/whiteboard.mmd\n    ```\n\n    ```diagram\n    case-studies/x/d9.mmd\n"),
     r"error: 2 diagram\(s\) inside 'The 45-minute version'"),
    (("# Good case\n", "# Good case\n\n" + "".join(f"Figure {i} shows it.\n" for i in range(1, 5))),
     r"page\.md:14: error: 4 sentences open with 'Figure N shows' \(lines 11, 12, 13, 14\)"),
    (("<https://doi.org/10.1000/1>", "(no address)"), r"error: reference without an address"),
    (("# Good case\n", "# Good case\n\n```mermaid\nflowchart LR\n  a --> b\n```\n"),
     r"page\.md:11: error: Mermaid pasted into the page"),
    (("# Good case\n", "# Good case\n\nFigures 2 and 9 show it.\n"),
     r"page\.md:11: error: Figure 9 does not exist: the page has 8"),
    (("# Good case\n", "# Good case\n\n*[CTR]: Click-through rate\n"), r"page\.md:11: error: abbreviation defined in a page"),
    (("# Good case\n", "# Good case\n\nTODO: finish.\n"), r"page\.md:11: error: TODO left in the page"),
    (("# Good case\n", "Intro.\n"), r"error: the page must start with '# <title>'"),
    (("# Good case\n", "# Good case\n\n| | A |\n|---|---|\n| x | 1 |\n"),
     r"page\.md:11: error: table header cell 1 is empty"),
])
def test_each_rule_fires(tmp_path, change, pattern):
    old, new = change
    assert old in GOOD_CASE
    message = only(messages(tmp_path, GOOD_CASE.replace(old, new, 1)), pattern)
    assert "(docs/contribute/style-guide.md#" in message


def test_the_45_minute_version_must_come_before_step_one(tmp_path):
    moved = GOOD_CASE.replace(INTERVIEW, "").replace("## 2. Frame", INTERVIEW + "## 2. Frame")
    assert only(messages(tmp_path, moved), r"page\.md:\d+: error: 'The 45-minute version' comes "
                r"after '## 1. Clarify requirements' — move it above")


def test_draft_turns_unfinished_work_into_warnings(tmp_path):
    draft = GOOD_CASE.replace("difficulty: advanced\n", "status: draft\n").replace(
        "# Good case\n", "# Good case\n\nTODO: finish.\n")
    found = messages(tmp_path, draft)
    assert found and all(": warning: " in m for m in found), found


def test_every_rule_links_to_a_real_style_guide_section():
    guide = content.read_page(ROOT / lint.GUIDE)
    anchors = {re.sub(r"[^a-z0-9]+", "-", h.text.lower()).strip("-") for h in guide.headings}
    assert set(lint.RULES) <= anchors, set(lint.RULES) - anchors


def test_spelling_and_markdown_style_are_checked(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("# Title\n\nWe recieve data.\n\n### Skipped a level\n", encoding="utf-8")
    spelling = [str(m) for m in lint.run_codespell([path])]
    style = [str(m) for m in lint.run_pymarkdown([path])]
    assert any(":3: error: possible misspelling 'recieve'" in m for m in spelling), spelling
    assert any(":5: error:" in m and "MD001" in m for m in style), style
    # The second scan comes from the cache (keyed by content): same report, each file's own path.
    twin = tmp_path / "twin.md"
    twin.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    again = [str(m) for m in lint.run_pymarkdown([path, twin])]
    assert again == style + [m.replace("page.md", "twin.md") for m in style]


def test_real_pages_pass_and_cli_reports_file_and_line(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "lint.py")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    bad = ROOT / "docs" / "index.md"
    root = project_copy(tmp_path / "copy")
    copy = root / "docs" / "index.md"
    copy.write_text(bad.read_text() + "\nTODO: later\n")
    result = subprocess.run([sys.executable, str(root / "scripts" / "lint.py")],
                            capture_output=True, text=True, cwd=root)
    assert result.returncode == 1
    assert re.search(r"^docs/index\.md:\d+: error: TODO left in the page", result.stderr, re.M)


def test_scaffolded_pages_pass_every_check_at_once(tmp_path, chromium):
    root = project_copy(tmp_path / "copy")
    script = str(root / "scripts" / "new_page.py")
    # A name with YAML's special characters (": ", "&", "/") must still give valid front matter.
    concept = "A/B tests: CUPED & variance reduction"
    for kind, name in (("case-study", "Fraud detection"), ("concept", concept)):
        made = subprocess.run([sys.executable, script, kind, name], capture_output=True, text=True)
        assert made.returncode == 0, made.stderr
    again = subprocess.run([sys.executable, script, "concept", concept],
                           capture_output=True, text=True)
    assert again.returncode != 0 and "already exists" in again.stderr
    nav = (root / "mkdocs.yml").read_text().split("\n")
    entry = nav.index("      - concepts/a-b-tests-cuped-variance-reduction.md")
    generative = next(i for i, line in enumerate(nav) if i > nav.index("  - Concepts:")
                      and line.strip() == "- Generative AI:")
    assert entry == generative - 1, "a new (untagged) concept goes last in the classic list"
    linted = subprocess.run([sys.executable, str(root / "scripts" / "lint.py")],
                            capture_output=True, text=True, cwd=root)
    assert linted.returncode == 0, linted.stderr
    assert re.search(r"docs/case-studies/fraud-detection\.md: \d+ warning\(s\)", linted.stderr)
    listed = subprocess.run([sys.executable, str(root / "scripts" / "lint.py"),
                             "docs/case-studies/fraud-detection.md"], capture_output=True, text=True, cwd=root)
    assert listed.returncode == 0 and ": warning: TODO left in the page" in listed.stderr
    checked = subprocess.run([sys.executable, str(root / "scripts" / "diagrams.py"), "check"],
                             capture_output=True, text=True, cwd=root)
    assert checked.returncode == 0, checked.stderr
    build(root, tmp_path / "out", diagrams="require")
    assert (tmp_path / "out" / "case-studies" / "fraud-detection" / "index.html").exists()
    built = tmp_path / "out" / "concepts" / "a-b-tests-cuped-variance-reduction" / "index.html"
    assert re.search(rf"<title>{re.escape(concept)}( |&amp;)?", built.read_text().replace("&amp;", "&"))


def test_diagrams_are_spell_checked_as_read_not_as_written(tmp_path):
    path = tmp_path / "d.mmd"
    path.write_text('flowchart TB\n    accTitle: Good\n    te{{"Text encoder"}}:::model --> recal\n'
                    '    recal["Recalibrate and recieve"]:::offline\n')
    spelling = [str(m) for m in lint.run_codespell([path])]
    assert len(spelling) == 1 and ":4: error: possible misspelling 'recieve'" in spelling[0], spelling
    assert "d.mmd" in spelling[0]


def test_links_anchors_and_nav_are_checked_with_their_line(tmp_path):
    import links
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "assets").mkdir()
    (docs / "assets" / "x.png").write_text("")
    (docs / "a.md").write_text(textwrap.dedent("""\
        # A

        ## The `KV` cache, *briefly*

        ## Twice

        ## Twice

        [ok](sub/b.md#the-worked-example) [ok](#the-kv-cache-briefly) [ok](#twice_1)
        [ok](assets/x.png) [ok](https://example.org/x#y) and `[not a link](nowhere.md)`
        [gone](sub/missing.md)
        [bad anchor](sub/b.md#worked-example)
        [directory](sub/)
        [no file](assets/y.png)
        """))
    (docs / "sub" / "b.md").write_text("# B\n\n## The worked example\n\n[back](../a.md#twice)\n")
    (docs / "orphan.md").write_text("# Orphan\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nnav:\n  - Home: a.md\n  - Sub:\n      - sub/b.md\n"
                      "      - sub/deleted.md\ntheme: material\n")
    pages = content.iter_pages(docs)
    found = [str(e) for e in links.problems(pages, config_path=config)]
    text = "\n".join(found)
    assert len(found) == 6, text
    assert re.search(r"a\.md:11: link to 'sub/missing\.md': no page docs/sub/missing\.md", text)
    assert re.search(r"a\.md:12: .*has no heading or id '#worked-example' \(did you mean "
                     r"#the-worked-example\?\)", text)
    assert re.search(r"a\.md:13: link to 'sub/': link to the page's \.md file", text)
    assert re.search(r"a\.md:14: link to 'assets/y\.png': no file docs/assets/y\.png", text)
    assert re.search(r"orphan\.md:1: docs/orphan\.md is not in the navigation", text)
    assert re.search(r"mkdocs\.yml:6: nav lists 'sub/deleted\.md', which does not exist", text)
    # Checking named pages reports only theirs (and not the nav's own entries).
    named = links.problems(pages, [p for p in pages if p.src_uri == "sub/b.md"], config_path=config)
    assert named == []


@pytest.mark.parametrize("front, line", [
    ('title: "unclosed\ndescription: x\ntags:\n  - a\n', 2),   # the quote opened on line 2
    ("title: ok\nno colon on this line\ndescription: x\n", 3),
    ("title: ok\ntags:\n  - a\n - b\n", 5),
    ("title: A/B tests: CUPED\n", 2),
])
def test_front_matter_yaml_errors_name_the_line_to_fix(tmp_path, front, line):
    path = tmp_path / "docs" / "p.md"
    path.parent.mkdir(parents=True)
    path.write_text(f"---\n{front}---\n\n# P\n")
    with pytest.raises(content.ContentError) as raised:
        content.read_page(path, docs_dir=tmp_path / "docs")
    assert raised.value.line == line, str(raised.value)
    assert "front matter is not valid YAML" in str(raised.value)
