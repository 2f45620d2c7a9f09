"""No page calls a third party: every request a page makes, loading and searching, stays on the site."""

from urllib.parse import urlparse

import pytest

from tests.conftest import PAGE_KINDS, open_search


@pytest.fixture
def requests_made(browser):
    page = browser.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    yield page, seen
    page.close()


def _foreign(seen: list[str], base: str) -> list[str]:
    origin = urlparse(base).netloc
    return [url for url in seen if urlparse(url).scheme not in ("data", "blob") and urlparse(url).netloc != origin]


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_loading_a_page_requests_nothing_from_elsewhere(requests_made, site_server, kind):
    page, seen = requests_made
    page.goto(site_server + PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    assert seen and _foreign(seen, site_server) == []


def test_searching_requests_nothing_from_elsewhere(requests_made, site_server, site_engine):
    page, seen = requests_made
    open_search(page, site_server, "samskabelse")
    page.wait_for_load_state("networkidle")
    # The search really ran: Material reads its settings from search_index.json, and Pagefind its index
    # (on Zensical only Pagefind).
    assert any("search_index.json" in url for url in seen) and any("/pagefind/" in url for url in seen) \
        if site_engine == "mkdocs" else any("/pagefind/" in url for url in seen)
    assert _foreign(seen, site_server) == []
