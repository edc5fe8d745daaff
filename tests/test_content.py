"""The page model reads front matter, headings, diagram references and links with lines."""

import textwrap

import pytest

import content


def write(tmp_path, text, name="page.md"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def test_reads_front_matter_with_key_lines(tmp_path):
    page = content.read_page(write(tmp_path, """
        ---
        title: Visual search
        description: Find similar images.
        tags: [retrieval]
        ---
        # Visual search
        """), docs_dir=tmp_path)
    assert page.meta["title"] == "Visual search"
    assert page.line_of("tags") == 4
    assert page.body_line == 6
    assert page.headings[0] == content.Heading(1, "Visual search", 6)


def test_diagram_references_skip_code_examples(tmp_path):
    page = content.read_page(write(tmp_path, """
        # Page
        ```diagram
        case-studies/x/serving.mmd
        ```
        ````markdown
        ```diagram
        not/a/reference.mmd
        ```
        ## Not a heading
        ````
        ## Real heading
        """), docs_dir=tmp_path)
    assert page.diagrams == [content.DiagramRef("case-studies/x/serving.mmd", 2, 4)]
    assert [h.text for h in page.headings] == ["Page", "Real heading"]


def test_the_sketch_in_the_45_minute_version_is_not_a_figure(tmp_path):
    page = content.read_page(write(tmp_path, """
        # Page
        ??? abstract "The 45-minute version"

            Plan.

            ```diagram
            case-studies/x/whiteboard.mmd
            ```

        ```diagram
        case-studies/x/serving.mmd
        ```
        """), docs_dir=tmp_path)
    assert (page.interview.line, page.interview.end_line) == (2, 8)
    assert page.diagrams == [content.DiagramRef("case-studies/x/whiteboard.mmd", 6, 8, sketch=True),
                             content.DiagramRef("case-studies/x/serving.mmd", 10, 12)]
    assert [ref.target for ref in page.figures] == ["case-studies/x/serving.mmd"]


def test_links_have_lines(tmp_path):
    page = content.read_page(write(tmp_path, "# T\n\nSee [two-tower](../concepts/two-tower.md#loss).\n"),
                             docs_dir=tmp_path)
    assert page.links == [content.Link("two-tower", "../concepts/two-tower.md#loss", 3)]


def test_links_may_wrap_but_not_cross_paragraphs_or_code(tmp_path):
    page = content.read_page(write(tmp_path, textwrap.dedent("""\
        # T

        The [batch and online
            inference](../concepts/batch.md) split. A stray [bracket

        is not a link](nowhere.md).
        ```
        [in code](code.md)
        ```
        """)), docs_dir=tmp_path)
    assert page.links == [content.Link("batch and online inference", "../concepts/batch.md", 3)]


@pytest.mark.parametrize("text, line, words", [
    ("---\ntitle: [unclosed\n---\n", 2, "not valid YAML"),
    ("---\ntitle: x\n", 1, "never closed"),
    ("---\n- a\n- b\n---\n", 2, "mapping"),
    ("# T\n```diagram\na.mmd\nb.mmd\n```\n", 2, "exactly one path"),
    ("# T\n```python\nprint()\n", 2, "never closed"),
])
def test_bad_input_names_file_and_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(content.ContentError) as caught:
        content.read_page(path, docs_dir=tmp_path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert words in str(caught.value)


def test_every_real_page_parses():
    pages = content.iter_pages()
    assert any(page.src_uri == "index.md" for page in pages)
    assert all(page.meta.get("title") and page.meta.get("description") for page in pages)


def test_abbreviations_have_expansions_only_when_their_initials_spell_them(tmp_path):
    path = tmp_path / "abbreviations.md"
    path.write_text("*[CTR]: Click-through rate\n*[ANN]: Approximate nearest neighbour (search)\n"
                    "*[A/B]: A controlled experiment that randomly splits traffic between two arms\n"
                    "*[KV]: Key-value: the pair each attention layer caches\n")
    assert content.abbreviations(path) == {"CTR": "Click-through rate", "KV": "Key-value",
                                           "ANN": "Approximate nearest neighbour"}

