"""The strict build passes, and fails with the file named on broken input."""

import os
import re
import subprocess

import pytest

from conftest import build, make, project_copy


def test_strict_build_passes(site):
    assert (site.directory / "index.html").exists()
    assert (site.directory / "search" / "search_index.json").exists()


def break_page(root, text):
    (root / "docs" / "broken.md").write_text(
        "---\ntitle: Broken\ndescription: A page with a fault.\n---\n# Broken\n\n" + text,
        encoding="utf-8")


def test_failed_make_build_names_the_faults_and_keeps_the_last_good_site(tmp_path):
    # One build: strict mode reports every validation warning before it aborts; the
    # Makefile builds beside site/ and swaps it in only on success.
    root = project_copy(tmp_path / "copy")
    break_page(root, "See [nowhere](no-such-page.md) and "
                     "[the legend](concepts/diagram-legend.md#no-such-anchor).\n")
    good = root / "site" / "index.html"
    good.parent.mkdir()
    good.write_text("the last good build")
    result = make(root, "-o", "diagrams", "build", capture_output=True, text=True)
    output = result.stderr + result.stdout
    assert result.returncode != 0, output
    assert "broken.md" in output
    assert "no-such-page.md" in output and "no-such-anchor" in output
    assert good.read_text() == "the last good build" and len(list(good.parent.iterdir())) == 1


def test_missing_diagram_fails_with_page_and_line(tmp_path):
    root = project_copy(tmp_path / "copy")
    break_page(root, "```diagram\nnowhere/missing.mmd\n```\n")
    result = build(root, tmp_path / "out", diagrams="auto", check=False)
    assert result.returncode != 0
    assert "docs/broken.md:7: diagram 'nowhere/missing.mmd' does not exist" in result.stderr


def test_bad_front_matter_fails_with_file_and_line(tmp_path):
    root = project_copy(tmp_path / "copy")
    (root / "docs" / "broken.md").write_text("---\ntitle: [oops\n---\n# B\n", encoding="utf-8")
    result = build(root, tmp_path / "out", diagrams="auto", check=False)
    assert result.returncode != 0
    assert "docs/broken.md:2: front matter is not valid YAML" in result.stderr


def test_stale_diagram_fails_required_build_and_falls_back_in_auto(tmp_path):
    root = project_copy(tmp_path / "copy")
    seven = root / "diagrams" / "home" / "seven-steps.mmd"
    seven.write_text(seven.read_text() + "    s7 --> s2\n")
    required = build(root, tmp_path / "out1", diagrams="require", check=False)
    assert required.returncode != 0
    assert "diagrams/home/seven-steps.mmd" in required.stderr
    assert "make diagrams" in required.stderr
    auto = build(root, tmp_path / "out2", diagrams="auto", check=False)
    assert auto.returncode == 0, auto.stderr
    assert "rendered live in the browser" in auto.stderr
    assert "home/seven-steps.mmd" in auto.stderr
    home = (tmp_path / "out2" / "index.html").read_text()
    assert 'class="mermaid"' in home and "mermaid.min.js" in home


def test_production_build_ships_no_mermaid_runtime(site):
    assert not (site.directory / "assets" / "javascripts" / "mermaid.min.js").exists()
    for html in site.directory.rglob("*.html"):
        assert "mermaid.min.js" not in html.read_text(), html


def test_figures_load_lazily_and_the_first_screen_at_high_priority(site):
    """Every image is lazy, so only the palette shown is fetched; the home page's diagram
    is its largest element, so it is fetched at high priority; a case study's first
    figure comes after several screens and waits until scrolled near."""
    images = lambda page: re.findall(r'<img [^>]*>', (site.directory / page / "index.html").read_text())
    home = images(".")
    assert all('loading="lazy"' in img for img in home), home
    assert ['fetchpriority="high"' in img for img in home] == [True, True] + [False] * (len(home) - 2)
    case = images("case-studies/harmful-content-detection")
    assert len(case) >= 16 and not any("fetchpriority" in img for img in case), case


