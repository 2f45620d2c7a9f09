"""Search in the Zensical build (issue 15): Zensical's own dialog, with the site's Danish search behind it.

The dialog (Ctrl+K, in a shadow root) asks the site's Pagefind worker
(workers/kb-search.js), the one the MkDocs build's search box asks: the same
folding, shorter starts, typos, ranking and missing words. A subset of
tests/test_browser_search.py's queries is run here; each fails on Zensical's
own search, which searched its search.json without any of that. Also: nothing
is fetched on a page view, the dialog speaks Danish, a title stays text, and
no request leaves the site.
"""

from __future__ import annotations

import re
import shutil
from urllib.parse import quote, urlparse

import pytest

from scripts.tools.local_server import serve
from tests.conftest import MINIMAL, ROOT
from tests.test_browser_search import COUNCIL, FAMILIES, HOLSTEBRO, HOUSING, ODDER, PROTOTYPES, VISION
from tests.test_browser_search import QUERIES as ALL_QUERIES
from tests.test_zensical import require_zensical

STATUS = "dialog [role=status]"
RESULTS = "dialog ol[role=listbox] > li > a"
ANSWERED = re.compile(r"\d|Ingen")


@pytest.fixture(scope="session")
def zensical_library(zensical_project_site):
    """The real library built with Zensical (the session's one build), served."""
    site = zensical_project_site
    with serve(site) as address:
        yield site, address


@pytest.fixture(scope="module")
def zensical_server(zensical_library):
    return zensical_library[1]


@pytest.fixture(scope="module")
def dialog_page(browser):
    page = browser.new_page()
    yield page
    page.close()


def path_of(href: str, base: str) -> str:
    return urlparse(href).path.removeprefix(urlparse(base).path)


def search_in_dialog(page, base: str, query: str, start: str = "cases/") -> None:
    """Open a page, open the dialog with Ctrl+K and type, as a reader does; wait for the answer."""
    from playwright.sync_api import expect

    page.goto(base + start)
    page.locator("dialog").wait_for(state="attached")  # Ctrl+K is the dialog's, once it is there
    page.keyboard.press("Control+k")
    box = page.locator("dialog input")
    box.wait_for()
    box.fill(query)
    expect(page.locator(STATUS)).to_have_text(ANSWERED, timeout=15000)


def result_pages(page, base: str, count: int = 3) -> list[str]:
    pages = []
    for href in page.locator(RESULTS).evaluate_all("links => links.map(a => a.href)"):
        if (path := path_of(href, base)) not in pages:
            pages.append(path)
    return pages[:count]


# The whole query table of the MkDocs build's search, on the Zensical build: the same Danish search behind
# either engine's search box.
@pytest.mark.parametrize(("query", "case"), ALL_QUERIES, ids=[query for query, _ in ALL_QUERIES])
def test_the_dialog_finds_the_case_in_the_top_three(dialog_page, zensical_server, query, case):
    search_in_dialog(dialog_page, zensical_server, query)
    found = result_pages(dialog_page, zensical_server)
    if isinstance(case, set):
        assert len(found) == 3 and set(found) <= case, found
    else:
        assert case in found, dialog_page.inner_text(STATUS)


@pytest.mark.parametrize("query", ["Ikast-Brande", "Odder", "hjemlos"])
def test_a_case_that_matches_comes_before_any_list_of_pages(dialog_page, zensical_server, query):
    search_in_dialog(dialog_page, zensical_server, query)
    assert result_pages(dialog_page, zensical_server, count=1)[0].startswith("cases/")


def test_a_themes_other_words_reach_its_cases(dialog_page, zensical_server):
    search_in_dialog(dialog_page, zensical_server, "samskabt")
    found = result_pages(dialog_page, zensical_server)
    assert found[0] == ODDER
    assert set(found[1:]) & {VISION, COUNCIL, FAMILIES, PROTOTYPES}


