"""The diagram checker renders every diagram and enforces each convention on bad input.

One temporary copy of the project holds one fault per rule; `diagrams.py check` runs
once over it (one browser session) and every rule's message is asserted.
"""

import hashlib
import re
import subprocess
import sys

import pytest

from conftest import ROOT, project_copy

import content
import diagrams

pytestmark = pytest.mark.browser

GOOD_HEAD = "flowchart LR\n    accTitle: T\n    accDescr: D\n"
BAD_DIAGRAMS = {
    "bad/syntax.mmd": GOOD_HEAD + "    a[A]:::online --> b[B]:::online\n    a -->> ]]\n",
    "bad/parens.mmd": GOOD_HEAD + "    a[Score (p)]:::online --> b[B]:::online\n",
    "bad/dangling.mmd": GOOD_HEAD + "    a[A]:::online -->\n",
    "bad/no-type.mmd": "flowchar LR\n    accTitle: T\n    accDescr: D\n    a[A]:::online\n",
    "bad/no-title.mmd": "flowchart LR\n    accDescr: D\n    a[A]:::online\n",
    "bad/no-descr.mmd": "flowchart LR\n    accTitle: T\n    a[A]:::online\n",
    "bad/unknown-class.mmd": GOOD_HEAD + "    a[A]:::online\n    b[B]:::fancy\n",
    "bad/classdef.mmd": GOOD_HEAD + "    a[A]\n    classDef mine fill:#f00\n",
    "bad/too-many.mmd": GOOD_HEAD + "".join(f"    n{i}[N{i}] --> n{i + 1}[N{i + 1}]\n" for i in range(30)),
    "bad/no-reason.mmd": GOOD_HEAD + "    %% max-nodes: 40\n    a[A]\n",
    "bad/too-wide.mmd": GOOD_HEAD + "".join(f"    w{i}[A rather long label {i}] --> w{i + 1}[A rather long label {i + 1}]\n"
                                            for i in range(8)),
    "bad/unused.mmd": GOOD_HEAD + "    a[A]:::online\n",
}
USED = [name for name in BAD_DIAGRAMS if name != "bad/unused.mmd"]


def tree_digest(root):
    digest = hashlib.sha256()
    for path in sorted(list((root / "docs").rglob("*.md")) + list((root / "diagrams").rglob("*"))):
        if path.is_file():
            digest.update(path.as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory, chromium):
    root = project_copy(tmp_path_factory.mktemp("bad-diagrams"))
    for name, text in BAD_DIAGRAMS.items():
        path = root / "diagrams" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    refs = "".join(f"```diagram\n{name}\n```\n\n" for name in USED + ["bad/missing.mmd"])
    (root / "docs" / "bad.md").write_text(
        "---\ntitle: Bad\ndescription: Bad diagrams.\n---\n# Bad\n\n" + refs, encoding="utf-8")
    before = tree_digest(root)
    result = subprocess.run([sys.executable, str(root / "scripts" / "diagrams.py"), "check"],
                            capture_output=True, text=True, cwd=root)
    return result, before, tree_digest(root)


@pytest.mark.parametrize("expected", [
    "diagrams/bad/syntax.mmd:5: Mermaid: Parse error on line 5",
    "diagrams/bad/parens.mmd:4: Mermaid: Parse error on line 4",
    "diagrams/bad/dangling.mmd:5: Mermaid: Parse error on line 5",
    "diagrams/bad/no-title.mmd:1: missing 'accTitle",
    "diagrams/bad/no-descr.mmd:1: missing 'accDescr",
    "diagrams/bad/unknown-class.mmd:5: unknown class 'fancy'",
    "diagrams/bad/classdef.mmd:5: classDef is not allowed",
    "diagrams/bad/too-many.mmd:1: 31 nodes, more than 25",
    "diagrams/bad/no-reason.mmd:4: 'max-nodes' needs a reason",
    "diagrams/bad/unused.mmd:1: diagram is not used by any page",
    f"docs/bad.md:{7 + 4 * len(USED)}: diagram 'bad/missing.mmd' does not exist",
])
def test_each_rule_reports_file_and_line(bad_run, expected):
    result, _, _ = bad_run
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr


@pytest.mark.parametrize("name, hint", [
    ("parens", "a label holding brackets, parentheses, braces or quotes must be quoted"),
    ("dangling", "a line ends before it is complete, usually an arrow with no node"),
    ("no-type", "the first line names the diagram type"),
    ("syntax", "check the arrows and brackets on that line"),
])
def test_parse_errors_end_with_a_hint(bad_run, name, hint):
    result, _, _ = bad_run
    problem = re.search(rf"^diagrams/bad/{name}\.mmd:\d+: Mermaid: .*\n  hint: (.*)$",
                        result.stderr, re.M)
    assert problem and problem[1].startswith(hint), result.stderr


def test_too_wide_diagram_reports_its_measured_width(bad_run):
    result, _, _ = bad_run
    assert re.search(r"diagrams/bad/too-wide\.mmd:1: \d{4,} px wide, more than 1200 — ", result.stderr), \
        result.stderr


def test_checker_never_modifies_sources(bad_run):
    _, before, after = bad_run
    assert before == after


def test_real_diagrams_pass():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "diagrams.py"), "check"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "0 problems" in result.stdout


def real_svgs(name: str):
    """The guide's site model and the light and dark SVGs of one of its diagrams."""
    subprocess.run([sys.executable, str(ROOT / "scripts" / "diagrams.py"), "check"],
                   capture_output=True, cwd=ROOT, check=True)
    site = diagrams.Site.load(content.iter_pages())
    rendered = site.rendered(name)
    assert rendered, f"diagrams/{name} was not rendered"
    return site, rendered


