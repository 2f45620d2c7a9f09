"""Whole-site builds: what a reader finds, and what a failed build leaves behind."""

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from scripts.check.library import load_library
from scripts.render.site_search import BUNDLE, indexed_pages
from tests.conftest import BROKEN, MINIMAL, ROOT, run_kb


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("script", "img", "iframe") and attrs.get("src"):
            self.resources.append(attrs["src"])
        # A canonical link names the page's public address; the browser loads nothing from it.
        if tag == "link" and attrs.get("href") and attrs.get("rel") != "canonical":
            self.resources.append(attrs["href"])


def parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def site_paths(site: Path, page_url: str, hrefs: list[str]) -> set[str]:
    """Internal links of a page, as site paths like 'cases/x/'."""
    found = set()
    for href in hrefs:
        target = urlparse(urljoin("http://site/" + page_url, href))
        if target.netloc == "site":
            found.add(target.path.lstrip("/"))
    return found


def page_links(site: Path, url: str) -> set[str]:
    return site_paths(site, url, parse(site / url / "index.html" if url else site / "index.html").links)


def test_every_case_is_listed_on_its_municipality_core_task_and_theme_pages(project_site):
    library, _ = load_library(ROOT / "content")
    assert library.cases, "the project has cases"
    for case in library.cases:
        url = f"cases/{case.slug}/"
        assert (project_site / url / "index.html").exists()
        assert url in page_links(project_site, "cases/")
        assert url in page_links(project_site, f"kommuner/{_slug(case.municipality)}/")
        for task in case.core_tasks:
            assert url in page_links(project_site, f"kerneopgaver/{_slug(task)}/"), (case.slug, task)
        for theme in case.themes:
            assert url in page_links(project_site, f"temaer/{_slug(theme)}/"), (case.slug, theme)


def _slug(label: str) -> str:
    from scripts.load.model import slugify
    return slugify(label)


def test_home_page_links_resolve_and_offer_the_three_ways_in(project_site):
    links = page_links(project_site, "")
    for way_in in ("kommuner/", "kerneopgaver/", "temaer/", "cases/"):
        assert way_in in links
    for path in links:
        target = project_site / path
        assert (target / "index.html").exists() if path.endswith("/") or not path else target.exists(), path
    assert 'name="q"' in (project_site / "index.html").read_text(encoding="utf-8")


def test_home_page_title_is_the_site_name_once(project_site):
    html = (project_site / "index.html").read_text(encoding="utf-8")
    assert "<title>Casebiblioteket</title>" in html


def test_pages_are_danish_and_free_of_english_chrome(project_site):
    for page in [project_site / "index.html", *project_site.glob("cases/*/index.html")]:
        html = page.read_text(encoding="utf-8")
        assert '<html lang="da"' in html, page
        assert "Made with" not in html, page


def test_no_page_loads_anything_from_another_site(project_site):
    for page in project_site.rglob("*.html"):
        for resource in parse(page).resources:
            assert not urlparse(resource).netloc, f"{page.relative_to(project_site)} loads {resource}"
        assert "fonts.googleapis" not in page.read_text(encoding="utf-8")