def test_a_result_names_the_word_it_lacks_and_not_the_one_found_in_another_spelling(dialog_page, zensical_server):
    search_in_dialog(dialog_page, zensical_server, "velfaerd xqzzy")
    first = dialog_page.locator(RESULTS).first
    assert path_of(first.get_attribute("href"), zensical_server) == VISION
    missing = first.locator("menu").inner_text()
    assert "Mangler" in missing and "xqzzy" in missing and "velfaerd" not in missing
    assert first.locator("menu del").inner_text() == "xqzzy"
    assert first.locator("h2 mark").first.inner_text().lower() == "velfærd"  # the word as the page spells it


def test_an_empty_result_says_what_to_try_and_links_the_browse_pages(dialog_page, zensical_server):
    search_in_dialog(dialog_page, zensical_server, "xqzzy")
    assert dialog_page.inner_text(STATUS) == "Ingen resultater"
    assert "Prøv et kortere ord" in dialog_page.locator(RESULTS).first.inner_text()
    links = dialog_page.locator(RESULTS).evaluate_all("links => links.map(a => a.href)")
    assert [path_of(link, zensical_server) for link in links] == ["kommuner/", "kerneopgaver/", "temaer/"]


# The dialog's layers as the reader sees them: the status line's colour, the panel it stands on and the veil
# between panel and page (both translucent), over the darkest colour of the page behind (the header).
LAYERS = """() => {
  const root = [...document.querySelectorAll('*')].map(e => e.shadowRoot).find(r => r && r.querySelector('[role=status]'));
  const status = root.querySelector('[role=status]');
  const panel = [];
  for (let e = status.parentElement; e; e = e.parentElement) {
    const background = getComputedStyle(e).backgroundColor;
    if (background !== 'rgba(0, 0, 0, 0)') panel.push(background);
  }
  const veil = [...root.querySelectorAll('*')].find(e => !e.contains(status) && getComputedStyle(e).backdropFilter !== 'none');
  return {text: getComputedStyle(status).color, panel, veil: getComputedStyle(veil).backgroundColor,
          page: getComputedStyle(document.querySelector('.md-header')).backgroundColor};
}"""


def rgba(css: str) -> tuple[float, float, float, float]:
    parts = [float(part) for part in re.findall(r"[\d.]+", css)]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def over(top: str, below: tuple[float, float, float]) -> tuple[float, float, float]:
    *colour, alpha = rgba(top)
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip(colour, below))


def luminance(colour: tuple[float, float, float]) -> float:
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in colour]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_status_line_is_legible_on_its_translucent_panel_over_the_darkest_page(dialog_page, zensical_server):
    # Zensical draws it at 54 % of the text colour: 4.6:1 over white, 4.4:1 with the header showing through,
    # and axe flagged it or not by what it found behind the panel (WCAG 1.4.3 asks 4.5:1 for 12px type).
    search_in_dialog(dialog_page, zensical_server, "xqzzy")
    layers = dialog_page.evaluate(LAYERS)
    background = over(layers["veil"], rgba(layers["page"])[:3])
    for panel in reversed(layers["panel"]):
        background = over(panel, background)
    text = over(layers["text"], background)
    lighter, darker = sorted([luminance(background), luminance(text)], reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5, layers


def test_the_dialog_speaks_danish(dialog_page, zensical_server):
    search_in_dialog(dialog_page, zensical_server, "kommunerne")
    assert dialog_page.locator("dialog input").get_attribute("placeholder") == "Søg"
    assert dialog_page.locator("dialog").get_attribute("aria-label") == "Søg"
    assert re.fullmatch(r"\d+ resultater", dialog_page.inner_text(STATUS))
    assert "Luk søgningen" in dialog_page.locator("dialog button").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('aria-label'))")


def test_the_dialog_shows_every_match_page_by_page(dialog_page, zensical_server):
    # Material's box shows the best 20 and says how many matched; the dialog fetches the next page as the
    # reader scrolls to the end of the list.
    from playwright.sync_api import expect

    search_in_dialog(dialog_page, zensical_server, "kommunerne")
    total = int(dialog_page.inner_text(STATUS).split()[0].replace(".", ""))
    assert total > 20
    results = dialog_page.locator(RESULTS)
    assert results.count() == 20
    results.last.scroll_into_view_if_needed()
    expect(results).to_have_count(min(total, 40), timeout=15000)


SEARCH_FILES = ("search.json", "/pagefind/", "/search/words/", "kb-search.js", "workers/search.")