def test_sequence_diagrams_speak_the_legend(chromium):
    """Sequence diagrams take no classes; participants get the online colours of
    classes.yml in each palette, and stores and logs keep their own shapes."""
    site, rendered = real_svgs("concepts/diagram-legend/sequence-shapes.mmd")
    for theme, image in rendered.items():
        svg = image.path.read_text()
        online = diagrams._style(site.classes["online"][theme])
        note = diagrams._style(site.classes["data"][theme])  # not Mermaid's yellow, a store's hue
        assert f".actor{{stroke:{online['stroke']};fill:{online['fill']};" in svg, theme
        assert f".note{{stroke:{note['stroke']};fill:{note['fill']};}}" in svg, theme
        assert 'data-type="database"' in svg and 'data-type="queue"' in svg


def test_edge_labels_hide_the_line_behind_them(chromium):
    """Mermaid's edge-label box is half transparent, so the edge showed through the words;
    the shared configuration makes it opaque. Checked on the computed style."""
    _, rendered = real_svgs("framework/index/step-handoffs.mmd")
    page = chromium.new_page()
    try:
        for theme, image in rendered.items():
            page.set_content(image.path.read_text())
            boxes = page.eval_on_selector_all(
                ".edgeLabel rect", "els => els.map(r => getComputedStyle(r).opacity)")
            assert boxes and set(boxes) == {"1"}, (theme, boxes)
    finally:
        page.close()


def test_cache_renders_only_what_changed(tmp_path, chromium):
    root = project_copy(tmp_path / "copy")
    script = [sys.executable, str(root / "scripts" / "diagrams.py"), "check"]
    first = subprocess.run(script, capture_output=True, text=True, cwd=root)
    assert first.returncode == 0, first.stderr
    assert ", 0 SVGs rendered" in first.stdout  # the copy starts with a warm cache
    diagram = root / "diagrams" / "home" / "seven-steps.mmd"
    diagram.write_text(diagram.read_text().replace("5. Evaluation", "5. Evaluate"))
    second = subprocess.run(script, capture_output=True, text=True, cwd=root)
    assert second.returncode == 0, second.stderr
    assert ", 2 SVGs rendered" in second.stdout  # one diagram, light and dark


# --- Labels fit with whatever fonts the reader has ------------------------------------
# The SVGs are shown as <img>, so the reader's browser draws their labels with the
# reader's fonts. Every label of every pre-rendered SVG is measured against its shape
# (node, edge label, subgraph, participant, note) with the SVGs' own font list (here
# Liberation Sans, Arial's metric twin) and with DejaVu Sans forced, the widest common
# fallback; the renderer measures with DejaVu Sans so that both fit.
FORCED_FONTS = {"as shipped": None, "DejaVu Sans": "'DejaVu Sans'"}


@pytest.fixture(scope="module")
def fit_page(chromium):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "diagrams.py"), "check"],
                   capture_output=True, cwd=ROOT, check=True)
    page = chromium.new_page()
    for font in ("'DejaVu Sans'", "'Liberation Sans'"):
        if not page.evaluate(diagrams._HAS_FONT_JS, font):
            pytest.fail(f"Chromium has no {font}: run 'sudo apt-get install -y fonts-dejavu-core "
                        f"fonts-liberation' (scripts/setup.sh installs both)")
    yield page
    page.close()


@pytest.fixture(scope="module")
def fit_results(fit_page):
    # The light palette only: the dark one is laid out from the same text and sizes
    # (checked below), and measuring both would double the test's time.
    svgs = diagrams.rendered_svgs(("light",))
    return len(svgs), {label: diagrams.label_fit(fit_page, svgs, font)
                       for label, font in FORCED_FONTS.items()}


def test_dark_palette_has_the_light_layout(fit_page):
    svgs = diagrams.rendered_svgs()
    view_box = re.compile(r'viewBox="[^"]*"')
    differ = [name for name, svg in svgs.items() if name.endswith("(light)")
              and view_box.search(svg)[0] != view_box.search(svgs[name.replace("(light)", "(dark)")])[0]]
    assert not differ, differ


@pytest.mark.parametrize("font", FORCED_FONTS)
def test_every_label_fits_its_shape(fit_results, font):
    count, results = fit_results
    problems, _ = results[font]
    assert count > 300
    assert not problems, (f"{len(problems)} labels overflow their shapes with {font}:\n"
                          + "\n".join(map(str, problems[:40])))


def test_forced_font_takes_effect(fit_results):
    """DejaVu Sans is wider than the shipped fonts: if forcing it changed no width, the
    check above measured nothing."""
    _, results = fit_results
    shipped, dejavu = results["as shipped"][1], results["DejaVu Sans"][1]
    assert dejavu > 1.08 * shipped, (shipped, dejavu)


def test_fit_check_names_diagram_and_label(fit_page):
    """The check can fail: one node's box narrowed to half its width is reported by name
    and label."""
    _, rendered = real_svgs("home/seven-steps.mmd")
    svg = rendered["light"].path.read_text()
    narrowed, count = re.subn(r'(<rect class="basic label-container"[^>]*? x=")([-\d.]+)'
                              r'(" y="[-\d.]+" width=")([\d.]+)',
                              lambda m: f"{m[1]}{float(m[2]) / 2}{m[3]}{float(m[4]) / 2}",
                              svg, count=1)
    assert count == 1, "no rectangular node found to narrow"
    problems, _ = diagrams.label_fit(fit_page, {"home/seven-steps.mmd (narrowed)": narrowed})
    assert len(problems) == 1, problems
    assert str(problems[0]).startswith("diagrams/home/seven-steps.mmd (narrowed): node '")
    assert "overflows by" in str(problems[0])
