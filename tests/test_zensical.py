"""The site built with Zensical (scripts/engine/zensical.py) against the MkDocs build: the facts that must not differ.

Both build the fixture library; Zensical must produce the same pages, PDFs,
short addresses and search files, with the project's templates applied and
a Content-Security-Policy that names every inline script the theme writes
and nothing that content could smuggle in.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.render.csp import inline_scripts, script_hash
from tests.conftest import MINIMAL


def require_zensical() -> None:
    """Zensical, or a failed test run that says how to get it (never a silent skip)."""
    from scripts.engine.zensical import ZensicalError, zensical_command

    try:
        zensical_command()
    except ZensicalError as error:
        pytest.fail(f"Zensical mangler, så Zensical-testene kan ikke køre. {error}")


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    from scripts.engine.zensical import build_with_zensical

    require_zensical()
    site = tmp_path_factory.mktemp("zensical") / "site"
    build_with_zensical(site, MINIMAL)
    return site


def files(site: Path, pattern: str) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob(pattern)}


def test_zensical_builds_the_same_pages_pdfs_and_short_addresses(zensical_site, minimal_site):
    assert files(zensical_site, "*.html") == files(minimal_site, "*.html")
    assert files(zensical_site, "*.pdf") == files(minimal_site, "*.pdf")
    assert files(zensical_site, "case-index.js") == files(minimal_site, "case-index.js")
    assert files(zensical_site, "k/*/index.html")


def test_zensical_pages_index_the_same_words(zensical_site, minimal_site):
    # The search marks survive the engine, so Pagefind and the word list read the same text.
    for folder in ("search/words",):
        ours = {name: (zensical_site / folder / name).read_text(encoding="utf-8") for name in files(zensical_site / folder, "*.json")}
        theirs = {name: (minimal_site / folder / name).read_text(encoding="utf-8") for name in files(minimal_site / folder, "*.json")}
        assert ours == theirs
    assert (zensical_site / "pagefind" / "pagefind.js").is_file()


def policy(html: str) -> str:
    found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert len(found) == 1, found
    return found[0]


def test_every_zensical_page_has_a_policy_naming_exactly_its_theme_scripts(zensical_site):
    for page in zensical_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "data-kb-csp" not in html, page
        allowed = policy(html)
        assert html.index("Content-Security-Policy") < html.index("<title>"), page
        for script in inline_scripts(html):
            assert script_hash(script) in allowed, (page, script[:80])
        assert "unsafe-inline" not in allowed


def test_a_script_smuggled_into_the_article_is_not_allowed():
    from scripts.engine.zensical import finish_policy

    theme = "<script>theme()</script>"
    page = ('<head>\n<meta http-equiv="Content-Security-Policy" data-kb-csp-pending content="default-src \'none\'">\n'
            f"<template data-kb-csp-scripts>{theme}</template>\n<title>x</title>{theme}</head>"
            "<article><script>evil()</script><template data-kb-csp-scripts><script>evil()</script></template>"
            "</article>")
    allowed = policy(finish_policy(page))
    assert script_hash("theme()") in allowed
    assert script_hash("evil()") not in allowed


def test_a_page_without_the_template_keeps_the_policy_that_allows_nothing():
    from scripts.engine.zensical import finish_policy

    page = '<meta http-equiv="Content-Security-Policy" data-kb-csp-pending content="default-src \'none\'"><title>x</title>'
    assert finish_policy(page) == page


def test_zensical_applies_the_project_templates(zensical_site, minimal_site):
    case = next(path for path in files(minimal_site, "cases/*/index.html"))
    for site in (zensical_site, minimal_site):
        html = (site / case).read_text(encoding="utf-8")
        assert 'class="kb-breadcrumbs"' in html, site
        assert '<div class="kb-case">' in html, site
        assert 'class="kb-footer-contact"' in html, site
        assert 'class="headerlink" tabindex="-1"' in html, site
        assert re.search(r'<li class="md-nav__item md-nav__item--active">\n<a href="\.\./" class="md-nav__link" aria-current="location">', html)
        assert 'data-pagefind-filter="rang:1"' in html, site
    missing = (zensical_site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Siden findes ikke</h1>" in missing
    exercise = next(iter(files(zensical_site, "oevelser/*/index.html")))
    assert '<div class="kb-case kb-exercise">' in (zensical_site / exercise).read_text(encoding="utf-8")


def test_the_command_line_builds_with_zensical_and_keeps_the_site_on_a_content_error(tmp_path):
    from tests.conftest import BROKEN, run_kb

    site = tmp_path / "site"
    result = run_kb("--content", str(MINIMAL), "build", "--engine", "zensical", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    assert "Siden er bygget med Zensical" in result.stdout
    assert (site / "index.html").is_file() and (site / "cases").is_dir()
    before = sorted(files(site, "*"))
    result = run_kb("--content", str(BROKEN), "build", "--engine", "zensical", "--site-dir", str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert sorted(files(site, "*")) == before  # the last good site stays


def test_make_passes_the_engine_to_the_command_line():
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text(encoding="utf-8")
    assert "ENGINE ?= mkdocs" in makefile
    assert "$(KB) build --engine $(ENGINE)" in makefile and "$(KB) serve --engine $(ENGINE)" in makefile


def test_the_zensical_preview_refuses_an_address_it_cannot_serve_before_building(tmp_path):
    from tests.conftest import run_kb

    result = run_kb("--content", str(MINIMAL), "serve", "--engine", "zensical", "--dev-addr", "0.0.0.0:x")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "--dev-addr skal være 127.0.0.1:<port>" in result.stderr
    assert "bygget" not in result.stdout  # refused before any build


def broken_links(site: Path) -> dict[str, list[str]]:
    """Every link in the built pages to an address of the site that has no file: {href: [pages]}."""
    import html as html_module
    from urllib.parse import unquote, urljoin, urlparse

    broken: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        for href in re.findall(r'<a\b[^>]*\bhref="([^"]*)"', page.read_text(encoding="utf-8")):
            url = urlparse(urljoin("http://site.invalid/" + relative, html_module.unescape(href)))
            if url.netloc != "site.invalid":
                continue  # another host, mailto:, or a data: address
            path = unquote(url.path).lstrip("/")
            target = site / path / "index.html" if not path or path.endswith("/") else site / path
            if not target.is_file():
                broken.setdefault(href, []).append(relative)
    return broken


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_every_link_in_the_real_library_leads_to_a_page_on_both_engines(engine, request):
    # Zensical reads a page's HTML links as relative to its Markdown file, not to its page: links in
    # case bodies (written as published addresses) once came out one folder too high there.
    site = request.getfixturevalue("zensical_project_site" if engine == "zensical" else "project_site")
    links = sum(len(re.findall(r"<a\b[^>]*\bhref=", page.read_text(encoding="utf-8"))) for page in site.rglob("*.html"))
    assert links > 1000  # the crawl saw the site's links
    assert broken_links(site) == {}
    body = (site / "cases" / "hedensted-prototyper" / "index.html").read_text(encoding="utf-8")
    assert 'href="../hedensted-familier-paa-vej/"' in body  # a link written in a case's body