def test_nothing_of_the_search_is_fetched_until_the_reader_searches(browser, zensical_library):
    from playwright.sync_api import expect

    site, base = zensical_library
    assert not (site / "search.json").exists()  # Zensical's index of every page's text is not published
    page = browser.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{base}cases/")
    page.wait_for_load_state("networkidle")
    assert [url for url in fetched if any(part in url for part in SEARCH_FILES)] == []
    page.locator("dialog").wait_for(state="attached")
    page.keyboard.press("Control+k")
    page.locator("dialog input").press_sequentially("velfaerd")
    expect(page.locator(STATUS)).to_have_text(ANSWERED, timeout=15000)
    assert [url for url in fetched if "/pagefind/" in url] and [url for url in fetched if "/search/words/" in url]
    assert not [url for url in fetched if "search.json" in url or "workers/search." in url]
    assert {urlparse(url).netloc for url in fetched} == {urlparse(base).netloc}  # nothing leaves the site
    page.close()


def test_a_shared_search_address_and_the_home_page_form_open_the_dialog(dialog_page, zensical_server):
    from playwright.sync_api import expect

    dialog_page.goto(f"{zensical_server}?q={quote('velfaerd')}")
    expect(dialog_page.locator(STATUS)).to_have_text(ANSWERED, timeout=15000)
    assert dialog_page.locator("dialog input").input_value() == "velfaerd"
    assert result_pages(dialog_page, zensical_server, count=1) == [VISION]
    dialog_page.goto(zensical_server)
    form = dialog_page.locator("form.kb-search")
    form.locator("input").fill("Holstbro")
    form.locator("input").press("Enter")
    expect(dialog_page.locator(STATUS)).to_have_text(ANSWERED, timeout=15000)
    assert "q=Holstbro" in dialog_page.url
    assert HOLSTEBRO in result_pages(dialog_page, zensical_server)


def test_the_keyboard_alone_searches_and_opens_a_result(dialog_page, zensical_server):
    from playwright.sync_api import expect

    dialog_page.goto(f"{zensical_server}cases/")
    dialog_page.locator("dialog").wait_for(state="attached")
    dialog_page.keyboard.press("Control+k")
    dialog_page.keyboard.type("hjemlos", delay=40)
    expect(dialog_page.locator(STATUS)).to_have_text(ANSWERED, timeout=15000)
    assert result_pages(dialog_page, zensical_server, count=1) == [HOUSING]
    dialog_page.keyboard.press("Enter")  # the first result is the selected one
    dialog_page.wait_for_url(lambda url: "ikast-brande-housing-first" in url)


HOSTILE_TITLE = 'Odder <img src=x onerror=alert(1)> prøver & "noget" <b>nyt</b>'


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """The fixture library with a case whose title is markup, built with Zensical (no PDFs: not tested here)."""
    from scripts.engine.zensical import build_with_zensical
    from scripts.render.pdf import PDF_ENV

    require_zensical()
    root = tmp_path_factory.mktemp("zensical-hostile")
    content = root / "content"
    shutil.copytree(MINIMAL, content)
    case = content / "cases" / "odder-test.md"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("title: Odder prøver noget nyt", f"title: '{HOSTILE_TITLE}'", 1), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PDF_ENV, "0")
        build_with_zensical(root / "site", content)
    with serve(root / "site") as address:
        yield address


def test_a_title_with_markup_shows_as_its_text(browser, hostile_server):
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    search_in_dialog(page, hostile_server, "prøver")
    title = page.locator(RESULTS).first.locator("h2")
    assert title.inner_text() == HOSTILE_TITLE
    assert title.locator("img, b").count() == 0
    assert "<mark>" in title.inner_html()  # the searched word is marked, by the worker's own markup only
    assert dialogs == []
    page.close()


def test_both_engines_publish_the_one_search_worker(zensical_library, project_site):
    # One search logic for both engines: the same worker file, answering each dialect.
    path = "assets/javascripts/workers/kb-search.js"
    assert (zensical_library[0] / path).read_bytes() == (project_site / path).read_bytes()
    assert (ROOT / "overrides" / path).read_bytes() == (project_site / path).read_bytes()
