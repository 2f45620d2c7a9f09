"""`make offline`: a zip of the site that works opened from the disk, search included."""

import pytest


def test_zip_holds_the_site_its_pdfs_and_the_shim_instead_of_a_cdn(offline_copy):
    assert (offline_copy / "index.html").exists()
    assert (offline_copy / "cases" / "odder-samskabt-styring.html").exists()  # plain .html files for file://
    assert (offline_copy / "pdf" / "moedekort-odder-samskabt-styring.pdf").exists()
    html = (offline_copy / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/javascripts/vendor/iframe-worker-shim.js"' in html
    assert "unpkg.com" not in html


def test_opened_from_the_disk_pages_link_and_search_works_without_any_request_elsewhere(browser, offline_copy):
    page = browser.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto((offline_copy / "index.html").as_uri())
    page.get_by_role("link", name="Efter kommune").click()
    page.wait_for_url("**/kommuner/index.html")
    page.locator(".md-search__input").fill("flygtningene")
    page.locator(".md-search__input").press("End")  # Material reads the box on keyup; a fill has none
    first = page.locator("li.md-search-result__item > a").first
    first.wait_for()
    assert first.get_attribute("href").endswith("cases/hedensted-flygtningeklasser.html?h=flygtning")
    first.click()
    page.wait_for_url("**/cases/hedensted-flygtningeklasser.html*")
    assert [url for url in seen if not url.startswith(("file://", "data:", "blob:", "about:"))] == []
    page.close()


@pytest.mark.parametrize(("query", "case"), [
    ("velfaerd", "cases/hedensted-baeredygtig-velfaerd.html"),   # ae for æ
    ("Holstbro", "cases/holstebro-investeringsmodel-voksenomraadet.html"),  # one typo
    ("hjemløsh", "cases/ikast-brande-housing-first.html"),  # half-typed
])
def test_the_copy_on_the_disk_searches_like_the_hosted_site(browser, offline_copy, query, case):
    # The same search layer runs in the search worker offline: other spellings, typos, half words.
    page = browser.new_page()
    page.goto((offline_copy / "index.html").as_uri())
    page.locator(".md-search__input").fill(query)
    page.locator(".md-search__input").press("End")  # Material reads the box on keyup; a fill has none
    page.wait_for_function("() => /\\d/.test(document.querySelector('.md-search-result__meta').textContent)")
    hrefs = page.locator("li.md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
    assert any(href.split("?")[0].endswith(case) for href in hrefs[:3]), hrefs[:3]
    page.close()