def test_search_index_is_danish_and_holds_every_case_first(project_site):
    entry = json.loads((project_site / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["da"]  # Danish stemming
    ranks = {page["url"]: page["filters"].get("rang") for page in indexed_pages(project_site)}
    # The search worker asks for ranks 1-3 only; a page without one (the 404 page) is never a result.
    assert [url for url, rank in ranks.items() if rank is None] == ["/404.html"]
    library, _ = load_library(ROOT / "content")
    for case in library.cases:
        assert ranks[f"/cases/{case.slug}/"] == ["1"]  # cases come first
    assert ranks["/kommuner/odder/"] == ["3"] and ranks["/"] == ["3"]  # list pages last
    assert ranks[f"/strategier/{library.strategies[0].slug}/"] == ["2"]


def test_the_hosted_site_ships_no_lunr_index_and_the_offline_copy_its_whole_one(project_site, offline_copy):
    assert json.loads((project_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"] == []
    index = (offline_copy / "search" / "search_index.js").read_text(encoding="utf-8")
    library, _ = load_library(ROOT / "content")
    assert all(f'"location":"cases/{case.slug}.html"' in index for case in library.cases)


def test_editors_review_list_stays_out_of_search(project_site):
    ranks = {page["url"]: page["filters"].get("rang") for page in indexed_pages(project_site)}
    assert ranks.get("/til-gennemgang/", ["0"]) == ["0"]  # rang 0: the search worker never asks for it
    assert (project_site / "til-gennemgang" / "index.html").is_file()


def test_cases_are_not_in_the_navigation(project_site):
    html = (project_site / "cases" / "index.html").read_text(encoding="utf-8")
    nav = html[html.index("md-sidebar--primary"):html.index("md-sidebar--secondary")]
    assert "Alle cases" in nav
    assert not re.search(r'href="cases/[a-z0-9-]+/"', nav)


def test_headings_keep_danish_letters_in_anchors(minimal_site):
    html = (minimal_site / "temaer" / "aeldrepleje" / "index.html").read_text(encoding="utf-8")
    assert 'id="tema-ældrepleje"' in html


def test_tag_chips_link_to_browse_pages(minimal_site):
    links = page_links(minimal_site, "cases/odder-test/")
    assert {"kommuner/odder/", "kerneopgaver/social-omsorg/", "temaer/aeldrepleje/"} <= links


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def previous_site(tmp_path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("forrige version", encoding="utf-8")
    return site


def test_failed_validation_leaves_the_previous_site_untouched(previous_site):
    before = _snapshot(previous_site)
    result = run_kb("--content", str(BROKEN), "build", "--site-dir", str(previous_site))
    assert result.returncode == 1
    assert "content/cases/bad-values.md:4: fejl: Feltet 'municipality'" in result.stderr
    assert "site/ er uændret" in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(previous_site) == before


def test_failed_mkdocs_build_leaves_the_previous_site_untouched(previous_site, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    case = content / "cases" / "odder-test.md"
    # Valid content whose meeting brief cannot fit on its one page (many long
    # key figures): the build fails inside MkDocs, making the PDFs, after validation passed.
    figures = "".join(f'\n  - {{figure: "{n}", measure: "{"en lang forklaring af, hvad tallet viser, " * 7}"}}'
                      for n in range(12))
    case.write_text(case.read_text(encoding="utf-8").replace('results:\n  - figure: "9"\n    measure: workshops',
                                                             "results:" + figures), encoding="utf-8")
    assert load_library(content)[0] is not None
    before = _snapshot(previous_site)
    result = run_kb("--content", str(content), "build", "--site-dir", str(previous_site))
    assert result.returncode == 1
    assert "dokumentet fylder" in result.stderr
    assert _snapshot(previous_site) == before
    assert not list((tmp_path / "build").glob("site-*")), "the staging folder is cleaned up"


def test_successful_build_replaces_the_site_whole(previous_site):
    (previous_site / "stale.html").write_text("gammel", encoding="utf-8")
    result = run_kb("--content", str(MINIMAL), "build", "--site-dir", str(previous_site))
    assert result.returncode == 0, result.stderr
    assert not (previous_site / "stale.html").exists()
    assert "Odder prøver noget nyt" in (previous_site / "cases" / "odder-test" / "index.html").read_text(encoding="utf-8")


def test_build_writes_nothing_into_content_or_the_docs_folder(tmp_path):
    watched = [ROOT / "content", ROOT / "static", ROOT / "overrides"]
    before = [_snapshot(folder) for folder in watched]
    result = run_kb("build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert [_snapshot(folder) for folder in watched] == before


def test_hook_derives_tags_allowed_from_the_vocabulary(monkeypatch):
    from mkdocs.config import load_config

    from scripts.engine import mkdocs_hooks
    from scripts.render.pages import tag_names

    monkeypatch.setenv("CASEBIBLIOTEK_CONTENT", str(MINIMAL))
    config = load_config(str(ROOT / "mkdocs.yml"))
    mkdocs_hooks.on_config(config)
    allowed = {tag.name for tag in config.plugins["material/tags"].config.tags_allowed}
    library, _ = load_library(MINIMAL)
    assert allowed == set(tag_names(library))