def test_no_page_points_at_another_host_for_assets(site):
    for path in list(site.directory.rglob("*.html")) + list(site.directory.rglob("*.css")):
        text = path.read_text(errors="replace")
        for host in ("fonts.googleapis", "fonts.gstatic", "unpkg.com", "cdn.jsdelivr",
                     "cdnjs.", "api.github.com"):
            assert host not in text, f"{path} mentions {host}"


def test_edit_links_point_at_each_pages_source(site):
    import re

    for url, source in (("", "index.md"), ("contribute/style-guide/", "contribute/style-guide.md"),
                        ("concepts/diagram-legend/", "concepts/diagram-legend.md")):
        html = (site.directory / url / "index.html").read_text()
        edit = re.search(r'<a href="([^"]+)" title="Edit this page"', html)
        assert edit, url
        assert edit[1].endswith("/edit/main/docs/" + source), edit[1]


def test_last_updated_is_the_date_of_the_pages_last_commit(tmp_path):
    root = project_copy(tmp_path / "copy")  # its own repository, with one page committed
    when = "2020-01-02T03:04:05+00:00"
    env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    git = ["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    for args in (["init", "-q"], ["add", "docs/index.md"], ["commit", "-q", "-m", "Home"]):
        subprocess.run(git + args, check=True, env=env, capture_output=True)
    build(root, tmp_path / "out", diagrams="auto")
    home = (tmp_path / "out" / "index.html").read_text()
    assert '<time datetime="2020-01-02">January 2, 2020</time>' in home
    # A page never committed shows no date at all, rather than the day it was built.
    assert "<time datetime=" not in (tmp_path / "out" / "concepts" / "calibration" / "index.html").read_text()


def test_every_page_uses_the_sites_search_worker(site):
    import search

    worker = site.directory / search.WORKER
    assert worker.read_text().startswith("self.GUIDE_SEARCH = ")
    material = search.material_worker(
        [p.relative_to(site.directory).as_posix() for p in site.directory.rglob("*.js")])
    assert f'"worker": "{material}"' in worker.read_text()
    for html in list(site.directory.rglob("*.html")):
        text = html.read_text()
        assert "workers/search." not in text and "workers/guide-search.js" in text, html
    assert not (site.directory / search.WORKER_SOURCE).exists()  # published only as the worker


def test_a_changed_material_template_is_a_clear_error():
    import search

    with pytest.raises(search.SearchError, match="names no Material search worker"):
        search.use_worker('<script id="__config" type="application/json">{"base": "."}</script>')
    with pytest.raises(search.SearchError, match="expected one Material search worker"):
        search.material_worker(["assets/javascripts/bundle.js"])



def test_make_serve_serves_where_the_docs_say():
    """`mkdocs serve` serves under site_url's path; the Makefile points it at the root the
    README and CONTRIBUTING name (which also keeps instant navigation on)."""
    from conftest import ROOT
    serve = (ROOT / "Makefile").read_text().split("\nserve:")[1].split("\n\n")[0]
    site_url = re.search(r"SITE_URL=(\S+)", serve)[1]
    dev_addr = re.search(r"--dev-addr (\S+)", serve)[1]
    assert site_url == f"http://{dev_addr}/"
    for doc in ("README.md", "CONTRIBUTING.md"):
        said = re.findall(r"make serve .*?(http://[\d.:]+/?)", (ROOT / doc).read_text())
        assert said and all(address.rstrip("/") + "/" == site_url for address in said), doc


def test_the_404_page_offers_search_and_the_sections(site):
    page = (site.directory / "404.html").read_text()
    assert "<h1>Page not found</h1>" in page
    assert re.search(r'<label [^>]*for="__search"[^>]*>Search the guide</label>', page)
    links = re.findall(r'<li><a href="([^"]+)">', page.split('class="not-found-links"')[1])
    assert len(links) >= 5
    from urllib.parse import urlparse
    base = urlparse(site.url).path
    for link in links:  # absolute from site_url, so they work at any depth
        assert link.startswith(base), link
        assert (site.directory / link[len(base):] / "index.html").is_file(), link
